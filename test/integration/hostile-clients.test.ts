/**
 * Hostile and careless clients (issue: no account change undone by a race,
 * no unauthenticated resource exhaustion, no statement that stalls the server).
 * Every case drives the interleaving deterministically with a byte-level client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator } from '../helpers/emulator.js';
import { Capability } from '../../src/wire/capabilities.js';
import { encodePacket } from '../../src/wire/framing.js';
import { DEFAULT_CAPS, parseErr, RawClient } from '../helpers/raw-client.js';

type TestEmulator = Awaited<ReturnType<typeof startTestEmulator>>;

describe('a password replaced during a login', () => {
  let em: TestEmulator;
  beforeAll(async () => {
    em = await startTestEmulator();
  });
  afterAll(async () => {
    await em.close();
  });

  it('a caching_sha2 full authentication that completes after ALTER USER is judged against the new password', async () => {
    await em.sql("CREATE USER 'victim'@'%' IDENTIFIED BY 'old-Pass1'");
    const a = await RawClient.open(em.port);
    const outcome = await a.loginCachingSha2('victim', 'old-Pass1', {
      scramblePassword: 'not-the-password',
      beforePassword: () => em.sql("ALTER USER 'victim'@'%' IDENTIFIED BY 'new-Pass2'").then(() => undefined),
    });
    a.close();
    expect(outcome.full).toBe(true);
    expect(outcome.reply?.payload[0]).toBe(0xff);
    expect(parseErr(outcome.reply!.payload).code).toBe(1045);

    // The old password never reaches the fast-auth cache: the fast path refuses it.
    const b = await RawClient.open(em.port);
    const fast = await b.loginCachingSha2('victim', 'old-Pass1', { beforePassword: async () => undefined });
    b.close();
    expect(fast.fast).toBe(false);
    expect(parseErr(fast.reply!.payload).code).toBe(1045);

    // The new password works, first in full and then through the fast path.
    for (const expectFast of [false, true]) {
      const c = await RawClient.open(em.port);
      const ok = await c.loginCachingSha2('victim', 'new-Pass2');
      c.close();
      expect(ok.fast).toBe(expectFast);
      expect(ok.reply?.payload[0]).toBe(0x00);
    }
  });

  it('a login that started before RETAIN and finished after DISCARD cannot bring the discarded password back', async () => {
    await em.sql("CREATE USER 'rot'@'%' IDENTIFIED BY 'first-Pw1'");
    await em.sql("ALTER USER 'rot'@'%' IDENTIFIED BY 'second-Pw2' RETAIN CURRENT PASSWORD");
    const a = await RawClient.open(em.port);
    const outcome = await a.loginCachingSha2('rot', 'first-Pw1', {
      scramblePassword: 'x',
      beforePassword: () => em.sql("ALTER USER 'rot'@'%' DISCARD OLD PASSWORD").then(() => undefined),
    });
    a.close();
    expect(parseErr(outcome.reply!.payload).code).toBe(1045);
    const b = await RawClient.open(em.port);
    const fast = await b.loginCachingSha2('rot', 'first-Pw1');
    b.close();
    expect(fast.fast).toBe(false);
    expect(parseErr(fast.reply!.payload).code).toBe(1045);
  });

  it('a login that completes after DROP USER is refused', async () => {
    await em.sql("CREATE USER 'gone'@'%' IDENTIFIED BY 'gone-Pw1'");
    const a = await RawClient.open(em.port);
    const outcome = await a.loginCachingSha2('gone', 'gone-Pw1', {
      scramblePassword: 'x',
      beforePassword: () => em.sql("DROP USER 'gone'@'%'").then(() => undefined),
    });
    a.close();
    expect(parseErr(outcome.reply!.payload).code).toBe(1045);
  });
});

describe('the wire before and after login', () => {
  let em: TestEmulator;
  beforeAll(async () => {
    em = await startTestEmulator({ variables: { connect_timeout: 2, max_connections: 3 } });
  });
  afterAll(async () => {
    await em.close();
  });

  it('a HandshakeResponse41 with the wrong sequence id gets 1156 with the expected id, and the connection closes', async () => {
    const c = await RawClient.open(em.port);
    await c.read();
    const head = Buffer.alloc(32);
    head.writeUInt32LE(DEFAULT_CAPS, 0);
    head.writeUInt32LE(1 << 24, 4);
    head[8] = 255;
    c.send(Buffer.concat([head, Buffer.from('root\0'), Buffer.from([0]), Buffer.from('mysql_native_password\0')]), 7);
    const reply = await c.read();
    expect(reply!.sequenceId).toBe(1);
    expect(parseErr(reply!.payload)).toEqual({ code: 1156, sqlState: '08S01', message: 'Got packets out of order' });
    expect(await c.read()).toBeNull();
  });

  it('a command with a sequence id other than 0 gets 1156 (sequence 0) and the connection closes', async () => {
    const c = await RawClient.open(em.port);
    expect((await c.login('root'))!.payload[0]).toBe(0x00);
    c.send(Buffer.from([0x03, ...Buffer.from('SELECT 1')]), 5);
    const reply = await c.read();
    expect(reply!.sequenceId).toBe(0);
    expect(parseErr(reply!.payload).code).toBe(1156);
    expect(await c.read()).toBeNull();
  });

  it('truncated COM_STMT_CLOSE and COM_STMT_SEND_LONG_DATA get no reply: the next answer is the PING\'s', async () => {
    const c = await RawClient.open(em.port);
    await c.login('root');
    c.send(Buffer.from([0x19]), 0);
    c.send(Buffer.from([0x18, 1, 0, 0]), 0);
    c.send(Buffer.from([0x0e]), 0);
    const reply = await c.read();
    expect(reply!.sequenceId).toBe(1);
    expect(reply!.payload[0]).toBe(0x00);
    await expect(c.read(300)).rejects.toThrow(/timed out/);
    c.close();
  });

  it('an SSLRequest followed by bytes that are not TLS is closed after connect_timeout and counted meanwhile', async () => {
    const stuck: RawClient[] = [];
    // max_connections = 3, plus the one MySQL keeps for an administrator.
    for (let i = 0; i < 4; i++) {
      const c = await RawClient.open(em.port);
      await c.read();
      const ssl = Buffer.alloc(32);
      ssl.writeUInt32LE(DEFAULT_CAPS | Capability.SSL, 0);
      ssl.writeUInt32LE(1 << 24, 4);
      ssl[8] = 255;
      const { bytes } = encodePacket(ssl, 1);
      c.sendRaw(Buffer.concat([bytes, Buffer.from([0x16, 0x03, 0x01, 0x40, 0x00, 1, 2, 3])]));
      stuck.push(c);
    }
    const refused = await RawClient.open(em.port);
    const greeting = await refused.read();
    expect(parseErr(greeting!.payload).code).toBe(1040);
    const started = Date.now();
    for (const c of stuck) expect(await c.read(5000)).toBeNull();
    expect(Date.now() - started).toBeLessThan(4000);
    const fresh = await RawClient.open(em.port);
    expect((await fresh.login('root'))!.payload[0]).toBe(0x00);
    fresh.close();
  });

  it('an auth-phase packet larger than any handshake needs is refused before authentication', async () => {
    await em.sql("CREATE USER 'big'@'%' IDENTIFIED BY 'big-Pw1'");
    const c = await RawClient.open(em.port);
    await c.read();
    const head = Buffer.alloc(32);
    head.writeUInt32LE(DEFAULT_CAPS, 0);
    head.writeUInt32LE(1 << 24, 4);
    head[8] = 255;
    const token = Buffer.alloc(32, 7);
    c.send(Buffer.concat([head, Buffer.from('big\0'), Buffer.from([32]), token, Buffer.from('caching_sha2_password\0')]), 1);
    const more = await c.read();
    expect(more!.payload.subarray(0, 2)).toEqual(Buffer.from([0x01, 0x04]));
    // A 1 MiB "password": far beyond any auth packet, far below max_allowed_packet.
    c.send(Buffer.alloc(1 << 20, 0x61), more!.sequenceId + 1);
    const reply = await c.read();
    expect(parseErr(reply!.payload).code).toBe(1043);
    expect(await c.read()).toBeNull();
  });
});
