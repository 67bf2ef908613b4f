import { constants, generateKeyPairSync, publicEncrypt, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cachingSha2Hash,
  generateUserSalt,
  isValidStoredHash,
  MAX_SHA2_PASSWORD_LENGTH,
  nativeHash,
  sha256CryptDigest,
  sha256PasswordHash,
  verifyCachingSha2Password,
  verifySha256Password,
} from '../../../src/accounts/credentials.js';
import {
  cachingSha2FastDigest,
  decryptRsaOaep,
  verifyCachingSha2Scramble,
  verifyNativeScramble,
  xorWithRepeatedNonce,
} from '../../../src/auth/scramble.js';

// mysql2's own client-side auth code (its package "exports" hide lib/, so load by path).
const require = createRequire(import.meta.url);
const mysql2Dir = dirname(require.resolve('mysql2/package.json'));
const auth41 = require(join(mysql2Dir, 'lib/auth_41.js')) as {
  calculateToken(password: string, scramble1: Buffer, scramble2: Buffer): Buffer;
  xorRotating(a: Buffer, seed: Buffer): Buffer;
};
const cachingSha2Client = require(join(mysql2Dir, 'lib/auth_plugins/caching_sha2_password.js')) as {
  calculateToken(password: string, scramble: Buffer): Buffer;
};
const nativeToken = (pw: string, scramble: Buffer) => auth41.calculateToken(pw, scramble.subarray(0, 8), scramble.subarray(8, 20));
/** What mysql2 (and libmysqlclient) send for RSA full auth: RSA-OAEP-SHA1((pw ‖ NUL) XOR scramble). */
const mysql2Encrypt = (pw: string, scramble: Buffer, publicPem: string) =>
  publicEncrypt(
    { key: publicPem, oaepHash: 'sha1', padding: constants.RSA_PKCS1_OAEP_PADDING },
    auth41.xorRotating(Buffer.from(`${pw}\0`, 'utf8'), scramble),
  );

const bytes = (...b: number[]) => Buffer.from(b).toString('latin1');

describe('mysql_native_password', () => {
  it('hashes like PASSWORD() did', () => {
    expect(nativeHash('password')).toBe('*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19');
    expect(nativeHash(Buffer.from('password'))).toBe('*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19');
    expect(nativeHash('')).toBe('');
  });

  it('verifies mysql2 scrambles', () => {
    const scramble = randomBytes(20);
    const stored = nativeHash('s3cret');
    expect(verifyNativeScramble(stored, scramble, nativeToken('s3cret', scramble))).toBe(true);
    expect(verifyNativeScramble(stored.toLowerCase(), scramble, nativeToken('s3cret', scramble))).toBe(true);
    expect(verifyNativeScramble(stored, scramble, nativeToken('s3creT', scramble))).toBe(false);
    expect(verifyNativeScramble(stored, randomBytes(20), nativeToken('s3cret', scramble))).toBe(false);
    expect(verifyNativeScramble(stored, scramble, nativeToken('s3cret', scramble).subarray(0, 19))).toBe(false);
  });

  it('treats the empty response as "no password"', () => {
    const scramble = randomBytes(20);
    expect(verifyNativeScramble('', scramble, Buffer.alloc(0))).toBe(true);
    expect(verifyNativeScramble(nativeHash('x'), scramble, Buffer.alloc(0))).toBe(false);
    expect(verifyNativeScramble('', scramble, nativeToken('x', scramble))).toBe(false);
  });

  it('property: verify(hash(pw)) and not for another password', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 64 }), fc.string({ minLength: 1, maxLength: 64 }), (pw, other) => {
        fc.pre(pw !== other);
        const scramble = generateUserSalt();
        const stored = nativeHash(pw);
        return (
          verifyNativeScramble(stored, scramble, nativeToken(pw, scramble)) &&
          !verifyNativeScramble(stored, scramble, nativeToken(other, scramble))
        );
      }),
      { numRuns: 200 },
    );
  });
});

