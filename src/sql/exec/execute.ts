/**
 * Entry point of the SQL layer: splits and parses a COM_QUERY text, runs
 * each statement through one dispatch table of small named executors, and
 * returns one outcome per statement (stopping after the first error).
 * Account statements are parsed here and executed by injected handlers.
 */
import { MySqlError, mysqlError } from '../../errors/mysql-error.js';
import type { ServerState } from '../../server/state.js';
import { sandboxAllowsStatement } from '../../session/sandbox-statements.js';
import type { Session } from '../../session/session.js';
import type * as A from '../parse/ast.js';
import { classify, statementName } from '../parse/classify.js';
import { EvalEnv } from '../expr/evaluate.js';
import { parseOne, StatementReader, type ReadStatement } from '../parse/parser.js';
import type { ColumnDef, OkResult, SqlValue, StatementResult } from '../../wire/result.js';
import { executeSelect, selectColumnsWithoutRows } from './select.js';
import { executeSet, executeSetTransaction, type SetContext } from './set.js';
import { executeShow } from './show.js';
import type { TableContext } from '../catalog/catalog.js';

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
  session: Session;
  server: ServerState;
  accountHandlers?: AccountStatementHandlers;
}

export type StatementOutcome = { statement: string; result: StatementResult } | { statement: string; error: MySqlError };

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
  showGrants: 'SHOW GRANTS',
  showCreateUser: 'SHOW CREATE USER',
  flushPrivileges: 'FLUSH PRIVILEGES',
  createDatabase: 'CREATE DATABASE',
  dropDatabase: 'DROP DATABASE',
  installComponent: 'INSTALL COMPONENT',
  uninstallComponent: 'UNINSTALL COMPONENT',
  update: 'UPDATE',
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

function executeTransaction(stmt: A.TransactionStmt, ctx: ExecContext): OkResult {
  ctx.session.inTransaction = stmt.action === 'begin';
  return OK;
}

const EXECUTORS: ExecutorTable = {
  select: (stmt, ctx, env) => executeSelect(stmt, env, tableContext(ctx)),
  set: (stmt, ctx, env) => executeSet(stmt, setContext(ctx, env)),
  setTransaction: (stmt, ctx, env) => executeSetTransaction(stmt, setContext(ctx, env)),
  show: (stmt, ctx, env) => executeShow(stmt, env, tableContext(ctx)),
  use: executeUse,
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
  showGrants: delegate('showGrants'),
  showCreateUser: delegate('showCreateUser'),
  flushPrivileges: delegate('flushPrivileges'),
  createDatabase: delegate('createDatabase'),
  dropDatabase: delegate('dropDatabase'),
  installComponent: delegate('installComponent'),
  uninstallComponent: delegate('uninstallComponent'),
  update: delegate('update'),
};

// ---------------------------------------------------------------- running statements

/** SHOW WARNINGS / ERRORS and SELECT @@warning_count read the previous statement's diagnostics. */
function keepsDiagnostics(stmt: A.Statement): boolean {
  if (stmt.kind === 'show') {
    return stmt.what === 'warnings' || stmt.what === 'errors' || stmt.what === 'countWarnings' || stmt.what === 'countErrors';
  }
  return (
    stmt.kind === 'select' &&
    !stmt.from &&
    stmt.items.every((i) => i.expr.kind === 'sysVar' && (i.expr.name === 'warning_count' || i.expr.name === 'error_count'))
  );
}

async function runStatement(stmt: A.Statement, ctx: ExecContext, params: readonly SqlValue[] = []): Promise<StatementResult> {
  if (!keepsDiagnostics(stmt)) ctx.session.diagnostics = [];
  if (ctx.session.sandboxed && !sandboxAllowsStatement(stmt, ctx)) throw mysqlError('ER_MUST_CHANGE_PASSWORD');
  const env = new EvalEnv(ctx.session, ctx.server, params);
  const executor = EXECUTORS[stmt.kind] as Executor<A.Statement>;
  return executor(stmt, ctx, env);
}

/** The thread_stack figure 1436 reports (MySQL 8's default, 1 MiB) and STACK_MIN_SIZE. */
const THREAD_STACK = 1048576;
const STACK_MIN_SIZE = 16000;

