import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { type ClientAvailability, findCommand } from './clients.js';

/**
 * A private, throw-away real MariaDB server for differential tests: the
 * oracle the emulator's mariadb-* profiles are compared with. One fresh data
 * directory per server (mariadb-install-db, about 1 to 3 s), then mariadbd
 * on 127.0.0.1 and a free port, with a small buffer pool and no binary log.
 * Reuse one server per test file.
 *
 * Availability follows clients.ts: a missing mariadbd skips locally with a
 * visible reason, and fails under CI (CI=true).
 */

const INSTALL = 'apt-get install mariadb-server';

/** Debian puts mariadbd in /usr/sbin, which is not on every PATH. */
function findServerBinary(name: string): string | null {
  const onPath = findCommand(name);
  if (onPath) return onPath;
  for (const dir of ['/usr/sbin', '/usr/local/sbin', '/usr/bin', '/usr/local/bin', '/usr/libexec']) {
    const candidate = join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

interface Binaries {
  mariadbd: string;
  installDb: string;
}

function findBinaries(): Binaries | null {
  const mariadbd = findServerBinary('mariadbd');
  const installDb = findServerBinary('mariadb-install-db');
  return mariadbd && installDb ? { mariadbd, installDb } : null;
}

/** Synchronous, for use at module load: skip (locally) or throw (CI=true) when no server is installed. */
export function requireRealMariaDb(): ClientAvailability {
  if (findBinaries()) return { available: true, reason: '' };
  const reason = `mariadbd and mariadb-install-db are not installed (${INSTALL})`;
  if (process.env.CI === 'true') throw new Error(`CI requires a real MariaDB: ${reason}`);
  console.warn(`skipping: ${reason}`);
  return { available: false, reason };
}

export interface RealMariaDbOptions {
  /** Pass --skip-name-resolve (default true): client hosts are IP addresses, as with the emulator's skipNameResolve. */
  skipNameResolve?: boolean;
  /** More mariadbd options, e.g. ['--max-password-errors=3']. */
  extraArgs?: string[];
  /** How long start-up may take, install included (default 30 s). */
  startTimeoutMs?: number;
}

export interface RealMariaDb {
  readonly host: string;
  readonly port: number;
  /** The server's version string, e.g. 10.11.19-MariaDB-0+deb12u1. */
  readonly version: string;
  /** Runs SQL as root over the Unix socket (multiple statements allowed); resolves with the last result's rows. */
  sql(text: string): Promise<Record<string, unknown>[]>;
  /** The server's error log so far. */
  errorLog(): string;
  /** SIGTERM to the server's PID, wait for it to exit, then remove its data directory. */
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function run(command: string, args: string[], timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      // err.code is the exit status, or a string such as 'ENOENT' when the command could not run.
      const status: unknown = err ? (err as { code?: unknown }).code : 0;
      const timedOut = err?.killed ? '\n(killed: timeout)' : '';
      resolve({ code: typeof status === 'number' ? status : 1, output: `${stdout}${stderr}${err && typeof status === 'string' ? status : ''}${timedOut}` });
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function readLog(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '(no error log)';
  }
}

/** Servers still running when the process exits are killed (a crashed test file must not leave mariadbd behind). */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) if (child.pid !== undefined && child.exitCode === null) child.kill('SIGKILL');
});

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

