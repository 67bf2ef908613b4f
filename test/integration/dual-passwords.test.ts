/**
 * Dual passwords (RETAIN CURRENT PASSWORD / DISCARD OLD PASSWORD), the
 * REPLACE and password-history rules, and the OceanBase guide, through real
 * clients: mysql2 (several application connections), the mariadb CLI and
 * PyMySQL. The rotation follows mysql-test/suite/auth_sec/include/
 * multiple_passwords.inc: after DISCARD the old password is refused even by a
 * client whose digest sat in the caching_sha2 cache (MySQL clears the
 * account's whole entry on any credential change).
 */
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireCommand } from '../helpers/clients.js';
import { startTestEmulator, type LogRecord } from '../helpers/emulator.js';
import { mariadb } from '../helpers/mariadb-cli.js';
import { requireDriver, runDriver } from '../helpers/run-client.js';

type TestEmulator = Awaited<ReturnType<typeof startTestEmulator>>;

const cli = requireCommand('mariadb', 'apt-get install mariadb-client');
const pymysql = requireDriver('pymysql');

function connect(em: TestEmulator, user: string, password: string, extra: Partial<mysql.ConnectionOptions> = {}) {
  return mysql.createConnection({ host: em.host, port: em.port, user, password, ...extra });
}

function lastAuth(em: TestEmulator, user: string): LogRecord {
  return em.authEvents().filter((e) => e.user === user).at(-1)!;
}

async function one(conn: mysql.Connection, sql: string): Promise<unknown> {
  const [rows] = await conn.query<mysql.RowDataPacket[]>(sql);
  return Object.values(rows[0]!)[0];
}

/** Logs in, runs SELECT CURRENT_USER(), disconnects; returns the auth event of that login. */
async function login(em: TestEmulator, user: string, password: string): Promise<LogRecord> {
  const conn = await connect(em, user, password);
  expect(await one(conn, 'SELECT CURRENT_USER()')).toBe(`${user}@%`);
  await conn.end();
  return lastAuth(em, user);
}

async function userAttributes(em: TestEmulator, user: string): Promise<unknown> {
  const r = await em.sql(`SELECT User_attributes FROM mysql.user WHERE user = '${user}'`);
  return r.rows[0]!.User_attributes;
}

async function authString(em: TestEmulator, user: string): Promise<string> {
  const r = await em.sql(`SELECT authentication_string FROM mysql.user WHERE user = '${user}'`);
  const v = r.rows[0]!.authentication_string;
  return Buffer.isBuffer(v) ? v.toString('latin1') : String(v);
}

async function sqlError(em: TestEmulator, sql: string): Promise<{ code: number; message: string }> {
  try {
    await em.sql(sql);
  } catch (err) {
    const e = err as { code: number; message: string };
    return { code: e.code, message: e.message };
  }
  throw new Error(`no error from: ${sql}`);
}

