/**
 * The decoy account an unknown user authenticates against, so that a wrong
 * user name and a wrong password look alike on the wire (MySQL:
 * sql_authentication.cc decoy_user(); MariaDB: find_mpvio_user()).
 */
import { randomInt } from 'node:crypto';
import { DECOY_PLUGINS } from '../accounts/plugin-catalogue.js';
import type { Profile } from '../config/profiles.js';

/** MAX_UNKNOWN_ACCOUNTS in sql_authentication.cc: the map is cleared once it holds more. */
export const MAX_UNKNOWN_ACCOUNTS = 1000;

/**
 * MySQL 8's `unknown_accounts` map: the plugin each unknown user@host was
 * given, so that a repeated attempt gets the same exchange. One per server.
 */
export class UnknownAccounts {
  private readonly plugins = new Map<string, string>();

  /**
   * The decoy's plugin name for `user`@`host` (host: the client's address), as
   * the profile's decoyPlugin rule picks it:
   * - 'any-builtin' (MySQL 8): one of caching_sha2_password,
   *   mysql_native_password, sha256_password at random, remembered; even one
   *   that is disabled (8.4's mysql_native_password), which the caller then
   *   refuses with 1524 as do_auth_once() does;
   * - 'default' (MySQL 5.x): the server's default plugin, the greeting's;
   * - 'enabled' (MariaDB, OceanBase): one of the enabled built-in plugins.
   */
  pluginFor(user: string, host: string, profile: Profile, enabled: ReadonlySet<string>): string {
    if (profile.decoyPlugin === 'default') return profile.defaultAuthPlugin;
    const key = `${user}@${host}`;
    const known = this.plugins.get(key);
    const choices = [...DECOY_PLUGINS].filter((p) => profile.decoyPlugin === 'any-builtin' || enabled.has(p));
    if (known && choices.includes(known)) return known;
    const name = choices[randomInt(choices.length)]!;
    // clear_if_greater(MAX_UNKNOWN_ACCOUNTS): the whole map goes once it is full.
    if (this.plugins.size >= MAX_UNKNOWN_ACCOUNTS) this.plugins.clear();
    this.plugins.set(key, name);
    return name;
  }
}
