import type { KeyObject } from 'node:crypto';
import type { Account } from '../accounts/account.js';
import type { Directory } from '../accounts/directory.js';
import type { AccountStore } from '../accounts/store.js';
import { writeAuthMoreData } from '../wire/packets.js';
import { decryptRsaOaep, xorWithRepeatedNonce } from './scramble.js';

/** The RSA key pair of caching_sha2 / sha256 full authentication over plain TCP (PEM). */
export interface RsaKeys {
  /** Sent to clients as-is (SPKI, 'BEGIN PUBLIC KEY'). */
  rsaPublicPem: string;
  rsaPrivatePem: string;
  /** The private key parsed once (parsing the PEM costs more than the decryption). */
  rsaPrivateKey?: KeyObject;
}

/** What a plugin may do on the wire while it authenticates. */
export interface AuthWire {
  /** Send one auth-phase packet and wait for the client's reply (raw payload, no prefix byte). */
  exchange(payload: Buffer): Promise<Buffer>;
  /** Send a packet that expects no reply (e.g. fast_auth_success before the OK). */
  send(payload: Buffer): void;
  /** TLS (or another secure transport) is in use: cleartext passwords may cross it. */
  readonly secure: boolean;
  /** The server's RSA key pair and certificate, generated lazily after the port opened. */
  keys(): Promise<RsaKeys>;
  /** The connection has ended (the client left, or connect_timeout ended it): no decision is wanted any more. */
  readonly gone?: boolean;
}

/** A full authentication whose client has gone before its turn: dropped undecided (no failed login counts). */
export class ClientGone extends Error {
  constructor() {
    super('the client left before its full authentication was decided');
  }
}

export interface AuthInput {
  /** The account being logged in to, or null for MySQL's decoy (unknown user). */
  account: Account | null;
  /**
   * The account as it stands in the login copy now (null once dropped or
   * renamed). A plugin that waited for the client must judge the password
   * against this, never against credentials read before the wait.
   */
  current(): Account | null;
  /** 20-byte scramble the client's first response was computed over. */
  scramble: Buffer;
  /** The client's response for this plugin (from the handshake or the auth switch). */
  response: Buffer;
  wire: AuthWire;
  store: AccountStore;
  /** The login name the client sent (differs from account.user for the anonymous account). */
  userName?: string;
  /** The emulated LDAP directory (authentication_ldap_simple), when the server has one. */
  directory?: Directory;
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
  /** The outcome; synchronous when no exchange with the client is needed (a scramble check). */
  authenticate(input: AuthInput): AuthOutcome | Promise<AuthOutcome>;
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

/**
 * What the client sent for the password of a full authentication: the
 * cleartext inside TLS, or over plain TCP RSA-OAEP((password + NUL) XOR
 * scramble) after handing out the PEM public key when the client asks for
 * it with `requestKeyByte` (0x02 for caching_sha2_password, 0x01 for
 * sha256_password). openPassword() turns it into the password.
 */
export interface SentPassword {
  reply: Buffer;
  /** The private key to decrypt `reply` with; absent over TLS. */
  key?: KeyObject | string;
}

export async function receivePassword(wire: AuthWire, reply: Buffer, requestKeyByte: number): Promise<SentPassword> {
  if (wire.secure) return { reply };
  const keys = await wire.keys();
  if (reply.length === 1 && reply[0] === requestKeyByte) {
    reply = await wire.exchange(writeAuthMoreData(Buffer.from(keys.rsaPublicPem)));
  }
  return { reply, key: keys.rsaPrivateKey ?? keys.rsaPrivatePem };
}

/** The cleartext password (the RSA decryption, ~1 ms: run it inTurn()); null when the ciphertext does not decrypt. */
export function openPassword(sent: SentPassword, scramble: Buffer): Buffer | null {
  if (sent.key === undefined) return stripNul(sent.reply);
  try {
    return stripNul(xorWithRepeatedNonce(decryptRsaOaep(sent.key, sent.reply), scramble));
  } catch {
    return null;
  }
}
