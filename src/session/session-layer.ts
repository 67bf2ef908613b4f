/**
 * The session layer of one server: opens a Session for each login, keeps
 * the process list, and answers the command loop's requests (the
 * protocol's SessionFactory / SessionHandle, satisfied structurally).
 */
import type { Account, AuthId } from '../accounts/account.js';
import { parseMandatoryRoles, rolesAtLogin } from '../accounts/roles.js';
import { isOn } from '../config/variables.js';
import type { SessionStatus } from '../config/status.js';
import { hasGlobalPrivilege } from '../accounts/privileges.js';
import { charsetInfo, profileCollationById } from '../config/charsets.js';
import { mysqlError, type MySqlError } from '../errors/mysql-error.js';
import type { SessionConnection, SqlServer } from '../sql/context.js';
import type { ExecContext } from '../sql/exec/execute.js';
import { quoteIdentifier } from '../sql/parse/quote.js';
import { accountHandlers } from '../sql/statements/handlers.js';
import { Capability, hasCapability } from '../wire/capabilities.js';
import type { SessionStateChange } from '../wire/packets.js';
import type { OutcomeSink, SqlValue, StatementOutcome } from '../wire/result.js';
import { prepareStatement, runPrepared, runQuery, type PreparedStatement } from './pipeline.js';
import { commandAllowedInSandbox } from './sandbox-gate.js';
import type { ProcessList } from './process-list.js';
import { Session } from './session.js';
import type { UserConnections } from './user-resources.js';

/** What the session layer reads of the server: the SQL view, with the process list it keeps. */
export interface SessionServer extends SqlServer {
  readonly sessions: ProcessList;
  readonly userConnections: UserConnections;
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
  /** The collation id of the handshake response (0 or unknown: the server's defaults). */
  collation?: number;
  sandboxed: boolean;
  /** The connection, which KILL CONNECTION closes. */
  connection?: SessionConnection;
  /** The connection's TLS session, when over TLS. */
  tls?: SessionStatus['tls'];
  /** COM_CONNECT only: the server's open connections, this one included. */
  connections?: number;
}

/** One logged-in session as the command loop drives it. */
/** What sessionState() reports (protocol/handler.ts SessionStateReport). */
type SessionStateReport = { readonly changes: readonly SessionStateChange[]; readonly flagged: boolean };
/** sessionState() when nothing is pending. */
const NO_STATE_CHANGE: SessionStateReport = { changes: [], flagged: false };

export class SessionHandleImpl {
  readonly session: Session;
  private readonly ctx: ExecContext;

