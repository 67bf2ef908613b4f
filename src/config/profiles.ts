import type { ProfileFamily } from '../errors/catalogue.js';
import type { VariableTable } from './system-variables/index.js';

/**
 * A profile is the server being played: data (version strings, defaults)
 * plus named capabilities, as Vitess names a flavour's capabilities. Code
 * asks a capability, never a profile's name: this file is the only place
 * that knows which server has what.
 */
export type ProfileName = 'mysql-8.4' | 'mysql-8.0' | 'mysql-5.7' | 'mysql-5.6' | 'mariadb-10.11' | 'oceanbase-4.4';

export type AuthPluginName = 'caching_sha2_password' | 'mysql_native_password' | 'sha256_password';

/** Which server's catalog (schemas, tables, columns; sql/catalog/definitions/) a profile shows. */
export type CatalogTable = 'mysql-8.4' | 'mysql-8.0' | 'mysql-5.7' | 'mysql-5.6' | 'mariadb-10.11';

export interface Profile {
  readonly name: ProfileName;
  /** Which server family's wording the error catalogue uses (errors/catalogue.ts overrides). */
  readonly family: ProfileFamily;
  /** What `SELECT VERSION()` and the greeting say. */
  readonly version: string;
  readonly versionComment: string;
  /** Major.minor as a number, e.g. 8.4, 5.7, 10.11. */
  readonly versionNumber: number;
  /** The server's default authentication plugin (named in the greeting). */
  readonly defaultAuthPlugin: AuthPluginName;
  /** Default collation id of the server (greeting character_set byte). */
  readonly defaultCollationId: number;
  readonly defaultCharset: string;
  readonly defaultCollation: string;
  /** Which server's system and status variables this profile shows (config/system-variables/). */
  readonly variableTable: VariableTable;
  /** Which server's catalog this profile shows (sql/catalog/definitions/). */
  readonly catalogTable: CatalogTable;
  /** The default sql_mode (NO_AUTO_CREATE_USER decides whether GRANT may create accounts). */
  readonly sqlModeDefault: string;
  /** Whether disconnect_on_expired_password defaults to ON, and whether SET GLOBAL may change it. */
  readonly disconnectOnExpiredDefault: boolean;
  readonly disconnectOnExpiredDynamic: boolean;

  // ---- authentication and accounts
  /** Plugins loaded and enabled on a fresh server (8.4 ships mysql_native_password disabled). */
  readonly defaultEnabledPlugins: readonly string[];
  /** authentication_ldap_simple can be loaded (MySQL 8.0 / 8.4 Enterprise). */
  readonly ldapSimplePlugin: boolean;
  /**
   * What an empty mysql.user plugin column means at privilege load: 'from-hash'
   * (5.6: native or old by the hash's length), 'skipped' (5.7: the row is not
   * loaded), 'as-is' (8.x, MariaDB).
   */
  readonly emptyPluginColumn: 'from-hash' | 'skipped' | 'as-is';
  /** How wrong passwords lock accounts: MySQL 8's FAILED_LOGIN_ATTEMPTS (3955) or MariaDB's max_password_errors (4150). */
  readonly passwordErrorLock: 'failed-login-attempts' | 'max-password-errors';
  /** The error a login to an ACCOUNT LOCKed account gets. */
  readonly accountLockedError: 'ER_ACCOUNT_HAS_BEEN_LOCKED' | 'ER_ACCOUNT_HAS_BEEN_LOCKED_MARIADB';
  /** The error a plain-TCP login gets under require_secure_transport (MySQL 3159; MariaDB answers 1045). */
  readonly insecureTransportError: 'ER_SECURE_TRANSPORT_REQUIRED' | 'ER_ACCESS_DENIED_ERROR';
  /** Which statements and commands the password-expired sandbox lets through (session/sandbox-gate.ts). */
  readonly sandboxRules: 'mysql-8' | 'mysql-5' | 'mariadb';
  /** The locked system accounts a fresh data directory has, and whether they carry MySQL 8's grants. */
  readonly systemAccounts: readonly string[];
  readonly systemAccountGrants: boolean;
  /** mysqld --initialize: root@localhost's PROXY grant is on ''@'' (MySQL) or ''@'%' (MariaDB). */
  readonly rootProxyGrantHost: '' | '%';
  /** INSTALL COMPONENT and the validate_password component (MySQL 8). */
  readonly components: boolean;

