/**
 * The server's TLS context as mysqld builds it from its options
 * (vio/viosslfactories.cc: process_tls_version(), new_VioSSLFd();
 * include/tls_ciphers.h), in the form Node's TLSSocket takes: which
 * protocols are offered (tls_version), the TLSv1.2 cipher list (MySQL's
 * blocked ciphers, then ssl_cipher or the default list) and the TLSv1.3
 * ciphersuites (tls_ciphersuites or the default). Settings are read once at
 * startup, as the context is built once (Current_tls_* show them); a later
 * SET GLOBAL changes the variable, not the context, as in MySQL without
 * ALTER INSTANCE RELOAD TLS.
 */
import { constants } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Profile } from './profiles.js';

/** A protocol version as Node (and OpenSSL's SSL_get_version) names it. */
export type TlsProtocol = 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';

const PROTOCOL_ORDER: readonly TlsProtocol[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];

const NO_PROTOCOL_FLAG: Record<TlsProtocol, number> = {
  TLSv1: constants.SSL_OP_NO_TLSv1,
  'TLSv1.1': constants.SSL_OP_NO_TLSv1_1,
  'TLSv1.2': constants.SSL_OP_NO_TLSv1_2,
  'TLSv1.3': constants.SSL_OP_NO_TLSv1_3,
};

/** include/tls_ciphers.h (MySQL 8.0.35+, 8.4): default_tls13_ciphers. */
export const MYSQL_TLS13_CIPHERSUITES = 'TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_CCM_SHA256';

/** include/tls_ciphers.h: default_tls12_ciphers, in their priority order. */
export const MYSQL_TLS12_CIPHERS = [
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
  'ECDHE-ECDSA-AES256-CCM',
  'ECDHE-ECDSA-AES128-CCM',
  'DHE-RSA-AES128-GCM-SHA256',
  'DHE-RSA-AES256-GCM-SHA384',
  'DHE-RSA-AES256-CCM',
  'DHE-RSA-AES128-CCM',
  'DHE-RSA-CHACHA20-POLY1305',
].join(':');

/** include/tls_ciphers.h: blocked_tls12_ciphers, put in front of every TLSv1.2 list (a given ssl_cipher too). */
export const MYSQL_BLOCKED_TLS12_CIPHERS = [
  '!aNULL', '!eNULL', '!EXPORT', '!LOW', '!MD5', '!DES', '!3DES', '!RC2', '!RC4', '!PSK',
  '!DH-RSA-AES128-SHA256', '!DH-RSA-AES256-SHA256', '!DH-DSS-AES128-SHA256', '!DH-DSS-AES128-SHA',
  '!DH-DSS-AES256-SHA', '!DH-DSS-AES256-SHA256', '!DH-RSA-AES128-SHA', '!DH-RSA-AES256-SHA',
  '!DH-DSS-AES128-GCM-SHA256', '!DH-DSS-AES256-GCM-SHA384', '!DH-RSA-AES128-GCM-SHA256', '!DH-RSA-AES256-GCM-SHA384',
].join(':');

/** The options of Node's TLSSocket that carry the context's settings. */
export interface NodeTlsOptions {
  minVersion: TlsProtocol;
  maxVersion: TlsProtocol;
  /** SSL_OP_NO_* for protocols inside [min, max] that tls_version leaves out. */
  secureOptions: number;
  /** TLSv1.3 ciphersuites (names starting TLS_) and the TLSv1.2 cipher list, in one OpenSSL string. */
  ciphers: string;
}

/** The TLS context a server starts with. */
export interface TlsContext {
  /** TLS is offered in the greeting (not --skip-ssl, not tls_version=''). */
  readonly enabled: boolean;
  /** The protocols offered, oldest first. */
  readonly protocols: readonly TlsProtocol[];
  /** What TLSSocket is given; null when TLS is off. */
  readonly node: NodeTlsOptions | null;
  /**
   * Ssl_cipher_list: the context's ciphers (SSL_get_cipher_list), TLSv1.3
   * suites first, colon-separated. OpenSSL aliases in a given ssl_cipher
   * (HIGH, AESGCM, ...) are not expanded here: only named ciphers are listed.
   */
  readonly cipherList: string;
}

/**
 * process_tls_version(): the names of `value` the server knows (compared
 * case-insensitively; unknown names are ignored), oldest first. '' turns TLS
 * off (MySQL 8.0.16+). A value naming no known protocol is invalid: MySQL
 * logs "TLS version is invalid" and runs without TLS; the emulator refuses
 * to start, so that the mistake is seen.
 */
export function parseTlsVersion(value: string, known: readonly string[]): TlsProtocol[] {
  if (value.trim() === '') return [];
  const found = new Set<TlsProtocol>();
  for (const token of value.split(',')) {
    const name = known.find((k) => k.toLowerCase() === token.trim().toLowerCase());
    if (name) found.add(name === 'TLSv1.0' ? 'TLSv1' : (name as TlsProtocol));
  }
  if (found.size === 0) {
    throw new Error(`tls_version '${value}': TLS version is invalid (this server knows ${known.join(', ')})`);
  }
  return PROTOCOL_ORDER.filter((p) => found.has(p));
}

