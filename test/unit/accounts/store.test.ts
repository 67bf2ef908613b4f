/**
 * AccountStore.get(): the account of exactly this user name and host
 * pattern, host compared case-insensitively, after every kind of change to
 * the store (its index by user name is rebuilt after each one).
 */
import { describe, expect, it } from 'vitest';
import { newAccount } from '../../../src/accounts/account.js';
import { AccountStore } from '../../../src/accounts/store.js';
import { createClock } from '../../../src/clock.js';

const store = (): AccountStore => new AccountStore(createClock());

describe('AccountStore.get()', () => {
  it('finds an account by user and host pattern, the host in any case, the user exactly', () => {
    const s = store();
    const a = s.create('app', 'Example.COM', 'mysql_native_password', '');
    s.create('app', '%', 'mysql_native_password', '');
    expect(s.get('app', 'example.com')).toBe(a);
    expect(s.get('app', 'EXAMPLE.com')).toBe(a);
    expect(s.get('APP', 'example.com')).toBeUndefined();
    expect(s.get('app', 'other')).toBeUndefined();
  });

  it('sees every change: CREATE, DROP, RENAME and a FLUSH PRIVILEGES that replaces all accounts', () => {
    const s = store();
    expect(s.get('u', '%')).toBeUndefined();
    const u = s.create('u', '%', 'mysql_native_password', '');
    expect(s.get('u', '%')).toBe(u);
    s.rename(u, 'v', 'localhost');
    expect(s.get('u', '%')).toBeUndefined();
    expect(s.get('v', 'localhost')).toBe(u);
    s.remove(u);
    expect(s.get('v', 'localhost')).toBeUndefined();
    const w = newAccount('w', '10.0.0.1', 'mysql_native_password', 0);
    s.add(w);
    expect(s.get('w', '10.0.0.1')).toBe(w);
    const replacement = newAccount('w', '10.0.0.1', 'caching_sha2_password', 0);
    s.replaceAll([replacement]);
    expect(s.get('w', '10.0.0.1')).toBe(replacement);
  });

  it('keeps one user name\'s accounts apart by host among thousands of accounts', () => {
    const s = store();
    for (let i = 0; i < 2000; i++) s.create(`storm_${i}`, '%', 'caching_sha2_password', '');
    const local = s.create('storm_7', 'localhost', 'caching_sha2_password', '');
    expect(s.get('storm_7', 'LOCALHOST')).toBe(local);
    expect(s.get('storm_7', '%')!.host).toBe('%');
    expect(s.get('storm_1999', '%')!.user).toBe('storm_1999');
  });
});
