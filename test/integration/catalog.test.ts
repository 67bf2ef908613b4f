/**
 * The catalog over the wire, as GUI tools read it (MySQL Workbench, DBeaver,
 * HeidiSQL, phpMyAdmin, Adminer): mysql2 and the mariadb CLI against a
 * MySQL 8.4 emulator. Expected answers are MySQL 8.4's (the sources are
 * cited in test/unit/catalog/catalog.test.ts); here the point is what
 * reaches a client: result metadata, several sessions, CLI output.
 */
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireCommand } from '../helpers/clients.js';
import { startTestEmulator } from '../helpers/emulator.js';
import { mariadb } from '../helpers/mariadb-cli.js';

type TestEmulator = Awaited<ReturnType<typeof startTestEmulator>>;
const cli = requireCommand('mariadb', 'apt-get install mariadb-client');

let em: TestEmulator;
let root: mysql.Connection;

beforeAll(async () => {
  em = await startTestEmulator({ tls: false });
  root = await mysql.createConnection({ host: em.host, port: em.port, user: 'root', connectAttributes: { program_name: 'catalog-test' } });
});
afterAll(async () => {
  await root.end();
  await em.close();
});

async function query(conn: mysql.Connection, sql: string): Promise<{ rows: unknown[][]; fields: mysql.FieldPacket[] }> {
  const [rows, fields] = await conn.query({ sql, rowsAsArray: true });
  return { rows: rows as unknown[][], fields: fields ?? [] };
}

describe('what GUI tools read', () => {
  it('SELECT * FROM mysql.user: 51 columns whose metadata is the table definition (type, length, flags, collation)', async () => {
    const { fields } = await query(root, 'SELECT * FROM mysql.user WHERE 1 = 0');
    expect(fields).toHaveLength(51);
    const by = (name: string) => fields.find((f) => f.name === name)!;
    // Host char(255) ascii_general_ci NOT NULL, first part of the primary key: NOT_NULL | PRI_KEY | PART_KEY.
    // Strings reach the client in its handshake collation (mysql2: utf8mb4_unicode_ci, 224): 255 characters
    // x 4 bytes; User char(32) utf8mb3_bin is 96 bytes in its own charset, 128 in utf8mb4.
    expect(by('Host')).toMatchObject({ columnType: 254, columnLength: 1020, characterSet: 224, flags: 16387, orgTable: 'user', schema: 'mysql' });
    expect(by('User')).toMatchObject({ columnType: 254, columnLength: 128, characterSet: 224, flags: 16515 });
    expect(by('max_questions')).toMatchObject({ columnType: 3, columnLength: 10, flags: 32801 });
    expect(by('User_attributes')).toMatchObject({ columnType: 245, columnLength: 4294967295, characterSet: 63 });
  });

  it('Workbench: SHOW FULL TABLES FROM mysql; DBeaver: information_schema.COLUMNS in ordinal order', async () => {
    const tables = await query(root, 'SHOW FULL TABLES FROM mysql');
    expect(tables.fields.map((f) => f.name)).toEqual(['Tables_in_mysql', 'Table_type']);
    expect(tables.rows).toHaveLength(37);
    expect(tables.rows).toContainEqual(['user', 'BASE TABLE']);
    const columns = await query(root, "SELECT COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_KEY FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'mysql' AND TABLE_NAME = 'user' ORDER BY ORDINAL_POSITION");
    expect(columns.rows.slice(0, 2)).toEqual([['Host', 'char(255)', 'NO', 'PRI'], ['User', 'char(32)', 'NO', 'PRI']]);
    expect(columns.rows).toHaveLength(51);
  });

  it('TABLE_SCHEMA / TABLE_NAME = constant reads only the matching tables, with the rows of a full scan', async () => {
    // The WHERE as a lookup (information_schema's lookup keys) and the same WHERE through an
    // expression no lookup sees give the same rows, whatever the case and trailing blanks.
    for (const [schema, name] of [['mysql', 'user'], ['MYSQL', 'User'], ['mysql', 'user '], ['mysql', 'usér'], ['information_schema', 'columns']]) {
      for (const table of ['COLUMNS', 'TABLES', 'STATISTICS']) {
        const lookup = await query(root, `SELECT * FROM information_schema.${table} WHERE TABLE_SCHEMA = '${schema}' AND TABLE_NAME = '${name}'`);
        const scan = await query(root, `SELECT * FROM information_schema.${table} WHERE CONCAT(TABLE_SCHEMA) = '${schema}' AND CONCAT(TABLE_NAME) = '${name}'`);
        expect(lookup.rows, `${table} ${schema}.${name}`).toEqual(scan.rows);
      }
    }
    const { rows } = await query(root, "SELECT COUNT(*) FROM information_schema.COLUMNS c WHERE c.TABLE_SCHEMA = 'mysql' AND 'user' = c.TABLE_NAME");
    expect(rows).toEqual([[51]]);
  });

  it('HeidiSQL: SHOW TABLE STATUS and SHOW CREATE TABLE; phpMyAdmin: SCHEMATA', async () => {
    const status = await query(root, "SHOW TABLE STATUS FROM mysql LIKE 'user'");
    expect(status.rows[0]!.slice(0, 4)).toEqual(['user', 'InnoDB', 10, 'Dynamic']);
    const create = await query(root, 'SHOW CREATE TABLE mysql.db');
    expect(String(create.rows[0]![1])).toMatch(/^CREATE TABLE `db` \(\n {2}`Host` char\(255\) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL DEFAULT '',\n/);
    expect(String(create.rows[0]![1])).toMatch(/\n {2}PRIMARY KEY \(`Host`,`User`,`Db`\),\n {2}KEY `User` \(`User`\)\n\) \/\*!50100 TABLESPACE `mysql` \*\/ ENGINE=InnoDB/);
    expect((await query(root, 'SELECT SCHEMA_NAME, DEFAULT_CHARACTER_SET_NAME FROM information_schema.SCHEMATA ORDER BY SCHEMA_NAME')).rows).toEqual([
      ['information_schema', 'utf8mb3'],
      ['mysql', 'utf8mb4'],
      ['performance_schema', 'utf8mb4'],
      ['sys', 'utf8mb4'],
    ]);
  });

  it('SHOW [FULL] PROCESSLIST, performance_schema.threads and session_connect_attrs see every session', async () => {
    const other = await mysql.createConnection({ host: em.host, port: em.port, user: 'root' });
    try {
      const [[{ id }]] = (await other.query('SELECT CONNECTION_ID() AS id')) as unknown as [[{ id: number }]];
      const list = await query(root, 'SHOW FULL PROCESSLIST');
      expect(list.rows.map((r) => r[0])).toContain(id);
      const threads = await query(root, `SELECT PROCESSLIST_USER, PROCESSLIST_COMMAND FROM performance_schema.threads WHERE PROCESSLIST_ID = ${id}`);
      expect(threads.rows).toEqual([['root', 'Sleep']]);
      const attrs = await query(root, "SELECT ATTR_VALUE FROM performance_schema.session_connect_attrs WHERE ATTR_NAME = 'program_name'");
      expect(attrs.rows).toEqual([['catalog-test']]);
    } finally {
      await other.end();
    }
  });

  it('user variables are visible in performance_schema.user_variables_by_thread', async () => {
    await root.query("SET @tool = 'workbench'");
    const { rows } = await query(root, "SELECT CAST(VARIABLE_VALUE AS CHAR) FROM performance_schema.user_variables_by_thread WHERE VARIABLE_NAME = 'tool'");
    expect(rows).toEqual([['workbench']]);
  });
});