describe('rotation rehearsal, mysql-8.4 (caching_sha2_password)', () => {
  let em: TestEmulator;
  beforeAll(async () => {
    em = await startTestEmulator();
    await em.sql("CREATE USER 'app'@'%' IDENTIFIED BY 'old-pw'");
  });
  afterAll(() => em.close());

  it('open app connections survive RETAIN and DISCARD; both passwords work (full, then fast); the old one is refused after DISCARD', async () => {
    // Three application connections on the old password: the first does full auth over RSA, the others the fast path.
    const pool = [await connect(em, 'app', 'old-pw')];
    expect(lastAuth(em, 'app')).toMatchObject({ path: 'full-rsa', outcome: 'ok' });
    pool.push(await connect(em, 'app', 'old-pw'), await connect(em, 'app', 'old-pw'));
    expect(lastAuth(em, 'app')).toMatchObject({ path: 'fast', outcome: 'ok' });
    expect(lastAuth(em, 'app').secondaryPassword).toBeUndefined();
    const oldHash = await authString(em, 'app');
    expect(await userAttributes(em, 'app')).toBeNull();

    await em.sql("ALTER USER 'app'@'%' IDENTIFIED BY 'new-pw' RETAIN CURRENT PASSWORD");
    // MySQL's JSON text: ": " after the key; the binary salt's control characters escaped as JSON does.
    expect(await userAttributes(em, 'app')).toBe(`{"additional_password": ${JSON.stringify(oldHash)}}`);
    for (const conn of pool) expect(await one(conn, 'SELECT 1')).toBe(1);

    // The change cleared the cache: each password takes the full path once, then the fast path.
    expect(await login(em, 'app', 'old-pw')).toMatchObject({ path: 'full-rsa', secondaryPassword: true, outcome: 'ok' });
    expect(await login(em, 'app', 'old-pw')).toMatchObject({ path: 'fast', secondaryPassword: true, outcome: 'ok' });
    const primaryFull = await login(em, 'app', 'new-pw');
    expect(primaryFull).toMatchObject({ path: 'full-rsa', outcome: 'ok' });
    expect(primaryFull.secondaryPassword).toBeUndefined();
    const primaryFast = await login(em, 'app', 'new-pw');
    expect(primaryFast).toMatchObject({ path: 'fast', outcome: 'ok' });
    expect(primaryFast.secondaryPassword).toBeUndefined();

    await em.sql("ALTER USER 'app'@'%' DISCARD OLD PASSWORD");
    expect(await userAttributes(em, 'app')).toBeNull();
    // The old password's digest was cached; DISCARD must have dropped it with the rest of the entry.
    await expect(connect(em, 'app', 'old-pw')).rejects.toMatchObject({
      errno: 1045,
      sqlState: '28000',
      sqlMessage: "Access denied for user 'app'@'localhost' (using password: YES)",
    });
    expect(lastAuth(em, 'app')).toMatchObject({ path: 'full-rsa', code: 1045 });
    expect(await login(em, 'app', 'new-pw')).toMatchObject({ path: 'full-rsa', outcome: 'ok' });
    for (const conn of pool) {
      expect(await one(conn, 'SELECT CURRENT_USER()')).toBe('app@%');
      await conn.end();
    }
  });

  it('a new password without RETAIN keeps the existing secondary (multiple_passwords.inc)', async () => {
    await em.sql("CREATE USER 'keep'@'%' IDENTIFIED BY 'abcd'");
    await em.sql("ALTER USER 'keep'@'%' IDENTIFIED BY 'ijkl' RETAIN CURRENT PASSWORD");
    await em.sql("ALTER USER 'keep'@'%' IDENTIFIED BY 'mnop'");
    expect(await login(em, 'keep', 'abcd')).toMatchObject({ secondaryPassword: true });
    expect(await login(em, 'keep', 'mnop')).toMatchObject({ outcome: 'ok' });
    await expect(connect(em, 'keep', 'ijkl')).rejects.toMatchObject({ errno: 1045 });
    // SET PASSWORD ... RETAIN replaces the secondary with the current primary.
    await em.sql("SET PASSWORD FOR 'keep'@'%' = 'qrst' RETAIN CURRENT PASSWORD");
    expect(await login(em, 'keep', 'mnop')).toMatchObject({ secondaryPassword: true });
    await expect(connect(em, 'keep', 'abcd')).rejects.toMatchObject({ errno: 1045 });
  });

  it('a plugin change drops the secondary; RETAIN with a plugin change is 3894', async () => {
    await em.sql("CREATE USER 'plug'@'%' IDENTIFIED BY 'one'");
    await em.sql("ALTER USER 'plug'@'%' IDENTIFIED BY 'two' RETAIN CURRENT PASSWORD");
    expect(await sqlError(em, "ALTER USER 'plug'@'%' IDENTIFIED WITH sha256_password BY 'three' RETAIN CURRENT PASSWORD")).toEqual({
      code: 3894,
      message: "Current password can not be retained for user 'plug'@'%' because authentication plugin is being changed.",
    });
    expect(await userAttributes(em, 'plug')).not.toBeNull();
    await em.sql("ALTER USER 'plug'@'%' IDENTIFIED WITH sha256_password BY 'three'");
    expect(await userAttributes(em, 'plug')).toBeNull();
    await expect(connect(em, 'plug', 'one')).rejects.toMatchObject({ errno: 1045 });
    await expect(connect(em, 'plug', 'two')).rejects.toMatchObject({ errno: 1045 });
  });

  it('empty passwords: 3895 for an empty new password with RETAIN, 3878 for an empty current one; an empty new password drops the secondary', async () => {
    await em.sql("CREATE USER 'empty'@'%' IDENTIFIED BY 'one'");
    await em.sql("ALTER USER 'empty'@'%' IDENTIFIED BY 'two' RETAIN CURRENT PASSWORD");
    expect(await sqlError(em, "ALTER USER 'empty'@'%' IDENTIFIED BY '' RETAIN CURRENT PASSWORD")).toEqual({
      code: 3895,
      message: "Current password can not be retained for user 'empty'@'%' because new password is empty.",
    });
    await em.sql("ALTER USER 'empty'@'%' IDENTIFIED BY ''");
    expect(await userAttributes(em, 'empty')).toBeNull();
    await expect(connect(em, 'empty', 'one')).rejects.toMatchObject({ errno: 1045 });
    expect(await sqlError(em, "ALTER USER 'empty'@'%' IDENTIFIED BY 'three' RETAIN CURRENT PASSWORD")).toEqual({
      code: 3878,
      message: "Empty password can not be retained as second password for user 'empty'@'%'.",
    });
    expect(await sqlError(em, "SET PASSWORD FOR 'empty'@'%' = 'three' RETAIN CURRENT PASSWORD")).toMatchObject({ code: 3878 });
  });

  it('CREATE USER ... RETAIN CURRENT PASSWORD is a syntax error', async () => {
    const conn = await connect(em, 'root', '');
    await expect(conn.query("CREATE USER 'x'@'%' IDENTIFIED BY 'p' RETAIN CURRENT PASSWORD")).rejects.toMatchObject({
      errno: 1064,
      sqlState: '42000',
      sqlMessage:
        "You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use near 'RETAIN CURRENT PASSWORD' at line 1",
    });
    await conn.end();
  });

  it('RETAIN and DISCARD on one\'s own account need APPLICATION_PASSWORD_ADMIN (1227); ALTER USER USER() works with it', async () => {
    await em.sql("CREATE USER 'self'@'%' IDENTIFIED BY 'abcd'");
    const conn = await connect(em, 'self', 'abcd');
    const denied = {
      errno: 1227,
      sqlState: '42000',
      sqlMessage: 'Access denied; you need (at least one of) the CREATE USER or APPLICATION_PASSWORD_ADMIN privilege(s) for this operation',
    };
    await expect(conn.query("ALTER USER USER() IDENTIFIED BY 'efgh' RETAIN CURRENT PASSWORD")).rejects.toMatchObject(denied);
    await expect(conn.query("SET PASSWORD = 'efgh' RETAIN CURRENT PASSWORD")).rejects.toMatchObject(denied);
    await expect(conn.query('ALTER USER USER() DISCARD OLD PASSWORD')).rejects.toMatchObject(denied);
    await conn.end();

    await em.sql("GRANT APPLICATION_PASSWORD_ADMIN ON *.* TO 'self'@'%'");
    const again = await connect(em, 'self', 'abcd');
    await again.query("ALTER USER USER() IDENTIFIED BY 'efgh' RETAIN CURRENT PASSWORD");
    await again.end();
    expect(await login(em, 'self', 'efgh')).toMatchObject({ outcome: 'ok' });
    const viaOld = await connect(em, 'self', 'abcd');
    expect(lastAuth(em, 'self')).toMatchObject({ secondaryPassword: true });
    await viaOld.query('ALTER USER USER() DISCARD OLD PASSWORD');
    await viaOld.end();
    await expect(connect(em, 'self', 'abcd')).rejects.toMatchObject({ errno: 1045 });
    expect(await login(em, 'self', 'efgh')).toMatchObject({ outcome: 'ok' });
  });

  it('an expired account is expired whichever password is used: 1862 without bit 22, the sandbox with it', async () => {
    await em.sql("CREATE USER 'exp'@'%' IDENTIFIED BY 'abcd'");
    await em.sql("ALTER USER 'exp'@'%' IDENTIFIED BY 'efgh' RETAIN CURRENT PASSWORD");
    await em.sql("ALTER USER 'exp'@'%' PASSWORD EXPIRE");
    for (const [password, secondary] of [['abcd', true], ['efgh', undefined]] as const) {
      await expect(connect(em, 'exp', password)).rejects.toMatchObject({ errno: 1862 });
      expect(lastAuth(em, 'exp')).toMatchObject({ expired: 'manual', code: 1862 });
      expect(lastAuth(em, 'exp').secondaryPassword).toBe(secondary);
      const sandboxed = await connect(em, 'exp', password, { flags: ['CAN_HANDLE_EXPIRED_PASSWORDS'] });
      expect(lastAuth(em, 'exp')).toMatchObject({ outcome: 'sandbox' });
      await expect(sandboxed.query('SELECT 1')).rejects.toMatchObject({ errno: 1820 });
      await sandboxed.end();
    }
  });
});

