/**
 * authentication_ldap_simple against the emulated directory, with real
 * clients over TCP: mysql2 (its mysql_clear_password plugin is opt-in:
 * enableCleartextPlugin) over TLS and plain TCP, and the mariadb CLI (whose
 * Connector/C sends the cleartext with no option at all). Then MySQL's rules
 * for plugins that cannot expire (sql_user.cc), and failed-login tracking,
 * which applies to every plugin.
 */
import mysql from 'mysql2/promise';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DAY_MS, startEmulator } from '../../src/index.js';
import { requireCommand } from '../helpers/clients.js';
import { startTestEmulator } from '../helpers/emulator.js';
import { mariadb } from '../helpers/mariadb-cli.js';

type TestEmulator = Awaited<ReturnType<typeof startTestEmulator>>;

const cli = requireCommand('mariadb', 'apt-get install mariadb-client');
const ALICE_DN = 'uid=alice,ou=People,dc=example,dc=com';

interface Outcome {
  ok: boolean;
  user?: string;
  code?: number | string;
  message?: string;
}

async function login(em: TestEmulator, password: string, opts: { tls?: boolean; cleartext?: boolean; user?: string } = {}): Promise<Outcome> {
  try {
    const conn = await mysql.createConnection({
      host: '127.0.0.1',
      port: em.port,
      user: opts.user ?? 'alice',
      password,
      enableCleartextPlugin: opts.cleartext ?? true,
      ...(opts.tls ? { ssl: { rejectUnauthorized: false } } : {}),
    });
    const [rows] = await conn.query<mysql.RowDataPacket[]>('SELECT CURRENT_USER() AS u');
    await conn.end();
    return { ok: true, user: rows[0]!.u as string };
  } catch (err) {
    const e = err as { errno?: number; code?: string; sqlMessage?: string; message: string };
    return { ok: false, code: e.errno ?? e.code, message: e.sqlMessage ?? e.message };
  }
}

const denied: Outcome = { ok: false, code: 1045, message: "Access denied for user 'alice'@'localhost' (using password: YES)" };

let em: TestEmulator;

beforeEach(async () => {
  // mysql_native_password enabled, so an unknown user's decoy is never the disabled plugin (1524): see decoy.test.ts.
  em = await startTestEmulator({ directory: { [ALICE_DN]: 's3cret' }, mysqlNativePassword: true });
  await em.sql(`CREATE USER 'alice'@'%' IDENTIFIED WITH authentication_ldap_simple AS '${ALICE_DN}'`);
});

afterEach(async () => {
  await em.close();
});

