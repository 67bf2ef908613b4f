/**
 * Status variables (SHOW [GLOBAL|SESSION] STATUS, performance_schema
 * global_status / session_status): the server's list from its table
 * (config/system-variables/), counters the layers keep live (Connections,
 * Aborted_*, Bytes_*, Questions, Com_*, Ssl_*, Threads_*), and values
 * computed when read (Uptime, Threads_connected, the session's TLS).
 */
import { statusVariableTable, type VariableTable } from './system-variables/index.js';

/** A session's own counters and TLS session, as SHOW SESSION STATUS reads them. */
export interface SessionStatus {
  /** The session's counters but Bytes_*, made by the first one counted (an idle login has none). */
  counters: Map<string, number> | null;
  /** Bytes_received and Bytes_sent: fields, as they change with every packet. */
  bytesReceived: number;
  bytesSent: number;
  /** The connection's TLS session: cipher and protocol version, '' over plain TCP. */
  readonly tls?: { cipher: string; version: string; cipherList?: string; notBefore?: string; notAfter?: string };
}

/** What is computed when read rather than counted. */
export interface LiveStatus {
  /** Open sessions (Threads_connected). */
  threadsConnected: number;
}

/** A status row: its name and its value as SHOW STATUS prints it. */
export interface StatusRow {
  name: string;
  value: string;
}

/** Status variables whose value is not a number, and what a fresh server shows. */
const TEXT_DEFAULTS: Record<string, string> = {
  Compression: 'OFF',
  Compression_algorithm: '',
  Current_tls_ca: 'ca.pem',
  Current_tls_capath: '',
  Current_tls_cert: 'server-cert.pem',
  Current_tls_cipher: '',
  Current_tls_ciphersuites: '',
  Current_tls_crl: '',
  Current_tls_crlpath: '',
  Current_tls_key: 'server-key.pem',
  Current_tls_version: 'TLSv1.2,TLSv1.3',
  Innodb_buffer_pool_dump_status: 'Dumping of buffer pool not started',
  Innodb_buffer_pool_load_status: 'Buffer pool(s) load completed',
  Innodb_buffer_pool_resize_status: '',
  Innodb_redo_log_enabled: 'ON',
  Innodb_redo_log_read_only: 'OFF',
  Innodb_redo_log_resize_status: 'OK',
  Innodb_redo_log_uuid: '1075899837',
  Innodb_system_rows_deleted: '0',
  Last_query_cost: '0.000000',
  Mysqlx_address: '::',
  Mysqlx_port: '33060',
  Mysqlx_socket: '/var/run/mysqld/mysqlx.sock',
  Mysqlx_ssl_cipher_list: '',
  Mysqlx_ssl_ctx_verify_depth: '18446744073709551615',
  Mysqlx_ssl_ctx_verify_mode: '5',
  Mysqlx_ssl_server_not_after: '',
  Mysqlx_ssl_server_not_before: '',
  Mysqlx_ssl_verify_depth: '',
  Mysqlx_ssl_verify_mode: '',
  Mysqlx_ssl_version: '',
  Rpl_semi_sync_master_status: 'OFF',
  Rsa_public_key: '',
  Caching_sha2_password_rsa_public_key: '',
  Ssl_cipher: '',
  Ssl_cipher_list: '',
  Ssl_server_not_after: '',
  Ssl_server_not_before: '',
  Ssl_session_cache_mode: 'SERVER',
  Ssl_version: '',
  Telemetry_traces_supported: 'OFF',
  Tls_library_version: 'OpenSSL 3.0.13 30 Jan 2024',
  Tls_sni_server_name: '',
  Slave_running: 'OFF',
  Binlog_snapshot_file: '',
  Binlog_snapshot_position: '0',
  Binlog_snapshot_gtid_executed: 'not-in-consistent-snapshot',
  Innodb_have_punch_hole: 'ON',
  Resource_group_supported: 'ON',
  Ssl_session_cache_timeout: '300',
};

/** The global counters FLUSH STATUS zeroes: plain server counters, not sums of sessions' (reset_status_vars()). */
const RESET_BY_FLUSH_STATUS = /^(Aborted_clients|Aborted_connects|Locked_connects|Connection_errors_\w+)$/;

/** The status variables of one server instance. */
export class ServerStatus {
  private readonly names: { name: string; scope: 'global' | 'session' | 'both' }[];
  private readonly global = new Map<string, number>();
  private readonly text = new Map<string, string>();
  /** Real time the server started (Uptime counts real seconds, as MySQL's). */
  readonly startedAt: number;

  constructor(table: VariableTable, now: () => number = Date.now) {
    this.names = statusVariableTable(table);
    this.startedAt = now();
    this.now = now;
  }

  private readonly now: () => number;
  private bytesReceived = 0;
  private bytesSent = 0;

  /** Adds `n` to a counter, globally and for the session when given (Com_select, Questions, ...; not Bytes_*). */
  add(name: string, n = 1, session?: SessionStatus): void {
    this.global.set(name, (this.global.get(name) ?? 0) + n);
    if (session) {
      const counters = (session.counters ??= new Map());
      counters.set(name, (counters.get(name) ?? 0) + n);
    }
  }

  /** Bytes_received: `n` bytes read from a client, counted globally and for its session once it has one. */
  addBytesReceived(n: number, session: SessionStatus | undefined): void {
    this.bytesReceived += n;
    if (session) session.bytesReceived += n;
  }

  /** Bytes_sent: `n` bytes written to a client, counted globally and for its session once it has one. */
  addBytesSent(n: number, session: SessionStatus | undefined): void {
    this.bytesSent += n;
    if (session) session.bytesSent += n;
  }

  /** Raises a high-water mark (Max_used_connections). */
  max(name: string, value: number): void {
    if (value > (this.global.get(name) ?? 0)) this.global.set(name, value);
  }

