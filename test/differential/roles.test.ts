/**
 * Differential: MariaDB's roles, read_only and its extended privileges,
 * the same statements against a private real MariaDB 10.11
 * (test/helpers/real-mariadb.ts) and the emulator's mariadb-10.11 profile,
 * over mysql2. Error numbers, SQLSTATEs, texts, rows and warning counts
 * must be equal. Left out: global_priv's version_id (the real build's
 * release differs from the profile's) and password_last_changed (a time).
 */
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator } from '../helpers/emulator.js';
import { requireRealMariaDb, startRealMariaDb, type RealMariaDb } from '../helpers/real-mariadb.js';

const server = requireRealMariaDb();
type TestEmulator = Awaited<ReturnType<typeof startTestEmulator>>;

interface Outcome {
  ok: boolean;
  errno?: number;
  sqlState?: string;
  message?: string;
  rows?: (string | null)[][];
  warnings?: number;
}

const normalize = (v: string): string => v.replace(/"version_id":\d+/g, '"version_id":V').replace(/"password_last_changed":\d+/g, '"password_last_changed":T');

async function query(conn: mysql.Connection, sql: string): Promise<Outcome> {
  try {
    const [result] = await conn.query({ sql, rowsAsArray: true });
    if (Array.isArray(result)) {
      return { ok: true, rows: (result as unknown[][]).map((row) => row.map((v) => (v === null ? null : normalize(Buffer.isBuffer(v) ? v.toString('utf8') : String(v))))) };
    }
    return { ok: true, warnings: (result as mysql.ResultSetHeader).warningStatus };
  } catch (err) {
    const e = err as { errno?: number; sqlState?: string; sqlMessage?: string };
    return { ok: false, errno: e.errno, sqlState: e.sqlState, message: e.sqlMessage };
  }
}

/**
 * Runs `statements` as `user` on one server, with SHOW WARNINGS after one
 * that failed or warned (MariaDB keeps older conditions after a statement
 * that uses no table and raises none: not compared here); errors do not stop the list.
 */
async function run(port: number, user: string, statements: string[]): Promise<{ sql: string; outcome: Outcome; warnings?: Outcome }[]> {
  const conn = await mysql.createConnection({ host: '127.0.0.1', port, user, password: user === 'admin' ? 'admin-pw' : '', connectTimeout: 5000 });
  const out = [];
  try {
    for (const sql of statements) {
      const outcome = await query(conn, sql);
      out.push(outcome.ok && !outcome.warnings ? { sql, outcome } : { sql, outcome, warnings: await query(conn, 'SHOW WARNINGS') });
    }
  } finally {
    await conn.end();
  }
  return out;
}

describe.skipIf(!server.available)('differential: MariaDB roles and read_only', () => {
  let real: RealMariaDb;
  let em: TestEmulator;

  async function compare(user: string, statements: string[]): Promise<void> {
    const [r, e] = await Promise.all([run(real.port, user, statements), run(em.port, user, statements)]);
    expect(e, 'emulator (expected: what the real MariaDB answered)').toEqual(r);
  }

  beforeAll(async () => {
    const adminSql = "CREATE USER 'admin'@'%' IDENTIFIED BY 'admin-pw'; GRANT ALL PRIVILEGES ON *.* TO 'admin'@'%' WITH GRANT OPTION";
    [real, em] = await Promise.all([startRealMariaDb(), startTestEmulator({ profile: 'mariadb-10.11', skipNameResolve: true, tls: false })]);
    await real.sql(adminSql);
    await em.sql(adminSql);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([real?.stop(), em?.close()]);
  }, 30_000);

  it('CREATE / DROP ROLE, GRANT / REVOKE role, roles_mapping, SHOW GRANTS', async () => {
    await compare('admin', [
      'CREATE DATABASE db1',
      'CREATE ROLE r1',
      'CREATE ROLE r1',
      'CREATE ROLE IF NOT EXISTS r1',
      'CREATE ROLE none',
      "CREATE ROLE ''",
      'CREATE ROLE r6',
      "CREATE USER 'ru'@'%'",
      'GRANT SELECT ON db1.* TO r1',
      'GRANT r6 TO r1',
      'GRANT r1 TO r6',
      'GRANT r1 TO r1',
      "GRANT r1 TO 'ru'@'%' WITH ADMIN OPTION",
      "GRANT r9 TO 'ru'@'%'",
      "GRANT r1 TO 'nobody'@'%'",
      'SELECT * FROM mysql.roles_mapping',
      "SELECT CONCAT(Priv) FROM mysql.global_priv WHERE User = 'r1'",
      "SELECT User, Host, is_role, default_role FROM mysql.user WHERE User IN ('r1', 'ru') ORDER BY User",
      "SHOW GRANTS FOR 'ru'@'%'",
      'SHOW GRANTS FOR r1',
      "SET DEFAULT ROLE r1 FOR 'ru'@'%'",
      "SET DEFAULT ROLE r9 FOR 'ru'@'%'",
      "SHOW GRANTS FOR 'ru'@'%'",
      'SELECT CURRENT_ROLE()',
      'SET ROLE r2',
      'DROP ROLE r3',
      'DROP ROLE IF EXISTS r3',
    ]);
  });

  it('a user with a role WITH ADMIN OPTION: SET ROLE, SHOW GRANTS, REVOKE', async () => {
    await compare('ru', ['SELECT CURRENT_ROLE()', 'SET ROLE r6', 'SET ROLE NONE', 'SELECT CURRENT_ROLE()', 'SET ROLE r1', 'SHOW GRANTS', "GRANT r6 TO 'ru'@'%'", 'CREATE ROLE rx']);
  });

  it('read_only and READ_ONLY ADMIN', async () => {
    await compare('admin', [
      "CREATE USER 'ro'@'%'",
      "GRANT CREATE USER ON *.* TO 'ro'@'%'",
      "GRANT READ_ONLY ADMIN, BINLOG MONITOR, SLAVE MONITOR, DELETE HISTORY ON *.* TO 'ru'@'%'",
      "SHOW GRANTS FOR 'ru'@'%'",
      'SET GLOBAL read_only = 1',
    ]);
    try {
      await compare('ro', ["CREATE USER 'x1'@'%'", "ALTER USER 'ro'@'%'", "SET PASSWORD = PASSWORD('a')", 'CREATE ROLE rr', "DROP USER 'nobody'@'%'", 'SET DEFAULT ROLE NONE']);
      await compare('ru', ["ALTER USER 'ru'@'%'"]);
    } finally {
      await compare('admin', ['SET GLOBAL read_only = 0', 'DROP ROLE r1, r6', "DROP USER 'ru'@'%', 'ro'@'%'", 'SELECT * FROM mysql.roles_mapping']);
    }
  });
});