describe('authentication_ldap_simple with mysql2', () => {
  it('logs in over plain TCP and over TLS with enableCleartextPlugin', async () => {
    expect(await login(em, 's3cret')).toEqual({ ok: true, user: 'alice@%' });
    expect(await login(em, 's3cret', { tls: true })).toEqual({ ok: true, user: 'alice@%' });
    const events = em.authEvents();
    expect(events.map((e) => [e.plugin, e.clientPlugin, e.switched, e.path, e.tls, e.outcome])).toEqual([
      ['authentication_ldap_simple', 'caching_sha2_password', true, 'clear', false, 'ok'],
      ['authentication_ldap_simple', 'caching_sha2_password', true, 'clear', true, 'ok'],
    ]);
  });

  it('answers a wrong password with 1045 and never logs the password', async () => {
    expect(await login(em, 'wrong')).toEqual(denied);
    expect(await login(em, 's3cret', { user: 'nobody' })).toMatchObject({ ok: false, code: 1045 });
    const text = JSON.stringify(em.logs);
    expect(text).not.toContain('s3cret');
    expect(text).not.toContain('wrong');
    expect(em.authEvents()[0]).toMatchObject({ plugin: 'authentication_ldap_simple', path: 'clear', outcome: 'error', code: 1045 });
  });

  it('refuses to send the cleartext unless enableCleartextPlugin (or an authPlugins entry) allows it', async () => {
    expect(await login(em, 's3cret', { cleartext: false })).toMatchObject({ ok: false, code: 'MYSQL_CLEAR_PASSWORD_NOT_ENABLED' });
  });

  it('sees directory changes made through the API at the next login', async () => {
    await em.directory.set(ALICE_DN, 'n3w');
    expect(await login(em, 's3cret')).toEqual(denied);
    expect(await login(em, 'n3w')).toEqual({ ok: true, user: 'alice@%' });
    em.directory.delete(ALICE_DN);
    expect(await login(em, 'n3w')).toEqual(denied);
  });

  it('follows an ALTER USER to another DN', async () => {
    await em.directory.set('uid=alice2,ou=People,dc=example,dc=com', 'other');
    await em.sql("ALTER USER 'alice'@'%' IDENTIFIED WITH authentication_ldap_simple BY 'uid=alice2,ou=People,dc=example,dc=com'");
    expect(await login(em, 's3cret')).toEqual(denied);
    expect(await login(em, 'other')).toEqual({ ok: true, user: 'alice@%' });
  });

  it('never expires by lifetime: default_password_lifetime and a moved clock change nothing', async () => {
    await em.sql("CREATE USER 'carol'@'%' IDENTIFIED BY 'Carol-pw1'; SET GLOBAL default_password_lifetime = 1");
    em.clock.advance(400 * DAY_MS);
    expect(await login(em, 's3cret')).toEqual({ ok: true, user: 'alice@%' });
    expect(em.authEvents().at(-1)).toMatchObject({ expired: null, outcome: 'ok' });
    // The same clock expires a caching_sha2_password account (1862: mysql2 lacks CAN_HANDLE_EXPIRED_PASSWORDS).
    expect(await login(em, 'Carol-pw1', { user: 'carol' })).toMatchObject({ ok: false, code: 1862 });
    expect(em.authEvents().at(-1)).toMatchObject({ expired: 'lifetime', code: 1862 });
  });

  it('tracks FAILED_LOGIN_ATTEMPTS as for any plugin: wrong 1045, wrong 3955, right 3955', async () => {
    await em.sql("ALTER USER 'alice'@'%' FAILED_LOGIN_ATTEMPTS 2 PASSWORD_LOCK_TIME 1");
    expect(await login(em, 'bad')).toEqual(denied);
    const blocked = {
      ok: false,
      code: 3955,
      message: "Access denied for user 'alice'@'localhost'. Account is blocked for 1 day(s) (1 day(s) remaining) due to 2 consecutive failed logins.",
    };
    expect(await login(em, 'bad')).toEqual(blocked);
    expect(await login(em, 's3cret')).toEqual(blocked);
  });
});

