/**
 * Expressions in MySQL's precedence: OR, XOR, AND, NOT, predicates (IS, IN,
 * BETWEEN, LIKE, REGEXP, comparisons and row comparisons), bit operators,
 * arithmetic, unary operators, and primaries (literals, columns, variables,
 * CASE, CAST, function calls, aggregates).
 */
import { mysqlError } from '../../errors/mysql-error.js';
import type * as A from './ast.js';
import { hasJsonAggregates, hasPasswordFunction } from './dialect.js';
import { bitsToBuffer, CHARSET_INTRODUCERS, INTERVAL_UNITS, MAX_EXPRESSION_NESTING, NILADIC, numberLiteral, ParserBase, RESERVED, sysVarExpr, unitLiteral } from './parser-base.js';
import type { Token } from './tokenizer.js';

/**
 * `op` over `terms` (at least one) as a balanced tree. AND and OR are
 * associative, and MySQL and MariaDB make a chain of either one Item_cond of
 * n arguments (sql_yacc.yy, flatten_associative_operator()), so
 * `1 AND 1 AND …` of 200,000 terms is evaluated, not refused with 1436: a
 * balanced tree stays 18 levels deep. Evaluated left to right with the same
 * short circuit (false for AND, true for OR), it visits the terms in the
 * order the flat item does and gives its value.
 */
export function associativeChain(op: 'AND' | 'OR', terms: readonly A.Expr[], from = 0, to = terms.length): A.Expr {
  if (to - from === 1) return terms[from]!;
  const mid = (from + to) >>> 1;
  return { kind: 'binary', op, left: associativeChain(op, terms, from, mid), right: associativeChain(op, terms, mid, to) };
}

/** lex.h sql_functions[]: followed by a space they are identifiers, not functions (without IGNORE_SPACE). */
const ADJACENT_PAREN_FUNCTIONS = new Set(
  (
    'ADDDATE BIT_AND BIT_OR BIT_XOR CAST COUNT CURDATE CURTIME DATE_ADD DATE_SUB EXTRACT GROUP_CONCAT JSON_OBJECTAGG ' +
    'JSON_ARRAYAGG MAX MID MIN NOW POSITION SESSION_USER STD STDDEV STDDEV_POP STDDEV_SAMP ST_COLLECT SUBDATE SUBSTR ' +
    'SUBSTRING SUM SYSDATE SYSTEM_USER TRIM VARIANCE VAR_POP VAR_SAMP'
  ).split(' '),
);

/** An aggregate's arguments (sql_yacc.yy sum_expr): how many expressions, and whether DISTINCT may come first. */
interface SumFunctionRule {
  args: number;
  distinct: boolean;
}

/** The aggregates the grammar reads as sum_expr (COUNT(*) and GROUP_CONCAT have rules of their own; the JSON ones only where the grammar has them, hasJsonAggregates()). */
const SUM_FUNCTIONS: ReadonlyMap<string, SumFunctionRule> = new Map<string, SumFunctionRule>([
  ...['AVG', 'COUNT', 'MAX', 'MIN', 'SUM'].map((n) => [n, { args: 1, distinct: true }] as const),
  ...['BIT_AND', 'BIT_OR', 'BIT_XOR', 'JSON_ARRAYAGG', 'STD', 'STDDEV', 'STDDEV_POP', 'STDDEV_SAMP', 'VARIANCE', 'VAR_POP', 'VAR_SAMP'].map(
    (n) => [n, { args: 1, distinct: false }] as const,
  ),
  ['JSON_OBJECTAGG', { args: 2, distinct: false }],
]);

export class ExpressionParser extends ParserBase {
  expr(): A.Expr {
    return this.nested(() => {
      const first = this.xorExpr();
      if (this.logicalAt(this.pos) !== 'OR') return first;
      const terms = [first];
      while (this.logicalAt(this.pos) === 'OR') {
        this.pos++;
        terms.push(this.chainOperand(this.endsOrOperand) ?? this.xorExpr());
      }
      return associativeChain('OR', terms);
    });
  }

  /**
   * An item of a comma-separated list (an IN list, a function's arguments,
   * a row): a lone number or string literal, followed by ',' or ')', is
   * read at once, as the precedence descent of expr() would end in the same
   * literal node after ten levels; a list of 200,000 literals costs one
   * step per item. Anything else is expr().
   */
  protected listItem(): A.Expr {
    return this.chainOperand(this.endsListItem) ?? this.expr();
  }

