/**
 * mysql2 logs in over real TCP with every plugin path: caching_sha2
 * (full over RSA, full over TLS, then the fast path), mysql_native_password,
 * sha256_password (RSA and TLS), auth switch both ways, wrong and unknown users.
 */
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator } from '../helpers/emulator.js';

type TestEmulator = Awaited<ReturnType<typeof startTestEmulator>>;

function connect(em: TestEmulator, user: string, password: string, extra: Partial<mysql.ConnectionOptions> = {}) {
  return mysql.createConnection({ host: em.host, port: em.port, user, password, ...extra });
}

async function whoAmI(conn: mysql.Connection): Promise<{ user: string; current: string }> {
  const [rows] = await conn.query<mysql.RowDataPacket[]>('SELECT USER() AS user, CURRENT_USER() AS current');
  return rows[0] as { user: string; current: string };
}

function lastAuth(em: TestEmulator) {
  const events = em.authEvents();
  return events[events.length - 1]!;
}

describe('mysql2 against the mysql-8.4 profile', () => {
  let em: TestEmulator;

  beforeAll(async () => {
    em = await startTestEmulator({ rootPassword: 'rootpw' });
    await em.sql("CREATE USER 'app'@'%' IDENTIFIED BY 'app-secret'");
    await em.sql("CREATE USER 'tlsuser'@'%' IDENTIFIED BY 'tls-secret'");
    await em.sql("CREATE USER 'sha'@'%' IDENTIFIED WITH sha256_password BY 'sha-secret'");
    await em.sql("CREATE USER 'nopw'@'%'");
  });
  afterAll(() => em.close());

  it('caching_sha2: full auth over RSA first, then the fast path from the cache', async () => {
    const first = await connect(em, 'app', 'app-secret');
    expect(await whoAmI(first)).toEqual({ user: 'app@localhost', current: 'app@%' });
    expect(lastAuth(em)).toMatchObject({ plugin: 'caching_sha2_password', path: 'full-rsa', outcome: 'ok', tls: false });
    await first.end();

    const second = await connect(em, 'app', 'app-secret');
    expect(lastAuth(em)).toMatchObject({ path: 'fast', outcome: 'ok' });
    const [rows] = await second.query<mysql.RowDataPacket[]>('SELECT 1 AS one');
    expect(rows).toEqual([{ one: 1 }]);
    await second.end();
  });

  it('caching_sha2: full auth over TLS sends the cleartext password inside TLS', async () => {
    const conn = await connect(em, 'tlsuser', 'tls-secret', { ssl: { rejectUnauthorized: false } });
    expect(lastAuth(em)).toMatchObject({ path: 'full-tls', tls: true, outcome: 'ok' });
    const [rows] = await conn.query<mysql.RowDataPacket[]>("SHOW SESSION VARIABLES LIKE 'version'");
    expect(rows[0]).toMatchObject({ Variable_name: 'version', Value: '8.4.7' });
    await conn.end();
  });

  it('sha256_password over RSA and over TLS, switching from the caching_sha2 greeting', async () => {
    const plain = await connect(em, 'sha', 'sha-secret');
    expect(lastAuth(em)).toMatchObject({ plugin: 'sha256_password', switched: true, path: 'rsa', outcome: 'ok' });
    await plain.end();
    const secure = await connect(em, 'sha', 'sha-secret', { ssl: { rejectUnauthorized: false } });
    expect(lastAuth(em)).toMatchObject({ plugin: 'sha256_password', path: 'tls', outcome: 'ok' });
    await secure.end();
  });

  it('an empty password logs in without any password exchange', async () => {
    const conn = await connect(em, 'nopw', '');
    expect((await whoAmI(conn)).current).toBe('nopw@%');
    await conn.end();
  });

  it('a wrong password gets the exact 1045 text with the client host', async () => {
    await expect(connect(em, 'app', 'wrong')).rejects.toMatchObject({
      errno: 1045,
      sqlState: '28000',
      sqlMessage: "Access denied for user 'app'@'localhost' (using password: YES)",
    });
    await expect(connect(em, 'app', '')).rejects.toMatchObject({
      errno: 1045,
      sqlMessage: "Access denied for user 'app'@'localhost' (using password: NO)",
    });
  });

  it("sha256_password without a password: mysql2 3.x sends the text 'undefined' (not a lone NUL), refused as MySQL refuses it", async () => {
    // mysql2's connection_config.js stores password '' as undefined and its sha256_password plugin sends `${password}\0`;
    // sha256_password_authenticate() treats only an empty packet or a lone NUL as no password, anything else
    // sent to an account without one is CR_ERROR. The mariadb CLI's empty response logs in (mariadb-cli.test.ts).
    await em.sql("CREATE USER 'nopw256'@'%' IDENTIFIED WITH sha256_password");
    for (const ssl of [{ ssl: { rejectUnauthorized: false } }, {}]) {
      await expect(connect(em, 'nopw256', '', ssl)).rejects.toMatchObject({ errno: 1045 });
      expect(lastAuth(em)).toMatchObject({ plugin: 'sha256_password', path: 'ssl' in ssl ? 'tls' : 'rsa', outcome: 'error' });
    }
  });

  it('an unknown user is answered like a wrong password, unless its decoy is the disabled mysql_native_password (1524)', async () => {
    const refusal = await connect(em, 'ghost', 'whatever').then(
      () => null,
      (err: { errno: number; sqlState: string; sqlMessage: string }) => err,
    );
    const decoy = lastAuth(em);
    expect(decoy).toMatchObject({ account: null, outcome: 'error' });
    expect(refusal).toMatchObject(
      decoy.plugin === 'mysql_native_password'
        ? { errno: 1524, sqlState: 'HY000', sqlMessage: "Plugin 'mysql_native_password' is not loaded" }
        : { errno: 1045, sqlState: '28000', sqlMessage: "Access denied for user 'ghost'@'localhost' (using password: YES)" },
    );
  });

  it('prepared statements use the binary protocol', async () => {
    const conn = await connect(em, 'root', 'rootpw');
    const [rows] = await conn.execute<mysql.RowDataPacket[]>('SELECT ? + 1 AS answer, ? AS greeting, ? AS nothing', [41, 'hi', null]);
    expect(rows).toEqual([{ answer: 42, greeting: 'hi', nothing: null }]);
    const [now] = await conn.execute<mysql.RowDataPacket[]>('SELECT NOW() AS now');
    expect((now[0] as { now: unknown }).now).toBeInstanceOf(Date);
    await conn.end();
  });

  it('runs several statements in one COM_QUERY when multipleStatements is on', async () => {
    const conn = await connect(em, 'root', 'rootpw', { multipleStatements: true });
    const [results] = await conn.query<mysql.RowDataPacket[][]>('SELECT 1 AS a; SELECT 2 AS b');
    expect(results).toEqual([[{ a: 1 }], [{ b: 2 }]]);
    await conn.end();
  });

  it('runs the statements before a syntax error of a later one, as MySQL parses each after the one before has run', async () => {
    // Checked on a real MariaDB 10.11: SET @a runs, then the unterminated string is 1064; likewise 1,000 parentheses.
    const conn = await connect(em, 'root', 'rootpw', { multipleStatements: true });
    await expect(conn.query("SET @a = 5; SELECT 'x")).rejects.toMatchObject({ errno: 1064, sqlMessage: expect.stringContaining("near ''x' at line 1") });
    await expect(conn.query(`SET @b = 6; SELECT 1 FROM DUAL WHERE ${'('.repeat(300_000)}1`)).rejects.toMatchObject({ errno: 1064 });
    const [rows] = await conn.query<mysql.RowDataPacket[]>('SELECT @a AS a, @b AS b');
    expect(rows).toEqual([{ a: 5, b: 6 }]);
    await conn.end();
  });

  it('refuses a second statement without CLIENT_MULTI_STATEMENTS, as a syntax error', async () => {
    const conn = await connect(em, 'root', 'rootpw');
    await expect(conn.query('SELECT 1; SELECT 2')).rejects.toMatchObject({ errno: 1064 });
    await conn.end();
  });

  it('decodes numbers, strings, NULLs and datetimes from text result sets', async () => {
    const conn = await connect(em, 'root', 'rootpw');
    const [rows] = await conn.query<mysql.RowDataPacket[]>(
      "SELECT 1 AS i, 2.5 AS d, 'x' AS s, NULL AS n, NOW() AS t, @@max_allowed_packet AS m",
    );
    const row = rows[0]!;
    expect(row.i).toBe(1);
    expect(row.d).toBe('2.5');
    expect(row.s).toBe('x');
    expect(row.n).toBeNull();
    expect(row.t).toBeInstanceOf(Date);
    expect(row.m).toBe(67108864);
    await conn.end();
  });

  it('answers COM_PING, COM_INIT_DB and COM_CHANGE_USER', async () => {
    const conn = await connect(em, 'root', 'rootpw');
    await conn.ping();
    await conn.changeUser({ user: 'app', password: 'app-secret' });
    expect((await whoAmI(conn)).current).toBe('app@%');
    await conn.changeUser({ user: 'root', password: 'rootpw', database: 'mysql' });
    const [db] = await conn.query<mysql.RowDataPacket[]>('SELECT DATABASE() AS db, CURRENT_USER() AS cu');
    expect(db[0]).toEqual({ db: 'mysql', cu: 'root@localhost' });
    // Changing to an account without rights on the current database fails and disconnects, as in MySQL.
    await expect(conn.changeUser({ user: 'app', password: 'app-secret' })).rejects.toMatchObject({ errno: 1044 });
    await conn.end();
  });

  it('CONNECTION_ID() is the thread id of the greeting', async () => {
    const conn = await connect(em, 'root', 'rootpw');
    const [rows] = await conn.query<mysql.RowDataPacket[]>('SELECT CONNECTION_ID() AS id');
    expect((rows[0] as { id: unknown }).id).toBe(conn.threadId);
    await conn.end();
  });
});

