import type { AuthPluginName } from '../config/profiles.js';

/**
 * One row of mysql.user, plus the grants that MySQL keeps in the other
 * grant tables. Times are milliseconds on the injected clock.
 */
export interface Account {
  user: string;
  host: string;
  plugin: AuthPluginName | string;
  /** Stored in MySQL's format for the plugin ('*HEX' native, '$A$005$...' caching_sha2, '$5$...' sha256). */
  authenticationString: string;
  passwordExpired: boolean;
  passwordLastChanged: number | null;
  /** NULL = DEFAULT (use default_password_lifetime), 0 = NEVER, N = INTERVAL N DAY. */
  passwordLifetime: number | null;
  accountLocked: boolean;
  passwordReuseHistory: number | null;
  passwordReuseTime: number | null;
  /** NULL = DEFAULT, true = CURRENT, false = OPTIONAL. */
  passwordRequireCurrent: boolean | null;
  /** The retained (secondary) password's stored hash, when there is one. */
  additionalPassword: string | null;
  /** When the secondary password was retained (OceanBase's OLD_PASSWORD_START_TIME); absent or null without one. */
  additionalPasswordSince?: number | null;
  failedLoginAttempts: number;
  /** Days; -1 = UNBOUNDED. */
  passwordLockTime: number;
  /** Free-form metadata from COMMENT / ATTRIBUTE. */
  metadata: Record<string, unknown> | null;
  sslType: '' | 'ANY' | 'X509' | 'SPECIFIED';
  /** REQUIRE CIPHER / ISSUER / SUBJECT ('' when not given): mysql.user ssl_cipher, x509_issuer, x509_subject. */
  sslCipher: string;
  x509Issuer: string;
  x509Subject: string;
  maxQuestions: number;
  maxUpdates: number;
  maxConnections: number;
  maxUserConnections: number;
  /** Static global privileges (mysql.user *_priv columns), upper-case names such as 'SELECT'. */
  globalPrivileges: Set<string>;
  /**
   * Dynamic global privileges (mysql.global_grants, one row each), e.g.
   * 'APPLICATION_PASSWORD_ADMIN', mapped to the row's WITH_GRANT_OPTION.
   */
  dynamicPrivileges: Map<string, boolean>;
  /** Whether the static global grants carry WITH GRANT OPTION (mysql.user Grant_priv). */
  globalGrantOption: boolean;
  /** Database-level grants (mysql.db), by database name. */
  databasePrivileges: Map<string, { privileges: Set<string>; grantOption: boolean }>;
  /** Table-level grants (mysql.tables_priv), keyed 'db.table'. */
  tablePrivileges: Map<string, { privileges: Set<string>; grantOption: boolean }>;
  /** PROXY grants (mysql.proxies_priv): the accounts this one may proxy. */
  proxyGrants: { user: string; host: string; grantOption: boolean }[];
  /**
   * The roles granted to this account, in grant order: MySQL's
   * mysql.role_edges rows TO it, MariaDB's mysql.roles_mapping rows.
   */
  roles: RoleGrant[];
  /** Default roles, in the order they were set (mysql.default_roles; MariaDB: at most one, global_priv's default_role). */
  defaultRoles: AuthId[];
  /** MariaDB: a role (global_priv's is_role), which no one logs in as. MySQL's roles are plain, locked accounts. */
  isRole?: boolean;
  /**
   * MariaDB: the keys of global_priv's Priv document in the order they were
   * first written (User_table_json::set_value() replaces a key in place and
   * appends a new one); absent until the account is first written.
   */
  privKeys?: string[];
  /**
   * Partial revokes (MySQL 8.0.16+ with partial_revokes ON): privileges of
   * the global grant revoked on one database, by database name
   * (mysql.user User_attributes' Restrictions).
   */
  restrictions: Map<string, Set<string>>;
}

/** An authorization ID: an account or a role, `user`@`host` (a MariaDB role's host is ''). */
export interface AuthId {
  user: string;
  host: string;
}

/** A role granted to an account or to another role; `seq` orders MariaDB's roles_mapping rows as they were added. */
export interface RoleGrant extends AuthId {
  adminOption: boolean;
  seq: number;
}

/** The static privileges of mysql.user, in column order (Select_priv ... Drop_role_priv). */
export const STATIC_PRIVILEGES = [
  'SELECT',
  'INSERT',
  'UPDATE',
  'DELETE',
  'CREATE',
  'DROP',
  'RELOAD',
  'SHUTDOWN',
  'PROCESS',
  'FILE',
  'REFERENCES',
  'INDEX',
  'ALTER',
  'SHOW DATABASES',
  'SUPER',
  'CREATE TEMPORARY TABLES',
  'LOCK TABLES',
  'EXECUTE',
  'REPLICATION SLAVE',
  'REPLICATION CLIENT',
  'CREATE VIEW',
  'SHOW VIEW',
  'CREATE ROUTINE',
  'ALTER ROUTINE',
  'CREATE USER',
  'EVENT',
  'TRIGGER',
  'CREATE TABLESPACE',
  'CREATE ROLE',
  'DROP ROLE',
] as const;

