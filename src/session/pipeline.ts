/**
 * The statement pipeline of a session, as mysql-mimic chains its query
 * middleware: for each statement, reset the diagnostics (unless it reads
 * them: SHOW WARNINGS, @@warning_count), then the sandbox gate, then sql/.
 * Every failure becomes a MySQL error in the outcome; nothing throws.
 */
import { mysqlError, asMySqlError, type MySqlError } from '../errors/mysql-error.js';
import { isLong, longTurn, longTurnDone } from './long-statements.js';
import { describeForPrepare, executeStatement, keepsDiagnostics, parseForPrepare, QueryReader, type ExecContext } from '../sql/exec/execute.js';
import type { Statement } from '../sql/parse/ast.js';
import type { ColumnDef, OutcomeSink, SqlValue, StatementOutcome, StatementResult } from '../wire/result.js';
import { comCounter } from '../config/status.js';
import { redactStatement } from '../sql/parse/redact.js';
import { statementSecrets } from '../sql/parse/secrets.js';
import { statementAllowedInSandbox } from './sandbox-gate.js';
import { readOne, StatementReader } from '../sql/parse/parser.js';
import { changesData, checkStatementLimits, type UserConn } from './user-resources.js';

/**
 * A failed statement's error is one of its conditions (the Diagnostics_area
 * keeps it): SHOW WARNINGS and @@error_count see it. One that pushed the
 * same error as a condition already is not doubled.
 */
function recordError(error: MySqlError, ctx: ExecContext): void {
  const { session } = ctx;
  if (session.diagnostics.some((d) => d.level === 'Error' && d.code === error.code)) return;
  session.addNote(error, 'Error');
}

/**
 * The statement as a log may show it: redacted by the lexical rules, and if
 * any of the secrets the parse found in it survived them, with every
 * literal hidden (MySQL rewrites such statements from the parse tree).
 */
export function statementLogText(stmt: Statement, text: string): string {
  // A statement recognised by its first words only (1235) was not parsed further: no clause of it is known, so no literal is shown.
  if (stmt.kind === 'unsupported') return redactStatement(text, true);
  const redacted = redactStatement(text);
  const secrets = statementSecrets(stmt);
  return secrets.some((s) => redacted.includes(s)) ? redactStatement(text, true) : redacted;
}

/** A statement's context; a session of an account with resource limits holds its counters. */
type LimitedContext = ExecContext & { session: { userConn?: UserConn | null } };

/**
 * The status counters, the account's per-hour limits (COM_QUERY only:
 * check_mqh() runs after the parse, before the statement and the sandbox's
 * 1820), diagnostics reset and the sandbox gate, then the statement.
 */
function runStatement(stmt: Statement, ctx: LimitedContext, params: readonly SqlValue[], query: boolean): StatementResult | Promise<StatementResult> {
  countStatement(stmt, ctx);
  const uc = ctx.session.userConn;
  if (query && uc) checkStatementLimits(uc, ctx.server.accounts.get(uc.user, uc.host), changesData(stmt), ctx.server.clock.now(), ctx.server.profile.statementLimitNames);
  resetDiagnostics(ctx, keepsDiagnostics(stmt));
  if (ctx.session.sandboxed && !statementAllowedInSandbox(stmt, ctx.server.profile)) throw mysqlError('ER_MUST_CHANGE_PASSWORD');
  return executeStatement(stmt, ctx, params);
}

/** A statement's conditions start empty, or (SHOW WARNINGS, @@warning_count) as the previous statement left them. */
function resetDiagnostics(ctx: ExecContext, keep: boolean): void {
  if (keep) {
    ctx.session.inheritedConditions = ctx.session.diagnostics.length;
  } else {
    ctx.session.diagnostics = [];
    ctx.session.inheritedConditions = 0;
  }
}

/** Questions, Queries and the statement's Com_xxx, globally and for the session (as dispatch_sql_command counts). */
function countStatement(stmt: Statement, ctx: ExecContext): void {
  const { status } = ctx.server;
  status.add('Questions', 1, ctx.session);
  status.add('Queries', 1, ctx.session);
  const detail = stmt.kind === 'show' ? SHOW_COUNTERS[stmt.what] : stmt.kind === 'transaction' ? stmt.action : undefined;
  const counter = comCounter(stmt.kind, detail);
  if (counter) status.add(counter, 1, ctx.session);
}