export async function startRealMariaDb(options: RealMariaDbOptions = {}): Promise<RealMariaDb> {
  const bin = findBinaries();
  if (!bin) throw new Error(`no real MariaDB: ${INSTALL}`);
  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  // Short path: the socket's path must fit in sun_path (108 bytes).
  const dir = mkdtempSync(join(tmpdir(), 'mdb-'));
  const datadir = join(dir, 'data');
  const socket = join(dir, 'sock');
  const errorLogPath = join(dir, 'error.log');
  const asRoot = process.getuid?.() === 0;
  const userArgs = asRoot ? ['--user=root'] : [];
  const cleanup = () => rmSync(dir, { recursive: true, force: true });

  // Options that make a scratch server quick: InnoDB kept (10.11's system tables work
  // without it, but a few need it and it costs little with a small buffer pool).
  const serverOptions = ['--skip-log-bin', '--innodb-buffer-pool-size=8M', '--innodb-log-file-size=4M', '--skip-innodb-doublewrite'];

  const install = await run(
    bin.installDb,
    [
      '--no-defaults',
      `--datadir=${datadir}`,
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
      ...userArgs,
      ...serverOptions,
    ],
    Math.max(1000, deadline - Date.now()),
  );
  if (install.code !== 0) {
    cleanup();
    throw new Error(`mariadb-install-db failed (exit ${install.code}):\n${install.output}`);
  }

  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const args = [
      '--no-defaults',
      `--datadir=${datadir}`,
      `--port=${port}`,
      '--bind-address=127.0.0.1',
      `--socket=${socket}`,
      `--pid-file=${join(dir, 'mariadbd.pid')}`,
      `--log-error=${errorLogPath}`,
      `--tmpdir=${dir}`,
      ...userArgs,
      ...serverOptions,
      ...(options.skipNameResolve === false ? [] : ['--skip-name-resolve']),
      ...(options.extraArgs ?? []),
    ];
    const child = spawn(bin.mariadbd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    running.add(child);
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', () => running.delete(child));
    let spawnError: Error | undefined;
    child.once('error', (err) => (spawnError = err));

    const failure = (why: string) =>
      new Error(`real MariaDB ${why}\ncommand: ${bin.mariadbd} ${args.join(' ')}\nstderr: ${stderr}\nerror log (${errorLogPath}):\n${readLog(errorLogPath)}`);

    // Wait until root can log in over the socket.
    let admin: mysql.Connection | undefined;
    let lastError: unknown;
    while (!admin) {
      if (spawnError || child.exitCode !== null || child.signalCode !== null) break;
      if (Date.now() > deadline) break;
      try {
        admin = await mysql.createConnection({ socketPath: socket, user: 'root', multipleStatements: true, connectTimeout: 2000 });
      } catch (err) {
        lastError = err;
        await sleep(50);
      }
    }
    if (!admin && spawnError) {
      cleanup();
      throw failure(`could not be spawned: ${spawnError.message}`);
    }
    if (!admin) {
      const exited = child.exitCode !== null || child.signalCode !== null;
      const log = readLog(errorLogPath);
      if (!exited) {
        child.kill('SIGKILL');
        await waitForExit(child, 5000);
        cleanup();
        throw failure(`did not accept a login within the start timeout (last error: ${String(lastError)})`);
      }
      // Another process took the port between freePort() and bind(): try another one.
      if (attempt < 3 && /Address already in use|Can't start server: Bind/i.test(log)) {
        rmSync(errorLogPath, { force: true });
        continue;
      }
      const err = failure(`exited during start-up (${child.signalCode ?? `exit ${child.exitCode}`})`);
      cleanup();
      throw err;
    }

    const conn = admin;
    const [versionRows] = await conn.query('SELECT VERSION() AS v');
    const version = String((versionRows as { v: string }[])[0]!.v);
    let stopped = false;
    return {
      host: '127.0.0.1',
      port,
      version,
      async sql(text: string) {
        const [result] = await conn.query(text);
        if (!Array.isArray(result)) return [];
        // Several statements give one entry per statement (rows or a ResultSetHeader): keep the last.
        const isHeader = (r: unknown) => typeof r === 'object' && r !== null && r.constructor?.name === 'ResultSetHeader';
        const multi = (result as unknown[]).some((r) => Array.isArray(r) || isHeader(r));
        const last: unknown = multi ? result[result.length - 1] : result;
        return Array.isArray(last) ? (last as Record<string, unknown>[]) : [];
      },
      errorLog: () => readLog(errorLogPath),
      async stop() {
        if (stopped) return;
        stopped = true;
        await conn.end().catch(() => conn.destroy());
        child.kill('SIGTERM');
        if (!(await waitForExit(child, 15_000))) {
          child.kill('SIGKILL');
          await waitForExit(child, 5000);
        }
        cleanup();
      },
    };
  }
}
