#!/usr/bin/env node
// npm run bench [-- options] [figure ...]
// npm run bench -- profile | micro ...             (see bench/profile.js, bench/micro.js)
//
// The emulator (the bundled CLI), a Node floor server (bench/floor.js) and,
// when mariadbd is installed, a private MariaDB run side by side on this
// machine. Every figure is measured in rounds; within a round each server
// takes its turn in a rotating order, so load from elsewhere falls on all of
// them alike. Prints the medians and the ratios of each round's figures,
// records the run as bench/results/<timestamp>.json (compared with the run
// before) and regenerates the table in docs/performance.md.
//
// The emulator plays MariaDB 10.11 (--profile=mariadb-10.11), so both greet
// with mysql_native_password and show the same catalog; a second emulator
// playing MySQL 8.4 runs the caching_sha2_password figure.
//
// Options: --rounds=N (default 3), --profile=NAME (the first emulator's profile,
// default mariadb-10.11), --servers=emulator,floor,mariadb (a subset), --no-mariadb,
// --no-record, --no-docs, --quick (one round, fewer connections: a smoke run,
// never written to the docs), --compare=DIR (also run the bundle in DIR, e.g.
// a build of the previous commit, as 'before' beside the emulator: a
// change's effect measured in the same rounds).
// Figures (default: all): ready idle cycle sha2 select catalog logins storm.
// storm: a bystander process (bench/lib/probe.js) times greetings and SELECT 1
// while 1,000 logins arrive at once: caching_sha2 full authentications over
// RSA on the MySQL 8.4 emulator (FLUSH PRIVILEGES first, each client its own
// account, so that none takes the fast path), native logins on
// MariaDB (10.11 has no caching_sha2), as the reference for "promptly".
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { concurrentLogins, connectCycle, idleConnections, load, loginStorm, machine, statements } from './lib/measure.js';
import { COLLECTABLE, findMariadbd, NATIVE_USER, prepareMariadb, SHA2_USER, STORM_ACCOUNTS, startEmulator, startFloor, startMariadb, stormUser, untilFirstSelect } from './lib/servers.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

if (['profile', 'micro'].includes(process.argv[2])) {
  const { main } = await import(`./${process.argv[2]}.js`);
  await main(process.argv.slice(3));
  process.exit(0);
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    rounds: { type: 'string' },
    profile: { type: 'string' },
    'no-mariadb': { type: 'boolean' },
    'no-record': { type: 'boolean' },
    'no-docs': { type: 'boolean' },
    quick: { type: 'boolean' },
    servers: { type: 'string' },
    compare: { type: 'string' },
  },
});
const quick = values.quick ?? false;
const rounds = Number(values.rounds ?? (quick ? 1 : 3));
const profile = values.profile ?? 'mariadb-10.11';
const IDLE = quick ? 200 : 1000;
const STORM = quick ? 200 : 1000;

/** GUI catalog queries: what phpMyAdmin, Adminer and Workbench send to draw one page. */
const CATALOG = {
  catalog_columns: "SELECT * FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'mysql' AND TABLE_NAME = 'user' ORDER BY ORDINAL_POSITION",
  catalog_show_columns: 'SHOW FULL COLUMNS FROM `mysql`.`user`',
  catalog_navigation:
    "SELECT `SCHEMA_NAME` FROM `INFORMATION_SCHEMA`.`SCHEMATA`, (SELECT DB_first_level FROM ( SELECT DISTINCT SUBSTRING_INDEX(SCHEMA_NAME, '_', 1) DB_first_level FROM INFORMATION_SCHEMA.SCHEMATA WHERE TRUE ) t ORDER BY DB_first_level ASC LIMIT 0, 100) t2 WHERE TRUE AND 1 = LOCATE(CONCAT(DB_first_level, '_'), CONCAT(SCHEMA_NAME, '_')) ORDER BY SCHEMA_NAME ASC",
  catalog_navigation_tables:
    "SELECT `TABLE_NAME` AS `name` FROM `INFORMATION_SCHEMA`.`TABLES` WHERE `TABLE_SCHEMA`='mysql' AND `TABLE_TYPE` IN('BASE TABLE', 'SYSTEM VERSIONED') ORDER BY `TABLE_NAME` ASC LIMIT 0, 250",
};

