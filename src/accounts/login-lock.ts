/**
 * Failed-login tracking: the in-memory state MySQL and MariaDB keep next to
 * each cached account (ACL_USER), never in the grant tables. It lives as long
 * as the account object: DROP USER forgets it, FLUSH PRIVILEGES clears it all.
 * Pure domain logic on the injected clock; no sockets, no SQL.
 *
 * MySQL 8.0.19+ (FAILED_LOGIN_ATTEMPTS N PASSWORD_LOCK_TIME N|UNBOUNDED):
 * ACL_USER::Password_locked_state::update() in sql/auth/sql_auth_cache.cc.
 * Lock time is counted in calendar days (calc_daynr of the session time
 * zone's date), not in 24-hour periods.
 *
 * MariaDB (global max_password_errors): ACL_USER::password_errors in
 * sql/sql_acl.cc (find_mpvio_user, handle_password_errors).
 */
import { DAY_MS } from '../clock.js';
import type { Account } from './account.js';

/** What a 3955 reports: MySQL's check_and_update_password_lock_state() arguments. */
export interface PasswordLock {
  /** PASSWORD_LOCK_TIME in days; -1 = UNBOUNDED ('unlimited' in the message). */
  lockDays: number;
  /** Days left, counting today; null = 'unlimited'. */
  remainingDays: number | null;
  /** The account's FAILED_LOGIN_ATTEMPTS (MySQL reports the setting, not a running count). */
  failedLoginAttempts: number;
}

/** The tracking state of one account, for the auth log. */
export interface LoginLockSnapshot {
  /** Consecutive wrong passwords counted (MySQL) or password_errors (MariaDB). */
  failedLogins: number;
  /** When a MySQL lock ends on the clock (ms), 'unbounded', or null when not locked. */
  lockedUntil: number | 'unbounded' | null;
}

interface State {
  /** MySQL: FAILED_LOGIN_ATTEMPTS minus m_remaining_login_attempts. MariaDB: password_errors. */
  failedLogins: number;
  /** MySQL: day number the lock started (m_daynr_locked), or null when not locked. */
  lockedDay: number | null;
}

/** Tracking is active only when both FAILED_LOGIN_ATTEMPTS and PASSWORD_LOCK_TIME are non-zero (is_active()). */
export function tracksFailedLogins(account: Account): boolean {
  return account.failedLoginAttempts !== 0 && account.passwordLockTime !== 0;
}

/** The day number of `now` in a zone `utcOffsetMinutes` from UTC (MySQL's calc_daynr, shifted). */
export function dayNumber(now: number, utcOffsetMinutes = 0): number {
  return Math.floor((now + utcOffsetMinutes * 60_000) / DAY_MS);
}

export class LoginLocks {
  private states = new WeakMap<Account, State>();

  private stateOf(account: Account): State {
    let s = this.states.get(account);
    if (!s) {
      s = { failedLogins: 0, lockedDay: null };
      this.states.set(account, s);
    }
    return s;
  }

  // ---------------------------------------------------------------- MySQL

  /**
   * Password_locked_state::update(), run after the credential check of every
   * login to an existing account, right or wrong. Returns the lock when the
   * attempt must be refused with 3955 (including the attempt that reaches
   * FAILED_LOGIN_ATTEMPTS), or null to go on.
   */
  update(account: Account, passwordOk: boolean, now: number, utcOffsetMinutes = 0): PasswordLock | null {
    if (!tracksFailedLogins(account)) return null;
    const s = this.stateOf(account);
    const limit = account.failedLoginAttempts;
    const lockDays = account.passwordLockTime;
    const lock = (remainingDays: number | null): PasswordLock => ({ lockDays, remainingDays, failedLoginAttempts: limit });

    // A successful login before the lock resets the count.
    if (passwordOk && s.lockedDay === null) {
      s.failedLogins = 0;
      return null;
    }
    if (!passwordOk && s.failedLogins < limit) s.failedLogins++;
    if (s.failedLogins < limit) return null;

    const today = dayNumber(now, utcOffsetMinutes);
    // This failure reached the limit: lock from today.
    if (s.lockedDay === null) {
      s.lockedDay = today;
      return lock(lockDays > 0 ? lockDays : null);
    }
    if (lockDays < 0) return lock(null);
    const elapsed = today - s.lockedDay;
    if (elapsed < lockDays) return lock(lockDays - elapsed);
    // The lock time has passed: reset, and judge this attempt like any other (it is not counted).
    s.lockedDay = null;
    s.failedLogins = 0;
    return null;
  }

  // ---------------------------------------------------------------- MariaDB

  /** password_errors >= max_password_errors: refused with 4150 before any password check. */
  isBlocked(account: Account, maxPasswordErrors: number): boolean {
    return (this.states.get(account)?.failedLogins ?? 0) >= maxPasswordErrors;
  }

  /** A wrong password was sent (handle_password_errors INCREMENT). */
  countPasswordError(account: Account): void {
    this.stateOf(account).failedLogins++;
  }

  /** A correct password was sent (handle_password_errors CLEAR). */
  clearPasswordErrors(account: Account): void {
    this.states.delete(account);
  }

  // ---------------------------------------------------------------- both

  /** ALTER USER that resets the account's tracking (which ones differ per server; see account-ddl.ts). */
  reset(account: Account): void {
    this.states.delete(account);
  }

  /** FLUSH PRIVILEGES (and a restart): every account starts again. */
  resetAll(): void {
    this.states = new WeakMap();
  }

  snapshot(account: Account, utcOffsetMinutes = 0): LoginLockSnapshot {
    const s = this.states.get(account);
    if (!s) return { failedLogins: 0, lockedUntil: null };
    let lockedUntil: LoginLockSnapshot['lockedUntil'] = null;
    if (s.lockedDay !== null) {
      lockedUntil =
        account.passwordLockTime < 0 ? 'unbounded' : (s.lockedDay + account.passwordLockTime) * DAY_MS - utcOffsetMinutes * 60_000;
    }
    return { failedLogins: s.failedLogins, lockedUntil };
  }
}
