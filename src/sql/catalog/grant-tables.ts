/**
 * The grant tables as SQL sees them: mysql.user (every 8.4 column, in
 * order; the 5.6, 5.7 and MariaDB 10.11 layouts), MySQL 8's
 * mysql.global_grants (read-only), MariaDB's mysql.global_priv,
 * mysql.password_history and
 * information_schema.USER_ATTRIBUTES.
 *
 * Like MySQL, logins use an in-memory copy of the grant tables. Account
 * statements change both; a direct `UPDATE mysql.user` changes only the
 * table, and FLUSH PRIVILEGES loads the table into the login copy. Here the
 * table is the AccountStore itself until the first direct edit, which forks
 * a pending copy.
 */
import { cloneAccount, STATIC_PRIVILEGES, type Account } from '../../accounts/account.js';
import { accountPlugin, enabledPlugins } from '../../accounts/plugin-catalogue.js';
import { canManageAccounts, hasGlobalPrivilege, hasTablePrivilege } from '../../accounts/privileges.js';
import { AccountStore, type GrantTableState, type PasswordHistoryEntry } from '../../accounts/store.js';
import type { Profile } from '../../config/profiles.js';
import { Charset, ColumnFlag, ColumnType, type ColumnDef, type SqlValue } from '../../wire/result.js';
import { checkTableSelect, isSessionAccount, sessionAccount } from '../access.js';
import type { SqlServer, TableColumn, TableProvider } from '../context.js';
import { epochMsOf, formatDateTime, parseDateTime, partsFromEpochMs } from '../expr/temporal.js';
import { varcharColumn, type TableRegistry } from './registry.js';

// ------------------------------------------------------------------ state

/** The grant tables' own state, kept by the account store (no module-level state). */
function stateOf(server: SqlServer): GrantTableState {
  return server.accounts.grantTables;
}

/** The rows of mysql.user as a SELECT reads them. */
export function userTableRows(server: SqlServer): readonly Account[] {
  return stateOf(server).pending ?? server.accounts.list();
}

/**
 * Whether mysql.user (the table, not the login copy) has the row: account
 * DDL updates both, and fails for an account whose row a direct DELETE
 * removed, or finds taken a name a direct INSERT added (sql_user.cc:
 * replace_user_table()).
 */
export function inUserTable(server: SqlServer, user: string, host: string): boolean {
  const pending = stateOf(server).pending;
  if (!pending) return server.accounts.get(user, host) !== undefined;
  const key = AccountStore.key(user, host);
  return pending.some((a) => AccountStore.key(a.user, a.host) === key);
}

/** The rows a direct UPDATE may change: the pending copy, forked from the login copy on first use. */
export function editableUserTable(server: SqlServer): Account[] {
  const state = stateOf(server);
  state.pending ??= server.accounts.list().map(cloneAccount);
  return state.pending;
}

/**
 * After an account statement changed the login copy, mirror the change into
 * the pending table (if any): `before` is the account's old name, `after`
 * the account now (null when dropped).
 */
export function mirrorAccountChange(
  server: SqlServer,
  before: { user: string; host: string } | null,
  after: Account | null,
): void {
  const pending = stateOf(server).pending;
  if (!pending) return;
  if (before) {
    const key = AccountStore.key(before.user, before.host);
    const i = pending.findIndex((a) => AccountStore.key(a.user, a.host) === key);
    if (i >= 0) pending.splice(i, 1);
  }
  if (after) pending.push(cloneAccount(after));
}

/** FLUSH PRIVILEGES: the login copy becomes the table; the caching_sha2 cache is emptied. */
export function flushPrivileges(server: SqlServer): void {
  const state = stateOf(server);
  if (state.pending) server.accounts.replaceAll(state.pending.map(cloneAccount));
  else server.accounts.clearCache();
  // The reload rebuilds every ACL_USER: failed-login counts and temporary locks start again.
  server.accounts.loginLocks.resetAll();
  state.pending = null;
  logSkippedAccounts(server);
}

/**
 * What acl_load() writes to the error log about rows it does not load
 * (logins then skip them: authenticate.ts asks accountPlugin()) and about
 * plugins that are not loaded (validate_user_plugin_records()).
 */
export function logSkippedAccounts(server: SqlServer): void {
  const { profile, logger } = server;
  const enabled = enabledPlugins(server);
  let superSkipped = false;
  for (const a of server.accounts.list()) {
    const plugin = accountPlugin(a, profile);
    if (plugin === null && profile.emptyPluginColumn === 'from-hash') {
      logger.warn({ event: 'acl-load', user: a.user, host: a.host }, `Found invalid password for user: '${a.user}@${a.host}'; Ignoring user`);
    } else if (plugin === null) {
      superSkipped ||= hasGlobalPrivilege(a, 'SUPER');
      logger.warn(
        { event: 'acl-load', user: a.user, host: a.host },
        `User entry '${a.user}'@'${a.host}' has an empty plugin value. The user will be ignored and no one can login with this user anymore.`,
      );
    } else if (plugin !== '' && !enabled.has(plugin)) {
      logger.warn(
        { event: 'acl-load', user: a.user, host: a.host },
        `The plugin '${plugin}' used to authenticate user '${a.user}'@'${a.host}' is not loaded. Nobody can currently login using this account.`,
      );
    }
  }
  if (superSkipped) {
    logger.warn(
      { event: 'acl-load' },
      'Some of the user accounts with SUPER privileges were disabled because of empty mysql.user.plugin value. If you are upgrading from MySQL 5.6 to MySQL 5.7 it means we were not able to substitute for empty plugin column. Probably because of pre 4.1 password hash. If your account is disabled you will need to:',
    );
  }
}

