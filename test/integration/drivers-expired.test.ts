/**
 * Expired passwords through real drivers in other languages (PyMySQL, PHP
 * mysqli and PDO, Perl DBD::MariaDB and DBD::mysql), each driven by a script
 * in test/clients/ with one shared JSON contract (test/helpers/run-client.ts).
 * What each driver sends is checked on the emulator's side too: the `auth`
 * log event records whether bit 22 (CLIENT_CAN_HANDLE_EXPIRED_PASSWORDS)
 * really arrived.
 *
 * No TLS: caching_sha2_password (the mysql-8.4 default) then takes its full
 * path over RSA on the first login of each account, which every driver here
 * supports (PyMySQL through python3-cryptography, mysqlnd through PHP's
 * openssl, the DBDs through libmariadb's caching_sha2_password plugin).
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type LogRecord } from '../helpers/emulator.js';
import { requireDriver, runDriver, type ClientArgs, type ClientReport, type DriverName as AnyDriver } from '../helpers/run-client.js';

/** The drivers this file covers (every client is in test/clients/compatibility.test.ts). */
type DriverName = Extract<AnyDriver, 'pymysql' | 'mysqli' | 'pdo' | 'dbd-mariadb' | 'dbd-mysql'>;

type TestEmulator = Awaited<ReturnType<typeof startTestEmulator>>;

const MSG_1862 = 'Your password has expired. To log in you must change it using a client that supports expired passwords.';
const MSG_1820 = 'You must reset your password using ALTER USER statement before executing this statement.';
const MSG_1045 = "Access denied for user 'u'@'localhost' (using password: YES)";

interface DriverTraits {
  /** The driver has an option that sends bit 22. */
  canOptIn: boolean;
  /**
   * The SQLSTATE a connect error is reported with: the server's, PDO's
   * blanket HY000, or none (PyMySQL drops it; mysqli has no connect_sqlstate).
   */
  connectSqlState: 'server' | 'HY000' | 'none';
  /** PyMySQL drops the SQLSTATE of statement errors too. */
  statementSqlState: 'server' | 'none';
  /**
   * The driver runs SET statements of its own right after login, which
   * MySQL 8's sandbox refuses: DBD::MariaDB always sends SET NAMES 'utf8mb4',
   * SET character_set_server and two SET collation_* and fails the connect
   * when one fails. (PyMySQL's default autocommit=False would do the same
   * with SET AUTOCOMMIT = 0; its script passes autocommit=None.)
   */
  setsAtConnect?: string;
}

const TRAITS: Record<DriverName, DriverTraits> = {
  pymysql: { canOptIn: true, connectSqlState: 'none', statementSqlState: 'none' },
  mysqli: { canOptIn: true, connectSqlState: 'none', statementSqlState: 'server' },
  pdo: { canOptIn: false, connectSqlState: 'HY000', statementSqlState: 'server' },
  'dbd-mariadb': { canOptIn: false, connectSqlState: 'server', statementSqlState: 'server', setsAtConnect: "SET NAMES 'utf8mb4'" },
  'dbd-mysql': { canOptIn: false, connectSqlState: 'server', statementSqlState: 'server' },
};

/** Checked at load time: a missing driver skips locally, fails under CI=true. */
const availability = Object.fromEntries(
  (Object.keys(TRAITS) as DriverName[]).map((name) => [name, requireDriver(name)]),
) as Record<DriverName, ReturnType<typeof requireDriver>>;

function connectError(driver: DriverName, code: number, serverState: string, message: string) {
  const t = TRAITS[driver].connectSqlState;
  const sqlState = t === 'server' ? serverState : t === 'HY000' ? 'HY000' : undefined;
  return { ok: false, code, message, ...(sqlState ? { sqlState } : {}) };
}

function statementError(driver: DriverName, sql: string, code: number, serverState: string, message: string) {
  const sqlState = TRAITS[driver].statementSqlState === 'server' ? serverState : undefined;
  return { sql, ok: false, code, message, ...(sqlState ? { sqlState } : {}) };
}

/** Asserts the report's exact shape where it matters: no sqlState key when the driver cannot know it. */
function expectSqlStateKey(outcome: { sqlState?: string } | undefined, present: boolean) {
  expect(outcome !== undefined && 'sqlState' in outcome).toBe(present);
}

function lastAuth(em: TestEmulator, user: string): LogRecord | undefined {
  return em.authEvents().filter((e) => e.user === user).at(-1);
}

/** MySQL account names for each driver: letters, digits and underscores only. */
function account(driver: DriverName, what: string): string {
  return `${driver.replace(/-/g, '_')}_${what}`;
}

function args(em: TestEmulator, user: string, password: string, canHandleExpired: boolean, statements: string[] = []): ClientArgs {
  return { host: '127.0.0.1', port: em.port, user, password, canHandleExpired, statements };
}

/**
 * A TCP proxy in front of `port` that drops both sides as soon as the client
 * sends a packet containing `marker`: a connection lost in mid-session.
 */
