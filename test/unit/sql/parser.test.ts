import { describe, expect, it } from 'vitest';
import { getProfile, type ProfileName } from '../../../src/config/profiles.js';
import { MySqlError } from '../../../src/errors/mysql-error.js';
import type { Expr, Statement } from '../../../src/sql/parse/ast.js';
import { LEX_AHEAD_CHARS, parseOne, StatementReader } from '../../../src/sql/parse/parser.js';
import { MAX_LEFT_DEEP_TERMS } from '../../../src/sql/parse/parser-base.js';

function parse(sql: string, profile: ProfileName = 'mysql-8.4'): Statement {
  const read = parseOne(sql, getProfile(profile));
  if ('unrecognised' in read) throw new Error(`unrecognised: ${sql}`);
  return read.statement;
}

function syntaxError(sql: string, profile: ProfileName = 'mysql-8.4'): string {
  try {
    parseOne(sql, getProfile(profile));
  } catch (e) {
    expect(e).toBeInstanceOf(MySqlError);
    expect((e as MySqlError).code).toBe(1064);
    return (e as MySqlError).message.replace(/^.*for the right syntax to use /, '');
  }
  throw new Error(`no syntax error for: ${sql}`);
}

/** An account spec; without `host`, one written without @host. */
const account = (user: string, host?: string) => (host === undefined ? { kind: 'account', user, host: '%', hostOmitted: true } : { kind: 'account', user, host });

describe('CREATE USER', () => {
  it('parses every auth option form', () => {
    const s = parse(
      "CREATE USER IF NOT EXISTS 'a'@'localhost' IDENTIFIED BY 'pw', b IDENTIFIED BY RANDOM PASSWORD, " +
        "`c`@`10.0.0.%` IDENTIFIED WITH mysql_native_password, d@localhost IDENTIFIED WITH caching_sha2_password BY 'x', " +
        "'e' IDENTIFIED WITH sha256_password BY RANDOM PASSWORD, \"f\"@\"h\" IDENTIFIED WITH 'mysql_native_password' AS '*ABC'",
    );
    expect(s).toEqual({
      kind: 'createUser',
      ifNotExists: true,
      users: [
        { user: account('a', 'localhost'), auth: { type: 'password', password: 'pw' } },
        { user: account('b'), auth: { type: 'randomPassword' } },
        { user: account('c', '10.0.0.%'), auth: { type: 'plugin', plugin: 'mysql_native_password' } },
        { user: account('d', 'localhost'), auth: { type: 'pluginPassword', plugin: 'caching_sha2_password', password: 'x' } },
        { user: account('e'), auth: { type: 'pluginRandomPassword', plugin: 'sha256_password' } },
        { user: account('f', 'h'), auth: { type: 'pluginHash', plugin: 'mysql_native_password', hash: '*ABC' } },
      ],
      options: {},
    });
  });

  it('parses roles, TLS, resource, password, lock and comment options', () => {
    const s = parse(
      "CREATE USER u DEFAULT ROLE r1, 'r2'@'%' REQUIRE ISSUER 'i' AND SUBJECT 's' CIPHER 'c' " +
        'WITH MAX_QUERIES_PER_HOUR 1 MAX_UPDATES_PER_HOUR 2 MAX_CONNECTIONS_PER_HOUR 3 MAX_USER_CONNECTIONS 4 ' +
        'PASSWORD EXPIRE INTERVAL 90 DAY PASSWORD HISTORY 5 PASSWORD REUSE INTERVAL 365 DAY PASSWORD REQUIRE CURRENT OPTIONAL ' +
        "FAILED_LOGIN_ATTEMPTS 3 PASSWORD_LOCK_TIME UNBOUNDED ACCOUNT LOCK COMMENT 'hi'",
    );
    expect(s.kind === 'createUser' && s.options).toEqual({
      defaultRoles: [account('r1'), account('r2', '%')],
      require: { type: 'SPECIFIED', issuer: 'i', subject: 's', cipher: 'c' },
      resources: { maxQueriesPerHour: 1, maxUpdatesPerHour: 2, maxConnectionsPerHour: 3, maxUserConnections: 4 },
      passwordExpire: { intervalDays: 90 },
      passwordHistory: 5,
      passwordReuseInterval: 365,
      passwordRequireCurrent: 'OPTIONAL',
      failedLoginAttempts: 3,
      passwordLockTime: 'UNBOUNDED',
      accountLocked: true,
      comment: 'hi',
    });
  });

  it.each([
    ['PASSWORD EXPIRE', { passwordExpire: 'NOW' }],
    ['PASSWORD EXPIRE DEFAULT', { passwordExpire: 'DEFAULT' }],
    ['PASSWORD EXPIRE NEVER', { passwordExpire: 'NEVER' }],
    ['PASSWORD HISTORY DEFAULT', { passwordHistory: 'DEFAULT' }],
    ['PASSWORD REUSE INTERVAL DEFAULT', { passwordReuseInterval: 'DEFAULT' }],
    ['PASSWORD REQUIRE CURRENT', { passwordRequireCurrent: 'REQUIRED' }],
    ['PASSWORD REQUIRE CURRENT DEFAULT', { passwordRequireCurrent: 'DEFAULT' }],
    ['PASSWORD_LOCK_TIME 2', { passwordLockTime: 2 }],
    ['ACCOUNT UNLOCK', { accountLocked: false }],
    ['REQUIRE NONE', { require: { type: 'NONE' } }],
    ['REQUIRE SSL', { require: { type: 'SSL' } }],
    ['REQUIRE X509', { require: { type: 'X509' } }],
    ['ATTRIBUTE \'{"a": 1}\'', { attribute: '{"a": 1}' }],
  ])('option %s', (clause, expected) => {
    const s = parse(`CREATE USER u ${clause}`);
    expect(s.kind === 'createUser' && s.options).toEqual(expected);
  });
});

