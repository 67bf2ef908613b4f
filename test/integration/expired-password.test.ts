/**
 * Expired passwords with mysql2, as MySQL decides them: 1862 or the sandbox,
 * by capability bit 22 and disconnect_on_expired_password; the sandbox gate;
 * the reset that ends it; lifetime expiry driven by the clock.
 */
import mysql from 'mysql2/promise';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../src/index.js';
import { startTestEmulator } from '../helpers/emulator.js';

type TestEmulator = Awaited<ReturnType<typeof startTestEmulator>>;

const MSG_1862 = 'Your password has expired. To log in you must change it using a client that supports expired passwords.';
const MSG_1820 = 'You must reset your password using ALTER USER statement before executing this statement.';

function connect(em: TestEmulator, user: string, password: string, canHandleExpired: boolean) {
  return mysql.createConnection({
    host: em.host,
    port: em.port,
    user,
    password,
    flags: canHandleExpired ? ['CAN_HANDLE_EXPIRED_PASSWORDS'] : [],
  });
}

const open: mysql.Connection[] = [];
async function track(p: Promise<mysql.Connection>): Promise<mysql.Connection> {
  const c = await p;
  open.push(c);
  return c;
}
afterEach(async () => {
  for (const c of open.splice(0)) await c.end().catch(() => undefined);
});

