import { constants, createPrivateKey, createPublicKey, privateDecrypt, publicEncrypt, X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import { beforeAll, describe, expect, it } from 'vitest';
import { AUTO_SERVER_CERT_CN, generateServerKeys, type ServerKeys } from '../../../src/server/keys.js';

describe('generateServerKeys', () => {
  let keys: ServerKeys;
  let maxLoopGapMs = 0;

  beforeAll(async () => {
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      maxLoopGapMs = Math.max(maxLoopGapMs, now - last);
      last = now;
    }, 5);
    keys = await generateServerKeys();
    clearInterval(timer);
  });

  it('does not block the event loop while generating', () => {
    expect(maxLoopGapMs).toBeLessThan(100);
  });

  it('gives an RSA-2048 pair with the public key as SPKI PEM, usable for OAEP-SHA1', () => {
    expect(keys.rsaPublicPem.startsWith('-----BEGIN PUBLIC KEY-----\n')).toBe(true);
    const pub = createPublicKey(keys.rsaPublicPem);
    expect(pub.asymmetricKeyType).toBe('rsa');
    expect(pub.asymmetricKeyDetails?.modulusLength).toBe(2048);
    const oaep = { padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' };
    const ct = publicEncrypt({ key: keys.rsaPublicPem, ...oaep }, Buffer.from('pw\0'));
    expect(privateDecrypt({ key: keys.rsaPrivatePem, ...oaep }, ct).toString()).toBe('pw\0');
  });

  it('self-signs a certificate like auto_generate_certs', () => {
    const cert = new X509Certificate(keys.tlsCertPem);
    expect(cert.subject).toBe(`CN=${AUTO_SERVER_CERT_CN}`);
    expect(cert.issuer).toBe(cert.subject);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.checkPrivateKey(createPrivateKey(keys.tlsKeyPem))).toBe(true);
    expect(cert.ca).toBe(false);
    const years = (Date.parse(cert.validTo) - Date.parse(cert.validFrom)) / (365.25 * 24 * 3600 * 1000);
    expect(Math.round(years)).toBe(10);
    expect(Date.parse(cert.validFrom)).toBeLessThanOrEqual(Date.now());
    // A separate key from the RSA exchange pair, as in MySQL.
    expect(cert.publicKey.export({ type: 'spki', format: 'pem' })).not.toBe(keys.rsaPublicPem);
  });

  it('serves TLS with the certificate', async () => {
    tls.createSecureContext({ cert: keys.tlsCertPem, key: keys.tlsKeyPem });
    const server = tls.createServer({ cert: keys.tlsCertPem, key: keys.tlsKeyPem }, (s) => s.end('ok'));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const { port } = server.address() as AddressInfo;
      // Pin the self-signed certificate as the trust anchor; no hostname in it (like MySQL's).
      const socket = tls.connect({ port, host: '127.0.0.1', ca: [keys.tlsCertPem], checkServerIdentity: () => undefined });
      await once(socket, 'secureConnect');
      expect(socket.authorized).toBe(true);
      socket.destroy();
    } finally {
      server.close();
    }
  });

  it('keeps a provided certificate and key and still generates the RSA pair', async () => {
    const given = await generateServerKeys({ tlsCertPem: keys.tlsCertPem, tlsKeyPem: keys.tlsKeyPem });
    expect(given.tlsCertPem).toBe(keys.tlsCertPem);
    expect(given.tlsKeyPem).toBe(keys.tlsKeyPem);
    expect(given.rsaPublicPem).not.toBe(keys.rsaPublicPem);
  });

  it('requires certificate and key together', async () => {
    await expect(generateServerKeys({ tlsCertPem: keys.tlsCertPem })).rejects.toThrow(TypeError);
  });
});