describe.skipIf(!cli.available)('authentication_ldap_simple with the mariadb CLI', () => {
  it('logs in with no option, over TLS (its default) and with --skip-ssl', async () => {
    for (const args of [[], ['--skip-ssl']]) {
      const r = await mariadb(em.port, ['-ualice', '-ps3cret', ...args, '-e', 'SELECT CURRENT_USER()']);
      expect(r, args.join(' ')).toEqual({ code: 0, stdout: 'CURRENT_USER()\nalice@%\n', stderr: '' });
    }
    expect(em.authEvents().map((e) => e.tls)).toEqual([true, false]);
  });

  it('says --enable-cleartext-plugin is obsolete, and still logs in', async () => {
    const r = await mariadb(em.port, ['-ualice', '-ps3cret', '--enable-cleartext-plugin', '-e', 'SELECT 1']);
    expect(r).toEqual({ code: 0, stdout: "WARNING: option '--enable-cleartext-plugin' is obsolete.\n1\n1\n", stderr: '' });
  });

  it('gets ERROR 1045 for a wrong password', async () => {
    const r = await mariadb(em.port, ['-ualice', '-pwrong', '-e', 'SELECT 1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("ERROR 1045 (28000): Access denied for user 'alice'@'localhost' (using password: YES)\n");
  });
});

describe('plugins that cannot expire (sql_user.cc)', () => {
  const warnings = async () => (await em.sql('SHOW WARNINGS')).rows.map((r) => `${r.Level} ${r.Code} ${r.Message}`);
  const failure = (sql: string) => em.sql(sql).then(
    () => null,
    (e: { code: number; message: string }) => `${e.code} ${e.message}`,
  );

  it('ALTER USER ... PASSWORD EXPIRE fails with 1396', async () => {
    expect(await failure("ALTER USER 'alice'@'%' PASSWORD EXPIRE")).toBe("1396 Operation ALTER USER failed for 'alice'@'%'");
    expect(await login(em, 's3cret')).toEqual({ ok: true, user: 'alice@%' });
  });

  it('a lifetime other than DEFAULT or NEVER fails with 3671; DEFAULT and NEVER are accepted', async () => {
    const msg = '3671 The selected authentication method authentication_ldap_simple does not support password expiration';
    expect(await failure("ALTER USER 'alice'@'%' PASSWORD EXPIRE INTERVAL 30 DAY")).toBe(msg);
    expect(await failure("CREATE USER 'dave'@'%' IDENTIFIED WITH authentication_ldap_simple AS 'uid=dave' PASSWORD EXPIRE INTERVAL 5 DAY")).toBe(msg);
    expect(await failure("ALTER USER 'alice'@'%' PASSWORD EXPIRE NEVER")).toBeNull();
    expect(await failure("ALTER USER 'alice'@'%' PASSWORD EXPIRE DEFAULT")).toBeNull();
  });

  it('PASSWORD HISTORY / REUSE INTERVAL give 3639 and stay DEFAULT', async () => {
    await em.sql("ALTER USER 'alice'@'%' PASSWORD HISTORY 5 PASSWORD REUSE INTERVAL 30 DAY");
    expect(await warnings()).toEqual([
      "Warning 3639 Non-zero password history clauses ignored for user 'alice'@'%' as its authentication plugin authentication_ldap_simple does not support password history",
    ]);
    const { rows } = await em.sql("SELECT Password_reuse_history h, Password_reuse_time t FROM mysql.user WHERE User = 'alice'");
    expect(rows).toEqual([{ h: null, t: null }]);
  });

  it('RETAIN CURRENT PASSWORD and DISCARD OLD PASSWORD are ignored with their warnings', async () => {
    await em.sql(`ALTER USER 'alice'@'%' IDENTIFIED BY '${ALICE_DN}' RETAIN CURRENT PASSWORD`);
    expect(await warnings()).toEqual([
      "Warning 13294 RETAIN CURRENT PASSWORD ignored for user 'alice'@'%' as its authentication plugin authentication_ldap_simple does not support multiple passwords.",
    ]);
    await em.sql("ALTER USER 'alice'@'%' DISCARD OLD PASSWORD");
    expect(await warnings()).toEqual([
      "Warning 13295 DISCARD OLD PASSWORD ignored for user 'alice'@'%' as its authentication plugin authentication_ldap_simple does not support multiple passwords.",
    ]);
    expect(await login(em, 's3cret')).toEqual({ ok: true, user: 'alice@%' });
  });

  it('SET PASSWORD fails with 4102', async () => {
    expect(await failure("SET PASSWORD FOR 'alice'@'%' = 'x'")).toBe(
      "4102 SET PASSWORD has no significance for user 'alice'@'%' as the authentication method used doesn't store authentication data in the MySQL server. Please consider using ALTER USER instead if you want to change authentication parameters.",
    );
  });
});

describe('loading the plugin', () => {
  it('is not loaded without a directory (1524), as in a server without --plugin-load-add', async () => {
    const plain = await startEmulator({ logLevel: 'silent' });
    try {
      await expect(plain.sql("CREATE USER 'x'@'%' IDENTIFIED WITH authentication_ldap_simple AS 'uid=x'")).rejects.toMatchObject({
        code: 1524,
        message: "Plugin 'authentication_ldap_simple' is not loaded",
      });
    } finally {
      await plain.close();
    }
  });

  it('exists only in the MySQL 8.0 and 8.4 profiles', async () => {
    await expect(startEmulator({ profile: 'mariadb-10.11', directory: {}, logLevel: 'silent' })).rejects.toThrow(
      'authentication_ldap_simple needs a MySQL 8.0 or 8.4 profile, not mariadb-10.11',
    );
  });
});
