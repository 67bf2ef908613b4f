/**
 * The relational executor (sql/exec/query.ts): joins, unions, subqueries,
 * derived tables, grouping, with MySQL's NULL and collation rules, over
 * small tables registered in the catalog. Expected values follow MySQL's
 * documented semantics (Reference Manual 15.2.13 SELECT, 15.2.15 Subqueries,
 * 15.2.18 UNION) and were cross-checked on MariaDB 10.11 where noted.
 */
import { describe, expect, it } from 'vitest';
import type { TableRegistry } from '../../../src/sql/catalog/registry.js';
import { Charset, ColumnFlag, ColumnType, type ColumnDef, type SqlValue } from '../../../src/wire/result.js';
import { failure, fakeContext, rows } from '../../helpers/fake-context.js';

const str = (name: string, flags = 0): ColumnDef => ({ name, type: ColumnType.VAR_STRING, charset: Charset.UTF8MB4_0900_AI_CI, length: 64, flags });
const int = (name: string, flags = 0): ColumnDef => ({ name, type: ColumnType.LONG, charset: Charset.BINARY, length: 11, flags });

/** users(id, name, dept) and depts(dept, title), with a NULL dept and an unmatched dept. */
function world() {
  const ctx = fakeContext({ database: 'appdb' });
  const catalog = ctx.server.catalog as TableRegistry;
  const table = (name: string, columns: ColumnDef[], data: SqlValue[][]) =>
    catalog.register({ schema: 'appdb', name, columns, rows: () => data });
  table('users', [int('id', ColumnFlag.NOT_NULL), str('name'), str('dept')], [
    [1, 'ann', 'ops'],
    [2, 'bob', 'dev'],
    [3, 'cid', null],
    [4, 'Dee', 'dev'],
  ]);
  table('depts', [str('dept', ColumnFlag.NOT_NULL), str('title')], [
    ['dev', 'Development'],
    ['ops', 'Operations'],
    ['hr', 'People'],
  ]);
  table('nums', [int('n')], [[1], [2], [null]]);
  return ctx;
}

const q = async (ctx: ReturnType<typeof fakeContext>, sql: string) => (await rows(ctx, sql)).rows;

describe('joins', () => {
  it('inner join with ON, and the comma form with WHERE, give the same rows', async () => {
    const ctx = world();
    const on = await q(ctx, 'SELECT u.name, d.title FROM users u JOIN depts d ON d.dept = u.dept ORDER BY u.id');
    expect(on).toEqual([['ann', 'Operations'], ['bob', 'Development'], ['Dee', 'Development']]);
    expect(await q(ctx, 'SELECT u.name, d.title FROM users u, depts d WHERE d.dept = u.dept ORDER BY u.id')).toEqual(on);
  });

  it('LEFT JOIN keeps unmatched left rows with NULLs; RIGHT JOIN the right ones', async () => {
    const ctx = world();
    expect(await q(ctx, 'SELECT u.name, d.title FROM users u LEFT JOIN depts d ON d.dept = u.dept ORDER BY u.id')).toEqual([
      ['ann', 'Operations'],
      ['bob', 'Development'],
      ['cid', null],
      ['Dee', 'Development'],
    ]);
    expect(await q(ctx, 'SELECT d.dept, COUNT(u.id) FROM users u RIGHT JOIN depts d ON d.dept = u.dept GROUP BY d.dept ORDER BY d.dept')).toEqual([
      ['dev', 2],
      ['hr', 0],
      ['ops', 1],
    ]);
  });

  it('USING and NATURAL show the common column once, first, under SELECT *', async () => {
    const ctx = world();
    const using = await rows(ctx, "SELECT * FROM users JOIN depts USING (dept) WHERE name = 'ann'");
    expect(using.columns.map((c) => c.name)).toEqual(['dept', 'id', 'name', 'title']);
    expect(using.rows).toEqual([['ops', 1, 'ann', 'Operations']]);
    expect(await q(ctx, "SELECT dept, title FROM users NATURAL JOIN depts WHERE id = 2")).toEqual([['dev', 'Development']]);
  });

  it('CROSS JOIN multiplies, and a qualified * takes one table', async () => {
    const ctx = world();
    expect(await q(ctx, 'SELECT COUNT(*) FROM users CROSS JOIN depts')).toEqual([[12]]);
    const r = await rows(ctx, 'SELECT d.* FROM users u JOIN depts d ON d.dept = u.dept WHERE u.id = 1');
    expect(r.columns.map((c) => [c.name, c.table, c.orgTable])).toEqual([
      ['dept', 'd', 'depts'],
      ['title', 'd', 'depts'],
    ]);
  });

  it('an unqualified name in two tables is 1052; a repeated alias 1066', async () => {
    const ctx = world();
    expect(await failure(ctx, 'SELECT dept FROM users JOIN depts ON 1')).toMatchObject({ code: 1052, message: "Column 'dept' in field list is ambiguous" });
    expect(await failure(ctx, 'SELECT 1 FROM users u JOIN depts u ON 1')).toMatchObject({ code: 1066, message: "Not unique table/alias: 'u'" });
    expect(await failure(ctx, 'SELECT 1 FROM users u JOIN depts d ON d.nope = 1')).toMatchObject({ code: 1054, message: "Unknown column 'd.nope' in 'on clause'" });
  });
});

