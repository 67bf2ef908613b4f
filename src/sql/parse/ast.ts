/** Typed syntax tree produced by parser.ts. */
import type { PasswordExpireOption } from '../../accounts/account.js';
import type { SqlValue } from '../../wire/result.js';

// ---------------------------------------------------------------- expressions

export type LiteralKind = 'int' | 'decimal' | 'float' | 'string' | 'null' | 'hex' | 'bits' | 'bool';

export interface LiteralExpr {
  kind: 'literal';
  literal: LiteralKind;
  value: SqlValue;
  /** Charset named by an introducer (`_utf8mb4'x'`, `_binary'x'`). */
  charset?: string;
  /** A float literal as written (`1e3`): its display length is its text's. */
  text?: string;
}
export interface ParamExpr {
  kind: 'param';
  /** 0-based position among the statement's `?` markers. */
  index: number;
}
export interface ColumnExpr {
  kind: 'column';
  schema?: string;
  table?: string;
  name: string;
}
export interface StarExpr {
  kind: 'star';
  table?: string;
}
export type VariableScope = 'global' | 'session' | 'default';
export interface SysVarExpr {
  kind: 'sysVar';
  name: string;
  scope: VariableScope;
}
export interface UserVarExpr {
  kind: 'userVar';
  name: string;
}
export interface UnaryExpr {
  kind: 'unary';
  op: '-' | '+' | 'NOT' | '!' | '~' | 'BINARY';
  arg: Expr;
}
export type BinaryOp =
  | '+' | '-' | '*' | '/' | 'DIV' | '%'
  | '=' | '<=>' | '<>' | '<' | '<=' | '>' | '>='
  | 'AND' | 'OR' | 'XOR'
  | '&' | '|' | '^' | '<<' | '>>';
export interface BinaryExpr {
  kind: 'binary';
  op: BinaryOp;
  left: Expr;
  right: Expr;
}
export interface IsExpr {
  kind: 'is';
  arg: Expr;
  not: boolean;
  test: 'NULL' | 'TRUE' | 'FALSE' | 'UNKNOWN';
}
export interface InExpr {
  kind: 'in';
  arg: Expr;
  list: Expr[];
  not: boolean;
}
export interface BetweenExpr {
  kind: 'between';
  arg: Expr;
  low: Expr;
  high: Expr;
  not: boolean;
}
export interface LikeExpr {
  kind: 'like';
  arg: Expr;
  pattern: Expr;
  escape?: Expr;
  not: boolean;
}
export interface RegexpExpr {
  kind: 'regexp';
  arg: Expr;
  pattern: Expr;
  not: boolean;
}
export interface CaseExpr {
  kind: 'case';
  operand?: Expr;
  whens: { when: Expr; then: Expr }[];
  else?: Expr;
}
/** Function call or aggregate. `name` is upper case. */
export interface CallExpr {
  kind: 'call';
  name: string;
  /** db.name(...): a stored function of that schema, never a builtin. */
  schema?: string;
  /** The name as written, for error messages. */
  written?: string;
  args: Expr[];
  /** COUNT(*) */
  star?: boolean;
  distinct?: boolean;
  /** GROUP_CONCAT(... ORDER BY ... SEPARATOR 'x') */
  orderBy?: OrderItem[];
  separator?: string;
}
export interface IntervalExpr {
  kind: 'interval';
  value: Expr;
  /** Upper-case unit: DAY, HOUR, DAY_SECOND... */
  unit: string;
}
export interface CastExpr {
  kind: 'cast';
  arg: Expr;
  to: CastType;
}
export interface CastType {
  name: 'CHAR' | 'BINARY' | 'SIGNED' | 'UNSIGNED' | 'DECIMAL' | 'DATE' | 'DATETIME' | 'TIME' | 'JSON' | 'DOUBLE' | 'FLOAT';
  length?: number;
  scale?: number;
  charset?: string;
  /** A typed literal (DATE '...', TIME '...', TIMESTAMP '...'), not a CAST: NOT NULL, with the literal's fractional digits. */
  literal?: boolean;
  /** CONVERT(x USING charset): a character set conversion (Item_func_conv_charset), not a CAST. */
  using?: boolean;
}
/** `(a, b, ...)`: a row constructor; only comparisons take it apart, elsewhere it is 1241. */
export interface RowExpr {
  kind: 'row';
  items: Expr[];
}
/** `expr COLLATE name` */
export interface CollateExpr {
  kind: 'collate';
  arg: Expr;
  collation: string;
}

