/**
 * The character sets and collations the emulator knows: enough for SET NAMES,
 * SHOW CHARACTER SET / COLLATION and result-column charset ids.
 */
import type { Profile } from './profiles.js';

export interface CharsetInfo {
  name: string;
  description: string;
  /** Bytes per character at most. */
  maxLen: number;
  /** Bytes per character at least (mbminlen: 2 for ucs2 and utf16, 4 for utf32). */
  minLen?: number;
}

export interface CollationInfo {
  name: string;
  charset: string;
  id: number;
  /** The charset's default collation in MySQL 8 / MariaDB. */
  isDefault: { mysql8: boolean; other: boolean };
  padAttribute: 'PAD SPACE' | 'NO PAD';
}

export const CHARSETS: readonly CharsetInfo[] = [
  { name: 'ascii', description: 'US ASCII', maxLen: 1 },
  { name: 'binary', description: 'Binary pseudo charset', maxLen: 1 },
  { name: 'latin1', description: 'cp1252 West European', maxLen: 1 },
  { name: 'ucs2', description: 'UCS-2 Unicode', maxLen: 2, minLen: 2 },
  { name: 'utf16', description: 'UTF-16 Unicode', maxLen: 4, minLen: 2 },
  { name: 'utf32', description: 'UTF-32 Unicode', maxLen: 4, minLen: 4 },
  { name: 'utf8mb3', description: 'UTF-8 Unicode', maxLen: 3 },
  { name: 'utf8mb4', description: 'UTF-8 Unicode', maxLen: 4 },
];

const both = { mysql8: true, other: true };
const none = { mysql8: false, other: false };

export const COLLATIONS: readonly CollationInfo[] = [
  { name: 'ascii_general_ci', charset: 'ascii', id: 11, isDefault: both, padAttribute: 'PAD SPACE' },
  { name: 'ascii_bin', charset: 'ascii', id: 65, isDefault: none, padAttribute: 'PAD SPACE' },
  { name: 'binary', charset: 'binary', id: 63, isDefault: both, padAttribute: 'NO PAD' },
  { name: 'latin1_swedish_ci', charset: 'latin1', id: 8, isDefault: both, padAttribute: 'PAD SPACE' },
  { name: 'latin1_general_ci', charset: 'latin1', id: 48, isDefault: none, padAttribute: 'PAD SPACE' },
  { name: 'latin1_bin', charset: 'latin1', id: 47, isDefault: none, padAttribute: 'PAD SPACE' },
  { name: 'ucs2_general_ci', charset: 'ucs2', id: 35, isDefault: both, padAttribute: 'PAD SPACE' },
  { name: 'utf16_general_ci', charset: 'utf16', id: 54, isDefault: both, padAttribute: 'PAD SPACE' },
  { name: 'utf32_general_ci', charset: 'utf32', id: 60, isDefault: both, padAttribute: 'PAD SPACE' },
  { name: 'utf8mb3_general_ci', charset: 'utf8mb3', id: 33, isDefault: both, padAttribute: 'PAD SPACE' },
  { name: 'utf8mb3_bin', charset: 'utf8mb3', id: 83, isDefault: none, padAttribute: 'PAD SPACE' },
  { name: 'utf8mb3_unicode_ci', charset: 'utf8mb3', id: 192, isDefault: none, padAttribute: 'PAD SPACE' },
  { name: 'utf8mb4_general_ci', charset: 'utf8mb4', id: 45, isDefault: { mysql8: false, other: true }, padAttribute: 'PAD SPACE' },
  { name: 'utf8mb4_bin', charset: 'utf8mb4', id: 46, isDefault: none, padAttribute: 'PAD SPACE' },
  { name: 'utf8mb4_unicode_ci', charset: 'utf8mb4', id: 224, isDefault: none, padAttribute: 'PAD SPACE' },
  { name: 'utf8mb4_0900_ai_ci', charset: 'utf8mb4', id: 255, isDefault: { mysql8: true, other: false }, padAttribute: 'NO PAD' },
  { name: 'utf8mb4_0900_as_cs', charset: 'utf8mb4', id: 278, isDefault: none, padAttribute: 'NO PAD' },
  { name: 'utf8mb4_0900_bin', charset: 'utf8mb4', id: 309, isDefault: none, padAttribute: 'NO PAD' },
];

/** MySQL 8 has utf8mb4_0900_* collations; older servers and MariaDB do not. */
function hasUca900(profile: Profile): boolean {
  return profile.uca900Collations;
}

/** 'utf8' is an alias of utf8mb3; names compare case-insensitively. Returns the canonical name or null. */
export function resolveCharset(name: string): string | null {
  const lower = name.toLowerCase();
  const canonical = lower === 'utf8' ? 'utf8mb3' : lower;
  return CHARSETS.some((c) => c.name === canonical) ? canonical : null;
}

/** A profile's collations, listed once per profile (a login looks its client's up by id). */
const PROFILE_COLLATIONS = new WeakMap<Profile, { list: readonly CollationInfo[]; byId: ReadonlyMap<number, CollationInfo> }>();

function profileCollations(profile: Profile): { list: readonly CollationInfo[]; byId: ReadonlyMap<number, CollationInfo> } {
  let entry = PROFILE_COLLATIONS.get(profile);
  if (!entry) {
    const list = COLLATIONS.filter((c) => hasUca900(profile) || !c.name.includes('_0900_'));
    entry = { list, byId: new Map(list.map((c) => [c.id, c])) };
    PROFILE_COLLATIONS.set(profile, entry);
  }
  return entry;
}

export function collationsFor(profile: Profile): readonly CollationInfo[] {
  return profileCollations(profile).list;
}

/** The collation with this id on this server, if it has one. */
export function profileCollationById(profile: Profile, id: number): CollationInfo | undefined {
  return profileCollations(profile).byId.get(id);
}

export function resolveCollation(name: string, profile: Profile): CollationInfo | null {
  const lower = name.toLowerCase().replace(/^utf8_/, 'utf8mb3_');
  return collationsFor(profile).find((c) => c.name === lower) ?? null;
}

export function defaultCollationOf(charset: string, profile: Profile): CollationInfo {
  const key = hasUca900(profile) ? 'mysql8' : 'other';
  const found = COLLATIONS.find((c) => c.charset === charset && c.isDefault[key]);
  if (!found) throw new Error(`No default collation for ${charset}`);
  return found;
}

export function charsetInfo(name: string): CharsetInfo | undefined {
  return CHARSETS.find((c) => c.name === name);
}

export function collationId(name: string, profile: Profile): number {
  return resolveCollation(name, profile)?.id ?? profile.defaultCollationId;
}

/** Bytes per character of a collation id's charset (4 when unknown). */
export function maxLenOfCollation(id: number): number {
  const collation = COLLATIONS.find((c) => c.id === id);
  return (collation && charsetInfo(collation.charset)?.maxLen) ?? 4;
}

/** Bytes per character at least of a collation id's charset (1 when unknown). */
export function minLenOfCollation(id: number): number {
  const collation = COLLATIONS.find((c) => c.id === id);
  return (collation && charsetInfo(collation.charset)?.minLen) ?? 1;
}

export function collationById(id: number): CollationInfo | undefined {
  return COLLATIONS.find((c) => c.id === id);
}
