/**
 * Failed-login tracking over real TCP with real clients.
 *
 * MySQL 8.4: FAILED_LOGIN_ATTEMPTS / PASSWORD_LOCK_TIME. The failure that
 * reaches the limit already gets 3955 (Password_locked_state::update() locks
 * and check_and_update_password_lock_state() replaces the result), and so
 * does every later attempt, right password included, until the lock time
 * (calendar days on the emulator's clock) has passed or an ALTER USER /
 * FLUSH PRIVILEGES resets it.
 *
 * MariaDB 10.11: max_password_errors. As a real MariaDB 10.11 answered
 * (shared/reference/clients.md) and MariaDB's own max_password_errors.test:
 * with the limit at 3, three wrong passwords get 1045, the 4th try gets 4150
 * even with the right password.
 */
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../src/index.js';
import { requireCommand } from '../helpers/clients.js';
import { startTestEmulator, type LogRecord } from '../helpers/emulator.js';
import { mariadb } from '../helpers/mariadb-cli.js';
import { requireDriver, runDriver } from '../helpers/run-client.js';

type TestEmulator = Awaited<ReturnType<typeof startTestEmulator>>;

const cli = requireCommand('mariadb', 'apt-get install mariadb-client');
const pymysql = requireDriver('pymysql');

/** Start the emulated clock at about noon UTC, so that whole-day moves never straddle midnight by accident. */
function noonOffset(): number {
  const now = Date.now();
  return Math.floor(now / DAY_MS) * DAY_MS + DAY_MS / 2 - now;
}

interface Outcome {
  ok: boolean;
  code?: number;
  sqlState?: string;
  message?: string;
}

/** One mysql2 login: ok, or the server's error as mysql2 reports it. */
async function login(em: TestEmulator, user: string, password: string): Promise<Outcome> {
  try {
    const conn = await mysql.createConnection({ host: '127.0.0.1', port: em.port, user, password });
    await conn.end();
    return { ok: true };
  } catch (err) {
    const e = err as { errno?: number; sqlState?: string; sqlMessage?: string; message: string };
    return { ok: false, code: e.errno, sqlState: e.sqlState, message: e.sqlMessage ?? e.message };
  }
}

const denied = (user: string): Outcome => ({
  ok: false,
  code: 1045,
  sqlState: '28000',
  message: `Access denied for user '${user}'@'localhost' (using password: YES)`,
});

const blocked = (user: string, days: string, remaining: string, count: number): Outcome => ({
  ok: false,
  code: 3955,
  sqlState: 'HY000',
  message: `Access denied for user '${user}'@'localhost'. Account is blocked for ${days} day(s) (${remaining} day(s) remaining) due to ${count} consecutive failed logins.`,
});

function lastAuth(em: TestEmulator, user: string): LogRecord | undefined {
  return em.authEvents().filter((e) => e.user === user).at(-1);
}

