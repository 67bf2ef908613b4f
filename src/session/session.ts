import type { SqlValue } from '../wire/result.js';
import type { AuthId } from '../accounts/account.js';
import type { UserConn } from './user-resources.js';
import type { MySqlError } from '../errors/mysql-error.js';
import type { SessionStatus } from '../config/status.js';
import type { Diagnostic, SessionConnection, SqlSession, UserVariableKind } from '../sql/context.js';

export type { Diagnostic } from '../sql/context.js';

/**
 * Per-connection SQL state: who is logged in (USER() vs CURRENT_USER()),
 * the current database, session variables, user variables, the sandbox
 * flag, the last statement's diagnostics. Created after a successful login
 * (session-layer.ts); SQL executors read and change it as a SqlSession.
 */
export class Session implements SqlSession, SessionStatus {
  /** Connection id (CONNECTION_ID(), the greeting's thread id). */
  readonly id: number;
  /** Login name as the client sent it (USER() = `${user}@${clientHost}`). */
  user: string;
  /** Client host or IP as the server sees it ('localhost' for loopback, as MySQL resolves it). */
  clientHost: string;
  /** The matched account (CURRENT_USER() = `${accountUser}@${accountHost}`). */
  accountUser: string;
  accountHost: string;
  private currentDatabase: string | null = null;
  /**
   * What changed since it was last reported to a CLIENT_SESSION_TRACK
   * client: the system variables assigned (in order), whether the current
   * schema was set, and whether the server flags a change it does not detail
   * (MariaDB's mysql.user view, see markStateChanged()).
   */
  readonly pendingState: { variables: string[]; schema: boolean; flagged: boolean } = { variables: [], schema: false, flagged: false };
  /** Session-scope system variable values that differ from the global ones. */
  readonly variables = new Map<string, SqlValue>();
  private userVariableMap: Map<string, SqlValue> | null = null;
  private userVariableKindMap: Map<string, UserVariableKind> | null = null;

  /** User variables (`@x`), keyed lower-case as MySQL does. Made on first use: an idle session that never used one holds no map. */
  get userVariables(): Map<string, SqlValue> {
    return (this.userVariableMap ??= new Map());
  }

  /** The result type each user variable was last assigned (SqlSession.userVariableKinds). Made on first use. */
  get userVariableKinds(): Map<string, UserVariableKind> {
    return (this.userVariableKindMap ??= new Map());
  }

  /** Forgets every user variable (COM_RESET_CONNECTION). */
  clearUserVariables(): void {
    this.userVariableMap = null;
    this.userVariableKindMap = null;
  }

  /** Its index in the server's process list (ProcessList), -1 when not in it. */
  slot = -1;
  /** True while the session is in password-expired sandbox mode. */
  sandboxed = false;
  /** Active roles (SqlSession.activeRoles). */
  activeRoles: AuthId[] = [];
  /** The session's connection, which KILL CONNECTION closes; absent for the API's sessions. */
  connection?: SessionConnection;
  inTransaction = false;
  lastInsertId = 0;
  /** Diagnostics of the last statement (SHOW WARNINGS). */
  diagnostics: Diagnostic[] = [];
  inheritedConditions = 0;
  /** Whether the connection is over TLS. */
  secure: boolean;
  /** Connection attributes the client sent (CLIENT_CONNECT_ATTRS). */
  attributes: Record<string, string> = {};
  /** The account's resource counters this session counts in (user-resources.ts), when its account is tracked. */
  userConn: UserConn | null = null;
  /** This session's status counters (SHOW SESSION STATUS) but Bytes_*, made by the first one counted. */
  counters: Map<string, number> | null = null;
  bytesReceived = 0;
  bytesSent = 0;
  /** The connection's TLS session (Ssl_cipher, Ssl_version), when over TLS. */
  tls?: SessionStatus['tls'];
  /** Capability flags agreed with the client. */
  capabilities: number;
  /** The handshake's collation behind character_set_results, while no SET changed it (SqlSession.resultsCollation). */
  resultsCollation?: number;

  constructor(init: {
    id: number;
    user: string;
    clientHost: string;
    accountUser: string;
    accountHost: string;
    secure: boolean;
    capabilities: number;
    database?: string | null;
    tls?: SessionStatus['tls'];
  }) {
    this.id = init.id;
    this.user = init.user;
    this.clientHost = init.clientHost;
    this.accountUser = init.accountUser;
    this.accountHost = init.accountHost;
    this.secure = init.secure;
    this.capabilities = init.capabilities;
    this.currentDatabase = init.database ?? null;
    if (init.tls) this.tls = init.tls;
  }

  /** The current schema (DATABASE()); setting it (USE, COM_INIT_DB, DROP DATABASE) is a tracked change. */
  get database(): string | null {
    return this.currentDatabase;
  }

  set database(db: string | null) {
    this.currentDatabase = db;
    this.pendingState.schema = true;
  }

  trackVariable(name: string): void {
    if (!this.pendingState.variables.includes(name)) this.pendingState.variables.push(name);
  }

  /**
   * The statement changed the session in a way the server flags
   * (SERVER_SESSION_STATE_CHANGED) and reports as the current schema: a real
   * MariaDB 10.11 does so for every statement that opens the mysql.user view.
   */
  markStateChanged(): void {
    this.pendingState.flagged = true;
    this.pendingState.schema = true;
  }

  /** Adds a condition; without `text`, SHOW WARNINGS words the error as the server's family does. */
  addNote(err: MySqlError, level: Diagnostic['level'] = 'Note', text?: string): void {
    this.diagnostics.push(text === undefined ? { level, code: err.code, message: err.message, error: err } : { level, code: err.code, message: text });
  }

  /**
   * The warning count of the OK and EOF packets, @@warning_count and SHOW
   * COUNT(*) WARNINGS: every condition of the last statement, 'Error' level
   * included. MariaDB and MySQL (5.x Warning_info::push_warning, 8.x
   * Diagnostics_area::push_warning / warn_count in sql/sql_error.cc) count
   * every severity; e.g. MariaDB's ALTER USER IF EXISTS leaves Error 1133 +
   * Note 1396: count 2.
   */
  warningCount(): number {
    return this.diagnostics.length;
  }

  /** The warning count of this statement's OK or EOF packet: its own conditions, not the ones it inherited. */
  statementWarningCount(): number {
    return this.diagnostics.length - this.inheritedConditions;
  }

  /** @@error_count and SHOW COUNT(*) ERRORS: the 'Error' conditions only. */
  errorCount(): number {
    return this.diagnostics.filter((d) => d.level === 'Error').length;
  }
}
