/**
 * Entry point of the SQL layer: splits and parses a COM_QUERY text, runs
 * each statement through one dispatch table of small named executors, and
 * returns one outcome per statement (stopping after the first error).
 * Account statements are parsed here and executed by injected handlers.
 */
import { mysqlError } from '../../errors/mysql-error.js';
import type { SessionConnection, SqlServer, SqlSession, TableContext } from '../context.js';
import type * as A from '../parse/ast.js';
import { classify, statementName } from '../parse/classify.js';
import { EvalEnv, evaluate } from '../expr/evaluate.js';
import { parseOne, StatementReader, type ReadStatement } from '../parse/parser.js';
import type { ColumnDef, OkResult, RowsResult, SqlValue, StatementResult } from '../../wire/result.js';
import { attachSubqueries, executeQuery, selectColumnsWithoutRows } from './select.js';
import { executeSet, executeSetTransaction, type SetContext } from './set.js';
import { executeShow } from './show.js';
import { resultColumns } from './results-charset.js';
import { executeAnalyze } from './analyze.js';

type Awaitable<T> = T | Promise<T>;

type AccountKind = A.AccountStatement['kind'];

/** Executors for account statements, keyed by statement kind, plus the privilege hooks the SQL layer asks. */
export type AccountStatementHandlers = {
  [K in AccountKind]?: (stmt: Extract<A.AccountStatement, { kind: K }>, ctx: ExecContext) => Awaitable<StatementResult>;
} & {
  /** SET GLOBAL asks for SYSTEM_VARIABLES_ADMIN (or SUPER); absent means allowed. */
  hasPrivilege?(ctx: ExecContext, privilege: string): Awaitable<boolean>;
  /** SHOW DATABASES / SCHEMATA; absent means every schema. */
  visibleDatabases?(ctx: ExecContext): Awaitable<string[]>;
  /** USE db: throws 1044 when the session may not use `database`. */
  checkDatabaseAccess?(ctx: ExecContext, database: string): Awaitable<void>;
};

export interface ExecContext {
  session: SqlSession;
  server: SqlServer;
  accountHandlers?: AccountStatementHandlers;
}


const OK: OkResult = { kind: 'ok' };

/** What the 1235 text calls each account statement when no handler is registered. */
const ACCOUNT_STATEMENT_NAMES: Record<AccountKind, string> = {
  createUser: 'CREATE USER',
  alterUser: 'ALTER USER',
  dropUser: 'DROP USER',
  renameUser: 'RENAME USER',
  setPassword: 'SET PASSWORD',
  grant: 'GRANT',
  grantRole: 'GRANT',
  revoke: 'REVOKE',
  revokeRole: 'REVOKE',
  createRole: 'CREATE ROLE',
  dropRole: 'DROP ROLE',
  setRole: 'SET ROLE',
  setDefaultRole: 'SET DEFAULT ROLE',
  showGrants: 'SHOW GRANTS',
  showCreateUser: 'SHOW CREATE USER',
  flushPrivileges: 'FLUSH PRIVILEGES',
  createDatabase: 'CREATE DATABASE',
  dropDatabase: 'DROP DATABASE',
  installComponent: 'INSTALL COMPONENT',
  uninstallComponent: 'UNINSTALL COMPONENT',
  call: 'CALL',
  update: 'UPDATE',
  delete: 'DELETE',
};

// ---------------------------------------------------------------- executors

type Executor<S extends A.Statement> = (stmt: S, ctx: ExecContext, env: EvalEnv) => Awaitable<StatementResult>;
type ExecutorTable = { [K in A.Statement['kind']]: Executor<Extract<A.Statement, { kind: K }>> };

async function visibleDatabases(ctx: ExecContext): Promise<string[]> {
  const hook = ctx.accountHandlers?.visibleDatabases;
  return hook ? [...(await hook(ctx))] : [...ctx.server.databases];
}

function tableContext(ctx: ExecContext): TableContext {
  return { session: ctx.session, server: ctx.server, visibleDatabases: () => visibleDatabases(ctx) };
}

