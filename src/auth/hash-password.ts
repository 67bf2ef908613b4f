import { cachingSha2Hash, nativeHash, sha256PasswordHash } from './credentials.js';

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
