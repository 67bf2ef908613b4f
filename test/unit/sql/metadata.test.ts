import { describe, expect, it } from 'vitest';
import { Charset, ColumnFlag, ColumnType } from '../../../src/wire/result.js';
import { fakeContext, rows } from '../../helpers/fake-context.js';

const { NOT_NULL, BINARY } = ColumnFlag;

describe('result column metadata (MySQL 8.4)', () => {
  const ctx = fakeContext();
  it.each([
    // MySQL 8 counts a sign in an integer literal's width (mysql-test/r/metadata.result: `select 1` is 8/2; 5.7 said 1).
    ['SELECT 1', { name: '1', type: ColumnType.LONGLONG, length: 2, flags: NOT_NULL | BINARY, charset: Charset.BINARY, decimals: 0 }],
    ['SELECT -12', { name: '-12', type: ColumnType.LONGLONG, length: 3 }],
    ["SELECT 'héllo'", { name: 'héllo', type: ColumnType.VAR_STRING, length: 20, flags: NOT_NULL, charset: Charset.UTF8MB4_0900_AI_CI }],
    ['SELECT NULL', { name: 'NULL', type: ColumnType.NULL, length: 0, flags: BINARY, charset: Charset.BINARY }],
    ['SELECT 1.50', { name: '1.50', type: ColumnType.NEWDECIMAL, length: 5, decimals: 2, flags: NOT_NULL | BINARY }],
    ['SELECT NOW()', { name: 'NOW()', type: ColumnType.DATETIME, length: 19, charset: Charset.BINARY, flags: NOT_NULL | BINARY }],
    ['SELECT CURDATE()', { type: ColumnType.DATE, length: 10 }],
    // Converted to character_set_results (utf8mb4, the server's): 255, as a utf8mb4 client sees it.
    ['SELECT @@version', { name: '@@version', type: ColumnType.VAR_STRING, charset: Charset.UTF8MB4_0900_AI_CI, flags: 0 }],
    ['SELECT @@max_allowed_packet', { type: ColumnType.LONGLONG }],
    ['SELECT 1 = 1', { name: '1 = 1', type: ColumnType.LONGLONG, length: 1 }],
    ['SELECT COUNT(*)', { name: 'COUNT(*)', type: ColumnType.LONGLONG, length: 21, flags: NOT_NULL | BINARY }],
    // A variable never set: a binary string of MAX_BLOB_WIDTH; an expression's flags carry no BLOB (ps_2myisam.result's @arg05: 128).
    ['SELECT @unset', { type: ColumnType.LONG_BLOB, charset: Charset.BINARY, length: 16777216, flags: BINARY }],
    ["SELECT JSON_EXTRACT('[1]', '$[0]')", { type: ColumnType.JSON }],
    ['SELECT 1 AS `my col`', { name: 'my col' }],
    ['select  1 +  1 ', { name: '1 +  1' }],
    ["SELECT 'a' 'b' AS x", { name: 'x' }],
  ])('%s', async (sql, expected) => {
    const r = await rows(ctx, sql);
    expect(r.columns[0]).toMatchObject(expected);
  });

  it.each(['mysql-8.4', 'mysql-5.7', 'mariadb-10.11'] as const)('%s: literals of one shape share a type, literals of other shapes keep theirs', async (profile) => {
    // EvalEnv types literals by kind, width, sign and introducer (one type object per shape); each column must still be its own.
    const c = fakeContext({ profile });
    // Without conversion to character_set_results, a literal's own character set shows.
    await c.run('SET character_set_results = NULL');
    // Integers at each width's edges (9/10, 99/100, -9/-10, 2^53 - 1 and past it), widths counted without making their text.
    const sql =
      "SELECT 1, 22, -3, 1, 18446744073709551615, 'a', 'bb', 'a', _latin1'a', X'41', X'4142', b'1', NULL, TRUE, 22, 1.5, 1e3, 'é', " +
      "0, 9, 10, 99, 100, -9, -10, -99, 9007199254740991, 9007199254740993, -9007199254740993, 9223372036854775807, 9223372036854775808, '𝄞', '𝄞𝄞'";
    const shared = (await rows(c, sql)).columns.map((col) => [col.type, col.length, col.charset, col.flags, col.decimals]);
    const alone: unknown[] = [];
    for (const item of sql.slice('SELECT '.length).split(', ')) {
      const col = (await rows(c, `SELECT ${item}`)).columns[0]!;
      alone.push([col.type, col.length, col.charset, col.flags, col.decimals]);
    }
    expect(shared).toEqual(alone);
    expect(shared[0]).not.toEqual(shared[1]);
    expect(shared[5]).not.toEqual(shared[6]);
    if (profile === 'mysql-8.4') expect(shared[5]).not.toEqual(shared[8]);
  });

  it('uses the connection collation for literals after SET NAMES', async () => {
    const c = fakeContext();
    await c.run('SET NAMES latin1');
    expect((await rows(c, "SELECT 'x'")).columns[0]).toMatchObject({ charset: 8, length: 1 });
  });

  it("a literal's type is each session's own: two sessions of one server with different connection collations, interleaved", async () => {
    // Literal types of small keys are shared by every statement of a profile (EvalEnv.profileLiteralType()), a string's by collation.
    const a = fakeContext();
    const b = fakeContext();
    await a.run('SET character_set_results = NULL');
    await b.run('SET character_set_results = NULL');
    await b.run('SET NAMES latin1');
    await b.run('SET character_set_results = NULL');
    for (let i = 0; i < 2; i++) {
      expect((await rows(a, "SELECT 'x'")).columns[0], 'default session').toMatchObject({ charset: Charset.UTF8MB4_0900_AI_CI, length: 4 });
      expect((await rows(b, "SELECT 'x'")).columns[0], 'SET NAMES latin1').toMatchObject({ charset: 8, length: 1 });
    }
  });

  it('MariaDB literals use utf8mb4_general_ci', async () => {
    const c = fakeContext({ profile: 'mariadb-10.11' });
    expect((await rows(c, "SELECT 'x'")).columns[0]).toMatchObject({ charset: Charset.UTF8MB4_GENERAL_CI });
  });

  it('values come back in the text forms the protocol sends', async () => {
    const r = await rows(ctx, "SELECT 1, 'a', NULL, 2.50, 1/3, NOW(), 18446744073709551615");
    expect(r.rows[0]).toEqual([1, 'a', null, '2.50', '0.3333', '2026-01-15 10:00:00', 18446744073709551615n]);
  });
});
