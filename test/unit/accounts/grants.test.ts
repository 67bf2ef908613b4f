import { beforeEach, describe, expect, it } from 'vitest';
import { errorOf, login, rows, run, testServer, type TestContext } from '../../helpers/account-context.js';

let root: TestContext;
let user: TestContext;

beforeEach(async () => {
  root = login(testServer(), 'root', 'localhost');
  await run(root, "CREATE USER 'dev.sarah'@'%' IDENTIFIED BY 'Welcome2Azure2024!'");
  user = login(root.server, 'dev.sarah', '%');
});

const grantsOf = async (name: string) => (await rows(root, `SHOW GRANTS FOR ${name}`)).map((r) => r[0]);

describe('GRANT', () => {
  it('grants database privileges and merges later grants', async () => {
    await run(root, "GRANT SELECT, INSERT, UPDATE, DELETE ON projectdb.* TO 'dev.sarah'@'%'");
    await run(root, "GRANT EXECUTE ON projectdb.* TO 'dev.sarah'@'%'");
    expect(await grantsOf("'dev.sarah'@'%'")).toEqual([
      'GRANT USAGE ON *.* TO `dev.sarah`@`%`',
      'GRANT SELECT, INSERT, UPDATE, DELETE, EXECUTE ON `projectdb`.* TO `dev.sarah`@`%`',
    ]);
  });

  it('uses the current database for ON * and fails with 1046 without one', async () => {
    expect((await errorOf(root, "GRANT SELECT ON * TO 'dev.sarah'@'%'")).code).toBe(1046);
    await run(root, 'CREATE DATABASE app; USE app');
    await run(root, "GRANT SELECT ON * TO 'dev.sarah'@'%'");
    expect(await grantsOf("'dev.sarah'@'%'")).toContain('GRANT SELECT ON `app`.* TO `dev.sarah`@`%`');
  });

  it('never creates an account: 1410, and no account of the statement changes', async () => {
    expect(await errorOf(root, "GRANT SELECT ON db.* TO 'dev.sarah'@'%', 'ghost'@'%'")).toEqual({
      code: 1410,
      message: 'You are not allowed to create a user with GRANT',
    });
    expect(await grantsOf("'dev.sarah'@'%'")).toEqual(['GRANT USAGE ON *.* TO `dev.sarah`@`%`']);
  });

  it('refuses grantors without GRANT OPTION: 1045 global, 1044 database, 1142 table', async () => {
    expect(await errorOf(user, "GRANT SELECT ON *.* TO 'dev.sarah'@'%'")).toEqual({
      code: 1045,
      message: "Access denied for user 'dev.sarah'@'%' (using password: YES)",
    });
    expect(await errorOf(user, "GRANT SELECT ON db.* TO 'dev.sarah'@'%'")).toEqual({
      code: 1044,
      message: "Access denied for user 'dev.sarah'@'%' to database 'db'",
    });
    expect(await errorOf(user, "GRANT SELECT ON mysql.user TO 'dev.sarah'@'%'")).toEqual({
      code: 1142,
      message: "GRANT command denied to user 'dev.sarah'@'clienthost' for table 'user'",
    });
  });

  it('lets a grantor with GRANT OPTION pass on only what it holds', async () => {
    await run(root, "GRANT SELECT ON db.* TO 'dev.sarah'@'%' WITH GRANT OPTION");
    await run(root, "CREATE USER 'x'@'%'");
    await run(user, "GRANT SELECT ON db.* TO 'x'@'%'");
    expect(await grantsOf("'x'@'%'")).toContain('GRANT SELECT ON `db`.* TO `x`@`%`');
    expect((await errorOf(user, "GRANT INSERT ON db.* TO 'x'@'%'")).code).toBe(1044);
  });

  it('checks privilege levels (1144, 3619) and table existence (1146)', async () => {
    expect((await errorOf(root, "GRANT SUPER ON db.* TO 'dev.sarah'@'%'")).code).toBe(1144);
    expect(await errorOf(root, "GRANT NOT_A_PRIVILEGE ON *.* TO 'dev.sarah'@'%'")).toEqual({
      code: 3619,
      message: 'Illegal privilege level specified for NOT_A_PRIVILEGE',
    });
    expect((await errorOf(root, "GRANT SELECT ON db.nosuch TO 'dev.sarah'@'%'")).code).toBe(1146);
  });

  it('grants dynamic privileges on *.*', async () => {
    await run(root, "GRANT SYSTEM_VARIABLES_ADMIN, CREATE USER ON *.* TO 'dev.sarah'@'%'");
    expect(await grantsOf("'dev.sarah'@'%'")).toEqual([
      'GRANT CREATE USER ON *.* TO `dev.sarah`@`%`',
      'GRANT SYSTEM_VARIABLES_ADMIN ON *.* TO `dev.sarah`@`%`',
    ]);
    await run(user, 'SET GLOBAL default_password_lifetime = 30');
    await run(user, "CREATE USER 'made.by.sarah'@'%'");
  });

  it('keeps WITH GRANT OPTION per dynamic privilege: one line without it, then one with it', async () => {
    await run(root, "GRANT SYSTEM_VARIABLES_ADMIN, BACKUP_ADMIN ON *.* TO 'dev.sarah'@'%'");
    await run(root, "GRANT PROCESS, CONNECTION_ADMIN ON *.* TO 'dev.sarah'@'%' WITH GRANT OPTION");
    // A grant without the option keeps an option given earlier.
    await run(root, "GRANT CONNECTION_ADMIN ON *.* TO 'dev.sarah'@'%'");
    expect(await grantsOf("'dev.sarah'@'%'")).toEqual([
      'GRANT PROCESS ON *.* TO `dev.sarah`@`%` WITH GRANT OPTION',
      'GRANT BACKUP_ADMIN,SYSTEM_VARIABLES_ADMIN ON *.* TO `dev.sarah`@`%`',
      'GRANT CONNECTION_ADMIN ON *.* TO `dev.sarah`@`%` WITH GRANT OPTION',
    ]);
    expect(await rows(root, "SELECT PRIV, WITH_GRANT_OPTION FROM mysql.global_grants WHERE USER = 'dev.sarah'")).toEqual([
      ['BACKUP_ADMIN', 'N'],
      ['CONNECTION_ADMIN', 'Y'],
      ['SYSTEM_VARIABLES_ADMIN', 'N'],
    ]);
  });

  it('lets a dynamic privilege be passed on only WITH GRANT OPTION on it, or with UPDATE on mysql (1227)', async () => {
    await run(root, "GRANT SYSTEM_VARIABLES_ADMIN ON *.* TO 'dev.sarah'@'%'");
    // WITH GRANT OPTION also sets Grant_priv (the static option); take that back, keeping the dynamic row's option.
    await run(root, "GRANT CONNECTION_ADMIN ON *.* TO 'dev.sarah'@'%' WITH GRANT OPTION");
    await run(root, "UPDATE mysql.user SET Grant_priv = 'N' WHERE User = 'dev.sarah'; FLUSH PRIVILEGES");
    expect(await grantsOf("'dev.sarah'@'%'")).toEqual([
      'GRANT USAGE ON *.* TO `dev.sarah`@`%`',
      'GRANT SYSTEM_VARIABLES_ADMIN ON *.* TO `dev.sarah`@`%`',
      'GRANT CONNECTION_ADMIN ON *.* TO `dev.sarah`@`%` WITH GRANT OPTION',
    ]);
    await run(root, "CREATE USER 'x'@'%'");
    await run(user, "GRANT CONNECTION_ADMIN ON *.* TO 'x'@'%'");
    expect(await grantsOf("'x'@'%'")).toEqual(['GRANT USAGE ON *.* TO `x`@`%`', 'GRANT CONNECTION_ADMIN ON *.* TO `x`@`%`']);
    expect(await errorOf(user, "GRANT SYSTEM_VARIABLES_ADMIN ON *.* TO 'x'@'%'")).toEqual({
      code: 1227,
      message: 'Access denied; you need (at least one of) the GRANT OPTION privilege(s) for this operation',
    });
    // Naming a static privilege (or WITH GRANT OPTION) brings back the static check: 1045.
    expect((await errorOf(user, "GRANT CONNECTION_ADMIN ON *.* TO 'x'@'%' WITH GRANT OPTION")).code).toBe(1045);
    await run(root, "GRANT UPDATE ON mysql.* TO 'dev.sarah'@'%'");
    await run(user, "GRANT SYSTEM_VARIABLES_ADMIN ON *.* TO 'x'@'%'");
    expect(await grantsOf("'x'@'%'")).toContain('GRANT CONNECTION_ADMIN,SYSTEM_VARIABLES_ADMIN ON *.* TO `x`@`%`');
  });
});