  constructor(
    private readonly layer: SessionLayer,
    init: SessionInit,
  ) {
    this.session = new Session(init);
    // sql_connect.cc: an interactive client's wait_timeout is interactive_timeout.
    if (hasCapability(init.capabilities, Capability.INTERACTIVE)) {
      this.session.variables.set('wait_timeout', layer.server.variables.get('interactive_timeout', 'global'));
    }
    if (init.tls) this.session.tls = init.tls;
    this.session.attributes = init.attributes;
    this.session.sandboxed = init.sandboxed;
    this.session.activeRoles = loginRoles(layer.server, init.accountUser, init.accountHost);
    if (init.collation) useClientCollation(this.session, init.collation, layer.server);
    // acl_authenticate(): CLIENT_IGNORE_SPACE adds IGNORE_SPACE to the session's sql_mode (mysql2 sends it).
    if (hasCapability(init.capabilities, Capability.IGNORE_SPACE)) {
      const mode = String(layer.server.variables.get('sql_mode', 'global') ?? '');
      layer.server.variables.set('sql_mode', 'session', mode === '' ? 'IGNORE_SPACE' : `IGNORE_SPACE,${mode}`, this.session);
    }
    if (init.connection) this.session.connection = init.connection;
    // The login sets these past the session tracker (thd_init_client_charset(), acl_authenticate()'s
    // sql_mode |= IGNORE_SPACE assign the variables directly): its OK reports no change (a real
    // MariaDB 10.11's login OK is 7 bytes whatever the handshake's collation and flags).
    this.session.pendingState.variables.length = 0;
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

  query(sql: string, multiStatements: boolean, sink?: OutcomeSink): StatementOutcome[] | Promise<StatementOutcome[]> {
    return runQuery(sql, this.ctx, multiStatements, true, sink);
  }

  prepare(sql: string): PreparedStatement | Promise<PreparedStatement> {
    return prepareStatement(sql, this.ctx);
  }

  execute(plan: PreparedStatement, params: readonly SqlValue[]): Promise<StatementOutcome> {
    return runPrepared(plan, params, this.ctx);
  }

  async useDatabase(database: string): Promise<MySqlError | null> {
    // mysql_change_db(): an empty name is "No database selected".
    if (database === '') return mysqlError('ER_NO_DB_ERROR');
    const [outcome] = await runQuery(`USE ${quoteIdentifier(database)}`, this.ctx, false, false);
    return outcome && 'error' in outcome ? outcome.error : null;
  }

  reset(): void {
    const s = this.session;
    s.variables.clear();
    s.resultsCollation = undefined;
    s.clearUserVariables();
    s.diagnostics = [];
    s.inheritedConditions = 0;
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

  /** The warning count of the statement's OK/EOF packet. */
  warningCount(): number {
    return this.session.statementWarningCount();
  }

  variable(name: string): SqlValue {
    return this.layer.server.variables.get(name, 'default', this.session);
  }

  /**
   * The tracked changes as Session_tracker::store() lists them: the system
   * variables named by session_track_system_variables ('*': all), with their
   * values as SHOW VARIABLES shows them, then the current schema when
   * session_track_schema is ON. Variables are listed by name: both servers
   * keep them in a hash table (Session_sysvars_tracker), whose order a
   * client cannot rely on (a real MariaDB 10.11 reports SET NAMES's three
   * in different orders on different connections).
   */
  sessionState(): SessionStateReport {
    const { pendingState } = this.session;
    // The common case (every SELECT 1): nothing changed, nothing to build.
    if (pendingState.variables.length === 0 && !pendingState.schema && !pendingState.flagged) return NO_STATE_CHANGE;
    const changes: SessionStateChange[] = [];
    // 5.6 has no session state tracker.
    if (!this.layer.server.variables.definition('session_track_schema')) return { changes, flagged: false };
    if (pendingState.variables.length > 0) {
      const vars = this.layer.server.variables;
      const list = String(this.variable('session_track_system_variables') ?? '').toLowerCase();
      const tracked = new Set(list.split(',').map((v) => v.trim()));
      const names = pendingState.variables.filter((n) => tracked.has('*') || tracked.has(n));
      names.sort();
      for (const name of names) changes.push({ type: 'variable', name, value: vars.display(name, this.session) });
    }
    if (pendingState.schema && isOn(this.variable('session_track_schema'))) changes.push({ type: 'schema', name: this.session.database ?? '' });
    return { changes, flagged: pendingState.flagged };
  }

  clearSessionState(): void {
    const { pendingState } = this.session;
    pendingState.variables.length = 0;
    pendingState.schema = false;
    pendingState.flagged = false;
  }

  close(): void {
    const { server } = this.layer;
    server.sessions.remove(this.session);
    const uc = this.session.userConn;
    if (uc) {
      this.session.userConn = null;
      server.userConnections.release(uc, server.accounts.get(uc.user, uc.host));
    }
  }
}

/**
 * The handshake's collation becomes the session's character_set_client,
 * character_set_connection, collation_connection and character_set_results
 * (thd_init_client_charset(), MySQL and MariaDB alike); a collation the
 * server does not know, or the one it uses already, leaves the global
 * values. A client that sends utf8mb4_unicode_ci (224, mysql2) gets string
 * results announced in 224.
 */
function useClientCollation(session: Session, id: number, server: SessionServer): void {
  const collation = profileCollationById(server.profile, id);
  if (!collation) return;
  // ucs2, utf16 and utf32 cannot be a client character set: the server keeps its own.
  if ((charsetInfo(collation.charset)?.minLen ?? 1) > 1) return;
  const { variables } = server;
  if (variables.get('collation_connection', 'global') === collation.name && variables.get('character_set_results', 'global') === collation.charset) return;
  for (const name of ['character_set_client', 'character_set_connection', 'character_set_results']) variables.set(name, 'session', collation.charset, session);
  variables.set('collation_connection', 'session', collation.name, session);
  session.resultsCollation = collation.id;
}

/**
 * The roles a session starts with (acl_authenticate()): MySQL's default
 * roles, or with activate_all_roles_on_login every granted and mandatory
 * role; MariaDB's default role while it is still granted.
 */
function loginRoles(server: SessionServer, user: string, host: string): AuthId[] {
  const account = server.accounts.get(user, host);
  if (!account) return [];
  const model = server.profile.roleStatements;
  if (model === 'mariadb') return rolesAtLogin(account, [], false);
  if (model !== 'mysql') return [];
  const find = (u: string, h: string) => server.accounts.get(u, h);
  const mandatoryText = String(server.variables.get('mandatory_roles', 'global') ?? '');
  const mandatory = mandatoryText === '' ? [] : parseMandatoryRoles(mandatoryText, find);
  return rolesAtLogin(account, mandatory, isOn(server.variables.get('activate_all_roles_on_login', 'global')));
}

/** SUPER, CONNECTION_ADMIN or SERVICE_CONNECTION_ADMIN: the account may take the connection kept above max_connections. */
function mayUseReservedConnection(account: Account | undefined): boolean {
  return ['SUPER', 'CONNECTION_ADMIN', 'SERVICE_CONNECTION_ADMIN'].some((p) => hasGlobalPrivilege(account, p));
}

/** Opens sessions of one server and keeps its process list. */
export class SessionLayer {
  constructor(readonly server: SessionServer) {}

  /**
   * A session for a login, listed in the process list until close(). First
   * the account's resource limits (1203, 1226), then, for a new connection,
   * max_connections: the connection above it is kept for an account with
   * SUPER or CONNECTION_ADMIN (1040), as acl_authenticate() checks after the
   * password. Throws the MySqlError, with nothing held.
   */
  open(init: SessionInit): SessionHandleImpl {
    const { server } = this;
    const account = server.accounts.get(init.accountUser, init.accountHost);
    const uc = account
      ? server.userConnections.connect(account, Number(server.variables.get('max_user_connections', 'global')) || 0, server.clock.now())
      : null;
    if (init.connections !== undefined && !mayUseReservedConnection(account)) {
      const max = Number(server.variables.get('max_connections', 'global'));
      if (init.connections > max) {
        if (uc) server.userConnections.release(uc, account);
        server.status.add('Connection_errors_max_connections');
        throw mysqlError('ER_CON_COUNT_ERROR');
      }
    }
    const handle = new SessionHandleImpl(this, init);
    handle.session.userConn = uc;
    this.server.sessions.add(handle.session);
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
