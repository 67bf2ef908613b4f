/**
 * Wire-protocol fuzz (issue: no crash, no session ended by an exception, no
 * connection that neither answers nor closes within connect_timeout /
 * wait_timeout / net_read_timeout, a bystander that keeps answering
 * SELECT 1 throughout (its latencies printed; the 100 ms target is the long
 * run's), bounded RSS, no secret in a trace-level log).
 *
 * Bounded by FUZZ_MS (default 25 s) or FUZZ_PACKETS; FUZZ_SEED replays a run
 * (the seed is printed); FUZZ_REPLAY=i,j replays single scenarios of the
 * seed and shrinks them. The long run is `npm run fuzz`
 * (scripts/fuzz-wire.mjs). Design, knobs and limits: harness.ts.
 */
import { describe, expect, it } from 'vitest';
import { formatReport, optionsFromEnv, replay, runFuzz } from './harness.js';

// In the suite the bystander bound is liveness (answered within FUZZ_STALL_MS), not a timing: see harness.ts.
const opts = optionsFromEnv({ FUZZ_LIVENESS: '1', ...process.env });
const replayIndexes = (process.env.FUZZ_REPLAY ?? '').split(',').filter(Boolean).map(Number);

describe('wire protocol fuzz', () => {
  if (replayIndexes.length > 0) {
    it(
      `replay scenarios ${replayIndexes.join(', ')} of seed ${opts.seed}`,
      async () => {
        console.log(await replay(opts, replayIndexes));
      },
      replayIndexes.length * (opts.shrinkMs * 3 + 30_000) + 60_000,
    );
    return;
  }

  const budget = opts.budgetMs ?? Math.max(3_600_000, (opts.packets ?? 0) * 5);
  // The budget, then up to shrinkMax findings shrunk for shrinkMs each (x3 for hangs), then start and stop.
  const timeout = budget + opts.shrinkMs * opts.shrinkMax * 3 + 120_000;
  it(
    `random and mutated packets before and after login (seed ${opts.seed})`,
    async () => {
      const report = await runFuzz(opts);
      console.log(formatReport(report));
      expect(report.failures).toEqual([]);
    },
    timeout,
  );
});
