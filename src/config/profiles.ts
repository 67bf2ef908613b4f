import type { ProfileFamily } from '../errors/catalogue.js';
import type { VariableTable } from './system-variables/index.js';

/**
 * A profile is the server being played: data (version strings, defaults)
 * plus named capabilities, as Vitess names a flavour's capabilities. Code
 * asks a capability, never a profile's name: this file is the only place
 * that knows which server has what.
 */
export type ProfileName =
  | 'mysql-8.4'
  | 'mysql-8.0'
  | 'mysql-5.7'
  | 'mysql-5.6'
  | 'mariadb-10.11'
  | 'oceanbase-4.4'
  | 'azure-flexible-8.0'
  | 'azure-flexible-8.4';

export type AuthPluginName = 'caching_sha2_password' | 'mysql_native_password' | 'sha256_password';

/** Which server's catalog (schemas, tables, columns; sql/catalog/definitions/) a profile shows. */
export type CatalogTable = 'mysql-8.4' | 'mysql-8.0' | 'mysql-5.7' | 'mysql-5.6' | 'mariadb-10.11';

export interface Profile {
  readonly name: ProfileName;
  /** Which server family's wording the error catalogue uses (errors/catalogue.ts overrides). */
  readonly family: ProfileFamily;
  /** What `SELECT VERSION()` and the greeting say. */
  readonly version: string;
  /**
   * What the greeting puts before `version`: MariaDB 10.x sends "5.5.5-"
   * (RPL_VERSION_HACK, sql_acl.cc send_server_handshake_packet(), since a
   * replica could not parse a two-digit major version), which its client
   * libraries strip (libmariadb's MA_RPL_VERSION_HACK); a real 10.11.19
   * greets with "5.5.5-10.11.19-MariaDB-0+deb12u1". VERSION() has no prefix.
   */
  readonly greetingVersionPrefix?: string;
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
  /**
   * The conditions account statements leave: MySQL's (IF [NOT] EXISTS notes 3162/3163) or MariaDB's
   * (notes 1973/1974; a plugin or hash a statement cannot use is an Error condition followed by
   * 1396's, the statement failing with the first for CREATE USER and with 1396 for ALTER USER, which
   * names an account given without a host as 'user' alone).
   */
  readonly accountDdlNotes: 'mysql' | 'mariadb';
  /**
   * What IDENTIFIED BY PASSWORD / AS accepts: MySQL checks each plugin's format (1827); MariaDB's
   * native hash is '', 41 characters '*HEX', a 16-digit pre-4.1 hash or the marker 'invalid' (1372).
   */
  readonly storedHashRules: 'mysql' | 'mariadb';
  /** The IDENTIFIED clause's grammar (sql/parse/dialect.ts authClauseGrammar()). */
  readonly authClauseGrammar: 'mysql' | 'mariadb';
  /** How accounts are ordered for login matching (accounts/host-match.ts aclOrder()). */
  readonly aclOrder: 'ip-first' | 'sort-value';
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
  /** An account holding SYSTEM_USER can be changed only by a session holding it too (MySQL 8.0.16+; 1227). */
  readonly systemUserPrivilege: boolean;
  /** CREATE ROLE / DROP ROLE are static privileges (MySQL 8, OceanBase). */
  readonly roles: boolean;
  /**
   * The role statements (CREATE/DROP ROLE, GRANT role TO, SET ROLE, SET DEFAULT ROLE): 'mysql' (MySQL 8's
   * model: roles are locked accounts with a host), 'mariadb' (roles without a host, one active role),
   * 'syntax-error' (5.x: no such grammar, 1064), 'unsupported' (recognised, not modelled: 1235).
   */
  readonly roleStatements: 'mysql' | 'mariadb' | 'syntax-error' | 'unsupported';
  /**
   * How 1142 names the table: 'table' (MySQL: the table's alias, `for table 'user'`,
   * sql_authorization.cc) or 'quoted-schema-table' (MariaDB 10.11: for table `mysql`.`user`).
   */
  readonly tableAccessDeniedName: 'table' | 'quoted-schema-table';
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
  /** A failed COM_CHANGE_USER keeps the previous session (MariaDB); MySQL sends 1873 (or the login's error) and disconnects. */
  readonly changeUserFailureKeepsSession: boolean;
  /** RENAME USER of the session's own account changes its CURRENT_USER() (MySQL 8.0.23+, Bug #32068470). */
  readonly renameFollowsSessionAccount: boolean;
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
   * Longest result column name, in bytes (whole characters): MySQL's
   * Name_string::copy() keeps MAX_ALIAS_NAME (256) bytes of an alias, a
   * string literal's value or an expression's text; a real MariaDB 10.11 255.
   */
  readonly itemNameBytes: number;
  /**
   * MariaDB's extended column metadata (MARIADB_CLIENT_EXTENDED_METADATA):
   * the greeting clears CLIENT_MYSQL and offers it; JSON results carry
   * format 'json'.
   */
  readonly extendedMetadata: boolean;
  /** A GROUP BY's fields are the temporary table's (MariaDB: no key flags, COUNT() not BINARY, a view's base table). */
  readonly groupByTemporaryFields: boolean;
  /** Reading a view flags a session state change and reports the schema (MariaDB's mysql.user). */
  readonly viewReadChangesSessionState: boolean;
  /**
   * How a regular expression's runaway match ends: MySQL 8's ICU
   * (regexp_time_limit, error 3699), MariaDB's PCRE (match limit, warning
   * 1139 and no match), or 5.x where the engine has no limit (the emulator
   * stops at 200 ms with error 1139).
   */
  readonly regexpLimit: 'time-limit-error' | 'match-limit-warning' | 'match-limit-error';
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