/**
 * What mysql_upgrade did to empty plugin columns (mysql_system_tables_fix.sql):
 * 5.6 and 5.7 set mysql_native_password where the hash is empty or 41
 * characters; 5.6 also sets mysql_old_password for 16-character hashes,
 * while 5.7 leaves those rows empty (disabled). Then FLUSH PRIVILEGES.
 * Returns the number of rows changed.
 */
export function upgradeEmptyPlugins(server: SqlServer): number {
  let changed = 0;
  for (const a of editableUserTable(server)) {
    if (a.plugin !== '') continue;
    const hash = a.authenticationString;
    if (hash === '' || hash.length === 41) a.plugin = 'mysql_native_password';
    else if (hash.length === 16 && server.profile.defaultEnabledPlugins.includes('mysql_old_password')) a.plugin = 'mysql_old_password';
    else continue;
    changed++;
  }
  if (server.profile.defaultEnabledPlugins.includes('mysql_old_password') && editableUserTable(server).some((a) => a.authenticationString.length === 16)) {
    server.logger.warn(
      { event: 'upgrade' },
      'Pre-4.1 password hash found. It is deprecated and will be removed in a future release. Please upgrade it to a new format.',
    );
  }
  flushPrivileges(server);
  return changed;
}

export function passwordHistory(server: SqlServer, user: string, host: string): readonly PasswordHistoryEntry[] {
  return stateOf(server).history.get(AccountStore.key(user, host)) ?? [];
}

/** Replaces an account's history (newest first); an empty list removes it. */
export function setPasswordHistory(server: SqlServer, user: string, host: string, entries: PasswordHistoryEntry[]): void {
  const history = stateOf(server).history;
  const key = AccountStore.key(user, host);
  if (entries.length === 0) history.delete(key);
  else history.set(key, entries);
}

// ------------------------------------------------------------------ value formats

/** A TIMESTAMP as MySQL prints it, in UTC. */
export function formatTimestamp(ms: number, fsp = 0): string {
  return formatDateTime(partsFromEpochMs(ms), fsp);
}

/** A TIMESTAMP value (as text) in ms since the epoch, UTC; null for NULL or text that is no time. */
export function parseTimestamp(value: SqlValue): number | null {
  if (value === null) return null;
  const parts = parseDateTime(String(value));
  return parts ? epochMsOf(parts) : null;
}

/**
 * MySQL's JSON text: object keys sorted by length, then bytewise (the
 * binary JSON order), with ", " and ": " separators.
 */