  /**
   * A lone number or string literal, or `?`, at the parser's position that token
   * `k + 1` ends at the caller's level (`ends(k + 1)`): read in one step, as
   * the precedence descent would end in the same node after ten levels;
   * null otherwise (the caller descends as usual). Lists and left-deep
   * chains (1+1+…, 1 AND 1 AND …) of 500,000 terms cost one step per term.
   * `ends` is a method of the parser, called on it: methods, not arrow
   * fields, so a parser (one per statement) makes no closures for them.
   */
  protected chainOperand(ends: (this: this, k: number) => boolean): A.LiteralExpr | A.ParamExpr | null {
    const k = this.pos;
    const kind = this.tokens.kindAt(k);
    if ((kind !== 'number' && kind !== 'string' && kind !== 'param') || this.depth >= MAX_EXPRESSION_NESTING || !ends.call(this, k + 1)) return null;
    this.pos++;
    // A `?` marker too (a prepared SELECT of 65,535 markers is a list of them).
    if (kind === 'param') return { kind: 'param', index: this.paramCount++ };
    const value = this.tokens.valueAt(k);
    return kind === 'number' ? numberLiteral(value) : { kind: 'literal', literal: 'string', value };
  }

  /** Token k ends a list item: ',' or ')'. */
  private endsListItem(k: number): boolean {
    return this.tokens.isPunctAt(k, 44) || this.tokens.isPunctAt(k, 41);
  }

  /** Token k ends an operand of + or -: the next + or -, or the end of an expression (',', ')', ';', the end of the text). */
  private endsAdditive(k: number): boolean {
    return this.tokens.isPunctAt(k, 43) || this.tokens.isPunctAt(k, 45) || this.endsExpression(k);
  }

  /** Token k ends an operand of OR: the next OR (||), or the end of an expression. */
  private endsOrOperand(k: number): boolean {
    return this.logicalAt(k) === 'OR' || this.endsExpression(k);
  }

  /** Token k ends an operand of XOR: the next XOR, an OR (weaker), or the end of an expression. */
  private endsXorOperand(k: number): boolean {
    const op = this.logicalAt(k);
    return op === 'XOR' || op === 'OR' || this.endsExpression(k);
  }

  /** Token k ends an operand of AND: the next AND (&&), an XOR or OR (weaker), or the end of an expression. */
  private endsAndOperand(k: number): boolean {
    return this.logicalAt(k) !== null || this.endsExpression(k);
  }

  /** The logical operator token k is (AND for &&, OR for ||), or null. */
  private logicalAt(k: number): 'AND' | 'OR' | 'XOR' | null {
    const kind = this.tokens.kindAt(k);
    if (kind === 'word') return this.tokens.isWordAt(k, 'AND') ? 'AND' : this.tokens.isWordAt(k, 'OR') ? 'OR' : this.tokens.isWordAt(k, 'XOR') ? 'XOR' : null;
    if (kind === 'op' && this.tokens.endAt(k) - this.tokens.startAt(k) === 2) {
      const op = this.tokens.valueAt(k);
      return op === '&&' ? 'AND' : op === '||' ? 'OR' : null;
    }
    return null;
  }

  /** Token k ends any expression: ',', ')', ';' or the end of the text. */
  protected endsExpression(k: number): boolean {
    return this.tokens.isPunctAt(k, 44) || this.tokens.isPunctAt(k, 41) || this.tokens.isPunctAt(k, 59) || this.tokens.kindAt(k) === 'eof';
  }

  protected xorExpr(): A.Expr {
    let left = this.andExpr();
    for (let n = 1; this.logicalAt(this.pos) === 'XOR'; n++) {
      this.pos++;
      this.leftDeep(n);
      left = { kind: 'binary', op: 'XOR', left, right: this.chainOperand(this.endsXorOperand) ?? this.andExpr() };
    }
    return left;
  }

  protected andExpr(): A.Expr {
    const first = this.notExpr();
    if (this.logicalAt(this.pos) !== 'AND') return first;
    const terms = [first];
    while (this.logicalAt(this.pos) === 'AND') {
      this.pos++;
      terms.push(this.chainOperand(this.endsAndOperand) ?? this.notExpr());
    }
    return associativeChain('AND', terms);
  }