describe('ALTER USER', () => {
  it('parses REPLACE and RETAIN CURRENT PASSWORD', () => {
    expect(parse("ALTER USER IF EXISTS u@'%' IDENTIFIED BY 'new' REPLACE 'old' RETAIN CURRENT PASSWORD")).toEqual({
      kind: 'alterUser',
      ifExists: true,
      users: [{ user: account('u', '%'), auth: { type: 'password', password: 'new' }, replace: 'old', retainCurrentPassword: true }],
      options: {},
    });
  });

  it('parses DISCARD OLD PASSWORD, USER() and CURRENT_USER', () => {
    expect(parse('ALTER USER u DISCARD OLD PASSWORD')).toMatchObject({ users: [{ user: account('u'), discardOldPassword: true }] });
    expect(parse("ALTER USER USER() IDENTIFIED BY 'x'")).toMatchObject({ users: [{ user: { kind: 'sessionUser' } }] });
    expect(parse("ALTER USER CURRENT_USER() IDENTIFIED BY 'x'")).toMatchObject({ users: [{ user: { kind: 'currentUser' } }] });
    expect(parse('ALTER USER CURRENT_USER PASSWORD EXPIRE')).toMatchObject({ users: [{ user: { kind: 'currentUser' } }], options: { passwordExpire: 'NOW' } });
  });

  it('parses DEFAULT ROLE', () => {
    expect(parse('ALTER USER u DEFAULT ROLE ALL')).toMatchObject({ options: { defaultRoles: 'ALL' } });
    expect(parse('ALTER USER u DEFAULT ROLE NONE')).toMatchObject({ options: { defaultRoles: 'NONE' } });
  });

  it('refuses dual-password clauses and USER() where the server has none', () => {
    expect(syntaxError("ALTER USER u IDENTIFIED BY 'x' RETAIN CURRENT PASSWORD", 'mariadb-10.11')).toBe(
      "near 'RETAIN CURRENT PASSWORD' at line 1",
    );
    expect(syntaxError('ALTER USER u DISCARD OLD PASSWORD', 'mysql-5.7')).toBe("near 'DISCARD OLD PASSWORD' at line 1");
    expect(syntaxError("ALTER USER USER() IDENTIFIED BY 'x'", 'mariadb-10.11')).toBe("near '() IDENTIFIED BY 'x'' at line 1");
  });
});

