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

describe('MySQL Workbench: its keep-alive DO 1, DESCRIBE of the grant tables, IF with a space', () => {
  it('DO evaluates its expressions and answers OK (Com_do), an error in them is the statement error', async () => {
    const [before] = await all("SHOW SESSION STATUS LIKE 'Com_do'");
    const [ok] = await root.query('DO 1, SLEEP(0)');
    expect(ok).toMatchObject({ affectedRows: 0, fieldCount: 0 });
    expect(await all("SHOW SESSION STATUS LIKE 'Com_do'")).toEqual([['Com_do', String(Number(before![1]) + 1)]]);
    await expect(root.query('DO no_such_column')).rejects.toMatchObject({ errno: 1054 });
    await expect(root.query('DO')).rejects.toMatchObject({ errno: 1064 });
  });

  it('DESCRIBE / DESC / EXPLAIN of a table are SHOW COLUMNS FROM it, with an optional column name or pattern', async () => {
    const columns = await all('SHOW COLUMNS FROM mysql.db');
    expect(await all('DESCRIBE mysql.db')).toEqual(columns);
    expect(await all('DESC `mysql`.`db`')).toEqual(columns);
    expect(await all('EXPLAIN mysql.db')).toEqual(columns);
    expect((await all('DESCRIBE mysql.user Host')).map((r) => r[0])).toEqual(['Host']);
    expect((await all("DESCRIBE mysql.user 'max\\_%'")).map((r) => r[0])).toEqual(['max_questions', 'max_updates', 'max_connections', 'max_user_connections']);
    await expect(root.query('DESCRIBE mysql.no_such_table')).rejects.toMatchObject({ errno: 1146 });
    // EXPLAIN of a statement is not a table description.
    await expect(root.query('EXPLAIN SELECT 1')).rejects.toMatchObject({ errno: 1235 });
  });

  it("information_schema.PARTITIONS: a table without partitions is one row, its partition columns NULL (DBeaver's table properties)", async () => {
    const rows = await all(
      "SELECT TABLE_NAME, PARTITION_NAME, PARTITION_ORDINAL_POSITION, PARTITION_METHOD, DATA_LENGTH, PARTITION_COMMENT FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA='mysql' AND TABLE_NAME='user' ORDER BY PARTITION_ORDINAL_POSITION,SUBPARTITION_ORDINAL_POSITION",
    );
    expect(rows).toEqual([['user', null, null, null, 16384, '']]);
    // Views have no row.
    expect(await all("SELECT COUNT(*) FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA='sys' AND TABLE_NAME='version'")).toEqual([[0]]);
  });

  it("db.name(...) is a stored function: the sys schema's are 1235 (Workbench's sys.ps_thread_stack), any other 1305", async () => {
    await expect(root.query('SELECT sys.ps_thread_stack(1, FALSE)')).rejects.toMatchObject({ errno: 1235, message: "This version of MySQL doesn't yet support 'sys.ps_thread_stack'" });
    // A schema-qualified name is never the builtin of that name.
    await expect(root.query('SELECT sys.format_bytes(1024)')).rejects.toMatchObject({ errno: 1235 });
    await expect(root.query('SELECT sys.no_such_function()')).rejects.toMatchObject({ errno: 1305, sqlState: '42000', message: 'FUNCTION sys.no_such_function does not exist' });
    await expect(root.query('SELECT nodb.f (1, 2)')).rejects.toMatchObject({ errno: 1305, message: 'FUNCTION nodb.f does not exist' });
    expect(await all('SELECT FORMAT_BYTES(1024), u.User FROM mysql.user u WHERE u.User = "root" LIMIT 1')).toEqual([['1.00 KiB', 'root']]);
  });

  it('a space may stand between a function name and its parenthesis, except for the names lex.h reads as functions only when "(" follows', async () => {
    expect(await all("SELECT IF (1 > 0, 'yes', 'no'), CONCAT ('a', 'b'), COALESCE (NULL, 2)")).toEqual([['yes', 'ab', 2]]);
    await expect(root.query('SELECT COUNT (*) FROM mysql.user')).rejects.toMatchObject({ errno: 1064 });
  });
});

