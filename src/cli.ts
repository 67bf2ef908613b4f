#!/usr/bin/env node
/**
 * mysql-auth-emulator: mysqld-style flags, the official image's environment
 * variables, one "ready for connections" line, clean exit on SIGINT/SIGTERM.
 */
import { parseArgs } from 'node:util';
import { optionsFromEnvironment, readTextFile, type EmulatorOptions } from './config/options.js';
import { getProfile, PROFILES, DEFAULT_PROFILE, type ProfileName } from './config/profiles.js';
import { startEmulator } from './index.js';
import type { LevelWithSilent } from 'pino';

const USAGE = `Usage: mysql-auth-emulator [options]

  --port=N                      TCP port (default 3306; 0 = any free port)
  --bind-address=ADDR           address to listen on (default 127.0.0.1)
  --profile=NAME                ${Object.keys(PROFILES).join(' | ')} (default ${DEFAULT_PROFILE})
  --init-file=FILE              SQL run as root at start
  --ssl-cert=FILE --ssl-key=FILE  TLS certificate and key (PEM); generated when absent
  --ssl-ca=FILE                 CA (PEM) that client certificates are verified against (REQUIRE X509)
  --tls-version=LIST            protocols TLS offers, e.g. TLSv1.2,TLSv1.3 (default: the profile's; '' = no TLS)
  --ssl-cipher=CIPHERS          TLSv1.2 cipher list (OpenSSL names, colon-separated)
  --tls-ciphersuites=SUITES     TLSv1.3 ciphersuites (colon-separated)
  --require-secure-transport=ON|OFF  refuse logins over plain TCP (3159)
  --skip-ssl                    do not offer TLS
  --admin-user=NAME --admin-password=PW
                                the server admin of a managed-service profile (azure-flexible-*): default
                                azureadmin, password generated and printed when absent
  --disconnect-on-expired-password=ON|OFF
  --default-password-lifetime=DAYS
  --max-connections=N  --connect-timeout=SECONDS  --max-user-connections=N
  --max-prepared-stmt-count=N  --max-allowed-packet=BYTES
  --wait-timeout=SECONDS  --interactive-timeout=SECONDS  --net-write-timeout=SECONDS
                                resource limits (see docs/limits.md)
  --skip-name-resolve           do not treat loopback clients as 'localhost'
  --mysql-native-password=ON|OFF  load mysql_native_password (MySQL 8.4 ships it OFF)
  --validate-password=default|azure  start with the validate_password component installed
                                (azure: 8+ characters, 3 of 4 character classes)
  --ldap-directory=FILE         emulated LDAP directory for authentication_ldap_simple: a JSON object
                                {"<DN>": "<password>", ...}; loads the plugin (MySQL 8.0 / 8.4)
  --plugin-load-add=authentication_ldap_simple.so
                                load authentication_ldap_simple with an empty directory
  --secure-auth=ON|OFF          MySQL 5.6: refuse pre-4.1 password hashes at login (default ON)
  --upgrade                     after --init-file, do what mysql_upgrade did to empty mysql.user.plugin
                                columns (41-character or empty hash: mysql_native_password; 5.6 also
                                16-character: mysql_old_password), then FLUSH PRIVILEGES
  --log-level=LEVEL             fatal | error | warn | info | debug | trace | silent (default info)
  --help

Environment (as the official MySQL image): MYSQL_ROOT_PASSWORD, MYSQL_RANDOM_ROOT_PASSWORD,
MYSQL_USER, MYSQL_PASSWORD, MYSQL_DATABASE.`;

/** Flags that set a system variable at startup, as mysqld's do. */
const VARIABLE_FLAGS = [
  'disconnect-on-expired-password',
  'default-password-lifetime',
  'max-connections',
  'connect-timeout',
  'secure-auth',
  'password-history',
  'password-reuse-interval',
  'require-secure-transport',
  'max-user-connections',
  'max-prepared-stmt-count',
  'max-allowed-packet',
  'wait-timeout',
  'interactive-timeout',
  'net-write-timeout',
] as const;