describe('mysql-8.4: the login decision (bit 22 x disconnect_on_expired_password)', () => {
  let em: TestEmulator;
  beforeAll(async () => {
    em = await startTestEmulator({ rootPassword: 'rootpw' });
    await em.sql('CREATE DATABASE projectdb');
  });
  afterAll(() => em.close());

  it('without bit 22 and the variable ON: ERROR 1862 after the password was verified, then close', async () => {
    await em.sql("CREATE USER 'e1'@'%' IDENTIFIED BY 'TempPass123!' PASSWORD EXPIRE");
    await expect(connect(em, 'e1', 'TempPass123!', false)).rejects.toMatchObject({
      errno: 1862,
      sqlState: 'HY000',
      sqlMessage: MSG_1862,
    });
    expect(em.authEvents().at(-1)).toMatchObject({ canHandleExpired: false, disconnectOnExpiredPassword: true, expired: 'manual', code: 1862 });
  });

  it('a wrong password on an expired account still gets 1045', async () => {
    await em.sql("CREATE USER 'e2'@'%' IDENTIFIED BY 'TempPass123!' PASSWORD EXPIRE");
    await expect(connect(em, 'e2', 'nope', true)).rejects.toMatchObject({ errno: 1045 });
  });

  it('with bit 22: a plain OK and a sandbox where only the password reset runs', async () => {
    await em.sql("CREATE USER 'john.doe'@'%' IDENTIFIED BY 'TempPass123!' PASSWORD EXPIRE");
    await em.sql("GRANT SELECT, INSERT, UPDATE, DELETE ON projectdb.* TO 'john.doe'@'%'");
    const conn = await track(connect(em, 'john.doe', 'TempPass123!', true));
    expect(em.authEvents().at(-1)).toMatchObject({ outcome: 'sandbox', expired: 'manual', canHandleExpired: true });
    for (const sql of ['SELECT 1', 'SHOW DATABASES', 'SET NAMES utf8mb4', 'SET @x = 1', 'USE projectdb']) {
      await expect(conn.query(sql), sql).rejects.toMatchObject({ errno: 1820, sqlState: 'HY000', sqlMessage: MSG_1820 });
    }
    // Syntax errors are still syntax errors.
    await expect(conn.query('SELEC 1')).rejects.toMatchObject({ errno: 1064 });
    // COM_PING is served; COM_CHANGE_USER is refused.
    await conn.ping();
    // Without CREATE USER, altering another account fails on privileges first (1227), as in MySQL.
    await expect(conn.query("ALTER USER 'root'@'localhost' IDENTIFIED BY 'x'")).rejects.toMatchObject({ errno: 1227 });
    await conn.query("ALTER USER USER() IDENTIFIED BY 'NewSecurePass456!'");
    const [who] = await conn.query<mysql.RowDataPacket[]>('SELECT USER() AS u, CURRENT_USER() AS c');
    expect(who[0]).toEqual({ u: 'john.doe@localhost', c: 'john.doe@%' });
    const [dbs] = await conn.query<mysql.RowDataPacket[]>('SHOW DATABASES');
    expect(dbs.map((r) => r.Database)).toContain('projectdb');
    expect(dbs.map((r) => r.Database)).not.toContain('mysql');
    const [row] = await em.sql("SELECT password_expired FROM mysql.user WHERE user = 'john.doe'").then((r) => [r.rows]);
    expect(row).toEqual([{ password_expired: 'N' }]);
    await expect(connect(em, 'john.doe', 'TempPass123!', true)).rejects.toMatchObject({ errno: 1045 });
    const again = await track(connect(em, 'john.doe', 'NewSecurePass456!', false));
    await again.query('SELECT 1');
    // Every refusal is logged with its statement, and no password reaches the log.
    expect(em.logs.filter((l) => l.event === 'sandbox').map((l) => l.statement)).toContain('SHOW DATABASES');
    expect(em.logs.some((l) => l.event === 'query' && String(l.sql).includes("IDENTIFIED BY '<secret>'"))).toBe(true);
    const logText = JSON.stringify(em.logs);
    expect(logText).not.toContain('NewSecurePass456!');
    expect(logText).not.toContain('TempPass123!');
  });

  it('SET PASSWORD = ... also ends the sandbox, and changing another account from it gets 1820', async () => {
    await em.sql("CREATE USER 'e3'@'%' IDENTIFIED BY 'TempPass123!' PASSWORD EXPIRE");
    const conn = await track(connect(em, 'e3', 'TempPass123!', true));
    await expect(conn.query("SET PASSWORD FOR 'root'@'localhost' = 'x'")).rejects.toMatchObject({ errno: 1820 });
    await conn.query("SET PASSWORD = 'Another1!'");
    await conn.query('SELECT 1');
  });

  it('COM_CHANGE_USER is refused with 1820 in the sandbox', async () => {
    await em.sql("CREATE USER 'e4'@'%' IDENTIFIED BY 'TempPass123!' PASSWORD EXPIRE");
    const conn = await track(connect(em, 'e4', 'TempPass123!', true));
    await expect(conn.changeUser({ user: 'root', password: 'rootpw' })).rejects.toMatchObject({ errno: 1820 });
  });

  it("an admin's PASSWORD EXPIRE leaves open sessions alone; ALTER USER USER() PASSWORD EXPIRE sandboxes at once", async () => {
    await em.sql("CREATE USER 'e5'@'%' IDENTIFIED BY 'Pass123!'");
    await em.sql("GRANT CREATE USER ON *.* TO 'e5'@'%'"); // ALTER USER ... PASSWORD EXPIRE needs it, even on oneself
    const conn = await track(connect(em, 'e5', 'Pass123!', false));
    await em.sql("ALTER USER 'e5'@'%' PASSWORD EXPIRE");
    await conn.query('SELECT 1');
    await expect(connect(em, 'e5', 'Pass123!', false)).rejects.toMatchObject({ errno: 1862 });
    await em.sql("ALTER USER 'e5'@'%' IDENTIFIED BY 'Pass456!'");
    const other = await track(connect(em, 'e5', 'Pass456!', false));
    await other.query('ALTER USER USER() PASSWORD EXPIRE');
    await expect(other.query('SELECT 1')).rejects.toMatchObject({ errno: 1820 });
    // A privileged account in the sandbox still may not change another account.
    await expect(other.query("ALTER USER 'root'@'localhost' ACCOUNT LOCK")).rejects.toMatchObject({ errno: 1820 });
  });

  it('after a caching_sha2 fast auth (01 03) the 1862 replaces the final OK', async () => {
    await em.sql("CREATE USER 'fast'@'%' IDENTIFIED BY 'Pass123!'");
    const conn = await track(connect(em, 'fast', 'Pass123!', false)); // full auth fills the cache
    await conn.end();
    await em.sql("ALTER USER 'fast'@'%' PASSWORD EXPIRE");
    await expect(connect(em, 'fast', 'Pass123!', false)).rejects.toMatchObject({ errno: 1862 });
    expect(em.authEvents().at(-1)).toMatchObject({ path: 'fast', code: 1862 });
  });

  it('prepared statements are filtered per statement in the sandbox (8.x)', async () => {
    await em.sql("CREATE USER 'ps'@'%' IDENTIFIED BY 'TempPass123!' PASSWORD EXPIRE");
    const conn = await track(connect(em, 'ps', 'TempPass123!', true));
    await expect(conn.execute('SELECT ? AS x', [1])).rejects.toMatchObject({ errno: 1820 });
    await conn.execute("ALTER USER USER() IDENTIFIED BY 'NewPass-1!'");
    const [rows] = await conn.execute<mysql.RowDataPacket[]>('SELECT ? AS x', [1]);
    expect(rows).toEqual([{ x: 1 }]);
  });

  it('moving the clock from SQL needs SYSTEM_VARIABLES_ADMIN', async () => {
    await em.sql("CREATE USER 'plain'@'%' IDENTIFIED BY 'Pass123!'");
    const conn = await track(connect(em, 'plain', 'Pass123!', false));
    await expect(conn.query("SET GLOBAL emulator_time_offset = '91 DAY'")).rejects.toMatchObject({
      errno: 1227,
      sqlMessage: 'Access denied; you need (at least one of) the SUPER or SYSTEM_VARIABLES_ADMIN privilege(s) for this operation',
    });
  });

  it('disconnect_on_expired_password is read-only at run time', async () => {
    const root = await track(connect(em, 'root', 'rootpw', false));
    await expect(root.query('SET GLOBAL disconnect_on_expired_password = OFF')).rejects.toMatchObject({
      errno: 1238,
      sqlMessage: "Variable 'disconnect_on_expired_password' is a read only variable",
    });
  });
});