describe('other account statements', () => {
  it('DROP USER and RENAME USER', () => {
    expect(parse("DROP USER IF EXISTS a, 'b'@'h'")).toEqual({ kind: 'dropUser', ifExists: true, users: [account('a'), account('b', 'h')] });
    expect(parse('RENAME USER a TO b, c@h TO d@h')).toEqual({
      kind: 'renameUser',
      renames: [
        { from: account('a'), to: account('b') },
        { from: account('c', 'h'), to: account('d', 'h') },
      ],
    });
  });

  it('SET PASSWORD forms', () => {
    expect(parse("SET PASSWORD = 'x'")).toEqual({ kind: 'setPassword', password: 'x' });
    expect(parse("SET PASSWORD FOR 'u'@'h' = 'x' REPLACE 'y' RETAIN CURRENT PASSWORD")).toEqual({
      kind: 'setPassword',
      user: account('u', 'h'),
      password: 'x',
      replace: 'y',
      retainCurrentPassword: true,
    });
    expect(parse('SET PASSWORD FOR u TO RANDOM')).toEqual({ kind: 'setPassword', user: account('u'), random: true });
  });

  it('PASSWORD() exists only where the server has it', () => {
    expect(parse("SET PASSWORD = PASSWORD('x')", 'mysql-5.7')).toEqual({ kind: 'setPassword', password: 'x', hashFunction: true });
    expect(parse("SET PASSWORD = PASSWORD('x')", 'mariadb-10.11')).toMatchObject({ hashFunction: true });
    expect(syntaxError("SET PASSWORD = PASSWORD('x')")).toBe("near 'PASSWORD('x')' at line 1");
  });

  it('GRANT privileges, columns, dynamic privileges and roles', () => {
    expect(parse('GRANT SELECT (a, b), INSERT, ALL PRIVILEGES ON db.* TO u, v@h WITH GRANT OPTION')).toEqual({
      kind: 'grant',
      privileges: [{ name: 'SELECT', columns: ['a', 'b'] }, { name: 'INSERT' }, { name: 'ALL' }],
      on: { database: 'db', table: '*' },
      to: [account('u'), account('v', 'h')],
      withGrantOption: true,
    });
    expect(parse('GRANT APPLICATION_PASSWORD_ADMIN, CREATE USER ON *.* TO u')).toMatchObject({
      privileges: [{ name: 'APPLICATION_PASSWORD_ADMIN' }, { name: 'CREATE USER' }],
      on: { database: '*', table: '*' },
      withGrantOption: false,
    });
    expect(parse('GRANT SELECT ON TABLE mysql.user TO u')).toMatchObject({ on: { objectType: 'TABLE', database: 'mysql', table: 'user' } });
    expect(parse("GRANT r1, 'r2' TO u WITH ADMIN OPTION")).toEqual({
      kind: 'grantRole',
      roles: [account('r1', '%'), account('r2')],
      to: [account('u')],
      withAdminOption: true,
    });
  });

  it('REVOKE forms', () => {
    expect(parse('REVOKE IF EXISTS SELECT ON *.* FROM u IGNORE UNKNOWN USER')).toMatchObject({
      kind: 'revoke',
      ifExists: true,
      privileges: [{ name: 'SELECT' }],
      ignoreUnknownUser: true,
    });
    expect(parse('REVOKE ALL PRIVILEGES, GRANT OPTION FROM u')).toMatchObject({ kind: 'revoke', all: true, privileges: [] });
    expect(parse('REVOKE r1 FROM u')).toMatchObject({ kind: 'revokeRole', roles: [account('r1', '%')] });
  });

  it('SHOW GRANTS, SHOW CREATE USER, FLUSH PRIVILEGES, databases, components', () => {
    expect(parse('SHOW GRANTS')).toEqual({ kind: 'showGrants' });
    expect(parse('SHOW GRANTS FOR u USING r1, r2')).toEqual({ kind: 'showGrants', user: account('u'), using: [account('r1'), account('r2')] });
    expect(parse('SHOW CREATE USER CURRENT_USER()')).toEqual({ kind: 'showCreateUser', user: { kind: 'currentUser' } });
    expect(parse('FLUSH PRIVILEGES')).toEqual({ kind: 'flushPrivileges' });
    expect(parse('CREATE DATABASE IF NOT EXISTS d DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin')).toEqual({
      kind: 'createDatabase', ifNotExists: true, name: 'd', charset: 'utf8mb4', collation: 'utf8mb4_bin',
    });
    expect(parse('DROP SCHEMA IF EXISTS d')).toEqual({ kind: 'dropDatabase', ifExists: true, name: 'd' });
    expect(parse("INSTALL COMPONENT 'file://component_validate_password'")).toEqual({
      kind: 'installComponent', components: ['file://component_validate_password'],
    });
  });

  it('UPDATE mysql.user', () => {
    expect(parse("UPDATE mysql.user SET password_expired = 'Y', max_connections = DEFAULT WHERE User = 'bob'")).toEqual({
      kind: 'update',
      table: { schema: 'mysql', name: 'user' },
      assignments: [
        { column: { kind: 'column', name: 'password_expired' }, value: { kind: 'literal', literal: 'string', value: 'Y' } },
        { column: { kind: 'column', name: 'max_connections' }, value: 'DEFAULT' },
      ],
      where: {
        kind: 'binary', op: '=', left: { kind: 'column', name: 'User' }, right: { kind: 'literal', literal: 'string', value: 'bob' },
      },
    });
  });
});

