/**
 * Differential tests: the same scenarios, driven by the same real clients
 * (mysql2 and the mariadb CLI in batch mode), against a private real
 * MariaDB 10.11 (test/helpers/real-mariadb.ts) and against the emulator's
 * mariadb-10.11 profile. Error numbers, SQLSTATEs, message texts, column
 * names, result rows, affected-row and warning counts, and the CLI's exit
 * code, stdout and stderr must be equal; any difference fails.
 *
 * Fairness: the real server is started with --skip-name-resolve and the
 * emulator with skipNameResolve, so both see the client as '127.0.0.1'
 * (a real server resolving names would say whatever this machine's
 * /etc/hosts says about 127.0.0.1). Neither offers TLS (the scratch server
 * has no certificate; the emulator runs with tls: false). Accounts are
 * created by an 'admin'@'%' over the wire on both sides, with the same SQL.
 *
 * Deliberately not compared, and why:
 * - the version, @@version, @@version_comment and the greeting's version
 *   string: the real server is whatever Debian ships (10.11.x-0+debNN), the
 *   profile claims one fixed 10.11 release;
 * - connection ids, thread ids, the scramble, timestamps (password_last_changed);
 * - the root account's and the system accounts' rows (mariadb-install-db
 *   creates root@<hostname>, root@127.0.0.1, root@::1 and mariadb.sys, which
 *   depend on the machine; the emulator seeds root@localhost only);
 * - the server's error log and the emulator's pino log (different formats);
 * - column types and flags of result sets: only column names and values
 *   (as text) are compared;
 * - TLS, the CLI's interactive mode, and the Unix socket (the emulator
 *   listens on TCP only).
 *
 * Known differences still open are `it.fails` tests, each naming the
 * difference (none at present).
 */
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireCommand } from '../helpers/clients.js';
import { startTestEmulator } from '../helpers/emulator.js';
import { mariadb, type CliResult } from '../helpers/mariadb-cli.js';
import { requireRealMariaDb, startRealMariaDb, type RealMariaDb } from '../helpers/real-mariadb.js';

const server = requireRealMariaDb();
const cli = requireCommand('mariadb', 'apt-get install mariadb-client');
type TestEmulator = Awaited<ReturnType<typeof startTestEmulator>>;

const ADMIN = { user: 'admin', password: 'admin-pw' };

/** One side of the comparison. */
interface Target {
  name: 'real' | 'emulator';
  host: string;
  port: number;
  /** admin@'%' over TCP, kept open for the whole file. */
  admin: mysql.Connection;
}

/** What a client saw: an error, or a result (rows as text), or an OK. */
interface Outcome {
  ok: boolean;
  errno?: number;
  sqlState?: string;
  message?: string;
  fatal?: boolean;
  columns?: string[];
  rows?: (string | null)[][];
  affectedRows?: number;
  warnings?: number;
}

function errorOutcome(err: unknown): Outcome {
  const e = err as { errno?: number; sqlState?: string; sqlMessage?: string; message?: string; fatal?: boolean; code?: string };
  // mysql2's own errors (e.g. a query on a closed connection) have no errno: keep their code.
  if (e.errno === undefined) return { ok: false, message: `${e.code ?? ''} ${e.message ?? String(err)}` };
  return { ok: false, errno: e.errno, sqlState: e.sqlState, message: e.sqlMessage ?? e.message, fatal: Boolean(e.fatal) };
}

function text(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (Buffer.isBuffer(v)) return v.toString('utf8');
  return String(v);
}

async function query(conn: mysql.Connection, sql: string): Promise<Outcome> {
  try {
    const [result, fields] = await conn.query({ sql, rowsAsArray: true });
    if (Array.isArray(result)) {
      return {
        ok: true,
        columns: (fields ?? []).map((f) => f.name),
        rows: (result as unknown[][]).map((row) => row.map(text)),
      };
    }
    const header = result as mysql.ResultSetHeader;
    return { ok: true, affectedRows: header.affectedRows, warnings: header.warningStatus };
  } catch (err) {
    return errorOutcome(err);
  }
}

