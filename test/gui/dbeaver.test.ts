/**
 * DBeaver cannot run here: its MySQL plugin's sessions are replayed as its
 * source sends them (MySQLDataSource, MySQLCatalog, MySQLTable, the session
 * manager and dashboard) through MariaDB Connector/J, a JDBC driver of the
 * same family as the MySQL Connector/J DBeaver downloads. Like Connector/J's
 * default (disconnectOnExpiredPasswords=true), it does not send
 * CLIENT_CAN_HANDLE_EXPIRED_PASSWORDS; the driver property that does is
 * replayed with mysql2 and the flag. Every step must get MySQL 8.4's answer.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestEmulator } from '../helpers/emulator.js';
import { requireDriver, runDriver, type ClientReport } from '../helpers/run-client.js';
import { ERRORS } from '../../src/errors/catalogue.js';
import { mismatches, q, type Step, type StepResult } from './helpers/replay.js';

const connectorJ = requireDriver('connector-j');
const mysql2 = requireDriver('mysql2');
const ROOT_PW = 'Root-pw1!';
const TEXT_1820 = ERRORS.ER_MUST_CHANGE_PASSWORD.message;
const TEXT_1862 = ERRORS.ER_MUST_CHANGE_PASSWORD_LOGIN.message;

const nonEmpty = (rows: string[][]) => expect(rows.length).toBeGreaterThan(0);
const none = (rows: string[][]) => expect(rows).toEqual([]);

/** MySQL Connector/J 9's first query (NativeSession.loadServerVariables), then DBeaver's MySQLDataSource.initialize. */
const CONNECT: Step[] = [
  q(
    '/* mysql-connector-j-9.1.0 (Revision: cf2917ea44ae2e43a4514a33771035aa99de73bf) */SELECT  @@session.auto_increment_increment AS auto_increment_increment, @@character_set_client AS character_set_client, @@character_set_connection AS character_set_connection, @@character_set_results AS character_set_results, @@character_set_server AS character_set_server, @@collation_server AS collation_server, @@collation_connection AS collation_connection, @@init_connect AS init_connect, @@interactive_timeout AS interactive_timeout, @@license AS license, @@lower_case_table_names AS lower_case_table_names, @@max_allowed_packet AS max_allowed_packet, @@net_write_timeout AS net_write_timeout, @@performance_schema AS performance_schema, @@sql_mode AS sql_mode, @@system_time_zone AS system_time_zone, @@time_zone AS time_zone, @@transaction_isolation AS transaction_isolation, @@wait_timeout AS wait_timeout',
    (rows, cols) => {
      expect(cols).toContain('transaction_isolation');
      const v = Object.fromEntries(cols.map((c, i) => [c, rows[0]![i]]));
      expect(v).toMatchObject({ auto_increment_increment: '1', character_set_server: 'utf8mb4', collation_server: 'utf8mb4_0900_ai_ci', license: 'GPL', lower_case_table_names: '0', performance_schema: '1', time_zone: 'SYSTEM', transaction_isolation: 'REPEATABLE-READ', wait_timeout: '28800' });
    },
  ),
  q('SET autocommit=1', 'ok'),
  q('SHOW ENGINES', nonEmpty),
  q('SHOW CHARSET', nonEmpty),
  q('SHOW COLLATION', nonEmpty),
  q('SELECT @@GLOBAL.character_set_server,@@GLOBAL.collation_server', (rows) => expect(rows).toEqual([['utf8mb4', 'utf8mb4_0900_ai_ci']])),
  q('SHOW PLUGINS', nonEmpty),
  q("SHOW VARIABLES LIKE 'lower_case_table_names'", (rows) => expect(rows).toEqual([['lower_case_table_names', '0']])),
  q('show databases', (rows) => expect(rows.map((r) => r[0])).toEqual(expect.arrayContaining(['information_schema', 'mysql', 'performance_schema', 'shop', 'sys']))),
  q("SELECT * FROM information_schema.TABLES t\nWHERE\n\tt.TABLE_SCHEMA = 'information_schema'\n\tAND t.TABLE_NAME = 'CHECK_CONSTRAINTS'", (rows) => expect(rows).toHaveLength(1)),
  q('SELECT DATABASE()', (rows) => expect(rows).toEqual([['NULL']])),
];

