/**
 * What the SQL layer sees of the world: a narrow view of the server
 * instance (SqlServer), of the session running the statement (SqlSession),
 * and the shape of a catalog table (TableProvider). The session layer's
 * SqlSession and the composition root's instance satisfy these structurally;
 * sql/ never imports session/, protocol/ or server/.
 */
import type { Logger } from 'pino';
import type { AuthId } from '../accounts/account.js';
import type { AccountStore } from '../accounts/store.js';
import type { Directory } from '../accounts/directory.js';
import type { ValidatePasswordComponent } from '../accounts/validate-password.js';
import type { Clock } from '../clock.js';
import type { Profile } from '../config/profiles.js';
import type { ServerStatus, SessionStatus } from '../config/status.js';
import type { SystemVariables, VariableSession } from '../config/variables.js';
import type { MySqlError } from '../errors/mysql-error.js';
import type { ColumnDef, SqlValue } from '../wire/result.js';

/** A warning or note, as SHOW WARNINGS lists it. */
export interface Diagnostic {
  level: 'Note' | 'Warning' | 'Error';
  code: number;
  /** The text as given; when `error` is set, SHOW WARNINGS words it for the server's family instead. */
  message: string;
  error?: MySqlError;
}

/** A session's client connection as KILL CONNECTION sees it (protocol/connection.ts Connection). */
export interface SessionConnection {
  close(): void;
}

/** The session a statement runs in. */
export interface SqlSession extends VariableSession, SessionStatus {
  /** The statement opened a view: MariaDB flags a session state change (Session.markStateChanged()). */
  markStateChanged?(): void;
  /** Connection id (CONNECTION_ID()). */
  readonly id: number;
  /** Login name as the client sent it (USER() = `${user}@${clientHost}`). */
  user: string;
  /** Client host or IP as the server sees it. */
  clientHost: string;
  /** The matched account (CURRENT_USER() = `${accountUser}@${accountHost}`). */
  accountUser: string;
  accountHost: string;
  database: string | null;
  /** User variables (`@x`), keyed lower-case. */
  readonly userVariables: Map<string, SqlValue>;
  /** The result type each user variable was last assigned (MySQL's INT, DECIMAL, REAL or STRING result), keyed as userVariables. */
  readonly userVariableKinds?: Map<string, UserVariableKind>;
  /** In password-expired sandbox mode. */
  sandboxed: boolean;
  /**
   * The session's active roles (Security_context::m_active_roles), in the
   * order they were activated: MySQL's SET ROLE / default roles at login,
   * MariaDB's one role of SET ROLE. Absent or empty: none.
   */
  activeRoles?: AuthId[];
  /** The session's connection, which KILL CONNECTION closes; absent for a session without one (the API's). */
  connection?: SessionConnection;
  inTransaction: boolean;
  /** Diagnostics of the last statement (SHOW WARNINGS). */
  diagnostics: Diagnostic[];
  /**
   * How many of `diagnostics` a statement that reads them (SHOW WARNINGS,
   * @@warning_count) inherited from the one before: they are not its own, so
   * its OK/EOF packet does not count them (current_statement_cond_count()).
   */
  inheritedConditions: number;
  /** Over TLS. */
  secure: boolean;
  /** Connection attributes (CLIENT_CONNECT_ATTRS). */
  attributes: Record<string, string>;
  /** Capability flags agreed with the client. */
  capabilities: number;
  /**
   * The collation character_set_results stands for when it is not its
   * charset's default: the handshake's collation (thd_init_client_charset
   * sets character_set_results to it, e.g. utf8mb4_unicode_ci, 224). Any
   * later assignment of character_set_results (SET NAMES, SET CHARACTER SET)
   * clears it.
   */
  resultsCollation?: number;
  addNote(err: MySqlError, level?: Diagnostic['level'], text?: string): void;
}

/** What a user variable holds: Item_result of the value it was assigned. */
export type UserVariableKind = 'int' | 'decimal' | 'real' | 'string';