  // ---- account statements
  /** RETAIN CURRENT PASSWORD / DISCARD OLD PASSWORD (MySQL 8.0.14+, OceanBase). */
  readonly dualPasswords: boolean;
  /** FAILED_LOGIN_ATTEMPTS / PASSWORD_LOCK_TIME (MySQL 8.0.19+; OceanBase kept accepting them). */
  readonly failedLoginTracking: boolean;
  /** Multi-account statements are all-or-nothing (MySQL); MariaDB changes those it can and names the rest in 1396. */
  readonly atomicAccountDdl: boolean;
  /** The notes of IF [NOT] EXISTS: MySQL's 3162/3163 or MariaDB's 1973/1974. */
  readonly accountDdlNotes: 'mysql' | 'mariadb';
  /** MySQL 5.6's ALTER USER has one form, `ALTER USER user [, user] ... PASSWORD EXPIRE`; anything else is 1064. */
  readonly alterUserExpireOnly: boolean;
  /** `ALTER USER USER() ...` is accepted (MySQL); a 1064 in MariaDB. */
  readonly alterUserUserFunction: boolean;
  /** SET PASSWORD = 'literal' takes a native hash, not cleartext (MariaDB: 1372 otherwise). */
  readonly setPasswordLiteralIsHash: boolean;
  /**
   * old_passwords = 1 means pre-4.1 hashes (5.6; 5.7 lost that branch and
   * returns ''), and SET PASSWORD = 'x' hashes as old_passwords says (5.6).
   */
  readonly oldPasswordsPre41: boolean;
  /**
   * Whether GRANT may create the accounts it names, and what NO_AUTO_CREATE_USER then asks of it (1133
   * otherwise): 'never' (MySQL 8: 1410, and IDENTIFIED is a 1064), 'nonempty-auth' (MySQL 5.x: an
   * IDENTIFIED clause with a non-empty password or hash), 'identified' (MariaDB: any IDENTIFIED clause,
   * even BY ''). Where GRANT may create accounts its grammar takes IDENTIFIED, REQUIRE and WITH limits.
   */
  readonly grantCreatesUsers: 'never' | 'nonempty-auth' | 'identified';
  /** GRANT that creates an account or changes its password warns 1287 (MySQL 5.7). */
  readonly grantWarnsAccountChanges: boolean;
  /**
   * The plugin an unknown user's decoy account authenticates with (auth/decoy.ts): 'any-builtin'
   * (MySQL 8: any of the three built-ins at random, even a disabled one, then 1524), 'default'
   * (MySQL 5.x: the default plugin), 'enabled' (one of the enabled built-ins).
   */
  readonly decoyPlugin: 'any-builtin' | 'default' | 'enabled';
  /** Dynamic privileges and mysql.global_grants (MySQL 8; OceanBase accepts them). */
  readonly dynamicPrivileges: boolean;
  /** mysql.global_grants exists as a table (MySQL 8 only). */
  readonly globalGrantsTable: boolean;
  /** CREATE ROLE / DROP ROLE are static privileges (MySQL 8, OceanBase). */
  readonly roles: boolean;
  /** 1142 names the table as `db.table` (MySQL 8) or `table` (5.x, MariaDB, OceanBase). */
  readonly tableAccessDeniedQualified: boolean;
  /** How SHOW GRANTS / SHOW CREATE USER quote accounts: backticks (8.x, MariaDB) or quotes (5.x). */
  readonly accountQuote: '`' | "'";
  /** The shape of SHOW CREATE USER and SHOW GRANTS. */
  readonly showAccountForm: 'mysql-8' | 'mysql-5.7' | 'mariadb';
  /** The mysql.user layout (columns, and MariaDB's view over mysql.global_priv). */
  readonly userTableLayout: 'mysql-8' | 'mysql-5.7' | 'mysql-5.6' | 'mariadb';
  /** Schemas every account may see without a grant. */
  readonly worldReadableSchemas: readonly string[];

