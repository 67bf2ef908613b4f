/**
 * The one composition root: builds a server instance from the options (the
 * profile, the clock, the system variables, the account store, the catalog,
 * the validate_password component, the session layer) and seeds the accounts
 * a fresh data directory has. The listener (server.ts), the public API
 * (index.ts) and every test helper build their instance here; each layer
 * reads only its own narrow view of it (AuthServer, ProtocolServer,
 * SessionServer, SqlServer).
 */
import type { Logger } from 'pino';
import { MARIADB_EXTENDED_PRIVILEGES, STATIC_PRIVILEGES, DYNAMIC_PRIVILEGES, type Account } from '../accounts/account.js';
import { hashPassword } from '../accounts/credentials.js';
import { Directory } from '../accounts/directory.js';
import { UnknownAccounts } from '../auth/decoy.js';
import { UserConnections } from '../session/user-resources.js';
import { canLoadLdapSimple, defaultEnabledPlugins, LDAP_SIMPLE_PLUGIN } from '../accounts/plugin-catalogue.js';
import { AccountStore } from '../accounts/store.js';
import { ValidatePasswordComponent } from '../accounts/validate-password.js';
import { createClock, type Clock } from '../clock.js';
import type { EmulatorOptions } from '../config/options.js';
import { DEFAULT_PROFILE, getProfile, type Profile } from '../config/profiles.js';
import { ServerStatus } from '../config/status.js';
import { tlsContext, type TlsContext } from '../config/tls.js';
import { formatTimeOffset, parseTimeOffset, SystemVariables } from '../config/variables.js';
import type { ProtocolServer } from '../protocol/connection.js';
import { ProcessList } from '../session/process-list.js';
import { SessionLayer, type SessionServer } from '../session/session-layer.js';
import { createCatalog } from '../sql/catalog/catalog.js';
import { upgradeEmptyPlugins } from '../sql/catalog/grant-tables.js';
import type { TableRegistry } from '../sql/catalog/registry.js';
import { createLogger } from './logger.js';

/** The schemas every server has. */
const SYSTEM_SCHEMAS = ['information_schema', 'mysql', 'performance_schema', 'sys'];

/** MySQL 8's locked system accounts carry this deliberately invalid credential. */
const INVALID_SYSTEM_PASSWORD = '$A$005$THISISACOMBINATIONOFINVALIDSALTANDPASSWORDTHATMUSTNEVERBRBEUSED';

/** Everything one emulated server holds; each layer sees it through its own narrow interface. */
export interface Instance extends SessionServer, ProtocolServer {
  readonly profile: Profile;
  readonly clock: Clock;
  readonly variables: SystemVariables;
  readonly accounts: AccountStore;
  readonly logger: Logger;
  readonly sessions: ProcessList;
  readonly authPlugins: ReadonlySet<string>;
  readonly directory: Directory;
  readonly unknownAccounts: UnknownAccounts;
  readonly userConnections: UserConnections;
  readonly catalog: TableRegistry;
  readonly validatePassword: ValidatePasswordComponent;
  readonly status: ServerStatus;
  /** The TLS context the server started with (tls_version, ssl_cipher, tls_ciphersuites; Current_tls_*). */
  readonly tls: TlsContext;
  /** Opens the session of each login (the protocol's SessionFactory). */
  readonly sessionLayer: SessionLayer;
}

/** What tests may substitute when building an instance. */
export interface InstanceDeps {
  /** The real time the clock starts from (default Date.now): tests freeze it. */
  now?: () => number;
}

/**
 * Builds an instance from the options: profile, clock (mirrored by
 * emulator_time_offset), startup variables, plugins, catalog, and the
 * validate_password preset. No accounts yet: see seedAccounts(). Throws
 * an Error for options the profile cannot honour.
 */
