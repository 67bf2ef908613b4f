// What one figure costs a server, read from the outside: CPU from
// /proc/<pid>/stat (all its threads, exited ones included), resident memory
// from /proc/<pid>/status. The load is mysql2 in this process.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpus, loadavg } from 'node:os';
import mysql from 'mysql2/promise';
import { NATIVE_USER, sleep } from './servers.js';

const TICKS_PER_S = 100; // USER_HZ

/** The process's user + system CPU in milliseconds (10 ms resolution). */
export function cpuMs(pid) {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / TICKS_PER_S;
}

export function rssKiB(pid) {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
}

export function machine() {
  const c = cpus();
  return { cpu: c[0]?.model ?? '?', cores: c.length, node: process.version };
}

export const load = () => loadavg().map((x) => Number(x.toFixed(2)));

/**
 * Runs `batch` (which returns the operations it did) until the server has
 * spent `minCpuMs` of CPU (so 10 ms ticks are a few percent at most) or
 * `maxWallMs` passed. Returns server CPU microseconds per operation.
 */
async function perOperation(server, batch, { minCpuMs = 400, maxWallMs = 20000, warmCpuMs = 600 } = {}) {
  // Warm-up, not counted: JIT compilation, caches, the thread cache. The figures are a
  // long-running server's steady state: V8 still spends a fifth of the emulator's CPU in
  // its optimizing compiler after 800 connect cycles, 2% after 5,000 (perf record).
  const w0 = cpuMs(server.pid);
  const tw = performance.now();
  do await batch();
  while (cpuMs(server.pid) - w0 < warmCpuMs && performance.now() - tw < 10000);
  const c0 = cpuMs(server.pid);
  const t0 = performance.now();
  const u0 = process.cpuUsage();
  let ops = 0;
  do ops += await batch();
  while (cpuMs(server.pid) - c0 < minCpuMs && performance.now() - t0 < maxWallMs);
  const wallMs = performance.now() - t0;
  await sleep(30); // closes and the like finish on the server's side
  const cpu = cpuMs(server.pid) - c0;
  const u = process.cpuUsage(u0);
  return { value: (cpu * 1000) / ops, ops, serverCpuMs: cpu, wallMs: Math.round(wallMs), clientCpuMs: Math.round((u.user + u.system) / 1000) };
}

/** `n` workers running `fn` `count` times in all. */
async function workers(n, count, fn) {
  let left = count;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (left-- > 0) await fn();
    }),
  );
  return count;
}

/** Connect, log in, SELECT 1, COM_QUIT: server CPU per cycle, `concurrency` clients at a time. */
export async function connectCycle(server, user, { concurrency = 8, batch = 200 } = {}) {
  const opts = server.connection(user);
  const cycle = async () => {
    const c = await mysql.createConnection(opts);
    await c.query('SELECT 1');
    await c.end();
  };
  return perOperation(server, () => workers(concurrency, batch, cycle));
}

/** Server CPU per statement over `connections` persistent connections. */
export async function statements(server, sql, { connections = 16, batch = 1000, user = NATIVE_USER, minCpuMs } = {}) {
  const conns = await Promise.all(Array.from({ length: connections }, () => mysql.createConnection(server.connection(user))));
  try {
    const run = (count) =>
      Promise.all(
        conns.map(async (c) => {
          for (let i = 0; i < count; i++) await c.query(sql);
        }),
      ).then(() => count * conns.length);
    const [check] = await conns[0].query(sql);
    const r = await perOperation(server, () => run(Math.max(1, Math.ceil(batch / connections))), minCpuMs ? { minCpuMs } : {});
    return { ...r, rows: Array.isArray(check) ? check.length : 0 };
  } finally {
    for (const c of conns) c.destroy();
  }
}

/**
 * `n` logins at once, in waves until the server has spent `minCpuMs`: server
 * CPU per login and each client's latency from its connect call until the
 * login's OK (every wave's clients pooled). `warmWaves` waves come first,
 * not counted, as perOperation() warms up before each measurement: V8 was
 * still optimizing the emulator's login path during the first four or five
 * waves of 1,000 (`--trace-opt`: 406 functions over 8 waves after a start,
 * none after the fifth; CPU per login 370, 260, 140, 110, 110, 100, 70, 70
 * µs), and again a little after other workloads had run.
 */
export async function concurrentLogins(server, user, { n = 1000, minCpuMs = 300, maxWaves = 5, settleMs = 200, userOf, warmWaves = 0 } = {}) {
  const opts = { ...server.connection(user), connectTimeout: 60000 };
  // userOf(i): client i logs in as another account (one account per client: no fast-auth cache hit).
  const optsOf = (i) => (userOf ? { ...opts, user: userOf(i) } : opts);
  const latencies = [];
  let failed = 0;
  let cpu = 0;
  let logins = 0;
  let wallMs = 0;
  for (let wave = 0; wave < warmWaves; wave++) {
    await sleep(settleMs);
    const conns = await Promise.all(Array.from({ length: n }, (_, i) => mysql.createConnection(optsOf(i)).catch(() => null)));
    await Promise.all(conns.map((c) => c?.end().catch(() => c.destroy())));
  }
  for (let wave = 0; wave < maxWaves && (wave === 0 || cpu < minCpuMs); wave++) {
    await sleep(settleMs);
    const c0 = cpuMs(server.pid);
    const t0 = performance.now();
    const conns = await Promise.all(
      Array.from({ length: n }, async (_, i) => {
        const s = performance.now();
        try {
          const c = await mysql.createConnection(optsOf(i));
          latencies.push(performance.now() - s);
          return c;
        } catch {
          failed++;
          return null;
        }
      }),
    );
    wallMs += performance.now() - t0;
    await sleep(30);
    cpu += cpuMs(server.pid) - c0;
    logins += n;
    await Promise.all(conns.map((c) => c?.end().catch(() => c.destroy())));
  }
  await sleep(settleMs);
  latencies.sort((a, b) => a - b);
  const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
  return { cpuUs: (cpu * 1000) / logins, p50: q(0.5), p99: q(0.99), logins, wallMs: Math.round(wallMs), failed };
}

