/**
 * MySQL lexer: SQL text -> tokens with source offsets and line numbers, so
 * syntax errors can quote `near '<rest of the text>' at line N` exactly.
 * Handles `-- `, `#`, `/* *\/` comments, executable comments (`/*! ... *\/`,
 * version-gated `/*!80000 ... *\/`, MariaDB's `/*M! ... *\/`), backslash
 * escapes, doubled quotes, X'..', 0x.., b'..', 0b.., N'..', `?`, @var, @@var.
 * It is a plain char-code loop: it runs on every statement.
 */
import { getHeapStatistics } from 'node:v8';
import { MySqlError, mysqlError } from '../../errors/mysql-error.js';

export type TokenKind =
  | 'word' // bare identifier or keyword
  | 'quoted' // `backtick` identifier
  | 'string' // '...' or "..."
  | 'number' // integer, decimal or float literal text
  | 'hex' // X'..' or 0x..; value is the hex digits
  | 'bits' // b'..' or 0b..; value is the binary digits
  | 'userVar' // @name; value is the name
  | 'sysVar' // @@[scope.]name; value is the text after @@
  | 'param' // ?
  | 'op' // punctuation and operators
  | 'eof';

export interface Token {
  kind: TokenKind;
  /** Identifier, unescaped string contents, digits, or operator text. */
  value: string;
  /** Upper-cased value of a word, for keyword tests ('' otherwise). */
  upper: string;
  /** Offset of the first character in the source text. */
  start: number;
  /** Offset just past the last character. */
  end: number;
  /** 1-based line of the first character. */
  line: number;
  /** For 'string': N'..' (national). */
  national?: boolean;
  /** For 'string': true for "..." (double quotes; an identifier under ANSI_QUOTES). */
  doubleQuoted?: boolean;
}

export interface TokenizeOptions {
  /** Server version as a number like 80407, for `/*!NNNNN` comments. */
  serverVersion: number;
  /** MariaDB also runs `/*M!` comments. */
  mariaDb: boolean;
  /** The most tokens of one statement (default MAX_STATEMENT_TOKENS); past it, 1041. */
  maxTokens?: number;
}

/** Thrown for unterminated strings and comments; `start` is where the bad token begins. */
export function lexError(sql: string, start: number, line: number): MySqlError {
  return mysqlError('ER_PARSE_ERROR', sql.slice(start, start + 80), line);
}

const enum C {
  TAB = 9,
  LF = 10,
  CR = 13,
  SPACE = 32,
  BANG = 33,
  DQUOTE = 34,
  HASH = 35,
  DOLLAR = 36,
  SQUOTE = 39,
  LPAREN = 40,
  RPAREN = 41,
  STAR = 42,
  COMMA = 44,
  DASH = 45,
  DOT = 46,
  SLASH = 47,
  D0 = 48,
  D9 = 57,
  QUESTION = 63,
  AT = 64,
  BACKSLASH = 92,
  BACKTICK = 96,
  UNDERSCORE = 95,
}

function isDigit(c: number): boolean {
  return c >= C.D0 && c <= C.D9;
}

/** Identifier characters: ASCII letters, digits, _ and $, and anything non-ASCII. */
function isIdentChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || isDigit(c) || c === C.UNDERSCORE || c === C.DOLLAR || c >= 128
  );
}

function isSpace(c: number): boolean {
  return c === C.SPACE || c === C.TAB || c === C.LF || c === C.CR || c === 11 || c === 12;
}

/** Runs of one character class, matched natively (sticky): a 64 MiB word or blank costs one scan, not a JS step per character. */
const SPACE_RUN = /[ \t\n\r\v\f]*/y;
const WORD_RUN = /[0-9A-Za-z_$\u0080-\uffff]*/y;
const DIGIT_RUN = /[0-9]*/y;

/**
 * A word's upper-cased form for keyword tests. A word longer than any
 * keyword or identifier (64) is kept as written: upper-casing 64 MiB of it
 * would only cost time.
 */
function upperOf(word: string): string {
  return word.length <= 256 ? word.toUpperCase() : word;
}

/** Where the run of `re` that starts at `i` ends. */
function runEnd(re: RegExp, sql: string, i: number): number {
  re.lastIndex = i;
  re.test(sql);
  return re.lastIndex;
}

