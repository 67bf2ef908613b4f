/**
 * Query expressions, as MySQL 8's grammar has them: SELECT specifications
 * (items, FROM with joins and derived tables, WHERE, GROUP BY, HAVING,
 * ORDER BY, LIMIT, locking clauses), UNION [ALL | DISTINCT] of SELECTs or
 * parenthesised query expressions, with an ORDER BY / LIMIT over the union,
 * and subqueries inside expressions.
 */
import { mysqlError } from '../../errors/mysql-error.js';
import type * as A from './ast.js';
import { ExpressionParser } from './expressions.js';

/** A query operand and whether it was written in parentheses. */
interface Operand {
  query: A.QueryExpr;
  parenthesised: boolean;
}

export class SelectParser extends ExpressionParser {
  /** A query statement: `SELECT ...`, `(SELECT ...) ...`, `... UNION ...` (the current token starts it). */
  protected queryStatement(): A.QueryExpr {
    if (this.isWord('WITH')) throw this.notSupported('WITH (common table expressions)');
    return this.queryExpression();
  }

  /** `( query )` inside an expression or FROM. */
  protected override parenthesisedSubquery(): A.QueryExpr {
    this.expectOp('(');
    if (this.isWord('WITH')) throw this.notSupported('WITH (common table expressions)');
    const q = this.queryExpression();
    this.expectOp(')');
    return q;
  }

  /**
   * query_expression: operands joined by UNION, then an optional ORDER BY /
   * LIMIT over the whole. A bare SELECT other than the last may not have its
   * own ORDER BY or LIMIT (1221); the last one's belong to the union.
   */
  protected queryExpression(): A.QueryExpr {
    const operands: Operand[] = [this.queryOperand()];
    const distinct: boolean[] = [];
    for (;;) {
      if (this.isWord('EXCEPT') || this.isWord('INTERSECT')) throw this.notSupported(this.tok.upper);
      if (!this.acceptWord('UNION')) break;
      const last = operands[operands.length - 1]!;
      if (!last.parenthesised && last.query.kind === 'select') {
        if (last.query.orderBy) throw mysqlError('ER_WRONG_USAGE', 'UNION', 'ORDER BY');
        if (last.query.limit) throw mysqlError('ER_WRONG_USAGE', 'UNION', 'LIMIT');
      }
      distinct.push(!this.acceptWord('ALL') && (this.acceptWord('DISTINCT') || true));
      operands.push(this.queryOperand());
    }
    let orderBy: A.OrderItem[] | undefined;
    let limit: { count: A.Expr; offset?: A.Expr } | undefined;
    const last = operands[operands.length - 1]!;
    if (operands.length > 1 && !last.parenthesised && last.query.kind === 'select') {
      // `SELECT ... UNION SELECT ... ORDER BY x LIMIT n`: the trailing clauses are the union's.
      orderBy = last.query.orderBy;
      limit = last.query.limit;
      delete last.query.orderBy;
      delete last.query.limit;
    }
    if (this.acceptWords('ORDER', 'BY')) {
      if (orderBy) throw this.error();
      orderBy = this.orderList();
    }
    if (this.acceptWord('LIMIT')) {
      if (limit) throw this.error();
      limit = this.limit();
    }
    this.lockingClause();
    if (operands.length === 1 && !last.parenthesised) return last.query;
    if (operands.length === 1 && !orderBy && !limit) return last.query;
    const union: A.UnionStmt = { kind: 'union', operands: operands.map((o) => o.query), distinct };
    if (orderBy) union.orderBy = orderBy;
    if (limit) union.limit = limit;
    return union;
  }

  /** query_primary: a SELECT specification, or `( query_expression )`. */
  private queryOperand(): Operand {
    if (this.isOp('(')) {
      this.pos++;
      const query = this.queryExpression();
      this.expectOp(')');
      return { query, parenthesised: true };
    }
    this.expectWord('SELECT');
    return { query: this.select(), parenthesised: false };
  }

