/**
 * Result metadata of the mysql-8.4 profile against MySQL 8.4's own
 * mysql-test results recorded with --enable_metadata (a MySQL 8.4.8 tree;
 * research/catalog/metadata-8.4.txt and raw/mysql-8.4/metadata-src/, each
 * case names its file and line). mysqltest prints, per column: Catalog,
 * Database (db), Table (org_table), Table_alias (table), Column
 * (org_name), Column_alias (name), Type, Length, Max length, Is_null,
 * Flags, Decimals, Charsetnr. Every one of them is compared here except
 * Max length, which the client computes from the rows.
 *
 * The client is mysql2 over TCP sending collation 255 in its handshake,
 * as mysqltest does (utf8mb4, the server's own: the global character set
 * variables apply); a case's `setup` runs first on the same connection
 * (the SET NAMES the .result file ran before it). Flags as mysqltest
 * prints them: libmysql's unpack_fields() adds NUM_FLAG (32768) to every
 * numeric type on the client side, so it is added here the same way.
 */
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator } from '../helpers/emulator.js';

type TestEmulator = Awaited<ReturnType<typeof startTestEmulator>>;

interface Case {
  /** Where MySQL printed it: file and line of the statement. */
  source: string;
  setup?: string[];
  sql: string;
  /** The metadata lines, tab-separated as mysqltest prints them. */
  expected: string[];
}

