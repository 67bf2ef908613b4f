import { beforeEach, describe, expect, it } from 'vitest';
import { passwordMatches } from '../../../src/accounts/credentials.js';
import { nativeHash } from '../../../src/accounts/credentials.js';
import { DAY_MS } from '../../../src/clock.js';
import { errorOf, login, rows, run, START, testServer, type TestContext } from '../../helpers/account-context.js';

let root: TestContext;

beforeEach(() => {
  root = login(testServer(), 'root', 'localhost');
});

const account = (ctx: TestContext, user: string, host = '%') => ctx.server.accounts.get(user, host);
const notes = (ctx: TestContext) => ctx.session.diagnostics.map((d) => `${d.level} ${d.code} ${d.message}`);

describe('CREATE USER', () => {
  it('creates the account with the default plugin, a real hash and CREATE USER defaults', async () => {
    await run(root, "CREATE USER 'john.doe'@'%' IDENTIFIED BY 'TempP@ssw0rd123!' PASSWORD EXPIRE");
    const a = account(root, 'john.doe')!;
    expect(a.plugin).toBe('caching_sha2_password');
    expect(a.authenticationString).toMatch(/^\$A\$005\$/);
    expect(passwordMatches(a.plugin, a.authenticationString, 'TempP@ssw0rd123!')).toBe(true);
    expect(a.passwordExpired).toBe(true);
    expect(a.passwordLastChanged).toBe(START);
    expect(a.passwordLifetime).toBeNull();
  });

  it('lists every failing account in 1396 and creates none of them (atomic)', async () => {
    await run(root, "CREATE USER 'a'@'%', 'b'@'%'");
    const err = await errorOf(root, "CREATE USER 'a'@'%', 'new'@'%', 'b'@'%'");
    expect(err).toEqual({ code: 1396, message: "Operation CREATE USER failed for 'a'@'%','b'@'%'" });
    expect(account(root, 'new')).toBeUndefined();
  });

  it('fails the same account named twice in one statement', async () => {
    const err = await errorOf(root, "CREATE USER 'x'@'h', 'x'@'H'");
    expect(err.message).toBe("Operation CREATE USER failed for 'x'@'H'");
    expect(account(root, 'x', 'h')).toBeUndefined();
  });

  it('IF NOT EXISTS turns an existing account into note 3163', async () => {
    await run(root, "CREATE USER 'a'@'%'");
    await run(root, "CREATE USER IF NOT EXISTS 'a'@'%', 'c'@'%'");
    expect(notes(root)).toEqual(["Note 3163 Authorization ID 'a'@'%' already exists."]);
    expect(account(root, 'c')).toBeDefined();
  });

  it('needs CREATE USER: 1227 for an unprivileged account', async () => {
    await run(root, "CREATE USER 'u'@'%' IDENTIFIED BY 'pw'");
    const u = login(root.server, 'u', '%');
    expect(await errorOf(u, "CREATE USER 'v'@'%'")).toEqual({
      code: 1227,
      message: 'Access denied; you need (at least one of) the CREATE USER privilege(s) for this operation',
    });
  });

  it('IDENTIFIED WITH plugin AS validates the hash (1827) and stores it verbatim', async () => {
    expect((await errorOf(root, "CREATE USER 'n'@'%' IDENTIFIED WITH mysql_native_password AS 'nothash'")).code).toBe(1827);
    const hash = nativeHash('secret');
    await run(root, `CREATE USER 'n'@'%' IDENTIFIED WITH mysql_native_password AS '${hash}'`);
    expect(account(root, 'n')).toMatchObject({ plugin: 'mysql_native_password', authenticationString: hash });
  });

  it('BY RANDOM PASSWORD answers user, host, generated password, auth_factor', async () => {
    const result = await run(root, "CREATE USER 'r1'@'localhost' IDENTIFIED BY RANDOM PASSWORD, 'r2'@'%' IDENTIFIED BY 'x'");
    if (result.kind !== 'rows') throw new Error('expected rows');
    expect(result.columns.map((c) => c.name)).toEqual(['user', 'host', 'generated password', 'auth_factor']);
    expect(result.rows).toHaveLength(1);
    const [user, host, password, factor] = result.rows[0]!;
    expect([user, host, factor]).toEqual(['r1', 'localhost', 1]);
    expect(String(password)).toHaveLength(20);
    const a = account(root, 'r1', 'localhost')!;
    expect(passwordMatches(a.plugin, a.authenticationString, String(password))).toBe(true);
  });

  it('stores every password, lock and resource option', async () => {
    await run(
      root,
      "CREATE USER 'o'@'%' IDENTIFIED BY 'pw' WITH MAX_QUERIES_PER_HOUR 10 MAX_USER_CONNECTIONS 2 " +
        'PASSWORD EXPIRE INTERVAL 90 DAY PASSWORD HISTORY 5 PASSWORD REUSE INTERVAL 30 DAY PASSWORD REQUIRE CURRENT OPTIONAL ' +
        "FAILED_LOGIN_ATTEMPTS 3 PASSWORD_LOCK_TIME UNBOUNDED ACCOUNT LOCK COMMENT 'new hire'",
    );
    expect(account(root, 'o')).toMatchObject({
      maxQuestions: 10,
      maxUserConnections: 2,
      passwordLifetime: 90,
      passwordReuseHistory: 5,
      passwordReuseTime: 30,
      passwordRequireCurrent: false,
      failedLoginAttempts: 3,
      passwordLockTime: -1,
      accountLocked: true,
      metadata: { comment: 'new hire' },
    });
  });
});

