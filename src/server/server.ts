import { X509Certificate } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import type { Logger } from 'pino';
import { STATIC_PRIVILEGES, DYNAMIC_PRIVILEGES, type Account } from '../accounts/account.js';
import { AccountStore } from '../accounts/store.js';
import { hashPassword } from '../accounts/hash-password.js';
import { canLoadLdapSimple, defaultEnabledPlugins, LDAP_SIMPLE_PLUGIN } from '../auth/plugins.js';
import { Directory } from '../accounts/directory.js';
import { createClock, type Clock } from '../clock.js';
import type { EmulatorOptions } from '../config/options.js';
import { DEFAULT_PROFILE, getProfile, type Profile } from '../config/profiles.js';
import { formatTimeOffset, parseTimeOffset, SystemVariables } from '../config/variables.js';
import { installValidatePassword, registerComponentTable } from '../sql/statements/components.js';
import { registerAccountTables, upgradeEmptyPlugins } from '../sql/catalog/grant-tables.js';
import { registerOceanBaseViews } from '../sql/catalog/oceanbase.js';
import { hasOceanBaseSchema } from '../sql/parse/dialect.js';
import { mysqlError } from '../errors/mysql-error.js';
import { Connection } from '../protocol/connection.js';
import { encodePacket } from '../wire/framing.js';
import { writeErr } from '../wire/packets.js';
import type { ServerKeys } from './keys.js';
import { createLogger } from './logger.js';
import type { ServerState } from './state.js';

/** The schemas every server has. */
const SYSTEM_SCHEMAS = ['information_schema', 'mysql', 'performance_schema', 'sys'];

/** MySQL 8's locked system accounts carry this deliberately invalid credential. */
const INVALID_SYSTEM_PASSWORD = '$A$005$THISISACOMBINATIONOFINVALIDSALTANDPASSWORDTHATMUSTNEVERBRBEUSED';

/**
 * The listener: accepts connections, enforces max_connections, hands each
 * socket to a Connection, and shuts down cleanly.
 */
export class EmulatorServer {
  readonly state: ServerState;
  readonly clock: Clock;
  /** The generated root password, when randomRootPassword was asked for. */
  generatedRootPassword: string | null = null;
  private readonly listener: Server;
  private readonly connections = new Set<Connection>();
  private nextConnectionId = 8;
  private keysPromise: Promise<ServerKeys> | null = null;
  /** --ssl-ca, parsed once. */
  private readonly sslCa?: { pem: string; certificates: readonly X509Certificate[] };

  constructor(private readonly options: EmulatorOptions) {
    const profile: Profile = getProfile(options.profile ?? DEFAULT_PROFILE);
    // The clock and emulator_time_offset mirror each other, whichever moves first.
    this.clock = createClock(0, Date.now, (ms) => variables.setStartupValue('emulator_time_offset', formatTimeOffset(ms)));
    const logger: Logger = options.logger ?? createLogger(options.logLevel ?? 'info');
    // validate_password.* exist only once the component is loaded, so they are set after it.
    const [componentVariables, startupVariables] = partition(options.variables ?? {}, (name) => name.startsWith('validate_password.'));
    const variables = new SystemVariables(profile, startupVariables);
    this.state = {
      profile,
      clock: this.clock,
      variables,
      accounts: new AccountStore(this.clock),
      databases: new Set(SYSTEM_SCHEMAS),
      logger,
      sessions: new Map(),
      authPlugins: pluginsWith(profile, options.mysqlNativePassword, options.directory !== undefined),
      directory: new Directory(),
    };
    registerAccountTables(this.state);
    registerComponentTable(this.state);
    if (hasOceanBaseSchema(profile)) {
      this.state.databases.add('oceanbase');
      registerOceanBaseViews(this.state);
    }
    variables.onSet('emulator_time_offset', (value) => this.clock.setOffset(parseTimeOffset(String(value)) ?? 0));
    this.clock.setOffset(options.clockOffsetMs ?? 0);
    if (options.validatePassword) {
      if (profile.family !== 'mysql-8') throw new Error(`--validate-password needs a MySQL 8.0 or 8.4 profile, not ${profile.name}`);
      installValidatePassword(this.state, options.validatePassword);
    }
    for (const [name, value] of Object.entries(componentVariables)) variables.setStartupValue(name, value);
    if (options.sslCa) {
      const pems = options.sslCa.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
      if (pems.length === 0) throw new Error('--ssl-ca: no PEM certificate found');
      this.sslCa = { pem: options.sslCa, certificates: pems.map((pem) => new X509Certificate(pem)) };
    }
    this.listener = createServer((socket) => this.accept(socket));
    this.listener.on('error', (err) => logger.error({ err }, 'listener error'));
  }

