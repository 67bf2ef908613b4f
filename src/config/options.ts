import { readFileSync } from 'node:fs';
import type { LevelWithSilent, Logger } from 'pino';
import type { ProfileName } from './profiles.js';

/** Everything `startEmulator()` and the CLI accept. */
export interface EmulatorOptions {
  /** TCP port; 0 picks a free one. The API defaults to 0, the CLI to 3306. */
  port?: number;
  /** Address to listen on (default 127.0.0.1). */
  host?: string;
  /** The server being played (default mysql-8.4). */
  profile?: ProfileName;
  /** root@localhost and root@'%' get this password, as MYSQL_ROOT_PASSWORD does. Without it root@localhost has an empty password. */
  rootPassword?: string;
  /** Generate a random root password (MYSQL_RANDOM_ROOT_PASSWORD); it is returned and printed once. */
  randomRootPassword?: boolean;
  /**
   * The server admin login of a managed-service profile (Azure: the
   * "administrator login" chosen at creation; default 'azureadmin'). Ignored by
   * profiles whose administrator is root.
   */
  adminUser?: string;
  /** The server admin's password (managed-service profiles); generated when absent, as `az mysql flexible-server create` does. */
  adminPassword?: string;
  /** An extra account user@'%' with this password (MYSQL_USER / MYSQL_PASSWORD). */
  user?: string;
  password?: string;
  /** A database to create (MYSQL_DATABASE); `user` gets all privileges on it. */
  database?: string;
  /** SQL run as root at start (--init-file). */
  initSql?: string;
  /** PEM certificate and key for TLS; generated at start when absent. */
  sslCert?: string;
  sslKey?: string;
  /**
   * PEM CA certificate(s) client certificates are verified against (--ssl-ca).
   * With it the server asks TLS clients for a certificate, so that accounts
   * created REQUIRE X509 / ISSUER / SUBJECT can log in.
   */
  sslCa?: string;
  /** Offer TLS at all (default true; false is --skip-ssl). */
  tls?: boolean;
  /**
   * The protocols TLS offers (--tls-version), e.g. 'TLSv1.2,TLSv1.3': the
   * startup value of tls_version. Default: the profile's (MySQL 8:
   * TLSv1.2,TLSv1.3; 5.7: TLSv1,TLSv1.1,TLSv1.2; Azure: TLSv1.2). '' turns TLS off.
   */
  tlsVersion?: string;
  /** The TLSv1.2 (and older) cipher list, an OpenSSL cipher string (--ssl-cipher): the startup value of ssl_cipher. */
  sslCipher?: string;
  /** The TLSv1.3 ciphersuites (--tls-ciphersuites): the startup value of tls_ciphersuites. */
  tlsCiphersuites?: string;
  /** Enable mysql_native_password (MySQL 8.4 ships it disabled: --mysql-native-password=ON). */
  mysqlNativePassword?: boolean;
  /** Startup values of system variables, e.g. { disconnect_on_expired_password: 'OFF', default_password_lifetime: 90 }. */
  variables?: Record<string, string | number | boolean>;
  /** Start the clock this many milliseconds ahead of real time. */
  clockOffsetMs?: number;
  /**
   * Start with the validate_password component installed (MySQL 8.0 / 8.4 profiles):
   * 'default' = INSTALL COMPONENT's stock policy; 'azure' = the Azure guide's rule
   * (8+ characters, 3 of 4 character classes); see docs/validate-password.md.
   */
  validatePassword?: 'default' | 'azure';
  /** Do not resolve loopback addresses to 'localhost' (--skip-name-resolve). */
  skipNameResolve?: boolean;
  /**
   * After initSql, do what mysql_upgrade did to mysql.user rows with an empty
   * plugin column, then FLUSH PRIVILEGES (--upgrade): mysql_native_password
   * for empty and 41-character hashes; in the 5.6 profile also
   * mysql_old_password for 16-character ones (5.7 leaves those disabled).
   */
  upgrade?: boolean;
  /**
   * An emulated LDAP directory, DN -> cleartext password (hashed with bcrypt at
   * start). Giving one, even {}, loads authentication_ldap_simple (MySQL 8.0 /
   * 8.4 profiles), as --plugin-load-add=authentication_ldap_simple.so would;
   * see docs/external-auth.md. Entries can change later through `emulator.directory`.
   */
  directory?: Record<string, string>;
  logLevel?: LevelWithSilent;
  /** A pino logger to use instead of the default (stdout). */
  logger?: Logger;
}

/** Options from the official MySQL image's environment variables. */
export function optionsFromEnvironment(env: NodeJS.ProcessEnv): EmulatorOptions {
  const opts: EmulatorOptions = {};
  if (env.MYSQL_ROOT_PASSWORD !== undefined && env.MYSQL_ROOT_PASSWORD !== '') opts.rootPassword = env.MYSQL_ROOT_PASSWORD;
  if (isYes(env.MYSQL_RANDOM_ROOT_PASSWORD)) opts.randomRootPassword = true;
  if (env.MYSQL_USER) opts.user = env.MYSQL_USER;
  if (env.MYSQL_PASSWORD !== undefined) opts.password = env.MYSQL_PASSWORD;
  if (env.MYSQL_DATABASE) opts.database = env.MYSQL_DATABASE;
  return opts;
}

function isYes(v: string | undefined): boolean {
  return v !== undefined && v !== '' && !/^(0|no|false)$/i.test(v);
}

export function readTextFile(path: string): string {
  return readFileSync(path, 'utf8');
}
