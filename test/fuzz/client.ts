/**
 * The fuzz client: turns a generated Scenario into bytes on one TCP
 * connection and checks the liveness rule after every packet that calls for
 * an answer: the server sends at least one packet or closes the connection
 * within the deadline (pre-auth: connect_timeout + grace from the greeting;
 * after login: max(wait_timeout, net_read_timeout) + grace per wait).
 * It reads whole replies (result sets, prepare OKs, auth switches) so the
 * next command starts in step; after a mutated or mis-framed packet it
 * probes with COM_PING, and ends the connection when it cannot tell where
 * the replies end.
 */
import { constants, createHash, publicEncrypt } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { encodePacket, PacketDecoder, type InboundPacket } from '../../src/wire/framing.js';
import { Capability } from '../../src/wire/capabilities.js';
import {
  applyMutation,
  blobLength,
  describeHandshake,
  describeScenario,
  FUZZ_ACCOUNTS,
  isPristine,
  renderBlob,
  type Framing,
  type HandshakeSpec,
  type Mutation,
  type ParamSpec,
  type PostScenario,
  type PostStep,
  type PreScenario,
  type Scenario,
  type StmtRef,
} from './generators.js';

/** What the server advertises (SERVER_CAPABILITIES with SSL, as the fuzz server offers TLS). */
const SERVER_CAPS = 0xdbffffdf;

export type Read = InboundPacket | 'closed' | 'timeout';

/** One client connection of the fuzz, byte-level. */
export class FuzzConn {
  private readonly decoder = new PacketDecoder(2 ** 31);
  private readonly queue: InboundPacket[] = [];
  private waiter: ((r: InboundPacket | 'closed') => void) | null = null;
  closed = false;
  packetsSent = 0;

  private constructor(readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      let packets: InboundPacket[];
      try {
        packets = this.decoder.push(chunk);
      } catch {
        socket.destroy();
        return;
      }
      for (const p of packets) {
        const w = this.waiter;
        if (w) {
          this.waiter = null;
          w(p);
        } else this.queue.push(p);
      }
    });
    // The server's FIN ('end') is its close: the socket's own 'close' may come a few loop turns later.
    const closed = (): void => {
      this.closed = true;
      const w = this.waiter;
      this.waiter = null;
      w?.('closed');
    };
    socket.on('end', closed);
    socket.on('close', closed);
    socket.on('error', () => undefined);
  }

  static open(port: number, timeoutMs = 5000): Promise<FuzzConn> {
    return new Promise((resolve, reject) => {
      const s = connect({ port, host: '127.0.0.1' });
      const timer = setTimeout(() => {
        s.destroy();
        reject(new Error('connect timed out'));
      }, timeoutMs);
      s.once('connect', () => {
        clearTimeout(timer);
        resolve(new FuzzConn(s));
      });
      s.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
  }

  /** The next packet, 'closed' once the server closed, or 'timeout' after timeoutMs. */
  next(timeoutMs: number): Promise<Read> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    if (this.closed) return Promise.resolve('closed');
    return new Promise((resolve) => {
      let settled = false;
      const waiter = (r: Read): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (this.waiter === waiter) this.waiter = null;
        resolve(r);
      };
      // The deadline is judged after the I/O already in: a timer runs before the loop polls its sockets, so when
      // this process was busy past the deadline, a packet or close that came in time is read first (poll, then the
      // close callbacks) rather than counted as silence.
      const timer = setTimeout(() => setImmediate(() => setImmediate(() => waiter('timeout'))), timeoutMs);
      this.waiter = waiter;
    });
  }

  /** Discards packets until the server closes; false if it is still open after timeoutMs. */
  async waitClose(timeoutMs: number): Promise<boolean> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const left = end - Date.now();
      if (left <= 0) return this.closed;
      const r = await this.next(left);
      if (r === 'closed') return true;
      if (r === 'timeout') return false;
    }
  }

  /** Packets that arrive within quietMs of each other, discarded. */
  async drain(quietMs: number): Promise<void> {
    for (;;) {
      const r = await this.next(quietMs);
      if (r === 'closed' || r === 'timeout') return;
    }
  }

  write(bytes: Buffer, packets = 1): void {
    this.packetsSent += packets;
    if (!this.socket.destroyed) this.socket.write(bytes);
  }

  /** Writes in pieces (a trickling client): cut at thousandths of the length, delayMs between pieces. */
  async writeSplit(bytes: Buffer, splits: number[], delayMs: number, packets = 1): Promise<void> {
    if (splits.length === 0) {
      this.write(bytes, packets);
      return;
    }
    const cuts = [...new Set(splits.map((s) => Math.floor((bytes.length * s) / 1000)))].sort((a, b) => a - b);
    let from = 0;
    this.packetsSent += packets;
    for (const cut of [...cuts, bytes.length]) {
      if (cut > from && !this.socket.destroyed) this.socket.write(bytes.subarray(from, cut));
      from = Math.max(from, cut);
      if (delayMs > 0) await sleep(delayMs);
      else await new Promise((r) => setImmediate(r));
    }
  }

  /** Frames a payload, with a lying header if asked. */
  sendFramed(payload: Buffer, seq: number, frame: Framing = NO_FRAMING): Promise<void> {
    const { bytes } = encodePacket(payload, (seq + frame.seqDelta) & 0xff);
    if (frame.lenDelta !== 0 && payload.length < 0xffffff) {
      const len = Math.max(0, Math.min(0xffffff, payload.length + frame.lenDelta));
      bytes.writeUIntLE(len, 0, 3);
    }
    return this.writeSplit(bytes, frame.splits, frame.delayMs);
  }

  destroy(): void {
    this.socket.destroy();
  }
}

const NO_FRAMING: Framing = { seqDelta: 0, lenDelta: 0, splits: [], delayMs: 0 };

