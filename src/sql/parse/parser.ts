/**
 * Recursive-descent parser for the statements the emulator runs (SELECT,
 * SET, SHOW, USE, transactions) and for account statements, which it parses
 * fully and hands to account handlers. Errors are MySQL's 1064 with the
 * exact `near '...' at line N` text, taken from the offending token.
 *
 * A statement whose leading keyword(s) we do not know comes back as
 * `{ unrecognised: true }`; classify.ts decides whether it is valid MySQL.
 */
import type { Profile } from '../../config/profiles.js';
import { mysqlError, MySqlError } from '../../errors/mysql-error.js';
import type * as A from './ast.js';
import { parseErrorAt } from './parser-base.js';
import { Parser } from './statements.js';
import { lexerOptionsFor } from './dialect.js';
import { TokenStream, type Token } from './tokenizer.js';

export interface UnrecognisedStatement {
  unrecognised: true;
  /** The statement's text, for classify.ts. */
  text: string;
  /** Offset of the statement in the whole source. */
  offset: number;
  /** Its first tokens (at most UNRECOGNISED_LEADING_TOKENS): the words that name it. */
  tokens: Token[];
  /** Its token that ends after `absolute` (an offset in the whole source), for an error's position; undefined past its end. */
  tokenAfter(absolute: number): Token | undefined;
  /** The line of its last token. */
  lastLine: number;
}

/** How many tokens of an unrecognised statement are made objects at once (a 1 MiB one has 300,000). */
export const UNRECOGNISED_LEADING_TOKENS = 64;

export type ReadStatement = A.ParsedStatement | UnrecognisedStatement;

/** A text with more than this many characters left unlexed is lexed in slices (StatementReader.lexAhead()). */
export const LEX_AHEAD_CHARS = 16 * 1024;

/** Tokens lexed per slice: a few milliseconds. */
export const LEX_SLICE_TOKENS = 32 * 1024;

/**
 * Reads statements one at a time from a SQL text, so the caller can run
 * each before the next is parsed (a later syntax error does not undo
 * earlier statements, as in MySQL).
 */
export class StatementReader {
  private readonly tokens: TokenStream;
  private pos = 0;
  private count = 0;

  constructor(
    private readonly sql: string,
    private readonly profile: Profile,
  ) {
    this.tokens = new TokenStream(sql, lexerOptionsFor(profile));
  }

  /**
   * Lexes a slice (LEX_SLICE_TOKENS) of a long text ahead of the parser:
   * true while more than LEX_AHEAD_CHARS of the text is left unlexed, so
   * the caller can give the event loop a turn before the next slice. A
   * megabyte of text is then lexed in steps of a few milliseconds, between
   * other sessions' work, instead of in the parse's one stretch; lexical
   * errors still surface only when the parser reaches them.
   */
  lexAhead(): boolean {
    if (!this.longTextLeft()) return false;
    return this.tokens.lexSlice(LEX_SLICE_TOKENS) && this.longTextLeft();
  }

  /**
   * The next statement, from its first token to the `;` or the end after
   * it, is longer than LEX_AHEAD_CHARS: a long statement, whose parse the
   * caller gives a turn of its own (session/long-statements.ts). A scan of
   * its tokens, made only when that much text is left; a lexical error on
   * the way counts it long.
   */
  nextIsLong(): boolean {
    // A short text holds no long statement: nothing is read (every COM_QUERY asks).
    if (this.sql.length <= LEX_AHEAD_CHARS) return false;
    try {
      let p = this.pos;
      while (this.tokens.isPunctAt(p, 59)) p++;
      const start = this.tokens.startAt(p);
      if (this.sql.length - start <= LEX_AHEAD_CHARS) return false;
      return this.tokens.startAt(this.statementEnd(p)) - start > LEX_AHEAD_CHARS;
    } catch {
      return true;
    }
  }

  /** More than LEX_AHEAD_CHARS of the text is left unlexed: lexAhead() would lex a slice. */
  longTextLeft(): boolean {
    return this.tokens.unlexed > LEX_AHEAD_CHARS;
  }