  // ---- TLS
  /** The protocol names tls_version may list (process_tls_version()); a server without tls_version (5.6) offers them all. */
  readonly tlsProtocols: readonly string[];
  /**
   * The cipher lists used when ssl_cipher / tls_ciphersuites are not given:
   * MySQL 8's (include/tls_ciphers.h), or OpenSSL's (Node's default list)
   * for the servers whose own lists are not modelled.
   */
  readonly tlsCipherDefaults: 'mysql-8' | 'openssl';

  // ---- the platform: a server as a managed service runs it
  /** Server parameters the platform starts with where they differ from the server's own defaults. */
  readonly parameterDefaults: Readonly<Record<string, string | number>>;
  /** Server parameters the platform does not let a customer set: a startup value for one is refused. */
  readonly fixedParameters: readonly string[];
  /**
   * Who administers a fresh server: 'root' (mysqld --initialize: root@localhost
   * with every privilege) or 'server-admin' (a managed service: the admin login
   * chosen at creation, user@'%', with `serverAdminPrivileges` and no root).
   */
  readonly administrator: 'root' | 'server-admin';
  /** The server admin's privileges, all ON *.* WITH GRANT OPTION (administrator 'server-admin'). */
  readonly serverAdminPrivileges: { readonly static: readonly string[]; readonly dynamic: readonly string[] };
  /**
   * What the platform requires of the admin login at creation: names it
   * refuses, the longest name, the password's length and how many of the four
   * character classes it needs. Null where nothing is checked.
   */
  readonly serverAdminRules: {
    readonly reservedNames: readonly string[];
    readonly maxNameLength: number;
    readonly passwordLength: readonly [number, number];
    readonly passwordClasses: number;
  } | null;
  /**
   * The platform's own management account (Azure's azure_superuser): every
   * privilege, locked against logins; the API's sql() runs as it, as the
   * platform's control plane does. Null where there is none.
   */
  readonly serviceAccount: { readonly user: string; readonly hosts: readonly string[] } | null;
  /** Schemas whose tables only an account with SUPER may write directly (Azure: the mysql schema is read-only). */
  readonly readOnlySchemas: readonly string[];
  /** The platform's built-in stored procedures (CALL), or null where CALL finds only user procedures. */
  readonly builtinProcedures: 'azure' | null;
  /**
   * The form validate_password takes when loaded at startup or by the
   * platform: MySQL 8's component (validate_password.* variables) or the
   * older plugin (validate_password_* variables), which Azure installs.
   */
  readonly validatePasswordForm: 'component' | 'plugin';
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
  storedHashRules: 'mysql',
  authClauseGrammar: 'mysql',
  aclOrder: 'ip-first',
  alterUserExpireOnly: false,
  alterUserUserFunction: true,
  setPasswordLiteralIsHash: false,
  oldPasswordsPre41: false,
  grantCreatesUsers: 'never',
  decoyPlugin: 'any-builtin',
  grantWarnsAccountChanges: false,
  dynamicPrivileges: true,
  globalGrantsTable: true,
  systemUserPrivilege: true,
  roles: true,
  roleStatements: 'mysql',
  tableAccessDeniedName: 'table',
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
  changeUserFailureKeepsSession: false,
  renameFollowsSessionAccount: true,
  inactivityTimeoutError: true,
  statementLimitNames: { questions: 'max_questions', updates: 'max_updates' },
  integerItemType: 'bigint',
  integerLiteralWidth: 'digits-and-sign',
  stringItemDecimals: 31,
  itemNameBytes: 256,
  extendedMetadata: false,
  groupByTemporaryFields: false,
  viewReadChangesSessionState: false,
  regexpLimit: 'time-limit-error',
  itemTypeRules: 'mysql',
  showBinaryLogStatus: false,
  showReplicaForms: true,
  showMasterSlaveForms: true,
  freshBinlogSize: 157,
  tlsProtocols: ['TLSv1.2', 'TLSv1.3'],
  tlsCipherDefaults: 'mysql-8',
  parameterDefaults: {},
  fixedParameters: [],
  administrator: 'root',
  serverAdminPrivileges: { static: [], dynamic: [] },
  serverAdminRules: null,
  serviceAccount: null,
  readOnlySchemas: [],
  builtinProcedures: null,
  validatePasswordForm: 'component',
};