  // ---- SQL
  /** `PASSWORD('x')` exists (5.x, MariaDB, OceanBase); MySQL 8 removed it. */
  readonly passwordFunction: boolean;
  /** PASSWORD() is deprecated with a warning (MySQL 5.7: 1681 for the function, 1287 in SET PASSWORD). */
  readonly passwordFunctionDeprecated: boolean;
  /** OLD_PASSWORD() exists (5.6, MariaDB). */
  readonly oldPasswordFunction: boolean;
  /** The lexer runs MariaDB's `/*M! ... *\/` comments. */
  readonly mariaDbComments: boolean;
  /** utf8mb4_0900_* collations exist (MySQL 8, OceanBase). */
  readonly uca900Collations: boolean;
  /** The default collation of utf8mb4 (character_set literals, COLLATION()). */
  readonly utf8mb4DefaultCollation: string;
  /** SHOW COLLATION has the Pad_attribute column (MySQL 8). */
  readonly collationPadAttribute: boolean;
  /** MySQL 8's data dictionary: information_schema as views over it (e.g. SCHEMATA.DEFAULT_ENCRYPTION). */
  readonly dataDictionary: boolean;
  /** The `oceanbase` schema with DBA_OB_* views. */
  readonly oceanBaseSchema: boolean;
  /** Whose catalog rows (PLUGINS, ENGINES, SCHEMATA) the server shows. */
  readonly catalogDialect: 'mysql' | 'mariadb';
  /**
   * MariaDB tracks max_user_connections only when it was non-zero at startup
   * (max_user_connections_checking): started with 0, SET GLOBAL of it is 1290.
   */
  readonly maxUserConnectionsFixedAtZero: boolean;
  /** An idle session closed by wait_timeout first gets ER_CLIENT_INTERACTION_TIMEOUT (4031; MySQL 8.0.24+). */
  readonly inactivityTimeoutError: boolean;
  // ---- result metadata
  /**
   * The type of an integer-valued expression (literal, operator, function):
   * 'bigint' (MySQL: every integer item is a LONGLONG) or 'int-when-short'
   * (MariaDB's Type_handler_long_or_longlong: a LONG while its display
   * length is at most 9 characters; `SELECT 1` is an INT, which the mariadb
   * connector returns as a number, not a BigInt).
   */
  readonly integerItemType: 'bigint' | 'int-when-short';
  /**
   * An integer literal's display length: its digits ('digits': MySQL 5.x,
   * MariaDB: `SELECT 1` is 1 wide) or its digits and a sign
   * ('digits-and-sign': MySQL 8, metadata.result: `select 1` is 2 wide,
   * 2147483648 is 11).
   */
  readonly integerLiteralWidth: 'digits' | 'digits-and-sign';
  /** The decimals of a string-valued expression (NOT_FIXED_DEC): 31 in MySQL, 39 in MariaDB. */
  readonly stringItemDecimals: 31 | 39;
  /**
   * Whose rules give the functions' and operators' result lengths and
   * nullability: MySQL 8's resolve_type() or MariaDB's fix_length_and_dec()
   * (sql/expr/mariadb-types.ts holds MariaDB's where they differ).
   */
  readonly itemTypeRules: 'mysql' | 'mariadb';
  /** How 1226 names the per-hour statement limits: MySQL 'max_questions' / 'max_updates', MariaDB 'max_queries_per_hour' / 'max_updates_per_hour'. */
  readonly statementLimitNames: { readonly questions: string; readonly updates: string };

  // ---- replication statements (SHOW)
  /** SHOW BINARY LOG STATUS (MySQL 8.2+) and MariaDB's SHOW BINLOG STATUS (10.5.2+). */
  readonly showBinaryLogStatus: boolean;
  /** SHOW REPLICA STATUS and SHOW REPLICAS (MySQL 8.0.22+; MariaDB 10.5.1+ as SHOW REPLICA STATUS / SHOW REPLICA HOSTS). */
  readonly showReplicaForms: boolean;
  /** SHOW MASTER STATUS, SHOW SLAVE STATUS, SHOW MASTER LOGS, SHOW SLAVE HOSTS (removed in MySQL 8.4: 1064). */
  readonly showMasterSlaveForms: boolean;
  /**
   * The size of a fresh server's binary log, with only its format
   * description and previous-GTIDs events: 157 in 8.0.26+ (41 event types),
   * 158 in 8.3+ (GTID_TAGGED_LOG_EVENT makes the FDE's post-header table one
   * byte longer). Used only where log_bin is ON by default.
   */
  readonly freshBinlogSize: number;
}

type Capabilities = Omit<Profile, 'name' | 'version' | 'versionNumber' | 'variableTable' | 'catalogTable'>;

const MYSQL_WORLD_READABLE = ['information_schema', 'performance_schema'] as const;