describe('REPLACE and PASSWORD REQUIRE CURRENT (password_require_current.result)', () => {
  let em: TestEmulator;
  beforeAll(async () => {
    em = await startTestEmulator();
    await em.sql("CREATE USER 'np'@'%' IDENTIFIED BY 'pwd1', 'priv'@'%' IDENTIFIED BY 'pwd2'");
    await em.sql("GRANT UPDATE ON mysql.* TO 'priv'@'%' WITH GRANT OPTION");
  });
  afterAll(() => em.close());

  const MSG_3891 = 'Incorrect current password. Specify the correct password which has to be replaced.';
  const MSG_3892 = 'Current password needs to be specified in the REPLACE clause in order to change it.';
  const MSG_3893 = 'Do not specify the current password while changing it for other users.';

  it('the globals default to 0/OFF', async () => {
    const conn = await connect(em, 'root', '');
    const [rows] = await conn.query<mysql.RowDataPacket[]>(
      'SELECT @@global.password_history AS h, @@global.password_reuse_interval AS i, @@global.password_require_current AS c',
    );
    expect(rows[0]).toEqual({ h: 0, i: 0, c: 0 });
    await conn.end();
  });

  it('a wrong REPLACE is 3891 even when optional; REPLACE for another account is 3893, even for root', async () => {
    const np = await connect(em, 'np', 'pwd1');
    await expect(np.query("SET PASSWORD = 'pwd2' REPLACE ''")).rejects.toMatchObject({ errno: 3891, sqlState: 'HY000', sqlMessage: MSG_3891 });
    await expect(np.query("ALTER USER USER() IDENTIFIED BY 'pwd2' REPLACE 'nope'")).rejects.toMatchObject({ errno: 3891 });
    await np.query("ALTER USER USER() IDENTIFIED BY 'pwd2' REPLACE 'pwd1'");
    await np.query("SET PASSWORD = 'pwd1' REPLACE 'pwd2'");
    await np.end();
    expect(await sqlError(em, "SET PASSWORD FOR 'np'@'%' = 'pwd2' REPLACE 'pwd1'")).toEqual({ code: 3893, message: MSG_3893 });
    expect(await sqlError(em, "ALTER USER 'np'@'%' IDENTIFIED BY 'pwd2' REPLACE ''")).toEqual({ code: 3893, message: MSG_3893 });
  });

  it('password_require_current=ON: unprivileged users need REPLACE (3892); UPDATE on mysql.* exempts', async () => {
    await em.sql('SET GLOBAL password_require_current = ON');
    try {
      const np = await connect(em, 'np', 'pwd1');
      await expect(np.query("SET PASSWORD = 'pwd2'")).rejects.toMatchObject({ errno: 3892, sqlMessage: MSG_3892 });
      await expect(np.query("ALTER USER USER() IDENTIFIED BY 'pwd2'")).rejects.toMatchObject({ errno: 3892 });
      await np.query("ALTER USER USER() IDENTIFIED BY 'pwd2' REPLACE 'pwd1'");
      await np.end();

      const priv = await connect(em, 'priv', 'pwd2');
      await priv.query("SET PASSWORD = 'pwd1'");
      await priv.query("ALTER USER priv IDENTIFIED BY 'pwd2'");
      await expect(priv.query("SET PASSWORD = 'pwd1' REPLACE 'wrong'")).rejects.toMatchObject({ errno: 3891 });
      await expect(priv.query("SET PASSWORD FOR np = 'x' REPLACE 'pwd2'")).rejects.toMatchObject({ errno: 3893 });
      await priv.end();

      // PASSWORD REQUIRE CURRENT OPTIONAL overrides the global.
      await em.sql("ALTER USER 'np'@'%' PASSWORD REQUIRE CURRENT OPTIONAL");
      const optional = await connect(em, 'np', 'pwd2');
      await optional.query("SET PASSWORD = 'pwd1'");
      await optional.end();
    } finally {
      await em.sql('SET GLOBAL password_require_current = OFF');
    }
    // PASSWORD REQUIRE CURRENT requires it with the global OFF; DEFAULT follows the global (OFF).
    await em.sql("ALTER USER 'np'@'%' PASSWORD REQUIRE CURRENT");
    const np = await connect(em, 'np', 'pwd1');
    await expect(np.query("SET PASSWORD = 'pwd2'")).rejects.toMatchObject({ errno: 3892 });
    await em.sql("ALTER USER 'np'@'%' PASSWORD REQUIRE CURRENT DEFAULT");
    await np.query("SET PASSWORD = 'pwd2'");
    await np.end();
  });

  it('password history: 3638 names the account in one pair of quotes; empty passwords are never recorded', async () => {
    await em.sql("CREATE USER 'hist'@'%' IDENTIFIED BY 'h1' PASSWORD HISTORY 2");
    await em.sql("ALTER USER 'hist'@'%' IDENTIFIED BY 'h2'");
    expect(await sqlError(em, "ALTER USER 'hist'@'%' IDENTIFIED BY 'h1'")).toEqual({
      code: 3638,
      message: "Cannot use these credentials for 'hist@%' because they contradict the password history policy",
    });
    // RETAIN is no way around the history.
    expect(await sqlError(em, "ALTER USER 'hist'@'%' IDENTIFIED BY 'h2' RETAIN CURRENT PASSWORD")).toMatchObject({ code: 3638 });
    const count = async () =>
      Number((await em.sql("SELECT COUNT(*) AS n FROM mysql.password_history WHERE User = 'hist'")).rows[0]!.n);
    expect(await count()).toBe(2);
    await em.sql("ALTER USER 'hist'@'%' IDENTIFIED BY ''");
    await em.sql("ALTER USER 'hist'@'%' IDENTIFIED BY ''");
    expect(await count()).toBe(2);
    await em.sql("ALTER USER 'hist'@'%' IDENTIFIED BY 'h3'");
    expect(await count()).toBe(2);
  });
});