describe.skipIf(!cli.available)('the mariadb CLI', () => {
  it('prints SHOW CREATE DATABASE and SHOW INDEX in batch mode', async () => {
    const r = await mariadb(em.port, ['-uroot', '-e', 'SHOW CREATE DATABASE mysql; SHOW INDEX FROM mysql.user']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      'Database\tCreate Database\n' +
        "mysql\tCREATE DATABASE `mysql` /*!40100 DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci */ /*!80016 DEFAULT ENCRYPTION='N' */\n" +
        'Table\tNon_unique\tKey_name\tSeq_in_index\tColumn_name\tCollation\tCardinality\tSub_part\tPacked\tNull\tIndex_type\tComment\tIndex_comment\tVisible\tExpression\n' +
        'user\t0\tPRIMARY\t1\tHost\tA\t0\tNULL\tNULL\t\tBTREE\t\t\tYES\tNULL\n' +
        'user\t0\tPRIMARY\t2\tUser\tA\t0\tNULL\tNULL\t\tBTREE\t\t\tYES\tNULL\n',
    );
  });

  it('a removed 8.4 statement is a syntax error', async () => {
    const r = await mariadb(em.port, ['-uroot', '-e', 'SHOW MASTER STATUS']);
    // The CLI echoes a failing statement before the error.
    expect(r.stderr).toBe(
      '--------------\nSHOW MASTER STATUS\n--------------\n\n' +
        "ERROR 1064 (42000) at line 1: You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use near 'MASTER STATUS' at line 1\n",
    );
  });
});