/** SHOW statements' Com_show_xxx names (sql_parse.cc). */
const SHOW_COUNTERS: Partial<Record<string, string>> = {
  variables: 'variables', status: 'status', databases: 'databases', warnings: 'warnings', errors: 'errors',
  countWarnings: 'warnings', countErrors: 'errors', engines: 'storage_engines', charset: 'charsets',
  collation: 'collations', plugins: 'plugins', tables: 'tables', processlist: 'processlist', columns: 'fields',
  index: 'keys', createTable: 'create_table', createView: 'create_table', createDatabase: 'create_db',
  createProcedure: 'create_proc', createFunction: 'create_func', createTrigger: 'create_trigger',
  createEvent: 'create_event', tableStatus: 'table_status', openTables: 'open_tables',
  procedureStatus: 'procedure_status', functionStatus: 'function_status', triggers: 'triggers', events: 'events',
  privileges: 'privileges', profiles: 'profiles', binaryLogStatus: 'binary_log_status', binaryLogs: 'binlogs',
  replicaStatus: 'replica_status', replicas: 'replicas',
};

/**
 * Runs every statement of `sql` in order and stops after the first error,
 * which is then the last outcome (COM_QUERY, the API's sql()). `query`
 * false: not a client's statement (the handshake's database), so the
 * account's MAX_QUERIES_PER_HOUR does not count it. Synchronous as long as
 * every statement is (a SELECT over tables at hand, SET, SHOW ...): a
 * promise only when one of them has to wait.
 */
export function runQuery(
  sql: string,
  ctx: LimitedContext,
  multiStatements: boolean,
  query = true,
  sink?: OutcomeSink,
): StatementOutcome[] | Promise<StatementOutcome[]> {
  let reader: QueryReader;
  try {
    reader = new QueryReader(sql, ctx.server.profile, multiStatements);
  } catch (err) {
    const error = asMySqlError(err, ctx);
    resetDiagnostics(ctx, false);
    recordError(error, ctx);
    const outcome: StatementOutcome = { statement: sql, error };
    if (!sink) return [outcome];
    const waited = sink(outcome, false);
    return waited ? waited.then(() => []) : [];
  }
  return new StatementRun(sql, reader, ctx, query, sink).run();
}

/**
 * The statements of one query text, run in order until the end or the
 * first error; their outcomes collected, or each handed to the sink as the
 * statement ends (then `outcomes` stays empty). A long text or statement
 * takes its turns through the long statements' gate (long-statements.ts),
 * with the run itself as the owner: it leaves the gate while it waits on
 * anything else and when it ends.
 */
class StatementRun {
  readonly outcomes: StatementOutcome[] = [];
  /** More of the text is to be lexed ahead, a slice per turn. */
  private lexing: boolean;
  /** The gate has admitted the run to parse its next statement, a long one. */
  private admitted = false;

  constructor(
    private readonly sql: string,
    private readonly reader: QueryReader,
    private readonly ctx: LimitedContext,
    private readonly query: boolean,
    private readonly sink?: OutcomeSink,
  ) {
    this.lexing = reader.longTextLeft();
  }

  run(): StatementOutcome[] | Promise<StatementOutcome[]> {
    const ran = this.steps();
    // Only a run that waited can have taken the gate; whatever way it ends, it leaves it.
    return ran instanceof Promise ? ran.finally(() => longTurnDone(this)) : ran;
  }

  private steps(): StatementOutcome[] | Promise<StatementOutcome[]> {
    for (;;) {
      const more = this.step();
      if (more === false) return this.outcomes;
      if (more !== true) return more.then((again) => (again ? this.steps() : this.outcomes));
    }
  }

  /** Reads and runs the next statement: true to go on, false at the end or after an error. */
  private step(): boolean | Promise<boolean> {
    // A long text is lexed a slice per turn (a turn of the long statements' gate) first: other sessions answer between slices.
    if (this.lexing) {
      return longTurn(this).then(() => {
        // Until nothing long is left, or a lexical error stops the slices (the parser reports it where it reaches it).
        this.lexing = this.reader.lexAhead();
        return true;
      });
    }
    // A long statement's parse builds its tree: it too waits for the gate, and has a turn of its own.
    if (!this.admitted && this.reader.nextIsLong()) {
      return longTurn(this).then(() => {
        this.admitted = true;
        return true;
      });
    }
    this.admitted = false;
    let next: ReturnType<QueryReader['next']>;
    try {
      next = this.reader.next();
    } catch (err) {
      return this.failed(err, this.sql);
    }
    if (next instanceof Promise) {
      // The parser's worker thread: the gate is not held while it works.
      longTurnDone(this);
      return next.then((n) => this.execute(n), (err: unknown) => this.failed(err, this.sql));
    }
    // A long statement's parse, run and reply are each an event-loop turn of their own: other sessions answer between them.
    if (next && isLong(next.text)) return longTurn(this).then(() => this.execute(next));
    return this.execute(next);
  }