describe.skipIf(!cli.available)('rotation with the mariadb CLI', () => {
  let em: TestEmulator;
  beforeAll(async () => {
    em = await startTestEmulator();
    await em.sql("CREATE USER 'cli'@'%' IDENTIFIED BY 'old-pw'");
  });
  afterAll(() => em.close());

  it('both passwords during the rotation, 1045 for the old one after DISCARD', async () => {
    const run = (password: string) => mariadb(em.port, ['-ucli', `-p${password}`, '--skip-ssl', '-e', 'SELECT CURRENT_USER()']);
    expect((await run('old-pw')).stdout).toBe('CURRENT_USER()\ncli@%\n');
    await em.sql("ALTER USER 'cli'@'%' IDENTIFIED BY 'new-pw' RETAIN CURRENT PASSWORD");
    for (const password of ['old-pw', 'new-pw', 'old-pw']) {
      const r = await run(password);
      expect(r.stderr).toBe('');
      expect(r.stdout).toBe('CURRENT_USER()\ncli@%\n');
    }
    expect(lastAuth(em, 'cli')).toMatchObject({ path: 'fast', secondaryPassword: true });
    await em.sql("ALTER USER 'cli'@'%' DISCARD OLD PASSWORD");
    const refused = await run('old-pw');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("ERROR 1045 (28000): Access denied for user 'cli'@'localhost' (using password: YES)");
    expect((await run('new-pw')).stdout).toBe('CURRENT_USER()\ncli@%\n');
  });
});

