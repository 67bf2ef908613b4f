/**
 * The parser's base: token helpers, identifiers and literals, the bound on
 * expression nesting, and MySQL's 1064 texts. Each statement family extends
 * it in one class chain: expressions.ts, select.ts, account-statements.ts,
 * statements.ts (the dispatcher).
 */
import type { Profile } from '../../config/profiles.js';
import { mysqlError, stackOverrunError, type MySqlError } from '../../errors/mysql-error.js';
import type * as A from './ast.js';
import type { Token, TokenStream } from './tokenizer.js';

export function parseErrorAt(sql: string, token: Token): MySqlError {
  return mysqlError('ER_PARSE_ERROR', sql.slice(token.start, token.start + 80), token.line);
}

/** Words that end an expression or select item rather than name something. */
export const RESERVED = new Set(
  (
    'ACCESSIBLE ADD ALL ALTER ANALYZE AND AS ASC BETWEEN BINARY BOTH BY CALL CASE CHECK COLLATE COLUMN CONSTRAINT ' +
    'CONVERT CREATE CROSS CURRENT_DATE CURRENT_TIME CURRENT_TIMESTAMP CURRENT_USER DATABASE DATABASES DEFAULT DELETE ' +
    'DESC DESCRIBE DISTINCT DISTINCTROW DIV DROP DUAL ELSE ELSEIF END ESCAPE EXCEPT EXISTS EXPLAIN FALSE FETCH FOR ' +
    'FORCE FROM FULLTEXT GRANT GROUP HAVING IF IGNORE IN INDEX INNER INSERT INTERSECT INTERVAL INTO IS JOIN KEY KILL ' +
    'LATERAL LEADING LEFT LIKE LIMIT LOCK MATCH MOD NATURAL NOT NULL OFFSET ON OPTIMIZE OR ORDER OUTER PARTITION ' +
    'PROCEDURE REGEXP RENAME REPLACE REVOKE RIGHT RLIKE SELECT SEPARATOR SET SHOW STRAIGHT_JOIN TABLE THEN TO ' +
    'TRAILING TRUE UNION UNIQUE UNLOCK UPDATE USE USING VALUES WHEN WHERE WINDOW WITH XOR'
  ).split(' '),
);
// OFFSET and SEPARATOR are not reserved in MySQL, but here they end an expression in LIMIT / GROUP_CONCAT.

/** Date/time functions MySQL lets you call without parentheses. */
export const NILADIC: Record<string, string> = {
  CURRENT_TIMESTAMP: 'NOW',
  LOCALTIME: 'NOW',
  LOCALTIMESTAMP: 'NOW',
  CURRENT_DATE: 'CURDATE',
  CURRENT_TIME: 'CURTIME',
  UTC_TIMESTAMP: 'UTC_TIMESTAMP',
  UTC_DATE: 'UTC_DATE',
  UTC_TIME: 'UTC_TIME',
  CURRENT_USER: 'CURRENT_USER',
};

export const INTERVAL_UNITS = new Set(
  (
    'MICROSECOND SECOND MINUTE HOUR DAY WEEK MONTH QUARTER YEAR SECOND_MICROSECOND MINUTE_MICROSECOND MINUTE_SECOND ' +
    'HOUR_MICROSECOND HOUR_SECOND HOUR_MINUTE DAY_MICROSECOND DAY_SECOND DAY_MINUTE DAY_HOUR YEAR_MONTH'
  ).split(' '),
);

/** Statements valid in MySQL that we answer with 1235 without checking their grammar further. */
export const KNOWN_UNSUPPORTED_LEADERS = new Set(
  (
    'HANDLER XA SAVEPOINT RELEASE PREPARE EXECUTE DEALLOCATE CHECK CHECKSUM OPTIMIZE REPAIR RESET ' +
    'SHUTDOWN RESTART CLONE BINLOG CACHE CHANGE PURGE HELP SIGNAL RESIGNAL GET IMPORT STOP TABLE VALUES UNLOCK LOCK'
  ).split(' '),
);

export const CHARSET_INTRODUCERS = new Set([
  '_UTF8MB4', '_UTF8MB3', '_UTF8', '_LATIN1', '_BINARY', '_ASCII', '_UCS2', '_UTF16', '_UTF32',
]);

