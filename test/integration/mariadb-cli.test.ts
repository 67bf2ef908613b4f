/** The mariadb CLI (libmariadb) in batch mode, over plain TCP and over TLS. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireCommand } from '../helpers/clients.js';
import { startTestEmulator } from '../helpers/emulator.js';
import { mariadb } from '../helpers/mariadb-cli.js';

const cli = requireCommand('mariadb', 'apt-get install mariadb-client');
type TestEmulator = Awaited<ReturnType<typeof startTestEmulator>>;

describe.skipIf(!cli.available)('mariadb CLI, batch mode', () => {
  let em: TestEmulator;
  beforeAll(async () => {
    em = await startTestEmulator();
    await em.sql("CREATE USER 'app'@'%' IDENTIFIED BY 'app-secret'");
    await em.sql("CREATE USER 'tls'@'%' IDENTIFIED BY 'tls-secret'");
  });
  afterAll(() => em.close());

  it('root@localhost with an empty password runs SELECT 1', async () => {
    const r = await mariadb(em.port, ['-uroot', '--skip-ssl', '-e', 'SELECT 1']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('1\n1\n');
    expect(r.code).toBe(0);
  });

  it('sha256_password without a password: the empty response logs in over TLS and plain TCP (sha256_password_authenticate)', async () => {
    await em.sql("CREATE USER 'nopw256'@'%' IDENTIFIED WITH sha256_password");
    for (const tls of ['--ssl', '--skip-ssl']) {
      const r = await mariadb(em.port, ['-unopw256', tls, '--ssl-verify-server-cert=0', '-e', 'SELECT CURRENT_USER()']);
      expect(r.stdout).toBe('CURRENT_USER()\nnopw256@%\n');
    }
    const events = em.authEvents().filter((e) => e.user === 'nopw256');
    expect(events.map((e) => [e.plugin, e.path, e.tls, e.outcome])).toEqual([
      ['sha256_password', 'empty', true, 'ok'],
      ['sha256_password', 'empty', false, 'ok'],
    ]);
  });

  it('USER() is the login name and client host, CURRENT_USER() the matched account', async () => {
    const r = await mariadb(em.port, ['-uapp', '-papp-secret', '--skip-ssl', '-e', 'SELECT USER(), CURRENT_USER()']);
    expect(r.stdout).toBe('USER()\tCURRENT_USER()\napp@localhost\tapp@%\n');
  });

  it('logs in over TLS with --ssl (caching_sha2 full auth in cleartext inside TLS)', async () => {
    const r = await mariadb(em.port, ['-utls', '-ptls-secret', '--ssl', '-e', 'SELECT 1']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const auth = em.authEvents().at(-1)!;
    expect(auth).toMatchObject({ user: 'tls', tls: true, path: 'full-tls', outcome: 'ok' });
  });

  it('prints MySQL\'s 1045 for a wrong password', async () => {
    const r = await mariadb(em.port, ['-uapp', '-pwrong', '--skip-ssl', '-e', 'SELECT 1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("ERROR 1045 (28000): Access denied for user 'app'@'localhost' (using password: YES)");
  });

  it('prints a syntax error with MySQL\'s near-text', async () => {
    const r = await mariadb(em.port, ['-uroot', '--skip-ssl', '-e', 'SELEC 1']);
    expect(r.stderr).toContain(
      "ERROR 1064 (42000) at line 1: You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use near 'SELEC 1' at line 1",
    );
  });
});
