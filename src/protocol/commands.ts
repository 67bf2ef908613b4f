/**
 * The command phase: one small named handler per COM_* byte, in one
 * dispatch table. The sandbox gate runs before any handler.
 */
import { asMySqlError, mysqlError, MySqlError } from '../errors/mysql-error.js';
import type { Logger } from 'pino';
import { ColumnType, type ColumnDef, type SqlValue, type StatementOutcome, type StatementResult } from '../wire/result.js';
import { Capability, Command, hasCapability, ServerStatus } from '../wire/capabilities.js';
import {
  parseComChangeUser,
  parseComQuery,
  parseComStmtExecute,
  writeBinaryRow,
  writeColumnCount,
  writeColumnDefinition41To,
  writeEof,
  writeOk,
  writeSessionState,
  writeStmtPrepareOk,
  writeTextRow,
} from '../wire/packets.js';
import { PacketReader, TruncatedPacketError } from '../wire/reader.js';
import type { PacketWriter } from '../wire/writer.js';
import type { ReplyMark } from './outbox.js';
import type { PreparedPlan, SessionHandle } from './handler.js';
import type { ServerStatus as StatusCounters } from '../config/status.js';
import { inTurn, nextTurn } from '../turns.js';

/** What the command handlers need of their connection (connection.ts provides it). */
export interface CommandConnection {
  capabilities: number;
  readonly id: number;
  /** The server's default collation id (column definitions' character set of parameters). */
  readonly collationId: number;
  /** The client asked for MariaDB's extended column metadata (MARIADB_CLIENT_EXTENDED_METADATA). */
  readonly extendedMetadata: boolean;
  readonly logger: Logger;
  write(payload: Buffer): void;
  /**
   * Queues `count` packets whose payloads `writeOne(w, i)` appends to one
   * buffer (each under 16 MiB), framed in place: a result's column
   * definitions, one allocation instead of one per column.
   */
  writePackets(count: number, writeOne: (w: PacketWriter, i: number) => void): void;
  sendError(err: MySqlError): void;
  refuse(err: MySqlError): void;
  close(): void;
  /** Where the reply to the current command starts (an opaque mark for rollback()). */
  mark(): ReplyMark;
  /** Drops what was queued since `mark`; false if some of it has left already. */
  rollback(mark: ReplyMark): boolean;
  /** Sends what is queued; while the client has not read it, a promise that settles when it has (or the connection ends after net_write_timeout). */
  waitUntilDrained(): Promise<void> | undefined;
  /** MariaDB: a failed COM_CHANGE_USER answers its error and the previous session goes on (MySQL disconnects). */
  readonly changeUserFailureKeepsSession: boolean;
  /** After a failed COM_CHANGE_USER that keeps the session: the previous session is the connection's again. */
  restoreSession(session: SessionHandle): void;
  /** COM_CHANGE_USER: authenticates again and opens the new session; throws the MySqlError to send (1045 etc.). */
  changeUser(username: string, clientPlugin: string, authResponse: Buffer, attributes: Record<string, string>): Promise<SessionHandle>;
  /** Open sessions of the server (COM_STATISTICS' Threads). */
  readonly openSessions: number;
  /** COM_QUIT: the client ends properly (not counted in Aborted_clients). */
  markQuit(): void;
  /** Status counters. */
  readonly server: { readonly status: StatusCounters };
}

interface PreparedStatement {
  id: number;
  sql: string;
  paramCount: number;
  plan: PreparedPlan;
  paramTypes?: { type: number; unsigned: boolean }[];
  longData: Map<number, { chunks: Buffer[]; bytes: number }>;
  /** Set when long data overflowed (Item_param::set_longdata): reported by the next COM_STMT_EXECUTE. */
  longDataError?: MySqlError;
}

/** Per-session state of the command phase and the ways to answer the client. */
/** CommandContext.prepared of a session that never prepared a statement. */
const NO_STATEMENTS: ReadonlyMap<number, PreparedStatement> = new Map();