describe('mysql2 against mysql_native_password (mysql-8.0 profile)', () => {
  let em: TestEmulator;
  beforeAll(async () => {
    em = await startTestEmulator({ profile: 'mysql-8.0', rootPassword: 'rootpw' });
    await em.sql("CREATE USER 'legacy'@'%' IDENTIFIED WITH mysql_native_password BY 'old-secret'");
  });
  afterAll(() => em.close());

  it('switches from caching_sha2 to native and logs in', async () => {
    const conn = await connect(em, 'legacy', 'old-secret');
    expect(lastAuth(em)).toMatchObject({ plugin: 'mysql_native_password', switched: true, outcome: 'ok' });
    expect((await whoAmI(conn)).current).toBe('legacy@%');
    await conn.end();
    await expect(connect(em, 'legacy', 'nope')).rejects.toMatchObject({ errno: 1045 });
  });
});

describe('mysql_native_password in mysql-8.4', () => {
  it('is not loaded by default (1524), and --mysql-native-password=ON loads it', async () => {
    const off = await startTestEmulator();
    await expect(off.sql("CREATE USER 'n'@'%' IDENTIFIED WITH mysql_native_password BY 'pw'")).rejects.toMatchObject({
      code: 1524,
      message: "Plugin 'mysql_native_password' is not loaded",
    });
    await off.close();
    const on = await startTestEmulator({ mysqlNativePassword: true });
    await on.sql("CREATE USER 'n'@'%' IDENTIFIED WITH mysql_native_password BY 'pw'");
    const conn = await connect(on, 'n', 'pw');
    expect(lastAuth(on)).toMatchObject({ plugin: 'mysql_native_password', switched: true, outcome: 'ok' });
    await conn.end();
    await on.close();
  });
});

describe('mysql2 against the mariadb-10.11 profile (native default)', () => {
  let em: TestEmulator;
  beforeAll(async () => {
    em = await startTestEmulator({ profile: 'mariadb-10.11', rootPassword: 'rootpw' });
  });
  afterAll(() => em.close());

  it('root logs in with native directly, and VERSION() names MariaDB', async () => {
    const root = await connect(em, 'root', 'rootpw');
    expect(lastAuth(em)).toMatchObject({ plugin: 'mysql_native_password', switched: false, outcome: 'ok' });
    const [rows] = await root.query<mysql.RowDataPacket[]>('SELECT VERSION() AS v');
    expect((rows[0] as { v: string }).v).toMatch(/MariaDB$/);
    await root.end();
  });
});
