/**
 * HeidiSQL cannot run here: its sessions are replayed as its source sends
 * them (dbconnection.pas, dbstructures.mysql.pas, usermanager.pas, main.pas)
 * through libmariadb (python3-MySQLdb), the library HeidiSQL loads, with its
 * client flags (CLIENT_CAN_HANDLE_EXPIRED_PASSWORDS, CLIENT_INTERACTIVE,
 * CLIENT_MULTI_STATEMENTS, CLIENT_LOCAL_FILES) and its answer to 1820: the
 * text of the message decides between ALTER USER USER() and
 * SET PASSWORD=PASSWORD(). Every step must get MySQL 8.4's answer.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createConnection } from 'mysql2/promise';
import { startTestEmulator } from '../helpers/emulator.js';
import { requireDriver } from '../helpers/run-client.js';
import { ERRORS } from '../../src/errors/catalogue.js';
import { mismatches, q, runLibmariadb, type Step } from './helpers/replay.js';

const driver = requireDriver('mysqldb');
const HEIDI_FLAGS = (1 << 22) | (1 << 10) | (1 << 16) | (1 << 7); // CAN_HANDLE_EXPIRED_PASSWORDS | INTERACTIVE | MULTI_STATEMENTS | LOCAL_FILES
const ROOT_PW = 'Root-pw1!';
const TEXT_1820 = ERRORS.ER_MUST_CHANGE_PASSWORD.message;

const nonEmpty = (rows: string[][]) => expect(rows.length).toBeGreaterThan(0);
const positive = (rows: string[][]) => expect(Number(rows[0]![0])).toBeGreaterThan(0);
const named = (name: string, value: RegExp) => (rows: string[][]) => expect(rows.find((r) => r[0] === name)?.[1]).toMatch(value);

/** TMySQLConnection.SetActive after mysql_real_connect, and DoAfterConnect. */
const CONNECT: Step[] = [
  { ping: true, expect: 'ok' },
  q('SELECT CONNECTION_ID()', positive),
  q('SHOW VARIABLES', named('version', /^8\.4\.\d+$/)),
  { charset: 'utf8mb4', expect: 'ok' },
  q('SHOW /*!50002 GLOBAL */ STATUS', named('Uptime', /^\d+$/)),
  q('SELECT NOW()', (rows) => expect(rows[0]![0]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/)),
  q('SHOW TABLES FROM `information_schema`', (rows) => expect(rows.map((r) => r[0])).toEqual(expect.arrayContaining(['COLUMNS', 'SCHEMATA', 'TABLES']))),
  q('SHOW DATABASES', nonEmpty),
];

