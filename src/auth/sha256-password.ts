import { verifySha256Password } from '../accounts/credentials.js';
import { type AuthInput, type AuthOutcome, type AuthPlugin, ClientGone, openPassword, receivePassword, scrambleWithNul, storedPasswords } from './plugin.js';
import { inTurn } from '../turns.js';

/** sha256_password asks for the public key with 0x01 (caching_sha2 uses 0x02). */
const REQUEST_PUBLIC_KEY = 0x01;

/**
 * sha256_password: no scramble math. The client sends the cleartext password
 * over TLS, or over plain TCP asks for the RSA key (0x01) and sends
 * RSA-OAEP((password + NUL) XOR scramble). A lone NUL means no password.
 */
export const sha256Password: AuthPlugin = {
  name: 'sha256_password',
  clientName: 'sha256_password',
  initialData: scrambleWithNul,
  async authenticate({ account, scramble, response, wire, current }: AuthInput): Promise<AuthOutcome> {
    if (response.length === 0 || (response.length === 1 && response[0] === 0)) {
      return { ok: storedPasswords(account).some((s) => s.hash === ''), usedPassword: false, path: 'empty' };
    }
    const path = wire.secure ? 'tls' : 'rsa';
    const sent = await receivePassword(wire, response, REQUEST_PUBLIC_KEY);
    // Decryption and SHA-256-crypt in one turn (inTurn), against the credentials in force then.
    return inTurn((): AuthOutcome => {
      // A storm may outlast connect_timeout: a client gone meanwhile costs no decryption.
      if (wire.gone) throw new ClientGone();
      const password = openPassword(sent, scramble);
      if (!password) return { ok: false, usedPassword: true, path };
      for (const { hash, secondary } of storedPasswords(current())) {
        if (hash !== '' && verifySha256Password(hash, password)) return { ok: true, usedPassword: true, path, usedSecondary: secondary };
      }
      return { ok: false, usedPassword: true, path };
    });
  },
};
