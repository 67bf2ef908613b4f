#!/usr/bin/env node
// Benchmarks of the emulator's server process: time to accept, CPU per login and
// per SELECT 1, memory per idle connection. With a real MariaDB (mariadbd on PATH)
// the same runs against it and ratios are printed. Run `npm run build` first.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';

const LOGINS = 300;
const QUERIES = 3000;
const IDLE = 200;
const TICKS = 100; // USER_HZ

function cpuMs(pid) {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / TICKS;
}
function rssKiB(pid) {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
}
async function waitForPort(port, t0) {
  for (;;) {
    const ok = await new Promise((r) => { const s = connect(port, '127.0.0.1', () => { s.destroy(); r(true); }); s.on('error', () => r(false)); });
    if (ok) return performance.now() - t0;
    await new Promise((r) => setTimeout(r, 1));
  }
}

async function measure(name, start, user, password) {
  const t0 = performance.now();
  const { child, port } = start();
  const readyMs = await waitForPort(port, t0);
  const opts = { host: '127.0.0.1', port, user, password };
  (await mysql.createConnection(opts)).destroy(); // warm-up (fills caching_sha2's cache)
  let c0 = cpuMs(child.pid);
  for (let i = 0; i < LOGINS; i++) await (await mysql.createConnection(opts)).end();
  const loginUs = ((cpuMs(child.pid) - c0) * 1000) / LOGINS;
  const conn = await mysql.createConnection(opts);
  for (let i = 0; i < 200; i++) await conn.query('SELECT 1');
  c0 = cpuMs(child.pid);
  for (let i = 0; i < QUERIES; i++) await conn.query('SELECT 1');
  const selectUs = ((cpuMs(child.pid) - c0) * 1000) / QUERIES;
  await conn.end();
  const rss0 = rssKiB(child.pid);
  const idle = [];
  for (let i = 0; i < IDLE; i++) idle.push(await mysql.createConnection(opts));
  await new Promise((r) => setTimeout(r, 300));
  const perConnKiB = (rssKiB(child.pid) - rss0) / IDLE;
  for (const c of idle) c.destroy();
  child.kill('SIGTERM');
  const r = { name, readyMs, loginUs, selectUs, perConnKiB };
  console.log(`${name.padEnd(10)} ready ${readyMs.toFixed(0)} ms  login ${loginUs.toFixed(0)} µs CPU  SELECT 1 ${selectUs.toFixed(1)} µs CPU  idle connection ${perConnKiB.toFixed(1)} KiB`);
  return r;
}

const emulator = await measure('emulator', () => {
  const port = 33000 + Math.floor(Math.random() * 1000);
  const child = spawn(process.execPath, ['dist/mysql-auth-emulator.js', '--port', String(port), '--log-level', 'silent', '--max-connections', '1000'], {
    stdio: 'ignore',
    env: { ...process.env, MYSQL_ROOT_PASSWORD: 'bench' },
  });
  return { child, port };
}, 'root', 'bench');

let mariadbd = null;
try { mariadbd = execFileSync('sh', ['-c', 'command -v mariadbd || ls /usr/sbin/mariadbd 2>/dev/null'], { encoding: 'utf8' }).trim(); } catch { /* absent */ }
if (mariadbd) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-mariadb-'));
  execFileSync('mariadb-install-db', ['--no-defaults', `--datadir=${dir}`, '--auth-root-authentication-method=normal', '--skip-test-db', '--user=root'], { stdio: 'ignore' });
  const reference = await measure('mariadb', () => {
    const port = 34000 + Math.floor(Math.random() * 1000);
    const child = spawn(mariadbd, ['--no-defaults', `--datadir=${dir}`, `--port=${port}`, '--bind-address=127.0.0.1', `--socket=${dir}/s.sock`, '--user=root', '--skip-log-bin', '--skip-name-resolve', '--max-connections=1000'], { stdio: 'ignore' });
    return { child, port };
  }, 'root', '');
  for (const k of ['readyMs', 'loginUs', 'selectUs', 'perConnKiB']) {
    console.log(`ratio ${k}: ${(emulator[k] / reference[k]).toFixed(2)} (emulator / mariadb)`);
  }
} else {
  console.log('mariadbd not found: install mariadb-server to compare against a real MariaDB');
}