/** Opening the mysql catalog and its table user (MySQLCatalog, MySQLTable, MySQLView). */
const CATALOG: Step[] = [
  q("SELECT * FROM information_schema.SCHEMATA WHERE SCHEMA_NAME='mysql'", (rows) => expect(rows).toHaveLength(1)),
  q('SHOW FULL TABLES FROM `mysql`', (rows) => expect(rows).toContainEqual(['user', 'BASE TABLE'])),
  q('SHOW TABLE STATUS FROM `mysql`', nonEmpty),
  q("SHOW TABLE STATUS FROM `mysql` LIKE 'user'", (rows) => expect(rows[0]![0]).toBe('user')),
  q('SHOW CREATE DATABASE `mysql`', (rows) => expect(rows[0]![1]).toMatch(/^CREATE DATABASE `mysql` \/\*!40100 DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci \*\/ \/\*!80016 DEFAULT ENCRYPTION='N' \*\/$/)),
  q("SELECT * FROM information_schema.COLUMNS WHERE TABLE_SCHEMA='mysql' AND TABLE_NAME='user' ORDER BY ORDINAL_POSITION", (rows, cols) =>
    expect(rows.slice(0, 2).map((r) => r[cols.indexOf('COLUMN_NAME')])).toEqual(['Host', 'User']),
  ),
  q("SELECT * FROM information_schema.STATISTICS WHERE TABLE_SCHEMA='mysql' AND TABLE_NAME='user' ORDER BY TABLE_NAME,INDEX_NAME,SEQ_IN_INDEX", (rows, cols) =>
    expect(rows.map((r) => r[cols.indexOf('COLUMN_NAME')])).toEqual(['Host', 'User']),
  ),
  q(
    "SELECT kc.CONSTRAINT_NAME,kc.TABLE_NAME,kc.COLUMN_NAME,kc.ORDINAL_POSITION\nFROM INFORMATION_SCHEMA.KEY_COLUMN_USAGE kc WHERE kc.TABLE_SCHEMA='mysql' AND kc.REFERENCED_TABLE_NAME IS NULL AND kc.TABLE_NAME='user'\nORDER BY kc.CONSTRAINT_NAME,kc.ORDINAL_POSITION",
    (rows) => expect(rows).toEqual([['PRIMARY', 'user', 'Host', '1'], ['PRIMARY', 'user', 'User', '2']]),
  ),
  q("SELECT * FROM information_schema.ROUTINES\nWHERE ROUTINE_SCHEMA='mysql' AND ROUTINE_TYPE IN ('PROCEDURE','FUNCTION')\nORDER BY ROUTINE_NAME", none),
  q("SELECT * FROM INFORMATION_SCHEMA.TRIGGERS\nWHERE TRIGGER_SCHEMA = 'mysql'", none),
  q("SELECT * FROM information_schema.EVENTS WHERE EVENT_SCHEMA='mysql'", none),
  // A table without partitions has one row with PARTITION_NAME NULL.
  q("SELECT * FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA='mysql' AND TABLE_NAME='user'  ORDER BY PARTITION_ORDINAL_POSITION,SUBPARTITION_ORDINAL_POSITION", (rows, cols) =>
    expect(rows.map((r) => r[cols.indexOf('PARTITION_NAME')])).toEqual(['NULL']),
  ),
  q('SHOW CREATE TABLE `mysql`.`user`', (rows) => expect(rows[0]![1]).toMatch(/^CREATE TABLE `user` \(/)),
  q("SELECT CHECK_OPTION,DEFINER,IS_UPDATABLE FROM information_schema.VIEWS WHERE TABLE_SCHEMA='sys' AND TABLE_NAME='version'", (rows) =>
    expect(rows).toEqual([['NONE', 'mysql.sys@localhost', 'NO']]),
  ),
  q("SELECT SUM((DATA_LENGTH+INDEX_LENGTH)) FROM information_schema.TABLES WHERE TABLE_SCHEMA='mysql'", 'rows'),
  q('SELECT table_schema, SUM(data_length + index_length) FROM information_schema.tables GROUP BY table_schema', nonEmpty),
];

/** Users, the session manager and the dashboard (MySQLDataSource, MySQLSessionManager, plugin.xml). */
const ADMIN: Step[] = [
  q('SELECT * FROM mysql.user ORDER BY user', (rows) => expect(rows.map((r) => r[1])).toEqual(expect.arrayContaining(['alice', 'root']))),
  q("SHOW GRANTS FOR 'alice'@'%'", (rows) => expect(rows).toEqual([['GRANT USAGE ON *.* TO `alice`@`%`'], ['GRANT SELECT, INSERT ON `shop`.* TO `alice`@`%`']])),
  q('SHOW PRIVILEGES', (rows) => expect(rows.map((r) => r[0])).toEqual(expect.arrayContaining(['Alter', 'Select', 'Create user']))),
  q('SHOW GLOBAL STATUS', nonEmpty),
  q('SHOW GLOBAL VARIABLES', nonEmpty),
  q('SELECT Command,count(*) from information_schema.PROCESSLIST GROUP BY Command', (rows) => expect(rows).toContainEqual(['Query', '1'])),
  q('SHOW FULL PROCESSLIST', nonEmpty),
];

/** Connector/J's report as step results (rows as arrays in column order). */
function results(report: ClientReport): StepResult[] {
  return (report.statements ?? []).map((s) => {
    const columns = s.rows?.[0] ? Object.keys(s.rows[0]) : [];
    return {
      step: { sql: s.sql },
      sql: s.sql,
      ok: s.ok,
      ...(s.code !== undefined ? { code: s.code } : {}),
      ...(s.message !== undefined ? { message: s.message } : {}),
      ...(s.rows ? { columns, rows: s.rows.map((r) => Object.values(r)) } : {}),
    };
  });
}

const sqlOf = (steps: Step[]) => steps.map((s) => ('sql' in s ? s.sql : ''));

describe.skipIf(!connectorJ.available || !mysql2.available).each(['ON', 'OFF'] as const)(
  'DBeaver, replayed through MariaDB Connector/J, disconnect_on_expired_password=%s',
  (mode) => {
    let em: Awaited<ReturnType<typeof startTestEmulator>>;
    const as = (user: string, password: string) => ({ host: '127.0.0.1', port: em.port, user, password, canHandleExpired: false });

    beforeAll(async () => {
      em = await startTestEmulator({ rootPassword: ROOT_PW, variables: { disconnect_on_expired_password: mode } });
      await em.sql('CREATE DATABASE shop');
      await em.sql("CREATE USER 'alice'@'%' IDENTIFIED BY 'Old-pw1!' PASSWORD EXPIRE");
      await em.sql("GRANT SELECT, INSERT ON shop.* TO 'alice'@'%'");
    });
    afterAll(async () => {
      await em?.close();
    });

    test('root: connect, the catalog and a table, users, the session manager and the dashboard', async () => {
      const steps = [...CONNECT, ...CATALOG, ...ADMIN];
      const report = await runDriver('connector-j', { ...as('root', ROOT_PW), statements: sqlOf(steps) }, 60_000);
      expect(report.connect).toEqual({ ok: true });
      expect(mismatches(steps, results(report))).toEqual([]);
    }, 90_000);

    test(`an expired password with the driver's default (no bit 22): ${mode === 'ON' ? '1862 at login' : 'the sandbox, and the driver\'s own first query gets 1820'}`, async () => {
      const report = await runDriver('connector-j', { ...as('alice', 'Old-pw1!'), statements: [] }, 60_000);
      expect(report.connect!.ok).toBe(false);
      expect(report.connect!.code).toBe(mode === 'ON' ? 1862 : 1820);
      expect(report.connect!.message).toContain(mode === 'ON' ? TEXT_1862 : TEXT_1820);
      const auth = em.authEvents().at(-1)!;
      expect(auth).toMatchObject({ user: 'alice' });
    }, 90_000);

    test('with disconnectOnExpiredPasswords=false (bit 22): the sandbox, 1820 for the metadata reads, ALTER USER USER() typed in an SQL editor, then the catalog', async () => {
      const steps: Step[] = [
        q('SHOW ENGINES', { code: 1820, message: TEXT_1820 }),
        q('show databases', 1820),
        q("ALTER USER USER() IDENTIFIED BY 'New-pw2!'", 'ok'),
        q('show databases', (rows) => expect(rows.map((r) => r[0])).toEqual(['information_schema', 'performance_schema', 'shop'])),
        q('SELECT * FROM mysql.user ORDER BY user', 1142),
      ];
      const report = await runDriver('mysql2', { ...as('alice', 'Old-pw1!'), canHandleExpired: true, statements: sqlOf(steps) });
      expect(report.connect).toEqual({ ok: true });
      expect(mismatches(steps, results(report))).toEqual([]);
      const again = await runDriver('connector-j', { ...as('alice', 'New-pw2!'), statements: sqlOf(CATALOG.slice(0, 2)) }, 60_000);
      expect(again.connect).toEqual({ ok: true });
    }, 90_000);
  },
);