/** max_allowed_packet of the fuzz server (harness.ts). */
export const MAX_ALLOWED_PACKET = 1024 * 1024;

/** How long a worker waits for a packet before handing the rest of the wait to the scenario's tail. */
const ACTIVE_WAIT_MS = 250;

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- encoding helpers

export function lenenc(n: number | bigint): Buffer {
  const v = BigInt(n);
  if (v < 0xfbn) return Buffer.from([Number(v)]);
  if (v < 0x10000n) return Buffer.from([0xfc, Number(v & 0xffn), Number(v >> 8n)]);
  if (v < 0x1000000n) return Buffer.from([0xfd, Number(v & 0xffn), Number((v >> 8n) & 0xffn), Number(v >> 16n)]);
  const b = Buffer.alloc(9);
  b[0] = 0xfe;
  b.writeBigUInt64LE(BigInt.asUintN(64, v), 1);
  return b;
}

function readLenenc(buf: Buffer, at: number): { value: number; next: number } | null {
  const first = buf[at];
  if (first === undefined) return null;
  if (first < 0xfb) return { value: first, next: at + 1 };
  if (first === 0xfc && buf.length >= at + 3) return { value: buf.readUInt16LE(at + 1), next: at + 3 };
  if (first === 0xfd && buf.length >= at + 4) return { value: buf.readUIntLE(at + 1, 3), next: at + 4 };
  if (first === 0xfe && buf.length >= at + 9) return { value: Number(buf.readBigUInt64LE(at + 1)), next: at + 9 };
  return null;
}

const sha1 = (b: Buffer): Buffer => createHash('sha1').update(b).digest();
const sha256 = (b: Buffer): Buffer => createHash('sha256').update(b).digest();

export function nativeToken(password: string, scramble: Buffer): Buffer {
  if (password === '') return Buffer.alloc(0);
  const stage1 = sha1(Buffer.from(password));
  const mix = sha1(Buffer.concat([scramble, sha1(stage1)]));
  return Buffer.from(stage1.map((b, i) => b ^ mix[i]!));
}

export function sha2Token(password: string, scramble: Buffer): Buffer {
  if (password === '') return Buffer.alloc(0);
  const stage1 = sha256(Buffer.from(password));
  const mix = sha256(Buffer.concat([sha256(stage1), scramble]));
  return Buffer.from(stage1.map((b, i) => b ^ mix[i]!));
}

function tokenFor(plugin: string, password: string, scramble: Buffer): Buffer {
  if (plugin === 'mysql_native_password') return nativeToken(password, scramble);
  if (plugin === 'caching_sha2_password') return sha2Token(password, scramble);
  if (plugin === 'mysql_clear_password' || plugin === 'authentication_ldap_simple') return Buffer.from(password + '\0');
  return Buffer.alloc(0);
}

export interface Greeting {
  connectionId: number;
  scramble: Buffer;
  plugin: string;
}

export function parseGreeting(p: Buffer): Greeting | null {
  if (p[0] !== 0x0a) return null;
  const versionEnd = p.indexOf(0, 1);
  if (versionEnd < 0 || p.length < versionEnd + 45) return null;
  const connectionId = p.readUInt32LE(versionEnd + 1);
  const part1 = p.subarray(versionEnd + 5, versionEnd + 13);
  const part2Start = versionEnd + 13 + 1 + 2 + 1 + 2 + 2 + 1 + 10;
  const scramble = Buffer.concat([part1, p.subarray(part2Start, part2Start + 12)]);
  const pluginStart = part2Start + 13;
  const pluginEnd = p.indexOf(0, pluginStart);
  return { connectionId, scramble, plugin: p.toString('latin1', pluginStart, pluginEnd < 0 ? p.length : pluginEnd) };
}

/** The auth response bytes a HandshakeSpec asks for. */
export function authBytes(hs: HandshakeSpec, scramble: Buffer): Buffer {
  const account = hs.account ? FUZZ_ACCOUNTS[hs.account] : undefined;
  switch (hs.auth.k) {
    case 'empty':
      return Buffer.alloc(0);
    case 'bytes':
      return Buffer.from(hs.auth.b);
    case 'overlong':
      return Buffer.alloc(hs.auth.n, hs.auth.fill);
    case 'right':
      return account ? tokenFor(hs.plugin ?? account.plugin, account.password, scramble) : Buffer.alloc(0);
  }
}

/** Protocol::HandshakeResponse41 from a spec (its capability word decides each field's form). */
export function encodeHandshake(hs: HandshakeSpec, scramble: Buffer): Buffer {
  const caps = hs.caps >>> 0;
  const head = Buffer.alloc(32);
  head.writeUInt32LE(caps, 0);
  head.writeUInt32LE(hs.maxPacket >>> 0, 4);
  head[8] = hs.charset & 0xff;
  const parts: Buffer[] = [head, renderBlob(hs.user), Buffer.from([0])];
  const auth = authBytes(hs, scramble);
  if (caps & Capability.PLUGIN_AUTH_LENENC_CLIENT_DATA) parts.push(lenenc(auth.length), auth);
  else if (caps & Capability.SECURE_CONNECTION) parts.push(Buffer.from([auth.length & 0xff]), auth);
  else parts.push(auth, Buffer.from([0]));
  if (caps & Capability.CONNECT_WITH_DB) parts.push(hs.db ? renderBlob(hs.db) : Buffer.alloc(0), Buffer.from([0]));
  const account = hs.account ? FUZZ_ACCOUNTS[hs.account] : undefined;
  if (caps & Capability.PLUGIN_AUTH) parts.push(Buffer.from((hs.plugin ?? account?.plugin ?? 'caching_sha2_password') + '\0'));
  if (caps & Capability.CONNECT_ATTRS) {
    const attrs = Buffer.concat(hs.attrs.flatMap(([k, v]) => [lenencBlob(renderBlob(k)), lenencBlob(renderBlob(v))]));
    parts.push(lenenc(Math.max(0, attrs.length + hs.attrsLenDelta)), attrs);
  }
  return Buffer.concat(parts);
}

