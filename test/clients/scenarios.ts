/**
 * The client compatibility scenarios: what every real client in test/clients/
 * is expected to observe, and what the emulator must log for it. Each
 * scenario records the clients' JSON reports (one ResultLine per run) for
 * docs/compatibility.md (scripts/compatibility-matrix.js).
 *
 * Where a client legitimately reports the server's error differently, the
 * traits below say how, and the assertion follows the client:
 * - PDO reports every connect error with SQLSTATE HY000;
 * - PyMySQL, MySQLdb and go-sql-driver/mysql 1.5 drop the SQLSTATE, mysqli
 *   has none for connect errors;
 * - Connector/J wraps connect errors in "Could not connect to address=(...) :"
 *   and prefixes server messages with "(conn=N) ".
 * And where a client cannot do what a scenario asks, it is run anyway, what it
 * really does is asserted, and the cell is n/a with the reason (mysqljs and
 * caching_sha2; the interactive mariadb CLI and "without bit 22").
 */
import { expect } from 'vitest';
import type { LogRecord, startTestEmulator } from '../helpers/emulator.js';
import { runDriver, type ClientArgs, type ClientOutcome, type ClientReport, type DriverName } from '../helpers/run-client.js';

type TestEmulator = Awaited<ReturnType<typeof startTestEmulator>>;

export const SCENARIO_IDS = [
  'sha2-full',
  'sha2-full-tls',
  'sha2-fast',
  'native',
  'wrong-password',
  'expired',
  'expired-bit22',
  'expired-off',
  'locked',
  'lockout',
  'dual-retain',
  'dual-discard',
] as const;
export type ScenarioId = (typeof SCENARIO_IDS)[number];

/** One line of test/clients/results/latest.jsonl: a client's report, tagged with its scenario. */
export interface ResultLine extends ClientReport {
  scenario: ScenarioId;
  /** For scenarios with several logins (dual passwords: "old", "new"). */
  step?: string;
  /** Why the client's outcome differs from the other clients' (a footnote in the matrix). */
  note?: string;
}

export interface ClientTraits {
  /** caching_sha2_password and mysql_native_password, or only the latter (mysqljs). */
  plugins: 'both' | 'native-only';
  /** The SQLSTATE of a connect error: the server's, PDO's blanket HY000, or none. */
  connectSqlState: 'server' | 'HY000' | 'none';
  statementSqlState: 'server' | 'none';
  /** Connector/J's wrapping of the server's message. */
  wrapsMessages?: boolean;
  /** The driver's own statement after login that MySQL 8's sandbox refuses, failing the connect. */
  sandboxFailsConnect?: { statement: string; note: string };
  /** The client sends bit 22 whatever it is asked (the interactive mariadb CLI): why "without bit 22" is n/a. */
  alwaysSendsBit22?: string;
}

export const CLIENTS: Record<DriverName, ClientTraits> = {
  mysql2: { plugins: 'both', connectSqlState: 'server', statementSqlState: 'server' },
  mysqljs: { plugins: 'native-only', connectSqlState: 'server', statementSqlState: 'server' },
  'mariadb-npm': { plugins: 'both', connectSqlState: 'server', statementSqlState: 'server' },
  'mariadb-cli': { plugins: 'both', connectSqlState: 'server', statementSqlState: 'server' },
  'mariadb-cli-pty': {
    plugins: 'both',
    connectSqlState: 'server',
    statementSqlState: 'server',
    alwaysSendsBit22:
      'The interactive mariadb CLI (a tty) always sends CLIENT_CAN_HANDLE_EXPIRED_PASSWORDS and has no option to leave it out: it gets the sandbox instead (1820→ok→ok, asserted). Its "expired, bit 22" column is its default.',
  },
  pymysql: { plugins: 'both', connectSqlState: 'none', statementSqlState: 'none' },
  mysqldb: { plugins: 'both', connectSqlState: 'none', statementSqlState: 'none' },
  mysqli: { plugins: 'both', connectSqlState: 'none', statementSqlState: 'server' },
  pdo: { plugins: 'both', connectSqlState: 'HY000', statementSqlState: 'server' },
  'dbd-mariadb': {
    plugins: 'both',
    connectSqlState: 'server',
    statementSqlState: 'server',
    sandboxFailsConnect: {
      statement: "SET NAMES 'utf8mb4'",
      note: "DBD::MariaDB sends SET NAMES 'utf8mb4' (and more SETs) right after login and fails the connect when one fails: MySQL 8's sandbox refuses it with 1820.",
    },
  },
  'dbd-mysql': { plugins: 'both', connectSqlState: 'server', statementSqlState: 'server' },
  'ruby-mysql2': { plugins: 'both', connectSqlState: 'server', statementSqlState: 'server' },
  'connector-j': {
    plugins: 'both',
    connectSqlState: 'server',
    statementSqlState: 'server',
    wrapsMessages: true,
    sandboxFailsConnect: {
      statement: "set autocommit=1, sql_mode = concat(@@sql_mode,',STRICT_TRANS_TABLES')",
      note: 'Connector/J runs its own initialisation (SET autocommit, sql_mode; SELECT @@max_allowed_packet, ...) right after login: in the sandbox it gets 1820 and getConnection() fails, so JDBC cannot use a sandboxed session.',
    },
  },
  'go-mysql': { plugins: 'both', connectSqlState: 'none', statementSqlState: 'none' },
};

