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

/** Where the run of digits from `i` ends: by hand for the first few (most numbers are short), then natively. */
function digitsEnd(sql: string, i: number): number {
  const stop = Math.min(sql.length, i + 32);
  while (i < stop && isDigit(sql.charCodeAt(i))) i++;
  return i === stop && i < sql.length ? runEnd(DIGIT_RUN, sql, i) : i;
}

/** Where the run of word characters from `i` ends (as digitsEnd()). */
function wordEnd(sql: string, i: number): number {
  const stop = Math.min(sql.length, i + 32);
  while (i < stop && isIdentChar(sql.charCodeAt(i))) i++;
  return i === stop && i < sql.length ? runEnd(WORD_RUN, sql, i) : i;
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
  /** Tokens made from the store lately, by index modulo their length, a power of two (the parser reads near its position). */
  private readonly cacheIndex: number[];
  private readonly cacheToken: Token[];
  private readonly cacheMask: number;

  constructor(
    readonly sql: string,
    opts: TokenizeOptions,
  ) {
    // A text of fewer than SMALL_STORE characters has fewer tokens than that: its columns are
    // SMALL_STORE long, small enough for V8 to keep them in the heap (a typed array of more than
    // 64 bytes has a buffer of its own, allocated and swept outside the heap, four per statement).
    const size = sql.length < SMALL_STORE ? SMALL_STORE : TOKEN_CACHE;
    this.cacheIndex = new Array<number>(size).fill(-1);
    this.cacheToken = new Array<Token>(size);
    this.cacheMask = size - 1;
    this.state = {
      sql,
      opts,
      base: 0,
      floor: 0,
      count: 0,
      kinds: new Uint8Array(size),
      starts: new Int32Array(size),
      ends: new Int32Array(size),
      lines: new Int32Array(size),
      values: [],
      i: 0,
      line: 1,
      inExecComment: false,
      done: false,
      error: null,
      maxTokens: opts.maxTokens ?? MAX_STATEMENT_TOKENS,
      ahead: { from: 0, next: -2, backslashFrom: -1, backslash: -1 },
    };
  }

  /** The token at index `k` (0-based); the end-of-input token from its index on. Throws 1064 for a lexical error before `k`. */
  at(k: number): Token {
    const s = this.state;
    if (k < s.floor) throw new Error(`token ${k} was released`);
    const slot = k & this.cacheMask;
    if (this.cacheIndex[slot] === k) return this.cacheToken[slot]!;
    if (k - s.base >= s.count) {
      this.fill(k);
      // Past the end: the end-of-input token (cached under its own index).
      if (k - s.base >= s.count) return this.at(s.base + s.count - 1);
    }
    const t = tokenAt(s, k - s.base);
    this.cacheIndex[slot] = k;
    this.cacheToken[slot] = t;
    return t;
  }

  /** Token k's kind, without making its object (the parser's per-item checks in long lists). */
  kindAt(k: number): TokenKind {
    return KINDS[this.state.kinds[this.slot(k)]! & 15]!;
  }

  /** Token k is the one-character operator with char code `code` (',' is 44, ')' 41). */
  isPunctAt(k: number, code: number): boolean {
    const s = this.state;
    const i = this.slot(k);
    return (s.kinds[i]! & 15) === K.op && s.ends[i]! - s.starts[i]! === 1 && s.sql.charCodeAt(s.starts[i]!) === code;
  }

  /** Token k is the word `upper` (any case), without making its object. */
  isWordAt(k: number, upper: string): boolean {
    const s = this.state;
    const i = this.slot(k);
    const start = s.starts[i]!;
    if ((s.kinds[i]! & 15) !== K.word || s.ends[i]! - start !== upper.length) return false;
    for (let j = 0; j < upper.length; j++) {
      let c = s.sql.charCodeAt(start + j);
      if (c >= 97 && c <= 122) c -= 32;
      if (c !== upper.charCodeAt(j)) return false;
    }
    return true;
  }

  /** Token k's value (as Token.value), without making its object. */
  valueAt(k: number): string {
    const s = this.state;
    const i = this.slot(k);
    return s.values[i] ?? s.sql.slice(s.starts[i]!, s.ends[i]!);
  }

  /** Token k's offsets in the text: [start, end). */
  startAt(k: number): number {
    return this.state.starts[this.slot(k)]!;
  }

  endAt(k: number): number {
    return this.state.ends[this.slot(k)]!;
  }

  /** The slot of token k in the store, lexing up to it (the end-of-input token's past the end). */
  private slot(k: number): number {
    const s = this.state;
    if (k < s.floor) throw new Error(`token ${k} was released`);
    if (k - s.base >= s.count) {
      this.fill(k);
      if (k - s.base >= s.count) return s.count - 1;
    }
    return k - s.base;
  }

  /** Tokens [from, to) (to is clamped to the end-of-input token's index + 1). */
  slice(from: number, to: number): Token[] {
    this.at(to - 1);
    const out: Token[] = [];
    for (let k = from, end = Math.min(to, this.state.base + this.state.count); k < end; k++) out.push(this.at(k));
    return out;
  }

  /** Index of a token this stream returned (-1 for another, or one released): tokens are found by their start offset. */
  indexOf(t: Token): number {
    const { starts, ends, count, base, floor } = this.state;
    let lo = floor - base;
    let hi = count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]! < t.start) lo = mid + 1;
      else if (starts[mid]! > t.start) hi = mid - 1;
      else return ends[mid] === t.end ? mid + base : -1;
    }
    return -1;
  }

  /**
   * The statement that ends before token `k` has run: its tokens are let go,
   * as MySQL frees a statement's memory before it parses the next one, so
   * MAX_STATEMENT_TOKENS bounds one statement, not a whole multi-statement
   * text. Their slots are reused when the store next fills (pushToken()), so
   * releasing costs nothing per statement.
   */
  release(k: number): void {
    const s = this.state;
    s.floor = Math.max(s.floor, Math.min(k, s.base + s.count));
  }

  /**
   * Lexes up to `tokens` more tokens ahead of the parser (a large text in
   * slices, one per event-loop turn, so that others run between them);
   * true while text is left to lex. Stops short of MAX_STATEMENT_TOKENS
   * held: the parser meets that bound (1041) itself if it gets there.
   */
  lexSlice(tokens: number): boolean {
    const s = this.state;
    if (s.done || s.error !== null) return false;
    if (s.base + s.count - s.floor + tokens >= s.maxTokens) return false;
    lexAhead(s, s.count + tokens);
    return !s.done && s.error === null;
  }

  /** Characters of the text not lexed yet. */
  get unlexed(): number {
    return this.sql.length - this.state.i;
  }

  /** The tokens lexed so far (and not released). */
  lexed(): Token[] {
    return this.slice(this.state.floor, this.state.base + this.state.count);
  }

  private fill(k: number): void {
    const s = this.state;
    if (!s.done && s.error === null) {
      // Read ahead in batches (one call per batch, not per token), growing with the statement, but not
      // past the bound on a statement's tokens unless the parser itself asks for a token beyond it.
      const i = k - s.base;
      const held = s.count - (s.floor - s.base);
      lexAhead(s, Math.max(i + 1, Math.min(i + 1 + Math.min(4096, Math.max(64, held)), s.count + s.maxTokens - held)));
    }
    if (k - s.base < s.count) return;
    if (s.error) throw s.error;
  }
}