interface Login {
  user: string;
  password?: string;
  /** Send CLIENT_CAN_HANDLE_EXPIRED_PASSWORDS (capability bit 22). */
  canHandleExpired?: boolean;
  database?: string;
}

interface SessionOutcome {
  connect: Outcome;
  statements: { sql: string; outcome: Outcome }[];
}

/** Logs in with mysql2 and runs each statement in turn, recording every outcome; errors do not stop the list. */
async function session(t: Target, login: Login, statements: string[] = []): Promise<SessionOutcome> {
  let conn: mysql.Connection;
  try {
    conn = await mysql.createConnection({
      host: t.host,
      port: t.port,
      user: login.user,
      password: login.password ?? '',
      database: login.database,
      connectTimeout: 5000,
      flags: login.canHandleExpired ? ['CAN_HANDLE_EXPIRED_PASSWORDS'] : [],
    });
  } catch (err) {
    return { connect: errorOutcome(err), statements: [] };
  }
  conn.on('error', () => {});
  const out: SessionOutcome = { connect: { ok: true }, statements: [] };
  try {
    for (const sql of statements) out.statements.push({ sql, outcome: await query(conn, sql) });
  } finally {
    await conn.end().catch(() => conn.destroy());
  }
  return out;
}

/** Runs the same admin statements on both sides; any failure is a setup error, not a difference. */
async function setup(targets: Target[], ...statements: string[]): Promise<void> {
  for (const t of targets) {
    for (const sql of statements) {
      const o = await query(t.admin, sql);
      if (!o.ok) throw new Error(`setup on the ${t.name} server failed: ${sql}: ${o.errno} ${o.message}`);
    }
  }
}

function cliOn(t: Target, args: string[], input = ''): Promise<CliResult> {
  return mariadb(t.port, args, input);
}

