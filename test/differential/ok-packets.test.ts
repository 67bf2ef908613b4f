/**
 * Differential: OK, EOF and ERR packets byte for byte. The same raw login
 * and statements against a private real MariaDB 10.11 and the emulator's
 * mariadb-10.11 profile, for every combination of the capabilities that
 * change these packets (CLIENT_SESSION_TRACK, CLIENT_DEPRECATE_EOF,
 * CLIENT_MULTI_STATEMENTS); every packet of every answer must be equal,
 * sequence ids included. The golden bytes are the real server's, captured in
 * the same run (MySQL's protocol documentation says a client without
 * SESSION_TRACK gets the info text raw; the servers length-encode it:
 * net_send_ok(), and what a real MariaDB sends here).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator } from '../helpers/emulator.js';
import { DEFAULT_CAPS, RawClient } from '../helpers/raw-client.js';
import { requireRealMariaDb, startRealMariaDb, type RealMariaDb } from '../helpers/real-mariadb.js';
import { Capability } from '../../src/wire/capabilities.js';

const server = requireRealMariaDb();
type TestEmulator = Awaited<ReturnType<typeof startTestEmulator>>;

const SERVER_MORE_RESULTS_EXISTS = 0x0008;

/** A length-encoded integer at `at`: its value and the offset after it. */
function lenenc(buf: Buffer, at: number): [number, number] {
  const first = buf[at]!;
  if (first < 0xfb) return [first, at + 1];
  if (first === 0xfc) return [buf.readUInt16LE(at + 1), at + 3];
  if (first === 0xfd) return [buf.readUIntLE(at + 1, 3), at + 4];
  return [Number(buf.readBigUInt64LE(at + 1)), at + 9];
}

/** Status flags of an OK packet (00 or FE header) or an EOF packet. */
function statusOf(p: Buffer): number {
  if (p[0] === 0xfe && p.length < 9) return p.readUInt16LE(3);
  let at = lenenc(p, 1)[1];
  at = lenenc(p, at)[1];
  return p.readUInt16LE(at);
}

/**
 * An OK packet's session-state-info with its entries sorted: a real
 * MariaDB keeps tracked variables in a hash table, and reports SET NAMES's
 * three in different orders on different connections.
 */
function sortedSessionState(p: Buffer, caps: number): Buffer {
  if (!(caps & Capability.SESSION_TRACK) || (p[0] !== 0x00 && p[0] !== 0xfe)) return p;
  let at = lenenc(p, 1)[1];
  at = lenenc(p, at)[1];
  const status = p.readUInt16LE(at);
  if (!(status & 0x4000)) return p;
  at += 4;
  const [infoLength, afterInfoLength] = lenenc(p, at);
  at = afterInfoLength + infoLength;
  const [, blockStart] = lenenc(p, at);
  const entries: Buffer[] = [];
  for (let i = blockStart; i < p.length; ) {
    const [len, dataStart] = lenenc(p, i + 1);
    entries.push(p.subarray(i, dataStart + len));
    i = dataStart + len;
  }
  entries.sort(Buffer.compare);
  return Buffer.concat([p.subarray(0, blockStart), ...entries]);
}

/** Every packet of one command's answer (all result sets of a multi-statement), as "seq:hex". */
async function answer(client: RawClient, caps: number): Promise<string[]> {
  const out: string[] = [];
  const read = async (): Promise<Buffer> => {
    const p = await client.read(5000);
    if (!p) throw new Error(`no answer after ${out.join(' | ')}`);
    out.push(`${p.sequenceId}:${p.payload.toString('hex')}`);
    return p.payload;
  };
  const deprecateEof = (caps & Capability.DEPRECATE_EOF) !== 0;
  /** The packet just read is an OK packet: its session state entries in a stable order. */
  const normalizeLast = (p: Buffer): void => {
    const [seq] = out[out.length - 1]!.split(':');
    out[out.length - 1] = `${seq}:${sortedSessionState(p, caps).toString('hex')}`;
  };
  for (;;) {
    const first = await read();
    if (first[0] === 0xff) return out;
    if (first[0] === 0x00) {
      normalizeLast(first);
      if (statusOf(first) & SERVER_MORE_RESULTS_EXISTS) continue;
      return out;
    }
    const [columns] = lenenc(first, 0);
    for (let i = 0; i < columns; i++) await read();
    if (!deprecateEof) await read();
    let end: Buffer;
    for (;;) {
      const row = await read();
      if (row[0] === 0xff) return out;
      if (row[0] === 0xfe && row.length < 0xffffff && (deprecateEof || row.length < 9)) {
        end = row;
        if (deprecateEof) normalizeLast(row);
        break;
      }
    }
    if (!(statusOf(end) & SERVER_MORE_RESULTS_EXISTS)) return out;
  }
}