  /** Sets a text value (Max_used_connections_time, Current_tls_*). */
  setText(name: string, value: string): void {
    this.text.set(name, value);
  }

  /**
   * FLUSH STATUS (sql_reload.cc refresh_status()): the session's counters
   * start over (their global sums stay), the server's own counters
   * (Aborted_*, Locked_connects, Connection_errors_*) are zeroed, and
   * Max_used_connections becomes the connections open now.
   */
  flush(session: SessionStatus, openConnections: number): void {
    session.counters = null;
    session.bytesReceived = 0;
    session.bytesSent = 0;
    for (const name of this.global.keys()) if (RESET_BY_FLUSH_STATUS.test(name)) this.global.set(name, 0);
    this.global.set('Max_used_connections', openConnections);
  }

  /** A counter's global value. */
  get(name: string): number {
    if (name === 'Bytes_received') return this.bytesReceived;
    if (name === 'Bytes_sent') return this.bytesSent;
    return this.global.get(name) ?? 0;
  }

  /**
   * SHOW GLOBAL STATUS (scope 'global') or SHOW [SESSION] STATUS: every
   * status variable of the server, sorted by name. Session scope shows the
   * session's own counters for per-session variables and the global value
   * for the rest, as MySQL does.
   */
  list(scope: 'global' | 'session', live: LiveStatus, session?: SessionStatus): StatusRow[] {
    const uptime = String(Math.max(0, Math.floor((this.now() - this.startedAt) / 1000)));
    const rows: StatusRow[] = [];
    for (const { name, scope: s } of this.names) {
      if (scope === 'global' && s === 'session') continue;
      rows.push({ name, value: this.value(name, scope === 'session' && s !== 'global' ? session : undefined, live, uptime) });
    }
    return rows.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** performance_schema.status_by_thread: the session-scoped status variables of one session, with its values. */
  byThread(live: LiveStatus, session: SessionStatus): StatusRow[] {
    const uptime = String(Math.max(0, Math.floor((this.now() - this.startedAt) / 1000)));
    return this.names
      .filter(({ scope }) => scope !== 'global')
      .map(({ name }) => ({ name, value: this.value(name, session, live, uptime) }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  private value(name: string, session: SessionStatus | undefined, live: LiveStatus, uptime: string): string {
    switch (name) {
      case 'Uptime':
      case 'Uptime_since_flush_status':
        return uptime;
      case 'Threads_connected':
        return String(live.threadsConnected);
      case 'Threads_running':
        return '1';
      // The connection's TLS session ('' over plain TCP, and globally).
      case 'Ssl_cipher':
        return session?.tls?.cipher ?? '';
      case 'Ssl_version':
        return session?.tls?.version ?? '';
      case 'Ssl_cipher_list':
        return session?.tls?.cipherList ?? '';
      // The server certificate: the connection's over TLS ('' over plain TCP); globally, the server's.
      case 'Ssl_server_not_after':
        return session ? session.tls?.notAfter ?? '' : this.text.get(name) ?? '';
      case 'Ssl_server_not_before':
        return session ? session.tls?.notBefore ?? '' : this.text.get(name) ?? '';
    }
    if (name === 'Bytes_received') return String(session ? session.bytesReceived : this.bytesReceived);
    if (name === 'Bytes_sent') return String(session ? session.bytesSent : this.bytesSent);
    const counted = session ? session.counters?.get(name) : this.global.get(name);
    if (counted !== undefined) return String(counted);
    return this.text.get(name) ?? TEXT_DEFAULTS[name] ?? '0';
  }
}

/**
 * The Com_xxx counter a statement counts in (sql_parse.cc's SQLCOM_* names),
 * by statement kind; null for statements MySQL does not count.
 */
export function comCounter(kind: string, detail?: string): string | null {
  switch (kind) {
    case 'select':
    case 'union':
      return 'Com_select';
    case 'set':
    case 'setTransaction':
      return 'Com_set_option';
    case 'show':
      return detail ? `Com_show_${detail}` : null;
    case 'use':
      return 'Com_change_db';
    case 'do':
      return 'Com_do';
    case 'kill':
      return 'Com_kill';
    case 'analyze':
      return 'Com_analyze';
    case 'transaction':
      return detail === 'begin' ? 'Com_begin' : detail === 'commit' ? 'Com_commit' : 'Com_rollback';
    case 'createUser':
      return 'Com_create_user';
    case 'alterUser':
      return 'Com_alter_user';
    case 'dropUser':
      return 'Com_drop_user';
    case 'renameUser':
      return 'Com_rename_user';
    case 'setPassword':
      return 'Com_set_password';
    case 'grant':
    case 'grantRole':
      return kind === 'grant' ? 'Com_grant' : 'Com_grant_roles';
    case 'revoke':
      return 'Com_revoke';
    case 'revokeRole':
      return 'Com_revoke_roles';
    case 'createRole':
      return 'Com_create_role';
    case 'dropRole':
      return 'Com_drop_role';
    case 'setRole':
      return 'Com_set_role';
    case 'setDefaultRole':
      return 'Com_alter_user_default_role';
    case 'showGrants':
      return 'Com_show_grants';
    case 'showCreateUser':
      return 'Com_show_create_user';
    case 'flushPrivileges':
      return 'Com_flush';
    case 'createDatabase':
      return 'Com_create_db';
    case 'dropDatabase':
      return 'Com_drop_db';
    case 'installComponent':
      return 'Com_install_component';
    case 'uninstallComponent':
      return 'Com_uninstall_component';
    case 'update':
      return 'Com_update';
    case 'delete':
      return 'Com_delete';
    case 'call':
      return 'Com_call_procedure';
    default:
      return null;
  }
}
