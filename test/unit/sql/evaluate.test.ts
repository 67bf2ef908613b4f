import { describe, expect, it } from 'vitest';
import { Charset, ColumnFlag, ColumnType } from '../../../src/wire/result.js';
import { likeMatch } from '../../../src/sql/expr/like.js';
import type { TableRegistry } from '../../../src/sql/catalog/registry.js';
import { failure, fakeContext, result, rows, scalar } from '../../helpers/fake-context.js';

describe('NULL propagation and logic', () => {
  const ctx = fakeContext();
  it.each([
    ['SELECT 1 + NULL', null],
    ['SELECT NULL = NULL', null],
    ['SELECT NULL <=> NULL', 1],
    ['SELECT CONCAT(\'a\', NULL)', null],
    ['SELECT CONCAT_WS(\',\', \'a\', NULL, \'b\')', 'a,b'],
    ['SELECT NULL AND 0', 0],
    ['SELECT NULL OR 1', 1],
    ['SELECT NULL OR 0', null],
    ['SELECT 1 XOR 1', 0],
    ['SELECT NOT NULL', null],
    ['SELECT NULL IS NULL, 0 IS NOT NULL', 1],
    ['SELECT 2 IN (1, NULL)', null],
    ['SELECT 1 IN (1, NULL)', 1],
    ['SELECT 3 NOT IN (1, 2)', 1],
    ['SELECT IFNULL(NULL, 5)', 5],
    ['SELECT COALESCE(NULL, NULL, 3)', 3],
    ['SELECT NULLIF(2, 2)', null],
    ['SELECT 1 IS TRUE', 1],
  ])('%s', async (sql, expected) => {
    expect(await scalar(ctx, sql)).toBe(expected);
  });
});

describe('comparison rules', () => {
  const ctx = fakeContext();
  it.each([
    ["SELECT 'abc' = 'ABC'", 1],
    ["SELECT BINARY 'abc' = 'ABC'", 0],
    ["SELECT '10' = 10", 1],
    ["SELECT '10abc' = 10", 1],
    ["SELECT 'abc' = 0", 1],
    ["SELECT '2' > '10'", 1],
    ['SELECT 2 > 10', 0],
    ["SELECT 5 BETWEEN '1' AND '9'", 1],
    ["SELECT CASE 'B' WHEN 'a' THEN 1 WHEN 'b' THEN 2 ELSE 3 END", 2],
    ['SELECT CASE WHEN 0 THEN 1 END', null],
    ["SELECT IF('0', 'yes', 'no')", 'no'],
    ["SELECT GREATEST(1, 7, 3), LEAST('b', 'a')", 7],
  ])('%s', async (sql, expected) => {
    expect(await scalar(ctx, sql)).toBe(expected);
  });
});

describe('LIKE and REGEXP', () => {
  it('matches wildcards, escapes and case the MySQL way', () => {
    expect(likeMatch('abc', 'a%', '\\', false)).toBe(true);
    expect(likeMatch('abc', 'a_c', '\\', false)).toBe(true);
    expect(likeMatch('a%c', 'a\\%c', '\\', false)).toBe(true);
    expect(likeMatch('abc', 'a\\%c', '\\', false)).toBe(false);
    expect(likeMatch('a_c', 'a|_c', '|', false)).toBe(true);
    expect(likeMatch('ABC', 'abc', '\\', true)).toBe(false);
    expect(likeMatch('mississippi', '%iss%ppi', '\\', false)).toBe(true);
    expect(likeMatch('', '%', '\\', false)).toBe(true);
  });

  it('runs through SQL, with ESCAPE', async () => {
    const ctx = fakeContext();
    expect(await scalar(ctx, "SELECT 'a_b' LIKE 'a\\_b'")).toBe(1);
    expect(await scalar(ctx, "SELECT 'axb' LIKE 'a\\_b'")).toBe(0);
    expect(await scalar(ctx, "SELECT '50%' LIKE '50!%' ESCAPE '!'")).toBe(1);
    expect(await scalar(ctx, "SELECT 'Hello' NOT LIKE 'h%'")).toBe(0);
    expect(await scalar(ctx, "SELECT 'abc123' REGEXP '^[a-c]+[0-9]+$'")).toBe(1);
  });
});