function setContext(ctx: ExecContext, env: EvalEnv): SetContext {
  return {
    env,
    mayChangeGlobals: async () => {
      const has = ctx.accountHandlers?.hasPrivilege;
      if (!has) return true;
      return (await has(ctx, 'SYSTEM_VARIABLES_ADMIN')) || (await has(ctx, 'SUPER'));
    },
  };
}

function delegate<K extends AccountKind>(kind: K): Executor<Extract<A.AccountStatement, { kind: K }>> {
  return (stmt, ctx) => {
    const handler = ctx.accountHandlers?.[kind] as
      | ((s: Extract<A.AccountStatement, { kind: K }>, c: ExecContext) => Awaitable<StatementResult>)
      | undefined;
    if (!handler) throw mysqlError('ER_NOT_SUPPORTED_YET', ACCOUNT_STATEMENT_NAMES[kind]);
    return handler(stmt, ctx);
  };
}

async function executeUse(stmt: A.UseStmt, ctx: ExecContext): Promise<OkResult> {
  const db = stmt.database;
  const exists = ctx.server.databases.has(db) || (db.toLowerCase() === 'information_schema' && ctx.server.databases.has('information_schema'));
  if (!exists) throw mysqlError('ER_BAD_DB_ERROR', db);
  await ctx.accountHandlers?.checkDatabaseAccess?.(ctx, db);
  ctx.session.database = db;
  return OK;
}

/** DO: evaluates each expression (its errors and warnings count) and discards the values. */
function executeDo(stmt: A.DoStmt, _ctx: ExecContext, env: EvalEnv): OkResult {
  for (const e of stmt.exprs) evaluate(e, env);
  return OK;
}

/**
 * KILL [CONNECTION | QUERY] id (sql_parse.cc sql_kill): 1094 for no such
 * session; another user's needs CONNECTION_ADMIN or SUPER (1095). A statement
 * runs to its end here, so KILL QUERY of another session has nothing to stop;
 * of this session it interrupts the KILL itself (1317), and KILL CONNECTION of
 * this session answers 1317 and then closes (THD::send_kill_message).
 */
async function executeKill(stmt: A.KillStmt, ctx: ExecContext, env: EvalEnv): Promise<OkResult> {
  const value = evaluate(stmt.id, env);
  const id = Number(value);
  const target = Number.isInteger(id) ? ctx.server.sessions.get(id) : undefined;
  if (!target) throw mysqlError('ER_NO_SUCH_THREAD', String(value));
  if (target.user !== ctx.session.user) {
    const has = ctx.accountHandlers?.hasPrivilege;
    const admin = !has || (await has(ctx, 'CONNECTION_ADMIN')) || (await has(ctx, 'SUPER'));
    if (!admin) throw mysqlError('ER_KILL_DENIED_ERROR', id);
  }
  if (target === ctx.session) {
    // The error goes out first, then the connection closes.
    if (!stmt.query && target.connection) setImmediate(closeConnection, target.connection);
    throw mysqlError('ER_QUERY_INTERRUPTED');
  }
  if (!stmt.query) target.connection?.close();
  return OK;
}

function closeConnection(connection: SessionConnection): void {
  connection.close();
}

function executeTransaction(stmt: A.TransactionStmt, ctx: ExecContext): OkResult {
  ctx.session.inTransaction = stmt.action === 'begin';
  return OK;
}

/**
 * SELECT ... INTO @a, @b (sql_select.cc / Query_dumpvar): the one row goes
 * into the user variables; as many variables as columns (1222), at most one
 * row (1172), none leaves them as they are with warning 1329.
 */
function selectInto(vars: readonly string[], result: RowsResult, ctx: ExecContext): OkResult {
  if (result.columns.length !== vars.length) throw mysqlError('ER_WRONG_NUMBER_OF_COLUMNS_IN_SELECT');
  if (result.rows.length > 1) throw mysqlError('ER_TOO_MANY_ROWS');
  const [row] = result.rows;
  if (!row) {
    ctx.session.addNote(mysqlError('ER_SP_FETCH_NO_DATA'), 'Warning');
    return { kind: 'ok', affectedRows: 0 };
  }
  vars.forEach((name, i) => ctx.session.userVariables.set(name, row[i] ?? null));
  return { kind: 'ok', affectedRows: 1 };
}