describe.skipIf(!pymysql.available)('rotation with PyMySQL', () => {
  let em: TestEmulator;
  beforeAll(async () => {
    em = await startTestEmulator();
    await em.sql("CREATE USER 'py'@'%' IDENTIFIED BY 'old-pw'");
  });
  afterAll(() => em.close());

  const run = (password: string) =>
    runDriver('pymysql', { host: em.host, port: em.port, user: 'py', password, canHandleExpired: false, statements: ['SELECT CURRENT_USER() AS u'] });

  it('logs in with either password, then only with the new one', async () => {
    await em.sql("ALTER USER 'py'@'%' IDENTIFIED BY 'new-pw' RETAIN CURRENT PASSWORD");
    for (const password of ['old-pw', 'new-pw']) {
      const r = await run(password);
      expect(r.connect).toEqual({ ok: true });
      expect(r.statements).toEqual([{ sql: 'SELECT CURRENT_USER() AS u', ok: true, rows: [{ u: 'py@%' }] }]);
    }
    await em.sql("ALTER USER 'py'@'%' DISCARD OLD PASSWORD");
    expect((await run('old-pw')).connect).toEqual({
      ok: false,
      code: 1045,
      message: "Access denied for user 'py'@'localhost' (using password: YES)",
    });
    expect((await run('new-pw')).connect).toEqual({ ok: true });
  });
});