export type Expr =
  | LiteralExpr
  | ParamExpr
  | ColumnExpr
  | StarExpr
  | SysVarExpr
  | UserVarExpr
  | UnaryExpr
  | BinaryExpr
  | IsExpr
  | InExpr
  | BetweenExpr
  | LikeExpr
  | RegexpExpr
  | CaseExpr
  | CallExpr
  | IntervalExpr
  | CastExpr
  | CollateExpr
  | RowExpr
  | SubqueryExpr
  | ExistsExpr
  | InSubqueryExpr
  | QuantifiedExpr;

/** `(SELECT ...)` used as a value: one column, at most one row (1241, 1242). */
export interface SubqueryExpr {
  kind: 'subquery';
  query: QueryExpr;
}
/** `[NOT] EXISTS (SELECT ...)` */
export interface ExistsExpr {
  kind: 'exists';
  query: QueryExpr;
  not: boolean;
}
/** `x [NOT] IN (SELECT ...)`, with MySQL's NULL rules. */
export interface InSubqueryExpr {
  kind: 'inSubquery';
  arg: Expr;
  query: QueryExpr;
  not: boolean;
}
/** `x op ANY|SOME|ALL (SELECT ...)` */
export interface QuantifiedExpr {
  kind: 'quantified';
  op: '=' | '<>' | '<' | '<=' | '>' | '>=' | '<=>';
  arg: Expr;
  quantifier: 'ANY' | 'ALL';
  query: QueryExpr;
}

// ---------------------------------------------------------------- SELECT

export interface SelectItem {
  expr: Expr;
  alias?: string;
  /** The item's source text, MySQL's default column name. */
  text: string;
}
export interface OrderItem {
  expr: Expr;
  desc: boolean;
}
export interface TableRef {
  schema?: string;
  name: string;
  alias?: string;
}
/** A table in FROM. */
export interface FromTable extends TableRef {
  kind: 'table';
}
/** `(SELECT ...) [AS] alias [(col, ...)]` in FROM. */
export interface FromDerived {
  kind: 'derived';
  query: QueryExpr;
  alias: string;
  columns?: string[];
}
/** A join of two FROM items. `comma` is the old `a, b` form (a cross join that binds weaker than JOIN). */
export interface FromJoin {
  kind: 'join';
  join: 'inner' | 'left' | 'right' | 'cross' | 'comma';
  natural: boolean;
  left: FromItem;
  right: FromItem;
  on?: Expr;
  using?: string[];
}
export type FromItem = FromTable | FromDerived | FromJoin;

export interface SelectStmt {
  kind: 'select';
  distinct: boolean;
  items: SelectItem[];
  /** The FROM clause as one join tree (comma lists are 'comma' joins); absent for no FROM / FROM DUAL. */
  from?: FromItem;
  where?: Expr;
  groupBy?: Expr[];
  having?: Expr;
  orderBy?: OrderItem[];
  limit?: { count: Expr; offset?: Expr };
  /** FOR UPDATE / FOR SHARE / LOCK IN SHARE MODE (tolerated: nothing is locked). */
  locking?: boolean;
  /** SELECT ... INTO @a, @b: the user variables (lower case) that take the single row. */
  into?: string[];
}
/**
 * A query expression that is not a plain SELECT: UNION operands (each a
 * SELECT or a parenthesised query expression) with an ORDER BY / LIMIT over
 * the result, or one parenthesised query with its own ORDER BY / LIMIT.
 */
