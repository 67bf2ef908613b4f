import { randomBytes, X509Certificate } from 'node:crypto';
import type { Socket } from 'node:net';
import { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { clientAddress, type ClientAddress } from '../accounts/host-match.js';
import { authenticate, type AuthServer, type LoginSuccess, type TlsSession } from '../auth/authenticate.js';
import { AUTH_PLUGINS } from '../auth/plugins.js';
import type { AuthWire, RsaKeys } from '../auth/plugin.js';
import type { ServerStatus } from '../config/status.js';
import type { TlsContext } from '../config/tls.js';
import { mysqlError, MySqlError } from '../errors/mysql-error.js';
import { Capability, hasCapability, MariaDbCapability, SERVER_CAPABILITIES } from '../wire/capabilities.js';
import { PacketDecoder, PacketTooLargeError, type InboundPacket } from '../wire/framing.js';
import {
  isSslRequest,
  parseClientHandshakePacket,
  parseSslRequest,
  writeErr,
  writeHandshakeV10,
  type HandshakeResponse,
} from '../wire/packets.js';
import { TruncatedPacketError } from '../wire/reader.js';
import type { PacketWriter } from '../wire/writer.js';
import { CommandContext, dispatchCommand, type CommandConnection } from './commands.js';
import { Outbox, type ReplyMark } from './outbox.js';
import { armWait, disarmWait, type Waiting, type WaitList } from './wait-timers.js';
import type { SessionFactory, SessionHandle } from './handler.js';

/** The TLS certificate and key the server presents (PEM). */
export interface TlsKeys {
  tlsCertPem: string;
  tlsKeyPem: string;
}

/** What a connection reads of the server instance (and hands to the login decision). */
export interface ProtocolServer extends AuthServer {
  /** Status counters: Bytes_*, Aborted_*, Ssl_accepts, ... */
  readonly status: ServerStatus;
}

/** What every connection of one server shares (one object per server, not one per connection). */
export interface ConnectionOptions {
  server: ProtocolServer;
  /** Opens the session of a successful login (the session layer). */
  sessions: SessionFactory;
  /** Resolves to the keys once generated; TLS and RSA exchanges wait for it. */
  keys: () => Promise<RsaKeys & TlsKeys>;
  /** The server's TLS context: whether TLS is offered in the greeting, its protocols and ciphers. */
  tls: TlsContext;
  /** The CA that client certificates are verified against (--ssl-ca): its PEM and its parsed certificates. */
  sslCa?: { pem: string; certificates: readonly X509Certificate[] };
  resolveNames: boolean;
  /** The server's open connections, this one included (max_connections). */
  connectionCount: () => number;
  onClose: (conn: Connection) => void;
}

class ConnectionClosed extends Error {}

/**
 * No packet before authentication ends is larger than this: the handshake
 * response (attributes are capped at 64 KiB) and the auth exchange (an RSA
 * ciphertext, a cleartext password). A bigger length is garbage, and an
 * unauthenticated client can never make the server hold more.
 */
const HANDSHAKE_MAX_PACKET = 256 * 1024;

/** How long a closing socket may linger before it is destroyed. */
const CLOSE_GRACE_MS = 2000;

/**
 * The raw socket as a stream that first yields `early`. TLSSocket reads a
 * net.Socket's handle directly, so bytes already read cannot be pushed back.
 */
function prependBytes(raw: Socket, early: Buffer): Duplex {
  const stream = new Duplex({
    read: () => void raw.resume(),
    write: (chunk: Buffer, _enc, cb) => void raw.write(chunk, cb),
    final: (cb) => {
      raw.end();
      cb();
    },
    destroy: (err, cb) => {
      raw.destroy(err ?? undefined);
      cb(err);
    },
  });
  stream.push(early);
  raw.on('data', (chunk: Buffer) => {
    if (!stream.push(chunk)) raw.pause();
  });
  raw.on('end', () => stream.push(null));
  return stream;
}

/** CSPRNG bytes drawn 20 at a time from a 4 KiB pool: one randomBytes call per ~200 logins. */
let randomPool = Buffer.alloc(0);
let randomOffset = 0;

/**
 * A scramble of 20 bytes with no NUL and no '$', as generate_user_salt
 * makes: 7-bit bytes from the CSPRNG pool, 0 and 0x24 moved up by one. The
 * pool's bytes are zeroed as they are taken, so none is handed out twice.
 */
function newScramble(): Buffer {
  if (randomOffset + 20 > randomPool.length) {
    randomPool = randomBytes(4000);
    randomOffset = 0;
  }
  const b = Buffer.allocUnsafe(20);
  for (let i = 0; i < 20; i++) {
    let c = randomPool[randomOffset + i]! & 0x7f;
    randomPool[randomOffset + i] = 0;
    if (c === 0 || c === 0x24) c++;
    b[i] = c;
  }
  randomOffset += 20;
  return b;
}

/** The connection a socket (the raw one, or TLS over it) belongs to, for the shared listeners below. */
const OWNER = Symbol('connection');
type OwnedSocket = (Socket | TLSSocket) & { [OWNER]: Connection };

// The sockets' listeners, shared by every connection (no closures per connection); `this` is the socket.
function onSocketData(this: OwnedSocket, chunk: Buffer): void {
  this[OWNER].onData(chunk);
}
function onRawClose(this: OwnedSocket): void {
  this[OWNER].rawClosed();
}
function onRawError(this: OwnedSocket): void {
  this[OWNER].destroy();
}
/** setImmediate()'s callback for a scheduled flush: one function for every connection, no closure each. */
function flushLater(conn: Connection): void {
  conn.flushScheduledWrites();
}

/**
 * One client connection: greeting -> (SSLRequest -> TLS) -> HandshakeResponse41
 * -> auth exchange -> command loop. Reads one packet at a time; every reply
 * continues the sequence of the packet it answers.
 */
export class Connection implements CommandConnection, Waiting {
  readonly id: number;
  /** Its index in the server's list of open connections (SlotList), -1 when not in it. */
  slot = -1;
  private socket: Socket | TLSSocket;
  private readonly decoder: PacketDecoder;
  /** Packets received and not read yet: the first in a field; more (a pipelining client's) in an array made when needed. */
  private nextInbound: InboundPacket | null = null;
  private laterInbound: InboundPacket[] | null = null;
  private waiter: ((p: InboundPacket | null) => void) | null = null;
  /** The clock of the current wait for the client (wait-timers.ts: links, list and deadline, no Timeout per connection). */
  waitPrev: Waiting | null = null;
  waitNext: Waiting | null = null;
  waitList: WaitList | null = null;
  waitDeadline = 0;
  private closed = false;
  private sequenceId = 0;
  /** Payloads queued for the next socket write, with their sequence ids (-1: already framed). */
  private readonly outbox = new Outbox();
  /** A flush is scheduled for the next turn of the event loop. */
  private flushScheduled = false;
  /** A command is being answered: the command loop flushes when it is done. */
  private answering = false;
  /** close(): destroys the socket if the peer has not closed its side within CLOSE_GRACE_MS. */
  private closeTimer: NodeJS.Timeout | null = null;
  /** The command phase's context, made with the session (the login's OK is sent through it). */
  private context: CommandContext | null = null;
  /** The client said COM_QUIT (not an aborted client). */
  private quitting = false;
  /** The greeting is sent and no packet has come yet: the next one resumes the handshake (handshakeResponse()). */
  private awaitingHandshake = false;
  /** Bytes read and written before the session began: the session's Bytes_* start with them (the handshake is the session's). */
  private handshakeBytesReceived = 0;
  private handshakeBytesSent = 0;
  /**
   * connect_timeout runs (sendGreeting() to handshakeDone()): the wait clock
   * bounds the whole pre-authentication phase, and the phase's reads neither
   * re-arm nor stop it.
   */
  private connectClock = false;
  /** The command phase waits for the client's next command (no promise, no frame: the packet resumes pump()). */
  private awaitingCommand = false;
  /** wait_timeout of the current wait for a command, in ms. */
  private idleMs = 0;
  /** The connection's life has ended (end() ran). */
  private ended = false;
  private secure = false;
  capabilities = 0;
  /** The client asked for MariaDB's extended column metadata. */
  extendedMetadata = false;
  session: SessionHandle | null = null;
  readonly client: ClientAddress;
  scramble = newScramble();

  /**
   * `id`: the connection id (the greeting's thread id); `connectTimeoutMs`:
   * connect_timeout as it was when the client connected; `opts`: the server's
   * shared options.
   */
  constructor(
    private readonly raw: Socket,
    id: number,
    private readonly connectTimeoutMs: number,
    private readonly opts: ConnectionOptions,
  ) {
    this.id = id;
    this.socket = raw;
    this.client = clientAddress(raw.remoteAddress, opts.resolveNames);
    this.decoder = new PacketDecoder(HANDSHAKE_MAX_PACKET);
    this.attach(raw);
    raw.on('close', onRawClose);
    raw.on('error', onRawError);
  }

  /** The raw socket closed. The peer closed its side in time: the grace timer (and this connection) need not wait. */
  rawClosed(): void {
    if (this.closeTimer) clearTimeout(this.closeTimer);
    this.finish();
    this.opts.onClose(this);
  }

  get server(): ProtocolServer {
    return this.opts.server;
  }

  get logger(): ProtocolServer['logger'] {
    return this.opts.server.logger;
  }

  /** The collation the client's handshake response named (sessions start with it, thd_init_client_charset). */
  private clientCollation = 0;

  /** The server's default collation id (greeting, parameter definitions). */
  get collationId(): number {
    return this.opts.server.profile.defaultCollationId;
  }

  get openSessions(): number {
    return this.opts.sessions.openCount;
  }

  private maxAllowedPacket(): number {
    return Number(this.server.variables.get('max_allowed_packet', 'global')) || 64 * 1024 * 1024;
  }

  private attach(sock: Socket | TLSSocket): void {
    (sock as OwnedSocket)[OWNER] = this;
    sock.on('data', onSocketData);
  }

  /** A chunk of the client's bytes: packets go to the current wait, or queue for the next read. */
  onData(chunk: Buffer): void {
    this.server.status.addBytesReceived(chunk.length, this.session?.status);
    if (!this.session) this.handshakeBytesReceived += chunk.length;
    let packets: InboundPacket[];
    try {
      packets = this.decoder.push(chunk);
    } catch (err) {
      if (err instanceof PacketTooLargeError) {
        // During the handshake an impossible length is a bad handshake; afterwards it is 1153, as the packet
        // after the header that passed the limit (my_net_read() counted it).
        this.sequenceId = this.session ? (err.sequenceId + 1) & 0xff : 2;
        this.sendError(mysqlError(this.session ? 'ER_NET_PACKET_TOO_LARGE' : 'ER_HANDSHAKE_ERROR'));
      }
      this.close();
      return;
    }
    for (const p of packets) {
      if (this.waiter) {
        const w = this.waiter;
        this.waiter = null;
        w(p);
      } else {
        this.queueInbound(p);
      }
    }
    if (this.nextInbound === null) return;
    if (this.awaitingCommand) {
      this.awaitingCommand = false;
      this.pump();
    } else if (this.awaitingHandshake) {
      this.awaitingHandshake = false;
      this.handshakeResponse();
    }
  }

  /**
   * Waits for the next logical packet; the next reply continues its sequence.
   * `expectedSequenceId` is what my_net_read() expects (0 for a new command,
   * the next id of the exchange otherwise): any other id is answered with
   * 1156 "Got packets out of order" and the connection closes, as in MySQL
   * and MariaDB (the ERR carries the expected id).
   */
  private async readPacket(timeoutMs?: number, expectedSequenceId = this.sequenceId): Promise<Buffer> {
    this.flush(); // everything answered so far leaves before we wait for the client
    const packet = this.takeInbound() ?? (await this.nextPacket(timeoutMs));
    if (!packet) throw new ConnectionClosed();
    return this.inSequence(packet, expectedSequenceId);
  }

  /** readPacket() without waiting: the next packet if the client already sent it, else null. */
  private takePacket(expectedSequenceId: number): Buffer | null {
    this.flush();
    const packet = this.takeInbound();
    return packet ? this.inSequence(packet, expectedSequenceId) : null;
  }

  private queueInbound(p: InboundPacket): void {
    if (this.nextInbound === null) this.nextInbound = p;
    else (this.laterInbound ??= []).push(p);
  }

  /** The oldest packet not read yet, or null. */
  private takeInbound(): InboundPacket | null {
    const p = this.nextInbound;
    if (p === null) return null;
    const later = this.laterInbound;
    this.nextInbound = later?.shift() ?? null;
    if (later?.length === 0) this.laterInbound = null;
    return p;
  }

  /** The packet's payload if it carries the expected sequence id; 1156 and close otherwise. */
  private inSequence(packet: InboundPacket, expectedSequenceId: number): Buffer {
    if (packet.firstSequenceId !== expectedSequenceId || !packet.inOrder) {
      this.sequenceId = expectedSequenceId;
      this.server.logger.info(
        { event: 'packets-out-of-order', id: this.id, expected: expectedSequenceId, got: packet.firstSequenceId },
        'packets out of order: connection closed with 1156',
      );
      // A real MariaDB 10.11 sends this one with its SQLSTATE even before it knows the client's capabilities.
      this.sendError(mysqlError('ER_NET_PACKETS_OUT_OF_ORDER'), true);
      this.close();
      throw new ConnectionClosed();
    }
    this.sequenceId = (packet.sequenceId + 1) & 0xff;
    return packet.payload;
  }

  private nextPacket(timeoutMs?: number): Promise<InboundPacket | null> {
    if (this.closed) return Promise.resolve(null);
    return new Promise((resolve) => {
      this.waiter = resolve;
      this.armWaitTimer(timeoutMs);
    });
  }

  /**
   * Starts the current wait's clock (wait-timers.ts), from now; a wait
   * without a timeout has none. When it runs out, it is the current wait's
   * time that is up (a wait's clock is re-armed or stopped by the next wait,
   * and a fire between waits is ignored).
   */
  private armWaitTimer(timeoutMs: number | undefined): void {
    if (timeoutMs) armWait(this, timeoutMs);
    else if (!this.connectClock) disarmWait(this);
  }

  /**
   * The wait's clock ran out (wait-timers.ts): connect_timeout closes a
   * connection that has not logged in, however far it got; otherwise the
   * current wait for the client ends without a packet.
   */
  waitTimedOut(): void {
    if (this.connectClock) {
      this.connectClock = false;
      this.server.logger.info({ event: 'connect-timeout', id: this.id, host: this.client.host }, 'handshake timed out');
      this.destroy();
      return;
    }
    this.endWait();
  }

  /** The wait for the client ends without a packet (its time is up, or the connection closed). */
  private endWait(): void {
    if (this.awaitingHandshake) {
      // The client left (or connect_timeout ended it) before its handshake response.
      this.awaitingHandshake = false;
      this.handshakeDone(null);
      return;
    }
    if (this.awaitingCommand) {
      this.awaitingCommand = false;
      // wait_timeout passed without a command (or the connection closed while idle).
      if (!this.closed) this.disconnectIdle(this.idleMs);
      this.endCommands();
      return;
    }
    const w = this.waiter;
    if (!w) return;
    this.waiter = null;
    w(null);
  }

  /**
   * Queues one logical packet with the next sequence id. The queue leaves in
   * one socket write when the connection next waits for the client (a whole
   * result set; caching_sha2's 01 03 with the OK), or at the latest on the
   * next turn of the event loop.
   */
  write(payload: Buffer): void {
    if (this.closed) return;
    this.sequenceId = this.outbox.push(payload, this.sequenceId);
    this.scheduleFlush();
  }

  writePackets(count: number, writeOne: (w: PacketWriter, i: number) => void): void {
    if (this.closed) return;
    this.sequenceId = this.outbox.pushPackets(count, writeOne, this.sequenceId);
    this.scheduleFlush();
  }

  /** Outside an answer (which the command loop flushes when done), what is queued leaves on the next turn. */
  private scheduleFlush(): void {
    if (!this.answering && !this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(flushLater, this);
    }
  }

  /** The flush scheduleFlush() asked for (flushLater()): what is queued leaves now. */
  flushScheduledWrites(): void {
    this.flushScheduled = false;
    this.flush();
  }

  /** Where the reply to the current command starts: what rollback() returns to. */
  mark(): ReplyMark {
    return this.outbox.mark(this.sequenceId);
  }

  /**
   * Drops what was queued since `mark` (a reply that failed half-way), so the
   * client gets one whole answer, never a torn one. Bytes already written
   * cannot be taken back: returns false then.
   */
  rollback(mark: ReplyMark): boolean {
    if (!this.outbox.rollback(mark)) return false;
    this.sequenceId = mark.sequenceId;
    return true;
  }

  /** Everything queued leaves in one socket write: each payload framed in place, one buffer. */
  private flush(): void {
    const data = this.outbox.take();
    if (!data) return;
    this.server.status.addBytesSent(data.length, this.session?.status);
    if (!this.session) this.handshakeBytesSent += data.length;
    if (!this.socket.destroyed) this.socket.write(data);
  }

  /** ERR with SQLSTATE once PROTOCOL_41 is agreed (or before any capabilities exist, without). */
  sendError(err: MySqlError, sqlStateBeforeCapabilities = false): void {
    const withState = this.capabilities === 0 ? sqlStateBeforeCapabilities : hasCapability(this.capabilities, Capability.PROTOCOL_41);
    const family = this.server.profile.family;
    this.write(writeErr(err.code, err.sqlStateFor(family), err.textFor(family), withState));
  }

  /** Sends a final error and closes, as MySQL does when it refuses a connection. */
  refuse(err: MySqlError): void {
    if (!this.session) {
      // A refused login (any error before the session starts) is an aborted connect; 3118 also a locked one.
      this.server.status.add('Aborted_connects');
      if (err.code === 3118 || err.code === 4151) this.server.status.add('Locked_connects');
    }
    this.sendError(err);
    this.close();
  }

  /**
   * Ends the connection: what is queued leaves, then the socket is ended and,
   * if the peer does not close its side within CLOSE_GRACE_MS (a half-done
   * TLS handshake, a client that stopped reading), destroyed. The server
   * counts the connection until its socket is really gone.
   */
  close(): void {
    if (this.closed) return;
    this.flush();
    if (this.quitting && this.socket === this.raw && this.raw.writableLength === 0) {
      // COM_QUIT over TCP, everything handed to the kernel: the socket is closed at once, as
      // MySQL's is (vio_shutdown(), then close()); no end, no grace timer to wait for the peer's.
      this.destroy();
      this.finish();
      return;
    }
    this.closed = true;
    this.socket.end();
    this.socket.destroySoon?.();
    this.closeTimer = setTimeout(() => this.destroy(), CLOSE_GRACE_MS);
    this.closeTimer.unref();
    this.finish();
  }

  /** Destroys the socket (and the raw socket under TLS) at once. */
  destroy(): void {
    this.closed = true;
    this.socket.destroy();
    this.raw.destroy();
  }

  private finish(): void {
    this.closed = true;
    disarmWait(this);
    this.endWait();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * The whole life of the connection. Never throws. Sends the greeting; the
   * handshake then goes on from the socket's events (handshakeResponse()),
   * and the command phase after it (pump()): a login that waits for nothing
   * (no TLS, no auth exchange, no database to select) runs in the turn its
   * handshake response arrives, without a promise, and an idle connection
   * holds no promise and no async frame.
   */
  run(): void {
    try {
      // The greeting leaves in this turn, in one write (no flush scheduled for it).
      this.answering = true;
      this.sendGreeting();
      this.answering = false;
      this.flush();
    } catch (err) {
      this.end(err);
      return;
    }
    this.awaitingHandshake = true;
  }

  /** The handshake's end: the session's command phase starts, or the connection ends (refused, closed, failed). */
  private handshakeDone(session: SessionHandle | null, err?: unknown): void {
    if (this.connectClock) {
      this.connectClock = false;
      disarmWait(this);
    }
    if (err !== undefined || !session) {
      this.end(err);
      return;
    }
    this.session = session;
    // Bytes_received and Bytes_sent of the session count its connection's handshake, as MySQL's and MariaDB's
    // THD counters do from the greeting on.
    session.status.bytesReceived += this.handshakeBytesReceived;
    session.status.bytesSent += this.handshakeBytesSent;
    this.context ??= new CommandContext(this, session);
    this.pump();
  }
  /**
   * Ends the connection's life, once: an unexpected error is logged; a client
   * that goes away without COM_QUIT is an aborted client; the session closes.
   */
  private end(err?: unknown): void {
    if (this.ended) return;
    this.ended = true;
    if (err !== undefined && !(err instanceof ConnectionClosed)) {
      this.server.logger.warn({ event: 'connection-error', id: this.id, err: String(err) }, 'connection error');
    }
    if (this.session && !this.quitting) this.server.status.add('Aborted_clients');
    this.session?.close();
    this.close();
  }

  private serverCapabilities(): number {
    // A MariaDB server clears CLIENT_MYSQL to say its greeting carries extended capabilities.
    const caps = this.server.profile.extendedMetadata ? SERVER_CAPABILITIES & ~Capability.LONG_PASSWORD : SERVER_CAPABILITIES;
    return (this.opts.tls.enabled ? caps : caps & ~(Capability.SSL | Capability.SSL_VERIFY_SERVER_CERT)) >>> 0;
  }

  /** MariaDB's extended capabilities offered: extended column metadata only (the others change what commands and results look like). */
  private get mariadbCapabilities(): number | undefined {
    return this.server.profile.extendedMetadata ? MariaDbCapability.EXTENDED_METADATA : undefined;
  }

  /** HandshakeV10, with the scramble; connect_timeout starts to bound the whole pre-authentication phase. */
  private sendGreeting(): void {
    const { server } = this;
    const defaultPlugin = AUTH_PLUGINS.get(server.profile.defaultAuthPlugin)!;
    this.sequenceId = 0;
    this.write(
      writeHandshakeV10({
        serverVersion: (server.profile.greetingVersionPrefix ?? '') + server.profile.version,
        connectionId: this.id,
        scramble: this.scramble,
        capabilities: this.serverCapabilities(),
        characterSet: server.profile.defaultCollationId,
        statusFlags: 0x0002,
        authPluginName: defaultPlugin.clientName,
        mariadbCapabilities: this.mariadbCapabilities,
      }),
    );
    // However the client trickles its bytes: no clock per read, this one bounds the phase (the
    // connections waiting on it share one timer, wait-timers.ts, and no Timeout is made per connection).
    if (this.connectTimeoutMs > 0) {
      this.connectClock = true;
      armWait(this, this.connectTimeoutMs);
    }
  }

  /** The client's first packet arrived (onData()): the handshake goes on, synchronously as far as it can. */
  private handshakeResponse(): void {
    let outcome: SessionHandle | null | Promise<SessionHandle | null>;
    // What this turn queues (the OK, an AuthSwitchRequest, an error) leaves in one write when it is done:
    // pump() or the wait for the client flushes it, no flush is scheduled for it.
    this.answering = true;
    try {
      outcome = this.handshakeSteps(this.takePacket(this.sequenceId)!);
    } catch (err) {
      this.answering = false;
      this.handshakeDone(null, err);
      return;
    }
    this.answering = false;
    if (outcome instanceof Promise) {
      outcome.then(
        (session) => this.handshakeDone(session),
        (err: unknown) => this.handshakeDone(null, err),
      );
    } else {
      this.handshakeDone(outcome);
    }
  }

  /** The first packet: an SSLRequest (TLS, then the handshake response over it) or the handshake response. Null when refused. */
  private handshakeSteps(payload: Buffer): SessionHandle | null | Promise<SessionHandle | null> {
    if (!isSslRequest(payload)) return this.afterHandshakeResponse(payload);
    if (!this.opts.tls.enabled) return this.refuseHandshake(parseSslRequest(payload).capabilities);
    return this.overTls();
  }

  private async overTls(): Promise<SessionHandle | null> {
    await this.startTls();
    return this.afterHandshakeResponse(await this.readPacket());
  }

  /** HandshakeResponse41 (or 320): authentication, then the session. Null when refused. */
  private afterHandshakeResponse(payload: Buffer): SessionHandle | null | Promise<SessionHandle | null> {
    let response: HandshakeResponse;
    try {
      response = parseClientHandshakePacket(payload);
    } catch (err) {
      if (err instanceof TruncatedPacketError) return this.refuseHandshake(0);
      throw err;
    }
    this.capabilities = (response.capabilities & (this.serverCapabilities() | Capability.CAN_HANDLE_EXPIRED_PASSWORDS)) >>> 0;
    this.extendedMetadata = ((response.mariadbCapabilities ?? 0) & (this.mariadbCapabilities ?? 0) & MariaDbCapability.EXTENDED_METADATA) !== 0;
    let login: LoginSuccess | Promise<LoginSuccess>;
    try {
      login = authenticate(
        {
          username: response.username,
          clientPlugin: response.authPluginName,
          response: response.authResponse,
          capabilities: response.capabilities,
          scramble: this.scramble,
          client: this.client,
          tls: this.tlsSession(),
          wire: this.authWire(),
        },
        this.server,
      );
    } catch (err) {
      return this.refused(err);
    }
    if (login instanceof Promise) {
      return login.then(
        (success) => this.loggedIn(success, response),
        (err: unknown) => this.refused(err),
      );
    }
    return this.loggedIn(login, response);
  }

  /** A successful login: its session, the handshake's database, the sandbox, the OK. Null when refused. */
  private loggedIn(login: LoginSuccess, response: HandshakeResponse): SessionHandle | null | Promise<SessionHandle | null> {
    let session: SessionHandle;
    try {
      this.clientCollation = response.characterSet;
      session = this.openSession(login, response.username, response.attributes, this.opts.connectionCount());
      if (response.database === null || response.database === '') return this.startSession(session, login);
    } catch (err) {
      return this.refused(err);
    }
    // The handshake's database is selected during connect (mysql_change_db in
    // acl_authenticate), before the sandbox applies: even an expired account gets it.
    return session.useDatabase(response.database).then(
      (err) => {
        if (!err) return this.startSession(session, login);
        session.close();
        this.refuse(err);
        return null;
      },
      (err: unknown) => {
        session.close();
        return this.refused(err);
      },
    );
  }

  /** The session begins: sandboxed if the password expired, packets up to max_allowed_packet, the login's OK. */
  private startSession(session: SessionHandle, login: LoginSuccess): SessionHandle | null {
    try {
      if (login.sandboxed) session.enterSandbox();
      // Only an authenticated client may send packets up to max_allowed_packet.
      this.decoder.maxPayload = this.maxAllowedPacket();
      this.context = new CommandContext(this, session);
      this.context.sendOk();
      return session;
    } catch (err) {
      return this.refused(err);
    }
  }

  /** A MySqlError refuses the login (sent, then the connection closes): null. Anything else is rethrown. */
  private refused(err: unknown): null {
    if (!(err instanceof MySqlError)) throw err;
    this.refuse(err);
    return null;
  }

  private refuseHandshake(capabilities: number): null {
    this.capabilities = capabilities;
    this.refuse(mysqlError('ER_HANDSHAKE_ERROR'));
    return null;
  }

  /** Wraps the socket in TLS after an SSLRequest; the handshake continues over it. */
  private async startTls(): Promise<void> {
    const raw = this.socket as Socket;
    raw.removeAllListeners('data');
    raw.pause(); // the ClientHello waits in the socket until TLS takes over
    // A client may send its TLS ClientHello right behind the SSLRequest, in the same TCP segment.
    const early = this.decoder.drain();
    const keys = await this.opts.keys();
    // node:tls is loaded by the first TLS connection, not at start (about 4 ms before the port opens).
    const { TLSSocket } = await import('node:tls');
    const transport = early.length > 0 ? prependBytes(raw, early) : raw;
    const tls = new TLSSocket(transport, {
      isServer: true,
      cert: keys.tlsCertPem,
      key: keys.tlsKeyPem,
      // tls_version, ssl_cipher and tls_ciphersuites, as the server's context was built from them.
      ...this.opts.tls.node,
      // With --ssl-ca the server asks for a client certificate (SSL_VERIFY_PEER, not FAIL_IF_NO_PEER_CERT):
      // a client may still come without one; acl_check_ssl() decides per account.
      ...(this.opts.sslCa ? { requestCert: true, rejectUnauthorized: false, ca: this.opts.sslCa.pem } : {}),
    });
    tls.on('error', () => this.close());
    this.server.status.add('Ssl_accepts');
    tls.once('secure', () => this.server.status.add('Ssl_finished_accepts'));
    this.socket = tls;
    this.secure = true;
    this.attach(tls);
  }

  /**
   * SSL_get_verify_result() == X509_V_OK for a client certificate: issued and
   * signed by one of the --ssl-ca certificates and within its validity. (A bare
   * TLSSocket does not compute `authorized`; only tls.Server does.)
   */
  private verifiedByCa(peer: X509Certificate): boolean {
    const now = Date.now();
    if (now < Date.parse(peer.validFrom) || now > Date.parse(peer.validTo)) return false;
    return (this.opts.sslCa?.certificates ?? []).some((ca) => peer.checkIssued(ca) && peer.verify(ca.publicKey));
  }

  /** COM_QUIT: the client ends the connection properly. */
  markQuit(): void {
    this.quitting = true;
  }

  /** The connection's Ssl_cipher, Ssl_version, Ssl_cipher_list and Ssl_server_not_before / _after for SHOW SESSION STATUS. */
  private tlsSummary(): { cipher: string; version: string; cipherList: string; notBefore: string; notAfter: string } {
    const s = this.tlsSession();
    // The server's own certificate, dates as ASN1_TIME_print() writes them ('Jun  2 09:14:26 2035 GMT').
    const own = (this.secure ? (this.socket as TLSSocket).getCertificate() : null) as { valid_from?: string; valid_to?: string } | null;
    const dates = { notBefore: own?.valid_from ?? '', notAfter: own?.valid_to ?? '' };
    return { cipher: s?.cipher ?? '', version: s?.version ?? '', cipherList: this.opts.tls.cipherList, ...dates };
  }

  /** The TLS session as acl_check_ssl() sees it; null over plain TCP. */
  tlsSession(): TlsSession | null {
    if (!this.secure) return null;
    const tls = this.socket as TLSSocket;
    const peer = tls.getPeerX509Certificate?.();
    // X509_NAME_oneline(): "/C=SE/ST=Stockholm/O=MySQL/CN=Client", in the certificate's order.
    const oneline = (name: string | undefined): string | null => (name ? '/' + name.split('\n').join('/') : null);
    return {
      cipher: tls.getCipher()?.name ?? '',
      version: tls.getProtocol() ?? '',
      peerVerified: peer !== undefined && this.verifiedByCa(peer),
      peerIssuer: oneline(peer?.issuer),
      peerSubject: oneline(peer?.subject),
    };
  }

  /**
   * The auth exchange's view of this connection. `timeoutMs` bounds each
   * read (COM_CHANGE_USER); undefined during the handshake, which
   * connect_timeout bounds as a whole.
   */
  private authWire(timeoutMs?: number): AuthWire {
    return new ConnectionAuthWire(this, timeoutMs);
  }

  /** ConnectionAuthWire.exchange(): sends one auth-phase packet and reads the client's reply. */
  exchangeAuthPacket(payload: Buffer, timeoutMs: number | undefined): Promise<Buffer> {
    this.write(payload);
    return this.readPacket(timeoutMs);
  }

  /** The server's key pair and certificate (generated once, after the port opened). */
  keys(): Promise<RsaKeys & TlsKeys> {
    return this.opts.keys();
  }

  /**
   * Backpressure, as MySQL's blocking writes: while the client has not read
   * what was sent (the socket's buffer is past its high-water mark), no
   * further command is read, so a client that stops reading cannot make the
   * server queue result after result. A write that stays blocked for
   * net_write_timeout seconds aborts the connection.
   */
  waitUntilDrained(): Promise<void> | undefined {
    this.flush();
    const socket = this.socket;
    if (!socket.writableNeedDrain || this.closed) return undefined;
    return this.drain(socket);
  }

  private async drain(socket: Socket | TLSSocket): Promise<void> {
    socket.pause();
    const seconds = Number(this.session ? this.session.variable('net_write_timeout') : this.server.variables.get('net_write_timeout', 'global')) || 60;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.server.logger.info({ event: 'net-write-timeout', id: this.id }, 'client stopped reading: connection aborted after net_write_timeout');
        this.destroy();
        resolve();
      }, seconds * 1000);
      timer.unref();
      const done = (): void => {
        clearTimeout(timer);
        socket.off('drain', done);
        socket.off('close', done);
        resolve();
      };
      socket.once('drain', done);
      socket.once('close', done);
    });
    if (!this.closed) socket.resume();
  }

  /**
   * wait_timeout (interactive_timeout for CLIENT_INTERACTIVE clients) passed
   * without a command: MySQL 8.0.24+ says so with 4031 (sequence id 0)
   * before it closes; 5.7 and MariaDB just close.
   */
  private disconnectIdle(idleMs: number): void {
    this.server.logger.info({ event: 'wait-timeout', id: this.id, seconds: idleMs / 1000 }, 'idle session closed after wait_timeout');
    if (this.server.profile.inactivityTimeoutError) {
      this.sequenceId = 0;
      this.sendError(mysqlError('ER_CLIENT_INTERACTION_TIMEOUT'));
    }
    this.close();
  }

  /**
   * The command phase: one request, one response, until COM_QUIT or close.
   * Runs the commands already received; with none, waits for the next one
   * without a promise (awaitingCommand: onData() resumes it, endWait() ends
   * it at wait_timeout or close). A command answered asynchronously resumes
   * it when its answer is done.
   */
  private pump(): void {
    const ctx = this.context!;
    try {
      for (;;) {
        if (this.closed) return this.endCommands();
        const draining = this.waitUntilDrained();
        if (draining) {
          draining.then(
            () => this.pump(),
            (err: unknown) => this.endCommands(err),
          );
          return;
        }
        const payload = this.takePacket(0);
        if (!payload) {
          this.idleMs = (Number(this.session!.variable('wait_timeout')) || 28800) * 1000;
          this.awaitingCommand = true;
          this.armWaitTimer(this.idleMs);
          return;
        }
        if (payload.length === 0) {
          this.refuse(mysqlError('ER_NET_READ_ERROR'));
          return this.endCommands();
        }
        // The answer leaves in one write when the loop comes round (waitUntilDrained() flushes).
        this.answering = true;
        let keepGoing: boolean | Promise<boolean>;
        try {
          keepGoing = dispatchCommand(payload, ctx);
        } catch (err) {
          this.answering = false;
          throw err;
        }
        if (typeof keepGoing !== 'boolean') {
          keepGoing.then(
            (more) => {
              this.answering = false;
              if (!more) this.endCommands();
              else this.pump();
            },
            (err: unknown) => {
              this.answering = false;
              this.endCommands(err);
            },
          );
          return;
        }
        this.answering = false;
        if (!keepGoing) return this.endCommands();
      }
    } catch (err) {
      this.endCommands(err);
    }
  }

  /** The command phase is over: the session's statements leave Prepared_stmt_count, and the connection ends. */
  private endCommands(err?: unknown): void {
    if (this.ended) return;
    this.context?.closePrepared();
    this.end(err);
  }

  /**
   * The session of a successful login, from the session layer (not yet
   * sandboxed: see enterSandbox()). `connections`: for COM_CONNECT, the
   * server's open connections (max_connections is checked). Throws the MySqlError.
   */
  private openSession(login: LoginSuccess, user: string, attributes: Record<string, string>, connections?: number): SessionHandle {
    return this.opts.sessions.open({
      id: this.id,
      user,
      clientHost: this.client.host,
      accountUser: login.account.user,
      accountHost: login.account.host,
      secure: this.secure,
      capabilities: this.capabilities,
      attributes,
      collation: this.clientCollation,
      sandboxed: false,
      connection: this,
      ...(this.secure ? { tls: this.tlsSummary() } : {}),
      ...(connections !== undefined ? { connections } : {}),
    });
  }

  /**
   * Re-authenticates for COM_CHANGE_USER with the greeting's scramble and
   * opens the new session. Each read of its auth exchange waits the
   * session's net_read_timeout, as MySQL's do_command() sets it before
   * dispatching a command (connect_timeout bounds only the first login).
   */
  async changeUser(username: string, clientPlugin: string, authResponse: Buffer, attributes: Record<string, string>): Promise<SessionHandle> {
    const netReadTimeoutMs = (Number(this.session?.variable('net_read_timeout')) || 30) * 1000;
    const login = await authenticate(
      {
        username,
        clientPlugin,
        response: authResponse,
        capabilities: this.capabilities | Capability.PLUGIN_AUTH,
        scramble: this.scramble,
        client: this.client,
        tls: this.tlsSession(),
        wire: this.authWire(netReadTimeoutMs),
      },
      this.server,
    );
    const session = this.openSession(login, username, attributes);
    if (login.sandboxed) session.enterSandbox();
    this.session = session;
    return session;
  }

  get changeUserFailureKeepsSession(): boolean {
    return this.server.profile.changeUserFailureKeepsSession;
  }

  restoreSession(session: SessionHandle): void {
    this.session = session;
  }

  get isSecure(): boolean {
    return this.secure;
  }
}

/** The AuthWire of one login: methods on a small object, no closures made per login. */
class ConnectionAuthWire implements AuthWire {
  readonly secure: boolean;

  constructor(
    private readonly conn: Connection,
    private readonly timeoutMs: number | undefined,
  ) {
    this.secure = conn.isSecure;
  }

  exchange(payload: Buffer): Promise<Buffer> {
    return this.conn.exchangeAuthPacket(payload, this.timeoutMs);
  }

  send(payload: Buffer): void {
    this.conn.write(payload);
  }

  keys(): Promise<RsaKeys> {
    return this.conn.keys();
  }

  get gone(): boolean {
    return this.conn.isClosed;
  }
}
