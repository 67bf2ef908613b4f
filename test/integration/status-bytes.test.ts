import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CAPS, greetingScramble, nativeToken, RawClient } from '../helpers/raw-client.js';
import { startTestEmulator } from '../helpers/emulator.js';
import type { Emulator } from '../../src/index.js';
import type { InboundPacket } from '../../src/wire/framing.js';

/**
 * Bytes_received and Bytes_sent, per session and globally. A session's
 * counters start with its connection's handshake (the greeting, the
 * handshake response), as MySQL's and MariaDB's THD counters do: a real
 * MariaDB 10.11 shows 248 received and 115 sent to the mariadb CLI's first
 * SHOW SESSION STATUS (104 of them its greeting). FLUSH STATUS starts them
 * over: the same server then shows 39 and 11 (the SHOW's packet, the
 * FLUSH's OK), the emulator as well.
 */
let em: Emulator;
beforeAll(async () => {
  em = await startTestEmulator({ profile: 'mariadb-10.11' });
  await em.sql("CREATE USER 'counted'@'%' IDENTIFIED BY 'pw'; GRANT ALL ON *.* TO 'counted'@'%'");
});
afterAll(async () => {
  await em?.close();
});

/** Wire size of a packet: its 4-byte header and payload. */
const wire = (p: InboundPacket | null): number => 4 + (p?.payload.length ?? 0);

/** Sends a query and reads its whole answer; returns the rows (text protocol, DEPRECATE_EOF off) and the bytes received. */
async function query(c: RawClient, sql: string): Promise<{ rows: string[][]; bytes: number }> {
  c.send(Buffer.concat([Buffer.from([0x03]), Buffer.from(sql)]), 0);
  let bytes = 0;
  const first = await c.read();
  bytes += wire(first);
  if (first!.payload[0] === 0x00 || first!.payload[0] === 0xff) return { rows: [], bytes };
  const columns = first!.payload[0]!;
  for (let i = 0; i < columns + 1; i++) bytes += wire(await c.read()); // definitions, EOF
  const rows: string[][] = [];
  for (;;) {
    const p = await c.read();
    bytes += wire(p);
    if (p!.payload[0] === 0xfe && p!.payload.length < 9) break;
    const row: string[] = [];
    for (let o = 0; o < p!.payload.length; ) {
      const n = p!.payload[o]!;
      row.push(p!.payload.toString('utf8', o + 1, o + 1 + n));
      o += 1 + n;
    }
    rows.push(row);
  }
  return { rows, bytes };
}

const bytesOf = (rows: string[][]): Record<string, number> => Object.fromEntries(rows.map(([k, v]) => [k!, Number(v)]));

describe('Bytes_received and Bytes_sent', () => {
  it("a session's counters include its handshake; FLUSH STATUS starts them over; the global ones keep counting", async () => {
    // A login by hand, to know every byte of it.
    const c = await RawClient.open(em.port);
    const greeting = await c.read();
    const head = Buffer.alloc(32);
    head.writeUInt32LE(DEFAULT_CAPS >>> 0, 0);
    head.writeUInt32LE(1 << 24, 4);
    head[8] = 8; // latin1_swedish_ci, the server's default: no session character set variables
    const token = nativeToken('pw', greetingScramble(greeting!.payload));
    const response = Buffer.concat([head, Buffer.from('counted\0'), Buffer.from([token.length]), token, Buffer.from('mysql_native_password\0')]);
    c.send(response, 1);
    const ok = await c.read();
    expect(ok!.payload[0]).toBe(0x00);
    const handshakeResponse = 4 + response.length;
    const sql = "SHOW SESSION STATUS LIKE 'Bytes_%'";
    const first = await query(c, sql);
    // Received: the handshake response and this SHOW; sent: the greeting and the login's OK.
    expect(bytesOf(first.rows)).toEqual({ Bytes_received: handshakeResponse + 5 + sql.length, Bytes_sent: wire(greeting) + wire(ok) });

    const flush = await query(c, 'FLUSH STATUS');
    expect(flush.bytes).toBe(11);
    const second = await query(c, sql);
    expect(bytesOf(second.rows)).toEqual({ Bytes_received: 5 + sql.length, Bytes_sent: 11 });

    // Globally: every byte of the server's one connection, the flushed ones included (FLUSH STATUS keeps them).
    const globalSql = "SHOW GLOBAL STATUS LIKE 'Bytes_%'";
    const global = bytesOf((await query(c, globalSql)).rows);
    expect(global).toEqual({
      Bytes_received: handshakeResponse + 2 * (5 + sql.length) + 5 + 'FLUSH STATUS'.length + 5 + globalSql.length,
      Bytes_sent: wire(greeting) + wire(ok) + first.bytes + flush.bytes + second.bytes,
    });
    c.close();
  });
});