describe('ALTER USER', () => {
  beforeEach(async () => {
    await run(root, "CREATE USER 'u'@'%' IDENTIFIED BY 'old' PASSWORD EXPIRE");
  });

  it('a new password clears password_expired, stamps password_last_changed and forgets cached digests', async () => {
    const a = account(root, 'u')!;
    root.server.accounts.rememberDigest(a, Buffer.alloc(32, 1), a.authenticationString);
    expect(root.server.accounts.cachedDigests(a)).toHaveLength(1);
    root.server.clock.advance(3 * DAY_MS);
    await run(root, "ALTER USER 'u'@'%' IDENTIFIED BY 'NewTempPassword2024!'");
    expect(a.passwordExpired).toBe(false);
    expect(a.passwordLastChanged).toBe(START + 3 * DAY_MS);
    expect(passwordMatches(a.plugin, a.authenticationString, 'NewTempPassword2024!')).toBe(true);
    expect(root.server.accounts.cachedDigests(a)).toEqual([]);
  });

  it('PASSWORD EXPIRE NEVER / INTERVAL / DEFAULT set the lifetime; ACCOUNT LOCK/UNLOCK the lock', async () => {
    await run(root, "ALTER USER 'u'@'%' PASSWORD EXPIRE NEVER ACCOUNT LOCK");
    expect(account(root, 'u')).toMatchObject({ passwordLifetime: 0, accountLocked: true, passwordExpired: true });
    await run(root, "ALTER USER 'u'@'%' PASSWORD EXPIRE INTERVAL 30 DAY ACCOUNT UNLOCK");
    expect(account(root, 'u')).toMatchObject({ passwordLifetime: 30, accountLocked: false });
    await run(root, "ALTER USER 'u'@'%' PASSWORD EXPIRE DEFAULT");
    expect(account(root, 'u')!.passwordLifetime).toBeNull();
  });

  it('IDENTIFIED WITH another plugin and no password marks the account expired', async () => {
    await run(root, "ALTER USER 'u'@'%' IDENTIFIED BY 'fresh'");
    await run(root, "ALTER USER 'u'@'%' IDENTIFIED WITH sha256_password");
    expect(account(root, 'u')).toMatchObject({ plugin: 'sha256_password', authenticationString: '', passwordExpired: true });
  });

  it('IF EXISTS notes 3162 for a missing account and still alters the others', async () => {
    await run(root, "ALTER USER IF EXISTS 'ghost'@'%', 'u'@'%' ACCOUNT LOCK");
    expect(notes(root)).toEqual(["Note 3162 Authorization ID 'ghost'@'%' does not exist."]);
    expect(account(root, 'u')!.accountLocked).toBe(true);
  });

  it('without IF EXISTS fails with 1396 and changes nothing', async () => {
    const err = await errorOf(root, "ALTER USER 'u'@'%', 'ghost'@'%', 'ghost2'@'h' ACCOUNT LOCK");
    expect(err.message).toBe("Operation ALTER USER failed for 'ghost'@'%','ghost2'@'h'");
    expect(account(root, 'u')!.accountLocked).toBe(false);
  });

  it('an unprivileged account may change only its own password (1227 otherwise)', async () => {
    await run(root, "CREATE USER 'v'@'%' IDENTIFIED BY 'v'");
    const v = login(root.server, 'v', '%');
    expect((await errorOf(v, "ALTER USER 'u'@'%' IDENTIFIED BY 'x'")).code).toBe(1227);
    expect((await errorOf(v, 'ALTER USER USER() PASSWORD EXPIRE')).code).toBe(1227);
    await run(v, "ALTER USER USER() IDENTIFIED BY 'mine'");
    expect(passwordMatches('caching_sha2_password', account(root, 'v')!.authenticationString, 'mine')).toBe(true);
  });

  it('keeps COMMENT and ATTRIBUTE as merged metadata; invalid JSON is 3981', async () => {
    await run(root, `ALTER USER 'u'@'%' ATTRIBUTE '{"team": "db", "level": 2}'`);
    await run(root, `ALTER USER 'u'@'%' ATTRIBUTE '{"level": null}'`);
    await run(root, "ALTER USER 'u'@'%' COMMENT 'hello'");
    expect(account(root, 'u')!.metadata).toEqual({ team: 'db', comment: 'hello' });
    expect((await errorOf(root, "ALTER USER 'u'@'%' ATTRIBUTE '[1]'")).code).toBe(3981);
  });
});