describe('arithmetic', () => {
  const ctx = fakeContext();
  it.each([
    ['SELECT 7 / 2', '3.5000'],
    ['SELECT 7 DIV 2', 3],
    ['SELECT 7 % 3, 7 MOD 3', 1],
    ['SELECT 1.5 + 1', '2.5'],
    ['SELECT 1.25 * 2', '2.50'],
    ['SELECT -(3)', -3],
    ['SELECT 1 / 0', null],
    ['SELECT 5 & 3 | 8', 9],
    ["SELECT '3' + '4'", 7],
    // ROUND of an exact literal is DECIMAL (sent as text), as MySQL and MariaDB type it.
    ['SELECT ROUND(2.5), ROUND(-2.5)', '3'],
    ['SELECT 1e3', 1000],
  ])('%s', async (sql, expected) => {
    expect(await scalar(ctx, sql)).toBe(expected);
  });

  it('warns on division by zero and on truncated numbers', async () => {
    expect(await scalar(ctx, 'SELECT 1 / 0')).toBeNull();
    const conditions = () => ctx.session.diagnostics.map(({ level, code, message }) => ({ level, code, message }));
    expect(conditions()).toEqual([{ level: 'Warning', code: 1365, message: 'Division by 0' }]);
    await scalar(ctx, "SELECT 'x1' + 1");
    expect(conditions()).toEqual([{ level: 'Warning', code: 1292, message: "Truncated incorrect DOUBLE value: 'x1'" }]);
  });
});

describe('CAST(string AS SIGNED / UNSIGNED)', () => {
  // MySQL: longlong_from_string_with_check() over my_strtoll10() (sql/item.cc); MariaDB: the values, levels and
  // texts of a real MariaDB 10.11 for the same statement.
  const sql =
    "SELECT CAST('x' AS SIGNED), CAST('1e3' AS SIGNED), CAST(' 12abc' AS SIGNED), CAST('12.7' AS SIGNED), CAST('-3.9' AS SIGNED), " +
    "CAST('99999999999999999999' AS SIGNED), CAST('' AS SIGNED), CAST('0x10' AS SIGNED), CAST('1 ' AS SIGNED), " +
    "CAST('-99999999999999999999' AS SIGNED), CAST('18446744073709551615' AS SIGNED), CAST('-1' AS UNSIGNED), CAST('1e3' AS UNSIGNED), " +
    "CAST('12.7' AS UNSIGNED), CAST('-0' AS UNSIGNED), CAST('  +7' AS SIGNED), CAST('9223372036854775808' AS UNSIGNED), CAST('-9223372036854775808' AS SIGNED)";
  const values = [0, 1, 12, 12, -3, -1, 0, 0, 1, -9223372036854775808n, -1, 18446744073709551615n, 1, 12, 0, 7, 9223372036854775808n, -9223372036854775808n];
  const truncated = (v: string, level = 'Warning') => ({ level, code: 1292, message: `Truncated incorrect INTEGER value: '${v}'` });
  const complement = (level: string, its: string) => [
    { level, code: 1105, message: `Cast to signed converted positive out-of-range integer to ${its} negative complement` },
    { level, code: 1105, message: `Cast to unsigned converted negative integer to ${its} positive complement` },
  ];
  const head = ['x', '1e3', ' 12abc', '12.7', '-3.9', '99999999999999999999', '', '0x10'].map((v) => truncated(v));

  it.each([
    ['mysql-8.4', [...head, truncated('-99999999999999999999'), ...complement('Warning', 'its'), truncated('1e3'), truncated('12.7'), complement('Warning', 'its')[1]]],
    ['mysql-5.7', [...head, truncated('-99999999999999999999'), ...complement('Warning', "it's"), truncated('1e3'), truncated('12.7'), complement('Warning', "it's")[1]]],
    ['mariadb-10.11', [...head, truncated('1 ', 'Note'), truncated('-99999999999999999999'), ...complement('Note', "it's"), truncated('1e3'), truncated('12.7'), complement('Note', "it's")[1]]],
  ] as const)('%s: the value read up to the first character that is not a digit, and its conditions', async (profile, conditions) => {
    const ctx = fakeContext({ profile });
    const r = await rows(ctx, sql);
    expect(r.rows[0]).toEqual(values);
    expect(ctx.session.diagnostics.map(({ level, code, message }) => ({ level, code, message }))).toEqual(conditions);
  });
});

