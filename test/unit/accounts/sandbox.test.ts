import { beforeEach, describe, expect, it } from 'vitest';
import { statementAllowedInSandbox } from '../../../src/session/sandbox-gate.js';
import { parseOne } from '../../../src/sql/parse/parser.js';
import { errorOf, login, rows, run, testServer, type TestContext } from '../../helpers/account-context.js';
import type { ProfileName } from '../../../src/config/profiles.js';

const MUST_CHANGE = {
  code: 1820,
  message: 'You must reset your password using ALTER USER statement before executing this statement.',
};

describe('the sandbox of an expired account (Azure onboarding flow)', () => {
  let admin: TestContext;
  let john: TestContext;

  beforeEach(async () => {
    const server = testServer();
    admin = login(server, 'root', 'localhost');
    await run(admin, "CREATE DATABASE projectdb");
    await run(admin, "CREATE USER 'john.doe'@'%' IDENTIFIED BY 'TempP@ssw0rd123!' PASSWORD EXPIRE");
    await run(admin, "GRANT SELECT, INSERT ON projectdb.* TO 'john.doe'@'%'");
    john = login(server, 'john.doe', '%', true);
  });

  it('refuses everything but the password change with 1820', async () => {
    expect(await errorOf(john, 'SELECT 1')).toEqual(MUST_CHANGE);
    expect(await errorOf(john, 'SHOW DATABASES')).toEqual(MUST_CHANGE);
    expect(await errorOf(john, 'SET @a = 1')).toEqual(MUST_CHANGE);
  });

  it('ALTER USER USER() IDENTIFIED BY restores the session and the account at once', async () => {
    await run(john, "ALTER USER USER() IDENTIFIED BY 'MyS3cur3D3vP@ssw0rd!'");
    expect(john.session.sandboxed).toBe(false);
    expect(admin.server.accounts.get('john.doe', '%')!.passwordExpired).toBe(false);
    expect(await rows(john, 'SHOW DATABASES')).toEqual([['information_schema'], ['performance_schema'], ['projectdb']]);
  });

  it('SET PASSWORD = ... and SET PASSWORD FOR CURRENT_USER() also leave the sandbox', async () => {
    await run(john, "SET PASSWORD = 'n1'");
    expect(john.session.sandboxed).toBe(false);
    const again = login(admin.server, 'john.doe', '%', true);
    await run(again, "SET PASSWORD FOR CURRENT_USER() = 'n2'");
    expect(again.session.sandboxed).toBe(false);
  });

  it('changing another account from the sandbox is 1820; a non-password ALTER of oneself too', async () => {
    const sandboxedRoot = login(admin.server, 'root', 'localhost', true);
    expect(await errorOf(sandboxedRoot, "ALTER USER 'john.doe'@'%' IDENTIFIED BY 'x'")).toEqual(MUST_CHANGE);
    expect(await errorOf(sandboxedRoot, "SET PASSWORD FOR 'john.doe'@'%' = 'x'")).toEqual(MUST_CHANGE);
    expect(await errorOf(sandboxedRoot, 'ALTER USER USER() ACCOUNT LOCK')).toEqual(MUST_CHANGE);
    expect(sandboxedRoot.session.sandboxed).toBe(true);
  });

  it('an admin expiring or resetting the password leaves open sessions as they are', async () => {
    const open = login(admin.server, 'john.doe', '%');
    await run(admin, "ALTER USER 'john.doe'@'%' PASSWORD EXPIRE");
    expect(open.session.sandboxed).toBe(false);
    await run(admin, "ALTER USER 'john.doe'@'%' IDENTIFIED BY 'reset'");
    expect(john.session.sandboxed).toBe(true);
  });

  it('ALTER USER USER() PASSWORD EXPIRE sandboxes the current session only', async () => {
    const other = login(admin.server, 'root', 'localhost');
    await run(admin, 'ALTER USER USER() PASSWORD EXPIRE');
    expect(admin.session.sandboxed).toBe(true);
    expect(other.session.sandboxed).toBe(false);
    expect(await errorOf(admin, 'SELECT 1')).toEqual(MUST_CHANGE);
  });
});

describe('statementAllowedInSandbox: one allow-list per server family', () => {
  const allowed = (profile: ProfileName, sql: string): boolean => {
    const server = testServer(profile);
    const parsed = parseOne(sql, server.profile);
    if ('unrecognised' in parsed) throw new Error(sql);
    return statementAllowedInSandbox(parsed.statement, server.profile);
  };

  it('MySQL 8: only SET PASSWORD and ALTER USER', () => {
    expect(allowed('mysql-8.4', "SET PASSWORD = 'x'")).toBe(true);
    expect(allowed('mysql-8.4', "ALTER USER USER() IDENTIFIED BY 'x'")).toBe(true);
    expect(allowed('mysql-8.4', 'SET NAMES utf8mb4')).toBe(false);
    expect(allowed('mysql-8.0', 'SELECT 1')).toBe(false);
  });

  it('MySQL 5.7: every SET statement and ALTER USER', () => {
    expect(allowed('mysql-5.7', 'SET NAMES utf8mb4')).toBe(true);
    expect(allowed('mysql-5.7', 'SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED')).toBe(true);
    expect(allowed('mysql-5.7', "ALTER USER 'root'@'localhost' IDENTIFIED BY 'x'")).toBe(true);
    expect(allowed('mysql-5.7', 'SELECT 1')).toBe(false);
  });

  it('MariaDB: SET statements including SET PASSWORD, never ALTER USER', () => {
    expect(allowed('mariadb-10.11', "SET PASSWORD = PASSWORD('x')")).toBe(true);
    expect(allowed('mariadb-10.11', 'SET @a = 1')).toBe(true);
    expect(allowed('mariadb-10.11', "ALTER USER 'root'@'localhost' IDENTIFIED BY 'x'")).toBe(false);
  });
});
