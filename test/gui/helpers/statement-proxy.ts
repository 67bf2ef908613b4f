import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A logging TCP proxy between a tool and the emulator: it records every
 * command the tool sends and how the server answered it (OK, rows, or the
 * ERR packets), and every login with the capability flags the client sent.
 * It reads the MySQL framing only (3-byte length + sequence id); it never
 * changes a byte. A connection that switches to TLS or compression is marked
 * opaque and no longer read.
 */

export interface WireError {
  code: number;
  sqlState: string;
  message: string;
}

export interface Exchange {
  /** The proxy's connection number (1, 2, ...), in the order the tool connected. */
  conn: number;
  /** COM_QUERY, COM_INIT_DB, COM_PING, ... */
  command: string;
  /** COM_QUERY / COM_STMT_PREPARE: the statement text; COM_INIT_DB: the database. */
  sql?: string;
  /** The first packet of the answer: ok, rows (a result set), error, or none yet. */
  answer: 'ok' | 'rows' | 'error' | 'none';
  /** Every ERR packet of the answer (a multi-statement query may have rows then an error). */
  errors: WireError[];
}

export interface Login {
  conn: number;
  user: string;
  capabilities: number;
  /** Set when the server refused the login (1045, 1862, ...). */
  error?: WireError;
  ok: boolean;
}

const COMMAND_NAMES: Record<number, string> = {
  0x01: 'COM_QUIT', 0x02: 'COM_INIT_DB', 0x03: 'COM_QUERY', 0x04: 'COM_FIELD_LIST', 0x08: 'COM_SHUTDOWN',
  0x09: 'COM_STATISTICS', 0x0d: 'COM_DEBUG', 0x0e: 'COM_PING', 0x11: 'COM_CHANGE_USER', 0x16: 'COM_STMT_PREPARE',
  0x17: 'COM_STMT_EXECUTE', 0x18: 'COM_STMT_SEND_LONG_DATA', 0x19: 'COM_STMT_CLOSE', 0x1a: 'COM_STMT_RESET',
  0x1b: 'COM_SET_OPTION', 0x1c: 'COM_STMT_FETCH', 0x1f: 'COM_RESET_CONNECTION',
};

const CLIENT_SSL = 1 << 11;
const CLIENT_COMPRESS = 1 << 5;
const CLIENT_QUERY_ATTRIBUTES = 1 << 27;

function parseError(payload: Buffer): WireError {
  const code = payload.readUInt16LE(1);
  const hasState = payload[3] === 0x23; // '#'
  return {
    code,
    sqlState: hasState ? payload.subarray(4, 9).toString('latin1') : '',
    message: payload.subarray(hasState ? 9 : 3).toString('utf8'),
  };
}

/** Length-encoded integer at `pos`: [value, next position]. */
function lenenc(buf: Buffer, pos: number): [number, number] {
  const first = buf[pos]!;
  if (first < 0xfb) return [first, pos + 1];
  if (first === 0xfc) return [buf.readUInt16LE(pos + 1), pos + 3];
  if (first === 0xfd) return [buf.readUIntLE(pos + 1, 3), pos + 4];
  return [Number(buf.readBigUInt64LE(pos + 1)), pos + 9];
}

/** Splits a byte stream into MySQL packets. */
class PacketStream {
  private buf: Buffer = Buffer.alloc(0);
  constructor(private readonly onPacket: (seq: number, payload: Buffer) => void) {}
  push(chunk: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    while (this.buf.length >= 4) {
      const len = this.buf.readUIntLE(0, 3);
      if (this.buf.length < 4 + len) return;
      const seq = this.buf[3]!;
      const payload = this.buf.subarray(4, 4 + len);
      this.buf = this.buf.subarray(4 + len);
      this.onPacket(seq, payload);
    }
  }
}

export class StatementProxy {
  readonly exchanges: Exchange[] = [];
  readonly logins: Login[] = [];
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private connections = 0;