export interface UnionStmt {
  kind: 'union';
  operands: QueryExpr[];
  /** Between operand i and i+1: true for UNION [DISTINCT], false for UNION ALL. */
  distinct: boolean[];
  orderBy?: OrderItem[];
  limit?: { count: Expr; offset?: Expr };
}
export type QueryExpr = SelectStmt | UnionStmt;

// ---------------------------------------------------------------- SET / SHOW / misc

export type SetScope = 'global' | 'session' | 'persist' | 'persist_only' | 'default';
export type SetAssignment =
  | { target: 'system'; name: string; scope: SetScope; value: Expr | 'DEFAULT' }
  | { target: 'user'; name: string; value: Expr }
  | { target: 'names'; charset: string | 'DEFAULT'; collation?: string }
  | { target: 'charset'; charset: string | 'DEFAULT' };
export interface SetStmt {
  kind: 'set';
  assignments: SetAssignment[];
}
export interface SetTransactionStmt {
  kind: 'setTransaction';
  scope: 'global' | 'session' | 'next';
  isolation?: 'READ UNCOMMITTED' | 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';
  readOnly?: boolean;
}

export type ShowWhat =
  | 'variables'
  | 'status'
  | 'databases'
  | 'warnings'
  | 'errors'
  | 'countWarnings'
  | 'countErrors'
  | 'engines'
  | 'charset'
  | 'collation'
  | 'plugins'
  | 'tables'
  | 'processlist'
  /** SHOW [FULL] COLUMNS|FIELDS FROM tbl [FROM db] */
  | 'columns'
  /** SHOW INDEX|INDEXES|KEYS FROM tbl [FROM db] */
  | 'index'
  | 'createTable'
  | 'createView'
  | 'createDatabase'
  | 'createProcedure'
  | 'createFunction'
  | 'createTrigger'
  | 'createEvent'
  | 'tableStatus'
  | 'openTables'
  | 'procedureStatus'
  | 'functionStatus'
  | 'triggers'
  | 'events'
  | 'privileges'
  | 'profiles'
  /** SHOW BINARY LOG STATUS (8.4) / SHOW MASTER STATUS (8.0 and older, MariaDB) */
  | 'binaryLogStatus'
  /** SHOW BINARY LOGS / SHOW MASTER LOGS */
  | 'binaryLogs'
  /** SHOW REPLICA STATUS / SHOW SLAVE STATUS */
  | 'replicaStatus'
  /** SHOW REPLICAS / SHOW SLAVE HOSTS */
  | 'replicas';
export interface ShowStmt {
  kind: 'show';
  what: ShowWhat;
  scope?: 'global' | 'session';
  full?: boolean;
  like?: string;
  where?: Expr;
  /** SHOW TABLES FROM db, SHOW COLUMNS FROM t FROM db, ... */
  database?: string;
  /** SHOW COLUMNS / INDEX / CREATE TABLE: the table, optionally schema-qualified (`db.t`). */
  table?: { schema?: string; name: string };
  /** SHOW CREATE DATABASE / PROCEDURE / ...: the object's name (and schema). */
  object?: { schema?: string; name: string };
  /** SHOW CREATE DATABASE IF NOT EXISTS */
  ifNotExists?: boolean;
  /** The words as written (SHOW MASTER STATUS vs SHOW BINARY LOG STATUS), for profile grammar and errors. */
  words?: string;
  limit?: { count: Expr; offset?: Expr };
}
export interface UseStmt {
  kind: 'use';
  database: string;
}
/** ANALYZE [NO_WRITE_TO_BINLOG | LOCAL] TABLE t [, t] ... */
export interface AnalyzeStmt {
  kind: 'analyze';
  tables: { schema?: string; name: string }[];
}
/** KILL [CONNECTION | QUERY] id */
export interface KillStmt {
  kind: 'kill';
  query: boolean;
  id: Expr;
}
/** DO expr [, expr] ...: evaluates and discards. */
export interface DoStmt {
  kind: 'do';
  exprs: Expr[];
}
export interface TransactionStmt {
  kind: 'transaction';
  action: 'begin' | 'commit' | 'rollback';
}
/** A valid MySQL statement we do not execute (answered with 1235). */
export interface UnsupportedStmt {
  kind: 'unsupported';
  name: string;
  /** Its first two words, upper case ('SET', 'PASSWORD'): what the sandbox gate judges it by. */
  leader?: string[];
}