const THREE_CHAR_OPS = ['<=>', '->>'];
const TWO_CHAR_OPS = ['<=', '>=', '<>', '!=', '||', '&&', '<<', '>>', ':=', '->'];

const ESCAPES: Record<string, string> = {
  '0': '\0',
  "'": "'",
  '"': '"',
  b: '\b',
  n: '\n',
  r: '\r',
  t: '\t',
  Z: '\x1a',
  '\\': '\\',
  // LIKE wildcards keep their backslash so LIKE can see the escape.
  '%': '\\%',
  _: '\\_',
};

/** Every token of `sql` at once (tests, and texts known to be short); the parser reads a TokenStream. */
export function tokenize(sql: string, opts: TokenizeOptions): Token[] {
  const stream = new TokenStream(sql, opts);
  for (let k = 0; stream.at(k).kind !== 'eof'; k++);
  return stream.lexed();
}

/**
 * The tokens of one SQL text, lexed on demand as the parser asks for them,
 * as MySQL's lexer runs inside its parser: a statement the parser refuses
 * early (nested 400 deep, a syntax error on its third word) costs the
 * tokens read so far, not a megabyte of tokens; a later statement of a
 * multi-statement text is lexed only after the earlier ones have run, so
 * its unterminated string is its own 1064. `at(k)` past the end is the
 * end-of-input token; a lexical error is thrown by the `at()` that reaches it.
 */
export class TokenStream {
  private readonly state: LexState;
  /** Index of state.tokens[0] (the tokens of statements already run are released). */
  private base = 0;

  constructor(
    readonly sql: string,
    opts: TokenizeOptions,
  ) {
    this.state = { sql, opts, tokens: [], i: 0, line: 1, inExecComment: false, done: false, error: null, maxTokens: opts.maxTokens ?? MAX_STATEMENT_TOKENS, ahead: { from: 0, next: -2, backslashFrom: -1, backslash: -1 } };
  }

  /** The token at index `k` (0-based); the end-of-input token from its index on. Throws 1064 for a lexical error before `k`. */
  at(k: number): Token {
    const i = k - this.base;
    const tokens = this.state.tokens;
    if (i < 0) throw new Error(`token ${k} was released`);
    return i < tokens.length ? tokens[i]! : this.fill(k);
  }

  /** Tokens [from, to) (to is clamped to the end-of-input token's index + 1). */
  slice(from: number, to: number): Token[] {
    this.at(to - 1);
    return this.state.tokens.slice(from - this.base, to - this.base);
  }

  /** Index of a token this stream returned (-1 for another, or one released). */
  indexOf(t: Token): number {
    const i = this.state.tokens.indexOf(t);
    return i < 0 ? -1 : i + this.base;
  }

  /**
   * The statement that ends before token `k` has run: its tokens are let go,
   * as MySQL frees a statement's memory before it parses the next one, so
   * MAX_STATEMENT_TOKENS bounds one statement, not a whole multi-statement text.
   */
  release(k: number): void {
    const drop = k - this.base;
    if (drop <= 0) return;
    this.state.tokens.splice(0, Math.min(drop, this.state.tokens.length));
    this.base = k;
  }

  /** The tokens lexed so far. */
  lexed(): Token[] {
    return this.state.tokens;
  }

  private fill(k: number): Token {
    const s = this.state;
    const i = k - this.base;
    if (!s.done && s.error === null) {
      // Read ahead in batches (one call per batch, not per token), growing with the statement, but not
      // past the bound on a statement's tokens unless the parser itself asks for a token beyond it.
      lexAhead(s, Math.max(i + 1, Math.min(i + 1 + Math.min(4096, Math.max(64, s.tokens.length)), s.maxTokens)));
    }
    if (i < s.tokens.length) return s.tokens[i]!;
    if (s.error) throw s.error;
    return s.tokens[s.tokens.length - 1]!;
  }
}

interface LexState {
  readonly sql: string;
  readonly opts: TokenizeOptions;
  readonly tokens: Token[];
  /** Where lexing goes on, and the line there. */
  i: number;
  line: number;
  /** Inside `/*! ... *\/`: the closing `*\/` is skipped rather than an error. */
  inExecComment: boolean;
  /** The end-of-input token has been pushed. */
  done: boolean;
  /** The lexical error lexing stopped at: thrown when the parser asks for a token at or after it. */
  error: MySqlError | null;
  /** The most tokens the statement being read may have (TokenizeOptions.maxTokens). */
  readonly maxTokens: number;
  /** What has been found ahead in the text (next newline, next backslash). */
  ahead: LexCursors;
}

