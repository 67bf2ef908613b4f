/**
 * The TLS context and what the server shows of it: --tls-version, --ssl-cipher
 * and --tls-ciphersuites decide what a client can negotiate (mysql2 with its
 * own protocol and cipher limits over real TLS); the tls_version, ssl_*,
 * tls_ciphersuites and have_ssl variables show the settings; Ssl_* and
 * Current_tls_* status show the connection and the context; the auth event
 * says whether TLS was required and used.
 */
import mysql, { type SslOptions } from 'mysql2/promise';
import { describe, expect, it } from 'vitest';
import type { EmulatorOptions } from '../../src/index.js';
import { MYSQL_TLS12_CIPHERS, MYSQL_TLS13_CIPHERSUITES } from '../../src/config/tls.js';
import { createCertificate } from '../../src/server/keys.js';
import { startTestEmulator } from '../helpers/emulator.js';

type TestEmulator = Awaited<ReturnType<typeof startTestEmulator>>;
type ClientTls = false | SslOptions;

async function withEmulator<T>(options: EmulatorOptions, run: (em: TestEmulator) => Promise<T>): Promise<T> {
  const em = await startTestEmulator(options);
  try {
    return await run(em);
  } finally {
    await em.close();
  }
}

function connect(em: TestEmulator, ssl: ClientTls = {}): Promise<mysql.Connection> {
  return mysql.createConnection({
    host: em.host,
    port: em.port,
    user: em.adminUser,
    password: em.adminPassword,
    ...(ssl === false ? {} : { ssl: { rejectUnauthorized: false, ...ssl } }),
  });
}

async function values(conn: mysql.Connection, sql: string): Promise<Record<string, string>> {
  const [rows] = await conn.query(sql);
  return Object.fromEntries((rows as { Variable_name: string; Value: string }[]).map((r) => [r.Variable_name, r.Value]));
}

/** What a client limited to `ssl` negotiates: Ssl_version and Ssl_cipher, or the connection error's code. */
async function negotiate(em: TestEmulator, ssl: ClientTls): Promise<{ version: string; cipher: string } | { error: string }> {
  let conn: mysql.Connection;
  try {
    conn = await connect(em, ssl);
  } catch (err) {
    return { error: String((err as { code?: string }).code) };
  }
  try {
    const s = await values(conn, "SHOW SESSION STATUS WHERE Variable_name IN ('Ssl_version', 'Ssl_cipher')");
    return { version: s.Ssl_version!, cipher: s.Ssl_cipher! };
  } finally {
    await conn.end();
  }
}

const TLS_VARIABLES = "SHOW VARIABLES WHERE Variable_name IN ('tls_version', 'ssl_ca', 'ssl_cert', 'ssl_key', 'ssl_cipher', 'tls_ciphersuites', 'have_ssl', 'have_openssl')";

