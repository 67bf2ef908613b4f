/**
 * One function derives every catalog column's result metadata from its
 * type text. Checked against MySQL 8.4's own result metadata: mysqltest
 * --enable_metadata blocks (research/catalog/metadata-8.4.txt, from the
 * mysql-test result files of a MySQL 8.4.8 tree; rows copied below with
 * their file and line).
 */
import { describe, expect, it } from 'vitest';
import { columnNumbers, NO_DEFAULT_VALUE_FLAG, ON_UPDATE_NOW_FLAG, PART_KEY_FLAG, parseColumnType, wireColumn } from '../../../src/sql/catalog/column-type.js';
import { catalogDefinitions } from '../../../src/sql/catalog/definitions/index.js';
import type { ColumnDefinition } from '../../../src/sql/catalog/model.js';
import { toResultsCharset } from '../../../src/sql/exec/results-charset.js';
import { ColumnFlag } from '../../../src/wire/result.js';

const column = (name: string, columnType: string, extra: Partial<ColumnDefinition> = {}): ColumnDefinition => ({
  name,
  columnType,
  collation: /char|enum|set|text/.test(columnType) ? 'utf8mb4_0900_ai_ci' : null,
  nullable: true,
  key: '',
  default: null,
  extra: '',
  comment: '',
  ...extra,
});