  private execute(next: { statement: Statement; text: string } | null): boolean | Promise<boolean> {
    if (!next) return false;
    const { text, statement } = next;
    // The log's text, made only if something logs the statement.
    const logText = (): string => statementLogText(statement, text);
    let result: StatementResult | Promise<StatementResult>;
    try {
      result = runStatement(statement, this.ctx, [], this.query);
    } catch (err) {
      return this.failed(err, text, logText);
    }
    if (result instanceof Promise) {
      // A statement that waits (USE, KILL, a table's rows read later, ...): the gate is not held meanwhile.
      longTurnDone(this);
      return result.then(
        (r) => this.reply({ statement: text, result: r, warnings: this.warningCount(), logText }),
        (err: unknown) => this.failed(err, text, logText),
      );
    }
    return this.reply({ statement: text, result, warnings: this.warningCount(), logText });
  }

  /** A long statement's reply is a turn of its own. */
  private reply(outcome: StatementOutcome): boolean | Promise<boolean> {
    if (isLong(outcome.statement)) return longTurn(this).then(() => this.emit(outcome, true));
    return this.emit(outcome, true);
  }

  /** Collects or hands on an outcome; `goOn` is what the run does next (true: the next statement). */
  private emit<T extends boolean>(outcome: StatementOutcome, goOn: T): T | Promise<T> {
    if (!this.sink) {
      this.outcomes.push(outcome);
      return goOn;
    }
    const waited = this.sink(outcome, goOn && this.reader.hasMore());
    // The statement has ended (and its client may not be reading): the next long one, of this text or another session's, queues anew.
    longTurnDone(this);
    return waited ? waited.then(() => goOn) : goOn;
  }

  /** The statement's warning count as it ended (a multi-statement's later statements must not change it). */
  private warningCount(): number {
    return this.ctx.session.diagnostics.length - this.ctx.session.inheritedConditions;
  }

  /** `logText` only for a statement that parsed (one that did not is never logged as text). */
  private failed(err: unknown, text: string, logText?: () => string): false | Promise<false> {
    const error = asMySqlError(err, this.ctx);
    // A statement that failed to parse never ran: its conditions start empty.
    if (!logText) resetDiagnostics(this.ctx, false);
    recordError(error, this.ctx);
    return this.emit(logText ? { statement: text, error, logText } : { statement: text, error }, false);
  }
}

/** A prepared statement: its parameter count, known result columns, and the parsed statement. */
export interface PreparedStatement {
  paramCount: number;
  columns: ColumnDef[] | null;
  statement: Statement;
  /** Its text was longer than LEX_AHEAD_CHARS: each execution runs, and is answered, in event-loop turns of their own. */
  long?: boolean;
}

/**
 * COM_STMT_PREPARE, behind the sandbox gate (MySQL 8 refuses other
 * statements with 1820 at prepare). Throws (or rejects with) the MySqlError.
 * A text longer than LEX_AHEAD_CHARS is lexed in slices, parsed, described
 * and answered in event-loop turns of their own, as runQuery() does.
 */
export function prepareStatement(sql: string, ctx: ExecContext): PreparedStatement | Promise<PreparedStatement> {
  if (!isLong(sql)) return sandboxGate(parseForPrepare(sql, ctx), ctx);
  return prepareLong(sql, ctx);
}

/** A long text's lexing slices, parse, description and answer, each a turn of the long statements' gate. */
async function prepareLong(sql: string, ctx: ExecContext): Promise<PreparedStatement> {
  const owner = {};
  try {
    const reader = new StatementReader(sql, ctx.server.profile);
    do await longTurn(owner);
    while (reader.lexAhead());
    const read = readOne(reader);
    await longTurn(owner);
    const prepared = sandboxGate(describeForPrepare(read, ctx), ctx);
    await longTurn(owner);
    return { ...prepared, long: true };
  } finally {
    longTurnDone(owner);
  }
}

function sandboxGate(prepared: PreparedStatement, ctx: ExecContext): PreparedStatement {
  if (ctx.session.sandboxed && !statementAllowedInSandbox(prepared.statement, ctx.server.profile)) {
    throw mysqlError('ER_MUST_CHANGE_PASSWORD');
  }
  return prepared;
}

/** COM_STMT_EXECUTE: the prepared statement with `params` bound to its `?` markers in order. */
export async function runPrepared(prepared: PreparedStatement, params: readonly SqlValue[], ctx: ExecContext): Promise<StatementOutcome> {
  const text = prepared.statement.kind;
  const owner = {};
  try {
    if (prepared.long) await longTurn(owner);
    let result = runStatement(prepared.statement, ctx, params, false);
    if (result instanceof Promise) {
      longTurnDone(owner);
      result = await result;
    }
    if (prepared.long) await longTurn(owner);
    return { statement: text, result };
  } catch (err) {
    const error = asMySqlError(err, ctx);
    recordError(error, ctx);
    return { statement: text, error };
  } finally {
    longTurnDone(owner);
  }
}