/** FetchDbObjects('mysql'), then the table mysql.user: columns, keys, foreign keys, CREATE code (dbconnection.pas). */
const BROWSE: Step[] = [
  q("SELECT `DEFAULT_COLLATION_NAME` FROM `information_schema`.`SCHEMATA` WHERE `SCHEMA_NAME`='mysql'", (rows) => expect(rows).toEqual([['utf8mb4_0900_ai_ci']])),
  q(
    "SELECT `TABLE_NAME` AS `Name`, `ENGINE` AS `Engine`, `VERSION` AS `Version`, `TABLE_COLLATION` AS `Collation`, `TABLE_COMMENT` AS `Comment`, NULL AS `Create_time`, NULL AS `Update_time`, NULL AS `Data_length`, NULL AS `Index_length`, NULL AS `Rows`, NULL AS `Auto_increment`, NULL AS `Row_format`, NULL AS `Avg_row_length`, NULL AS `Max_data_length`, NULL AS `Data_free`, NULL AS `Check_time`, NULL AS `Checksum`, NULL AS `Create_options` FROM information_schema.TABLES WHERE TABLE_SCHEMA='mysql' AND TABLE_TYPE IN('BASE TABLE', 'VIEW')",
    (rows, cols) => {
      expect(cols.slice(0, 5)).toEqual(['Name', 'Engine', 'Version', 'Collation', 'Comment']);
      expect(rows.find((r) => r[0] === 'user')?.slice(1, 4)).toEqual(['InnoDB', '10', 'utf8mb3_bin']);
    },
  ),
  q("SHOW FUNCTION STATUS WHERE LOWER(Db) = LOWER('mysql')", (rows) => expect(rows).toEqual([])),
  q("SHOW PROCEDURE STATUS WHERE LOWER(Db) = LOWER('mysql')", (rows) => expect(rows).toEqual([])),
  q('SHOW TRIGGERS FROM `mysql`', (rows) => expect(rows).toEqual([])),
  q("SELECT *, EVENT_SCHEMA AS `Db`, EVENT_NAME AS `Name` FROM INFORMATION_SCHEMA.`EVENTS` WHERE EVENT_SCHEMA='mysql'", (rows) => expect(rows).toEqual([])),
  q("SELECT * FROM `information_schema`.`COLUMNS` WHERE TABLE_SCHEMA='mysql' AND TABLE_NAME='user' ORDER BY ORDINAL_POSITION", (rows, cols) => {
    expect(rows[0]![cols.indexOf('COLUMN_NAME')]).toBe('Host');
    expect(rows[1]![cols.indexOf('COLUMN_NAME')]).toBe('User');
  }),
  q('SHOW KEYS FROM `user` FROM `mysql`', (rows) => expect(rows.map((r) => [r[2], r[4]])).toEqual([['PRIMARY', 'Host'], ['PRIMARY', 'User']])),
  q(
    "SELECT index_name, stat_value * @@innodb_page_size AS bytes FROM mysql.innodb_index_stats WHERE database_name='mysql' AND table_name='user' AND stat_name='size'",
    'rows',
  ),
  q("SELECT * FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE   CONSTRAINT_SCHEMA='mysql'   AND TABLE_NAME='user'   AND REFERENCED_TABLE_NAME IS NOT NULL", (rows) =>
    expect(rows).toEqual([]),
  ),
  q("SELECT * FROM information_schema.KEY_COLUMN_USAGE WHERE   TABLE_SCHEMA='mysql'   AND TABLE_NAME='user'   AND REFERENCED_TABLE_NAME IS NOT NULL", (rows) =>
    expect(rows).toEqual([]),
  ),
  q(
    "SELECT tc.CONSTRAINT_NAME, cc.CHECK_CLAUSE FROM `information_schema`.`CHECK_CONSTRAINTS` AS cc, `information_schema`.`TABLE_CONSTRAINTS` AS tc WHERE tc.CONSTRAINT_SCHEMA='mysql' AND tc.TABLE_NAME='user' AND tc.CONSTRAINT_TYPE='CHECK' AND tc.CONSTRAINT_SCHEMA=cc.CONSTRAINT_SCHEMA AND tc.CONSTRAINT_NAME=cc.CONSTRAINT_NAME",
    (rows) => expect(rows).toEqual([]),
  ),
  q('SHOW CREATE TABLE `mysql`.`user`', (rows) => expect(rows[0]![0]).toBe('user')),
  q("SHOW TABLE STATUS FROM `mysql` LIKE 'user'", (rows) => expect(rows[0]![0]).toBe('user')),
  q('SHOW ENGINES', nonEmpty),
];

/** The Host tab (main.pas): variables, status, command counters, process list. */
const HOST_TAB: Step[] = [
  q('SHOW VARIABLES', nonEmpty),
  q('SHOW GLOBAL VARIABLES', nonEmpty),
  q('SHOW /*!50002 GLOBAL */ STATUS', nonEmpty),
  q("SHOW /*!50002 GLOBAL */ STATUS LIKE 'Com\\_%'", (rows) => {
    expect(rows.every((r) => r[0]!.startsWith('Com_'))).toBe(true);
    expect(Number(rows.find((r) => r[0] === 'Com_select')![1])).toBeGreaterThan(0);
  }),
  q('SELECT `ID`, `USER`, `HOST`, `DB`, `COMMAND`, `TIME`, `STATE`, LEFT(`INFO`, 51200) AS `Info` FROM `information_schema`.`PROCESSLIST`', (rows, cols) => {
    expect(cols).toEqual(['ID', 'USER', 'HOST', 'DB', 'COMMAND', 'TIME', 'STATE', 'Info']);
    expect(rows.some((r) => r[1] === 'root' && r[4] === 'Query')).toBe(true);
  }),
];