describe('dual passwords', () => {
  beforeEach(async () => {
    await run(root, "CREATE USER 'app'@'%' IDENTIFIED BY 'first'");
  });

  it('RETAIN CURRENT PASSWORD keeps the old primary as the secondary; DISCARD OLD PASSWORD drops it', async () => {
    const oldHash = account(root, 'app')!.authenticationString;
    await run(root, "ALTER USER 'app'@'%' IDENTIFIED BY 'second' RETAIN CURRENT PASSWORD");
    expect(account(root, 'app')!.additionalPassword).toBe(oldHash);
    await run(root, "ALTER USER 'app'@'%' DISCARD OLD PASSWORD");
    expect(account(root, 'app')!.additionalPassword).toBeNull();
  });

  it('refuses to retain across a plugin change (3894), an empty current (3878) or an empty new password (3895)', async () => {
    expect((await errorOf(root, "ALTER USER 'app'@'%' IDENTIFIED WITH mysql_native_password BY 'x' RETAIN CURRENT PASSWORD")).message).toBe(
      "Current password can not be retained for user 'app'@'%' because authentication plugin is being changed.",
    );
    expect((await errorOf(root, "ALTER USER 'app'@'%' IDENTIFIED BY '' RETAIN CURRENT PASSWORD")).code).toBe(3895);
    await run(root, "CREATE USER 'empty'@'%'");
    expect((await errorOf(root, "ALTER USER 'empty'@'%' IDENTIFIED BY 'x' RETAIN CURRENT PASSWORD")).code).toBe(3878);
  });

  it('RETAIN on one’s own account needs APPLICATION_PASSWORD_ADMIN', async () => {
    const app = login(root.server, 'app', '%');
    expect(await errorOf(app, "ALTER USER USER() IDENTIFIED BY 'n' RETAIN CURRENT PASSWORD")).toEqual({
      code: 1227,
      message: 'Access denied; you need (at least one of) the CREATE USER or APPLICATION_PASSWORD_ADMIN privilege(s) for this operation',
    });
    await run(root, "GRANT APPLICATION_PASSWORD_ADMIN ON *.* TO 'app'@'%'");
    await run(app, "ALTER USER USER() IDENTIFIED BY 'n' RETAIN CURRENT PASSWORD");
    expect(account(root, 'app')!.additionalPassword).not.toBeNull();
  });
});

describe('REPLACE and password history', () => {
  it('checks REPLACE against the current password and refuses it for other accounts', async () => {
    await run(root, "CREATE USER 'p'@'%' IDENTIFIED BY 'cur' PASSWORD REQUIRE CURRENT");
    const p = login(root.server, 'p', '%');
    expect((await errorOf(p, "ALTER USER USER() IDENTIFIED BY 'n'")).code).toBe(3892);
    expect((await errorOf(p, "ALTER USER USER() IDENTIFIED BY 'n' REPLACE 'wrong'")).code).toBe(3891);
    expect((await errorOf(root, "ALTER USER 'p'@'%' IDENTIFIED BY 'n' REPLACE 'cur'")).code).toBe(3893);
    await run(p, "SET PASSWORD = 'n' REPLACE 'cur'");
    expect(passwordMatches('caching_sha2_password', account(root, 'p')!.authenticationString, 'n')).toBe(true);
  });

  it('refuses a password still in the history with 3638 and records it in mysql.password_history', async () => {
    await run(root, "CREATE USER 'h'@'%' IDENTIFIED BY 'one' PASSWORD HISTORY 2");
    await run(root, "ALTER USER 'h'@'%' IDENTIFIED BY 'two'");
    expect(await errorOf(root, "ALTER USER 'h'@'%' IDENTIFIED BY 'one'")).toEqual({
      code: 3638,
      message: "Cannot use these credentials for 'h@%' because they contradict the password history policy",
    });
    await run(root, "ALTER USER 'h'@'%' IDENTIFIED BY 'three'");
    await run(root, "ALTER USER 'h'@'%' IDENTIFIED BY 'one'");
    expect(await rows(root, "SELECT COUNT(*) FROM mysql.password_history WHERE User = 'h'")).toEqual([[2]]);
  });
});