describe('mysql-8.4 with --disconnect-on-expired-password=OFF', () => {
  let em: TestEmulator;
  beforeAll(async () => {
    em = await startTestEmulator({ variables: { disconnect_on_expired_password: 'OFF' } });
    await em.sql("CREATE USER 'e'@'%' IDENTIFIED BY 'TempPass123!' PASSWORD EXPIRE");
  });
  afterAll(() => em.close());

  it('a client without bit 22 gets the sandbox instead of 1862', async () => {
    const conn = await track(connect(em, 'e', 'TempPass123!', false));
    expect(em.authEvents().at(-1)).toMatchObject({ outcome: 'sandbox', canHandleExpired: false, disconnectOnExpiredPassword: false });
    await expect(conn.query('SELECT 1')).rejects.toMatchObject({ errno: 1820 });
  });
});

describe('lifetime expiry on the injected clock', () => {
  let em: TestEmulator;
  beforeAll(async () => {
    em = await startTestEmulator({ rootPassword: 'rootpw' });
  });
  afterAll(() => em.close());

  it('PASSWORD EXPIRE INTERVAL 90 DAY: fine at 89 days, expired at 91 (moved from SQL)', async () => {
    await em.sql("CREATE USER 'aging'@'%' IDENTIFIED BY 'Pass123!' PASSWORD EXPIRE INTERVAL 90 DAY");
    em.clock.advance(89 * DAY_MS);
    // The API clock and the SQL variable are one setting.
    expect((await em.sql('SELECT @@global.emulator_time_offset AS o')).rows).toEqual([{ o: '89 DAY' }]);
    const fine = await track(connect(em, 'aging', 'Pass123!', false));
    // 91 days reads as the docs write it (13 whole weeks were shown as '13 WEEK').
    em.clock.advance(2 * DAY_MS);
    expect((await em.sql('SELECT @@global.emulator_time_offset AS o')).rows).toEqual([{ o: '91 DAY' }]);
    await em.sql("SET GLOBAL emulator_time_offset = '91 DAY'");
    await fine.query('SELECT 1'); // open sessions never expire by time
    await expect(connect(em, 'aging', 'Pass123!', false)).rejects.toMatchObject({ errno: 1862 });
    expect(em.authEvents().at(-1)).toMatchObject({ expired: 'lifetime' });
    await em.sql("SET GLOBAL emulator_time_offset = '0'");
  });

  it('default_password_lifetime applies to PASSWORD EXPIRE DEFAULT accounts; NEVER is exempt', async () => {
    await em.sql("CREATE USER 'dflt'@'%' IDENTIFIED BY 'Pass123!'");
    await em.sql("CREATE USER 'never'@'%' IDENTIFIED BY 'Pass123!' PASSWORD EXPIRE NEVER");
    await em.sql('SET GLOBAL default_password_lifetime = 30');
    em.clock.advance(31 * DAY_MS);
    await expect(connect(em, 'dflt', 'Pass123!', false)).rejects.toMatchObject({ errno: 1862 });
    await track(connect(em, 'never', 'Pass123!', false));
    await em.sql('SET GLOBAL default_password_lifetime = 0');
    await track(connect(em, 'dflt', 'Pass123!', false));
  });
});

