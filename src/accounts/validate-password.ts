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

import { readFileSync, statSync } from 'node:fs';
import type { VariableDef } from '../config/variables.js';

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

// ---------------------------------------------------------------------------
// The component: its variables, its state, and the checks while it is loaded
// ---------------------------------------------------------------------------

/** The system-variable registry the component adds its variables to (config/variables.ts SystemVariables). */
export interface ComponentVariableRegistry {
  addDefinitions(defs: readonly VariableDef[]): void;
  removeDefinitions(names: readonly string[]): void;
  definition(name: string): VariableDef | undefined;
  get(name: string, scope: 'global'): unknown;
  setStartupValue(name: string, value: string | number | boolean | null): void;
  onSet(name: string, listener: (value: unknown) => void): void;
}

export const VALIDATE_PASSWORD_URN = 'file://component_validate_password';

/** Emulator-only variable added by the `azure` preset (never by INSTALL COMPONENT). */
export const MIN_CLASSES_VARIABLE = 'validate_password.emulator_min_classes';

/** MAX_DICTIONARY_FILE_LENGTH: a larger dictionary file is refused (and the old words kept). */
const MAX_DICTIONARY_FILE_LENGTH = 1024 * 1024;
const INT_MAX = 2147483647;

/** The variable names of each form: the component's `validate_password.x`, the older plugin's `validate_password_x`. */
function variableNames(form: ValidatePasswordForm) {
  const p = form === 'component' ? 'validate_password.' : 'validate_password_';
  return {
    length: `${p}length`,
    numberCount: `${p}number_count`,
    mixedCaseCount: `${p}mixed_case_count`,
    specialCharCount: `${p}special_char_count`,
    policy: `${p}policy`,
    dictionaryFile: `${p}dictionary_file`,
    checkUserName: `${p}check_user_name`,
    /** The component's only (8.0.34+); the plugin has no such variable. */
    changedCharactersPercentage: form === 'component' ? `${p}changed_characters_percentage` : null,
    /** Emulator-only, added by the `azure` preset. */
    minClasses: form === 'component' ? MIN_CLASSES_VARIABLE : 'validate_password_emulator_min_classes',
  };
}

type VariableNames = ReturnType<typeof variableNames>;

/** The system variables it registers (register_system_variables()): global, dynamic. */
function validatePasswordVariables(V: VariableNames): VariableDef[] {
  const int = (name: string, def: number, max = INT_MAX): VariableDef => ({
    name, scope: 'global', dynamic: true, type: 'int', default: def, min: 0, max,
  });
  return [
    int(V.length, DEFAULT_POLICY.length),
    int(V.numberCount, DEFAULT_POLICY.numberCount),
    int(V.mixedCaseCount, DEFAULT_POLICY.mixedCaseCount),
    int(V.specialCharCount, DEFAULT_POLICY.specialCharCount),
    { name: V.policy, scope: 'global', dynamic: true, type: 'enum', values: POLICY_NAMES, default: DEFAULT_POLICY.policy },
    { name: V.dictionaryFile, scope: 'global', dynamic: true, type: 'string', nullable: true, default: null },
    { name: V.checkUserName, scope: 'global', dynamic: true, type: 'bool', default: 1 },
    ...(V.changedCharactersPercentage ? [int(V.changedCharactersPercentage, 0, 100)] : []),
  ];
}

/** MySQL 8's component, or the plugin it replaced (deprecated, still shipped in 8.0 and 8.4; what Azure installs). */
export type ValidatePasswordForm = 'component' | 'plugin';

export type ValidatePasswordPreset = 'default' | 'azure';

/**
 * The validate_password component of one server: loaded or not, its
 * dictionary words, its mysql.component row. While loaded, every cleartext
 * password assignment is checked (check(), ERROR 1819) and
 * VALIDATE_PASSWORD_STRENGTH() scores (strength()).
 *
 * Sources: components/validate_password/validate_password_imp.cc
 * (variables, readjusted length, dictionary file, my_validate_password_policy).
 */
export class ValidatePasswordComponent {
  private loaded: { dictionary: ReadonlySet<string>; extensionNames: string[]; names: VariableNames; form: ValidatePasswordForm } | null = null;
  /** mysql.component's row for it, when INSTALL COMPONENT loaded it (id, group id, URN). */
  row: [number, number, string] | null = null;
  /** mysql.component's AUTO_INCREMENT. */
  private lastComponentId = 0;

  constructor(
    private readonly vars: ComponentVariableRegistry,
    private readonly log: (fields: Record<string, unknown>, message: string) => void,
  ) {}

  get installed(): boolean {
    return this.loaded !== null;
  }

