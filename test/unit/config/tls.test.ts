/**
 * config/tls.ts: tls_version as process_tls_version() reads it, the Node
 * options for the protocols and ciphers, and Ssl_cipher_list.
 */
import { constants } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { getProfile } from '../../../src/config/profiles.js';
import {
  cipherListOf,
  MYSQL_BLOCKED_TLS12_CIPHERS,
  MYSQL_TLS12_CIPHERS,
  MYSQL_TLS13_CIPHERSUITES,
  nodeTlsOptions,
  parseTlsVersion,
  tlsContext,
} from '../../../src/config/tls.js';

const MYSQL8 = ['TLSv1.2', 'TLSv1.3'];

describe('parseTlsVersion (process_tls_version)', () => {
  it.each<[string, readonly string[], string[]]>([
    ['TLSv1.2,TLSv1.3', MYSQL8, ['TLSv1.2', 'TLSv1.3']],
    ['tlsv1.3, TLSV1.2', MYSQL8, ['TLSv1.2', 'TLSv1.3']],
    // MySQL 8 ignores the names it no longer knows, as long as one is left.
    ['TLSv1.1,TLSv1.2', MYSQL8, ['TLSv1.2']],
    ['TLSv1,TLSv1.1,TLSv1.2', ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'], ['TLSv1', 'TLSv1.1', 'TLSv1.2']],
    // MariaDB's name for 1.0.
    ['TLSv1.0,TLSv1.2', ['TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'], ['TLSv1', 'TLSv1.2']],
    ['', MYSQL8, []],
  ])('%s', (value, known, expected) => {
    expect(parseTlsVersion(value, known)).toEqual(expected);
  });

  it('a value with no protocol the server knows is invalid', () => {
    expect(() => parseTlsVersion('TLSv1.1', MYSQL8)).toThrow("tls_version 'TLSv1.1': TLS version is invalid (this server knows TLSv1.2, TLSv1.3)");
    expect(() => parseTlsVersion('SSLv3', MYSQL8)).toThrow(/TLS version is invalid/);
  });
});

describe('nodeTlsOptions', () => {
  it("MySQL 8's defaults: its TLSv1.3 suites, then the blocked ciphers and its TLSv1.2 list", () => {
    expect(nodeTlsOptions(['TLSv1.2', 'TLSv1.3'], null, null, 'mysql-8')).toEqual({
      minVersion: 'TLSv1.2',
      maxVersion: 'TLSv1.3',
      secureOptions: 0,
      ciphers: `${MYSQL_TLS13_CIPHERSUITES}:${MYSQL_BLOCKED_TLS12_CIPHERS}:${MYSQL_TLS12_CIPHERS}`,
    });
  });

  it('a given ssl_cipher still follows the blocked list; tls_ciphersuites replaces the suites', () => {
    const o = nodeTlsOptions(['TLSv1.2'], 'ECDHE-RSA-AES256-GCM-SHA384', 'TLS_CHACHA20_POLY1305_SHA256', 'mysql-8');
    expect(o.ciphers).toBe(`TLS_CHACHA20_POLY1305_SHA256:${MYSQL_BLOCKED_TLS12_CIPHERS}:ECDHE-RSA-AES256-GCM-SHA384`);
    expect(o).toMatchObject({ minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2', secureOptions: 0 });
  });

  it('a protocol left out between the lowest and the highest is switched off; TLSv1 lowers the security level', () => {
    const o = nodeTlsOptions(['TLSv1', 'TLSv1.2'], null, null, 'openssl');
    expect(o.minVersion).toBe('TLSv1');
    expect(o.maxVersion).toBe('TLSv1.2');
    expect(o.secureOptions).toBe(constants.SSL_OP_NO_TLSv1_1);
    expect(o.ciphers.endsWith(':@SECLEVEL=0')).toBe(true);
  });

  it('a cipher list OpenSSL cannot use is refused', () => {
    expect(() => nodeTlsOptions(['TLSv1.2'], 'NOT-A-CIPHER', null, 'mysql-8')).toThrow(/Failed to set ciphers to use/);
  });
});

describe('Ssl_cipher_list', () => {
  it('the suites when TLSv1.3 is offered, the TLSv1.2 names when an older protocol is; aliases and exclusions are left out', () => {
    const both = nodeTlsOptions(['TLSv1.2', 'TLSv1.3'], 'ECDHE-RSA-AES128-GCM-SHA256:HIGH:!aNULL', 'TLS_AES_256_GCM_SHA384', 'mysql-8');
    expect(cipherListOf(['TLSv1.2', 'TLSv1.3'], both)).toBe('TLS_AES_256_GCM_SHA384:ECDHE-RSA-AES128-GCM-SHA256');
    expect(cipherListOf(['TLSv1.3'], both)).toBe('TLS_AES_256_GCM_SHA384');
    expect(cipherListOf(['TLSv1.2'], both)).toBe('ECDHE-RSA-AES128-GCM-SHA256');
  });
});

describe('tlsContext', () => {
  it('per profile: MySQL 8 offers TLS 1.2 and 1.3, 5.6 (no tls_version) what it knows, tls off is not offered', () => {
    expect(tlsContext(getProfile('mysql-8.4'), { offered: true, tlsVersion: 'TLSv1.2,TLSv1.3', sslCipher: null, tlsCiphersuites: null })).toMatchObject({
      enabled: true,
      protocols: ['TLSv1.2', 'TLSv1.3'],
      cipherList: `${MYSQL_TLS13_CIPHERSUITES}:${MYSQL_TLS12_CIPHERS}`,
    });
    expect(tlsContext(getProfile('mysql-5.6'), { offered: true, tlsVersion: null, sslCipher: null, tlsCiphersuites: null }).protocols).toEqual(['TLSv1', 'TLSv1.1', 'TLSv1.2']);
    expect(tlsContext(getProfile('mysql-8.4'), { offered: false, tlsVersion: 'TLSv1.2', sslCipher: null, tlsCiphersuites: null })).toEqual({ enabled: false, protocols: [], node: null, cipherList: '' });
    expect(tlsContext(getProfile('mysql-8.4'), { offered: true, tlsVersion: '', sslCipher: '', tlsCiphersuites: '' }).enabled).toBe(false);
  });
});
