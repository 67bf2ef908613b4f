import { describe, expect, it, vi } from 'vitest';
import { failure, fakeContext, result, rows, scalar } from '../../helpers/fake-context.js';
import { prepareStatement as parseForPrepare, runPrepared } from '../../../src/session/pipeline.js';
import { LEX_AHEAD_CHARS } from '../../../src/sql/parse/parser.js';
import { MAX_PREPARED_PARAMS } from '../../../src/sql/exec/execute.js';
import type { CreateUserStmt } from '../../../src/sql/parse/ast.js';

const parserLoads = vi.hoisted(() => ({ count: 0 }));
vi.mock('node-sql-parser/build/mysql.js', async (importOriginal) => {
  parserLoads.count++;
  return importOriginal();
});

describe('statement splitting', () => {
  it('runs each statement with multi-statements and stops at the first error', async () => {
    const ctx = fakeContext();
    const out = await ctx.run('SELECT 1; SET @a = 2; SELECT @nope FROM t; SELECT 3', true);
    expect(out.map((o) => ('error' in o ? o.error.code : o.result.kind))).toEqual(['rows', 'ok', 1046]);
    expect(out.map((o) => o.statement)).toEqual(['SELECT 1', 'SET @a = 2', 'SELECT @nope FROM t']);
    expect(ctx.session.userVariables.get('a')).toBe(2);
  });

  it('a later syntax error does not undo earlier statements', async () => {
    const ctx = fakeContext();
    const out = await ctx.run('SET @a = 1; SELEC 2', true);
    expect('result' in out[0]!).toBe(true);
    expect((out[1] as { error: { message: string } }).error.message).toMatch(/near 'SELEC 2' at line 1$/);
  });

  it('without multi-statements, the second statement is a 1064 and nothing runs', async () => {
    const ctx = fakeContext();
    const out = await ctx.run('SET @a = 1;\nSELECT 2');
    expect(out).toHaveLength(1);
    expect((out[0] as { error: { message: string } }).error.message).toMatch(/near 'SELECT 2' at line 2$/);
    expect(ctx.session.userVariables.has('a')).toBe(false);
  });

  it('accepts trailing semicolons, whitespace and comments; empty text is 1065', async () => {
    const ctx = fakeContext();
    expect(await scalar(ctx, 'SELECT 1 ; ; -- done\n')).toBe(1);
    expect((await failure(ctx, '  ')).code).toBe(1065);
    expect((await failure(ctx, '/* nothing */')).code).toBe(1065);
    expect(await scalar(ctx, '/*!40101 SELECT 5 */')).toBe(5);
  });
});

describe('diagnostics', () => {
  it('are cleared by each statement except SHOW WARNINGS / COUNT / @@warning_count', async () => {
    const ctx = fakeContext();
    await ctx.run('SELECT 1/0');
    expect(await scalar(ctx, 'SELECT @@warning_count')).toBe(1);
    expect((await rows(ctx, 'SHOW COUNT(*) WARNINGS')).rows).toEqual([[1]]);
    expect((await rows(ctx, 'SHOW WARNINGS')).rows).toEqual([['Warning', 1365, 'Division by 0']]);
    expect((await rows(ctx, 'SHOW ERRORS')).rows).toEqual([]);
    await ctx.run('SELECT 1');
    expect((await rows(ctx, 'SHOW WARNINGS')).rows).toEqual([]);
  });
});

describe('unsupported statements and node-sql-parser', () => {
  it('never loads node-sql-parser for our own statements', async () => {
    const ctx = fakeContext({ handlers: { createUser: () => ({ kind: 'ok' }) } });
    for (const sql of ['SELECT 1', 'SET @a = 1', 'SHOW DATABASES', 'USE appdb', "CREATE USER u IDENTIFIED BY 'x'", 'BEGIN', 'DO 1', 'SELECT * FORM t']) {
      await ctx.run(sql);
    }
    expect(parserLoads.count).toBe(0);
  });

  it('answers valid but unimplemented statements with 1235 and bad ones with 1064', async () => {
    const ctx = fakeContext();
    expect((await failure(ctx, 'CREATE TABLE t (a INT)')).message).toBe("This version of MySQL doesn't yet support 'CREATE TABLE'");
    expect(parserLoads.count).toBe(1);
    expect((await failure(ctx, 'INSERT INTO t VALUES (1)')).message).toBe("This version of MySQL doesn't yet support 'INSERT'");
    expect((await failure(ctx, 'DELETE FROM t')).code).toBe(1235);
    expect((await failure(ctx, 'ALTER TABLE t ADD c INT')).message).toBe("This version of MySQL doesn't yet support 'ALTER TABLE'");
    expect((await failure(ctx, 'LOCK TABLES t READ')).code).toBe(1235);
    expect((await failure(ctx, 'CHECKSUM TABLE t')).message).toBe("This version of MySQL doesn't yet support 'CHECKSUM'");
    expect((await failure(ctx, 'INSERT INTO t VALUES (1')).message).toMatch(/near '' at line 1$/);
    expect((await failure(ctx, 'FROB the thing')).message).toMatch(/near 'FROB the thing' at line 1$/);
    // Joins are executed: without a database, MySQL's 1046 comes when the tables are opened.
    expect((await failure(ctx, 'SELECT a FROM t JOIN u')).code).toBe(1046);
    expect(parserLoads.count).toBe(1);
  });
});

