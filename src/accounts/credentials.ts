/**
 * MySQL's stored credential formats and the verification math of the built-in
 * password plugins (mysql_native_password, caching_sha2_password,
 * sha256_password). Pure functions over node:crypto; no I/O, no state.
 *
 * Stored hashes are byte strings: one JS char per byte (latin1). Everything
 * MySQL generates is 7-bit, so for generated hashes this is plain ASCII; hashes
 * imported with `IDENTIFIED WITH ... AS 0x...` may contain any byte.
 *
 * Sources: mysys/crypt_genhash_impl.cc (my_crypt_genhash, generate_user_salt),
 * include/crypt_genhash_impl.h, sql/auth/sha2_password.cc and
 * sql/auth/i_sha2_password.h (serialize/deserialize, authenticate),
 * sql/auth/sql_authentication.cc (validate_*_hash, sha256_password_authenticate),
 * unittest/gunit/sha2_password-t.cc (golden vectors used by the tests).
 */
import {
  createHash,
  hash as oneShotHash,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import type { Profile } from '../config/profiles.js';

/** Longest password caching_sha2_password and sha256_password accept (MAX_PLAINTEXT_LENGTH). */
export const MAX_SHA2_PASSWORD_LENGTH = 256;

const SALT_LENGTH = 20; // CRYPT_SALT_LENGTH
const DIGEST_CHARS = 43; // STORED_SHA256_DIGEST_LENGTH
const ITERATION_MULTIPLIER = 1000;
const MAX_ITERATIONS = 0xfff * ITERATION_MULTIPLIER;
const DEFAULT_ROUNDS = 5000; // ROUNDS_DEFAULT (8.0.24+ / 8.4)
const MIN_ROUNDS = 5000; // ROUNDS_MIN (8.0.24+ / 8.4)
const SHA256_CRYPT_MAX = SALT_LENGTH + DIGEST_CHARS + 3 + 13; // CRYPT_MAX_PASSWORD_SIZE = 79
const DOLLAR = 0x24;

/** A password as bytes (strings are UTF-8). */
export const toBytes = (pw: string | Buffer): Buffer => (typeof pw === 'string' ? Buffer.from(pw, 'utf8') : pw);
/** SHA-1 of the concatenated parts. */
export const sha1 = (...parts: Buffer[]): Buffer => {
  const h = createHash('sha1');
  for (const p of parts) h.update(p);
  return h.digest();
};
/** SHA-256 of one buffer. */
export const sha256 = (data: Buffer): Buffer => oneShotHash('sha256', data, 'buffer');
/** Constant-time equality of two byte strings. */
export const sameBytes = (a: Buffer, b: Buffer): boolean => a.length === b.length && timingSafeEqual(a, b);

// ---------------------------------------------------------------------------
// mysql_native_password
// ---------------------------------------------------------------------------

/** `'*' + UPPER(HEX(SHA1(SHA1(pw))))`; '' for the empty password. */
export function nativeHash(password: string | Buffer): string {
  const pw = toBytes(password);
  if (pw.length === 0) return '';
  return '*' + sha1(sha1(pw)).toString('hex').toUpperCase();
}

// ---------------------------------------------------------------------------
// SHA-256-crypt core (Drepper), as in my_crypt_genhash()
// ---------------------------------------------------------------------------

const B64 = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
// Byte triples of the final digest in crypt's output order (step 22).
const B64_ORDER = [
  [0, 10, 20], [21, 1, 11], [12, 22, 2], [3, 13, 23], [24, 4, 14],
  [15, 25, 5], [6, 16, 26], [27, 7, 17], [18, 28, 8], [9, 19, 29],
] as const;

function cryptBase64(d: Buffer): string {
  let out = '';
  const put = (w: number, n: number) => {
    for (let i = 0; i < n; i++, w >>>= 6) out += B64[w & 0x3f];
  };
  for (const [a, b, c] of B64_ORDER) put((d[a] << 16) | (d[b] << 8) | d[c], 4);
  put((d[31] << 8) | d[30], 3);
  return out;
}

/** `len` bytes of `src` repeated cyclically (steps 16 and 20 build P and S this way). */
function cyclic(src: Buffer, len: number): Buffer {
  const out = Buffer.allocUnsafe(len);
  for (let i = 0; i < len; i += src.length) src.copy(out, i, 0, Math.min(src.length, len - i));
  return out;
}

/**
 * The 43-char SHA-256-crypt digest of `key` with the *already truncated* salt
 * and an exact round count (no clamping, no salt parsing). Standard Drepper
 * output for salts of up to 16 bytes; MySQL uses 20-byte salts.
 */
export function sha256CryptDigest(key: Buffer, salt: Buffer, rounds: number): string {
  const klen = key.length;
  const B = sha256(Buffer.concat([key, salt, key]));

  const partsA: Buffer[] = [key, salt];
  let i = klen;
  for (; i > 32; i -= 32) partsA.push(B);
  partsA.push(B.subarray(0, i));
  for (i = klen; i > 0; i >>= 1) partsA.push(i & 1 ? B : key);
  const A = sha256(Buffer.concat(partsA));

  const P = cyclic(sha256(Buffer.concat(new Array<Buffer>(klen).fill(key))), klen);
  const S = cyclic(sha256(Buffer.concat(new Array<Buffer>(16 + A[0]).fill(salt))), salt.length);

  // Round i hashes  (odd ? P : C) ‖ (i%3 ? S : -) ‖ (i%7 ? P : -) ‖ (odd ? C : P)
  // where C is the previous digest. The layout depends only on (i&1, i%3==0, i%7==0),
  // so build the 8 message templates once and only copy C into its slot per round.
  const slot = Buffer.alloc(32);
  const templates: { msg: Buffer; at: number }[] = [];
  for (let t = 0; t < 8; t++) {
    const odd = (t & 1) !== 0;
    const msg = Buffer.concat([odd ? P : slot, ...(t & 2 ? [] : [S]), ...(t & 4 ? [] : [P]), odd ? slot : P]);
    templates.push({ msg, at: odd ? msg.length - 32 : 0 });
  }
  let C = A;
  for (let r = 0; r < rounds; r++) {
    const t = templates[(r & 1) | (r % 3 === 0 ? 2 : 0) | (r % 7 === 0 ? 4 : 0)];
    C.copy(t.msg, t.at);
    C = sha256(t.msg);
  }
  return cryptBase64(C);
}

/**
 * my_crypt_genhash() output for a plugin-supplied salt string: it skips 3 bytes if the
 * salt starts with "$5", then takes it up to the first '$' or NUL (C string), at most 20 bytes.
 * (The "rounds=" parameter parsing is not reproduced: a 20-byte random salt never
 * contains it.) Returns `$5$<salt>$<digest>`.
 */
function mysqlCrypt(password: Buffer, saltField: Buffer, rounds: number): string {
  let salt = saltField;
  if (salt[0] === DOLLAR && salt[1] === 0x35) salt = salt.subarray(3);
  let len = 0;
  while (len < salt.length && len < SALT_LENGTH && salt[len] !== DOLLAR && salt[len] !== 0) len++;
  salt = salt.subarray(0, len);
  return '$5$' + salt.toString('latin1') + '$' + sha256CryptDigest(password, salt, rounds);
}

/** generate_user_salt(): 20 random 7-bit bytes, NUL and '$' bumped by one (so 0x01..0x7F, not only printable). */
export function generateUserSalt(length = SALT_LENGTH): Buffer {
  const salt = randomBytes(length);
  for (let i = 0; i < length; i++) {
    salt[i] &= 0x7f;
    if (salt[i] === 0 || salt[i] === DOLLAR) salt[i]++;
  }
  return salt;
}

// ---------------------------------------------------------------------------
// caching_sha2_password
// ---------------------------------------------------------------------------

/**
 * generate_sha2_multi_hash(): MySQL takes the 43 bytes at offset 3+20+1 of the
 * zero-filled crypt buffer, i.e. assumes a full 20-byte salt (a shorter effective
 * salt shifts the window; reproduced for imported hashes).
 */
function cachingSha2Digest(password: Buffer, salt: Buffer, iterations: number): string {
  const rounds = iterations >= MIN_ROUNDS && iterations <= MAX_ITERATIONS ? iterations : DEFAULT_ROUNDS;
  const out = mysqlCrypt(password, salt, rounds);
  return out.padEnd(24 + DIGEST_CHARS, '\0').slice(24, 24 + DIGEST_CHARS);
}

interface CachingSha2Parts {
  salt: Buffer;
  digest: string;
  iterations: number;
}

/**
 * Caching_sha2_password::deserialize(), including its leniencies: the first '$'
 * need not be at offset 0, the iteration field is any 3 chars parsed as hex
 * (std::stoul base 16, stops at the first non-hex char).
 */
function parseCachingSha2(stored: string): CachingSha2Parts | null {
  const d1 = stored.indexOf('$');
  if (d1 < 0 || stored.substr(d1 + 1, 1) !== 'A') return null;
  const d2 = stored.indexOf('$', d1 + 1);
  if (d2 < 0) return null;
  const d3 = stored.indexOf('$', d2 + 1);
  if (d3 < 0 || d3 - d2 !== 4) return null;
  const count = parseInt(stored.substr(d2 + 1, 3), 16);
  if (!(count > 0)) return null;
  const salt = stored.substr(d3 + 1, SALT_LENGTH);
  const digest = stored.slice(d3 + 1 + SALT_LENGTH);
  if (salt.length !== SALT_LENGTH || digest.length !== DIGEST_CHARS) return null;
  return {
    salt: Buffer.from(salt, 'latin1'),
    digest,
    iterations: Math.min(count * ITERATION_MULTIPLIER, MAX_ITERATIONS),
  };
}

/**
 * `$A$<3 uppercase hex digits: rounds/1000>$<20-byte salt><43-char digest>`, 70 bytes
 * for the default 5000 rounds (`$A$005$`). '' for the empty password.
 * `rounds` must be a multiple of 1000 in [5000, 4095000]; `salt` must be 20 bytes.
 */
export function cachingSha2Hash(password: string | Buffer, opts: { salt?: Buffer; rounds?: number } = {}): string {
  const pw = toBytes(password);
  if (pw.length > MAX_SHA2_PASSWORD_LENGTH) throw new RangeError(`password longer than ${MAX_SHA2_PASSWORD_LENGTH} bytes`);
  if (pw.length === 0) return '';
  const rounds = opts.rounds ?? DEFAULT_ROUNDS;
  if (!Number.isInteger(rounds) || rounds % ITERATION_MULTIPLIER !== 0 || rounds < MIN_ROUNDS || rounds > MAX_ITERATIONS) {
    throw new RangeError(`caching_sha2_password rounds must be a multiple of 1000 in [5000, ${MAX_ITERATIONS}]`);
  }
  const salt = opts.salt ?? generateUserSalt();
  if (salt.length !== SALT_LENGTH) throw new RangeError('caching_sha2_password salt must be 20 bytes');
  const count = (rounds / ITERATION_MULTIPLIER).toString(16).toUpperCase().padStart(3, '0');
  return `$A$${count}$${salt.toString('latin1')}${cachingSha2Digest(pw, salt, rounds)}`;
}

/**
 * Full authentication with the cleartext password (Caching_sha2_password::authenticate):
 * an empty stored string matches only the empty password; passwords over 256 bytes and
 * unparsable stored strings never match. Runs the full SHA-256-crypt (~ms).
 */
export function verifyCachingSha2Password(stored: string, password: Buffer): boolean {
  if (password.length > MAX_SHA2_PASSWORD_LENGTH) return false;
  if (stored === '') return password.length === 0;
  const parts = parseCachingSha2(stored);
  if (!parts) return false;
  const digest = cachingSha2Digest(password, parts.salt, parts.iterations);
  return sameBytes(Buffer.from(digest, 'latin1'), Buffer.from(parts.digest, 'latin1'));
}

// ---------------------------------------------------------------------------
// sha256_password
// ---------------------------------------------------------------------------

/** my_make_scrambled_password(): `$5$<20-byte salt>$<43-char digest>` (5000 rounds, 67 bytes); '' for ''. */
export function sha256PasswordHash(password: string | Buffer, opts: { salt?: Buffer } = {}): string {
  const pw = toBytes(password);
  if (pw.length > MAX_SHA2_PASSWORD_LENGTH) throw new RangeError(`password longer than ${MAX_SHA2_PASSWORD_LENGTH} bytes`);
  if (pw.length === 0) return '';
  const salt = opts.salt ?? generateUserSalt();
  if (salt.length !== SALT_LENGTH) throw new RangeError('sha256_password salt must be 20 bytes');
  return mysqlCrypt(pw, salt, DEFAULT_ROUNDS);
}

/**
 * sha256_password_authenticate(): the salt is what lies between the 2nd and 3rd '$'
 * (or the end) and must be exactly 20 bytes; the recomputed `$5$salt$digest` is then
 * compared over the *stored* length only (memcmp with auth_string_length), so a
 * truncated stored string is a prefix match — reproduced as MySQL does it.
 */
export function verifySha256Password(stored: string, password: Buffer): boolean {
  if (password.length > MAX_SHA2_PASSWORD_LENGTH) return false;
  if (stored === '' || password.length === 0) return stored === '' && password.length === 0;
  // extract_user_salt(): the salt starts after the 2nd '$' (else at 0) and ends at the 3rd (else at the end).
  let begin = 0;
  let end = stored.length;
  for (let i = 0, seen = 0; i < stored.length; i++) {
    if (stored[i] !== '$') continue;
    if (++seen === 2) begin = i + 1;
    if (seen === 3) {
      end = i;
      break;
    }
  }
  if (end - begin !== SALT_LENGTH) return false;
  const computed = mysqlCrypt(password, Buffer.from(stored.slice(begin, end), 'latin1'), DEFAULT_ROUNDS);
  if (stored.length > computed.length) return false;
  return sameBytes(Buffer.from(stored, 'latin1'), Buffer.from(computed.slice(0, stored.length), 'latin1'));
}

// ---------------------------------------------------------------------------
// IDENTIFIED WITH plugin AS 'hash'
// ---------------------------------------------------------------------------

/**
 * The plugins' validate_authentication_string() checks, applied to
 * `IDENTIFIED WITH plugin AS <hash>`. Since 8.0.17 the grammar also takes a hex
 * literal there (`AS 0x2441...`, TEXT_STRING_hash: HEX_NUM); the parser turns it
 * into bytes before this check, so pass the decoded bytes as a Buffer.
 *  - mysql_native_password: '' or exactly 41 bytes starting with '*' (hex is *not* checked)
 *  - caching_sha2_password: '' or what deserialize() accepts (70 bytes when well formed)
 *  - sha256_password: '' or starting with '$5$' and at most 79 bytes
 * Other plugins have no hash format and accept any string.
 */
/**
 * MariaDB's native_password_get_salt(): '', '*' + 40 hex digits, a 16-digit
 * pre-4.1 hash, or 'invalid' (a hash no password matches, as mariadb.sys has).
 */
export function isValidMariaDbNativeHash(hash: string): boolean {
  return hash === '' || hash === 'invalid' || /^\*[0-9A-Fa-f]{40}$/.test(hash) || isOldPasswordHash(hash);
}

export function isValidStoredHash(plugin: string, hash: string | Buffer): boolean {
  const s = typeof hash === 'string' ? hash : hash.toString('latin1');
  if (s === '') return true;
  switch (plugin) {
    case 'mysql_native_password':
      return s.length === 41 && s[0] === '*';
    case 'caching_sha2_password':
      return parseCachingSha2(s) !== null;
    case 'sha256_password':
      return s.startsWith('$5$') && s.length <= SHA256_CRYPT_MAX;
    default:
      return true;
  }
}

// ---------------------------------------------------------------------------
// mysql_old_password (pre-4.1), sql/password.c
// ---------------------------------------------------------------------------

/** hash_password(): spaces and tabs are skipped; arithmetic on the low 32 bits is enough for the 31-bit result. */
export function oldPasswordWords(password: Buffer): [number, number] {
  let nr = 1345345333;
  let add = 7;
  let nr2 = 0x12345671;
  for (const c of password) {
    if (c === 0x20 || c === 0x09) continue;
    nr = (nr ^ (Math.imul((nr & 63) + add, c) + (nr << 8))) >>> 0;
    nr2 = (nr2 + ((nr2 << 8) ^ nr)) >>> 0;
    add = (add + c) >>> 0;
  }
  return [nr & 0x7fffffff, nr2 & 0x7fffffff];
}

/** my_make_scrambled_password_323(): what OLD_PASSWORD() and PASSWORD() under old_passwords=1 return ('' for ''). */
export function oldPasswordHash(password: string | Buffer): string {
  const bytes = typeof password === 'string' ? Buffer.from(password, 'utf8') : password;
  if (bytes.length === 0) return '';
  return oldPasswordWords(bytes)
    .map((w) => w.toString(16).padStart(8, '0'))
    .join('');
}

/** A stored pre-4.1 hash: exactly 16 hex digits. */
export function isOldPasswordHash(hash: string): boolean {
  return /^[0-9a-fA-F]{16}$/.test(hash);
}

// ---------------------------------------------------------------------------
// Hashing a new password, PASSWORD()
// ---------------------------------------------------------------------------

/** The authentication_string MySQL stores for `password` under `plugin` ('' for an empty password). */
export function hashPassword(plugin: string, password: string): string {
  if (password === '') return '';
  switch (plugin) {
    case 'mysql_native_password':
      return nativeHash(password);
    case 'sha256_password':
      return sha256PasswordHash(password);
    case 'caching_sha2_password':
      return cachingSha2Hash(password);
    case 'mysql_old_password':
      return oldPasswordHash(password);
    default:
      throw new Error(`no internal credential storage for plugin ${plugin}`);
  }
}

/**
 * What PASSWORD('text') returns under old_passwords (Item_func_password):
 * '' for '', else 0 native ('*' + 40 hex), 1 pre-4.1 (16 hex; 5.7 returns ''
 * there, its calculate_password() having lost that branch), 2 sha256_password.
 */
export function passwordFunctionHash(text: string | Buffer, oldPasswords: number, profile: Profile): string {
  if (text.length === 0) return '';
  if (oldPasswords === 1) return profile.oldPasswordsPre41 ? oldPasswordHash(text) : '';
  if (oldPasswords === 2) return sha256PasswordHash(text);
  return nativeHash(text);
}

/** Does `password` match the stored credential of `plugin`? */
export function passwordMatches(plugin: string, stored: string, password: string): boolean {
  if (stored === '') return password === '';
  if (password === '') return false;
  switch (plugin) {
    case 'mysql_native_password':
      return nativeHash(password) === stored;
    case 'caching_sha2_password':
      return verifyCachingSha2Password(stored, Buffer.from(password, 'utf8'));
    case 'sha256_password':
      return verifySha256Password(stored, Buffer.from(password, 'utf8'));
    default:
      return false;
  }
}