describe.skipIf(!server.available)('differential: real MariaDB 10.11 vs the mariadb-10.11 profile', () => {
  let real: RealMariaDb;
  let em: TestEmulator;
  let targets: Target[];
  let realT: Target;
  let emuT: Target;

  /** Runs one scenario on both sides (concurrently: they share nothing) and returns [real, emulator]. */
  async function both<T>(scenario: (t: Target) => Promise<T>): Promise<[T, T]> {
    return Promise.all([scenario(realT), scenario(emuT)]);
  }

  /** The oracle's answer must be the emulator's answer. */
  async function compare<T>(scenario: (t: Target) => Promise<T>, leaveOut: (outcome: T) => T = (o) => o): Promise<T> {
    const [r, e] = await both(scenario);
    expect(leaveOut(e), 'emulator (expected: what the real MariaDB answered)').toEqual(leaveOut(r));
    return r;
  }

  beforeAll(async () => {
    const adminSql = `CREATE USER '${ADMIN.user}'@'%' IDENTIFIED BY '${ADMIN.password}'; GRANT ALL PRIVILEGES ON *.* TO '${ADMIN.user}'@'%' WITH GRANT OPTION`;
    [real, em] = await Promise.all([
      startRealMariaDb(),
      startTestEmulator({ profile: 'mariadb-10.11', skipNameResolve: true, tls: false }),
    ]);
    await real.sql(adminSql);
    await em.sql(adminSql);
    const connectAdmin = (port: number) =>
      mysql.createConnection({ host: '127.0.0.1', port, user: ADMIN.user, password: ADMIN.password, connectTimeout: 5000 });
    realT = { name: 'real', host: real.host, port: real.port, admin: await connectAdmin(real.port) };
    emuT = { name: 'emulator', host: em.host, port: em.port, admin: await connectAdmin(em.port) };
    targets = [realT, emuT];
    await setup(targets, 'CREATE DATABASE d1');
  }, 60_000);

  afterAll(async () => {
    for (const t of targets ?? []) await t.admin.end().catch(() => t.admin.destroy());
    await Promise.all([real?.stop(), em?.close()]);
  }, 30_000);

  it('the real server is the version the profile plays (10.11)', () => {
    expect(real.version).toMatch(/^10\.11\./);
  });

  it('variable defaults the profile claims', async () => {
    await compare((t) =>
      query(
        t.admin,
        'SELECT @@global.disconnect_on_expired_password AS d, @@global.max_password_errors AS m, @@global.default_password_lifetime AS l',
      ),
    );
  });

  describe('logging in', () => {
    beforeAll(() => setup(targets, "CREATE USER 'wp'@'%' IDENTIFIED BY 'pw'"));

    it('wrong password (mysql2): 1045 with the client host', async () => {
      const r = await compare((t) => session(t, { user: 'wp', password: 'bad' }));
      expect(r.connect).toMatchObject({ errno: 1045, sqlState: '28000', message: "Access denied for user 'wp'@'127.0.0.1' (using password: YES)" });
    });

    it('no password for an account that has one (mysql2): 1045, using password: NO', async () => {
      await compare((t) => session(t, { user: 'wp' }));
    });

    it('unknown user, with and without a password (mysql2)', async () => {
      await compare((t) => session(t, { user: 'nobody', password: 'x' }));
      await compare((t) => session(t, { user: 'nobody' }));
    });

    it.skipIf(!cli.available)('wrong password and unknown user (mariadb CLI)', async () => {
      const r = await compare((t) => cliOn(t, ['-uwp', '-pbad', '-e', 'SELECT 1']));
      expect(r.stderr).toContain('ERROR 1045 (28000)');
      await compare((t) => cliOn(t, ['-unobody', '-e', 'SELECT 1']));
    });

    it('USER() and CURRENT_USER() of a normal login (mysql2)', async () => {
      const r = await compare((t) => session(t, { user: 'wp', password: 'pw' }, ['SELECT USER(), CURRENT_USER()', 'SELECT 1']));
      expect(r.statements[0]!.outcome.rows).toEqual([['wp@127.0.0.1', 'wp@%']]);
    });

    it.skipIf(!cli.available)('USER() and CURRENT_USER() of a normal login (mariadb CLI)', async () => {
      await compare((t) => cliOn(t, ['-uwp', '-ppw', '-e', 'SELECT USER(), CURRENT_USER()']));
    });
  });

  describe('an expired password', () => {
    const sandboxProbe = ['SELECT 1', 'SELECT USER(), CURRENT_USER()'];

    it('disconnect_on_expired_password OFF (the default): sandbox with and without bit 22', async () => {
      await setup(targets, "CREATE USER 'ex1'@'%' IDENTIFIED BY 'pw' PASSWORD EXPIRE");
      const without = await compare((t) => session(t, { user: 'ex1', password: 'pw' }, sandboxProbe));
      expect(without.connect.ok).toBe(true);
      expect(without.statements[0]!.outcome.errno).toBe(1820);
      await compare((t) => session(t, { user: 'ex1', password: 'pw', canHandleExpired: true }, sandboxProbe));
      // The wrong password still gets 1045 first.
      await compare((t) => session(t, { user: 'ex1', password: 'bad', canHandleExpired: true }));
    });

    it('disconnect_on_expired_password ON: 1862 without bit 22, sandbox with it', async () => {
      await setup(targets, "CREATE USER 'ex2'@'%' IDENTIFIED BY 'pw' PASSWORD EXPIRE", 'SET GLOBAL disconnect_on_expired_password = ON');
      try {
        await compare((t) => query(t.admin, 'SELECT @@global.disconnect_on_expired_password'));
        const without = await compare((t) => session(t, { user: 'ex2', password: 'pw' }, sandboxProbe));
        expect(without.connect.errno).toBe(1862);
        await compare((t) => session(t, { user: 'ex2', password: 'pw', canHandleExpired: true }, sandboxProbe));
        if (cli.available) {
          await compare((t) => cliOn(t, ['-uex2', '-ppw', '-e', 'SELECT 1']));
          await compare((t) => cliOn(t, ['-uex2', '-ppw', '--connect-expired-password', '-e', 'SELECT 1']));
        }
      } finally {
        await setup(targets, 'SET GLOBAL disconnect_on_expired_password = OFF');
      }
    });

    it.skipIf(!cli.available)('mariadb CLI in batch mode with the default OFF, with and without --connect-expired-password', async () => {
      await setup(targets, "CREATE USER 'ex3'@'%' IDENTIFIED BY 'pw' PASSWORD EXPIRE");
      await compare((t) => cliOn(t, ['-uex3', '-ppw', '-e', 'SELECT 1']));
      await compare((t) => cliOn(t, ['-uex3', '-ppw', '--connect-expired-password', '-e', 'SELECT 1']));
    });

    it('the sandbox allow-list (mysql2, bit 22), then SET PASSWORD = PASSWORD() ends the sandbox', async () => {
      await setup(targets, "CREATE USER 'sb'@'%' IDENTIFIED BY 'pw' PASSWORD EXPIRE", "GRANT SELECT ON d1.* TO 'sb'@'%'");
      const r = await compare((t) =>
        session(t, { user: 'sb', password: 'pw', canHandleExpired: true }, [
          'SELECT 1',
          'SET @x = 1',
          'SELECT @x',
          'USE d1',
          'SHOW DATABASES',
          'SHOW GRANTS',
          "ALTER USER CURRENT_USER() IDENTIFIED BY 'new-pw'",
          "ALTER USER USER() IDENTIFIED BY 'new-pw'",
          "SET PASSWORD = 'new-pw'",
          "SET PASSWORD = PASSWORD('new-pw')",
          'SELECT 1',
          'SELECT USER(), CURRENT_USER()',
          'USE d1',
          'SELECT DATABASE()',
        ]),
      );
      const byStatement = r.statements.map((s) => s.outcome.errno ?? 'ok');
      expect(byStatement).toEqual([1820, 'ok', 1820, 1820, 1820, 1820, 1820, 1064, 1372, 'ok', 'ok', 'ok', 'ok', 'ok']);
      // The new password works, the old one does not.
      await compare((t) => session(t, { user: 'sb', password: 'new-pw' }, ['SELECT 1']));
      await compare((t) => session(t, { user: 'sb', password: 'pw' }));
    });

    it('the sandbox answers COM_PING', async () => {
      await setup(targets, "CREATE USER 'sbp'@'%' IDENTIFIED BY 'pw' PASSWORD EXPIRE");
      await compare(async (t) => {
        const conn = await mysql.createConnection({ host: t.host, port: t.port, user: 'sbp', password: 'pw', flags: ['CAN_HANDLE_EXPIRED_PASSWORDS'] });
        try {
          await conn.ping();
          return { ok: true } as Outcome;
        } catch (err) {
          return errorOutcome(err);
        } finally {
          await conn.end().catch(() => conn.destroy());
        }
      });
    });

    it.skipIf(!cli.available)('the sandbox and COM_INIT_DB (the CLI\'s `use`), SHOW DATABASES, SET PASSWORD (mariadb CLI)', async () => {
      await setup(targets, "CREATE USER 'sbc'@'%' IDENTIFIED BY 'pw' PASSWORD EXPIRE", "GRANT SELECT ON d1.* TO 'sbc'@'%'");
      const input = [
        'use d1',
        'SHOW DATABASES;',
        'SELECT 1;',
        'SET @x = 1;',
        "ALTER USER CURRENT_USER() IDENTIFIED BY 'new-pw';",
        "SET PASSWORD = 'new-pw';",
        "SET PASSWORD = PASSWORD('new-pw');",
        'use d1',
        'SELECT DATABASE(), USER(), CURRENT_USER();',
        '',
      ].join('\n');
      const r = await compare((t) => cliOn(t, ['-usbc', '-ppw', '--connect-expired-password', '--force'], input));
      expect(r.stderr).toContain('ERROR 1820 (HY000) at line 1');
    });

    it('a client that connects to a database while expired (handshake database)', async () => {
      await setup(targets, "CREATE USER 'sbd'@'%' IDENTIFIED BY 'pw' PASSWORD EXPIRE", "GRANT SELECT ON d1.* TO 'sbd'@'%'");
      await compare((t) => session(t, { user: 'sbd', password: 'pw', canHandleExpired: true, database: 'd1' }, ['SELECT 1']));
    });
  });

  describe('statements MariaDB does not have', () => {
    beforeAll(() => setup(targets, "CREATE USER 'syn'@'%' IDENTIFIED BY 'pw'"));

    it("ALTER USER USER() is a syntax error, with MariaDB's near-text", async () => {
      const r = await compare((t) => session(t, { user: 'syn', password: 'pw' }, ["ALTER USER USER() IDENTIFIED BY 'x'"]));
      expect(r.statements[0]!.outcome.message).toBe(
        "You have an error in your SQL syntax; check the manual that corresponds to your MariaDB server version for the right syntax to use near '() IDENTIFIED BY 'x'' at line 1",
      );
    });

    it('RETAIN CURRENT PASSWORD and DISCARD OLD PASSWORD are syntax errors (no dual passwords)', async () => {
      await compare((t) =>
        session(t, { user: 'syn', password: 'pw' }, [
          "ALTER USER 'syn'@'%' IDENTIFIED BY 'x' RETAIN CURRENT PASSWORD",
          "ALTER USER 'syn'@'%' DISCARD OLD PASSWORD",
          "SET PASSWORD = PASSWORD('x') RETAIN CURRENT PASSWORD",
        ]),
      );
      await compare((t) => query(t.admin, "ALTER USER 'syn'@'%' IDENTIFIED BY 'x' RETAIN CURRENT PASSWORD"));
    });
  });

  describe('account lock', () => {
    it('ACCOUNT LOCK: 1045 for a wrong password, 4151 only after the right one', async () => {
      await setup(targets, "CREATE USER 'lk'@'%' IDENTIFIED BY 'pw' ACCOUNT LOCK");
      const wrong = await compare((t) => session(t, { user: 'lk', password: 'bad' }));
      expect(wrong.connect.errno).toBe(1045);
      const right = await compare((t) => session(t, { user: 'lk', password: 'pw' }));
      expect(right.connect).toMatchObject({ errno: 4151, sqlState: 'HY000', message: 'Access denied, this account is locked' });
      await setup(targets, "ALTER USER 'lk'@'%' ACCOUNT UNLOCK");
      await compare((t) => session(t, { user: 'lk', password: 'pw' }, ['SELECT CURRENT_USER()']));
    });

    it.skipIf(!cli.available)('ACCOUNT LOCK (mariadb CLI)', async () => {
      await setup(targets, "CREATE USER 'lkc'@'%' IDENTIFIED BY 'pw' ACCOUNT LOCK");
      await compare((t) => cliOn(t, ['-ulkc', '-ppw', '-e', 'SELECT 1']));
    });
  });

  describe('max_password_errors', () => {
    it('the Nth wrong password still gets 1045; the next try, even right, gets 4150 until FLUSH PRIVILEGES', async () => {
      await setup(targets, "CREATE USER 'mpe'@'%' IDENTIFIED BY 'pw'", 'SET GLOBAL max_password_errors = 3');
      try {
        const tries = await compare(async (t) => {
          const out: Outcome[] = [];
          for (const password of ['bad1', 'bad2', 'bad3', 'pw', 'pw']) out.push((await session(t, { user: 'mpe', password })).connect);
          return out;
        });
        expect(tries.map((o) => o.errno)).toEqual([1045, 1045, 1045, 4150, 4150]);
        await setup(targets, 'FLUSH PRIVILEGES');
        await compare((t) => session(t, { user: 'mpe', password: 'pw' }, ['SELECT CURRENT_USER()']));
        // A successful login resets the count.
        await compare(async (t) => {
          const out: Outcome[] = [];
          for (const password of ['bad1', 'bad2', 'pw', 'bad3', 'bad4', 'pw']) out.push((await session(t, { user: 'mpe', password })).connect);
          return out;
        });
      } finally {
        await setup(targets, 'SET GLOBAL max_password_errors = DEFAULT', 'FLUSH PRIVILEGES');
      }
    });
  });

  describe('account statements (as admin, mysql2)', () => {
    /** Runs admin statements in turn and keeps every outcome. */
    const adminRun = (statements: string[]) => async (t: Target) => {
      const out: { sql: string; outcome: Outcome }[] = [];
      for (const sql of statements) out.push({ sql, outcome: await query(t.admin, sql) });
      return out;
    };
    const listCu = "SELECT user AS u, host AS h FROM mysql.user WHERE user LIKE 'cu%' ORDER BY user, host";

    it('CREATE USER and DROP USER errors (1396) and their IF [NOT] EXISTS notes', async () => {
      await setup(targets, "CREATE USER 'cu'@'%'");
      await compare(
        adminRun([
          "CREATE USER 'cu'@'%'",
          // MariaDB is not atomic here: cu2 is created, the error names only cu.
          "CREATE USER 'cu'@'%', 'cu2'@'%'",
          listCu,
          "CREATE USER 'cu3'@'%', 'cu3'@'%'",
          listCu,
          "CREATE USER IF NOT EXISTS 'cu'@'%'",
          'SHOW WARNINGS',
          "DROP USER 'zz'@'%'",
          "DROP USER 'zz'@'%', 'yy'",
          "DROP USER 'cu2'@'%', 'zz'@'localhost'",
          "DROP USER 'cu3'@'%', 'cu3'@'%'",
          listCu,
          "DROP USER IF EXISTS 'zz'@'%'",
          'SHOW WARNINGS',
        ]),
      );
    });

    it('ALTER USER and RENAME USER errors (1396), IF EXISTS warnings, partial changes', async () => {
      await setup(targets, "CREATE USER 'cua'@'%'", "CREATE USER 'cub'@'%'");
      await compare(
        adminRun([
          "ALTER USER 'zz'@'%' IDENTIFIED BY 'x'",
          // MariaDB is not atomic here either: cua is locked, the error names only zz.
          "ALTER USER 'cua'@'%', 'zz'@'%' ACCOUNT LOCK",
          "SHOW CREATE USER 'cua'@'%'",
          "ALTER USER IF EXISTS 'zz'@'%', 'cub'@'%' ACCOUNT LOCK",
          'SHOW WARNINGS',
          "SHOW CREATE USER 'cub'@'%'",
          "RENAME USER 'zz'@'%' TO 'yy'@'%'",
          "RENAME USER 'zz'@'%' TO 'yy'@'%', 'cub'@'%' TO 'cuc'@'%'",
          "RENAME USER 'cua'@'%' TO 'cuc'@'%'",
          listCu,
        ]),
      );
    });

    // MariaDB counts every condition, 'Error' level included, in the OK packet and in
    // @@warning_count (ALTER USER IF EXISTS leaves Error 1133 + Note 1396: count 2).
    it("the warning count includes 'Error' conditions (OK packet, @@warning_count, SHOW COUNT(*))", async () => {
      const alter = "ALTER USER IF EXISTS 'zz'@'%' ACCOUNT LOCK";
      const r = await compare(
        adminRun([alter, 'SELECT @@warning_count, @@error_count', alter, 'SHOW COUNT(*) WARNINGS', alter, 'SHOW COUNT(*) ERRORS', alter, 'SHOW WARNINGS']),
      );
      expect(r[0]!.outcome.warnings).toBe(2);
      expect(r[1]!.outcome.rows).toEqual([['2', '1']]);
    });

    // MariaDB 10.11's mysql.user is a view over mysql.global_priv: Password,
    // Delete_history_priv, is_role, default_role, max_statement_time; no account_locked
    // or password_lifetime (those live in global_priv's JSON).
    it("mysql.user's columns", async () => {
      const r = await compare((t) => query(t.admin, 'SELECT * FROM mysql.user WHERE 1 = 0'));
      expect(r.columns).toHaveLength(47);
      expect(r.columns).toContain('Delete_history_priv');
    });

    it("mysql.user's rows for accounts with privileges, REQUIRE, limits, expiry and lock", async () => {
      await setup(
        targets,
        "CREATE USER 'mu1'@'%' IDENTIFIED BY 'pw' REQUIRE SSL WITH MAX_QUERIES_PER_HOUR 5 MAX_USER_CONNECTIONS 2 PASSWORD EXPIRE ACCOUNT LOCK",
        "GRANT SELECT, PROCESS ON *.* TO 'mu1'@'%' WITH GRANT OPTION",
        "CREATE USER 'mu2'@'%' REQUIRE X509 PASSWORD EXPIRE NEVER",
        "CREATE USER 'mu3'@'localhost' IDENTIFIED BY 'pw' PASSWORD EXPIRE INTERVAL 5 DAY",
      );
      const r = await compare((t) => query(t.admin, "SELECT * FROM mysql.user WHERE user LIKE 'mu%' OR user = 'admin' ORDER BY user, host"));
      expect(r.rows?.map((row) => row[1])).toEqual(['admin', 'mu1', 'mu2', 'mu3']);
    });

    it("MariaDB's clause order: CREATE USER ... PASSWORD EXPIRE NEVER REQUIRE X509 is a syntax error", async () => {
      await compare((t) => query(t.admin, "CREATE USER 'sgw'@'%' PASSWORD EXPIRE NEVER REQUIRE X509"));
    });

    // MariaDB's mysql.user is a view, so a bare column takes the view's column name
    // (`User`, `Host`) whatever case the query wrote; an alias wins and an expression
    // keeps its text. MySQL names a base table's column as written.
    it("column names from the mysql.user view are the view's (User, Host), not as written", async () => {
      const r = await compare((t) => query(t.admin, "SELECT user, host FROM mysql.user WHERE user = 'admin'"));
      expect(r.columns).toEqual(['User', 'Host']);
      await compare((t) =>
        query(
          t.admin,
          "SELECT user AS u, USER AS `UsEr`, UPPER(user), mysql.user.user, (host), user = 'admin', password_EXPIRED, 'x' AS user FROM mysql.user WHERE user = 'admin' ORDER BY USER",
        ),
      );
      await compare((t) => query(t.admin, "SELECT x.user, x.HOST, max_questions + 0 FROM mysql.user AS x WHERE x.user = 'admin'"));
      await compare((t) => query(t.admin, "SELECT DISTINCT user FROM mysql.user WHERE user = 'admin' GROUP BY user"));
      // mysql.global_priv is a table: names as written.
      await compare((t) => query(t.admin, "SELECT host, user FROM mysql.global_priv WHERE user = 'admin'"));
    });

    it('mysql.user cannot be updated (the view runs as mariadb.sys): 1356', async () => {
      const r = await compare((t) => query(t.admin, "UPDATE mysql.user SET max_questions = 3 WHERE user = 'admin'"));
      expect(r.errno).toBe(1356);
    });

    it('SHOW GRANTS for a simple account', async () => {
      await setup(targets, "CREATE USER 'sg'@'%' IDENTIFIED BY 'pw'", "GRANT SELECT, INSERT ON d1.* TO 'sg'@'%'");
      await compare((t) => query(t.admin, "SHOW GRANTS FOR 'sg'@'%'"));
      await compare((t) => session(t, { user: 'sg', password: 'pw' }, ['SHOW GRANTS', 'SHOW GRANTS FOR CURRENT_USER()', 'SHOW DATABASES']));
    });

    it('SHOW GRANTS and SHOW CREATE USER for accounts with options', async () => {
      await setup(
        targets,
        "CREATE USER 'sgn'@'%'",
        "CREATE USER 'sgo'@'%' IDENTIFIED BY 'pw' REQUIRE SSL WITH MAX_QUERIES_PER_HOUR 5 MAX_USER_CONNECTIONS 2 PASSWORD EXPIRE ACCOUNT LOCK",
        "GRANT SELECT ON *.* TO 'sgo'@'%' WITH GRANT OPTION",
        "CREATE USER 'sgi'@'%' IDENTIFIED BY 'pw' PASSWORD EXPIRE INTERVAL 5 DAY",
        "CREATE USER 'sgv'@'%' REQUIRE X509 PASSWORD EXPIRE NEVER",
      );
      await compare(async (t) => {
        const out: Outcome[] = [];
        for (const u of ['sgn', 'sgo', 'sgi', 'sgv']) {
          out.push(await query(t.admin, `SHOW GRANTS FOR '${u}'@'%'`));
          out.push(await query(t.admin, `SHOW CREATE USER '${u}'@'%'`));
        }
        return out;
      });
    });
  });
});