/** Every figure: its unit, who runs it, and the goal it is held to (issue 15). */
const FIGURES = [
  { id: 'ready', group: 'ready', label: 'ready: process start to first `SELECT 1` answered', unit: 'ms', servers: ['emulator', 'floor', 'mariadb'], goal: { vs: 'mariadb', max: 1.2 } },
  { id: 'idle', group: 'idle', label: `RSS per idle connection (${IDLE.toLocaleString('en')} more held)`, unit: 'KiB', servers: ['emulator', 'floor', 'mariadb'], goal: { absolute: 8 } },
  { id: 'cycle_native', group: 'cycle', label: 'connect + native auth + `SELECT 1` + quit (8 concurrent)', unit: 'µs CPU', servers: ['emulator', 'floor', 'mariadb'], goal: { vs: 'mariadb', max: 1.0 } },
  { id: 'cycle_native84', group: 'sha2', label: 'the same on the MySQL 8.4 emulator (mysql_native_password enabled)', unit: 'µs CPU', servers: ['emulator84'] },
  { id: 'cycle_sha2', group: 'sha2', label: 'the same with caching_sha2_password, fast path (MySQL 8.4 emulator)', unit: 'µs CPU', servers: ['emulator84'], goal: { vsFigure: 'cycle_native84', max: 1.1 } },
  { id: 'select', group: 'select', label: '`SELECT 1` (16 connections)', unit: 'µs CPU', servers: ['emulator', 'floor', 'mariadb'], goal: { vs: 'mariadb', max: 1.0 } },
  { id: 'catalog_columns', group: 'catalog', label: '`information_schema.COLUMNS` of mysql.user', unit: 'µs CPU', servers: ['emulator', 'mariadb'], goal: { vs: 'mariadb', max: 2.0 } },
  { id: 'catalog_show_columns', group: 'catalog', label: '`SHOW FULL COLUMNS FROM mysql.user`', unit: 'µs CPU', servers: ['emulator', 'mariadb'], goal: { vs: 'mariadb', max: 2.0 } },
  { id: 'catalog_navigation', group: 'catalog', label: "phpMyAdmin's navigation query (SCHEMATA)", unit: 'µs CPU', servers: ['emulator', 'mariadb'], goal: { vs: 'mariadb', max: 2.0 } },
  { id: 'catalog_navigation_tables', group: 'catalog', label: "phpMyAdmin's navigation query (TABLES of mysql)", unit: 'µs CPU', servers: ['emulator', 'mariadb'], goal: { vs: 'mariadb', max: 2.0 } },
  { id: 'logins_cpu', group: 'logins', label: `${STORM.toLocaleString('en')} concurrent native logins: CPU per login`, unit: 'µs CPU', servers: ['emulator', 'floor', 'mariadb'], goal: { vs: 'mariadb', max: 1.0 } },
  { id: 'logins_p50', group: 'logins', label: `${STORM.toLocaleString('en')} concurrent native logins: p50 latency`, unit: 'ms', servers: ['emulator', 'floor', 'mariadb'] },
  { id: 'logins_p99', group: 'logins', label: `${STORM.toLocaleString('en')} concurrent native logins: p99 latency`, unit: 'ms', servers: ['emulator', 'floor', 'mariadb'], goal: { vs: 'mariadb', max: 1.5 } },
  { id: 'storm_greeting_p99', group: 'storm', label: `greeting p99 of a client connecting during ${STORM.toLocaleString('en')} concurrent logins (emulator: caching_sha2 over RSA; MariaDB: native)`, unit: 'ms', servers: ['emulator84', 'mariadb'] },
  { id: 'storm_select_p99', group: 'storm', label: '`SELECT 1` p99 of an established session during that storm', unit: 'ms', servers: ['emulator84', 'mariadb'] },
  { id: 'storm_login_p99', group: 'storm', label: 'p99 login latency of that storm', unit: 'ms', servers: ['emulator84', 'mariadb'] },
];

const groups = positionals.length ? new Set(positionals) : new Set(FIGURES.map((f) => f.group));
for (const g of groups) if (!FIGURES.some((f) => f.group === g)) throw new Error(`unknown figure '${g}' (${[...new Set(FIGURES.map((f) => f.group))].join(' ')})`);
const figures = FIGURES.filter((f) => groups.has(f.group));

// --- machine ----------------------------------------------------------------

function cpuBusy() {
  const [, ...f] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  const idle = f[3] + f[4];
  return { idle, total: f.reduce((a, b) => a + b, 0) };
}
const busy0 = cpuBusy();
const loadBefore = load();
const started = new Date();

