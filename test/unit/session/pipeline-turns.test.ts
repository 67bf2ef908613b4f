/**
 * A long statement's parse, run and reply are event-loop turns of their own
 * (session/pipeline.ts), so other sessions answer between them; a short
 * one runs and answers in the caller's turn.
 */
import { describe, expect, it } from 'vitest';
import { LEX_AHEAD_CHARS } from '../../../src/sql/parse/parser.js';
import { runQuery } from '../../../src/session/pipeline.js';
import type { StatementOutcome } from '../../../src/wire/result.js';
import { fakeContext } from '../../helpers/fake-context.js';

/**
 * Runs `sql` (one SELECT whose run leaves warning 1292) and notes, counting
 * event-loop turns with a setImmediate ticker, the turn in which the
 * warning appeared (the run) and the turn of the reply.
 */
async function turnsOf(sql: string): Promise<{ sync: boolean; ranAt: number; repliedAt: number; outcome: StatementOutcome | undefined }> {
  return (await turnsOfAll([sql]))[0]!;
}

/** turnsOf() for several sessions at once, each running one of `sqls`. */
async function turnsOfAll(sqls: string[]): Promise<{ sync: boolean; ranAt: number; repliedAt: number; outcome: StatementOutcome | undefined }[]> {
  let turn = 0;
  let ticking = true;
  const watchers: (() => void)[] = [];
  const tick = (): void => {
    for (const w of watchers) w();
    turn++;
    if (ticking) setImmediate(tick);
  };
  setImmediate(tick);
  const all = await Promise.all(sqls.map((sql) => one(sql)));
  ticking = false;
  return all;

  async function one(sql: string): Promise<{ sync: boolean; ranAt: number; repliedAt: number; outcome: StatementOutcome | undefined }> {
    const ctx = fakeContext();
    let ranAt = -1;
    let repliedAt = -1;
    let outcome: StatementOutcome | undefined;
    const ran = (): boolean => ctx.session.diagnostics.some((d) => d.code === 1292);
    watchers.push(() => {
      if (ranAt < 0 && ran()) ranAt = turn;
    });
    const run = runQuery(sql, ctx, false, true, (o) => {
      if (ranAt < 0 && ran()) ranAt = turn;
      repliedAt = turn;
      outcome = o;
    });
    const sync = !(run instanceof Promise);
    await run;
    return { sync, ranAt, repliedAt, outcome };
  }
}

describe('event-loop turns of one statement', () => {
  it("a short statement is parsed, run and answered in the caller's turn", async () => {
    const r = await turnsOf("SELECT CAST('x' AS SIGNED) AS n");
    expect(r).toMatchObject({ sync: true, ranAt: 0, repliedAt: 0 });
  });

  it('a statement longer than LEX_AHEAD_CHARS is run in a turn after its parse, and answered in a turn after its run', async () => {
    const r = await turnsOf(`SELECT CAST('${'y'.repeat(LEX_AHEAD_CHARS)}' AS SIGNED) AS n`);
    expect(r.sync).toBe(false);
    expect(r.ranAt).toBeGreaterThan(0);
    expect(r.repliedAt).toBeGreaterThan(r.ranAt);
    const o = r.outcome && 'result' in r.outcome ? r.outcome : null;
    expect(o?.result.kind === 'rows' ? o.result.rows : null).toEqual([[0]]);
    expect(o?.warnings).toBe(1);
  });

  it("two sessions' long statements take their phases in turns of their own: no two runs or replies share a turn", async () => {
    const long = (k: number) => `SELECT CAST('${'y'.repeat(LEX_AHEAD_CHARS + k)}' AS SIGNED) AS n`;
    const [a, b] = await turnsOfAll([long(1), long(2)]);
    const turns = [a!.ranAt, a!.repliedAt, b!.ranAt, b!.repliedAt];
    expect(turns.every((t) => t > 0)).toBe(true);
    expect(new Set(turns).size).toBe(4);
  });
});