  /**
   * `(a, b) = (c, d)` (also <=>, <>, !=), as in the pre-4.1 migration guide's
   * `WHERE (User, Host) = ('user1', 'localhost')`: rewritten pairwise, which
   * keeps MySQL's NULL rules (= is AND of the pairs, <> is OR). The rows come
   * from primary(), which reads `(a, b, ...)` in one pass (no backtracking,
   * so nesting costs linear time).
   */
  protected rowComparison(left: A.RowExpr, op: string, right: A.Expr): A.Expr {
    if (right.kind !== 'row') throw mysqlError('ER_OPERAND_COLUMNS', left.items.length);
    if (right.items.length !== left.items.length) throw mysqlError('ER_OPERAND_COLUMNS', left.items.length);
    if (!['=', '<=>', '<>', '!='].includes(op)) throw this.notSupported('row comparisons other than =, <=>, <>');
    const binary = (op === '!=' ? '<>' : op) as A.BinaryOp;
    const pairs = left.items.map((l, i): A.Expr => ({ kind: 'binary', op: binary, left: l, right: right.items[i]! }));
    return associativeChain(binary === '<>' ? 'OR' : 'AND', pairs);
  }

  protected notExpr(): A.Expr {
    if (this.acceptWord('NOT')) return { kind: 'unary', op: 'NOT', arg: this.nested(() => this.notExpr()) };
    return this.predicate();
  }