export function createInstance(options: EmulatorOptions = {}, deps: InstanceDeps = {}): Instance {
  const profile = getProfile(options.profile ?? DEFAULT_PROFILE);
  // The clock and emulator_time_offset mirror each other, whichever moves first.
  const clock = createClock(0, deps.now ?? Date.now, (ms) => variables.setStartupValue('emulator_time_offset', formatTimeOffset(ms)));
  const logger: Logger = options.logger ?? createLogger(options.logLevel ?? 'info');
  // validate_password's variables exist only once it is loaded, so they are set after it.
  const [componentVariables, startupVariables] = partition(startupValues(profile, options), (name) => /^validate_password[._]/.test(name));
  const variables = new SystemVariables(profile, startupVariables);
  // A certificate given without a CA: no ca.pem was generated, so ssl_ca is NULL (MySQL; MariaDB's is '' anyway).
  if (options.sslCert !== undefined && options.sslCa === undefined && !('ssl_ca' in startupVariables) && variables.definition('ssl_ca')?.nullable) {
    variables.setStartupValue('ssl_ca', null);
  }
  if (options.tls === false) for (const name of ['have_ssl', 'have_openssl']) if (variables.definition(name)) variables.setStartupValue(name, 'DISABLED');
  const status = new ServerStatus(profile.variableTable);
  const tls = startTlsContext(profile, variables, status, options.tls !== false);
  const databases = new Set(SYSTEM_SCHEMAS);
  if (profile.oceanBaseSchema) databases.add('oceanbase');
  const sessions = new ProcessList();
  const validatePassword = new ValidatePasswordComponent(variables, (fields, message) => logger.warn(fields, message));
  const base = {
    profile,
    clock,
    variables,
    accounts: new AccountStore(clock, profile.aclOrder),
    databases,
    logger,
    sessions,
    authPlugins: pluginsWith(profile, options.mysqlNativePassword, options.directory !== undefined),
    directory: new Directory(),
    unknownAccounts: new UnknownAccounts(),
    userConnections: new UserConnections(),
    catalog: createCatalog(profile),
    validatePassword,
    status,
    tls,
  };
  const instance: Instance = Object.assign(base, { sessionLayer: new SessionLayer(base) });
  variables.onSet('emulator_time_offset', (value) => clock.setOffset(parseTimeOffset(String(value)) ?? 0));
  clock.setOffset(options.clockOffsetMs ?? 0);
  if (options.validatePassword) {
    if (!profile.components) throw new Error(`--validate-password needs a MySQL 8.0 or 8.4 profile, not ${profile.name}`);
    validatePassword.install(options.validatePassword, false, profile.validatePasswordForm);
  }
  for (const [name, value] of Object.entries(componentVariables)) variables.setStartupValue(name, value);
  return instance;
}

/**
 * The startup values of the system variables: the options that are
 * variables (--tls-version, --ssl-cipher, --tls-ciphersuites) and the
 * `variables` given. A platform's fixed server parameters may not be given.
 */
function startupValues(profile: Profile, options: EmulatorOptions): Record<string, string | number | boolean | null> {
  const values: Record<string, string | number | boolean | null> = {};
  if (options.tlsVersion !== undefined) values.tls_version = options.tlsVersion;
  if (options.sslCipher !== undefined) values.ssl_cipher = options.sslCipher;
  if (options.tlsCiphersuites !== undefined) values.tls_ciphersuites = options.tlsCiphersuites;
  for (const [name, value] of Object.entries(options.variables ?? {})) values[name.toLowerCase().replace(/-/g, '_')] = value;
  const given = new Set(Object.keys(options.variables ?? {}).map((n) => n.toLowerCase().replace(/-/g, '_')));
  if (options.sslCert !== undefined) given.add('ssl_cert').add('ssl_key');
  if (options.sslCa !== undefined) given.add('ssl_ca');
  if (options.sslCipher !== undefined) given.add('ssl_cipher');
  if (options.tlsCiphersuites !== undefined) given.add('tls_ciphersuites');
  const fixed = profile.fixedParameters.find((name) => given.has(name));
  if (fixed) throw new Error(`${fixed} is a server parameter that ${profile.name} does not let a customer change`);
  return values;
}

/**
 * Builds the TLS context from the startup values of tls_version, ssl_cipher
 * and tls_ciphersuites (throws for values MySQL would reject) and shows it in
 * Current_tls_* (MySQL 8.0.16+). tls_version='' turns TLS off, as --skip-ssl does.
 */
