import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MySqlError } from '../../../src/errors/mysql-error.js';
import { MAX_STATEMENT_TOKENS, tokenize, TokenStream, versionNumberOf, type Token } from '../../../src/sql/parse/tokenizer.js';

const MYSQL84 = { serverVersion: 80407, mariaDb: false };
const kinds = (sql: string, opts = MYSQL84): string[] => tokenize(sql, opts).map((t) => `${t.kind}:${t.value}`);

describe('tokenize', () => {
  it('splits words, numbers, strings and operators with offsets', () => {
    const tokens = tokenize("SELECT a1, 'x' FROM t WHERE b >= 1.5e3", MYSQL84);
    expect(tokens.map((t) => t.kind)).toEqual(['word', 'word', 'op', 'string', 'word', 'word', 'word', 'word', 'op', 'number', 'eof']);
    const str = tokens[3]!;
    expect([str.start, str.end]).toEqual([11, 14]);
    expect(tokens[0]!.upper).toBe('SELECT');
  });

  it('unescapes strings the way MySQL does', () => {
    const [t] = tokenize(String.raw`'a\nb\'c''d\%\_\q\\'`, MYSQL84);
    expect(t!.value).toBe("a\nb'c'd\\%\\_q\\");
    expect(tokenize('"say ""hi"""', MYSQL84)[0]!.value).toBe('say "hi"');
  });

  it('reads backtick identifiers with doubled backticks', () => {
    expect(kinds('`my``col`')).toEqual(['quoted:my`col', 'eof:']);
  });

  it('reads hex, bit and national literals', () => {
    expect(kinds("X'4142' 0x4142 b'101' 0b11 N'n'")).toEqual(['hex:4142', 'hex:4142', 'bits:101', 'bits:11', 'string:n', 'eof:']);
    expect(tokenize("N'n'", MYSQL84)[0]!.national).toBe(true);
  });

  it('skips comments, keeping `--` without a space as two minus signs', () => {
    expect(kinds('SELECT 1 -- c\n# other\n/* block */ + 2')).toEqual(['word:SELECT', 'number:1', 'op:+', 'number:2', 'eof:']);
    expect(kinds('SELECT 1--2')).toEqual(['word:SELECT', 'number:1', 'op:-', 'op:-', 'number:2', 'eof:']);
  });

  it('runs executable comments, gated by version', () => {
    expect(kinds('SELECT /*! 1 */')).toEqual(['word:SELECT', 'number:1', 'eof:']);
    expect(kinds('SELECT 1 /*!80000 + 1 */')).toEqual(['word:SELECT', 'number:1', 'op:+', 'number:1', 'eof:']);
    expect(kinds('SELECT 1 /*!90000 + 1 */')).toEqual(['word:SELECT', 'number:1', 'eof:']);
    expect(kinds('SELECT 1 /*M!100100 + 1 */')).toEqual(['word:SELECT', 'number:1', 'eof:']);
    expect(kinds('SELECT 1 /*M!100100 + 1 */', { serverVersion: 101114, mariaDb: true })).toEqual([
      'word:SELECT', 'number:1', 'op:+', 'number:1', 'eof:',
    ]);
  });

  it('reads variables and user@host', () => {
    expect(kinds('@@GLOBAL.max_allowed_packet @x @`y z`')).toEqual(['sysVar:GLOBAL.max_allowed_packet', 'userVar:x', 'userVar:y z', 'eof:']);
    expect(kinds("'u'@'h'")).toEqual(['string:u', 'op:@', 'string:h', 'eof:']);
    expect(kinds('u@localhost')).toEqual(['word:u', 'op:@', 'word:localhost', 'eof:']);
  });

  it('reads multi-character operators', () => {
    expect(kinds("a <=> b ->> '$.x' != c := 1")).toEqual([
      'word:a', 'op:<=>', 'word:b', 'op:->>', 'string:$.x', 'op:!=', 'word:c', 'op::=', 'number:1', 'eof:',
    ]);
  });

  it('counts lines for tokens', () => {
    const tokens = tokenize("SELECT\n'a\nb'\n  x", MYSQL84);
    expect(tokens.map((t) => t.line)).toEqual([1, 2, 4, 4]);
  });

  it('reports unterminated strings and comments as 1064 at their start', () => {
    const err = (() => {
      try {
        tokenize("SELECT 'abc", MYSQL84);
      } catch (e) {
        return e as MySqlError;
      }
    })();
    expect(err?.code).toBe(1064);
    expect(err?.message).toMatch(/near ''abc' at line 1$/);
    expect(() => tokenize('SELECT /* open', MYSQL84)).toThrow(/near '\/\* open' at line 1/);
  });

  it('turns versions into comment numbers', () => {
    expect(versionNumberOf('8.4.7')).toBe(80407);
    expect(versionNumberOf('10.11.14-MariaDB')).toBe(101114);
  });

  it('never throws anything but a MySqlError, and tokens cover increasing ranges', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (sql) => {
        let tokens: Token[];
        try {
          tokens = tokenize(sql, MYSQL84);
        } catch (e) {
          expect(e).toBeInstanceOf(MySqlError);
          expect((e as MySqlError).code).toBe(1064);
          return;
        }
        let previousEnd = 0;
        for (const t of tokens) {
          expect(t.start).toBeGreaterThanOrEqual(previousEnd);
          expect(t.end).toBeGreaterThanOrEqual(t.start);
          expect(t.end).toBeLessThanOrEqual(sql.length);
          previousEnd = t.end;
        }
        expect(tokens[tokens.length - 1]!.kind).toBe('eof');
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips any string literal through quoting', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 50 }), (s) => {
        const quoted = "'" + s.replace(/\\/g, '\\\\').replace(/'/g, "''") + "'";
        const [t] = tokenize(quoted, MYSQL84);
        expect(t!.kind).toBe('string');
        expect(t!.value).toBe(s);
      }),
    );
  });
});