describe('the variables show the TLS settings a server started with', () => {
  it('MySQL 8.0 with generated certificates: the data directory names auto_generate_certs gives them', async () => {
    await withEmulator({ profile: 'mysql-8.0' }, async (em) => {
      const conn = await connect(em);
      expect(await values(conn, TLS_VARIABLES)).toEqual({
        have_openssl: 'YES',
        have_ssl: 'YES',
        ssl_ca: 'ca.pem',
        ssl_cert: 'server-cert.pem',
        ssl_cipher: '',
        ssl_key: 'server-key.pem',
        tls_ciphersuites: '',
        tls_version: 'TLSv1.2,TLSv1.3',
      });
      const [rows] = await conn.query('SELECT @@tls_version AS v, @@global.tls_version AS g, @@ssl_cipher AS c');
      expect(rows).toEqual([{ v: 'TLSv1.2,TLSv1.3', g: 'TLSv1.2,TLSv1.3', c: '' }]);
      await conn.end();
    });
  });

  it('MySQL 5.7 offers TLSv1, TLSv1.1 and TLSv1.2 by default; MySQL 8.4 has no have_ssl', async () => {
    await withEmulator({ profile: 'mysql-5.7' }, async (em) => {
      const conn = await connect(em);
      expect(await values(conn, TLS_VARIABLES)).toMatchObject({ tls_version: 'TLSv1,TLSv1.1,TLSv1.2', have_ssl: 'YES' });
      await conn.end();
    });
    await withEmulator({ profile: 'mysql-8.4' }, async (em) => {
      const conn = await connect(em);
      const v = await values(conn, TLS_VARIABLES);
      expect(v.tls_version).toBe('TLSv1.2,TLSv1.3');
      expect(v).not.toHaveProperty('have_ssl');
      await conn.end();
    });
  });

  it('the options become the variables; a certificate without a CA leaves ssl_ca NULL', async () => {
    const own = await createCertificate({ subject: [['CN', 'own-server']] });
    const options: EmulatorOptions = {
      profile: 'mysql-8.0',
      sslCert: own.cert,
      sslKey: own.key,
      tlsVersion: 'tlsv1.2',
      sslCipher: 'ECDHE-RSA-AES256-GCM-SHA384',
      tlsCiphersuites: 'TLS_CHACHA20_POLY1305_SHA256',
      variables: { ssl_cert: '/etc/mysql/own-cert.pem', ssl_key: '/etc/mysql/own-key.pem' },
    };
    await withEmulator(options, async (em) => {
      const conn = await connect(em);
      expect(await values(conn, TLS_VARIABLES)).toEqual({
        have_openssl: 'YES',
        have_ssl: 'YES',
        ssl_ca: '',
        ssl_cert: '/etc/mysql/own-cert.pem',
        ssl_cipher: 'ECDHE-RSA-AES256-GCM-SHA384',
        ssl_key: '/etc/mysql/own-key.pem',
        tls_ciphersuites: 'TLS_CHACHA20_POLY1305_SHA256',
        tls_version: 'tlsv1.2',
      });
      const [rows] = await conn.query('SELECT @@ssl_ca IS NULL AS n');
      expect(rows).toEqual([{ n: 1 }]);
      await conn.end();
    });
  });

  it('--skip-ssl and tls_version=\'\' turn TLS off: have_ssl DISABLED, no TLS in the greeting', async () => {
    for (const options of [{ tls: false }, { tlsVersion: '' }] as EmulatorOptions[]) {
      await withEmulator({ profile: 'mysql-8.0', ...options }, async (em) => {
        expect(await negotiate(em, {})).toEqual({ error: 'HANDSHAKE_NO_SSL_SUPPORT' });
        const conn = await connect(em, false);
        expect(await values(conn, TLS_VARIABLES)).toMatchObject({ have_ssl: 'DISABLED', have_openssl: 'DISABLED' });
        expect(await values(conn, "SHOW STATUS LIKE 'Current_tls_version'")).toEqual({ Current_tls_version: '' });
        await conn.end();
      });
    }
  });

  it('settings MySQL rejects stop the server from starting', async () => {
    await expect(startTestEmulator({ profile: 'mysql-8.0', tlsVersion: 'TLSv1.1' })).rejects.toThrow(/TLS version is invalid/);
    await expect(startTestEmulator({ profile: 'mysql-8.0', sslCipher: 'NO-SUCH-CIPHER' })).rejects.toThrow(/Failed to set ciphers to use/);
  });
});