describe('MariaDB profile: no dual passwords', () => {
  let em: TestEmulator;
  beforeAll(async () => {
    em = await startTestEmulator({ profile: 'mariadb-10.11' });
    await em.sql("CREATE USER 'm'@'%' IDENTIFIED BY 'pw'");
  });
  afterAll(() => em.close());

  it('RETAIN CURRENT PASSWORD and DISCARD OLD PASSWORD are 1064', async () => {
    const conn = await connect(em, 'root', '');
    const near = (text: string) =>
      `You have an error in your SQL syntax; check the manual that corresponds to your MariaDB server version for the right syntax to use near '${text}' at line 1`;
    await expect(conn.query("ALTER USER 'm'@'%' IDENTIFIED BY 'x' RETAIN CURRENT PASSWORD")).rejects.toMatchObject({
      errno: 1064,
      sqlMessage: near('RETAIN CURRENT PASSWORD'),
    });
    await expect(conn.query("SET PASSWORD FOR 'm'@'%' = PASSWORD('x') RETAIN CURRENT PASSWORD")).rejects.toMatchObject({
      errno: 1064,
      sqlMessage: near('RETAIN CURRENT PASSWORD'),
    });
    await expect(conn.query("ALTER USER 'm'@'%' DISCARD OLD PASSWORD")).rejects.toMatchObject({ errno: 1064 });
    await conn.end();
  });
});

