/**
 * validate_password's policy and strength as validate_password_imp.cc
 * computes them (validate_password_policy_strength, get_strength,
 * validate_dictionary_check, is_valid_user, readjust_validate_password_length).
 */
import { describe, expect, it } from 'vitest';
import {
  characterCounts,
  DEFAULT_POLICY,
  isValidPassword,
  parseDictionary,
  passesDictionaryCheck,
  passwordStrength,
  readjustedLength,
  type PasswordPolicy,
} from '../../../src/accounts/validate-password.js';

const users = { user: 'bob', privUser: 'bob' };
const policy = (p: Partial<PasswordPolicy> = {}): PasswordPolicy => ({ ...DEFAULT_POLICY, ...p });
const words = (...w: string[]): Set<string> => new Set(w);

describe('isValidPassword', () => {
  it.each([
    // [password, policy overrides, valid]
    ['', {}, false],
    ['Ab1!xyz', {}, false], // 7 characters
    ['Ab1!xyzw', {}, true],
    ['ab1!xyzw', {}, false], // no upper case
    ['AB1!XYZW', {}, false], // no lower case
    ['Abc!xyzw', {}, false], // no digit
    ['Abc1xyzw', {}, false], // no special character
    ['Ab1 xyzw', {}, true], // a space is special
    ['Äb1!xyzw', {}, true], // non-ASCII upper case counts
    ['password', { policy: 'LOW' }, true],
    ['passwor', { policy: 'LOW' }, false],
    ['AAbb1!xy', { mixedCaseCount: 2 }, true],
    ['Abb1!xyz', { mixedCaseCount: 2 }, false],
    ['Ab12!xyz', { numberCount: 2 }, true],
    ['Ab1!xyzw', { numberCount: 2 }, false],
    ['Ab1!#xyz', { specialCharCount: 2 }, true],
    ['Ab1!xyzw', { specialCharCount: 2 }, false],
    ['ab', { policy: 'LOW', length: 0 }, true],
    ['Ab1!word', { policy: 'STRONG' }, true], // no dictionary: STRONG = MEDIUM
    ['Ab1!word', { policy: 'STRONG', dictionary: words('word') }, false],
    ['Ab1!WORD', { policy: 'STRONG', dictionary: words('word') }, false], // the password is lower-cased
    ['Ab1!wor+', { policy: 'STRONG', dictionary: words('word') }, true],
    ['Ab1!word', { policy: 'MEDIUM', dictionary: words('word') }, true],
  ] as const)('%j with %j -> %s', (pw, p, ok) => {
    expect(isValidPassword(pw, policy(p as Partial<PasswordPolicy>), users)).toBe(ok);
  });

  it('check_user_name: the login and the account user names, forwards and reversed', () => {
    const names = { user: 'Ab1!xyzw', privUser: 'Qr5$tuvw' };
    expect(isValidPassword('Ab1!xyzw', policy(), names)).toBe(false);
    expect(isValidPassword('wzyx!1bA', policy(), names)).toBe(false);
    expect(isValidPassword('Qr5$tuvw', policy(), names)).toBe(false);
    expect(isValidPassword('wvut$5rQ', policy(), names)).toBe(false);
    expect(isValidPassword('Ab1!xyzW', policy(), names)).toBe(true); // byte-exact, case matters
    expect(isValidPassword('Ab1!xyzw', policy({ checkUserName: false }), names)).toBe(true);
    expect(isValidPassword('Ab1!xyzw', policy(), { user: '', privUser: '' })).toBe(true);
  });

  it('emulator_min_classes: 3 of 4 classes at MEDIUM with zero counts (the azure preset)', () => {
    const azure = policy({ mixedCaseCount: 0, numberCount: 0, specialCharCount: 0, minCharClasses: 3 });
    expect(isValidPassword('Password123', azure, users)).toBe(true); // upper, lower, digit
    expect(isValidPassword('password123!', azure, users)).toBe(true); // lower, digit, special
    expect(isValidPassword('Password', azure, users)).toBe(false); // 2 classes
    expect(isValidPassword('pass123', azure, users)).toBe(false); // 7 characters
    expect(isValidPassword('password', { ...azure, policy: 'LOW' }, users)).toBe(true); // LOW ignores it
  });
});

describe('passwordStrength (VALIDATE_PASSWORD_STRENGTH)', () => {
  it.each([
    ['', {}, 0],
    ['abc', {}, 0],
    ['abcd', {}, 25],
    ['abcdefg', {}, 25],
    ['abcdefgh', {}, 50],
    ['Abcdefg1!', {}, 100], // MEDIUM passes and an empty dictionary passes
    ['Abcdefg1!', { dictionary: words('abcd') }, 75],
    ['Abcdefg1!', { policy: 'LOW' }, 100], // the policy variable does not matter
    ['abcdefgh', { length: 10 }, 25],
    ['abc', { length: 0 }, 0], // below 4 whatever the length
  ] as const)('%j with %j -> %d', (pw, p, score) => {
    expect(passwordStrength(pw, policy(p as Partial<PasswordPolicy>), users)).toBe(score);
  });

  it('is 0 for the user name or its reverse', () => {
    expect(passwordStrength('bob', policy(), users)).toBe(0);
    expect(passwordStrength('Abcdefg1!', policy(), { user: '!1gfedcbA', privUser: 'x' })).toBe(0);
  });
});

describe('helpers', () => {
  it.each([
    [8, 1, 1, 1, 8],
    [2, 1, 1, 1, 4],
    [0, 2, 3, 1, 9],
    [12, 0, 0, 0, 12],
  ])('readjustedLength(%d, number=%d, mixed=%d, special=%d) = %d', (len, n, m, s, want) => {
    expect(readjustedLength(len, n, m, s)).toBe(want);
  });

  it('counts characters, not bytes, one class each', () => {
    expect(characterCounts('aB3 é€')).toEqual({ chars: 6, lower: 2, upper: 1, digit: 1, special: 2 });
  });

  it('dictionary: substrings of 4+ bytes, longest first; words kept as written', () => {
    expect(passesDictionaryCheck('xxsecretxx', words('secret'))).toBe(false);
    expect(passesDictionaryCheck('xxsecxx', words('sec'))).toBe(true); // 3-letter words never match
    expect(passesDictionaryCheck('xxsecretxx', words('Secret'))).toBe(true); // words are not lower-cased
  });

  it('parseDictionary drops a last line without a newline (std::getline + good())', () => {
    expect([...parseDictionary(Buffer.from('alpha\nbeta\ngamma'))]).toEqual(['alpha', 'beta']);
    expect([...parseDictionary(Buffer.from('alpha\nbeta\n'))]).toEqual(['alpha', 'beta']);
  });
});