  /** Which form is loaded, or null. */
  get form(): ValidatePasswordForm | null {
    return this.loaded?.form ?? null;
  }

  /**
   * Loads the component (or, with `form` 'plugin', the plugin): registers its
   * variables at their defaults (and the preset's values), as
   * validate_password_init() does. `viaInstallComponent` gives it a
   * mysql.component row. The `azure` preset plays the Azure guide's rule with
   * MEDIUM, zero per-class counts and the emulator-only
   * `validate_password.emulator_min_classes = 3`.
   */
  install(preset: ValidatePasswordPreset = 'default', viaInstallComponent = false, form: ValidatePasswordForm = 'component'): void {
    const vars = this.vars;
    const V = variableNames(form);
    const state = { dictionary: new Set<string>() as ReadonlySet<string>, extensionNames: [] as string[], names: V, form };
    vars.addDefinitions(validatePasswordVariables(V));
    if (preset === 'azure') {
      vars.addDefinitions([{ name: V.minClasses, scope: 'global', dynamic: true, type: 'int', default: 3, min: 0, max: 4 }]);
      state.extensionNames.push(V.minClasses);
      for (const name of [V.mixedCaseCount, V.numberCount, V.specialCharCount]) vars.setStartupValue(name, 0);
    }
    for (const name of [V.length, V.numberCount, V.mixedCaseCount, V.specialCharCount]) vars.onSet(name, () => this.readjustLength());
    vars.onSet(V.dictionaryFile, (value) => this.loadDictionary(value === null ? null : String(value)));
    this.loaded = state;
    if (viaInstallComponent) {
      this.lastComponentId++;
      this.row = [this.lastComponentId, this.lastComponentId, VALIDATE_PASSWORD_URN];
    }
    this.readjustLength();
  }

  uninstall(): void {
    if (!this.loaded) return;
    this.vars.removeDefinitions([...validatePasswordVariables(this.loaded.names).map((d) => d.name), ...this.loaded.extensionNames]);
    this.loaded = null;
    this.row = null;
  }

  /** The policy in force, or null when the component is not loaded. */
  policy(): PasswordPolicy | null {
    if (!this.loaded) return null;
    const V = this.loaded.names;
    const n = (name: string): number => Number(this.vars.get(name, 'global'));
    return {
      length: n(V.length),
      mixedCaseCount: n(V.mixedCaseCount),
      numberCount: n(V.numberCount),
      specialCharCount: n(V.specialCharCount),
      policy: String(this.vars.get(V.policy, 'global')) as PolicyName,
      checkUserName: n(V.checkUserName) !== 0,
      dictionary: this.loaded.dictionary,
      minCharClasses: this.vars.definition(V.minClasses) ? n(V.minClasses) : 0,
    };
  }

  /**
   * my_validate_password_policy(): false when the component is loaded and
   * rejects the cleartext (the caller answers 1819).
   */
  accepts(cleartext: string, users: SessionUserNames): boolean {
    const policy = this.policy();
    return !policy || isValidPassword(cleartext, policy, users);
  }

  /** VALIDATE_PASSWORD_STRENGTH(str): 0 without the component or for ''. */
  strength(password: string, users: SessionUserNames): number {
    const policy = this.policy();
    if (!policy || password === '') return 0;
    return passwordStrength(password, policy, users);
  }

  /** readjust_validate_password_length(), run after each SET of the four length-related variables. */
  private readjustLength(): void {
    if (!this.loaded) return;
    const V = this.loaded.names;
    const n = (name: string): number => Number(this.vars.get(name, 'global'));
    const length = n(V.length);
    const required = readjustedLength(length, n(V.numberCount), n(V.mixedCaseCount), n(V.specialCharCount));
    if (required === length) return;
    // MySQL writes ER_VALIDATE_PWD_LENGTH_CHANGED to the error log only; the client gets no warning.
    this.log({ event: 'validate_password' }, `Effective value of ${V.length} is changed. New value is ${required}`);
    this.vars.setStartupValue(V.length, required);
  }

  /** read_dictionary_file(): NULL empties the dictionary; an unreadable or too large file keeps the old words. */
  private loadDictionary(file: string | null): void {
    if (!this.loaded) return;
    if (file === null) {
      this.loaded.dictionary = new Set();
      return;
    }
    try {
      if (statSync(file).size > MAX_DICTIONARY_FILE_LENGTH) {
        this.log({ event: 'validate_password', file }, 'Dictionary file size exceeded MAX_DICTIONARY_FILE_LENGTH, not loaded');
        return;
      }
      this.loaded.dictionary = parseDictionary(readFileSync(file));
    } catch {
      this.log({ event: 'validate_password', file }, 'Dictionary file open failed');
    }
  }
}