const STATEMENTS = [
  'SET @a = 1',
  'DO 1',
  "CREATE USER IF NOT EXISTS 'okp'@'%'",
  "CREATE USER 'okp2'@'%'; DROP USER 'okp2'@'%'",
  'SELECT 1',
  "SELECT 'x' AS a, NULL AS b UNION SELECT 'y', 2",
  'SELECT 1; SELECT 2',
  'SELECT 1; SET @b = 2',
  'SELECT * FROM nosuch.t',
  'SELECT 1; SELECT * FROM nosuch.t',
  'SHOW WARNINGS',
  "GRANT SELECT ON *.* TO 'okp'@'%'",
  "SELECT User FROM mysql.user WHERE User = 'okp'",
  'SET autocommit = 0',
  'SET autocommit = 1',
  'BEGIN',
  'COMMIT',
  'USE mysql',
  'SELECT DATABASE()',
  "SELECT Host FROM mysql.global_priv WHERE Host = '%' AND User = 'okp'",
  "SELECT Host FROM mysql.global_priv WHERE User = 'okp_root'",
  "SELECT Host FROM mysql.global_priv WHERE User = 'okp_root' ORDER BY Host",
  'SELECT 1 UNION ALL SELECT 2',
  "SELECT COUNT(*) FROM mysql.db WHERE 0",
  'SHOW TABLES FROM mysql LIKE \'db\'',
  "SHOW COLUMNS FROM mysql.db LIKE 'Host'",
  "SHOW STATUS LIKE 'Uptime_x'",
  'SHOW COLLATION LIKE \'latin1_bin\'',
  'SHOW CREATE USER okp_root',
  "SHOW PROCEDURE STATUS WHERE Db = 'x'",
  'SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE 0',
  "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'mysql' AND TABLE_NAME = 'db'",
  'SELECT a FROM (SELECT 1 AS a) t',
  'SHOW DATABASES',
  'SHOW GRANTS',
  "SHOW VARIABLES LIKE 'autocommit'",
  "SET time_zone = '+01:00'",
  'SET NAMES latin1',
  'SET NAMES utf8mb4',
  'SET character_set_results = NULL',
  'SET character_set_results = utf8mb4',
  'SET @@session.autocommit = 0, @x = 1',
  'SET autocommit = 1',
  'SET sql_mode = DEFAULT',
  'USE information_schema',
];

const COMBOS: [string, number][] = [];
for (const track of [0, Capability.SESSION_TRACK])
  for (const eof of [0, Capability.DEPRECATE_EOF])
    for (const multi of [0, Capability.MULTI_STATEMENTS])
      COMBOS.push([[track ? 'SESSION_TRACK' : '', eof ? 'DEPRECATE_EOF' : '', multi ? 'MULTI_STATEMENTS' : ''].filter(Boolean).join('+') || 'base', track | eof | multi]);

async function transcript(port: number, caps: number): Promise<Record<string, string[]>> {
  const client = await RawClient.open(port);
  try {
    const ok = await client.login('okp_root', '', DEFAULT_CAPS | caps);
    expect(ok?.payload[0], 'login').toBe(0x00);
    const out: Record<string, string[]> = { login: [`${ok!.sequenceId}:${ok!.payload.toString('hex')}`] };
    for (const sql of STATEMENTS) {
      client.send(Buffer.concat([Buffer.from([0x03]), Buffer.from(sql)]), 0);
      out[sql] = await answer(client, DEFAULT_CAPS | caps);
    }
    return out;
  } finally {
    client.close();
  }
}

describe.skipIf(!server.available)('differential: OK, EOF and ERR packets, byte for byte', () => {
  let real: RealMariaDb;
  let em: TestEmulator;
  const setup = "CREATE USER 'okp_root'@'%'; GRANT ALL ON *.* TO 'okp_root'@'%' WITH GRANT OPTION";
  beforeAll(async () => {
    [real, em] = await Promise.all([startRealMariaDb({ extraArgs: ['--character-set-server=utf8mb4', '--collation-server=utf8mb4_general_ci'] }), startTestEmulator({ profile: 'mariadb-10.11' })]);
    await real.sql(setup);
    await em.sql(setup);
  }, 60_000);
  afterAll(async () => {
    await em?.close();
    await real?.stop();
  });

  it.each(COMBOS)('%s', async (_name, caps) => {
    const clean = "DROP USER IF EXISTS 'okp'@'%', 'okp2'@'%'";
    await Promise.all([real.sql(clean), em.sql(clean)]);
    const expected = await transcript(real.port, caps);
    const actual = await transcript(em.port, caps);
    // The login OK carries the server's session state (MariaDB sends none unless asked): compared too.
    expect(actual).toEqual(expected);
  });

  // thd_init_client_charset() sets the handshake's collation past the session tracker: the login's OK
  // reports no change, whatever the collation (the emulator's was 107 bytes with three variables).
  it.each([
    [8, 0],
    [33, 0],
    [45, 0],
    [63, 0],
    [224, 0],
    [255, 0],
    [224, Capability.IGNORE_SPACE],
  ])('the login OK after a handshake in collation %i (extra capabilities %i), with CLIENT_SESSION_TRACK', async (collation, extra) => {
    const caps = (DEFAULT_CAPS | Capability.SESSION_TRACK | extra) >>> 0;
    const ok = async (port: number) => {
      const c = await RawClient.open(port);
      const reply = await c.login('okp_root', '', caps, collation);
      c.close();
      return reply?.payload.toString('hex');
    };
    const expected = await ok(real.port);
    expect(expected?.startsWith('00')).toBe(true);
    expect(await ok(em.port)).toBe(expected);
  });

  it('the login OK reports nothing when every variable is tracked (IGNORE_SPACE sets sql_mode at login, past the tracker)', async () => {
    await Promise.all([real.sql("SET GLOBAL session_track_system_variables = '*'"), em.sql("SET GLOBAL session_track_system_variables = '*'")]);
    try {
      const caps = (DEFAULT_CAPS | Capability.SESSION_TRACK | Capability.IGNORE_SPACE) >>> 0;
      const ok = async (port: number) => {
        const c = await RawClient.open(port);
        const reply = await c.login('okp_root', '', caps, 8);
        c.close();
        return reply?.payload.toString('hex');
      };
      const expected = await ok(real.port);
      expect(expected).toBe('00000002000000');
      expect(await ok(em.port)).toBe(expected);
    } finally {
      await Promise.all([real.sql('SET GLOBAL session_track_system_variables = DEFAULT'), em.sql('SET GLOBAL session_track_system_variables = DEFAULT')]);
    }
  });
});
