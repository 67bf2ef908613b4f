/**
 * The session layer of one server: opens a Session for each login, keeps
 * the process list, and answers the command loop's requests (the
 * protocol's SessionFactory / SessionHandle, satisfied structurally).
 */
import { mysqlError, type MySqlError } from '../errors/mysql-error.js';
import type { SqlServer } from '../sql/context.js';
import type { ExecContext } from '../sql/exec/execute.js';
import { quoteIdentifier } from '../sql/parse/quote.js';
import { accountHandlers } from '../sql/statements/handlers.js';
import type { SqlValue, StatementOutcome } from '../wire/result.js';
import { prepareStatement, runPrepared, runQuery, type PreparedStatement } from './pipeline.js';
import { commandAllowedInSandbox } from './sandbox-gate.js';
import { Session } from './session.js';

/** What the session layer reads of the server: the SQL view, with the process list it keeps. */
export interface SessionServer extends SqlServer {
  readonly sessions: Map<number, Session>;
}

/** Who is logging in, as the login decision established it. */
export interface SessionInit {
  id: number;
  user: string;
  clientHost: string;
  accountUser: string;
  accountHost: string;
  secure: boolean;
  capabilities: number;
  attributes: Record<string, string>;
  sandboxed: boolean;
  /** The connection's TLS session, when over TLS. */
  tls?: { cipher: string; version: string };
}

/** One logged-in session as the command loop drives it. */
export class SessionHandleImpl {
  readonly session: Session;
  private readonly ctx: ExecContext;

  constructor(
    private readonly layer: SessionLayer,
    init: SessionInit,
  ) {
    this.session = new Session(init);
    if (init.tls) this.session.tls = init.tls;
    this.session.attributes = init.attributes;
    this.session.sandboxed = init.sandboxed;
    this.ctx = { session: this.session, server: layer.server, accountHandlers };
  }

  get id(): number {
    return this.session.id;
  }

  /** This session's status counters (the protocol adds Bytes_* and Com_stmt_* here). */
  get status(): Session {
    return this.session;
  }

  enterSandbox(): void {
    this.session.sandboxed = true;
  }

  allowsCommand(command: number): boolean {
    return !this.session.sandboxed || commandAllowedInSandbox(command, this.layer.server.profile);
  }

  query(sql: string, multiStatements: boolean): Promise<StatementOutcome[]> {
    return runQuery(sql, this.ctx, multiStatements);
  }

  prepare(sql: string): PreparedStatement {
    return prepareStatement(sql, this.ctx);
  }

  execute(plan: PreparedStatement, params: readonly SqlValue[]): Promise<StatementOutcome> {
    return runPrepared(plan, params, this.ctx);
  }

  async useDatabase(database: string): Promise<MySqlError | null> {
    // mysql_change_db(): an empty name is "No database selected".
    if (database === '') return mysqlError('ER_NO_DB_ERROR');
    const [outcome] = await runQuery(`USE ${quoteIdentifier(database)}`, this.ctx, false);
    return outcome && 'error' in outcome ? outcome.error : null;
  }

  reset(): void {
    const s = this.session;
    s.variables.clear();
    s.userVariables.clear();
    s.diagnostics = [];
    s.inTransaction = false;
    s.lastInsertId = 0;
  }

  get autocommit(): boolean {
    const v = this.variable('autocommit');
    return v === 1 || v === 'ON';
  }

  get inTransaction(): boolean {
    return this.session.inTransaction;
  }

  warningCount(): number {
    return this.session.warningCount();
  }

  variable(name: string): SqlValue {
    return this.layer.server.variables.get(name, 'session', this.session);
  }

  close(): void {
    if (this.layer.server.sessions.get(this.session.id) === this.session) this.layer.server.sessions.delete(this.session.id);
  }
}

/** Opens sessions of one server and keeps its process list. */
export class SessionLayer {
  constructor(readonly server: SessionServer) {}

  /** A session for a login, listed in the process list until close(). */
  open(init: SessionInit): SessionHandleImpl {
    const handle = new SessionHandleImpl(this, init);
    this.server.sessions.set(init.id, handle.session);
    this.server.status.max('Max_used_connections', this.server.sessions.size);
    return handle;
  }

  /** A session that is not a connection (the API's sql()): not in the process list. */
  detached(init: SessionInit): SessionHandleImpl {
    return new SessionHandleImpl(this, init);
  }

  get openCount(): number {
    return this.server.sessions.size;
  }
}