export const MSG = {
  1045: (user: string) => `Access denied for user '${user}'@'localhost' (using password: YES)`,
  1251: () => 'Client does not support authentication protocol requested by server; consider upgrading MySQL client',
  1820: () => 'You must reset your password using ALTER USER statement before executing this statement.',
  1862: () => 'Your password has expired. To log in you must change it using a client that supports expired passwords.',
  3118: (user: string) => `Access denied for user '${user}'@'localhost'. Account is locked.`,
  /** For the lockout scenario's FAILED_LOGIN_ATTEMPTS 2 PASSWORD_LOCK_TIME 1, on the day the lock was taken. */
  3955: (user: string) =>
    `Access denied for user '${user}'@'localhost'. Account is blocked for 1 day(s) (1 day(s) remaining) due to 2 consecutive failed logins.`,
} as const;

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The message as the client shows it: the server's text, or Connector/J's wrapping of it. */
function messageOf(client: DriverName, text: string, where: 'connect' | 'statement'): unknown {
  if (!CLIENTS[client].wrapsMessages) return text;
  // "Could not connect to address=(host=127.0.0.1)(port=N)(type=master) : (conn=N) text", where a
  // failed login may add "\nCurrent charset is UTF-8. ..."; its init query's 1820 has no (conn=N).
  if (where === 'statement') return expect.stringMatching(new RegExp(`^\\(conn=\\d+\\) ${escapeRe(text)}$`));
  return expect.stringMatching(
    new RegExp(`^Could not connect to address=\\(host=127\\.0\\.0\\.1\\)\\(port=\\d+\\)\\(type=master\\) : (\\(conn=\\d+\\) )?${escapeRe(text)}(\\nCurrent charset is .*)?$`),
  );
}

export function connectError(client: DriverName, code: keyof typeof MSG, serverState: string, user = ''): ClientOutcome {
  const t = CLIENTS[client].connectSqlState;
  const sqlState = t === 'server' ? serverState : t === 'HY000' ? 'HY000' : undefined;
  return { ok: false, code, ...(sqlState ? { sqlState } : {}), message: messageOf(client, MSG[code](user), 'connect') as string };
}

function statementError(client: DriverName, sql: string, code: keyof typeof MSG, serverState: string) {
  const sqlState = CLIENTS[client].statementSqlState === 'server' ? serverState : undefined;
  return { sql, ok: false, code, ...(sqlState ? { sqlState } : {}), message: messageOf(client, MSG[code](''), 'statement') };
}

/** The three emulators every client is run against. */
export interface Emulators {
  /** mysql-8.4 defaults: disconnect_on_expired_password=ON, caching_sha2_password. */
  on: TestEmulator;
  /** mysql-8.4 with mysql_native_password loaded (--mysql-native-password=ON). */
  native: TestEmulator;
  /** mysql-8.4 with disconnect_on_expired_password=OFF (and mysql_native_password loaded, for mysqljs). */
  off: TestEmulator;
}

