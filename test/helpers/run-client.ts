import { execFileSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ClientAvailability } from './clients.js';

/**
 * Drives the per-driver scripts in test/clients/. Every script shares one
 * contract: argv[1] is a JSON ClientArgs, stdout is one JSON ClientReport line.
 * Scripts must be spawned asynchronously: the emulator runs in this process.
 */

export interface ClientArgs {
  host: string;
  port: number;
  user: string;
  password: string;
  /** Ask the driver to send capability bit 22 (CLIENT_CAN_HANDLE_EXPIRED_PASSWORDS). */
  canHandleExpired: boolean;
  statements: string[];
}

export interface ClientOutcome {
  ok: boolean;
  code?: number;
  sqlState?: string;
  message?: string;
}

export interface StatementOutcome extends ClientOutcome {
  sql: string;
  /** Rows as column -> value, every value a string (or null) so that drivers agree. */
  rows?: Record<string, string | null>[];
}

export interface ClientReport {
  client: string;
  /** Set instead of connect/statements when the driver cannot do what was asked (bit 22). */
  notApplicable?: string;
  connect?: ClientOutcome;
  statements?: StatementOutcome[];
}

export interface DriverSpec {
  /** The script under test/clients/. */
  script: string;
  /** The interpreter and its leading arguments. */
  command: string;
  args: readonly string[];
  /** A command that exits 0 when the driver is installed. */
  probe: readonly [string, ...string[]];
  install: string;
}

export const DRIVERS = {
  // The Debian drivers live in the system Python, not in other python3s that may come first on PATH.
  // -I: isolated mode, ignores PYTHON* variables and the user site directory.
  pymysql: {
    script: 'pymysql.py',
    command: '/usr/bin/python3',
    args: ['-I'],
    // cryptography: caching_sha2_password full auth over plain TCP (RSA); a Recommends, so not pulled by --no-install-recommends.
    probe: ['/usr/bin/python3', '-I', '-c', 'import pymysql, cryptography'],
    install: 'apt-get install python3-pymysql python3-cryptography',
  },
  mysqli: {
    script: 'mysqli.php',
    command: 'php',
    args: [],
    probe: ['php', '-r', 'exit(extension_loaded("mysqli") && extension_loaded("mysqlnd") ? 0 : 1);'],
    install: 'apt-get install php-cli php-mysql',
  },
  pdo: {
    script: 'pdo.php',
    command: 'php',
    args: [],
    probe: ['php', '-r', 'exit(extension_loaded("pdo_mysql") ? 0 : 1);'],
    install: 'apt-get install php-cli php-mysql',
  },
  'dbd-mariadb': {
    script: 'dbd.pl',
    command: 'perl',
    args: ['-Mconstant=DRIVER,MariaDB'],
    probe: ['perl', '-MDBI', '-MDBD::MariaDB', '-MJSON::PP', '-e1'],
    install: 'apt-get install libdbd-mariadb-perl',
  },
  'dbd-mysql': {
    script: 'dbd.pl',
    command: 'perl',
    args: ['-Mconstant=DRIVER,mysql'],
    probe: ['perl', '-MDBI', '-MDBD::mysql', '-MJSON::PP', '-e1'],
    install: 'apt-get install libdbd-mysql-perl',
  },
} as const satisfies Record<string, DriverSpec>;

export type DriverName = keyof typeof DRIVERS;

const CLIENTS_DIR = fileURLToPath(new URL('../clients/', import.meta.url));

function probe([command, ...args]: readonly string[]): boolean {
  try {
    execFileSync(command!, args, { stdio: 'ignore', timeout: 15_000 });
    return true;
  } catch {
    return false;
  }
}

/**
 * requireCommand for a driver: locally a missing driver skips with a visible
 * reason; under CI (CI=true) a missing one fails. Synchronous, for use at
 * module load (before any emulator runs in this process).
 */
export function requireDriver(name: DriverName): ClientAvailability {
  const spec: DriverSpec = DRIVERS[name];
  if (probe(spec.probe)) return { available: true, reason: '' };
  const reason = `the ${name} driver is not installed (${spec.install})`;
  if (process.env.CI === 'true') throw new Error(`CI requires the ${name} driver, which is not installed (${spec.install})`);
  console.warn(`skipping: ${reason}`);
  return { available: false, reason };
}

/** Runs a driver's script in test/clients/ with the right interpreter and parses its one JSON line. */
export function runDriver(name: DriverName, args: ClientArgs, timeoutMs = 30_000): Promise<ClientReport> {
  const spec: DriverSpec = DRIVERS[name];
  const script = spec.script;
  return new Promise((resolve, reject) => {
    const child = spawn(spec.command, [...spec.args, CLIENTS_DIR + script, JSON.stringify(args)], {
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: timeoutMs,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const lines = stdout.split('\n').filter((l) => l.trim() !== '');
      if (code !== 0 || lines.length !== 1) {
        reject(new Error(`${script} exited with ${signal ?? code}, ${lines.length} output lines\nstdout: ${stdout}\nstderr: ${stderr}`));
        return;
      }
      try {
        resolve(JSON.parse(lines[0]!) as ClientReport);
      } catch (err) {
        reject(new Error(`${script} printed no JSON: ${String(err)}\nstdout: ${stdout}\nstderr: ${stderr}`));
      }
    });
  });
}