describe('SHA-256-crypt core', () => {
  // Ulrich Drepper's SHA-crypt.txt vectors (as in glibc / PHP / pgcrypto test suites).
  // Standard crypt truncates the salt to 16 chars and clamps rounds to >= 1000; the core takes both as given.
  const vectors: [salt: string, rounds: number, key: string, digest: string][] = [
    ['saltstring', 5000, 'Hello world!', '5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc5'],
    ['saltstringsaltst', 10000, 'Hello world!', '3xv.VbSHBb41AL9AvLeujZkZRBAwqFMz2.opqey6IcA'],
    ['toolongsaltstrin', 5000, 'This is just a test', 'Un/5jzAHMgOGZ5.mWJpuVolil07guHPvOW8mGRcvxa5'],
    [
      'anotherlongsalts',
      1400,
      'a very much longer text to encrypt.  This one even stretches over morethan one line.',
      'Rx.j8H.h8HjEDGomFU8bDkXm3XIUnzyxf12oP84Bnq1',
    ],
    ['short', 77777, 'we have a short salt string but not a short password', 'JiO1O3ZpDAxGJeaDIuqCoEFysAe1mZNJRs3pw0KQRd/'],
    ['asaltof16chars..', 123456, 'a short string', 'gP3VQ/6X7UUEW3HkBn2w1/Ptq2jxPyzV/cZKmF/wJvD'],
    ['roundstoolow', 1000, 'the minimum number is still observed', 'yfvwcWrQ8l/K0DAWyuPMDNHpIVlTQebY9l/gL972bIC'],
  ];
  it.each(vectors)('salt %s, %d rounds', (salt, rounds, key, digest) => {
    expect(sha256CryptDigest(Buffer.from(key), Buffer.from(salt), rounds)).toBe(digest);
  });
});

// Golden vectors from MySQL's unittest/gunit/sha2_password-t.cc (digests given there as byte arrays).
const mysqlVectors = [
  {
    password: 'HahaH0hO1234#$@#%',
    salt: 'AbCd!@#\tEfgH%^&*01@#',
    digest: bytes(
      0x64, 0x4e, 0x46, 0x65, 0x67, 0x45, 0x61, 0x34, 0x4f, 0x47, 0x44, 0x72, 0x6e, 0x45, 0x75, 0x37, 0x4d, 0x34, 0x54, 0x2e, 0x6e, 0x6b,
      0x6d, 0x6d, 0x37, 0x39, 0x34, 0x78, 0x49, 0x2f, 0x51, 0x6f, 0x43, 0x52, 0x33, 0x5a, 0x2e, 0x78, 0x70, 0x4c, 0x4f, 0x57, 0x36,
    ),
  },
  {
    password: ';bCdEF34^i9&*":({\\56"',
    salt: 'CVlq))+AC>Q)#4!@# x!',
    digest: bytes(
      0x53, 0x50, 0x4d, 0x4e, 0x2f, 0x4c, 0x38, 0x2e, 0x6e, 0x6f, 0x4b, 0x71, 0x65, 0x38, 0x49, 0x58, 0x56, 0x5a, 0x32, 0x44, 0x70, 0x43,
      0x45, 0x36, 0x77, 0x32, 0x39, 0x62, 0x31, 0x30, 0x36, 0x76, 0x43, 0x51, 0x65, 0x63, 0x61, 0x70, 0x39, 0x4a, 0x4b, 0x70, 0x41,
    ),
  },
  {
    password: ' CQ#$ML CF%IF$#(<#R ()<_q@#(rq',
    salt: 'X#y)+q x2cx3,qr2##3\t',
    digest: bytes(
      0x72, 0x50, 0x38, 0x4a, 0x6e, 0x38, 0x4d, 0x74, 0x70, 0x36, 0x58, 0x43, 0x4d, 0x78, 0x31, 0x51, 0x6a, 0x53, 0x44, 0x41, 0x38, 0x4e,
      0x53, 0x61, 0x6c, 0x66, 0x56, 0x4d, 0x53, 0x42, 0x4e, 0x4d, 0x49, 0x72, 0x32, 0x79, 0x71, 0x63, 0x45, 0x69, 0x36, 0x51, 0x38,
    ),
  },
];

