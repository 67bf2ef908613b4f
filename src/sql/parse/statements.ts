/**
 * The top of the parser's class chain: the statement dispatcher (leading
 * keywords to a statement family), SET, SHOW, USE and transactions.
 */
import type * as A from './ast.js';
import { AccountStatementParser } from './account-statements.js';
import { KNOWN_UNSUPPORTED_LEADERS, sysVarExpr } from './parser-base.js';
import type { Token } from './tokenizer.js';

/** Words after DESCRIBE / EXPLAIN that start an explained statement or EXPLAIN's options. */
const EXPLAINABLE = new Set('SELECT WITH TABLE VALUES INSERT REPLACE UPDATE DELETE FORMAT ANALYZE FOR EXTENDED PARTITIONS INTO'.split(' '));

export class Parser extends AccountStatementParser {
  /** Returns null when the leading keyword(s) are not ours to parse. */
  parseStatement(): A.Statement | null {
    const t = this.tok;
    if (this.isOp('(')) return this.queryStatement();
    if (t.kind !== 'word') throw this.error();
    switch (t.upper) {
      case 'SELECT':
        return this.queryStatement();
      case 'SET':
        this.pos++;
        return this.set();
      case 'SHOW':
        this.pos++;
        return this.show();
      case 'USE':
        this.pos++;
        return { kind: 'use', database: this.identifier(true) };
      case 'DO': {
        this.pos++;
        const exprs = [this.expr()];
        while (this.acceptOp(',')) exprs.push(this.expr());
        return { kind: 'do', exprs };
      }
      case 'ANALYZE':
        return this.analyze();
      case 'KILL': {
        this.pos++;
        const query = this.acceptWord('QUERY');
        if (!query) this.acceptWord('CONNECTION');
        return { kind: 'kill', query, id: this.expr() };
      }
      case 'DESCRIBE':
      case 'DESC':
      case 'EXPLAIN':
        if (this.describesTable()) return this.describe();
        return this.unsupportedByLeader(1);
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
      case 'DELETE':
        return this.singleTableDelete();
      case 'CALL':
        this.pos++;
        return this.call();
      default:
        if (KNOWN_UNSUPPORTED_LEADERS.has(t.upper)) return this.unsupportedByLeader(1);
        return null;
    }
  }

  /** CALL sp_name[([expr[, expr] ...])] */
  protected call(): A.CallStmt {
    const first = this.identifier();
    let schema: string | undefined;
    let name = first;
    if (this.acceptOp('.')) {
      schema = first;
      name = this.identifierAfterDot();
    }
    const args: A.Expr[] = [];
    if (this.acceptOp('(') && !this.acceptOp(')')) {
      do args.push(this.expr());
      while (this.acceptOp(','));
      this.expectOp(')');
    }
    return { kind: 'call', ...(schema !== undefined ? { schema } : {}), name, args };
  }

  /** ANALYZE TABLE t, ...; its histogram forms (UPDATE / DROP HISTOGRAM) stay 1235. */
  protected analyze(): A.Statement {
    const start = this.pos;
    this.pos++;
    if (!this.acceptWord('NO_WRITE_TO_BINLOG')) this.acceptWord('LOCAL');
    if (!this.acceptWord('TABLE')) throw this.error();
    const tables = [this.showObjectName()];
    while (this.acceptOp(',')) tables.push(this.showObjectName());
    if (this.isWord('UPDATE') || this.isWord('DROP')) {
      this.pos = start;
      return this.unsupportedByLeader(1);
    }
    return { kind: 'analyze', tables };
  }

  /** DESCRIBE / EXPLAIN of a table, not of a statement (EXPLAIN SELECT, EXPLAIN FORMAT=..., EXPLAIN ANALYZE). */
  protected describesTable(): boolean {
    const next = this.peek();
    if (next.kind === 'eof' || this.isOp(';', next)) throw this.error(next);
    if (next.kind === 'quoted') return true;
    return next.kind === 'word' && !EXPLAINABLE.has(next.upper);
  }

