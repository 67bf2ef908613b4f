/**
 * The validate_password component with mysql2 and the mariadb CLI: INSTALL /
 * UNINSTALL COMPONENT and their errors, ERROR 1819 on every cleartext
 * password assignment (in the sandbox too), RANDOM PASSWORD and AS 'hash'
 * skipping it, VALIDATE_PASSWORD_STRENGTH, and --validate-password=azure
 * reproducing the Azure guide's "Password change fails" row.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { requireCommand } from '../helpers/clients.js';
import { startTestEmulator } from '../helpers/emulator.js';
import { mariadb } from '../helpers/mariadb-cli.js';

type TestEmulator = Awaited<ReturnType<typeof startTestEmulator>>;

const URN = 'file://component_validate_password';
const MSG_1819 = 'Your password does not satisfy the current policy requirements';
const cli = requireCommand('mariadb', 'apt-get install mariadb-client');

const open: mysql.Connection[] = [];
async function connect(em: TestEmulator, user: string, password: string, expiredOk = false): Promise<mysql.Connection> {
  const c = await mysql.createConnection({
    host: em.host,
    port: em.port,
    user,
    password,
    flags: expiredOk ? ['CAN_HANDLE_EXPIRED_PASSWORDS'] : [],
  });
  open.push(c);
  return c;
}
afterEach(async () => {
  for (const c of open.splice(0)) await c.end().catch(() => undefined);
});

async function fails(c: mysql.Connection, sql: string): Promise<{ errno: number; message: string }> {
  try {
    await c.query(sql);
  } catch (err) {
    const e = err as { errno: number; message: string };
    return { errno: e.errno, message: e.message };
  }
  throw new Error(`expected an error from: ${sql}`);
}

async function rows(c: mysql.Connection, sql: string): Promise<Record<string, unknown>[]> {
  const [r] = await c.query(sql);
  return r as Record<string, unknown>[];
}

describe('mysql-8.4: INSTALL / UNINSTALL COMPONENT', () => {
  let em: TestEmulator;
  let root: mysql.Connection;
  beforeAll(async () => {
    em = await startTestEmulator({ rootPassword: 'rootpw' });
  });
  afterAll(() => em.close());

  it('adds and removes the validate_password.* variables; twice is 3529, missing is 3537', async () => {
    root = await connect(em, 'root', 'rootpw');
    expect(await rows(root, "SHOW VARIABLES LIKE 'validate_password%'")).toEqual([]);
    expect(await fails(root, `UNINSTALL COMPONENT '${URN}'`)).toEqual({
      errno: 3537,
      message: `Component specified by URN '${URN}' to unload has not been loaded before.`,
    });
    await root.query(`INSTALL COMPONENT '${URN}'`);
    expect(await rows(root, 'SELECT component_id, component_group_id, component_urn FROM mysql.component')).toEqual([
      { component_id: 1, component_group_id: 1, component_urn: URN },
    ]);
    expect(await fails(root, `INSTALL COMPONENT '${URN}'`)).toEqual({
      errno: 3529,
      message: `Cannot load component from specified URN: '${URN}'.`,
    });
    expect(await rows(root, "SHOW VARIABLES LIKE 'validate_password%'")).toEqual([
      { Variable_name: 'validate_password.changed_characters_percentage', Value: '0' },
      { Variable_name: 'validate_password.check_user_name', Value: 'ON' },
      { Variable_name: 'validate_password.dictionary_file', Value: '' },
      { Variable_name: 'validate_password.length', Value: '8' },
      { Variable_name: 'validate_password.mixed_case_count', Value: '1' },
      { Variable_name: 'validate_password.number_count', Value: '1' },
      { Variable_name: 'validate_password.policy', Value: 'MEDIUM' },
      { Variable_name: 'validate_password.special_char_count', Value: '1' },
    ]);
    await root.query(`UNINSTALL COMPONENT '${URN}'`);
    expect(await rows(root, "SHOW VARIABLES LIKE 'validate_password%'")).toEqual([]);
    expect(await rows(root, 'SELECT * FROM mysql.component')).toEqual([]);
    expect((await fails(root, 'SELECT @@validate_password.length')).errno).toBe(1193);
    // Without the component nothing is checked.
    await root.query("CREATE USER weakling IDENTIFIED BY 'x'");
  });

  it('needs INSERT (install) / DELETE (uninstall) on mysql.component: 1142', async () => {
    root = await connect(em, 'root', 'rootpw');
    await root.query("CREATE USER plain IDENTIFIED BY 'plainpw'");
    const plain = await connect(em, 'plain', 'plainpw');
    expect(await fails(plain, `INSTALL COMPONENT '${URN}'`)).toEqual({
      errno: 1142,
      message: "INSERT command denied to user 'plain'@'localhost' for table 'component'",
    });
    await root.query('GRANT INSERT ON mysql.component TO plain');
    await plain.query(`INSTALL COMPONENT '${URN}'`);
    expect((await fails(plain, `UNINSTALL COMPONENT '${URN}'`)).errno).toBe(1142);
    await root.query(`UNINSTALL COMPONENT '${URN}'`);
  });
});

describe('mysql-8.4: ERROR 1819 while the component is installed', () => {
  let em: TestEmulator;
  let root: mysql.Connection;
  beforeAll(async () => {
    em = await startTestEmulator({ rootPassword: 'rootpw' });
    await em.sql(`INSTALL COMPONENT '${URN}'`);
    await em.sql("CREATE USER app IDENTIFIED BY 'AppP@ss1'");
  });
  afterAll(() => em.close());

  it.each([
    "CREATE USER u1 IDENTIFIED BY 'password'",
    'CREATE USER u1', // a new account gets the empty password, which is checked too
    'CREATE USER u1 IDENTIFIED WITH caching_sha2_password',
    "ALTER USER app IDENTIFIED BY 'Short1!'",
    "SET PASSWORD FOR app = 'alllowercase1!'",
    "ALTER USER app IDENTIFIED BY ''",
  ])('%s', async (sql) => {
    root = await connect(em, 'root', 'rootpw');
    expect(await fails(root, sql)).toEqual({ errno: 1819, message: MSG_1819 });
  });

  it('RANDOM PASSWORD and AS <hash> are not checked; a strong password passes', async () => {
    root = await connect(em, 'root', 'rootpw');
    // 5 characters could never pass MEDIUM: the generated password is not checked.
    await root.query('SET GLOBAL generated_random_password_length = 5');
    try {
      const [gen] = await rows(root, 'CREATE USER r1 IDENTIFIED BY RANDOM PASSWORD');
      expect(String(gen!['generated password'])).toHaveLength(5);
      const [set] = await rows(root, 'SET PASSWORD FOR r1 TO RANDOM');
      expect(String(set!['generated password'])).toHaveLength(5);
    } finally {
      await root.query('SET GLOBAL generated_random_password_length = DEFAULT');
    }
    await root.query("ALTER USER r1 IDENTIFIED WITH caching_sha2_password AS ''");
    await root.query("CREATE USER s1 IDENTIFIED BY 'Str0ng!Pass'");
    await root.query("SET PASSWORD FOR s1 = 'An0ther!Pass'");
  });

  it('in the sandbox: a weak ALTER USER USER() is 1819 and the session stays sandboxed', async () => {
    root = await connect(em, 'root', 'rootpw');
    await root.query("CREATE USER 'john.doe'@'%' IDENTIFIED BY 'TempP@ssw0rd123!' PASSWORD EXPIRE");
    const john = await connect(em, 'john.doe', 'TempP@ssw0rd123!', true);
    expect(await fails(john, "ALTER USER USER() IDENTIFIED BY 'newpass'")).toEqual({ errno: 1819, message: MSG_1819 });
    expect(await fails(john, "SET PASSWORD = 'newpass'")).toEqual({ errno: 1819, message: MSG_1819 });
    expect((await fails(john, 'SELECT 1')).errno).toBe(1820);
    await john.query("ALTER USER USER() IDENTIFIED BY 'YourNewSecureP@ssw0rd789!'");
    expect(await rows(john, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  it('check_user_name compares with the session user, not the account being changed', async () => {
    root = await connect(em, 'root', 'rootpw');
    await root.query("SET GLOBAL validate_password.policy = 'LOW', GLOBAL validate_password.length = 4");
    try {
      expect((await fails(root, "CREATE USER u2 IDENTIFIED BY 'toor'")).errno).toBe(1819);
      await root.query("CREATE USER tiger IDENTIFIED BY 'tiger'");
    } finally {
      await root.query('SET GLOBAL validate_password.policy = DEFAULT, GLOBAL validate_password.length = DEFAULT');
    }
  });

  it('VALIDATE_PASSWORD_STRENGTH: 0, 25, 50, 75, 100', async () => {
    root = await connect(em, 'root', 'rootpw');
    const dir = mkdtempSync(join(tmpdir(), 'vp-'));
    const dictionary = join(dir, 'words.txt');
    writeFileSync(dictionary, 'secret\nletmein\n');
    const strengths = async () =>
      Object.values(
        (
          await rows(
            root,
            "SELECT VALIDATE_PASSWORD_STRENGTH('abc') a, VALIDATE_PASSWORD_STRENGTH('abcdef') b, VALIDATE_PASSWORD_STRENGTH('abcdefgh') c, VALIDATE_PASSWORD_STRENGTH('Secret1!x') d, VALIDATE_PASSWORD_STRENGTH('Xyzzy1!q') e, VALIDATE_PASSWORD_STRENGTH(NULL) f",
          )
        )[0]!,
      );
    expect(await strengths()).toEqual([0, 25, 50, 100, 100, null]);
    await root.query(`SET GLOBAL validate_password.dictionary_file = '${dictionary}', GLOBAL validate_password.policy = STRONG`);
    try {
      expect(await strengths()).toEqual([0, 25, 50, 75, 100, null]);
      expect((await fails(root, "CREATE USER d1 IDENTIFIED BY 'MySecret1!'")).errno).toBe(1819);
      await root.query("CREATE USER d1 IDENTIFIED BY 'MyS3cret1!'");
    } finally {
      await root.query('SET GLOBAL validate_password.dictionary_file = DEFAULT, GLOBAL validate_password.policy = DEFAULT');
    }
  });

  it('a lower validate_password.length is raised to number + 2 × mixed + special, silently', async () => {
    root = await connect(em, 'root', 'rootpw');
    await root.query('SET GLOBAL validate_password.length = 2');
    expect(await rows(root, 'SHOW WARNINGS')).toEqual([]);
    expect(await rows(root, 'SELECT @@validate_password.length AS l')).toEqual([{ l: 4 }]);
    await root.query('SET GLOBAL validate_password.mixed_case_count = 3');
    expect(await rows(root, 'SELECT @@validate_password.length AS l')).toEqual([{ l: 8 }]);
    await root.query('SET GLOBAL validate_password.mixed_case_count = DEFAULT, GLOBAL validate_password.length = DEFAULT');
    expect(await rows(root, 'SELECT @@validate_password.length AS l')).toEqual([{ l: 8 }]);
  });
});

describe('profiles without components', () => {
  it('mysql-5.7: INSTALL COMPONENT is not supported (1235); --validate-password refuses to start', async () => {
    const em = await startTestEmulator({ profile: 'mysql-5.7', rootPassword: 'rootpw' });
    try {
      const root = await connect(em, 'root', 'rootpw');
      expect((await fails(root, `INSTALL COMPONENT '${URN}'`)).errno).toBe(1235);
      expect(await rows(root, "SELECT VALIDATE_PASSWORD_STRENGTH('Abcdefg1!') s")).toEqual([{ s: 0 }]);
    } finally {
      await em.close();
    }
    await expect(startTestEmulator({ profile: 'mysql-5.7', validatePassword: 'azure' })).rejects.toThrow(/--validate-password/);
  });
});

describe.skipIf(!cli.available)('--validate-password=azure with the mariadb CLI: the guide\'s "Password change fails" row', () => {
  let em: TestEmulator;
  beforeAll(async () => {
    em = await startTestEmulator({ rootPassword: 'AdminP@ss1', validatePassword: 'azure' });
    await em.sql("CREATE USER 'dev.sarah'@'%' IDENTIFIED BY 'Welcome2Azure2024!' PASSWORD EXPIRE");
  });
  afterAll(() => em.close());

  const sarah = ['-udev.sarah', '--connect-expired-password'];

  it('shows the policy: MEDIUM, length 8, zero counts, emulator_min_classes 3', async () => {
    const r = await mariadb(em.port, ['-uroot', '-pAdminP@ss1', '-e', "SHOW VARIABLES LIKE 'validate_password%'"]);
    expect(r.stdout).toContain('validate_password.emulator_min_classes\t3');
    expect(r.stdout).toContain('validate_password.length\t8');
    expect(r.stdout).toContain('validate_password.policy\tMEDIUM');
    expect(r.stdout).toContain('validate_password.special_char_count\t0');
  });

  it('a password of 2 classes fails with 1819 and the session stays in the sandbox', async () => {
    const r = await mariadb(em.port, [...sarah, '-pWelcome2Azure2024!', '-e', "ALTER USER USER() IDENTIFIED BY 'password'"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`ERROR 1819 (HY000) at line 1: ${MSG_1819}`);
    const short = await mariadb(em.port, [...sarah, '-pWelcome2Azure2024!', '-e', "ALTER USER USER() IDENTIFIED BY 'Ab1!'"]);
    expect(short.stderr).toContain('ERROR 1819 (HY000)');
  });

  it('3 of 4 classes and 8+ characters pass (no special character needed), then SHOW DATABASES works', async () => {
    const r = await mariadb(em.port, [...sarah, '-pWelcome2Azure2024!', '-e', "ALTER USER USER() IDENTIFIED BY 'MyDevPassw0rd'"]);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const after = await mariadb(em.port, ['-udev.sarah', '-pMyDevPassw0rd', '-e', 'SHOW DATABASES']);
    expect(after).toMatchObject({ code: 0, stderr: '' });
    expect(after.stdout).toContain('information_schema');
  });
});
