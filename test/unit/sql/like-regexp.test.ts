/**
 * LIKE and REGEXP cannot hold the event loop (issue 16, wire fuzz F4).
 * LIKE: the segment matcher (like.ts) equals a plain backtracking matcher
 * (my_wildcmp's semantics) on generated inputs and is linear where
 * backtracking is quadratic. REGEXP: a pattern that may backtrack
 * catastrophically runs in a worker under a time limit; MySQL 8 answers
 * 3699 ER_REGEXP_TIME_OUT past regexp_time_limit, MariaDB warning 1139
 * `Regex error 'match limit exceeded'` and no match (a real MariaDB 10.11
 * gives exactly that for these patterns).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LIKE_WORK_LIMIT, likeMatch } from '../../../src/sql/expr/like.js';
import { MySqlError } from '../../../src/errors/mysql-error.js';
import { regexpExec, runsInline, scanPattern } from '../../../src/sql/expr/regexp-match.js';
import { errorOf, login, rows, testServer } from '../../helpers/account-context.js';

/** my_wildcmp_bin's semantics, by recursion (exponential, small inputs only). */
function reference(t: string[], p: string[], esc: string): boolean {
  const go = (ti: number, pi: number): boolean => {
    if (pi === p.length) return ti === t.length;
    const c = p[pi]!;
    if (c === esc && pi + 1 < p.length) return ti < t.length && t[ti] === p[pi + 1] && go(ti + 1, pi + 2);
    if (c === '%') {
      for (let k = ti; k <= t.length; k++) if (go(k, pi + 1)) return true;
      return false;
    }
    return ti < t.length && (c === '_' || c === t[ti]) && go(ti + 1, pi + 1);
  };
  return go(0, 0);
}

describe('LIKE', () => {
  it('equals the backtracking definition', () => {
    const text = fc.array(fc.constantFrom('a', 'b', '\\', '%', '_', '😀'), { maxLength: 10 });
    const pattern = fc.array(fc.constantFrom('a', 'b', '%', '_', '\\', '😀'), { maxLength: 8 });
    fc.assert(
      fc.property(text, pattern, (t, p) => likeMatch(t.join(''), p.join(''), '\\', true) === reference(t, p, '\\')),
      { numRuns: 5000 },
    );
  });

  it('folds case when the collation does', () => {
    expect(likeMatch('ABC', 'a%c', '\\', false)).toBe(true);
    expect(likeMatch('ABC', 'a%c', '\\', true)).toBe(false);
  });

  it('is linear for the pattern that was quadratic', () => {
    const text = 'a'.repeat(200_000);
    const pattern = '%a'.repeat(50_000) + 'b';
    // Backtracking takes 200,000 x 100,000 steps here (the test's timeout ends it); the segment matcher about 250,000.
    expect(likeMatch(text, pattern, '\\', true)).toBe(false);
  });

  it('finds a segment with _ by its longest literal run: the fresh-user inputs that held the server for seconds to minutes', () => {
    // REPEAT('a', 1000000) LIKE CONCAT('%', REPEAT('_', 500000), 'b%') took 270 s (text x segment); the run 'b' is absent.
    expect(likeMatch('a'.repeat(1_000_000), '%' + '_'.repeat(500_000) + 'b%', '\\', true)).toBe(false);
    expect(likeMatch('a'.repeat(200_000), '%' + 'a_'.repeat(50_000) + 'b%', '\\', true)).toBe(false);
    expect(likeMatch('a'.repeat(20_000), '%' + '_'.repeat(10_000) + '%', '\\', true)).toBe(true);
    expect(likeMatch('xaxbxcxd' + 'q'.repeat(1000) + 'abcd', '%a_c_e%', '\\', true)).toBe(false);
    expect(likeMatch('xaxbxcxd' + 'q'.repeat(1000) + 'abcd', '%a_c_%', '\\', true)).toBe(true);
  });

  it('interrupts a pattern built to be slow with 1317 past LIKE_WORK_LIMIT comparisons, instead of holding the event loop', () => {
    // Every 'aa' is a candidate and each check runs 66,000 literals before it fails at the 'c': text x pattern in MySQL's my_wildcmp() too.
    const slow = () => likeMatch('a'.repeat(200_000), '%' + 'aa_'.repeat(33_000) + 'c%', '\\', true);
    expect(slow).toThrow(MySqlError);
    try {
      slow();
    } catch (err) {
      expect((err as MySqlError).code).toBe(1317);
    }
    expect(LIKE_WORK_LIMIT).toBe(15_000_000);
  });
});

describe('which patterns run on the event loop', () => {
  it.each([
    ['^(a+)+$', true],
    ['(a|aa)*b', true],
    ['(a*)*', true],
    ['(x+x+)+y', true],
    ['(a)\\1', true],
    ['(?=a)a', true],
    ['(?<!b)a', true],
    ['^[a-z_]+$', false],
    ['(ab)+', false],
    ['^(mysql|sys)$', false],
    ['[(a+)+]', false],
  ])('%s risky: %s', (source, risky) => {
    expect(scanPattern(source).risky).toBe(risky);
  });

  it('counts quantifiers against the subject length', () => {
    expect(runsInline('a.*b', 1000)).toBe(true);
    expect(runsInline('a.*b.*c.*d', 1000)).toBe(false);
    expect(runsInline('a.*b.*c.*d', 10)).toBe(true);
  });

  it('a catastrophic pattern times out in the worker; the next match still works', () => {
    // 2^40 steps unbounded: without the limit the test's timeout ends it.
    const out = regexpExec(/^(a+)+$/u, 'a'.repeat(40) + 'b', false, 50);
    expect(out.timedOut).toBe(true);
    expect(regexpExec(/^(a+)+$/u, 'aaa', false, 1_000)).toEqual({ timedOut: false, matches: [{ index: 0, text: 'aaa', groups: ['aaa'] }] });
    expect(regexpExec(/(a)\1/gu, 'xaayaa', true, 1_000).matches.map((m) => m.index)).toEqual([1, 4]);
  });
});

describe('REGEXP past the time limit', () => {
  const slow = "SELECT CONCAT(REPEAT('a', 40), 'b') REGEXP '^(a+)+$'";

  it('MySQL 8.4: 3699 Timeout exceeded in regular expression match.', async () => {
    const s = login(testServer('mysql-8.4'), 'root', 'localhost');
    expect(await errorOf(s, slow)).toEqual({ code: 3699, message: 'Timeout exceeded in regular expression match.' });
    expect(await errorOf(s, "SELECT REGEXP_LIKE(CONCAT(REPEAT('a', 40), 'b'), '^(a|a)+$')")).toMatchObject({ code: 3699 });
    expect(await errorOf(s, "SELECT REGEXP_REPLACE(CONCAT(REPEAT('a', 40), 'b'), '(a+)+$', 'x')")).toMatchObject({ code: 3699 });
    // The session goes on, and a safe pattern over the same text is answered.
    expect(await rows(s, "SELECT CONCAT(REPEAT('a', 40), 'b') REGEXP '^a+b$', REGEXP_INSTR('xaayaa', '(a)\\\\1', 1, 2)")).toEqual([[1, 5]]);
  });

  it("MariaDB 10.11: warning 1139 Regex error 'match limit exceeded' and 0", async () => {
    const s = login(testServer('mariadb-10.11'), 'root', 'localhost');
    expect(await rows(s, slow)).toEqual([[0]]);
    expect(await rows(s, 'SHOW WARNINGS')).toEqual([['Warning', 1139, "Regex error 'match limit exceeded'"]]);
  });
});
