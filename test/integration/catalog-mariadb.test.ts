/**
 * The catalog against a real MariaDB 10.11 (started privately by
 * test/helpers/real-mariadb.ts, as the differential suite does): the same
 * SHOW and information_schema statements, through mysql2, on the real
 * server and on the emulator's mariadb-10.11 profile. Column names and
 * values (as text) must be equal. Left out, and why: times (Created,
 * Modified, CREATE_TIME ...), table statistics (row counts, data and index
 * lengths, cardinality), the root and mariadb.sys accounts' rows (they
 * depend on the machine, see test/differential/mariadb.test.ts), and the
 * bodies of routines (not in the catalog).
 */
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator } from '../helpers/emulator.js';
import { requireRealMariaDb, startRealMariaDb, type RealMariaDb } from '../helpers/real-mariadb.js';

const server = requireRealMariaDb();
type TestEmulator = Awaited<ReturnType<typeof startTestEmulator>>;

interface Outcome {
  columns?: string[];
  rows?: unknown[][];
  errno?: number;
  message?: string;
}

const ADMIN = "CREATE USER 'admin'@'%' IDENTIFIED BY 'admin-pw'; GRANT ALL PRIVILEGES ON *.* TO 'admin'@'%' WITH GRANT OPTION";

describe.skipIf(!server.available)('catalog: emulator (mariadb-10.11) against a real MariaDB 10.11', () => {
  let real: RealMariaDb;
  let em: TestEmulator;
  let sides: mysql.Connection[] = [];

  beforeAll(async () => {
    [real, em] = await Promise.all([startRealMariaDb(), startTestEmulator({ profile: 'mariadb-10.11', skipNameResolve: true, tls: false })]);
    await real.sql(ADMIN);
    await em.sql(ADMIN);
    const connect = (port: number) => mysql.createConnection({ host: '127.0.0.1', port, user: 'admin', password: 'admin-pw', dateStrings: true, supportBigNumbers: true, bigNumberStrings: true });
    sides = [await connect(real.port), await connect(em.port)];
    for (const c of sides) await c.query('CREATE DATABASE d1');
  }, 60_000);

  afterAll(async () => {
    for (const c of sides) await c.end().catch(() => c.destroy());
    await Promise.all([real?.stop(), em?.close()]);
  }, 30_000);

  async function run(conn: mysql.Connection, sql: string): Promise<Outcome> {
    try {
      const [rows, fields] = await conn.query({ sql, rowsAsArray: true });
      if (!Array.isArray(rows)) return {};
      return {
        columns: (fields ?? []).map((f) => f.name),
        rows: (rows as unknown[][]).map((r) => r.map((v) => (v === null ? null : Buffer.isBuffer(v) ? v.toString('utf8') : String(v)))),
      };
    } catch (err) {
      const e = err as { errno?: number; message: string };
      return { errno: e.errno, message: e.message };
    }
  }

  /**
   * Runs `sql` on both sides; `drop` names columns whose values are left
   * out; `unordered` compares the rows as sets (ORDER BY on a _ci column
   * sorts '_' after letters in MariaDB, which the emulator's ORDER BY does not model).
   */
  async function compare(sql: string, drop: string[] = [], unordered = false): Promise<Outcome> {
    const [r, e] = await Promise.all(sides.map((c) => run(c, sql)));
    const strip = (o: Outcome): Outcome => {
      if (!o.columns || !o.rows) return o;
      const keep = o.columns.map((c, i) => (drop.includes(c) ? -1 : i)).filter((i) => i >= 0);
      const rows = o.rows.map((row) => keep.map((i) => row[i]));
      if (unordered) rows.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
      return { columns: o.columns, rows };
    };
    expect(strip(e!), `emulator (expected: what the real MariaDB answered) for ${sql}`).toEqual(strip(r!));
    return r!;
  }

  it('SHOW [FULL] COLUMNS of the grant tables and a performance_schema table', async () => {
    for (const t of ['mysql.user', 'mysql.global_priv', 'mysql.db', 'mysql.tables_priv', 'mysql.proxies_priv', 'mysql.proc', 'performance_schema.accounts']) {
      await compare(`SHOW FULL COLUMNS FROM ${t}`);
      await compare(`SHOW COLUMNS FROM ${t}`);
    }
  });

  it('information_schema.COLUMNS of every mysql table', async () => {
    const r = await compare("SELECT * FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'mysql'", [], true);
    expect(r.rows!.length).toBeGreaterThan(200);
  });

  it('SHOW TABLES and information_schema.TABLES of mysql, sys, information_schema and performance_schema', async () => {
    for (const db of ['mysql', 'sys', 'information_schema', 'performance_schema']) await compare(`SHOW FULL TABLES FROM ${db}`);
    await compare(
      "SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE, ENGINE, ROW_FORMAT, TABLE_COLLATION, CREATE_OPTIONS, TABLE_COMMENT, TEMPORARY FROM information_schema.TABLES WHERE TABLE_SCHEMA <> 'information_schema'",
      [],
      true,
    );
    await compare(
      "SHOW TABLE STATUS FROM mysql",
      ['Version', 'Rows', 'Avg_row_length', 'Data_length', 'Max_data_length', 'Index_length', 'Data_free', 'Auto_increment', 'Create_time', 'Update_time', 'Check_time', 'Checksum', 'Max_index_length'],
    );
  });

  it('SHOW INDEX, STATISTICS, KEY_COLUMN_USAGE and TABLE_CONSTRAINTS of the mysql tables', async () => {
    for (const t of ['mysql.db', 'mysql.global_priv', 'mysql.tables_priv', 'mysql.user']) await compare(`SHOW INDEX FROM ${t}`, ['Cardinality']);
    await compare("SELECT * FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = 'mysql'", ['CARDINALITY'], true);
    await compare("SELECT * FROM information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = 'mysql'", [], true);
    await compare("SELECT * FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = 'mysql'", [], true);
    await compare('SELECT * FROM information_schema.CHECK_CONSTRAINTS', [], true);
  });

  it('SHOW CREATE TABLE / VIEW / DATABASE', async () => {
    for (const t of ['mysql.global_priv', 'mysql.user', 'mysql.db', 'mysql.tables_priv', 'performance_schema.accounts', 'information_schema.PROCESSLIST', 'sys.version']) {
      await compare(`SHOW CREATE TABLE ${t}`);
    }
    await compare('SHOW CREATE VIEW mysql.user');
    await compare('SHOW CREATE VIEW mysql.db');
    for (const db of ['mysql', 'information_schema', 'performance_schema', 'sys']) await compare(`SHOW CREATE DATABASE ${db}`);
    await compare('SHOW CREATE DATABASE IF NOT EXISTS mysql');
    await compare('SHOW CREATE DATABASE nosuch');
  });

  it('routines, triggers, events and views', async () => {
    await compare('SHOW PROCEDURE STATUS', ['Modified', 'Created']);
    await compare("SHOW FUNCTION STATUS WHERE Db = 'sys'", ['Modified', 'Created']);
    await compare('SHOW TRIGGERS FROM mysql');
    await compare('SHOW EVENTS FROM mysql');
    await compare("SELECT TABLE_SCHEMA, TABLE_NAME, CHECK_OPTION, IS_UPDATABLE, DEFINER, SECURITY_TYPE, ALGORITHM FROM information_schema.VIEWS WHERE TABLE_SCHEMA = 'mysql'");
    await compare("SELECT TABLE_NAME, VIEW_DEFINITION FROM information_schema.VIEWS WHERE TABLE_SCHEMA = 'mysql'");
  });

  it('SHOW PRIVILEGES, SCHEMATA, and the privilege tables for a new account', async () => {
    await compare('SHOW PRIVILEGES');
    // d1's character set is the server's default: latin1 on a --no-defaults MariaDB, utf8mb4 in the profile (Debian's configuration).
    await compare("SELECT * FROM information_schema.SCHEMATA WHERE SCHEMA_NAME <> 'd1'", [], true);
    for (const c of sides) {
      await c.query("CREATE USER 'cat'@'%' IDENTIFIED BY 'pw'");
      await c.query("GRANT SELECT, INSERT ON d1.* TO 'cat'@'%'");
    }
    await compare("SELECT * FROM information_schema.USER_PRIVILEGES WHERE GRANTEE LIKE '%cat%'");
    await compare("SELECT * FROM information_schema.SCHEMA_PRIVILEGES WHERE GRANTEE LIKE '%cat%'");
    await compare("SELECT * FROM mysql.db WHERE User = 'cat'");
  });

  it('binary log and replica statements (binary logging is off by default)', async () => {
    for (const sql of ['SHOW MASTER STATUS', 'SHOW BINLOG STATUS', 'SHOW BINARY LOGS', 'SHOW MASTER LOGS', 'SHOW SLAVE STATUS', 'SHOW REPLICA STATUS', 'SHOW SLAVE HOSTS', 'SHOW REPLICA HOSTS', 'SHOW REPLICAS', 'SHOW BINARY LOG STATUS']) {
      await compare(sql);
    }
  });

  it('performance_schema is OFF: its tables are empty', async () => {
    for (const t of ['global_status', 'session_variables', 'threads', 'accounts', 'user_variables_by_thread']) await compare(`SELECT * FROM performance_schema.${t}`);
  });
});