const mariadbd = values['no-mariadb'] ? null : findMariadbd();
const prepared = mariadbd && (!values.servers || values.servers.includes('mariadb')) ? await prepareMariadb(mariadbd) : null;
if (!mariadbd && !values['no-mariadb']) console.log('mariadbd not found: install mariadb-server to compare against a real MariaDB');
if (values.compare) for (const f of FIGURES) if (f.servers.includes('emulator')) f.servers.push('before');
if (values.compare) for (const f of FIGURES) if (f.servers.includes('emulator84') && f.group === 'storm') f.servers.push('before84');
const kinds = ['emulator', ...(values.compare ? ['before'] : []), 'emulator84', ...(values.compare ? ['before84'] : []), 'floor', ...(prepared ? ['mariadb'] : [])]
  .filter((k) => !values.servers || values.servers.split(',').includes(k))
  .filter((k) => figures.some((f) => f.servers.includes(k)));
// nodeArgs: COLLECTABLE for the idle figure's servers (the Node ones; mariadbd takes none).
const start = {
  emulator: (nodeArgs) => startEmulator({ profile, nodeArgs }),
  emulator84: (nodeArgs) => startEmulator({ profile: 'mysql-8.4', name: 'emulator84', nodeArgs }),
  before: (nodeArgs) => startEmulator({ profile, name: 'before', dist: values.compare, nodeArgs }),
  before84: (nodeArgs) => startEmulator({ profile: 'mysql-8.4', name: 'before84', dist: values.compare, nodeArgs }),
  floor: (nodeArgs) => startFloor({ nodeArgs }),
  mariadb: () => startMariadb(prepared),
};
const rotate = (list, r) => list.map((_, i) => list[(i + r) % list.length]);

/** results[figure][server] = one value per round */
const results = {};
const details = {};
const record = (id, server, value, detail) => {
  ((results[id] ??= {})[server] ??= []).push(value);
  if (detail) ((details[id] ??= {})[server] ??= []).push(detail);
};
const wants = (id, server) => figures.some((f) => f.id === id && f.servers.includes(server));
const log = (s) => process.stdout.write(s + '\n');

// --- fresh processes: ready, idle -----------------------------------------------
// Each figure on a process of its own: the idle one's Node servers run with COLLECTABLE
// (a preload and --expose-gc), which the ready figure must not pay for.
if (groups.has('ready') || groups.has('idle')) {
  // One start of each server first, not measured: the emulator's first start after a build writes
  // its code cache (every later start reads it), and the OS caches each program's files.
  for (const kind of kinds) {
    if (!wants('ready', kind) && !wants('idle', kind)) continue;
    const server = await start[kind]([]);
    try {
      await untilFirstSelect(server, performance.now());
    } finally {
      await server.stop();
    }
  }
  for (let r = 0; r < rounds; r++) {
    for (const kind of rotate(kinds, r)) {
      const notes = [];
      if (wants('ready', kind)) {
        const t0 = performance.now();
        const server = await start[kind]([]);
        try {
          const readyMs = await untilFirstSelect(server, t0);
          record('ready', kind, readyMs);
          notes.push(`ready ${readyMs.toFixed(0)} ms`);
        } finally {
          await server.stop();
        }
      }
      if (wants('idle', kind)) {
        const server = await start[kind](COLLECTABLE);
        try {
          await untilFirstSelect(server, performance.now());
          const idle = await idleConnections(server, { n: IDLE });
          record('idle', kind, idle.value, idle);
          notes.push(Number.isFinite(idle.value) ? `idle ${idle.value.toFixed(1)} KiB` : `idle: RSS fell by ${(-idle.fell).toFixed(1)} KiB per connection added, not a measurement`);
        } finally {
          await server.stop();
        }
      }
      if (notes.length > 0) log(`round ${r + 1} ${kind}: ${notes.join(', ')}`);
    }
  }
}