/** MySQL 8.4 LTS: mysql_native_password ships disabled, the replication statements lost their old names. */
const mysql84: Capabilities = {
  ...mysql8,
  defaultEnabledPlugins: ['caching_sha2_password', 'sha256_password'],
  showBinaryLogStatus: true,
  showMasterSlaveForms: false,
  freshBinlogSize: 158,
};

const mysql57: Capabilities = {
  ...mysql8,
  family: 'mysql-5.7',
  regexpLimit: 'match-limit-error',
  versionComment: 'MySQL Community Server (GPL)',
  aclOrder: 'sort-value',
  inactivityTimeoutError: false,
  renameFollowsSessionAccount: false,
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
  systemUserPrivilege: false,
  roles: false,
  roleStatements: 'syntax-error',
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
  // 5.7.28+ built with OpenSSL 1.1.1 knows TLSv1.3; tls_version's default leaves it out.
  tlsProtocols: ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'],
  tlsCipherDefaults: 'openssl',
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
  tlsProtocols: ['TLSv1', 'TLSv1.1', 'TLSv1.2'],
};

const mariadb1011: Capabilities = {
  ...mysql57,
  family: 'mariadb',
  greetingVersionPrefix: '5.5.5-',
  itemNameBytes: 255,
  extendedMetadata: true,
  groupByTemporaryFields: true,
  viewReadChangesSessionState: true,
  regexpLimit: 'match-limit-warning',
  versionComment: 'mariadb.org binary distribution',
  tableAccessDeniedName: 'quoted-schema-table',
  roleStatements: 'mariadb',
  defaultCollationId: 45,
  defaultCharset: 'utf8mb4',
  defaultCollation: 'utf8mb4_general_ci',
  sqlModeDefault: 'STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_AUTO_CREATE_USER,NO_ENGINE_SUBSTITUTION',
  disconnectOnExpiredDefault: false,
  disconnectOnExpiredDynamic: true,
  defaultEnabledPlugins: ['mysql_native_password', 'mysql_old_password'],
  emptyPluginColumn: 'as-is',
  passwordErrorLock: 'max-password-errors',
  accountLockedError: 'ER_ACCOUNT_HAS_BEEN_LOCKED_MARIADB',
  insecureTransportError: 'ER_ACCESS_DENIED_ERROR',
  sandboxRules: 'mariadb',
  rootProxyGrantHost: '%',
  atomicAccountDdl: false,
  accountDdlNotes: 'mariadb',
  storedHashRules: 'mariadb',
  authClauseGrammar: 'mariadb',
  aclOrder: 'sort-value',
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
  changeUserFailureKeepsSession: true,
  inactivityTimeoutError: false,
  statementLimitNames: { questions: 'max_queries_per_hour', updates: 'max_updates_per_hour' },
  integerItemType: 'int-when-short',
  stringItemDecimals: 39,
  itemTypeRules: 'mariadb',
  showBinaryLogStatus: true,
  showReplicaForms: true,
  tlsProtocols: ['TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'],
};

