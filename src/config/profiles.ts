import type { ProfileFamily } from '../errors/catalogue.js';

/**
 * A profile is the server being played: its version string, default auth
 * plugin, error wording family, and the variable defaults that differ.
 * Behavioural differences are predicates on the profile, never string
 * comparisons scattered through the code.
 */
export type ProfileName = 'mysql-8.4' | 'mysql-8.0' | 'mysql-5.7' | 'mysql-5.6' | 'mariadb-10.11' | 'oceanbase-4.4';

export type AuthPluginName = 'caching_sha2_password' | 'mysql_native_password' | 'sha256_password';

export interface Profile {
  readonly name: ProfileName;
  readonly family: ProfileFamily;
  /** What `SELECT VERSION()` and the greeting say. */
  readonly version: string;
  readonly versionComment: string;
  /** The server's default authentication plugin (named in the greeting). */
  readonly defaultAuthPlugin: AuthPluginName;
  /** Default collation id of the server (greeting character_set byte). */
  readonly defaultCollationId: number;
  readonly defaultCharset: string;
  readonly defaultCollation: string;
  /** Whether disconnect_on_expired_password defaults to ON, and whether SET GLOBAL may change it. */
  readonly disconnectOnExpiredDefault: boolean;
  readonly disconnectOnExpiredDynamic: boolean;
  /** Is this a MariaDB server (changes several texts and rules)? */
  readonly isMariaDb: boolean;
  /** Major.minor as a number, e.g. 8.4, 5.7, 10.11. */
  readonly versionNumber: number;
}

const mysql8Common = {
  family: 'mysql-8',
  versionComment: 'MySQL Community Server - GPL',
  defaultAuthPlugin: 'caching_sha2_password',
  defaultCollationId: 255,
  defaultCharset: 'utf8mb4',
  defaultCollation: 'utf8mb4_0900_ai_ci',
  disconnectOnExpiredDefault: true,
  disconnectOnExpiredDynamic: false,
  isMariaDb: false,
} as const;

const mysql5Common = {
  versionComment: 'MySQL Community Server (GPL)',
  defaultAuthPlugin: 'mysql_native_password',
  defaultCollationId: 8,
  defaultCharset: 'latin1',
  defaultCollation: 'latin1_swedish_ci',
  disconnectOnExpiredDefault: true,
  disconnectOnExpiredDynamic: false,
  isMariaDb: false,
} as const;

export const PROFILES: Record<ProfileName, Profile> = {
  'mysql-8.4': { ...mysql8Common, name: 'mysql-8.4', version: '8.4.7', versionNumber: 8.4 },
  'mysql-8.0': { ...mysql8Common, name: 'mysql-8.0', version: '8.0.44', versionNumber: 8.0 },
  'mysql-5.7': { ...mysql5Common, name: 'mysql-5.7', family: 'mysql-5.7', version: '5.7.44', versionNumber: 5.7 },
  'mysql-5.6': { ...mysql5Common, name: 'mysql-5.6', family: 'mysql-5.6', version: '5.6.51', versionNumber: 5.6 },
  'mariadb-10.11': {
    name: 'mariadb-10.11',
    family: 'mariadb',
    version: '10.11.14-MariaDB',
    versionComment: 'mariadb.org binary distribution',
    defaultAuthPlugin: 'mysql_native_password',
    defaultCollationId: 45,
    defaultCharset: 'utf8mb4',
    defaultCollation: 'utf8mb4_general_ci',
    disconnectOnExpiredDefault: false,
    disconnectOnExpiredDynamic: true,
    isMariaDb: true,
    versionNumber: 10.11,
  },
  'oceanbase-4.4': {
    ...mysql8Common,
    family: 'oceanbase',
    name: 'oceanbase-4.4',
    version: '5.7.25-OceanBase_CE-v4.4.2.1',
    versionComment: 'OceanBase Community Edition',
    defaultAuthPlugin: 'mysql_native_password',
    versionNumber: 4.4,
  },
};

export const DEFAULT_PROFILE: ProfileName = 'mysql-8.4';

export function getProfile(name: string): Profile {
  const profile = (PROFILES as Record<string, Profile | undefined>)[name];
  if (!profile) {
    throw new Error(`Unknown profile '${name}'. Known profiles: ${Object.keys(PROFILES).join(', ')}`);
  }
  return profile;
}