// ---------------------------------------------------------------- account statements

export type UserSpec =
  /** `hostOmitted`: written without @host (the host is '%'; MariaDB's ALTER USER names such an account without it). */
  | { kind: 'account'; user: string; host: string; hostOmitted?: true }
  | { kind: 'currentUser' }
  /** USER(), only in ALTER USER USER() ... */
  | { kind: 'sessionUser' };

export type AuthOption =
  | { type: 'password'; password: string }
  | { type: 'randomPassword' }
  | { type: 'plugin'; plugin: string }
  | { type: 'pluginPassword'; plugin: string; password: string }
  | { type: 'pluginRandomPassword'; plugin: string }
  | { type: 'pluginHash'; plugin: string; hash: string };

export interface UserAuth {
  user: UserSpec;
  auth?: AuthOption;
  /** REPLACE 'current' */
  replace?: string;
  retainCurrentPassword?: boolean;
  discardOldPassword?: boolean;
}

export type TlsRequirement =
  | { type: 'NONE' }
  | { type: 'SSL' }
  | { type: 'X509' }
  | { type: 'SPECIFIED'; cipher?: string; issuer?: string; subject?: string };

export interface ResourceLimits {
  maxQueriesPerHour?: number;
  maxUpdatesPerHour?: number;
  maxConnectionsPerHour?: number;
  maxUserConnections?: number;
}

export interface AccountOptions {
  defaultRoles?: UserSpec[] | 'NONE' | 'ALL';
  require?: TlsRequirement;
  resources?: ResourceLimits;
  /** PASSWORD EXPIRE (immediately) | DEFAULT | NEVER | INTERVAL n DAY */
  passwordExpire?: PasswordExpireOption;
  passwordHistory?: 'DEFAULT' | number;
  passwordReuseInterval?: 'DEFAULT' | number;
  passwordRequireCurrent?: 'REQUIRED' | 'DEFAULT' | 'OPTIONAL';
  failedLoginAttempts?: number;
  passwordLockTime?: number | 'UNBOUNDED';
  accountLocked?: boolean;
  comment?: string;
  attribute?: string;
}

export interface CreateUserStmt {
  kind: 'createUser';
  ifNotExists: boolean;
  users: UserAuth[];
  options: AccountOptions;
}
export interface AlterUserStmt {
  kind: 'alterUser';
  ifExists: boolean;
  users: UserAuth[];
  options: AccountOptions;
}
export interface DropUserStmt {
  kind: 'dropUser';
  ifExists: boolean;
  users: UserSpec[];
}
export interface RenameUserStmt {
  kind: 'renameUser';
  renames: { from: UserSpec; to: UserSpec }[];
}
export interface SetPasswordStmt {
  kind: 'setPassword';
  user?: UserSpec;
  /** = 'x' or = PASSWORD('x') (then `hashFunction` is true). */
  password?: string;
  hashFunction?: boolean;
  random?: boolean;
  replace?: string;
  retainCurrentPassword?: boolean;
}

