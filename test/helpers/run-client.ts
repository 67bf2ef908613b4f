import { execFile, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { ClientAvailability } from './clients.js';
import { runMariadbCliPty } from './mariadb-cli-pty.js';

/**
 * Drives the per-driver scripts in test/clients/. Every script shares one
 * contract: argv[1] is a JSON ClientArgs, stdout is one JSON ClientReport line.
 * Scripts must be spawned asynchronously: the emulator runs in this process.
 * A client that needs a terminal (the interactive mariadb CLI) has an adapter
 * in test/helpers/ instead, which drives it and builds the same report.
 */

export interface ClientArgs {
  host: string;
  port: number;
  user: string;
  password: string;
  /** Ask the driver to send capability bit 22 (CLIENT_CAN_HANDLE_EXPIRED_PASSWORDS). */
  canHandleExpired: boolean;
  statements: string[];
  /**
   * Ask for TLS, certificate not verified (default: none; caching_sha2 full auth then goes over
   * RSA). Honoured by every script and adapter (DBD::MariaDB / DBD::mysql: TLS whenever the server
   * offers it, as they cannot enforce TLS without verifying the certificate).
   */
  ssl?: boolean;
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
  /** The script under test/clients/ (for an adapter: the file that implements it, for messages). */
  script: string;
  /** The interpreter and its leading arguments. */
  command: string;
  args: readonly string[];
  /** A command that exits 0 when the driver is installed. */
  probe: readonly [string, ...string[]];
  install: string;
  /**
   * Compiled clients: builds the script once per process (cached) into a temporary
   * directory and resolves to the command line to run instead of command + args + script.
   */
  build?: () => Promise<readonly [string, ...string[]]>;
  /** Instead of a script: drives the client in this process (asynchronously) and builds its report. */
  adapter?: (args: ClientArgs, timeoutMs: number) => Promise<ClientReport>;
}

const JDBC_JAR = '/usr/share/java/mariadb-java-client.jar';
const GO_DRIVER = '/usr/share/gocode/src/github.com/go-sql-driver/mysql';
const run = promisify(execFile);

/** A directory removed when this process exits. */
function buildDir(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `client-${name}-`));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** MariaDB Connector/J: javac ConnectorJ.java against the Debian jar. */
async function buildConnectorJ(): Promise<readonly [string, ...string[]]> {
  const dir = buildDir('connector-j');
  await run('javac', ['-cp', JDBC_JAR, '-d', dir, CLIENTS_DIR + 'ConnectorJ.java'], { timeout: 120_000 });
  return ['java', '-Xshare:auto', '-XX:TieredStopAtLevel=1', '-cp', `${dir}:${JDBC_JAR}`, 'ConnectorJ'];
}

/** go-sql-driver/mysql from Debian's GOPATH, without modules. */
async function buildGo(): Promise<readonly [string, ...string[]]> {
  const dir = buildDir('go-mysql');
  const env: NodeJS.ProcessEnv = { ...process.env, GOPATH: '/usr/share/gocode', GO111MODULE: 'off', GOFLAGS: '' };
  if (!env.GOCACHE && !env.HOME && !env.XDG_CACHE_HOME) env.GOCACHE = join(dir, 'cache');
  await run('go', ['build', '-o', join(dir, 'go-mysql'), CLIENTS_DIR + 'go-mysql.go'], { cwd: dir, env, timeout: 300_000 });
  return [join(dir, 'go-mysql')];
}