  protected predicate(): A.Expr {
    let left = this.bitOr();
    for (let n = 1; ; n++) {
      this.leftDeep(n);
      const t = this.tok;
      if (t.kind === 'op' && ['=', '<=>', '<>', '!=', '<', '<=', '>', '>='].includes(t.value)) {
        this.pos++;
        if (this.isWord('ANY') || this.isWord('ALL') || this.isWord('SOME')) {
          const quantifier = this.advance().upper === 'ALL' ? 'ALL' : 'ANY';
          if (left.kind === 'row') throw this.notSupported('row subqueries');
          const op = (t.value === '!=' ? '<>' : t.value) as A.QuantifiedExpr['op'];
          left = { kind: 'quantified', op, arg: left, quantifier, query: this.parenthesisedSubquery() };
          continue;
        }
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
        if (this.startsSubquery()) {
          if (left.kind === 'row') throw this.notSupported('row subqueries');
          left = { kind: 'inSubquery', arg: left, query: this.parenthesisedSubquery(), not };
          continue;
        }
        this.expectOp('(');
        const list: A.Expr[] = [];
        do list.push(this.listItem());
        while (this.acceptOp(','));
        this.expectOp(')');
        if (left.kind === 'row') {
          // (a, b) IN ((1, 2), (3, 4)): the row equality with each item, OR-ed as a balanced tree (the same
          // three-valued result as Item_func_in over rows; 1241 for an item of another degree).
          const row = left;
          const any = associativeChain('OR', list.map((item) => this.rowComparison(row, '=', item)));
          left = not ? { kind: 'unary', op: 'NOT', arg: any } : any;
          continue;
        }
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

  protected bitOr(): A.Expr {
    let left = this.bitAnd();
    for (let n = 1; this.acceptOp('|'); n++) {
      this.leftDeep(n);
      left = { kind: 'binary', op: '|', left, right: this.bitAnd() };
    }
    return left;
  }

  protected bitAnd(): A.Expr {
    let left = this.shift();
    for (let n = 1; this.acceptOp('&'); n++) {
      this.leftDeep(n);
      left = { kind: 'binary', op: '&', left, right: this.shift() };
    }
    return left;
  }

  protected shift(): A.Expr {
    let left = this.additive();
    for (let n = 1; this.isOp('<<') || this.isOp('>>'); n++) {
      this.leftDeep(n);
      const op = this.advance().value as '<<' | '>>';
      left = { kind: 'binary', op, left, right: this.additive() };
    }
    return left;
  }

  protected additive(): A.Expr {
    let left = this.multiplicative();
    // The operators are checked in the token store (a long chain makes no token objects).
    for (let n = 1; ; n++) {
      const plus = this.tokens.isPunctAt(this.pos, 43);
      if (!plus && !this.tokens.isPunctAt(this.pos, 45)) return left;
      this.pos++;
      this.leftDeep(n);
      left = { kind: 'binary', op: plus ? '+' : '-', left, right: this.chainOperand(this.endsAdditive) ?? this.multiplicative() };
    }
  }

  protected multiplicative(): A.Expr {
    let left = this.bitXor();
    for (let n = 1; ; n++) {
      let op: A.BinaryOp | null = null;
      if (this.isOp('*') || this.isOp('/') || this.isOp('%')) op = this.tok.value as A.BinaryOp;
      else if (this.isWord('DIV')) op = 'DIV';
      else if (this.isWord('MOD')) op = '%';
      if (!op) return left;
      this.pos++;
      this.leftDeep(n);
      left = { kind: 'binary', op, left, right: this.bitXor() };
    }
  }

  protected bitXor(): A.Expr {
    let left = this.unary();
    for (let n = 1; this.acceptOp('^'); n++) {
      this.leftDeep(n);
      left = { kind: 'binary', op: '^', left, right: this.unary() };
    }
    return left;
  }

  protected unary(): A.Expr {
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
    for (let n = 1; ; n++) {
      this.leftDeep(n);
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
          if (this.startsSubquery()) return { kind: 'subquery', query: this.parenthesisedSubquery() };
          this.pos++;
          const e = this.expr();
          if (this.isOp(',')) {
            const items = [e];
            while (this.acceptOp(',')) items.push(this.listItem());
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

  protected wordPrimary(t: Token): A.Expr {
    const next = this.peek();
    // A space may stand before a function's '(' (IF (...), CONCAT (...)), except after the names
    // MySQL's lexer takes as functions only when '(' follows at once (lex.h sql_functions[]).
    const call = next.kind === 'op' && next.value === '(' && (next.start === t.end || !ADJACENT_PAREN_FUNCTIONS.has(t.upper));
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
        if (this.isOp('(')) {
          // INTERVAL(N, N1, ...) is a function (sql_yacc.yy INTERVAL_SYM '(' expr ',' expr_list ')'); INTERVAL (1) DAY is not.
          const at = this.pos;
          const params = this.paramCount;
          const row = this.primary();
          if (row.kind === 'row') return { kind: 'call', name: 'INTERVAL', args: row.items };
          this.pos = at;
          this.paramCount = params;
        }
        const value = this.expr();
        return { kind: 'interval', value, unit: this.intervalUnit() };
      }
      case 'ROW': {
        // ROW(a, b, ...): a row constructor of two or more items (sql_yacc.yy ROW_SYM '(' expr ',' expr_list ')').
        if (!this.isOp('(', next)) break;
        this.pos++;
        const row = this.primary();
        if (row.kind !== 'row') throw this.error(this.tokens.at(this.pos - 1));
        return row;
      }
      case 'EXISTS':
        if (!this.isOp('(', next)) break;
        this.pos++;
        return { kind: 'exists', query: this.parenthesisedSubquery(), not: false };
      case 'DATE':
      case 'TIME':
      case 'TIMESTAMP':
        if (next.kind === 'string') {
          this.pos += 2;
          const name = t.upper === 'TIMESTAMP' ? 'DATETIME' : t.upper;
          return { kind: 'cast', arg: { kind: 'literal', literal: 'string', value: next.value }, to: { name, literal: true } as A.CastType };
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

  protected columnRef(): A.Expr {
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
    if (parts.length === 2 && this.isOp('(')) return this.storedFunctionCall(parts[0]!, name);
    if (parts.length === 3) return { kind: 'column', schema: parts[0], table: parts[1], name };
    if (parts.length === 2) return { kind: 'column', table: parts[0], name };
    return { kind: 'column', name };
  }

  /** db.name(args): function_call_generic with a schema (sql_yacc.yy ident '.' ident '(' ... ')'). */
  protected storedFunctionCall(schema: string, name: string): A.CallExpr {
    this.expectOp('(');
    const args: A.Expr[] = [];
    if (!this.acceptOp(')')) {
      do args.push(this.listItem());
      while (this.acceptOp(','));
      this.expectOp(')');
    }
    return { kind: 'call', name: name.toUpperCase(), written: name, schema, args };
  }

  protected caseExpr(): A.CaseExpr {
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

  protected intervalUnit(): string {
    const u = this.tok.upper;
    if (this.tok.kind !== 'word' || !INTERVAL_UNITS.has(u)) throw this.error();
    this.pos++;
    return u;
  }

  protected functionCall(): A.Expr {
    const nameTok = this.advance();
    const name = nameTok.upper;
    // MySQL 8 removed PASSWORD(): the word is only a keyword there, so its '(' is a syntax error.
    if (name === 'PASSWORD' && !hasPasswordFunction(this.profile)) throw this.error();
    this.expectOp('(');
    switch (name) {
      case 'CAST': {
        const arg = this.expr();
        this.expectWord('AS');
        const to = this.castType();
        this.expectOp(')');
        return { kind: 'cast', arg, to };
      }
      case 'DATE_ADD':
      case 'DATE_SUB':
      case 'ADDDATE':
      case 'SUBDATE': {
        // sql_yacc.yy: DATE_ADD/DATE_SUB '(' expr ',' INTERVAL expr unit ')'; ADDDATE/SUBDATE also take '(' expr ',' expr ')'.
        const date = this.expr();
        this.expectOp(',');
        if ((name === 'DATE_ADD' || name === 'DATE_SUB') && !this.isWord('INTERVAL')) throw this.error();
        const interval = this.expr();
        this.expectOp(')');
        return { kind: 'call', name, written: nameTok.value, args: [date, interval] };
      }
      case 'CONVERT': {
        const arg = this.expr();
        if (this.acceptWord('USING')) {
          const charset = this.identifier(true).toLowerCase();
          this.expectOp(')');
          return { kind: 'cast', arg, to: { name: charset === 'binary' ? 'BINARY' : 'CHAR', charset, using: true } };
        }
        this.expectOp(',');
        const to = this.castType();
        this.expectOp(')');
        return { kind: 'cast', arg, to };
      }
      case 'COUNT':
        // COUNT '(' opt_all '*' ')'.
        if (this.isWord('ALL') && this.tokens.isPunctAt(this.pos + 1, 42)) this.pos++;
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
    const sum = SUM_FUNCTIONS.get(name);
    if (sum && (!name.startsWith('JSON_') || hasJsonAggregates(this.profile))) return this.sumFunction(name, nameTok.value, sum);
    const call: A.CallExpr = { kind: 'call', name, written: nameTok.value, args: [] };
    if (this.acceptWord('DISTINCT')) call.distinct = true;
    else this.acceptWord('ALL');
    if (!this.isOp(')')) {
      do call.args.push(this.listItem());
      while (this.acceptOp(','));
    }
    this.expectOp(')');
    if (this.isWord('OVER')) throw this.notSupported('window functions');
    return call;
  }

  /**
   * An aggregate after its '(' (sql_yacc.yy sum_expr): `[ALL] expr`, or
   * `DISTINCT expr` where the function takes it; COUNT(DISTINCT expr_list);
   * JSON_OBJECTAGG(expr, expr). Anything else is MySQL's 1064 at the token
   * that breaks the rule: `MIN()` at ')', `MIN(1, 2)` at ',',
   * `BIT_AND(DISTINCT 1)` at DISTINCT.
   */
  private sumFunction(name: string, written: string, rule: SumFunctionRule): A.CallExpr {
    const call: A.CallExpr = { kind: 'call', name, written, args: [] };
    if (this.isWord('DISTINCT')) {
      if (!rule.distinct) throw this.error();
      this.pos++;
      call.distinct = true;
    } else {
      this.acceptWord('ALL');
    }
    call.args.push(this.listItem());
    const most = name === 'COUNT' && call.distinct ? Infinity : rule.args;
    while (call.args.length < rule.args) {
      this.expectOp(',');
      call.args.push(this.listItem());
    }
    while (call.args.length < most && this.acceptOp(',')) call.args.push(this.listItem());
    this.expectOp(')');
    if (this.isWord('OVER')) throw this.notSupported('window functions');
    return call;
  }

  protected groupConcat(): A.CallExpr {
    const call: A.CallExpr = { kind: 'call', name: 'GROUP_CONCAT', args: [] };
    if (this.acceptWord('DISTINCT')) call.distinct = true;
    do call.args.push(this.expr());
    while (this.acceptOp(','));
    if (this.acceptWords('ORDER', 'BY')) call.orderBy = this.orderList();
    if (this.acceptWord('SEPARATOR')) call.separator = this.stringLiteral();
    this.expectOp(')');
    return call;
  }

  protected trim(): A.CallExpr {
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

  protected castType(): A.CastType {
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

  protected orderList(): A.OrderItem[] {
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

  /** Whether the current token is `(` opening a subquery: `(SELECT` or `(WITH`. */
  protected startsSubquery(): boolean {
    const next = this.peek();
    return this.isOp('(') && next.kind === 'word' && (next.upper === 'SELECT' || next.upper === 'WITH');
  }

  /** `( query )` as a subquery; the query grammar is select.ts's (SelectParser overrides this). */
  protected parenthesisedSubquery(): A.QueryExpr {
    throw this.notSupported('subqueries');
  }
}
