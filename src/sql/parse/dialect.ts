/**
 * Syntax that differs between the servers we play, as predicates on the
 * profile. The parser asks these; nothing else compares profile names.
 */
import type { Profile } from '../../config/profiles.js';
import { versionNumberOf, type TokenizeOptions } from './tokenizer.js';

/** `PASSWORD('x')` exists in 5.6/5.7, MariaDB and OceanBase; MySQL 8 removed it. */
export function hasPasswordFunction(profile: Profile): boolean {
  return profile.passwordFunction;
}

/**
 * `SET PASSWORD ... = PASSWORD('x')` warns 1287 (deprecated) only in MySQL
 * 5.7 (5.7.6+). 5.6 and MariaDB accept it silently; OceanBase documents it as
 * its SET PASSWORD syntax (inferred: no warning).
 */
export function deprecatesPasswordFunction(profile: Profile): boolean {
  return profile.passwordFunctionDeprecated;
}

/** GRANT ... TO user IDENTIFIED BY 'pw' (5.x, MariaDB; removed in MySQL 8). */
export function grantTakesIdentifiedBy(profile: Profile): boolean {
  return profile.grantCreatesUsers !== 'never';
}

/** MySQL 5.6: `ALTER USER user [, user] ... PASSWORD EXPIRE` is the only form. */
export function alterUserExpireOnly(profile: Profile): boolean {
  return profile.alterUserExpireOnly;
}

/**
 * The IDENTIFIED clause: MySQL's `IDENTIFIED WITH plugin [BY 'pw' | BY RANDOM
 * PASSWORD | AS 'hash']`, or MariaDB's `IDENTIFIED {WITH | VIA} plugin
 * [{USING | AS} {'hash' | PASSWORD('pw')}]` (no BY after the plugin).
 */
export function authClauseGrammar(profile: Profile): 'mysql' | 'mariadb' {
  return profile.authClauseGrammar;
}

/** `ALTER USER USER() ...` is MySQL syntax; MariaDB has no such form. */
export function allowsUserFunctionInAlterUser(profile: Profile): boolean {
  return profile.alterUserUserFunction;
}

/** RETAIN CURRENT PASSWORD / DISCARD OLD PASSWORD (dual passwords, MySQL 8.0.14+, OceanBase). */
export function hasDualPasswords(profile: Profile): boolean {
  return profile.dualPasswords;
}

/**
 * FAILED_LOGIN_ATTEMPTS / PASSWORD_LOCK_TIME (MySQL 8.0.19+). MariaDB and
 * MySQL 5.x have no such options: the words are a 1064 there. OceanBase is
 * kept accepting them, as before (unverified).
 */
export function hasFailedLoginTracking(profile: Profile): boolean {
  return profile.failedLoginTracking;
}

/** OceanBase's `oceanbase` schema (DBA_OB_* views), listed by SHOW DATABASES. */
export function hasOceanBaseSchema(profile: Profile): boolean {
  return profile.oceanBaseSchema;
}

/** Options for the lexer: which `/*!NNNNN` and `/*M!` comments run (made once per profile: every statement asks). */
export function lexerOptionsFor(profile: Profile): TokenizeOptions {
  let opts = LEXER_OPTIONS.get(profile);
  if (!opts) {
    opts = Object.freeze({ serverVersion: versionNumberOf(profile.version), mariaDb: profile.mariaDbComments });
    LEXER_OPTIONS.set(profile, opts);
  }
  return opts;
}

const LEXER_OPTIONS = new WeakMap<Profile, TokenizeOptions>();

/** JSON_ARRAYAGG and JSON_OBJECTAGG are in the grammar: MySQL 5.7.22 and later (and OceanBase's 5.7.25 mode), MariaDB 10.5 and later. */
export function hasJsonAggregates(profile: Profile): boolean {
  return lexerOptionsFor(profile).serverVersion >= 50722;
}
