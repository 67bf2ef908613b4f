import { constants, createHash, publicEncrypt } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { encodePacket, PacketDecoder, type InboundPacket } from '../../src/wire/framing.js';
import { Capability } from '../../src/wire/capabilities.js';

/** A byte-level client for tests that real clients cannot express (garbage, oversized packets, odd commands). */
export class RawClient {
  private readonly decoder = new PacketDecoder(1 << 30);
  private readonly queue: InboundPacket[] = [];
  private waiters: ((p: InboundPacket | null) => void)[] = [];
  closed = false;
  /** The server closed its side (FIN received), whether or not this side is closed. */
  ended = false;

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      for (const p of this.decoder.push(chunk)) {
        const w = this.waiters.shift();
        if (w) w(p);
        else this.queue.push(p);
      }
    });
    socket.on('end', () => {
      this.ended = true;
      for (const w of this.waiters.splice(0)) w(null);
    });
    socket.on('close', () => {
      this.closed = true;
      for (const w of this.waiters.splice(0)) w(null);
    });
    socket.on('error', () => undefined);
  }

  /** `allowHalfOpen`: the client does not close its side when the server closes its own (Node's default does). */
  static open(port: number, { allowHalfOpen = false } = {}): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = connect({ port, host: '127.0.0.1', allowHalfOpen }, () => resolve(new RawClient(s)));
      s.once('error', reject);
    });
  }

  /** The next packet, or null once the server closed the connection. */
  read(timeoutMs = 5000): Promise<InboundPacket | null> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    if (this.closed || this.ended) return Promise.resolve(null);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out waiting for a packet')), timeoutMs);
      this.waiters.push((p) => {
        clearTimeout(timer);
        resolve(p);
      });
    });
  }

  send(payload: Buffer, sequenceId: number): void {
    this.socket.write(encodePacket(payload, sequenceId).bytes);
  }

  sendRaw(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** Reads the greeting and logs in with mysql_native_password-style empty or SHA1 response. */
  async login(user: string, password = '', capabilities = DEFAULT_CAPS, collationId = 255): Promise<InboundPacket | null> {
    const greeting = await this.read();
    if (!greeting) return null;
    const scramble = greetingScramble(greeting.payload);
    const auth = password === '' ? Buffer.alloc(0) : nativeToken(password, scramble);
    const head = Buffer.alloc(32);
    head.writeUInt32LE(capabilities >>> 0, 0);
    head.writeUInt32LE(1 << 24, 4);
    head[8] = collationId;
    const payload = Buffer.concat([
      head,
      Buffer.from(user + '\0'),
      Buffer.from([auth.length]),
      auth,
      Buffer.from('mysql_native_password\0'),
    ]);
    this.send(payload, 1);
    let reply = await this.read();
    if (reply && reply.payload[0] === 0xfe) {
      // AuthSwitchRequest: answer for the requested plugin with an empty or native response.
      const data = reply.payload.subarray(reply.payload.indexOf(0, 1) + 1, reply.payload.length - 1);
      this.send(password === '' ? Buffer.alloc(0) : nativeToken(password, data), reply.sequenceId + 1);
      reply = await this.read();
    }
    return reply;
  }

  /**
   * A caching_sha2_password login step by step: the handshake response with
   * the fast-path scramble of `scramblePassword`; on 01 04 (perform full
   * authentication) it asks for the RSA key (02), awaits `beforePassword`,
   * then sends RSA-OAEP(password XOR scramble). Resolves with the final packet
   * and whether the server answered the fast path with 01 03.
   */
  async loginCachingSha2(
    user: string,
    password: string,
    opts: { scramblePassword?: string; beforePassword?: () => Promise<void>; capabilities?: number } = {},
  ): Promise<{ reply: InboundPacket | null; fast: boolean; full: boolean }> {
    const greeting = await this.read();
    if (!greeting) return { reply: null, fast: false, full: false };
    const scramble = greetingScramble(greeting.payload);
    const token = cachingSha2Token(opts.scramblePassword ?? password, scramble);
    const head = Buffer.alloc(32);
    head.writeUInt32LE((opts.capabilities ?? DEFAULT_CAPS) >>> 0, 0);
    head.writeUInt32LE(1 << 24, 4);
    head[8] = 255;
    this.send(Buffer.concat([head, Buffer.from(user + '\0'), Buffer.from([token.length]), token, Buffer.from('caching_sha2_password\0')]), 1);
    let reply = await this.read();
    if (reply && reply.payload[0] === 0x01 && reply.payload[1] === 0x03) return { reply: await this.read(), fast: true, full: false };
    if (!(reply && reply.payload[0] === 0x01 && reply.payload[1] === 0x04)) return { reply, fast: false, full: false };
    this.send(Buffer.from([0x02]), reply.sequenceId + 1);
    const key = await this.read();
    if (!key || key.payload[0] !== 0x01) return { reply: key, fast: false, full: true };
    await opts.beforePassword?.();
    const plain = Buffer.from(password + '\0');
    const masked = Buffer.from(plain.map((b, i) => b ^ scramble[i % scramble.length]!));
    const cipher = publicEncrypt({ key: key.payload.subarray(1).toString('latin1'), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, masked);
    this.send(cipher, key.sequenceId + 1);
    reply = await this.read();
    return { reply, fast: false, full: true };
  }

  close(): void {
    this.socket.destroy();
  }
}

/** caching_sha2 fast-path answer: SHA256(pw) XOR SHA256(SHA256(SHA256(pw)) ‖ nonce), i.e. stage1 XOR SHA256(stage2 ‖ nonce); empty for ''. */
export function cachingSha2Token(password: string, scramble: Buffer): Buffer {
  if (password === '') return Buffer.alloc(0);
  const sha256 = (b: Buffer) => createHash('sha256').update(b).digest();
  const stage1 = sha256(Buffer.from(password));
  const mix = sha256(Buffer.concat([sha256(stage1), scramble]));
  return Buffer.from(stage1.map((b, i) => b ^ mix[i]!));
}

export const DEFAULT_CAPS =
  Capability.LONG_PASSWORD |
  Capability.PROTOCOL_41 |
  Capability.SECURE_CONNECTION |
  Capability.PLUGIN_AUTH |
  Capability.TRANSACTIONS |
  Capability.MULTI_RESULTS;

export function greetingScramble(greeting: Buffer): Buffer {
  const versionEnd = greeting.indexOf(0, 1);
  const part1 = greeting.subarray(versionEnd + 5, versionEnd + 13);
  const part2Start = versionEnd + 13 + 1 + 2 + 1 + 2 + 2 + 1 + 10;
  return Buffer.concat([part1, greeting.subarray(part2Start, part2Start + 12)]);
}

export function nativeToken(password: string, scramble: Buffer): Buffer {
  const sha1 = (b: Buffer) => createHash('sha1').update(b).digest();
  const stage1 = sha1(Buffer.from(password));
  const stage2 = sha1(stage1);
  const mix = sha1(Buffer.concat([scramble, stage2]));
  return Buffer.from(stage1.map((b, i) => b ^ mix[i]!));
}

/** Decodes an ERR packet payload. */
export function parseErr(payload: Buffer): { code: number; sqlState: string | null; message: string } {
  const code = payload.readUInt16LE(1);
  if (payload[3] === 0x23) return { code, sqlState: payload.toString('latin1', 4, 9), message: payload.toString('utf8', 9) };
  return { code, sqlState: null, message: payload.toString('utf8', 3) };
}