const lenencBlob = (b: Buffer): Buffer => Buffer.concat([lenenc(b.length), b]);

/** COM_CHANGE_USER's body after the command byte. */
function encodeChangeUser(hs: HandshakeSpec, scramble: Buffer, connCaps: number): Buffer {
  const auth = authBytes(hs, scramble);
  const account = hs.account ? FUZZ_ACCOUNTS[hs.account] : undefined;
  const parts: Buffer[] = [Buffer.from([0x11]), renderBlob(hs.user), Buffer.from([0])];
  if (connCaps & Capability.SECURE_CONNECTION) parts.push(Buffer.from([auth.length & 0xff]), auth);
  else parts.push(auth, Buffer.from([0]));
  parts.push(hs.db ? renderBlob(hs.db) : Buffer.alloc(0), Buffer.from([0]));
  const cs = Buffer.alloc(2);
  cs.writeUInt16LE(hs.charset);
  parts.push(cs);
  if (connCaps & Capability.PLUGIN_AUTH) parts.push(Buffer.from((hs.plugin ?? account?.plugin ?? 'caching_sha2_password') + '\0'));
  if (connCaps & Capability.CONNECT_ATTRS) {
    const attrs = Buffer.concat(hs.attrs.flatMap(([k, v]) => [lenencBlob(renderBlob(k)), lenencBlob(renderBlob(v))]));
    parts.push(lenenc(Math.max(0, attrs.length + hs.attrsLenDelta)), attrs);
  }
  return Buffer.concat(parts);
}

const INT_WIDTH: Record<number, number> = { 0x01: 1, 0x02: 2, 0x0d: 2, 0x03: 4, 0x09: 4, 0x08: 8 };

function encodeParamValue(p: ParamSpec): Buffer {
  const v = p.value;
  switch (v.v) {
    case 'int': {
      const n = BigInt(v.n);
      const width = INT_WIDTH[p.type];
      if (width) {
        const b = Buffer.alloc(8);
        b.writeBigUInt64LE(BigInt.asUintN(64, n));
        return b.subarray(0, width);
      }
      if (p.type === 0x04 || p.type === 0x05) return encodeDouble(Number(n), p.type);
      return lenencBlob(Buffer.from(v.n));
    }
    case 'double':
      if (p.type === 0x04 || p.type === 0x05) return encodeDouble(v.d, p.type);
      if (INT_WIDTH[p.type]) {
        const b = Buffer.alloc(8);
        b.writeBigUInt64LE(BigInt.asUintN(64, BigInt(Number.isFinite(v.d) ? Math.trunc(v.d) : 0)));
        return b.subarray(0, INT_WIDTH[p.type]);
      }
      return lenencBlob(Buffer.from(String(v.d)));
    case 'str':
      return lenencBlob(renderBlob(v.s));
    case 'date':
      return Buffer.from(v.parts.slice(0, 1 + Math.min(v.parts[0]!, v.parts.length - 1)));
    case 'raw':
      return Buffer.from(v.b);
  }
}

function encodeDouble(d: number, type: number): Buffer {
  const b = Buffer.alloc(8);
  if (type === 0x04) {
    b.writeFloatLE(d);
    return b.subarray(0, 4);
  }
  b.writeDoubleLE(d);
  return b;
}

// ---------------------------------------------------------------- replies

const isErr = (p: InboundPacket): boolean => p.payload[0] === 0xff;
const errCode = (p: InboundPacket): number => (p.payload.length >= 3 ? p.payload.readUInt16LE(1) : -1);
const errMessage = (p: InboundPacket): string => (p.payload[3] === 0x23 ? p.payload.toString('utf8', 9) : p.payload.toString('utf8', 3));

function okStatus(p: Buffer): number {
  const a = readLenenc(p, 1);
  const b = a && readLenenc(p, a.next);
  return b && p.length >= b.next + 2 ? p.readUInt16LE(b.next) : 0;
}

const MORE_RESULTS = 0x0008;

/** Length of the name in a ColumnDefinition41 (its fifth length-encoded string), or 0. */
function columnName(p: Buffer): number {
  let at = 0;
  for (let i = 0; i < 4; i++) {
    const l = readLenenc(p, at);
    if (!l) return 0;
    at = l.next + l.value;
  }
  return readLenenc(p, at)?.value ?? 0;
}

export interface StepReport {
  step: number;
  /** ms from the last byte sent to the first reply packet. */
  firstMs: number;
  codes: number[];
}

/**
 * Before login the server's only packet that starts with 00 is the OK that
 * logs the client in, whatever session-state info it carries (the client
 * took only an OK under 64 bytes for one, and counted a login whose OK
 * listed three tracked variables as a pre-auth socket left open).
 */
function isLoginOk(payload: Buffer): boolean {
  return payload[0] === 0x00 && payload.length >= 7;
}

export interface Hang {
  step: number;
  phase: 'pre' | 'post';
  what: string;
  waitedMs: number;
  /** The server's connection id (the greeting's thread id), to find the connection in the server's log. */
  connId?: number | null;
}

