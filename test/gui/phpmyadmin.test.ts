/**
 * phpMyAdmin 5.2 (Debian's package) in headless Chromium against the
 * emulator, with disconnect_on_expired_password ON and OFF: root's pages,
 * an account created with PASSWORD EXPIRE, and the same account after its
 * reset. Every statement phpMyAdmin sends goes through a logging proxy; a
 * step fails on any error that MySQL 8.4 would not give (expected-errors.ts)
 * and on any error box phpMyAdmin shows where MySQL 8.4 shows none.
 * UPDATE_SCREENSHOTS=1 writes the pictures of docs/gui-tools.md.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'puppeteer-core';
import { createConnection } from 'mysql2/promise';
import { startTestEmulator } from '../helpers/emulator.js';
import { ERRORS } from '../../src/errors/catalogue.js';
import { StatementProxy, describe as describeExchange } from './helpers/statement-proxy.js';
import { requireGuiTools, startPhpMyAdmin, type PhpApp } from './helpers/php-apps.js';
import { errorBoxes, launchBrowser, removeScreenshotDir, screenshot, screenshotDir } from './helpers/browser.js';
import { REMOVED_IN_84, SANDBOX, unexplainedErrors, unexpectedLoginErrors, type ErrorRule } from './helpers/expected-errors.js';

const tools = requireGuiTools('phpmyadmin');
const ROOT_PW = 'Root-pw1!';
const OLD_PW = 'Old-pw1!';
const NEW_PW = 'New-pw2!';
const CAN_HANDLE_EXPIRED = 1 << 22;
/** phpMyAdmin 5.2's error boxes (Bootstrap alerts, and the older .error class). */
const ERROR_BOX = '.alert-danger, div.error';
const TEXT_1862 = ERRORS.ER_MUST_CHANGE_PASSWORD_LOGIN.message;
const TEXT_1820 = ERRORS.ER_MUST_CHANGE_PASSWORD.message;

/** What MySQL 8.4 answers with an error to phpMyAdmin as root. */
const ROOT_RULES: ErrorRule[] = [
  ...REMOVED_IN_84,
  { code: 1049, match: /^SHOW TABLES FROM `phpmyadmin`;?$/, why: 'phpMyAdmin looks for its configuration storage database, which this server does not have' },
  // After a query whose result has no table (SHOW GRANTS), phpMyAdmin looks for the result's unique key with an empty
  // database and table name: MySQL 8.4 answers COM_INIT_DB '' with 1046, and its table_ident has no '.' ident form.
  { code: 1046, match: /^COM_INIT_DB$/, why: "COM_INIT_DB '' (DatabaseInterface::selectDb(''))" },
  { code: 1064, match: /^SHOW\s+(COLUMNS|INDEXES)\s+FROM\s+\.$/, why: 'an empty table name (Sql::getColumnsAndIndexes)' },
];
/** ... and to an account with SELECT, INSERT on shop.* only. */
const USER_RULES: ErrorRule[] = [
  ...ROOT_RULES,
  { code: 1142, match: /^SELECT 1 FROM mysql\.user LIMIT 1$/, why: "phpMyAdmin's isSuperUser probe: SELECT command denied on mysql.user" },
];

