import { cachingSha2Password } from './caching-sha2-password.js';
import { nativePassword } from './native-password.js';
import type { AuthPlugin } from './plugin.js';
import { sha256Password } from './sha256-password.js';

/** The server-side authentication plugins, by name. */
export const AUTH_PLUGINS: ReadonlyMap<string, AuthPlugin> = new Map(
  [cachingSha2Password, nativePassword, sha256Password].map((p) => [p.name, p]),
);

/** The plugins MySQL picks a decoy from for an unknown user. */
export const DECOY_PLUGINS = ['caching_sha2_password', 'mysql_native_password', 'sha256_password'] as const;
