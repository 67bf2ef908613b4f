/**
 * MySQL Workbench 8.0 cannot run here: its sessions are replayed, statement
 * by statement as its source sends them (research: docs/gui-tools.md), through
 * libmariadb (python3-MySQLdb), the C library family Workbench's Connector/C++
 * sits on, with the options Workbench sets: CLIENT_CAN_HANDLE_EXPIRED_PASSWORDS
 * on every connection, CLIENT_MULTI_STATEMENTS, CLIENT_INTERACTIVE for the
 * SQL editor, and the Password Expired dialog's init command. The connection
 * attributes (program_name=MySQLWorkbench) go through mysql2. Every step must
 * get MySQL 8.4's answer.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createConnection } from 'mysql2/promise';
import { startTestEmulator } from '../helpers/emulator.js';
import { requireDriver } from '../helpers/run-client.js';
import { ERRORS } from '../../src/errors/catalogue.js';
import { mismatches, q, runLibmariadb, type Step } from './helpers/replay.js';

const driver = requireDriver('mysqldb');
const CAN_HANDLE_EXPIRED = 1 << 22;
const MULTI_STATEMENTS = 1 << 16;
const INTERACTIVE = 1 << 10;
/** Workbench's SQL editor connections (driver_manager.cpp, wb_sql_editor_form.cpp). */
const EDITOR_FLAGS = CAN_HANDLE_EXPIRED | MULTI_STATEMENTS | INTERACTIVE;
/** Its admin and Test Connection connections: no CLIENT_INTERACTIVE. */
const ADMIN_FLAGS = CAN_HANDLE_EXPIRED | MULTI_STATEMENTS;
const ROOT_PW = 'Root-pw1!';
const TEXT_1820 = ERRORS.ER_MUST_CHANGE_PASSWORD.message;

const one = (expected: string) => (rows: string[][]) => expect(rows).toEqual([[expected]]);
const variable = (name: string, value?: RegExp) => (rows: string[][]) => {
  expect(rows).toHaveLength(1);
  expect(rows[0]![0]).toBe(name);
  if (value) expect(rows[0]![1]).toMatch(value);
};
const nonEmpty = (rows: string[][]) => expect(rows.length).toBeGreaterThan(0);

/** Connector/C++'s connect (setAutoCommit) and Workbench's DriverManager::getConnection, then the editor's init slot. */
function editorConnect(user: string): Step[] {
  return [
    { autocommit: true, expect: 'ok' },
    q('SELECT current_user()', one(user)),
    q('SET CHARACTER SET utf8', 'ok'),
    q('SET NAMES utf8', 'ok'),
    q('SET SQL_SAFE_UPDATES=1', 'ok'),
    q("SHOW SESSION VARIABLES LIKE 'sql_mode'", variable('sql_mode', /ONLY_FULL_GROUP_BY/)),
    q('SELECT CONNECTION_ID()', (rows) => expect(Number(rows[0]![0])).toBeGreaterThan(0)),
    q("show character set where charset = 'utf8mb4'", (rows) => expect(rows[0]!.slice(0, 3)).toEqual(['utf8mb4', 'UTF-8 Unicode', 'utf8mb4_0900_ai_ci'])),
    q("SET NAMES 'utf8mb4'", 'ok'),
    q("SHOW SESSION STATUS LIKE 'Ssl_cipher'", variable('Ssl_cipher', /^$/)),
  ];
}

