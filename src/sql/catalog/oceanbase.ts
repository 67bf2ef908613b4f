/**
 * OceanBase (MySQL mode) account views: `oceanbase.DBA_OB_USERS`.
 *
 * Columns and their order follow the view definition in OceanBase's
 * `ob_inner_table_schema` (SELECT ... FROM OCEANBASE.__all_user): the
 * privilege flags as 'YES'/'NO', SSL_TYPE as __all_user's integer, TYPE
 * 'USER'/'ROLE', PROFILE_ID -1. 4.4.2 BP1 adds OLD_PASSWORD and
 * OLD_PASSWORD_START_TIME for dual passwords (named by the OceanBase guide);
 * they are placed last, and OLD_PASSWORD_START_TIME is shown as __all_user
 * stores it, microseconds since the epoch (seen in a 4.4.2.1 transcript of
 * __all_virtual_user). Both are NULL without a retained password (inferred).
 * OceanBase stores native hashes in lower case; PASSWD and OLD_PASSWORD show
 * them that way.
 */
import type { Account } from '../../accounts/account.js';
import { checkTableSelect } from '../access.js';
import { formatTimestamp } from './grant-tables.js';
import { Charset, ColumnFlag, ColumnType, type SqlValue } from '../../wire/result.js';
import { varcharColumn, type TableRegistry } from './registry.js';
import type { TableColumn } from '../context.js';

const SCHEMA = 'oceanbase';
const TABLE = 'DBA_OB_USERS';

/** PRIV_* columns in view order: the column, the emulator's privilege name (null: an OceanBase-only privilege, always 'NO'). */
type PrivColumn = readonly [column: string, privilege: string | null];

const LEADING_PRIVILEGES: readonly PrivColumn[] = [
  ['PRIV_ALTER', 'ALTER'],
  ['PRIV_CREATE', 'CREATE'],
  ['PRIV_DELETE', 'DELETE'],
  ['PRIV_DROP', 'DROP'],
  ['PRIV_GRANT_OPTION', 'GRANT OPTION'],
  ['PRIV_INSERT', 'INSERT'],
  ['PRIV_UPDATE', 'UPDATE'],
  ['PRIV_SELECT', 'SELECT'],
  ['PRIV_INDEX', 'INDEX'],
  ['PRIV_CREATE_VIEW', 'CREATE VIEW'],
  ['PRIV_SHOW_VIEW', 'SHOW VIEW'],
  ['PRIV_SHOW_DB', 'SHOW DATABASES'],
  ['PRIV_CREATE_USER', 'CREATE USER'],
  ['PRIV_SUPER', 'SUPER'],
];

const MIDDLE_PRIVILEGES: readonly PrivColumn[] = [
  ['PRIV_PROCESS', 'PROCESS'],
  ['PRIV_CREATE_SYNONYM', null],
];

const FILE_PRIVILEGES: readonly PrivColumn[] = [
  ['PRIV_FILE', 'FILE'],
  ['PRIV_ALTER_TENANT', null],
  ['PRIV_ALTER_SYSTEM', null],
  ['PRIV_CREATE_RESOURCE_POOL', null],
  ['PRIV_CREATE_RESOURCE_UNIT', null],
];

const TRAILING_PRIVILEGES: readonly PrivColumn[] = [
  ['PRIV_REPL_SLAVE', 'REPLICATION SLAVE'],
  ['PRIV_REPL_CLIENT', 'REPLICATION CLIENT'],
  ['PRIV_DROP_DATABASE_LINK', null],
  ['PRIV_CREATE_DATABASE_LINK', null],
  ['PRIV_EXECUTE', 'EXECUTE'],
  ['PRIV_ALTER_ROUTINE', 'ALTER ROUTINE'],
  ['PRIV_CREATE_ROUTINE', 'CREATE ROUTINE'],
  ['PRIV_CREATE_TABLESPACE', 'CREATE TABLESPACE'],
  ['PRIV_SHUTDOWN', 'SHUTDOWN'],
  ['PRIV_RELOAD', 'RELOAD'],
  ['PRIV_REFERENCES', 'REFERENCES'],
  ['PRIV_CREATE_ROLE', 'CREATE ROLE'],
  ['PRIV_DROP_ROLE', 'DROP ROLE'],
  ['PRIV_TRIGGER', 'TRIGGER'],
  ['PRIV_LOCK_TABLE', 'LOCK TABLES'],
  ['PRIV_ENCRYPT', null],
  ['PRIV_DECRYPT', null],
  ['PRIV_EVENT', 'EVENT'],
  ['PRIV_CREATE_CATALOG', null],
  ['PRIV_USE_CATALOG', null],
];