/**
 * Every failure of a statement as a MySQL error, so that no JavaScript
 * exception ever ends a session: a stack overflow is 1436 (as MySQL's
 * check_stack_overrun), anything else is 1815 and is logged once with its stack.
 */
export function asMySqlError(err: unknown, ctx?: { server: { logger: { error(obj: object, msg: string): void } }; session?: { id: number } }): MySqlError {
  if (err instanceof MySqlError) return err;
  if (err instanceof RangeError && /call stack/i.test(err.message)) {
    return mysqlError('ER_STACK_OVERRUN_NEED_MORE', THREAD_STACK - STACK_MIN_SIZE / 2, THREAD_STACK, STACK_MIN_SIZE);
  }
  const e = err instanceof Error ? err : new Error(String(err));
  ctx?.server.logger.error({ event: 'internal-error', id: ctx.session?.id, err: { type: e.name, message: e.message, stack: e.stack } }, `internal error: ${e.name}`);
  return mysqlError('ER_INTERNAL_ERROR', `${e.name}: ${e.message}`.slice(0, 192));
}

/** Turns what the reader returned into a statement we can run (asking classify.ts about unknown ones). */
async function resolve(read: ReadStatement, sql: string): Promise<{ statement: A.Statement; text: string }> {
  if ('unrecognised' in read) return { statement: await classify(read, sql), text: read.text };
  return { statement: read.statement, text: read.text };
}

/**
 * Runs every statement of `sql` in order and stops after the first error,
 * which is then the last outcome. Without `multiStatements`, a second
 * statement is a syntax error at its start and nothing runs (as in MySQL).
 */
export async function executeSql(sql: string, ctx: ExecContext, opts: { multiStatements?: boolean } = {}): Promise<StatementOutcome[]> {
  const outcomes: StatementOutcome[] = [];
  let reader: StatementReader;
  try {
    reader = new StatementReader(sql, ctx.server.profile);
  } catch (err) {
    return [{ statement: sql, error: asMySqlError(err, ctx) }];
  }
  for (;;) {
    let text = sql;
    try {
      const read = reader.next();
      if (!read) break;
      if (!opts.multiStatements && outcomes.length === 0 && !reader.atEnd()) throw reader.nextStatementError();
      const resolved = await resolve(read, sql);
      text = resolved.text;
      outcomes.push({ statement: text, result: await runStatement(resolved.statement, ctx) });
    } catch (err) {
      outcomes.push({ statement: text, error: asMySqlError(err, ctx) });
      break;
    }
  }
  return outcomes;
}

// ---------------------------------------------------------------- prepared statements

/**
 * COM_STMT_PREPARE: parses one statement, counts its `?` markers and, for a
 * SELECT whose result types do not depend on the parameters, gives the
 * result columns. Statements our parser does not know are prepared as
 * "unsupported" (1235 at execute) without loading node-sql-parser.
 */
export function parseForPrepare(sql: string, ctx: ExecContext): { paramCount: number; columns: ColumnDef[] | null; statement: A.Statement } {
  const read = parseOne(sql, ctx.server.profile);
  if ('unrecognised' in read) {
    return { paramCount: 0, columns: null, statement: { kind: 'unsupported', name: statementName(read) } };
  }
  const statement = read.statement;
  if (ctx.session.sandboxed && !sandboxAllowsStatement(statement, ctx)) throw mysqlError('ER_MUST_CHANGE_PASSWORD');
  let columns: ColumnDef[] | null = null;
  if (statement.kind === 'select' && read.paramCount === 0) {
    try {
      columns = selectColumnsWithoutRows(statement, new EvalEnv(ctx.session, ctx.server));
    } catch {
      columns = null;
    }
  }
  return { paramCount: read.paramCount, columns, statement };
}

/** COM_STMT_EXECUTE: runs a prepared statement with `params` bound to its `?` markers in order. */
export async function executePrepared(stmt: A.Statement, params: SqlValue[], ctx: ExecContext): Promise<StatementOutcome> {
  const text = stmt.kind;
  try {
    return { statement: text, result: await runStatement(stmt, ctx, params) };
  } catch (err) {
    return { statement: text, error: asMySqlError(err, ctx) };
  }
}