describe('INTERVAL(N, N1, N2, ...)', () => {
  // The values of a real MariaDB 10.11 for the same statement; the metadata: Item_func_interval (INT of width 2, never NULL),
  // MySQL's a BIGINT (Item_int_func), MariaDB's an INT, as the real one sends it.
  const sql =
    "SELECT INTERVAL(23, 1, 15, 17, 30, 44, 200), INTERVAL(10, 1, 10, 100, 1000), INTERVAL(22, 23, 30, 44, 200), INTERVAL(NULL, 1, 2), " +
    "INTERVAL(1.5, 1, 2), INTERVAL('3', '10', 2), INTERVAL(5, NULL, 6), INTERVAL(3, 1), INTERVAL(2, 1, 3, 2, 9, 9, 9, 9, 9, 9), " +
    "INTERVAL(2, 1, 3, 2, 9), INTERVAL(8, 6, NULL, 7), INTERVAL(3, 1) + 1, INTERVAL (1) DAY + '2020-01-01', '2020-01-01' + INTERVAL (1 + 1) DAY";
  it.each([
    ['mysql-8.4', 8],
    ['mariadb-10.11', 3],
  ] as const)('%s: a count of the bounds at most N (a binary search past eight bounds, a scan skipping NULL ones otherwise)', async (profile, type) => {
    const r = await rows(fakeContext({ profile }), sql);
    expect(r.rows[0]).toEqual([3, 2, 0, -1, 1, 0, 1, 1, 3, 1, 3, 2, '2020-01-02', '2020-01-03']);
    expect(r.columns[0]).toMatchObject({ type, length: 2, flags: 129, decimals: 0 });
  });

  it('needs two arguments: INTERVAL(1) is the start of an interval expression without its unit, 1064', async () => {
    expect(await failure(fakeContext(), 'SELECT INTERVAL(1)')).toMatchObject({ code: 1064 });
  });
});