function startTlsContext(profile: Profile, variables: SystemVariables, status: ServerStatus, offered: boolean): TlsContext {
  const text = (name: string): string | null => {
    if (!variables.definition(name)) return null;
    const v = variables.get(name, 'global');
    return v === null ? null : String(v);
  };
  const tls = tlsContext(profile, { offered, tlsVersion: text('tls_version'), sslCipher: text('ssl_cipher'), tlsCiphersuites: text('tls_ciphersuites') });
  if (offered && !tls.enabled) for (const name of ['have_ssl', 'have_openssl']) if (variables.definition(name)) variables.setStartupValue(name, 'DISABLED');
  const current: Record<string, string | null> = {
    Current_tls_version: tls.enabled ? text('tls_version') : '',
    Current_tls_cipher: text('ssl_cipher'),
    Current_tls_ciphersuites: text('tls_ciphersuites'),
    Current_tls_ca: text('ssl_ca'),
    Current_tls_capath: text('ssl_capath'),
    Current_tls_cert: text('ssl_cert'),
    Current_tls_key: text('ssl_key'),
    Current_tls_crl: text('ssl_crl'),
    Current_tls_crlpath: text('ssl_crlpath'),
  };
  for (const [name, value] of Object.entries(current)) status.setText(name, tls.enabled ? value ?? '' : '');
  return tls;
}

/** --upgrade: mysql_upgrade's fix of empty plugin columns, then FLUSH PRIVILEGES. */
export function upgrade(instance: Instance): void {
  const changed = upgradeEmptyPlugins(instance);
  instance.logger.info({ event: 'upgrade', changed }, `upgrade: plugin column set for ${changed} mysql.user row(s)`);
}

/** An account by name, as the seeding reports it. */
export interface SeededAccount {
  user: string;
  host: string;
}

/** What seedAccounts() created. */
export interface SeededAccounts {
  /** root's password (MySQL profiles; '' for a platform without root). */
  rootPassword: string;
  generated: boolean;
  /** The administrator a user logs in as: root@localhost, or a platform's server admin user@'%'. */
  admin: SeededAccount & { password: string; generated: boolean };
  /** The account the API's sql() runs as: root@localhost, or the platform's own management account. */
  control: SeededAccount;
}

/**
 * Creates the accounts a fresh data directory has: root (with the given or
 * a generated password, or none as --initialize-insecure), or a managed
 * service's server admin and its own management account; the profile's
 * system accounts; and the image's MYSQL_USER. Throws an Error for an admin
 * login the platform would refuse.
 */
export function seedAccounts(instance: Instance, options: EmulatorOptions): SeededAccounts {
  const { accounts, profile } = instance;
  const plugin = profile.defaultAuthPlugin;
  const seeded = profile.administrator === 'root' ? seedRoot(instance, options) : seedServerAdmin(instance, options);
  for (const user of profile.systemAccounts) {
    const acc = accounts.create(user, 'localhost', 'caching_sha2_password', INVALID_SYSTEM_PASSWORD);
    acc.accountLocked = true;
    if (profile.systemAccountGrants) grantSystemAccount(acc);
  }
  if (options.database) instance.databases.add(options.database);
  if (options.user) {
    const acc = accounts.create(options.user, '%', plugin, hashPassword(plugin, options.password ?? ''));
    if (options.database) {
      acc.databasePrivileges.set(options.database, { privileges: new Set(['ALL PRIVILEGES']), grantOption: false });
    }
  }
  return seeded;
}

/** mysqld --initialize: root@localhost with every privilege (and root@'%' with a password, as the official image does). */
function seedRoot(instance: Instance, options: EmulatorOptions): SeededAccounts {
  const { accounts, profile, logger } = instance;
  const plugin = profile.defaultAuthPlugin;
  let rootPassword = options.rootPassword ?? '';
  if (options.randomRootPassword) rootPassword = randomPassword(32);
  const rootHash = hashPassword(plugin, rootPassword);
  const root = accounts.create('root', 'localhost', plugin, rootHash);
  grantAll(root, profile);
  // mysqld --initialize grants root@localhost PROXY on the anonymous account (MariaDB: ''@'%').
  root.proxyGrants.push({ user: '', host: profile.rootProxyGrantHost, grantOption: true });
  if (rootPassword !== '') grantAll(accounts.create('root', '%', plugin, rootHash), profile);
  else {
    logger.warn(
      { event: 'bootstrap' },
      'root@localhost is created with an empty password ! Please consider switching off the --initialize-insecure option.',
    );
  }
  const generated = options.randomRootPassword === true;
  return {
    rootPassword,
    generated,
    admin: { user: 'root', host: 'localhost', password: rootPassword, generated },
    control: { user: 'root', host: 'localhost' },
  };
}

