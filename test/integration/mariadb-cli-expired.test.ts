/**
 * The seed guide's user side with the real mariadb CLI: batch mode without
 * and with --connect-expired-password, and interactive mode through a pty,
 * where the CLI always declares CLIENT_CAN_HANDLE_EXPIRED_PASSWORDS.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireCommand } from '../helpers/clients.js';
import { startTestEmulator } from '../helpers/emulator.js';
import { mariadb } from '../helpers/mariadb-cli.js';
import { runInPty } from '../helpers/pty.js';

const cli = requireCommand('mariadb', 'apt-get install mariadb-client');
const pty = requireCommand('script', 'apt-get install bsdutils');
type TestEmulator = Awaited<ReturnType<typeof startTestEmulator>>;

const MSG_1862 = 'Your password has expired. To log in you must change it using a client that supports expired passwords.';
const MSG_1820 = 'You must reset your password using ALTER USER statement before executing this statement.';

describe.skipIf(!cli.available)('mariadb CLI and an expired password (mysql-8.4)', () => {
  let em: TestEmulator;
  beforeAll(async () => {
    em = await startTestEmulator({ rootPassword: 'rootpw' });
    await em.sql('CREATE DATABASE projectdb');
  });
  afterAll(() => em.close());

  async function expiredUser(name: string): Promise<void> {
    await em.sql(`CREATE USER '${name}'@'%' IDENTIFIED BY 'TempPass123!' PASSWORD EXPIRE`);
    await em.sql(`GRANT SELECT, INSERT, UPDATE, DELETE ON projectdb.* TO '${name}'@'%'`);
  }

  it('batch mode without the option: ERROR 1862 and exit 1', async () => {
    await expiredUser('batch1');
    const r = await mariadb(em.port, ['-ubatch1', '-pTempPass123!', '-e', 'SELECT 1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`ERROR 1862 (HY000): ${MSG_1862}`);
    expect(em.authEvents().at(-1)).toMatchObject({ canHandleExpired: false, code: 1862 });
  });

  it('batch mode with --connect-expired-password: the guide\'s walkthrough, statement by statement', async () => {
    await expiredUser('john.doe');
    const user = ['-ujohn.doe', '-pTempPass123!', '--connect-expired-password'];
    const sandboxed = await mariadb(em.port, [...user, '-e', 'SHOW DATABASES']);
    expect(sandboxed.stderr).toContain(`ERROR 1820 (HY000) at line 1: ${MSG_1820}`);
    expect(em.authEvents().at(-1)).toMatchObject({ canHandleExpired: true, outcome: 'sandbox' });

    const select = await mariadb(em.port, [...user, '-e', 'SELECT 1']);
    expect(select.stderr).toContain(`ERROR 1820 (HY000) at line 1: ${MSG_1820}`);
    const reset = await mariadb(em.port, [...user, '-e', "ALTER USER USER() IDENTIFIED BY 'NewSecurePass456!'"]);
    expect(reset).toMatchObject({ code: 0, stderr: '' });
    const after = await mariadb(em.port, ['-ujohn.doe', '-pNewSecurePass456!', '-e', 'SELECT USER(), CURRENT_USER(); SHOW DATABASES']);
    expect(after.stdout).toBe('USER()\tCURRENT_USER()\njohn.doe@localhost\tjohn.doe@%\nDatabase\ninformation_schema\nperformance_schema\nprojectdb\n');
  });

  it('batch mode with --connect-expired-password and --force runs the reset, then the rest works', async () => {
    await expiredUser('forced');
    const r = await mariadb(
      em.port,
      ['-uforced', '-pTempPass123!', '--connect-expired-password', '--force'],
      "SELECT 1;\nALTER USER USER() IDENTIFIED BY 'NewSecurePass456!';\nSELECT USER(), CURRENT_USER();\nSHOW DATABASES;\n",
    );
    expect(r.stderr).toContain(`ERROR 1820 (HY000) at line 1: ${MSG_1820}`);
    expect(r.stdout).toBe('USER()\tCURRENT_USER()\nforced@localhost\tforced@%\nDatabase\ninformation_schema\nperformance_schema\nprojectdb\n');
    const old = await mariadb(em.port, ['-uforced', '-pTempPass123!', '-e', 'SELECT 1']);
    expect(old.stderr).toContain("ERROR 1045 (28000): Access denied for user 'forced'@'localhost' (using password: YES)");
  });

  it.skipIf(!pty.available)('interactive mode (a pty) always sends bit 22: sandbox, reset, then normal', async () => {
    await expiredUser('inter');
    const screen = await runInPty(
      `mariadb -h127.0.0.1 -P${em.port} -uinter -pTempPass123!`,
      "SELECT 1;\nALTER USER USER() IDENTIFIED BY 'NewSecurePass456!';\nSELECT CURRENT_USER();\nquit\n",
    );
    expect(screen).toContain(`ERROR 1820 (HY000): ${MSG_1820}`);
    expect(screen).toContain('Query OK, 0 rows affected');
    expect(screen).toMatch(/\| inter@%\s+\|/);
    const auth = em.authEvents().find((e) => e.user === 'inter');
    expect(auth).toMatchObject({ canHandleExpired: true, outcome: 'sandbox' });
  });
});
