/**
 * What GUI tools and MySQL's own tests send around the accounts, through
 * mysql2 over TCP against MySQL 8.4 (the failing inputs). Expected
 * answers: MySQL 8.4 Reference Manual (SET, UNION, subqueries, COM_INIT_DB)
 * and sql_parse.cc (the sandbox refuses any statement it parsed with 1820).
 */
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawClient, parseErr } from '../helpers/raw-client.js';
import { startTestEmulator } from '../helpers/emulator.js';

type TestEmulator = Awaited<ReturnType<typeof startTestEmulator>>;

let em: TestEmulator;
let root: mysql.Connection;

beforeAll(async () => {
  em = await startTestEmulator();
  root = await mysql.createConnection({ host: em.host, port: em.port, user: 'root' });
  await em.sql("CREATE USER 'u'@'localhost' IDENTIFIED BY 'u-Passw0rd'; CREATE USER 'x'@'%' IDENTIFIED BY 'x-Passw0rd' PASSWORD EXPIRE");
});
afterAll(async () => {
  await root.end();
  await em.close();
});

async function all(sql: string): Promise<unknown[][]> {
  const [rows] = await root.query({ sql, rowsAsArray: true });
  return rows as unknown[][];
}

describe('phpMyAdmin and Adminer at connect', () => {
  it("SET lc_messages = 'en_US', SELECT @@have_profiling, SET sql_quote_show_create = 1, autocommit = 1", async () => {
    await root.query("SET lc_messages = 'en_US'");
    expect(await all('SELECT @@lc_messages, @@have_profiling')).toEqual([['en_US', 'YES']]);
    await root.query('SET sql_quote_show_create = 1, autocommit = 1');
    expect(await all('SELECT @@sql_quote_show_create, @@autocommit')).toEqual([[1, 1]]);
  });
});

describe('relational SELECT over the catalog', () => {
  it('UNION, and the parenthesised SELECT phpMyAdmin orders outside', async () => {
    expect(await all('SELECT 1 UNION SELECT 2')).toEqual([[1], [2]]);
    const users = await all('(SELECT DISTINCT User, Host FROM mysql.user) ORDER BY User ASC, Host ASC');
    expect(users).toEqual([
      ['mysql.infoschema', 'localhost'],
      ['mysql.session', 'localhost'],
      ['mysql.sys', 'localhost'],
      ['root', 'localhost'],
      ['u', 'localhost'],
      ['x', '%'],
    ]);
  });

  it("MySQL's tests read mysql.user with scalar subqueries", async () => {
    expect(await all("SELECT (SELECT password_expired FROM mysql.user WHERE user='u' AND host='localhost') = 'N'")).toEqual([[1]]);
    expect(await all("SELECT (SELECT password_expired FROM mysql.user WHERE user='x' AND host='%') = 'N'")).toEqual([[0]]);
  });

  it('joins and correlated subqueries over mysql.user', async () => {
    const rows = await all(
      "SELECT a.User, (SELECT COUNT(*) FROM mysql.user b WHERE b.Host = a.Host) FROM mysql.user a WHERE a.User IN ('root', 'x') ORDER BY a.User",
    );
    expect(rows).toEqual([['root', 5], ['x', 1]]);
  });
});

describe('the queries phpMyAdmin and Workbench send while browsing', () => {
  it("phpMyAdmin's navigation: a derived table over SCHEMATA with SUBSTRING_INDEX (a builtin, not a stored function)", async () => {
    // information_schema, mysql, performance_schema, sys -> information, mysql, performance, sys.
    expect(
      await all("SELECT COUNT(*) FROM (SELECT DISTINCT SUBSTRING_INDEX(SCHEMA_NAME, '_', 1) DB_first_level FROM INFORMATION_SCHEMA.SCHEMATA WHERE TRUE) t"),
    ).toEqual([[4]]);
  });

  it("phpMyAdmin's 'may this user administer users' check: the four *_PRIVILEGES tables in a UNION, one row for root", async () => {
    const q =
      'SELECT 1 FROM (SELECT GRANTEE, IS_GRANTABLE FROM INFORMATION_SCHEMA.COLUMN_PRIVILEGES UNION SELECT GRANTEE, IS_GRANTABLE FROM INFORMATION_SCHEMA.TABLE_PRIVILEGES ' +
      'UNION SELECT GRANTEE, IS_GRANTABLE FROM INFORMATION_SCHEMA.SCHEMA_PRIVILEGES UNION SELECT GRANTEE, IS_GRANTABLE FROM INFORMATION_SCHEMA.USER_PRIVILEGES) t ' +
      "WHERE IS_GRANTABLE = 'YES' AND '''root''@''localhost''' LIKE GRANTEE LIMIT 1";
    expect(await all(q)).toEqual([[1]]);
    const u = await mysql.createConnection({ host: em.host, port: em.port, user: 'u', password: 'u-Passw0rd' });
    try {
      const [rows] = await u.query({ sql: q.replace("'''root''@''localhost'''", "'''u''@''localhost'''"), rowsAsArray: true });
      expect(rows).toEqual([]);
    } finally {
      await u.end();
    }
  });

  it("Workbench's Users and Privileges: mysql.user LEFT JOIN mysql.db, a fresh 8.4's db rows included", async () => {
    expect(await all('SELECT u.User, u.Host, d.Db FROM mysql.user u LEFT JOIN mysql.db d ON d.User = u.User AND d.Host = u.Host ORDER BY u.User, u.Host')).toEqual([
      ['mysql.infoschema', 'localhost', null],
      ['mysql.session', 'localhost', 'performance_schema'],
      ['mysql.sys', 'localhost', 'sys'],
      ['root', 'localhost', null],
      ['u', 'localhost', null],
      ['x', '%', null],
    ]);
  });
});

describe('COM_INIT_DB and the sandbox', () => {
  it('COM_INIT_DB with an empty name is 1046 No database selected', async () => {
    const c = await RawClient.open(em.port);
    await c.login('root');
    c.send(Buffer.from([0x02]), 0);
    const reply = await c.read();
    expect(parseErr(reply!.payload)).toEqual({ code: 1046, sqlState: '3D000', message: 'No database selected' });
    c.close();
  });

  it('in the sandbox every statement that parses gets 1820, even one the emulator does not run', async () => {
    const x = await mysql.createConnection({ host: em.host, port: em.port, user: 'x', password: 'x-Passw0rd', flags: ['CAN_HANDLE_EXPIRED_PASSWORDS'] });
    try {
      for (const sql of ['SELECT 1 FROM DUAL GROUP BY 1 WITH ROLLUP', 'CREATE TABLE t (a INT)', 'SELECT 1 UNION SELECT 2']) {
        await expect(x.query(sql), sql).rejects.toMatchObject({ errno: 1820 });
      }
      // A syntax error is still 1064.
      await expect(x.query('SELECT FROM')).rejects.toMatchObject({ errno: 1064 });
    } finally {
      await x.end();
    }
  });
});