/** The admin login of a managed service when none is given (the emulator's choice; Azure's CLI would make one up). */
export const DEFAULT_SERVER_ADMIN = 'azureadmin';

/**
 * A managed service's server: no root; the admin login chosen at creation
 * (user@'%', the platform's privilege set WITH GRANT OPTION, no SUPER) and
 * the platform's management account (every privilege, locked).
 */
function seedServerAdmin(instance: Instance, options: EmulatorOptions): SeededAccounts {
  const { accounts, profile, logger } = instance;
  if (options.rootPassword !== undefined || options.randomRootPassword) {
    throw new Error(`${profile.name} has no root account: give the server admin's login with adminUser / adminPassword (--admin-user, --admin-password)`);
  }
  const plugin = profile.defaultAuthPlugin;
  const user = options.adminUser ?? DEFAULT_SERVER_ADMIN;
  const generated = options.adminPassword === undefined;
  const password = options.adminPassword ?? generatedAdminPassword(profile);
  checkServerAdmin(profile, user, password);
  const admin = accounts.create(user, '%', plugin, hashPassword(plugin, password));
  for (const p of profile.serverAdminPrivileges.static) admin.globalPrivileges.add(p);
  for (const p of profile.serverAdminPrivileges.dynamic) admin.dynamicPrivileges.set(p, true);
  admin.globalGrantOption = true;
  const service = profile.serviceAccount!;
  for (const host of service.hosts) {
    const acc = accounts.create(service.user, host, 'caching_sha2_password', INVALID_SYSTEM_PASSWORD);
    grantAll(acc);
    acc.accountLocked = true;
  }
  logger.info({ event: 'bootstrap', admin: `${user}@%` }, `server admin '${user}'@'%' created`);
  return {
    rootPassword: '',
    generated: false,
    admin: { user, host: '%', password, generated },
    control: { user: service.user, host: service.hosts[0]! },
  };
}

/** The platform's rules for the admin login and password (Azure's portal messages), or nothing to check. */
function checkServerAdmin(profile: Profile, user: string, password: string): void {
  const rules = profile.serverAdminRules;
  if (!rules) return;
  if (user === '' || user.length > rules.maxNameLength) throw new Error(`admin login '${user}': it must have 1 to ${rules.maxNameLength} characters`);
  if (rules.reservedNames.includes(user.toLowerCase())) {
    throw new Error(`admin login '${user}': the admin login name can't be ${rules.reservedNames.join(', ')}`);
  }
  const [min, max] = rules.passwordLength;
  if (password.length < min || password.length > max) {
    throw new Error(`admin password: your password must be at least ${min} characters and at most ${max} characters`);
  }
  if (characterClasses(password) < rules.passwordClasses) {
    throw new Error(
      `admin password: your password must contain characters from ${rules.passwordClasses} of the following categories: ` +
        'English uppercase letters, English lowercase letters, numbers (0-9), and non-alphanumeric characters',
    );
  }
}

/** How many of upper case, lower case, digits and other characters a password uses. */
function characterClasses(password: string): number {
  return [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
}

/** A generated admin password that meets the platform's rules: 16 characters, with an upper-case letter, a digit and a '-'. */
function generatedAdminPassword(profile: Profile): string {
  for (;;) {
    const candidate = `${randomPassword(13)}-${randomPassword(1, 'ABCDEFGHJKLMNPQRSTUVWXYZ')}${randomPassword(1, '23456789')}`;
    if (!profile.serverAdminRules || characterClasses(candidate) >= profile.serverAdminRules.passwordClasses) return candidate;
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

function grantAll(account: Account, profile?: Profile): void {
  for (const p of STATIC_PRIVILEGES) account.globalPrivileges.add(p);
  // MariaDB's ALL PRIVILEGES has its own privileges after CREATE TABLESPACE too.
  if (profile?.roleStatements === 'mariadb') for (const p of MARIADB_EXTENDED_PRIVILEGES) account.globalPrivileges.add(p);
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
function randomPassword(length: number, alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789'): string {
  const bytes = new Uint8Array(length);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}
