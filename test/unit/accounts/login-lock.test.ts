import { describe, expect, it } from 'vitest';
import { newAccount, type Account } from '../../../src/accounts/account.js';
import { dayNumber, LoginLocks, tracksFailedLogins } from '../../../src/accounts/login-lock.js';
import { DAY_MS } from '../../../src/clock.js';

/** Noon UTC of a fixed day, so that whole-day steps never cross a boundary by accident. */
const NOON = Date.UTC(2025, 0, 15, 12);

function tracked(attempts: number, lockDays: number): Account {
  const a = newAccount('u', '%', 'caching_sha2_password', 0);
  a.failedLoginAttempts = attempts;
  a.passwordLockTime = lockDays;
  return a;
}

describe('LoginLocks.update (MySQL Password_locked_state::update)', () => {
  it('is inactive unless both FAILED_LOGIN_ATTEMPTS and PASSWORD_LOCK_TIME are non-zero', () => {
    const locks = new LoginLocks();
    for (const a of [tracked(0, 3), tracked(3, 0), tracked(0, 0)]) {
      expect(tracksFailedLogins(a)).toBe(false);
      for (let i = 0; i < 10; i++) expect(locks.update(a, false, NOON)).toBeNull();
      expect(locks.snapshot(a)).toEqual({ failedLogins: 0, lockedUntil: null });
    }
  });

  it('answers the failure that reaches the limit with the lock, and then every attempt, right or wrong', () => {
    const locks = new LoginLocks();
    const a = tracked(3, 2);
    expect(locks.update(a, false, NOON)).toBeNull();
    expect(locks.update(a, false, NOON)).toBeNull();
    expect(locks.snapshot(a)).toEqual({ failedLogins: 2, lockedUntil: null });
    expect(locks.update(a, false, NOON)).toEqual({ lockDays: 2, remainingDays: 2, failedLoginAttempts: 3 });
    expect(locks.update(a, true, NOON)).toEqual({ lockDays: 2, remainingDays: 2, failedLoginAttempts: 3 });
    expect(locks.update(a, false, NOON)).toEqual({ lockDays: 2, remainingDays: 2, failedLoginAttempts: 3 });
    // Locked from the start of today's day for two calendar days.
    expect(locks.snapshot(a)).toEqual({ failedLogins: 3, lockedUntil: Date.UTC(2025, 0, 17) });
  });

  it('counts only consecutive failures: a success before the lock resets the count', () => {
    const locks = new LoginLocks();
    const a = tracked(2, 1);
    expect(locks.update(a, false, NOON)).toBeNull();
    expect(locks.update(a, true, NOON)).toBeNull();
    expect(locks.snapshot(a).failedLogins).toBe(0);
    expect(locks.update(a, false, NOON)).toBeNull();
    expect(locks.update(a, false, NOON)).not.toBeNull();
  });

  it('counts remaining days by calendar day and unlocks at the first attempt after the lock time', () => {
    const locks = new LoginLocks();
    const a = tracked(1, 3);
    expect(locks.update(a, false, NOON)?.remainingDays).toBe(3);
    expect(locks.update(a, true, NOON + DAY_MS)?.remainingDays).toBe(2);
    // 23:59 on the last locked day: still locked, one day remaining.
    expect(locks.update(a, true, Date.UTC(2025, 0, 17, 23, 59))?.remainingDays).toBe(1);
    // 00:00 three days later: the lock is over; this attempt is judged normally and not counted.
    expect(locks.update(a, false, Date.UTC(2025, 0, 18))).toBeNull();
    expect(locks.snapshot(a)).toEqual({ failedLogins: 0, lockedUntil: null });
    expect(locks.update(a, false, Date.UTC(2025, 0, 18))?.remainingDays).toBe(3);
  });

  it('never unlocks an UNBOUNDED lock by time', () => {
    const locks = new LoginLocks();
    const a = tracked(2, -1);
    locks.update(a, false, NOON);
    expect(locks.update(a, false, NOON)).toEqual({ lockDays: -1, remainingDays: null, failedLoginAttempts: 2 });
    expect(locks.update(a, true, NOON + 10_000 * DAY_MS)).toEqual({ lockDays: -1, remainingDays: null, failedLoginAttempts: 2 });
    expect(locks.snapshot(a).lockedUntil).toBe('unbounded');
  });

  it('reset() and resetAll() start an account again', () => {
    const locks = new LoginLocks();
    const a = tracked(1, 5);
    const b = tracked(1, 5);
    locks.update(a, false, NOON);
    locks.update(b, false, NOON);
    locks.reset(a);
    expect(locks.update(a, true, NOON)).toBeNull();
    expect(locks.update(b, true, NOON)).not.toBeNull();
    locks.resetAll();
    expect(locks.update(b, true, NOON)).toBeNull();
  });

  it('uses the day of the given time zone', () => {
    // 23:30 UTC is already the next day at +01:00.
    const late = Date.UTC(2025, 0, 15, 23, 30);
    expect(dayNumber(late, 60)).toBe(dayNumber(late) + 1);
    const locks = new LoginLocks();
    const a = tracked(1, 1);
    locks.update(a, false, late, 60);
    expect(locks.snapshot(a, 60).lockedUntil).toBe(Date.UTC(2025, 0, 16, 23));
    expect(locks.update(a, true, Date.UTC(2025, 0, 16, 22, 59), 60)).not.toBeNull();
    expect(locks.update(a, true, Date.UTC(2025, 0, 16, 23, 0), 60)).toBeNull();
  });
});

describe('LoginLocks password errors (MariaDB max_password_errors)', () => {
  it('blocks at max_password_errors counted errors and clears on a correct password', () => {
    const locks = new LoginLocks();
    const a = newAccount('u', '%', 'mysql_native_password', 0);
    for (let i = 0; i < 3; i++) {
      expect(locks.isBlocked(a, 3)).toBe(false);
      locks.countPasswordError(a);
    }
    expect(locks.isBlocked(a, 3)).toBe(true);
    expect(locks.snapshot(a).failedLogins).toBe(3);
    locks.clearPasswordErrors(a);
    expect(locks.isBlocked(a, 3)).toBe(false);
    expect(locks.isBlocked(a, 1)).toBe(false);
  });
});