describe('long string literals', () => {
  it('escapes, doubled quotes and newlines, at any length', () => {
    const body = "a\\'b''c\\nd\n\\%".repeat(20_000);
    const tokens = tokenize(`SELECT '${body}', 1`, MYSQL84);
    const str = tokens.find((t) => t.kind === 'string')!;
    expect(str.value).toBe("a'b'c\nd\n\\%".repeat(20_000));
    // The line count after the literal includes its 20,000 raw newlines.
    expect(tokens.find((t) => t.kind === 'number')!.line).toBe(20_001);
  });
});

describe('line numbers over long texts', () => {
  it('count every newline in blanks, comments and strings, in one pass', () => {
    const sql = 'SELECT\n1,' + ' x,'.repeat(200_000) + "\n'a\nb' /* c\n */ , `q\n`,\n\n2";
    const tokens = tokenize(sql, MYSQL84);
    expect(tokens.find((t) => t.kind === 'string')!.line).toBe(3);
    expect(tokens.find((t) => t.kind === 'quoted')!.line).toBe(5);
    expect(tokens.filter((t) => t.kind === 'number').map((t) => t.line)).toEqual([2, 8]);
  });
});

describe('TokenStream: lexing as the parser reads', () => {
  it('lexes only as far as it is asked (a statement refused early costs its first tokens)', () => {
    const stream = new TokenStream('SELECT ' + '('.repeat(300_000) + '1', MYSQL84);
    expect(stream.at(401)).toMatchObject({ kind: 'op', value: '(' });
    expect(stream.lexed().length).toBeLessThan(10_000);
    // Past the end: the end-of-input token, at every index.
    const short = new TokenStream('SELECT 1', MYSQL84);
    expect(short.at(5)).toMatchObject({ kind: 'eof', start: 8 });
    expect(short.at(2)).toBe(short.at(9));
  });

  it('throws a lexical error only when the parser reaches it', () => {
    const stream = new TokenStream("SELECT 1; SELECT 'x", MYSQL84);
    expect(stream.at(2)).toMatchObject({ kind: 'op', value: ';' });
    expect(stream.at(3)).toMatchObject({ kind: 'word', upper: 'SELECT' });
    expect(() => stream.at(4)).toThrow(/near ''x' at line 1/);
    expect(() => stream.at(4)).toThrow(/near ''x' at line 1/);
    expect(stream.at(1)).toMatchObject({ kind: 'number', value: '1' });
  });

  it('gives the tokens tokenize() gives, in any order of asking', () => {
    const sql = "SELECT a.b, 'x\\'y' /* c\n */ FROM t -- d\nWHERE @v := @@global.x + ? <=> 0x1F;\nSELECT `q`";
    const all = tokenize(sql, MYSQL84);
    const stream = new TokenStream(sql, MYSQL84);
    for (const k of [7, 0, all.length + 3, 3]) expect(stream.at(k)).toEqual(all[Math.min(k, all.length - 1)]);
    expect(stream.slice(2, 5)).toEqual(all.slice(2, 5));
    expect(stream.indexOf(stream.at(6))).toBe(6);
  });

  it('keeps tokens in columns, not objects: a token read again far behind the parser is the same token, and indexOf() finds it', () => {
    const sql = `SELECT N'n', "d", ${'1, '.repeat(500)}\`q\`, @v, @@x, X'41', b'1'`;
    const all = tokenize(sql, MYSQL84);
    const stream = new TokenStream(sql, MYSQL84);
    const first = stream.at(1);
    expect(first).toEqual({ kind: 'string', value: 'n', upper: '', start: 7, end: 11, line: 1, national: true });
    expect(stream.at(3)).toMatchObject({ kind: 'string', value: 'd', doubleQuoted: true });
    // Read everything (the stream keeps a few dozen token objects), then go back: equal tokens, and indexOf() by position.
    for (let k = 0; k < all.length; k++) expect(stream.at(k)).toEqual(all[k]);
    expect(stream.at(1)).toEqual(first);
    expect(stream.indexOf(first)).toBe(1);
    expect(stream.indexOf({ ...first, end: first.end + 1 })).toBe(-1);
    expect(all.slice(-10, -1).map((t) => `${t.kind}:${t.value}`)).toEqual(['quoted:q', 'op:,', 'userVar:v', 'op:,', 'sysVar:x', 'op:,', 'hex:41', 'op:,', 'bits:1']);
  });

  it('finds a backslash that only a late string literal has (the lookahead is shared, not repeated)', () => {
    const sql = `SELECT ${"'ab',".repeat(50_000)}'c\\nd', 'e'`;
    const strings = tokenize(sql, MYSQL84).filter((t) => t.kind === 'string');
    expect(strings).toHaveLength(50_002);
    expect(strings[49_999]!.value).toBe('ab');
    expect(strings[50_000]!.value).toBe('c\nd');
    expect(strings[50_001]!.value).toBe('e');
  });
});

describe('MAX_STATEMENT_TOKENS: a statement too large for the heap', () => {
  it('is a quarter of the JavaScript heap at about 256 bytes a token, and at least a million', () => {
    expect(MAX_STATEMENT_TOKENS).toBeGreaterThanOrEqual(1_000_000);
  });

  it('gets ERROR 1041 where its tokens pass the bound; the statements before it were released and do not count', () => {
    const opts = { ...MYSQL84, maxTokens: 10 };
    const over = new TokenStream('SELECT 1, 2, 3, 4, 5, 6, 7', opts);
    expect(over.at(9)).toMatchObject({ kind: 'number', value: '5' });
    expect(() => over.at(10)).toThrow(expect.objectContaining({ code: 1041, sqlState: 'HY000' }));

    // Three statements of 4 tokens each: releasing each before the next keeps every one under the bound.
    const multi = new TokenStream('SELECT 1, 2; SELECT 3, 4; SELECT 5, 6', opts);
    for (const start of [0, 5, 10]) {
      multi.release(start);
      expect(multi.at(start)).toMatchObject({ kind: 'word', upper: 'SELECT' });
      expect(multi.at(start + 2)).toMatchObject({ kind: 'op', value: ',' });
    }
    expect(multi.at(14)).toMatchObject({ kind: 'eof' });
    expect(() => multi.at(2)).toThrow(/released/);
  });
});
