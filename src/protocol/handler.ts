/**
 * The two seams of the protocol layer, as Vitess's go/mysql talks to its
 * engine through a Handler: the login decision (auth/, called directly) and
 * the session handler below. protocol/ encodes and decodes; what a command
 * means is the session layer's. The composition root (server/instance.ts)
 * hands a SessionFactory to each connection.
 */
import type { SessionStatus } from '../config/status.js';
import type { MySqlError } from '../errors/mysql-error.js';
import type { SessionStateChange } from '../wire/packets.js';
import type { ColumnDef, OutcomeSink, SqlValue, StatementOutcome } from '../wire/result.js';

/** What a successful login establishes for a new session. */
export interface SessionOpening {
  /** Connection id (the greeting's thread id). */
  id: number;
  /** Login name as the client sent it. */
  user: string;
  /** The client host as the server names it. */
  clientHost: string;
  /** The account the login matched. */
  accountUser: string;
  accountHost: string;
  /** Over TLS. */
  secure: boolean;
  /** Capability flags agreed with the client. */
  capabilities: number;
  /** Connection attributes (CLIENT_CONNECT_ATTRS). */
  attributes: Record<string, string>;
  /** The collation id the client's handshake response asked for (its character set byte; 0 when none). */
  collation: number;
  /** Starts in password-expired sandbox mode. */
  sandboxed: boolean;
  /** This connection, which KILL CONNECTION from any session closes. */
  connection?: { close(): void };
  /** The connection's TLS session (Ssl_cipher, Ssl_version), when over TLS. */
  tls?: SessionStatus['tls'];
  /**
   * For a new connection (COM_CONNECT, not COM_CHANGE_USER): the server's
   * connections now, this one included, which max_connections bounds for
   * accounts without CONNECTION_ADMIN or SUPER.
   */
  connections?: number;
}

/** A statement prepared by COM_STMT_PREPARE: what the client is told, and an opaque plan. */
export interface PreparedPlan {
  paramCount: number;
  /** Result columns when they are known before execution; null otherwise. */
  columns: readonly ColumnDef[] | null;
}

/** One logged-in session, as the command loop drives it. */
/** What sessionState() reports: the changes to send, and whether the flag is due without them. */
export interface SessionStateReport {
  readonly changes: readonly SessionStateChange[];
  readonly flagged: boolean;
}

export interface SessionHandle {
  readonly id: number;
  /** The session's status counters (Bytes_*, Com_stmt_*). */
  readonly status: SessionStatus;
  /** The login's password is expired: from now on only the sandbox's commands and statements run. */
  enterSandbox(): void;
  /** The sandbox gate for COM_* commands: false is answered with 1820. */
  allowsCommand(command: number): boolean;
  /**
   * COM_QUERY: one outcome per statement, stopping after the first error;
   * synchronously when no statement had to wait. With a sink, each outcome
   * goes to it as its statement ends (and none is returned).
   */
  query(sql: string, multiStatements: boolean, sink?: OutcomeSink): StatementOutcome[] | Promise<StatementOutcome[]>;
  /** COM_STMT_PREPARE; throws (or rejects with) the MySqlError to send. A long text resolves in a later event-loop turn. */
  prepare(sql: string): PreparedPlan | Promise<PreparedPlan>;
  /** COM_STMT_EXECUTE of a plan prepare() returned. */
  execute(plan: PreparedPlan, params: readonly SqlValue[]): Promise<StatementOutcome>;
  /** USE db (COM_INIT_DB, the handshake's database): the error, if any. */
  useDatabase(database: string): Promise<MySqlError | null>;
  /** COM_RESET_CONNECTION: session variables, user variables, diagnostics, transaction. */
  reset(): void;
  /** For the status flags of OK/EOF packets. */
  readonly autocommit: boolean;
  readonly inTransaction: boolean;
  /** The warning count of OK/EOF packets (every condition of the last statement). */
  warningCount(): number;
  /**
   * Session state changes to report (CLIENT_SESSION_TRACK), in the server's
   * order, and whether SERVER_SESSION_STATE_CHANGED is due without them
   * (MariaDB's view read, which it flags for every client).
   */
  sessionState(): SessionStateReport;
  /** The changes were reported, or the command ended for a client that does not track them. */
  clearSessionState(): void;
  /** A system variable as @@name reads it: the session value, or the global one for global-only variables (max_prepared_stmt_count). */
  variable(name: string): SqlValue;
  /** The session ends (COM_QUIT, close, COM_CHANGE_USER): it leaves the process list. */
  close(): void;
}

/** Opens sessions for logins; counts them for COM_STATISTICS. */
export interface SessionFactory {
  open(opening: SessionOpening): SessionHandle;
  /** Open sessions (Threads_connected). */
  readonly openCount: number;
}