describe('account statements', () => {
  it('are delegated to handlers, or 1235 naming the statement', async () => {
    const seen: CreateUserStmt[] = [];
    const ctx = fakeContext({ handlers: { createUser: (stmt) => (seen.push(stmt), { kind: 'ok', affectedRows: 0 }) } });
    expect(await result(ctx, "CREATE USER 'a'@'h' IDENTIFIED BY 'pw'")).toEqual({ kind: 'ok', affectedRows: 0 });
    expect(seen[0]!.users[0]!.auth).toEqual({ type: 'password', password: 'pw' });
    expect((await failure(ctx, 'DROP USER a')).message).toBe("This version of MySQL doesn't yet support 'DROP USER'");
    expect((await failure(ctx, 'FLUSH PRIVILEGES')).message).toBe("This version of MySQL doesn't yet support 'FLUSH PRIVILEGES'");
  });

  it('the sandbox lets only the profile allow-list through (1820)', async () => {
    const ctx = fakeContext({ handlers: { alterUser: () => ({ kind: 'ok' }) } });
    ctx.session.sandboxed = true;
    expect((await failure(ctx, 'SELECT 1')).code).toBe(1820);
    expect((await failure(ctx, 'SET @a = 1')).code).toBe(1820);
    expect(await result(ctx, "ALTER USER USER() IDENTIFIED BY 'new'")).toEqual({ kind: 'ok' });
    expect((await failure(ctx, 'SELEC 1')).code).toBe(1064);
    const maria = fakeContext({ profile: 'mariadb-10.11' });
    maria.session.sandboxed = true;
    expect(await result(maria, 'SET @a = 1')).toEqual({ kind: 'ok' });
  });
});

describe('USE, transactions and SHOW', () => {
  it('USE checks the schema and the access hook', async () => {
    const ctx = fakeContext({
      handlers: {
        checkDatabaseAccess: (_c, db) => {
          if (db === 'sys') throw new Error('denied');
        },
      },
    });
    expect((await failure(ctx, 'USE nowhere')).message).toBe("Unknown database 'nowhere'");
    await result(ctx, 'USE `appdb`');
    expect(ctx.session.database).toBe('appdb');
    // A fault that is not a MySQL error never escapes: it is 1815, and the session goes on.
    expect(await failure(ctx, 'USE sys')).toMatchObject({ code: 1815, message: 'Internal error: Error: denied' });
  });

  it('tracks transactions', async () => {
    const ctx = fakeContext();
    await result(ctx, 'START TRANSACTION READ ONLY');
    expect(ctx.session.inTransaction).toBe(true);
    await result(ctx, 'COMMIT');
    expect(ctx.session.inTransaction).toBe(false);
    await result(ctx, 'BEGIN');
    await result(ctx, 'ROLLBACK WORK');
    expect(ctx.session.inTransaction).toBe(false);
  });

  it('SHOW DATABASES uses the visibility hook and LIKE names the column', async () => {
    const ctx = fakeContext({ handlers: { visibleDatabases: () => ['mysql', 'information_schema'] } });
    expect((await rows(ctx, 'SHOW DATABASES')).rows).toEqual([['information_schema'], ['mysql']]);
    const filtered = await rows(ctx, "SHOW DATABASES LIKE 'my%'");
    expect(filtered.columns[0]!.name).toBe('Database (my%)');
    expect(filtered.rows).toEqual([['mysql']]);
  });

  it('SHOW PLUGINS, ENGINES, CHARACTER SET, COLLATION, PROCESSLIST, TABLES, STATUS', async () => {
    const ctx = fakeContext();
    const plugins = await rows(ctx, 'SHOW PLUGINS');
    expect(plugins.rows.find((r) => r[0] === 'mysql_native_password')).toEqual(['mysql_native_password', 'DISABLED', 'AUTHENTICATION', null, 'GPL']);
    expect((await rows(ctx, 'SHOW ENGINES')).rows.some((r) => r[0] === 'InnoDB' && r[1] === 'DEFAULT')).toBe(true);
    expect((await rows(ctx, "SHOW CHARACTER SET LIKE 'utf8mb4'")).rows).toEqual([['utf8mb4', 'UTF-8 Unicode', 'utf8mb4_0900_ai_ci', 4]]);
    expect((await rows(ctx, "SHOW COLLATION WHERE Id = 45")).rows).toEqual([['utf8mb4_general_ci', 'utf8mb4', 45, '', 'Yes', 1, 'PAD SPACE']]);
    expect((await rows(ctx, 'SHOW PROCESSLIST')).rows).toEqual([[7, 'bob', 'localhost', null, 'Query', 0, 'init', null]]);
    expect((await rows(ctx, "SHOW TABLES FROM information_schema LIKE 'P%'")).rows).toEqual([['PARAMETERS'], ['PARTITIONS'], ['PLUGINS'], ['PROCESSLIST'], ['PROFILING']]);
    expect((await failure(ctx, 'SHOW TABLES')).code).toBe(1046);
    expect((await rows(ctx, "SHOW GLOBAL STATUS LIKE 'Threads_connected'")).rows).toEqual([['Threads_connected', '1']]);
    const maria = await rows(fakeContext({ profile: 'mariadb-10.11' }), "SELECT PLUGIN_STATUS FROM information_schema.PLUGINS WHERE PLUGIN_NAME = 'mysql_native_password'");
    expect(maria.rows).toEqual([['ACTIVE']]);
  });
});