  /** The RSA key pair and TLS certificate, generated once, after the port is open. */
  keys(): Promise<ServerKeys> {
    if (!this.keysPromise) {
      this.keysPromise = import('./keys.js').then((m) =>
        m.generateServerKeys({ tlsCertPem: this.options.sslCert, tlsKeyPem: this.options.sslKey }),
      );
    }
    return this.keysPromise;
  }

  async listen(): Promise<{ host: string; port: number }> {
    const host = this.options.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      this.listener.once('error', reject);
      this.listener.listen(this.options.port ?? 0, host, () => {
        this.listener.off('error', reject);
        resolve();
      });
    });
    const address = this.listener.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    this.state.variables.setStartupValue?.('port', port);
    this.state.variables.setStartupValue?.('bind_address', host);
    // Keys are generated in the background: nothing heavy runs before the port is open.
    if (this.options.tls !== false) setImmediate(() => void this.keys().catch((err) => this.state.logger.error({ err }, 'key generation failed')));
    return { host, port };
  }

  private accept(socket: Socket): void {
    socket.on('error', () => socket.destroy());
    const max = Number(this.state.variables.get('max_connections', 'global'));
    // One extra connection is kept for an administrator, as in MySQL.
    if (this.connections.size >= max + 1) {
      // Sent instead of the greeting: sequence 0 and no SQLSTATE marker.
      const err = mysqlError('ER_CON_COUNT_ERROR');
      socket.end(encodePacket(writeErr(err.code, err.sqlState, err.textFor(this.state.profile.family), false), 0).bytes);
      return;
    }
    const conn = new Connection(socket, {
      id: this.nextConnectionId++,
      server: this.state,
      keys: () => this.keys(),
      tls: this.options.tls !== false,
      sslCa: this.sslCa,
      connectTimeoutMs: Number(this.state.variables.get('connect_timeout', 'global')) * 1000,
      resolveNames: !this.options.skipNameResolve,
      onClose: (c) => this.connections.delete(c),
    });
    this.connections.add(conn);
    void conn.run();
  }

  /** Stops accepting, closes every session, and resolves when the port is released. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.listener.close(() => resolve()));
    for (const conn of this.connections) conn.close();
    this.connections.clear();
    await closed;
  }

  /** --upgrade: mysql_upgrade's fix of empty plugin columns, then FLUSH PRIVILEGES. */
  upgrade(): void {
    const changed = upgradeEmptyPlugins(this.state);
    this.state.logger.info({ event: 'upgrade', changed }, `upgrade: plugin column set for ${changed} mysql.user row(s)`);
  }

  /** Creates the accounts a fresh data directory has: root, the system accounts, and the image's user. */
  seedAccounts(): void {
    const { accounts, profile, logger } = this.state;
    const plugin = profile.defaultAuthPlugin;
    let rootPassword = this.options.rootPassword ?? '';
    if (this.options.randomRootPassword) {
      rootPassword = randomPassword(32);
      this.generatedRootPassword = rootPassword;
    }
    const rootHash = hashPassword(plugin, rootPassword);
    const root = accounts.create('root', 'localhost', plugin, rootHash);
    grantAll(root);
    // mysqld --initialize grants root@localhost PROXY on the anonymous account (MariaDB: ''@'%').
    root.proxyGrants.push({ user: '', host: profile.isMariaDb ? '%' : '', grantOption: true });
    if (rootPassword !== '') grantAll(accounts.create('root', '%', plugin, rootHash));
    else {
      logger.warn(
        { event: 'bootstrap' },
        'root@localhost is created with an empty password ! Please consider switching off the --initialize-insecure option.',
      );
    }
    if (profile.family === 'mysql-8' || profile.family === 'oceanbase') {
      for (const user of ['mysql.infoschema', 'mysql.session', 'mysql.sys']) {
        const acc = accounts.create(user, 'localhost', 'caching_sha2_password', INVALID_SYSTEM_PASSWORD);
        acc.accountLocked = true;
        if (profile.family === 'mysql-8') grantSystemAccount(acc);
      }
    }
    if (this.options.database) this.state.databases.add(this.options.database);
    if (this.options.user) {
      const acc = accounts.create(this.options.user, '%', plugin, hashPassword(plugin, this.options.password ?? ''));
      if (this.options.database) {
        acc.databasePrivileges.set(this.options.database, { privileges: new Set(['ALL PRIVILEGES']), grantOption: false });
      }
    }
  }
}

