/**
 * The conformance runner's pure parts: the mysqltest reader, the output
 * formatter (checked against lines of the real .result files in suites/),
 * the statement alignment, and the error-name tables.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { align, toLines, type Block } from './align.js';
import { curatedErrorNames, mariadbErrorTable, mysqlErrorTable, resolveErrorName } from './error-names.js';
import {
  applyReplace,
  escapeBatch,
  formatBatchResult,
  formatCliError,
  formatConnectAttempt,
  formatError,
  formatQueryEcho,
  formatResultSet,
  formatWarnings,
  matchesExpected,
} from './format.js';
import {
  convertToFormatV1,
  evalText,
  parseConnectArgs,
  parseErrorList,
  parseMysqlCli,
  parseMysqltest,
  parseReplaceColumn,
  parseReplaceRegex,
  parseReplaceResult,
  shellWords,
  splitStatements,
  stripParentheses,
  truthy,
  type Command,
  type DirectiveCmd,
  type QueryCmd,
} from './mysqltest.js';

const parse = (src: string) => parseMysqltest(src, { file: 't.test' }).commands;
const q = (c: Command | undefined) => c as QueryCmd;
const d = (c: Command | undefined) => c as DirectiveCmd;

describe('mysqltest reader', () => {
  it('reads statements up to the delimiter, across lines, and skips comments and empty lines', () => {
    const cmds = parse("# a comment\nCREATE USER u1 IDENTIFIED by 'u1';\n\nUPDATE mysql.user SET a=1, \nb=2 WHERE user='u1';\n");
    expect(cmds.map((c) => c.type)).toEqual(['query', 'query']);
    expect(q(cmds[0]).text).toBe("CREATE USER u1 IDENTIFIED by 'u1'");
    expect(q(cmds[1]).text).toBe("UPDATE mysql.user SET a=1, \nb=2 WHERE user='u1'");
    expect(q(cmds[1]).pos.line).toBe(4);
  });

  it('does not end a statement at a delimiter inside quotes', () => {
    const cmds = parse("SELECT 'a;b', \"c;\\\"d\", `e;f`;\nSELECT 2;\n");
    expect(q(cmds[0]).text).toBe("SELECT 'a;b', \"c;\\\"d\", `e;f`");
    expect(q(cmds[1]).text).toBe('SELECT 2');
  });

  it('reads -- commands to the end of the line, keeping trailing spaces of --echo', () => {
    const cmds = parse('--echo #### Honouring the value \n--error ER_CANNOT_USER\n-- echo # spaced\n--connect(con1, localhost, a)\n-- a comment that is no command\n');
    expect(cmds).toHaveLength(4);
    expect(d(cmds[0])).toMatchObject({ name: 'echo', arg: '#### Honouring the value ', dashed: true });
    expect(d(cmds[1])).toMatchObject({ name: 'error', arg: 'ER_CANNOT_USER' });
    expect(d(cmds[2])).toMatchObject({ name: 'echo', arg: '# spaced' });
    expect(d(cmds[3])).toMatchObject({ name: 'connect', arg: '(con1, localhost, a)' });
  });

  it('recognises commands without -- by their first word, ended by the delimiter', () => {
    const cmds = parse('connect (conn_u1,localhost,u1,u1,,,,SSL);\nerror ER_ACCESS_DENIED_ERROR;\ndisconnect conn_u1;\nlet $x = `SELECT 1`;\n');
    expect(cmds.map((c) => d(c).name)).toEqual(['connect', 'error', 'disconnect', 'let']);
    expect(d(cmds[0]).arg).toBe('(conn_u1,localhost,u1,u1,,,,SSL)');
    expect(d(cmds[3]).arg).toBe('$x = `SELECT 1`');
  });

  it('follows delimiter changes (DELIMITER |; ... DELIMITER ;|)', () => {
    const cmds = parse('DELIMITER |;\nCREATE TABLE t1(c INT)|\nCREATE PROCEDURE p()\nBEGIN\n  SELECT 1;\nEND|\nDELIMITER ;|\nCALL p();\n');
    expect(cmds.map((c) => (c.type === 'query' ? [c.text, c.delimiter] : c.type))).toEqual([
      ['CREATE TABLE t1(c INT)', '|'],
      ['CREATE PROCEDURE p()\nBEGIN\nSELECT 1;\nEND', '|'],
      ['CALL p()', ';'],
    ]);
  });

  it('nests if and while blocks', () => {
    const cmds = parse('let $1 = 2;\nwhile ($1) {\n  if (!$x)\n  {\n    --echo yes\n  }\n  dec $1;\n}\nSELECT 1;\n');
    expect(cmds.map((c) => c.type)).toEqual(['command', 'block', 'query']);
    const loop = cmds[1] as Extract<Command, { type: 'block' }>;
    expect(loop).toMatchObject({ kind: 'while', cond: '$1' });
    expect(loop.body.map((c) => c.type)).toEqual(['block', 'command']);
    expect((loop.body[0] as Extract<Command, { type: 'block' }>).cond).toBe('!$x');
  });

  it('applies result format 1: continuation lines lose their leading spaces unless a quoted string ended the line', () => {
    expect(convertToFormatV1("SELECT a FROM mysql.user\n  WHERE user='x'")).toBe("SELECT a FROM mysql.user\nWHERE user='x'");
    expect(convertToFormatV1("UPDATE mysql.user SET account_locked='Y'\n  WHERE user='x'")).toBe("UPDATE mysql.user SET account_locked='Y'\n  WHERE user='x'");
    const cmds = parse('SELECT account_locked FROM mysql.user\n  WHERE user=1;\n');
    expect(q(cmds[0]).text).toBe('SELECT account_locked FROM mysql.user\nWHERE user=1');
  });

  it('reports text left without a delimiter at the end of the file', () => {
    const r = parseMysqltest('SELECT 1;\nSELECT 2', { file: 't.test' });
    expect(r.commands).toHaveLength(1);
    expect(r.trailing?.text).toBe('SELECT 2');
  });

  it('reads every collected suite file without leftovers', () => {
    const manifest = JSON.parse(readFileSync(new URL('./suites.json', import.meta.url), 'utf8')) as { files: { id: string }[] };
    for (const f of manifest.files) {
      const r = parseMysqltest(readFileSync(new URL(`./suites/${f.id}.test`, import.meta.url), 'utf8'), { file: f.id });
      expect(r.trailing, f.id).toBeUndefined();
      expect(r.commands.length, f.id).toBeGreaterThan(0);
    }
  });
});

describe('mysqltest arguments and variables', () => {
  const vars = new Map([
    ['x', { value: 'abc' }],
    ['MASTER_MYPORT', { value: '13000' }],
    ['bad', { value: '', taint: 'query failed' }],
  ]);
  const lookup = (n: string) => vars.get(n);

  it('expands $variables, honours \\$ escapes, and reports tainted variables', () => {
    expect(evalText('a $x b', lookup).text).toBe('a abc b');
    expect(evalText('cost \\$x', lookup).text).toBe('cost $x');
    expect(evalText('$undefined.', lookup).text).toBe('.');
    expect(evalText('use $bad', lookup).taints).toEqual(['$bad: query failed']);
  });

  it('truth of block conditions as do_block() sees it', () => {
    expect([truthy('1'), truthy('0'), truthy(''), truthy('abc'), truthy('0abc'), truthy('-1')]).toEqual([true, false, false, true, false, true]);
  });

  it('splits connect arguments, strips parentheses and keeps empty positions', () => {
    expect(parseConnectArgs('conn_u1,localhost,u1,u1,,,,SSL')).toMatchObject({ name: 'conn_u1', host: 'localhost', user: 'u1', password: 'u1', database: '', options: ['SSL'] });
    expect(parseConnectArgs("anonymous_user_con, localhost, '', pass")).toMatchObject({ user: '', password: 'pass' });
    expect(stripParentheses('connect (con1, localhost, u, bad_pass)', '(con1, localhost, u, bad_pass)')).toEqual({ raw: 'connect  con1, localhost, u, bad_pass', arg: 'con1, localhost, u, bad_pass' });
    expect(stripParentheses('connect(con1,localhost,user1)', '(con1,localhost,user1)').raw).toBe('connect con1,localhost,user1');
  });

  it('resolves --error lists of names, numbers and SQLSTATEs', () => {
    const r = parseErrorList('ER_CANNOT_USER, 1820,S42000,ER_NOPE', (n) => resolveErrorName(n, 'mysql'));
    expect(r.errors).toEqual([{ kind: 'errno', code: 1396, name: 'ER_CANNOT_USER' }, { kind: 'errno', code: 1820 }, { kind: 'sqlstate', state: '42000' }]);
    expect(r.unknown).toEqual(['ER_NOPE']);
  });

  it('parses replace_result, replace_regex and replace_column', () => {
    expect(parseReplaceResult('13000 MASTER_PORT /tmp/s.sock MASTER_SOCKET')).toEqual([['13000', 'MASTER_PORT'], ['/tmp/s.sock', 'MASTER_SOCKET']]);
    const [re] = parseReplaceRegex("/IDENTIFIED WITH '(.*)' AS '(.*)' REQUIRE/IDENTIFIED WITH '<x>' AS '\\2' REQUIRE/");
    expect("a IDENTIFIED WITH 'p' AS 'h' REQUIRE b".replace(re!.re, re!.to)).toBe("a IDENTIFIED WITH '<x>' AS 'h' REQUIRE b");
    expect(parseReplaceRegex('/"version_id":[0-9]*,/"version_id":XXX,/')[0]!.re.source).toBe('"version_id":[0-9]*,');
    expect([...parseReplaceColumn('1 CONNECTED_USER 3 x')]).toEqual([[1, 'CONNECTED_USER'], [3, 'x']]);
  });

  it('parses $MYSQL command lines the way the mysql client reads its options', () => {
    const words = shellWords('--host=127.0.0.1 -P 13000 --ssl-mode=DISABLED -uarthurdent -pabcd -e "SELECT USER(), CURRENT_USER()" 2>&1');
    expect(parseMysqlCli(words)).toMatchObject({ host: '127.0.0.1', user: 'arthurdent', password: 'abcd', sslMode: 'DISABLED', execute: 'SELECT USER(), CURRENT_USER()', stderrToStdout: true });
    expect(parseMysqlCli(shellWords('--connect-expired-password -u user1 -e "set password=password(\'\');"'))).toMatchObject({ user: 'user1', connectExpiredPassword: true, execute: "set password=password('');" });
    expect(parseMysqlCli(shellWords('-uu1 < /tmp/file.sql'))).toBeNull();
    expect(splitStatements("SELECT ';'; SELECT 2;\nSELECT 3")).toEqual([
      { text: "SELECT ';'", line: 1 },
      { text: 'SELECT 2', line: 1 },
      { text: 'SELECT 3', line: 2 },
    ]);
  });
});

describe('mysqltest output', () => {
  it('echoes a statement with its delimiter', () => {
    expect(formatQueryEcho("UPDATE mysql.user SET x=1, \npassword_lifetime=2 WHERE user='u1'", ';')).toBe("UPDATE mysql.user SET x=1, \npassword_lifetime=2 WHERE user='u1';\n");
    expect(formatQueryEcho('CREATE TABLE t1(c INT)', '|')).toBe('CREATE TABLE t1(c INT)|\n');
  });

  it('prints a result set as password_expiry.result shows it: names, then rows, tab-separated, NULL as NULL', () => {
    expect(formatResultSet({ columns: ['password_expired'], rows: [['N']] })).toBe('password_expired\nN\n');
    expect(formatResultSet({ columns: ['user', 'authentication_string'], rows: [['userX', ''], ['userY', null]] })).toBe('user\tauthentication_string\nuserX\t\nuserY\tNULL\n');
  });

  it('sorts rows (not the header) under --sorted_result and replaces columns under --replace_column', () => {
    const set = { columns: ['user()', 'current_user()'], rows: [['b@localhost', 'b@%'], ['a@localhost', 'a@%']] };
    expect(formatResultSet(set, { sorted: true })).toBe('user()\tcurrent_user()\na@localhost\ta@%\nb@localhost\tb@%\n');
    expect(formatResultSet(set, { replace: { column: new Map([[1, 'CONNECTED_USER']]) } })).toBe('user()\tcurrent_user()\nCONNECTED_USER\tb@%\nCONNECTED_USER\ta@%\n');
  });

  it('prints --enable_metadata lines before the header, and vertical results as name<TAB>value', () => {
    const meta = { catalog: 'def', db: '', table: '', orgTable: '', name: '1', orgName: '', type: 8, length: 1, flags: 129, decimals: 0, charsetNr: 63 };
    expect(formatResultSet({ columns: ['1'], rows: [['1']], meta: [meta] }, { metadata: true })).toBe(
      'Catalog\tDatabase\tTable\tTable_alias\tColumn\tColumn_alias\tType\tLength\tMax length\tIs_null\tFlags\tDecimals\tCharsetnr\ndef\t\t\t\t\t1\t8\t1\t1\tN\t129\t0\t63\n1\n1\n',
    );
    expect(formatResultSet({ columns: ['a', 'b'], rows: [['1', null]] }, { vertical: true })).toBe('a\t1\nb\tNULL\n');
  });

  it('prints warnings as atomic_rename_user.result shows them: "Warnings:" and Level\\tCode\\tMessage without a header', () => {
    expect(formatWarnings([{ level: 'Warning', code: 1805, message: 'Column count of mysql.user is wrong. Expected 51, found 1. The table is probably corrupted' }])).toBe(
      'Warnings:\nWarning\t1805\tColumn count of mysql.user is wrong. Expected 51, found 1. The table is probably corrupted\n',
    );
    expect(formatWarnings([])).toBe('');
  });

  it('prints an expected error as ERROR <sqlstate>: <message>; several expected errors as "Got one of the listed errors"', () => {
    const err = { errno: 1820, sqlState: 'HY000', message: 'You must reset your password using ALTER USER statement before executing this statement.' };
    expect(formatError(err, [{ kind: 'errno', code: 1820 }])).toBe('ERROR HY000: You must reset your password using ALTER USER statement before executing this statement.\n');
    expect(formatError(err, [{ kind: 'errno', code: 1045 }, { kind: 'errno', code: 1820 }])).toBe('Got one of the listed errors\n');
    expect(formatError(err, [{ kind: 'errno', code: 0 }, { kind: 'errno', code: 1820 }])).toBe('');
    expect(matchesExpected(err, [{ kind: 'sqlstate', state: 'HY000' }])).toBe(true);
    expect(matchesExpected(undefined, [{ kind: 'errno', code: 0 }])).toBe(true);
  });

  it('logs a connect expected to fail as grant_user_lock.result shows it, after --replace_result', () => {
    const r = { result: parseReplaceResult('/tmp/mysqld.1.sock MASTER_SOCKET 13000 MASTER_PORT') };
    expect(formatConnectAttempt({ host: 'localhost', user: 'unlocked_user', password: 'pas', database: 'test', port: '13000', socket: '/tmp/mysqld.1.sock' }, ';', r)).toBe(
      'connect(localhost,unlocked_user,pas,test,MASTER_PORT,MASTER_SOCKET);\n',
    );
  });

  it('replace_result replaces all occurrences at once, the longest match first', () => {
    expect(applyReplace('1300 13000', { result: [['1300', 'A'], ['13000', 'B']] })).toBe('A B');
    expect(applyReplace('x', undefined)).toBe('x');
  });

  it('prints what the mysql client prints in batch mode', () => {
    expect(formatBatchResult({ columns: ['Expected', 'CURRENT_USER()'], rows: [['user@localhost', 'user@localhost']] })).toBe('Expected\tCURRENT_USER()\nuser@localhost\tuser@localhost\n');
    expect(escapeBatch('a\tb\nc\\')).toBe('a\\tb\\nc\\\\');
    expect(formatCliError({ errno: 1045, sqlState: '28000', message: "Access denied for user 'a'@'localhost' (using password: YES)" })).toBe(
      "ERROR 1045 (28000): Access denied for user 'a'@'localhost' (using password: YES)\n",
    );
    expect(formatCliError({ errno: 1820, sqlState: 'HY000', message: 'm' }, 1)).toBe('ERROR 1820 (HY000) at line 1: m\n');
  });

  it('reproduces a stretch of password_expiry.result line for line', () => {
    const expected = toLines(readFileSync(new URL('./suites/mysql/auth_sec/password_expiry.result', import.meta.url), 'utf8')).slice(16, 21);
    const out =
      formatQueryEcho("SELECT 'Normal_Statement_Can_Be_Executed'", ';') +
      formatResultSet({ columns: ['Normal_Statement_Can_Be_Executed'], rows: [['Normal_Statement_Can_Be_Executed']] }) +
      formatQueryEcho("SELECT password_expired FROM mysql.user WHERE user='u1'", ';') +
      formatResultSet({ columns: ['password_expired'], rows: [['N']] });
    expect(toLines(out).slice(0, 5)).toEqual(expected);
  });
});

describe('alignment with the .result', () => {
  const block = (head: string[], body: string[], extra: Partial<Block> = {}): Block => ({ kind: 'statement', where: 't:1', source: head[0] ?? '', head, body, counted: true, ...extra });

  it('matches statements block by block', () => {
    const a = align([block(['SELECT 1;'], ['1', '1']), block(['SELECT 2;'], ['2', '2'])], ['SELECT 1;', '1', '1', 'SELECT 2;', '2', '2']);
    expect(a.results.map((r) => r.matched)).toEqual([true, true]);
  });

  it('resynchronises after a difference: one wrong block does not fail the rest', () => {
    const a = align(
      [block(['SELECT 1;'], ['1', 'X']), block(['SELECT 2;'], ['2', '2']), block(['SELECT 3;'], ['3', '3'])],
      ['SELECT 1;', '1', '1', 'extra line', 'SELECT 2;', '2', '2', 'SELECT 3;', '3', '3'],
    );
    expect(a.results.map((r) => r.matched)).toEqual([false, true, true]);
    expect(a.results[0]!.expected).toEqual(['SELECT 1;', '1', '1', 'extra line']);
  });

  it('handles a statement missing from the .result, and one missing from the test', () => {
    const a = align([block(['A;'], []), block(['B;'], []), block(['D;'], [])], ['A;', 'C;', 'D;']);
    // A is right; B's echo is not in the .result, which has C instead: the difference is B's.
    expect(a.results.map((r) => [r.matched, r.anchored])).toEqual([
      [true, true],
      [false, false],
      [true, true],
    ]);
    expect(a.results[1]!.expected).toEqual(['C;']);
  });

  it('shares the text between anchors among blocks without a head (exec output, query log off)', () => {
    const exec1 = block([], ['Expected\tCURRENT_USER()', 'a\ta'], { kind: 'exec' });
    const exec2 = block([], ['Expected\tCURRENT_USER()', 'b\tb'], { kind: 'exec' });
    const a = align([block(['CREATE USER a;'], []), exec1, exec2, block(['DROP USER a;'], [])], ['CREATE USER a;', 'Expected\tCURRENT_USER()', 'a\ta', 'Expected\tCURRENT_USER()', 'b\tX', 'DROP USER a;']);
    expect(a.results.map((r) => r.matched)).toEqual([true, true, false, true]);
    expect(a.results[2]!.expected).toEqual(['Expected\tCURRENT_USER()', 'b\tX']);
  });

  it('prefers, among identical echoes, the position where the output also matches', () => {
    const a = align([block(['SELECT x;'], ['x', 'N']), block(['SELECT x;'], ['x', 'Y'])], ['SELECT x;', 'x', 'N', 'SELECT x;', 'x', 'Y']);
    expect(a.results.map((r) => r.matched)).toEqual([true, true]);
  });

  it('never matches a block whose outcome was wrong (wrong errno, command not run)', () => {
    const a = align([block(['SELECT 1;'], ['ERROR HY000: m'], { forcedMismatch: 'failed with errno 1, expected 2' })], ['SELECT 1;', 'ERROR HY000: m']);
    expect(a.results[0]!.matched).toBe(false);
  });

  it('reports expected lines that precede every block', () => {
    const a = align([block(['B;'], [])], ['something', 'B;']);
    expect(a.unattributed).toEqual(['something']);
  });
});

describe('error names', () => {
  it('the curated names agree with the generated tables of MySQL (8.0.33) and MariaDB (12.0)', () => {
    const curated = curatedErrorNames();
    for (const [name, e] of Object.entries(curated.mysql)) expect(mysqlErrorTable()[name], name).toBe(e.number);
    for (const [name, e] of Object.entries(curated.mariadb)) expect(mariadbErrorTable()[name], name).toBe(e.number);
  });

  it('resolves per vendor: ER_ACCOUNT_HAS_BEEN_LOCKED is 3118 in MySQL and 4151 in MariaDB', () => {
    expect(resolveErrorName('ER_ACCOUNT_HAS_BEEN_LOCKED', 'mysql')).toBe(3118);
    expect(resolveErrorName('ER_ACCOUNT_HAS_BEEN_LOCKED', 'mariadb')).toBe(4151);
    expect(resolveErrorName('ER_USER_IS_BLOCKED', 'mariadb')).toBe(4150);
    expect(resolveErrorName('ER_SECOND_PASSWORD_CANNOT_BE_EMPTY', 'mysql')).toBe(3878);
    expect(resolveErrorName('ER_NO_SUCH_NAME', 'mysql')).toBeUndefined();
  });

  it('the emulator catalogue gives the names the suites use the same numbers (MySQL names; MariaDB keeps its own under *_MARIADB)', async () => {
    const { ERRORS } = await import('../../src/errors/catalogue.js');
    const catalogue = ERRORS as Record<string, { code: number }>;
    const curated = curatedErrorNames();
    for (const [name, e] of Object.entries(curated.mysql)) if (catalogue[name]) expect(catalogue[name]!.code, name).toBe(e.number);
    for (const [name, e] of Object.entries(curated.mariadb)) {
      const def = catalogue[`${name}_MARIADB`] ?? catalogue[name];
      if (def) expect(def.code, name).toBe(e.number);
    }
    // Informational: catalogue names whose number differs from MySQL's list (some are deliberate aliases).
    const table = mysqlErrorTable();
    const differ = Object.entries(catalogue).filter(([n, d]) => table[n] !== undefined && table[n] !== d.code);
    if (differ.length) console.log(`catalogue names numbered differently from MySQL 8.0.33's list: ${differ.map(([n, d]) => `${n} ${d.code} (MySQL ${table[n]})`).join(', ')}`);
  });
});