describe('prepared statements', () => {
  it('counts parameters, describes columns and executes with bound values', async () => {
    const ctx = fakeContext();
    const p = await parseForPrepare('SELECT ? + 1 AS n, CONCAT(?, @@version_comment)', ctx);
    expect(p.paramCount).toBe(2);
    expect(p.columns).toBeNull();
    const out = await runPrepared(p, [41, 'x'], ctx);
    expect('result' in out && out.result).toMatchObject({ rows: [[42, 'xMySQL Community Server - GPL']] });

    const plain = await parseForPrepare('SELECT 1 AS one, NOW()', ctx);
    expect(plain.columns?.map((c) => [c.name, c.type])).toEqual([['one', 8], ['NOW()', 12]]);

    const set = await parseForPrepare('SET @v = ?', ctx);
    await runPrepared(set, ['hello'], ctx);
    expect(ctx.session.userVariables.get('v')).toBe('hello');

    const insert = await parseForPrepare('INSERT INTO t VALUES (?)', ctx);
    const err = await runPrepared(insert, [1], ctx);
    expect('error' in err && err.error.code).toBe(1235);
    expect(() => parseForPrepare('SELECT 1; SELECT 2', ctx)).toThrow(/near 'SELECT 2'/);
  });

  it('refuses more than 65,535 placeholders with 1390, as init_param_array() does', async () => {
    const ctx = fakeContext();
    const marks = (n: number) => `SELECT ?${',?'.repeat(n - 1)}`;
    await expect(Promise.resolve(parseForPrepare(marks(MAX_PREPARED_PARAMS), ctx))).resolves.toMatchObject({ paramCount: 65_535 });
    await expect(Promise.resolve(parseForPrepare(marks(MAX_PREPARED_PARAMS + 1), ctx))).rejects.toMatchObject({
      code: 1390,
      sqlState: 'HY000',
      message: 'Prepared statement contains too many placeholders',
    });
  });

  it('prepares a text longer than LEX_AHEAD_CHARS in later event-loop turns, with the same result as a short one', async () => {
    const ctx = fakeContext();
    const sql = `SELECT CONCAT(${"'ab',".repeat(LEX_AHEAD_CHARS / 5)}?) AS s, 1 AS one`;
    const pending = parseForPrepare(sql, ctx);
    expect(pending).toBeInstanceOf(Promise);
    const p = await pending;
    expect(p.paramCount).toBe(1);
    // Its executions run and answer in turns of their own too; a short statement's do not.
    expect(p.long).toBe(true);
    expect((await parseForPrepare('SELECT ?', ctx)).long).toBeUndefined();
    const out = await runPrepared(p, ['z'], ctx);
    expect('result' in out && out.result).toMatchObject({ rows: [['ab'.repeat(LEX_AHEAD_CHARS / 5) + 'z', 1]] });
    const described = await parseForPrepare(`SELECT ${'1,'.repeat(LEX_AHEAD_CHARS)}2 AS two`, ctx);
    expect(described.columns?.at(-1)?.name).toBe('two');
    // Errors come as rejections: a syntax error after the long part, and two statements.
    await expect(parseForPrepare(`SELECT '${'x'.repeat(LEX_AHEAD_CHARS)}' FROM`, ctx)).rejects.toMatchObject({ code: 1064 });
    await expect(parseForPrepare(`SELECT '${'x'.repeat(LEX_AHEAD_CHARS)}'; SELECT 2`, ctx)).rejects.toThrow(/near 'SELECT 2'/);
  });
});
