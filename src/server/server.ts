import { X509Certificate } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import type { EmulatorOptions } from '../config/options.js';
import { mysqlError } from '../errors/mysql-error.js';
import { Connection, type ConnectionOptions } from '../protocol/connection.js';
import { SlotList } from '../slot-list.js';
import { leaveNextTurnToIo } from '../turns.js';
import { encodePacket } from '../wire/framing.js';
import { writeErr } from '../wire/packets.js';
import type { Instance } from './instance.js';
import type { ServerKeys } from './keys.js';

/** How long after the port opens the RSA key pair and TLS certificate are generated, when no client asked for them before. */
const KEYS_DELAY_MS = 1000;

/** The error listener of a socket turned away at max_connections (an accepted one has its Connection's): an error ends it. */
function destroySocket(this: Socket): void {
  this.destroy();
}

/**
 * The listener: accepts connections, enforces max_connections, hands each
 * socket to a Connection, and shuts down cleanly.
 */
export class EmulatorServer {
  private readonly listener: Server;
  private readonly connections = new SlotList<Connection>();
  private nextConnectionId = 8;
  private keysPromise: Promise<ServerKeys> | null = null;
  /** --ssl-ca, parsed once. */
  private readonly sslCa?: { pem: string; certificates: readonly X509Certificate[] };
  /** What every connection shares. */
  private readonly connectionOptions: ConnectionOptions;

  constructor(
    readonly state: Instance,
    private readonly options: EmulatorOptions,
  ) {
    const { logger } = state;
    if (options.sslCa) {
      const pems = options.sslCa.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
      if (pems.length === 0) throw new Error('--ssl-ca: no PEM certificate found');
      this.sslCa = { pem: options.sslCa, certificates: pems.map((pem) => new X509Certificate(pem)) };
    }
    this.connectionOptions = {
      server: state,
      sessions: state.sessionLayer,
      keys: this.keysOnce,
      tls: state.tls,
      ...(this.sslCa ? { sslCa: this.sslCa } : {}),
      resolveNames: !options.skipNameResolve,
      connectionCount: this.connectionCount,
      onClose: this.forget,
    };
    // TCP_NODELAY, as MySQL sets it on every connection, set by Node as it accepts (no setNoDelay() call per socket).
    this.listener = createServer({ noDelay: true }, (socket) => this.accept(socket));
    this.listener.on('error', (err) => logger.error({ err }, 'listener error'));
  }

  // One of each for every connection (not a closure per accept).
  private readonly keysOnce = (): Promise<ServerKeys> => this.keys();
  private readonly connectionCount = (): number => this.connections.size;
  private readonly forget = (conn: Connection): void => void this.connections.remove(conn);

  /** The RSA key pair and TLS certificate, generated once, after the port is open. */
  keys(): Promise<ServerKeys> {
    if (!this.keysPromise) {
      this.keysPromise = import('./keys.js').then(async (m) => {
        const keys = await m.generateServerKeys({ tlsCertPem: this.options.sslCert, tlsKeyPem: this.options.sslKey });
        if (this.state.tls.enabled) {
          // SHOW GLOBAL STATUS: the server certificate's validity (ASN1_TIME_print's form).
          const cert = new X509Certificate(keys.tlsCertPem);
          this.state.status.setText('Ssl_server_not_before', cert.validFrom);
          this.state.status.setText('Ssl_server_not_after', cert.validTo);
        }
        return keys;
      });
    }
    return this.keysPromise;
  }

  async listen(): Promise<{ host: string; port: number }> {
    const host = this.options.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      this.listener.once('error', reject);
      this.listener.listen({ port: this.options.port ?? 0, host, backlog: this.listenBacklog() }, () => {
        this.listener.off('error', reject);
        resolve();
      });
    });
    const address = this.listener.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    this.state.variables.setStartupValue?.('port', port);
    this.state.variables.setStartupValue?.('bind_address', host);
    // Keys are generated in the background, KEYS_DELAY_MS after the port opens: nothing heavy runs
    // before it, and the first logins and queries do not share the machine's cores with two RSA key
    // generations. A TLS or RSA exchange before then starts them itself (keys()) and waits for them.
    if (this.state.tls.enabled) {
      setTimeout(() => void this.keys().catch((err) => this.state.logger.error({ err }, 'key generation failed')), KEYS_DELAY_MS).unref();
    }
    return { host, port };
  }

  /**
   * The kernel's queue of connections not yet accepted. MySQL autosizes
   * back_log to max_connections; a storm of connects larger than the queue
   * has its SYNs dropped and retried after 1 s, 3 s, 7 s ... by the client's
   * kernel (greetings seconds late). The emulator accepts on its one event
   * loop, between other work, so the queue holds every connection the
   * server may have: max(back_log, max_connections, Node's 511).
   */
  private listenBacklog(): number {
    const v = this.state.variables;
    return Math.max(511, Number(v.get('back_log', 'global') ?? 0), Number(v.get('max_connections', 'global') ?? 0) + 1);
  }

  private accept(socket: Socket): void {
    leaveNextTurnToIo();
    const max = Number(this.state.variables.get('max_connections', 'global'));
    // One connection above max_connections is let in; the login keeps it for an
    // account with SUPER or CONNECTION_ADMIN (session-layer.ts), as in MySQL.
    this.state.status.add('Connections');
    if (this.connections.size >= max + 1) {
      this.state.status.add('Connection_errors_max_connections');
      // Sent instead of the greeting: sequence 0 and no SQLSTATE marker.
      const err = mysqlError('ER_CON_COUNT_ERROR');
      socket.on('error', destroySocket);
      socket.end(encodePacket(writeErr(err.code, err.sqlState, err.textFor(this.state.profile.family), false), 0).bytes);
      return;
    }
    const connectTimeoutMs = Number(this.state.variables.get('connect_timeout', 'global')) * 1000;
    const conn = new Connection(socket, this.nextConnectionId++, connectTimeoutMs, this.connectionOptions);
    this.connections.add(conn);
    this.state.status.add('Threads_created');
    void conn.run();
  }

  /** Stops accepting, closes every session, and resolves when the port is released. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.listener.close(() => resolve()));
    for (const conn of this.connections) conn.close();
    this.connections.clear();
    await closed;
  }
}
