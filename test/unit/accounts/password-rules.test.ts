/**
 * The password-change rules as pure domain functions (accounts/password-rules.ts):
 * no SQL, no session, the policy and the clock passed in.
 */
import { describe, expect, it } from 'vitest';
import { newAccount } from '../../../src/accounts/account.js';
import { cachingSha2Hash } from '../../../src/accounts/credentials.js';
import { changeAccountPassword, checkCurrentPassword, historyAfterChange } from '../../../src/accounts/password-rules.js';
import { DAY_MS } from '../../../src/clock.js';

const NOW = Date.UTC(2026, 0, 15);
const NO_POLICY = { passwordHistory: 0, passwordReuseInterval: 0, passwordRequireCurrent: false };
const sha2 = (pw: string) => ({ plugin: 'caching_sha2_password', hash: cachingSha2Hash(pw), cleartext: pw, expire: false });

function account(password: string) {
  const a = newAccount('u', '%', 'caching_sha2_password', NOW - 10 * DAY_MS);
  a.authenticationString = cachingSha2Hash(password);
  return a;
}

describe('password history and reuse interval', () => {
  it('refuses a password among the last password_history ones with 3638, and keeps at most that many', () => {
    const a = account('one');
    const history = [{ timestamp: NOW - DAY_MS, hash: a.authenticationString }];
    const policy = { ...NO_POLICY, passwordHistory: 1 };
    expect(() => historyAfterChange(a, sha2('one'), history, policy, NOW)).toThrow(expect.objectContaining({ code: 3638 }));
    const next = historyAfterChange(a, sha2('two'), history, policy, NOW)!;
    expect(next.map((e) => e.timestamp)).toEqual([NOW]);
  });

  it('a reuse interval keeps entries younger than N days, whatever their number', () => {
    const a = account('one');
    const old = [{ timestamp: NOW - 40 * DAY_MS, hash: cachingSha2Hash('ancient') }, { timestamp: NOW - 5 * DAY_MS, hash: cachingSha2Hash('recent') }];
    const policy = { ...NO_POLICY, passwordReuseInterval: 30 };
    expect(() => historyAfterChange(a, sha2('recent'), old, policy, NOW)).toThrow(expect.objectContaining({ code: 3638 }));
    expect(historyAfterChange(a, sha2('ancient'), old, policy, NOW)!.map((e) => e.timestamp)).toEqual([NOW, NOW - 5 * DAY_MS]);
  });
});

describe('REPLACE and PASSWORD REQUIRE CURRENT', () => {
  it('3893 REPLACE for another account, 3891 a wrong current password, 3892 a missing one', () => {
    const a = account('cur');
    expect(() => checkCurrentPassword(a, { self: false, replace: 'cur', privileged: true, requireCurrentGlobal: false })).toThrow(expect.objectContaining({ code: 3893 }));
    expect(() => checkCurrentPassword(a, { self: true, replace: 'nope', privileged: false, requireCurrentGlobal: false })).toThrow(expect.objectContaining({ code: 3891 }));
    expect(() => checkCurrentPassword(a, { self: true, privileged: false, requireCurrentGlobal: true })).toThrow(expect.objectContaining({ code: 3892 }));
    expect(() => checkCurrentPassword(a, { self: true, privileged: true, requireCurrentGlobal: true })).not.toThrow();
  });
});

describe('dual passwords', () => {
  it('RETAIN makes the primary the secondary; a plugin change with RETAIN is 3894', () => {
    const a = account('first');
    const first = a.authenticationString;
    const change = { retain: true, self: false, privileged: true, globals: NO_POLICY, previousHistory: [], now: NOW };
    changeAccountPassword(a, sha2('second'), change);
    expect(a.additionalPassword).toBe(first);
    expect(a.additionalPasswordSince).toBe(NOW);
    expect(a.passwordLastChanged).toBe(NOW);
    expect(() => changeAccountPassword(a, { plugin: 'sha256_password', hash: 'x', expire: false }, change)).toThrow(expect.objectContaining({ code: 3894 }));
  });
});