describe('OceanBase 4.4: the dual-password guide, verbatim', () => {
  let em: TestEmulator;
  beforeAll(async () => {
    em = await startTestEmulator({ profile: 'oceanbase-4.4' });
    await em.sql("CREATE USER 'appuser'@'%' IDENTIFIED BY 'OldPass'");
  });
  afterAll(() => em.close());

  const VIEW = "SELECT USER_NAME, HOST, PASSWD, OLD_PASSWORD, OLD_PASSWORD_START_TIME FROM oceanbase.DBA_OB_USERS WHERE USER_NAME = 'appuser'";

  it('SHOW DATABASES lists the oceanbase schema', async () => {
    const conn = await connect(em, 'root', '');
    const [rows] = await conn.query<mysql.RowDataPacket[]>('SHOW DATABASES');
    expect(rows.map((r) => r.Database)).toContain('oceanbase');
    await conn.end();
  });

  it('ALTER USER ... RETAIN, SET PASSWORD ... = PASSWORD() RETAIN, DISCARD; DBA_OB_USERS before and after', async () => {
    const root = await connect(em, 'root', '');
    const app = await connect(em, 'appuser', 'OldPass');
    expect(lastAuth(em, 'appuser')).toMatchObject({ plugin: 'mysql_native_password', outcome: 'ok' });
    const [before] = await root.query<mysql.RowDataPacket[]>(VIEW);
    expect(before).toEqual([
      { USER_NAME: 'appuser', HOST: '%', PASSWD: expect.stringMatching(/^\*[0-9a-f]{40}$/), OLD_PASSWORD: null, OLD_PASSWORD_START_TIME: null },
    ]);
    const oldPasswd = before[0]!.PASSWD as string;

    // The guide's first example.
    const t0 = em.clock.now();
    await root.query("ALTER USER 'appuser'@'%' IDENTIFIED BY 'NewPass' RETAIN CURRENT PASSWORD;");
    const [during] = await root.query<mysql.RowDataPacket[]>(VIEW);
    expect(during[0]).toMatchObject({ OLD_PASSWORD: oldPasswd });
    // Microseconds since the epoch, as __all_user keeps it.
    const since = Number(during[0]!.OLD_PASSWORD_START_TIME);
    expect(since).toBeGreaterThanOrEqual(t0 * 1000);
    expect(since).toBeLessThanOrEqual(em.clock.now() * 1000);
    expect(during[0]!.PASSWD).not.toBe(oldPasswd);
    const [attrs] = await root.query<mysql.RowDataPacket[]>("SELECT User_attributes FROM mysql.user WHERE User = 'appuser'");
    // mysql2 parses the JSON column.
    expect(attrs[0]!.User_attributes).toEqual({ additional_password: expect.stringMatching(/^\*[0-9A-Fa-f]{40}$/) });

    for (const password of ['OldPass', 'NewPass']) {
      const conn = await connect(em, 'appuser', password);
      expect(await one(conn, 'SELECT CURRENT_USER()')).toBe('appuser@%');
      await conn.end();
    }

    // The guide's equivalent SET PASSWORD form (the old password becomes NewPass).
    await root.query("SET PASSWORD FOR 'appuser'@'%' = PASSWORD('NewPass') RETAIN CURRENT PASSWORD;");
    const [afterSet] = await root.query<mysql.RowDataPacket[]>(VIEW);
    expect(afterSet[0]!.OLD_PASSWORD).toBe(during[0]!.PASSWD);
    const [warnings] = await root.query<mysql.RowDataPacket[]>('SHOW WARNINGS');
    expect(warnings).toEqual([]);

    await root.query("ALTER USER 'appuser'@'%' DISCARD OLD PASSWORD;");
    const [after] = await root.query<mysql.RowDataPacket[]>(VIEW);
    expect(after[0]).toMatchObject({ OLD_PASSWORD: null, OLD_PASSWORD_START_TIME: null });
    await expect(connect(em, 'appuser', 'OldPass')).rejects.toMatchObject({ errno: 1045 });
    expect(await one(app, 'SELECT 1')).toBe(1);
    await app.end();
    await root.end();
  });
});