/**
 * MariaDB 10.5+'s global privileges after CREATE TABLESPACE, in their bit
 * order (sql/privilege.h: DELETE_HISTORY_ACL = 1 << 29 ... SLAVE_MONITOR_ACL
 * = 1 << 38), which is SHOW GRANTS' order.
 */
export const MARIADB_EXTENDED_PRIVILEGES = [
  'DELETE HISTORY',
  'SET USER',
  'FEDERATED ADMIN',
  'CONNECTION ADMIN',
  'READ_ONLY ADMIN',
  'REPLICATION SLAVE ADMIN',
  'REPLICATION MASTER ADMIN',
  'BINLOG ADMIN',
  'BINLOG REPLAY',
  'SLAVE MONITOR',
] as const;

/** Dynamic privileges a MySQL 8.4 root account holds. */
export const DYNAMIC_PRIVILEGES = [
  'ALLOW_NONEXISTENT_DEFINER',
  'APPLICATION_PASSWORD_ADMIN',
  'AUDIT_ABORT_EXEMPT',
  'AUDIT_ADMIN',
  'AUTHENTICATION_POLICY_ADMIN',
  'BACKUP_ADMIN',
  'BINLOG_ADMIN',
  'BINLOG_ENCRYPTION_ADMIN',
  'CLONE_ADMIN',
  'CONNECTION_ADMIN',
  'ENCRYPTION_KEY_ADMIN',
  'FIREWALL_EXEMPT',
  'FLUSH_OPTIMIZER_COSTS',
  'FLUSH_PRIVILEGES',
  'FLUSH_STATUS',
  'FLUSH_TABLES',
  'FLUSH_USER_RESOURCES',
  'GROUP_REPLICATION_ADMIN',
  'GROUP_REPLICATION_STREAM',
  'INNODB_REDO_LOG_ARCHIVE',
  'INNODB_REDO_LOG_ENABLE',
  'OPTIMIZE_LOCAL_TABLE',
  'PASSWORDLESS_USER_ADMIN',
  'PERSIST_RO_VARIABLES_ADMIN',
  'REPLICATION_APPLIER',
  'REPLICATION_SLAVE_ADMIN',
  'RESOURCE_GROUP_ADMIN',
  'RESOURCE_GROUP_USER',
  'ROLE_ADMIN',
  'SENSITIVE_VARIABLES_OBSERVER',
  'SERVICE_CONNECTION_ADMIN',
  'SESSION_VARIABLES_ADMIN',
  'SET_ANY_DEFINER',
  'SHOW_ROUTINE',
  'SYSTEM_USER',
  'SYSTEM_VARIABLES_ADMIN',
  'TABLE_ENCRYPTION_ADMIN',
  'TELEMETRY_LOG_ADMIN',
  'TRANSACTION_GTID_TAG',
  'XA_RECOVER_ADMIN',
] as const;

/** PASSWORD EXPIRE (at once) | DEFAULT | NEVER | INTERVAL n DAY, as an account statement gives it. */
export type PasswordExpireOption = 'NOW' | 'DEFAULT' | 'NEVER' | { intervalDays: number };

/** A new account with CREATE USER's defaults. */
export function newAccount(user: string, host: string, plugin: string, now: number): Account {
  return {
    user,
    host,
    plugin,
    authenticationString: '',
    passwordExpired: false,
    passwordLastChanged: now,
    passwordLifetime: null,
    accountLocked: false,
    passwordReuseHistory: null,
    passwordReuseTime: null,
    passwordRequireCurrent: null,
    additionalPassword: null,
    failedLoginAttempts: 0,
    passwordLockTime: 0,
    metadata: null,
    sslType: '',
    sslCipher: '',
    x509Issuer: '',
    x509Subject: '',
    maxQuestions: 0,
    maxUpdates: 0,
    maxConnections: 0,
    maxUserConnections: 0,
    globalPrivileges: new Set(),
    dynamicPrivileges: new Map(),
    globalGrantOption: false,
    databasePrivileges: new Map(),
    tablePrivileges: new Map(),
    proxyGrants: [],
    roles: [],
    defaultRoles: [],
    restrictions: new Map(),
  };
}

/** 'user'@'host' as MySQL quotes accounts in messages. */
export function accountName(user: string, host: string): string {
  return `'${user}'@'${host}'`;
}

/** A deep copy of an account (grants included): the working copy of account statements and the grant tables. */
export function cloneAccount(account: Account): Account {
  const copyGrants = (m: Account['databasePrivileges']) =>
    new Map([...m].map(([k, v]) => [k, { privileges: new Set(v.privileges), grantOption: v.grantOption }]));
  return {
    ...account,
    metadata: account.metadata === null ? null : structuredClone(account.metadata),
    globalPrivileges: new Set(account.globalPrivileges),
    dynamicPrivileges: new Map(account.dynamicPrivileges),
    databasePrivileges: copyGrants(account.databasePrivileges),
    tablePrivileges: copyGrants(account.tablePrivileges),
    proxyGrants: account.proxyGrants.map((g) => ({ ...g })),
    roles: account.roles.map((r) => ({ ...r })),
    defaultRoles: account.defaultRoles.map((r) => ({ ...r })),
    restrictions: new Map([...account.restrictions].map(([db, privileges]) => [db, new Set(privileges)])),
  };
}
