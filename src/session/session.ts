import type { SqlValue } from '../wire/result.js';
import type { UserConn } from './user-resources.js';
import type { MySqlError } from '../errors/mysql-error.js';
import type { SessionStatus } from '../config/status.js';
import type { Diagnostic, SqlSession, UserVariableKind } from '../sql/context.js';

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
  database: string | null = null;
  /** Session-scope system variable values that differ from the global ones. */
  readonly variables = new Map<string, SqlValue>();
  /** User variables (`@x`), keyed lower-case as MySQL does. */
  readonly userVariables = new Map<string, SqlValue>();
  /** The result type each user variable was last assigned (SqlSession.userVariableKinds). */
  readonly userVariableKinds = new Map<string, UserVariableKind>();
  /** True while the session is in password-expired sandbox mode. */
  sandboxed = false;
  /** Closes the session's connection (KILL CONNECTION); absent for the API's sessions. */
  kill?: () => void;
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
  /** This session's status counters (SHOW SESSION STATUS). */
  readonly counters = new Map<string, number>();
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
    this.database = init.database ?? null;
    if (init.tls) this.tls = init.tls;
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
