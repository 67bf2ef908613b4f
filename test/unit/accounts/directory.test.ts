import { getRounds } from 'bcryptjs';
import { describe, expect, it } from 'vitest';
import { Directory, DIRECTORY_BCRYPT_COST, normalizeDn } from '../../../src/accounts/directory.js';

const ALICE = 'uid=alice,ou=People,dc=example,dc=com';
const pw = (s: string) => Buffer.from(s, 'utf8');

describe('emulated LDAP directory', () => {
  it('binds with the right password only', async () => {
    const d = new Directory();
    await d.set(ALICE, 's3cret');
    expect(await d.bind(ALICE, pw('s3cret'))).toBe(true);
    expect(await d.bind(ALICE, pw('S3cret'))).toBe(false);
    expect(await d.bind('uid=bob,ou=People,dc=example,dc=com', pw('s3cret'))).toBe(false);
  });

  it('never binds an empty password (no unauthenticated bind)', async () => {
    const d = new Directory();
    await d.set(ALICE, '');
    expect(await d.bind(ALICE, pw(''))).toBe(false);
  });

  it('stores a bcrypt hash of the configured cost, never the cleartext', async () => {
    const d = new Directory();
    await d.set(ALICE, 's3cret');
    const entry = (d as unknown as { entries: Map<string, { hash: Promise<string> }> }).entries.get(normalizeDn(ALICE))!;
    const hash = await entry.hash;
    expect(hash).toMatch(/^\$2[aby]\$08\$/);
    expect(getRounds(hash)).toBe(DIRECTORY_BCRYPT_COST);
    expect(hash).not.toContain('s3cret');
  });

  it('takes a change effect at once: a bind started before the hash settles sees the new password', async () => {
    const d = new Directory();
    await d.set(ALICE, 'old');
    const pending = d.set(ALICE, 'new');
    const bind = d.bind(ALICE, pw('new'));
    await pending;
    expect(await bind).toBe(true);
    expect(await d.bind(ALICE, pw('old'))).toBe(false);
  });

  it('forgets deleted entries', async () => {
    const d = new Directory();
    await d.load({ [ALICE]: 's3cret' });
    expect(d.delete(ALICE)).toBe(true);
    expect(d.delete(ALICE)).toBe(false);
    expect(await d.bind(ALICE, pw('s3cret'))).toBe(false);
  });

  it('compares DNs without case and without spaces around separators', async () => {
    const d = new Directory();
    await d.set('UID=Alice, OU=People, DC=Example, DC=com', 's3cret');
    expect(d.resolve(ALICE, 'alice')).not.toBeNull();
    expect(await d.bind(ALICE, pw('s3cret'))).toBe(true);
    expect(d.list()).toEqual(['UID=Alice, OU=People, DC=Example, DC=com']);
  });

  it('finds the entry by uid=<user> when the account names no DN, and only when unambiguous', async () => {
    const d = new Directory();
    await d.load({ [ALICE]: 'a', 'cn=Carol,ou=People,dc=example,dc=com': 'c' });
    expect(d.resolve('', 'alice')).toBe(normalizeDn(ALICE));
    expect(d.resolve('', 'carol')).toBeNull(); // her first RDN is cn, not uid
    await d.set('uid=alice,ou=Staff,dc=example,dc=com', 'a2');
    expect(d.resolve('', 'alice')).toBeNull();
  });

  it('refuses passwords bcrypt would truncate, and longer passwords never bind', async () => {
    const d = new Directory();
    expect(() => d.set(ALICE, 'x'.repeat(73))).toThrow(/72 bytes/);
    await d.set(ALICE, 'x'.repeat(72));
    expect(await d.bind(ALICE, pw('x'.repeat(72)))).toBe(true);
    expect(await d.bind(ALICE, pw('x'.repeat(73)))).toBe(false);
  });
});