describe('wireColumn against MySQL 8.4 metadata', () => {
  // mysql-test/r/metadata.result line 15: `select * from t1` after
  // create table t1 (a tinyint, b smallint, c mediumint, d int, e bigint, f float(3,2), g double(4,3), h decimal(5,4),
  //   i year, j date, k timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, l datetime,
  //   m enum('a','b'), n set('a','b'), o char(10))  (mysql-test/t/metadata.test; the table is utf8mb4_0900_ai_ci).
  // Columns: name, type text, Type, Length, Flags, Decimals, Charsetnr.
  it.each([
    ['a', 'tinyint', 1, 4, 32768, 0, 63],
    ['b', 'smallint', 2, 6, 32768, 0, 63],
    ['c', 'mediumint', 9, 9, 32768, 0, 63],
    ['d', 'int', 3, 11, 32768, 0, 63],
    ['e', 'bigint', 8, 20, 32768, 0, 63],
    ['f', 'float(3,2)', 4, 3, 32768, 2, 63],
    ['g', 'double(4,3)', 5, 4, 32768, 3, 63],
    ['h', 'decimal(5,4)', 246, 7, 32768, 4, 63],
    ['i', 'year', 13, 4, 32864, 0, 63],
    ['j', 'date', 10, 10, 128, 0, 63],
    ['l', 'datetime', 12, 19, 128, 0, 63],
    ['m', "enum('a','b')", 254, 4, 256, 0, 255],
    ['n', "set('a','b')", 254, 12, 2048, 0, 255],
    ['o', 'char(10)', 254, 40, 0, 0, 255],
  ])('t1.%s %s', (name, type, code, length, flags, decimals, charset) => {
    const def = wireColumn(column(name, type), 'test', 't1');
    expect({ type: def.type, length: def.length, flags: def.flags, decimals: def.decimals, charset: def.charset }).toEqual({ type: code, length, flags, decimals, charset });
  });

  it('t1.k timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP: 7, 19, flags 9345', () => {
    const k = column('k', 'timestamp', { nullable: false, default: 'CURRENT_TIMESTAMP', extra: 'DEFAULT_GENERATED on update CURRENT_TIMESTAMP' });
    expect(wireColumn(k, 'test', 't1')).toMatchObject({ type: 7, length: 19, flags: 9345, decimals: 0, charset: 63 });
  });

  // mysql-test/r/show_check_ci.result lines 116-133: SHOW VARIABLES reads performance_schema.session_variables.
  it('performance_schema.session_variables: VARIABLE_NAME 253/256 flags 4097, VARIABLE_VALUE 253/4096 flags 0 (utf8mb4_0900_ai_ci)', () => {
    const t = catalogDefinitions('mysql-8.4').tables.find((x) => x.schema === 'performance_schema' && x.name === 'session_variables')!;
    const [name, value] = t.columns.map((c) => wireColumn(c, t.schema, t.name, t.indexes));
    expect(name).toMatchObject({ type: 253, length: 256, flags: 4097, charset: 255 });
    expect(value).toMatchObject({ type: 253, length: 4096, flags: 0, charset: 255 });
  });

  // information_schema columns read straight from a data-dictionary field (show_check_ci.result lines 848-1018:
  // SELECT ... FROM INFORMATION_SCHEMA.TRIGGERS / ROUTINES / VIEWS, SHOW TABLE STATUS). Type and length
  // must match; of the flags, those the column's own type decides (ENUM, SET, BLOB, UNSIGNED, NUM, BINARY for
  // blobs) must match; PART_KEY / NO_DEFAULT_VALUE / NOT_NULL come from the dictionary table behind the view.
  const TYPE_FLAGS = ColumnFlag.ENUM | ColumnFlag.SET | ColumnFlag.BLOB | ColumnFlag.UNSIGNED | ColumnFlag.NUM;
  it.each([
    ['ROUTINES', 'DEFINER', 253, 864, 20617],
    ['ROUTINES', 'EXTERNAL_LANGUAGE', 253, 192, 129],
    ['ROUTINES', 'ROUTINE_CATALOG', 253, 192, 20613],
    ['ROUTINES', 'ROUTINE_COMMENT', 252, 196605, 4241],
    ['ROUTINES', 'ROUTINE_NAME', 253, 192, 20481],
    ['ROUTINES', 'ROUTINE_SCHEMA', 253, 192, 20609],
    ['ROUTINES', 'ROUTINE_TYPE', 254, 27, 20865],
    ['ROUTINES', 'SECURITY_TYPE', 254, 21, 4481],
    ['ROUTINES', 'SPECIFIC_NAME', 253, 192, 20481],
    ['ROUTINES', 'SQL_DATA_ACCESS', 254, 51, 4481],
    ['ROUTINES', 'SQL_MODE', 254, 1560, 6273],
    ['TABLES', 'ROW_FORMAT', 254, 30, 384],
    ['TABLES', 'TABLE_COLLATION', 253, 192, 20484],
    ['TABLES', 'TABLE_TYPE', 254, 33, 20873],
    ['TRIGGERS', 'ACTION_STATEMENT', 252, 4294967295, 4241],
    ['TRIGGERS', 'ACTION_TIMING', 254, 18, 20865],
    ['TRIGGERS', 'DEFINER', 253, 864, 20617],
    ['TRIGGERS', 'EVENT_MANIPULATION', 254, 18, 20865],
    ['TRIGGERS', 'EVENT_OBJECT_TABLE', 253, 192, 20609],
    ['TRIGGERS', 'SQL_MODE', 254, 1560, 6273],
    ['TRIGGERS', 'TRIGGER_NAME', 253, 192, 20481],
    ['VIEWS', 'CHECK_OPTION', 254, 24, 384],
    ['VIEWS', 'DEFINER', 253, 864, 16512],
    ['VIEWS', 'IS_UPDATABLE', 254, 9, 384],
  ])('information_schema.%s.%s', (table, name, code, length, flags) => {
    const t = catalogDefinitions('mysql-8.4').tables.find((x) => x.schema === 'information_schema' && x.name === table)!;
    // show_check_ci.result runs these after SET NAMES utf8mb3: lengths converted to utf8mb3 (33).
    const def = toResultsCharset(wireColumn(t.columns.find((c) => c.name === name)!, t.schema, t.name, t.indexes), 33, 255);
    expect(def.type).toBe(code);
    expect(def.length).toBe(length);
    expect((def.flags ?? 0) & TYPE_FLAGS).toBe(flags & TYPE_FLAGS);
  });
});