describe("KILL (Workbench's Client Connections, HeidiSQL's process list)", () => {
  const connect = (user = 'root', password = '') => mysql.createConnection({ host: em.host, port: em.port, user, password });
  const idOf = async (c: mysql.Connection): Promise<number> => ((await c.query('SELECT CONNECTION_ID() AS id')) as unknown as [{ id: number }[]])[0][0]!.id;

  it('KILL [CONNECTION] id closes that connection; an unknown id is 1094', async () => {
    const victim = await connect();
    const id = await idOf(victim);
    const lost = new Promise((resolve) => victim.once('error', resolve));
    const [ok] = await root.query(`KILL ${id}`);
    expect(ok).toMatchObject({ affectedRows: 0 });
    await expect(lost).resolves.toMatchObject({ code: 'PROTOCOL_CONNECTION_LOST' });
    expect((await all('SELECT ID FROM information_schema.PROCESSLIST')).map((r) => r[0])).not.toContain(id);
    await expect(root.query('KILL 999999')).rejects.toMatchObject({ errno: 1094, sqlState: 'HY000', message: 'Unknown thread id: 999999' });
    await expect(root.query('KILL CONNECTION 999999')).rejects.toMatchObject({ errno: 1094 });
  });

  it('KILL QUERY of an idle connection leaves it open; of this one it is 1317, and KILL CONNECTION_ID() answers 1317 then closes', async () => {
    const other = await connect();
    await root.query(`KILL QUERY ${await idOf(other)}`);
    expect((await other.query('SELECT 1 AS one'))[0]).toEqual([{ one: 1 }]);
    await expect(other.query('KILL QUERY CONNECTION_ID()')).rejects.toMatchObject({ errno: 1317, sqlState: '70100', message: 'Query execution was interrupted' });
    expect((await other.query('SELECT 2 AS two'))[0]).toEqual([{ two: 2 }]);
    const lost = new Promise((resolve) => other.once('error', resolve));
    await expect(other.query('KILL CONNECTION_ID()')).rejects.toMatchObject({ errno: 1317 });
    await expect(lost).resolves.toMatchObject({ code: 'PROTOCOL_CONNECTION_LOST' });
  });

  it("another user's connection needs CONNECTION_ADMIN or SUPER (1095); one's own are free; the sandbox refuses KILL", async () => {
    const u = await connect('u', 'u-Passw0rd');
    const u2 = await connect('u', 'u-Passw0rd');
    const rootId = ((await root.query('SELECT CONNECTION_ID() AS id')) as unknown as [{ id: number }[]])[0][0]!.id;
    await expect(u.query(`KILL ${rootId}`)).rejects.toMatchObject({ errno: 1095, message: `You are not owner of thread ${rootId}` });
    const lost = new Promise((resolve) => u2.once('error', resolve));
    await u.query(`KILL ${await idOf(u2)}`);
    await expect(lost).resolves.toMatchObject({ code: 'PROTOCOL_CONNECTION_LOST' });
    await u.end();
    const x = await mysql.createConnection({ host: em.host, port: em.port, user: 'x', password: 'x-Passw0rd', flags: ['CAN_HANDLE_EXPIRED_PASSWORDS'] });
    await expect(x.query(`KILL ${rootId}`)).rejects.toMatchObject({ errno: 1820 });
    await x.end();
  });
});

describe("ANALYZE TABLE (Workbench's Table Inspector)", () => {
  it('one status row per table; a missing table or a view is an Error then Operation failed; CSV and performance_schema a note', async () => {
    expect(await all('ANALYZE TABLE `mysql`.`user`')).toEqual([['mysql.user', 'analyze', 'status', 'OK']]);
    expect(await all('ANALYZE NO_WRITE_TO_BINLOG TABLE mysql.db, mysql.nope, sys.version, mysql.general_log, performance_schema.threads')).toEqual([
      ['mysql.db', 'analyze', 'status', 'OK'],
      ['mysql.nope', 'analyze', 'Error', "Table 'mysql.nope' doesn't exist"],
      ['mysql.nope', 'analyze', 'status', 'Operation failed'],
      ['sys.version', 'analyze', 'Error', "'sys.version' is not BASE TABLE"],
      ['sys.version', 'analyze', 'status', 'Operation failed'],
      ['mysql.general_log', 'analyze', 'note', "The storage engine for the table doesn't support analyze"],
      ['performance_schema.threads', 'analyze', 'note', "The storage engine for the table doesn't support analyze"],
    ]);
    const [, fields] = await root.query('ANALYZE LOCAL TABLE mysql.user');
    expect((fields as { name: string }[]).map((f) => f.name)).toEqual(['Table', 'Op', 'Msg_type', 'Msg_text']);
    const [before] = await all("SHOW SESSION STATUS LIKE 'Com_analyze'");
    await root.query('ANALYZE TABLE mysql.user');
    expect(await all("SHOW SESSION STATUS LIKE 'Com_analyze'")).toEqual([['Com_analyze', String(Number(before![1]) + 1)]]);
  });

  it('needs SELECT and INSERT on the table (1142), a database (1046); information_schema is 1044; histograms stay 1235', async () => {
    const u = await mysql.createConnection({ host: em.host, port: em.port, user: 'u', password: 'u-Passw0rd' });
    await expect(u.query('ANALYZE TABLE mysql.user')).rejects.toMatchObject({ errno: 1142, message: "SELECT, INSERT command denied to user 'u'@'localhost' for table 'user'" });
    await expect(u.query('ANALYZE TABLE t')).rejects.toMatchObject({ errno: 1046 });
    await u.end();
    await expect(root.query('ANALYZE TABLE information_schema.TABLES')).rejects.toMatchObject({ errno: 1044 });
    await expect(root.query('ANALYZE TABLE mysql.user UPDATE HISTOGRAM ON Host')).rejects.toMatchObject({ errno: 1235 });
  });
});
