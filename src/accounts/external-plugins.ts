/**
 * MySQL's rules for accounts whose plugin keeps no credential in mysql.user
 * (no AUTH_FLAG_USES_INTERNAL_STORAGE; here authentication_ldap_simple), from
 * sql/auth/sql_user.cc set_and_validate_user_attributes() and mysql_alter_user():
 *
 * - PASSWORD EXPIRE INTERVAL N DAY (N > 0) fails with 3671; DEFAULT and NEVER pass.
 * - ALTER USER ... PASSWORD EXPIRE fails with 1396 for such accounts (checked in alter-user).
 * - Password history / reuse interval in effect (clause or inherited, non-zero)
 *   are reset to DEFAULT; when the statement named them, warning 3639.
 * - RETAIN CURRENT PASSWORD / DISCARD OLD PASSWORD are ignored with warnings 13294 / 13295.
 * - SET PASSWORD fails with 4102.
 * - IDENTIFIED BY 'x' stores 'x' as it is (the plugin's generate_authentication_string
 *   copies it; no validate_password), and AS 'x' is not format-checked.
 *
 * Lifetime expiry never applies to them (expiry.ts EXPIRABLE_PLUGINS); failed-login
 * tracking (FAILED_LOGIN_ATTEMPTS) applies to every plugin and is unaffected.
 */
import { usesInternalStorage } from './plugin-catalogue.js';
import { mysqlError, type MySqlError } from '../errors/mysql-error.js';
import type { Account, PasswordExpireOption } from './account.js';

/** A plugin without internal credential storage. ('' is a pre-8.0 row whose plugin follows its hash.) */
export function isExternalPlugin(plugin: string): boolean {
  return plugin !== '' && !usesInternalStorage(plugin);
}

/** 3671: a lifetime other than DEFAULT or NEVER for a plugin that cannot expire passwords. */
export function checkExpirySupported(plugin: string, expire: PasswordExpireOption | undefined): void {
  if (typeof expire === 'object' && expire.intervalDays !== 0 && isExternalPlugin(plugin)) {
    throw mysqlError('ER_PASSWORD_EXPIRATION_NOT_SUPPORTED_BY_AUTH_METHOD', plugin);
  }
}

/**
 * After the statement's options were applied to `account` (a working copy):
 * an external plugin resets a non-zero history / reuse interval to DEFAULT.
 * `globals` are password_history and password_reuse_interval (days).
 * Returns 3639 to push as a warning when the statement itself named one (`named`).
 */
export function voidHistoryClauses(
  account: Account,
  named: boolean,
  globals: { passwordHistory: number; passwordReuseInterval: number },
): MySqlError | null {
  if (!isExternalPlugin(account.plugin)) return null;
  const history = account.passwordReuseHistory ?? globals.passwordHistory;
  const interval = account.passwordReuseTime ?? globals.passwordReuseInterval;
  if (history === 0 && interval === 0) return null;
  account.passwordReuseHistory = null;
  account.passwordReuseTime = null;
  if (!named) return null;
  return mysqlError('ER_WARNING_PASSWORD_HISTORY_CLAUSES_VOID', account.user, account.host, account.plugin);
}