/** SqlEditorForm::do_connect and finish_startup, then the Navigator's schema list. */
const EDITOR_STARTUP: Step[] = [
  q("SHOW SESSION VARIABLES LIKE 'version_comment'", variable('version_comment', /^MySQL Community Server - GPL$/)),
  q("SHOW SESSION VARIABLES LIKE 'version'", variable('version', /^8\.4\.\d+$/)),
  q("SHOW SESSION VARIABLES LIKE 'lower_case_table_names'", variable('lower_case_table_names', /^0$/)),
  q('show engines', (rows) => expect(rows.map((r) => r[0])).toContain('InnoDB')),
  q('show charset', nonEmpty),
  q('show collation', nonEmpty),
  q('show variables', nonEmpty),
  q("SHOW SESSION VARIABLES LIKE 'version_compile_os'", variable('version_compile_os', /^Linux$/)),
  q("SHOW SESSION VARIABLES LIKE 'offline_mode'", variable('offline_mode', /^OFF$/)),
  q("SHOW SESSION VARIABLES LIKE 'wait_timeout'", variable('wait_timeout', /^28800$/)),
  q("SHOW SESSION VARIABLES LIKE 'interactive_timeout'", variable('interactive_timeout', /^28800$/)),
  q('do 1', 'ok'),
  q('SHOW DATABASES', (rows) => expect(rows.map((r) => r[0])).toEqual(expect.arrayContaining(['information_schema', 'mysql', 'performance_schema', 'shop', 'sys']))),
];

