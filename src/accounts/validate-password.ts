/**
 * The validate_password component's password policy and strength, as pure
 * functions (MySQL 8: components/validate_password/validate_password_imp.cc).
 *
 * - A password satisfies LOW when it has at least `length` characters and
 *   is not the session's user name (or its reverse) while check_user_name
 *   is ON; MEDIUM adds at least `mixedCaseCount` lower-case and as many
 *   upper-case letters, `numberCount` digits and `specialCharCount` other
 *   characters; STRONG adds that no substring of 4+ characters of the
 *   lower-cased password is a word of the dictionary file (an empty
 *   dictionary passes).
 * - VALIDATE_PASSWORD_STRENGTH: 0 when the user-name check fails or for
 *   fewer than 4 characters, 25 below `length`, else 50 / 75 / 100 for the
 *   highest of LOW / MEDIUM / STRONG satisfied (whatever the policy).
 *
 * `minCharClasses` is the emulator's own addition (0 = off, as in MySQL):
 * at MEDIUM and above, the password must also use that many of the four
 * classes (lower, upper, digit, special). See docs/validate-password.md.
 */

export const POLICY_NAMES = ['LOW', 'MEDIUM', 'STRONG'] as const;
export type PolicyName = (typeof POLICY_NAMES)[number];

/** MIN_DICTIONARY_WORD_LENGTH: also the length below which the strength is 0. */
export const MIN_DICTIONARY_WORD_LENGTH = 4;
/** PASSWORD_SCORE: the strength step. */
const PASSWORD_SCORE = 25;

export interface PasswordPolicy {
  readonly length: number;
  readonly mixedCaseCount: number;
  readonly numberCount: number;
  readonly specialCharCount: number;
  readonly policy: PolicyName;
  readonly checkUserName: boolean;
  /** Dictionary words as byte strings (latin1-decoded UTF-8), compared byte-wise as MySQL does. */
  readonly dictionary: ReadonlySet<string>;
  /** Emulator extension: at MEDIUM and above, at least this many of the 4 character classes (0 = off). */
  readonly minCharClasses: number;
}

/** The component's defaults (its system variables after INSTALL COMPONENT). */
export const DEFAULT_POLICY: PasswordPolicy = {
  length: 8,
  mixedCaseCount: 1,
  numberCount: 1,
  specialCharCount: 1,
  policy: 'MEDIUM',
  checkUserName: true,
  dictionary: new Set(),
  minCharClasses: 0,
};

/** The session's names the password is compared with: USER()'s user part and CURRENT_USER()'s. */
export interface SessionUserNames {
  readonly user: string;
  readonly privUser: string;
}

/**
 * readjust_validate_password_length(): the value validate_password.length
 * takes when it is below number_count + 2 × mixed_case_count + special_char_count.
 */
export function readjustedLength(length: number, numberCount: number, mixedCaseCount: number, specialCharCount: number): number {
  return Math.max(length, numberCount + 2 * mixedCaseCount + specialCharCount);
}

export interface CharacterCounts {
  chars: number;
  lower: number;
  upper: number;
  digit: number;
  special: number;
}

/** Characters by class, one class each in MySQL's order: lower, else upper, else digit, else special. */
export function characterCounts(password: string): CharacterCounts {
  const counts: CharacterCounts = { chars: 0, lower: 0, upper: 0, digit: 0, special: 0 };
  for (const c of password) {
    counts.chars++;
    if (/\p{Ll}/u.test(c)) counts.lower++;
    else if (/\p{Lu}/u.test(c)) counts.upper++;
    else if (c >= '0' && c <= '9') counts.digit++;
    else counts.special++;
  }
  return counts;
}

/** is_valid_password_by_user_name(): false when the password is either name or its reverse (byte-wise). */
export function passesUserNameCheck(password: string, policy: PasswordPolicy, users: SessionUserNames): boolean {
  if (!policy.checkUserName) return true;
  const bytes = Buffer.from(password, 'utf8');
  const matches = (name: string): boolean => {
    if (name === '') return false;
    const n = Buffer.from(name, 'utf8');
    return n.equals(bytes) || Buffer.from(n).reverse().equals(bytes);
  };
  return !matches(users.user) && !matches(users.privUser);
}

/** validate_dictionary_check(): true when no substring of 4+ bytes of the lower-cased password is a dictionary word. */
export function passesDictionaryCheck(password: string, dictionary: ReadonlySet<string>): boolean {
  if (dictionary.size === 0) return true;
  const text = Buffer.from(password.toLowerCase(), 'utf8').toString('latin1');
  for (let len = text.length; len >= MIN_DICTIONARY_WORD_LENGTH; len--) {
    for (let pos = 0; pos + len <= text.length; pos++) {
      if (dictionary.has(text.slice(pos, pos + len))) return false;
    }
  }
  return true;
}

/** validate_password_policy_strength(): does the password satisfy `level` under `policy`'s settings? */
export function satisfiesLevel(password: string, level: PolicyName, policy: PasswordPolicy, users: SessionUserNames): boolean {
  const c = characterCounts(password);
  if (c.chars < policy.length) return false;
  if (!passesUserNameCheck(password, policy, users)) return false;
  if (level === 'LOW') return true;
  const counts =
    c.upper >= policy.mixedCaseCount &&
    c.lower >= policy.mixedCaseCount &&
    c.special >= policy.specialCharCount &&
    c.digit >= policy.numberCount;
  if (!counts) return false;
  const classes = [c.lower, c.upper, c.digit, c.special].filter((n) => n > 0).length;
  if (classes < policy.minCharClasses) return false;
  return level === 'MEDIUM' || passesDictionaryCheck(password, policy.dictionary);
}

/** What CREATE USER / ALTER USER / SET PASSWORD ask: false means ERROR 1819. */
export function isValidPassword(password: string, policy: PasswordPolicy, users: SessionUserNames): boolean {
  return satisfiesLevel(password, policy.policy, policy, users);
}

/** get_strength(): VALIDATE_PASSWORD_STRENGTH's 0, 25, 50, 75 or 100. */
export function passwordStrength(password: string, policy: PasswordPolicy, users: SessionUserNames): number {
  if (!passesUserNameCheck(password, policy, users)) return 0;
  const chars = characterCounts(password).chars;
  if (chars < MIN_DICTIONARY_WORD_LENGTH) return 0;
  if (chars < policy.length) return PASSWORD_SCORE;
  let level = 0;
  if (satisfiesLevel(password, 'MEDIUM', policy, users)) {
    level = 1;
    if (passesDictionaryCheck(password, policy.dictionary)) level = 2;
  }
  return (level + 1) * PASSWORD_SCORE + PASSWORD_SCORE;
}

/**
 * read_dictionary_file(): one word per line, kept byte for byte (a word is
 * not lower-cased, and a last line without a newline is dropped, as
 * std::getline + good() do).
 */
export function parseDictionary(file: Buffer): Set<string> {
  const lines = file.toString('latin1').split('\n');
  lines.pop();
  return new Set(lines);
}