describe('SELECT, SET and SHOW', () => {
  it('keeps the source text of select items and honours operator precedence', () => {
    const s = parse('SELECT 1 + 2 * 3 AS x, NOT a = 1 OR b');
    expect(s).toMatchObject({
      items: [
        { text: '1 + 2 * 3', alias: 'x', expr: { op: '+', right: { op: '*' } } },
        { text: 'NOT a = 1 OR b', expr: { op: 'OR', left: { kind: 'unary', op: 'NOT', arg: { op: '=' } } } },
      ],
    });
  });

  it('reads a list of lone literals in one step each, and anything else in a list as a whole expression', () => {
    // listItem(): a number or string literal before ',' or ')' is the node expr() would give.
    const viaList = parse("SELECT 1 IN (1, 'a', 2 + 3, 'b' 'c', -4, 5 COLLATE x), CONCAT('x', 2, 'y' COLLATE utf8mb4_bin), 7, 'z' AS a");
    const viaExpr = parse("SELECT 1 IN ((1), ('a'), 2 + 3, 'b' 'c', -4, 5 COLLATE x), CONCAT(('x'), (2), 'y' COLLATE utf8mb4_bin), (7), 'z' AS a");
    const exprs = (s: Statement) => (s as Extract<Statement, { kind: 'select' }>).items.map((i) => i.expr);
    expect(exprs(viaList)).toEqual(exprs(viaExpr));
    expect(exprs(viaList)[0]).toMatchObject({
      kind: 'in',
      list: [
        { kind: 'literal', literal: 'int', value: 1 },
        { kind: 'literal', literal: 'string', value: 'a' },
        { kind: 'binary', op: '+' },
        { kind: 'literal', literal: 'string', value: 'bc' },
        { kind: 'literal', literal: 'int', value: -4 },
        { kind: 'collate' },
      ],
    });
    expect((viaList as Extract<Statement, { kind: 'select' }>).items.map((i) => i.text)).toEqual([expect.stringMatching(/^1 IN/), expect.stringMatching(/^CONCAT/), '7', "'z'"]);
  });

  it('reads the terms of left-deep chains (+ -, AND OR XOR && ||) in one step, with the nodes and precedence of the full descent', () => {
    const items = (sql: string) => (parse(sql) as Extract<Statement, { kind: 'select' }>).items.map((i) => i.expr);
    // The same statements with each term in parentheses take the full descent.
    expect(items("SELECT 1 + 2 - 3 + 'a', 1 AND 2 OR 3 XOR 4 && 5 || 6, 1 + 2 * 3, 1 + 2 COLLATE x, 1 AND 2 = 3, 1 + 2 IS NULL, 1 - -2")).toEqual(
      items("SELECT 1 + (2) - (3) + ('a'), 1 AND (2) OR (3) XOR (4) && (5) || (6), 1 + 2 * 3, 1 + 2 COLLATE x, 1 AND 2 = 3, 1 + 2 IS NULL, 1 - -2"),
    );
    expect(items('SELECT 1 + 2 * 3')[0]).toMatchObject({ op: '+', right: { op: '*' } });
    expect(items('SELECT 1 AND 2 = 3')[0]).toMatchObject({ op: 'AND', right: { op: '=' } });
    expect(items('SELECT 1 OR 2 AND 3')[0]).toMatchObject({ op: 'OR', right: { op: 'AND' } });
    // Keywords in any case; a word that only starts like one is not one.
    expect(items('SELECT 1 and 2 Or 3 xOr 4')).toEqual(items('SELECT 1 AND 2 OR 3 XOR 4'));
    expect(() => parse('SELECT 1 ANDY 2')).toThrow(/near '2'/);
    // Nesting is bounded as before: 400 levels of parentheses around a chain are 1064 "memory exhausted".
    expect(() => parse(`SELECT ${'('.repeat(400)}1 + 1 + 1${')'.repeat(400)}`)).toThrow(/memory exhausted/);
    expect(() => parse(`SELECT ${'('.repeat(398)}1 + 1 + 1${')'.repeat(398)}`)).not.toThrow();
  });

  it('makes AND and OR chains balanced trees of their terms in order (MySQL flattens them into one Item_cond), other chains left-deep', () => {
    const expr = (sql: string) => (parse(sql) as Extract<Statement, { kind: 'select' }>).items[0]!.expr;
    /** The leaves of an op-tree, left to right, and its depth. */
    const walk = (e: Expr, op: string): { leaves: unknown[]; depth: number } => {
      if (e.kind !== 'binary' || e.op !== op) return { leaves: [e.kind === 'literal' ? e.value : e.kind], depth: 0 };
      const l = walk(e.left, op);
      const r = walk(e.right, op);
      return { leaves: [...l.leaves, ...r.leaves], depth: 1 + Math.max(l.depth, r.depth) };
    };
    expect(expr('SELECT 1 AND 2')).toEqual({ kind: 'binary', op: 'AND', left: { kind: 'literal', literal: 'int', value: 1 }, right: { kind: 'literal', literal: 'int', value: 2 } });
    const and = walk(expr(`SELECT 0${' AND 1'.repeat(999)} && 2`), 'AND');
    expect(and.leaves).toEqual([0, ...Array(999).fill(1), 2]);
    expect(and.depth).toBe(10);
    const or = walk(expr(`SELECT 5 OR a = 1 ${'|| 7 '.repeat(6)}OR NOT 8`), 'OR');
    expect(or).toEqual({ leaves: [5, 'binary', 7, 7, 7, 7, 7, 7, 'unary'], depth: 4 });
    // A row comparison is the AND (=) or OR (<>) of its pairs, the same way.
    expect(walk(expr(`SELECT (${'1,'.repeat(1023)}2) = (${'1,'.repeat(1023)}2)`), 'AND').depth).toBe(10);
    expect(walk(expr('SELECT 1 + 2 + 3 + 4'), '+').depth).toBe(3);
  });

  it.each([
    ['+', (n: number) => `SELECT 1${'+1'.repeat(n)}`],
    ['-', (n: number) => `SELECT 1${' - 1'.repeat(n)}`],
    ['*', (n: number) => `SELECT 1${'*1'.repeat(n)}`],
    ['=', (n: number) => `SELECT 1${'=1'.repeat(n)}`],
    ['IS NULL', (n: number) => `SELECT 1${' IS NULL'.repeat(n)}`],
    ['XOR', (n: number) => `SELECT 1${' XOR 1'.repeat(n)}`],
    ['|', (n: number) => `SELECT 1${'|1'.repeat(n)}`],
    ['&', (n: number) => `SELECT 1${'&1'.repeat(n)}`],
    ['<<', (n: number) => `SELECT 1${'<<1'.repeat(n)}`],
    ['^', (n: number) => `SELECT 1${'^1'.repeat(n)}`],
    ['COLLATE', (n: number) => `SELECT 'a'${' COLLATE utf8mb4_bin'.repeat(n)}`],
  ])('a left-deep %s chain of more than MAX_LEFT_DEEP_TERMS terms is 1436 at the parse, without reading the rest', (_op, chain) => {
    expect(() => parse(chain(MAX_LEFT_DEEP_TERMS - 1))).not.toThrow();
    const refused = (() => {
      try {
        parse(`${chain(MAX_LEFT_DEEP_TERMS + 1)} 'unterminated`);
      } catch (err) {
        return err;
      }
      return null;
    })();
    // The unterminated string after the chain is never reached: 1436, not 1064.
    expect(refused).toMatchObject({ code: 1436 });
  });

  it('reads integers past 64 bits as DECIMAL without converting all their digits; leading zeros do not count', () => {
    const value = (sql: string) => ((parse(sql) as Extract<Statement, { kind: 'select' }>).items[0]!.expr as { literal: string; value: unknown });
    expect(value('SELECT 18446744073709551615')).toEqual({ kind: 'literal', literal: 'int', value: 18446744073709551615n });
    expect(value(`SELECT ${'0'.repeat(40)}18446744073709551615`)).toMatchObject({ literal: 'int', value: 18446744073709551615n });
    expect(value('SELECT 18446744073709551616')).toMatchObject({ literal: 'decimal', value: '18446744073709551616' });
    expect(value(`SELECT ${'9'.repeat(1_000_000)}`)).toMatchObject({ literal: 'decimal' });
  });

  it('reads SET scopes and values', () => {
    expect(parse("SET GLOBAL max_connections = 10, @@session.sql_mode = 'ANSI', @x := 1, autocommit = ON, time_zone = DEFAULT")).toEqual({
      kind: 'set',
      assignments: [
        { target: 'system', name: 'max_connections', scope: 'global', value: { kind: 'literal', literal: 'int', value: 10 } },
        { target: 'system', name: 'sql_mode', scope: 'session', value: { kind: 'literal', literal: 'string', value: 'ANSI' } },
        { target: 'user', name: 'x', value: { kind: 'literal', literal: 'int', value: 1 } },
        { target: 'system', name: 'autocommit', scope: 'default', value: { kind: 'literal', literal: 'string', value: 'ON' } },
        { target: 'system', name: 'time_zone', scope: 'default', value: 'DEFAULT' },
      ],
    });
    expect(parse('SET NAMES utf8mb4 COLLATE utf8mb4_bin')).toEqual({ kind: 'set', assignments: [{ target: 'names', charset: 'utf8mb4', collation: 'utf8mb4_bin' }] });
    expect(parse('SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED, READ ONLY')).toEqual({
      kind: 'setTransaction', scope: 'session', isolation: 'READ COMMITTED', readOnly: true,
    });
  });

  it('reads SHOW variants', () => {
    expect(parse("SHOW GLOBAL VARIABLES LIKE 'max%'")).toEqual({ kind: 'show', what: 'variables', scope: 'global', like: 'max%' });
    expect(parse('SHOW COUNT(*) WARNINGS')).toEqual({ kind: 'show', what: 'countWarnings' });
    expect(parse('SHOW FULL TABLES FROM mysql')).toEqual({ kind: 'show', what: 'tables', full: true, database: 'mysql' });
    expect(parse('SHOW CREATE TABLE t')).toEqual({ kind: 'show', what: 'createTable', table: { name: 't' } });
  });

  it('counts ? placeholders', () => {
    const read = parseOne('SELECT ? + ?, @x WHERE ? LIMIT ?', getProfile('mysql-8.4'));
    expect('paramCount' in read && read.paramCount).toBe(4);
  });

  it('leaves unknown leading keywords to classify', () => {
    expect(parseOne('INSERT INTO t VALUES (1)', getProfile('mysql-8.4'))).toMatchObject({ unrecognised: true, text: 'INSERT INTO t VALUES (1)' });
  });
});