const EXECUTORS: ExecutorTable = {
  select: (stmt, ctx, env) => {
    const result = executeQuery(stmt, env, tableContext(ctx));
    const into = stmt.into;
    if (!into) return result;
    return result instanceof Promise ? result.then((r) => selectInto(into, r, ctx)) : selectInto(into, result, ctx);
  },
  union: (stmt, ctx, env) => executeQuery(stmt, env, tableContext(ctx)),
  set: (stmt, ctx, env) => executeSet(stmt, setContext(ctx, env)),
  setTransaction: (stmt, ctx, env) => executeSetTransaction(stmt, setContext(ctx, env)),
  show: (stmt, ctx, env) => executeShow(stmt, env, tableContext(ctx)),
  use: executeUse,
  do: executeDo,
  kill: executeKill,
  analyze: (stmt, ctx) => executeAnalyze(stmt, tableContext(ctx)),
  transaction: executeTransaction,
  unsupported: (stmt) => {
    throw mysqlError('ER_NOT_SUPPORTED_YET', stmt.name);
  },
  createUser: delegate('createUser'),
  alterUser: delegate('alterUser'),
  dropUser: delegate('dropUser'),
  renameUser: delegate('renameUser'),
  setPassword: delegate('setPassword'),
  grant: delegate('grant'),
  grantRole: delegate('grantRole'),
  revoke: delegate('revoke'),
  revokeRole: delegate('revokeRole'),
  createRole: delegate('createRole'),
  dropRole: delegate('dropRole'),
  setRole: delegate('setRole'),
  setDefaultRole: delegate('setDefaultRole'),
  showGrants: delegate('showGrants'),
  showCreateUser: delegate('showCreateUser'),
  flushPrivileges: delegate('flushPrivileges'),
  createDatabase: delegate('createDatabase'),
  dropDatabase: delegate('dropDatabase'),
  installComponent: delegate('installComponent'),
  uninstallComponent: delegate('uninstallComponent'),
  call: delegate('call'),
  update: delegate('update'),
  delete: delegate('delete'),
};

// ---------------------------------------------------------------- running statements

/** SHOW WARNINGS / ERRORS and SELECT @@warning_count read the previous statement's diagnostics. */
export function keepsDiagnostics(stmt: A.Statement): boolean {
  if (stmt.kind === 'show') {
    return stmt.what === 'warnings' || stmt.what === 'errors' || stmt.what === 'countWarnings' || stmt.what === 'countErrors';
  }
  return (
    stmt.kind === 'select' &&
    !stmt.from &&
    stmt.items.every((i) => i.expr.kind === 'sysVar' && (i.expr.name === 'warning_count' || i.expr.name === 'error_count'))
  );
}

/**
 * Runs one parsed statement with `params` bound to its `?` markers. The
 * session layer's pipeline decides first whether it may run at all
 * (diagnostics reset, the sandbox gate); this is only the dispatch.
 */
export function executeStatement(stmt: A.Statement, ctx: ExecContext, params: readonly SqlValue[] = []): Awaitable<StatementResult> {
  const env = new EvalEnv(ctx.session, ctx.server, params);
  const executor = EXECUTORS[stmt.kind] as Executor<A.Statement>;
  if (stmt.kind === 'select' || stmt.kind === 'union') {
    const result = executor(stmt, ctx, env);
    return result instanceof Promise ? result.then((r) => inResultsCharset(r, ctx)) : inResultsCharset(result, ctx);
  }
  return attachSubqueries(stmt, env, tableContext(ctx)).then(() => executor(stmt, ctx, env)).then((r) => inResultsCharset(r, ctx));
}

/** A result's columns as the session's character_set_results announces them. */
function inResultsCharset(result: StatementResult, ctx: ExecContext): StatementResult {
  return result.kind === 'rows' ? { ...result, columns: resultColumns(result.columns, ctx.session, ctx.server) } : result;
}

