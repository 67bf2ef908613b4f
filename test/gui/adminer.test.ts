/**
 * Adminer 4.8.1 (Debian's package) in headless Chromium against the
 * emulator, with disconnect_on_expired_password ON and OFF: root's pages, an
 * account created with PASSWORD EXPIRE (with OFF, reset from Adminer's own SQL
 * command page), and the same account after the reset. Every statement goes
 * through a logging proxy; a step fails on any error MySQL 8.4 would not give
 * and on any error box where MySQL 8.4 gives none.
 * UPDATE_SCREENSHOTS=1 writes the pictures of docs/gui-tools.md.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'puppeteer-core';
import { createConnection } from 'mysql2/promise';
import { startTestEmulator } from '../helpers/emulator.js';
import { ERRORS } from '../../src/errors/catalogue.js';
import { StatementProxy } from './helpers/statement-proxy.js';
import { requireGuiTools, startAdminer, type PhpApp } from './helpers/php-apps.js';
import { errorBoxes, launchBrowser, removeScreenshotDir, screenshot, screenshotDir } from './helpers/browser.js';
import { SANDBOX, unexplainedErrors, unexpectedLoginErrors, type ErrorRule } from './helpers/expected-errors.js';

const tools = requireGuiTools('adminer');
const ROOT_PW = 'Root-pw1!';
const OLD_PW = 'Old-pw1!';
const NEW_PW = 'New-pw2!';
const CAN_HANDLE_EXPIRED = 1 << 22;
const ERROR_BOX = '.error';
const TEXT_1862 = ERRORS.ER_MUST_CHANGE_PASSWORD_LOGIN.message;

/** Adminer as root gets no error from MySQL 8.4 on these pages. */
const ROOT_RULES: ErrorRule[] = [];
/** An account with SELECT, INSERT on shop.* only. */
const USER_RULES: ErrorRule[] = [
  {
    code: 1142,
    match: /^SELECT User, Host FROM mysql\.user ORDER BY Host, User$/,
    why: 'the Privileges page reads mysql.user, then falls back to CURRENT_USER (privileges.inc.php)',
  },
];

const innerText = (page: Page, selector: string): Promise<string> =>
  page.$eval(selector, (e) => (e as unknown as { innerText: string }).innerText);