describe('strings, dates and JSON', () => {
  const ctx = fakeContext();
  it.each([
    ["SELECT LENGTH('héllo'), CHAR_LENGTH('héllo')", 6],
    ["SELECT CHAR_LENGTH('héllo')", 5],
    ["SELECT UPPER('abc'), LOWER('ABC')", 'ABC'],
    ["SELECT SUBSTRING('abcdef', 2, 3)", 'bcd'],
    ["SELECT SUBSTRING('abcdef' FROM -2)", 'ef'],
    ["SELECT REPLACE('a-b-c', '-', '+')", 'a+b+c'],
    ["SELECT TRIM('  x  '), TRIM(LEADING 'x' FROM 'xxyx')", 'x'],
    ["SELECT TRIM(LEADING 'x' FROM 'xxyx')", 'yx'],
    ["SELECT _utf8mb4'ok' COLLATE utf8mb4_bin", 'ok'],
    ["SELECT X'4142'", Buffer.from('AB')],
    ["SELECT DATEDIFF('2026-03-01', '2026-02-28 23:59:59')", 1],
    ["SELECT DATEDIFF('2026-01-01', '2026-01-31')", -30],
    ["SELECT DATE_ADD('2026-01-31', INTERVAL 1 MONTH)", '2026-02-28'],
    ["SELECT DATE_SUB('2026-03-01 00:00:00', INTERVAL 1 SECOND)", '2026-02-28 23:59:59'],
    ["SELECT '2026-01-01' + INTERVAL 2 DAY", '2026-01-03'],
    ["SELECT TIMESTAMPDIFF(MONTH, '2026-01-31', '2026-02-28')", 0],
    ["SELECT TIMESTAMPDIFF(DAY, '2026-01-01 12:00', '2026-01-03 11:00')", 1],
    ["SELECT DATE_FORMAT('2026-07-04 15:06:07', '%a %b %e %Y %h:%i %p %j')", 'Sat Jul 4 2026 03:06 PM 185'],
    ['SELECT NOW()', '2026-01-15 10:00:00'],
    ['SELECT CURRENT_TIMESTAMP, CURDATE()', '2026-01-15 10:00:00'],
    ['SELECT CURDATE()', '2026-01-15'],
    ['SELECT UNIX_TIMESTAMP()', 1768471200],
    ['SELECT NOW() - INTERVAL 91 DAY', '2025-10-16 10:00:00'],
    ["SELECT JSON_EXTRACT('{\"a\": {\"b\": [1, 2]}}', '$.a.b')", '[1, 2]'],
    ["SELECT JSON_UNQUOTE(JSON_EXTRACT('{\"a\": \"x\"}', '$.a'))", 'x'],
    ["SELECT JSON_EXTRACT('[10, 20]', '$[1]')", '20'],
    ["SELECT CAST('12abc' AS SIGNED)", 12],
    ["SELECT CAST(3.7 AS CHAR)", '3.7'],
    ["SELECT CAST('2026-1-5' AS DATE)", '2026-01-05'],
    ["SELECT CONVERT('x', CHAR(5))", 'x'],
  ])('%s', async (sql, expected) => {
    expect(await scalar(ctx, sql)).toEqual(expected);
  });

  it('NOW() follows the session time zone and is one value per statement', async () => {
    const c = fakeContext();
    await result(c, "SET time_zone = '+05:30'");
    const r = await rows(c, 'SELECT NOW(), SYSDATE(), UTC_TIMESTAMP()');
    expect(r.rows[0]).toEqual(['2026-01-15 15:30:00', '2026-01-15 15:30:00', '2026-01-15 10:00:00']);
    expect((await failure(c, "SET time_zone = 'Europe/Paris'")).message).toBe("Unknown or incorrect time zone: 'Europe/Paris'");
  });

  it('applies ->> to JSON columns', async () => {
    const c = fakeContext();
    (c.server.catalog as TableRegistry).register({
      schema: 'appdb',
      name: 'docs',
      columns: [{ name: 'doc', type: ColumnType.JSON, charset: Charset.BINARY }],
      rows: () => [['{"name": "ann", "n": 2}']],
    });
    const r = await rows(c, "SELECT doc->>'$.name', doc->'$.n' FROM appdb.docs");
    expect(r.rows).toEqual([['ann', '2']]);
  });
});

describe('user functions and errors', () => {
  it('names the current users and database', async () => {
    const ctx = fakeContext({ database: 'appdb' });
    const r = await rows(ctx, 'SELECT USER(), SESSION_USER(), CURRENT_USER(), DATABASE(), SCHEMA(), VERSION(), CONNECTION_ID()');
    expect(r.rows[0]).toEqual(['bob@localhost', 'bob@localhost', 'bob@%', 'appdb', 'appdb', '8.4.7', 7]);
  });

  it('unknown functions are 1046 without a database and 1305 with one', async () => {
    expect((await failure(fakeContext(), 'SELECT nosuch(1)')).code).toBe(1046);
    const err = await failure(fakeContext({ database: 'appdb' }), 'SELECT NoSuch(1)');
    expect([err.code, err.message]).toEqual([1305, 'FUNCTION appdb.NoSuch does not exist']);
  });

  it('checks native function arity', async () => {
    const err = await failure(fakeContext(), 'SELECT CONCAT()');
    expect([err.code, err.message]).toEqual([1582, "Incorrect parameter count in the call to native function 'CONCAT'"]);
  });
});

