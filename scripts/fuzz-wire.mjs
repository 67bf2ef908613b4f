#!/usr/bin/env node
// The long run of the wire-protocol fuzz (test/fuzz/): the same harness and
// generators as the bounded test in the suite, driven by a packet budget.
//
//   npm run fuzz                                  # 1,000,000 packets, seed 20261129
//   npm run fuzz -- --packets 200000 --seed 7     # other budget or seed
//   npm run fuzz -- --ms 600000                   # a time budget instead
//   npm run fuzz -- --server-root /tmp/snap       # fuzz the src/ of another tree
//   npm run fuzz -- --report out.json             # keep the JSON report
//
// Prints the figures at the end: packets sent, crashes, sessions ended by
// exceptions (by kind), hangs, bystander failures and max latency, peak RSS,
// duration, then every finding with its minimal input. Exits non-zero when
// the run found anything. Runs vitest on test/fuzz/wire.fuzz.test.ts.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    packets: { type: 'string' },
    ms: { type: 'string' },
    seed: { type: 'string' },
    workers: { type: 'string' },
    profile: { type: 'string' },
    'shrink-ms': { type: 'string' },
    'server-root': { type: 'string' },
    report: { type: 'string' },
    'log-level': { type: 'string' },
  },
});

const report = values.report ?? join(mkdtempSync(join(tmpdir(), 'fuzz-wire-')), 'report.json');
const env = { ...process.env, FUZZ_REPORT: report };
if (values.ms) env.FUZZ_MS = values.ms;
else env.FUZZ_PACKETS = values.packets ?? '1000000';
if (values.seed) env.FUZZ_SEED = values.seed;
env.FUZZ_WORKERS = values.workers ?? env.FUZZ_WORKERS ?? '32';
env.FUZZ_SHRINK_MAX ??= '24';
if (values.profile) env.FUZZ_PROFILE = values.profile;
if (values['server-root']) env.FUZZ_SERVER_ROOT = values['server-root'];
if (values['log-level']) env.FUZZ_LOG_LEVEL = values['log-level'];
env.FUZZ_SHRINK_MS = values['shrink-ms'] ?? env.FUZZ_SHRINK_MS ?? '60000';
env.FUZZ_PROGRESS_MS ??= '15000';
// The long run holds the bystander bound (100 ms; 250 ms on a loaded machine, harness.ts), not the suite's liveness bound.
env.FUZZ_LIVENESS ??= '0';

const child = spawn('npx', ['vitest', 'run', 'test/fuzz/wire.fuzz.test.ts'], { env, stdio: 'inherit' });
const code = await new Promise((resolve) => child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))));

if (!existsSync(report)) {
  console.error(`fuzz-wire: no report at ${report} (vitest exited ${code})`);
  process.exit(code || 1);
}
const r = JSON.parse(readFileSync(report, 'utf8'));
const table = [
  ['seed', r.seed],
  ['packets sent', r.packets],
  ['connections', `${r.connections} (${r.scenarios.pre} pre-auth, ${r.scenarios.post} post-auth scenarios; ${r.loggedIn} logged in)`],
  ['duration', `${(r.durationMs / 1000).toFixed(1)} s (${Math.round(r.packets / (r.durationMs / 1000))} packets/s)`],
  ['crashes', r.crashes],
  ['stalls (no heartbeat for 5 s)', r.stalls],
  ['sessions ended by exceptions', Object.keys(r.sessionsEndedByException).length ? JSON.stringify(r.sessionsEndedByException) : 0],
  ['internal errors (1815)', Object.keys(r.internalErrors).length ? JSON.stringify(r.internalErrors) : 0],
  ['hangs (no answer, no close in time)', r.hangs],
  ['protocol oracle violations', r.oracleViolations],
  ['secrets in the trace log', r.leaks],
  ['bystander SELECT 1', `${r.bystander.samples} runs, max ${r.bystander.maxMs.toFixed(1)} ms, p99 ${r.bystander.p99.toFixed(1)} ms, ${r.bystander.over} over ${r.options.bystanderLimitMs} ms, ${r.bystander.errors.length} errors`],
  ['server RSS', `start ${r.rss.firstMiB} MiB, peak ${r.rss.peakMiB} MiB (+${r.rss.growthMiB}), end ${r.rss.lastMiB} MiB; heap after a full GC ${r.rss.heapAtStartMiB} MiB at the start, ${r.rss.heapAfterGcMiB} MiB at the end (RSS then ${r.rss.rssAfterGcMiB} MiB); log lines queued for the harness at most ${r.rss.logBacklogPeakMiB} MiB; RSS growth limit ${r.options.rssLimitMiB} MiB (docs/limits.md)`],
  ['server event-loop delay max', `${r.serverLoopMaxMs} ms`],
  ['log', `${r.logLines} lines, ${r.logMiB} MiB at ${r.options.logLevel}`],
  ['final normal login', r.finalLogin],
];
const width = Math.max(...table.map(([k]) => k.length));
console.log('\nwire fuzz figures');
for (const [k, v] of table) console.log(`  ${k.padEnd(width)}  ${v}`);
console.log(`\n${r.findings.length} finding(s); report: ${report}`);
for (const f of r.findings) {
  console.log(`- [${f.kind}] ${f.signature} (x${f.count})${f.reproduced === false ? ' (not reproduced alone)' : ''}`);
  if (f.minimal) console.log('    ' + f.minimal.split('\n').join('\n    '));
}
process.exit(code);