export interface Privilege {
  /** Upper case, words joined by one space: 'SELECT', 'CREATE USER', 'ALL', 'APPLICATION_PASSWORD_ADMIN'. */
  name: string;
  columns?: string[];
}
export interface GrantTarget {
  objectType?: 'TABLE' | 'FUNCTION' | 'PROCEDURE';
  /** '*' for all, null for "the current database" (ON * or ON tbl). */
  database: string | null;
  /** '*' for all tables. */
  table: string;
}
export interface GrantStmt {
  kind: 'grant';
  privileges: Privilege[];
  on: GrantTarget;
  to: UserSpec[];
  /** 5.x / MariaDB: `TO user IDENTIFIED ...`, by position in `to`. */
  auths?: (AuthOption | undefined)[];
  /** 5.x / MariaDB: REQUIRE and WITH resource options. */
  options?: AccountOptions;
  withGrantOption: boolean;
  as?: UserSpec;
}
export interface GrantRoleStmt {
  kind: 'grantRole';
  roles: UserSpec[];
  to: UserSpec[];
  withAdminOption: boolean;
}
export interface RevokeStmt {
  kind: 'revoke';
  ifExists: boolean;
  /** Empty with `all` true for REVOKE ALL [PRIVILEGES], GRANT OPTION FROM ... */
  privileges: Privilege[];
  all: boolean;
  on?: GrantTarget;
  from: UserSpec[];
  ignoreUnknownUser: boolean;
}
export interface RevokeRoleStmt {
  kind: 'revokeRole';
  ifExists: boolean;
  roles: UserSpec[];
  from: UserSpec[];
  ignoreUnknownUser: boolean;
}
export interface ShowGrantsStmt {
  kind: 'showGrants';
  user?: UserSpec;
  using?: UserSpec[];
}
export interface ShowCreateUserStmt {
  kind: 'showCreateUser';
  user: UserSpec;
}
/** FLUSH PRIVILEGES, and the other FLUSH forms of the same privilege rule: USER_RESOURCES, STATUS. */
export interface FlushPrivilegesStmt {
  kind: 'flushPrivileges';
  /** FLUSH USER_RESOURCES (only the per-hour resource counters start over) or FLUSH STATUS (status counters). */
  target?: 'USER_RESOURCES' | 'STATUS';
}
export interface CreateDatabaseStmt {
  kind: 'createDatabase';
  ifNotExists: boolean;
  name: string;
  charset?: string;
  collation?: string;
}
export interface DropDatabaseStmt {
  kind: 'dropDatabase';
  ifExists: boolean;
  name: string;
}
export interface InstallComponentStmt {
  kind: 'installComponent';
  components: string[];
}
export interface UninstallComponentStmt {
  kind: 'uninstallComponent';
  components: string[];
}
/** Single-table DELETE (DELETE FROM t [WHERE] [ORDER BY] [LIMIT]). */
export interface DeleteStmt {
  kind: 'delete';
  table: TableRef;
  where?: Expr;
  orderBy?: OrderItem[];
  limit?: Expr;
}

/** CALL [schema.]name[([arg, ...])]: a stored procedure (the only ones here are a platform's built-ins). */
export interface CallStmt {
  kind: 'call';
  schema?: string;
  name: string;
  args: Expr[];
}
export interface UpdateStmt {
  kind: 'update';
  table: TableRef;
  assignments: { column: ColumnExpr; value: Expr | 'DEFAULT' }[];
  where?: Expr;
  orderBy?: OrderItem[];
  limit?: Expr;
}

export type AccountStatement =
  | CreateUserStmt
  | AlterUserStmt
  | DropUserStmt
  | RenameUserStmt
  | SetPasswordStmt
  | GrantStmt
  | GrantRoleStmt
  | RevokeStmt
  | RevokeRoleStmt
  | ShowGrantsStmt
  | ShowCreateUserStmt
  | FlushPrivilegesStmt
  | CreateDatabaseStmt
  | DropDatabaseStmt
  | InstallComponentStmt
  | UninstallComponentStmt
  | CallStmt
  | UpdateStmt
  | DeleteStmt;

export type Statement =
  | SelectStmt
  | UnionStmt
  | SetStmt
  | SetTransactionStmt
  | ShowStmt
  | UseStmt
  | DoStmt
  | KillStmt
  | AnalyzeStmt
  | TransactionStmt
  | UnsupportedStmt
  | AccountStatement;

/** A parsed statement with its place in the source text. */
export interface ParsedStatement {
  statement: Statement;
  /** The statement's own text (without the trailing `;`). */
  text: string;
  /** Number of `?` markers. */
  paramCount: number;
}
