/**
 * The one error catalogue: every error a client can see, as data.
 * Texts are MySQL 8.4's English messages (share/messages_to_clients.txt);
 * `overrides` holds the wording of other server families where it differs.
 * printf-style `%s` / `%d` / `%u` placeholders are filled by `formatMessage`.
 */
export type ProfileFamily = 'mysql-8' | 'mysql-5.7' | 'mysql-5.6' | 'mariadb' | 'oceanbase';

export interface ErrorDef {
  readonly code: number;
  readonly sqlState: string;
  readonly message: string;
  readonly overrides?: Partial<Record<ProfileFamily, string>>;
  /** The SQLSTATE of other server families where it differs (MariaDB's 1133 is 28000). */
  readonly sqlStates?: Partial<Record<ProfileFamily, string>>;
}

const PARSE_INTRO_MYSQL =
  'You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use';
const PARSE_INTRO_MARIADB =
  'You have an error in your SQL syntax; check the manual that corresponds to your MariaDB server version for the right syntax to use';

export const ERRORS = {
  ER_CON_COUNT_ERROR: { code: 1040, sqlState: '08004', message: 'Too many connections' },
  ER_OUT_OF_RESOURCES: {
    code: 1041,
    sqlState: 'HY000',
    message:
      "Out of memory; check if mysqld or some other process uses all available memory; if not, you may have to use 'ulimit' to allow mysqld to use more memory or you can add more swap space",
    // MariaDB 10.11's errmsg.sys (Debian's mariadb-server).
    overrides: { mariadb: 'Out of memory.' },
  },
  ER_TOO_MANY_USER_CONNECTIONS: {
    code: 1203,
    sqlState: '42000',
    message: "User %s already has more than 'max_user_connections' active connections",
  },
  ER_OPTION_PREVENTS_STATEMENT: {
    code: 1290,
    sqlState: 'HY000',
    message: 'The MySQL server is running with the %s option so it cannot execute this statement',
    overrides: { mariadb: 'The MariaDB server is running with the %s option so it cannot execute this statement' },
  },
  ER_CLIENT_INTERACTION_TIMEOUT: {
    code: 4031,
    sqlState: 'HY000',
    message: 'The client was disconnected by the server because of inactivity. See wait_timeout and interactive_timeout for configuring this behavior.',
  },
  ER_MAX_PREPARED_STMT_COUNT_REACHED: {
    code: 1461,
    sqlState: '42000',
    message: "Can't create more than max_prepared_stmt_count statements (current value: %u)",
  },
  ER_WRONG_OBJECT: {
    code: 1347,
    sqlState: 'HY000',
    message: "'%s.%s' is not %s",
    overrides: { mariadb: "'%s.%s' is not of type '%s'" },
  },
  ER_TRG_DOES_NOT_EXIST: { code: 1360, sqlState: 'HY000', message: 'Trigger does not exist' },
  ER_NO_BINARY_LOGGING: { code: 1381, sqlState: 'HY000', message: 'You are not using binary logging' },
  ER_EVENT_DOES_NOT_EXIST: { code: 1539, sqlState: 'HY000', message: "Unknown event '%s'" },
  ER_ILLEGAL_VALUE_FOR_TYPE: { code: 1367, sqlState: '22007', message: "Illegal %s '%s' value found during parsing" },
  ER_TOO_MANY_ROWS: { code: 1172, sqlState: '42000', message: 'Result consisted of more than one row' },
  ER_SP_UNDECLARED_VAR: { code: 1327, sqlState: '42000', message: 'Undeclared variable: %s' },
  ER_SP_FETCH_NO_DATA: { code: 1329, sqlState: '02000', message: 'No data - zero rows fetched, selected, or processed' },
  ER_MULTIPLE_INTO_CLAUSES: { code: 3953, sqlState: 'HY000', message: 'Multiple INTO clauses in one query block.' },
  ER_USER_LIMIT_REACHED: { code: 1226, sqlState: '42000', message: "User '%s' has exceeded the '%s' resource (current value: %ld)" },
  ER_HANDSHAKE_ERROR: { code: 1043, sqlState: '08S01', message: 'Bad handshake' },
  ER_DBACCESS_DENIED_ERROR: {
    code: 1044,
    sqlState: '42000',
    message: "Access denied for user '%s'@'%s' to database '%-.192s'",
  },
  ER_ACCESS_DENIED_ERROR: {
    code: 1045,
    sqlState: '28000',
    message: "Access denied for user '%s'@'%s' (using password: %s)",
  },
  ER_NO_DB_ERROR: { code: 1046, sqlState: '3D000', message: 'No database selected' },
  ER_UNKNOWN_COM_ERROR: { code: 1047, sqlState: '08S01', message: 'Unknown command' },
  ER_BAD_DB_ERROR: { code: 1049, sqlState: '42000', message: "Unknown database '%-.192s'" },
  ER_BAD_FIELD_ERROR: { code: 1054, sqlState: '42S22', message: "Unknown column '%-.192s' in '%-.192s'" },
  ER_NON_UNIQ_ERROR: { code: 1052, sqlState: '23000', message: "Column '%s' in %s is ambiguous" },
  ER_NONUNIQ_TABLE: { code: 1066, sqlState: '42000', message: "Not unique table/alias: '%s'" },
  ER_WRONG_USAGE: { code: 1221, sqlState: 'HY000', message: 'Incorrect usage of %s and %s' },
  ER_WRONG_NUMBER_OF_COLUMNS_IN_SELECT: {
    code: 1222,
    sqlState: '21000',
    message: 'The used SELECT statements have a different number of columns',
  },
  ER_DUP_FIELDNAME: { code: 1060, sqlState: '42S21', message: "Duplicate column name '%s'" },
  ER_VIEW_WRONG_LIST: {
    code: 1353,
    sqlState: 'HY000',
    message: 'In definition of view, derived table or common table expression, SELECT list and column names list have different column counts',
  },
  ER_SUBQUERY_NO_1_ROW: { code: 1242, sqlState: '21000', message: 'Subquery returns more than 1 row' },
  ER_DERIVED_MUST_HAVE_ALIAS: { code: 1248, sqlState: '42000', message: 'Every derived table must have its own alias' },
  ER_PARSE_ERROR: {
    code: 1064,
    sqlState: '42000',
    message: `${PARSE_INTRO_MYSQL} near '%s' at line %d`,
    overrides: { mariadb: `${PARSE_INTRO_MARIADB} near '%s' at line %d` },
  },
  /** The parser's stack overflow: Bison's "memory exhausted" in ER_PARSE_ERROR's "%s near '%-.80s' at line %d". */
  ER_PARSE_ERROR_MEMORY_EXHAUSTED: { code: 1064, sqlState: '42000', message: "memory exhausted near '%s' at line %d" },
  ER_STACK_OVERRUN_NEED_MORE: {
    code: 1436,
    sqlState: 'HY000',
    // MySQL's share/messages_to_clients.txt (8.0.41; Connector/J's MysqlErrorNumbers quotes the same).
    message: "Thread stack overrun:  %ld bytes used of a %ld byte stack, and %ld bytes needed.  Use 'mysqld --thread_stack=#' to specify a bigger stack.",
    // MariaDB 10.11's errmsg.sys (Debian's mariadb-server).
    overrides: { mariadb: 'Thread stack overrun:  %ld bytes used of a %ld byte stack, and %ld bytes needed. Consider increasing the thread_stack system variable.' },
  },
  ER_INTERNAL_ERROR: { code: 1815, sqlState: 'HY000', message: 'Internal error: %s' },
  ER_EMPTY_QUERY: { code: 1065, sqlState: '42000', message: 'Query was empty' },
  ER_DB_CREATE_EXISTS: {
    code: 1007,
    sqlState: 'HY000',
    message: "Can't create database '%s'; database exists",
  },
  ER_DB_DROP_EXISTS: {
    code: 1008,
    sqlState: 'HY000',
    message: "Can't drop database '%s'; database doesn't exist",
  },
  ER_NO_SUCH_THREAD: { code: 1094, sqlState: 'HY000', message: 'Unknown thread id: %s' },
  ER_KILL_DENIED_ERROR: { code: 1095, sqlState: 'HY000', message: 'You are not owner of thread %s' },
  ER_QUERY_INTERRUPTED: { code: 1317, sqlState: '70100', message: 'Query execution was interrupted' },
  ER_UNKNOWN_ERROR: { code: 1105, sqlState: 'HY000', message: 'Unknown error' },
  /** ER_UNKNOWN_ERROR raised with a message of its own (my_message(ER_UNKNOWN_ERROR, text)). */
  ER_UNKNOWN_ERROR_TEXT: { code: 1105, sqlState: 'HY000', message: '%s' },
  /** Also what INSTALL PLUGIN says of a plugin already installed (plugin_add()). */
  ER_UDF_EXISTS: { code: 1125, sqlState: 'HY000', message: "Function '%s' already exists" },
  ER_PASSWORD_ANONYMOUS_USER: {
    code: 1131,
    sqlState: '42000',
    message:
      'You are using MySQL as an anonymous user and anonymous users are not allowed to change passwords',
    overrides: {
      mariadb:
        'You are using MariaDB as an anonymous user and anonymous users are not allowed to modify user settings',
    },
  },
  ER_PASSWORD_NOT_ALLOWED: {
    code: 1132,
    sqlState: '42000',
    message: 'You must have privileges to update tables in the mysql database to be able to change passwords for others',
  },
  ER_PASSWORD_NO_MATCH: {
    code: 1133,
    sqlState: '42000',
    sqlStates: { mariadb: '28000' },
    message: "Can't find any matching row in the user table",
  },
  ER_NONEXISTING_GRANT: {
    code: 1141,
    sqlState: '42000',
    message: "There is no such grant defined for user '%s' on host '%s'",
  },
  ER_TABLEACCESS_DENIED_ERROR: {
    code: 1142,
    sqlState: '42000',
    message: "%s command denied to user '%s'@'%s' for table '%s'",
    overrides: { mariadb: "%s command denied to user '%s'@'%s' for table %s" },
  },
  ER_NO_SUCH_TABLE: { code: 1146, sqlState: '42S02', message: "Table '%-.192s.%-.192s' doesn't exist" },
  ER_NET_PACKET_TOO_LARGE: {
    code: 1153,
    sqlState: '08S01',
    message: "Got a packet bigger than 'max_allowed_packet' bytes",
  },
  ER_NET_READ_ERROR: {
    code: 1158,
    sqlState: '08S01',
    message: 'Got an error reading communication packets',
  },
  ER_NET_READ_INTERRUPTED: {
    code: 1159,
    sqlState: '08S01',
    message: 'Got timeout reading communication packets',
  },
  ER_NET_PACKETS_OUT_OF_ORDER: { code: 1156, sqlState: '08S01', message: 'Got packets out of order' },
  ER_UNKNOWN_SYSTEM_VARIABLE: {
    code: 1193,
    sqlState: 'HY000',
    message: "Unknown system variable '%s'",
  },
  ER_WRONG_ARGUMENTS: { code: 1210, sqlState: 'HY000', message: 'Incorrect arguments to %s' },
  ER_SPECIFIC_ACCESS_DENIED_ERROR: {
    code: 1227,
    sqlState: '42000',
    message: 'Access denied; you need (at least one of) the %s privilege(s) for this operation',
  },
  ER_LOCAL_VARIABLE: {
    code: 1228,
    sqlState: 'HY000',
    message: "Variable '%s' is a SESSION variable and can't be used with SET GLOBAL",
  },
  ER_GLOBAL_VARIABLE: {
    code: 1229,
    sqlState: 'HY000',
    message: "Variable '%s' is a GLOBAL variable and should be set with SET GLOBAL",
  },
  ER_NO_DEFAULT: { code: 1230, sqlState: '42000', message: "Variable '%s' doesn't have a default value" },
  ER_WRONG_VALUE_FOR_VAR: {
    code: 1231,
    sqlState: '42000',
    message: "Variable '%s' can't be set to the value of '%s'",
  },
  ER_WRONG_TYPE_FOR_VAR: {
    code: 1232,
    sqlState: '42000',
    message: "Incorrect argument type to variable '%s'",
  },
  ER_NOT_SUPPORTED_YET: {
    code: 1235,
    sqlState: '42000',
    message: "This version of MySQL doesn't yet support '%s'",
    overrides: { mariadb: "This version of MariaDB doesn't yet support '%s'" },
  },
  ER_INCORRECT_GLOBAL_LOCAL_VAR: {
    code: 1238,
    sqlState: 'HY000',
    message: "Variable '%s' is a %s variable",
  },
  ER_UNKNOWN_STMT_HANDLER: {
    code: 1243,
    sqlState: 'HY000',
    message: 'Unknown prepared statement handler (%s) given to %s',
  },
  ER_OPERAND_COLUMNS: { code: 1241, sqlState: '21000', message: 'Operand should contain %d column(s)' },
  ER_NOT_SUPPORTED_AUTH_MODE: {
    code: 1251,
    sqlState: '08004',
    message: 'Client does not support authentication protocol requested by server; consider upgrading MySQL client',
  },
  ER_SERVER_IS_IN_SECURE_AUTH_MODE: {
    code: 1275,
    sqlState: 'HY000',
    message: "Server is running in --secure-auth mode, but '%s'@'%s' has a password in the old format; please change the password to the new format",
  },
  ER_WARN_DEPRECATED_SYNTAX: {
    code: 1287,
    sqlState: 'HY000',
    message: "'%s' is deprecated and will be removed in a future release. Please use %s instead",
  },
  ER_UNSUPPORTED_PS: {
    code: 1295,
    sqlState: 'HY000',
    message: 'This command is not supported in the prepared statement protocol yet',
  },
  ER_SP_DOES_NOT_EXIST: { code: 1305, sqlState: '42000', message: '%s %s does not exist' },
  ER_SP_WRONG_NO_OF_ARGS: { code: 1318, sqlState: '42000', message: 'Incorrect number of arguments for %s %s; expected %u, got %u' },
  ER_PROCACCESS_DENIED_ERROR: { code: 1370, sqlState: '42000', message: "%s command denied to user '%s'@'%s' for routine '%s'" },
  ER_VIEW_INVALID: {
    code: 1356,
    sqlState: 'HY000',
    message: "View '%s.%s' references invalid table(s) or column(s) or function(s) or definer/invoker of view lack rights to use them",
  },
  ER_PASSWD_LENGTH: {
    code: 1372,
    sqlState: 'HY000',
    message: 'Password hash should be a %d-digit hexadecimal number',
  },
  ER_PS_MANY_PARAM: { code: 1390, sqlState: 'HY000', message: 'Prepared statement contains too many placeholders' },
  ER_CANNOT_USER: { code: 1396, sqlState: 'HY000', message: 'Operation %s failed for %s' },
  ER_CANT_CREATE_USER_WITH_GRANT: {
    code: 1410,
    sqlState: '42000',
    message: 'You are not allowed to create a user with GRANT',
  },
  ER_WRONG_PARAMCOUNT_TO_NATIVE_FCT: {
    code: 1582,
    sqlState: '42000',
    message: "Incorrect parameter count in the call to native function '%s'",
  },
  ER_PLUGIN_IS_NOT_LOADED: { code: 1524, sqlState: 'HY000', message: "Plugin '%s' is not loaded" },
  ER_WARN_ALLOWED_PACKET_OVERFLOWED: {
    code: 1301,
    sqlState: 'HY000',
    message: 'Result of %s() was larger than max_allowed_packet (%ld) - truncated',
  },
  /** ER_WARN_DEPRECATED_SYNTAX (1287) pushed with a message of its own (push_warning(..., text)). */
  ER_WARN_DEPRECATED_SYNTAX_TEXT: { code: 1287, sqlState: 'HY000', message: '%s' },
  ER_WARN_DEPRECATED_SYNTAX_NO_REPLACEMENT: {
    code: 1681,
    sqlState: 'HY000',
    message: "'%s' is deprecated and will be removed in a future release.",
  },
  ER_NOT_VALID_PASSWORD: {
    code: 1819,
    sqlState: 'HY000',
    message: 'Your password does not satisfy the current policy requirements',
  },
  ER_MUST_CHANGE_PASSWORD: {
    code: 1820,
    sqlState: 'HY000',
    message: 'You must reset your password using ALTER USER statement before executing this statement.',
    overrides: {
      mariadb: 'You must SET PASSWORD before executing this statement',
      'mysql-5.6': 'You must SET PASSWORD before executing this statement',
    },
  },
  ER_PASSWORD_FORMAT: {
    code: 1827,
    sqlState: 'HY000',
    message: "The password hash doesn't have the expected format.",
  },
  ER_MALFORMED_PACKET: { code: 1835, sqlState: 'HY000', message: 'Malformed communication packet.' },
  ER_MUST_CHANGE_PASSWORD_LOGIN: {
    code: 1862,
    sqlState: 'HY000',
    message: 'Your password has expired. To log in you must change it using a client that supports expired passwords.',
    overrides: {
      mariadb: 'Your password has expired. To log in you must change it using a client that supports expired passwords',
    },
  },
  ER_ACCESS_DENIED_CHANGE_USER_ERROR: {
    code: 1873,
    sqlState: '28000',
    message: "Access denied trying to change to user '%s'@'%s' (using password: %s). Disconnecting.",
  },
  ER_PASSWORD_EXPIRE_ANONYMOUS_USER: {
    code: 3016,
    sqlState: 'HY000',
    message: 'The password for anonymous user cannot be expired.',
  },
  ER_ACCOUNT_HAS_BEEN_LOCKED: {
    code: 3118,
    sqlState: 'HY000',
    message: "Access denied for user '%s'@'%s'. Account is locked.",
  },
  ER_SECURE_TRANSPORT_REQUIRED: {
    code: 3159,
    sqlState: 'HY000',
    message: 'Connections using insecure transport are prohibited while --require_secure_transport=ON.',
  },
  ER_USER_DOES_NOT_EXIST: { code: 3162, sqlState: 'HY000', message: 'Authorization ID %s does not exist.' },
  /** MariaDB's notes for CREATE USER IF NOT EXISTS / DROP USER IF EXISTS (MySQL 8 uses 3163 / 3162). */
  ER_USER_CREATE_EXISTS: { code: 1973, sqlState: 'HY000', message: "Can't create user '%s'@'%s'; it already exists" },
  ER_USER_DROP_EXISTS: { code: 1974, sqlState: 'HY000', message: "Can't drop user '%s'@'%s'; it doesn't exist" },
  ER_USER_ALREADY_EXISTS: { code: 3163, sqlState: 'HY000', message: 'Authorization ID %s already exists.' },
  // Roles (MySQL 8.0+): share/messages_to_clients.txt.
  ER_UNKNOWN_AUTHID: { code: 3523, sqlState: 'HY000', message: 'Unknown authorization ID `%s`@`%s`' },
  ER_FAILED_ROLE_GRANT: { code: 3524, sqlState: 'HY000', message: 'Failed to grant %s` to %s' },
  ER_ROLE_NOT_GRANTED: { code: 3530, sqlState: 'HY000', message: '`%s`@`%s` is not granted to `%s`@`%s`' },
  ER_RENAME_ROLE: { code: 3532, sqlState: 'HY000', message: 'Renaming of a role identifier is forbidden' },
  ER_MANDATORY_ROLE: {
    code: 3628,
    sqlState: 'HY000',
    message:
      "The role %s is a mandatory role and can't be revoked or dropped. The restriction can be lifted by excluding the role identifier from the global variable mandatory_roles.",
  },
  ER_CANNOT_GRANT_ROLES_TO_ANONYMOUS_USER: { code: 3876, sqlState: 'HY000', message: 'Cannot grant roles to an anonymous user.' },
  ER_DA_AUTH_ID_WITH_SYSTEM_USER_PRIV_IN_MANDATORY_ROLES: {
    code: 3880,
    sqlState: 'HY000',
    message: "Cannot set mandatory_roles: AuthId `%s`@`%s` has '%s' privilege.",
  },
  ER_PARTIAL_REVOKES_EXIST: {
    code: 3896,
    sqlState: 'HY000',
    message: "At least one partial revoke exists on a database. The system variable '@@partial_revokes' must be set to ON.",
  },
  ER_PARTIAL_REVOKE_AND_DB_GRANT_BOTH_EXISTS: {
    code: 3901,
    sqlState: 'HY000',
    message: "'%s' privilege for database '%s' exists both as partial revoke and mysql.db simultaneously. It could mean that the 'mysql' schema is corrupted.",
  },
  ER_WARN_DA_PRIVILEGE_NOT_REGISTERED: { code: 3929, sqlState: 'HY000', message: "Dynamic privilege '%s' is not registered with the server." },
  ER_ROLE_GRANTED_TO_ITSELF: {
    code: 4027,
    sqlState: 'HY000',
    message: 'User account %s is directly or indirectly granted to the role %s. The GRANT would create a loop',
  },
  // MariaDB's roles (sql/share/errmsg-utf8.txt; the texts its sql_acl.cc words with my_printf_error under the same codes).
  ER_INVALID_ROLE: { code: 1959, sqlState: 'OP000', message: 'Invalid role specification `%s`' },
  /** MariaDB: SET ROLE / SET DEFAULT ROLE of a role not granted (ER_INVALID_ROLE's code, a text of its own). */
  ER_INVALID_ROLE_NOT_GRANTED: { code: 1959, sqlState: 'OP000', message: 'User `%s`@`%s` has not been granted role `%s`' },
  ER_CANNOT_GRANT_ROLE: { code: 1961, sqlState: 'HY000', message: "Cannot grant role '%s' to: %s" },
  ER_CANNOT_REVOKE_ROLE: { code: 1962, sqlState: 'HY000', message: "Cannot revoke role '%s' from: %s" },
  ER_ROLE_CREATE_EXISTS: { code: 1975, sqlState: 'HY000', message: "Can't create role '%s'; it already exists" },
  ER_ROLE_DROP_EXISTS: { code: 1976, sqlState: 'HY000', message: "Can't drop role '%s'; it doesn't exist" },
  ER_ACCESS_DENIED_NO_PASSWORD_ERROR: { code: 1698, sqlState: '28000', message: "Access denied for user '%s'@'%s'" },
  ER_CREDENTIALS_CONTRADICT_TO_HISTORY: {
    code: 3638,
    sqlState: 'HY000',
    message: "Cannot use these credentials for '%s@%s' because they contradict the password history policy",
  },
  ER_SECOND_PASSWORD_CANNOT_BE_EMPTY: {
    code: 3878,
    sqlState: 'HY000',
    message: "Empty password can not be retained as second password for user '%s'@'%s'.",
  },
  ER_INCORRECT_CURRENT_PASSWORD: {
    code: 3891,
    sqlState: 'HY000',
    message: 'Incorrect current password. Specify the correct password which has to be replaced.',
  },
  ER_MISSING_CURRENT_PASSWORD: {
    code: 3892,
    sqlState: 'HY000',
    message: 'Current password needs to be specified in the REPLACE clause in order to change it.',
  },
  ER_CURRENT_PASSWORD_NOT_REQUIRED: {
    code: 3893,
    sqlState: 'HY000',
    message: 'Do not specify the current password while changing it for other users.',
  },
  ER_PASSWORD_CANNOT_BE_RETAINED_ON_PLUGIN_CHANGE: {
    code: 3894,
    sqlState: 'HY000',
    message:
      "Current password can not be retained for user '%s'@'%s' because authentication plugin is being changed.",
  },
  ER_CURRENT_PASSWORD_CANNOT_BE_RETAINED: {
    code: 3895,
    sqlState: 'HY000',
    message: "Current password can not be retained for user '%s'@'%s' because new password is empty.",
  },
  ER_USER_ACCESS_DENIED_FOR_USER_ACCOUNT_BLOCKED_BY_PASSWORD_LOCK: {
    code: 3955,
    sqlState: 'HY000',
    message:
      "Access denied for user '%s'@'%s'. Account is blocked for %s day(s) (%s day(s) remaining) due to %u consecutive failed logins.",
  },
  ER_USER_IS_BLOCKED: {
    code: 4150,
    sqlState: 'HY000',
    message: "User is blocked because of too many credential errors; unblock with 'ALTER USER / FLUSH PRIVILEGES'",
  },
  ER_ACCOUNT_HAS_BEEN_LOCKED_MARIADB: {
    code: 4151,
    sqlState: 'HY000',
    message: 'Access denied, this account is locked',
  },
  ER_ILLEGAL_GRANT_FOR_TABLE: {
    code: 1144,
    sqlState: '42000',
    message: 'Illegal GRANT/REVOKE command; please consult the manual to see which privileges can be used',
  },
  ER_NONEXISTING_TABLE_GRANT: {
    code: 1147,
    sqlState: '42000',
    message: "There is no such grant defined for user '%s' on host '%s' on table '%s'",
  },
  ER_ILLEGAL_PRIVILEGE_LEVEL: { code: 3619, sqlState: 'HY000', message: 'Illegal privilege level specified for %s' },
  ER_INVALID_USER_ATTRIBUTE_JSON: {
    code: 3981,
    sqlState: 'HY000',
    message: 'The user attribute must be a valid JSON object',
  },
  ER_REVOKE_GRANTS: {
    code: 1269,
    sqlState: 'HY000',
    message: "Can't revoke all privileges for one or more of the requested users",
  },
  ER_NO_SYSTEM_SCHEMA_ACCESS: { code: 3552, sqlState: 'HY000', message: "Access to system schema '%s' is rejected." },
  ER_COMPONENTS_CANT_LOAD: { code: 3529, sqlState: 'HY000', message: "Cannot load component from specified URN: '%s'." },
  ER_COMPONENTS_UNLOAD_NOT_LOADED: {
    code: 3537,
    sqlState: 'HY000',
    message: "Component specified by URN '%s' to unload has not been loaded before.",
  },
  ER_UNKNOWN_TABLE: { code: 1109, sqlState: '42S02', message: "Unknown table '%s' in %s" },
  ER_INVALID_GROUP_FUNC_USE: { code: 1111, sqlState: 'HY000', message: 'Invalid use of group function' },
  ER_UNKNOWN_CHARACTER_SET: { code: 1115, sqlState: '42000', message: "Unknown character set: '%s'" },
  ER_COLLATION_CHARSET_MISMATCH: {
    code: 1253,
    sqlState: '42000',
    message: "COLLATION '%s' is not valid for CHARACTER SET '%s'",
  },
  ER_UNKNOWN_COLLATION: { code: 1273, sqlState: 'HY000', message: "Unknown collation: '%s'" },
  ER_TRUNCATED_WRONG_VALUE: { code: 1292, sqlState: '22007', message: "Truncated incorrect %s value: '%s'" },
  ER_UNKNOWN_TIME_ZONE: { code: 1298, sqlState: 'HY000', message: "Unknown or incorrect time zone: '%s'" },
  ER_DIVISION_BY_ZERO: { code: 1365, sqlState: '22012', message: 'Division by 0' },
  ER_VARIABLE_IS_READONLY: {
    code: 1621,
    sqlState: 'HY000',
    message: "%s variable '%s' is read-only. Use SET %s to assign the value",
  },
  ER_BAD_TABLE_ERROR: { code: 1051, sqlState: '42S02', message: "Unknown table '%s'" },
  ER_NO_TABLES_USED: { code: 1096, sqlState: 'HY000', message: 'No tables used' },
  ER_WRONG_VALUE: { code: 1525, sqlState: 'HY000', message: "Incorrect %s value: '%s'" },
  // Plugins without internal credential storage (external authentication), sql_user.cc
  // set_and_validate_user_attributes(); texts from share/messages_to_clients.txt and
  // messages_to_error_log.txt (the two *_CLAUSE_VOID warnings live in the 13000 range).
  ER_PASSWORD_EXPIRATION_NOT_SUPPORTED_BY_AUTH_METHOD: {
    code: 3671,
    sqlState: 'HY000',
    message: 'The selected authentication method %s does not support password expiration',
  },
  ER_WARNING_PASSWORD_HISTORY_CLAUSES_VOID: {
    code: 3639,
    sqlState: 'HY000',
    message:
      "Non-zero password history clauses ignored for user '%s'@'%s' as its authentication plugin %s does not support password history",
  },
  ER_WARNING_RETAIN_CURRENT_PASSWORD_CLAUSE_VOID: {
    code: 13294,
    sqlState: 'HY000',
    message: "RETAIN CURRENT PASSWORD ignored for user '%s'@'%s' as its authentication plugin %s does not support multiple passwords.",
  },
  ER_WARNING_DISCARD_OLD_PASSWORD_CLAUSE_VOID: {
    code: 13295,
    sqlState: 'HY000',
    message: "DISCARD OLD PASSWORD ignored for user '%s'@'%s' as its authentication plugin %s does not support multiple passwords.",
  },
  ER_SET_PASSWORD_AUTH_PLUGIN_ERROR: {
    code: 4102,
    sqlState: 'HY000',
    message:
      "SET PASSWORD has no significance for user '%s'@'%s' as the authentication method used doesn't store authentication data in the MySQL server. Please consider using ALTER USER instead if you want to change authentication parameters.",
  },
  // Builtin functions (sql/expr/functions.ts): texts from share/messages_to_clients.txt.
  /** 1292 with ER_WRONG_VALUE's text: a value that is no date at all (make_truncated_value_warning). */
  ER_TRUNCATED_WRONG_VALUE_INCORRECT: { code: 1292, sqlState: '22007', message: "Incorrect %s value: '%s'" },
  ER_WRONG_VALUE_FOR_TYPE: { code: 1411, sqlState: 'HY000', message: "Incorrect %s value: '%s' for function %s" },
  ER_TOO_BIG_PRECISION: { code: 1426, sqlState: '42000', message: "Too-big precision %d specified for '%s'. Maximum is %lu." },
  ER_DATETIME_FUNCTION_OVERFLOW: { code: 1441, sqlState: '22008', message: 'Datetime function: %s field overflow' },
  ER_WRONG_PARAMETERS_TO_NATIVE_FCT: { code: 1583, sqlState: '42000', message: "Incorrect parameters in the call to native function '%s'" },
  ER_UNKNOWN_LOCALE: { code: 1649, sqlState: 'HY000', message: "Unknown locale: '%-.64s'" },
  ER_DATA_OUT_OF_RANGE: { code: 1690, sqlState: '22003', message: "%s value is out of range in '%s'" },
  ER_ZLIB_Z_DATA_ERROR: { code: 1259, sqlState: 'HY000', message: 'ZLIB: Input data corrupted' },
  ER_INVALID_ARGUMENT_FOR_LOGARITHM: { code: 3020, sqlState: '2201E', message: 'Invalid argument for logarithm' },
  ER_USER_LOCK_WRONG_NAME: {
    code: 3057,
    sqlState: '42000',
    message: "Incorrect user-level lock name '%s'. The name is empty, NULL, or can not be expressed in the current character-set.",
  },
  ER_USER_LOCK_OVERLONG_NAME: { code: 4163, sqlState: '42000', message: "User-level lock name '%s' should not exceed %d characters." },
  ER_INCORRECT_TYPE: { code: 3064, sqlState: 'HY000', message: 'Incorrect type for argument %s in function %s.' },
  ER_INVALID_JSON_TEXT_IN_PARAM: {
    code: 3141,
    sqlState: '22032',
    message: 'Invalid JSON text in argument %u to function %s: "%s" at position %u.',
  },
  ER_INVALID_JSON_PATH: { code: 3143, sqlState: '42000', message: 'Invalid JSON path expression. The error is around character position %u.' },
  ER_INVALID_JSON_CHARSET: { code: 3144, sqlState: '22032', message: "Cannot create a JSON value from a string with CHARACTER SET '%s'." },
  ER_INVALID_TYPE_FOR_JSON: {
    code: 3146,
    sqlState: '22032',
    message: 'Invalid data type for JSON data in argument %u to function %s; a JSON string or JSON type is required.',
  },
  ER_INVALID_JSON_PATH_WILDCARD: {
    code: 3149,
    sqlState: '42000',
    message: 'In this situation, path expressions may not contain the * and ** tokens or an array range.',
  },
  ER_JSON_VACUOUS_PATH: { code: 3153, sqlState: '42000', message: "The path expression '$' is not allowed in this context." },
  ER_JSON_BAD_ONE_OR_ALL_ARG: { code: 3154, sqlState: '42000', message: "The oneOrAll argument to %s may take these values: 'one' or 'all'." },
  ER_JSON_DOCUMENT_TOO_DEEP: { code: 3157, sqlState: '22032', message: 'The JSON document exceeds the maximum depth.' },
  ER_JSON_DOCUMENT_NULL_KEY: { code: 3158, sqlState: '22032', message: 'JSON documents may not contain NULL member names.' },
  ER_INVALID_JSON_PATH_ARRAY_CELL: { code: 3165, sqlState: '42000', message: 'A path expression is not a path to a cell in an array.' },
  ER_REGEXP_TIME_OUT: { code: 3699, sqlState: 'HY000', message: 'Timeout exceeded in regular expression match.' },
  ER_REGEXP_ERROR: { code: 1139, sqlState: '42000', message: "Got error '%s' from regexp", overrides: { mariadb: "Regex error '%s'" } },
  ER_REGEXP_ILLEGAL_ARGUMENT: { code: 3685, sqlState: 'HY000', message: 'Illegal argument to a regular expression.' },
  ER_REGEXP_INDEX_OUTOFBOUNDS_ERROR: { code: 3686, sqlState: 'HY000', message: 'Index out of bounds in regular expression search.' },
  ER_REGEXP_RULE_SYNTAX: { code: 3688, sqlState: 'HY000', message: 'Syntax error in regular expression on line %u, character %u.' },
  ER_REGEXP_BAD_ESCAPE_SEQUENCE: { code: 3689, sqlState: 'HY000', message: 'Unrecognized escape sequence in regular expression.' },
  ER_REGEXP_MISMATCHED_PAREN: { code: 3691, sqlState: 'HY000', message: 'Mismatched parenthesis in regular expression.' },
  ER_REGEXP_MAX_LT_MIN: { code: 3693, sqlState: 'HY000', message: 'The maximum is less than the minumum in a {min,max} interval.' },
  ER_REGEXP_MISSING_CLOSE_BRACKET: { code: 3696, sqlState: 'HY000', message: 'The regular expression contains an unclosed bracket expression.' },
  ER_REGEXP_INVALID_RANGE: { code: 3697, sqlState: 'HY000', message: 'The regular expression contains an [x-y] character range where x comes after y.' },
  /** 1287 with its own text (Item_func_found_rows::do_itemize). */
  ER_WARN_DEPRECATED_FOUND_ROWS: {
    code: 1287,
    sqlState: 'HY000',
    message: 'FOUND_ROWS() is deprecated and will be removed in a future release. Consider using COUNT(*) instead.',
  },
} as const satisfies Record<string, ErrorDef>;