// --- long-running servers: CPU per operation ------------------------------------
let sha2First = false;
const TASKS = {
  cycle: async (s) => ({ cycle_native: await connectCycle(s, NATIVE_USER) }),
  // The fast path against native auth on the same server: the auth paths differ, nothing else.
  // Alternating which goes first, round by round.
  sha2: async (s) => {
    const out = {};
    const order = (sha2First = !sha2First) ? ['cycle_sha2', 'cycle_native84'] : ['cycle_native84', 'cycle_sha2'];
    for (const id of order) out[id] = await connectCycle(s, id === 'cycle_sha2' ? SHA2_USER : NATIVE_USER);
    return out;
  },
  select: async (s) => ({ select: await statements(s, 'SELECT 1', { connections: 16, batch: 2000 }) }),
  catalog: async (s) => {
    const out = {};
    for (const [id, sql] of Object.entries(CATALOG)) out[id] = await statements(s, sql, { connections: 4, batch: 40, minCpuMs: 300 });
    return out;
  },
  // One wave not counted before each measurement; in the warm-up round, five (V8 optimizes the
  // emulator's login path over its first four or five waves of 1,000: bench/lib/measure.js).
  logins: async (s, warmUp) => {
    const l = await concurrentLogins(s, NATIVE_USER, { n: STORM, warmWaves: warmUp ? 5 : 1 });
    return { logins_cpu: { value: l.cpuUs, ...l }, logins_p50: { value: l.p50 }, logins_p99: { value: l.p99 } };
  },
  storm: async (s) => {
    const sha2 = s.name === 'emulator84' || s.name === 'before84';
    const l = await loginStorm(s, sha2 ? SHA2_USER : NATIVE_USER, { n: STORM, flush: sha2, userOf: sha2 ? (i) => stormUser(i % STORM_ACCOUNTS) : undefined });
    return { storm_greeting_p99: l, storm_select_p99: { value: l.selectP99 }, storm_login_p99: { value: l.loginP99 } };
  },
};
const taskGroups = ['cycle', 'sha2', 'select', 'catalog', 'logins', 'storm'].filter((g) => groups.has(g));
if (taskGroups.length) {
  const servers = {};
  for (const kind of kinds) {
    const t0 = performance.now();
    servers[kind] = await start[kind]();
    await untilFirstSelect(servers[kind], t0);
  }
  try {
    // A warm-up round, not recorded: V8 optimises the emulator's and the floor's code as it
    // runs (MariaDB's is compiled ahead of time), and every server fills its caches.
    // (The storm is latency under load, one wave per round: not repeated as a warm-up.)
    for (const g of taskGroups) for (const kind of kinds) if (g !== 'storm' && figures.some((f) => f.group === g && f.servers.includes(kind))) await TASKS[g](servers[kind], true);
    log('warm-up round done');
    for (let r = 0; r < rounds; r++) {
      for (const g of taskGroups) {
        for (const kind of rotate(kinds, r)) {
          if (!figures.some((f) => f.group === g && f.servers.includes(kind))) continue;
          const out = await TASKS[g](servers[kind]);
          const line = [];
          for (const [id, v] of Object.entries(out)) {
            if (!wants(id, kind)) continue;
            record(id, kind, v.value, v);
            line.push(`${id} ${v.value.toFixed(1)}`);
          }
          log(`round ${r + 1} ${kind}: ${line.join(', ')}`);
        }
      }
    }
  } finally {
    for (const s of Object.values(servers)) await s.stop();
  }
}
prepared?.remove();

// --- summary ------------------------------------------------------------------------
const median = (xs) => {
  const s = [...xs].filter(Number.isFinite).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const busy1 = cpuBusy();
const summary = {};
for (const f of figures) {
  const per = results[f.id];
  if (!per) continue;
  const medians = Object.fromEntries(Object.entries(per).map(([k, xs]) => [k, median(xs)]));
  let ratio = null;
  const subject = per.emulator ?? per.emulator84;
  const before = per.before ?? per.before84;
  if (f.goal?.vs && subject && per[f.goal.vs]) {
    ratio = median(subject.map((x, i) => x / per[f.goal.vs][i]));
  } else if (f.goal?.vsFigure && per.emulator84 && (results[f.goal.vsFigure]?.emulator84 ?? results[f.goal.vsFigure]?.emulator)) {
    const reference = results[f.goal.vsFigure].emulator84 ?? results[f.goal.vsFigure].emulator;
    ratio = median(per.emulator84.map((x, i) => x / reference[i]));
  }
  const floorRatio = per.emulator && per.floor ? median(per.emulator.map((x, i) => x / per.floor[i])) : null;
  const beforeRatio = subject && before ? median(subject.map((x, i) => x / before[i])) : null;
  let met = null;
  if (f.goal?.absolute !== undefined) met = medians.emulator <= f.goal.absolute;
  else if (ratio !== null && f.goal?.max !== undefined) met = ratio <= f.goal.max;
  summary[f.id] = { label: f.label, unit: f.unit, rounds: per, medians, ratio, floorRatio, beforeRatio, goal: f.goal ?? null, met, details: details[f.id] };
}

const run = {
  date: started.toISOString(),
  commit: gitCommit(),
  machine: {
    ...machine(),
    loadBefore,
    loadAfter: load(),
    busyPercent: Math.round((100 * (1 - (busy1.idle - busy0.idle) / (busy1.total - busy0.total))) || 0),
    mariadb: prepared?.version ?? null,
  },
  config: { rounds, profile, quick, idleConnections: IDLE, concurrentLogins: STORM, ...(values.compare ? { compare: values.compare } : {}) },
  figures: summary,
};

function gitCommit() {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], { cwd: ROOT, encoding: 'utf8' }).trim() !== '';
    return head + (dirty ? '+dirty' : '');
  } catch {
    return '?';
  }
}

