/**
 * mysql_old_password (MySQL 5.6 sql/password.c: hash_password, scramble_323,
 * check_scramble_323). The golden vectors were produced by an independent
 * implementation, go-sql-driver/mysql 1.5 (pwHash / scrambleOldPassword, run
 * with Debian's golang), and agree with the driver's own test vectors and
 * with passlib's mysql323 ('password' -> 5d2e19393cc5ef67).
 */
import { describe, expect, it } from 'vitest';
import { checkScramble323, oldPassword, scramble323 } from '../../../src/auth/old-password.js';
import { isOldPasswordHash, oldPasswordHash } from '../../../src/accounts/credentials.js';
import { newAccount } from '../../../src/accounts/account.js';
import { writeOldAuthSwitchRequest } from '../../../src/wire/packets.js';
import type { AuthWire } from '../../../src/auth/plugin.js';
import { AccountStore } from '../../../src/accounts/store.js';
import { createClock } from '../../../src/clock.js';

describe('hash_password / OLD_PASSWORD()', () => {
  it.each([
    ['password', '5d2e19393cc5ef67'],
    ['FOOBARZOO', '6e35068701b1cc8b'],
    ['secret', '428567f408994404'],
    ['user1-old', '1d5a69da00e44737'],
    ['é ü\tx', '783220c12c767b3b'],
  ])('%j -> %s', (password, hash) => {
    expect(oldPasswordHash(password)).toBe(hash);
    expect(isOldPasswordHash(hash)).toBe(true);
  });

  it('skips spaces and tabs; the empty password hashes to the empty string', () => {
    expect(oldPasswordHash(' pass')).toBe(oldPasswordHash('pa s\ts'));
    expect(oldPasswordHash('')).toBe('');
  });
});

describe('scramble_323 / check_scramble_323', () => {
  const vectors: [string, string, string][] = [
    ['0908070605040302', ' pass', '47575c5a435b4251'],
    ['0908070605040302', 'root', '5f4152575350574e'],
    ['0908070605040302', 'C0mpl!ca ted#PASS123', '5d5d554849584a45'],
    ['3862797465736f66', 'root', '5a4d46474353585f'],
    ['3862797465736f66', 'saf789yasfbsd', '57444c515452414d'],
    ['6538636630306365', 'saf789yasfbsd', '4d545b475f524d45'],
  ];

  it.each(vectors)('message %s, password %j -> %s', (message, password, expected) => {
    const msg = Buffer.from(message, 'hex');
    expect(scramble323(msg, password).toString('hex')).toBe(expected);
    expect(checkScramble323(Buffer.from(expected, 'hex'), msg, oldPasswordHash(password))).toBe(true);
    expect(checkScramble323(Buffer.from(expected, 'hex'), msg, oldPasswordHash(password + 'x'))).toBe(false);
  });

  it('uses only the first 8 bytes of a 20-byte scramble', () => {
    const scramble = Buffer.from('0908070605040302aabbccddeeff001122334455', 'hex');
    expect(scramble323(scramble, ' pass').toString('hex')).toBe('47575c5a435b4251');
  });

  it('rejects replies that are not 8 non-NUL bytes', () => {
    const msg = Buffer.from('0908070605040302', 'hex');
    const hash = oldPasswordHash(' pass');
    expect(checkScramble323(Buffer.from('47575c5a435b42', 'hex'), msg, hash)).toBe(false);
    expect(checkScramble323(Buffer.from('47575c5a435b4200', 'hex'), msg, hash)).toBe(false);
    expect(checkScramble323(Buffer.from('47575c5a435b4251', 'hex'), msg, '*' + 'A'.repeat(40))).toBe(false);
  });
});

describe('the mysql_old_password server plugin', () => {
  const scramble = Buffer.from('0908070605040302aabbccddeeff001122334455', 'hex');
  const wire = {} as AuthWire;
  const store = new AccountStore(createClock(0));
  const account = newAccount('u', '%', '', 0);
  account.authenticationString = oldPasswordHash(' pass');

  it('accepts the NUL-terminated 9-byte answer to the OldAuthSwitchRequest', async () => {
    const response = Buffer.concat([scramble323(scramble, ' pass'), Buffer.from([0])]);
    await expect(oldPassword.authenticate({ account, current: () => account, scramble, response, wire, store })).resolves.toEqual({ ok: true, usedPassword: true });
  });

  it('refuses a wrong password, and an empty answer for an account with a password', async () => {
    const response = Buffer.concat([scramble323(scramble, 'nope'), Buffer.from([0])]);
    await expect(oldPassword.authenticate({ account, current: () => account, scramble, response, wire, store })).resolves.toEqual({ ok: false, usedPassword: true });
    await expect(oldPassword.authenticate({ account, current: () => account, scramble, response: Buffer.alloc(0), wire, store })).resolves.toEqual({
      ok: false,
      usedPassword: false,
    });
  });

  it('answers another length with ER_HANDSHAKE_ERROR', async () => {
    await expect(oldPassword.authenticate({ account, current: () => account, scramble, response: Buffer.alloc(20, 0x41), wire, store })).rejects.toMatchObject({ code: 1043 });
  });

  it('OldAuthSwitchRequest is the single byte 0xFE', () => {
    expect([...writeOldAuthSwitchRequest()]).toEqual([0xfe]);
  });
});