describe('REVOKE', () => {
  beforeEach(async () => {
    await run(root, "GRANT SELECT, INSERT ON projectdb.* TO 'dev.sarah'@'%'");
  });

  it('removes privileges and the grant row once empty', async () => {
    await run(root, "REVOKE INSERT ON projectdb.* FROM 'dev.sarah'@'%'");
    expect(await grantsOf("'dev.sarah'@'%'")).toContain('GRANT SELECT ON `projectdb`.* TO `dev.sarah`@`%`');
    await run(root, "REVOKE SELECT ON projectdb.* FROM 'dev.sarah'@'%'");
    expect(await grantsOf("'dev.sarah'@'%'")).toEqual(['GRANT USAGE ON *.* TO `dev.sarah`@`%`']);
  });

  it('1141 for a missing grant or account; IF EXISTS and IGNORE UNKNOWN USER downgrade to warnings', async () => {
    expect(await errorOf(root, "REVOKE SELECT ON other.* FROM 'dev.sarah'@'%'")).toEqual({
      code: 1141,
      message: "There is no such grant defined for user 'dev.sarah' on host '%'",
    });
    expect((await errorOf(root, "REVOKE SELECT ON projectdb.* FROM 'ghost'@'%'")).code).toBe(1141);
    await run(root, "REVOKE IF EXISTS SELECT ON other.* FROM 'dev.sarah'@'%'");
    expect(root.session.diagnostics.map((d) => d.code)).toEqual([1141]);
    await run(root, "REVOKE SELECT ON projectdb.* FROM 'ghost'@'%' IGNORE UNKNOWN USER");
    expect(root.session.diagnostics.map((d) => `${d.level} ${d.code}`)).toEqual(['Warning 3162']);
  });

  it('REVOKE GRANT OPTION ON *.* clears the option of the static and every dynamic privilege', async () => {
    await run(root, "GRANT PROCESS, CONNECTION_ADMIN, BACKUP_ADMIN ON *.* TO 'dev.sarah'@'%' WITH GRANT OPTION");
    await run(root, "REVOKE BACKUP_ADMIN ON *.* FROM 'dev.sarah'@'%'");
    expect((await grantsOf("'dev.sarah'@'%'")).slice(0, 2)).toEqual([
      'GRANT PROCESS ON *.* TO `dev.sarah`@`%` WITH GRANT OPTION',
      'GRANT CONNECTION_ADMIN ON *.* TO `dev.sarah`@`%` WITH GRANT OPTION',
    ]);
    await run(root, "REVOKE GRANT OPTION ON *.* FROM 'dev.sarah'@'%'");
    expect((await grantsOf("'dev.sarah'@'%'")).slice(0, 2)).toEqual([
      'GRANT PROCESS ON *.* TO `dev.sarah`@`%`',
      'GRANT CONNECTION_ADMIN ON *.* TO `dev.sarah`@`%`',
    ]);
  });

  it('REVOKE ALL PRIVILEGES, GRANT OPTION clears every level', async () => {
    await run(root, "GRANT RELOAD ON *.* TO 'dev.sarah'@'%' WITH GRANT OPTION");
    await run(root, "REVOKE ALL PRIVILEGES, GRANT OPTION FROM 'dev.sarah'@'%'");
    expect(await grantsOf("'dev.sarah'@'%'")).toEqual(['GRANT USAGE ON *.* TO `dev.sarah`@`%`']);
  });
});