describe('key and default flags', () => {
  const defs = catalogDefinitions('mysql-8.4');
  const user = defs.tables.find((t) => t.schema === 'mysql' && t.name === 'user')!;
  const db = defs.tables.find((t) => t.schema === 'mysql' && t.name === 'db')!;
  const flagsOf = (t: typeof user, name: string) => wireColumn(t.columns.find((c) => c.name === name)!, t.schema, t.name, t.indexes).flags ?? 0;

  it('primary-key columns carry PRI_KEY and PART_KEY; the first column of a secondary index MULTIPLE_KEY', () => {
    expect(flagsOf(user, 'Host')).toBe(ColumnFlag.NOT_NULL | ColumnFlag.PRI_KEY | PART_KEY_FLAG);
    expect(flagsOf(user, 'User')).toBe(ColumnFlag.NOT_NULL | ColumnFlag.PRI_KEY | PART_KEY_FLAG | ColumnFlag.BINARY);
    // mysql.db: PRIMARY KEY (Host, User, Db), KEY User (User).
    expect(flagsOf(db, 'User') & (ColumnFlag.MULTIPLE_KEY | ColumnFlag.PRI_KEY)).toBe(ColumnFlag.MULTIPLE_KEY | ColumnFlag.PRI_KEY);
  });

  it('NOT NULL without a default is NO_DEFAULT_VALUE; blobs are BLOB, JSON BLOB | BINARY with charset 63', () => {
    expect(flagsOf(user, 'ssl_cipher')).toBe(ColumnFlag.NOT_NULL | ColumnFlag.BLOB | ColumnFlag.BINARY | NO_DEFAULT_VALUE_FLAG);
    expect(wireColumn(user.columns.find((c) => c.name === 'User_attributes')!, 'mysql', 'user')).toMatchObject({ type: 245, length: 4294967295, charset: 63, flags: ColumnFlag.BLOB | ColumnFlag.BINARY });
    // A TEXT field's length is its byte capacity; a utf8mb4 client sees it converted (65535 / 1 * 4).
    const auth = wireColumn(user.columns.find((c) => c.name === 'authentication_string')!, 'mysql', 'user');
    expect(auth).toMatchObject({ type: 252, length: 65535, charset: 83 });
    expect(toResultsCharset(auth, 255, 255)).toMatchObject({ length: 262140, charset: 255 });
  });

  it('ON UPDATE CURRENT_TIMESTAMP is ON_UPDATE_NOW', () => {
    const slow = defs.tables.find((t) => t.schema === 'mysql' && t.name === 'slow_log')!;
    expect(flagsOf(slow, 'start_time') & (ON_UPDATE_NOW_FLAG | ColumnFlag.TIMESTAMP)).toBe(ON_UPDATE_NOW_FLAG | ColumnFlag.TIMESTAMP);
  });

  it('MariaDB fields carry no NUM flag and its TIMESTAMP fields are UNSIGNED (live 10.11: mysql.proxies_priv With_grant 1, Timestamp 9377)', () => {
    const maria = catalogDefinitions('mariadb-10.11').tables.find((t) => t.schema === 'mysql' && t.name === 'proxies_priv')!;
    const get = (name: string) => wireColumn(maria.columns.find((c) => c.name === name)!, 'mysql', 'proxies_priv', maria.indexes, 'mariadb');
    expect(get('With_grant')).toMatchObject({ type: 1, length: 1, flags: 1 });
    expect(get('Timestamp')).toMatchObject({ type: 7, length: 19, flags: 9377 });
    expect(get('Host')).toMatchObject({ type: 254, length: 765, flags: 16515 });
    expect(get('Grantor')).toMatchObject({ type: 253, length: 1152, flags: 16521 });
  });
});

describe('type text', () => {
  it('reads names, sizes, members and attributes', () => {
    expect(parseColumnType('int(11) unsigned')).toEqual({ base: 'int', size: [11], members: [], unsigned: true, zerofill: false });
    expect(parseColumnType("enum('','ANY','X509','SPECIFIED')").members).toEqual(['', 'ANY', 'X509', 'SPECIFIED']);
    expect(parseColumnType("set('a,b','it''s')").members).toEqual(['a,b', "it's"]);
    expect(parseColumnType('decimal(12,6)').size).toEqual([12, 6]);
  });

  // The numbers information_schema.COLUMNS shows (is_columns_mysql.result in MySQL 8.4: mysql.user).
  it.each([
    ['char(255)', 'ascii_general_ci', { dataType: 'char', characterMaximumLength: 255, characterOctetLength: 255, characterSetName: 'ascii' }],
    ['char(32)', 'utf8mb3_bin', { characterMaximumLength: 32, characterOctetLength: 96, characterSetName: 'utf8mb3' }],
    ["enum('N','Y')", 'utf8mb3_general_ci', { dataType: 'enum', characterMaximumLength: 1, characterOctetLength: 3 }],
    ['text', 'utf8mb3_bin', { dataType: 'text', characterMaximumLength: 65535, characterOctetLength: 65535 }],
    ['int unsigned', null, { dataType: 'int', numericPrecision: 10, numericScale: 0, characterMaximumLength: null }],
    ['smallint unsigned', null, { numericPrecision: 5, numericScale: 0 }],
    ['bigint unsigned', null, { numericPrecision: 20, numericScale: 0 }],
    ['timestamp(6)', null, { dataType: 'timestamp', datetimePrecision: 6 }],
    ['json', null, { dataType: 'json', characterMaximumLength: null, numericPrecision: null }],
  ])('%s', (type, collation, expected) => {
    expect(columnNumbers({ ...column('x', type), collation })).toMatchObject(expected);
  });
});
