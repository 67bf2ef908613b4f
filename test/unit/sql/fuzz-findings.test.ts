/**
 * Inputs the wire fuzz (test/fuzz) found answered with 1815 (a JavaScript
 * exception); each now gets MySQL's answer. MySQL 8.4: Item_float rejects a
 * double literal out of range with 1367; Item_func_bit takes its operands
 * as ulonglong (val_uint(): truncated, saturated); a statement cut short is
 * a 1064 at its end.
 */
import { describe, expect, it } from 'vitest';
import { errorOf, login, rows, testServer } from '../../helpers/account-context.js';

const root = () => login(testServer('mysql-8.4'), 'root', 'localhost');

describe('what the fuzz found', () => {
  it("SELECT 1e400 is 1367 Illegal double '1e400' value found during parsing", async () => {
    expect(await errorOf(root(), 'SELECT 1e400')).toEqual({ code: 1367, message: "Illegal double '1e400' value found during parsing" });
  });

  it('bit operations on doubles beyond 64 bits saturate', async () => {
    // A real MariaDB 10.11: 18446744073709551615  0  0.
    expect((await rows(root(), 'SELECT 1e30 | 1, ~1e30, -1e30 & 0'))[0]!.map(String)).toEqual(['18446744073709551615', '0', '0']);
  });

  it('a DECIMAL literal with more than 100 fractional digits', async () => {
    const [[v]] = (await rows(root(), `SELECT 0.${'0'.repeat(100)}1`)) as [[string]];
    expect(v).toMatch(/^0\.0+$/);
  });

  it('an aggregate is read by its grammar (sql_yacc.yy sum_expr): no argument, a second one, or a DISTINCT it does not take is 1064 there', async () => {
    // Found: SELECT MIN(), 0 FROM mysql.user was 1815 (reading 'enumValues' of no type), SELECT MIN() 1111, SELECT COUNT() 1.
    // A real MariaDB 10.11.19 answers each with 1064 at the same token (MariaDB quotes the text after a ',', MySQL from it).
    const cases: [string, string][] = [
      ['SELECT MIN(), 0 FROM mysql.user', "near '), 0 FROM mysql.user' at line 1"],
      ['SELECT COUNT()', "near ')' at line 1"],
      ['SELECT SUM(1,2)', "near ',2)' at line 1"],
      ['SELECT AVG(DISTINCT 1, 2)', "near ', 2)' at line 1"],
      ['SELECT COUNT(DISTINCT)', "near ')' at line 1"],
      ['SELECT BIT_AND(DISTINCT 1)', "near 'DISTINCT 1)' at line 1"],
      ['SELECT STD()', "near ')' at line 1"],
      ['SELECT JSON_OBJECTAGG(1)', "near ')' at line 1"],
      ['SELECT JSON_OBJECTAGG(1,2,3)', "near ',3)' at line 1"],
    ];
    for (const [sql, near] of cases) {
      const err = await errorOf(root(), sql);
      expect(err.code, sql).toBe(1064);
      expect(err.message, sql).toMatch(new RegExp(`${near.replace(/[()*+?.[\]\\^$|]/g, '\\$&')}$`));
    }
    // What the grammar takes still runs: COUNT(DISTINCT list), ALL, COUNT(*), COUNT(ALL *).
    expect((await rows(root(), 'SELECT COUNT(DISTINCT 1, 2), COUNT(ALL 1), MAX(ALL 3), COUNT(*), SUM(DISTINCT 1), COUNT(ALL *)'))[0]!.map(String)).toEqual([
      '1',
      '1',
      '3',
      '1',
      '1',
      '1',
    ]);
    // MySQL 5.6 has no JSON aggregates in its grammar: JSON_ARRAYAGG() is a function call there, not a syntax error.
    const old = login(testServer('mysql-5.6'), 'root', 'localhost');
    expect((await errorOf(old, 'SELECT JSON_ARRAYAGG()')).code).not.toBe(1064);
    expect((await errorOf(login(testServer('mysql-5.7'), 'root', 'localhost'), 'SELECT JSON_ARRAYAGG()')).code).toBe(1064);
  });

  it('statements cut short are 1064 near the end', async () => {
    for (const sql of ['UPDATE mysql.user SET', 'DESCRIBE', 'DELETE FROM']) {
      expect(await errorOf(root(), sql), sql).toMatchObject({ code: 1064, message: expect.stringContaining("near '' at line 1") });
    }
  });
});

describe('error messages are bounded as my_error() bounds them', () => {
  it("an argument is cut at its precision (%-.192s), and no message passes 511 bytes (MYSQL_ERRMSG_SIZE)", async () => {
    const { formatMessage } = await import('../../../src/errors/catalogue.js');
    expect(formatMessage("Unknown database '%-.192s'", ['d'.repeat(300)])).toBe(`Unknown database '${'d'.repeat(192)}'`);
    expect(Buffer.byteLength(formatMessage('%s', ['é'.repeat(1000)]))).toBe(510);
    expect(formatMessage('%s%%%d', ['a', 7])).toBe('a%7');
  });
});

describe('DATE_ADD and friends take their grammar (sql_yacc.yy)', () => {
  it('DATE_ADD() and DATE_ADD(d, 1) are 1064; ADDDATE(d, 1) adds days', async () => {
    const s = root();
    expect(await errorOf(s, 'SELECT 0 WHERE DATE_ADD()')).toMatchObject({ code: 1064, message: expect.stringContaining("near ')' at line 1") });
    expect(await errorOf(s, "SELECT DATE_ADD('2020-01-01', 1)")).toMatchObject({ code: 1064 });
    expect((await rows(s, "SELECT ADDDATE('2020-01-01', 1), DATE_SUB('2020-01-02', INTERVAL 1 DAY)"))[0]!.map(String)).toEqual(['2020-01-02', '2020-01-01']);
  });
});