export class CommandContext {
  /** Made by the first COM_STMT_PREPARE: most sessions never prepare one, and an idle one holds no empty map. */
  private statements: Map<number, PreparedStatement> | null = null;
  private nextStatementId = 1;

  /** This session's prepared statements by id (read-only: see addPrepared(), closePrepared()). */
  get prepared(): ReadonlyMap<number, PreparedStatement> {
    return this.statements ?? NO_STATEMENTS;
  }

  /**
   * Keeps a prepared statement, counted in the server's Prepared_stmt_count.
   * Throws 1461 when max_prepared_stmt_count statements are open on the
   * server (sql_prepare.cc: Prepared_statement_map::insert()).
   */
  addPrepared(stmt: PreparedStatement): void {
    const { status } = this.conn.server;
    const max = Number(this.session.variable('max_prepared_stmt_count'));
    if (status.get('Prepared_stmt_count') >= max) throw mysqlError('ER_MAX_PREPARED_STMT_COUNT_REACHED', max);
    (this.statements ??= new Map()).set(stmt.id, stmt);
    status.add('Prepared_stmt_count', 1);
  }

  /** COM_STMT_CLOSE of one statement, or every statement (COM_RESET_CONNECTION, COM_CHANGE_USER, the end of the session). */
  closePrepared(id?: number): void {
    const statements = this.statements;
    if (!statements) return;
    const ids = id === undefined ? [...statements.keys()] : [id];
    for (const i of ids) if (statements.delete(i)) this.conn.server.status.add('Prepared_stmt_count', -1);
  }

  constructor(
    readonly conn: CommandConnection,
    public session: SessionHandle,
  ) {}

  get deprecateEof(): boolean {
    return hasCapability(this.conn.capabilities, Capability.DEPRECATE_EOF);
  }

  /**
   * The status of an OK/EOF packet: AUTOCOMMIT, IN_TRANS, MORE_RESULTS_EXISTS
   * (another result follows), NO_INDEX_USED (the query scanned a table) and
   * SESSION_STATE_CHANGED (changes to report to a CLIENT_SESSION_TRACK
   * client, or one the server flags for every client).
   */
  statusFlags(more = false, noIndexUsed = false, okPacket = true): number {
    let flags = 0;
    if (this.session.autocommit) flags |= ServerStatus.AUTOCOMMIT;
    if (this.session.inTransaction) flags |= ServerStatus.IN_TRANS;
    if (more) flags |= ServerStatus.MORE_RESULTS_EXISTS;
    if (noIndexUsed) flags |= ServerStatus.NO_INDEX_USED;
    // An OK packet says so only to a client that tracks the state; an EOF packet carries the flag as it is
    // (a real MariaDB 10.11 after reading the mysql.user view: EOF 0x4022, OK-as-EOF 0x0022, without SESSION_TRACK).
    const state = this.session.sessionState();
    const tracks = this.tracksSessionState;
    if ((tracks && (state.flagged || state.changes.length > 0)) || (!okPacket && state.flagged)) flags |= ServerStatus.SESSION_STATE_CHANGED;
    return flags;
  }

  private get tracksSessionState(): boolean {
    return hasCapability(this.conn.capabilities, Capability.SESSION_TRACK);
  }

  /** The session-state-info of an OK packet, once: the changes are then reported. */
  private takeSessionState(): Buffer | undefined {
    if (!this.tracksSessionState) return undefined;
    const { changes } = this.session.sessionState();
    this.session.clearSessionState();
    return changes.length > 0 ? writeSessionState(changes) : undefined;
  }

  /** A command begins: a client without CLIENT_SESSION_TRACK was never told of earlier changes, so none stay pending. */
  beginCommand(): void {
    if (!this.tracksSessionState) this.session.clearSessionState();
  }