describe('database access', () => {
  it('SHOW DATABASES lists schemas with some privilege plus information_schema and performance_schema', async () => {
    await run(root, 'CREATE DATABASE projectdb; CREATE DATABASE secret');
    await run(root, "GRANT SELECT ON projectdb.* TO 'dev.sarah'@'%'");
    expect(await rows(user, 'SHOW DATABASES')).toEqual([['information_schema'], ['performance_schema'], ['projectdb']]);
    expect((await rows(root, 'SHOW DATABASES')).map((r) => r[0])).toEqual([
      'information_schema', 'mysql', 'performance_schema', 'projectdb', 'secret', 'sys',
    ]);
  });

  it('USE needs some privilege on the schema or one of its tables: 1044', async () => {
    await run(root, 'CREATE DATABASE secret');
    expect(await errorOf(user, 'USE secret')).toEqual({
      code: 1044,
      message: "Access denied for user 'dev.sarah'@'%' to database 'secret'",
    });
    await run(root, "GRANT SELECT ON secret.* TO 'dev.sarah'@'%'");
    await run(user, 'USE secret');
    expect(user.session.database).toBe('secret');
    expect((await errorOf(user, 'USE mysql')).code).toBe(1044);
    await run(root, "GRANT SELECT ON mysql.user TO 'dev.sarah'@'%'");
    await run(user, 'USE mysql');
    expect(user.session.database).toBe('mysql');
  });

  it('CREATE / DROP DATABASE: 1007, 1008, IF [NOT] EXISTS notes, and the CREATE/DROP privileges', async () => {
    expect(await run(root, 'CREATE DATABASE app')).toMatchObject({ kind: 'ok', affectedRows: 1 });
    expect(await errorOf(root, 'CREATE DATABASE app')).toEqual({ code: 1007, message: "Can't create database 'app'; database exists" });
    await run(root, 'CREATE DATABASE IF NOT EXISTS app');
    expect(root.session.diagnostics.map((d) => `${d.level} ${d.code}`)).toEqual(['Note 1007']);
    expect((await errorOf(user, 'DROP DATABASE app')).code).toBe(1044);
    await run(root, 'USE app; DROP DATABASE app');
    expect(root.session.database).toBeNull();
    expect(await errorOf(root, 'DROP DATABASE app')).toEqual({ code: 1008, message: "Can't drop database 'app'; database doesn't exist" });
    await run(root, 'DROP DATABASE IF EXISTS app');
    expect(root.session.diagnostics.map((d) => `${d.level} ${d.code}`)).toEqual(['Note 1008']);
  });

  it('FLUSH PRIVILEGES needs RELOAD or FLUSH_PRIVILEGES; SET GLOBAL needs SYSTEM_VARIABLES_ADMIN or SUPER', async () => {
    expect(await errorOf(user, 'FLUSH PRIVILEGES')).toEqual({
      code: 1227,
      message: 'Access denied; you need (at least one of) the RELOAD or FLUSH_PRIVILEGES privilege(s) for this operation',
    });
    expect((await errorOf(user, 'SET GLOBAL default_password_lifetime = 1')).code).toBe(1227);
  });
});