describe.skipIf(!tools.available).each(['ON', 'OFF'] as const)('Adminer 4.8 with disconnect_on_expired_password=%s', (mode) => {
  let em: Awaited<ReturnType<typeof startTestEmulator>>;
  let proxy: StatementProxy;
  let app: PhpApp;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let server: string;
  let shots = '';
  const shoot = async (page: Page, name: string, bothModes = false): Promise<void> => {
    if (mode === 'ON' || bothModes) await screenshot(page, shots, bothModes ? `${name}-${mode.toLowerCase()}` : name);
  };

  beforeAll(async () => {
    shots = screenshotDir();
    em = await startTestEmulator({ rootPassword: ROOT_PW, variables: { disconnect_on_expired_password: mode } });
    await em.sql('CREATE DATABASE shop');
    await em.sql('CREATE DATABASE hr');
    await em.sql(`CREATE USER 'alice'@'%' IDENTIFIED BY '${OLD_PW}' PASSWORD EXPIRE`);
    await em.sql("GRANT SELECT, INSERT ON shop.* TO 'alice'@'%'");
    proxy = await StatementProxy.start({ host: '127.0.0.1', port: em.port });
    server = `127.0.0.1:${proxy.port}`;
    app = await startAdminer();
    ({ browser, close: closeBrowser } = await launchBrowser());
  }, 60_000);

  afterAll(async () => {
    await closeBrowser?.();
    await app?.close();
    await proxy?.close();
    await em?.close();
    if (shots) removeScreenshotDir(shots);
  });

  async function login(context: BrowserContext, user: string, password: string): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${app.url}/index.php`);
    await page.type('input[name="auth[server]"]', server);
    await page.type('input[name="auth[username]"]', user);
    await page.type('input[name="auth[password]"]', password);
    await Promise.all([page.waitForNavigation(), page.click('input[type=submit]')]);
    return page;
  }

  async function open(page: Page, user: string, query: string): Promise<void> {
    await page.goto(`${app.url}/index.php?server=${encodeURIComponent(server)}&username=${user}&${query}`);
  }

  async function runSql(page: Page, user: string, sql: string): Promise<string> {
    await open(page, user, 'sql=');
    await page.type('textarea[name=query]', sql);
    await Promise.all([page.waitForNavigation(), page.click('input[type=submit][value=Execute]')]);
    return innerText(page, '#content');
  }

  async function checkStep(page: Page, from: number, rules: ErrorRule[]): Promise<void> {
    expect(await errorBoxes(page, ERROR_BOX)).toEqual([]);
    expect(unexplainedErrors(proxy.since(from), rules)).toEqual([]);
  }

  test('root: login, databases, privileges, a database, a table structure, SHOW GRANTS in SQL command', async () => {
    const context = await browser.createBrowserContext();
    let from = proxy.mark();
    const page = await login(context, 'root', ROOT_PW);
    const home = await innerText(page, '#content');
    expect(home).toContain('Logged as: root@localhost');
    expect(home).toMatch(/MySQL version: 8\.4\.\d+ through PHP extension MySQLi/);
    const databases = await page.$$eval('#content table a[href*="db="]', (as) => as.map((a) => a.textContent!.trim()));
    expect(databases).toEqual(expect.arrayContaining(['hr', 'information_schema', 'mysql', 'performance_schema', 'shop', 'sys']));
    // Adminer's connect statements (mysql.inc.php connect()), answered as MySQL 8.4 answers them.
    const first = proxy.since(from).filter((e) => e.command === 'COM_QUERY').slice(0, 2);
    expect(first.map((e) => [e.sql, e.answer])).toEqual([
      ['SET NAMES utf8mb4', 'ok'],
      ['SET sql_quote_show_create = 1, autocommit = 1', 'ok'],
    ]);
    await checkStep(page, from, ROOT_RULES);
    await shoot(page, 'adminer-home');

    from = proxy.mark();
    await open(page, 'root', 'privileges=');
    const accounts = await page.$$eval('#content table tr', (rows) =>
      rows.map((r) => [...r.querySelectorAll('td, th')].map((c) => c.textContent!.trim()).join('|')),
    );
    expect(accounts).toEqual(expect.arrayContaining(['root|localhost|Edit', 'alice|%|Edit', 'mysql.sys|localhost|Edit']));
    await checkStep(page, from, ROOT_RULES);
    await shoot(page, 'adminer-privileges');

    from = proxy.mark();
    await open(page, 'root', 'db=mysql');
    const tables = await page.$$eval('#content table th a', (as) => as.map((a) => a.textContent!.trim()));
    expect(tables).toEqual(expect.arrayContaining(['db', 'global_grants', 'password_history', 'user']));
    await checkStep(page, from, ROOT_RULES);
    await shoot(page, 'adminer-database');

    from = proxy.mark();
    await open(page, 'root', 'db=mysql&table=user');
    const columns = await page.$$eval('#content table th', (ths) => ths.map((th) => th.textContent!.trim()));
    expect(columns).toEqual(expect.arrayContaining(['Host', 'User', 'authentication_string', 'password_expired', 'account_locked']));
    await checkStep(page, from, ROOT_RULES);

    // Status: SHOW STATUS is the session's, and each page is a new connection: the session counters
    // start again, the global-only ones (Connections, Uptime, Threads_connected) are the server's.
    const status = async (): Promise<Map<string, string>> => {
      await open(page, 'root', 'status=');
      const rows = await page.$$eval('#content table tr', (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent!.trim())));
      return new Map(rows.map(([k, v]) => [k!, v ?? '']));
    };
    from = proxy.mark();
    const before = await status();
    await shoot(page, 'adminer-status');
    const after = await status();
    expect(Number(after.get('Connections'))).toBeGreaterThan(Number(before.get('Connections')));
    expect(after.get('Questions')).toBe(before.get('Questions'));
    expect(Number(after.get('Bytes_received'))).toBeGreaterThan(0);
    expect(Number(after.get('Threads_connected'))).toBeGreaterThanOrEqual(1);
    expect(Number(after.get('Uptime'))).toBeGreaterThanOrEqual(0);
    await checkStep(page, from, ROOT_RULES);

    from = proxy.mark();
    const grants = await runSql(page, 'root', 'SHOW GRANTS');
    expect(grants).toContain('Grants for root@localhost');
    expect(grants).toContain('GRANT PROXY ON ``@`` TO `root`@`localhost` WITH GRANT OPTION');
    await checkStep(page, from, ROOT_RULES);
    await shoot(page, 'adminer-sql-show-grants');
    expect(unexpectedLoginErrors(proxy.logins, {})).toEqual([]);
    await context.close();
  }, 60_000);

  test(`an account created with PASSWORD EXPIRE: ${mode === 'ON' ? '1862 on the login form' : 'every statement gets 1820, ALTER USER USER() from SQL command resets it'}`, async () => {
    const context = await browser.createBrowserContext();
    const from = proxy.mark();
    const logins = proxy.logins.length;
    const page = await login(context, 'alice', OLD_PW);
    const attempt = proxy.logins.slice(logins).find((l) => l.user === 'alice');
    expect(attempt, 'Adminer connected as alice').toBeDefined();
    // mysqli (mysqlnd) never sends CLIENT_CAN_HANDLE_EXPIRED_PASSWORDS.
    expect(attempt!.capabilities & CAN_HANDLE_EXPIRED).toBe(0);
    if (mode === 'ON') {
      expect(attempt!.error).toEqual({ code: 1862, sqlState: 'HY000', message: TEXT_1862 });
      expect(await errorBoxes(page, ERROR_BOX)).toEqual([TEXT_1862]);
      await shoot(page, 'adminer-expired', true);
      await context.close();
      return;
    }
    // Logged in, but every statement fails: Adminer shows no error, and no user name (SELECT USER() got 1820).
    expect(attempt!.ok).toBe(true);
    const session = proxy.since(from).filter((e) => e.conn === attempt!.conn);
    expect(session[0]).toMatchObject({ sql: 'SET NAMES utf8mb4', errors: [{ code: 1820 }] });
    expect(session.find((e) => e.sql === 'SELECT USER()')).toMatchObject({ errors: [{ code: 1820 }] });
    expect(await errorBoxes(page, ERROR_BOX)).toEqual([]);
    expect(await innerText(page, '#content')).toMatch(/^Logged as:\s*$/m);
    expect(unexplainedErrors(proxy.since(from), [SANDBOX])).toEqual([]);
    await shoot(page, 'adminer-expired', true);

    // SQL command: mysqli::multi_query first turns multi-statements on (COM_SET_OPTION, refused in the
    // sandbox), then sends the statement, which MySQL 8.4 runs.
    const reset = proxy.mark();
    const result = await runSql(page, 'alice', `ALTER USER USER() IDENTIFIED BY '${NEW_PW}'`);
    expect(result).toContain('Query executed OK, 0 rows affected.');
    const alter = proxy.since(reset).find((e) => e.sql?.startsWith('ALTER USER'));
    expect(alter).toMatchObject({ answer: 'ok', errors: [] });
    expect(proxy.since(reset).find((e) => e.command === 'COM_SET_OPTION')).toMatchObject({ errors: [{ code: 1820 }] });
    expect(unexplainedErrors(proxy.since(reset), [SANDBOX])).toEqual([]);
    await shoot(page, 'adminer-reset', true);

    // Adminer still holds the old password: its next page is MySQL's 1045, and the login form again.
    const before = proxy.logins.length;
    await open(page, 'alice', 'sql=');
    expect(proxy.logins.slice(before).map((l) => l.error?.code)).toContain(1045);
    expect(await errorBoxes(page, ERROR_BOX)).toEqual(["Access denied for user 'alice'@'localhost' (using password: YES)"]);
    await context.close();
  }, 60_000);

  test('after the reset: the same pages as that user, who sees only what its grants allow', async () => {
    if (mode === 'ON') {
      // With ON, Adminer cannot log in to reset the password: the user does it with a client that can.
      const conn = await createConnection({ host: '127.0.0.1', port: em.port, user: 'alice', password: OLD_PW, flags: ['CAN_HANDLE_EXPIRED_PASSWORDS'] });
      await conn.query(`ALTER USER USER() IDENTIFIED BY '${NEW_PW}'`);
      await conn.end();
    }
    const context = await browser.createBrowserContext();
    let from = proxy.mark();
    const page = await login(context, 'alice', NEW_PW);
    expect(await innerText(page, '#content')).toContain('Logged as: alice@localhost');
    const databases = await page.$$eval('#content table a[href*="db="]', (as) => as.map((a) => a.textContent!.trim()));
    expect(databases).toContain('shop');
    expect(databases).not.toContain('mysql');
    expect(databases).not.toContain('hr');
    await checkStep(page, from, USER_RULES);
    await shoot(page, 'adminer-after-reset');

    from = proxy.mark();
    await open(page, 'alice', 'privileges=');
    // mysql.user is not readable: Adminer lists the current account only.
    const accounts = await page.$$eval('#content table tr', (rows) =>
      rows.map((r) => [...r.querySelectorAll('td, th')].map((c) => c.textContent!.trim()).join('|')),
    );
    expect(accounts).toContain('alice|%|Edit');
    await checkStep(page, from, USER_RULES);

    from = proxy.mark();
    await open(page, 'alice', 'db=shop');
    expect(await innerText(page, '#content')).toContain('No tables.');
    await checkStep(page, from, USER_RULES);

    from = proxy.mark();
    const grants = await runSql(page, 'alice', 'SHOW GRANTS');
    expect(grants).toContain('GRANT USAGE ON *.* TO `alice`@`%`');
    expect(grants).toContain('GRANT SELECT, INSERT ON `shop`.* TO `alice`@`%`');
    await checkStep(page, from, USER_RULES);
    expect(unexpectedLoginErrors(proxy.logins, { alice: mode === 'ON' ? [1862] : [1045] })).toEqual([]);
    await context.close();
  }, 60_000);
});