describe('caching_sha2_password storage', () => {
  it.each(mysqlVectors)('reproduces MySQL unit-test digest for %j', ({ password, salt, digest }) => {
    const stored = `$A$005$${salt}${digest}`;
    expect(stored).toHaveLength(70);
    expect(cachingSha2Hash(password, { salt: Buffer.from(salt, 'latin1') })).toBe(stored);
    expect(verifyCachingSha2Password(stored, Buffer.from(password))).toBe(true);
    expect(verifyCachingSha2Password(stored, Buffer.from(password + 'x'))).toBe(false);
  });

  it('has the $A$005$ layout with a generate_user_salt salt', () => {
    const stored = cachingSha2Hash('pw');
    expect(stored).toHaveLength(70);
    expect(stored.startsWith('$A$005$')).toBe(true);
    expect(stored.slice(7, 27)).toMatch(/^[\x01-\x23\x25-\x7f]{20}$/);
    expect(stored.slice(27)).toMatch(/^[./0-9A-Za-z]{43}$/);
    expect(cachingSha2Hash('pw')).not.toBe(stored);
  });

  it('writes rounds/1000 as 3 uppercase hex digits and honours them', () => {
    const stored = cachingSha2Hash('pw', { rounds: 10000 });
    expect(stored.startsWith('$A$00A$')).toBe(true);
    expect(verifyCachingSha2Password(stored, Buffer.from('pw'))).toBe(true);
    // The same digest under another count no longer verifies.
    expect(verifyCachingSha2Password(stored.replace('$00A$', '$00B$'), Buffer.from('pw'))).toBe(false);
    expect(() => cachingSha2Hash('pw', { rounds: 5500 })).toThrow(RangeError);
    expect(() => cachingSha2Hash('pw', { rounds: 4000 })).toThrow(RangeError);
    expect(() => cachingSha2Hash('pw', { salt: Buffer.alloc(19, 0x41) })).toThrow(RangeError);
  });

  it('falls back to 5000 rounds for a count below the minimum, as my_crypt_genhash does', () => {
    const stored = cachingSha2Hash('pw');
    expect(verifyCachingSha2Password(stored.replace('$005$', '$001$'), Buffer.from('pw'))).toBe(true);
  });

  it('handles empty and over-long passwords like MySQL', () => {
    expect(cachingSha2Hash('')).toBe('');
    expect(verifyCachingSha2Password('', Buffer.alloc(0))).toBe(true);
    expect(verifyCachingSha2Password('', Buffer.from('x'))).toBe(false);
    const max = 'x'.repeat(MAX_SHA2_PASSWORD_LENGTH);
    expect(verifyCachingSha2Password(cachingSha2Hash(max), Buffer.from(max))).toBe(true);
    expect(() => cachingSha2Hash(max + 'x')).toThrow(RangeError);
    expect(verifyCachingSha2Password(cachingSha2Hash(max), Buffer.from(max + 'x'))).toBe(false);
    expect(verifyCachingSha2Password('garbage', Buffer.from('x'))).toBe(false);
  });

  it('property: verify(hash(pw)) and not for another password', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 80 }), fc.uint8Array({ minLength: 1, maxLength: 80 }), (pw, other) => {
        fc.pre(!Buffer.from(pw).equals(Buffer.from(other)));
        const stored = cachingSha2Hash(Buffer.from(pw));
        return verifyCachingSha2Password(stored, Buffer.from(pw)) && !verifyCachingSha2Password(stored, Buffer.from(other));
      }),
      { numRuns: 15 },
    );
  });
});

describe('caching_sha2_password fast authentication', () => {
  it('matches the MySQL unit-test fast digest and scramble', () => {
    expect(cachingSha2FastDigest('HahaH0hO1234#$@#%').toString('hex')).toBe(
      '003c2068b36bc9b71875b3387d2f86f9e33ab383116bd957f173469b1f38f2df',
    );
    const scramble = Buffer.from('6a4537966b296359248d64860ad6cc2a06478c26eaaa3b02694c8502f55bc8dc', 'hex');
    const nonce = Buffer.from('eF!@34gH%^78');
    expect(verifyCachingSha2Scramble(cachingSha2FastDigest('Ab12#$Cd56&*'), nonce, scramble)).toBe(true);
    expect(cachingSha2Client.calculateToken('Ab12#$Cd56&*', nonce).equals(scramble)).toBe(true);
  });

  it('verifies mysql2 tokens against the cached digest only', () => {
    const nonce = generateUserSalt();
    const cached = cachingSha2FastDigest('s3cret');
    const token = cachingSha2Client.calculateToken('s3cret', nonce);
    expect(verifyCachingSha2Scramble(cached, nonce, token)).toBe(true);
    expect(verifyCachingSha2Scramble(cached, generateUserSalt(), token)).toBe(false);
    expect(verifyCachingSha2Scramble(cachingSha2FastDigest('s3creT'), nonce, token)).toBe(false);
    expect(verifyCachingSha2Scramble(cached, nonce, token.subarray(0, 31))).toBe(false);
  });

  it('property: token of pw verifies, token of another password does not', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 64 }), fc.string({ minLength: 1, maxLength: 64 }), (pw, other) => {
        fc.pre(pw !== other);
        const nonce = generateUserSalt();
        const cached = cachingSha2FastDigest(pw);
        return (
          verifyCachingSha2Scramble(cached, nonce, cachingSha2Client.calculateToken(pw, nonce)) &&
          !verifyCachingSha2Scramble(cached, nonce, cachingSha2Client.calculateToken(other, nonce))
        );
      }),
      { numRuns: 200 },
    );
  });
});