describe.skipIf(!tools.available).each(['ON', 'OFF'] as const)('phpMyAdmin 5.2 with disconnect_on_expired_password=%s', (mode) => {
  let em: Awaited<ReturnType<typeof startTestEmulator>>;
  let proxy: StatementProxy;
  let app: PhpApp;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let shots = '';
  /** Screenshots of pages that do not depend on the mode are taken once, with ON. */
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
    app = await startPhpMyAdmin({ host: '127.0.0.1', port: proxy.port });
    ({ browser, close: closeBrowser } = await launchBrowser());
  }, 60_000);

  afterAll(async () => {
    await closeBrowser?.();
    await app?.close();
    await proxy?.close();
    await em?.close();
    if (shots) removeScreenshotDir(shots);
  });

  /** Opens a route and waits for its AJAX (the navigation tree) to settle. */
  async function open(page: Page, route: string): Promise<void> {
    await page.goto(`${app.url}/index.php?route=${route}`, { waitUntil: 'networkidle0' });
  }

  async function login(context: BrowserContext, user: string, password: string): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${app.url}/index.php`, { waitUntil: 'networkidle0' });
    await page.type('#input_username', user);
    await page.type('#input_password', password);
    await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle0' }), page.click('#input_go')]);
    return page;
  }

  async function navigationTree(page: Page): Promise<string[]> {
    await page.waitForSelector('#pma_navigation_tree_content a.hover_show_full', { timeout: 10_000 });
    return page.$$eval('#pma_navigation_tree_content li.database', (items) => items.map((li) => li.querySelector('a.hover_show_full')!.textContent!.trim()));
  }

  /** Types `sql` into the SQL tab's editor (CodeMirror), runs it and returns the page's text. */
  async function runSql(page: Page, sql: string): Promise<string> {
    await open(page, '/server/sql');
    // The page has two editors (the console's is hidden): the form's is the visible one.
    await page.evaluate((text) => {
      type Editor = { offsetParent: unknown; CodeMirror: { setValue(v: string): void; save(): void } };
      const { document } = globalThis as unknown as { document: { querySelectorAll(s: string): Iterable<Editor> } };
      const editor = [...document.querySelectorAll('#sqlqueryform .CodeMirror')].find((e) => e.offsetParent !== null)!.CodeMirror;
      editor.setValue(text);
      editor.save();
    }, sql);
    await Promise.all([
      page.waitForResponse((r) => r.url().includes('route=/import') || r.url().includes('route=/sql')),
      page.click('#button_submit_query'),
    ]);
    await page.waitForSelector('.result_query', { timeout: 10_000 });
    await page.waitForNetworkIdle({ idleTime: 300 });
    return page.$eval('#page_content', (e) => (e as unknown as { innerText: string }).innerText);
  }

  /** Fails the step on an error box or an error MySQL 8.4 would not give since `from`. */
  async function checkStep(page: Page, from: number, rules: ErrorRule[]): Promise<void> {
    expect(await errorBoxes(page, ERROR_BOX)).toEqual([]);
    expect(unexplainedErrors(proxy.since(from), rules)).toEqual([]);
  }

  test('root: login, navigation tree, user accounts, databases, a structure page, SHOW GRANTS in the SQL tab', async () => {
    const context = await browser.createBrowserContext();
    let from = proxy.mark();
    const page = await login(context, 'root', ROOT_PW);
    const tree = await navigationTree(page);
    expect(tree).toEqual(expect.arrayContaining(['hr', 'information_schema', 'mysql', 'performance_schema', 'shop', 'sys']));
    const server = await page.$eval('#page_content', (e) => (e as unknown as { innerText: string }).innerText);
    expect(server).toContain('User: root@localhost');
    expect(server).toMatch(/Server version: 8\.4\.\d+ - MySQL Community Server - GPL/);
    // Root administers users: phpMyAdmin shows the User accounts tab only to a user who may (isSuperUser, isGrantUser, isCreateUser).
    expect(await page.$$eval('#topmenu a', (as) => as.map((a) => a.textContent!.trim()))).toContain('User accounts');
    // The first statements phpMyAdmin sends (DatabaseInterface::postConnect), answered as MySQL 8.4 answers them.
    const first = proxy.since(from).filter((e) => e.command === 'COM_QUERY').slice(0, 3).map(describeExchange);
    expect(first[0]).toMatch(/SELECT @@version, @@version_comment -> rows$/);
    expect(first[1]).toMatch(/SET NAMES 'utf8mb4' COLLATE 'utf8mb4_general_ci'; -> ok$/);
    await checkStep(page, from, ROOT_RULES);
    await shoot(page, 'phpmyadmin-home');

    from = proxy.mark();
    await open(page, '/server/privileges');
    const accounts = await page.$$eval('#usersForm tbody tr', (rows) =>
      rows.map((r) => [...r.querySelectorAll('td')].slice(1, 3).map((td) => td.textContent!.trim()).join('@')),
    );
    expect(accounts).toEqual(expect.arrayContaining(['alice@%', 'root@localhost', 'mysql.sys@localhost']));
    await checkStep(page, from, ROOT_RULES);
    await shoot(page, 'phpmyadmin-user-accounts');

    from = proxy.mark();
    await open(page, '/server/databases');
    const databases = await page.$$eval('#dbStatsForm tbody tr td.name a', (as) => as.map((a) => a.textContent!.trim()));
    expect(databases).toEqual(expect.arrayContaining(['hr', 'mysql', 'shop', 'sys']));
    await checkStep(page, from, ROOT_RULES);
    await shoot(page, 'phpmyadmin-databases');

    from = proxy.mark();
    await open(page, '/database/structure&db=mysql');
    const tables = await page.$$eval('#tablesForm tbody tr th a', (as) => as.map((a) => a.textContent!.trim()));
    expect(tables).toEqual(expect.arrayContaining(['db', 'global_grants', 'password_history', 'user']));
    await checkStep(page, from, ROOT_RULES);
    await shoot(page, 'phpmyadmin-structure');

    from = proxy.mark();
    const grants = await runSql(page, 'SHOW GRANTS');
    // phpMyAdmin cuts long values at 50 characters (LimitChars).
    expect(grants).toContain('Grants for root@localhost');
    expect(grants).toContain('GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP...');
    expect(grants).toContain('GRANT PROXY ON ``@`` TO `root`@`localhost` WITH GR...');
    await checkStep(page, from, ROOT_RULES);
    await shoot(page, 'phpmyadmin-sql-show-grants');
    expect(unexpectedLoginErrors(proxy.logins, {})).toEqual([]);
    await context.close();
  }, 60_000);

  test(`an account created with PASSWORD EXPIRE: ${mode === 'ON' ? '1862 on the login page' : '1820 for the first statement'}`, async () => {
    const context = await browser.createBrowserContext();
    const from = proxy.mark();
    const logins = proxy.logins.length;
    const page = await login(context, 'alice', OLD_PW);
    const boxes = await errorBoxes(page, ERROR_BOX);
    const attempt = proxy.logins.slice(logins).find((l) => l.user === 'alice');
    expect(attempt, 'phpMyAdmin connected as alice').toBeDefined();
    // mysqli (mysqlnd) never sends CLIENT_CAN_HANDLE_EXPIRED_PASSWORDS, and phpMyAdmin never asks it to.
    expect(attempt!.capabilities & CAN_HANDLE_EXPIRED).toBe(0);
    if (mode === 'ON') {
      expect(attempt!.error).toEqual({ code: 1862, sqlState: 'HY000', message: TEXT_1862 });
      expect(boxes).toEqual(['Cannot log in to the MySQL server', `mysqli::real_connect(): (HY000/1862): ${TEXT_1862}`]);
      expect(proxy.since(from).filter((e) => e.conn === attempt!.conn)).toEqual([]);
    } else {
      expect(attempt!.ok).toBe(true);
      const session = proxy.since(from).filter((e) => e.conn === attempt!.conn);
      // The session's first statement already gets 1820, and so does SET NAMES: MySQL 8 runs only ALTER USER and SET PASSWORD.
      expect(session[0]).toMatchObject({ sql: 'SELECT @@version, @@version_comment', errors: [{ code: 1820, message: TEXT_1820 }] });
      expect(session[1]).toMatchObject({ sql: "SET NAMES 'utf8mb4' COLLATE 'utf8mb4_general_ci';", errors: [{ code: 1820 }] });
      expect(boxes).toHaveLength(1);
      expect(boxes[0]).toContain(`#1820 - ${TEXT_1820}`);
      expect(unexplainedErrors(proxy.since(from), [SANDBOX, ...REMOVED_IN_84])).toEqual([]);
    }
    await shoot(page, 'phpmyadmin-expired', true);
    if (mode === 'OFF') {
      // phpMyAdmin keeps no login from that page: the next one (here the SQL tab, where ALTER USER could
      // have been typed) is the login form again, without a connection.
      const connections = proxy.logins.length;
      await open(page, '/server/sql');
      expect(await page.$('#input_username')).not.toBeNull();
      expect(proxy.logins.length).toBe(connections);
    }
    await context.close();
  }, 60_000);

  test('after the reset: the same pages as that user, who sees only what its grants allow', async () => {
    // phpMyAdmin cannot reset an expired password; the user does it with a client that can (mysql --connect-expired-password).
    const conn = await createConnection({ host: '127.0.0.1', port: em.port, user: 'alice', password: OLD_PW, flags: ['CAN_HANDLE_EXPIRED_PASSWORDS'] });
    await conn.query(`ALTER USER USER() IDENTIFIED BY '${NEW_PW}'`);
    await conn.end();

    const context = await browser.createBrowserContext();
    let from = proxy.mark();
    const page = await login(context, 'alice', NEW_PW);
    const tree = await navigationTree(page);
    expect(tree).toContain('shop');
    expect(tree).not.toContain('mysql');
    expect(tree).not.toContain('hr');
    expect(await page.$eval('#page_content', (e) => (e as unknown as { innerText: string }).innerText)).toContain('User: alice@localhost');
    expect(await page.$$eval('#topmenu a', (as) => as.map((a) => a.textContent!.trim()))).not.toContain('User accounts');
    await checkStep(page, from, USER_RULES);
    await shoot(page, 'phpmyadmin-after-reset');

    from = proxy.mark();
    await open(page, '/server/databases');
    const databases = await page.$$eval('#dbStatsForm tbody tr td.name a', (as) => as.map((a) => a.textContent!.trim()));
    expect(databases).toContain('shop');
    expect(databases).not.toContain('mysql');
    await checkStep(page, from, USER_RULES);

    from = proxy.mark();
    await open(page, '/database/structure&db=shop');
    expect(await page.$eval('#page_content', (e) => (e as unknown as { innerText: string }).innerText)).toContain('No tables found in database.');
    await checkStep(page, from, USER_RULES);

    from = proxy.mark();
    const grants = await runSql(page, 'SHOW GRANTS');
    expect(grants).toContain('Grants for alice@%');
    expect(grants).toContain('GRANT USAGE ON *.* TO `alice`@`%`');
    expect(grants).toContain('GRANT SELECT, INSERT ON `shop`.* TO `alice`@`%`');
    await checkStep(page, from, USER_RULES);
    expect(unexpectedLoginErrors(proxy.logins, { alice: mode === 'ON' ? [1862] : [] })).toEqual([]);
    await context.close();
  }, 60_000);
});