/** A column of a catalog table; `enumValues` makes ORDER BY sort an ENUM by member index. */
export type TableColumn = ColumnDef & { enumValues?: readonly string[] };

/** What a catalog table's rows are computed for. */
export interface TableContext {
  session: SqlSession;
  server: SqlServer;
  /** Schemas this session may see (SHOW DATABASES rules). */
  visibleDatabases(): Promise<string[]>;
}

/** One table of the catalog: its schema, name, columns and rows. */
export interface TableProvider {
  /** Schema name as MySQL spells it ('mysql', 'information_schema'). */
  readonly schema: string;
  readonly name: string;
  readonly columns: readonly TableColumn[];
  /**
   * A view (MariaDB's mysql.user): a selected column is named as the view
   * names it (`User`), not as the query wrote it (`user`); an alias still
   * wins and an expression keeps its text. Tables name columns as written.
   */
  readonly viewColumnNames?: boolean;
  /**
   * `lookup`: values the query's WHERE requires of some columns (see
   * RowsLookup); a source may leave out rows that cannot match them.
   */
  rows(ctx: TableContext, lookup?: RowsLookup): readonly SqlValue[][] | Promise<readonly SqlValue[][]>;
}

/**
 * Constant equalities a query's WHERE puts on one table (`TABLE_SCHEMA =
 * 'mysql' AND TABLE_NAME = 'user'`): lower-case column name -> the string
 * compared with. Only a hint, as MySQL's information_schema lookup keys
 * are: a source may skip rows whose column differs from the value even
 * case-insensitively, and the query still applies its whole WHERE.
 */
export type RowsLookup = ReadonlyMap<string, string>;

/** Every table the server shows, by schema and name (sql/catalog/ builds it). */
export interface Catalog {
  find(schema: string, name: string): TableProvider | undefined;
  /** Whether the server has this stored function (the sys schema's, ...). */
  hasFunction?(schema: string, name: string): boolean;
  /** Tables of one schema, sorted by name (SHOW TABLES). */
  tablesIn(schema: string): TableProvider[];
}

/** Per-server state of the builtin functions (GET_LOCK's locks, UUID_SHORT's counter, UUID()'s node and clock). */
export interface ServerFunctionState {
  locks: Map<string, { owner: number; count: number }>;
  uuidShort: bigint;
  uuidNode: Buffer;
  uuidClockSeq: number;
  lastUuidTime: bigint;
}

/** The server instance as SQL statements see it. */
export interface SqlServer {
  /** What the builtin functions keep per server (user-level locks, UUID counters): made on first use, owned by the instance. */
  functionState?: ServerFunctionState;
  readonly profile: Profile;
  readonly clock: Clock;
  readonly variables: SystemVariables;
  readonly accounts: AccountStore;
  /** Schema names (case-sensitive, as on Linux). */
  readonly databases: Set<string>;
  readonly logger: Logger;
  /** Server authentication plugins loaded and enabled. */
  readonly authPlugins?: ReadonlySet<string>;
  /** The emulated LDAP directory (authentication_ldap_simple). */
  readonly directory?: Directory;
  /** Open sessions by connection id (SHOW PROCESSLIST). */
  /** The open sessions (the process list): by connection id, their number, all of them (a snapshot). */
  readonly sessions: { readonly size: number; get(id: number): SqlSession | undefined; has(id: number): boolean; values(): SqlSession[] };
  readonly catalog: Catalog;
  /** The validate_password component (installed or not). */
  readonly validatePassword: ValidatePasswordComponent;
  /** Status variables (SHOW STATUS, performance_schema.global_status). */
  readonly status: ServerStatus;
  /** The per-account resource counters (session/user-resources.ts) that account statements reset. */
  readonly userConnections?: ResourceCounters;
}

/** reset_mqh(): what CREATE USER, ALTER USER ... WITH, FLUSH PRIVILEGES and FLUSH USER_RESOURCES do to the per-hour counters. */
export interface ResourceCounters {
  resetAccount(user: string, host: string): void;
  resetAll(): void;
}