export interface ScenarioResult {
  connId: number | null;
  scramble: Buffer | null;
  loggedIn: boolean;
  loginCode: number | null;
  hangs: Hang[];
  /** ERR codes received, in order. */
  codes: number[];
  /** Steps whose reply carried a packet larger than max_allowed_packet (MySQL: NULL and warning 1301 instead). */
  overPacket: { step: number; bytes: number }[];
  /** Oversized text in replies: ERR messages over 512 bytes (MYSQL_ERRMSG_SIZE), column names over 256 characters. */
  longText: { step: number; what: string }[];
  /** Steps answered with 1436 (thread stack overrun: a recursion the parser's nesting bound did not stop). */
  stackOverrun: number[];
  /** Every ERR 1815 (an internal fault the server turned into an error), with its step. */
  internal: { step: number; message: string }[];
  /** Protocol oracles that failed (a wrong sequence id accepted, an oversized packet accepted). */
  oracle: { step: number; what: string }[];
  /** The slowest step (first reply latency). */
  slowest: { step: number; ms: number } | null;
  packets: number;
  /** Well-formed handshake responses (no mutation, right framing) answered with 1043 Bad handshake. */
  badHandshake: string[];
  /** Auth responses sent (to look for in the logs). */
  authSent: Buffer[];
  steps: number;
  /** ms of the active part (before the final wait for a close). */
  activeMs: number;
}

export interface RunContext {
  port: number;
  /** connect_timeout in ms (the pre-auth bound). */
  connectTimeoutMs: number;
  /** max(wait_timeout, net_read_timeout) in ms (the post-auth bound). */
  readTimeoutMs: number;
  /** Added to every bound: time for the close to reach the client on a loaded machine. */
  graceMs: number;
  /** Called with the connection id and scramble as soon as the greeting arrives. */
  onGreeting?: (g: Greeting) => void;
  /** Called before each step (in-flight tracking for stalls). */
  onStep?: (step: number) => void;
}

class Run {
  readonly r: ScenarioResult = { connId: null, scramble: null, loggedIn: false, loginCode: null, hangs: [], codes: [], overPacket: [], longText: [], stackOverrun: [], internal: [], oracle: [], slowest: null, packets: 0, badHandshake: [], authSent: [], steps: 0, activeMs: 0 };
  conn!: FuzzConn;
  greeting!: Greeting;
  greetedAt = 0;
  lastServerSeq = 0;
  caps = 0;
  prepared: { id: number; params: number }[] = [];
  step = -1;
  /** While logging in, reads wait their whole deadline. */
  patient = false;
  /**
   * A statement of this scenario may have set the session's wait_timeout
   * (SET wait_timeout = ~0 clamps to a year): then the server may rightly
   * wait that long for a command packet that stops midway, or for an idle
   * client, as MySQL's do_command() reads the whole command under
   * wait_timeout; a post-auth silence past the harness's deadline is not a hang.
   */
  waitTimeoutMayBeRaised = false;
  /** The wait that ends the scenario (for a close), run after the active part so the worker can go on. */
  tail: (() => Promise<void>) | null = null;

  constructor(readonly ctx: RunContext) {}

  get postDeadline(): number {
    return this.ctx.readTimeoutMs + this.ctx.graceMs;
  }

  hang(phase: 'pre' | 'post', what: string, waitedMs: number): void {
    this.r.hangs.push({ step: this.step, phase, what, waitedMs });
  }

  note(p: InboundPacket): void {
    this.lastServerSeq = p.sequenceId;
    if (p.payload.length > MAX_ALLOWED_PACKET && this.r.loggedIn) this.r.overPacket.push({ step: this.step, bytes: p.payload.length });
    if (isErr(p)) {
      const code = errCode(p);
      this.r.codes.push(code);
      if (code === 1815) this.r.internal.push({ step: this.step, message: errMessage(p) });
      if (code === 1436) this.r.stackOverrun.push(this.step);
      const bytes = p.payload.length - (p.payload[3] === 0x23 ? 9 : 3);
      if (bytes > 512 && this.r.longText.length < 3) this.r.longText.push({ step: this.step, what: `ERR ${code} with a ${bytes}-byte message` });
    }
  }

  /**
   * The next packet within the deadline. A wait longer than ACTIVE_WAIT_MS
   * ends the scenario and goes on in the tail (any packet or a close before
   * the deadline passes; else a hang), so a worker never idles for long.
   */
  async read(what: string, timeoutMs = this.postDeadline): Promise<InboundPacket | null> {
    const start = Date.now();
    // The login itself (an RSA exchange, a busy server) gets its whole deadline: a scenario needs it.
    const r = await this.conn.next(this.patient ? timeoutMs : Math.min(timeoutMs, ACTIVE_WAIT_MS));
    if (r === 'timeout') {
      this.deferWait(what, start, timeoutMs);
      return null;
    }
    if (r === 'closed') return null;
    this.note(r);
    return r;
  }

  /** The rest of a wait, in the tail: a packet or a close must come by start + timeoutMs. */
  deferWait(what: string, start: number, timeoutMs: number): void {
    const phase = this.r.loggedIn ? 'post' : 'pre';
    const step = this.step;
    this.tail = async () => {
      const r = await this.conn.next(Math.max(0, start + timeoutMs - Date.now()));
      if (r === 'timeout' && !(phase === 'post' && this.waitTimeoutMayBeRaised)) this.r.hangs.push({ step, phase, what, waitedMs: Date.now() - start });
    };
  }

  timed(sentAt: number): void {
    const ms = performance.now() - sentAt;
    if (!this.r.slowest || ms > this.r.slowest.ms) this.r.slowest = { step: this.step, ms };
  }

  async open(): Promise<boolean> {
    this.conn = await FuzzConn.open(this.ctx.port);
    const first = await this.conn.next(this.ctx.connectTimeoutMs + this.ctx.graceMs);
    if (first === 'timeout') {
      this.hang('pre', 'no greeting', this.ctx.connectTimeoutMs + this.ctx.graceMs);
      return false;
    }
    if (first === 'closed') return false;
    this.greetedAt = Date.now();
    this.note(first);
    const g = parseGreeting(first.payload);
    if (!g) return false; // 1040 too many connections, or garbage
    this.greeting = g;
    this.r.connId = g.connectionId;
    this.r.scramble = g.scramble;
    this.ctx.onGreeting?.(g);
    return true;
  }