async function cuttingProxy(port: number, marker: string): Promise<net.Server & { port: number }> {
  const server = net.createServer((client) => {
    const upstream = net.connect(port, '127.0.0.1');
    upstream.pipe(client);
    client.on('data', (d: Buffer) => {
      if (d.includes(marker)) {
        client.destroy();
        upstream.destroy();
      } else upstream.write(d);
    });
    client.on('close', () => upstream.destroy());
    client.on('error', () => undefined);
    upstream.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(server, { port: (server.address() as net.AddressInfo).port });
}

let on: TestEmulator; // mysql-8.4 defaults: disconnect_on_expired_password=ON
let off: TestEmulator; // mysql-8.4 with --disconnect-on-expired-password=OFF
let old: TestEmulator; // mysql-5.7 with the variable OFF: its sandbox allows every SET
beforeAll(async () => {
  [on, off, old] = await Promise.all([
    startTestEmulator(),
    startTestEmulator({ variables: { disconnect_on_expired_password: 'OFF' } }),
    startTestEmulator({ profile: 'mysql-5.7', variables: { disconnect_on_expired_password: 'OFF' } }),
  ]);
  // (d): an expired account, so that the password check is seen to come before expiry.
  await on.sql("CREATE USER 'u'@'%' IDENTIFIED BY 'Right-Pass-1' PASSWORD EXPIRE");
  await on.sql("CREATE USER 'plain'@'%' IDENTIFIED BY 'Plain-Pass-1'");
});
afterAll(async () => {
  await Promise.all([on, off, old].map((em) => em?.close()));
});

for (const driver of Object.keys(TRAITS) as DriverName[]) {
  const traits = TRAITS[driver];
  const avail = availability[driver];

  describe.skipIf(!avail.available)(`${driver}${avail.available ? '' : ` (skipped: ${avail.reason})`}`, () => {
    it('(a) without bit 22 and disconnect_on_expired_password=ON: ERROR 1862 with MySQL\'s text', async () => {
      const user = account(driver, 'a');
      await on.sql(`CREATE USER '${user}'@'%' IDENTIFIED BY 'TempPass123!' PASSWORD EXPIRE`);
      const report = await runDriver(driver, args(on, user, 'TempPass123!', false, ['SELECT 1']));
      expect(report).toEqual({ client: driver, connect: connectError(driver, 1862, 'HY000', MSG_1862), statements: [] });
      expectSqlStateKey(report.connect, traits.connectSqlState !== 'none');
      expect(lastAuth(on, user)).toMatchObject({
        canHandleExpired: false,
        disconnectOnExpiredPassword: true,
        expired: 'manual',
        outcome: 'error',
        code: 1862,
        tls: false,
      });
    });

    if (traits.canOptIn) {
      it('(b) with its opt-in flag: connect OK, SELECT 1 gets 1820, ALTER USER USER() resets, SELECT 1 works', async () => {
        const user = account(driver, 'b');
        await on.sql(`CREATE USER '${user}'@'%' IDENTIFIED BY 'TempPass123!' PASSWORD EXPIRE`);
        const report = await runDriver(
          driver,
          args(on, user, 'TempPass123!', true, ['SELECT 1', "ALTER USER USER() IDENTIFIED BY 'NewPass-123'", 'SELECT 1']),
        );
        expect(report).toEqual({
          client: driver,
          connect: { ok: true },
          statements: [
            statementError(driver, 'SELECT 1', 1820, 'HY000', MSG_1820),
            { sql: "ALTER USER USER() IDENTIFIED BY 'NewPass-123'", ok: true },
            { sql: 'SELECT 1', ok: true, rows: [{ '1': '1' }] },
          ],
        });
        expectSqlStateKey(report.statements?.[0], traits.statementSqlState === 'server');
        expect(lastAuth(on, user)).toMatchObject({
          canHandleExpired: true,
          disconnectOnExpiredPassword: true,
          expired: 'manual',
          outcome: 'sandbox',
        });
        // The reset outlives the session: a client without bit 22 now logs in normally.
        const again = await runDriver(driver, args(on, user, 'NewPass-123', false, ['SELECT CURRENT_USER()']));
        expect(again.connect).toEqual({ ok: true });
        expect(again.statements).toEqual([{ sql: 'SELECT CURRENT_USER()', ok: true, rows: [{ 'CURRENT_USER()': `${user}@%` }] }]);
        expect(lastAuth(on, user)).toMatchObject({ canHandleExpired: false, expired: null, outcome: 'ok' });
      });
    } else {
      it('(b) has no way to send bit 22: the script says so instead of connecting', async () => {
        const report = await runDriver(driver, args(on, 'nobody', 'x', true, ['SELECT 1']));
        expect(report).toEqual({ client: driver, notApplicable: expect.stringContaining('CLIENT_CAN_HANDLE_EXPIRED_PASSWORDS') });
        expect(lastAuth(on, 'nobody')).toBeUndefined();
      });
    }

    if (!traits.setsAtConnect) {
      it('(c) without bit 22 and the variable OFF: sandbox, SELECT 1 gets 1820, SET PASSWORD resets, SELECT 1 works', async () => {
        const user = account(driver, 'c');
        await off.sql(`CREATE USER '${user}'@'%' IDENTIFIED BY 'TempPass123!' PASSWORD EXPIRE`);
        const report = await runDriver(driver, args(off, user, 'TempPass123!', false, ['SELECT 1', "SET PASSWORD = 'NewPass-123'", 'SELECT 1']));
        expect(report).toEqual({
          client: driver,
          connect: { ok: true },
          statements: [
            statementError(driver, 'SELECT 1', 1820, 'HY000', MSG_1820),
            { sql: "SET PASSWORD = 'NewPass-123'", ok: true },
            { sql: 'SELECT 1', ok: true, rows: [{ '1': '1' }] },
          ],
        });
        expect(lastAuth(off, user)).toMatchObject({
          canHandleExpired: false,
          disconnectOnExpiredPassword: false,
          expired: 'manual',
          outcome: 'sandbox',
        });
        const again = await runDriver(driver, args(off, user, 'NewPass-123', false, ['SELECT 1']));
        expect(again.statements).toEqual([{ sql: 'SELECT 1', ok: true, rows: [{ '1': '1' }] }]);
      });
    } else {
      it(`(c) without bit 22 and the variable OFF: sandboxed, but its own ${traits.setsAtConnect} gets 1820 and the connect fails`, async () => {
        const user = account(driver, 'c');
        await off.sql(`CREATE USER '${user}'@'%' IDENTIFIED BY 'TempPass123!' PASSWORD EXPIRE`);
        const report = await runDriver(driver, args(off, user, 'TempPass123!', false, ['SELECT 1', "SET PASSWORD = 'NewPass-123'"]));
        expect(report).toEqual({ client: driver, connect: connectError(driver, 1820, 'HY000', MSG_1820), statements: [] });
        // The login itself was accepted into the sandbox; the driver's first statement was refused.
        expect(lastAuth(off, user)).toMatchObject({
          canHandleExpired: false,
          disconnectOnExpiredPassword: false,
          expired: 'manual',
          outcome: 'sandbox',
        });
        expect(off.logs.filter((l) => l.event === 'sandbox').at(-1)).toMatchObject({ statement: traits.setsAtConnect, code: 1820 });
      });

      it('(c) on mysql-5.7, whose sandbox allows SET: connect OK, SELECT 1 gets 1820, SET PASSWORD resets', async () => {
        const user = account(driver, 'c57');
        await old.sql(`CREATE USER '${user}'@'%' IDENTIFIED BY 'TempPass123!' PASSWORD EXPIRE`);
        const report = await runDriver(driver, args(old, user, 'TempPass123!', false, ['SELECT 1', "SET PASSWORD = 'NewPass-123'", 'SELECT 1']));
        expect(report).toEqual({
          client: driver,
          connect: { ok: true },
          statements: [
            statementError(driver, 'SELECT 1', 1820, 'HY000', MSG_1820),
            { sql: "SET PASSWORD = 'NewPass-123'", ok: true },
            { sql: 'SELECT 1', ok: true, rows: [{ '1': '1' }] },
          ],
        });
        expect(lastAuth(old, user)).toMatchObject({ canHandleExpired: false, disconnectOnExpiredPassword: false, outcome: 'sandbox' });
      });
    }

    it('(d) a wrong password on an expired account gets 1045, with or without bit 22', async () => {
      const flags = traits.canOptIn ? [false, true] : [false];
      for (const canHandleExpired of flags) {
        const report: ClientReport = await runDriver(driver, args(on, 'u', 'Wrong-Pass-1', canHandleExpired, ['SELECT 1']));
        expect(report, `canHandleExpired=${canHandleExpired}`).toEqual({
          client: driver,
          connect: connectError(driver, 1045, '28000', MSG_1045),
          statements: [],
        });
        expect(lastAuth(on, 'u')).toMatchObject({ canHandleExpired, outcome: 'error', code: 1045, expired: null });
      }
    });

    it('(contract) keeps going after a statement error, stops after a lost connection', async () => {
      const proxy = await cuttingProxy(on.port, 'SELECT 3');
      try {
        const report = await runDriver(driver, {
          ...args(on, 'plain', 'Plain-Pass-1', false, ['SELEC 1', 'SELECT 2', 'SELECT 3', 'SELECT 4']),
          port: proxy.port,
        });
        expect(report.connect).toEqual({ ok: true });
        const [syntax, two, lost, ...rest] = report.statements ?? [];
        expect(syntax).toMatchObject({ sql: 'SELEC 1', ok: false, code: 1064 });
        expect(two).toEqual({ sql: 'SELECT 2', ok: true, rows: [{ '2': '2' }] });
        // 2006 (gone away) or 2013 (lost during query), depending on the driver.
        expect(lost).toMatchObject({ sql: 'SELECT 3', ok: false, code: expect.toSatisfy((c: number) => c === 2006 || c === 2013) });
        expect(rest).toEqual([]);
      } finally {
        await new Promise((resolve) => proxy.close(resolve));
      }
    });
  });
}
