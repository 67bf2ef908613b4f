import { decryptRsaOaep, verifySha256Password, xorWithRepeatedNonce } from './credentials.js';
import { type AuthInput, type AuthOutcome, type AuthPlugin, scrambleWithNul, storedPasswords, stripNul } from './plugin.js';
import { writeAuthMoreData } from '../wire/packets.js';

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
  async authenticate({ account, scramble, response, wire }: AuthInput): Promise<AuthOutcome> {
    const stored = storedPasswords(account);
    if (response.length === 0 || (response.length === 1 && response[0] === 0)) {
      return { ok: stored.some((s) => s.hash === ''), usedPassword: false, path: 'empty' };
    }
    let password: Buffer;
    let path: string;
    if (wire.secure) {
      path = 'tls';
      password = stripNul(response);
    } else {
      path = 'rsa';
      const keys = await wire.keys();
      let reply = response;
      if (reply.length === 1 && reply[0] === REQUEST_PUBLIC_KEY) {
        reply = await wire.exchange(writeAuthMoreData(Buffer.from(keys.rsaPublicPem)));
      }
      try {
        password = stripNul(xorWithRepeatedNonce(decryptRsaOaep(keys.rsaPrivatePem, reply), scramble));
      } catch {
        return { ok: false, usedPassword: true, path };
      }
    }
    for (const { hash, secondary } of stored) {
      if (hash !== '' && verifySha256Password(hash, password)) return { ok: true, usedPassword: true, path, usedSecondary: secondary };
    }
    return { ok: false, usedPassword: true, path };
  },
};
