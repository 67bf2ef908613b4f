/**
 * The public API: start an emulator from any test framework.
 *
 *   const mysql = await startEmulator();            // 127.0.0.1, a free port
 *   await mysql.sql("CREATE USER 'app'@'%' IDENTIFIED BY 'pw' PASSWORD EXPIRE");
 *   mysql.clock.advance(91 * DAY_MS);
 *   await mysql.close();
 */
import type { Clock } from './clock.js';
import type { Directory } from './accounts/directory.js';
import type { EmulatorOptions } from './config/options.js';
import { MySqlError } from './errors/mysql-error.js';
import { createInstance, seedAccounts, upgrade } from './server/instance.js';
import { EmulatorServer } from './server/server.js';
import type { ColumnDef, SqlValue } from './wire/result.js';

export type { EmulatorOptions } from './config/options.js';
export type { Clock } from './clock.js';
export type { Directory } from './accounts/directory.js';
export { DAY_MS } from './clock.js';
export { MySqlError } from './errors/mysql-error.js';
export { PROFILES, type ProfileName } from './config/profiles.js';

/** What `sql()` returns: rows as objects keyed by column name, or the OK counters. */
export interface SqlResult {
  columns: ColumnDef[];
  rows: Record<string, SqlValue>[];
  affectedRows: number;
  info: string;
}

export interface Emulator {
  readonly host: string;
  readonly port: number;
  /** mysql://root[:password]@host:port/ (the server admin on a managed-service profile) */
  readonly url: string;
  /** The root password, including a generated one (randomRootPassword); '' on a platform without root (Azure). */
  readonly rootPassword: string;
  /** The administrator a user logs in as: 'root', or a managed service's server admin (Azure: adminUser). */
  readonly adminUser: string;
  /** The administrator's password, including a generated one. */
  readonly adminPassword: string;
  /**
   * Runs SQL as root@localhost (on a managed service, as its own management
   * account, e.g. azure_superuser, as the platform's control plane would).
   * Several statements may be separated by ';'; the last result is returned.
   * Rejects with MySqlError.
   */
  sql(text: string): Promise<SqlResult>;
  /** The emulator's clock: move it to age passwords and lock times. */
  readonly clock: Clock;
  /** Stops accepting, closes every session, and releases the port. */
  close(): Promise<void>;
  /**
   * The emulated LDAP directory behind authentication_ldap_simple: `set(dn, password)`
   * (effective for the next login; resolves once hashed) and `delete(dn)`.
   */
  readonly directory: Directory;
  /** The underlying server, for advanced use. */
  readonly server: EmulatorServer;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const instance = createInstance(options);
  const server = new EmulatorServer(instance, options);
  const { directory } = instance;
  if (options.directory) await directory.load(options.directory);
  const { rootPassword, admin: adminAccount, control } = seedAccounts(instance, options);
  // The API's statements run as root@localhost (or the platform's account) in a session of their own, not in the process list.
  const admin = instance.sessionLayer.detached({
    id: 1,
    user: control.user,
    clientHost: control.host,
    accountUser: control.user,
    accountHost: control.host,
    secure: true,
    capabilities: 0,
    attributes: {},
    sandboxed: false,
  });
  const sql = async (text: string): Promise<SqlResult> => {
    const outcomes = await admin.query(text, true);
    const last = outcomes[outcomes.length - 1];
    if (!last) return { columns: [], rows: [], affectedRows: 0, info: '' };
    if ('error' in last) throw last.error;
    if (last.result.kind === 'ok') return { columns: [], rows: [], affectedRows: last.result.affectedRows ?? 0, info: last.result.info ?? '' };
    const { columns, rows } = last.result;
    return {
      columns,
      rows: rows.map((r) => Object.fromEntries(columns.map((c, i) => [c.name, r[i] ?? null]))),
      affectedRows: 0,
      info: '',
    };
  };
  if (options.initSql) {
    try {
      await sql(options.initSql);
    } catch (err) {
      await server.close();
      throw err instanceof MySqlError ? new Error(`init file failed: ERROR ${err.code} (${err.sqlState}): ${err.message}`) : err;
    }
  }
  if (options.upgrade) upgrade(instance);
  const { host, port } = await server.listen();
  const adminUser = encodeURIComponent(adminAccount.user);
  const auth = adminAccount.password ? `${adminUser}:${encodeURIComponent(adminAccount.password)}` : adminUser;
  return {
    host,
    port,
    url: `mysql://${auth}@${host}:${port}/`,
    rootPassword,
    adminUser: adminAccount.user,
    adminPassword: adminAccount.password,
    sql,
    clock: instance.clock,
    directory,
    close: () => server.close(),
    server,
  };
}
