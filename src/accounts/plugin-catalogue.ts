/**
 * The plugin catalogue: which authentication plugins a server has, which
 * are enabled per profile, which keep credentials in mysql.user, and which
 * plugin an account authenticates with. Pure data and rules; the plugins'
 * exchanges are auth/.
 */
import type { Account } from './account.js';
import { isOldPasswordHash } from './credentials.js';
import type { Profile } from '../config/profiles.js';

/** MySQL Enterprise's LDAP simple-bind plugin (emulated against accounts/directory.ts). */
export const LDAP_SIMPLE_PLUGIN = 'authentication_ldap_simple';

/** The built-in plugins MySQL's decoy account for unknown users picks from (decoy_user()). */
export const DECOY_PLUGINS: ReadonlySet<string> = new Set(['caching_sha2_password', 'mysql_native_password', 'sha256_password']);

/**
 * Plugins that keep credentials in mysql.user (AUTH_FLAG_USES_INTERNAL_STORAGE).
 * The others (authentication_ldap_simple here; PAM, auth_socket, ... in MySQL)
 * have no password expiry, history, reuse interval or dual passwords.
 */
export const INTERNAL_STORAGE_PLUGINS: ReadonlySet<string> = new Set([
  'caching_sha2_password',
  'mysql_native_password',
  'sha256_password',
  'mysql_old_password',
]);

export function usesInternalStorage(plugin: string): boolean {
  return INTERNAL_STORAGE_PLUGINS.has(plugin);
}

/**
 * authentication_ldap_simple is a MySQL Enterprise plugin (8.0, 8.4) that,
 * as in mysqld (--plugin-load-add=authentication_ldap_simple.so), is loaded
 * only on request: here, when the emulator is given an LDAP directory.
 */
export function canLoadLdapSimple(profile: Profile): boolean {
  return profile.ldapSimplePlugin;
}


/**
 * The server plugins a profile has loaded by default: MySQL 8.4 ships
 * mysql_native_password disabled (--mysql-native-password=ON enables it),
 * and MariaDB has neither caching_sha2_password nor sha256_password.
 */
export function defaultEnabledPlugins(profile: Profile): ReadonlySet<string> {
  return new Set(profile.defaultEnabledPlugins);
}

/**
 * The plugin an account authenticates with. MySQL 5.6 reads an empty plugin
 * column from the Password column's format (set_user_plugin()): empty or 41
 * characters is mysql_native_password, 16 is mysql_old_password. Null when
 * the account is not in the login copy of the grant tables at all: 5.6 skips
 * a row whose hash has another length ("Found invalid password for user"),
 * 5.7 every row with an empty plugin ("has an empty plugin value").
 */
export function accountPlugin(account: Account, profile: Profile): string | null {
  if (account.plugin !== '') return account.plugin;
  if (profile.emptyPluginColumn !== 'from-hash') return profile.emptyPluginColumn === 'skipped' ? null : account.plugin;
  const hash = account.authenticationString;
  if (hash === '' || hash.length === 41) return 'mysql_native_password';
  if (isOldPasswordHash(hash)) return 'mysql_old_password';
  return null;
}

/** The plugins this server has enabled. */
export function enabledPlugins(server: { profile: Profile; authPlugins?: ReadonlySet<string> }): ReadonlySet<string> {
  return server.authPlugins ?? defaultEnabledPlugins(server.profile);
}