/**
 * How deep expressions may nest (parentheses, function arguments, NOT and
 * unary chains) before the parse stops with MySQL's Bison overflow error,
 * 1064 "memory exhausted near '...'". Keeps parse and evaluation well
 * inside the JavaScript stack.
 */
export const MAX_EXPRESSION_NESTING = 400;

/**
 * Terms of one left-deep chain (`1+1+…`, `1=1=…`, `x COLLATE a COLLATE b …`)
 * past which the statement is refused with 1436 at the parse. Each term is
 * a level of the tree, and resolving and evaluating it recurses once per
 * level: the JavaScript stack runs out at about 1,500 levels (1436 then, as
 * MySQL's resolver checks its stack: parse_tree_node_base.h contextualize(),
 * Item_func::fix_fields()), so a longer chain can never run and is not read
 * to its end (a 1 MiB chain of 500,000 terms was parsed whole first).
 * AND and OR are not left-deep (associativeChain()).
 */
export const MAX_LEFT_DEEP_TERMS = 4096;

export class ParserBase {
  paramCount = 0;

  /** Current expression nesting, bounded by MAX_EXPRESSION_NESTING. */
  protected depth = 0;

  constructor(
    protected readonly sql: string,
    protected readonly tokens: TokenStream,
    public pos: number,
    protected readonly profile: Profile,
  ) {}

  /** The current token; past the end, the end-of-input token (a parse never reads beyond it). */
  protected get tok(): Token {
    return this.tokens.at(this.pos);
  }

  protected peek(k = 1): Token {
    return this.tokens.at(this.pos + k);
  }

  protected advance(): Token {
    const t = this.tokens.at(this.pos);
    if (t.kind !== 'eof') this.pos++;
    return t;
  }

  protected isWord(upper: string, t: Token = this.tok): boolean {
    return t.kind === 'word' && t.upper === upper;
  }

  protected isOp(op: string, t: Token = this.tok): boolean {
    return t.kind === 'op' && t.value === op;
  }

  protected acceptWord(upper: string): boolean {
    if (this.isWord(upper)) {
      this.pos++;
      return true;
    }
    return false;
  }

  protected acceptWords(...uppers: string[]): boolean {
    for (let k = 0; k < uppers.length; k++) if (!this.isWord(uppers[k]!, this.peek(k))) return false;
    this.pos += uppers.length;
    return true;
  }

  protected expectWord(upper: string): void {
    if (!this.acceptWord(upper)) throw this.error();
  }

  protected acceptOp(op: string): boolean {
    // A one-character operator (',', ')' between list items) is checked in the token store, without a token object.
    if (op.length === 1 ? this.tokens.isPunctAt(this.pos, op.charCodeAt(0)) : this.isOp(op)) {
      this.pos++;
      return true;
    }
    return false;
  }

  protected expectOp(op: string): void {
    if (!this.acceptOp(op)) throw this.error();
  }

  error(t: Token = this.tok): MySqlError {
    // The lexer reads the token after WITH before the grammar sees WITH (WITH ROLLUP is one token),
    // so a syntax error at WITH is reported from the next token on: near 'MAX_QUERIES_PER_HOUR 100'.
    if (t.kind === 'word' && t.upper === 'WITH') {
      const k = this.tokens.indexOf(t);
      if (k >= 0) return parseErrorAt(this.sql, this.tokens.at(k + 1));
    }
    return parseErrorAt(this.sql, t);
  }

  protected notSupported(name: string): MySqlError {
    return mysqlError('ER_NOT_SUPPORTED_YET', name);
  }

  expectStatementEnd(): void {
    if (this.tok.kind === 'eof' || this.isOp(';')) return;
    throw this.error();
  }

  /** An identifier: bare (not reserved), `quoted`, or (where MySQL allows) a string. */
  protected identifier(allowString = false): string {
    const t = this.tok;
    if (t.kind === 'quoted' || (t.kind === 'word' && !RESERVED.has(t.upper)) || (allowString && t.kind === 'string')) {
      this.pos++;
      return t.value;
    }
    throw this.error();
  }

  protected isIdentifierStart(t: Token = this.tok): boolean {
    return t.kind === 'quoted' || (t.kind === 'word' && !RESERVED.has(t.upper));
  }

  protected stringLiteral(): string {
    const t = this.tok;
    if (t.kind !== 'string') throw this.error();
    this.pos++;
    let value = t.value;
    while (this.tok.kind === 'string') value += this.advance().value;
    return value;
  }

