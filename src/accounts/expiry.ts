import { DAY_MS } from '../clock.js';
import type { Account } from './account.js';

export type ExpiryReason = 'manual' | 'lifetime';

/** Plugins whose passwords MySQL can expire (built-in, internal storage). */
export const EXPIRABLE_PLUGINS: ReadonlySet<string> = new Set([
  'caching_sha2_password',
  'mysql_native_password',
  'sha256_password',
]);

/**
 * check_password_lifetime(): is the account's password expired at `now`?
 * Manual expiry (password_expired='Y') wins; otherwise the per-account
 * lifetime, or the global default_password_lifetime for DEFAULT (NULL),
 * counted in days from password_last_changed, strictly.
 */
export function passwordExpiry(account: Account, now: number, defaultLifetimeDays: number): ExpiryReason | null {
  if (account.passwordExpired) return 'manual';
  if (!EXPIRABLE_PLUGINS.has(account.plugin) || account.passwordLastChanged === null) return null;
  const days = account.passwordLifetime ?? defaultLifetimeDays;
  if (days <= 0) return null;
  return account.passwordLastChanged + days * DAY_MS < now ? 'lifetime' : null;
}