  /** True when only `;` separators remain. */
  atEnd(): boolean {
    let p = this.pos;
    while (this.tokens.at(p).kind === 'op' && this.tokens.at(p).value === ';') p++;
    return this.tokens.at(p).kind === 'eof';
  }

  /** Offset and line of the next statement's first token (for "multi statements off" errors). */
  nextStatementError(): MySqlError {
    let p = this.pos;
    while (this.tokens.at(p).kind === 'op' && this.tokens.at(p).value === ';') p++;
    return parseErrorAt(this.sql, this.tokens.at(p));
  }

  /** Parses the next statement; null at the end of the text. Throws 1064 / 1065. */
  next(): ReadStatement | null {
    if (this.count > 0) {
      while (this.tokens.at(this.pos).kind === 'op' && this.tokens.at(this.pos).value === ';') this.pos++;
      if (this.tokens.at(this.pos).kind === 'eof') return null;
    } else if (this.tokens.at(0).kind === 'eof' || (this.tokens.at(0).kind === 'op' && this.tokens.at(0).value === ';')) {
      throw mysqlError('ER_EMPTY_QUERY');
    }
    this.count++;
    const startPos = this.pos;
    this.tokens.release(startPos);
    const parser = new Parser(this.sql, this.tokens, this.pos, this.profile);
    let statement: A.Statement | null;
    try {
      statement = parser.parseStatement();
    } catch (err) {
      if (!(err instanceof MySqlError) || err.symbol !== 'ER_NOT_SUPPORTED_YET') throw err;
      // Valid MySQL that the emulator does not run: a statement of its own, so the sandbox gate
      // still decides first (1820), and only then is it 1235.
      const end = this.statementEnd(startPos);
      this.pos = end;
      const first = this.tokens.at(startPos);
      const leader = this.tokens.slice(startPos, startPos + 2).map((t) => (t.kind === 'word' ? t.upper : ''));
      return {
        statement: { kind: 'unsupported', name: String(err.args[0]), leader },
        text: this.sql.slice(first.start, this.tokens.at(end).start).trimEnd(),
        paramCount: 0,
      };
    }
    if (statement === null) {
      const end = this.statementEnd(startPos);
      this.pos = end;
      const first = this.tokens.at(startPos);
      const stop = this.tokens.at(end);
      const tokens = this.tokens;
      return {
        unrecognised: true,
        text: this.sql.slice(first.start, stop.start),
        offset: first.start,
        tokens: tokens.slice(startPos, Math.min(end, startPos + UNRECOGNISED_LEADING_TOKENS)),
        // Read while the statement is classified, before the reader moves on (and releases these tokens).
        tokenAfter(absolute: number): Token | undefined {
          let lo = startPos;
          let hi = end;
          while (lo < hi) {
            const mid = (lo + hi) >>> 1;
            if (tokens.endAt(mid) > absolute) hi = mid;
            else lo = mid + 1;
          }
          return lo < end ? tokens.at(lo) : undefined;
        },
        lastLine: tokens.at(Math.max(startPos, end - 1)).line,
      };
    }
    parser.expectStatementEnd();
    this.pos = parser.pos;
    const first = this.tokens.at(startPos);
    const last = this.tokens.at(this.pos - 1);
    return { statement, text: this.sql.slice(first.start, last.end), paramCount: parser.paramCount };
  }

  private statementEnd(from: number): number {
    let p = from;
    while (this.tokens.kindAt(p) !== 'eof' && !this.tokens.isPunctAt(p, 59)) p++;
    return p;
  }
}

/** Parses exactly one statement (for COM_STMT_PREPARE and tests). */
export function parseOne(sql: string, profile: Profile): ReadStatement {
  return readOne(new StatementReader(sql, profile));
}

/** parseOne() of a reader's text (one that may have been lexed ahead: StatementReader.lexAhead()). */
export function readOne(reader: StatementReader): ReadStatement {
  const first = reader.next();
  if (!first) throw mysqlError('ER_EMPTY_QUERY');
  if (!reader.atEnd()) throw reader.nextStatementError();
  return first;
}

export { MAX_EXPRESSION_NESTING, parseErrorAt } from './parser-base.js';