  /** The warning count of the outcome being sent, when it was taken as the statement ended (sendOutcomes()). */
  private outcomeWarnings: number | undefined;

  private warnings(): number {
    return this.outcomeWarnings ?? this.session.warningCount();
  }

  sendOk(result: { affectedRows?: number; lastInsertId?: number; info?: string } = {}, more = false): void {
    const statusFlags = this.statusFlags(more);
    this.conn.write(
      writeOk(
        {
          affectedRows: result.affectedRows ?? 0,
          lastInsertId: result.lastInsertId ?? 0,
          statusFlags,
          warnings: this.warnings(),
          info: result.info,
          sessionState: this.takeSessionState(),
        },
        this.conn.capabilities,
      ),
    );
  }

  /** The end of a column list or of rows: EOF, or an OK with 0xFE under CLIENT_DEPRECATE_EOF (which carries session state). */
  sendEnd(more = false, noIndexUsed = false): void {
    const statusFlags = this.statusFlags(more, noIndexUsed, this.deprecateEof);
    if (this.deprecateEof) {
      this.conn.write(writeOk({ statusFlags, warnings: this.warnings(), sessionState: this.takeSessionState() }, this.conn.capabilities, 0xfe));
    } else {
      this.conn.write(writeEof(this.warnings(), statusFlags));
    }
  }

  /** Column definitions, then (without CLIENT_DEPRECATE_EOF) an EOF with the status the final one will have. */
  private sendColumns(columns: readonly ColumnDef[], more = false, noIndexUsed = false): void {
    const { collationId, extendedMetadata } = this.conn;
    this.conn.writePackets(columns.length, (w, i) => writeColumnDefinition41To(w, columns[i]!, collationId, extendedMetadata));
    if (!this.deprecateEof) this.conn.write(writeEof(this.warnings(), this.statusFlags(more, noIndexUsed, false)));
  }

  sendResult(result: StatementResult, more: boolean, binary = false): void {
    if (result.kind === 'ok') {
      this.sendOk(result, more);
      return;
    }
    this.conn.write(writeColumnCount(result.columns.length));
    this.sendColumns(result.columns, more, result.noIndexUsed || result.scanPlanned);
    for (const row of result.rows) {
      this.conn.write(binary ? writeBinaryRow(result.columns, row) : writeTextRow(row));
    }
    this.sendEnd(more, result.noIndexUsed);
  }

  sendOutcomes(outcomes: StatementOutcome[], binary = false): void {
    for (let i = 0; i < outcomes.length; i++) this.sendOutcome(outcomes[i]!, i < outcomes.length - 1, binary);
  }

  /** One statement's result or error; `more`: another statement's answer follows (MORE_RESULTS_EXISTS). */
  sendOutcome(o: StatementOutcome, more: boolean, binary = false): void {
    const { logger } = this.conn;
    if (logger.isLevelEnabled('debug')) {
      // One line per statement, after the parse: an unparsed statement's text is never logged.
      const code = 'error' in o ? o.error.code : undefined;
      const fields = o.logText ? { sql: o.logText() } : { sql: null, bytes: Buffer.byteLength(o.statement) };
      logger.debug({ event: 'query', id: this.session.id, ...fields, ...(code ? { code } : {}) }, 'query');
    }
    if (!('error' in o)) {
      this.outcomeWarnings = o.warnings;
      try {
        this.sendResult(o.result, more, binary);
      } finally {
        this.outcomeWarnings = undefined;
      }
      return;
    }
    if (o.error.code === 1820) {
      const statement = o.logText?.() ?? '(statement not logged)';
      this.conn.logger.info({ event: 'sandbox', id: this.session.id, statement, code: 1820 }, `sandbox refused statement with 1820: ${statement}`);
    }
    this.conn.sendError(o.error);
  }

  allocateStatementId(): number {
    return this.nextStatementId++;
  }
}

type Handler = (body: Buffer, ctx: CommandContext) => Promise<boolean> | boolean;

