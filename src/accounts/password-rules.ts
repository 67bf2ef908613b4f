/**
 * MySQL's rules for changing a password, as pure functions of the account
 * and the policy in force (sql/auth/sql_user.cc set_and_validate_user_attributes(),
 * auth_verify_password_history(), the dual-password checks):
 * password history and reuse interval (3638), REPLACE and PASSWORD REQUIRE
 * CURRENT (3891-3893), RETAIN CURRENT PASSWORD / DISCARD OLD PASSWORD
 * (3878, 3894, 3895).
 */
import { DAY_MS } from '../clock.js';
import { mysqlError } from '../errors/mysql-error.js';
import type { Account } from './account.js';
import { passwordMatches } from './credentials.js';
import { EXPIRABLE_PLUGINS } from './expiry.js';
import { isExternalPlugin } from './external-plugins.js';
import type { PasswordHistoryEntry } from './store.js';

/** password_history, password_reuse_interval (days) and password_require_current as the server has them. */
export interface PasswordPolicyGlobals {
  passwordHistory: number;
  passwordReuseInterval: number;
  passwordRequireCurrent: boolean;
}

/** A new credential for an account. */
export interface NewCredential {
  plugin: string;
  /** The stored form ('' for no password). */
  hash: string;
  /** The cleartext, when there is one (history checks). */
  cleartext?: string;
  /** IDENTIFIED WITH plugin without BY/AS: the account becomes expired. */
  expire: boolean;
}

/** password_history / password_reuse_interval in effect for the account (its own, else the globals). */
export function reusePolicy(account: Account, globals: PasswordPolicyGlobals): { history: number; intervalDays: number } {
  return {
    history: account.passwordReuseHistory ?? globals.passwordHistory,
    intervalDays: account.passwordReuseTime ?? globals.passwordReuseInterval,
  };
}

/**
 * The account's password history after storing `credential` (newest first),
 * or 3638 when the cleartext repeats a password the policy forbids. Null:
 * leave the history as it is. `previous` is the stored history of the
 * account's current plugin.
 */
export function historyAfterChange(
  account: Account,
  credential: NewCredential,
  previous: readonly PasswordHistoryEntry[],
  globals: PasswordPolicyGlobals,
  now: number,
): PasswordHistoryEntry[] | null {
  // No history for external plugins; a plugin change still purges the old entries.
  if (isExternalPlugin(credential.plugin)) return account.plugin === credential.plugin ? null : [];
  const { history, intervalDays } = reusePolicy(account, globals);
  const inForce = (entry: PasswordHistoryEntry, index: number): boolean =>
    index < history || (intervalDays > 0 && entry.timestamp > now - intervalDays * DAY_MS);
  const { cleartext } = credential;
  if (cleartext !== undefined && cleartext !== '') {
    const reused = previous.some((e, i) => inForce(e, i) && passwordMatches(credential.plugin, e.hash, cleartext));
    if (reused) throw mysqlError('ER_CREDENTIALS_CONTRADICT_TO_HISTORY', account.user, account.host);
  }
  // Without a policy nothing is kept, but a plugin change still purges the old entries.
  if (history === 0 && intervalDays === 0) return account.plugin === credential.plugin ? null : [];
  if (credential.hash === '') return [...previous];
  return [{ timestamp: now, hash: credential.hash }, ...previous].filter(inForce);
}

/**
 * REPLACE 'current' and PASSWORD REQUIRE CURRENT (3891-3893): `self` is a
 * change of one's own password; `privileged` sessions (account
 * administrators) need no current password.
 */
export function checkCurrentPassword(
  account: Account,
  opts: { self: boolean; replace?: string; privileged: boolean; requireCurrentGlobal: boolean },
): void {
  if (opts.replace !== undefined) {
    if (!opts.self) throw mysqlError('ER_CURRENT_PASSWORD_NOT_REQUIRED');
    if (!passwordMatches(account.plugin, account.authenticationString, opts.replace)) {
      throw mysqlError('ER_INCORRECT_CURRENT_PASSWORD');
    }
    return;
  }
  if (!opts.self || opts.privileged) return;
  const required = account.passwordRequireCurrent ?? opts.requireCurrentGlobal;
  if (required) throw mysqlError('ER_MISSING_CURRENT_PASSWORD');
}

/** How a password change is asked for, and the policy it meets. */
export interface PasswordChange {
  /** RETAIN CURRENT PASSWORD. */
  retain: boolean;
  /** REPLACE 'current'. */
  replace?: string;
  /** The session changes its own password. */
  self: boolean;
  /** The session may manage accounts (exempt from PASSWORD REQUIRE CURRENT). */
  privileged: boolean;
  globals: PasswordPolicyGlobals;
  /** The stored history of the account's current plugin, newest first. */
  previousHistory: readonly PasswordHistoryEntry[];
  now: number;
}

/**
 * Changes the password of `account` (a working copy) in place; returns the
 * history to store. Checks in set_and_validate_user_attributes()' order:
 * 3894, the history (3638), REPLACE (3891-3893), then 3878 and 3895.
 */
export function changeAccountPassword(account: Account, credential: NewCredential, change: PasswordChange): PasswordHistoryEntry[] | null {
  const pluginChanged = credential.plugin !== account.plugin;
  if (change.retain && pluginChanged) throw mysqlError('ER_PASSWORD_CANNOT_BE_RETAINED_ON_PLUGIN_CHANGE', account.user, account.host);
  const history = historyAfterChange(account, credential, change.previousHistory, change.globals, change.now);
  checkCurrentPassword(account, {
    self: change.self,
    replace: change.replace,
    privileged: change.privileged,
    requireCurrentGlobal: change.globals.passwordRequireCurrent,
  });
  if (change.retain) {
    if (account.authenticationString === '') throw mysqlError('ER_SECOND_PASSWORD_CANNOT_BE_EMPTY', account.user, account.host);
    if (credential.hash === '') throw mysqlError('ER_CURRENT_PASSWORD_CANNOT_BE_RETAINED', account.user, account.host);
  }
  // RETAIN: the primary becomes the secondary. Without it the secondary stays,
  // unless the plugin changes or the new primary is empty (both discard it).
  if (change.retain) {
    account.additionalPassword = account.authenticationString;
    account.additionalPasswordSince = change.now;
  } else if (pluginChanged || credential.hash === '') {
    account.additionalPassword = null;
    account.additionalPasswordSince = null;
  }
  account.plugin = credential.plugin;
  account.authenticationString = credential.hash;
  account.passwordLastChanged = change.now;
  account.passwordExpired = credential.expire && EXPIRABLE_PLUGINS.has(credential.plugin);
  return history;
}