/** Splits a record by key: [matching, the rest]. */
function partition<V>(record: Record<string, V>, test: (key: string) => boolean): [Record<string, V>, Record<string, V>] {
  const yes: Record<string, V> = {};
  const no: Record<string, V> = {};
  for (const [k, v] of Object.entries(record)) (test(k.toLowerCase()) ? yes : no)[k] = v;
  return [yes, no];
}

/**
 * The profile's enabled plugins, with mysql_native_password forced on or off
 * by --mysql-native-password, and authentication_ldap_simple loaded when the
 * emulator has an LDAP directory (MySQL 8.0 / 8.4 Enterprise only).
 */
function pluginsWith(profile: Profile, native: boolean | undefined, ldapSimple = false): ReadonlySet<string> {
  const plugins = new Set(defaultEnabledPlugins(profile));
  if (native === true) plugins.add('mysql_native_password');
  if (native === false) plugins.delete('mysql_native_password');
  if (ldapSimple) {
    if (!canLoadLdapSimple(profile)) throw new Error(`${LDAP_SIMPLE_PLUGIN} needs a MySQL 8.0 or 8.4 profile, not ${profile.name}`);
    plugins.add(LDAP_SIMPLE_PLUGIN);
  }
  return plugins;
}

function grantAll(account: Account): void {
  for (const p of STATIC_PRIVILEGES) account.globalPrivileges.add(p);
  for (const p of DYNAMIC_PRIVILEGES) account.dynamicPrivileges.set(p, true);
  account.globalGrantOption = true;
}

/**
 * What mysqld --initialize grants the system accounts (scripts/mysql_system_users.sql
 * and the sys schema's set-up), the same in 8.0 and 8.4; none has a grant option.
 */
const SYSTEM_ACCOUNT_GRANTS: Record<string, { global: string[]; dynamic: string[]; db?: [string, string[]]; table?: [string, string[]] }> = {
  'mysql.infoschema': { global: ['SELECT'], dynamic: ['AUDIT_ABORT_EXEMPT', 'FIREWALL_EXEMPT', 'SYSTEM_USER'] },
  'mysql.session': {
    global: ['SHUTDOWN', 'SUPER'],
    dynamic: [
      'AUDIT_ABORT_EXEMPT',
      'AUTHENTICATION_POLICY_ADMIN',
      'BACKUP_ADMIN',
      'CLONE_ADMIN',
      'CONNECTION_ADMIN',
      'FIREWALL_EXEMPT',
      'PERSIST_RO_VARIABLES_ADMIN',
      'SESSION_VARIABLES_ADMIN',
      'SYSTEM_USER',
      'SYSTEM_VARIABLES_ADMIN',
    ],
    db: ['performance_schema', ['SELECT']],
    table: ['mysql.user', ['SELECT']],
  },
  'mysql.sys': {
    global: [],
    dynamic: ['AUDIT_ABORT_EXEMPT', 'FIREWALL_EXEMPT', 'SYSTEM_USER'],
    db: ['sys', ['TRIGGER']],
    table: ['sys.sys_config', ['SELECT']],
  },
};

function grantSystemAccount(account: Account): void {
  const grants = SYSTEM_ACCOUNT_GRANTS[account.user];
  if (!grants) return;
  for (const p of grants.global) account.globalPrivileges.add(p);
  for (const p of grants.dynamic) account.dynamicPrivileges.set(p, false);
  if (grants.db) account.databasePrivileges.set(grants.db[0], { privileges: new Set(grants.db[1]), grantOption: false });
  if (grants.table) account.tablePrivileges.set(grants.table[0], { privileges: new Set(grants.table[1]), grantOption: false });
}

/** A random password of printable characters, as the image's pwgen does. */
function randomPassword(length: number): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  const bytes = new Uint8Array(length);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}