const oceanbase44: Capabilities = {
  ...mysql8,
  family: 'oceanbase',
  versionComment: 'OceanBase Community Edition',
  // OceanBase's MySQL mode has roles of its own, not modelled here.
  roleStatements: 'unsupported',
  inactivityTimeoutError: false,
  renameFollowsSessionAccount: false,
  defaultAuthPlugin: 'mysql_native_password',
  ldapSimplePlugin: false,
  decoyPlugin: 'enabled',
  systemAccountGrants: false,
  components: false,
  globalGrantsTable: false,
  systemUserPrivilege: false,
  passwordFunction: true,
  utf8mb4DefaultCollation: 'utf8mb4_general_ci',
  collationPadAttribute: false,
  oceanBaseSchema: true,
};

/**
 * Azure Database for MySQL - Flexible Server, as Microsoft documents it
 * (MicrosoftDocs/azure-databases-docs; /work/research/azure/azure.md): MySQL
 * Community Server with the service's defaults and limits on top.
 */
function azureFlexible(base: Capabilities): Capabilities {
  return {
    ...base,
    // Not documented by Azure; the service is MySQL Community Edition (research, section 2).
    versionComment: 'MySQL Community Server - GPL',
    // "mysql_native_password remains enabled in Azure Database for MySQL across all versions".
    defaultEnabledPlugins: ['caching_sha2_password', 'mysql_native_password', 'sha256_password'],
    // No MySQL Enterprise plugins on the service.
    ldapSimplePlugin: false,
    parameterDefaults: {
      // security-tls.md: TLS enforced, TLS 1.2 (the "Default configuration"; TLS 1.3 may be chosen on 8.0+).
      require_secure_transport: 'ON',
      tls_version: 'TLSv1.2',
      // concepts-limitations.md: only 1, set at creation.
      lower_case_table_names: 1,
      // concepts-server-parameters.md: the service's defaults, for its default SKU (Standard_B1ms, az CLI's).
      max_connections: 171,
      innodb_buffer_pool_size: 536870912,
      log_bin_trust_function_creators: 'ON',
      binlog_expire_logs_seconds: 0,
      sql_generate_invisible_primary_key: 'ON',
    },
    // Binary logging is always on in ROW format; no custom certificates, CA (mTLS) or ciphers (security-tls.md).
    fixedParameters: ['lower_case_table_names', 'log_bin', 'binlog_format', 'innodb_strict_mode', 'ssl_ca', 'ssl_cert', 'ssl_key', 'ssl_cipher', 'tls_ciphersuites'],
    administrator: 'server-admin',
    // security-how-to-create-users.md, verbatim; "The SUPER privilege and DBA role aren't supported."
    // Dynamic privileges: the ones concepts-limitations.md lists as supported.
    serverAdminPrivileges: {
      static: [
        'SELECT', 'INSERT', 'UPDATE', 'DELETE', 'CREATE', 'DROP', 'RELOAD', 'PROCESS', 'REFERENCES', 'INDEX', 'ALTER',
        'SHOW DATABASES', 'CREATE TEMPORARY TABLES', 'LOCK TABLES', 'EXECUTE', 'REPLICATION SLAVE', 'REPLICATION CLIENT',
        'CREATE VIEW', 'SHOW VIEW', 'CREATE ROUTINE', 'ALTER ROUTINE', 'CREATE USER', 'EVENT', 'TRIGGER',
      ],
      dynamic: ['REPLICATION_APPLIER', 'ROLE_ADMIN', 'SESSION_VARIABLES_ADMIN', 'SHOW_ROUTINE', 'XA_RECOVER_ADMIN'],
    },
    // quickstart-create-server-portal.md: the admin login and password rules.
    serverAdminRules: {
      reservedNames: ['azure_superuser', 'admin', 'administrator', 'root', 'guest', 'sa', 'public'],
      maxNameLength: 32,
      passwordLength: [8, 128],
      passwordClasses: 3,
    },
    // security-how-to-create-users.md: "a system account to manage the server"; its host parts are not documented.
    serviceAccount: { user: 'azure_superuser', hosts: ['localhost', '127.0.0.1'] },
    // concepts-limitations.md: "The mysql system database is read-only".
    readOnlySchemas: ['mysql'],
    builtinProcedures: 'azure',
    // concepts-built-in-store-procedure.md: CALL az_install_validate_password_plugin() installs the plugin.
    validatePasswordForm: 'plugin',
  };
}