describe('MySQL 8.4: FAILED_LOGIN_ATTEMPTS and PASSWORD_LOCK_TIME', () => {
  let em: TestEmulator;
  beforeAll(async () => {
    // mysql_native_password enabled, so an unknown user's decoy is never the disabled plugin (1524): see decoy.test.ts.
    em = await startTestEmulator({ clockOffsetMs: noonOffset(), mysqlNativePassword: true });
  });
  afterAll(() => em.close());

  it('the failure that reaches the limit gets 3955, and so does the right password afterwards', async () => {
    await em.sql("CREATE USER 'ann'@'%' IDENTIFIED BY 'Right-1' FAILED_LOGIN_ATTEMPTS 3 PASSWORD_LOCK_TIME 2");
    expect(await login(em, 'ann', 'wrong')).toEqual(denied('ann'));
    expect(lastAuth(em, 'ann')).toMatchObject({ outcome: 'error', code: 1045, failedLogins: 1, lockedUntil: null });
    expect(await login(em, 'ann', 'wrong')).toEqual(denied('ann'));
    expect(await login(em, 'ann', 'wrong')).toEqual(blocked('ann', '2', '2', 3));
    const event = lastAuth(em, 'ann')!;
    expect(event).toMatchObject({ outcome: 'error', code: 3955, failedLogins: 3 });
    // Locked until the start of the day after tomorrow on the emulator's clock.
    const until = (Math.floor(em.clock.now() / DAY_MS) + 2) * DAY_MS;
    expect(event.lockedUntil).toBe(new Date(until).toISOString());
    expect(await login(em, 'ann', 'Right-1')).toEqual(blocked('ann', '2', '2', 3));
    expect(lastAuth(em, 'ann')).toMatchObject({ code: 3955, failedLogins: 3 });
  });

  it('UNBOUNDED prints unlimited twice and never ends by time', async () => {
    await em.sql("CREATE USER 'bob'@'%' IDENTIFIED BY 'Right-1' FAILED_LOGIN_ATTEMPTS 2 PASSWORD_LOCK_TIME UNBOUNDED");
    expect(await login(em, 'bob', 'wrong')).toEqual(denied('bob'));
    expect(await login(em, 'bob', 'wrong')).toEqual(blocked('bob', 'unlimited', 'unlimited', 2));
    expect(lastAuth(em, 'bob')).toMatchObject({ code: 3955, lockedUntil: 'unbounded' });
    em.clock.advance(400 * DAY_MS);
    expect(await login(em, 'bob', 'Right-1')).toEqual(blocked('bob', 'unlimited', 'unlimited', 2));
    em.clock.advance(-400 * DAY_MS);
  });

  it('counts only consecutive failures: a successful login resets the count', async () => {
    await em.sql("CREATE USER 'cat'@'%' IDENTIFIED BY 'Right-1' FAILED_LOGIN_ATTEMPTS 3 PASSWORD_LOCK_TIME 1");
    expect(await login(em, 'cat', 'wrong')).toEqual(denied('cat'));
    expect(await login(em, 'cat', 'wrong')).toEqual(denied('cat'));
    expect(await login(em, 'cat', 'Right-1')).toEqual({ ok: true });
    expect(lastAuth(em, 'cat')).toMatchObject({ outcome: 'ok', failedLogins: 0 });
    expect(await login(em, 'cat', 'wrong')).toEqual(denied('cat'));
    expect(await login(em, 'cat', 'wrong')).toEqual(denied('cat'));
    expect(await login(em, 'cat', 'wrong')).toEqual(blocked('cat', '1', '1', 3));
  });

  it('the lock ends after PASSWORD_LOCK_TIME days on the emulator clock; remaining days count down', async () => {
    await em.sql("CREATE USER 'dan'@'%' IDENTIFIED BY 'Right-1' FAILED_LOGIN_ATTEMPTS 1 PASSWORD_LOCK_TIME 3");
    expect(await login(em, 'dan', 'wrong')).toEqual(blocked('dan', '3', '3', 1));
    em.clock.advance(DAY_MS);
    expect(await login(em, 'dan', 'Right-1')).toEqual(blocked('dan', '3', '2', 1));
    em.clock.advance(DAY_MS);
    expect(await login(em, 'dan', 'Right-1')).toEqual(blocked('dan', '3', '1', 1));
    em.clock.advance(DAY_MS);
    // The first attempt after the lock is judged normally: a wrong password is a plain 1045 and not counted...
    expect(await login(em, 'dan', 'wrong')).toEqual(denied('dan'));
    expect(lastAuth(em, 'dan')).toMatchObject({ code: 1045, failedLogins: 0, lockedUntil: null });
    // ...so the right one works next.
    expect(await login(em, 'dan', 'Right-1')).toEqual({ ok: true });
    em.clock.advance(-3 * DAY_MS);
  });

  it('ALTER USER ... ACCOUNT UNLOCK and ALTER USER with FAILED_LOGIN_ATTEMPTS or PASSWORD_LOCK_TIME reset; other ALTER USER do not', async () => {
    await em.sql("CREATE USER 'eve'@'%' IDENTIFIED BY 'Right-1' FAILED_LOGIN_ATTEMPTS 1 PASSWORD_LOCK_TIME UNBOUNDED");
    const lockEve = async () => expect(await login(em, 'eve', 'wrong')).toEqual(blocked('eve', 'unlimited', 'unlimited', 1));

    await lockEve();
    await em.sql("ALTER USER 'eve'@'%' COMMENT 'still locked'");
    await em.sql("ALTER USER 'eve'@'%' PASSWORD EXPIRE NEVER ACCOUNT LOCK");
    await em.sql("ALTER USER 'eve'@'%' ACCOUNT UNLOCK");
    expect(await login(em, 'eve', 'Right-1')).toEqual({ ok: true });

    await lockEve();
    await em.sql("ALTER USER 'eve'@'%' PASSWORD EXPIRE NEVER");
    expect(await login(em, 'eve', 'Right-1')).toEqual(blocked('eve', 'unlimited', 'unlimited', 1));
    await em.sql("ALTER USER 'eve'@'%' FAILED_LOGIN_ATTEMPTS 1");
    expect(await login(em, 'eve', 'Right-1')).toEqual({ ok: true });

    await lockEve();
    await em.sql("ALTER USER 'eve'@'%' PASSWORD_LOCK_TIME UNBOUNDED");
    expect(await login(em, 'eve', 'Right-1')).toEqual({ ok: true });

    await lockEve();
    await em.sql('FLUSH PRIVILEGES');
    expect(await login(em, 'eve', 'Right-1')).toEqual({ ok: true });
  });

  it('ACCOUNT LOCK: a wrong password gets 1045, the right one 3118', async () => {
    await em.sql("CREATE USER 'fay'@'%' IDENTIFIED BY 'Right-1' ACCOUNT LOCK");
    expect(await login(em, 'fay', 'wrong')).toEqual(denied('fay'));
    expect(await login(em, 'fay', 'Right-1')).toEqual({
      ok: false,
      code: 3118,
      sqlState: 'HY000',
      message: "Access denied for user 'fay'@'localhost'. Account is locked.",
    });
  });

  it("a locked anonymous account: 3118 names the account's user, a NULL in MySQL: '(null)' (grant_user_lock.result)", async () => {
    await em.sql("CREATE USER ''@'localhost' IDENTIFIED BY 'anon-pass' ACCOUNT LOCK");
    try {
      expect(await login(em, 'somebody', 'anon-pass')).toEqual({
        ok: false,
        code: 3118,
        sqlState: 'HY000',
        message: "Access denied for user '(null)'@'localhost'. Account is locked.",
      });
    } finally {
      await em.sql("DROP USER ''@'localhost'");
    }
  });

  it('unknown users never lock anything', async () => {
    await em.sql("CREATE USER 'gus'@'%' IDENTIFIED BY 'Right-1' FAILED_LOGIN_ATTEMPTS 1 PASSWORD_LOCK_TIME 1");
    for (let i = 0; i < 4; i++) {
      expect(await login(em, 'ghost', 'wrong')).toEqual(denied('ghost'));
      expect(await login(em, 'gus2', 'wrong')).toEqual(denied('gus2'));
    }
    expect(lastAuth(em, 'ghost')).toMatchObject({ account: null, code: 1045 });
    expect(lastAuth(em, 'ghost')).not.toHaveProperty('failedLogins');
    expect(await login(em, 'gus', 'Right-1')).toEqual({ ok: true });
  });

  it('either password of a dual-password account counts as correct', async () => {
    await em.sql("CREATE USER 'hal'@'%' IDENTIFIED BY 'Old-Pass-1' FAILED_LOGIN_ATTEMPTS 2 PASSWORD_LOCK_TIME 1");
    await em.sql("ALTER USER 'hal'@'%' IDENTIFIED BY 'New-Pass-1' RETAIN CURRENT PASSWORD");
    expect(await login(em, 'hal', 'wrong')).toEqual(denied('hal'));
    expect(await login(em, 'hal', 'Old-Pass-1')).toEqual({ ok: true });
    expect(lastAuth(em, 'hal')).toMatchObject({ secondaryPassword: true, failedLogins: 0 });
    expect(await login(em, 'hal', 'wrong')).toEqual(denied('hal'));
    expect(await login(em, 'hal', 'New-Pass-1')).toEqual({ ok: true });
    expect(await login(em, 'hal', 'wrong')).toEqual(denied('hal'));
    expect(await login(em, 'hal', 'wrong')).toEqual(blocked('hal', '1', '1', 2));
    expect(await login(em, 'hal', 'Old-Pass-1')).toEqual(blocked('hal', '1', '1', 2));
  });

  it.skipIf(!cli.available)('the mariadb CLI prints the 3955 text', async () => {
    await em.sql("CREATE USER 'ida'@'%' IDENTIFIED BY 'Right-1' FAILED_LOGIN_ATTEMPTS 2 PASSWORD_LOCK_TIME 5");
    const first = await mariadb(em.port, ['-uida', '-pwrong', '--skip-ssl', '-e', 'SELECT 1']);
    expect(first.stderr).toBe("ERROR 1045 (28000): Access denied for user 'ida'@'localhost' (using password: YES)\n");
    const second = await mariadb(em.port, ['-uida', '-pwrong', '--skip-ssl', '-e', 'SELECT 1']);
    expect(second.stderr).toBe(
      "ERROR 3955 (HY000): Access denied for user 'ida'@'localhost'. Account is blocked for 5 day(s) (5 day(s) remaining) due to 2 consecutive failed logins.\n",
    );
    expect(second.code).toBe(1);
  });

  it.skipIf(!pymysql.available)('PyMySQL gets 3955 with the same text', async () => {
    await em.sql("CREATE USER 'jon'@'%' IDENTIFIED BY 'Right-1' FAILED_LOGIN_ATTEMPTS 1 PASSWORD_LOCK_TIME 4");
    const args = { host: '127.0.0.1', port: em.port, user: 'jon', canHandleExpired: false, statements: ['SELECT 1'] };
    const wrong = await runDriver('pymysql', { ...args, password: 'wrong' });
    const msg = blocked('jon', '4', '4', 1).message;
    expect(wrong).toEqual({ client: 'pymysql', connect: { ok: false, code: 3955, message: msg }, statements: [] });
    const right = await runDriver('pymysql', { ...args, password: 'Right-1' });
    expect(right).toEqual({ client: 'pymysql', connect: { ok: false, code: 3955, message: msg }, statements: [] });
  });
});