export interface ScenarioContext {
  client: DriverName;
  ems: Emulators;
  record(line: ResultLine): void;
}

export interface Scenario {
  title: string;
  /** The matrix columns this scenario fills. */
  ids: readonly ScenarioId[];
  run(ctx: ScenarioContext): Promise<void>;
}

/** MySQL account names: letters, digits and underscores, at most 32 characters. */
function account(client: DriverName, what: string): string {
  return `${client}_${what}`.replace(/[^A-Za-z0-9]/g, '_');
}

function authsOf(em: TestEmulator, user: string): LogRecord[] {
  return em.authEvents().filter((e) => e.user === user);
}

function lastAuth(em: TestEmulator, user: string): LogRecord | undefined {
  return authsOf(em, user).at(-1);
}

function args(em: TestEmulator, user: string, password: string, statements: string[] = [], canHandleExpired = false): ClientArgs {
  return { host: '127.0.0.1', port: em.port, user, password, canHandleExpired, statements };
}

/** The emulator and CREATE USER clause for an ordinary account of this client. */
function home(ctx: ScenarioContext): { em: TestEmulator; identified: string } {
  return CLIENTS[ctx.client].plugins === 'native-only'
    ? { em: ctx.ems.native, identified: 'IDENTIFIED WITH mysql_native_password BY' }
    : { em: ctx.ems.on, identified: 'IDENTIFIED BY' };
}

async function run(ctx: ScenarioContext, scenario: ScenarioId, a: ClientArgs, step?: string, note?: string): Promise<ClientReport> {
  const report = await runDriver(ctx.client, a);
  ctx.record({ scenario, ...(step ? { step } : {}), ...report, ...(note ? { note } : {}) });
  return report;
}

const whoAmI = (user: string) => ({ sql: 'SELECT CURRENT_USER()', ok: true, rows: [{ 'CURRENT_USER()': `${user}@%` }] });
const RESET = "ALTER USER USER() IDENTIFIED BY 'New-Pass-123'";
const SANDBOX_STATEMENTS = ['SELECT 1', RESET, 'SELECT 1'];

function sandboxWalk(client: DriverName) {
  return [statementError(client, 'SELECT 1', 1820, 'HY000'), { sql: RESET, ok: true }, { sql: 'SELECT 1', ok: true, rows: [{ '1': '1' }] }];
}

/**
 * "Without bit 22" for a client that always sends it: run it anyway, assert the sandbox it really
 * gets (the server saw bit 22), and report n/a.
 */
async function alwaysBit22(ctx: ScenarioContext, scenario: ScenarioId, em: TestEmulator, user: string, note: string): Promise<void> {
  const report = await runDriver(ctx.client, args(em, user, 'Temp-Pass-1', SANDBOX_STATEMENTS));
  expect(report).toEqual({ client: ctx.client, connect: { ok: true }, statements: sandboxWalk(ctx.client) });
  expect(lastAuth(em, user)).toMatchObject({ canHandleExpired: true, expired: 'manual', outcome: 'sandbox' });
  ctx.record({ client: ctx.client, scenario, notApplicable: note });
}

const MYSQLJS_NO_SHA2 =
  'mysqljs implements only mysql_native_password and sends no CLIENT_PLUGIN_AUTH: the server refuses a caching_sha2_password account with 1251 (its other scenarios use mysql_native_password accounts).';

