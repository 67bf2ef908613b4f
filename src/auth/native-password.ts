import { verifyNativeScramble } from './scramble.js';
import { type AuthInput, type AuthOutcome, type AuthPlugin, scrambleWithNul, storedPasswords } from './plugin.js';
import { mysqlError } from '../errors/mysql-error.js';

/** mysql_native_password: one 20-byte SHA1 scramble response, or an empty one for no password. */
export const nativePassword: AuthPlugin = {
  name: 'mysql_native_password',
  clientName: 'mysql_native_password',
  initialData: scrambleWithNul,
  authenticate({ account, scramble, response }: AuthInput): AuthOutcome {
    if (response.length !== 0 && response.length !== 20) throw mysqlError('ER_HANDSHAKE_ERROR');
    const usedPassword = response.length > 0;
    for (const { hash, secondary } of storedPasswords(account)) {
      if (verifyNativeScramble(hash, scramble, response)) return { ok: true, usedPassword, usedSecondary: secondary };
    }
    return { ok: false, usedPassword };
  },
};