const mysql8: Capabilities = {
  family: 'mysql-8',
  versionComment: 'MySQL Community Server - GPL',
  defaultAuthPlugin: 'caching_sha2_password',
  defaultCollationId: 255,
  defaultCharset: 'utf8mb4',
  defaultCollation: 'utf8mb4_0900_ai_ci',
  sqlModeDefault: 'ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION',
  disconnectOnExpiredDefault: true,
  disconnectOnExpiredDynamic: false,
  defaultEnabledPlugins: ['caching_sha2_password', 'mysql_native_password', 'sha256_password'],
  ldapSimplePlugin: true,
  emptyPluginColumn: 'as-is',
  passwordErrorLock: 'failed-login-attempts',
  accountLockedError: 'ER_ACCOUNT_HAS_BEEN_LOCKED',
  insecureTransportError: 'ER_SECURE_TRANSPORT_REQUIRED',
  sandboxRules: 'mysql-8',
  systemAccounts: ['mysql.infoschema', 'mysql.session', 'mysql.sys'],
  systemAccountGrants: true,
  rootProxyGrantHost: '',
  components: true,
  dualPasswords: true,
  failedLoginTracking: true,
  atomicAccountDdl: true,
  accountDdlNotes: 'mysql',
  alterUserExpireOnly: false,
  alterUserUserFunction: true,
  setPasswordLiteralIsHash: false,
  oldPasswordsPre41: false,
  grantCreatesUsers: 'never',
  decoyPlugin: 'any-builtin',
  grantWarnsAccountChanges: false,
  dynamicPrivileges: true,
  globalGrantsTable: true,
  roles: true,
  tableAccessDeniedQualified: true,
  accountQuote: '`',
  showAccountForm: 'mysql-8',
  userTableLayout: 'mysql-8',
  worldReadableSchemas: MYSQL_WORLD_READABLE,
  passwordFunction: false,
  passwordFunctionDeprecated: false,
  oldPasswordFunction: false,
  mariaDbComments: false,
  uca900Collations: true,
  utf8mb4DefaultCollation: 'utf8mb4_0900_ai_ci',
  collationPadAttribute: true,
  dataDictionary: true,
  oceanBaseSchema: false,
  catalogDialect: 'mysql',
  maxUserConnectionsFixedAtZero: false,
  inactivityTimeoutError: true,
  statementLimitNames: { questions: 'max_questions', updates: 'max_updates' },
  integerItemType: 'bigint',
  integerLiteralWidth: 'digits-and-sign',
  stringItemDecimals: 31,
  itemTypeRules: 'mysql',
  showBinaryLogStatus: false,
  showReplicaForms: true,
  showMasterSlaveForms: true,
  freshBinlogSize: 157,
};

const mysql57: Capabilities = {
  ...mysql8,
  family: 'mysql-5.7',
  versionComment: 'MySQL Community Server (GPL)',
  inactivityTimeoutError: false,
  defaultAuthPlugin: 'mysql_native_password',
  defaultCollationId: 8,
  defaultCharset: 'latin1',
  defaultCollation: 'latin1_swedish_ci',
  sqlModeDefault:
    'ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_AUTO_CREATE_USER,NO_ENGINE_SUBSTITUTION',
  // mysql_old_password was removed in 5.7.5.
  defaultEnabledPlugins: ['mysql_native_password', 'sha256_password'],
  ldapSimplePlugin: false,
  emptyPluginColumn: 'skipped',
  grantCreatesUsers: 'nonempty-auth',
  decoyPlugin: 'default',
  grantWarnsAccountChanges: true,
  sandboxRules: 'mysql-5',
  systemAccounts: [],
  systemAccountGrants: false,
  components: false,
  dualPasswords: false,
  failedLoginTracking: false,
  dynamicPrivileges: false,
  globalGrantsTable: false,
  roles: false,
  tableAccessDeniedQualified: false,
  accountQuote: "'",
  showAccountForm: 'mysql-5.7',
  userTableLayout: 'mysql-5.7',
  passwordFunction: true,
  passwordFunctionDeprecated: true,
  uca900Collations: false,
  utf8mb4DefaultCollation: 'utf8mb4_general_ci',
  collationPadAttribute: false,
  dataDictionary: false,
  showReplicaForms: false,
  integerLiteralWidth: 'digits',
};

const mysql56: Capabilities = {
  ...mysql57,
  family: 'mysql-5.6',
  sqlModeDefault: 'NO_ENGINE_SUBSTITUTION',
  grantWarnsAccountChanges: false,
  alterUserExpireOnly: true,
  defaultEnabledPlugins: ['mysql_native_password', 'mysql_old_password', 'sha256_password'],
  emptyPluginColumn: 'from-hash',
  oldPasswordsPre41: true,
  userTableLayout: 'mysql-5.6',
  passwordFunctionDeprecated: false,
  oldPasswordFunction: true,
};