const comQuit: Handler = (_body, ctx) => {
  ctx.conn.markQuit();
  ctx.conn.close();
  return false;
};

const comPing: Handler = (_body, ctx) => {
  ctx.sendOk();
  return true;
};

const comQuery: Handler = (body, ctx) => {
  const { query } = parseComQuery(body, ctx.conn.capabilities);
  const multiStatements = hasCapability(ctx.conn.capabilities, Capability.MULTI_STATEMENTS);
  if (multiStatements) return multiStatementQuery(query, ctx);
  const outcomes = ctx.session.query(query, false);
  if (outcomes instanceof Promise) {
    return outcomes.then((o) => {
      ctx.sendOutcomes(o);
      return true;
    });
  }
  ctx.sendOutcomes(outcomes);
  return true;
};

/**
 * Statements in one COM_QUERY, each answered as it ends, as MySQL answers
 * each before it parses the next: every STATEMENTS_PER_TURN statements the
 * answers so far leave and the event loop's turn goes to other sessions, or,
 * when the client has not read them, the run waits for it to drain (up to
 * net_write_timeout). 100,000 `SELECT 1;` in one packet held every other
 * session for 1.2 s and queued 100,000 result sets before any left.
 */
function multiStatementQuery(query: string, ctx: CommandContext): boolean | Promise<boolean> {
  let sent = 0;
  const done = ctx.session.query(query, true, (outcome, more) => {
    ctx.sendOutcome(outcome, more);
    if (!more || ++sent % STATEMENTS_PER_TURN !== 0) return undefined;
    return ctx.conn.waitUntilDrained() ?? nextTurn();
  });
  return done instanceof Promise ? done.then(() => true) : true;
}

/** How many statements of a multi-statement text run between two turns of the event loop. */
const STATEMENTS_PER_TURN = 64;

const comInitDb: Handler = async (body, ctx) => {
  const err = await ctx.session.useDatabase(body.toString('utf8'));
  if (err) ctx.conn.sendError(err);
  else ctx.sendOk();
  return true;
};

const comStatistics: Handler = (_body, ctx) => {
  const uptime = Math.floor(process.uptime());
  const text = `Uptime: ${uptime}  Threads: ${ctx.conn.openSessions}  Questions: 0  Slow queries: 0  Opens: 0  Flush tables: 1  Open tables: 0  Queries per second avg: 0.000`;
  ctx.conn.write(Buffer.from(text));
  return true;
};

const comResetConnection: Handler = (_body, ctx) => {
  ctx.session.reset();
  ctx.closePrepared();
  ctx.sendOk();
  return true;
};

const comSetOption: Handler = (body, ctx) => {
  const option = new PacketReader(body).u16();
  if (option === 0) ctx.conn.capabilities |= Capability.MULTI_STATEMENTS;
  else if (option === 1) ctx.conn.capabilities &= ~Capability.MULTI_STATEMENTS;
  else {
    ctx.conn.sendError(mysqlError('ER_UNKNOWN_COM_ERROR'));
    return true;
  }
  ctx.sendEnd();
  return true;
};

/**
 * COM_CHANGE_USER: a new login on the same connection, then its database.
 * On success the previous session ends. On failure MySQL sends the error
 * (1873 for a wrong password) and disconnects; MariaDB restores the previous
 * security context, answers the login's error and the session goes on.
 */