describe('UNION', () => {
  it('removes duplicates unless ALL, names columns after the first SELECT, and sorts and limits the whole', async () => {
    const ctx = world();
    expect(await q(ctx, 'SELECT 1 UNION SELECT 2 UNION SELECT 1')).toEqual([[1], [2]]);
    expect(await q(ctx, 'SELECT 1 UNION ALL SELECT 1')).toEqual([[1], [1]]);
    const r = await rows(ctx, "SELECT name AS who FROM users WHERE id < 3 UNION SELECT 'zed' ORDER BY who DESC LIMIT 2");
    expect(r.columns.map((c) => c.name)).toEqual(['who']);
    expect(r.rows).toEqual([['zed'], ['bob']]);
  });

  it('a DISTINCT union overrides the ALL unions to its left', async () => {
    const ctx = world();
    expect(await q(ctx, 'SELECT 1 UNION ALL SELECT 1 UNION SELECT 2 UNION ALL SELECT 2')).toEqual([[1], [2], [2]]);
  });

  it('parenthesised operands keep their own ORDER BY / LIMIT; the outer ones apply to the result', async () => {
    const ctx = world();
    expect(await q(ctx, '(SELECT name FROM users ORDER BY id LIMIT 1) UNION ALL (SELECT title FROM depts ORDER BY title LIMIT 1)')).toEqual([['ann'], ['Development']]);
    // phpMyAdmin's user list: a parenthesised SELECT ordered outside.
    expect(await q(ctx, '(SELECT DISTINCT dept FROM users) ORDER BY dept DESC')).toEqual([['ops'], ['dev'], [null]]);
  });

  it('different column counts are 1222; ORDER BY on a bare SELECT before UNION is 1221', async () => {
    const ctx = world();
    expect((await failure(ctx, 'SELECT 1, 2 UNION SELECT 3')).code).toBe(1222);
    expect(await failure(ctx, 'SELECT 1 ORDER BY 1 UNION SELECT 2')).toMatchObject({ code: 1221, message: 'Incorrect usage of UNION and ORDER BY' });
  });

  it('the result type is the union of the operand types', async () => {
    const ctx = world();
    const r = await rows(ctx, "SELECT 1 UNION SELECT 'abc'");
    expect(r.columns[0]!.type).toBe(ColumnType.VAR_STRING);
    expect(r.rows).toEqual([['1'], ['abc']]);
  });
});

