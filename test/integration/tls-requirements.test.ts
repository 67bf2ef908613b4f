/**
 * TLS requirements at login, where and how MySQL checks them (acl_authenticate:
 * the password first, then acl_check_ssl() -> 1045, ACCOUNT LOCK -> 3118,
 * require_secure_transport -> 3159, then expiry), with mysql2 over plain TCP,
 * over TLS, and over TLS with a client certificate issued by the --ssl-ca.
 */
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCertificate, type CertificateAndKey } from '../../src/server/keys.js';
import { startTestEmulator } from '../helpers/emulator.js';

type TestEmulator = Awaited<ReturnType<typeof startTestEmulator>>;

const CA_SUBJECT = [['C', 'SE'], ['O', 'Emulator Test CA'], ['CN', 'Test_CA']] as const;
const CLIENT_SUBJECT = [['C', 'SE'], ['O', 'Emulator'], ['CN', 'client-one']] as const;
const ISSUER = '/C=SE/O=Emulator Test CA/CN=Test_CA';
const SUBJECT = '/C=SE/O=Emulator/CN=client-one';

let em: TestEmulator;
let ca: CertificateAndKey;
let client: CertificateAndKey;
let stranger: CertificateAndKey;

beforeAll(async () => {
  ca = await createCertificate({ subject: CA_SUBJECT, ca: true });
  client = await createCertificate({ subject: CLIENT_SUBJECT, issuer: { subject: CA_SUBJECT, key: ca.key } });
  stranger = await createCertificate({ subject: [['CN', 'self-signed']] });
  em = await startTestEmulator({ sslCa: ca.cert });
  await em.sql(`CREATE USER 'plain'@'%' IDENTIFIED BY 'pw-Plain1';
    CREATE USER 'ssl'@'%' IDENTIFIED BY 'pw-Ssl1' REQUIRE SSL;
    CREATE USER 'x509'@'%' IDENTIFIED BY 'pw-X5091' REQUIRE X509;
    CREATE USER 'spec'@'%' IDENTIFIED BY 'pw-Spec1' REQUIRE SUBJECT '${SUBJECT}' AND ISSUER '${ISSUER}';
    CREATE USER 'wrongsubj'@'%' IDENTIFIED BY 'pw-Wrong1' REQUIRE SUBJECT '/CN=someone-else';
    CREATE USER 'locked'@'%' IDENTIFIED BY 'pw-Lock1' REQUIRE SSL ACCOUNT LOCK`);
});
afterAll(async () => {
  await em?.close();
});

type Tls = 'none' | 'tls' | 'cert' | 'stranger';

async function login(user: string, password: string, tls: Tls): Promise<{ ok: true } | { errno: number; message: string }> {
  const ssl =
    tls === 'none'
      ? undefined
      : {
          rejectUnauthorized: false,
          ...(tls === 'cert' ? { cert: client.cert, key: client.key } : tls === 'stranger' ? { cert: stranger.cert, key: stranger.key } : {}),
        };
  try {
    const conn = await mysql.createConnection({ host: em.host, port: em.port, user, password, ssl });
    await conn.end();
    return { ok: true };
  } catch (err) {
    const e = err as { errno: number; message: string };
    return { errno: e.errno, message: e.message };
  }
}

const denied = (user: string) => ({ errno: 1045, message: `Access denied for user '${user}'@'localhost' (using password: YES)` });

describe('REQUIRE SSL | X509 | SUBJECT/ISSUER: acl_check_ssl() after the password, 1045', () => {
  it.each<[string, string, Tls, object]>([
    ['plain', 'pw-Plain1', 'none', { ok: true }],
    ['ssl', 'pw-Ssl1', 'none', denied('ssl')],
    ['ssl', 'pw-Ssl1', 'tls', { ok: true }],
    ['x509', 'pw-X5091', 'none', denied('x509')],
    ['x509', 'pw-X5091', 'tls', denied('x509')],
    ['x509', 'pw-X5091', 'stranger', denied('x509')],
    ['x509', 'pw-X5091', 'cert', { ok: true }],
    ['spec', 'pw-Spec1', 'tls', denied('spec')],
    ['spec', 'pw-Spec1', 'cert', { ok: true }],
    ['wrongsubj', 'pw-Wrong1', 'cert', denied('wrongsubj')],
  ])('%s over %s', async (user, password, tls, expected) => {
    expect(await login(user, password, tls)).toEqual(expected);
  });

  it('a wrong password is refused before the TLS requirement is looked at', async () => {
    expect(await login('ssl', 'wrong', 'none')).toEqual(denied('ssl'));
  });

  it('ACCOUNT LOCK comes after the TLS check: 1045 over plain TCP, 3118 over TLS', async () => {
    expect(await login('locked', 'pw-Lock1', 'none')).toEqual(denied('locked'));
    expect(await login('locked', 'pw-Lock1', 'tls')).toMatchObject({ errno: 3118 });
  });

  it('the auth log event says what TLS the account requires and whether it was used', async () => {
    await login('ssl', 'pw-Ssl1', 'none');
    const event = em.authEvents().filter((e) => e.user === 'ssl').at(-1)!;
    expect(event).toMatchObject({ tls: false, tlsRequired: 'SSL', outcome: 'error', code: 1045 });
  });

  it('SHOW CREATE USER and mysql.user keep the requirement (MySQL prints SUBJECT, ISSUER, CIPHER)', async () => {
    const r = await em.sql("SHOW CREATE USER 'spec'@'%'");
    expect(String(Object.values(r.rows[0]!)[0])).toContain(`REQUIRE SUBJECT '${SUBJECT}' ISSUER '${ISSUER}' PASSWORD EXPIRE DEFAULT`);
    const u = await em.sql("SELECT ssl_type, CAST(x509_subject AS CHAR) s, CAST(x509_issuer AS CHAR) i FROM mysql.user WHERE user = 'spec'");
    expect(u.rows[0]).toEqual({ ssl_type: 'SPECIFIED', s: SUBJECT, i: ISSUER });
  });
});

describe('require_secure_transport', () => {
  it('ON refuses logins over plain TCP with 3159 and lets TLS through; it is dynamic', async () => {
    await em.sql('SET GLOBAL require_secure_transport = ON');
    try {
      expect(await login('plain', 'pw-Plain1', 'none')).toEqual({
        errno: 3159,
        message: 'Connections using insecure transport are prohibited while --require_secure_transport=ON.',
      });
      expect(await login('plain', 'pw-Plain1', 'tls')).toEqual({ ok: true });
      // A wrong password is still 1045: the transport is checked after the password.
      expect(await login('plain', 'nope', 'none')).toEqual(denied('plain'));
    } finally {
      await em.sql('SET GLOBAL require_secure_transport = OFF');
    }
    expect(await login('plain', 'pw-Plain1', 'none')).toEqual({ ok: true });
  });

  it('as a startup option', async () => {
    const strict = await startTestEmulator({ variables: { require_secure_transport: 'ON' } });
    try {
      const r = await mysql.createConnection({ host: strict.host, port: strict.port, user: 'root' }).catch((e: { errno: number }) => e);
      expect(r).toMatchObject({ errno: 3159 });
    } finally {
      await strict.close();
    }
  });
});