const comChangeUser: Handler = async (body, ctx) => {
  const req = parseComChangeUser(body, ctx.conn.capabilities);
  const previous = ctx.session;
  let next: SessionHandle | null = null;
  try {
    // Judged while the old session still holds its place: MySQL releases the old account's count only on success.
    next = await ctx.conn.changeUser(req.username, req.authPluginName, req.authResponse, req.attributes);
    if (req.database) {
      const err = await next.useDatabase(req.database);
      if (err) throw err;
    }
  } catch (err) {
    if (!(err instanceof MySqlError)) throw err;
    next?.close();
    if (ctx.conn.changeUserFailureKeepsSession) {
      ctx.conn.restoreSession(previous);
      ctx.conn.sendError(err);
      return true;
    }
    previous.close();
    const denied = err.code === 1045 && !next ? mysqlError('ER_ACCESS_DENIED_CHANGE_USER_ERROR', ...(err.args as (string | number)[])) : err;
    ctx.conn.refuse(denied);
    return false;
  }
  previous.close();
  ctx.session = next;
  ctx.closePrepared();
  ctx.sendOk();
  return true;
};

// ------------------------------------------------------------ prepared statements

/** Parameter definitions in COM_STMT_PREPARE_OK are placeholders: type VAR_STRING, binary. */
const PARAM_DEF: ColumnDef = { name: '?', type: ColumnType.VAR_STRING, charset: 63, flags: 0x80 };

const comStmtPrepare: Handler = (body, ctx) => {
  const sql = body.toString('utf8');
  let prepared: PreparedPlan | Promise<PreparedPlan>;
  try {
    prepared = ctx.session.prepare(sql);
  } catch (err) {
    return prepareFailed(err, ctx);
  }
  if (prepared instanceof Promise) return prepared.then((p) => answerPrepare(sql, p, ctx), (err: unknown) => prepareFailed(err, ctx));
  return answerPrepare(sql, prepared, ctx);
};

function prepareFailed(err: unknown, ctx: CommandContext): true {
  if (!(err instanceof MySqlError)) throw err;
  ctx.conn.sendError(err);
  return true;
}

/** COM_STMT_PREPARE_OK with its parameter and column definitions. */
function answerPrepare(sql: string, prepared: PreparedPlan, ctx: CommandContext): true {
  const id = ctx.allocateStatementId();
  try {
    ctx.addPrepared({ id, sql, paramCount: prepared.paramCount, plan: prepared, longData: new Map() });
  } catch (err) {
    if (!(err instanceof MySqlError)) throw err;
    ctx.conn.sendError(err);
    return true;
  }
  const columns = prepared.columns ?? [];
  ctx.conn.write(writeStmtPrepareOk(id, columns.length, prepared.paramCount, 0));
  const charset = ctx.conn.collationId;
  if (prepared.paramCount > 0) {
    ctx.conn.writePackets(prepared.paramCount, (w) => writeColumnDefinition41To(w, PARAM_DEF, charset, ctx.conn.extendedMetadata));
    if (!ctx.deprecateEof) ctx.conn.write(writeEof(0, ctx.statusFlags()));
  }
  if (columns.length > 0) {
    ctx.conn.writePackets(columns.length, (w, i) => writeColumnDefinition41To(w, columns[i]!, charset, ctx.conn.extendedMetadata));
    if (!ctx.deprecateEof) ctx.conn.write(writeEof(0, ctx.statusFlags()));
  }
  return true;
}

const comStmtExecute: Handler = async (body, ctx) => {
  const exec = parseComStmtExecute(
    body,
    (id) => ctx.prepared.get(id)?.paramCount,
    (id) => ctx.prepared.get(id)?.paramTypes,
    ctx.conn.capabilities,
    (id) => {
      const keys = ctx.prepared.get(id)?.longData.keys();
      return keys ? new Set(keys) : undefined;
    },
  );
  const stmt = ctx.prepared.get(exec.statementId);
  if (!stmt) {
    ctx.conn.sendError(mysqlError('ER_UNKNOWN_STMT_HANDLER', String(exec.statementId), 'mysqld_stmt_execute'));
    return true;
  }
  stmt.paramTypes = exec.paramTypes;
  const longDataError = stmt.longDataError;
  if (longDataError) {
    // mysqld_stmt_execute(): a statement in STMT_ERROR reports its saved error and forgets the data.
    stmt.longData.clear();
    stmt.longDataError = undefined;
    ctx.conn.sendError(longDataError);
    return true;
  }
  const params: SqlValue[] = exec.params.map((v, i) => {
    const data = stmt.longData.get(i);
    return data ? Buffer.concat(data.chunks, data.bytes).toString('utf8') : v;
  });
  stmt.longData.clear();
  ctx.sendOutcomes([await ctx.session.execute(stmt.plan, params)], true);
  return true;
};