describe('GRANT that names a missing account (5.x, MariaDB)', () => {
  const warningsOf = async (ctx: TestContext) => (await rows(ctx, 'SHOW WARNINGS')).map((r) => `${r[1]} ${r[2]}`);

  it('MySQL 5.7: 1133 under NO_AUTO_CREATE_USER without a non-empty password; with one, creates the account and warns 1287', async () => {
    const r = login(testServer('mysql-5.7'), 'root', 'localhost');
    expect(await errorOf(r, "GRANT SELECT ON db.* TO 'g1'@'%'")).toEqual({ code: 1133, message: "Can't find any matching row in the user table" });
    expect((await errorOf(r, "GRANT SELECT ON db.* TO 'g1'@'%' IDENTIFIED BY ''")).code).toBe(1133);
    expect(await rows(r, "SELECT COUNT(*) FROM mysql.user WHERE user = 'g1'")).toEqual([[0]]);
    await run(r, "GRANT SELECT ON db.* TO 'g1'@'%' IDENTIFIED BY 'pw1'");
    expect(await warningsOf(r)).toEqual([
      '1287 Using GRANT for creating new user is deprecated and will be removed in future release. Create new user with CREATE USER statement.',
    ]);
    expect((await rows(r, "SHOW GRANTS FOR 'g1'@'%'")).map((x) => x[0])).toEqual([
      "GRANT USAGE ON *.* TO 'g1'@'%'",
      "GRANT SELECT ON `db`.* TO 'g1'@'%'",
    ]);
  });

  it('MySQL 5.7: changing an existing account through GRANT warns 1287; privileges alone do not', async () => {
    const r = login(testServer('mysql-5.7'), 'root', 'localhost');
    await run(r, "CREATE USER 'g2'@'%' IDENTIFIED BY 'old'");
    await run(r, "GRANT SELECT ON db.* TO 'g2'@'%'");
    expect(await warningsOf(r)).toEqual([]);
    await run(r, "GRANT SELECT ON db.* TO 'g2'@'%' IDENTIFIED BY 'new' WITH MAX_QUERIES_PER_HOUR 5");
    expect(await warningsOf(r)).toEqual([
      "1287 Using GRANT statement to modify existing user's properties other than privileges is deprecated and will be removed in future release. Use ALTER USER statement for this operation.",
    ]);
    const [row] = await rows(r, "SELECT authentication_string = PASSWORD('new'), max_questions FROM mysql.user WHERE user = 'g2'");
    expect(row).toEqual([1, 5]);
  });

  it('MySQL 5.7: without NO_AUTO_CREATE_USER a bare GRANT creates a passwordless account', async () => {
    const r = login(testServer('mysql-5.7'), 'root', 'localhost');
    await run(r, "SET sql_mode = ''");
    await run(r, "GRANT SELECT ON db.* TO 'g3'@'%'");
    expect(await rows(r, "SELECT authentication_string FROM mysql.user WHERE user = 'g3'")).toEqual([['']]);
  });

  it('MariaDB: any IDENTIFIED clause satisfies NO_AUTO_CREATE_USER (BY \'\' too), no warning; 1133 keeps SQLSTATE 28000', async () => {
    const r = login(testServer('mariadb-10.11'), 'root', 'localhost');
    expect(await errorOf(r, "GRANT SELECT ON db.* TO 'g1'@'%'")).toEqual({ code: 1133, message: "Can't find any matching row in the user table" });
    await run(r, "GRANT SELECT ON db.* TO 'g2'@'%' IDENTIFIED BY ''");
    await run(r, "GRANT SELECT ON *.* TO 'g3'@'%' IDENTIFIED BY 'y' WITH MAX_QUERIES_PER_HOUR 5 GRANT OPTION");
    expect(await warningsOf(r)).toEqual([]);
    expect((await rows(r, "SHOW CREATE USER 'g3'@'%'"))[0]![0]).toBe(
      "CREATE USER `g3`@`%` IDENTIFIED BY PASSWORD '*7446F64EFCFB1294A6DE20CAE7E49C2377A9AA25' WITH MAX_QUERIES_PER_HOUR 5",
    );
    expect((await rows(r, "SHOW GRANTS FOR 'g3'@'%'"))[0]![0]).toBe(
      "GRANT SELECT ON *.* TO `g3`@`%` IDENTIFIED BY PASSWORD '*7446F64EFCFB1294A6DE20CAE7E49C2377A9AA25' WITH GRANT OPTION MAX_QUERIES_PER_HOUR 5",
    );
    expect((await errorOf(r, "GRANT SELECT ON db.* TO 'g3'@'%' WITH")).code).toBe(1064);
  });

  it('MySQL 8: IDENTIFIED in GRANT is a syntax error', async () => {
    const r = login(testServer('mysql-8.0'), 'root', 'localhost');
    expect((await errorOf(r, "GRANT SELECT ON db.* TO 'g1'@'%' IDENTIFIED BY 'x'")).code).toBe(1064);
  });
});