export type ErrorSymbol = keyof typeof ERRORS;

/** Fill printf-style placeholders in order; `%%` is a literal percent. */
export function formatMessage(template: string, args: readonly (string | number)[]): string {
  let i = 0;
  const text = template.replace(/%(%|-?(?:\.(\d+))?l{0,2}[sdu])/g, (_m, kind: string, precision: string | undefined) => {
    if (kind === '%') return '%';
    const arg = args[i++];
    const value = arg === undefined ? '' : String(arg);
    // %-.64s: at most that many characters of the argument, as my_vsnprintf does.
    return precision === undefined ? value : Array.from(value).slice(0, Number(precision)).join('');
  });
  return capMessage(text);
}

/** MYSQL_ERRMSG_SIZE (512): my_error() formats into a buffer of that size, so a message keeps at most 511 bytes. */
const MAX_MESSAGE_BYTES = 511;

function capMessage(text: string): string {
  return utf8Prefix(text, MAX_MESSAGE_BYTES);
}

/**
 * The longest prefix of `text` whose UTF-8 form fits in `maxBytes`, cut at a
 * character boundary (MySQL's well-formed truncation of messages and names).
 */
export function utf8Prefix(text: string, maxBytes: number): string {
  if (text.length * 3 <= maxBytes || Buffer.byteLength(text) <= maxBytes) return text;
  const bytes = Buffer.from(text.slice(0, maxBytes));
  let end = maxBytes;
  // Back off to the start of a character (a continuation byte is 10xxxxxx).
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString();
}
