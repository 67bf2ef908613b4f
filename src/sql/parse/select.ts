/** The SELECT statement: items, FROM, WHERE, GROUP BY, HAVING, ORDER BY, LIMIT. */
import type * as A from './ast.js';
import { ExpressionParser } from './expressions.js';

export class SelectParser extends ExpressionParser {
  protected parenthesisedSelect(): A.SelectStmt {
    this.expectOp('(');
    this.expectWord('SELECT');
    const s = this.select();
    this.expectOp(')');
    return s;
  }

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