  /** A SELECT specification; the current token follows the SELECT keyword. */
  protected select(): A.SelectStmt {
    const stmt: A.SelectStmt = { kind: 'select', distinct: false, items: [] };
    for (;;) {
      if (this.acceptWord('DISTINCT') || this.acceptWord('DISTINCTROW')) stmt.distinct = true;
      else if (this.acceptWord('ALL')) continue;
      else if (this.tok.kind === 'word' && /^(SQL_[A-Z_]+|HIGH_PRIORITY|STRAIGHT_JOIN)$/.test(this.tok.upper)) this.pos++;
      else break;
    }
    do stmt.items.push(this.selectItem());
    while (this.acceptOp(','));

    if (this.acceptWord('INTO')) stmt.into = this.intoTarget();
    if (this.acceptWord('FROM')) {
      if (this.acceptWord('DUAL')) {
        // FROM DUAL is the same as no FROM.
      } else {
        stmt.from = this.fromClause();
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
    if (this.isWord('INTO')) {
      // INTO at the end of the query block (the form MySQL recommends); only one INTO per statement.
      if (stmt.into) throw mysqlError('ER_MULTIPLE_INTO_CLAUSES');
      this.pos++;
      stmt.into = this.intoTarget();
    }
    if (this.lockingClause()) stmt.locking = true;
    return stmt;
  }

  /** INTO @var [, @var] ...; INTO OUTFILE / DUMPFILE are 1235; a bare name is a local variable, undeclared outside a routine (1327). */
  private intoTarget(): string[] {
    if (this.isWord('OUTFILE') || this.isWord('DUMPFILE')) throw this.notSupported(`SELECT ... INTO ${this.tok.upper}`);
    const vars: string[] = [];
    do {
      const t = this.tok;
      if (t.kind === 'userVar') {
        this.pos++;
        vars.push(t.value.toLowerCase());
      } else if (this.isIdentifierStart()) {
        throw mysqlError('ER_SP_UNDECLARED_VAR', this.advance().value);
      } else {
        throw this.error();
      }
    } while (this.acceptOp(','));
    return vars;
  }

  /** FOR UPDATE | FOR SHARE [OF t] [NOWAIT | SKIP LOCKED] | LOCK IN SHARE MODE: tolerated, nothing is locked. */
  private lockingClause(): boolean {
    let any = false;
    for (;;) {
      if (this.acceptWord('FOR')) {
        if (!this.acceptWord('UPDATE')) this.expectWord('SHARE');
        if (this.acceptWord('OF')) {
          do this.identifier();
          while (this.acceptOp(','));
        }
        if (!this.acceptWord('NOWAIT') && this.acceptWord('SKIP')) this.expectWord('LOCKED');
        any = true;
      } else if (this.acceptWords('LOCK', 'IN', 'SHARE', 'MODE')) {
        any = true;
      } else {
        return any;
      }
    }
  }

  protected limit(): { count: A.Expr; offset?: A.Expr } {
    const first = this.limitValue();
    if (this.acceptOp(',')) return { offset: first, count: this.limitValue() };
    if (this.acceptWord('OFFSET')) return { count: first, offset: this.limitValue() };
    return { count: first };
  }

  protected limitValue(): A.Expr {
    if (this.tok.kind === 'param') return this.primary();
    return { kind: 'literal', literal: 'int', value: this.unsignedInt() };
  }

  protected selectItem(): A.SelectItem {
    const k = this.pos;
    // A lone literal before ',', ')', ';' or the end (so no alias) is read in one step, without token objects
    // (a select list of 500,000 literals, and SELECT 1).
    const literal = this.chainOperand(this.endsExpression);
    if (literal) return { expr: literal, text: this.sql.slice(this.tokens.startAt(k), this.tokens.endAt(k)) };
    const first = this.tok;
    if (this.isOp('*')) {
      this.pos++;
      return { expr: { kind: 'star' }, text: '*' };
    }
    const expr = this.expr();
    const last = this.tokens.at(this.pos - 1);
    const item: A.SelectItem = { expr, text: this.sql.slice(first.start, last.end) };
    if (this.acceptWord('AS')) item.alias = this.identifier(true);
    else if (this.isIdentifierStart() || this.tok.kind === 'string') item.alias = this.advance().value;
    return item;
  }

  // ------------------------------------------------------------ FROM

  /** table_references: joined tables separated by commas (a comma binds weaker than JOIN). */
  protected fromClause(): A.FromItem {
    let item = this.joinedTable();
    while (this.acceptOp(',')) item = { kind: 'join', join: 'comma', natural: false, left: item, right: this.joinedTable() };
    return item;
  }

  /** table_reference: a table factor followed by any number of joins. */
  private joinedTable(): A.FromItem {
    let left = this.tableFactor();
    for (;;) {
      let join: A.FromJoin['join'];
      let natural = false;
      if (this.acceptWord('NATURAL')) {
        natural = true;
        if (this.acceptWord('LEFT')) join = 'left';
        else if (this.acceptWord('RIGHT')) join = 'right';
        else {
          this.acceptWord('INNER');
          join = 'inner';
        }
        this.acceptWord('OUTER');
        this.expectWord('JOIN');
      } else if (this.acceptWord('JOIN') || this.acceptWord('STRAIGHT_JOIN')) {
        join = 'inner';
      } else if (this.acceptWords('INNER', 'JOIN')) {
        join = 'inner';
      } else if (this.acceptWords('CROSS', 'JOIN')) {
        join = 'cross';
      } else if (this.isWord('LEFT') || this.isWord('RIGHT')) {
        join = this.advance().upper === 'LEFT' ? 'left' : 'right';
        this.acceptWord('OUTER');
        this.expectWord('JOIN');
      } else {
        return left;
      }
      const right = this.tableFactor();
      const node: A.FromJoin = { kind: 'join', join, natural, left, right };
      if (!natural) {
        if (this.acceptWord('ON')) node.on = this.expr();
        else if (this.acceptWord('USING')) node.using = this.columnNameList();
        // LEFT and RIGHT joins need a join condition.
        else if (join === 'left' || join === 'right') throw this.error();
      }
      left = node;
    }
  }

  /** A table, a derived table `(query) alias`, or a parenthesised join. */
  private tableFactor(): A.FromItem {
    if (this.isOp('(')) {
      if (this.startsSubquery()) {
        const query = this.parenthesisedSubquery();
        this.acceptWord('AS');
        if (!this.isIdentifierStart()) throw mysqlError('ER_DERIVED_MUST_HAVE_ALIAS');
        const derived: A.FromDerived = { kind: 'derived', query, alias: this.identifier() };
        if (this.isOp('(')) derived.columns = this.columnNameList();
        return derived;
      }
      this.pos++;
      const inner = this.fromClause();
      this.expectOp(')');
      return inner;
    }
    const ref = this.tableRef();
    this.indexHints();
    return { kind: 'table', ...ref };
  }

  /** USE | FORCE | IGNORE {INDEX|KEY} [FOR ...] (...): accepted and ignored. */
  private indexHints(): void {
    while ((this.isWord('USE') || this.isWord('FORCE') || this.isWord('IGNORE')) && (this.isWord('INDEX', this.peek()) || this.isWord('KEY', this.peek()))) {
      this.pos += 2;
      if (this.acceptWord('FOR')) {
        if (this.acceptWord('JOIN')) {
          // FOR JOIN
        } else {
          this.acceptWords('ORDER', 'BY') || this.acceptWords('GROUP', 'BY');
        }
      }
      this.expectOp('(');
      if (!this.isOp(')')) {
        do this.identifier();
        while (this.acceptOp(','));
      }
      this.expectOp(')');
    }
  }

  /** `(a, b, c)`: USING lists and derived-table column lists. */
  private columnNameList(): string[] {
    this.expectOp('(');
    const names: string[] = [];
    do names.push(this.identifier());
    while (this.acceptOp(','));
    this.expectOp(')');
    return names;
  }

  protected tableRef(): A.TableRef {
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
}
