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
import { mysqlError, type MySqlError } from '../../errors/mysql-error.js';
import type * as A from './ast.js';
import {
  allowsUserFunctionInAlterUser,
  hasDualPasswords,
  hasFailedLoginTracking,
  hasPasswordFunction,
  lexerOptionsFor,
} from './dialect.js';
import { tokenize, type Token } from './tokenizer.js';

export interface UnrecognisedStatement {
  unrecognised: true;
  /** The statement's text, for classify.ts. */
  text: string;
  /** Offset of the statement in the whole source. */
  offset: number;
  /** Token positions inside the statement, for error positions. */
  tokens: Token[];
}

export type ReadStatement = A.ParsedStatement | UnrecognisedStatement;

/** Words that end an expression or select item rather than name something. */
const RESERVED = new Set(
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
const NILADIC: Record<string, string> = {
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

const INTERVAL_UNITS = new Set(
  (
    'MICROSECOND SECOND MINUTE HOUR DAY WEEK MONTH QUARTER YEAR SECOND_MICROSECOND MINUTE_MICROSECOND MINUTE_SECOND ' +
    'HOUR_MICROSECOND HOUR_SECOND HOUR_MINUTE DAY_MICROSECOND DAY_SECOND DAY_MINUTE DAY_HOUR YEAR_MONTH'
  ).split(' '),
);

/** Statements valid in MySQL that we answer with 1235 without checking their grammar further. */
const KNOWN_UNSUPPORTED_LEADERS = new Set(
  (
    'DO KILL HANDLER XA SAVEPOINT RELEASE PREPARE EXECUTE DEALLOCATE ANALYZE CHECK CHECKSUM OPTIMIZE REPAIR RESET ' +
    'SHUTDOWN RESTART CLONE BINLOG CACHE CHANGE PURGE HELP SIGNAL RESIGNAL GET IMPORT STOP TABLE VALUES UNLOCK LOCK'
  ).split(' '),
);

const CHARSET_INTRODUCERS = new Set([
  '_UTF8MB4', '_UTF8MB3', '_UTF8', '_LATIN1', '_BINARY', '_ASCII', '_UCS2', '_UTF16', '_UTF32',
]);

/**
 * Reads statements one at a time from a SQL text, so the caller can run
 * each before the next is parsed (a later syntax error does not undo
 * earlier statements, as in MySQL).
 */
export class StatementReader {
  private readonly tokens: Token[];
  private pos = 0;
  private count = 0;

  constructor(
    private readonly sql: string,
    private readonly profile: Profile,
  ) {
    this.tokens = tokenize(sql, lexerOptionsFor(profile));
  }

  /** True when only `;` separators remain. */
  atEnd(): boolean {
    let p = this.pos;
    while (this.tokens[p]!.kind === 'op' && this.tokens[p]!.value === ';') p++;
    return this.tokens[p]!.kind === 'eof';
  }

  /** Offset and line of the next statement's first token (for "multi statements off" errors). */
  nextStatementError(): MySqlError {
    let p = this.pos;
    while (this.tokens[p]!.kind === 'op' && this.tokens[p]!.value === ';') p++;
    return parseErrorAt(this.sql, this.tokens[p]!);
  }

  /** Parses the next statement; null at the end of the text. Throws 1064 / 1065. */
  next(): ReadStatement | null {
    if (this.count > 0) {
      while (this.tokens[this.pos]!.kind === 'op' && this.tokens[this.pos]!.value === ';') this.pos++;
      if (this.tokens[this.pos]!.kind === 'eof') return null;
    } else if (this.tokens[0]!.kind === 'eof' || (this.tokens[0]!.kind === 'op' && this.tokens[0]!.value === ';')) {
      throw mysqlError('ER_EMPTY_QUERY');
    }
    this.count++;
    const startPos = this.pos;
    const parser = new Parser(this.sql, this.tokens, this.pos, this.profile);
    const statement = parser.parseStatement();
    if (statement === null) {
      const end = this.statementEnd(startPos);
      this.pos = end;
      const first = this.tokens[startPos]!;
      const stop = this.tokens[end]!;
      return {
        unrecognised: true,
        text: this.sql.slice(first.start, stop.start),
        offset: first.start,
        tokens: this.tokens.slice(startPos, end),
      };
    }
    parser.expectStatementEnd();
    this.pos = parser.pos;
    const first = this.tokens[startPos]!;
    const last = this.tokens[this.pos - 1]!;
    return { statement, text: this.sql.slice(first.start, last.end), paramCount: parser.paramCount };
  }

  private statementEnd(from: number): number {
    let p = from;
    while (this.tokens[p]!.kind !== 'eof' && !(this.tokens[p]!.kind === 'op' && this.tokens[p]!.value === ';')) p++;
    return p;
  }
}

/** Parses exactly one statement (for COM_STMT_PREPARE and tests). */
export function parseOne(sql: string, profile: Profile): ReadStatement {
  const reader = new StatementReader(sql, profile);
  const first = reader.next();
  if (!first) throw mysqlError('ER_EMPTY_QUERY');
  if (!reader.atEnd()) throw reader.nextStatementError();
  return first;
}

export function parseErrorAt(sql: string, token: Token): MySqlError {
  return mysqlError('ER_PARSE_ERROR', sql.slice(token.start, token.start + 80), token.line);
}

/**
 * How deep expressions may nest (parentheses, function arguments, NOT and
 * unary chains) before the parse stops with MySQL's Bison overflow error,
 * 1064 "memory exhausted near '...'". Keeps parse and evaluation well
 * inside the JavaScript stack.
 */
export const MAX_EXPRESSION_NESTING = 400;

class Parser {
  paramCount = 0;
  /** Current expression nesting, bounded by MAX_EXPRESSION_NESTING. */
  private depth = 0;

  constructor(
    private readonly sql: string,
    private readonly tokens: Token[],
    public pos: number,
    private readonly profile: Profile,
  ) {}

  // ------------------------------------------------------------ token helpers

  private get tok(): Token {
    return this.tokens[this.pos]!;
  }
  private peek(k = 1): Token {
    return this.tokens[Math.min(this.pos + k, this.tokens.length - 1)]!;
  }
  private advance(): Token {
    const t = this.tokens[this.pos]!;
    if (t.kind !== 'eof') this.pos++;
    return t;
  }
  private isWord(upper: string, t: Token = this.tok): boolean {
    return t.kind === 'word' && t.upper === upper;
  }
  private isOp(op: string, t: Token = this.tok): boolean {
    return t.kind === 'op' && t.value === op;
  }
  private acceptWord(upper: string): boolean {
    if (this.isWord(upper)) {
      this.pos++;
      return true;
    }
    return false;
  }
  private acceptWords(...uppers: string[]): boolean {
    for (let k = 0; k < uppers.length; k++) if (!this.isWord(uppers[k]!, this.peek(k))) return false;
    this.pos += uppers.length;
    return true;
  }
  private expectWord(upper: string): void {
    if (!this.acceptWord(upper)) throw this.error();
  }
  private acceptOp(op: string): boolean {
    if (this.isOp(op)) {
      this.pos++;
      return true;
    }
    return false;
  }
  private expectOp(op: string): void {
    if (!this.acceptOp(op)) throw this.error();
  }
  error(t: Token = this.tok): MySqlError {
    return parseErrorAt(this.sql, t);
  }
  private notSupported(name: string): MySqlError {
    return mysqlError('ER_NOT_SUPPORTED_YET', name);
  }

  expectStatementEnd(): void {
    if (this.tok.kind === 'eof' || this.isOp(';')) return;
    throw this.error();
  }

  /** An identifier: bare (not reserved), `quoted`, or (where MySQL allows) a string. */
  private identifier(allowString = false): string {
    const t = this.tok;
    if (t.kind === 'quoted' || (t.kind === 'word' && !RESERVED.has(t.upper)) || (allowString && t.kind === 'string')) {
      this.pos++;
      return t.value;
    }
    throw this.error();
  }
  private isIdentifierStart(t: Token = this.tok): boolean {
    return t.kind === 'quoted' || (t.kind === 'word' && !RESERVED.has(t.upper));
  }
  private stringLiteral(): string {
    const t = this.tok;
    if (t.kind !== 'string') throw this.error();
    this.pos++;
    let value = t.value;
    while (this.tok.kind === 'string') value += this.advance().value;
    return value;
  }
  private unsignedInt(): number {
    const t = this.tok;
    if (t.kind !== 'number' || !/^\d+$/.test(t.value)) throw this.error();
    this.pos++;
    return Number(t.value);
  }

  // ------------------------------------------------------------ statements

  /** Returns null when the leading keyword(s) are not ours to parse. */
  parseStatement(): A.Statement | null {
    const t = this.tok;
    if (this.isOp('(') && this.isWord('SELECT', this.peek())) return this.parenthesisedSelect();
    if (t.kind !== 'word') throw this.error();
    switch (t.upper) {
      case 'SELECT':
        this.pos++;
        return this.select();
      case 'SET':
        this.pos++;
        return this.set();
      case 'SHOW':
        this.pos++;
        return this.show();
      case 'USE':
        this.pos++;
        return { kind: 'use', database: this.identifier(true) };
      case 'BEGIN':
        this.pos++;
        this.acceptWord('WORK');
        return { kind: 'transaction', action: 'begin' };
      case 'START':
        if (this.isWord('TRANSACTION', this.peek())) {
          this.pos += 2;
          this.transactionCharacteristics();
          return { kind: 'transaction', action: 'begin' };
        }
        return this.unsupportedByLeader(2);
      case 'COMMIT':
      case 'ROLLBACK':
        return this.commitOrRollback();
      case 'CREATE':
        return this.create();
      case 'ALTER':
        if (this.isWord('USER', this.peek())) {
          this.pos += 2;
          return this.alterUser();
        }
        return null;
      case 'DROP':
        return this.drop();
      case 'RENAME':
        if (this.isWord('USER', this.peek())) {
          this.pos += 2;
          return this.renameUser();
        }
        return null;
      case 'GRANT':
        this.pos++;
        return this.grant();
      case 'REVOKE':
        this.pos++;
        return this.revoke();
      case 'FLUSH':
        this.pos++;
        return this.flush();
      case 'INSTALL':
      case 'UNINSTALL':
        return this.component(t.upper === 'INSTALL');
      case 'UPDATE':
        this.pos++;
        return this.update();
      default:
        if (KNOWN_UNSUPPORTED_LEADERS.has(t.upper)) return this.unsupportedByLeader(1);
        return null;
    }
  }

  /** Skips the rest of a statement we recognise by its first `words` words. */
  private unsupportedByLeader(words: number): A.UnsupportedStmt {
    const names: string[] = [];
    for (let k = 0; k < words && this.tok.kind === 'word'; k++) names.push(this.advance().upper);
    while (this.tok.kind !== 'eof' && !this.isOp(';')) this.pos++;
    return { kind: 'unsupported', name: names.join(' ') };
  }

  private commitOrRollback(): A.Statement {
    const action = this.advance().upper === 'COMMIT' ? 'commit' : 'rollback';
    this.acceptWord('WORK');
    if (action === 'rollback' && this.isWord('TO')) return { kind: 'unsupported', name: 'ROLLBACK TO SAVEPOINT' };
    if (this.acceptWord('AND')) {
      this.acceptWord('NO');
      this.expectWord('CHAIN');
    }
    if (this.acceptWord('NO')) this.expectWord('RELEASE');
    else this.acceptWord('RELEASE');
    return { kind: 'transaction', action };
  }

  private transactionCharacteristics(): void {
    do {
      if (this.acceptWords('WITH', 'CONSISTENT', 'SNAPSHOT')) continue;
      if (this.acceptWords('READ', 'ONLY') || this.acceptWords('READ', 'WRITE')) continue;
      if (this.tok.kind !== 'eof' && !this.isOp(';')) throw this.error();
    } while (this.acceptOp(','));
  }

  // ------------------------------------------------------------ SELECT

  private parenthesisedSelect(): A.SelectStmt {
    this.expectOp('(');
    this.expectWord('SELECT');
    const s = this.select();
    this.expectOp(')');
    return s;
  }

  private select(): A.SelectStmt {
    const stmt: A.SelectStmt = { kind: 'select', distinct: false, items: [] };
    for (;;) {
      if (this.acceptWord('DISTINCT') || this.acceptWord('DISTINCTROW')) stmt.distinct = true;
      else if (this.acceptWord('ALL')) continue;
      else if (this.tok.kind === 'word' && /^(SQL_[A-Z_]+|HIGH_PRIORITY|STRAIGHT_JOIN)$/.test(this.tok.upper)) this.pos++;
      else break;
    }
    do stmt.items.push(this.selectItem());
    while (this.acceptOp(','));

    if (this.acceptWord('INTO')) throw this.notSupported('SELECT ... INTO');
    if (this.acceptWord('FROM')) {
      if (this.acceptWord('DUAL')) {
        // FROM DUAL is the same as no FROM.
      } else {
        if (this.isOp('(')) throw this.notSupported('derived tables');
        stmt.from = this.tableRef();
        if (this.isOp(',') || ['JOIN', 'INNER', 'LEFT', 'RIGHT', 'CROSS', 'NATURAL', 'STRAIGHT_JOIN'].includes(this.tok.upper)) {
          throw this.notSupported('joins');
        }
      }
    }
    if (this.acceptWord('WHERE')) stmt.where = this.expr();
    if (this.acceptWords('GROUP', 'BY')) {
      stmt.groupBy = [];
      do {
        stmt.groupBy.push(this.expr());
        if (!this.acceptWord('ASC')) this.acceptWord('DESC');
      } while (this.acceptOp(','));
      if (this.acceptWords('WITH', 'ROLLUP')) throw this.notSupported('WITH ROLLUP');
    }
    if (this.acceptWord('HAVING')) stmt.having = this.expr();
    if (this.isWord('WINDOW')) throw this.notSupported('WINDOW');
    if (this.acceptWords('ORDER', 'BY')) stmt.orderBy = this.orderList();
    if (this.acceptWord('LIMIT')) stmt.limit = this.limit();
    if (this.isWord('UNION') || this.isWord('EXCEPT') || this.isWord('INTERSECT')) throw this.notSupported(this.tok.upper);
    if (this.acceptWord('FOR')) {
      if (!this.acceptWord('UPDATE')) this.expectWord('SHARE');
      while (this.tok.kind === 'word' && ['NOWAIT', 'SKIP', 'LOCKED', 'OF'].includes(this.tok.upper)) this.pos++;
    } else if (this.acceptWords('LOCK', 'IN', 'SHARE', 'MODE')) {
      // Locking reads lock nothing here.
    }
    return stmt;
  }

  private limit(): { count: A.Expr; offset?: A.Expr } {
    const first = this.limitValue();
    if (this.acceptOp(',')) return { offset: first, count: this.limitValue() };
    if (this.acceptWord('OFFSET')) return { count: first, offset: this.limitValue() };
    return { count: first };
  }
  private limitValue(): A.Expr {
    if (this.tok.kind === 'param') return this.primary();
    return { kind: 'literal', literal: 'int', value: this.unsignedInt() };
  }

  private orderList(): A.OrderItem[] {
    const items: A.OrderItem[] = [];
    do {
      const expr = this.expr();
      let desc = false;
      if (this.acceptWord('DESC')) desc = true;
      else this.acceptWord('ASC');
      items.push({ expr, desc });
    } while (this.acceptOp(','));
    return items;
  }

  private selectItem(): A.SelectItem {
    const first = this.tok;
    if (this.isOp('*')) {
      this.pos++;
      return { expr: { kind: 'star' }, text: '*' };
    }
    const expr = this.expr();
    const last = this.tokens[this.pos - 1]!;
    const item: A.SelectItem = { expr, text: this.sql.slice(first.start, last.end) };
    if (this.acceptWord('AS')) item.alias = this.identifier(true);
    else if (this.isIdentifierStart() || this.tok.kind === 'string') item.alias = this.advance().value;
    return item;
  }

  private tableRef(): A.TableRef {
    const first = this.identifier();
    const ref: A.TableRef = { name: first };
    if (this.acceptOp('.')) {
      ref.schema = first;
      ref.name = this.identifierAfterDot();
    }
    if (this.acceptWord('AS')) ref.alias = this.identifier();
    else if (this.isIdentifierStart()) ref.alias = this.identifier();
    return ref;
  }
  /** After a dot any word is a name, even a reserved one (`mysql.user`, `t.key`). */
  private identifierAfterDot(): string {
    const t = this.tok;
    if (t.kind === 'word' || t.kind === 'quoted') {
      this.pos++;
      return t.value;
    }
    throw this.error();
  }

  // ------------------------------------------------------------ expressions

  expr(): A.Expr {
    return this.nested(() => {
      let left = this.xorExpr();
      while (this.isWord('OR') || this.isOp('||')) {
        this.pos++;
        left = { kind: 'binary', op: 'OR', left, right: this.xorExpr() };
      }
      return left;
    });
  }
  /** Runs one level of expression nesting; past MAX_EXPRESSION_NESTING, 1064 "memory exhausted". */
  private nested<T>(parse: () => T): T {
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
  private xorExpr(): A.Expr {
    let left = this.andExpr();
    while (this.acceptWord('XOR')) left = { kind: 'binary', op: 'XOR', left, right: this.andExpr() };
    return left;
  }
  private andExpr(): A.Expr {
    let left = this.notExpr();
    while (this.isWord('AND') || this.isOp('&&')) {
      this.pos++;
      left = { kind: 'binary', op: 'AND', left, right: this.notExpr() };
    }
    return left;
  }
  /**
   * `(a, b) = (c, d)` (also <=>, <>, !=), as in the pre-4.1 migration guide's
   * `WHERE (User, Host) = ('user1', 'localhost')`: rewritten pairwise, which
   * keeps MySQL's NULL rules (= is AND of the pairs, <> is OR). The rows come
   * from primary(), which reads `(a, b, ...)` in one pass (no backtracking,
   * so nesting costs linear time).
   */
  private rowComparison(left: A.RowExpr, op: string, right: A.Expr): A.Expr {
    if (right.kind !== 'row') throw mysqlError('ER_OPERAND_COLUMNS', left.items.length);
    if (right.items.length !== left.items.length) throw mysqlError('ER_OPERAND_COLUMNS', left.items.length);
    if (!['=', '<=>', '<>', '!='].includes(op)) throw this.notSupported('row comparisons other than =, <=>, <>');
    const binary = (op === '!=' ? '<>' : op) as A.BinaryOp;
    const pairs = left.items.map((l, i): A.Expr => ({ kind: 'binary', op: binary, left: l, right: right.items[i]! }));
    return pairs.reduce((acc, p) => ({ kind: 'binary', op: binary === '<>' ? 'OR' : 'AND', left: acc, right: p }));
  }
  private notExpr(): A.Expr {
    if (this.acceptWord('NOT')) return { kind: 'unary', op: 'NOT', arg: this.nested(() => this.notExpr()) };
    return this.predicate();
  }
  private predicate(): A.Expr {
    let left = this.bitOr();
    for (;;) {
      const t = this.tok;
      if (t.kind === 'op' && ['=', '<=>', '<>', '!=', '<', '<=', '>', '>='].includes(t.value)) {
        this.pos++;
        if (this.isWord('ANY') || this.isWord('ALL') || this.isWord('SOME')) throw this.notSupported('subqueries');
        const right = this.bitOr();
        if (left.kind === 'row') {
          left = this.rowComparison(left, t.value, right);
          continue;
        }
        if (right.kind === 'row') throw mysqlError('ER_OPERAND_COLUMNS', 1);
        const op = (t.value === '!=' ? '<>' : t.value) as A.BinaryOp;
        left = { kind: 'binary', op, left, right };
        continue;
      }
      if (this.acceptWord('IS')) {
        const not = this.acceptWord('NOT');
        const test = this.tok.upper;
        if (test !== 'NULL' && test !== 'TRUE' && test !== 'FALSE' && test !== 'UNKNOWN') throw this.error();
        this.pos++;
        left = { kind: 'is', arg: left, not, test };
        continue;
      }
      const not = this.isWord('NOT') && ['IN', 'BETWEEN', 'LIKE', 'REGEXP', 'RLIKE'].includes(this.peek().upper);
      if (not) this.pos++;
      if (this.acceptWord('IN')) {
        this.expectOp('(');
        if (this.isWord('SELECT')) throw this.notSupported('subqueries');
        const list: A.Expr[] = [];
        do list.push(this.expr());
        while (this.acceptOp(','));
        this.expectOp(')');
        left = { kind: 'in', arg: left, list, not };
      } else if (this.acceptWord('BETWEEN')) {
        const low = this.bitOr();
        this.expectWord('AND');
        left = { kind: 'between', arg: left, low, high: this.bitOr(), not };
      } else if (this.acceptWord('LIKE')) {
        const pattern = this.bitOr();
        const like: A.LikeExpr = { kind: 'like', arg: left, pattern, not };
        if (this.acceptWord('ESCAPE')) like.escape = this.primary();
        left = like;
      } else if (this.acceptWord('REGEXP') || this.acceptWord('RLIKE')) {
        left = { kind: 'regexp', arg: left, pattern: this.bitOr(), not };
      } else if (not) {
        throw this.error();
      } else if (this.isWord('SOUNDS') || this.isWord('MEMBER')) {
        throw this.notSupported(`${this.tok.upper} operator`);
      } else {
        return left;
      }
    }
  }
  private bitOr(): A.Expr {
    let left = this.bitAnd();
    while (this.acceptOp('|')) left = { kind: 'binary', op: '|', left, right: this.bitAnd() };
    return left;
  }
  private bitAnd(): A.Expr {
    let left = this.shift();
    while (this.acceptOp('&')) left = { kind: 'binary', op: '&', left, right: this.shift() };
    return left;
  }
  private shift(): A.Expr {
    let left = this.additive();
    while (this.isOp('<<') || this.isOp('>>')) {
      const op = this.advance().value as '<<' | '>>';
      left = { kind: 'binary', op, left, right: this.additive() };
    }
    return left;
  }
  private additive(): A.Expr {
    let left = this.multiplicative();
    while (this.isOp('+') || this.isOp('-')) {
      const op = this.advance().value as '+' | '-';
      left = { kind: 'binary', op, left, right: this.multiplicative() };
    }
    return left;
  }
  private multiplicative(): A.Expr {
    let left = this.bitXor();
    for (;;) {
      let op: A.BinaryOp | null = null;
      if (this.isOp('*') || this.isOp('/') || this.isOp('%')) op = this.tok.value as A.BinaryOp;
      else if (this.isWord('DIV')) op = 'DIV';
      else if (this.isWord('MOD')) op = '%';
      if (!op) return left;
      this.pos++;
      left = { kind: 'binary', op, left, right: this.bitXor() };
    }
  }
  private bitXor(): A.Expr {
    let left = this.unary();
    while (this.acceptOp('^')) left = { kind: 'binary', op: '^', left, right: this.unary() };
    return left;
  }
  private unary(): A.Expr {
    const t = this.tok;
    if (t.kind === 'op' && (t.value === '-' || t.value === '+' || t.value === '~' || t.value === '!')) {
      this.pos++;
      const arg = this.nested(() => this.unary());
      if (t.value === '-' && arg.kind === 'literal' && typeof arg.value === 'number' && arg.literal !== 'string') {
        return { ...arg, value: -arg.value };
      }
      return { kind: 'unary', op: t.value as '-' | '+' | '~' | '!', arg };
    }
    if (this.isWord('BINARY') && !this.isOp('(', this.peek())) {
      this.pos++;
      return { kind: 'unary', op: 'BINARY', arg: this.nested(() => this.unary()) };
    }
    let e = this.primary();
    for (;;) {
      if (this.acceptWord('COLLATE')) {
        e = { kind: 'collate', arg: e, collation: this.identifier(true) };
      } else if (this.isOp('->') || this.isOp('->>')) {
        const unquote = this.advance().value === '->>';
        const path: A.Expr = { kind: 'literal', literal: 'string', value: this.stringLiteral() };
        const extract: A.Expr = { kind: 'call', name: 'JSON_EXTRACT', args: [e, path] };
        e = unquote ? { kind: 'call', name: 'JSON_UNQUOTE', args: [extract] } : extract;
      } else {
        return e;
      }
    }
  }

  primary(): A.Expr {
    const t = this.tok;
    switch (t.kind) {
      case 'number':
        this.pos++;
        return numberLiteral(t.value);
      case 'string':
        return { kind: 'literal', literal: 'string', value: this.stringLiteral() };
      case 'hex':
        this.pos++;
        return { kind: 'literal', literal: 'hex', value: Buffer.from(t.value, 'hex') };
      case 'bits':
        this.pos++;
        return { kind: 'literal', literal: 'bits', value: bitsToBuffer(t.value) };
      case 'param':
        this.pos++;
        return { kind: 'param', index: this.paramCount++ };
      case 'userVar':
        this.pos++;
        if (this.isOp(':=')) throw this.notSupported('assignment in expressions');
        return { kind: 'userVar', name: t.value.toLowerCase() };
      case 'sysVar':
        this.pos++;
        return sysVarExpr(t.value);
      case 'quoted':
        return this.columnRef();
      case 'op':
        if (t.value === '(') {
          this.pos++;
          if (this.isWord('SELECT')) throw this.notSupported('subqueries');
          const e = this.expr();
          if (this.isOp(',')) {
            const items = [e];
            while (this.acceptOp(',')) items.push(this.expr());
            this.expectOp(')');
            return { kind: 'row', items };
          }
          this.expectOp(')');
          return e;
        }
        throw this.error();
      case 'word':
        return this.wordPrimary(t);
      default:
        throw this.error();
    }
  }

  private wordPrimary(t: Token): A.Expr {
    const next = this.peek();
    const call = next.kind === 'op' && next.value === '(' && next.start === t.end;
    switch (t.upper) {
      case 'NULL':
        this.pos++;
        return { kind: 'literal', literal: 'null', value: null };
      case 'TRUE':
      case 'FALSE':
        this.pos++;
        return { kind: 'literal', literal: 'bool', value: t.upper === 'TRUE' ? 1 : 0 };
      case 'CASE':
        this.pos++;
        return this.caseExpr();
      case 'INTERVAL': {
        this.pos++;
        const value = this.expr();
        return { kind: 'interval', value, unit: this.intervalUnit() };
      }
      case 'EXISTS':
        throw this.notSupported('subqueries');
      case 'DATE':
      case 'TIME':
      case 'TIMESTAMP':
        if (next.kind === 'string') {
          this.pos += 2;
          const name = t.upper === 'TIMESTAMP' ? 'DATETIME' : t.upper;
          return { kind: 'cast', arg: { kind: 'literal', literal: 'string', value: next.value }, to: { name } as A.CastType };
        }
        break;
    }
    if (t.upper.startsWith('_') && next.kind === 'string' && CHARSET_INTRODUCERS.has(t.upper)) {
      this.pos++;
      const value = this.stringLiteral();
      const charset = t.upper.slice(1).toLowerCase();
      if (charset === 'binary') return { kind: 'literal', literal: 'hex', value: Buffer.from(value, 'utf8'), charset };
      return { kind: 'literal', literal: 'string', value, charset };
    }
    if (!call && NILADIC[t.upper] && !this.isOp('.', next)) {
      this.pos++;
      return { kind: 'call', name: NILADIC[t.upper]!, args: [] };
    }
    if (call) return this.functionCall();
    return this.columnRef();
  }

  private columnRef(): A.Expr {
    const first = this.tok;
    if (first.kind === 'word' && RESERVED.has(first.upper)) throw this.error();
    this.pos++;
    const parts = [first.value];
    while (this.isOp('.')) {
      this.pos++;
      if (this.isOp('*')) {
        this.pos++;
        return { kind: 'star', table: parts[parts.length - 1] };
      }
      parts.push(this.identifierAfterDot());
    }
    if (parts.length > 3) throw this.error();
    const name = parts[parts.length - 1]!;
    if (parts.length === 3) return { kind: 'column', schema: parts[0], table: parts[1], name };
    if (parts.length === 2) return { kind: 'column', table: parts[0], name };
    return { kind: 'column', name };
  }

  private caseExpr(): A.CaseExpr {
    const c: A.CaseExpr = { kind: 'case', whens: [] };
    if (!this.isWord('WHEN')) c.operand = this.expr();
    while (this.acceptWord('WHEN')) {
      const when = this.expr();
      this.expectWord('THEN');
      c.whens.push({ when, then: this.expr() });
    }
    if (c.whens.length === 0) throw this.error();
    if (this.acceptWord('ELSE')) c.else = this.expr();
    this.expectWord('END');
    return c;
  }

  private intervalUnit(): string {
    const u = this.tok.upper;
    if (this.tok.kind !== 'word' || !INTERVAL_UNITS.has(u)) throw this.error();
    this.pos++;
    return u;
  }

  private functionCall(): A.Expr {
    const nameTok = this.advance();
    const name = nameTok.upper;
    this.expectOp('(');
    switch (name) {
      case 'CAST': {
        const arg = this.expr();
        this.expectWord('AS');
        const to = this.castType();
        this.expectOp(')');
        return { kind: 'cast', arg, to };
      }
      case 'CONVERT': {
        const arg = this.expr();
        if (this.acceptWord('USING')) {
          const charset = this.identifier(true).toLowerCase();
          this.expectOp(')');
          return { kind: 'cast', arg, to: { name: charset === 'binary' ? 'BINARY' : 'CHAR', charset } };
        }
        this.expectOp(',');
        const to = this.castType();
        this.expectOp(')');
        return { kind: 'cast', arg, to };
      }
      case 'COUNT':
        if (this.acceptOp('*')) {
          this.expectOp(')');
          return { kind: 'call', name, args: [], star: true };
        }
        break;
      case 'GROUP_CONCAT':
        return this.groupConcat();
      case 'TRIM':
        return this.trim();
      case 'SUBSTRING':
      case 'SUBSTR':
      case 'MID': {
        const args = [this.expr()];
        if (this.acceptWord('FROM')) {
          args.push(this.expr());
          if (this.acceptWord('FOR')) args.push(this.expr());
        } else {
          while (this.acceptOp(',')) args.push(this.expr());
        }
        this.expectOp(')');
        return { kind: 'call', name: 'SUBSTRING', args };
      }
      case 'EXTRACT': {
        const unit = this.intervalUnit();
        this.expectWord('FROM');
        const arg = this.expr();
        this.expectOp(')');
        return { kind: 'call', name, args: [unitLiteral(unit), arg] };
      }
      case 'TIMESTAMPDIFF':
      case 'TIMESTAMPADD': {
        const unit = this.intervalUnit();
        this.expectOp(',');
        const a = this.expr();
        this.expectOp(',');
        const b = this.expr();
        this.expectOp(')');
        return { kind: 'call', name, args: [unitLiteral(unit), a, b] };
      }
      case 'POSITION': {
        const needle = this.bitOr();
        this.expectWord('IN');
        const hay = this.expr();
        this.expectOp(')');
        return { kind: 'call', name: 'LOCATE', args: [needle, hay] };
      }
    }
    const call: A.CallExpr = { kind: 'call', name, written: nameTok.value, args: [] };
    if (this.acceptWord('DISTINCT')) call.distinct = true;
    else this.acceptWord('ALL');
    if (!this.isOp(')')) {
      do call.args.push(this.expr());
      while (this.acceptOp(','));
    }
    this.expectOp(')');
    if (this.isWord('OVER')) throw this.notSupported('window functions');
    return call;
  }

  private groupConcat(): A.CallExpr {
    const call: A.CallExpr = { kind: 'call', name: 'GROUP_CONCAT', args: [] };
    if (this.acceptWord('DISTINCT')) call.distinct = true;
    do call.args.push(this.expr());
    while (this.acceptOp(','));
    if (this.acceptWords('ORDER', 'BY')) call.orderBy = this.orderList();
    if (this.acceptWord('SEPARATOR')) call.separator = this.stringLiteral();
    this.expectOp(')');
    return call;
  }

  private trim(): A.CallExpr {
    let mode = 'BOTH';
    if (this.isWord('LEADING') || this.isWord('TRAILING') || this.isWord('BOTH')) mode = this.advance().upper;
    let remove: A.Expr | undefined;
    let subject: A.Expr;
    if (this.acceptWord('FROM')) {
      subject = this.expr();
    } else {
      const first = this.expr();
      if (this.acceptWord('FROM')) {
        remove = first;
        subject = this.expr();
      } else {
        subject = first;
      }
    }
    this.expectOp(')');
    const args: A.Expr[] = [subject, unitLiteral(mode)];
    if (remove) args.push(remove);
    return { kind: 'call', name: 'TRIM', args };
  }

  private castType(): A.CastType {
    const t = this.tok;
    if (t.kind !== 'word') throw this.error();
    this.pos++;
    let name: A.CastType['name'];
    switch (t.upper) {
      case 'CHAR':
      case 'NCHAR':
      case 'VARCHAR':
        name = 'CHAR';
        break;
      case 'BINARY':
        name = 'BINARY';
        break;
      case 'SIGNED':
      case 'UNSIGNED':
        name = t.upper;
        if (!this.acceptWord('INTEGER')) this.acceptWord('INT');
        return { name };
      case 'INTEGER':
      case 'INT':
        return { name: 'SIGNED' };
      case 'DECIMAL':
      case 'DEC':
      case 'NUMERIC':
        name = 'DECIMAL';
        break;
      case 'DATE':
      case 'DATETIME':
      case 'TIME':
      case 'JSON':
      case 'DOUBLE':
      case 'FLOAT':
        name = t.upper;
        break;
      case 'REAL':
        name = 'DOUBLE';
        break;
      default:
        throw this.error(t);
    }
    const type: A.CastType = { name };
    if (this.acceptOp('(')) {
      type.length = this.unsignedInt();
      if (this.acceptOp(',')) type.scale = this.unsignedInt();
      this.expectOp(')');
    }
    if (name === 'CHAR') {
      if (this.acceptWords('CHARACTER', 'SET') || this.acceptWord('CHARSET')) type.charset = this.identifier(true).toLowerCase();
      else if (this.acceptWord('ASCII')) type.charset = 'latin1';
      else if (this.acceptWord('UNICODE')) type.charset = 'ucs2';
    }
    return type;
  }

  // ------------------------------------------------------------ SET

  private set(): A.Statement {
    if (this.acceptWord('PASSWORD')) return this.setPassword();
    const scopeWord = this.tok.upper;
    if (this.isWord('TRANSACTION', this.peek()) && ['GLOBAL', 'SESSION', 'LOCAL'].includes(scopeWord)) {
      this.pos += 2;
      return this.setTransaction(scopeWord === 'GLOBAL' ? 'global' : 'session');
    }
    if (this.acceptWord('TRANSACTION')) return this.setTransaction('next');
    if (this.isWord('DEFAULT') && this.isWord('ROLE', this.peek())) {
      this.pos--;
      return this.unsupportedByLeader(3);
    }
    if (this.isWord('ROLE') || this.isWord('RESOURCE')) {
      this.pos--;
      return this.unsupportedByLeader(2);
    }
    const assignments: A.SetAssignment[] = [];
    do assignments.push(this.setAssignment());
    while (this.acceptOp(','));
    return { kind: 'set', assignments };
  }

  private setAssignment(): A.SetAssignment {
    const t = this.tok;
    if (t.kind === 'userVar') {
      this.pos++;
      if (!this.acceptOp('=')) this.expectOp(':=');
      return { target: 'user', name: t.value.toLowerCase(), value: this.expr() };
    }
    if (this.acceptWord('NAMES')) {
      if (this.acceptWord('DEFAULT')) return { target: 'names', charset: 'DEFAULT' };
      const charset = this.identifier(true).toLowerCase();
      const a: A.SetAssignment = { target: 'names', charset };
      if (this.acceptWord('COLLATE')) {
        if (this.acceptWord('DEFAULT')) return a;
        a.collation = this.identifier(true).toLowerCase();
      }
      return a;
    }
    if (this.acceptWords('CHARACTER', 'SET') || this.acceptWord('CHARSET')) {
      if (this.acceptWord('DEFAULT')) return { target: 'charset', charset: 'DEFAULT' };
      return { target: 'charset', charset: this.identifier(true).toLowerCase() };
    }
    let scope: A.SetScope = 'default';
    let name: string;
    if (t.kind === 'sysVar') {
      this.pos++;
      const v = sysVarExpr(t.value);
      name = v.name;
      scope = v.scope;
    } else {
      const s = t.upper;
      if ((s === 'GLOBAL' || s === 'SESSION' || s === 'LOCAL' || s === 'PERSIST' || s === 'PERSIST_ONLY') && this.isVariableNameAfterScope()) {
        this.pos++;
        scope = s === 'LOCAL' ? 'session' : (s.toLowerCase() as A.SetScope);
      }
      name = this.variableName();
    }
    if (!this.acceptOp('=')) this.expectOp(':=');
    if (this.isWord('DEFAULT') || this.isWord('ON') || this.isWord('OFF')) {
      const w = this.tok.upper;
      const after = this.peek();
      if (after.kind === 'eof' || this.isOp(',', after) || this.isOp(';', after)) {
        this.pos++;
        if (w === 'DEFAULT') return { target: 'system', name, scope, value: 'DEFAULT' };
        return { target: 'system', name, scope, value: { kind: 'literal', literal: 'string', value: w } };
      }
    }
    return { target: 'system', name, scope, value: this.setValue() };
  }

  /** Values like `SET sql_mode = ANSI` or `SET tx_isolation = READ-COMMITTED`-style words are names, not columns. */
  private setValue(): A.Expr {
    const t = this.tok;
    const after = this.peek();
    if (t.kind === 'word' && (after.kind === 'eof' || this.isOp(',', after) || this.isOp(';', after)) && !['NULL', 'TRUE', 'FALSE'].includes(t.upper)) {
      this.pos++;
      return { kind: 'literal', literal: 'string', value: t.value };
    }
    return this.expr();
  }

  private isVariableNameAfterScope(): boolean {
    const after = this.peek();
    return after.kind === 'word' || after.kind === 'quoted' || after.kind === 'sysVar';
  }

  private variableName(): string {
    const t = this.tok;
    // SET GLOBAL @@x is not valid either: MySQL reports it at the variable.
    if (t.kind !== 'word' && t.kind !== 'quoted') throw this.error();
    this.pos++;
    let name = t.value;
    // Component variables: SET GLOBAL validate_password.policy = ...
    if (this.isOp('.') && (this.peek().kind === 'word' || this.peek().kind === 'quoted')) {
      this.pos++;
      name += '.' + this.advance().value;
    }
    return name.toLowerCase();
  }

  private setTransaction(scope: A.SetTransactionStmt['scope']): A.SetTransactionStmt {
    const stmt: A.SetTransactionStmt = { kind: 'setTransaction', scope };
    do {
      if (this.acceptWords('ISOLATION', 'LEVEL')) {
        if (this.acceptWords('READ', 'UNCOMMITTED')) stmt.isolation = 'READ UNCOMMITTED';
        else if (this.acceptWords('READ', 'COMMITTED')) stmt.isolation = 'READ COMMITTED';
        else if (this.acceptWords('REPEATABLE', 'READ')) stmt.isolation = 'REPEATABLE READ';
        else if (this.acceptWord('SERIALIZABLE')) stmt.isolation = 'SERIALIZABLE';
        else throw this.error();
      } else if (this.acceptWord('READ')) {
        if (this.acceptWord('ONLY')) stmt.readOnly = true;
        else if (this.acceptWord('WRITE')) stmt.readOnly = false;
        else throw this.error();
      } else {
        throw this.error();
      }
    } while (this.acceptOp(','));
    return stmt;
  }

  private setPassword(): A.SetPasswordStmt {
    const stmt: A.SetPasswordStmt = { kind: 'setPassword' };
    if (this.acceptWord('FOR')) stmt.user = this.userSpec();
    if (this.acceptWords('TO', 'RANDOM')) {
      stmt.random = true;
    } else {
      this.expectOp('=');
      if (this.isWord('PASSWORD') && hasPasswordFunction(this.profile)) {
        this.pos++;
        this.expectOp('(');
        stmt.password = this.stringLiteral();
        this.expectOp(')');
        stmt.hashFunction = true;
      } else {
        stmt.password = this.stringLiteral();
      }
    }
    if (this.acceptWord('REPLACE')) stmt.replace = this.stringLiteral();
    if (this.isWord('RETAIN')) {
      this.dualPasswordGate();
      this.pos++;
      this.expectWord('CURRENT');
      this.expectWord('PASSWORD');
      stmt.retainCurrentPassword = true;
    }
    return stmt;
  }

  private dualPasswordGate(): void {
    if (!hasDualPasswords(this.profile)) throw this.error();
  }

  // ------------------------------------------------------------ SHOW

  private show(): A.Statement {
    const full = this.acceptWord('FULL');
    let scope: 'global' | 'session' | undefined;
    if (this.acceptWord('GLOBAL')) scope = 'global';
    else if (this.acceptWord('SESSION') || this.acceptWord('LOCAL')) scope = 'session';
    const t = this.tok;
    if (t.kind !== 'word') throw this.error();
    if (scope && t.upper !== 'VARIABLES' && t.upper !== 'STATUS') throw this.error();
    this.pos++;
    switch (t.upper) {
      case 'VARIABLES':
      case 'STATUS':
        return this.showFiltered({ kind: 'show', what: t.upper === 'STATUS' ? 'status' : 'variables', scope });
      case 'DATABASES':
      case 'SCHEMAS':
        return this.showFiltered({ kind: 'show', what: 'databases' });
      case 'WARNINGS':
      case 'ERRORS':
        return this.showDiagnostics(t.upper === 'WARNINGS' ? 'warnings' : 'errors');
      case 'COUNT': {
        this.expectOp('(');
        this.expectOp('*');
        this.expectOp(')');
        if (this.acceptWord('WARNINGS')) return { kind: 'show', what: 'countWarnings' };
        this.expectWord('ERRORS');
        return { kind: 'show', what: 'countErrors' };
      }
      case 'STORAGE':
        this.expectWord('ENGINES');
        return { kind: 'show', what: 'engines' };
      case 'ENGINES':
        return { kind: 'show', what: 'engines' };
      case 'CHARACTER':
        this.expectWord('SET');
        return this.showFiltered({ kind: 'show', what: 'charset' });
      case 'CHARSET':
        return this.showFiltered({ kind: 'show', what: 'charset' });
      case 'COLLATION':
        return this.showFiltered({ kind: 'show', what: 'collation' });
      case 'PLUGINS':
        return { kind: 'show', what: 'plugins' };
      case 'PROCESSLIST':
        return { kind: 'show', what: 'processlist', full };
      case 'TABLES': {
        const stmt: A.ShowStmt = { kind: 'show', what: 'tables', full };
        if (this.acceptWord('FROM') || this.acceptWord('IN')) stmt.database = this.identifier();
        return this.showFiltered(stmt);
      }
      case 'GRANTS':
        return this.showGrants();
      case 'CREATE':
        if (this.acceptWord('USER')) return { kind: 'showCreateUser', user: this.userSpec() };
        return this.unsupportedShow(t);
      default:
        return this.unsupportedShow(t);
    }
  }

  private unsupportedShow(t: Token): A.UnsupportedStmt {
    const name = ['SHOW', t.upper];
    if (this.tok.kind === 'word') name.push(this.tok.upper);
    while (this.tok.kind !== 'eof' && !this.isOp(';')) this.pos++;
    return { kind: 'unsupported', name: name.join(' ') };
  }

  private showFiltered(stmt: A.ShowStmt): A.ShowStmt {
    if (this.acceptWord('LIKE')) stmt.like = this.stringLiteral();
    else if (this.acceptWord('WHERE')) stmt.where = this.expr();
    return stmt;
  }

  private showDiagnostics(what: 'warnings' | 'errors'): A.ShowStmt {
    const stmt: A.ShowStmt = { kind: 'show', what };
    if (this.acceptWord('LIMIT')) stmt.limit = this.limit();
    return stmt;
  }

  private showGrants(): A.ShowGrantsStmt {
    const stmt: A.ShowGrantsStmt = { kind: 'showGrants' };
    if (this.acceptWord('FOR')) {
      stmt.user = this.userSpec();
      if (this.acceptWord('USING')) stmt.using = this.userList();
    }
    return stmt;
  }

  // ------------------------------------------------------------ users

  /** 'u'@'h', `u`@`h`, "u"@"h", u@h, 'u' (host '%'), CURRENT_USER[()]. */
  private userSpec(allowSessionUser = false): A.UserSpec {
    const t = this.tok;
    if (this.isWord('CURRENT_USER')) {
      this.pos++;
      if (this.acceptOp('(')) this.expectOp(')');
      return { kind: 'currentUser' };
    }
    if (allowSessionUser && this.isWord('USER') && this.isOp('(', this.peek())) {
      if (!allowsUserFunctionInAlterUser(this.profile)) throw this.error(this.peek());
      this.pos++;
      this.expectOp('(');
      this.expectOp(')');
      return { kind: 'sessionUser' };
    }
    let user: string;
    if (t.kind === 'string' || t.kind === 'quoted' || t.kind === 'word') {
      if (t.kind === 'word' && RESERVED.has(t.upper)) throw this.error();
      this.pos++;
      user = t.value;
    } else {
      throw this.error();
    }
    let host = '%';
    const h = this.tok;
    if (h.kind === 'userVar') {
      // 'u' @'h' with a space reads as a user variable token.
      this.pos++;
      host = h.value;
    } else if (this.acceptOp('@')) {
      host = this.hostName();
    }
    return { kind: 'account', user, host };
  }

  private hostName(): string {
    const t = this.tok;
    if (t.kind === 'string' || t.kind === 'quoted') {
      this.pos++;
      return t.value;
    }
    // Unquoted host: glue adjacent tokens (localhost, 192.168.0.%, host-1.example.com).
    if (t.kind === 'eof' || this.isOp(',') || this.isOp(';')) throw this.error();
    let end = this.pos;
    while (
      this.tokens[end + 1]!.kind !== 'eof' &&
      this.tokens[end + 1]!.start === this.tokens[end]!.end &&
      !this.isOp(',', this.tokens[end + 1]) &&
      !this.isOp(';', this.tokens[end + 1])
    ) {
      end++;
    }
    const text = this.sql.slice(t.start, this.tokens[end]!.end);
    this.pos = end + 1;
    return text;
  }

  private userList(): A.UserSpec[] {
    const users: A.UserSpec[] = [];
    do users.push(this.userSpec());
    while (this.acceptOp(','));
    return users;
  }

  private ifExists(): boolean {
    if (this.isWord('IF') && this.isWord('EXISTS', this.peek())) {
      this.pos += 2;
      return true;
    }
    return false;
  }
  private ifNotExists(): boolean {
    if (this.isWord('IF') && this.isWord('NOT', this.peek()) && this.isWord('EXISTS', this.peek(2))) {
      this.pos += 3;
      return true;
    }
    return false;
  }

  // ------------------------------------------------------------ CREATE / ALTER / DROP / RENAME USER

  private create(): A.Statement | null {
    const what = this.peek();
    if (this.isWord('USER', what)) {
      this.pos += 2;
      return this.createUser();
    }
    if (this.isWord('DATABASE', what) || this.isWord('SCHEMA', what)) {
      this.pos += 2;
      return this.createDatabase();
    }
    if (this.isWord('ROLE', what)) return this.unsupportedByLeader(2);
    return null;
  }

  private createUser(): A.CreateUserStmt {
    const ifNotExists = this.ifNotExists();
    const users: A.UserAuth[] = [];
    do {
      const u: A.UserAuth = { user: this.userSpec() };
      if (this.isWord('IDENTIFIED')) u.auth = this.authOption();
      while (this.acceptWord('AND')) {
        // Multi-factor authentication: further factors are parsed and not modelled.
        this.authOption();
      }
      users.push(u);
    } while (this.acceptOp(','));
    const options: A.AccountOptions = {};
    if (this.acceptWords('DEFAULT', 'ROLE')) options.defaultRoles = this.userList();
    this.accountOptions(options);
    return { kind: 'createUser', ifNotExists, users, options };
  }

  private alterUser(): A.AlterUserStmt {
    const ifExists = this.ifExists();
    const users: A.UserAuth[] = [];
    const options: A.AccountOptions = {};
    do {
      const u: A.UserAuth = { user: this.userSpec(users.length === 0) };
      if (this.isWord('IDENTIFIED')) {
        u.auth = this.authOption();
        if (this.acceptWord('REPLACE')) u.replace = this.stringLiteral();
        if (this.isWord('RETAIN')) {
          this.dualPasswordGate();
          this.pos++;
          this.expectWord('CURRENT');
          this.expectWord('PASSWORD');
          u.retainCurrentPassword = true;
        }
      } else if (this.isWord('DISCARD')) {
        this.dualPasswordGate();
        this.pos++;
        this.expectWord('OLD');
        this.expectWord('PASSWORD');
        u.discardOldPassword = true;
      } else if (this.isWord('DEFAULT') && this.isWord('ROLE', this.peek())) {
        this.pos += 2;
        if (this.acceptWord('NONE')) options.defaultRoles = 'NONE';
        else if (this.acceptWord('ALL')) options.defaultRoles = 'ALL';
        else options.defaultRoles = this.userList();
        users.push(u);
        return { kind: 'alterUser', ifExists, users, options };
      } else if (this.isWord('ADD') || this.isWord('MODIFY') || (this.isWord('DROP') && /^\d/.test(this.peek().value))) {
        throw this.notSupported('multi-factor authentication');
      }
      users.push(u);
    } while (this.acceptOp(','));
    this.accountOptions(options);
    return { kind: 'alterUser', ifExists, users, options };
  }

  private authOption(): A.AuthOption {
    this.expectWord('IDENTIFIED');
    if (this.acceptWord('BY')) {
      if (this.acceptWords('RANDOM', 'PASSWORD')) return { type: 'randomPassword' };
      if (this.isWord('PASSWORD') && hasPasswordFunction(this.profile)) {
        // MariaDB / 5.7: IDENTIFIED BY PASSWORD 'hash'
        this.pos++;
        return { type: 'pluginHash', plugin: this.profile.defaultAuthPlugin, hash: this.stringLiteral() };
      }
      return { type: 'password', password: this.stringLiteral() };
    }
    this.expectWord('WITH');
    const plugin = this.identifier(true);
    if (this.acceptWord('BY')) {
      if (this.acceptWords('RANDOM', 'PASSWORD')) return { type: 'pluginRandomPassword', plugin };
      return { type: 'pluginPassword', plugin, password: this.stringLiteral() };
    }
    if (this.acceptWord('AS')) return { type: 'pluginHash', plugin, hash: this.stringLiteral() };
    if (this.acceptWord('USING')) return { type: 'pluginHash', plugin, hash: this.stringLiteral() };
    return { type: 'plugin', plugin };
  }

  /** REQUIRE, WITH resource options, password/lock options, COMMENT/ATTRIBUTE, in any order MySQL allows. */
  private accountOptions(o: A.AccountOptions): void {
    if (this.acceptWord('REQUIRE')) o.require = this.tlsRequirement();
    if (this.acceptWord('WITH')) {
      const r: A.ResourceLimits = {};
      let any = false;
      for (;;) {
        const key = (
          {
            MAX_QUERIES_PER_HOUR: 'maxQueriesPerHour',
            MAX_UPDATES_PER_HOUR: 'maxUpdatesPerHour',
            MAX_CONNECTIONS_PER_HOUR: 'maxConnectionsPerHour',
            MAX_USER_CONNECTIONS: 'maxUserConnections',
          } as const
        )[this.tok.upper as 'MAX_QUERIES_PER_HOUR'];
        if (!key || this.tok.kind !== 'word') break;
        this.pos++;
        r[key] = this.unsignedInt();
        any = true;
      }
      if (!any) throw this.error();
      o.resources = r;
    }
    for (;;) {
      if (this.acceptWord('PASSWORD')) {
        this.passwordOption(o);
      } else if (this.acceptWord('ACCOUNT')) {
        if (this.acceptWord('LOCK')) o.accountLocked = true;
        else if (this.acceptWord('UNLOCK')) o.accountLocked = false;
        else throw this.error();
      } else if (hasFailedLoginTracking(this.profile) && this.acceptWord('FAILED_LOGIN_ATTEMPTS')) {
        o.failedLoginAttempts = this.unsignedInt();
        if (o.failedLoginAttempts > 0x7fff) throw mysqlError('ER_WRONG_VALUE', 'FAILED_LOGIN_ATTEMPTS', String(o.failedLoginAttempts));
      } else if (hasFailedLoginTracking(this.profile) && this.acceptWord('PASSWORD_LOCK_TIME')) {
        o.passwordLockTime = this.acceptWord('UNBOUNDED') ? 'UNBOUNDED' : this.unsignedInt();
        if (typeof o.passwordLockTime === 'number' && o.passwordLockTime > 0x7fff) {
          throw mysqlError('ER_WRONG_VALUE', 'PASSWORD_LOCK_TIME', String(o.passwordLockTime));
        }
      } else {
        break;
      }
    }
    if (this.acceptWord('COMMENT')) o.comment = this.stringLiteral();
    else if (this.acceptWord('ATTRIBUTE')) o.attribute = this.stringLiteral();
  }

  private passwordOption(o: A.AccountOptions): void {
    if (this.acceptWord('EXPIRE')) {
      if (this.acceptWord('DEFAULT')) o.passwordExpire = 'DEFAULT';
      else if (this.acceptWord('NEVER')) o.passwordExpire = 'NEVER';
      else if (this.acceptWord('INTERVAL')) {
        // sql_yacc.yy: 0 or more than 65535 days is ER_WRONG_VALUE, raised while parsing.
        const days = this.unsignedInt();
        if (days === 0 || days > 0xffff) throw mysqlError('ER_WRONG_VALUE', 'DAY', String(days));
        o.passwordExpire = { intervalDays: days };
        this.expectWord('DAY');
      } else o.passwordExpire = 'NOW';
    } else if (this.acceptWord('HISTORY')) {
      o.passwordHistory = this.acceptWord('DEFAULT') ? 'DEFAULT' : this.unsignedInt();
    } else if (this.acceptWord('REUSE')) {
      this.expectWord('INTERVAL');
      if (this.acceptWord('DEFAULT')) o.passwordReuseInterval = 'DEFAULT';
      else {
        o.passwordReuseInterval = this.unsignedInt();
        this.expectWord('DAY');
      }
    } else if (this.acceptWord('REQUIRE')) {
      this.expectWord('CURRENT');
      if (this.acceptWord('DEFAULT')) o.passwordRequireCurrent = 'DEFAULT';
      else if (this.acceptWord('OPTIONAL')) o.passwordRequireCurrent = 'OPTIONAL';
      else o.passwordRequireCurrent = 'REQUIRED';
    } else {
      throw this.error();
    }
  }

  private tlsRequirement(): A.TlsRequirement {
    if (this.acceptWord('NONE')) return { type: 'NONE' };
    if (this.acceptWord('SSL')) return { type: 'SSL' };
    if (this.acceptWord('X509')) return { type: 'X509' };
    const spec: { type: 'SPECIFIED'; cipher?: string; issuer?: string; subject?: string } = { type: 'SPECIFIED' };
    let any = false;
    for (;;) {
      if (any) this.acceptWord('AND');
      if (this.acceptWord('CIPHER')) spec.cipher = this.stringLiteral();
      else if (this.acceptWord('ISSUER')) spec.issuer = this.stringLiteral();
      else if (this.acceptWord('SUBJECT')) spec.subject = this.stringLiteral();
      else if (any) break;
      else throw this.error();
      any = true;
    }
    return spec;
  }

  private drop(): A.Statement | null {
    const what = this.peek();
    if (this.isWord('USER', what)) {
      this.pos += 2;
      const ifExists = this.ifExists();
      return { kind: 'dropUser', ifExists, users: this.userList() };
    }
    if (this.isWord('DATABASE', what) || this.isWord('SCHEMA', what)) {
      this.pos += 2;
      const ifExists = this.ifExists();
      return { kind: 'dropDatabase', ifExists, name: this.identifier() };
    }
    if (this.isWord('ROLE', what)) return this.unsupportedByLeader(2);
    return null;
  }

  private renameUser(): A.RenameUserStmt {
    const renames: { from: A.UserSpec; to: A.UserSpec }[] = [];
    do {
      const from = this.userSpec();
      this.expectWord('TO');
      renames.push({ from, to: this.userSpec() });
    } while (this.acceptOp(','));
    return { kind: 'renameUser', renames };
  }

  private createDatabase(): A.CreateDatabaseStmt {
    const ifNotExists = this.ifNotExists();
    const stmt: A.CreateDatabaseStmt = { kind: 'createDatabase', ifNotExists, name: this.identifier() };
    for (;;) {
      this.acceptWord('DEFAULT');
      if (this.acceptWords('CHARACTER', 'SET') || this.acceptWord('CHARSET')) {
        this.acceptOp('=');
        stmt.charset = this.identifier(true).toLowerCase();
      } else if (this.acceptWord('COLLATE')) {
        this.acceptOp('=');
        stmt.collation = this.identifier(true).toLowerCase();
      } else if (this.acceptWord('ENCRYPTION')) {
        this.acceptOp('=');
        this.stringLiteral();
      } else {
        break;
      }
    }
    return stmt;
  }

  // ------------------------------------------------------------ GRANT / REVOKE

  /** A privilege or role list entry: words (SELECT, CREATE USER, APPLICATION_PASSWORD_ADMIN) or a quoted role. */
  private privilegeOrRoleList(): { privileges: A.Privilege[]; roles: A.UserSpec[] } {
    const privileges: A.Privilege[] = [];
    const roles: A.UserSpec[] = [];
    do {
      const t = this.tok;
      if (t.kind === 'string' || t.kind === 'quoted' || (t.kind === 'word' && this.isOp('@', this.peek()))) {
        roles.push(this.userSpec());
        continue;
      }
      if (t.kind !== 'word') throw this.error();
      const words: string[] = [];
      while (this.tok.kind === 'word' && !['ON', 'TO', 'FROM'].includes(this.tok.upper)) words.push(this.advance().upper);
      if (words.length === 0) throw this.error();
      let name = words.join(' ');
      if (name === 'ALL PRIVILEGES') name = 'ALL';
      const p: A.Privilege = { name };
      if (this.acceptOp('(')) {
        p.columns = [];
        do p.columns.push(this.identifier());
        while (this.acceptOp(','));
        this.expectOp(')');
      }
      privileges.push(p);
      if (words.length === 1) roles.push({ kind: 'account', user: t.value, host: '%' });
    } while (this.acceptOp(','));
    return { privileges, roles };
  }

  private grantTarget(): A.GrantTarget {
    const target: A.GrantTarget = { database: null, table: '*' };
    if (this.acceptWord('TABLE')) target.objectType = 'TABLE';
    else if (this.acceptWord('FUNCTION')) target.objectType = 'FUNCTION';
    else if (this.acceptWord('PROCEDURE')) target.objectType = 'PROCEDURE';
    const first = this.acceptOp('*') ? '*' : this.identifier();
    if (this.acceptOp('.')) {
      target.database = first;
      target.table = this.acceptOp('*') ? '*' : this.identifierAfterDot();
    } else {
      target.table = first;
    }
    return target;
  }

  private grant(): A.Statement {
    if (this.isWord('PROXY')) return this.unsupportedByLeader(1);
    const list = this.privilegeOrRoleList();
    if (this.acceptWord('ON')) {
      if (list.privileges.length === 0) throw this.error();
      const on = this.grantTarget();
      this.expectWord('TO');
      const to = this.userList();
      if (this.isWord('IDENTIFIED')) throw this.error();
      let withGrantOption = false;
      if (this.isWord('WITH') && this.isWord('GRANT', this.peek())) {
        this.pos += 2;
        this.expectWord('OPTION');
        withGrantOption = true;
      }
      const stmt: A.GrantStmt = { kind: 'grant', privileges: list.privileges, on, to, withGrantOption };
      if (this.acceptWord('AS')) {
        stmt.as = this.userSpec();
        if (this.acceptWords('WITH', 'ROLE')) this.skipRoleClause();
      }
      return stmt;
    }
    this.expectWord('TO');
    const to = this.userList();
    let withAdminOption = false;
    if (this.acceptWord('WITH')) {
      this.expectWord('ADMIN');
      this.expectWord('OPTION');
      withAdminOption = true;
    }
    return { kind: 'grantRole', roles: list.roles, to, withAdminOption };
  }

  private skipRoleClause(): void {
    if (this.acceptWord('DEFAULT') || this.acceptWord('NONE')) return;
    if (this.acceptWord('ALL')) {
      if (this.acceptWord('EXCEPT')) this.userList();
      return;
    }
    this.userList();
  }

  private revoke(): A.Statement {
    const ifExists = this.ifExists();
    if (this.isWord('PROXY')) return this.unsupportedByLeader(1);
    const revokeAll =
      this.isWord('ALL') &&
      (this.isOp(',', this.peek()) || (this.isWord('PRIVILEGES', this.peek()) && this.isOp(',', this.peek(2))));
    if (revokeAll) {
      this.pos++;
      this.acceptWord('PRIVILEGES');
      this.expectOp(',');
      this.expectWord('GRANT');
      this.expectWord('OPTION');
      this.expectWord('FROM');
      const from = this.userList();
      return { kind: 'revoke', ifExists, privileges: [], all: true, from, ignoreUnknownUser: this.ignoreUnknownUser() };
    }
    const list = this.privilegeOrRoleList();
    if (this.acceptWord('ON')) {
      if (list.privileges.length === 0) throw this.error();
      const on = this.grantTarget();
      this.expectWord('FROM');
      const from = this.userList();
      return {
        kind: 'revoke',
        ifExists,
        privileges: list.privileges,
        all: false,
        on,
        from,
        ignoreUnknownUser: this.ignoreUnknownUser(),
      };
    }
    this.expectWord('FROM');
    const from = this.userList();
    return { kind: 'revokeRole', ifExists, roles: list.roles, from, ignoreUnknownUser: this.ignoreUnknownUser() };
  }

  private ignoreUnknownUser(): boolean {
    return this.acceptWords('IGNORE', 'UNKNOWN', 'USER');
  }

  // ------------------------------------------------------------ FLUSH / components / UPDATE

  private flush(): A.Statement {
    if (!this.acceptWord('NO_WRITE_TO_BINLOG')) this.acceptWord('LOCAL');
    if (this.acceptWord('PRIVILEGES')) return { kind: 'flushPrivileges' };
    const what = this.tok.kind === 'word' ? ` ${this.tok.upper}` : '';
    while (this.tok.kind !== 'eof' && !this.isOp(';')) this.pos++;
    return { kind: 'unsupported', name: `FLUSH${what}` };
  }

  private component(install: boolean): A.Statement {
    if (!this.isWord('COMPONENT', this.peek())) return this.unsupportedByLeader(2);
    this.pos += 2;
    const components: string[] = [];
    do components.push(this.stringLiteral());
    while (this.acceptOp(','));
    if (install && this.acceptWord('SET')) throw this.notSupported('INSTALL COMPONENT ... SET');
    return install ? { kind: 'installComponent', components } : { kind: 'uninstallComponent', components };
  }

  private update(): A.UpdateStmt {
    this.acceptWord('LOW_PRIORITY');
    this.acceptWord('IGNORE');
    const table = this.tableRef();
    if (this.isOp(',') || this.isWord('JOIN')) throw this.notSupported('multi-table UPDATE');
    this.expectWord('SET');
    const assignments: A.UpdateStmt['assignments'] = [];
    do {
      const column = this.columnRef();
      if (column.kind !== 'column') throw this.error();
      this.expectOp('=');
      if (this.isWord('DEFAULT') && !this.isOp('(', this.peek())) {
        this.pos++;
        assignments.push({ column, value: 'DEFAULT' });
      } else {
        assignments.push({ column, value: this.expr() });
      }
    } while (this.acceptOp(','));
    const stmt: A.UpdateStmt = { kind: 'update', table, assignments };
    if (this.acceptWord('WHERE')) stmt.where = this.expr();
    if (this.acceptWords('ORDER', 'BY')) stmt.orderBy = this.orderList();
    if (this.acceptWord('LIMIT')) stmt.limit = this.limitValue();
    return stmt;
  }
}

// ------------------------------------------------------------ literal helpers

function numberLiteral(text: string): A.LiteralExpr {
  if (/[eE]/.test(text)) return { kind: 'literal', literal: 'float', value: Number(text) };
  if (text.includes('.')) return { kind: 'literal', literal: 'decimal', value: text };
  const n = Number(text);
  if (Number.isSafeInteger(n)) return { kind: 'literal', literal: 'int', value: n };
  if (BigInt(text) <= 18446744073709551615n) return { kind: 'literal', literal: 'int', value: BigInt(text) };
  return { kind: 'literal', literal: 'decimal', value: text };
}

function bitsToBuffer(bits: string): Buffer {
  if (bits === '') return Buffer.alloc(0);
  const padded = bits.padStart(Math.ceil(bits.length / 8) * 8, '0');
  const bytes: number[] = [];
  for (let i = 0; i < padded.length; i += 8) bytes.push(parseInt(padded.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

function unitLiteral(unit: string): A.LiteralExpr {
  return { kind: 'literal', literal: 'string', value: unit };
}

/** `global.max_allowed_packet` -> { scope: 'global', name: 'max_allowed_packet' }. */
function sysVarExpr(text: string): A.SysVarExpr {
  const dot = text.indexOf('.');
  if (dot > 0) {
    const prefix = text.slice(0, dot).toLowerCase();
    const name = text.slice(dot + 1).toLowerCase();
    if (prefix === 'global') return { kind: 'sysVar', name, scope: 'global' };
    if (prefix === 'session' || prefix === 'local') return { kind: 'sysVar', name, scope: 'session' };
  }
  return { kind: 'sysVar', name: text.toLowerCase(), scope: 'default' };
}