describe('the server offers only what tls_version and the ciphers allow', () => {
  it('TLSv1.2 only: a TLS 1.3 client negotiates down, a TLS-1.3-only client is refused', async () => {
    await withEmulator({ tlsVersion: 'TLSv1.2' }, async (em) => {
      expect(await negotiate(em, {})).toEqual({ version: 'TLSv1.2', cipher: 'ECDHE-RSA-AES128-GCM-SHA256' });
      expect(await negotiate(em, { minVersion: 'TLSv1.3' })).toMatchObject({ error: expect.stringMatching(/SSL/) });
    });
  });

  it('TLSv1.3 only: a client that stops at TLS 1.2 is refused', async () => {
    await withEmulator({ tlsVersion: 'TLSv1.3' }, async (em) => {
      expect(await negotiate(em, {})).toMatchObject({ version: 'TLSv1.3' });
      expect(await negotiate(em, { maxVersion: 'TLSv1.2' })).toMatchObject({ error: expect.stringMatching(/SSL/) });
    });
  });

  it('the default protocols: TLS 1.3 with MySQL\'s suites, TLS 1.2 with its cipher list', async () => {
    await withEmulator({ profile: 'mysql-8.0' }, async (em) => {
      expect(await negotiate(em, { ciphers: 'TLS_AES_128_GCM_SHA256' })).toEqual({ version: 'TLSv1.3', cipher: 'TLS_AES_128_GCM_SHA256' });
      expect(await negotiate(em, { maxVersion: 'TLSv1.2', ciphers: 'ECDHE-RSA-CHACHA20-POLY1305' })).toEqual({ version: 'TLSv1.2', cipher: 'ECDHE-RSA-CHACHA20-POLY1305' });
      // Not on MySQL 8's list (CBC mode without PFS is not approved).
      expect(await negotiate(em, { maxVersion: 'TLSv1.2', ciphers: 'AES128-SHA256' })).toMatchObject({ error: expect.stringMatching(/SSL/) });
    });
  });

  it('--ssl-cipher and --tls-ciphersuites narrow the choice', async () => {
    await withEmulator({ sslCipher: 'ECDHE-RSA-AES256-GCM-SHA384', tlsCiphersuites: 'TLS_CHACHA20_POLY1305_SHA256' }, async (em) => {
      expect(await negotiate(em, {})).toEqual({ version: 'TLSv1.3', cipher: 'TLS_CHACHA20_POLY1305_SHA256' });
      expect(await negotiate(em, { maxVersion: 'TLSv1.2' })).toEqual({ version: 'TLSv1.2', cipher: 'ECDHE-RSA-AES256-GCM-SHA384' });
      expect(await negotiate(em, { maxVersion: 'TLSv1.2', ciphers: 'ECDHE-RSA-AES128-GCM-SHA256' })).toMatchObject({ error: expect.stringMatching(/SSL/) });
    });
  });

  it('MySQL 5.7 still accepts a TLS 1.0 client (OpenSSL 3 needs security level 0 for it, on both ends)', async () => {
    await withEmulator({ profile: 'mysql-5.7' }, async (em) => {
      expect(await negotiate(em, { minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' })).toMatchObject({ version: 'TLSv1' });
      expect(await negotiate(em, {})).toMatchObject({ version: 'TLSv1.2' });
    });
  });
});

describe('Ssl_* and Current_tls_* status', () => {
  it('over TLS the session shows its cipher, protocol, the cipher list and the certificate\'s dates', async () => {
    await withEmulator({ profile: 'mysql-8.0' }, async (em) => {
      const conn = await connect(em);
      const s = await values(conn, "SHOW SESSION STATUS LIKE 'Ssl\\_%'");
      expect(s.Ssl_cipher).toBe('TLS_AES_256_GCM_SHA384');
      expect(s.Ssl_version).toBe('TLSv1.3');
      expect(s.Ssl_cipher_list).toBe(`${MYSQL_TLS13_CIPHERSUITES}:${MYSQL_TLS12_CIPHERS}`);
      // ASN1_TIME_print(): 'Nov 29 23:17:52 2036 GMT', ten years apart (auto_generate_certs' validity).
      expect(s.Ssl_server_not_before).toMatch(/^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4} GMT$/);
      expect(Number(s.Ssl_server_not_after!.slice(-8, -4)) - Number(s.Ssl_server_not_before!.slice(-8, -4))).toBe(10);
      const [ps] = await conn.query("SELECT VARIABLE_VALUE v FROM performance_schema.session_status WHERE VARIABLE_NAME = 'Ssl_cipher'");
      expect(ps).toEqual([{ v: 'TLS_AES_256_GCM_SHA384' }]);
      const g = await values(conn, "SHOW GLOBAL STATUS WHERE Variable_name IN ('Ssl_cipher', 'Ssl_server_not_after', 'Ssl_accepts', 'Ssl_finished_accepts')");
      expect(g).toEqual({ Ssl_accepts: '1', Ssl_cipher: '', Ssl_finished_accepts: '1', Ssl_server_not_after: s.Ssl_server_not_after });
      await conn.end();
    });
  });

  it('over plain TCP the session\'s Ssl_* are empty (Workbench reads Ssl_cipher to tell)', async () => {
    await withEmulator({ profile: 'mysql-8.0' }, async (em) => {
      const tls = await connect(em);
      const plain = await connect(em, false);
      const s = await values(plain, "SHOW SESSION STATUS WHERE Variable_name IN ('Ssl_cipher', 'Ssl_version', 'Ssl_cipher_list', 'Ssl_server_not_after')");
      expect(s).toEqual({ Ssl_cipher: '', Ssl_cipher_list: '', Ssl_server_not_after: '', Ssl_version: '' });
      const g = await values(plain, "SHOW GLOBAL STATUS WHERE Variable_name IN ('Ssl_accepts', 'Ssl_finished_accepts', 'Ssl_server_not_after')");
      expect(g.Ssl_accepts).toBe('1');
      expect(g.Ssl_finished_accepts).toBe('1');
      expect(g.Ssl_server_not_after).toMatch(/ GMT$/);
      await Promise.all([tls.end(), plain.end()]);
    });
  });

  it('Current_tls_* show the context the server started with, not a later SET GLOBAL', async () => {
    await withEmulator({ profile: 'mysql-8.0', tlsVersion: 'TLSv1.2', sslCipher: 'ECDHE-RSA-AES256-GCM-SHA384' }, async (em) => {
      await em.sql("SET GLOBAL tls_version = 'TLSv1.3'");
      const conn = await connect(em);
      expect(await values(conn, "SHOW STATUS LIKE 'Current\\_tls\\_%'")).toEqual({
        Current_tls_ca: 'ca.pem',
        Current_tls_capath: '',
        Current_tls_cert: 'server-cert.pem',
        Current_tls_cipher: 'ECDHE-RSA-AES256-GCM-SHA384',
        Current_tls_ciphersuites: '',
        Current_tls_crl: '',
        Current_tls_crlpath: '',
        Current_tls_key: 'server-key.pem',
        Current_tls_version: 'TLSv1.2',
      });
      expect(await values(conn, "SHOW SESSION STATUS LIKE 'Ssl_version'")).toEqual({ Ssl_version: 'TLSv1.2' });
      expect(await values(conn, "SHOW VARIABLES LIKE 'tls_version'")).toEqual({ tls_version: 'TLSv1.3' });
      await conn.end();
    });
  });
});

describe('the auth event says whether TLS was required and used', () => {
  it('require_secure_transport and the negotiated protocol are in every auth event', async () => {
    await withEmulator({ profile: 'mysql-8.0', variables: { require_secure_transport: 'ON' } }, async (em) => {
      await connect(em, false).catch(() => undefined);
      (await connect(em)).destroy();
      const [plain, tls] = em.authEvents().slice(-2);
      expect(plain).toMatchObject({ tls: false, secureTransportRequired: true, outcome: 'error', code: 3159 });
      expect(plain!.msg).toBe("login 'root'@'localhost' refused with 3159: require_secure_transport is ON and the connection is not TLS");
      expect(plain).not.toHaveProperty('tlsVersion');
      expect(tls).toMatchObject({ tls: true, tlsVersion: 'TLSv1.3', tlsCipher: 'TLS_AES_256_GCM_SHA384', secureTransportRequired: true, outcome: 'ok' });
    });
  });

  it('an account REQUIRE SSL refused over plain TCP is logged as such', async () => {
    await withEmulator({ profile: 'mysql-8.0' }, async (em) => {
      await em.sql("CREATE USER 'app'@'%' IDENTIFIED BY 'App-pass-1' REQUIRE SSL");
      await mysql.createConnection({ host: em.host, port: em.port, user: 'app', password: 'App-pass-1' }).catch(() => undefined);
      const event = em.authEvents().at(-1)!;
      expect(event).toMatchObject({ tls: false, tlsRequired: 'SSL', tlsRequirementMet: false, secureTransportRequired: false, code: 1045 });
      expect(event.msg).toBe("login 'app'@'localhost' refused with 1045: the account requires SSL and the connection is not TLS");
    });
  });
});