export const SCENARIOS: readonly Scenario[] = [
  {
    title: 'caching_sha2_password: full auth over RSA (no TLS), then the fast path',
    ids: ['sha2-full', 'sha2-fast'],
    async run(ctx) {
      const em = ctx.ems.on;
      const user = account(ctx.client, 'sha2');
      await em.sql(`CREATE USER '${user}'@'%' IDENTIFIED BY 'Sha2-Pass-1'`);
      if (CLIENTS[ctx.client].plugins === 'native-only') {
        // What it really does, asserted; reported as not applicable.
        const report = await runDriver(ctx.client, args(em, user, 'Sha2-Pass-1', ['SELECT CURRENT_USER()']));
        expect(report).toEqual({ client: ctx.client, connect: connectError(ctx.client, 1251, '08004'), statements: [] });
        expect(lastAuth(em, user)).toMatchObject({ plugin: 'caching_sha2_password', outcome: 'error', code: 1251 });
        for (const scenario of ['sha2-full', 'sha2-fast'] as const) ctx.record({ client: ctx.client, scenario, notApplicable: MYSQLJS_NO_SHA2 });
        return;
      }
      for (const [scenario, path] of [['sha2-full', 'full-rsa'], ['sha2-fast', 'fast']] as const) {
        const report = await run(ctx, scenario, args(em, user, 'Sha2-Pass-1', ['SELECT CURRENT_USER()']));
        expect(report, scenario).toEqual({ client: ctx.client, connect: { ok: true }, statements: [whoAmI(user)] });
        expect(lastAuth(em, user), scenario).toMatchObject({ plugin: 'caching_sha2_password', path, tls: false, outcome: 'ok' });
      }
    },
  },
  {
    title: 'caching_sha2_password: full auth over TLS (certificate not verified), first login of a fresh account',
    ids: ['sha2-full-tls'],
    async run(ctx) {
      const em = ctx.ems.on;
      const user = account(ctx.client, 'tls');
      await em.sql(`CREATE USER '${user}'@'%' IDENTIFIED BY 'Tls-Pass-1'`);
      const a: ClientArgs = { ...args(em, user, 'Tls-Pass-1', ['SELECT CURRENT_USER()']), ssl: true };
      if (CLIENTS[ctx.client].plugins === 'native-only') {
        // TLS itself works; the plugin does not.
        const report = await runDriver(ctx.client, a);
        expect(report).toEqual({ client: ctx.client, connect: connectError(ctx.client, 1251, '08004'), statements: [] });
        expect(lastAuth(em, user)).toMatchObject({ plugin: 'caching_sha2_password', tls: true, outcome: 'error', code: 1251 });
        ctx.record({ client: ctx.client, scenario: 'sha2-full-tls', notApplicable: MYSQLJS_NO_SHA2 });
        return;
      }
      const report = await run(ctx, 'sha2-full-tls', a);
      expect(report).toEqual({ client: ctx.client, connect: { ok: true }, statements: [whoAmI(user)] });
      // One login, the account's first (nothing cached): the full exchange, with the password in clear inside TLS.
      expect(authsOf(em, user)).toHaveLength(1);
      expect(lastAuth(em, user)).toMatchObject({ plugin: 'caching_sha2_password', path: 'full-tls', tls: true, outcome: 'ok' });
    },
  },
  {
    title: 'mysql_native_password (an emulator started with mysqlNativePassword: true)',
    ids: ['native'],
    async run(ctx) {
      const em = ctx.ems.native;
      const user = account(ctx.client, 'native');
      await em.sql(`CREATE USER '${user}'@'%' IDENTIFIED WITH mysql_native_password BY 'Native-Pass-1'`);
      const report = await run(ctx, 'native', args(em, user, 'Native-Pass-1', ['SELECT CURRENT_USER()']));
      expect(report).toEqual({ client: ctx.client, connect: { ok: true }, statements: [whoAmI(user)] });
      expect(lastAuth(em, user)).toMatchObject({ plugin: 'mysql_native_password', outcome: 'ok' });
    },
  },
  {
    title: 'a wrong password gets 1045 (28000)',
    ids: ['wrong-password'],
    async run(ctx) {
      const { em, identified } = home(ctx);
      const user = account(ctx.client, 'wrong');
      await em.sql(`CREATE USER '${user}'@'%' ${identified} 'Right-Pass-1'`);
      const report = await run(ctx, 'wrong-password', args(em, user, 'Wrong-Pass-1', ['SELECT 1']));
      expect(report).toEqual({ client: ctx.client, connect: connectError(ctx.client, 1045, '28000', user), statements: [] });
      expect(lastAuth(em, user)).toMatchObject({ outcome: 'error', code: 1045 });
    },
  },
  {
    title: 'an expired password, without bit 22, disconnect_on_expired_password=ON: 1862',
    ids: ['expired'],
    async run(ctx) {
      const { em, identified } = home(ctx);
      const user = account(ctx.client, 'expired');
      await em.sql(`CREATE USER '${user}'@'%' ${identified} 'Temp-Pass-1' PASSWORD EXPIRE`);
      const always = CLIENTS[ctx.client].alwaysSendsBit22;
      if (always) return alwaysBit22(ctx, 'expired', em, user, always);
      const report = await run(ctx, 'expired', args(em, user, 'Temp-Pass-1', ['SELECT 1']));
      expect(report).toEqual({ client: ctx.client, connect: connectError(ctx.client, 1862, 'HY000'), statements: [] });
      expect(lastAuth(em, user)).toMatchObject({ canHandleExpired: false, disconnectOnExpiredPassword: true, expired: 'manual', code: 1862 });
    },
  },
  {
    title: 'an expired password with bit 22: sandbox, SELECT 1 gets 1820, ALTER USER USER() resets, SELECT 1 works',
    ids: ['expired-bit22'],
    async run(ctx) {
      const { em, identified } = home(ctx);
      const user = account(ctx.client, 'bit22');
      await em.sql(`CREATE USER '${user}'@'%' ${identified} 'Temp-Pass-1' PASSWORD EXPIRE`);
      const report = await run(ctx, 'expired-bit22', args(em, user, 'Temp-Pass-1', SANDBOX_STATEMENTS, true));
      if (report.notApplicable !== undefined) {
        // The script knows its driver has no way to send bit 22, and did not connect.
        expect(report).toEqual({ client: ctx.client, notApplicable: expect.stringContaining('CLIENT_CAN_HANDLE_EXPIRED_PASSWORDS') });
        expect(lastAuth(em, user)).toBeUndefined();
        return;
      }
      expect(report).toEqual({ client: ctx.client, connect: { ok: true }, statements: sandboxWalk(ctx.client) });
      expect(lastAuth(em, user)).toMatchObject({ canHandleExpired: true, disconnectOnExpiredPassword: true, expired: 'manual', outcome: 'sandbox' });
      // The reset outlives the session.
      const again = await runDriver(ctx.client, args(em, user, 'New-Pass-123', ['SELECT CURRENT_USER()']));
      expect(again).toEqual({ client: ctx.client, connect: { ok: true }, statements: [whoAmI(user)] });
    },
  },
  {
    title: 'an expired password without bit 22, disconnect_on_expired_password=OFF: sandbox',
    ids: ['expired-off'],
    async run(ctx) {
      const em = ctx.ems.off;
      const { identified } = home(ctx);
      const user = account(ctx.client, 'off');
      await em.sql(`CREATE USER '${user}'@'%' ${identified} 'Temp-Pass-1' PASSWORD EXPIRE`);
      const always = CLIENTS[ctx.client].alwaysSendsBit22;
      if (always) return alwaysBit22(ctx, 'expired-off', em, user, always);
      const failsConnect = CLIENTS[ctx.client].sandboxFailsConnect;
      const report = await run(ctx, 'expired-off', args(em, user, 'Temp-Pass-1', SANDBOX_STATEMENTS), undefined, failsConnect?.note);
      expect(lastAuth(em, user)).toMatchObject({ canHandleExpired: false, disconnectOnExpiredPassword: false, expired: 'manual', outcome: 'sandbox' });
      if (failsConnect) {
        expect(report).toEqual({ client: ctx.client, connect: connectError(ctx.client, 1820, 'HY000'), statements: [] });
        const refused = em.logs.filter((l) => l.event === 'sandbox' && l.code === 1820).map((l) => l.statement);
        expect(refused).toContain(failsConnect.statement);
        return;
      }
      expect(report).toEqual({ client: ctx.client, connect: { ok: true }, statements: sandboxWalk(ctx.client) });
    },
  },
  {
    title: 'ACCOUNT LOCK: 3118 after a correct password',
    ids: ['locked'],
    async run(ctx) {
      const { em, identified } = home(ctx);
      const user = account(ctx.client, 'locked');
      await em.sql(`CREATE USER '${user}'@'%' ${identified} 'Lock-Pass-1' ACCOUNT LOCK`);
      const report = await run(ctx, 'locked', args(em, user, 'Lock-Pass-1', ['SELECT 1']));
      expect(report).toEqual({ client: ctx.client, connect: connectError(ctx.client, 3118, 'HY000', user), statements: [] });
      expect(lastAuth(em, user)).toMatchObject({ outcome: 'error', code: 3118 });
    },
  },
  {
    title: 'failed-login lockout, FAILED_LOGIN_ATTEMPTS 2 PASSWORD_LOCK_TIME 1: wrong 1045, wrong 3955, right 3955',
    ids: ['lockout'],
    async run(ctx) {
      // docs/locking.md: the failure that reaches the limit is already answered with 3955, and
      // while locked every login gets 3955, the right password included.
      const { em, identified } = home(ctx);
      const user = account(ctx.client, 'lockout');
      await em.sql(`CREATE USER '${user}'@'%' ${identified} 'Right-Pass-1' FAILED_LOGIN_ATTEMPTS 2 PASSWORD_LOCK_TIME 1`);
      const first = await run(ctx, 'lockout', args(em, user, 'Wrong-Pass-1', ['SELECT 1']), 'wrong');
      expect(first).toEqual({ client: ctx.client, connect: connectError(ctx.client, 1045, '28000', user), statements: [] });
      expect(lastAuth(em, user)).toMatchObject({ outcome: 'error', code: 1045, failedLogins: 1, lockedUntil: null });
      const second = await run(ctx, 'lockout', args(em, user, 'Wrong-Pass-2', ['SELECT 1']), 'wrong');
      expect(second).toEqual({ client: ctx.client, connect: connectError(ctx.client, 3955, 'HY000', user), statements: [] });
      expect(lastAuth(em, user)).toMatchObject({ outcome: 'error', code: 3955, failedLogins: 2, lockedUntil: expect.any(String) });
      const right = await run(ctx, 'lockout', args(em, user, 'Right-Pass-1', ['SELECT 1']), 'right');
      expect(right).toEqual({ client: ctx.client, connect: connectError(ctx.client, 3955, 'HY000', user), statements: [] });
      expect(lastAuth(em, user)).toMatchObject({ outcome: 'error', code: 3955, failedLogins: 2 });
      // One login per connect: a client that retried a failed login would lock itself out sooner.
      expect(authsOf(em, user)).toHaveLength(3);
    },
  },
  {
    title: 'dual passwords: after RETAIN CURRENT PASSWORD both log in; after DISCARD OLD PASSWORD the old one gets 1045',
    ids: ['dual-retain', 'dual-discard'],
    async run(ctx) {
      const { em, identified } = home(ctx);
      const user = account(ctx.client, 'dual');
      await em.sql(`CREATE USER '${user}'@'%' ${identified} 'Old-Pass-1'`);
      await em.sql(`ALTER USER '${user}'@'%' ${identified} 'New-Pass-1' RETAIN CURRENT PASSWORD`);
      const old = await run(ctx, 'dual-retain', args(em, user, 'Old-Pass-1', ['SELECT CURRENT_USER()']), 'old');
      expect(old).toEqual({ client: ctx.client, connect: { ok: true }, statements: [whoAmI(user)] });
      expect(lastAuth(em, user)).toMatchObject({ outcome: 'ok', secondaryPassword: true });
      const fresh = await run(ctx, 'dual-retain', args(em, user, 'New-Pass-1', ['SELECT CURRENT_USER()']), 'new');
      expect(fresh).toEqual({ client: ctx.client, connect: { ok: true }, statements: [whoAmI(user)] });
      expect(lastAuth(em, user)).toMatchObject({ outcome: 'ok' });
      expect(lastAuth(em, user)?.secondaryPassword).toBeUndefined();

      await em.sql(`ALTER USER '${user}'@'%' DISCARD OLD PASSWORD`);
      const refused = await run(ctx, 'dual-discard', args(em, user, 'Old-Pass-1', ['SELECT CURRENT_USER()']), 'old');
      expect(refused).toEqual({ client: ctx.client, connect: connectError(ctx.client, 1045, '28000', user), statements: [] });
      const still = await run(ctx, 'dual-discard', args(em, user, 'New-Pass-1', ['SELECT CURRENT_USER()']), 'new');
      expect(still).toEqual({ client: ctx.client, connect: { ok: true }, statements: [whoAmI(user)] });
    },
  },
];
