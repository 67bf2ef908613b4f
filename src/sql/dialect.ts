/**
 * Syntax that differs between the servers we play, as predicates on the
 * profile. The parser asks these; nothing else compares profile names.
 */
import type { Profile } from '../config/profiles.js';
import { versionNumberOf, type TokenizeOptions } from './tokenizer.js';

/** `PASSWORD('x')` exists in 5.6/5.7, MariaDB and OceanBase; MySQL 8 removed it. */
export function hasPasswordFunction(profile: Profile): boolean {
  return profile.family !== 'mysql-8';
}

/** `ALTER USER USER() ...` is MySQL syntax; MariaDB has no such form. */
export function allowsUserFunctionInAlterUser(profile: Profile): boolean {
  return !profile.isMariaDb;
}

/** RETAIN CURRENT PASSWORD / DISCARD OLD PASSWORD (dual passwords, MySQL 8.0.14+, OceanBase). */
export function hasDualPasswords(profile: Profile): boolean {
  return profile.family === 'mysql-8' || profile.family === 'oceanbase';
}

/** Options for the lexer: which `/*!NNNNN` and `/*M!` comments run. */
export function lexerOptionsFor(profile: Profile): TokenizeOptions {
  return { serverVersion: versionNumberOf(profile.version), mariaDb: profile.isMariaDb };
}