/**
 * The most tokens one statement may have (the statement being parsed and
 * those not yet released): a token and its share of the syntax tree take
 * about 120 bytes of heap, so a statement of 33 million one-character items
 * (a 64 MiB `IN` list) would pass the JavaScript heap's limit and end the
 * process. A quarter of the heap's limit at most (about 4 million tokens
 * with Node's default 4 GiB), then ERROR 1041 ER_OUT_OF_RESOURCES, which MySQL
 * answers when its parser's memory runs out (sql_parse.cc, the parser's
 * error handler), and the session goes on.
 */
export const MAX_STATEMENT_TOKENS = Math.max(1_000_000, Math.floor(getHeapStatistics().heap_size_limit / 4 / 256));

/** Lexes tokens until `want` are in `s.tokens` or the text ends (then pushes the end-of-input token). */
function lexAhead(s: LexState, want: number): void {
  const { sql, opts, tokens, ahead: nl } = s;
  const n = sql.length;
  let i = s.i;
  let line = s.line;
  let inExecComment = s.inExecComment;

  const push = (kind: TokenKind, value: string, start: number, startLine: number, upper = ''): Token => {
    const t: Token = { kind, value, upper, start, end: i, line: startLine };
    tokens.push(t);
    return t;
  };

  try {
    while (i < n && tokens.length < want) {
      if (tokens.length >= s.maxTokens) throw mysqlError('ER_OUT_OF_RESOURCES');
      const c = sql.charCodeAt(i);
      if (isSpace(c)) {
        const end = runEnd(SPACE_RUN, sql, i);
        line += countNewlines(nl, sql, i, end);
        i = end;
        continue;
      }
      const start = i;
      const startLine = line;

      // Comments.
      if (c === C.HASH || (c === C.DASH && sql.charCodeAt(i + 1) === C.DASH && (i + 2 >= n || sql.charCodeAt(i + 2) <= C.SPACE))) {
        const eol = sql.indexOf('\n', i);
        i = eol < 0 ? n : eol;
        continue;
      }
      if (c === C.SLASH && sql.charCodeAt(i + 1) === C.STAR) {
        const executable = openExecutableComment(sql, i, opts);
        if (executable > 0) {
          if (inExecComment) throw lexError(sql, start, startLine);
          inExecComment = true;
          i = executable;
          continue;
        }
        const close = sql.indexOf('*/', i + 2);
        if (close < 0) throw lexError(sql, start, startLine);
        line += countNewlines(nl, sql, i, close);
        i = close + 2;
        continue;
      }
      if (inExecComment && c === C.STAR && sql.charCodeAt(i + 1) === C.SLASH) {
        inExecComment = false;
        i += 2;
        continue;
      }

      // Strings, with optional X / B / N prefixes.
      if (c === C.SQUOTE || c === C.DQUOTE) {
        const r = readString(sql, i, c, nl);
        if (!r) throw lexError(sql, start, startLine);
        line += r.newlines;
        i = r.end;
        const t = push('string', r.value, start, startLine);
        if (c === C.DQUOTE) t.doubleQuoted = true;
        continue;
      }
      if (sql.charCodeAt(i + 1) === C.SQUOTE && (c | 0x20) === 120 /* x */) {
        const close = sql.indexOf("'", i + 2);
        if (close < 0) throw lexError(sql, start, startLine);
        const digits = sql.slice(i + 2, close);
        if (!/^[0-9a-fA-F]*$/.test(digits) || digits.length % 2 === 1) throw lexError(sql, start, startLine);
        i = close + 1;
        push('hex', digits, start, startLine);
        continue;
      }
      if (sql.charCodeAt(i + 1) === C.SQUOTE && (c | 0x20) === 98 /* b */) {
        const close = sql.indexOf("'", i + 2);
        if (close < 0) throw lexError(sql, start, startLine);
        const digits = sql.slice(i + 2, close);
        if (!/^[01]*$/.test(digits)) throw lexError(sql, start, startLine);
        i = close + 1;
        push('bits', digits, start, startLine);
        continue;
      }
      if (sql.charCodeAt(i + 1) === C.SQUOTE && (c | 0x20) === 110 /* n */) {
        const r = readString(sql, i + 1, C.SQUOTE, nl);
        if (!r) throw lexError(sql, start, startLine);
        line += r.newlines;
        i = r.end;
        push('string', r.value, start, startLine).national = true;
        continue;
      }

      if (c === C.BACKTICK) {
        let value = '';
        let j = i + 1;
        for (;;) {
          const close = sql.indexOf('`', j);
          if (close < 0) throw lexError(sql, start, startLine);
          value += sql.slice(j, close);
          if (sql.charCodeAt(close + 1) === C.BACKTICK) {
            value += '`';
            j = close + 2;
            continue;
          }
          i = close + 1;
          break;
        }
        line += countNewlines(nl, sql, start, i);
        push('quoted', value, start, startLine);
        continue;
      }

      // Numbers (and identifiers that start with digits, which MySQL allows).
      if (isDigit(c) || (c === C.DOT && isDigit(sql.charCodeAt(i + 1)))) {
        if (c === C.D0 && (sql.charCodeAt(i + 1) | 0x20) === 120 && isHexDigit(sql.charCodeAt(i + 2))) {
          let j = i + 2;
          while (j < n && isHexDigit(sql.charCodeAt(j))) j++;
          if (!(j < n && isIdentChar(sql.charCodeAt(j)))) {
            const digits = sql.slice(i + 2, j);
            i = j;
            push('hex', digits.length % 2 ? '0' + digits : digits, start, startLine);
            continue;
          }
        }
        if (c === C.D0 && (sql.charCodeAt(i + 1) | 0x20) === 98) {
          let j = i + 2;
          while (j < n && (sql.charCodeAt(j) === 48 || sql.charCodeAt(j) === 49)) j++;
          if (j > i + 2 && !(j < n && isIdentChar(sql.charCodeAt(j)))) {
            const digits = sql.slice(i + 2, j);
            i = j;
            push('bits', digits, start, startLine);
            continue;
          }
        }
        i = scanNumber(sql, i);
        if (i < n && isIdentChar(sql.charCodeAt(i)) && c !== C.DOT && !sql.slice(start, i).includes('.')) {
          i = runEnd(WORD_RUN, sql, i);
          const word = sql.slice(start, i);
          push('word', word, start, startLine, upperOf(word));
          continue;
        }
        push('number', sql.slice(start, i), start, startLine);
        continue;
      }

      if (isIdentChar(c)) {
        i = runEnd(WORD_RUN, sql, i + 1);
        const word = sql.slice(start, i);
        push('word', word, start, startLine, upperOf(word));
        continue;
      }

      if (c === C.AT) {
        if (sql.charCodeAt(i + 1) === C.AT) {
          i += 2;
          while (i < n && (isIdentChar(sql.charCodeAt(i)) || sql.charCodeAt(i) === C.DOT)) i++;
          if (i === start + 2) throw lexError(sql, start, startLine);
          push('sysVar', sql.slice(start + 2, i), start, startLine);
          continue;
        }
        const next = sql.charCodeAt(i + 1);
        if (next === C.SQUOTE || next === C.DQUOTE || next === C.BACKTICK) {
          // @'name' is a user variable unless glued to a preceding user name ('u'@'h'); after an operator it always is (=@'v').
          const prev = tokens[tokens.length - 1];
          if (!prev || prev.end !== start || prev.kind === 'op') {
            const r = next === C.BACKTICK ? readBacktick(sql, i + 1) : readString(sql, i + 1, next, nl);
            if (!r) throw lexError(sql, start, startLine);
            i = r.end;
            push('userVar', r.value, start, startLine);
            continue;
          }
        } else if (isIdentChar(next) || next === C.DOT) {
          const prev = tokens[tokens.length - 1];
          if (!prev || prev.end !== start || prev.kind === 'op') {
            i++;
            while (i < n && (isIdentChar(sql.charCodeAt(i)) || sql.charCodeAt(i) === C.DOT)) i++;
            push('userVar', sql.slice(start + 1, i), start, startLine);
            continue;
          }
        }
        i++;
        push('op', '@', start, startLine);
        continue;
      }

      if (c === C.QUESTION) {
        i++;
        push('param', '?', start, startLine);
        continue;
      }

      // Punctuation that starts no longer operator: one token at once (a 200,000-item IN list is mostly commas).
      if (c === C.COMMA || c === C.LPAREN || c === C.RPAREN) {
        i++;
        push('op', c === C.COMMA ? ',' : c === C.LPAREN ? '(' : ')', start, startLine);
        continue;
      }
      const three = sql.slice(i, i + 3);
      if (THREE_CHAR_OPS.includes(three)) {
        i += 3;
        push('op', three, start, startLine);
        continue;
      }
      const two = sql.slice(i, i + 2);
      if (TWO_CHAR_OPS.includes(two)) {
        i += 2;
        push('op', two, start, startLine);
        continue;
      }
      i++;
      push('op', sql[start]!, start, startLine);
    }
  } catch (err) {
    if (!(err instanceof MySqlError)) throw err;
    s.error = err;
  } finally {
    s.i = i;
    s.line = line;
    s.inExecComment = inExecComment;
  }
  if (i >= n && s.error === null && !s.done) {
    tokens.push({ kind: 'eof', value: '', upper: '', start: n, end: n, line });
    s.done = true;
  }
}

