import { createHook } from 'node:async_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnection } from 'mysql2/promise';
import { RawClient } from '../helpers/raw-client.js';
import { startTestEmulator } from '../helpers/emulator.js';
import type { Emulator } from '../../src/index.js';

/**
 * A login that waits for nothing (no TLS, no auth exchange, no database to
 * select) runs in the turn its handshake response arrives: the server makes
 * no promise for it, nor for SELECT 1 and COM_QUIT after it. Counted with
 * async_hooks over a real TCP connection: promises whose creation has the
 * server's source on the stack.
 */
function serverPromises<T>(run: () => Promise<T>): Promise<{ value: T; promises: string[] }> {
  const promises: string[] = [];
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 60;
  const hook = createHook({
    init(_id, type) {
      if (type !== 'PROMISE') return;
      const stack = new Error().stack ?? '';
      const frame = stack.split('\n').find((line) => line.includes('/src/'));
      if (frame) promises.push(frame.trim());
    },
  });
  hook.enable();
  return run().then(
    (value) => {
      hook.disable();
      Error.stackTraceLimit = limit;
      return { value, promises };
    },
    (err: unknown) => {
      hook.disable();
      Error.stackTraceLimit = limit;
      throw err;
    },
  );
}

let em: Emulator;
beforeAll(async () => {
  em = await startTestEmulator({ profile: 'mysql-8.4', mysqlNativePassword: true });
  await em.sql(`CREATE USER 'nat'@'%' IDENTIFIED WITH mysql_native_password BY 'n-pass'`);
  await em.sql(`GRANT SELECT ON mysql.* TO 'nat'@'%'`);
  await em.sql(`CREATE USER 'sha'@'%' IDENTIFIED WITH caching_sha2_password BY 's-pass'`);
});
afterAll(async () => {
  await em?.close();
});

describe('a login that waits for nothing runs in one turn', () => {
  it('mysql_native_password: login, SELECT 1 and COM_QUIT make no promise in the server', async () => {
    const { value, promises } = await serverPromises(async () => {
      const c = await RawClient.open(em.port);
      const ok = await c.login('nat', 'n-pass');
      c.send(Buffer.from('\x03SELECT 1'), 0);
      const packets = [];
      for (let i = 0; i < 5; i++) packets.push(await c.read());
      c.send(Buffer.from([0x01]), 0);
      return { ok, packets, closed: await c.read() };
    });
    expect(value.ok?.payload[0]).toBe(0x00);
    expect(value.packets.map((p) => p?.payload[0])).toEqual([0x01, 0x03, 0xfe, 0x01, 0xfe]);
    expect(value.closed).toBeNull();
    expect(promises).toEqual([]);
  });

  it("caching_sha2_password's fast path (01 03, then OK) makes no promise in the server", async () => {
    // The first login is a full authentication over RSA; it fills the cache.
    const first = await RawClient.open(em.port);
    expect((await first.loginCachingSha2('sha', 's-pass')).full).toBe(true);
    first.close();
    const { value, promises } = await serverPromises(async () => {
      const c = await RawClient.open(em.port);
      const result = await c.loginCachingSha2('sha', 's-pass');
      c.close();
      return result;
    });
    expect(value.fast).toBe(true);
    expect(value.reply?.payload[0]).toBe(0x00);
    expect(promises).toEqual([]);
  });

  it('logins that must wait still work: a database in the handshake, an auth switch, a wrong password', async () => {
    const withDb = await createConnection({ host: '127.0.0.1', port: em.port, user: 'nat', password: 'n-pass', database: 'mysql' });
    const [rows] = await withDb.query('SELECT DATABASE() AS db');
    expect(rows).toEqual([{ db: 'mysql' }]);
    await withDb.end();
    await expect(createConnection({ host: '127.0.0.1', port: em.port, user: 'nat', password: 'n-pass', database: 'nope' })).rejects.toMatchObject({ errno: 1049 });
    await expect(createConnection({ host: '127.0.0.1', port: em.port, user: 'nat', password: 'wrong' })).rejects.toMatchObject({ errno: 1045 });
    const events = (em as unknown as { authEvents(): { user: string; outcome: string; switched: boolean; code?: number }[] }).authEvents();
    // The first is the raw client's (it answered with mysql_native_password); mysql2 answers the greeting's
    // caching_sha2_password, which the account's native plugin switches.
    expect(events.filter((e) => e.user === 'nat').map((e) => [e.outcome, e.switched, e.code ?? null])).toEqual([
      ['ok', false, null],
      ['ok', true, null],
      ['ok', true, null],
      ['error', true, 1045],
    ]);
  });
});

describe('the auth log', () => {
  it('shows a user name only up to a control character or undecodable byte: a name that ran into the auth data never logs it', async () => {
    // A HandshakeResponse41 whose user name lost its NUL: the name runs into a length byte and a cleartext password.
    const c = await RawClient.open(em.port);
    await c.read();
    const head = Buffer.alloc(32);
    head.writeUInt32LE((0x000fa687 & ~0x00080000) >>> 0, 0); // mysql2's capabilities without PLUGIN_AUTH
    head.writeUInt32LE(1 << 24, 4);
    head[8] = 45;
    c.send(Buffer.concat([head, Buffer.from('nat'), Buffer.from([0x13]), Buffer.from('Cleartext-Secret-42\0'), Buffer.from([0])]), 1);
    expect((await c.read())?.payload[0]).toBe(0xff);
    c.close();
    const logs = (em as unknown as { logs: { msg: string; user?: string }[] }).logs;
    const line = JSON.stringify(logs.at(-1));
    expect(line).not.toContain('Cleartext-Secret-42');
    expect(logs.at(-1)!.user).toBe('nat…(23 characters)');
  });
});