describe('sha256_password', () => {
  it('stores $5$<20-byte salt>$<digest> with the same crypt as caching_sha2 (5000 rounds)', () => {
    const { password, salt, digest } = mysqlVectors[0]!;
    const stored = sha256PasswordHash(password, { salt: Buffer.from(salt, 'latin1') });
    expect(stored).toBe(`$5$${salt}$${digest}`);
    expect(verifySha256Password(stored, Buffer.from(password))).toBe(true);
    expect(verifySha256Password(stored, Buffer.from('nope'))).toBe(false);
  });

  it('generates a fresh valid hash', () => {
    const stored = sha256PasswordHash('pw');
    expect(stored).toMatch(/^\$5\$[\x01-\x23\x25-\x7f]{20}\$[./0-9A-Za-z]{43}$/);
    expect(verifySha256Password(stored, Buffer.from('pw'))).toBe(true);
    expect(sha256PasswordHash('')).toBe('');
    expect(verifySha256Password('', Buffer.alloc(0))).toBe(true);
    expect(verifySha256Password('', Buffer.from('pw'))).toBe(false);
    expect(verifySha256Password(stored, Buffer.alloc(0))).toBe(false);
  });

  it('compares only the stored length, like the memcmp in sha256_password_authenticate', () => {
    const stored = sha256PasswordHash('pw');
    expect(verifySha256Password(stored.slice(0, 23), Buffer.from('anything'))).toBe(true);
    expect(verifySha256Password(stored.slice(0, 30), Buffer.from('pw'))).toBe(true);
    expect(verifySha256Password(stored.slice(0, 30), Buffer.from('px'))).toBe(false);
    expect(verifySha256Password(stored.slice(0, 22), Buffer.from('pw'))).toBe(false); // salt too short
    expect(verifySha256Password(stored + 'x', Buffer.from('pw'))).toBe(false);
  });

  it('property: verify(hash(pw)) and not for another password', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 64 }), fc.string({ minLength: 1, maxLength: 64 }), (pw, other) => {
        fc.pre(pw !== other);
        const stored = sha256PasswordHash(pw);
        return verifySha256Password(stored, Buffer.from(pw)) && !verifySha256Password(stored, Buffer.from(other));
      }),
      { numRuns: 15 },
    );
  });
});

