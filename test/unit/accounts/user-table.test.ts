import { beforeEach, describe, expect, it } from 'vitest';
import { USER_COLUMNS } from '../../../src/sql/catalog/grant-tables.js';
import { DAY_MS } from '../../../src/clock.js';
import { ColumnType } from '../../../src/wire/result.js';
import { errorOf, login, rows, run, testServer, type TestContext } from '../../helpers/account-context.js';

let root: TestContext;

beforeEach(async () => {
  root = login(testServer(), 'root', 'localhost');
  await run(root, "CREATE USER 'john.doe'@'%' IDENTIFIED BY 'TempP@ssw0rd123!' PASSWORD EXPIRE");
});

describe('mysql.user', () => {
  it('has every 8.4 column in table order with MySQL types', () => {
    const names = USER_COLUMNS.map((c) => c.def.name);
    expect(names.slice(0, 4)).toEqual(['Host', 'User', 'Select_priv', 'Insert_priv']);
    expect(names.slice(12, 13)).toEqual(['Grant_priv']);
    expect(names.slice(31)).toEqual([
      'ssl_type', 'ssl_cipher', 'x509_issuer', 'x509_subject', 'max_questions', 'max_updates', 'max_connections',
      'max_user_connections', 'plugin', 'authentication_string', 'password_expired', 'password_last_changed',
      'password_lifetime', 'account_locked', 'Create_role_priv', 'Drop_role_priv', 'Password_reuse_history',
      'Password_reuse_time', 'Password_require_current', 'User_attributes',
    ]);
    expect(names).toHaveLength(51);
    const type = (name: string) => USER_COLUMNS.find((c) => c.def.name === name)!.def;
    expect(type('password_last_changed').type).toBe(ColumnType.TIMESTAMP);
    expect(type('password_lifetime').type).toBe(ColumnType.SHORT);
    expect(type('User_attributes').type).toBe(ColumnType.JSON);
    expect(type('password_expired').enumValues).toEqual(['N', 'Y']);
  });

  it("answers the Azure guide's verify query", async () => {
    const result = await run(root, "SELECT user, host, password_expired, password_last_changed FROM mysql.user WHERE user = 'john.doe'");
    if (result.kind !== 'rows') throw new Error('expected rows');
    expect(result.columns.map((c) => c.name)).toEqual(['user', 'host', 'password_expired', 'password_last_changed']);
    expect(result.rows).toEqual([['john.doe', '%', 'Y', '2026-01-15 10:00:00']]);
    expect(await rows(root, "SELECT user, host, plugin FROM mysql.user WHERE user = 'john.doe'")).toEqual([
      ['john.doe', '%', 'caching_sha2_password'],
    ]);
  });

  it("runs the guide's password status report verbatim", async () => {
    await run(root, "CREATE USER 'old'@'%' IDENTIFIED BY 'x'");
    root.server.clock.advance(100 * DAY_MS);
    await run(root, "CREATE USER 'fresh'@'%' IDENTIFIED BY 'y'");
    const report = await rows(
      root,
      `SELECT
    user,
    host,
    password_expired,
    password_last_changed,
    DATEDIFF(NOW(), password_last_changed) as days_since_change,
    account_locked,
    CASE
        WHEN password_expired = 'Y' THEN 'ACTION REQUIRED: Password expired'
        WHEN DATEDIFF(NOW(), password_last_changed) > 90 THEN 'WARNING: Password older than 90 days'
        ELSE 'OK'
    END as status
FROM mysql.user
WHERE user NOT IN ('mysql.sys', 'mysql.session', 'mysql.infoschema', 'azure_superuser')
ORDER BY password_expired DESC, password_last_changed ASC`,
    );
    expect(report).toEqual([
      ['john.doe', '%', 'Y', '2026-01-15 10:00:00', 100, 'N', 'ACTION REQUIRED: Password expired'],
      // Ties keep the table's primary-key order (Host, User).
      ['old', '%', 'N', '2026-01-15 10:00:00', 100, 'N', 'WARNING: Password older than 90 days'],
      ['root', 'localhost', 'N', '2026-01-15 10:00:00', 100, 'N', 'WARNING: Password older than 90 days'],
      ['fresh', '%', 'N', '2026-04-25 10:00:00', 0, 'N', 'OK'],
    ]);
  });

  it("needs SELECT on it: 1142 naming the table as MySQL does ('user'; MariaDB: `mysql`.`user`)", async () => {
    const john = login(root.server, 'john.doe', '%');
    expect(await errorOf(john, 'SELECT user FROM mysql.user')).toEqual({
      code: 1142,
      message: "SELECT command denied to user 'john.doe'@'clienthost' for table 'user'",
    });
    const maria = login(testServer('mariadb-10.11'), 'root', 'localhost');
    await run(maria, "CREATE USER 'cu'@'%'");
    // A real MariaDB 10.11: ERROR 1142 (42000): SELECT command denied to user 'cu'@'127.0.0.1' for table `mysql`.`user`
    expect(await errorOf(login(maria.server, 'cu', '%'), 'SELECT user FROM mysql.user')).toEqual({
      code: 1142,
      message: "SELECT command denied to user 'cu'@'clienthost' for table `mysql`.`user`",
    });
    await run(root, "GRANT SELECT ON mysql.* TO 'john.doe'@'%'");
    expect(await rows(john, "SELECT COUNT(*) FROM mysql.user WHERE user = 'john.doe'")).toEqual([[1]]);
  });

  it('stores the retained password, Password_locking and metadata in User_attributes as MySQL prints JSON', async () => {
    await run(root, "ALTER USER 'john.doe'@'%' IDENTIFIED BY 'next' RETAIN CURRENT PASSWORD FAILED_LOGIN_ATTEMPTS 3 PASSWORD_LOCK_TIME 2 COMMENT 'c'");
    const [[attributes]] = (await rows(root, "SELECT User_attributes FROM mysql.user WHERE user = 'john.doe'")) as [[string]];
    const secondary = root.server.accounts.get('john.doe', '%')!.additionalPassword!;
    expect(attributes).toBe(
      `{"metadata": {"comment": "c"}, "Password_locking": {"failed_login_attempts": 3, "password_lock_time_days": 2}, "additional_password": ${JSON.stringify(secondary)}}`,
    );
    expect(await rows(root, "SELECT ATTRIBUTE FROM information_schema.USER_ATTRIBUTES WHERE USER = 'john.doe'")).toEqual([
      ['{"comment": "c"}'],
    ]);
  });
});