export function mysqlJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(mysqlJson).join(', ')}]`;
  if (typeof value === 'object') {
    const keys = Object.keys(value).sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
    const record = value as Record<string, unknown>;
    return `{${keys.map((k) => `${JSON.stringify(k)}: ${mysqlJson(record[k])}`).join(', ')}}`;
  }
  return JSON.stringify(value);
}

/** mysql.user.User_attributes: the retained password, failed-login policy and COMMENT/ATTRIBUTE metadata. */
export function userAttributes(account: Account): Record<string, unknown> | null {
  const attrs: Record<string, unknown> = {};
  if (account.additionalPassword !== null) attrs.additional_password = account.additionalPassword;
  if (account.failedLoginAttempts !== 0 || account.passwordLockTime !== 0) {
    attrs.Password_locking = {
      failed_login_attempts: account.failedLoginAttempts,
      password_lock_time_days: account.passwordLockTime,
    };
  }
  if (account.metadata !== null) attrs.metadata = account.metadata;
  return Object.keys(attrs).length > 0 ? attrs : null;
}

function applyUserAttributes(account: Account, value: SqlValue): void {
  const attrs = value === null ? {} : (JSON.parse(String(value)) as Record<string, unknown>);
  account.additionalPassword = typeof attrs.additional_password === 'string' ? attrs.additional_password : null;
  const locking = (attrs.Password_locking ?? {}) as Record<string, unknown>;
  account.failedLoginAttempts = Number(locking.failed_login_attempts ?? 0);
  account.passwordLockTime = Number(locking.password_lock_time_days ?? 0);
  account.metadata = (attrs.metadata as Record<string, unknown> | undefined) ?? null;
}

// ------------------------------------------------------------------ mysql.user columns

/** A mysql.user column: its result-set definition and its mapping onto an Account. */
export interface UserColumn {
  def: TableColumn;
  read(account: Account): SqlValue;
  write(account: Account, value: SqlValue): void;
  /** Applied before the other columns of an UPDATE (plugin: the 5.6 Password column's meaning depends on it). */
  writeFirst?: boolean;
}

const ASCII_GENERAL_CI = 11;
const { NOT_NULL, PRI_KEY, UNSIGNED, ENUM, BLOB, BINARY, TIMESTAMP } = ColumnFlag;

function def(name: string, type: ColumnDef['type'], charset: number, length: number, flags: number): ColumnDef {
  return { name, orgName: name, table: 'user', orgTable: 'user', schema: 'mysql', type, charset, length, flags };
}

const yn = (b: boolean): string => (b ? 'Y' : 'N');
const isY = (v: SqlValue): boolean => String(v).toUpperCase() === 'Y';
const num = (v: SqlValue): number => Number(v ?? 0);
const numOrNull = (v: SqlValue): number | null => (v === null ? null : Number(v));

const YES_NO = ['N', 'Y'] as const;

function enumColumn(name: string, read: (a: Account) => string | null, write: (a: Account, v: SqlValue) => void, nullable = false): UserColumn {
  const column = def(name, ColumnType.STRING, Charset.UTF8MB3_GENERAL_CI, 3, ENUM | (nullable ? 0 : NOT_NULL));
  return { def: { ...column, enumValues: YES_NO }, read, write };
}

function privilegeColumn(name: string, privilege: string): UserColumn {
  return enumColumn(
    name,
    (a) => yn(a.globalPrivileges.has(privilege) || a.globalPrivileges.has('ALL PRIVILEGES')),
    (a, v) => (isY(v) ? a.globalPrivileges.add(privilege) : a.globalPrivileges.delete(privilege)),
  );
}

function unsignedIntColumn(name: string, key: 'maxQuestions' | 'maxUpdates' | 'maxConnections' | 'maxUserConnections'): UserColumn {
  return {
    def: def(name, ColumnType.LONG, Charset.BINARY, 10, NOT_NULL | UNSIGNED | ColumnFlag.NUM),
    read: (a) => a[key],
    write: (a, v) => (a[key] = num(v)),
  };
}

function smallintColumn(name: string, key: 'passwordLifetime' | 'passwordReuseHistory' | 'passwordReuseTime'): UserColumn {
  return {
    def: def(name, ColumnType.SHORT, Charset.BINARY, 5, UNSIGNED | ColumnFlag.NUM),
    read: (a) => a[key],
    write: (a, v) => (a[key] = numOrNull(v)),
  };
}

/** A BLOB column holding one of the account's TLS requirement strings. */
function textBlobColumn(name: string, key: 'sslCipher' | 'x509Issuer' | 'x509Subject'): UserColumn {
  return {
    def: def(name, ColumnType.BLOB, Charset.BINARY, 65535, NOT_NULL | BLOB | BINARY),
    read: (a) => Buffer.from(a[key], 'utf8'),
    write: (a, v) => (a[key] = v === null ? '' : Buffer.isBuffer(v) ? v.toString('utf8') : String(v)),
  };
}

/** Privilege columns before ssl_type, in table order. Grant_priv is the global GRANT OPTION. */
const LEADING_PRIVILEGES: readonly (readonly [string, string])[] = [
  ['Select_priv', 'SELECT'], ['Insert_priv', 'INSERT'], ['Update_priv', 'UPDATE'], ['Delete_priv', 'DELETE'],
  ['Create_priv', 'CREATE'], ['Drop_priv', 'DROP'], ['Reload_priv', 'RELOAD'], ['Shutdown_priv', 'SHUTDOWN'],
  ['Process_priv', 'PROCESS'], ['File_priv', 'FILE'], ['Grant_priv', 'GRANT OPTION'],
  ['References_priv', 'REFERENCES'], ['Index_priv', 'INDEX'], ['Alter_priv', 'ALTER'],
  ['Show_db_priv', 'SHOW DATABASES'], ['Super_priv', 'SUPER'], ['Create_tmp_table_priv', 'CREATE TEMPORARY TABLES'],
  ['Lock_tables_priv', 'LOCK TABLES'], ['Execute_priv', 'EXECUTE'], ['Repl_slave_priv', 'REPLICATION SLAVE'],
  ['Repl_client_priv', 'REPLICATION CLIENT'], ['Create_view_priv', 'CREATE VIEW'], ['Show_view_priv', 'SHOW VIEW'],
  ['Create_routine_priv', 'CREATE ROUTINE'], ['Alter_routine_priv', 'ALTER ROUTINE'],
  ['Create_user_priv', 'CREATE USER'], ['Event_priv', 'EVENT'], ['Trigger_priv', 'TRIGGER'],
  ['Create_tablespace_priv', 'CREATE TABLESPACE'],
];

const grantOptionColumn = enumColumn(
  'Grant_priv',
  (a) => yn(a.globalGrantOption),
  (a, v) => (a.globalGrantOption = isY(v)),
);

/** Every column of MySQL 8.4's mysql.user, in table order. */
export const USER_COLUMNS: readonly UserColumn[] = [
  {
    def: def('Host', ColumnType.STRING, ASCII_GENERAL_CI, 255, NOT_NULL | PRI_KEY),
    read: (a) => a.host,
    write: (a, v) => (a.host = String(v ?? '')),
  },
  {
    def: def('User', ColumnType.STRING, Charset.UTF8MB3_BIN, 96, NOT_NULL | PRI_KEY | BINARY),
    read: (a) => a.user,
    write: (a, v) => (a.user = String(v ?? '')),
  },
  ...LEADING_PRIVILEGES.map(([name, privilege]) => (name === 'Grant_priv' ? grantOptionColumn : privilegeColumn(name, privilege))),
  {
    def: { ...def('ssl_type', ColumnType.STRING, Charset.UTF8MB3_GENERAL_CI, 27, NOT_NULL | ENUM), enumValues: ['', 'ANY', 'X509', 'SPECIFIED'] },
    read: (a) => a.sslType,
    write: (a, v) => (a.sslType = String(v ?? '').toUpperCase() as Account['sslType']),
  },
  textBlobColumn('ssl_cipher', 'sslCipher'),
  textBlobColumn('x509_issuer', 'x509Issuer'),
  textBlobColumn('x509_subject', 'x509Subject'),
  unsignedIntColumn('max_questions', 'maxQuestions'),
  unsignedIntColumn('max_updates', 'maxUpdates'),
  unsignedIntColumn('max_connections', 'maxConnections'),
  unsignedIntColumn('max_user_connections', 'maxUserConnections'),
  {
    def: def('plugin', ColumnType.STRING, Charset.UTF8MB3_BIN, 192, NOT_NULL | BINARY),
    read: (a) => a.plugin,
    write: (a, v) => (a.plugin = String(v ?? '')),
  },
  {
    def: def('authentication_string', ColumnType.BLOB, Charset.UTF8MB3_BIN, 65535, BLOB | BINARY),
    read: (a) => a.authenticationString,
    write: (a, v) => (a.authenticationString = v === null ? '' : Buffer.isBuffer(v) ? v.toString('latin1') : String(v)),
  },
  enumColumn('password_expired', (a) => yn(a.passwordExpired), (a, v) => (a.passwordExpired = isY(v))),
  {
    def: def('password_last_changed', ColumnType.TIMESTAMP, Charset.BINARY, 19, BINARY | TIMESTAMP),
    read: (a) => (a.passwordLastChanged === null ? null : formatTimestamp(a.passwordLastChanged)),
    write: (a, v) => (a.passwordLastChanged = parseTimestamp(v)),
  },
  smallintColumn('password_lifetime', 'passwordLifetime'),
  enumColumn('account_locked', (a) => yn(a.accountLocked), (a, v) => (a.accountLocked = isY(v))),
  privilegeColumn('Create_role_priv', 'CREATE ROLE'),
  privilegeColumn('Drop_role_priv', 'DROP ROLE'),
  smallintColumn('Password_reuse_history', 'passwordReuseHistory'),
  smallintColumn('Password_reuse_time', 'passwordReuseTime'),
  enumColumn(
    'Password_require_current',
    (a) => (a.passwordRequireCurrent === null ? null : yn(a.passwordRequireCurrent)),
    (a, v) => (a.passwordRequireCurrent = v === null ? null : isY(v)),
    true,
  ),
  {
    def: def('User_attributes', ColumnType.JSON, Charset.BINARY, 4294967295, BLOB | BINARY),
    read: (a) => {
      const attrs = userAttributes(a);
      return attrs === null ? null : mysqlJson(attrs);
    },
    write: applyUserAttributes,
  },
];

/** Plugins whose hash 5.6 keeps in the Password column (an empty plugin means one of them). */
const PASSWORD_COLUMN_PLUGINS = new Set(['', 'mysql_native_password', 'mysql_old_password']);
const inPasswordColumn = (a: Account): boolean => PASSWORD_COLUMN_PLUGINS.has(a.plugin);
const textOf = (v: SqlValue): string => (v === null ? '' : Buffer.isBuffer(v) ? v.toString('latin1') : String(v));

const column = (name: string): UserColumn => USER_COLUMNS.find((c) => c.def.name === name)!;
const privilegeColumns = USER_COLUMNS.filter((c) => LEADING_PRIVILEGES.some(([n]) => n === c.def.name));
/** 5.x's ssl_* and max_* columns: the limits are `int(11) unsigned`, so their display length is 11 (8.x: `int unsigned`, 10). */
const sslAndLimitColumns = ['ssl_type', 'ssl_cipher', 'x509_issuer', 'x509_subject', 'max_questions', 'max_updates', 'max_connections', 'max_user_connections']
  .map(column)
  .map((c) => (c.def.name.startsWith('max_') ? { ...c, def: { ...c.def, length: 11 } } : c));

function hostColumn(): UserColumn {
  return { ...column('Host'), def: def('Host', ColumnType.STRING, Charset.UTF8MB3_BIN, 180, NOT_NULL | PRI_KEY | BINARY) };
}

function userColumn(chars: number): UserColumn {
  return { ...column('User'), def: def('User', ColumnType.STRING, Charset.UTF8MB3_BIN, chars * 3, NOT_NULL | PRI_KEY | BINARY) };
}

/** The plugin column; 5.6 lets it be empty (or NULL) and defaults it to ''. */
function pluginColumn(nullable: boolean): UserColumn {
  return {
    def: def('plugin', ColumnType.STRING, Charset.UTF8MB3_BIN, 192, (nullable ? 0 : NOT_NULL) | BINARY),
    read: (a) => a.plugin,
    write: (a, v) => (a.plugin = textOf(v)),
    writeFirst: true,
  };
}

/**
 * MySQL 5.6's mysql.user (scripts/mysql_system_tables.sql): the hash of
 * native, old and empty-plugin accounts is in `Password` char(41) latin1_bin;
 * `authentication_string` holds other plugins' strings.
 */
const MYSQL56_COLUMNS: readonly UserColumn[] = [
  hostColumn(),
  userColumn(16),
  {
    def: def('Password', ColumnType.STRING, 47 /* latin1_bin */, 41, NOT_NULL | BINARY),
    read: (a) => (inPasswordColumn(a) ? a.authenticationString : ''),
    write: (a, v) => {
      if (inPasswordColumn(a)) a.authenticationString = textOf(v);
    },
  },
  ...privilegeColumns,
  ...sslAndLimitColumns,
  pluginColumn(true),
  {
    def: def('authentication_string', ColumnType.BLOB, Charset.UTF8MB3_BIN, 65535, BLOB | BINARY),
    read: (a) => (inPasswordColumn(a) ? '' : a.authenticationString),
    write: (a, v) => {
      if (!inPasswordColumn(a)) a.authenticationString = textOf(v);
    },
  },
  column('password_expired'),
];

/** MySQL 5.7's mysql.user (5.7.6+: no Password column; plugin may not be empty to log in). */
const MYSQL57_COLUMNS: readonly UserColumn[] = [
  hostColumn(),
  userColumn(32),
  ...privilegeColumns,
  ...sslAndLimitColumns,
  pluginColumn(false),
  column('authentication_string'),
  column('password_expired'),
  column('password_last_changed'),
  column('password_lifetime'),
  column('account_locked'),
];

// ------------------------------------------------------------------ MariaDB 10.11

/**
 * MariaDB 10.4+ keeps accounts in mysql.global_priv (Host, User, Priv JSON);
 * mysql.user is a view over it, owned by mariadb.sys, that no one can update
 * (1356). A result column of the view takes the view's name (`User`, `Host`)
 * whatever case the query wrote.
 */
export function userTableIsView(profile: Profile): boolean {
  return profile.userTableLayout === 'mariadb';
}

/**
 * MariaDB's privilege bits (sql/privilege.h) are the mysql.user column order:
 * LEADING_PRIVILEGES[i] is bit i (SELECT_ACL = 1 ... CREATE_TABLESPACE_ACL =
 * 1 << 28; GRANT_ACL = 1 << 10 is the grant option). Bits 29..38 are
 * MariaDB's own privileges (DELETE HISTORY, SET USER, ... SLAVE MONITOR),
 * which the emulator holds only as part of ALL PRIVILEGES.
 */
const MARIADB_ACCESS_BITS: readonly (readonly [string, number])[] = LEADING_PRIVILEGES.map(([, privilege], bit) => [privilege, bit] as const).filter(
  ([privilege]) => privilege !== 'GRANT OPTION',
);
/** ALL PRIVILEGES in 10.11 without GRANT OPTION: bits 0..38 (ALL_KNOWN_ACL_100509), less bit 10. */
const MARIADB_ALL_ACCESS = 2 ** 39 - 1 - 2 ** 10;
const MARIADB_STATIC_PRIVILEGES: readonly string[] = STATIC_PRIVILEGES.filter((p) => p !== 'CREATE ROLE' && p !== 'DROP ROLE');

/** global_priv's `access`: the account's global privileges as MariaDB's bit mask. */
export function mariaDbAccess(account: Account): number {
  const held = account.globalPrivileges;
  const all = held.has('ALL PRIVILEGES') || MARIADB_STATIC_PRIVILEGES.every((p) => held.has(p));
  let access = 0;
  if (all) access = MARIADB_ALL_ACCESS;
  else for (const [name, bit] of MARIADB_ACCESS_BITS) if (held.has(name)) access += 2 ** bit;
  if (account.globalGrantOption) access += 2 ** 10;
  return access;
}

const hasAccessBit = (access: number, bit: number): boolean => Math.floor(access / 2 ** bit) % 2 === 1;

/**
 * A direct write of global_priv.Priv (UPDATE mysql.global_priv SET
 * priv=JSON_SET(...)): the keys mariaDbPriv() writes, read back into the
 * account; keys it does not know are ignored, as acl_load() ignores them,
 * and a Priv that is no JSON object reads as an empty one.
 */
export function applyMariaDbPriv(account: Account, text: string): void {
  let priv: Record<string, unknown>;
  try {
    priv = JSON.parse(text) as Record<string, unknown>;
  } catch {
    priv = {};
  }
  if (typeof priv !== 'object' || priv === null || Array.isArray(priv)) priv = {};
  const num = (key: string, fallback: number): number => (typeof priv[key] === 'number' ? (priv[key] as number) : fallback);
  if (typeof priv.access === 'number') {
    const access = priv.access;
    account.globalPrivileges.clear();
    // Beyond 32 bits: no bitwise operators. ALL PRIVILEGES is every bit 0..38 but the grant option's.
    const all = Array.from({ length: 39 }, (_, bit) => bit).every((bit) => bit === 10 || hasAccessBit(access, bit));
    if (all) account.globalPrivileges.add('ALL PRIVILEGES');
    else for (const [name, bit] of MARIADB_ACCESS_BITS) if (hasAccessBit(access, bit)) account.globalPrivileges.add(name);
    account.globalGrantOption = hasAccessBit(access, 10);
  }
  account.plugin = typeof priv.plugin === 'string' ? priv.plugin : 'mysql_native_password';
  account.authenticationString = typeof priv.authentication_string === 'string' ? priv.authentication_string : '';
  account.accountLocked = priv.account_locked === true;
  account.maxQuestions = num('max_questions', 0);
  account.maxUpdates = num('max_updates', 0);
  account.maxConnections = num('max_connections', 0);
  account.maxUserConnections = num('max_user_connections', 0);
  const changed = num('password_last_changed', 0);
  account.passwordExpired = changed === 0;
  if (changed !== 0) account.passwordLastChanged = changed * 1000;
  const lifetime = num('password_lifetime', -1);
  account.passwordLifetime = lifetime < 0 ? null : lifetime;
}

/**
 * A column of MariaDB's mysql.user view: an expression over global_priv's
 * Priv, read-only. Its column definition names no schema, and a string's
 * decimals are NOT_FIXED_DEC (39) (live 10.11: SELECT * FROM mysql.user).
 */
function viewColumn(name: string, type: ColumnDef['type'], charset: number, length: number, flags: number, read: (a: Account) => SqlValue, decimals?: number): UserColumn {
  const column = { ...def(name, type, charset, length, flags), schema: '' };
  return { def: { ...column, decimals: decimals ?? (charset === Charset.BINARY ? 0 : 39) }, read, write: () => undefined };
}

/** Host and User of MariaDB's mysql.user view: global_priv's own fields. */
function viewField(name: string, type: ColumnDef['type'], charset: number, length: number, flags: number, read: (a: Account) => SqlValue): UserColumn {
  return { def: def(name, type, charset, length, flags), read, write: () => undefined };
}

const MARIADB_PRIVILEGE_COLUMNS: readonly (readonly [string, number])[] = [
  ...LEADING_PRIVILEGES.map(([name], bit) => [name, bit] as const),
  ['Delete_history_priv', 29],
];

/**
 * MariaDB 10.11's mysql.user view (scripts/mysql_system_tables.sql; SHOW
 * COLUMNS and SHOW CREATE VIEW on a real 10.11): Password, the privileges up
 * to Delete_history_priv, ssl_*, max_*, plugin, authentication_string,
 * password_expired, is_role, default_role, max_statement_time. No
 * account_locked or password_lifetime: those are only in global_priv.
 */
const MARIADB_COLUMNS: readonly UserColumn[] = [
  // Host and User are global_priv's key fields: PART_KEY too (0x4000; `mariadb --column-type-info` on a live 10.11).
  viewField('Host', ColumnType.STRING, Charset.UTF8MB3_BIN, 765, NOT_NULL | PRI_KEY | BINARY | 0x4000, (a) => a.host),
  viewField('User', ColumnType.STRING, Charset.UTF8MB3_BIN, 384, NOT_NULL | PRI_KEY | BINARY | 0x4000, (a) => a.user),
  viewColumn('Password', ColumnType.LONG_BLOB, Charset.UTF8MB4_BIN, 4294967295, BINARY, (a) =>
    a.plugin === 'mysql_native_password' || a.plugin === 'mysql_old_password' ? a.authenticationString : '',
  ),
  ...MARIADB_PRIVILEGE_COLUMNS.map(([name, bit]) =>
    viewColumn(name, ColumnType.VAR_STRING, Charset.LATIN1_SWEDISH_CI, 1, 0, (a) => yn(hasAccessBit(mariaDbAccess(a), bit))),
  ),
  viewColumn('ssl_type', ColumnType.VAR_STRING, Charset.LATIN1_SWEDISH_CI, 9, 0, (a) => a.sslType),
  ...(['ssl_cipher', 'x509_issuer', 'x509_subject'] as const).map((name) =>
    viewColumn(name, ColumnType.LONG_BLOB, Charset.UTF8MB4_BIN, 4294967295, NOT_NULL | BINARY, (a) =>
      name === 'ssl_cipher' ? a.sslCipher : name === 'x509_issuer' ? a.x509Issuer : a.x509Subject,
    ),
  ),
  ...(['max_questions', 'max_updates', 'max_connections'] as const).map((name) =>
    viewColumn(name, ColumnType.LONGLONG, Charset.BINARY, 20, NOT_NULL | UNSIGNED | BINARY, (a) =>
      name === 'max_questions' ? a.maxQuestions : name === 'max_updates' ? a.maxUpdates : a.maxConnections,
    ),
  ),
  viewColumn('max_user_connections', ColumnType.LONGLONG, Charset.BINARY, 21, NOT_NULL | BINARY, (a) => a.maxUserConnections),
  viewColumn('plugin', ColumnType.LONG_BLOB, Charset.UTF8MB4_BIN, 4294967295, NOT_NULL | BINARY, (a) => a.plugin),
  viewColumn('authentication_string', ColumnType.LONG_BLOB, Charset.UTF8MB4_BIN, 4294967295, NOT_NULL | BINARY, (a) => a.authenticationString),
  viewColumn('password_expired', ColumnType.VAR_STRING, Charset.LATIN1_SWEDISH_CI, 1, NOT_NULL, (a) => yn(a.passwordExpired)),
  viewColumn('is_role', ColumnType.VAR_STRING, Charset.LATIN1_SWEDISH_CI, 1, 0, () => 'N'),
  viewColumn('default_role', ColumnType.LONG_BLOB, Charset.UTF8MB4_BIN, 4294967295, NOT_NULL | BINARY, () => ''),
  viewColumn('max_statement_time', ColumnType.NEWDECIMAL, Charset.BINARY, 14, NOT_NULL | BINARY, () => '0.000000', 6),
];

/** MariaDB's version_id (MDEV-21704): 10.11.14 -> 101114. */
function mariaDbVersionId(profile: Profile): number {
  const [major = 0, minor = 0, patch = 0] = profile.version.split(/[.-]/).map(Number);
  return major * 10000 + minor * 100 + patch;
}

/**
 * global_priv.Priv as MariaDB 10.11 writes it (compact JSON, keys in
 * User_table_json's order): access, version_id, plugin,
 * authentication_string, the REQUIRE details when there is a REQUIRE, the
 * non-zero limits, account_locked when locked, password_last_changed
 * (seconds; 0 = expired) and password_lifetime when set (-1 = DEFAULT, which
 * PASSWORD EXPIRE writes too).
 */
export function mariaDbPriv(account: Account, profile: Profile): string {
  const priv: [string, unknown][] = [
    ['access', mariaDbAccess(account)],
    ['version_id', mariaDbVersionId(profile)],
    ['plugin', account.plugin],
    ['authentication_string', account.authenticationString],
  ];
  if (account.sslType !== '') {
    priv.push(['ssl_type', ['', 'ANY', 'X509', 'SPECIFIED'].indexOf(account.sslType)], ['ssl_cipher', account.sslCipher], ['x509_issuer', account.x509Issuer], ['x509_subject', account.x509Subject]);
  }
  const limits = [['max_questions', account.maxQuestions], ['max_updates', account.maxUpdates], ['max_connections', account.maxConnections], ['max_user_connections', account.maxUserConnections]] as const;
  for (const [key, value] of limits) if (value !== 0) priv.push([key, value]);
  if (account.accountLocked) priv.push(['account_locked', true]);
  const changed = account.passwordExpired || account.passwordLastChanged === null ? 0 : Math.floor(account.passwordLastChanged / 1000);
  priv.push(['password_last_changed', changed]);
  if (account.passwordLifetime !== null) priv.push(['password_lifetime', account.passwordLifetime]);
  else if (account.passwordExpired) priv.push(['password_lifetime', -1]);
  return `{${priv.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`;
}

const globalPrivDef = (name: string, type: ColumnDef['type'], charset: number, length: number, flags: number): ColumnDef => ({
  ...def(name, type, charset, length, flags),
  table: 'global_priv',
  orgTable: 'global_priv',
});

/** mysql.global_priv: Host char(255), User char(128) (utf8mb3_bin), Priv longtext (utf8mb4_bin, JSON). */
export const GLOBAL_PRIV_COLUMNS: readonly ColumnDef[] = [
  globalPrivDef('Host', ColumnType.STRING, Charset.UTF8MB3_BIN, 765, NOT_NULL | PRI_KEY | BINARY),
  globalPrivDef('User', ColumnType.STRING, Charset.UTF8MB3_BIN, 384, NOT_NULL | PRI_KEY | BINARY),
  globalPrivDef('Priv', ColumnType.BLOB, Charset.UTF8MB4_BIN, 4294967295, NOT_NULL | BLOB | BINARY),
];

/** mysql.user's columns on this server: 5.6, 5.7, 8.x and MariaDB layouts differ. */
export function userColumnsFor(profile: Profile): readonly UserColumn[] {
  if (profile.userTableLayout === 'mysql-5.6') return MYSQL56_COLUMNS;
  if (profile.userTableLayout === 'mysql-5.7') return MYSQL57_COLUMNS;
  if (userTableIsView(profile)) return MARIADB_COLUMNS;
  return USER_COLUMNS;
}

export function userRow(account: Account, columns: readonly UserColumn[] = USER_COLUMNS): SqlValue[] {
  return columns.map((c) => c.read(account));
}

// ------------------------------------------------------------------ other tables

export const PASSWORD_HISTORY_COLUMNS: readonly ColumnDef[] = [
  { ...def('Host', ColumnType.STRING, ASCII_GENERAL_CI, 255, NOT_NULL | PRI_KEY), table: 'password_history', orgTable: 'password_history' },
  { ...def('User', ColumnType.STRING, Charset.UTF8MB3_BIN, 96, NOT_NULL | PRI_KEY | BINARY), table: 'password_history', orgTable: 'password_history' },
  {
    ...def('Password_timestamp', ColumnType.TIMESTAMP, Charset.BINARY, 26, NOT_NULL | PRI_KEY | BINARY | TIMESTAMP),
    decimals: 6,
    table: 'password_history',
    orgTable: 'password_history',
  },
  { ...def('Password', ColumnType.BLOB, Charset.UTF8MB3_BIN, 65535, BLOB | BINARY), table: 'password_history', orgTable: 'password_history' },
];

export function passwordHistoryRows(server: SqlServer): SqlValue[][] {
  const rows: SqlValue[][] = [];
  for (const account of server.accounts.list()) {
    for (const entry of passwordHistory(server, account.user, account.host)) {
      rows.push([account.host, account.user, formatTimestamp(entry.timestamp, 6), entry.hash]);
    }
  }
  return rows;
}

/** information_schema.USER_ATTRIBUTES: only the COMMENT/ATTRIBUTE metadata, NULL when there is none. */
export function userAttributesRows(accounts: readonly Account[]): SqlValue[][] {
  return accounts.map((a) => [a.user, a.host, a.metadata === null ? null : mysqlJson(a.metadata)]);
}

const globalGrantsColumn = (column: ColumnDef): ColumnDef => ({ ...column, table: 'global_grants', orgTable: 'global_grants' });

/** MySQL 8's mysql.global_grants: one row per dynamic privilege, primary key (USER, HOST, PRIV). */
export const GLOBAL_GRANTS_COLUMNS: readonly TableColumn[] = [
  globalGrantsColumn(def('USER', ColumnType.STRING, Charset.UTF8MB3_BIN, 96, NOT_NULL | PRI_KEY | BINARY)),
  globalGrantsColumn(def('HOST', ColumnType.STRING, ASCII_GENERAL_CI, 255, NOT_NULL | PRI_KEY)),
  globalGrantsColumn(def('PRIV', ColumnType.STRING, Charset.UTF8MB3_GENERAL_CI, 96, NOT_NULL | PRI_KEY)),
  { ...globalGrantsColumn(def('WITH_GRANT_OPTION', ColumnType.STRING, Charset.UTF8MB3_GENERAL_CI, 3, NOT_NULL | ENUM)), enumValues: YES_NO },
];

/** The rows of mysql.global_grants, in primary-key order. */
export function globalGrantsRows(accounts: readonly Account[]): SqlValue[][] {
  const rows: SqlValue[][] = [];
  for (const a of accounts) for (const [priv, grantOption] of a.dynamicPrivileges) rows.push([a.user, a.host, priv, yn(grantOption)]);
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return rows.sort(
    ([u1, h1, p1], [u2, h2, p2]) =>
      cmp(String(u1), String(u2)) ||
      cmp(String(h1).toLowerCase(), String(h2).toLowerCase()) ||
      cmp(String(p1).toUpperCase(), String(p2).toUpperCase()),
  );
}

/** Primary-key order of mysql.user: Host (case-insensitive), then User. */
function byPrimaryKey(a: Account, b: Account): number {
  const ha = a.host.toLowerCase();
  const hb = b.host.toLowerCase();
  if (ha !== hb) return ha < hb ? -1 : 1;
  return a.user < b.user ? -1 : a.user > b.user ? 1 : 0;
}

/**
 * Registers mysql.user, mysql.global_grants (MySQL 8), mysql.password_history and
 * information_schema.USER_ATTRIBUTES in the server's table registry. Reading
 * the mysql tables needs SELECT on them (1142); USER_ATTRIBUTES shows other
 * accounts only to account administrators.
 */
export function registerAccountTables(registry: TableRegistry, profile: Profile): void {
  /** A table of the mysql schema: reading it needs SELECT on it (1142). */
  const grantTable = (name: string, columns: TableProvider['columns'], rows: (server: SqlServer) => SqlValue[][], view = false) =>
    registry.overlay({
      schema: 'mysql',
      name,
      columns,
      viewColumnNames: view,
      rows: (ctx) => {
        checkTableSelect(ctx, 'mysql', name);
        return rows(ctx.server);
      },
    });
  const sorted = (s: SqlServer) => [...userTableRows(s)].sort(byPrimaryKey);
  const userColumns = userColumnsFor(profile);
  grantTable('user', userColumns.map((c) => c.def), (s) => sorted(s).map((a) => userRow(a, userColumns)), userTableIsView(profile));
  if (userTableIsView(profile)) {
    grantTable('global_priv', GLOBAL_PRIV_COLUMNS, (s) => sorted(s).map((a) => [a.host, a.user, mariaDbPriv(a, s.profile)]));
  }
  if (profile.globalGrantsTable) grantTable('global_grants', GLOBAL_GRANTS_COLUMNS, (s) => globalGrantsRows(userTableRows(s)));
  grantTable('password_history', PASSWORD_HISTORY_COLUMNS, passwordHistoryRows);
  const table = 'USER_ATTRIBUTES';
  registry.overlay({
    schema: 'information_schema',
    name: table,
    columns: [
      varcharColumn(table, 'USER', 32),
      varcharColumn(table, 'HOST', 255),
      { ...varcharColumn(table, 'ATTRIBUTE', 0, false), type: ColumnType.BLOB, length: 4294967295, flags: BLOB },
    ],
    rows: (ctx) => {
      const me = sessionAccount(ctx);
      const all = canManageAccounts(me, 'UPDATE') || hasTablePrivilege(me, 'mysql', 'user', 'SELECT');
      const accounts = [...ctx.server.accounts.list()].sort(byPrimaryKey);
      return userAttributesRows(all ? accounts : accounts.filter((a) => isSessionAccount(ctx, a.user, a.host)));
    },
  });
}

// ------------------------------------------------------------------ UPDATE mysql.user
