// The servers a benchmark runs side by side: the emulator (the bundled CLI),
// the Node floor (bench/floor.js) and a private MariaDB (its own datadir and
// port). Each is one child process, measured from the outside and stopped by
// its PID.
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import mysql from 'mysql2/promise';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const PASSWORD = 'bench';
/** The accounts every server has: a mysql_native_password one and (emulator) a caching_sha2_password one. */
export const NATIVE_USER = 'bench';
export const SHA2_USER = 'bench_sha2';
/** caching_sha2_password accounts of the login storm, one per client, so that every login of a storm is a full authentication. */
export const STORM_ACCOUNTS = 1000;
export const stormUser = (i) => `storm_${i}`;

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function portOpen(port) {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1', () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });
}

/** Milliseconds from `t0` until the server answers its first `SELECT 1`. */
export async function untilFirstSelect(server, t0, timeoutMs = 60000) {
  for (;;) {
    if (performance.now() - t0 > timeoutMs) throw new Error(`${server.name}: not ready after ${timeoutMs} ms`);
    if (server.exited) throw new Error(`${server.name}: exited with ${server.exited}`);
    if (await portOpen(server.port)) {
      try {
        const c = await mysql.createConnection(server.connection(NATIVE_USER));
        await c.query('SELECT 1');
        const ms = performance.now() - t0;
        c.destroy();
        return ms;
      } catch {
        // the port opened a little before the server could answer
      }
    }
    await sleep(1);
  }
}

/**
 * Node arguments of a server the bench reads idle memory of: its garbage
 * collected on a signal (server.collect(), bench/lib/collect-on-signal.cjs)
 * and its young generation pinned at 16 MB semi-spaces, V8's default
 * largest on 64-bit, where a busy server's grows to: left to V8, it grew
 * while the measured connections were added, by how much they allocated.
 */
export const COLLECTABLE = ['--min-semi-space-size=16', '--max-semi-space-size=16', '--require', join(ROOT, 'bench/lib/collect-on-signal.cjs')];

function child(name, command, args, port, env) {
  const proc = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
  let stderr = '';
  let collected = 0;
  proc.stderr.on('data', (d) => {
    stderr = (stderr + d).slice(-4000);
    collected += String(d).split('collected: ').length - 1;
  });
  const server = {
    name,
    port,
    pid: proc.pid,
    exited: null,
    get stderr() {
      return stderr;
    },
    connection(user) {
      return { host: '127.0.0.1', port, user, password: PASSWORD };
    },
    /**
     * A Node server started with COLLECTABLE collects its garbage fully and
     * reports what it then holds (bench/lib/collect-on-signal.cjs): `{ rss,
     * young, heapUsed, external }` in bytes. Others: null.
     */
    async collect() {
      if (!args.includes(COLLECTABLE.at(-1))) return null;
      const before = collected;
      process.kill(proc.pid, 'SIGUSR2');
      const t0 = performance.now();
      while (collected === before) {
        if (server.exited || performance.now() - t0 > 10000) throw new Error(`${name}: no 'collected' after SIGUSR2`);
        await sleep(20);
      }
      return JSON.parse(/collected: (.*)\n/.exec(stderr.slice(stderr.lastIndexOf('collected: ')))[1]);
    },
    /** SIGTERM to this PID, then waits for the exit (SIGKILL after 20 s). */
    async stop() {
      if (server.exited) return;
      const done = new Promise((r) => proc.once('exit', r));
      process.kill(proc.pid, 'SIGTERM');
      const timer = setTimeout(() => server.exited || process.kill(proc.pid, 'SIGKILL'), 20000);
      await done;
      clearTimeout(timer);
    },
  };
  proc.once('exit', (code, signal) => {
    server.exited = signal ?? String(code);
  });
  return server;
}

/** SQL that creates the bench accounts on the emulator without hashing anything at start. */
async function emulatorInitFile(profile) {
  const credentials = await import(join(ROOT, 'dist/accounts/credentials.js'));
  const statements = [
    `CREATE USER '${NATIVE_USER}'@'%' IDENTIFIED WITH mysql_native_password AS '${credentials.nativeHash(PASSWORD)}'`,
    `GRANT ALL ON *.* TO '${NATIVE_USER}'@'%'`,
  ];
  if (!profile.startsWith('mariadb')) {
    // A salt of letters only, so the stored string can be written as a plain quoted literal.
    const sha2 = credentials.cachingSha2Hash(PASSWORD, { salt: Buffer.from('BenchSaltBenchSaltAb') });
    statements.push(`CREATE USER '${SHA2_USER}'@'%' IDENTIFIED WITH caching_sha2_password AS '${sha2}'`, `GRANT ALL ON *.* TO '${SHA2_USER}'@'%'`);
    for (let i = 0; i < STORM_ACCOUNTS; i += 100) {
      const users = Array.from({ length: Math.min(100, STORM_ACCOUNTS - i) }, (_, j) => `'${stormUser(i + j)}'@'%' IDENTIFIED WITH caching_sha2_password AS '${sha2}'`);
      statements.push(`CREATE USER ${users.join(', ')}`);
    }
  }
  const file = join(tmpdir(), `bench-emulator-init-${profile}-${process.pid}.sql`);
  process.once('exit', () => rmSync(file, { force: true }));
  writeFileSync(file, statements.join(';\n') + ';\n');
  return file;
}