  /**
   * The rest of an authentication exchange after `first`: auth switch,
   * caching_sha2 fast (01 03) and full (01 04, RSA) paths. Returns the final OK
   * or ERR packet, or null (closed, or a hang recorded).
   */
  async authExchange(first: InboundPacket | null, password: string, timeoutMs: number): Promise<InboundPacket | null> {
    let p = first;
    let scramble = this.greeting.scramble;
    for (let round = 0; p && round < 6; round++) {
      const b = p.payload;
      if (b[0] === 0x00 || b[0] === 0xff) return p;
      if (b[0] === 0xfe) {
        const nameEnd = b.indexOf(0, 1);
        const plugin = b.toString('latin1', 1, nameEnd < 0 ? b.length : nameEnd);
        if (nameEnd >= 0) scramble = b.subarray(nameEnd + 1, Math.max(nameEnd + 1, b.length - 1));
        const token = tokenFor(plugin, password, scramble);
        this.r.authSent.push(token);
        await this.conn.sendFramed(token, p.sequenceId + 1);
      } else if (b[0] === 0x01 && b[1] === 0x03) {
        // fast authentication succeeded: the OK follows
      } else if (b[0] === 0x01 && b[1] === 0x04) {
        await this.conn.sendFramed(Buffer.from([0x02]), p.sequenceId + 1);
        const key = await this.read('RSA public key', timeoutMs);
        if (!key || key.payload[0] !== 0x01) return key;
        const plain = Buffer.from(password + '\0');
        const masked = Buffer.from(plain.map((x, i) => x ^ scramble[i % scramble.length]!));
        const cipher = publicEncrypt({ key: key.payload.subarray(1).toString('latin1'), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, masked);
        await this.conn.sendFramed(cipher, key.sequenceId + 1);
      } else return p;
      p = await this.read('auth exchange', timeoutMs);
    }
    return p;
  }

  // ------------------------------------------------------------ pre-auth

  async runPre(s: PreScenario): Promise<void> {
    let seq = 1;
    for (let i = 0; i < s.steps.length && !this.conn.closed; i++) {
      this.step = i;
      this.ctx.onStep?.(i);
      const st = s.steps[i]!;
      switch (st.t) {
        case 'raw':
          this.conn.write(renderBlob(st.bytes));
          break;
        case 'packet':
          await this.conn.sendFramed(renderBlob(st.payload), st.seq);
          break;
        case 'hs': {
          const payload = applyMutation(encodeHandshake(st.hs, this.greeting.scramble), st.mut);
          this.r.authSent.push(authBytes(st.hs, this.greeting.scramble));
          await this.conn.sendFramed(payload, seq, st.frame);
          seq++;
          break;
        }
        case 'hs320': {
          const head = Buffer.alloc(5);
          head.writeUInt16LE(Capability.LONG_PASSWORD | Capability.LONG_FLAG | Capability.TRANSACTIONS, 0);
          head.writeUIntLE(0xffffff, 2, 3);
          await this.conn.sendFramed(Buffer.concat([head, Buffer.from(st.user + '\0'), Buffer.from(st.auth)]), seq, st.frame);
          seq++;
          break;
        }
        case 'ssl': {
          const p = Buffer.alloc(st.short ? 4 : 32);
          p.writeUInt32LE(st.caps >>> 0, 0);
          if (!st.short) p.writeUInt32LE(0x01000000, 4);
          await this.conn.sendFramed(p, seq);
          seq++;
          break;
        }
        case 'auth-next':
          await this.conn.sendFramed(renderBlob(st.payload), this.lastServerSeq + 1 + st.seqDelta);
          break;
      }
      // Give the server a moment to answer before the next step (an auth switch to answer, or its verdict).
      const r = await this.conn.next(100);
      if (r !== 'timeout' && r !== 'closed') {
        this.note(r);
        if (st.t === 'hs' && i === 0 && isErr(r) && errCode(r) === 1043 && wellFormed(st)) this.r.badHandshake.push(`step ${i + 1}: ${describeHandshake(st.hs)}`);
        if (isLoginOk(r.payload)) this.r.loggedIn = true;
      }
      if (this.r.loggedIn) break;
    }
    this.step = s.steps.length;
    if (this.r.loggedIn) return;
    // connect_timeout bounds the whole pre-authentication phase: the socket must be gone by then.
    this.tail = async () => {
      const deadline = this.greetedAt + this.ctx.connectTimeoutMs + this.ctx.graceMs;
      for (;;) {
        const left = deadline - Date.now();
        if (left <= 0) {
          this.r.hangs.push({ step: s.steps.length, phase: 'pre', what: `pre-auth socket still open ${this.ctx.connectTimeoutMs + this.ctx.graceMs} ms after the greeting`, waitedMs: Date.now() - this.greetedAt, connId: this.r.connId });
          return;
        }
        const r = await this.conn.next(left);
        if (r === 'closed') return;
        if (r === 'timeout') continue;
        this.note(r);
        if (isLoginOk(r.payload)) {
          this.r.loggedIn = true;
          return;
        }
      }
    };
  }

  // ------------------------------------------------------------ post-auth

  async login(s: PostScenario): Promise<boolean> {
    const account = FUZZ_ACCOUNTS[s.login.user]!;
    const hs: HandshakeSpec = {
      caps: s.login.caps | (s.login.db ? Capability.CONNECT_WITH_DB : 0),
      maxPacket: 0x01000000,
      charset: 255,
      user: [s.login.user],
      account: s.login.user,
      auth: { k: 'right' },
      plugin: account.plugin,
      db: s.login.db ? [s.login.db] : null,
      attrs: [],
      attrsLenDelta: 0,
    };
    this.caps = (hs.caps & SERVER_CAPS) >>> 0;
    this.step = -1;
    const token = authBytes(hs, this.greeting.scramble);
    this.r.authSent.push(token);
    await this.conn.sendFramed(encodeHandshake(hs, this.greeting.scramble), 1);
    const deadline = this.ctx.connectTimeoutMs + this.ctx.graceMs;
    this.patient = true;
    const final = await this.authExchange(await this.read('login reply', deadline), account.password, deadline);
    this.patient = false;
    if (final && final.payload[0] === 0x00) {
      this.r.loggedIn = true;
      return true;
    }
    if (final && isErr(final)) this.r.loginCode = errCode(final);
    return false;
  }

  get deprecateEof(): boolean {
    return (this.caps & Capability.DEPRECATE_EOF) !== 0;
  }

  isEnd(p: InboundPacket): boolean {
    return p.payload[0] === 0xfe && (this.deprecateEof ? p.payload.length < 0xffffff : p.payload.length < 9);
  }

  /** Text or binary result sets (several with MORE_RESULTS), an OK or an ERR. False when out of step. */
  async readResults(sentAt: number): Promise<boolean> {
    let first = true;
    for (;;) {
      const p = await this.read('reply');
      if (!p) return false;
      if (first) this.timed(sentAt);
      first = false;
      const b = p.payload;
      if (b[0] === 0xff) return true;
      if (b[0] === 0x00) {
        if (okStatus(b) & MORE_RESULTS) continue;
        return true;
      }
      if (b[0] === 0xfb) {
        // LOCAL INFILE request: send no file (an empty packet).
        await this.conn.sendFramed(Buffer.alloc(0), p.sequenceId + 1);
        continue;
      }
      const count = readLenenc(b, 0);
      if (!count || count.value === 0 || count.value > 4096) return false;
      for (let i = 0; i < count.value; i++) {
        const def = await this.read('column definition');
        if (!def) return false;
        const name = columnName(def.payload);
        if (name > 256 && this.r.longText.length < 3) this.r.longText.push({ step: this.step, what: `a column name of ${name} bytes` });
      }
      if (!this.deprecateEof) {
        const eof = await this.read('EOF after columns');
        if (!eof || !this.isEnd(eof)) return false;
      }
      for (;;) {
        const row = await this.read('row');
        if (!row) return false;
        if (isErr(row)) return true;
        if (this.isEnd(row)) {
          const status = this.deprecateEof ? okStatus(row.payload) : row.payload.length >= 5 ? row.payload.readUInt16LE(3) : 0;
          if (status & MORE_RESULTS) break;
          return true;
        }
      }
    }
  }

  async readPrepare(sentAt: number): Promise<boolean> {
    const p = await this.read('prepare reply');
    if (!p) return false;
    this.timed(sentAt);
    if (isErr(p)) return true;
    if (p.payload[0] !== 0x00 || p.payload.length < 12) return false;
    const id = p.payload.readUInt32LE(1);
    const cols = p.payload.readUInt16LE(5);
    const params = p.payload.readUInt16LE(7);
    for (const n of [params, cols]) {
      if (n === 0) continue;
      for (let i = 0; i < n; i++) if (!(await this.read('prepare definitions'))) return false;
      if (!this.deprecateEof && !(await this.read('prepare EOF'))) return false;
    }
    this.prepared.push({ id, params });
    return true;
  }

  async readOne(sentAt: number): Promise<boolean> {
    const p = await this.read('reply');
    if (!p) return false;
    this.timed(sentAt);
    return true;
  }

  stmtId(ref: StmtRef): number {
    if ('id' in ref) return ref.id >>> 0;
    if (this.prepared.length === 0) return 1;
    return this.prepared[ref.k % this.prepared.length]!.id;
  }

  paramCount(id: number): number | undefined {
    return this.prepared.find((p) => p.id === id)?.params;
  }

  encodeExecute(st: Extract<PostStep, { t: 'execute' }>): Buffer {
    const id = this.stmtId(st.stmt);
    const known = this.paramCount(id);
    const count = st.fit && known !== undefined ? known : st.params.length;
    const params: ParamSpec[] = Array.from({ length: count }, (_, i) => st.params[i % Math.max(1, st.params.length)] ?? { type: 0xfd, unsigned: false, isNull: false, value: { v: 'str', s: ['x'] } });
    const head = Buffer.alloc(10);
    head[0] = 0x17;
    head.writeUInt32LE(id, 1);
    head[5] = st.flags & 0xff;
    head.writeUInt32LE(st.iterations >>> 0, 6);
    const withAttrs = (this.caps & Capability.QUERY_ATTRIBUTES) !== 0 && (st.flags & 0x08) !== 0;
    const parts: Buffer[] = [head];
    if (withAttrs) parts.push(lenenc(count));
    if (count > 0) {
      const bitmap = Buffer.alloc((count + 7) >> 3);
      params.forEach((p, i) => {
        if (p.isNull) bitmap[i >> 3]! |= 1 << (i & 7);
      });
      parts.push(bitmap, Buffer.from([st.bind ? 1 : 0]));
      if (st.bind) for (const p of params) parts.push(Buffer.from([p.type & 0xff, p.unsigned ? 0x80 : 0]), withAttrs ? Buffer.from([0]) : Buffer.alloc(0));
      for (const p of params) if (!p.isNull) parts.push(encodeParamValue(p));
    }
    return Buffer.concat(parts);
  }

  /** The payload of a post-auth step, before mutation. */
  payloadOf(st: PostStep): Buffer {
    switch (st.t) {
      case 'query': {
        const attrs = this.caps & Capability.QUERY_ATTRIBUTES ? Buffer.from([0x00, 0x01]) : Buffer.alloc(0);
        return Buffer.concat([Buffer.from([0x03]), attrs, renderBlob(st.sql)]);
      }
      case 'prepare':
        return Buffer.concat([Buffer.from([0x16]), renderBlob(st.sql)]);
      case 'execute':
        return this.encodeExecute(st);
      case 'long': {
        const head = Buffer.alloc(7);
        head[0] = 0x18;
        head.writeUInt32LE(this.stmtId(st.stmt), 1);
        head.writeUInt16LE(st.param & 0xffff, 5);
        return Buffer.concat([head, renderBlob(st.data)]);
      }
      case 'close':
      case 'reset': {
        const b = Buffer.alloc(5);
        b[0] = st.t === 'close' ? 0x19 : 0x1a;
        b.writeUInt32LE(this.stmtId(st.stmt), 1);
        return b;
      }
      case 'simple':
        return Buffer.concat([Buffer.from([st.cmd]), renderBlob(st.body)]);
      case 'change-user':
        return encodeChangeUser(st.hs, this.greeting.scramble, this.caps);
      case 'raw':
        return renderBlob(st.bytes);
    }
  }

  /**
   * Reads the reply a command byte calls for. Returns false when the
   * connection is closed or out of step (the scenario ends there).
   */
  async readReplyFor(payload: Buffer, st: PostStep, sentAt: number): Promise<boolean> {
    const cmd = payload[0];
    if (payload.length === 0) return this.expectClose('an empty command packet');
    switch (cmd) {
      case 0x01:
        return this.expectClose('COM_QUIT');
      case 0x03:
      case 0x17:
        return this.readResults(sentAt);
      case 0x16:
        return this.readPrepare(sentAt);
      case 0x18:
      case 0x19:
        return true; // no reply, by protocol
      case 0x11: {
        const account = st.t === 'change-user' && st.hs.account ? FUZZ_ACCOUNTS[st.hs.account] : undefined;
        const first = await this.read('change user reply');
        if (!first) return false;
        this.timed(sentAt);
        // The exchange's reads wait net_read_timeout (MySQL's do_command() set it before the command ran).
        const final = await this.authExchange(first, account?.password ?? '', this.postDeadline);
        if (!final) return false;
        // A refused login closes the connection; a sandbox refusal (1820) or a malformed packet (1835) does not: probe.
        if (isErr(final)) return this.probe();
        this.prepared = [];
        return final.payload[0] === 0x00;
      }
      default:
        return this.readOne(sentAt);
    }
  }

  /** Ends the scenario: the server must close the connection within the post-auth deadline (checked in the tail). */
  expectClose(why: string): boolean {
    const start = Date.now();
    const step = this.step;
    this.tail = async () => {
      if (!(await this.conn.waitClose(this.postDeadline)) && !this.waitTimeoutMayBeRaised) this.r.hangs.push({ step, phase: 'post', what: `not closed after ${why}`, waitedMs: Date.now() - start });
    };
    return false;
  }

  async runPost(s: PostScenario): Promise<void> {
    if (!(await this.login(s))) {
      // A refused login closes the connection (1862 for an expired account without bit 22, 1045 after a password change).
      this.tail ??= async () => {
        if (!this.conn.closed && !(await this.conn.waitClose(this.ctx.connectTimeoutMs + this.ctx.graceMs))) {
          this.r.hangs.push({ step: -1, phase: 'pre', what: 'refused login not closed', waitedMs: this.ctx.connectTimeoutMs + this.ctx.graceMs });
        }
      };
      return;
    }
    const maxPacket = 1024 * 1024;
    for (let i = 0; i < s.steps.length && !this.conn.closed; i++) {
      this.step = i;
      this.ctx.onStep?.(i);
      this.r.steps++;
      const st = s.steps[i]!;
      const raw = this.payloadOf(st);
      const payload = applyMutation(raw, st.mut);
      // COM_QUERY / COM_STMT_PREPARE naming wait_timeout (what reaches the server, mutations included).
      if ((payload[0] === 0x03 || payload[0] === 0x16) && /wait_timeout/i.test(payload.toString('latin1', 1))) this.waitTimeoutMayBeRaised = true;
      const sentAt = performance.now();
      if (st.t === 'raw') {
        this.conn.write(payload);
        if (!(await this.probe())) return;
        continue;
      }
      await this.conn.sendFramed(payload, 0, st.frame);
      if (payload.length > maxPacket && st.frame.lenDelta === 0) {
        // Past max_allowed_packet: 1153 and the connection closes.
        const p = await this.read('reply to an oversized packet');
        if (p && !(isErr(p) && errCode(p) === 1153)) this.r.oracle.push({ step: i, what: `a ${payload.length}-byte packet (over max_allowed_packet) was answered with ${describeReply(p)} instead of 1153` });
        this.expectClose('an oversized packet');
        return;
      }
      if (st.frame.lenDelta > 0) {
        // The header promises bytes that never come: wait_timeout / net_read_timeout must end the connection.
        this.expectClose(`a packet ${st.frame.lenDelta} bytes shorter than its header`);
        return;
      }
      if (st.frame.lenDelta < 0) {
        // The rest of the payload reads as a new packet header: no way to stay in step.
        const start = Date.now();
        const step = this.step;
        this.tail = async () => {
          const r = await this.conn.next(this.postDeadline);
          if (r === 'timeout') this.r.hangs.push({ step, phase: 'post', what: 'no answer to a packet longer than its header', waitedMs: Date.now() - start });
        };
        return;
      }
      if (st.frame.seqDelta !== 0) {
        // my_net_read(): any sequence id but 0 for a new command is 1156, and the connection closes.
        const p = await this.read('reply to a wrong sequence id');
        if (p && !(isErr(p) && errCode(p) === 1156)) this.r.oracle.push({ step: i, what: `a command with sequence id ${st.frame.seqDelta} was answered with ${describeReply(p)} instead of 1156` });
        this.expectClose('a wrong sequence id');
        return;
      }
      const inStep = await this.readReplyFor(payload, st, sentAt);
      if (!inStep) {
        if (!this.conn.closed) await this.conn.drain(50);
        return;
      }
      if (!isPristine(st) && !(await this.probe())) return;
    }
    this.step = s.steps.length;
    if (this.conn.closed) return;
    if (s.end === 'quit') {
      this.r.steps++;
      await this.conn.sendFramed(Buffer.from([0x01]), 0);
      this.expectClose('COM_QUIT');
    } else if (s.end === 'idle') {
      this.expectClose('wait_timeout of silence');
    }
  }

  /** After bytes of unknown effect: COM_PING must get an answer (or the connection a close) in time. */
  async probe(): Promise<boolean> {
    await this.conn.sendFramed(Buffer.from([0x0e]), 0);
    const start = Date.now();
    const r = await this.conn.next(ACTIVE_WAIT_MS);
    if (r === 'timeout') {
      this.deferWait('no answer to COM_PING after a mutated packet', start, this.postDeadline);
      return false;
    }
    if (r === 'closed') return false;
    this.note(r);
    // The ping's OK is 7 bytes at sequence 1; anything else means the replies are out of step.
    if (r.payload[0] === 0x00 && r.sequenceId === 1 && r.payload.length <= 11) return true;
    await this.conn.drain(50);
    return false;
  }
}

/**
 * A HandshakeResponse41 whose every field is framed as its capability word
 * says: no mutation, the right header, no lie in the attributes' length, an
 * empty or right auth response, no NUL inside the user
 * name, attributes within 64 KiB. MySQL answers such a packet with a login
 * verdict (1045, 1049, ...), never 1043 Bad handshake.
 */
function wellFormed(st: Extract<PreScenario['steps'][number], { t: 'hs' }>): boolean {
  const hs = st.hs;
  if (!isPristine(st) || st.frame.splits.length > 0 || hs.attrsLenDelta !== 0) return false;
  if (!(hs.caps & Capability.PROTOCOL_41)) return false;
  if (renderBlob(hs.user).includes(0)) return false;
  // Only responses of the right length: MySQL itself answers 1043 (CR_AUTH_HANDSHAKE) to a
  // mysql_native_password response that is neither empty nor 20 bytes.
  if (hs.auth.k !== 'right' && hs.auth.k !== 'empty') return false;
  if (!(hs.caps & Capability.SECURE_CONNECTION) && !(hs.caps & Capability.PLUGIN_AUTH_LENENC_CLIENT_DATA)) return false;
  if (hs.caps & Capability.CONNECT_ATTRS) {
    const attrs = hs.attrs.reduce((n, [k, v]) => n + blobLength(k) + blobLength(v) + 18, 0);
    if (attrs > 65535) return false;
  }
  if (hs.caps & Capability.SSL) return false;
  return true;
}

function describeReply(p: InboundPacket): string {
  if (isErr(p)) return `ERR ${errCode(p)} ${JSON.stringify(errMessage(p).slice(0, 80))}`;
  if (p.payload[0] === 0x00) return 'OK';
  return `a packet starting 0x${p.payload.subarray(0, 8).toString('hex')}`;
}

/**
 * Runs one scenario on a new connection. Resolves once the active part is
 * done; `tail` resolves when the final wait for a close is over too (the
 * result's hangs are complete then). Rejects only if the server refuses TCP.
 */
export async function startScenario(s: Scenario, ctx: RunContext): Promise<{ result: ScenarioResult; tail: Promise<ScenarioResult> }> {
  const run = new Run(ctx);
  const t0 = performance.now();
  const finish = (): ScenarioResult => {
    run.r.packets = run.conn?.packetsSent ?? 0;
    run.conn?.destroy();
    return run.r;
  };
  try {
    if (await run.open()) {
      if (s.kind === 'pre') await run.runPre(s);
      else await run.runPost(s);
    }
  } catch (err) {
    if (!run.conn) throw err; // connect() refused: the server is gone
  }
  run.r.activeMs = performance.now() - t0;
  const tail = run.tail;
  if (!tail || !run.conn || run.conn.closed) return { result: run.r, tail: Promise.resolve(finish()) };
  return { result: run.r, tail: tail().then(finish, finish) };
}

/** Runs one scenario to its end, the final wait included. */
export async function runScenario(s: Scenario, ctx: RunContext): Promise<ScenarioResult> {
  return (await startScenario(s, ctx)).tail;
}

/**
 * The scenario as describeScenario() shows it, plus the exact payload of
 * every mutated COM_QUERY / COM_STMT_PREPARE step (what the server got), as
 * text with escapes and as hex when short.
 */
export function describeWithBytes(s: Scenario): string {
  const lines = describeScenario(s).split('\n');
  if (s.kind !== 'post') return lines.join('\n');
  const attrs = s.login.caps & Capability.QUERY_ATTRIBUTES ? Buffer.from([0x00, 0x01]) : Buffer.alloc(0);
  s.steps.forEach((st, i) => {
    if ((st.t !== 'query' && st.t !== 'prepare') || isPristine(st)) return;
    const raw = st.t === 'query' ? Buffer.concat([Buffer.from([0x03]), attrs, renderBlob(st.sql)]) : Buffer.concat([Buffer.from([0x16]), renderBlob(st.sql)]);
    const p = applyMutation(raw, st.mut);
    const text = JSON.stringify(p.toString('latin1')).slice(1, -1);
    lines[i + 1] += `\n       payload sent (latin1, escaped): ${text.length > 600 ? text.slice(0, 600) + '…' : text}${p.length <= 200 ? `\n       hex: ${p.toString('hex')}` : ''}`;
  });
  return lines.join('\n');
}

/** Total payload bytes a scenario sends, to skip nothing but report sizes. */
export function scenarioBytes(s: Scenario): number {
  if (s.kind === 'pre') return s.steps.reduce((n, st) => n + ('bytes' in st ? blobLength(st.bytes) : 'payload' in st ? blobLength(st.payload) : 64), 0);
  return s.steps.reduce((n, st) => n + (st.t === 'query' || st.t === 'prepare' ? blobLength(st.sql) : 64), 0);
}

export type { Mutation };