  /** DESCRIBE tbl [col | 'wild']: SHOW COLUMNS FROM tbl [LIKE ...] (sql_yacc.yy describe_stmt). */
  protected describe(): A.ShowStmt {
    this.pos++;
    const stmt: A.ShowStmt = { kind: 'show', what: 'columns', full: false, table: this.showObjectName() };
    if (this.tok.kind === 'string') stmt.like = this.stringLiteral();
    else if (this.isIdentifierStart()) stmt.like = this.identifier();
    return stmt;
  }

  protected commitOrRollback(): A.Statement {
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

  protected transactionCharacteristics(): void {
    do {
      if (this.acceptWords('WITH', 'CONSISTENT', 'SNAPSHOT')) continue;
      if (this.acceptWords('READ', 'ONLY') || this.acceptWords('READ', 'WRITE')) continue;
      if (this.tok.kind !== 'eof' && !this.isOp(';')) throw this.error();
    } while (this.acceptOp(','));
  }

  protected set(): A.Statement {
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

  protected setAssignment(): A.SetAssignment {
    const t = this.tok;
    if (t.kind === 'userVar') {
      this.pos++;
      if (!this.acceptOp('=')) this.expectOp(':=');
      return { target: 'user', name: t.value.toLowerCase(), value: this.expr() };
    }
    if (this.acceptWord('NAMES')) {
      if (this.acceptWord('DEFAULT')) return { target: 'names', charset: 'DEFAULT' };
      // BINARY is a reserved word and a character set name (SET NAMES binary).
      const charset = this.acceptWord('BINARY') ? 'binary' : this.identifier(true).toLowerCase();
      const a: A.SetAssignment = { target: 'names', charset };
      if (this.acceptWord('COLLATE')) {
        if (this.acceptWord('DEFAULT')) return a;
        a.collation = this.identifier(true).toLowerCase();
      }
      return a;
    }
    if (this.acceptWords('CHARACTER', 'SET') || this.acceptWord('CHARSET')) {
      if (this.acceptWord('DEFAULT')) return { target: 'charset', charset: 'DEFAULT' };
      return { target: 'charset', charset: this.acceptWord('BINARY') ? 'binary' : this.identifier(true).toLowerCase() };
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
  protected setValue(): A.Expr {
    const t = this.tok;
    const after = this.peek();
    if (t.kind === 'word' && (after.kind === 'eof' || this.isOp(',', after) || this.isOp(';', after)) && !['NULL', 'TRUE', 'FALSE'].includes(t.upper)) {
      this.pos++;
      return { kind: 'literal', literal: 'string', value: t.value };
    }
    return this.expr();
  }

  protected isVariableNameAfterScope(): boolean {
    const after = this.peek();
    return after.kind === 'word' || after.kind === 'quoted' || after.kind === 'sysVar';
  }

  protected variableName(): string {
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

  protected setTransaction(scope: A.SetTransactionStmt['scope']): A.SetTransactionStmt {
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

  protected show(): A.Statement {
    // SHOW EXTENDED [FULL] COLUMNS / INDEX: EXTENDED adds hidden columns, of which the catalog has none.
    if (this.isWord('EXTENDED') && ['FULL', 'COLUMNS', 'FIELDS', 'INDEX', 'INDEXES', 'KEYS'].includes(this.peek().upper)) this.pos++;
    const full = this.acceptWord('FULL');
    let scope: 'global' | 'session' | undefined;
    if (this.acceptWord('GLOBAL')) scope = 'global';
    else if (this.acceptWord('SESSION') || this.acceptWord('LOCAL')) scope = 'session';
    const t = this.tok;
    if (t.kind !== 'word') throw this.error();
    if (scope && t.upper !== 'VARIABLES' && t.upper !== 'STATUS') throw this.error();
    if (full && !['PROCESSLIST', 'TABLES', 'COLUMNS', 'FIELDS'].includes(t.upper)) throw this.error();
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
      case 'TABLES':
        return this.showFiltered(this.showInDatabase({ kind: 'show', what: 'tables', full }));
      case 'COLUMNS':
      case 'FIELDS':
        return this.showFiltered(this.showOfTable({ kind: 'show', what: 'columns', full }));
      case 'INDEX':
      case 'INDEXES':
      case 'KEYS':
        return this.showFiltered(this.showOfTable({ kind: 'show', what: 'index' }), false);
      case 'TABLE':
        this.expectWord('STATUS');
        return this.showFiltered(this.showInDatabase({ kind: 'show', what: 'tableStatus' }));
      case 'OPEN':
        this.expectWord('TABLES');
        return this.showFiltered(this.showInDatabase({ kind: 'show', what: 'openTables' }));
      case 'PROCEDURE':
      case 'FUNCTION':
        if (this.acceptWord('STATUS')) return this.showFiltered({ kind: 'show', what: t.upper === 'PROCEDURE' ? 'procedureStatus' : 'functionStatus' });
        // SHOW PROCEDURE CODE (debug builds only) and anything else: not ours.
        return this.unsupportedShow(t);
      case 'TRIGGERS':
        return this.showFiltered(this.showInDatabase({ kind: 'show', what: 'triggers' }));
      case 'EVENTS':
        return this.showFiltered(this.showInDatabase({ kind: 'show', what: 'events' }));
      case 'PRIVILEGES':
        return { kind: 'show', what: 'privileges' };
      case 'PROFILES':
        return { kind: 'show', what: 'profiles' };
      case 'GRANTS':
        return this.showGrants();
      case 'CREATE':
        return this.showCreate(t);
      case 'BINARY':
      case 'MASTER':
      case 'BINLOG':
      case 'SLAVE':
      case 'REPLICA':
      case 'REPLICAS':
        return this.showReplication(t);
      default:
        return this.unsupportedShow(t);
    }
  }

  /** `tbl [{FROM | IN} db]` or `db.tbl` of SHOW COLUMNS / INDEX. */
  protected showOfTable(stmt: A.ShowStmt): A.ShowStmt {
    if (!this.acceptWord('FROM') && !this.acceptWord('IN')) throw this.error();
    stmt.table = this.showObjectName();
    if (this.acceptWord('FROM') || this.acceptWord('IN')) stmt.database = this.identifier();
    return stmt;
  }

  /** `[{FROM | IN} db]` of SHOW TABLES, TABLE STATUS, OPEN TABLES, TRIGGERS, EVENTS. */
  protected showInDatabase(stmt: A.ShowStmt): A.ShowStmt {
    if (this.acceptWord('FROM') || this.acceptWord('IN')) stmt.database = this.identifier();
    return stmt;
  }

  /** `name` or `schema.name`. */
  protected showObjectName(): { schema?: string; name: string } {
    const first = this.identifier();
    if (this.acceptOp('.')) return { schema: first, name: this.identifierAfterDot() };
    return { name: first };
  }

  /** SHOW CREATE USER / TABLE / VIEW / DATABASE / PROCEDURE / FUNCTION / TRIGGER / EVENT. */
  protected showCreate(t: Token): A.Statement {
    if (this.acceptWord('USER')) return { kind: 'showCreateUser', user: this.userSpec() };
    if (this.acceptWord('DATABASE') || this.acceptWord('SCHEMA')) {
      const stmt: A.ShowStmt = { kind: 'show', what: 'createDatabase' };
      if (this.acceptWord('IF')) {
        this.expectWord('NOT');
        this.expectWord('EXISTS');
        stmt.ifNotExists = true;
      }
      stmt.object = { name: this.identifier() };
      return stmt;
    }
    const kinds: Record<string, A.ShowStmt['what']> = {
      TABLE: 'createTable',
      VIEW: 'createView',
      PROCEDURE: 'createProcedure',
      FUNCTION: 'createFunction',
      TRIGGER: 'createTrigger',
      EVENT: 'createEvent',
    };
    const what = this.tok.kind === 'word' ? kinds[this.tok.upper] : undefined;
    if (!what) return this.unsupportedShow(t);
    this.pos++;
    const name = this.showObjectName();
    return what === 'createTable' || what === 'createView' ? { kind: 'show', what, table: name } : { kind: 'show', what, object: name };
  }

  /**
   * The binary-log and replica statements, in the spellings this server
   * accepts: MySQL 8.4 only SHOW BINARY LOG STATUS, BINARY LOGS, REPLICA
   * STATUS and REPLICAS (the MASTER / SLAVE forms are gone: 1064 at their
   * first word); 8.0 both families but not BINARY LOG STATUS; 5.x only the
   * old forms; MariaDB the old forms, REPLICA STATUS / HOSTS and BINLOG STATUS.
   */
  protected showReplication(t: Token): A.Statement {
    const p = this.profile;
    const mariadb = p.catalogDialect === 'mariadb';
    const words = (...rest: string[]) => [t.upper, ...rest].join(' ');
    const stmt = (what: A.ShowStmt['what'], written: string): A.ShowStmt => {
      if (what === 'replicaStatus' && this.acceptWords('FOR', 'CHANNEL')) this.identifier(true);
      return { kind: 'show', what, words: written };
    };
    switch (t.upper) {
      case 'BINARY':
        if (this.acceptWord('LOGS')) return stmt('binaryLogs', words('LOGS'));
        if (p.showBinaryLogStatus && !mariadb && this.isWord('LOG') && this.isWord('STATUS', this.peek())) {
          this.pos += 2;
          return stmt('binaryLogStatus', words('LOG', 'STATUS'));
        }
        throw this.error();
      case 'BINLOG':
        if (p.showBinaryLogStatus && mariadb && this.acceptWord('STATUS')) return stmt('binaryLogStatus', words('STATUS'));
        // SHOW BINLOG EVENTS: not modelled.
        if (this.isWord('EVENTS')) return this.unsupportedShow(t);
        throw this.error(t);
      case 'MASTER':
        if (!p.showMasterSlaveForms) throw this.error(t);
        if (this.acceptWord('STATUS')) return stmt('binaryLogStatus', words('STATUS'));
        if (this.acceptWord('LOGS')) return stmt('binaryLogs', words('LOGS'));
        throw this.error();
      case 'SLAVE':
        if (!p.showMasterSlaveForms) throw this.error(t);
        if (this.acceptWord('STATUS')) return stmt('replicaStatus', words('STATUS'));
        if (this.acceptWord('HOSTS')) return stmt('replicas', words('HOSTS'));
        throw this.error();
      case 'REPLICA':
        if (!p.showReplicaForms) throw this.error(t);
        if (this.acceptWord('STATUS')) return stmt('replicaStatus', words('STATUS'));
        if (mariadb && this.acceptWord('HOSTS')) return stmt('replicas', words('HOSTS'));
        throw this.error();
      default:
        // REPLICAS
        if (!p.showReplicaForms || mariadb) throw this.error(t);
        return stmt('replicas', words());
    }
  }

  protected unsupportedShow(t: Token): A.UnsupportedStmt {
    const name = ['SHOW', t.upper];
    if (this.tok.kind === 'word') name.push(this.tok.upper);
    while (this.tok.kind !== 'eof' && !this.isOp(';')) this.pos++;
    return { kind: 'unsupported', name: name.join(' ') };
  }

  protected showFiltered(stmt: A.ShowStmt, like = true): A.ShowStmt {
    if (like && this.acceptWord('LIKE')) stmt.like = this.stringLiteral();
    else if (this.acceptWord('WHERE')) stmt.where = this.expr();
    return stmt;
  }

  protected showDiagnostics(what: 'warnings' | 'errors'): A.ShowStmt {
    const stmt: A.ShowStmt = { kind: 'show', what };
    if (this.acceptWord('LIMIT')) stmt.limit = this.limit();
    return stmt;
  }
}
