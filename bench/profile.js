#!/usr/bin/env node
// npm run bench -- profile <cycle|sha2|select|catalog|logins|ready> [--profile=NAME] [--top=N] [--server=floor]
//
// Runs one workload against an emulator (or, --server=floor, the Node floor)
// started with `node --cpu-prof` and prints where its CPU went: the main
// thread's busy time split into the server's own JavaScript, Node's
// JavaScript (node:* modules: net, streams, events) and native time (Node's
// C++, libuv, the kernel's side of each system call, the collector's pauses),
// then self time by function and by source file of the bundle (the bundle
// keeps its sources' names in comments, so files are found by line ranges).
// The .cpuprofile stays in bench/results/profiles/ for Chrome DevTools.
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import mysql from 'mysql2/promise';
import { connectCycle, concurrentLogins, statements } from './lib/measure.js';
import { NATIVE_USER, SHA2_USER, startEmulator, startFloor, untilFirstSelect } from './lib/servers.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export async function main(argv) {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { profile: { type: 'string' }, top: { type: 'string' }, server: { type: 'string' } } });
  const workload = positionals[0] ?? 'select';
  const profile = values.profile ?? (workload === 'sha2' ? 'mysql-8.4' : 'mariadb-10.11');
  const dir = join(ROOT, 'bench/results/profiles');
  mkdirSync(dir, { recursive: true });
  const before = new Set(readdirSync(dir));
  const t0 = performance.now();
  const nodeArgs = ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval=200'];
  const floor = values.server === 'floor';
  if (values.server && !floor && values.server !== 'emulator') throw new Error(`--server: emulator or floor, not ${values.server}`);
  if (floor && !['cycle', 'select', 'logins'].includes(workload)) throw new Error(`the floor runs cycle, select and logins, not ${workload}`);
  const server = floor ? await startFloor({ nodeArgs }) : await startEmulator({ profile, nodeArgs });
  await untilFirstSelect(server, t0);
  // Three runs of the cycle (each 1 s of the server's CPU or more): its start is a few percent of the profile.
  if (workload === 'cycle') for (let i = 0; i < 3; i++) await connectCycle(server, NATIVE_USER);
  else if (workload === 'sha2') await connectCycle(server, SHA2_USER);
  else if (workload === 'select') await statements(server, 'SELECT 1', { connections: 16, batch: 2000 });
  else if (workload === 'logins') await concurrentLogins(server, NATIVE_USER, { n: 1000 });
  else if (workload === 'catalog') {
    await statements(server, "SELECT * FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'mysql' AND TABLE_NAME = 'user' ORDER BY ORDINAL_POSITION", { connections: 2, batch: 10 });
  } else if (workload !== 'ready') throw new Error(`unknown workload ${workload}`);
  else await (await mysql.createConnection(server.connection(NATIVE_USER))).end();
  await server.stop();
  const file = readdirSync(dir).find((f) => !before.has(f) && f.endsWith('.cpuprofile'));
  if (!file) throw new Error('no profile written');
  summarize(join(dir, file), Number(values.top ?? 40));
}

/**
 * Prints the profile's busy time (idle samples left out) split three ways,
 * then self time by function and by file, as percentages of the busy time.
 */
function summarize(path, top) {
  const prof = JSON.parse(readFileSync(path, 'utf8'));
  const self = new Map();
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const dt = new Map();
  for (let i = 0; i < prof.samples.length; i++) dt.set(prof.samples[i], (dt.get(prof.samples[i]) ?? 0) + (prof.timeDeltas[i] ?? 0));
  // The bundle is dist/mysql-auth-emulator.bundle.cjs, run by the code-cache loader dist/mysql-auth-emulator.cjs.
  const bundle = join(ROOT, 'dist/mysql-auth-emulator.bundle.cjs');
  const sources = sourceRanges(bundle);
  const byFile = new Map();
  let total = 0;
  const split = { 'the server itself': 0, "Node's JavaScript": 0, 'native': 0 };
  for (const [id, us] of dt) {
    const n = byId.get(id);
    const cf = n.callFrame;
    if (cf.functionName === '(idle)') continue;
    // node:* is Node's own JavaScript; a frame with no script is native ((program), the collector, a C++ binding).
    split[cf.url.startsWith('node:') ? "Node's JavaScript" : cf.url ? 'the server itself' : 'native'] += us;
    const file = cf.url.endsWith('mysql-auth-emulator.bundle.cjs') ? sourceAt(sources, cf.lineNumber + 1) : cf.url ? cf.url.replace(/^.*node_modules\//, '').replace(/^node:/, 'node:') : `(${cf.functionName || 'native'})`;
    const key = `${cf.functionName || '(anonymous)'}  ${file}:${cf.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + us);
    byFile.set(file, (byFile.get(file) ?? 0) + us);
    total += us;
  }
  const print = (title, m) => {
    console.log(`\n${title}`);
    for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${k}`);
  };
  console.log(`main thread busy ${(total / 1000).toFixed(0)} ms (the server's start included):`);
  for (const [k, us] of Object.entries(split)) console.log(`${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`);
  print('self time by function', self);
  print('self time by file', byFile);
  console.log(`\n${path}`);
}

/** esbuild writes `// src/path.ts` before each module of the bundle. */
function sourceRanges(bundle) {
  const lines = readFileSync(bundle, 'utf8').split('\n');
  const out = [];
  lines.forEach((l, i) => {
    const m = /^\/\/ ((?:src|node_modules)\/\S+)$/.exec(l);
    if (m) out.push({ line: i + 1, file: m[1].replace(/^node_modules\//, '') });
  });
  return out;
}
function sourceAt(ranges, line) {
  let lo = 0;
  let hi = ranges.length - 1;
  let best = 'bundle';
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ranges[mid].line <= line) {
      best = ranges[mid].file;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best;
}