const comStmtSendLongData: Handler = (body, ctx) => {
  const r = new PacketReader(body);
  const stmt = ctx.prepared.get(r.u32());
  const param = r.u16();
  if (stmt && stmt.longDataError) stmt.longData.set(param, stmt.longData.get(param) ?? { chunks: [], bytes: 0 });
  else if (stmt) {
    const data = stmt.longData.get(param) ?? { chunks: [], bytes: 0 };
    const chunk = r.restBytes();
    const max = Number(ctx.session.variable('max_allowed_packet'));
    if (data.bytes + chunk.length > max) {
      // Item_param::set_longdata(): the statement keeps the error for its next execute; nothing more is held.
      for (const d of stmt.longData.values()) {
        d.chunks = [];
        d.bytes = 0;
      }
      stmt.longData.set(param, { chunks: [], bytes: 0 });
      stmt.longDataError = mysqlError('ER_UNKNOWN_ERROR_TEXT', LONG_DATA_TOO_LONG);
    } else {
      data.chunks.push(Buffer.from(chunk));
      data.bytes += chunk.length;
      stmt.longData.set(param, data);
    }
  }
  return true; // no reply, by protocol
};

/** Item_param::set_longdata()'s message (ER_UNKNOWN_ERROR with its own text). */
const LONG_DATA_TOO_LONG =
  "Parameter of prepared statement which is set through mysql_send_long_data() is longer than 'max_allowed_packet' bytes";

const comStmtClose: Handler = (body, ctx) => {
  ctx.closePrepared(new PacketReader(body).u32());
  return true; // no reply, by protocol
};

const comStmtReset: Handler = (body, ctx) => {
  const id = new PacketReader(body).u32();
  const stmt = ctx.prepared.get(id);
  if (!stmt) {
    ctx.conn.sendError(mysqlError('ER_UNKNOWN_STMT_HANDLER', String(id), 'mysqld_stmt_reset'));
    return true;
  }
  stmt.longData.clear();
  stmt.longDataError = undefined;
  ctx.sendOk();
  return true;
};

const HANDLERS: Partial<Record<number, Handler>> = {
  [Command.QUIT]: comQuit,
  [Command.PING]: comPing,
  [Command.QUERY]: comQuery,
  [Command.INIT_DB]: comInitDb,
  [Command.STATISTICS]: comStatistics,
  [Command.RESET_CONNECTION]: comResetConnection,
  [Command.SET_OPTION]: comSetOption,
  [Command.CHANGE_USER]: comChangeUser,
  [Command.STMT_PREPARE]: comStmtPrepare,
  [Command.STMT_EXECUTE]: comStmtExecute,
  [Command.STMT_SEND_LONG_DATA]: comStmtSendLongData,
  [Command.STMT_CLOSE]: comStmtClose,
  [Command.STMT_RESET]: comStmtReset,
};

/** Commands the server never answers (mysqld_stmt_close, mysql_stmt_get_longdata). */
const NO_REPLY_COMMANDS: ReadonlySet<number> = new Set([Command.STMT_CLOSE, Command.STMT_SEND_LONG_DATA]);

