/**
 * node-sql-parser on its own thread (sql/parse/sql-parser-worker.ts): its
 * answers, its end when idle, and the texts classify.ts does not give it.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { astifyOffThread, parserWorkerRunning, WORKER_IDLE_MS } from '../../../src/sql/parse/sql-parser-worker.js';
import { classify, CLASSIFY_MAX_CHARS } from '../../../src/sql/parse/classify.js';
import { parseOne } from '../../../src/sql/parse/parser.js';
import { getProfile } from '../../../src/config/profiles.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('the parser worker', () => {
  it('is not given a text longer than CLASSIFY_MAX_CHARS: 1235 unchecked, even with a syntax error', async () => {
    const text = `INSERT INTO t VALUES ${'(1),'.repeat(CLASSIFY_MAX_CHARS / 4)}(1) (2)`;
    const read = parseOne(text, getProfile('mysql-8.4'));
    expect('unrecognised' in read).toBe(true);
    await expect(classify(read as Parameters<typeof classify>[0], text)).resolves.toEqual({ kind: 'unsupported', name: 'INSERT' });
    expect(parserWorkerRunning()).toBe(false);
    // Within the bound, the same kind of text is checked: 1064.
    const checked = `INSERT INTO t VALUES ${'(1),'.repeat(CLASSIFY_MAX_CHARS / 4 - 10)}(1) (2)`;
    await expect(classify(parseOne(checked, getProfile('mysql-8.4')) as Parameters<typeof classify>[0], checked)).rejects.toMatchObject({ code: 1064 });
  });

  it("answers node-sql-parser's verdict: accepted, or a syntax error at its offset", async () => {
    await expect(astifyOffThread('INSERT INTO t VALUES (1), (2)')).resolves.toEqual({ ok: true });
    const bad = 'INSERT INTO t VALUES (1) (2)';
    await expect(astifyOffThread(bad)).resolves.toEqual({ ok: false, offset: bad.indexOf('(2)') });
  });

  it('ends when idle for WORKER_IDLE_MS, and a later text starts another', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    await astifyOffThread('INSERT INTO t VALUES (1)');
    expect(parserWorkerRunning()).toBe(true);
    vi.advanceTimersByTime(WORKER_IDLE_MS - 1);
    expect(parserWorkerRunning()).toBe(true);
    vi.advanceTimersByTime(1);
    expect(parserWorkerRunning()).toBe(false);
    await expect(astifyOffThread('INSERT INTO t VALUES (1) (2)')).resolves.toMatchObject({ ok: false });
    expect(parserWorkerRunning()).toBe(true);
  });
});