export const PROFILES: Record<ProfileName, Profile> = {
  'mysql-8.4': { ...mysql84, name: 'mysql-8.4', version: '8.4.7', versionNumber: 8.4, variableTable: 'mysql-8.4', catalogTable: 'mysql-8.4' },
  'mysql-8.0': { ...mysql8, name: 'mysql-8.0', version: '8.0.44', versionNumber: 8.0, variableTable: 'mysql-8.0', catalogTable: 'mysql-8.0' },
  'mysql-5.7': { ...mysql57, name: 'mysql-5.7', version: '5.7.44', versionNumber: 5.7, variableTable: 'mysql-5.7', catalogTable: 'mysql-5.7' },
  'mysql-5.6': { ...mysql56, name: 'mysql-5.6', version: '5.6.51', versionNumber: 5.6, variableTable: 'mysql-5.6', catalogTable: 'mysql-5.6' },
  'mariadb-10.11': { ...mariadb1011, name: 'mariadb-10.11', version: '10.11.14-MariaDB', versionNumber: 10.11, variableTable: 'mariadb-10.11', catalogTable: 'mariadb-10.11' },
  // OceanBase's MySQL mode shows MySQL 8.0's variables and catalog here (its own are not modelled).
  'oceanbase-4.4': { ...oceanbase44, name: 'oceanbase-4.4', version: '5.7.25-OceanBase_CE-v4.4.2.1', versionNumber: 4.4, variableTable: 'mysql-8.0', catalogTable: 'mysql-8.0' },
  // concepts-version-policy.md (2025-06-27): 8.0.42 and 8.4.5 GA.
  'azure-flexible-8.0': { ...azureFlexible(mysql8), name: 'azure-flexible-8.0', version: '8.0.42', versionNumber: 8.0, variableTable: 'mysql-8.0', catalogTable: 'mysql-8.0' },
  'azure-flexible-8.4': { ...azureFlexible(mysql84), name: 'azure-flexible-8.4', version: '8.4.5', versionNumber: 8.4, variableTable: 'mysql-8.4', catalogTable: 'mysql-8.4' },
};

export const DEFAULT_PROFILE: ProfileName = 'mysql-8.4';

export function getProfile(name: string): Profile {
  const profile = (PROFILES as Record<string, Profile | undefined>)[name];
  if (!profile) {
    throw new Error(`Unknown profile '${name}'. Known profiles: ${Object.keys(PROFILES).join(', ')}`);
  }
  return profile;
}