const initFiles = new Map();

/**
 * The bundled CLI (npm run build), as `npm start` runs it. MariaDB's profile
 * greets with mysql_native_password, as the real MariaDB does; MySQL 8's
 * greet with caching_sha2_password.
 */
/**
 * A copy of `dist`'s loader and bundle for servers started with COLLECTABLE
 * (bench/results/idle-dist/<name of dist's parent>), made once per bench
 * process. The loader keeps a V8 code cache beside the bundle, and V8
 * rejects a cache made under other flags, so that a start with the pinned
 * young generation would have replaced the cache every normal start reads
 * (the ready figure read 177 ms instead of 127 in the rounds after it).
 */
const idleCopies = new Map();
function idleCopy(dist) {
  if (!idleCopies.has(dist)) {
    const dir = join(ROOT, 'bench/results/idle-dist', dist === join(ROOT, 'dist') ? 'dist' : dist.replace(/[^A-Za-z0-9]+/g, '_'));
    mkdirSync(dir, { recursive: true });
    for (const f of ['mysql-auth-emulator.cjs', 'mysql-auth-emulator.bundle.cjs']) copyFileSync(join(dist, f), join(dir, f));
    idleCopies.set(dist, dir);
  }
  return idleCopies.get(dist);
}

export async function startEmulator({ profile = 'mariadb-10.11', name = 'emulator', args = [], nodeArgs = [], dist = join(ROOT, 'dist') } = {}) {
  if (nodeArgs.includes(COLLECTABLE.at(-1)) && existsSync(join(dist, 'mysql-auth-emulator.bundle.cjs'))) dist = idleCopy(dist);
  // The command npm start runs: dist/mysql-auth-emulator.cjs, the loader of the bundle beside it (a dist
  // built before the loader was CommonJS has dist/mysql-auth-emulator.js and no .bundle.cjs).
  const command = join(dist, existsSync(join(dist, 'mysql-auth-emulator.bundle.cjs')) ? 'mysql-auth-emulator.cjs' : 'mysql-auth-emulator.js');
  if (!existsSync(command)) throw new Error(`no ${dist}/mysql-auth-emulator.cjs: run \`npm run build\` first`);
  if (!initFiles.has(profile)) initFiles.set(profile, await emulatorInitFile(profile));
  const port = await freePort();
  return child(
    name,
    process.execPath,
    [
      ...nodeArgs,
      command,
      `--port=${port}`,
      `--profile=${profile}`,
      '--log-level=silent',
      '--max-connections=2000',
      ...(profile === 'mysql-8.4' ? ['--mysql-native-password=ON'] : []),
      '--skip-name-resolve',
      `--init-file=${initFiles.get(profile)}`,
      ...args,
    ],
    port,
  );
}

export async function startFloor({ nodeArgs = [] } = {}) {
  const port = await freePort();
  return child('floor', process.execPath, [...nodeArgs, join(ROOT, 'bench/floor.js'), `--port=${port}`, `--password=${PASSWORD}`], port);
}

/** The mariadbd binary, or null when MariaDB is not installed. */
export function findMariadbd() {
  for (const p of ['/usr/sbin/mariadbd', '/usr/local/sbin/mariadbd', '/usr/bin/mariadbd']) if (existsSync(p)) return p;
  try {
    return execFileSync('sh', ['-c', 'command -v mariadbd'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

/**
 * A private MariaDB data directory with the bench account (mysql_native_password,
 * every privilege), made once per run with mariadb-install-db.
 */
export async function prepareMariadb(bin) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-mariadb-'));
  execFileSync('mariadb-install-db', ['--no-defaults', `--datadir=${dir}`, '--auth-root-authentication-method=normal', '--skip-test-db', '--user=root'], {
    stdio: 'ignore',
  });
  const version = execFileSync(bin, ['--version'], { encoding: 'utf8' }).match(/Ver\s+(\S+)/)?.[1] ?? '?';
  const prepared = { bin, dir, version, remove: () => rmSync(dir, { recursive: true, force: true }) };
  const s = await startMariadb(prepared);
  const t0 = performance.now();
  for (;;) {
    if (s.exited) throw new Error(`mariadbd exited: ${s.stderr}`);
    try {
      const root = await mysql.createConnection({ host: '127.0.0.1', port: s.port, user: 'root' });
      await root.query(`CREATE USER '${NATIVE_USER}'@'%' IDENTIFIED BY '${PASSWORD}'`);
      await root.query(`GRANT ALL PRIVILEGES ON *.* TO '${NATIVE_USER}'@'%'`);
      await root.end();
      break;
    } catch (err) {
      if (performance.now() - t0 > 60000) throw err;
      await sleep(20);
    }
  }
  await s.stop();
  return prepared;
}

export async function startMariadb(prepared) {
  const port = await freePort();
  const { dir } = prepared;
  return child(
    'mariadb',
    prepared.bin,
    [
      '--no-defaults',
      `--datadir=${dir}`,
      `--port=${port}`,
      '--bind-address=127.0.0.1',
      `--socket=${dir}/mariadb.sock`,
      `--pid-file=${dir}/mariadb.pid`,
      '--user=root',
      '--skip-log-bin',
      '--skip-name-resolve',
      '--max-connections=2000',
    ],
    port,
  );
}