describe('FAILED_LOGIN_ATTEMPTS is MySQL 8 syntax', () => {
  it.each(['mariadb-10.11', 'mysql-5.7'] as const)('%s answers 1064', async (profile) => {
    const em = await startTestEmulator({ profile });
    try {
      await expect(em.sql("CREATE USER 'x'@'%' IDENTIFIED BY 'p' FAILED_LOGIN_ATTEMPTS 3 PASSWORD_LOCK_TIME 2")).rejects.toMatchObject({
        code: 1064,
        message: expect.stringContaining("near 'FAILED_LOGIN_ATTEMPTS 3 PASSWORD_LOCK_TIME 2' at line 1"),
      });
    } finally {
      await em.close();
    }
  });
});

describe.skipIf(!cli.available)('MariaDB 10.11: max_password_errors (mariadb CLI)', () => {
  let em: TestEmulator;
  const run = (user: string, password: string | null) =>
    mariadb(em.port, [`-u${user}`, ...(password === null ? [] : [`-p${password}`]), '--skip-ssl', '-e', 'SELECT CURRENT_USER()']);
  const ERR_1045 = (user: string, using = 'YES') => `ERROR 1045 (28000): Access denied for user '${user}'@'localhost' (using password: ${using})\n`;
  const ERR_4150 = "ERROR 4150 (HY000): User is blocked because of too many credential errors; unblock with 'ALTER USER / FLUSH PRIVILEGES'\n";

  beforeAll(async () => {
    em = await startTestEmulator({ profile: 'mariadb-10.11' });
    await em.sql('SET GLOBAL max_password_errors = 3');
  });
  afterAll(() => em.close());

  it('three wrong passwords get 1045; the 4th try, right or wrong, gets 4150 until FLUSH PRIVILEGES', async () => {
    await em.sql("CREATE USER 'kim'@'%' IDENTIFIED BY 'Right-1'");
    for (let i = 1; i <= 3; i++) {
      expect((await run('kim', 'wrong')).stderr).toBe(ERR_1045('kim'));
      expect(lastAuth(em, 'kim')).toMatchObject({ code: 1045, failedLogins: i });
    }
    const right = await run('kim', 'Right-1');
    expect(right.stderr).toBe(ERR_4150);
    expect(right.code).toBe(1);
    expect(lastAuth(em, 'kim')).toMatchObject({ code: 4150, failedLogins: 3 });
    expect((await run('kim', 'wrong')).stderr).toBe(ERR_4150);
    await em.sql('FLUSH PRIVILEGES');
    const after = await run('kim', 'Right-1');
    expect(after.stderr).toBe('');
    expect(after.stdout).toBe('CURRENT_USER()\nkim@%\n');
  });

  it('a correct password clears the count; a login without a password does not count', async () => {
    await em.sql("CREATE USER 'lee'@'%' IDENTIFIED BY 'Right-1'");
    expect((await run('lee', 'wrong')).stderr).toBe(ERR_1045('lee'));
    expect((await run('lee', 'wrong')).stderr).toBe(ERR_1045('lee'));
    expect((await run('lee', 'Right-1')).stderr).toBe('');
    expect(lastAuth(em, 'lee')).toMatchObject({ outcome: 'ok', failedLogins: 0 });
    expect((await run('lee', 'wrong')).stderr).toBe(ERR_1045('lee'));
    expect((await run('lee', 'wrong')).stderr).toBe(ERR_1045('lee'));
    for (let i = 0; i < 3; i++) expect((await run('lee', null)).stderr).toBe(ERR_1045('lee', 'NO'));
    expect((await run('lee', 'Right-1')).stderr).toBe('');
  });

  it('ALTER USER unblocks', async () => {
    await em.sql("CREATE USER 'max'@'%' IDENTIFIED BY 'Right-1'");
    for (let i = 0; i < 3; i++) await run('max', 'wrong');
    expect((await run('max', 'Right-1')).stderr).toBe(ERR_4150);
    await em.sql("ALTER USER 'max'@'%' COMMENT 'unblocked'");
    expect((await run('max', 'Right-1')).stderr).toBe('');
  });

  it('unknown users are never counted', async () => {
    for (let i = 0; i < 5; i++) expect((await run('nobody', 'wrong')).stderr).toBe(ERR_1045('nobody'));
  });

  it('SUPER on a localhost account is exempt; the same privileges on a % account are not', async () => {
    // root@localhost has every privilege (ignore_max_password_errors()).
    for (let i = 0; i < 4; i++) expect((await run('root', 'wrong')).stderr).toBe(ERR_1045('root'));
    expect((await run('root', null)).stderr).toBe('');
    await em.sql("CREATE USER 'ops'@'%' IDENTIFIED BY 'Right-1'");
    await em.sql("GRANT ALL PRIVILEGES ON *.* TO 'ops'@'%'");
    for (let i = 0; i < 3; i++) await run('ops', 'wrong');
    expect((await run('ops', 'Right-1')).stderr).toBe(ERR_4150);
  });

  it('ACCOUNT LOCK: a wrong password gets 1045, the right one 4151', async () => {
    await em.sql("CREATE USER 'ned'@'%' IDENTIFIED BY 'Right-1' ACCOUNT LOCK");
    expect((await run('ned', 'wrong')).stderr).toBe(ERR_1045('ned'));
    expect((await run('ned', 'Right-1')).stderr).toBe('ERROR 4151 (HY000): Access denied, this account is locked\n');
  });
});
