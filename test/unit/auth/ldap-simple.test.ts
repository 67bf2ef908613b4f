import { describe, expect, it } from 'vitest';
import { newAccount } from '../../../src/accounts/account.js';
import { Directory } from '../../../src/accounts/directory.js';
import type { AccountStore } from '../../../src/accounts/store.js';
import { ldapSimple } from '../../../src/auth/ldap-simple.js';
import type { AuthWire } from '../../../src/auth/plugin.js';
import { AUTH_PLUGINS } from '../../../src/auth/plugins.js';
import { DECOY_PLUGINS, usesInternalStorage } from '../../../src/accounts/plugin-catalogue.js';

const DN = 'uid=alice,ou=People,dc=example,dc=com';

/** A wire that must not be used: the password comes with the auth-switch response. */
const wire = (secure: boolean): AuthWire => ({
  secure,
  exchange: () => Promise.reject(new Error('no further exchange expected')),
  send: () => undefined,
  keys: () => Promise.reject(new Error('no keys needed')),
});

async function attempt(directory: Directory | undefined, password: string, authString = DN, secure = false) {
  const account = newAccount('alice', '%', 'authentication_ldap_simple', 0);
  account.authenticationString = authString;
  return ldapSimple.authenticate({
    account,
    current: () => account,
    scramble: Buffer.alloc(20),
    response: Buffer.from(password + '\0'),
    wire: wire(secure),
    store: {} as AccountStore,
    userName: 'alice',
    directory,
  });
}

describe('authentication_ldap_simple', () => {
  it('asks for mysql_clear_password with the one-byte password question', () => {
    expect(ldapSimple.clientName).toBe('mysql_clear_password');
    expect(ldapSimple.initialData(Buffer.alloc(20, 7))).toEqual(Buffer.from([0x05]));
    expect(AUTH_PLUGINS.get('authentication_ldap_simple')).toBe(ldapSimple);
  });

  it('binds the account DN with the cleartext password, over TLS or not (path "clear")', async () => {
    const d = new Directory();
    await d.set(DN, 's3cret');
    expect(await attempt(d, 's3cret')).toEqual({ ok: true, usedPassword: true, path: 'clear' });
    expect(await attempt(d, 's3cret', DN, true)).toEqual({ ok: true, usedPassword: true, path: 'clear' });
    expect(await attempt(d, 'wrong')).toEqual({ ok: false, usedPassword: true, path: 'clear' });
  });

  it('counts every attempt as "using password: YES", the empty password too', async () => {
    const d = new Directory();
    await d.set(DN, 's3cret');
    expect(await attempt(d, '')).toEqual({ ok: false, usedPassword: true, path: 'clear' });
  });

  it('searches uid=<login name> when the account names no DN', async () => {
    const d = new Directory();
    await d.set(DN, 's3cret');
    expect((await attempt(d, 's3cret', '')).ok).toBe(true);
  });

  it('fails without a directory entry or without a directory', async () => {
    expect((await attempt(new Directory(), 's3cret')).ok).toBe(false);
    expect((await attempt(undefined, 's3cret')).ok).toBe(false);
  });

  it('is external: no internal storage, never a decoy for unknown users', () => {
    expect(usesInternalStorage('authentication_ldap_simple')).toBe(false);
    expect(DECOY_PLUGINS.has('authentication_ldap_simple')).toBe(false);
  });
});
