import { createPrivateKey, generateKeyPair, randomBytes, sign, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';

const generateKeyPairAsync = promisify(generateKeyPair);

/** Key material of one server instance (PEM strings). */
export interface ServerKeys {
  /** RSA public key for caching_sha2/sha256 full auth, sent to clients as-is (SPKI, 'BEGIN PUBLIC KEY'). */
  rsaPublicPem: string;
  rsaPrivatePem: string;
  /** The same private key parsed once: RSA decryption with a PEM string parses it each time (~1.5 ms). */
  rsaPrivateKey: KeyObject;
  tlsCertPem: string;
  tlsKeyPem: string;
}

/** The CN auto_generate_certs gives the server certificate. */
export const AUTO_SERVER_CERT_CN = 'MySQL_Server_8.4_Auto_Generated_Server_Certificate';

const CERT_VALIDITY_YEARS = 10; // as auto_generate_certs

/**
 * Generate what mysqld auto-generates at first start: an RSA-2048 pair for the
 * password plugins' RSA exchange and, unless a certificate and key are given, a
 * self-signed TLS certificate (RSA-2048, sha256WithRSAEncryption, 10 years).
 * Key generation runs in the libuv threadpool, so the event loop is never
 * blocked; only the ~1 ms certificate signature runs on it. Start it after the
 * port is open and await it lazily.
 */
export async function generateServerKeys(opts: { tlsCertPem?: string; tlsKeyPem?: string } = {}): Promise<ServerKeys> {
  const { tlsCertPem, tlsKeyPem } = opts;
  if ((tlsCertPem === undefined) !== (tlsKeyPem === undefined)) {
    throw new TypeError('tlsCertPem and tlsKeyPem must be given together');
  }
  const [rsa, tls] = await Promise.all([
    generateKeyPairAsync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    }),
    tlsCertPem !== undefined && tlsKeyPem !== undefined
      ? { cert: tlsCertPem, key: tlsKeyPem }
      : selfSignedCertificate(AUTO_SERVER_CERT_CN),
  ]);
  return { rsaPublicPem: rsa.publicKey, rsaPrivatePem: rsa.privateKey, rsaPrivateKey: createPrivateKey(rsa.privateKey), tlsCertPem: tls.cert, tlsKeyPem: tls.key };
}

// --- minimal DER writer for one self-signed X.509 v3 certificate (RFC 5280) ---

function der(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  const n = body.length;
  const len = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return Buffer.concat([Buffer.from([tag, ...len]), body]);
}
const seq = (...c: Buffer[]) => der(0x30, ...c);
const hex = (h: string) => Buffer.from(h, 'hex');

const SHA256_WITH_RSA = seq(hex('06092a864886f70d01010b'), hex('0500')); // 1.2.840.113549.1.1.11, NULL params
const OID_BASIC_CONSTRAINTS = hex('0603551d13'); // 2.5.29.19

/** Attribute types of a distinguished name, by their short names (X509_NAME_oneline's). */
const NAME_OIDS: Record<string, Buffer> = {
  C: hex('0603550406'),
  ST: hex('0603550408'),
  L: hex('0603550407'),
  O: hex('060355040a'),
  OU: hex('060355040b'),
  CN: hex('0603550403'),
};

/** A distinguished name from [type, value] pairs in order; C is a PrintableString, the rest UTF8String. */
function distinguishedName(fields: readonly (readonly [string, string])[]): Buffer {
  return seq(
    ...fields.map(([type, value]) => {
      const oid = NAME_OIDS[type];
      if (!oid) throw new TypeError(`unknown name attribute ${type}`);
      return der(0x31, seq(oid, der(type === 'C' ? 0x13 : 0x0c, Buffer.from(value))));
    }),
  );
}

/** UTCTime before 2050, GeneralizedTime from 2050 (RFC 5280 §4.1.2.5). */
function derTime(d: Date): Buffer {
  const iso = d.toISOString(); // 2026-01-02T03:04:05.678Z
  const digits = iso.slice(0, 19).replace(/[-T:]/g, '') + 'Z';
  return d.getUTCFullYear() < 2050 ? der(0x17, Buffer.from(digits.slice(2))) : der(0x18, Buffer.from(digits));
}

/** A certificate and its private key (PEM). */
export interface CertificateAndKey {
  cert: string;
  key: string;
}

/**
 * An X.509 v3 certificate with a new RSA-2048 key (sha256WithRSAEncryption,
 * 10 years), as auto_generate_certs makes them: self-signed, or signed by
 * `issuer` (a CA made by this function with `ca: true`). `subject` lists the
 * name's attributes in order, e.g. [['C', 'SE'], ['O', 'MySQL'], ['CN', 'Client']].
 */
export async function createCertificate(opts: {
  subject: readonly (readonly [string, string])[];
  issuer?: { subject: readonly (readonly [string, string])[]; key: string };
  ca?: boolean;
}): Promise<CertificateAndKey> {
  const { publicKey, privateKey } = await generateKeyPairAsync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'der' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const serial = randomBytes(16);
  serial[0] = (serial[0] & 0x7f) | 0x40; // positive, minimal encoding
  const notBefore = new Date();
  const notAfter = new Date(notBefore);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + CERT_VALIDITY_YEARS);
  // basicConstraints (critical): CA:TRUE for a CA, else CA:FALSE (the default, an empty SEQUENCE).
  const constraints = opts.ca ? seq(hex('0101ff')) : seq();
  const extensions = der(0xa3, seq(seq(OID_BASIC_CONSTRAINTS, hex('0101ff'), der(0x04, constraints))));
  const tbs = seq(
    der(0xa0, hex('020102')), // version v3
    der(0x02, serial),
    SHA256_WITH_RSA,
    distinguishedName(opts.issuer?.subject ?? opts.subject),
    seq(derTime(notBefore), derTime(notAfter)),
    distinguishedName(opts.subject),
    publicKey,
    extensions,
  );
  const signature = sign('sha256', tbs, opts.issuer?.key ?? privateKey);
  const cert = seq(tbs, SHA256_WITH_RSA, der(0x03, Buffer.from([0]), signature));
  const b64 = cert.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return { cert: `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`, key: privateKey };
}

function selfSignedCertificate(commonName: string): Promise<CertificateAndKey> {
  return createCertificate({ subject: [['CN', commonName]] });
}