export const DRIVERS = {
  // The Debian drivers live in the system Python, not in other python3s that may come first on PATH.
  // -E -s: ignore PYTHON* variables and the user site directory, but keep the scripts' folder
  // on sys.path for dbapi_contract.py.
  pymysql: {
    script: 'pymysql_client.py',
    command: '/usr/bin/python3',
    args: ['-E', '-s'],
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
  // The drivers of test/clients/compatibility.test.ts (see docs/compatibility.md).
  mysql2: {
    script: 'mysql2.mjs',
    command: process.execPath,
    args: [],
    probe: [process.execPath, '--input-type=module', '-e', "await import('mysql2')"],
    install: 'npm install',
  },
  mysqljs: {
    script: 'mysqljs.mjs',
    command: process.execPath,
    args: [],
    probe: [process.execPath, '--input-type=module', '-e', "await import('mysql')"],
    install: 'npm install',
  },
  'mariadb-npm': {
    script: 'mariadb-npm.mjs',
    command: process.execPath,
    args: [],
    probe: [process.execPath, '--input-type=module', '-e', "await import('mariadb')"],
    install: 'npm install',
  },
  'mariadb-cli': {
    script: 'mariadb-cli.mjs',
    command: process.execPath,
    args: [],
    probe: ['mariadb', '--version'],
    install: 'apt-get install mariadb-client',
  },
  // Interactive, through a pty: an adapter, not a script (it parses the screen).
  'mariadb-cli-pty': {
    script: '../helpers/mariadb-cli-pty.ts',
    command: 'script',
    args: [],
    probe: ['sh', '-c', 'command -v mariadb && command -v script'],
    install: 'apt-get install mariadb-client bsdutils',
    adapter: runMariadbCliPty,
  },
  mysqldb: {
    script: 'mysqldb.py',
    command: '/usr/bin/python3',
    args: ['-E', '-s'],
    probe: ['/usr/bin/python3', '-I', '-c', 'import MySQLdb'],
    install: 'apt-get install python3-mysqldb',
  },
  'ruby-mysql2': {
    script: 'ruby-mysql2.rb',
    command: 'ruby',
    args: [],
    probe: ['ruby', '-rjson', '-rmysql2', '-e', '0'],
    install: 'apt-get install ruby-mysql2',
  },
  'connector-j': {
    script: 'ConnectorJ.java',
    command: 'java',
    args: [],
    probe: ['sh', '-c', `command -v java && command -v javac && test -r ${JDBC_JAR}`],
    install: 'apt-get install libmariadb-java default-jdk-headless',
    build: buildConnectorJ,
  },
  'go-mysql': {
    script: 'go-mysql.go',
    command: 'go',
    args: [],
    probe: ['sh', '-c', `command -v go && test -d ${GO_DRIVER}`],
    install: 'apt-get install golang-go golang-github-go-sql-driver-mysql-dev',
    build: buildGo,
  },
} as const satisfies Record<string, DriverSpec>;

export type DriverName = keyof typeof DRIVERS;

const CLIENTS_DIR = fileURLToPath(new URL('../clients/', import.meta.url));

function probe([command, ...args]: readonly string[]): boolean {
  try {
    // cwd: the Node drivers resolve from the repository's node_modules.
    execFileSync(command!, args, { stdio: 'ignore', timeout: 15_000, cwd: CLIENTS_DIR });
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

const builds = new Map<DriverName, Promise<readonly [string, ...string[]]>>();

/** The command line that runs a driver: interpreter + script, or its build (once per process). */
function commandLine(name: DriverName): Promise<readonly [string, ...string[]]> {
  const spec: DriverSpec = DRIVERS[name];
  if (!spec.build) return Promise.resolve([spec.command, ...spec.args, CLIENTS_DIR + spec.script]);
  let build = builds.get(name);
  if (!build) {
    build = spec.build();
    builds.set(name, build);
  }
  return build;
}

/** Runs a driver's script in test/clients/ with the right interpreter and parses its one JSON line. */
export async function runDriver(name: DriverName, args: ClientArgs, timeoutMs = 30_000): Promise<ClientReport> {
  const spec: DriverSpec = DRIVERS[name];
  if (spec.adapter) return spec.adapter(args, timeoutMs);
  const script = spec.script;
  const [command, ...leading] = await commandLine(name);
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...leading, JSON.stringify(args)], {
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