/** The Com_xxx counters of the commands that are not statements (sql_parse.cc dispatch_command). */
const COMMAND_COUNTERS: Partial<Record<number, string>> = {
  [Command.STMT_PREPARE]: 'Com_stmt_prepare',
  [Command.STMT_EXECUTE]: 'Com_stmt_execute',
  [Command.STMT_CLOSE]: 'Com_stmt_close',
  [Command.STMT_RESET]: 'Com_stmt_reset',
  [Command.STMT_SEND_LONG_DATA]: 'Com_stmt_send_long_data',
  [Command.CHANGE_USER]: 'Com_change_user',
  [Command.INIT_DB]: 'Com_change_db',
  [Command.RESET_CONNECTION]: 'Com_reset',
};

/**
 * Runs one command packet. Returns false when the connection should end. A
 * handler that finishes synchronously (COM_PING, most COM_QUERYs) is
 * answered synchronously: no promise is made unless one is needed.
 */
export function dispatchCommand(payload: Buffer, ctx: CommandContext): boolean | Promise<boolean> {
  const command = payload[0]!;
  const body = payload.subarray(1);
  const handler = HANDLERS[command];
  const counter = COMMAND_COUNTERS[command];
  if (counter) ctx.conn.server.status.add(counter, 1, ctx.session.status);
  ctx.beginCommand();
  if (!ctx.session.allowsCommand(command)) {
    ctx.conn.logger.info(
      { event: 'sandbox', id: ctx.session.id, command: commandName(command), code: 1820 },
      `sandbox refused ${commandName(command)} with 1820`,
    );
    ctx.conn.sendError(mysqlError('ER_MUST_CHANGE_PASSWORD'));
    return true;
  }
  if (!handler) {
    ctx.conn.sendError(mysqlError('ER_UNKNOWN_COM_ERROR'));
    return true;
  }
  // A large command (a megabyte of SQL) may cost a good part of a second to parse and run: it waits
  // for a turn of the event loop of its own, so several arriving together cannot add up to one long pause.
  if (payload.length > LARGE_COMMAND_BYTES) return inTurn(() => runHandler(handler, command, body, ctx)).then((answer) => answer);
  return runHandler(handler, command, body, ctx);
}

/**
 * Commands longer than this (bytes) run in a turn of their own (src/turns.ts): about 5 ms of
 * parsing at most runs unqueued, and what a GUI sends is far shorter.
 */
export const LARGE_COMMAND_BYTES = 16 * 1024;

function runHandler(handler: Handler, command: number, body: Buffer, ctx: CommandContext): boolean | Promise<boolean> {
  const mark = ctx.conn.mark();
  let answer: boolean | Promise<boolean>;
  try {
    answer = handler(body, ctx);
  } catch (err) {
    return commandFailed(err, command, mark, ctx);
  }
  if (typeof answer === 'boolean') return answer;
  return answer.catch((err: unknown) => commandFailed(err, command, mark, ctx));
}

/** A handler failed: the partial answer is taken back and the client gets an error; the session goes on. */
function commandFailed(err: unknown, command: number, mark: ReplyMark, ctx: CommandContext): boolean {
  if (!ctx.conn.rollback(mark)) {
    // Part of the answer already left: the only clean way out is to close, as MySQL does on a broken write.
    ctx.conn.logger.error({ event: 'internal-error', id: ctx.session.id, err: String(err) }, 'reply failed half-way: connection closed');
    ctx.conn.close();
    return false;
  }
  if (err instanceof TruncatedPacketError) {
    // COM_STMT_CLOSE and COM_STMT_SEND_LONG_DATA never have a reply, not even an error:
    // the client would read it as the answer to its next command.
    if (!NO_REPLY_COMMANDS.has(command)) ctx.conn.sendError(mysqlError('ER_MALFORMED_PACKET'));
    return true;
  }
  // A fault of ours is a MySQL error for this command; the session goes on.
  ctx.conn.sendError(asMySqlError(err, { server: { logger: ctx.conn.logger }, session: ctx.session }));
  return true;
}

export function commandName(command: number): string {
  const entry = Object.entries(Command).find(([, v]) => v === command);
  return entry ? `COM_${entry[0]}` : `0x${command.toString(16).padStart(2, '0')}`;
}
