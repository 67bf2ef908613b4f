/**
 * The client compatibility suite (npm run test:clients): every real client in
 * test/clients/ through every scenario of scenarios.ts, against emulators in
 * this process. Each run's reports go to test/clients/results/latest.jsonl
 * (gitignored); scripts/compatibility-matrix.js renders them as
 * docs/compatibility.md (npm run docs:compatibility), and the last test fails
 * when the checked-in page no longer matches what this run observed.
 */
import { execFile } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../src/index.js';
import { startTestEmulator } from '../helpers/emulator.js';
import { requireDriver, type DriverName } from '../helpers/run-client.js';
import { CLIENTS, SCENARIOS, SCENARIO_IDS, type Emulators, type ResultLine } from './scenarios.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));
const RESULTS = RESULTS_DIR + 'latest.jsonl';
/** This run's lines, renamed to latest.jsonl at the end: concurrent runs do not interleave. */
const RUN_RESULTS = `${RESULTS_DIR}.run-${process.pid}.jsonl`;

/** Checked at load time: a missing client skips locally, fails under CI=true. */
const clients = Object.keys(CLIENTS) as DriverName[];
const availability = Object.fromEntries(clients.map((c) => [c, requireDriver(c)])) as Record<DriverName, ReturnType<typeof requireDriver>>;

const recorded = new Set<string>();
function record(line: ResultLine): void {
  recorded.add(`${line.client} ${line.scenario}`);
  appendFileSync(RUN_RESULTS, JSON.stringify(line) + '\n');
}

/**
 * The emulators' clocks start at about noon UTC: PASSWORD_LOCK_TIME counts calendar days, so a
 * lockout scenario straddling midnight would end its lock between two logins.
 */
function noonOffset(): number {
  const now = Date.now();
  return Math.floor(now / DAY_MS) * DAY_MS + DAY_MS / 2 - now;
}

let ems: Emulators;
beforeAll(async () => {
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(RUN_RESULTS, '');
  const clockOffsetMs = noonOffset();
  const [on, native, off] = await Promise.all([
    startTestEmulator({ clockOffsetMs }),
    startTestEmulator({ clockOffsetMs, mysqlNativePassword: true }),
    startTestEmulator({ clockOffsetMs, mysqlNativePassword: true, variables: { disconnect_on_expired_password: 'OFF' } }),
  ]);
  ems = { on, native, off };
});
afterAll(async () => {
  if (existsSync(RUN_RESULTS)) renameSync(RUN_RESULTS, RESULTS);
  await Promise.all(Object.values(ems ?? {}).map((em) => em.close()));
});

// Clients run concurrently (each one's scenarios use their own accounts); the
// Java and Go clients are compiled once, on first use.
describe.concurrent('clients', () => {
  for (const client of clients) {
    const avail = availability[client];
    describe.skipIf(!avail.available)(`${client}${avail.available ? '' : ` (skipped: ${avail.reason})`}`, () => {
      for (const scenario of SCENARIOS) {
        it(scenario.title, () => scenario.run({ client, ems, record }), 60_000);
      }
    });
  }
});

describe('docs/compatibility.md', () => {
  it('matches this run (else: npm run docs:compatibility)', async (ctx) => {
    const missing = clients.flatMap((c) => SCENARIO_IDS.filter((s) => !recorded.has(`${c} ${s}`)).map((s) => `${c} ${s}`));
    if (missing.length > 0) {
      // A skipped client or a filtered run: the page can only be checked against a complete run.
      console.warn(`not checking docs/compatibility.md: no results for ${missing.join(', ')}`);
      ctx.skip();
    }
    const check = await promisify(execFile)(process.execPath, ['scripts/compatibility-matrix.js', '--check', '--results', RUN_RESULTS], { cwd: ROOT }).then(
      () => '',
      (err: { stdout?: string; stderr?: string }) => `${err.stdout ?? ''}${err.stderr ?? ''}`,
    );
    expect(check).toBe('');
  });
});