const mariadb1011: Capabilities = {
  ...mysql57,
  family: 'mariadb',
  versionComment: 'mariadb.org binary distribution',
  defaultCollationId: 45,
  defaultCharset: 'utf8mb4',
  defaultCollation: 'utf8mb4_general_ci',
  sqlModeDefault: 'STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_AUTO_CREATE_USER,NO_ENGINE_SUBSTITUTION',
  disconnectOnExpiredDefault: false,
  disconnectOnExpiredDynamic: true,
  defaultEnabledPlugins: ['mysql_native_password'],
  emptyPluginColumn: 'as-is',
  passwordErrorLock: 'max-password-errors',
  accountLockedError: 'ER_ACCOUNT_HAS_BEEN_LOCKED_MARIADB',
  insecureTransportError: 'ER_ACCESS_DENIED_ERROR',
  sandboxRules: 'mariadb',
  rootProxyGrantHost: '%',
  atomicAccountDdl: false,
  accountDdlNotes: 'mariadb',
  alterUserUserFunction: false,
  setPasswordLiteralIsHash: true,
  grantCreatesUsers: 'identified',
  decoyPlugin: 'enabled',
  grantWarnsAccountChanges: false,
  accountQuote: '`',
  showAccountForm: 'mariadb',
  userTableLayout: 'mariadb',
  worldReadableSchemas: ['information_schema'],
  passwordFunctionDeprecated: false,
  oldPasswordFunction: true,
  mariaDbComments: true,
  catalogDialect: 'mariadb',
  maxUserConnectionsFixedAtZero: true,
  inactivityTimeoutError: false,
  statementLimitNames: { questions: 'max_queries_per_hour', updates: 'max_updates_per_hour' },
  integerItemType: 'int-when-short',
  stringItemDecimals: 39,
  itemTypeRules: 'mariadb',
  showBinaryLogStatus: true,
  showReplicaForms: true,
};

const oceanbase44: Capabilities = {
  ...mysql8,
  family: 'oceanbase',
  versionComment: 'OceanBase Community Edition',
  inactivityTimeoutError: false,
  defaultAuthPlugin: 'mysql_native_password',
  ldapSimplePlugin: false,
  decoyPlugin: 'enabled',
  systemAccountGrants: false,
  components: false,
  globalGrantsTable: false,
  tableAccessDeniedQualified: false,
  passwordFunction: true,
  utf8mb4DefaultCollation: 'utf8mb4_general_ci',
  collationPadAttribute: false,
  oceanBaseSchema: true,
};

export const PROFILES: Record<ProfileName, Profile> = {
  'mysql-8.4': {
    ...mysql8,
    name: 'mysql-8.4',
    version: '8.4.7',
    versionNumber: 8.4,
    variableTable: 'mysql-8.4',
    catalogTable: 'mysql-8.4',
    defaultEnabledPlugins: ['caching_sha2_password', 'sha256_password'],
    showBinaryLogStatus: true,
    showMasterSlaveForms: false,
    freshBinlogSize: 158,
  },
  'mysql-8.0': { ...mysql8, name: 'mysql-8.0', version: '8.0.44', versionNumber: 8.0, variableTable: 'mysql-8.0', catalogTable: 'mysql-8.0' },
  'mysql-5.7': { ...mysql57, name: 'mysql-5.7', version: '5.7.44', versionNumber: 5.7, variableTable: 'mysql-5.7', catalogTable: 'mysql-5.7' },
  'mysql-5.6': { ...mysql56, name: 'mysql-5.6', version: '5.6.51', versionNumber: 5.6, variableTable: 'mysql-5.6', catalogTable: 'mysql-5.6' },
  'mariadb-10.11': { ...mariadb1011, name: 'mariadb-10.11', version: '10.11.14-MariaDB', versionNumber: 10.11, variableTable: 'mariadb-10.11', catalogTable: 'mariadb-10.11' },
  // OceanBase's MySQL mode shows MySQL 8.0's variables and catalog here (its own are not modelled).
  'oceanbase-4.4': { ...oceanbase44, name: 'oceanbase-4.4', version: '5.7.25-OceanBase_CE-v4.4.2.1', versionNumber: 4.4, variableTable: 'mysql-8.0', catalogTable: 'mysql-8.0' },
};

export const DEFAULT_PROFILE: ProfileName = 'mysql-8.4';

export function getProfile(name: string): Profile {
  const profile = (PROFILES as Record<string, Profile | undefined>)[name];
  if (!profile) {
    throw new Error(`Unknown profile '${name}'. Known profiles: ${Object.keys(PROFILES).join(', ')}`);
  }
  return profile;
}