export function parseCommandLine(argv: string[], env: NodeJS.ProcessEnv): EmulatorOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', short: 'P' },
      'bind-address': { type: 'string' },
      profile: { type: 'string' },
      'init-file': { type: 'string' },
      'ssl-cert': { type: 'string' },
      'ssl-key': { type: 'string' },
      'ssl-ca': { type: 'string' },
      'tls-version': { type: 'string' },
      'ssl-cipher': { type: 'string' },
      'tls-ciphersuites': { type: 'string' },
      'admin-user': { type: 'string' },
      'admin-password': { type: 'string' },
      'skip-ssl': { type: 'boolean' },
      'skip-name-resolve': { type: 'boolean' },
      upgrade: { type: 'boolean' },
      'mysql-native-password': { type: 'string' },
      'validate-password': { type: 'string' },
      'ldap-directory': { type: 'string' },
      'plugin-load-add': { type: 'string', multiple: true },
      'log-level': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      ...Object.fromEntries(VARIABLE_FLAGS.map((f) => [f, { type: 'string' as const }])),
    },
    strict: true,
  });
  if (values.help) return 'help';
  const opts: EmulatorOptions = { ...optionsFromEnvironment(env), port: 3306 };
  if (values.port !== undefined) {
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid --port '${values.port}'`);
    opts.port = port;
  }
  if (values['bind-address']) opts.host = values['bind-address'];
  if (values.profile) opts.profile = getProfile(values.profile).name as ProfileName;
  if (values['init-file']) opts.initSql = readTextFile(values['init-file']);
  // The ssl_* variables show the files' names, as mysqld's do.
  const files: Record<string, string> = {};
  if (values['ssl-cert'] || values['ssl-key']) {
    if (!values['ssl-cert'] || !values['ssl-key']) throw new Error('--ssl-cert and --ssl-key go together');
    opts.sslCert = readTextFile(values['ssl-cert']);
    opts.sslKey = readTextFile(values['ssl-key']);
    files.ssl_cert = values['ssl-cert'];
    files.ssl_key = values['ssl-key'];
  }
  if (values['ssl-ca']) {
    opts.sslCa = readTextFile(values['ssl-ca']);
    files.ssl_ca = values['ssl-ca'];
  }
  if (values['tls-version'] !== undefined) opts.tlsVersion = values['tls-version'];
  if (values['ssl-cipher'] !== undefined) opts.sslCipher = values['ssl-cipher'];
  if (values['tls-ciphersuites'] !== undefined) opts.tlsCiphersuites = values['tls-ciphersuites'];
  if (values['admin-user'] !== undefined) opts.adminUser = values['admin-user'];
  if (values['admin-password'] !== undefined) opts.adminPassword = values['admin-password'];
  if (values['skip-ssl']) opts.tls = false;
  if (values['skip-name-resolve']) opts.skipNameResolve = true;
  if (values.upgrade) opts.upgrade = true;
  if (values['mysql-native-password'] !== undefined) opts.mysqlNativePassword = /^(on|1|true)$/i.test(values['mysql-native-password']);
  const vp = values['validate-password'];
  if (vp !== undefined) {
    if (vp !== 'default' && vp !== 'azure') throw new Error(`invalid --validate-password '${vp}' (default | azure)`);
    opts.validatePassword = vp;
  }
  for (const lib of values['plugin-load-add'] ?? []) {
    for (const name of lib.split(/[;,]/).filter(Boolean)) {
      // mysqld accepts name=library or library; only the LDAP simple plugin is emulated.
      if (!/^(authentication_ldap_simple=)?authentication_ldap_simple(\.so)?$/.test(name)) {
        throw new Error(`--plugin-load-add: cannot load '${name}' (only authentication_ldap_simple.so is emulated)`);
      }
      opts.directory ??= {};
    }
  }
  if (values['ldap-directory']) opts.directory = { ...opts.directory, ...parseDirectoryFile(values['ldap-directory']) };
  if (values['log-level']) opts.logLevel = values['log-level'] as LevelWithSilent;
  const variables: Record<string, string> = { ...files };
  for (const flag of VARIABLE_FLAGS) {
    const v = (values as Record<string, string | undefined>)[flag];
    if (v !== undefined) variables[flag.replace(/-/g, '_')] = v;
  }
  if (Object.keys(variables).length > 0) opts.variables = variables;
  return opts;
}

/** --ldap-directory=FILE: a JSON object mapping DNs to cleartext passwords. */
function parseDirectoryFile(path: string): Record<string, string> {
  let value: unknown;
  try {
    value = JSON.parse(readTextFile(path));
  } catch (err) {
    throw new Error(`--ldap-directory: ${path}: ${(err as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value) || Object.values(value).some((v) => typeof v !== 'string')) {
    throw new Error(`--ldap-directory: ${path} must hold a JSON object of "DN": "password" strings`);
  }
  return value as Record<string, string>;
}

async function main(): Promise<void> {
  let opts: EmulatorOptions | 'help';
  try {
    opts = parseCommandLine(process.argv.slice(2), process.env);
  } catch (err) {
    process.stderr.write(`mysql-auth-emulator: ${(err as Error).message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  if (opts === 'help') {
    process.stdout.write(USAGE + '\n');
    return;
  }
  const emulator = await startEmulator(opts);
  const { logger, profile } = emulator.server.state;
  if (opts.randomRootPassword) process.stdout.write(`GENERATED ROOT PASSWORD: ${emulator.rootPassword}\n`);
  if (emulator.adminUser !== 'root' && opts.adminPassword === undefined) {
    process.stdout.write(`GENERATED ADMIN PASSWORD for '${emulator.adminUser}'@'%': ${emulator.adminPassword}\n`);
  }
  const ready = `mysql-auth-emulator: ready for connections. Version: '${profile.version}'  address: '${emulator.host}'  port: ${emulator.port}  ${profile.versionComment}.`;
  // Like mysqld's, the ready line is printed whatever the log level.
  if (logger.isLevelEnabled('info')) {
    // pid: the process to stop (npm start's own PID is npm's, which does not pass SIGTERM on).
    logger.info({ event: 'ready', version: profile.version, address: emulator.host, port: emulator.port, profile: profile.name, pid: process.pid }, ready);
  } else {
    process.stdout.write(ready + '\n');
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ event: 'shutdown', signal }, `Received ${signal}: shutting down`);
    void emulator.close().then(() => {
      logger.info({ event: 'shutdown' }, 'mysql-auth-emulator: Shutdown complete');
      process.exit(0);
    });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`mysql-auth-emulator: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