/** The user manager (usermanager.pas) on MySQL 8: columns of mysql.user, plugins, accounts, one account's grants. */
const USER_MANAGER: Step[] = [
  q('SHOW COLUMNS FROM `mysql`.`user`', (rows) => expect(rows.map((r) => r[0])).toContain('authentication_string')),
  q("SELECT PLUGIN_NAME FROM INFORMATION_SCHEMA.PLUGINS WHERE PLUGIN_TYPE='AUTHENTICATION' AND PLUGIN_STATUS='ACTIVE'", (rows) =>
    expect(rows.map((r) => r[0])).toEqual(expect.arrayContaining(['caching_sha2_password', 'sha256_password'])),
  ),
  q("SELECT `user`, `host`, `authentication_string` AS `password`, 'N' AS is_role, '' AS default_role, plugin FROM `mysql`.`user`", (rows) =>
    expect(rows.find((r) => r[0] === 'alice')?.slice(3)).toEqual(['N', '', 'caching_sha2_password']),
  ),
  q("SHOW GRANTS FOR 'alice'@'%'", (rows) => expect(rows).toEqual([['GRANT USAGE ON *.* TO `alice`@`%`'], ['GRANT SELECT, INSERT ON `shop`.* TO `alice`@`%`']])),
  q("SHOW CREATE USER 'alice'@'%'", (rows) => expect(rows[0]![0]).toMatch(/^CREATE USER `alice`@`%` IDENTIFIED WITH 'caching_sha2_password' AS '.*' REQUIRE NONE PASSWORD EXPIRE( DEFAULT)? ACCOUNT UNLOCK/s)),
];

describe.skipIf(!driver.available).each(['ON', 'OFF'] as const)('HeidiSQL, replayed through libmariadb, disconnect_on_expired_password=%s', (mode) => {
  let em: Awaited<ReturnType<typeof startTestEmulator>>;
  const as = (user: string, password: string) => ({ host: '127.0.0.1', port: em.port, user, password, clientFlags: HEIDI_FLAGS });

  beforeAll(async () => {
    em = await startTestEmulator({ rootPassword: ROOT_PW, variables: { disconnect_on_expired_password: mode } });
    await em.sql('CREATE DATABASE shop');
    await em.sql("CREATE USER 'alice'@'%' IDENTIFIED BY 'Old-pw1!' PASSWORD EXPIRE");
    await em.sql("GRANT SELECT, INSERT ON shop.* TO 'alice'@'%'");
  });
  afterAll(async () => {
    await em?.close();
  });

  test('root: connect, the database tree, a table, the Host tab with its Kill, the user manager', async () => {
    // Another client, for the process list's "Kill query" and "Kill process".
    const other = await createConnection({ host: '127.0.0.1', port: em.port, user: 'root', password: ROOT_PW });
    const [[{ id }]] = (await other.query('SELECT CONNECTION_ID() AS id')) as unknown as [{ id: number }[]];
    other.on('error', () => {});
    const kill: Step[] = [q(`KILL QUERY ${id}`, 'ok'), q(`KILL ${id}`, 'ok'), q(`KILL ${id}`, { code: 1094, message: `Unknown thread id: ${id}` })];
    const steps = [...CONNECT, ...BROWSE, ...HOST_TAB, ...kill, ...USER_MANAGER];
    const report = await runLibmariadb({ ...as('root', ROOT_PW), steps });
    expect(report.connect).toEqual({ ok: true });
    expect(mismatches(steps, report.steps)).toEqual([]);
    await expect(other.query('SELECT 1')).rejects.toThrow();
  });

  test("an expired password: 1820 for SELECT CONNECTION_ID(), whose text has ' ALTER USER ', so HeidiSQL sends ALTER USER USER() IDENTIFIED BY and goes on", async () => {
    const steps: Step[] = [
      { ping: true, expect: 'ok' },
      q('SELECT CONNECTION_ID()', { code: 1820, message: TEXT_1820 }),
      { heidiReset: 'New-pw2!', expect: 'ok' },
      ...CONNECT.slice(2),
      q('SELECT CONNECTION_ID()', positive),
      q("SHOW DATABASES", (rows) => expect(rows.map((r) => r[0])).toEqual(['information_schema', 'performance_schema', 'shop'])),
    ];
    // Bit 22 is set: MySQL 8.4 opens the sandbox whatever disconnect_on_expired_password says.
    const report = await runLibmariadb({ ...as('alice', 'Old-pw1!'), steps });
    expect(report.connect).toEqual({ ok: true });
    expect(mismatches(steps, report.steps)).toEqual([]);
    expect(report.steps[2]!.sql).toBe("ALTER USER USER() IDENTIFIED BY 'New-pw2!'");
    // The new password works, the old one is MySQL's 1045.
    expect((await runLibmariadb({ ...as('alice', 'New-pw2!'), steps: [] })).connect).toEqual({ ok: true });
    expect((await runLibmariadb({ ...as('alice', 'Old-pw1!'), steps: [] })).connect).toMatchObject({ ok: false, code: 1045 });
  });
});
