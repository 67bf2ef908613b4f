/**
 * mysql_old_password: MySQL 3.23-4.0 authentication, as MySQL 5.6 still
 * ships it (sql/password.c: hash_password(), randominit(), my_rnd(),
 * scramble_323(), check_scramble_323(); sql_acl.cc: old_password_authenticate()).
 *
 * The stored hash is 16 lower-case hex digits: two 31-bit words of
 * hash_password(). The client answers an 8-byte challenge (the first 8 bytes
 * of the 20-byte scramble) with 8 bytes, sent NUL-terminated.
 */
import { isOldPasswordHash, oldPasswordWords } from '../accounts/credentials.js';
import { type AuthInput, type AuthOutcome, type AuthPlugin, scrambleWithNul, storedPasswords } from './plugin.js';
import { mysqlError } from '../errors/mysql-error.js';

/** SCRAMBLE_LENGTH_323. */
export const OLD_SCRAMBLE_LENGTH = 8;

const MAX_VALUE = 0x3fffffff;

/** randominit() + my_rnd() (the 3.21+ generator), floating point as in C. */
function generator(seed1: number, seed2: number): () => number {
  let s1 = seed1 % MAX_VALUE;
  let s2 = seed2 % MAX_VALUE;
  return () => {
    s1 = (s1 * 3 + s2) % MAX_VALUE;
    s2 = (s1 + s2 + 33) % MAX_VALUE;
    return s1 / MAX_VALUE;
  };
}

/** The 8 bytes scramble_323() derives from the password's hash words and the 8-byte message. */
function scrambleFromWords(hashPass: [number, number], message: Buffer): Buffer {
  const hashMessage = oldPasswordWords(message.subarray(0, OLD_SCRAMBLE_LENGTH));
  const rnd = generator((hashPass[0] ^ hashMessage[0]) >>> 0, (hashPass[1] ^ hashMessage[1]) >>> 0);
  const out = Buffer.alloc(OLD_SCRAMBLE_LENGTH);
  for (let i = 0; i < OLD_SCRAMBLE_LENGTH; i++) out[i] = Math.floor(rnd() * 31) + 64;
  const extra = Math.floor(rnd() * 31);
  for (let i = 0; i < OLD_SCRAMBLE_LENGTH; i++) out[i]! ^= extra;
  return out;
}

/** scramble_323(): the client's 8-byte answer (empty for an empty password). */
export function scramble323(message: Buffer, password: string | Buffer): Buffer {
  const bytes = typeof password === 'string' ? Buffer.from(password, 'utf8') : password;
  if (bytes.length === 0) return Buffer.alloc(0);
  return scrambleFromWords(oldPasswordWords(bytes), message);
}

/** check_scramble_323(): does the 8-byte reply match the stored 16-hex-digit hash? */
export function checkScramble323(reply: Buffer, message: Buffer, storedHash: string): boolean {
  if (!isOldPasswordHash(storedHash) || reply.length !== OLD_SCRAMBLE_LENGTH || reply.includes(0)) return false;
  const words: [number, number] = [parseInt(storedHash.slice(0, 8), 16), parseInt(storedHash.slice(8), 16)];
  return scrambleFromWords(words, message).equals(reply);
}

/**
 * old_password_authenticate(): a 9-byte reply is the NUL-terminated form (the
 * answer to the 1-byte OldAuthSwitchRequest); an empty one means no password.
 * secure_auth is checked by authenticate.ts before the challenge goes out.
 */
export const oldPassword: AuthPlugin = {
  name: 'mysql_old_password',
  clientName: 'mysql_old_password',
  initialData: scrambleWithNul,
  async authenticate({ account, scramble, response }: AuthInput): Promise<AuthOutcome> {
    let reply = response;
    if (reply.length === OLD_SCRAMBLE_LENGTH + 1) {
      const nul = reply.indexOf(0);
      reply = reply.subarray(0, nul < 0 ? reply.length : nul);
    }
    if (reply.length === 0) return { ok: account !== null && account.authenticationString === '', usedPassword: false };
    if (reply.length !== OLD_SCRAMBLE_LENGTH) throw mysqlError('ER_HANDSHAKE_ERROR');
    for (const { hash } of storedPasswords(account)) {
      if (checkScramble323(reply, scramble, hash)) return { ok: true, usedPassword: true };
    }
    return { ok: false, usedPassword: true };
  },
};