describe('isValidStoredHash', () => {
  it('mysql_native_password: empty or 41 bytes starting with * (hex not checked)', () => {
    expect(isValidStoredHash('mysql_native_password', '')).toBe(true);
    expect(isValidStoredHash('mysql_native_password', nativeHash('x'))).toBe(true);
    expect(isValidStoredHash('mysql_native_password', '*' + 'Z'.repeat(40))).toBe(true);
    expect(isValidStoredHash('mysql_native_password', nativeHash('x').slice(0, 40))).toBe(false);
    expect(isValidStoredHash('mysql_native_password', 'x' + nativeHash('x').slice(1))).toBe(false);
  });

  it('caching_sha2_password: the cases of sha2_password-t.cc deserialize tests', () => {
    const ok = (s: string) => isValidStoredHash('caching_sha2_password', s);
    expect(ok('')).toBe(true);
    expect(ok('$A$005$ABCDEFGHIJKLMNOPQRSTabcdefgh01234567ijklmnop89012345ABCDEFGH678')).toBe(true);
    expect(ok("$A$005$01234567ABCDEFGH!@#$abcdefgh01234567ijklm890!@#$%^&*;[-=,+]']+*")).toBe(true);
    expect(ok('$B$005$01234567ABCDEFGH!@#$abcdefgh01234567ijklm890!@#$%^&*a;3-6;2[6-4')).toBe(false);
    expect(ok('$HOHO$005$01234567ABCDEFGH!@#$abcdefgh01234567ijklm890!@#$%^&*a;3-6;2[6-4')).toBe(false);
    expect(ok('$A$0$01234567ABCDEFGH!@#$abcdefgh01234567ijklm890!@#$%^&*a;3-6;2[6-4')).toBe(false);
    expect(ok('$A$000$01234567ABCDEFGH!@#$abcdefgh01234567ijklm890!@#$%^&*a;3-6;2[6-4')).toBe(false);
    expect(ok('$A$01234567ABCDEFGH!@#$abcdefgh01234567ijklm890!@#$%^&*a;3-6;2[6-4')).toBe(false);
    expect(ok('$A$$01234567ABCDEFGH!@#$abcdefgh01234567ijklm890!@#$%^&*a;3-6;2[6-4')).toBe(false);
    expect(ok('$A$0005$01234567ABCDE')).toBe(false);
    expect(ok('$A$0005$01234567ABCDEFGH!@#$abcdefgh01234567ijklm890!@#$%^&')).toBe(false);
    expect(ok(cachingSha2Hash('x'))).toBe(true);
    expect(ok(cachingSha2Hash('x').slice(0, 69))).toBe(false);
    expect(ok('$A$FFF$' + 'a'.repeat(63))).toBe(true);
    expect(ok('$A$zzz$' + 'a'.repeat(63))).toBe(false);
  });

  it('accepts the bytes of an `AS 0x...` hex literal', () => {
    const stored = cachingSha2Hash('x');
    const literal = '0x' + Buffer.from(stored, 'latin1').toString('hex').toUpperCase();
    const decoded = Buffer.from(literal.slice(2), 'hex');
    expect(isValidStoredHash('caching_sha2_password', decoded)).toBe(true);
    expect(decoded.toString('latin1')).toBe(stored);
  });

  it('sha256_password: empty or $5$ prefix and at most 79 bytes', () => {
    expect(isValidStoredHash('sha256_password', '')).toBe(true);
    expect(isValidStoredHash('sha256_password', sha256PasswordHash('x'))).toBe(true);
    expect(isValidStoredHash('sha256_password', '$5$short')).toBe(true);
    expect(isValidStoredHash('sha256_password', '$5$' + 'a'.repeat(76))).toBe(true);
    expect(isValidStoredHash('sha256_password', '$5$' + 'a'.repeat(77))).toBe(false);
    expect(isValidStoredHash('sha256_password', '$6$abc')).toBe(false);
  });

  it('plugins without a hash format accept anything', () => {
    expect(isValidStoredHash('mysql_no_login', 'whatever')).toBe(true);
  });
});

describe('RSA full authentication helpers', () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });

  it('recovers a mysql2-encrypted password', () => {
    const nonce = generateUserSalt();
    const password = 'pässwörd with a long tail to exceed the 20-byte nonce';
    const ciphertext = mysql2Encrypt(password, nonce, publicKey);
    expect(ciphertext).toHaveLength(256);
    const plain = xorWithRepeatedNonce(decryptRsaOaep(privateKey, ciphertext), nonce);
    expect(plain.subarray(0, plain.indexOf(0)).toString('utf8')).toBe(password);
  });

  it('rejects garbage ciphertext', () => {
    expect(() => decryptRsaOaep(privateKey, randomBytes(256))).toThrow();
  });

  it('xors with the nonce repeated', () => {
    const out = xorWithRepeatedNonce(Buffer.from([1, 2, 3, 4, 5]), Buffer.from([0xff, 0x0f]));
    expect([...out]).toEqual([0xfe, 0x0d, 0xfc, 0x0b, 0xfa]);
  });
});

describe('generateUserSalt', () => {
  it('yields 7-bit bytes without NUL or $', () => {
    const all = Buffer.concat(Array.from({ length: 500 }, () => generateUserSalt()));
    expect(all).toHaveLength(10_000);
    expect([...all].every((b) => b >= 1 && b <= 0x7f && b !== 0x24)).toBe(true);
  });
});