  private constructor(private readonly target: { host: string; port: number }) {
    this.server = createServer((client) => this.accept(client));
  }

  static async start(target: { host: string; port: number }): Promise<StatementProxy> {
    const proxy = new StatementProxy(target);
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get port(): number {
    const address = this.server.address();
    if (!address || typeof address === 'string') throw new Error('proxy not listening');
    return address.port;
  }

  /** The exchanges recorded from index `from` on (see mark()). */
  since(from: number): Exchange[] {
    return this.exchanges.slice(from);
  }

  mark(): number {
    return this.exchanges.length;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    const conn = ++this.connections;
    const upstream = connect(this.target.port, this.target.host);
    this.sockets.add(client).add(upstream);
    let phase: 'greeting' | 'auth' | 'command' | 'opaque' = 'greeting';
    let capabilities = 0;
    let login: Login | undefined;
    let current: Exchange | undefined;

    const fromClient = new PacketStream((seq, payload) => {
      if (phase === 'opaque') return;
      if (phase === 'auth' && seq === 1 && !login) {
        capabilities = payload.readUInt32LE(0);
        if (capabilities & CLIENT_SSL) {
          phase = 'opaque'; // SSLRequest: the rest is TLS
          return;
        }
        const end = payload.indexOf(0, 32);
        login = { conn, user: payload.subarray(32, end).toString('utf8'), capabilities, ok: false };
        this.logins.push(login);
        return;
      }
      if (phase !== 'command' || seq !== 0 || payload.length === 0) return;
      const byte = payload[0]!;
      const command = COMMAND_NAMES[byte] ?? `0x${byte.toString(16)}`;
      let sql: string | undefined;
      if (byte === 0x03) {
        let pos = 1;
        if (capabilities & CLIENT_QUERY_ATTRIBUTES) {
          const [count, next] = lenenc(payload, pos);
          const [, afterSets] = lenenc(payload, next);
          pos = afterSets;
          if (count > 0) pos = payload.length; // not decoded: no tool here sends attributes
        }
        sql = payload.subarray(pos).toString('utf8');
      } else if (byte === 0x02 || byte === 0x16) {
        sql = payload.subarray(1).toString('utf8');
      }
      current = { conn, command, ...(sql !== undefined ? { sql } : {}), answer: 'none', errors: [] };
      if (byte !== 0x01 && byte !== 0x19 && byte !== 0x18) this.exchanges.push(current);
    });

    const fromServer = new PacketStream((seq, payload) => {
      if (phase === 'opaque') return;
      if (phase === 'greeting') {
        phase = 'auth';
        return;
      }
      const head = payload[0];
      if (phase === 'auth') {
        if (head === 0x00) {
          if (login) login.ok = true;
          phase = capabilities & CLIENT_COMPRESS ? 'opaque' : 'command';
        } else if (head === 0xff && login) {
          login.error = parseError(payload);
        }
        return;
      }
      if (!current) return;
      if (head === 0xff) {
        current.errors.push(parseError(payload));
        if (current.answer === 'none') current.answer = 'error';
      } else if (current.answer === 'none' && seq === 1) {
        current.answer = head === 0x00 ? 'ok' : 'rows';
      }
    });

    client.on('data', (chunk: Buffer) => {
      fromClient.push(chunk);
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      fromServer.push(chunk);
      client.write(chunk);
    });
    const end = (): void => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  }
}

/** One line per exchange, for a failure message or a transcript. */
export function describe(e: Exchange): string {
  const what = e.sql !== undefined ? `${e.command} ${e.sql.replace(/\s+/g, ' ').trim()}` : e.command;
  const answer = e.errors.length ? e.errors.map((err) => `ERROR ${err.code} (${err.sqlState}): ${err.message}`).join('; ') : e.answer;
  return `[${e.conn}] ${what} -> ${answer}`;
}