describe('1064 texts', () => {
  it.each([
    ['SELECT * FORM t', "near 'FORM t' at line 1"],
    ['SELECT 1 FROM', "near '' at line 1"],
    ['SELECT (1', "near '' at line 1"],
    ['SELECT 1,', "near '' at line 1"],
    ["CREATE USER 'u'@'h' IDENTIFIED BY", "near '' at line 1"],
    ["CREATE USER u IDENTIFIED BY 'x' PASSWORD EXPIRE INTERVAL 5 MONTH", "near 'MONTH' at line 1"],
    ['DROP USER', "near '' at line 1"],
    ["GRANT SELECT ON *.* TO u IDENTIFIED BY 'x'", "near 'IDENTIFIED BY 'x'' at line 1"],
    ['SELECT 1\nFROM\nWHERE x', "near 'WHERE x' at line 3"],
    ["ALTER USER u\n  IDENTIFIED BY 'x'\n  RETAIN PASSWORD", "near 'PASSWORD' at line 3"],
  ])('%s', (sql, near) => {
    expect(syntaxError(sql)).toBe(near);
  });

  it('quotes at most 80 characters of the rest of the statement', () => {
    const tail = 'x'.repeat(100);
    expect(syntaxError(`SELECT 1 2 ${tail}`)).toBe(`near '${`2 ${tail}`.slice(0, 80)}' at line 1`);
  });
});