/** How many tokens a TokenStream keeps as objects (a power of two): the parser looks a few tokens around its position. */
const TOKEN_CACHE = 64;
/** The store and token cache of a text shorter than this (a power of two, 16 x 4 bytes: kept in V8's heap). */
const SMALL_STORE = 16;

/** Token kinds by their code in LexState.kinds (the low 4 bits): KINDS[K.word] is 'word'. */
const KINDS: readonly TokenKind[] = ['word', 'quoted', 'string', 'number', 'hex', 'bits', 'userVar', 'sysVar', 'param', 'op', 'eof'];
const enum K {
  word = 0,
  quoted = 1,
  string = 2,
  number = 3,
  hex = 4,
  bits = 5,
  userVar = 6,
  sysVar = 7,
  param = 8,
  op = 9,
  eof = 10,
}
/** Flag bits beside the kind: N'..' and "..." strings. */
const NATIONAL = 16;
const DOUBLE_QUOTED = 32;

/** The token at `i` in the store, as an object (its value is its text unless the store holds another). */
function tokenAt(s: LexState, i: number): Token {
  const code = s.kinds[i]!;
  const kind = KINDS[code & 15]!;
  const start = s.starts[i]!;
  const end = s.ends[i]!;
  const value = s.values[i] ?? s.sql.slice(start, end);
  const t: Token = { kind, value, upper: kind === 'word' ? upperOf(value) : '', start, end, line: s.lines[i]! };
  if (code & NATIONAL) t.national = true;
  if (code & DOUBLE_QUOTED) t.doubleQuoted = true;
  return t;
}

