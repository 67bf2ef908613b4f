/**
 * Bad input gets MySQL's error or a clean close, never a crash, and never
 * harm to other connections.
 */
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator } from '../helpers/emulator.js';
import { parseErr, RawClient } from '../helpers/raw-client.js';

type TestEmulator = Awaited<ReturnType<typeof startTestEmulator>>;

describe('robustness', () => {
  let em: TestEmulator;
  beforeAll(async () => {
    em = await startTestEmulator({ variables: { max_allowed_packet: 4096, connect_timeout: 2 } });
  });
  afterAll(() => em.close());

  async function stillServes(): Promise<void> {
    const conn = await mysql.createConnection({ host: em.host, port: em.port, user: 'root', password: '' });
    const [rows] = await conn.query<mysql.RowDataPacket[]>('SELECT 1 AS ok');
    expect(rows).toEqual([{ ok: 1 }]);
    await conn.end();
  }

  it('answers an unknown command with 1047 and keeps the session', async () => {
    const c = await RawClient.open(em.port);
    const ok = await c.login('root');
    expect(ok!.payload[0]).toBe(0x00);
    c.send(Buffer.from([0x20]), 0); // COM_CLONE is not ours
    const err = await c.read();
    expect(parseErr(err!.payload)).toEqual({ code: 1047, sqlState: '08S01', message: 'Unknown command' });
    c.send(Buffer.from([0x0e]), 0); // COM_PING still works
    expect((await c.read())!.payload[0]).toBe(0x00);
    c.close();
  });

  it('switches plugins when the client answered with another one than the account uses', async () => {
    const c = await RawClient.open(em.port);
    const ok = await c.login('root'); // answers mysql_native_password to a caching_sha2_password account
    expect(ok!.payload[0]).toBe(0x00);
    expect(em.authEvents().at(-1)).toMatchObject({ clientPlugin: 'mysql_native_password', plugin: 'caching_sha2_password', switched: true, outcome: 'ok' });
    c.close();
  });

  it('COM_RESET_CONNECTION clears user variables and answers OK', async () => {
    const c = await RawClient.open(em.port);
    await c.login('root');
    const query = async (sql: string) => {
      c.send(Buffer.concat([Buffer.from([0x03]), Buffer.from(sql)]), 0);
      const packets = [];
      let eofs = 0;
      for (;;) {
        const p = (await c.read())!;
        packets.push(p.payload);
        if (p.payload[0] === 0x00 && packets.length === 1) break; // OK
        if (p.payload[0] === 0xfe && p.payload.length < 9 && ++eofs === 2) break; // EOF after the rows
      }
      return packets;
    };
    await query('SET @kept = 42');
    const before = await query('SELECT @kept');
    expect(before.some((p) => p.includes(Buffer.from('42')))).toBe(true);
    c.send(Buffer.from([0x1f]), 0);
    expect((await c.read())!.payload[0]).toBe(0x00);
    const after = await query('SELECT @kept');
    expect(after.some((p) => p.equals(Buffer.from([0xfb])))).toBe(true); // the row is NULL now
    c.close();
  });

  it('answers garbage instead of a handshake with 1043 Bad handshake, then closes', async () => {
    const c = await RawClient.open(em.port);
    await c.read(); // greeting
    // An HTTP client on the MySQL port: 'GET' read as a 3-byte length is 5.5 MB, far beyond any handshake.
    c.sendRaw(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
    const err = await c.read();
    expect(parseErr(err!.payload)).toMatchObject({ code: 1043, message: 'Bad handshake' });
    expect(await c.read()).toBeNull();
    await stillServes();
  });

  it('answers an impossible length during the handshake with 1043', async () => {
    const c = await RawClient.open(em.port);
    await c.read();
    c.sendRaw(Buffer.from([0xff, 0xff, 0xff, 0x01, 0x00]));
    expect(parseErr((await c.read())!.payload).code).toBe(1043);
    expect(await c.read()).toBeNull();
  });

  it('answers a packet over max_allowed_packet with 1153 and closes', async () => {
    const c = await RawClient.open(em.port);
    await c.login('root');
    c.send(Buffer.concat([Buffer.from([0x03]), Buffer.alloc(5000, 0x20)]), 0);
    const err = await c.read();
    expect(parseErr(err!.payload)).toMatchObject({ code: 1153, message: "Got a packet bigger than 'max_allowed_packet' bytes" });
    expect(err!.sequenceId).toBe(1);
    expect(await c.read()).toBeNull();
    await stillServes();
  });

  it('sends the 1153 as the packet after the header that passed max_allowed_packet (a real MariaDB 10.11: a 65 MiB statement in packets 0-4 gets it as 5)', async () => {
    const big = await startTestEmulator({ variables: { max_allowed_packet: 20 * 1024 * 1024 } });
    const c = await RawClient.open(big.port);
    try {
      await c.login('root');
      // A first physical packet of 16 MiB - 1 (within the limit), then a header whose bytes would pass it.
      const first = Buffer.alloc(0xffffff + 4, 0x20);
      first.writeUIntLE(0xffffff, 0, 3);
      first[3] = 0;
      first[4] = 0x03;
      c.sendRaw(first);
      c.sendRaw(Buffer.from([0x00, 0x00, 0x80, 0x01]));
      const err = await c.read(10000);
      expect(err!.sequenceId).toBe(2);
      expect(parseErr(err!.payload).code).toBe(1153);
      expect(await c.read()).toBeNull();
    } finally {
      c.close();
      await big.close();
    }
  });

  it('answers a truncated COM_STMT_EXECUTE with an error, not a crash', async () => {
    const c = await RawClient.open(em.port);
    await c.login('root');
    c.send(Buffer.from([0x17, 0x01]), 0);
    const err = await c.read();
    expect(err!.payload[0]).toBe(0xff);
    c.send(Buffer.from([0x0e]), 0);
    expect((await c.read())!.payload[0]).toBe(0x00);
    c.close();
  });

  it('closes a handshake that stalls past connect_timeout', async () => {
    const c = await RawClient.open(em.port);
    await c.read();
    const started = Date.now();
    expect(await c.read(6000)).toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
    await stillServes();
  });

  it('connect_timeout bounds the whole handshake: a response trickled a byte at a time is closed all the same', async () => {
    const c = await RawClient.open(em.port);
    await c.read();
    const started = Date.now();
    // A HandshakeResponse41 header that promises 200 bytes, then one byte every 250 ms: every byte is
    // a packet's progress, none completes it, and none restarts the clock.
    c.sendRaw(Buffer.from([200, 0, 0, 1]));
    const drip = setInterval(() => c.sendRaw(Buffer.from([0x41])), 250);
    try {
      expect(await c.read(6000)).toBeNull();
    } finally {
      clearInterval(drip);
    }
    // Closed (not a read that timed out at 6 s): the bytes did not restart connect_timeout.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
    await stillServes();
  });
});

describe('COM_QUIT', () => {
  it('closes the connection without waiting for the client to close its side', async () => {
    // An emulator of its own: no other test's socket is still closing.
    const em = await startTestEmulator();
    const threads = async () => Number((await em.sql("SHOW GLOBAL STATUS LIKE 'Threads_connected'")).rows[0]!.Value);
    const before = await threads();
    const c = await RawClient.open(em.port, { allowHalfOpen: true });
    expect((await c.login('root'))!.payload[0]).toBe(0x00);
    expect(await threads()).toBe(before + 1);
    c.send(Buffer.from([0x01]), 0);
    // The server's FIN, and no reply (sql_parse.cc: COM_QUIT closes the connection).
    expect(await c.read()).toBeNull();
    expect(c.ended).toBe(true);
    // This client never closes its side: the server has closed its socket all the same, as mysqld
    // does (vio_shutdown(), close()), without waiting for the client's FIN.
    expect(await threads()).toBe(before);
    c.close();
    await em.close();
  });

});

describe('max_connections', () => {
  let em: TestEmulator;
  beforeAll(async () => {
    em = await startTestEmulator({ variables: { max_connections: 1 } });
  });
  afterAll(() => em.close());

  it('refuses a connection past max_connections + 1 with 1040 instead of the greeting', async () => {
    const a = await RawClient.open(em.port);
    const b = await RawClient.open(em.port);
    expect((await a.read())!.payload[0]).toBe(0x0a);
    expect((await b.read())!.payload[0]).toBe(0x0a);
    const c = await RawClient.open(em.port);
    const refused = await c.read();
    expect(refused!.sequenceId).toBe(0);
    expect(parseErr(refused!.payload)).toEqual({ code: 1040, sqlState: null, message: 'Too many connections' });
    a.close();
    b.close();
  });
});