/**
 * Resident memory per idle logged-in connection (KiB): the growth from
 * holding `base` connections to holding `base + n`, after `warm` logins
 * closed again (JIT code, thread caches and the heap's first pages reach
 * their size before the baseline; `base` larger than `warm`, so old space
 * the warm-up logins left partly empty is filled again before the first
 * reading). A Node server started with COLLECTABLE is read by
 * server.collect(): after eight full collections, its RSS less its young
 * generation, read in the same instant (the young generation is pinned;
 * what little it still moves is taken out). MariaDB's RSS is read from
 * /proc. The readings are returned with the figure; a growth below 0 is
 * not a measurement (NaN).
 *
 * The method's history (runs before 21:30 UTC of 2026-11-30): first RSS
 * as the logins left it (3.6 to 10 KiB for one build); from 18:30 RSS after
 * one full collection, which held the young generation as the last logins
 * had grown it (most of the slope: 10.5 KiB for the emulator, 7.3 for the
 * floor); from 19:55 RSS after waiting for V8's memory reducer to give the
 * young generation back, which it sometimes did not do within 30 s, and
 * the bytecode flushed between readings lowered the emulator's.
 */
export async function idleConnections(server, { n = 1000, base = 800, warm = 400, user = NATIVE_USER } = {}) {
  const opts = server.connection(user);
  const conns = [];
  const open = (count) => workers(50, count, async () => conns.push(await mysql.createConnection(opts)));
  // Logins first, closed again: JIT code and thread caches reach their size before the
  // baseline, so the slope is what holding a connection costs.
  await workers(50, warm, async () => (await mysql.createConnection(opts)).end());
  await sleep(300);
  const reading = async () => {
    const held = await server.collect();
    return held ? { kib: (held.rss - held.young) / 1024, rssKiB: held.rss / 1024, youngKiB: held.young / 1024 } : { kib: rssKiB(server.pid) };
  };
  try {
    await open(base);
    await sleep(300);
    const r0 = await reading();
    await open(n);
    await sleep(300);
    const r1 = await reading();
    const growth = (r1.kib - r0.kib) / n;
    return { value: growth >= 0 ? growth : NaN, ...(growth < 0 ? { fell: growth } : {}), readings: [r0, r1] };
  } finally {
    for (const c of conns) c.destroy();
    await sleep(200);
  }
}

/**
 * A login storm with a bystander: `n` logins of `user` at once (one wave),
 * while bench/lib/probe.js, in its own process, opens a connection every
 * 50 ms and times its greeting, and times a `SELECT 1` on a connection
 * logged in before the storm. `flush`: FLUSH PRIVILEGES first (an empty
 * fast-auth cache); `userOf(i)`: each client its own account, so that with
 * an empty cache every caching_sha2 login is a full (RSA) authentication.
 */
export async function loginStorm(server, user, { n = 1000, flush = false, userOf } = {}) {
  if (flush) {
    const admin = await mysql.createConnection(server.connection(NATIVE_USER));
    await admin.query('FLUSH PRIVILEGES');
    await admin.end();
  }
  const { password } = server.connection(user);
  const probe = spawn(process.execPath, [join(dirname(fileURLToPath(import.meta.url)), 'probe.js'), `--port=${server.port}`, `--user=${NATIVE_USER}`, `--password=${password}`], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  probe.stdout.on('data', (d) => (out += d));
  while (!out.includes('ready\n')) {
    if (probe.exitCode !== null) throw new Error('probe exited');
    await sleep(5);
  }
  await sleep(200);
  const storm = await concurrentLogins(server, user, { n, maxWaves: 1, settleMs: 0, userOf });
  probe.stdin.end();
  await new Promise((r) => probe.once('exit', r));
  const { greetings, selects, noGreeting, timeline } = JSON.parse(out.slice(out.indexOf('ready\n') + 6));
  const q = (xs, p) => {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN;
  };
  return {
    value: q(greetings, 0.99),
    greetingP50: q(greetings, 0.5),
    greetingMax: q(greetings, 1),
    greetings: greetings.length,
    noGreeting,
    selectP99: q(selects, 0.99),
    selectMax: q(selects, 1),
    loginP99: storm.p99,
    failed: storm.failed,
    stormWallMs: storm.wallMs,
    cpuUs: storm.cpuUs,
    timeline,
  };
}