interface LexState {
  readonly sql: string;
  readonly opts: TokenizeOptions;
  /** Index of the token in slot 0 of the columns below, and of the first token not released (base <= floor). */
  base: number;
  floor: number;
  /**
   * The tokens lexed and not released, in columns: kind code (and flags),
   * offsets and line in typed arrays, and the value where it is not the
   * token's own text (strings, quoted names, variables, hex and bit digits).
   * No object per token: a 200,000-item IN list is 400,000 tokens, which as
   * objects were most of its parse time in garbage collection.
   */
  count: number;
  kinds: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
  lines: Int32Array;
  values: (string | undefined)[];
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

/** Appends a token to the store (growing its columns); `value` only when it is not sql[start, end). */
function pushToken(s: LexState, code: number, value: string | undefined, start: number, end: number, line: number): void {
  if (s.count === s.kinds.length && s.floor - s.base >= s.count / 2) {
    // Half the store is released tokens: drop them instead of growing (each slot is moved at most once per fill).
    const drop = s.floor - s.base;
    s.kinds.copyWithin(0, drop, s.count);
    s.starts.copyWithin(0, drop, s.count);
    s.ends.copyWithin(0, drop, s.count);
    s.lines.copyWithin(0, drop, s.count);
    s.values.splice(0, drop);
    s.count -= drop;
    s.base = s.floor;
  }
  const n = s.count;
  if (n === s.kinds.length) {
    const grow = <T extends Uint8Array | Int32Array>(a: T, make: (len: number) => T): T => {
      const b = make(a.length * 2);
      b.set(a);
      return b;
    };
    s.kinds = grow(s.kinds, (len) => new Uint8Array(len));
    s.starts = grow(s.starts, (len) => new Int32Array(len));
    s.ends = grow(s.ends, (len) => new Int32Array(len));
    s.lines = grow(s.lines, (len) => new Int32Array(len));
  }
  s.kinds[n] = code;
  s.starts[n] = start;
  s.ends[n] = end;
  s.lines[n] = line;
  s.values.push(value);
  s.count = n + 1;
}

/**
 * The most tokens one statement may have (the statement being parsed and
 * those not yet released): a token takes about 21 bytes of the lexer's
 * columns and its share of the syntax tree (about 60 bytes for a literal
 * node), plus what evaluating it holds, so a statement of 33 million
 * one-character items (a 64 MiB `IN` list) would pass the JavaScript heap's
 * limit and end the process. A quarter of the heap's limit at most (about 4 million tokens
 * with Node's default 4 GiB), then ERROR 1041 ER_OUT_OF_RESOURCES, which MySQL
 * answers when its parser's memory runs out (sql_parse.cc, the parser's
 * error handler), and the session goes on.
 */
export const MAX_STATEMENT_TOKENS = Math.max(1_000_000, Math.floor(getHeapStatistics().heap_size_limit / 4 / 256));

/** Lexes tokens until `want` slots of the store are filled (counted from its base on entry) or the text ends (then pushes the end-of-input token). */
function lexAhead(s: LexState, want: number): void {
  const { sql, opts, ahead: nl } = s;
  const n = sql.length;
  let i = s.i;
  let line = s.line;
  let inExecComment = s.inExecComment;

  /** A token ending at `i`; `value` only when it is not its text. */
  const push = (code: K, value: string | undefined, start: number, startLine: number, flags = 0): void => {
    pushToken(s, code | flags, value, start, i, startLine);
  };

  // `want` counts slots from the current base; the store may drop released tokens as it fills (pushToken()).
  const until = s.base + want;
  try {
    while (i < n && s.base + s.count < until) {
      if (s.base + s.count - s.floor >= s.maxTokens) throw mysqlError('ER_OUT_OF_RESOURCES');
      const c = sql.charCodeAt(i);
      if (isSpace(c)) {
        // One blank (the common case) without the native scan.
        const end = i + 1 < n && isSpace(sql.charCodeAt(i + 1)) ? runEnd(SPACE_RUN, sql, i) : i + 1;
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
        push(K.string, r.value, start, startLine, c === C.DQUOTE ? DOUBLE_QUOTED : 0);
        continue;
      }
      if (sql.charCodeAt(i + 1) === C.SQUOTE && (c | 0x20) === 120 /* x */) {
        const close = sql.indexOf("'", i + 2);
        if (close < 0) throw lexError(sql, start, startLine);
        const digits = sql.slice(i + 2, close);
        if (!/^[0-9a-fA-F]*$/.test(digits) || digits.length % 2 === 1) throw lexError(sql, start, startLine);
        i = close + 1;
        push(K.hex, digits, start, startLine);
        continue;
      }
      if (sql.charCodeAt(i + 1) === C.SQUOTE && (c | 0x20) === 98 /* b */) {
        const close = sql.indexOf("'", i + 2);
        if (close < 0) throw lexError(sql, start, startLine);
        const digits = sql.slice(i + 2, close);
        if (!/^[01]*$/.test(digits)) throw lexError(sql, start, startLine);
        i = close + 1;
        push(K.bits, digits, start, startLine);
        continue;
      }
      if (sql.charCodeAt(i + 1) === C.SQUOTE && (c | 0x20) === 110 /* n */) {
        const r = readString(sql, i + 1, C.SQUOTE, nl);
        if (!r) throw lexError(sql, start, startLine);
        line += r.newlines;
        i = r.end;
        push(K.string, r.value, start, startLine, NATIONAL);
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
        push(K.quoted, value, start, startLine);
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
            push(K.hex, digits.length % 2 ? '0' + digits : digits, start, startLine);
            continue;
          }
        }
        if (c === C.D0 && (sql.charCodeAt(i + 1) | 0x20) === 98) {
          let j = i + 2;
          while (j < n && (sql.charCodeAt(j) === 48 || sql.charCodeAt(j) === 49)) j++;
          if (j > i + 2 && !(j < n && isIdentChar(sql.charCodeAt(j)))) {
            const digits = sql.slice(i + 2, j);
            i = j;
            push(K.bits, digits, start, startLine);
            continue;
          }
        }
        i = scanNumber(sql, i);
        if (i < n && isIdentChar(sql.charCodeAt(i)) && c !== C.DOT && !sql.slice(start, i).includes('.')) {
          i = wordEnd(sql, i);
          push(K.word, undefined, start, startLine);
          continue;
        }
        push(K.number, undefined, start, startLine);
        continue;
      }

      if (isIdentChar(c)) {
        i = wordEnd(sql, i + 1);
        push(K.word, undefined, start, startLine);
        continue;
      }

      if (c === C.AT) {
        if (sql.charCodeAt(i + 1) === C.AT) {
          i += 2;
          while (i < n && (isIdentChar(sql.charCodeAt(i)) || sql.charCodeAt(i) === C.DOT)) i++;
          if (i === start + 2) throw lexError(sql, start, startLine);
          push(K.sysVar, sql.slice(start + 2, i), start, startLine);
          continue;
        }
        const next = sql.charCodeAt(i + 1);
        if (next === C.SQUOTE || next === C.DQUOTE || next === C.BACKTICK) {
          // @'name' is a user variable unless glued to a preceding user name ('u'@'h'); after an operator it always is (=@'v').
          if (s.count === 0 || s.ends[s.count - 1] !== start || (s.kinds[s.count - 1]! & 15) === K.op) {
            const r = next === C.BACKTICK ? readBacktick(sql, i + 1) : readString(sql, i + 1, next, nl);
            if (!r) throw lexError(sql, start, startLine);
            i = r.end;
            push(K.userVar, r.value, start, startLine);
            continue;
          }
        } else if (isIdentChar(next) || next === C.DOT) {
          if (s.count === 0 || s.ends[s.count - 1] !== start || (s.kinds[s.count - 1]! & 15) === K.op) {
            i++;
            while (i < n && (isIdentChar(sql.charCodeAt(i)) || sql.charCodeAt(i) === C.DOT)) i++;
            push(K.userVar, sql.slice(start + 1, i), start, startLine);
            continue;
          }
        }
        i++;
        push(K.op, undefined, start, startLine);
        continue;
      }

      if (c === C.QUESTION) {
        i++;
        push(K.param, undefined, start, startLine);
        continue;
      }

      // Punctuation that starts no longer operator: one token at once (a 200,000-item IN list is mostly commas).
      if (c === C.COMMA || c === C.LPAREN || c === C.RPAREN) {
        i++;
        push(K.op, undefined, start, startLine);
        continue;
      }
      const three = sql.slice(i, i + 3);
      if (THREE_CHAR_OPS.includes(three)) {
        i += 3;
        push(K.op, undefined, start, startLine);
        continue;
      }
      const two = sql.slice(i, i + 2);
      if (TWO_CHAR_OPS.includes(two)) {
        i += 2;
        push(K.op, undefined, start, startLine);
        continue;
      }
      i++;
      push(K.op, undefined, start, startLine);
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
    pushToken(s, K.eof, '', n, n, line);
    s.done = true;
  }
}

function isHexDigit(c: number): boolean {
  return isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

function scanNumber(sql: string, i: number): number {
  const n = sql.length;
  i = digitsEnd(sql, i);
  if (sql.charCodeAt(i) === C.DOT) i = digitsEnd(sql, i + 1);
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