  protected unsignedInt(): number {
    const t = this.tok;
    if (t.kind !== 'number' || !/^\d+$/.test(t.value)) throw this.error();
    this.pos++;
    return Number(t.value);
  }

  /** Skips the rest of a statement we recognise by its first `words` words. */
  protected unsupportedByLeader(words: number): A.UnsupportedStmt {
    const names: string[] = [];
    for (let k = 0; k < words && this.tok.kind === 'word'; k++) names.push(this.advance().upper);
    while (this.tok.kind !== 'eof' && !this.isOp(';')) this.pos++;
    return { kind: 'unsupported', name: names.join(' ') };
  }

  /** The `n`th term of a left-deep chain; past MAX_LEFT_DEEP_TERMS, 1436 (thread stack overrun). */
  protected leftDeep(n: number): void {
    if (n > MAX_LEFT_DEEP_TERMS) throw stackOverrunError();
  }

  /** Runs one level of expression nesting; past MAX_EXPRESSION_NESTING, 1064 "memory exhausted". */
  protected nested<T>(parse: () => T): T {
    if (++this.depth > MAX_EXPRESSION_NESTING) {
      this.depth = 0;
      throw mysqlError('ER_PARSE_ERROR_MEMORY_EXHAUSTED', this.sql.slice(this.tok.start, this.tok.start + 80), this.tok.line);
    }
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  /** After a dot any word is a name, even a reserved one (`mysql.user`, `t.key`). */
  protected identifierAfterDot(): string {
    const t = this.tok;
    if (t.kind === 'word' || t.kind === 'quoted') {
      this.pos++;
      return t.value;
    }
    throw this.error();
  }
}

// ------------------------------------------------------------ literal helpers

/** A number literal; a float beyond DOUBLE's range is 1367 (Item_float: "Illegal double '1e400' value found during parsing"). */
export function numberLiteral(text: string): A.LiteralExpr {
  // Most literals are a few digits: a safe integer at once.
  if (text.length <= 15 && allDigits(text)) return { kind: 'literal', literal: 'int', value: Number(text) };
  if (/[eE]/.test(text)) {
    const value = Number(text);
    if (!Number.isFinite(value)) throw mysqlError('ER_ILLEGAL_VALUE_FOR_TYPE', 'double', text);
    return { kind: 'literal', literal: 'float', value, text };
  }
  if (text.includes('.')) return { kind: 'literal', literal: 'decimal', value: text };
  const n = Number(text);
  if (Number.isSafeInteger(n)) return { kind: 'literal', literal: 'int', value: n };
  // Past 20 significant digits no integer fits 64 bits: a DECIMAL, without converting a megabyte of digits to a BigInt.
  if (text.length - leadingZeros(text) <= 20 && BigInt(text) <= 18446744073709551615n) return { kind: 'literal', literal: 'int', value: BigInt(text) };
  return { kind: 'literal', literal: 'decimal', value: text };
}

function allDigits(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return text.length > 0;
}

/** How many '0' digits `digits` starts with (MySQL's int_token() skips them before it sizes the number). */
function leadingZeros(digits: string): number {
  let k = 0;
  while (k < digits.length - 1 && digits.charCodeAt(k) === 48) k++;
  return k;
}

export function bitsToBuffer(bits: string): Buffer {
  if (bits === '') return Buffer.alloc(0);
  const padded = bits.padStart(Math.ceil(bits.length / 8) * 8, '0');
  const bytes: number[] = [];
  for (let i = 0; i < padded.length; i += 8) bytes.push(parseInt(padded.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

export function unitLiteral(unit: string): A.LiteralExpr {
  return { kind: 'literal', literal: 'string', value: unit };
}

/** `global.max_allowed_packet` -> { scope: 'global', name: 'max_allowed_packet' }. */
export function sysVarExpr(text: string): A.SysVarExpr {
  const dot = text.indexOf('.');
  if (dot > 0) {
    const prefix = text.slice(0, dot).toLowerCase();
    const name = text.slice(dot + 1).toLowerCase();
    if (prefix === 'global') return { kind: 'sysVar', name, scope: 'global' };
    if (prefix === 'session' || prefix === 'local') return { kind: 'sysVar', name, scope: 'session' };
  }
  return { kind: 'sysVar', name: text.toLowerCase(), scope: 'default' };
}