describe('DROP USER and RENAME USER', () => {
  beforeEach(async () => {
    await run(root, "CREATE USER 'a'@'%', 'b'@'%'");
  });

  it('DROP USER lists every missing account in 1396 and drops nothing', async () => {
    const err = await errorOf(root, "DROP USER 'a'@'%', 'x'@'%', 'y'@'%'");
    expect(err.message).toBe("Operation DROP USER failed for 'x'@'%','y'@'%'");
    expect(account(root, 'a')).toBeDefined();
    await run(root, "DROP USER IF EXISTS 'a'@'%', 'x'@'%'");
    expect(account(root, 'a')).toBeUndefined();
    expect(notes(root)).toEqual(["Note 3162 Authorization ID 'x'@'%' does not exist."]);
  });

  it('RENAME USER moves the account and fails atomically on a taken or missing name', async () => {
    expect((await errorOf(root, "RENAME USER 'a'@'%' TO 'c'@'%', 'b'@'%' TO 'c'@'%'")).message).toBe(
      "Operation RENAME USER failed for 'b'@'%'",
    );
    expect(account(root, 'c')).toBeUndefined();
    await run(root, "RENAME USER 'a'@'%' TO 'c'@'localhost'");
    expect(account(root, 'a')).toBeUndefined();
    expect(account(root, 'c', 'localhost')).toBeDefined();
  });
});

describe('SET PASSWORD', () => {
  it('1133 for an unknown account, 1044 on mysql for an unprivileged one, 1131 for anonymous sessions', async () => {
    expect(await errorOf(root, "SET PASSWORD FOR 'nobody'@'%' = 'x'")).toEqual({
      code: 1133,
      message: "Can't find any matching row in the user table",
    });
    await run(root, "CREATE USER 'u'@'%' IDENTIFIED BY 'u'");
    const u = login(root.server, 'u', '%');
    expect(await errorOf(u, "SET PASSWORD FOR 'root'@'localhost' = 'x'")).toEqual({
      code: 1044,
      message: "Access denied for user 'u'@'%' to database 'mysql'",
    });
    await run(root, "CREATE USER ''@'localhost'");
    const anonymous = login(root.server, '', 'localhost');
    expect((await errorOf(anonymous, "SET PASSWORD = 'x'")).code).toBe(1131);
  });

  it('TO RANDOM answers the generated password', async () => {
    await run(root, "CREATE USER 'u'@'%'");
    const result = await run(root, "SET PASSWORD FOR 'u'@'%' TO RANDOM");
    if (result.kind !== 'rows') throw new Error('expected rows');
    expect(result.rows[0]!.slice(0, 2)).toEqual(['u', '%']);
    expect(passwordMatches('caching_sha2_password', account(root, 'u')!.authenticationString, String(result.rows[0]![2]))).toBe(true);
  });
});

describe('per-server grammar of ALTER USER and PASSWORD()', () => {
  it('MySQL 5.6 knows only ALTER USER user [, user] PASSWORD EXPIRE', async () => {
    const r = login(testServer('mysql-5.6'), 'root', 'localhost');
    await run(r, "CREATE USER 'a'@'%' IDENTIFIED BY 'x', 'b'@'%' IDENTIFIED BY 'y'");
    await run(r, "ALTER USER 'a'@'%', 'b'@'%' PASSWORD EXPIRE");
    expect(await rows(r, "SELECT user, password_expired FROM mysql.user WHERE user IN ('a', 'b') ORDER BY user")).toEqual([
      ['a', 'Y'],
      ['b', 'Y'],
    ]);
    expect(await errorOf(r, "ALTER USER 'a'@'%' IDENTIFIED BY 'z'")).toEqual({
      code: 1064,
      message:
        "You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use near 'IDENTIFIED BY 'z'' at line 1",
    });
    expect((await errorOf(r, "ALTER USER IF EXISTS 'a'@'%' PASSWORD EXPIRE")).code).toBe(1064);
    expect((await errorOf(r, "ALTER USER 'a'@'%' PASSWORD EXPIRE NEVER")).code).toBe(1064);
  });

  it('PASSWORD() is a function up to 5.7 and in MariaDB, a syntax error in MySQL 8', async () => {
    expect(await rows(login(testServer('mysql-5.7'), 'root', 'localhost'), "SELECT PASSWORD('1111')")).toEqual([
      ['*89C6B530AA78695E257E55D63C00A6EC9AD3E977'],
    ]);
    const r84 = login(testServer('mysql-8.4'), 'root', 'localhost');
    await run(r84, "CREATE USER 'x'@'%' IDENTIFIED BY 'Xx-Pass-1'");
    expect(await errorOf(r84, "UPDATE mysql.user SET authentication_string=PASSWORD('1111') WHERE user='x'")).toEqual({
      code: 1064,
      message:
        "You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use near '('1111') WHERE user='x'' at line 1",
    });
    expect(await errorOf(r84, "SELECT PASSWORD('1111')")).toEqual({
      code: 1064,
      message:
        "You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use near '('1111')' at line 1",
    });
  });
});