const CASES: Case[] = [
  {
    source: 'mysql-test/r/metadata.result line 2',
    sql: 'select 1, 1.0, -1, "hello", NULL',
    expected: [
      'def\t\t\t\t\t1\t8\t2\t1\tN\t32897\t0\t63',
      'def\t\t\t\t\t1.0\t246\t4\t3\tN\t32897\t1\t63',
      'def\t\t\t\t\t-1\t8\t2\t2\tN\t32897\t0\t63',
      'def\t\t\t\t\thello\t253\t20\t5\tN\t1\t31\t255',
      'def\t\t\t\t\tNULL\t6\t0\t0\tY\t32896\t0\t63',
    ],
  },
  {
    source: 'mysql-test/r/metadata.result line 84',
    sql: 'select 1 union select 1',
    expected: ['def\t\t\t\t1\t1\t8\t2\t1\tN\t32769\t0\t63'],
  },
  {
    source: 'mysql-test/r/metadata.result line 89',
    sql: 'select * from (select 1 union select 1) aaa',
    expected: ['def\t\t\taaa\t1\t1\t8\t2\t1\tN\t32769\t0\t63'],
  },
  {
    source: 'mysql-test/r/metadata.result line 79',
    setup: ['set @arg00=1'],
    sql: 'select * from (select @arg00) aaa',
    expected: ['def\t\t\taaa\t@arg00\t@arg00\t8\t21\t1\tY\t32768\t0\t63'],
  },
  {
    source: 'mysql-test/r/metadata.result line 106',
    sql: 'select a.* from (select 2147483648 as v_large) a',
    expected: ['def\t\t\ta\tv_large\tv_large\t8\t11\t10\tN\t32769\t0\t63'],
  },
  {
    source: 'mysql-test/r/metadata.result line 111',
    sql: 'select a.* from (select 214748364 as v_small) a',
    expected: ['def\t\t\ta\tv_small\tv_small\t8\t10\t9\tN\t32769\t0\t63'],
  },
  {
    // The block's variables hold an INT, a DECIMAL, a DOUBLE, a utf8mb4 string and a binary string
    // (SELECT ... INTO from t9); a user variable's metadata depends on nothing else, so literals stand in.
    source: 'mysql-test/r/ps_2myisam.result line 1908 (@arg01 .. @arg05)',
    setup: ["SET @arg01 = 1, @arg02 = 1.5, @arg03 = 1e0, @arg04 = 'abc', @arg05 = x'41'"],
    sql: 'select @arg01, @arg02, @arg03, @arg04, @arg05',
    expected: [
      'def\t\t\t\t\t@arg01\t8\t21\t1\tY\t32896\t0\t63',
      'def\t\t\t\t\t@arg02\t246\t67\t3\tY\t32896\t30\t63',
      'def\t\t\t\t\t@arg03\t5\t23\t1\tY\t32896\t31\t63',
      'def\t\t\t\t\t@arg04\t251\t268435440\t3\tY\t0\t31\t255',
      'def\t\t\t\t\t@arg05\t250\t16777215\t3\tY\t128\t31\t63',
    ],
  },
  {
    source: 'mysql-test/r/bigint.result line 399',
    sql: 'select -9223372036854775808',
    expected: ['def\t\t\t\t\t-9223372036854775808\t8\t20\t20\tN\t32897\t0\t63'],
  },
  {
    source: 'mysql-test/r/bigint.result line 404',
    sql: 'select -(9223372036854775808)',
    expected: ['def\t\t\t\t\t-(9223372036854775808)\t8\t20\t20\tN\t32897\t0\t63'],
  },
  {
    source: 'mysql-test/r/func_digest.result line 1419 (SET NAMES binary)',
    setup: ['SET NAMES binary'],
    sql: "SELECT sha2('1',224)",
    expected: ["def\t\t\t\t\tsha2('1',224)\t253\t56\t56\tY\t128\t31\t63"],
  },
  {
    source: 'mysql-test/r/func_digest.result line 1427 (SET NAMES utf8mb3)',
    setup: ['SET NAMES utf8mb3'],
    sql: "SELECT sha2('1',224)",
    expected: ["def\t\t\t\t\tsha2('1',224)\t253\t168\t56\tY\t0\t31\t33"],
  },
  {
    source: 'mysql-test/r/func_digest.result line 1433 (SET NAMES latin1)',
    setup: ['SET NAMES latin1'],
    sql: "SELECT sha2('1',224)",
    expected: ["def\t\t\t\t\tsha2('1',224)\t253\t56\t56\tY\t0\t31\t8"],
  },
  {
    source: 'mysql-test/r/ctype_utf8.result line 5503 (SET NAMES utf8mb3)',
    setup: ['SET NAMES utf8mb3'],
    sql:
      "SELECT DATE_SUB('2007-08-03', INTERVAL 1 DAY) AS field_str1, DATE_SUB('2007-08-03 17:33:00', INTERVAL 1 MINUTE) AS field1_str2, " +
      "DATE_SUB(DATE('2007-08-03'), INTERVAL 1 DAY) AS field_date, DATE_SUB(CAST('2007-08-03 17:33:00' AS DATETIME), INTERVAL 1 MINUTE) AS field_datetime",
    expected: [
      'def\t\t\t\t\tfield_str1\t254\t87\t10\tY\t0\t31\t33',
      'def\t\t\t\t\tfield1_str2\t254\t87\t19\tY\t0\t31\t33',
      'def\t\t\t\t\tfield_date\t10\t10\t10\tY\t128\t0\t63',
      'def\t\t\t\t\tfield_datetime\t12\t19\t19\tY\t128\t0\t63',
    ],
  },
  {
    source: 'mysql-test/r/variables.result line 1424 (SET NAMES latin1)',
    setup: ['SET NAMES latin1'],
    sql: 'select @@default_storage_engine',
    expected: ['def\t\t\t\t\t@@default_storage_engine\t253\t21845\t6\tY\t0\t31\t8'],
  },
  {
    source: 'mysql-test/r/show_check_ci.result line 653',
    sql: 'show variables like "wait_timeout%"',
    expected: [
      'def\tperformance_schema\tsession_variables\tsession_variables\tVariable_name\tVariable_name\t253\t256\t12\tN\t4097\t0\t255',
      'def\tperformance_schema\tsession_variables\tsession_variables\tValue\tValue\t253\t4096\t5\tY\t0\t0\t255',
    ],
  },
  {
    source: 'mysql-test/r/show_check_ci.result line 709',
    sql: 'show databases',
    expected: ['def\t\t\tSCHEMATA\tDatabase\tDatabase\t253\t256\t18\tY\t0\t0\t255'],
  },
  {
    source: 'mysql-test/r/show_check_ci.result line 811 (SET NAMES utf8mb3)',
    setup: ['SET NAMES utf8mb3'],
    sql: "SHOW DATABASES LIKE 'mysql'",
    expected: ['def\t\t\tSCHEMATA\tDatabase (mysql)\tDatabase (mysql)\t253\t192\t10\tY\t0\t0\t33'],
  },
  {
    source: 'mysql-test/r/show_check_ci.result line 716 (SET NAMES utf8mb3)',
    setup: ['SET NAMES utf8mb3'],
    sql: "SHOW COLLATION LIKE 'latin1_bin'",
    expected: [
      'def\tinformation_schema\tCOLLATIONS\tCOLLATIONS\tCollation\tCollation\t253\t192\t10\tN\t4097\t0\t33',
      'def\tinformation_schema\tCOLLATIONS\tCOLLATIONS\tCharset\tCharset\t253\t192\t6\tN\t4097\t0\t33',
      'def\tinformation_schema\tCOLLATIONS\tCOLLATIONS\tId\tId\t8\t20\t2\tN\t32801\t0\t63',
      'def\tinformation_schema\tCOLLATIONS\tCOLLATIONS\tDefault\tDefault\t253\t9\t0\tN\t1\t0\t33',
      'def\tinformation_schema\tCOLLATIONS\tCOLLATIONS\tCompiled\tCompiled\t253\t9\t3\tN\t1\t0\t33',
      'def\tinformation_schema\tCOLLATIONS\tCOLLATIONS\tSortlen\tSortlen\t3\t10\t1\tN\t36897\t0\t63',
      'def\tinformation_schema\tCOLLATIONS\tCOLLATIONS\tPad_attribute\tPad_attribute\t254\t27\t9\tN\t4481\t0\t33',
    ],
  },
  {
    source: 'mysql-test/r/show_check_ci.result line 735 (SET NAMES utf8mb3)',
    setup: ['SET NAMES utf8mb3'],
    sql: 'SHOW CREATE DATABASE mysql',
    expected: ['def\t\t\t\t\tDatabase\t253\t192\t5\tN\t1\t31\t33', 'def\t\t\t\t\tCreate Database\t253\t3072\t132\tN\t1\t31\t33'],
  },
];