describe('subqueries', () => {
  it('scalar: NULL when empty, 1242 with two rows, 1241 with two columns', async () => {
    const ctx = world();
    expect(await q(ctx, "SELECT (SELECT name FROM users WHERE id = 2), (SELECT name FROM users WHERE id = 9)")).toEqual([['bob', null]]);
    expect((await failure(ctx, 'SELECT (SELECT name FROM users)')).code).toBe(1242);
    expect((await failure(ctx, 'SELECT (SELECT id, name FROM users WHERE id = 1)')).code).toBe(1241);
  });

  it("MySQL's own tests read mysql.user through a scalar subquery", async () => {
    const ctx = world();
    (ctx.server.catalog as TableRegistry).register({
      schema: 'mysql',
      name: 'user_copy',
      columns: [str('user'), str('host'), str('password_expired')],
      rows: () => [['u', 'localhost', 'N']],
    });
    expect(await q(ctx, "SELECT (SELECT password_expired FROM mysql.user_copy WHERE user='u' AND host='localhost') = 'N'")).toEqual([[1]]);
  });

  it('IN and NOT IN follow the NULL rules', async () => {
    const ctx = world();
    expect(await q(ctx, 'SELECT 1 IN (SELECT n FROM nums), 3 IN (SELECT n FROM nums), 3 NOT IN (SELECT n FROM nums), NULL IN (SELECT n FROM nums WHERE 0)')).toEqual([[1, null, null, 0]]);
    expect(await q(ctx, 'SELECT name FROM users WHERE dept IN (SELECT dept FROM depts WHERE title LIKE "D%") ORDER BY id')).toEqual([['bob'], ['Dee']]);
  });

  it('EXISTS and correlated subqueries see the outer row', async () => {
    const ctx = world();
    expect(await q(ctx, 'SELECT d.dept FROM depts d WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.dept = d.dept)')).toEqual([['hr']]);
    expect(await q(ctx, 'SELECT d.dept, (SELECT COUNT(*) FROM users u WHERE u.dept = d.dept) AS n FROM depts d ORDER BY n DESC, dept')).toEqual([
      ['dev', 2],
      ['ops', 1],
      ['hr', 0],
    ]);
  });

  it('ANY and ALL, including the empty set', async () => {
    const ctx = world();
    expect(await q(ctx, 'SELECT 2 > ANY (SELECT n FROM nums), 2 > ALL (SELECT n FROM nums), 3 > ALL (SELECT n FROM nums WHERE n IS NOT NULL), 1 = ALL (SELECT n FROM nums WHERE 0)')).toEqual([[1, 0, 1, 1]]);
  });

  it('derived tables need an alias (1248) and name their columns after the inner SELECT', async () => {
    const ctx = world();
    expect(await q(ctx, 'SELECT COUNT(*) FROM (SELECT DISTINCT dept FROM users WHERE TRUE) t')).toEqual([[3]]);
    expect(await q(ctx, 'SELECT t.d FROM (SELECT dept AS d FROM users WHERE id = 1) AS t')).toEqual([['ops']]);
    expect(await q(ctx, 'SELECT x FROM (SELECT id, name FROM users WHERE id = 2) AS t (x, y)')).toEqual([[2]]);
    expect((await failure(ctx, 'SELECT * FROM (SELECT 1)')).code).toBe(1248);
  });

  it('SET and other statements may use subqueries too', async () => {
    const ctx = world();
    const [set] = await ctx.run('SET @who = (SELECT name FROM users WHERE id = 4)');
    expect(set).toMatchObject({ result: { kind: 'ok' } });
    expect(await q(ctx, 'SELECT @who')).toEqual([['Dee']]);
  });
});

describe('FOR UPDATE and locking reads', () => {
  it('are accepted and lock nothing', async () => {
    const ctx = world();
    expect(await q(ctx, 'SELECT id FROM users WHERE id = 1 FOR UPDATE')).toEqual([[1]]);
    expect(await q(ctx, 'SELECT id FROM users WHERE id = 1 LOCK IN SHARE MODE')).toEqual([[1]]);
    expect(await q(ctx, 'SELECT id FROM users WHERE id = 1 FOR SHARE NOWAIT')).toEqual([[1]]);
  });
});
