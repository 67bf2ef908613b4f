/**
 * Per-account resource limits (MySQL: sql_connect.cc USER_CONN,
 * get_or_create_user_conn(), check_for_max_user_connections(), check_mqh(),
 * reset_mqh()): MAX_USER_CONNECTIONS and the global max_user_connections
 * (concurrent sessions), MAX_CONNECTIONS_PER_HOUR, MAX_QUERIES_PER_HOUR and
 * MAX_UPDATES_PER_HOUR. One UserConnections per server; each session that
 * logged in to an account with a limit (or while max_user_connections is
 * set) holds that account's UserConn until it closes.
 */
import type { Account } from '../accounts/account.js';
import type { Profile } from '../config/profiles.js';
import { mysqlError } from '../errors/mysql-error.js';
import type { Statement } from '../sql/parse/ast.js';

/** One hour in milliseconds: the window of the per-hour counters (time_out_user_resource_limits()). */
export const RESOURCE_WINDOW_MS = 3_600_000;

/** The counters of one account (USER_CONN), keyed by its user and host. */
export interface UserConn {
  readonly user: string;
  readonly host: string;
  /** Sessions open now. */
  connections: number;
  /** Statements, connections and data-changing statements in the current window. */
  questions: number;
  updates: number;
  connPerHour: number;
  /** When the window started, on the server's clock (ms). */
  resetAt: number;
}

/** The limits that make MySQL track an account (USER_RESOURCES). */
type Limits = Pick<Account, 'user' | 'host' | 'maxQuestions' | 'maxUpdates' | 'maxConnections' | 'maxUserConnections'>;

export class UserConnections {
  private readonly byAccount = new Map<string, UserConn>();

  /**
   * The login of a session to `account` at `now` (ms): attaches its UserConn and
   * counts the connection when the account has a limit or
   * `maxUserConnections` (the global, 0 = none) is set; null when nothing is
   * tracked. Throws, with nothing counted:
   * - 1203 ER_TOO_MANY_USER_CONNECTIONS when the global limit is exceeded and
   *   the account has no MAX_USER_CONNECTIONS of its own;
   * - 1226 ER_USER_LIMIT_REACHED 'max_user_connections' or
   *   'max_connections_per_hour'.
   */
  connect(account: Limits, maxUserConnections: number, now: number): UserConn | null {
    const limited = account.maxQuestions || account.maxUpdates || account.maxConnections || account.maxUserConnections;
    if (!limited && !maxUserConnections) return null;
    const key = `${account.user}\0${account.host}`;
    let uc = this.byAccount.get(key);
    if (!uc) {
      uc = { user: account.user, host: account.host, connections: 0, questions: 0, updates: 0, connPerHour: 0, resetAt: now };
      this.byAccount.set(key, uc);
    }
    uc.connections++;
    if (account.maxConnections || account.maxUserConnections || maxUserConnections) {
      try {
        checkConnection(uc, account, maxUserConnections, now);
      } catch (err) {
        this.release(uc, account);
        throw err;
      }
    }
    return uc;
  }

  /** A session of `uc` closed (release_user_connection()); the counters stay while per-hour limits need them. */
  release(uc: UserConn, account: Limits | undefined): void {
    uc.connections--;
    const perHour = account && (account.maxQuestions || account.maxUpdates || account.maxConnections);
    if (uc.connections <= 0 && !perHour) this.byAccount.delete(`${uc.user}\0${uc.host}`);
  }

  /** reset_mqh() for GRANT / ALTER USER / CREATE USER of one account: its per-hour counters start over. */
  resetAccount(user: string, host: string): void {
    const uc = this.byAccount.get(`${user}\0${host}`);
    if (uc) uc.questions = uc.updates = uc.connPerHour = 0;
  }

  /** reset_mqh() for FLUSH PRIVILEGES and FLUSH USER_RESOURCES: every account's per-hour counters start over. */
  resetAll(): void {
    for (const uc of this.byAccount.values()) uc.questions = uc.updates = uc.connPerHour = 0;
  }
}

/** check_for_max_user_connections(): the concurrent and per-hour connection limits. */
function checkConnection(uc: UserConn, account: Limits, maxUserConnections: number, now: number): void {
  if (maxUserConnections && !account.maxUserConnections && maxUserConnections < uc.connections) {
    throw mysqlError('ER_TOO_MANY_USER_CONNECTIONS', uc.user);
  }
  timeOut(uc, now);
  if (account.maxUserConnections && account.maxUserConnections < uc.connections) {
    throw mysqlError('ER_USER_LIMIT_REACHED', uc.user, 'max_user_connections', account.maxUserConnections);
  }
  if (account.maxConnections && account.maxConnections <= uc.connPerHour) {
    throw mysqlError('ER_USER_LIMIT_REACHED', uc.user, 'max_connections_per_hour', account.maxConnections);
  }
  uc.connPerHour++;
}

/**
 * check_mqh(): a statement of a session holding `uc`, before it runs.
 * Counts it (and, when `changesData`, as an update: CF_CHANGES_DATA) against
 * the account's per-hour limits; throws 1226 naming the limit as `names`
 * says once it is passed.
 */
export function checkStatementLimits(
  uc: UserConn,
  account: Limits | undefined,
  changesData: boolean,
  now: number,
  names: Profile['statementLimitNames'],
): void {
  if (!account) return;
  timeOut(uc, now);
  if (account.maxQuestions) {
    uc.questions++;
    if (uc.questions - 1 >= account.maxQuestions) {
      throw mysqlError('ER_USER_LIMIT_REACHED', uc.user, names.questions, account.maxQuestions);
    }
  }
  if (changesData && account.maxUpdates) {
    uc.updates++;
    if (uc.updates - 1 >= account.maxUpdates) {
      throw mysqlError('ER_USER_LIMIT_REACHED', uc.user, names.updates, account.maxUpdates);
    }
  }
}

/** time_out_user_resource_limits(): a new window once an hour has passed (questions restarts at 1, as in MySQL). */
function timeOut(uc: UserConn, now: number): void {
  if (now - uc.resetAt >= RESOURCE_WINDOW_MS) {
    uc.questions = 1;
    uc.updates = 0;
    uc.connPerHour = 0;
    uc.resetAt = now;
  }
}

/** Statement kinds that change data (sql_parse.cc: CF_CHANGES_DATA), counted against MAX_UPDATES_PER_HOUR. */
const CHANGES_DATA: ReadonlySet<string> = new Set([
  'createUser', 'alterUser', 'dropUser', 'renameUser', 'setPassword', 'grant', 'grantRole', 'revoke', 'revokeRole',
  'createDatabase', 'dropDatabase', 'installComponent', 'uninstallComponent', 'update', 'delete',
]);

/** The leading words of statements the emulator does not run that change data in MySQL (INSERT, CREATE TABLE, ...). */
const CHANGES_DATA_LEADERS: ReadonlySet<string> = new Set([
  'INSERT', 'REPLACE', 'DELETE', 'UPDATE', 'TRUNCATE', 'LOAD', 'IMPORT', 'RENAME', 'CREATE', 'ALTER', 'DROP', 'GRANT', 'REVOKE',
  'INSTALL', 'UNINSTALL', 'OPTIMIZE',
]);

/** Whether MySQL counts `stmt` as an update (CF_CHANGES_DATA). */
export function changesData(stmt: Statement): boolean {
  if (stmt.kind === 'unsupported') return CHANGES_DATA_LEADERS.has(stmt.name.split(' ')[0] ?? '');
  return CHANGES_DATA.has(stmt.kind);
}
