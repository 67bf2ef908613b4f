import { verifyCachingSha2Password } from '../accounts/credentials.js';
import { cachingSha2FastDigest, verifyCachingSha2Scramble } from './scramble.js';
import { type AuthInput, type AuthOutcome, type AuthPlugin, ClientGone, openPassword, receivePassword, scrambleWithNul, storedPasswords } from './plugin.js';
import { inTurn } from '../turns.js';
import { writeAuthMoreData } from '../wire/packets.js';

/** AuthMoreData 0x03: fast_auth_success, sent before the OK. */
const FAST_AUTH_SUCCESS_PACKET = writeAuthMoreData(Buffer.from([0x03]));
const PERFORM_FULL_AUTHENTICATION = Buffer.from([0x04]);
/** caching_sha2 asks for the public key with 0x02 (sha256_password uses 0x01). */
const REQUEST_PUBLIC_KEY = 0x02;

/**
 * caching_sha2_password. Fast path: a 32-byte scramble checked against the
 * in-memory cache of SHA256(SHA256(pw)), answered with AuthMoreData 0x03.
 * Otherwise AuthMoreData 0x04 and full authentication: the cleartext
 * password over TLS, or RSA-OAEP encrypted over plain TCP.
 */
export const cachingSha2Password: AuthPlugin = {
  name: 'caching_sha2_password',
  clientName: 'caching_sha2_password',
  initialData: scrambleWithNul,
  authenticate(input: AuthInput): AuthOutcome | Promise<AuthOutcome> {
    const { account, scramble, response, wire, store } = input;
    if (response.length === 0 || (response.length === 1 && response[0] === 0)) {
      const empty = storedPasswords(account).find((s) => s.hash === '');
      return { ok: empty !== undefined, usedPassword: false, path: 'empty' };
    }
    if (account && response.length === 32) {
      for (const { digest, secondary } of store.cachedEntries(account)) {
        if (verifyCachingSha2Scramble(digest, scramble, response)) {
          wire.send(FAST_AUTH_SUCCESS_PACKET);
          return { ok: true, usedPassword: true, path: 'fast', usedSecondary: secondary };
        }
      }
    }
    return fullAuthentication(input);
  },
};

/**
 * No cache entry matched: AuthMoreData 0x04, then the password over TLS or
 * RSA. Decryption and the check run in one turn (inTurn): the password is
 * judged against the credentials in force then, and only a digest of a
 * password valid then enters the cache.
 */
async function fullAuthentication({ scramble, wire, store, current }: AuthInput): Promise<AuthOutcome> {
  const reply = await wire.exchange(writeAuthMoreData(PERFORM_FULL_AUTHENTICATION));
  const path = wire.secure ? 'full-tls' : 'full-rsa';
  const sent = await receivePassword(wire, reply, REQUEST_PUBLIC_KEY);
  return inTurn((): AuthOutcome => {
    // A storm may outlast connect_timeout: a client gone meanwhile costs no decryption.
    if (wire.gone) throw new ClientGone();
    const password = openPassword(sent, scramble);
    if (!password) return { ok: false, usedPassword: true, path };
    const now = current();
    for (const { hash, secondary } of storedPasswords(now)) {
      if (hash !== '' && verifyCachingSha2Password(hash, password)) {
        if (now) store.rememberDigest(now, cachingSha2FastDigest(password), hash);
        return { ok: true, usedPassword: true, path, usedSecondary: secondary };
      }
    }
    return { ok: false, usedPassword: true, path };
  });
}
