import { cachingSha2Hash, nativeHash, sha256PasswordHash } from '../auth/credentials.js';
import { oldPasswordHash } from '../auth/old-password.js';
import type { Profile } from '../config/profiles.js';

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
  if (oldPasswords === 1) return profile.family === 'mysql-5.6' ? oldPasswordHash(text) : '';
  if (oldPasswords === 2) return sha256PasswordHash(text);
  return nativeHash(text);
}