/** __all_user.ssl_type: 0 not specified, 1 NONE, 2 ANY, 3 X509, 4 SPECIFIED (ObSSLType). */
const SSL_TYPES: Record<Account['sslType'], number> = { '': 0, ANY: 2, X509: 3, SPECIFIED: 4 };

const varchar = (name: string, chars: number, notNull = true): TableColumn => varcharColumn(TABLE, name, chars, notNull, SCHEMA);

function signedBigint(name: string, notNull = true): TableColumn {
  return {
    name,
    orgName: name,
    table: TABLE,
    orgTable: TABLE,
    schema: SCHEMA,
    type: ColumnType.LONGLONG,
    charset: Charset.BINARY,
    length: 20,
    flags: ColumnFlag.BINARY | ColumnFlag.NUM | (notNull ? ColumnFlag.NOT_NULL : 0),
  };
}

function timestamp6(name: string): TableColumn {
  return {
    name,
    orgName: name,
    table: TABLE,
    orgTable: TABLE,
    schema: SCHEMA,
    type: ColumnType.TIMESTAMP,
    charset: Charset.BINARY,
    length: 26,
    decimals: 6,
    flags: ColumnFlag.BINARY | ColumnFlag.TIMESTAMP,
  };
}

type Cell = (account: Account) => SqlValue;

const has = (a: Account, privilege: string): boolean =>
  privilege === 'GRANT OPTION'
    ? a.globalGrantOption
    : a.globalPrivileges.has(privilege) || a.globalPrivileges.has('ALL PRIVILEGES');

const privColumns = (list: readonly PrivColumn[]): [TableColumn, Cell][] =>
  list.map(([name, privilege]) => [varchar(name, 3), (a) => (privilege !== null && has(a, privilege) ? 'YES' : 'NO')]);

/** OceanBase keeps `*HEX` native hashes in lower case. */
const obHash = (hash: string): string => (hash.startsWith('*') ? hash.toLowerCase() : hash);

const COLUMNS: readonly [TableColumn, Cell][] = [
  [varchar('USER_NAME', 128), (a) => a.user],
  [varchar('HOST', 128), (a) => a.host],
  [varchar('PASSWD', 128), (a) => obHash(a.authenticationString)],
  [varchar('INFO', 4096), () => ''],
  ...privColumns(LEADING_PRIVILEGES),
  [varchar('IS_LOCKED', 3), (a) => (a.accountLocked ? 'YES' : 'NO')],
  ...privColumns(MIDDLE_PRIVILEGES),
  [signedBigint('SSL_TYPE'), (a) => SSL_TYPES[a.sslType] ?? 0],
  [varchar('SSL_CIPHER', 1024), () => ''],
  [varchar('X509_ISSUER', 1024), () => ''],
  [varchar('X509_SUBJECT', 1024), () => ''],
  [varchar('TYPE', 4), () => 'USER'],
  [signedBigint('PROFILE_ID'), () => -1],
  [timestamp6('PASSWORD_LAST_CHANGED'), (a) => (a.passwordLastChanged === null ? null : formatTimestamp(a.passwordLastChanged, 6))],
  ...privColumns(FILE_PRIVILEGES),
  [signedBigint('MAX_CONNECTIONS'), (a) => a.maxConnections],
  [signedBigint('MAX_USER_CONNECTIONS'), (a) => a.maxUserConnections],
  ...privColumns(TRAILING_PRIVILEGES),
  [varchar('OLD_PASSWORD', 128, false), (a) => (a.additionalPassword === null ? null : obHash(a.additionalPassword))],
  [
    signedBigint('OLD_PASSWORD_START_TIME', false),
    (a) => (a.additionalPassword === null ? null : (a.additionalPasswordSince ?? a.passwordLastChanged ?? 0) * 1000),
  ],
];

/** One DBA_OB_USERS row per account. */
export function dbaObUsersRow(account: Account): SqlValue[] {
  return COLUMNS.map(([, cell]) => cell(account));
}

/** Registers oceanbase.DBA_OB_USERS; reading it needs SELECT on it (1142), like any OceanBase dictionary view. */
export function registerOceanBaseViews(registry: TableRegistry): void {
  registry.register({
    schema: SCHEMA,
    name: TABLE,
    columns: COLUMNS.map(([column]) => column),
    rows: (ctx) => {
      checkTableSelect(ctx, SCHEMA, TABLE);
      return [...ctx.server.accounts.list()]
        .sort((a, b) => (a.user < b.user ? -1 : a.user > b.user ? 1 : a.host < b.host ? -1 : a.host > b.host ? 1 : 0))
        .map(dbaObUsersRow);
    },
  });
}