describe("MariaDB 10.11's mysql.user view and mysql.global_priv", () => {
  let maria: TestContext;

  beforeEach(async () => {
    maria = login(testServer('mariadb-10.11'), 'root', 'localhost');
    await run(
      maria,
      "CREATE USER 'gp'@'%' IDENTIFIED BY 'pw' REQUIRE SSL WITH MAX_QUERIES_PER_HOUR 5 MAX_USER_CONNECTIONS 2 PASSWORD EXPIRE ACCOUNT LOCK; GRANT SELECT ON *.* TO 'gp'@'%' WITH GRANT OPTION",
    );
  });

  it("names bare columns as the view does, aliases and expressions as written; global_priv's as written", async () => {
    const names = async (sql: string) => {
      const result = await run(maria, sql);
      if (result.kind !== 'rows') throw new Error('expected rows');
      return result.columns.map((c) => c.name);
    };
    expect(await names("SELECT user, host, u.user, USER AS `UsEr`, UPPER(user) FROM mysql.user u WHERE user = 'gp'")).toEqual([
      'User', 'Host', 'User', 'UsEr', 'UPPER(user)',
    ]);
    expect(await names("SELECT host, user FROM mysql.global_priv WHERE user = 'gp'")).toEqual(['host', 'user']);
  });

  it('reads global_priv.Priv as MariaDB writes it', async () => {
    expect(await rows(maria, "SELECT * FROM mysql.global_priv WHERE user = 'gp'")).toEqual([
      [
        '%',
        'gp',
        '{"access":1025,"version_id":101114,"plugin":"mysql_native_password","authentication_string":"*D821809F681A40A6E379B50D0463EFAE20BDD122",' +
          '"ssl_type":1,"ssl_cipher":"","x509_issuer":"","x509_subject":"","max_questions":5,"max_user_connections":2,' +
          '"account_locked":true,"password_last_changed":0,"password_lifetime":-1}',
      ],
    ]);
    expect(await rows(maria, "SELECT Select_priv, Grant_priv, Delete_history_priv, Password, is_role, max_statement_time FROM mysql.user WHERE user = 'gp'")).toEqual([
      ['Y', 'Y', 'N', '*D821809F681A40A6E379B50D0463EFAE20BDD122', 'N', '0.000000'],
    ]);
  });

  it('cannot be updated: 1356', async () => {
    expect(await errorOf(maria, "UPDATE mysql.user SET max_questions = 3 WHERE user = 'gp'")).toMatchObject({ code: 1356 });
  });
});

describe('UPDATE mysql.user and FLUSH PRIVILEGES', () => {
  beforeEach(async () => {
    await run(root, "ALTER USER 'john.doe'@'%' IDENTIFIED BY 'reset'");
  });

  it('changes the table at once but logins only after FLUSH PRIVILEGES', async () => {
    const result = await run(root, "UPDATE mysql.user SET password_expired = 'Y' WHERE user = 'john.doe' AND host = '%'");
    expect(result).toEqual({ kind: 'ok', affectedRows: 1, info: 'Rows matched: 1  Changed: 1  Warnings: 0' });
    expect(await rows(root, "SELECT password_expired FROM mysql.user WHERE user = 'john.doe'")).toEqual([['Y']]);
    expect(root.server.accounts.get('john.doe', '%')!.passwordExpired).toBe(false);
    await run(root, 'FLUSH PRIVILEGES');
    expect(root.server.accounts.get('john.doe', '%')!.passwordExpired).toBe(true);
  });

  it('counts matched and changed rows separately', async () => {
    const result = await run(root, "UPDATE mysql.user SET account_locked = 'N' WHERE user IN ('john.doe', 'root')");
    expect(result).toMatchObject({ affectedRows: 0, info: 'Rows matched: 2  Changed: 0  Warnings: 0' });
  });

  it('keeps pending edits of other rows when account statements run before the flush', async () => {
    await run(root, "UPDATE mysql.user SET account_locked = 'Y' WHERE user = 'john.doe'");
    await run(root, "CREATE USER 'later'@'%'");
    await run(root, 'FLUSH PRIVILEGES');
    expect(root.server.accounts.get('john.doe', '%')!.accountLocked).toBe(true);
    expect(root.server.accounts.get('later', '%')).toBeDefined();
  });

  it('needs UPDATE on the table (1142) and reports unknown columns (1054)', async () => {
    const john = login(root.server, 'john.doe', '%');
    expect(await errorOf(john, "UPDATE mysql.user SET password_expired = 'N'")).toEqual({
      code: 1142,
      message: "UPDATE command denied to user 'john.doe'@'clienthost' for table 'user'",
    });
    expect(await errorOf(root, "UPDATE mysql.user SET nope = 1 WHERE user = 'x'")).toEqual({
      code: 1054,
      message: "Unknown column 'nope' in 'field list'",
    });
  });
});
