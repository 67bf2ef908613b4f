/**
 * A long statement's parse, run and reply are event-loop turns of their own
 * (session/pipeline.ts), so other sessions answer between them; a short
 * one runs and answers in the caller's turn.
 */
import { describe, expect, it } from 'vitest';
import { LEX_AHEAD_CHARS } from '../../../src/sql/parse/parser.js';
import { runQuery } from '../../../src/session/pipeline.js';
import { longStatementsWaiting } from '../../../src/session/long-statements.js';
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

  it("long statements pass the gate one at a time, first come first served: the second's run comes after the first's reply", async () => {
    const long = (k: number) => `SELECT CAST('${'y'.repeat(LEX_AHEAD_CHARS + k)}' AS SIGNED) AS n`;
    const [a, b, c] = await turnsOfAll([long(1), long(2), long(3)]);
    expect(b!.ranAt).toBeGreaterThan(a!.repliedAt);
    expect(c!.ranAt).toBeGreaterThan(b!.repliedAt);
    expect(longStatementsWaiting()).toBe(0);
  });

  it('a long statement whose client is not reading leaves the gate: a later one runs and is answered meanwhile', async () => {
    const long = (k: number) => `SELECT CAST('${'y'.repeat(LEX_AHEAD_CHARS + k)}' AS SIGNED) AS n`;
    let drained!: () => void;
    const blocked = runQuery(long(1), fakeContext(), false, true, () => new Promise<void>((r) => (drained = r)));
    const replies: string[] = [];
    const next = runQuery(long(2), fakeContext(), false, true, () => void replies.push('next'));
    // Were the gate still held by the first, the second would wait for a drain that comes only after it.
    await Promise.race([next, new Promise((_, reject) => setTimeout(() => reject(new Error('the gate was not left')), 2000))]);
    expect(replies).toEqual(['next']);
    drained();
    await blocked;
    expect(longStatementsWaiting()).toBe(0);
  });

  it('a long text whose lexing stops at an unterminated string is answered (1064) and leaves the gate', async () => {
    // The text the wire fuzz found: the slices could not go past the string, and the run asked for them forever, holding the gate.
    const text = `SELECT 1;\nSELECT PASSWORD('x') 'unterminated;\t\n SELECT ${'CASE WHEN '.repeat(LEX_AHEAD_CHARS / 10)}`;
    const codes: (number | string)[] = [];
    const done = runQuery(text, fakeContext(), true, true, (o) => void codes.push('error' in o ? o.error.code : 'rows'));
    const next = runQuery(`SELECT CAST('${'y'.repeat(LEX_AHEAD_CHARS)}' AS SIGNED) AS n`, fakeContext(), false, true, () => void codes.push('next'));
    await Promise.race([Promise.all([done, next]), new Promise((_, reject) => setTimeout(() => reject(new Error('the gate was never left')), 2000))]);
    // The text's first statement is answered, then the other session's long statement (it queued first), then the 1064.
    expect(codes).toEqual(['rows', 'next', 1064]);
    expect(longStatementsWaiting()).toBe(0);
  });

  it('a run that ends in an exception (a failing sink) leaves the gate to the next', async () => {
    const long = `SELECT CAST('${'y'.repeat(LEX_AHEAD_CHARS)}' AS SIGNED) AS n`;
    const failing = runQuery(long, fakeContext(), false, true, () => {
      throw new Error('socket gone');
    });
    const next = runQuery(long, fakeContext(), false, true, () => undefined);
    await expect(failing).rejects.toThrow('socket gone');
    await expect(next).resolves.toEqual([]);
    expect(longStatementsWaiting()).toBe(0);
  });
});
