/**
 * Unknown users authenticate against a decoy account (MySQL:
 * sql_authentication.cc decoy_user()): MySQL 8 gives each unknown
 * user@host one of its three built-in plugins at random and remembers it,
 * even 8.4's disabled mysql_native_password, whose login then fails with
 * 1524; MySQL 5.7 always uses the default plugin. Real clients over TCP.
 */
import mysql from 'mysql2/promise';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProfileName } from '../../src/config/profiles.js';
import { startTestEmulator } from '../helpers/emulator.js';
import { requireDriver, runDriver } from '../helpers/run-client.js';

const mysqljs = requireDriver('mysqljs');

type TestEmulator = Awaited<ReturnType<typeof startTestEmulator>>;

let em: TestEmulator | undefined;
afterEach(async () => {
  await em?.close();
  em = undefined;
});

/** Logs in as `user` with a wrong password: the error code, and the plugin the server's auth event names. */
async function refusal(server: TestEmulator, user: string): Promise<{ code: number; plugin: unknown }> {
  const code = await mysql.createConnection({ host: server.host, port: server.port, user, password: 'wrong' }).then(
    async (conn) => {
      await conn.end();
      return 0;
    },
    (err: { errno: number }) => err.errno,
  );
  const events = server.authEvents().filter((e) => e.user === user);
  return { code, plugin: events[events.length - 1]!.plugin };
}

const NAMES = Array.from({ length: 40 }, (_, i) => `nobody${i}`);

describe('the decoy account of an unknown user', () => {
  it('MySQL 8.4: any of the three built-ins, remembered per user@host; the disabled mysql_native_password gives 1524', async () => {
    em = await startTestEmulator();
    const first = [];
    for (const name of NAMES) first.push(await refusal(em, name));
    for (const { code, plugin } of first) expect(code).toBe(plugin === 'mysql_native_password' ? 1524 : 1045);
    // 40 draws from three plugins: each appears (a miss has odds of about 3 in 10^7).
    expect(new Set(first.map((r) => r.plugin))).toEqual(new Set(['caching_sha2_password', 'mysql_native_password', 'sha256_password']));
    // The same user@host gets the same decoy again.
    for (const [i, name] of NAMES.slice(0, 10).entries()) expect(await refusal(em, name)).toEqual(first[i]);
  });

  it('MySQL 8.4 with --mysql-native-password=ON: the random decoy always ends in 1045', async () => {
    em = await startTestEmulator({ mysqlNativePassword: true });
    for (const name of NAMES.slice(0, 12)) expect((await refusal(em, name)).code).toBe(1045);
  });

  it.each<[ProfileName, string]>([
    ['mysql-5.7', 'mysql_native_password'],
    ['mysql-5.6', 'mysql_native_password'],
  ])('%s: the default plugin, %s, for every unknown user', async (profile, plugin) => {
    em = await startTestEmulator({ profile });
    for (const name of NAMES.slice(0, 12)) expect(await refusal(em, name)).toEqual({ code: 1045, plugin });
  });
});

describe.skipIf(!mysqljs.available)('a client without plugin auth (mysqljs)', () => {
  it('MySQL 5.7: every unknown user is 1045, never an auth switch it cannot follow (1251)', async () => {
    em = await startTestEmulator({ profile: 'mysql-5.7' });
    const server = em;
    const reports = await Promise.all(
      NAMES.slice(0, 12).map((user) =>
        runDriver('mysqljs', { host: server.host, port: server.port, user, password: 'wrong', canHandleExpired: false, statements: [] }),
      ),
    );
    for (const r of reports) expect(r.connect).toMatchObject({ ok: false, code: 1045 });
  });
});