describe('mariadb-10.11 profile', () => {
  let em: TestEmulator;
  beforeAll(async () => {
    em = await startTestEmulator({ profile: 'mariadb-10.11', rootPassword: 'rootpw' });
    await em.sql("CREATE USER 'm'@'%' IDENTIFIED BY 'TempPass123!' PASSWORD EXPIRE");
  });
  afterAll(() => em.close());

  it('defaults disconnect_on_expired_password to OFF: sandbox with MariaDB\'s 1820 text and rules', async () => {
    const conn = await track(connect(em, 'm', 'TempPass123!', false));
    await expect(conn.query('SELECT 1')).rejects.toMatchObject({
      errno: 1820,
      sqlMessage: 'You must SET PASSWORD before executing this statement',
    });
    await conn.query('SET @x = 1');
    await expect(conn.query("ALTER USER CURRENT_USER() IDENTIFIED BY 'New1!'")).rejects.toMatchObject({ errno: 1820 });
    await expect(conn.query("SET PASSWORD = 'x'")).rejects.toMatchObject({ errno: 1372 });
    await conn.query("SET PASSWORD = PASSWORD('NewPass1!')");
    await conn.query('SELECT 1');
  });

  it('makes disconnect_on_expired_password dynamic, and 1862 has no final period', async () => {
    await em.sql("CREATE USER 'm2'@'%' IDENTIFIED BY 'TempPass123!' PASSWORD EXPIRE");
    await em.sql('SET GLOBAL disconnect_on_expired_password = ON');
    await expect(connect(em, 'm2', 'TempPass123!', false)).rejects.toMatchObject({
      errno: 1862,
      sqlMessage: MSG_1862.slice(0, -1),
    });
    await em.sql('SET GLOBAL disconnect_on_expired_password = OFF');
  });

  it('ALTER USER USER() is a syntax error', async () => {
    const root = await track(connect(em, 'root', 'rootpw', false));
    await expect(root.query("ALTER USER USER() IDENTIFIED BY 'x'")).rejects.toMatchObject({ errno: 1064 });
  });
});

describe('mysql-5.7 profile sandbox', () => {
  let em: TestEmulator;
  beforeAll(async () => {
    em = await startTestEmulator({ profile: 'mysql-5.7', variables: { disconnect_on_expired_password: 'OFF' } });
    await em.sql("CREATE USER 'old'@'%' IDENTIFIED BY 'TempPass123!' PASSWORD EXPIRE");
  });
  afterAll(() => em.close());

  it('allows every SET statement but refuses SELECT with 5.7\'s text; SET PASSWORD = PASSWORD() works', async () => {
    const conn = await track(connect(em, 'old', 'TempPass123!', false));
    await conn.query('SET NAMES utf8mb4');
    await expect(conn.query('SELECT 1')).rejects.toMatchObject({ errno: 1820, sqlMessage: MSG_1820 });
    await conn.query("SET PASSWORD = PASSWORD('NewPass1!')");
    await conn.query('SELECT 1');
  });
});