/** Turns what the reader returned into a statement we can run (asking classify.ts about unknown ones). */
function resolve(read: ReadStatement, sql: string): Awaitable<{ statement: A.Statement; text: string }> {
  if ('unrecognised' in read) return classify(read, sql).then((statement) => ({ statement, text: read.text }));
  return { statement: read.statement, text: read.text };
}

/**
 * The statements of one COM_QUERY text, read one at a time: next() resolves
 * to the next statement (unknown ones asked of classify.ts: 1235 or 1064)
 * or null at the end, and rejects with the MySqlError MySQL would give.
 * Without `multiStatements`, a second statement is a syntax error at its
 * start and nothing runs (as in MySQL).
 */
export class QueryReader {
  private readonly reader: StatementReader;
  private count = 0;

  constructor(
    private readonly sql: string,
    profile: SqlServer['profile'],
    private readonly multiStatements: boolean,
  ) {
    this.reader = new StatementReader(sql, profile);
  }

  /** Synchronous unless the statement is one our parser does not know (classify.ts loads lazily). */
  next(): Awaitable<{ statement: A.Statement; text: string } | null> {
    const read = this.reader.next();
    if (!read) return null;
    if (!this.multiStatements && this.count === 0 && !this.reader.atEnd()) throw this.reader.nextStatementError();
    this.count++;
    return resolve(read, this.sql);
  }

  /** Lexes a slice of a long text ahead (StatementReader.lexAhead()): true while more slices are left. */
  lexAhead(): boolean {
    return this.reader.lexAhead();
  }

  /** The next statement is a long one (StatementReader.nextIsLong()). */
  nextIsLong(): boolean {
    return this.reader.nextIsLong();
  }

  /** A long text is left to lex (StatementReader.longTextLeft()). */
  longTextLeft(): boolean {
    return this.reader.longTextLeft();
  }

  /** Another statement follows (a text that cannot be lexed further is one: its 1064 follows). */
  hasMore(): boolean {
    try {
      return !this.reader.atEnd();
    } catch {
      return true;
    }
  }
}

// ---------------------------------------------------------------- prepared statements

/**
 * COM_STMT_PREPARE: parses one statement, counts its `?` markers and, for a
 * SELECT whose result types do not depend on the parameters, gives the
 * result columns. Statements our parser does not know are prepared as
 * "unsupported" (1235 at execute) without loading node-sql-parser.
 */
export function parseForPrepare(sql: string, ctx: ExecContext): { paramCount: number; columns: ColumnDef[] | null; statement: A.Statement } {
  return describeForPrepare(parseOne(sql, ctx.server.profile), ctx);
}

/** The most `?` markers a prepared statement may have (UINT_MAX16). */
export const MAX_PREPARED_PARAMS = 0xffff;

/** The second half of parseForPrepare(): the parameter count and result columns of a parsed statement; 1390 past MAX_PREPARED_PARAMS. */
export function describeForPrepare(read: ReadStatement, ctx: ExecContext): { paramCount: number; columns: ColumnDef[] | null; statement: A.Statement } {
  if ('unrecognised' in read) {
    return { paramCount: 0, columns: null, statement: { kind: 'unsupported', name: statementName(read) } };
  }
  // The parameter count is a 16-bit field of COM_STMT_PREPARE_OK: init_param_array() refuses more (sql_prepare.cc; MariaDB alike).
  if (read.paramCount > MAX_PREPARED_PARAMS) throw mysqlError('ER_PS_MANY_PARAM');
  const statement = read.statement;
  let columns: ColumnDef[] | null = null;
  if ((statement.kind === 'select' || statement.kind === 'union') && read.paramCount === 0 && !(statement.kind === 'select' && statement.into)) {
    try {
      const described = selectColumnsWithoutRows(statement, new EvalEnv(ctx.session, ctx.server));
      columns = described && resultColumns(described, ctx.session, ctx.server);
    } catch {
      columns = null;
    }
  }
  return { paramCount: read.paramCount, columns, statement };
}