describe('CALL', () => {
  it('takes a qualified or bare name, with or without arguments', () => {
    expect(parse('CALL mysql.az_kill(42)')).toEqual({ kind: 'call', schema: 'mysql', name: 'az_kill', args: [{ kind: 'literal', literal: 'int', value: 42 }] });
    expect(parse('CALL az_install_validate_password_plugin()')).toEqual({ kind: 'call', name: 'az_install_validate_password_plugin', args: [] });
    expect(parse('CALL `db`.p')).toEqual({ kind: 'call', schema: 'db', name: 'p', args: [] });
    expect(syntaxError('CALL p(1,')).toBe("near '' at line 1");
  });
});

describe('StatementReader.nextIsLong(): a long statement is known before its parse', () => {
  const profile = getProfile('mysql-8.4');
  const long = `SELECT LENGTH('${'x'.repeat(LEX_AHEAD_CHARS)}')`;

  it('is the length of the next statement, not of the text left', () => {
    const r = new StatementReader(`SELECT 1; ${long}; SELECT 2`, profile);
    expect(r.nextIsLong()).toBe(false);
    r.next();
    expect(r.nextIsLong()).toBe(true);
    r.next();
    expect(r.nextIsLong()).toBe(false);
    // Many short statements make a long text, not a long statement.
    const many = new StatementReader('SELECT 1;'.repeat(LEX_AHEAD_CHARS / 4), profile);
    many.next();
    expect(many.nextIsLong()).toBe(false);
  });

  it('counts a statement long when a lexical error stops the scan, and never throws', () => {
    const r = new StatementReader(`SELECT 1; SELECT 'unterminated ${'x'.repeat(LEX_AHEAD_CHARS)}`, profile);
    r.next();
    expect(r.nextIsLong()).toBe(true);
    expect(() => r.next()).toThrow(MySqlError);
  });
});

describe('`?` markers read in one step in lists and chains', () => {
  it('numbers them in order, whichever way each is read', () => {
    const read = parseOne('SELECT ?, ? + 1, 1 IN (?, ?), ? OR ?, CONCAT(?, (?))', getProfile('mysql-8.4'));
    if ('unrecognised' in read) throw new Error('unrecognised');
    expect(read.paramCount).toBe(8);
    const indexes: number[] = [];
    JSON.stringify(read.statement, (k, v: unknown) => {
      if (v && typeof v === 'object' && (v as { kind?: string }).kind === 'param') indexes.push((v as { index: number }).index);
      return v;
    });
    expect(indexes).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
});
