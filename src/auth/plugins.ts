import { cachingSha2Password } from './caching-sha2-password.js';
import { nativePassword } from './native-password.js';
import type { Profile } from '../config/profiles.js';
import type { AuthPlugin } from './plugin.js';
import { sha256Password } from './sha256-password.js';

/** The server-side authentication plugins, by name. */
export const AUTH_PLUGINS: ReadonlyMap<string, AuthPlugin> = new Map(
  [cachingSha2Password, nativePassword, sha256Password].map((p) => [p.name, p]),
);


/**
 * The server plugins a profile has loaded by default: MySQL 8.4 ships
 * mysql_native_password disabled (--mysql-native-password=ON enables it),
 * and MariaDB has neither caching_sha2_password nor sha256_password.
 */
export function defaultEnabledPlugins(profile: Profile): ReadonlySet<string> {
  if (profile.isMariaDb) return new Set(['mysql_native_password']);
  if (profile.name === 'mysql-8.4') return new Set(['caching_sha2_password', 'sha256_password']);
  if (profile.family === 'mysql-8' || profile.family === 'oceanbase') return new Set(AUTH_PLUGINS.keys());
  return new Set(['mysql_native_password', 'sha256_password']);
}

/** The plugins this server has enabled. */
export function enabledPlugins(server: { profile: Profile; authPlugins?: ReadonlySet<string> }): ReadonlySet<string> {
  return server.authPlugins ?? defaultEnabledPlugins(server.profile);
}
