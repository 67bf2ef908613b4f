/**
 * The login-time math of the built-in password plugins: scramble checks
 * (mysql_native_password's SHA-1 scramble, caching_sha2_password's fast
 * path), the fast-auth digest, and the RSA exchange of full authentication.
 * The stored formats themselves are accounts/credentials.ts.
 *
 * Sources: sql/auth/password.c (check_scramble), sql/auth/sha2_password.cc
 * (Validate_scramble, generate_fast_digest), sql/auth/sql_authentication.cc.
 */
import { constants, hash, privateDecrypt, type KeyObject } from 'node:crypto';
import { sameBytes, sha256, toBytes } from '../accounts/credentials.js';

/** One-shot SHA-1 (no Hash object: a login makes two of these). */
const sha1Of = (data: Buffer): Buffer => hash('sha1', data, 'buffer');

/** hex2octet() with MySQL's char_val(): lenient, non-hex chars decode to garbage rather than failing. */
function nativeStage2(storedHash: string, out: Buffer, at: number): Buffer {
  for (let i = 0; i < 20; i++) {
    out[at + i] = ((charVal(storedHash.charCodeAt(1 + 2 * i)) << 4) | charVal(storedHash.charCodeAt(2 + 2 * i))) & 0xff;
  }
  return out.subarray(at, at + 20);
}

function charVal(c: number): number {
  return c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x41 && c <= 0x5a ? c - 0x41 + 10 : c - 0x61 + 10;
}

/**
 * check_scramble(): response = SHA1(pw) XOR SHA1(scramble ‖ SHA1(SHA1(pw))).
 * An empty response matches only an account with an empty hash; a non-empty
 * response never matches an empty hash. Any other length than 0/20 is a
 * handshake error in MySQL and false here.
 */
export function verifyNativeScramble(storedHash: string, scramble20: Buffer, response: Buffer): boolean {
  if (response.length === 0) return storedHash === '';
  if (response.length !== 20 || storedHash.length !== 41) return false;
  // scramble ‖ stage2 in one buffer: bytes 0-19 the scramble, 20-39 SHA1(SHA1(pw)) from the stored hash.
  const buf = Buffer.allocUnsafe(40);
  scramble20.copy(buf, 0, 0, 20);
  const stage2 = nativeStage2(storedHash, buf, 20);
  const mask = sha1Of(buf);
  for (let i = 0; i < 20; i++) mask[i] = response[i]! ^ mask[i]!;
  return sameBytes(sha1Of(mask), stage2);
}

/** What the fast-auth cache holds after a successful full authentication: SHA256(SHA256(pw)). */
export function cachingSha2FastDigest(password: string | Buffer): Buffer {
  return sha256(sha256(toBytes(password)));
}

/**
 * Fast authentication (Validate_scramble): the client sent
 * SHA256(pw) XOR SHA256(SHA256(SHA256(pw)) ‖ nonce). Unmask it with the cached
 * SHA256(SHA256(pw)) and check that hashing the result gives the cache entry back.
 */
export function verifyCachingSha2Scramble(cachedDigest: Buffer, nonce20: Buffer, response32: Buffer): boolean {
  if (response32.length !== 32 || cachedDigest.length !== 32) return false;
  const mask = sha256(Buffer.concat([cachedDigest, nonce20]));
  for (let i = 0; i < 32; i++) mask[i] = response32[i] ^ mask[i];
  return sameBytes(sha256(mask), cachedDigest);
}

// ---------------------------------------------------------------------------
// RSA full authentication (plain TCP without TLS)
// ---------------------------------------------------------------------------

/** xor_string(): `buf[i] ^ nonce[i % nonce.length]` (nonce = the 20-byte scramble). */
export function xorWithRepeatedNonce(buf: Buffer, nonce: Buffer): Buffer {
  const out = Buffer.allocUnsafe(buf.length);
  for (let i = 0; i < buf.length; i++) out[i] = buf[i] ^ nonce[i % nonce.length];
  return out;
}

/** RSA_private_decrypt with RSA_PKCS1_OAEP_PADDING (SHA-1, MGF1-SHA-1), as clients encrypt. Throws on bad input. */
export function decryptRsaOaep(privateKey: string | KeyObject, ciphertext: Buffer): Buffer {
  return privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, ciphertext);
}
