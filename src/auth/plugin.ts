import type { Account } from '../accounts/account.js';
import type { AccountStore } from '../accounts/store.js';
import type { ServerKeys } from '../server/keys.js';

/** What a plugin may do on the wire while it authenticates. */
export interface AuthWire {
  /** Send one auth-phase packet and wait for the client's reply (raw payload, no prefix byte). */
  exchange(payload: Buffer): Promise<Buffer>;
  /** Send a packet that expects no reply (e.g. fast_auth_success before the OK). */
  send(payload: Buffer): void;
  /** TLS (or another secure transport) is in use: cleartext passwords may cross it. */
  readonly secure: boolean;
  /** The server's RSA key pair and certificate, generated lazily after the port opened. */
  keys(): Promise<ServerKeys>;
}

export interface AuthInput {
  /** The account being logged in to, or null for MySQL's decoy (unknown user). */
  account: Account | null;
  /** 20-byte scramble the client's first response was computed over. */
  scramble: Buffer;
  /** The client's response for this plugin (from the handshake or the auth switch). */
  response: Buffer;
  wire: AuthWire;
  store: AccountStore;
}

export interface AuthOutcome {
  ok: boolean;
  /** For "(using password: YES|NO)": did the client's last response carry a password? */
  usedPassword: boolean;
  /** Logged in with the retained secondary password. */
  usedSecondary?: boolean;
  /** How the credential was checked, for the auth log (e.g. 'fast', 'full-tls', 'full-rsa'). */
  path?: string;
}

export interface AuthPlugin {
  readonly name: string;
  /** Client plugin name sent in the greeting or AuthSwitchRequest. */
  readonly clientName: string;
  /** Data sent with the plugin name: the 20-byte scramble plus NUL for the built-in plugins. */
  initialData(scramble: Buffer): Buffer;
  authenticate(input: AuthInput): Promise<AuthOutcome>;
}

/** Passwords to try, in MySQL's order: the primary, then the retained secondary. */
export function storedPasswords(account: Account | null): { hash: string; secondary: boolean }[] {
  if (!account) return [];
  const list = [{ hash: account.authenticationString, secondary: false }];
  if (account.additionalPassword !== null) list.push({ hash: account.additionalPassword, secondary: true });
  return list;
}

export function scrambleWithNul(scramble: Buffer): Buffer {
  return Buffer.concat([scramble, Buffer.from([0])]);
}

/** Cleartext passwords arrive NUL-terminated. */
export function stripNul(b: Buffer): Buffer {
  return b.length > 0 && b[b.length - 1] === 0 ? b.subarray(0, -1) : b;
}