function isHexDigit(c: number): boolean {
  return isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

function scanNumber(sql: string, i: number): number {
  const n = sql.length;
  i = runEnd(DIGIT_RUN, sql, i);
  if (sql.charCodeAt(i) === C.DOT) i = runEnd(DIGIT_RUN, sql, i + 1);
  const e = sql.charCodeAt(i) | 0x20;
  if (e === 101) {
    let j = i + 1;
    const sign = sql.charCodeAt(j);
    if (sign === 43 || sign === C.DASH) j++;
    if (isDigit(sql.charCodeAt(j))) {
      while (j < n && isDigit(sql.charCodeAt(j))) j++;
      i = j;
    }
  }
  return i;
}

/**
 * Returns the offset after `/*!` + optional version digits when the comment
 * is executable for this server, or 0 when it is an ordinary comment.
 */
function openExecutableComment(sql: string, i: number, opts: TokenizeOptions): number {
  let j = i + 2;
  if (sql.charCodeAt(j) === 77 /* M */ && sql.charCodeAt(j + 1) === C.BANG) {
    if (!opts.mariaDb) return 0;
    j++;
  } else if (sql.charCodeAt(j) !== C.BANG) {
    return 0;
  }
  j++;
  let k = j;
  while (k < sql.length && isDigit(sql.charCodeAt(k)) && k - j < 6) k++;
  const digits = k - j;
  if (digits === 5 || digits === 6) {
    if (Number(sql.slice(j, k)) > opts.serverVersion) return 0;
    return k;
  }
  return j;
}

/**
 * A quoted string from `i` (the opening quote): its value with escapes and
 * doubled quotes resolved, the index after the closing quote, the newlines
 * inside. Runs from quote or backslash to the next with indexOf, so a long
 * literal costs a few native scans, not a step per character.
 */
function readString(sql: string, i: number, quote: number, nl: LexCursors): { value: string; end: number; newlines: number } | null {
  const n = sql.length;
  const q = String.fromCharCode(quote);
  let j = i + 1;
  let value = '';
  let chunk = j;
  let nextBackslash = nextBackslashAt(nl, sql, j);
  let nextQuote = sql.indexOf(q, j);
  let runs = 0;
  for (;;) {
    // Dense escapes: one pass that writes code units beats a string piece per escape.
    if (++runs > 4096) return readDenseString(sql, j, quote, value, i, nl);
    // Each scan result is reused until the position passes it (no rescans over a long run).
    if (nextQuote >= 0 && nextQuote < j) nextQuote = sql.indexOf(q, j);
    if (nextQuote < 0) return null;
    if (nextBackslash >= 0 && nextBackslash < j) nextBackslash = nextBackslashAt(nl, sql, j);
    if (nextBackslash >= 0 && nextBackslash < nextQuote && nextBackslash + 1 < n) {
      value += sql.slice(chunk, nextBackslash);
      const e = sql[nextBackslash + 1]!;
      value += ESCAPES[e] ?? e;
      j = nextBackslash + 2;
      chunk = j;
      continue;
    }
    if (sql.charCodeAt(nextQuote + 1) === quote) {
      value += sql.slice(chunk, nextQuote + 1);
      j = nextQuote + 2;
      chunk = j;
      continue;
    }
    value += sql.slice(chunk, nextQuote);
    return { value, end: nextQuote + 1, newlines: countNewlines(nl, sql, i + 1, nextQuote) };
  }
}

/**
 * The rest of a quoted string from `j`, one code unit at a time into a
 * buffer, after `prefix` (what readString() has already resolved); `open`
 * is the opening quote (for the newline count).
 */
function readDenseString(sql: string, j: number, quote: number, prefix: string, open: number, nl: LexCursors): { value: string; end: number; newlines: number } | null {
  const n = sql.length;
  const out = new Uint16Array(n - j);
  let o = 0;
  while (j < n) {
    const c = sql.charCodeAt(j);
    if (c === C.BACKSLASH && j + 1 < n) {
      const e = sql.charCodeAt(j + 1);
      const mapped = e < 128 ? ESCAPE_CODES[e]! : 0;
      // LIKE wildcards keep their backslash so LIKE can see the escape.
      if (e === 37 || e === 95) out[o++] = C.BACKSLASH;
      out[o++] = mapped > 0 ? mapped - 1 : e;
      j += 2;
      continue;
    }
    if (c === quote) {
      if (sql.charCodeAt(j + 1) === quote) {
        out[o++] = quote;
        j += 2;
        continue;
      }
      const value = prefix + Buffer.from(out.buffer, 0, o * 2).toString('utf16le');
      return { value, end: j + 1, newlines: countNewlines(nl, sql, open + 1, j) };
    }
    out[o++] = c;
    j++;
  }
  return null;
}

/** ESCAPES by the escaped character's code: the replacement's code + 1 (0: the character itself). */
const ESCAPE_CODES = (() => {
  const table = new Int32Array(128);
  for (const [k, v] of Object.entries(ESCAPES)) if (v.length === 1) table[k.charCodeAt(0)] = v.charCodeAt(0) + 1;
  return table;
})();

/**
 * What the lexer has found ahead in its text, kept between calls so that a
 * text scanned for something it lacks is scanned once, not once per token:
 * the next newline (next -2: not looked up yet; -1: none left) and the next
 * backslash at or after backslashFrom (-1: none; backslashFrom -1: not
 * looked up). 200,000 string literals in a text without a backslash took
 * 1.4 s when each looked for one to the end of the text.
 */
interface LexCursors {
  from: number;
  next: number;
  backslashFrom: number;
  backslash: number;
}

/** The first backslash at or after `from` (-1: none). */
function nextBackslashAt(c: LexCursors, sql: string, from: number): number {
  if (c.backslashFrom < 0 || from < c.backslashFrom || (c.backslash >= 0 && c.backslash < from)) {
    c.backslash = sql.indexOf('\\', from);
    c.backslashFrom = from;
  }
  return c.backslash;
}

/**
 * '\n' characters in sql[from, to). The lexer asks in increasing order, so
 * the position of the next newline is kept in its cursor between calls: a
 * text without newlines is scanned once, not once per blank (which made a
 * statement of 500,000 words take seconds).
 */
function countNewlines(nl: LexCursors, sql: string, from: number, to: number): number {
  if (nl.next === -2 || from < nl.from) nl.next = sql.indexOf('\n', from);
  nl.from = from;
  let next = nl.next;
  while (next >= 0 && next < from) next = sql.indexOf('\n', from);
  let count = 0;
  while (next >= 0 && next < to) {
    count++;
    next = sql.indexOf('\n', next + 1);
  }
  nl.next = next;
  return count;
}

function readBacktick(sql: string, i: number): { value: string; end: number } | null {
  const close = sql.indexOf('`', i + 1);
  if (close < 0) return null;
  return { value: sql.slice(i + 1, close), end: close + 1 };
}

/** Server version as MySQL's 5-digit comment number: '8.4.7' -> 80407. */
export function versionNumberOf(version: string): number {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!m) return 0;
  return Number(m[1]) * 10000 + Number(m[2]) * 100 + Number(m[3]);
}