const resultsDir = join(ROOT, 'bench/results');
// A quick run measures fewer logins and connections than any recorded run: nothing to hold it to.
const previous = (() => {
  if (quick) return null;
  try {
    const files = readdirSync(resultsDir).filter((f) => f.endsWith('.json')).sort();
    for (const f of files.reverse()) {
      const prev = JSON.parse(readFileSync(join(resultsDir, f), 'utf8'));
      if (prev.config?.profile === profile && !prev.config?.quick) return { file: f, run: prev };
    }
  } catch {
    // no results yet
  }
  return null;
})();

const fmt = (x, unit) => (x === undefined || x === null || !Number.isFinite(x) ? '–' : unit === 'KiB' ? x.toFixed(1) : x >= 100 ? x.toFixed(0) : x.toFixed(1));
log('');
log(`machine: ${run.machine.cpu}, ${run.machine.cores} cores, load ${loadBefore.join(' ')} -> ${run.machine.loadAfter.join(' ')}, ${run.machine.busyPercent}% busy during the run; node ${process.version}; MariaDB ${run.machine.mariadb ?? 'absent'}`);
log(`${'figure'.padEnd(58)} ${'emulator'.padStart(9)} ${'floor'.padStart(9)} ${'mariadb'.padStart(9)} ${'ratio'.padStart(7)} goal     prev`);
for (const [id, s] of Object.entries(summary)) {
  const goal = s.goal ? (s.goal.absolute !== undefined ? `≤ ${s.goal.absolute}` : `≤ ${s.goal.max}`) : '';
  const pm = previous?.run.figures?.[id]?.medians;
  const prev = pm?.emulator ?? pm?.emulator84;
  log(
    `${(s.label + ' [' + s.unit + ']').padEnd(58)} ${fmt(s.medians.emulator ?? s.medians.emulator84, s.unit).padStart(9)} ${fmt(s.medians.floor, s.unit).padStart(9)} ${fmt(s.medians.mariadb, s.unit).padStart(9)} ${(s.ratio === null ? '' : s.ratio.toFixed(2)).padStart(7)} ${(goal + (s.met === null ? '' : s.met ? ' ok' : ' NO')).padEnd(8)} ${prev === undefined ? '' : fmt(prev, s.unit)}`,
  );
}
if (previous) log(`prev: emulator medians of ${previous.file} (${previous.run.commit})`);
if (values.compare) {
  log(`\nagainst ${values.compare} (before), same rounds:`);
  for (const [id, s] of Object.entries(summary)) {
    if (s.beforeRatio !== null) log(`${(s.label + ' [' + s.unit + ']').padEnd(58)} ${fmt(s.medians.emulator ?? s.medians.emulator84, s.unit).padStart(9)} ${fmt(s.medians.before ?? s.medians.before84, s.unit).padStart(9)} ${s.beforeRatio.toFixed(2).padStart(7)} (${((s.beforeRatio - 1) * 100).toFixed(0)}%)`);
  }
}

if (!values['no-record']) {
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `${started.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(run, null, 2) + '\n');
  log(`recorded ${file.slice(ROOT.length + 1)}`);
}
if (!values['no-docs'] && !quick && !values.servers && !values.compare && figures.length === FIGURES.length && prepared) {
  const { writePerformanceDoc } = await import('./lib/report.js');
  writePerformanceDoc(join(ROOT, 'docs/performance.md'), run);
  log('docs/performance.md regenerated');
}