/**
 * The Node options for the protocols and cipher settings. `defaults` says
 * whose default lists apply when ssl_cipher / tls_ciphersuites are not
 * given: MySQL 8's (include/tls_ciphers.h) or OpenSSL's (Node's default
 * list, for the servers whose own lists are not modelled). TLSv1 and
 * TLSv1.1 need OpenSSL 3's security level 0, so it is lowered when they are
 * offered. Throws when OpenSSL accepts none of the ciphers given.
 */
export function nodeTlsOptions(
  protocols: readonly TlsProtocol[],
  cipher: string | null,
  ciphersuites: string | null,
  defaults: Profile['tlsCipherDefaults'],
): NodeTlsOptions {
  const minVersion = protocols[0]!;
  const maxVersion = protocols[protocols.length - 1]!;
  let secureOptions = 0;
  for (const p of PROTOCOL_ORDER.slice(PROTOCOL_ORDER.indexOf(minVersion), PROTOCOL_ORDER.indexOf(maxVersion) + 1)) {
    if (!protocols.includes(p)) secureOptions |= NO_PROTOCOL_FLAG[p];
  }
  const parts: string[] = [];
  const suites = ciphersuites ?? (defaults === 'mysql-8' ? MYSQL_TLS13_CIPHERSUITES : null);
  if (suites) parts.push(suites);
  if (defaults === 'mysql-8') parts.push(`${MYSQL_BLOCKED_TLS12_CIPHERS}:${cipher ?? MYSQL_TLS12_CIPHERS}`);
  // tls.DEFAULT_CIPHERS, without loading node:tls (it is this constant unless --tls-cipher-list changed it).
  else parts.push(cipher ?? constants.defaultCipherList);
  if (protocols.includes('TLSv1') || protocols.includes('TLSv1.1')) parts.push('@SECLEVEL=0');
  const options: NodeTlsOptions = { minVersion, maxVersion, secureOptions, ciphers: parts.join(':') };
  // Settings the user gave are tried at start, as mysqld does; the defaults are lists OpenSSL 3 takes, and
  // node:tls is then loaded by the first TLS connection rather than before the port opens (about 6 ms).
  if (cipher === null && ciphersuites === null) return options;
  try {
    const { createSecureContext } = createRequire(import.meta.url)('node:tls') as typeof import('node:tls');
    createSecureContext(options);
  } catch (err) {
    throw new Error(`ssl_cipher / tls_ciphersuites: Failed to set ciphers to use (${(err as Error).message})`);
  }
  return options;
}

/** A named cipher or ciphersuite (not an alias, exclusion or option of an OpenSSL cipher string). */
function isCipherName(entry: string): boolean {
  return /^TLS_[A-Z0-9_]+$/.test(entry) || /^[A-Z0-9]+(?:-[A-Z0-9]+)+$/.test(entry);
}

/** Ssl_cipher_list for the context: TLSv1.3 suites (when offered), then the TLSv1.2 ciphers (when an older protocol is). */
export function cipherListOf(protocols: readonly TlsProtocol[], node: NodeTlsOptions): string {
  const tls13 = protocols.includes('TLSv1.3');
  const older = protocols.some((p) => p !== 'TLSv1.3');
  const names = node.ciphers.split(':').filter(isCipherName);
  const suites = names.filter((n) => n.startsWith('TLS_'));
  const tls12 = names.filter((n) => !n.startsWith('TLS_'));
  return [...(tls13 ? suites : []), ...(older ? [...new Set(tls12)] : [])].join(':');
}

/** What the context is built from: the startup values of the server's variables, and --skip-ssl. */
export interface TlsContextInput {
  /** False for --skip-ssl (the API's `tls: false`). */
  offered: boolean;
  /** tls_version's startup value, or null where the server has no such variable (5.6). */
  tlsVersion: string | null;
  sslCipher: string | null;
  tlsCiphersuites: string | null;
}

/** Builds the context a server of this profile starts with. Throws for settings MySQL would reject. */
export function tlsContext(profile: Profile, input: TlsContextInput): TlsContext {
  const protocols = input.tlsVersion === null ? parseTlsVersion(profile.tlsProtocols.join(','), profile.tlsProtocols) : parseTlsVersion(input.tlsVersion, profile.tlsProtocols);
  if (!input.offered || protocols.length === 0) return { enabled: false, protocols: [], node: null, cipherList: '' };
  const empty = (v: string | null): string | null => (v === null || v === '' ? null : v);
  const node = nodeTlsOptions(protocols, empty(input.sslCipher), empty(input.tlsCiphersuites), profile.tlsCipherDefaults);
  return { enabled: true, protocols, node, cipherList: cipherListOf(protocols, node) };
}