/** The Navigator expanding `mysql` and its table `user` (wb_sql_editor_tree_controller.cpp). */
const SCHEMA_TREE: Step[] = [
  q('SHOW FULL TABLES FROM `mysql`', (rows) => expect(rows).toContainEqual(['user', 'BASE TABLE'])),
  q("SHOW PROCEDURE STATUS WHERE Db='mysql'", 'rows'),
  q("SHOW FUNCTION STATUS WHERE Db='mysql'", 'rows'),
  q('SHOW FULL COLUMNS FROM `mysql`.`user`', (rows) => expect(rows.map((r) => r[0])).toEqual(expect.arrayContaining(['Host', 'User', 'authentication_string']))),
  q('SELECT VARIABLE_NAME FROM performance_schema.user_variables_by_thread', 'rows'),
  q("SHOW TRIGGERS FROM `mysql` LIKE 'user'", (rows) => expect(rows).toEqual([])),
  q('SHOW INDEXES FROM `mysql`.`user`', (rows) => expect(rows.map((r) => r[4])).toEqual(['Host', 'User'])),
  q('SHOW CREATE TABLE `mysql`.`user`', (rows) => expect(rows[0]![1]).toMatch(/^CREATE TABLE `user` \(/)),
  q('SELECT * FROM `mysql`.`user` LIMIT 0, 1000', nonEmpty),
];

/** The Table Inspector on mysql.user (sqlide_tableman_ext.py). */
const TABLE_INSPECTOR: Step[] = [
  q("select * from information_schema.tables WHERE table_schema = 'mysql' AND table_name = 'user'", (rows) => expect(rows).toHaveLength(1)),
  q("select count(*) column_count from information_schema.columns WHERE table_schema = 'mysql' and table_name = 'user'", (rows, cols) => {
    expect(cols).toEqual(['column_count']);
    expect(Number(rows[0]![0])).toBeGreaterThan(40);
  }),
  q('show create table `mysql`.`user`', 'rows'),
  q(
    "select `COLUMN_NAME`, `COLUMN_TYPE`, `COLUMN_DEFAULT`, `IS_NULLABLE`, `CHARACTER_SET_NAME`, `COLLATION_NAME`, `PRIVILEGES`, `EXTRA`, `COLUMN_COMMENT` from information_schema.columns where table_schema = 'mysql' and table_name = 'user'",
    (rows) => expect(rows[0]!.slice(0, 2)).toEqual(['Host', 'char(255)']),
  ),
  q('show index from `user` from `mysql`', (rows) => expect(rows).toHaveLength(2)),
  q("show triggers from `mysql` like 'user'", 'rows'),
  q(
    "select CONSTRAINT_NAME, TABLE_NAME, COLUMN_NAME, REFERENCED_TABLE_SCHEMA, REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE WHERE ((REFERENCED_TABLE_SCHEMA = 'mysql' AND referenced_table_name = 'user') OR (TABLE_SCHEMA='mysql' and table_name = 'user')) AND REFERENCED_TABLE_NAME is not null ORDER BY TABLE_NAME, COLUMN_NAME;",
    (rows) => expect(rows).toEqual([]),
  ),
  q(
    "select PARTITION_NAME, PARTITION_EXPRESSION, PARTITION_DESCRIPTION, TABLE_ROWS FROM information_schema.partitions WHERE TABLE_SCHEMA = 'mysql' AND TABLE_NAME = 'user' AND PARTITION_NAME IS NOT NULL ORDER BY PARTITION_NAME",
    (rows) => expect(rows).toEqual([]),
  ),
  q("show columns from `mysql`.`tables_priv` like 'table_priv'", (rows) => expect(rows[0]![0]).toBe('Table_priv')),
  // The "Analyze Table" button.
  q('ANALYZE TABLE `mysql`.`user`', (rows, cols) => {
    expect(cols).toEqual(['Table', 'Op', 'Msg_type', 'Msg_text']);
    expect(rows).toEqual([['mysql.user', 'analyze', 'status', 'OK']]);
  }),
];

/** Users and Privileges (wb_admin_security_be.py), then selecting root@localhost. */
const USERS_AND_PRIVILEGES: Step[] = [
  q('DESCRIBE mysql.db', (rows) => expect(rows.map((r) => r[0])).toContain('Select_priv')),
  q('DESCRIBE mysql.user', (rows) =>
    expect(rows.map((r) => r[0])).toEqual(expect.arrayContaining(['max_user_connections', 'plugin', 'authentication_string', 'password_expired'])),
  ),
  q('SHOW DATABASES', nonEmpty),
  q('SELECT User, Host FROM mysql.user ORDER BY User', (rows) => expect(rows).toEqual(expect.arrayContaining([['alice', '%'], ['root', 'localhost']]))),
  q('SELECT d.User, d.Host, d.Db FROM mysql.db AS d LEFT JOIN mysql.user AS u ON d.User = u.user AND d.Host = u.Host WHERE u.User IS NULL', (rows) => expect(rows).toEqual([])),
  q(
    'SELECT t.User, t.Host, t.Db, t.Table_name FROM mysql.tables_priv AS t LEFT JOIN mysql.user AS u ON t.User = u.user AND t.Host = u.Host WHERE u.User IS NULL',
    (rows) => expect(rows).toEqual([]),
  ),
  q(
    'SELECT c.User, c.Host, c.Db, c.Table_name, c.Column_name FROM mysql.columns_priv AS c LEFT JOIN mysql.user AS u ON c.User = u.user AND c.Host = u.Host WHERE u.User IS NULL',
    (rows) => expect(rows).toEqual([]),
  ),
  q(
    'SELECT p.User, p.Host, p.Db, p.Routine_name, p.Routine_type FROM mysql.procs_priv AS p LEFT JOIN mysql.user AS u ON p.User = u.user AND p.Host = u.Host WHERE u.User IS NULL',
    (rows) => expect(rows).toEqual([]),
  ),
  q("SELECT * FROM mysql.user WHERE User='root' AND Host='localhost' ORDER BY User, Host", (rows) => expect(rows).toHaveLength(1)),
  q("SELECT * FROM mysql.tables_priv WHERE Host='localhost' AND User='root' AND Db='mysql'", 'rows'),
  q("SELECT * FROM mysql.db WHERE User='root' AND Host='localhost' ORDER BY Db", 'rows'),
  // root@'%' exists too (as in the official image), and 'localhost' LIKE '%'.
  q("SELECT host FROM mysql.user WHERE user = 'root' AND 'localhost' LIKE host", (rows) => expect(rows.map((r) => r[0]).sort()).toEqual(['%', 'localhost'])),
  q('SHOW GRANTS FOR `root`@`localhost`', (rows) => expect(rows.at(-1)![0]).toBe('GRANT PROXY ON ``@`` TO `root`@`localhost` WITH GRANT OPTION')),
  q("SELECT * FROM mysql.user WHERE User='alice' AND Host='%' ORDER BY User, Host", (rows, cols) => {
    expect(rows[0]![cols.indexOf('password_expired')]).toBe('Y');
  }),
  q('SHOW GRANTS FOR `alice`@`%`', (rows) => expect(rows).toEqual([['GRANT USAGE ON *.* TO `alice`@`%`'], ['GRANT SELECT, INSERT ON `shop`.* TO `alice`@`%`']])),
];

/** The admin connection (query_server_info), Server Status and Client Connections. */
const ADMIN: Step[] = [
  q('SHOW VARIABLES', nonEmpty),
  q('SHOW GLOBAL STATUS', (rows) => expect(rows.map((r) => r[0])).toEqual(expect.arrayContaining(['Uptime', 'Threads_connected', 'Questions', 'Bytes_received', 'Bytes_sent', 'Com_select']))),
  q('SHOW PLUGINS', (rows) => expect(rows.map((r) => r[0])).toContain('caching_sha2_password')),
  q('select 1', one('1')),
  // Server Status: Workbench 8.0 asks SHOW SLAVE STATUS, which MySQL 8.4 no longer parses.
  q('SHOW SLAVE STATUS', 1064),
  q('select @@performance_schema', one('1')),
  q("select count(*) from performance_schema.setup_instruments where name = 'wait/lock/metadata/sql/mdl' and enabled='YES'", 'rows'),
  q('SHOW FULL PROCESSLIST', nonEmpty),
];

describe.skipIf(!driver.available)('MySQL Workbench 8.0, replayed through libmariadb', () => {
  let em: Awaited<ReturnType<typeof startTestEmulator>>;
  const base = () => ({ host: '127.0.0.1', port: em.port });

  beforeAll(async () => {
    em = await startTestEmulator({ rootPassword: ROOT_PW });
    await em.sql('CREATE DATABASE shop');
    await em.sql("CREATE USER 'alice'@'%' IDENTIFIED BY 'Old-pw1!' PASSWORD EXPIRE");
    await em.sql("GRANT SELECT, INSERT ON shop.* TO 'alice'@'%'");
  });
  afterAll(async () => {
    await em?.close();
  });

  test('root: the SQL editor connects, starts, browses the schema tree, the Table Inspector, Users and Privileges', async () => {
    const steps = [...editorConnect('root@localhost'), ...EDITOR_STARTUP, ...SCHEMA_TREE, ...TABLE_INSPECTOR, ...USERS_AND_PRIVILEGES];
    const report = await runLibmariadb({ ...base(), user: 'root', password: ROOT_PW, clientFlags: EDITOR_FLAGS, steps });
    expect(report.connect).toEqual({ ok: true });
    expect(mismatches(steps, report.steps)).toEqual([]);
  });

  test('root: the admin connection, Server Status and Client Connections', async () => {
    const report = await runLibmariadb({ ...base(), user: 'root', password: ROOT_PW, clientFlags: ADMIN_FLAGS, steps: ADMIN });
    expect(report.connect).toEqual({ ok: true });
    expect(mismatches(ADMIN, report.steps)).toEqual([]);
  });

  test("Client Connections shows Workbench's program_name attribute (performance_schema.threads x session_connect_attrs)", async () => {
    const editor = await createConnection({
      ...base(),
      user: 'root',
      password: ROOT_PW,
      flags: ['CAN_HANDLE_EXPIRED_PASSWORDS', 'MULTI_STATEMENTS'],
      connectAttributes: { program_name: 'MySQLWorkbench' },
    });
    try {
      const [[me]] = (await editor.query('SELECT CONNECTION_ID() AS id')) as unknown as [{ id: number }[]];
      const [rows] = (await editor.query(
        "SELECT t.PROCESSLIST_ID,IF (NAME = 'thread/sql/event_scheduler','event_scheduler',t.PROCESSLIST_USER) PROCESSLIST_USER,t.PROCESSLIST_HOST,t.PROCESSLIST_DB,t.PROCESSLIST_COMMAND,t.PROCESSLIST_TIME,t.PROCESSLIST_STATE,t.THREAD_ID,t.TYPE,t.NAME,t.PARENT_THREAD_ID,t.INSTRUMENTED,t.PROCESSLIST_INFO,a.ATTR_VALUE FROM performance_schema.threads t  LEFT OUTER JOIN performance_schema.session_connect_attrs a ON t.processlist_id = a.processlist_id AND (a.attr_name IS NULL OR a.attr_name = 'program_name') WHERE t.TYPE <> 'BACKGROUND'",
      )) as unknown as [Record<string, unknown>[]];
      const mine = rows.find((r) => Number(r.PROCESSLIST_ID) === me!.id);
      expect(mine).toMatchObject({ PROCESSLIST_USER: 'root', PROCESSLIST_COMMAND: 'Query', TYPE: 'FOREGROUND', ATTR_VALUE: 'MySQLWorkbench' });
      const [attrs] = (await editor.query(`SELECT * FROM performance_schema.session_connect_attrs WHERE processlist_id = ${me!.id} ORDER BY ORDINAL_POSITION`)) as unknown as [
        Record<string, unknown>[],
      ];
      expect(attrs.map((a) => [a.ATTR_NAME, a.ATTR_VALUE])).toContainEqual(['program_name', 'MySQLWorkbench']);
      // Kill Query, then Kill Connection of another client (wb_admin_connections.py).
      const other = await createConnection({ ...base(), user: 'root', password: ROOT_PW });
      const [[{ id }]] = (await other.query('SELECT CONNECTION_ID() AS id')) as unknown as [{ id: number }[]];
      await editor.query(`KILL QUERY ${id}`);
      const lost = new Promise((resolve) => other.once('error', resolve));
      await editor.query(`KILL CONNECTION ${id}`);
      await expect(lost).resolves.toMatchObject({ code: 'PROTOCOL_CONNECTION_LOST' });
      await expect(editor.query(`KILL CONNECTION ${id}`)).rejects.toMatchObject({ errno: 1094, message: `Unknown thread id: ${id}` });
    } finally {
      await editor.end();
    }
  });

  test('the dashboard: SHOW GLOBAL STATUS polled once a second moves (Uptime, Threads_connected, Questions, Bytes_*, Com_select)', async () => {
    const poller = await createConnection({ ...base(), user: 'root', password: ROOT_PW, flags: ['CAN_HANDLE_EXPIRED_PASSWORDS'] });
    const status = async (): Promise<Map<string, number>> => {
      const [rows] = (await poller.query('SHOW GLOBAL STATUS')) as unknown as [{ Variable_name: string; Value: string }[]];
      return new Map(rows.map((r) => [r.Variable_name, Number(r.Value)]));
    };
    try {
      const before = await status();
      const other = await createConnection({ ...base(), user: 'root', password: ROOT_PW });
      for (let i = 0; i < 5; i++) await other.query('SELECT 1');
      await new Promise((r) => setTimeout(r, 1100));
      const during = await status();
      await other.end();
      expect(during.get('Uptime')!).toBeGreaterThan(before.get('Uptime')!);
      expect(during.get('Threads_connected')).toBe(before.get('Threads_connected')! + 1);
      expect(during.get('Connections')!).toBeGreaterThan(before.get('Connections')!);
      // Five SELECTs of the other session and this SHOW GLOBAL STATUS.
      expect(during.get('Questions')! - before.get('Questions')!).toBeGreaterThanOrEqual(6);
      expect(during.get('Com_select')! - before.get('Com_select')!).toBeGreaterThanOrEqual(5);
      expect(during.get('Bytes_received')!).toBeGreaterThan(before.get('Bytes_received')!);
      expect(during.get('Bytes_sent')!).toBeGreaterThan(before.get('Bytes_sent')!);
      await new Promise((r) => setTimeout(r, 50));
      const after = await status();
      expect(after.get('Threads_connected')).toBe(before.get('Threads_connected'));
    } finally {
      await poller.end();
    }
  });

});

describe.skipIf(!driver.available).each(['ON', 'OFF'] as const)(
  'MySQL Workbench 8.0 and an expired password, disconnect_on_expired_password=%s (Workbench sets bit 22: the same either way)',
  (mode) => {
    let em: Awaited<ReturnType<typeof startTestEmulator>>;
    const user = (name: string) => ({ host: '127.0.0.1', port: em.port, user: name, password: 'Old-pw1!' });
    beforeAll(async () => {
      // A startup option (read-only at run time, as in MySQL).
      em = await startTestEmulator({ rootPassword: ROOT_PW, variables: { disconnect_on_expired_password: mode } });
      await em.sql("CREATE USER 'bob'@'%' IDENTIFIED BY 'Old-pw1!', 'carol'@'%' IDENTIFIED BY 'Old-pw1!' PASSWORD EXPIRE");
    });
    afterAll(async () => {
      await em?.close();
    });

    test('the SQL editor and Test Connection: logged in, then 1820 for SELECT current_user(), the text Workbench shows', async () => {
      const steps: Step[] = [
        // Connector/C++ ignores mysql_autocommit()'s failure; the first statement Workbench checks is current_user().
        { autocommit: true, expect: 1820 },
        q('SELECT current_user()', { code: 1820, message: TEXT_1820 }),
      ];
      for (const flags of [EDITOR_FLAGS, ADMIN_FLAGS]) {
        const report = await runLibmariadb({ ...user('bob'), clientFlags: flags, steps });
        expect(report.connect).toEqual({ ok: true });
        expect(mismatches(steps, report.steps)).toEqual([]);
      }
    });

    test("the Password Expired dialog: the old password and the init command SET PASSWORD = '<new>', then the editor with the new one", async () => {
      const dialog: Step[] = [
        { autocommit: true, expect: 'ok' },
        q('SELECT current_user()', one('bob@%')),
        q("show character set where charset = 'utf8mb4'", 'rows'),
        q("SET NAMES 'utf8mb4'", 'ok'),
      ];
      const report = await runLibmariadb({ ...user('bob'), clientFlags: ADMIN_FLAGS, initCommand: "SET PASSWORD = 'New-pw2!'", steps: dialog });
      expect(report.connect).toEqual({ ok: true });
      expect(mismatches(dialog, report.steps)).toEqual([]);

      const editor = [...editorConnect('bob@%'), q('SHOW DATABASES', (rows) => expect(rows.map((r) => r[0])).toEqual(['information_schema', 'performance_schema']))];
      const again = await runLibmariadb({ ...user('bob'), password: 'New-pw2!', clientFlags: EDITOR_FLAGS, steps: editor });
      expect(again.connect).toEqual({ ok: true });
      expect(mismatches(editor, again.steps)).toEqual([]);
      const old = await runLibmariadb({ ...user('bob'), clientFlags: EDITOR_FLAGS, steps: [] });
      expect(old.connect).toMatchObject({ ok: false, code: 1045 });
    });

    test("the dialog with 'This server version is < 5.7': SET PASSWORD = PASSWORD('<new>') is a 1064 at connect on 8.4", async () => {
      const report = await runLibmariadb({ ...user('carol'), clientFlags: ADMIN_FLAGS, initCommand: "SET PASSWORD = PASSWORD('New-pw2!')", steps: [] });
      expect(report.connect).toEqual({
        ok: false,
        code: 1064,
        message: "You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use near 'PASSWORD('New-pw2!')' at line 1",
      });
      // Nothing changed: the account is still expired.
      const still = await runLibmariadb({ ...user('carol'), clientFlags: ADMIN_FLAGS, steps: [q('SELECT current_user()', 1820)] });
      expect(mismatches([q('SELECT current_user()', 1820)], still.steps)).toEqual([]);
    });
  },
);