describe('tables', () => {
  const roles = ['N', 'Y'];
  function withTable() {
    const ctx = fakeContext();
    (ctx.server.catalog as TableRegistry).register({
      schema: 'mysql',
      name: 'people',
      columns: [
        { name: 'User', type: ColumnType.STRING, charset: Charset.UTF8MB3_BIN, length: 96, flags: ColumnFlag.NOT_NULL },
        { name: 'locked', type: ColumnType.STRING, charset: Charset.UTF8MB3_GENERAL_CI, length: 3, flags: ColumnFlag.ENUM, enumValues: roles },
        { name: 'age', type: ColumnType.LONG, charset: Charset.BINARY, length: 11 },
        { name: 'changed', type: ColumnType.TIMESTAMP, charset: Charset.BINARY, length: 19 },
      ],
      rows: () => [
        ['bob', 'Y', 30, '2025-10-01 00:00:00'],
        ['Ann', 'N', 25, '2026-01-10 00:00:00'],
        ['carl', 'Y', null, null],
        ['BOB', 'N', 41, '2026-01-15 00:00:00'],
      ],
    });
    return ctx;
  }

  it('filters case-sensitively on a _bin column and sorts ENUMs by index', async () => {
    const ctx = withTable();
    expect((await rows(ctx, "SELECT User FROM mysql.people WHERE User = 'bob'")).rows).toEqual([['bob']]);
    const sorted = await rows(ctx, 'SELECT User, locked FROM mysql.people ORDER BY locked DESC, User');
    expect(sorted.rows).toEqual([['bob', 'Y'], ['carl', 'Y'], ['Ann', 'N'], ['BOB', 'N']]);
  });

  it('runs the seed report shape: DATEDIFF, CASE, aliases, ORDER BY', async () => {
    const ctx = withTable();
    const r = await rows(
      ctx,
      "SELECT User AS user, DATEDIFF(NOW(), changed) AS age_days, CASE WHEN DATEDIFF(NOW(), changed) > 90 THEN 'EXPIRED' ELSE 'ok' END AS state " +
        'FROM mysql.people WHERE changed IS NOT NULL ORDER BY age_days DESC LIMIT 2',
    );
    expect(r.rows).toEqual([['bob', 106, 'EXPIRED'], ['Ann', 5, 'ok']]);
    expect(r.columns.map((c) => c.name)).toEqual(['user', 'age_days', 'state']);
    expect(r.columns[0]).toMatchObject({ table: 'people', orgTable: 'people', orgName: 'User', schema: 'mysql' });
  });

  it('groups, aggregates, HAVING, DISTINCT and OFFSET', async () => {
    const ctx = withTable();
    const g = await rows(ctx, 'SELECT locked, COUNT(*) n, SUM(age), AVG(age), MIN(User), MAX(age), GROUP_CONCAT(User ORDER BY User SEPARATOR \'|\') FROM mysql.people GROUP BY locked HAVING n > 1 ORDER BY 1');
    expect(g.rows).toEqual([
      ['N', 2, '66', '33.0000', 'Ann', 41, 'Ann|BOB'],
      ['Y', 2, '30', '30.0000', 'bob', 30, 'bob|carl'],
    ]);
    expect((await rows(ctx, 'SELECT COUNT(*), COUNT(age) FROM mysql.people WHERE age > 100')).rows).toEqual([[0, 0]]);
    expect((await rows(ctx, 'SELECT DISTINCT locked FROM mysql.people ORDER BY locked')).rows).toEqual([['N'], ['Y']]);
    expect((await rows(ctx, 'SELECT age FROM mysql.people ORDER BY age LIMIT 1, 2')).rows).toEqual([[25], [30]]);
    expect((await rows(ctx, 'SELECT age FROM mysql.people ORDER BY age DESC LIMIT 2 OFFSET 1')).rows).toEqual([[30], [25]]);
  });

  it('reports unknown tables and columns like MySQL', async () => {
    const ctx = withTable();
    expect((await failure(ctx, 'SELECT * FROM mysql.nope')).message).toBe("Table 'mysql.nope' doesn't exist");
    expect((await failure(ctx, 'SELECT * FROM information_schema.nope')).message).toBe("Unknown table 'nope' in information_schema");
    expect((await failure(ctx, 'SELECT x FROM mysql.people')).message).toBe("Unknown column 'x' in 'field list'");
    expect((await failure(ctx, 'SELECT User FROM mysql.people WHERE p.User = 1')).message).toBe("Unknown column 'p.User' in 'where clause'");
    expect((await failure(ctx, 'SELECT User FROM people')).code).toBe(1046);
    expect((await failure(ctx, 'SELECT COUNT(*) FROM mysql.people WHERE COUNT(*) > 1')).code).toBe(1111);
  });
});