/** IS_NUM(type) of mysql_com.h: the types libmysql marks NUM_FLAG on the client side. */
function isNum(type: number): boolean {
  return (type <= 9 && type !== 7) || type === 13 || type === 246;
}

/** A column definition printed as mysqltest's --enable_metadata prints it, less Max length. */
function printed(f: mysql.FieldPacket): string {
  const x = f as unknown as { catalog: string; schema: string; orgTable: string; table: string; orgName: string; name: string; columnType: number; columnLength: number; flags: number; decimals: number; characterSet: number };
  const flags = x.flags | (isNum(x.columnType) ? 32768 : 0);
  return [x.catalog, x.schema, x.orgTable, x.table, x.orgName, x.name, x.columnType, x.columnLength, (x.flags & 1) !== 0 ? 'N' : 'Y', flags, x.decimals, x.characterSet].join('\t');
}

/** The expected line less its Max length (the 9th field). */
function withoutMaxLength(line: string): string {
  const f = line.split('\t');
  f.splice(8, 1);
  return f.join('\t');
}

describe('result metadata of the mysql-8.4 profile, as MySQL 8.4 prints it with --enable_metadata', () => {
  let em: TestEmulator;

  beforeAll(async () => {
    em = await startTestEmulator({ tls: false });
  });
  afterAll(async () => {
    await em.close();
  });

  it.each(CASES)('$source: $sql', async ({ setup, sql, expected }) => {
    const conn = await mysql.createConnection({ host: em.host, port: em.port, user: 'root', charset: 'UTF8MB4_0900_AI_CI', supportBigNumbers: true });
    try {
      for (const s of setup ?? []) await conn.query(s);
      const [, fields] = await conn.query({ sql, rowsAsArray: true });
      expect((fields ?? []).map(printed)).toEqual(expected.map(withoutMaxLength));
    } finally {
      await conn.end();
    }
  });

  it('mysql.user.User reaches a client that sent utf8mb4_0900_ai_ci as collation 255, 128 bytes (char(32) utf8mb3_bin, converted)', async () => {
    const conn = await mysql.createConnection({ host: em.host, port: em.port, user: 'root', charset: 'UTF8MB4_0900_AI_CI' });
    try {
      const [, fields] = await conn.query('SELECT User FROM mysql.user LIMIT 0');
      expect(fields![0]).toMatchObject({ characterSet: 255, columnLength: 128 });
      await conn.query('SET character_set_results = NULL');
      const [, raw] = await conn.query('SELECT User FROM mysql.user LIMIT 0');
      expect(raw![0]).toMatchObject({ characterSet: 83, columnLength: 96 });
    } finally {
      await conn.end();
    }
  });
});
