/**
 * fast-check arbitraries for the wire-protocol fuzz harness (harness.ts).
 *
 * A generated Scenario is data, not bytes: big shapes are repeat counts
 * (rendered when sent, so 1 MiB of '(' costs nothing to generate and shrinks
 * as one integer), auth responses that need the greeting's scramble are
 * computed when sent, and prepared statements are referred to by their
 * order of preparation. Every value shrinks: fewer steps, fewer mutations,
 * smaller counts, simpler SQL.
 */
import fc from 'fast-check';
import { Capability } from '../../src/wire/capabilities.js';

// ---------------------------------------------------------------- blobs

/** A part of a byte string: UTF-8 text, text repeated n times, or raw bytes (invalid UTF-8, NULs). */
export type Part = string | { r: string; n: number } | { b: number[] };
export type Blob = Part[];

export function renderBlob(blob: Blob): Buffer {
  const bufs: Buffer[] = [];
  for (const p of blob) {
    if (typeof p === 'string') bufs.push(Buffer.from(p, 'utf8'));
    else if ('r' in p) bufs.push(Buffer.from(p.r.repeat(p.n), 'utf8'));
    else bufs.push(Buffer.from(p.b));
  }
  return Buffer.concat(bufs);
}

/** Byte length of a blob without rendering it. */
export function blobLength(blob: Blob): number {
  let n = 0;
  for (const p of blob) {
    if (typeof p === 'string') n += Buffer.byteLength(p);
    else if ('r' in p) n += Buffer.byteLength(p.r) * p.n;
    else n += p.b.length;
  }
  return n;
}

/** A short human form: text as is, repeats as `{'(' x 100000}`, bytes as hex. */
const visible = (t: string): string => t.replace(/[\u0000-\u001f\u007f\u2028\u2029\ufeff]/g, (c) => `\\x{${c.charCodeAt(0).toString(16)}}`);

export function describeBlob(blob: Blob, max = 400): string {
  let s = '';
  for (const p of blob) {
    if (typeof p === 'string') s += visible(p);
    else if ('r' in p) s += p.n <= 8 && p.r.length * p.n <= 40 ? visible(p.r.repeat(p.n)) : `{${JSON.stringify(p.r)} x ${p.n}}`;
    else s += `{0x${Buffer.from(p.b).toString('hex')}}`;
  }
  return s.length > max ? s.slice(0, max) + `…(${s.length} chars)` : s;
}

const str = (s: string): Blob => [s];

// ---------------------------------------------------------------- numbers and counts

/** Counts biased to the interesting: tiny, around limits (255, 256, 400, 65535, 2^24), big. */
export const countArb = (max: number): fc.Arbitrary<number> =>
  fc.oneof(
    { weight: 300, arbitrary: fc.integer({ min: 0, max: 16 }) },
    { weight: 150, arbitrary: fc.integer({ min: 0, max: Math.min(max, 1000) }) },
    { weight: 40, arbitrary: fc.constantFrom(...[255, 256, 257, 399, 400, 401, 1000, 4096].filter((n) => n <= max)) },
    // Past the packet limit and the parser's bounds, but rare: each costs the server up to half a second.
    { weight: 1, arbitrary: fc.constantFrom(...[10_000, 65_535, 65_536, 100_000, 400_000, 1_000_000].filter((n) => n <= max)) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max }) },
  );

/** The edge numbers of the issue and of MySQL's numeric types, as SQL text. */
export const NUMERIC_EDGES = [
  '0', '-0', '0.0', '-0.0', '1', '-1', '1e400', '-1e400', '1e-400', '1e308', '1.7976931348623157e308', '2e308', '4.9e-324',
  '18446744073709551615', '18446744073709551616', '-18446744073709551616', '9223372036854775807', '9223372036854775808',
  '-9223372036854775808', '-9223372036854775809', '2147483647', '2147483648', '-2147483649', '4294967295', '4294967296',
  '99999999999999999999999999999999999999999999999999999999999999999', '0.000000000000000000000000000000000000000001',
  '1e', '1e+', '.e1', '0x', '0xFFFFFFFFFFFFFFFFFFFFFFFF', "X'ABCD'", "x'A'", "b'1010'", "0b111", '1.', '.5', '00001',
  '123456789012345678901234567890.123456789012345678901234567890', '1E-0', 'NaN', 'Infinity', '-Infinity',
  '9007199254740993', '-9007199254740993', '1e19', '1.8446744073709552e19',
];

const numericLiteral = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NUMERIC_EDGES) },
  { weight: 2, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }).map(String) },
  { weight: 1, arbitrary: fc.double({ noNaN: true }).map((d) => (Object.is(d, -0) ? '-0' : String(d))) },
);

// ---------------------------------------------------------------- SQL

/** Strings the emulator's tokenizer must handle: quotes, escapes, unicode, NULs, lone surrogates. */
const stringBody = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
  { weight: 2, arbitrary: fc.constantFrom("\\'", "''", '\\\\', '\\0', '\\n', '\\Z', '\\%', '\\_', '\u0000', '💥', '\uD800', 'ǅ', 'ß', 'İ', '\\', '%', '_', '%a%', 'a%b_c') },
);
const stringLiteral = fc.tuple(fc.constantFrom("'", '"', "_utf8mb4'", "N'", "_binary'", "_latin1'"), stringBody).map(([q, s]) => {
  const close = q.endsWith('"') ? '"' : "'";
  return `${q}${s.split(close).join(close + close)}${close}`;
});

const identifier = fc.oneof(
  fc.constantFrom('a', 'x', 'col', 'user', 'host', 'authentication_string', 'plugin', 'Host', 'User', 'password_expired', 'SCHEMA_NAME', 'VARIABLE_NAME', 'ID'),
  fc.string({ minLength: 1, maxLength: 6 }).map((s) => '`' + s.replace(/`/g, '``') + '`'),
);

const TABLES = [
  'mysql.user', 'mysql.db', 'mysql.global_grants', 'mysql.global_priv', 'mysql.password_history', 'mysql.component',
  'information_schema.USER_PRIVILEGES', 'information_schema.USER_ATTRIBUTES', 'information_schema.PROCESSLIST',
  'information_schema.SCHEMATA', 'information_schema.PLUGINS', 'information_schema.SESSION_VARIABLES',
  'performance_schema.session_variables', 'performance_schema.global_variables', 'dual', 'nonexistent.t', 'fuzzdb.t',
];

const SIMPLE_FUNCTIONS = [
  'CONCAT', 'CONCAT_WS', 'LENGTH', 'CHAR_LENGTH', 'UPPER', 'LOWER', 'SUBSTRING', 'LEFT', 'RIGHT', 'REPLACE', 'TRIM', 'LOCATE',
  'INSTR', 'REPEAT', 'REVERSE', 'LPAD', 'RPAD', 'SPACE', 'ASCII', 'HEX', 'MD5', 'SHA1', 'SHA2', 'FIND_IN_SET', 'STRCMP', 'QUOTE',
  'ABS', 'SIGN', 'CEIL', 'FLOOR', 'ROUND', 'TRUNCATE', 'MOD', 'POW', 'SQRT', 'RAND', 'NOW', 'UNIX_TIMESTAMP', 'FROM_UNIXTIME',
  'DATEDIFF', 'TIMESTAMPDIFF', 'TIMESTAMPADD', 'DATE_FORMAT', 'DATE', 'TIME', 'YEAR', 'MONTH', 'DAY', 'HOUR', 'TO_DAYS',
  'DAYNAME', 'LAST_DAY', 'JSON_EXTRACT', 'JSON_UNQUOTE', 'JSON_VALID', 'JSON_OBJECT', 'JSON_ARRAY', 'USER', 'CURRENT_USER',
  'DATABASE', 'VERSION', 'CONNECTION_ID', 'LAST_INSERT_ID', 'ROW_COUNT', 'FOUND_ROWS', 'PASSWORD', 'OLD_PASSWORD',
  'VALIDATE_PASSWORD_STRENGTH', 'IF', 'IFNULL', 'NULLIF', 'COALESCE', 'ISNULL', 'GREATEST', 'LEAST', 'ELT', 'FIELD', 'CONV',
  'FORMAT', 'BIN', 'UNHEX', 'INSERT', 'SUBSTRING_INDEX', 'MAKEDATE', 'SEC_TO_TIME', 'DATE_ADD', 'EXP', 'LOG', 'COUNT', 'SUM',
  'GROUP_CONCAT', 'MAX', 'MIN', 'NOSUCHFUNC',
];

const BINARY_OPS = [
  '+', '-', '*', '/', ' DIV ', '%', ' MOD ', '=', '<>', '!=', '<', '<=', '>', '>=', '<=>', ' AND ', ' OR ', ' XOR ', '&&', '||',
  '|', '&', '^', '<<', '>>', ' LIKE ', ' NOT LIKE ', ' REGEXP ', ' RLIKE ', ' COLLATE utf8mb4_bin ', ' SOUNDS LIKE ', ' IS ', ' -> ',
];

const CAST_TYPES = ['SIGNED', 'UNSIGNED', 'CHAR', 'CHAR(3)', 'BINARY', 'DATE', 'DATETIME(6)', 'TIME', 'DECIMAL(65,30)', 'DECIMAL(10,2)', 'JSON', 'DOUBLE', 'FLOAT', 'YEAR', 'NCHAR'];
const INTERVAL_UNITS = ['DAY', 'SECOND', 'MICROSECOND', 'MONTH', 'YEAR', 'HOUR_SECOND', 'DAY_MICROSECOND', 'QUARTER', 'WEEK'];

/** A grammar of expressions, depth-bounded; big nesting comes from `nestedExpr` instead. */
const expr: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    numericLiteral,
    stringLiteral,
    fc.constantFrom('NULL', 'TRUE', 'FALSE', '@a', '@@session.sql_mode', '@@max_allowed_packet', '@@global.version', '@@nonexistent', '?', 'DEFAULT', 'CURRENT_TIMESTAMP', "DATE'2024-02-30'", "TIMESTAMP'9999-12-31 23:59:59.999999'", "TIME'838:59:59'", "'0000-00-00'", "'2024-13-45 25:61:61'"),
    identifier,
    fc.tuple(tie('e'), fc.constantFrom(...BINARY_OPS), tie('e')).map(([a, op, b]) => `${a}${op}${b}`),
    fc.tuple(fc.constantFrom('-', '+', '~', '!', 'NOT ', 'BINARY ', 'INTERVAL 1 DAY + '), tie('e')).map(([op, a]) => `${op}${a}`),
    fc.tuple(fc.constantFrom(...SIMPLE_FUNCTIONS), fc.array(tie('e'), { maxLength: 4 })).map(([f, args]) => `${f}(${args.join(', ')})`),
    tie('e').map((a) => `(${a})`),
    fc.tuple(tie('e'), fc.constantFrom(...CAST_TYPES), fc.boolean()).map(([a, t, conv]) => (conv ? `CONVERT(${a}, ${t})` : `CAST(${a} AS ${t})`)),
    fc.tuple(tie('e'), tie('e'), tie('e')).map(([a, b, c]) => `CASE ${a} WHEN ${b} THEN ${c} ELSE NULL END`),
    fc.tuple(tie('e'), tie('e'), tie('e')).map(([a, b, c]) => `${a} BETWEEN ${b} AND ${c}`),
    fc.tuple(tie('e'), fc.array(tie('e'), { minLength: 1, maxLength: 4 }), fc.boolean()).map(([a, l, not]) => `${a} ${not ? 'NOT ' : ''}IN (${l.join(',')})`),
    fc.tuple(tie('e'), fc.constantFrom('IS NULL', 'IS NOT NULL', 'IS TRUE', 'IS UNKNOWN')).map(([a, s]) => `${a} ${s}`),
    fc.tuple(tie('e'), numericLiteral, fc.constantFrom(...INTERVAL_UNITS)).map(([a, n, u]) => `DATE_ADD(${a}, INTERVAL ${n} ${u})`),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => `${a} LIKE ${b} ESCAPE '!'`),
    fc.tuple(tie('e'), fc.constantFrom('LEADING', 'TRAILING', 'BOTH'), tie('e')).map(([a, w, b]) => `TRIM(${w} ${a} FROM ${b})`),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => `(SELECT ${a} FROM DUAL WHERE ${b})`),
    tie('e').map((a) => `EXISTS (SELECT ${a})`),
  ),
})).e;

/** Deep nesting of one construct: '(' x n, NOT x n, '-' x n, CONCAT( x n, ... (MySQL: 1064 memory exhausted past its limit). */
const NESTINGS: [string, string, string][] = [
  ['(', '1', ')'],
  ['NOT ', '1', ''],
  ['-', '1', ''],
  ['- ', '1', ''],
  ['~', '1', ''],
  ['!', '1', ''],
  ['CONCAT(', "'a'", ')'],
  ['CONCAT(1,', '1', ')'],
  ['(SELECT ', '1', ')'],
  ['ABS(', '1', ')'],
  ['IFNULL(', 'NULL', ',1)'],
  ['CASE WHEN ', '1', ' THEN 1 END'],
  ['1+', '1', ''],
  ['1 AND ', '1', ''],
  ['1 || ', '1', ''],
  ['1 IN (', '1', ')'],
  ['BINARY ', "'a'", ''],
  ['+', '1', ''],
  ['CAST(', '1', ' AS CHAR)'],
  ['(', '1', ''], // unbalanced: no closing parentheses
  ['', '1', ')'], // unbalanced: only closing
  ['JSON_ARRAY(', '1', ')'],
  ['COALESCE(', 'NULL', ')'],
  ['@a:=', '1', ''],
  ['INTERVAL 1 DAY + ', "'2020-01-01'", ''],
];

const nestedExpr: fc.Arbitrary<Blob> = fc
  .tuple(fc.constantFrom(...NESTINGS), countArb(300_000))
  .map(([[open, mid, close], n]) => [{ r: open, n }, mid, { r: close, n }]);

/** Literals and lists sized to the packet limit (the server has max_allowed_packet = 1 MiB). */
const bigExpr: fc.Arbitrary<Blob> = fc.oneof(
  countArb(1_100_000).map((n): Blob => ["'", { r: 'a', n }, "'"]),
  countArb(600_000).map((n): Blob => ["X'", { r: 'AB', n }, "'"]),
  countArb(1_000_000).map((n): Blob => [{ r: '9', n }]),
  countArb(1_000_000).map((n): Blob => ['0.', { r: '0', n }, '1']),
  countArb(1_000_000).map((n): Blob => ['1e', { r: '9', n }]),
  countArb(200_000).map((n): Blob => ['1 IN (', { r: '1,', n }, '2)']),
  countArb(200_000).map((n): Blob => ["'x' IN (", { r: "'y',", n }, "'z')"]),
  countArb(200_000).map((n): Blob => ['CONCAT(', { r: "'ab',", n }, "'c')"]),
  countArb(200_000).map((n): Blob => ['GREATEST(', { r: '1,', n }, '2)']),
  countArb(300_000).map((n): Blob => ['`', { r: 'x', n }, '`']),
  countArb(300_000).map((n): Blob => ['@', { r: 'v', n }]),
  countArb(300_000).map((n): Blob => ["'", { r: '💥', n }, "'"]),
  countArb(500_000).map((n): Blob => ["'", { r: "\\'", n }, "'"]),
  countArb(300_000).map((n): Blob => ['1 /*', { r: ' ', n }, '*/']),
);

/** REPEAT / LPAD / SPACE and friends asked for huge results (MySQL: NULL and a warning past max_allowed_packet). */
const hugeResult: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom('REPEAT', 'LPAD', 'RPAD', 'SPACE', 'INSERT', 'CONCAT_REPEAT', 'FORMAT', 'ROUND', 'TRUNCATE', 'CONV', 'SUBSTRING', 'LEFT', 'SHA2', 'FROM_UNIXTIME', 'DATE_ADD', 'ELT', 'INTERVAL'),
    fc.oneof(fc.constantFrom(...NUMERIC_EDGES), fc.integer({ min: 1_000_000, max: 2 ** 32 + 2 }).map(String)),
  )
  .map(([f, n]) => {
    switch (f) {
      case 'REPEAT':
        return `REPEAT('ab', ${n})`;
      case 'LPAD':
        return `LPAD('a', ${n}, 'xy')`;
      case 'RPAD':
        return `RPAD('a', ${n}, '')`;
      case 'SPACE':
        return `SPACE(${n})`;
      case 'INSERT':
        return `INSERT('abc', ${n}, ${n}, REPEAT('z', 1000))`;
      case 'CONCAT_REPEAT':
        return `CONCAT(REPEAT('a', 600000), REPEAT('b', 600000))`;
      case 'FORMAT':
        return `FORMAT(${n}, ${n})`;
      case 'ROUND':
        return `ROUND(${n}, ${n})`;
      case 'TRUNCATE':
        return `TRUNCATE(1.5, -${n})`;
      case 'CONV':
        return `CONV('${n}', 10, 2)`;
      case 'SUBSTRING':
        return `SUBSTRING('abc', -${n}, ${n})`;
      case 'LEFT':
        return `LEFT(REPEAT('a', 10), ${n})`;
      case 'SHA2':
        return `SHA2('a', ${n})`;
      case 'FROM_UNIXTIME':
        return `FROM_UNIXTIME(${n})`;
      case 'DATE_ADD':
        return `DATE_ADD('2020-01-01', INTERVAL ${n} SECOND)`;
      case 'ELT':
        return `ELT(${n}, 'a', 'b')`;
      default:
        return `'2020-01-01' + INTERVAL ${n} DAY`;
    }
  });

/** Patterns whose matching may backtrack: REGEXP (exponential in n) and LIKE (n x m), sized to block for well under a second. */
const backtracking: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(fc.integer({ min: 1, max: 22 }), fc.constantFrom('(a+)+$', '^(a|a)*$', '(a*)*b', '^(a|aa)+$', 'a{1,1000}{1,1000}', '[[:alpha:]]+'))
    .map(([n, pattern]) => `CONCAT(REPEAT('a', ${n}), '!') REGEXP '${pattern}'`),
  fc.tuple(fc.integer({ min: 1, max: 8000 }), fc.integer({ min: 1, max: 4000 })).map(([n, m]) => `REPEAT('a', ${n}) LIKE CONCAT('%', REPEAT('a', ${m}), 'b')`),
  fc.integer({ min: 1, max: 200 }).map((k) => `REPEAT('a', 2000) LIKE '${'%a'.repeat(k)}%b'`),
);

/** Accounts the fuzz may create, alter and drop: never the harness's own. */
const POOL_USERS = ["'f1'@'%'", "'f2'@'localhost'", "f3", "'f4'@'10.0.0.%'", "''@'%'", "'f5'@'%' , 'f6'@'%'", "'f7'@'::1'", "'F1'@'%'", "'f8'@'%.example.com'", "'f9'@'192.168.0.0/255.255.255.0'"];
/** The canary secrets: the log sweep looks for each of these. */
export const SQL_CANARIES = ['FuzzCanaryPw-A1', 'FuzzCanaryPw-B2', 'FuzzCanaryPw-C3'];
/** Stored-hash canaries given with IDENTIFIED ... AS. */
export const HASH_CANARIES = ['*0123456789ABCDEF0123456789ABCDEF0FCA1A57', '$A$005$FuzzCanarySalt0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJ', '$5$FuzzCanarySalt5$abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG'];

const canary = fc.constantFrom(...SQL_CANARIES);
const poolUser = fc.constantFrom(...POOL_USERS);

const accountOption = fc.oneof(
  fc.constantFrom(
    'PASSWORD EXPIRE', 'PASSWORD EXPIRE NEVER', 'PASSWORD EXPIRE DEFAULT', 'ACCOUNT LOCK', 'ACCOUNT UNLOCK', 'REQUIRE SSL', 'REQUIRE X509',
    'REQUIRE NONE', "REQUIRE ISSUER '/C=SE' AND SUBJECT '/CN=x'", 'PASSWORD HISTORY DEFAULT', 'PASSWORD REUSE INTERVAL DEFAULT',
    'PASSWORD REQUIRE CURRENT', 'PASSWORD REQUIRE CURRENT OPTIONAL', 'PASSWORD_LOCK_TIME UNBOUNDED', "COMMENT 'x'", 'RETAIN CURRENT PASSWORD',
    'DISCARD OLD PASSWORD', "ATTRIBUTE '{\"a\": [1, {\"b\": null}]}'", "ATTRIBUTE 'not json'", 'WITH MAX_QUERIES_PER_HOUR 1 MAX_USER_CONNECTIONS 2',
  ),
  numericLiteral.chain((n) =>
    fc.constantFrom(
      `PASSWORD EXPIRE INTERVAL ${n} DAY`, `FAILED_LOGIN_ATTEMPTS ${n}`, `PASSWORD_LOCK_TIME ${n}`, `PASSWORD HISTORY ${n}`,
      `PASSWORD REUSE INTERVAL ${n} DAY`, `WITH MAX_CONNECTIONS_PER_HOUR ${n}`,
    ),
  ),
);

const authClause = fc.oneof(
  canary.map((c) => `IDENTIFIED BY '${c}'`),
  fc.tuple(fc.constantFrom('caching_sha2_password', 'mysql_native_password', 'sha256_password', 'mysql_old_password', 'authentication_ldap_simple', 'nosuch_plugin'), canary).map(([p, c]) => `IDENTIFIED WITH ${p} BY '${c}'`),
  fc.tuple(fc.constantFrom('caching_sha2_password', 'mysql_native_password', 'sha256_password'), fc.constantFrom(...HASH_CANARIES)).map(([p, h]) => `IDENTIFIED WITH ${p} AS '${h}'`),
  fc.constant('IDENTIFIED BY RANDOM PASSWORD'),
  fc.tuple(canary, canary).map(([a, b]) => `IDENTIFIED BY '${a}' REPLACE '${b}'`),
  canary.map((c) => `IDENTIFIED BY PASSWORD '${c}'`),
  fc.constant(''),
);

/** Account statements with canary secrets in every place a secret can be. */
const accountStatement: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(poolUser, authClause, fc.array(accountOption, { maxLength: 3 }), fc.boolean()).map(([u, a, o, ine]) => `CREATE USER ${ine ? 'IF NOT EXISTS ' : ''}${u} ${a} ${o.join(' ')}`),
  fc.tuple(poolUser, authClause, fc.array(accountOption, { maxLength: 3 })).map(([u, a, o]) => `ALTER USER ${u} ${a} ${o.join(' ')}`),
  fc.tuple(poolUser, canary, fc.boolean()).map(([u, c, fn]) => (fn ? `SET PASSWORD FOR ${u} = PASSWORD('${c}')` : `SET PASSWORD FOR ${u} = '${c}'`)),
  fc.tuple(poolUser, canary, canary).map(([u, a, b]) => `SET PASSWORD FOR ${u} = '${a}' REPLACE '${b}' RETAIN CURRENT PASSWORD`),
  fc.tuple(poolUser, fc.boolean()).map(([u, ie]) => `DROP USER ${ie ? 'IF EXISTS ' : ''}${u}`),
  fc.tuple(poolUser, poolUser).map(([a, b]) => `RENAME USER ${a} TO ${b}`),
  fc.tuple(fc.constantFrom('SELECT', 'ALL', 'ALL PRIVILEGES', 'CREATE USER', 'SUPER', 'SELECT, INSERT', 'NOPE', 'PROXY'), fc.constantFrom('*.*', 'fuzzdb.*', 'mysql.user', '*', 'x.y'), poolUser, fc.option(canary)).map(
    ([p, on, u, pw]) => `GRANT ${p} ON ${on} TO ${u}${pw ? ` IDENTIFIED BY '${pw}'` : ''}`,
  ),
  fc.tuple(fc.constantFrom('SELECT', 'ALL', 'CREATE USER'), fc.constantFrom('*.*', 'fuzzdb.*'), poolUser).map(([p, on, u]) => `REVOKE ${p} ON ${on} FROM ${u}`),
  poolUser.map((u) => `SHOW GRANTS FOR ${u}`),
  poolUser.map((u) => `SHOW CREATE USER ${u}`),
  fc.constantFrom('FLUSH PRIVILEGES', 'SHOW GRANTS', 'SHOW GRANTS FOR CURRENT_USER()', 'SELECT CURRENT_USER(), USER()', 'CREATE DATABASE IF NOT EXISTS fz1', 'DROP DATABASE IF EXISTS fz1'),
  canary.map((c) => `SELECT PASSWORD('${c}')`),
  canary.map((c) => `UPDATE mysql.user SET authentication_string = '${c}' WHERE user = 'f1'`),
  fc.constant("INSTALL COMPONENT 'file://component_validate_password'; SELECT VALIDATE_PASSWORD_STRENGTH('not-a-canary-1')"),
);

const SHOWS = [
  'SHOW VARIABLES', "SHOW VARIABLES LIKE '%timeout%'", "SHOW GLOBAL VARIABLES LIKE 'max_allowed_packet'", 'SHOW STATUS', 'SHOW DATABASES',
  'SHOW PROCESSLIST', 'SHOW FULL PROCESSLIST', 'SHOW WARNINGS', 'SHOW ERRORS', 'SHOW COUNT(*) WARNINGS', 'SHOW ENGINES', 'SHOW PLUGINS',
  'SHOW PRIVILEGES', 'SHOW TABLES', 'SHOW TABLES FROM mysql', 'SHOW COLLATION', 'SHOW CHARACTER SET', "SHOW SESSION STATUS LIKE 'Ssl%'",
];

const SESSION_VARS = ['sql_mode', 'autocommit', 'character_set_client', 'names', 'time_zone', 'max_execution_time', 'sql_select_limit', 'net_write_timeout', 'group_concat_max_len', 'long_query_time', 'transaction_isolation', 'nosuchvar', 'old_passwords', 'max_allowed_packet', 'wait_timeout', 'net_read_timeout'];

const selectStatement: fc.Arbitrary<string> = fc
  .tuple(
    fc.array(fc.tuple(expr, fc.option(identifier)), { minLength: 1, maxLength: 4 }),
    fc.option(fc.constantFrom(...TABLES)),
    fc.option(expr),
    fc.option(fc.constantFrom('ORDER BY 1', 'ORDER BY 1 DESC', 'GROUP BY 1', 'GROUP BY 1 WITH ROLLUP', 'HAVING 1')),
    fc.option(fc.oneof(numericLiteral.map((n) => `LIMIT ${n}`), numericLiteral.map((n) => `LIMIT 1, ${n}`), fc.constant('LIMIT ?'))),
    fc.option(fc.constantFrom('UNION SELECT 1', 'UNION ALL SELECT NULL', 'FOR UPDATE', 'INTO @x', 'LOCK IN SHARE MODE')),
  )
  .map(([cols, from, where, order, limit, tail]) =>
    [
      'SELECT',
      cols.map(([e, alias]) => (alias ? `${e} AS ${alias}` : e)).join(', '),
      from ? `FROM ${from}` : '',
      where ? `WHERE ${where}` : '',
      order ?? '',
      limit ?? '',
      tail ?? '',
    ]
      .filter(Boolean)
      .join(' '),
  );

const setStatement: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(fc.constantFrom(...SESSION_VARS), fc.constantFrom('', 'SESSION ', '@@', '@@session.', 'GLOBAL ', 'PERSIST '), expr).map(([v, scope, e]) => `SET ${scope}${v} = ${e}`),
  expr.map((e) => `SET @a = ${e}`),
  fc.constantFrom("SET NAMES 'utf8mb4'", 'SET NAMES latin1 COLLATE latin1_bin', 'SET CHARACTER SET binary', "SET NAMES 'nosuch'", 'SET autocommit = 0', 'SET TRANSACTION ISOLATION LEVEL SERIALIZABLE'),
);

const miscStatement = fc.constantFrom(
  'BEGIN', 'COMMIT', 'ROLLBACK', 'START TRANSACTION READ ONLY', 'START TRANSACTION WITH CONSISTENT SNAPSHOT', 'COMMIT AND CHAIN', 'USE fuzzdb', 'USE mysql',
  'USE `nonexistent`', 'DO 1', 'EXPLAIN SELECT 1', 'HELP \'contents\'', 'KILL QUERY 999999', 'KILL 999999', 'SELECT SLEEP(0)', 'LOCK TABLES t READ',
  'UNLOCK TABLES', 'CREATE TABLE t (a INT)', 'INSERT INTO t VALUES (1)', 'DELETE FROM mysql.user', 'TRUNCATE mysql.user', 'CALL p()',
  'PREPARE s FROM \'SELECT ?\'', 'EXECUTE s USING @a', 'DEALLOCATE PREPARE s', 'SHUTDOWN', 'RESET MASTER', 'XA START \'x\'', 'LOAD DATA LOCAL INFILE \'/etc/passwd\' INTO TABLE t',
  'SELECT * FROM mysql.user', 'TABLE mysql.user', 'VALUES ROW(1, 2)', 'WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 100000) SELECT COUNT(*) FROM c',
  'SELECT * FROM information_schema.USER_ATTRIBUTES', 'SELECT * FROM mysql.global_priv', 'SELECT @@version_comment LIMIT 1', 'SELECT 1 FROM DUAL WHERE 1 = ?',
);

/** Tokens to make soups of: the parser must answer 1064, never throw. */
const TOKENS = [
  'SELECT', 'FROM', 'WHERE', '(', ')', ',', ';', '*', '.', '@', '@@', '=', ':=', 'IDENTIFIED', 'BY', 'WITH', 'AS', 'USER', 'ALTER', 'CREATE', 'DROP',
  'SET', 'PASSWORD', 'FOR', 'TO', 'ON', 'GRANT', 'CASE', 'WHEN', 'THEN', 'END', 'NOT', 'NULL', 'IN', 'BETWEEN', 'AND', 'INTERVAL', 'DAY', '?',
  "'x'", '"y"', '`z`', '1', '1.5', '-', '+', '/*', '*/', '--', '#', '\n', '/*!80000', '/*+ hint */', "'", '"', '`', '\\', 'SHOW', 'GRANTS',
  'REQUIRE', 'SSL', 'ACCOUNT', 'LOCK', 'EXPIRE', 'DEFAULT', 'CURRENT_USER', 'CURRENT_USER()', 'RETAIN', 'REPLACE', 'ATTRIBUTE', 'COMMENT',
  'UNION', 'LIMIT', 'ORDER', 'GROUP', 'HAVING', 'ROLLUP', 'JSON_OBJECT(', 'CAST(', 'COLLATE', 'utf8mb4_bin', '_utf8mb4', "X'", 'b\'', 'N',
  'COMPONENT', 'INSTALL', 'FLUSH', 'PRIVILEGES', 'USE', 'KILL', 'BEGIN', 'COMMIT', 'ROLE', 'DEFAULT ROLE', 'OVER', 'PARTITION', 'WINDOW',
];
const tokenSoup = fc.array(fc.constantFrom(...TOKENS), { minLength: 1, maxLength: 24 }).map((t) => t.join(' '));

/** One SQL statement (as a blob: it may carry a huge part). */
export const statementArb: fc.Arbitrary<Blob> = fc.oneof(
  { weight: 60, arbitrary: selectStatement.map(str) },
  { weight: 30, arbitrary: nestedExpr.map((b): Blob => ['SELECT ', ...b]) },
  { weight: 20, arbitrary: bigExpr.map((b): Blob => ['SELECT ', ...b]) },
  { weight: 20, arbitrary: hugeResult.map((s) => str(`SELECT ${s}`)) },
  // Each of these may block the server for a while: rare, to keep the run's throughput.
  { weight: 1, arbitrary: backtracking.map((s) => str(`SELECT ${s}`)) },
  { weight: 40, arbitrary: accountStatement.map(str) },
  { weight: 20, arbitrary: setStatement.map(str) },
  { weight: 20, arbitrary: fc.constantFrom(...SHOWS).map(str) },
  { weight: 20, arbitrary: miscStatement.map(str) },
  { weight: 30, arbitrary: tokenSoup.map(str) },
  { weight: 10, arbitrary: fc.string({ unit: 'binary', maxLength: 64 }).map(str) },
  { weight: 10, arbitrary: fc.uint8Array({ maxLength: 64 }).map((b): Blob => [{ b: [...b] }]) },
  { weight: 10, arbitrary: nestedExpr.map((b): Blob => ['CREATE USER f1 IDENTIFIED BY ', ...b]) },
  { weight: 10, arbitrary: nestedExpr.map((b): Blob => ['SET @a = ', ...b]) },
  { weight: 10, arbitrary: nestedExpr.map((b): Blob => ['SELECT 1 FROM DUAL WHERE ', ...b]) },
);

/** Text around a statement: comments, NULs, unicode, executable comments, trailing garbage. */
const decorate = (s: fc.Arbitrary<Blob>): fc.Arbitrary<Blob> =>
  fc.tuple(
    fc.constantFrom('', '', '', ' ', '/* c */ ', '-- c\n', '# c\n', '/*!50700 ', '\t\n ', '\u0000', '\uFEFF', '/*+ MAX_EXECUTION_TIME(1) */ '),
    s,
    fc.constantFrom('', '', '', ';', ' ;', '\u0000', ' -- tail', ' /* unterminated', " 'unterminated", '*/', ' ;;'),
  ).map(([pre, b, post]) => [pre, ...b, post]);

/** COM_QUERY text: one statement or several (multi-statements), sometimes many. */
export const queryArb: fc.Arbitrary<Blob> = fc.oneof(
  { weight: 8, arbitrary: decorate(statementArb) },
  { weight: 2, arbitrary: fc.array(decorate(statementArb), { minLength: 2, maxLength: 5 }).map((l) => l.flatMap((b, i) => (i === 0 ? b : [';', ...b]))) },
  { weight: 1, arbitrary: countArb(120_000).map((n): Blob => [{ r: 'SELECT 1;', n }, 'SELECT 2']) },
  { weight: 1, arbitrary: fc.tuple(accountStatement, accountStatement).map(([a, b]): Blob => [`SELECT 1; ${a}; ${b}`]) },
);

// ---------------------------------------------------------------- packet mutations

export interface Mutation {
  /** Byte flips: position (modulo the payload length) and XOR mask. */
  flips: { at: number; xor: number }[];
  /** Keep only this many thousandths of the payload. */
  truncate: number | null;
  /** Bytes appended to the payload. */
  append: number[];
}

export interface Framing {
  /** Added to the right sequence id (0: the right one). */
  seqDelta: number;
  /** Added to the true payload length in the header (0: the truth; >0 leaves the server waiting for bytes that never come). */
  lenDelta: number;
  /** Split the write at these thousandths, with this many ms between the pieces (a trickling client). */
  splits: number[];
  delayMs: number;
}

const noMutation: Mutation = { flips: [], truncate: null, append: [] };
const rightFraming: Framing = { seqDelta: 0, lenDelta: 0, splits: [], delayMs: 0 };

export const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  flips: fc.array(fc.record({ at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }), { minLength: 0, maxLength: 6 }),
  truncate: fc.option(fc.integer({ min: 0, max: 999 }), { freq: 3 }),
  append: fc.oneof({ weight: 4, arbitrary: fc.constant<number[]>([]) }, { weight: 1, arbitrary: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 40 }) }),
});

export const framingArb: fc.Arbitrary<Framing> = fc.record({
  seqDelta: fc.oneof({ weight: 6, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 255 }) }),
  lenDelta: fc.oneof({ weight: 8, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: -20, max: 20 }) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 0xffffff }) }),
  splits: fc.oneof({ weight: 5, arbitrary: fc.constant<number[]>([]) }, { weight: 1, arbitrary: fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 4 }) }),
  delayMs: fc.oneof({ weight: 8, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 400 }) }),
});

/** Mostly untouched; sometimes mutated, mis-framed or both. */
const maybeMutated = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ mut: noMutation, frame: rightFraming }) },
  { weight: 2, arbitrary: fc.record({ mut: mutationArb, frame: fc.constant(rightFraming) }) },
  { weight: 1, arbitrary: fc.record({ mut: fc.constant(noMutation), frame: framingArb }) },
  { weight: 1, arbitrary: fc.record({ mut: mutationArb, frame: framingArb }) },
);

export function isPristine(m: { mut: Mutation; frame: Framing }): boolean {
  return m.mut.flips.length === 0 && m.mut.truncate === null && m.mut.append.length === 0 && m.frame.seqDelta === 0 && m.frame.lenDelta === 0;
}

export function applyMutation(payload: Buffer, mut: Mutation): Buffer {
  let p = Buffer.from(payload);
  if (p.length > 0) for (const f of mut.flips) p[f.at % p.length] ^= f.xor;
  if (mut.truncate !== null) p = p.subarray(0, Math.floor((p.length * mut.truncate) / 1000));
  if (mut.append.length > 0) p = Buffer.concat([p, Buffer.from(mut.append)]);
  return p;
}

// ---------------------------------------------------------------- handshake

/** Capability words real clients send (mysql2, libmysqlclient, Connector/J, PyMySQL, the mariadb connector), and DEFAULT_CAPS. */
export const REAL_CAPABILITY_WORDS = [0x08baf3ce, 0x01beab82, 0x000fa68d, 0x01bea685, 0x00aaa285, 0x2afe8a85, 0x812ea20d, 0x000ba20d, 0x00ffa6cf];
const c = Capability;
const OPTIONAL_BITS = [c.DEPRECATE_EOF, c.QUERY_ATTRIBUTES, c.MULTI_STATEMENTS, c.CAN_HANDLE_EXPIRED_PASSWORDS, c.CONNECT_WITH_DB, c.CONNECT_ATTRS, c.PLUGIN_AUTH_LENENC_CLIENT_DATA, c.SESSION_TRACK, c.COMPRESS, c.SSL];

export const capabilitiesArb: fc.Arbitrary<number> = fc
  .tuple(fc.constantFrom(...REAL_CAPABILITY_WORDS), fc.array(fc.constantFrom(...OPTIONAL_BITS), { maxLength: 3 }), fc.array(fc.integer({ min: 0, max: 31 }), { maxLength: 2 }))
  .map(([w, add, flip]) => {
    let caps = w;
    for (const b of add) caps |= b;
    for (const bit of flip) caps ^= 2 ** bit;
    return caps >>> 0;
  });

/** Who logs in: the harness's accounts (see FUZZ_ACCOUNTS) and strangers. */
export type AuthKind = { k: 'right' } | { k: 'empty' } | { k: 'bytes'; b: number[] } | { k: 'overlong'; n: number; fill: number };

export interface HandshakeSpec {
  caps: number;
  maxPacket: number;
  charset: number;
  user: Blob;
  /** The account whose password 'right' uses (null: the empty password). */
  account: string | null;
  auth: AuthKind;
  plugin: string | null;
  db: Blob | null;
  attrs: [Blob, Blob][];
  /** Lie in the attributes' total length (0: the truth). */
  attrsLenDelta: number;
}

const PLUGINS = ['caching_sha2_password', 'mysql_native_password', 'sha256_password', 'mysql_clear_password', 'mysql_old_password', 'authentication_ldap_sasl_client', 'auth_gssapi_client', 'client_ed25519', 'dialog', '', 'x'.repeat(300)];

export const authKindArb: fc.Arbitrary<AuthKind> = fc.oneof(
  { weight: 4, arbitrary: fc.constant<AuthKind>({ k: 'right' }) },
  { weight: 2, arbitrary: fc.constant<AuthKind>({ k: 'empty' }) },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 64 }).map((b): AuthKind => ({ k: 'bytes', b: [...b] })) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('overlong' as const), n: fc.oneof(fc.integer({ min: 250, max: 300 }), fc.constantFrom(256, 257, 512, 1024, 4096, 65535, 65536, 70_000, 200_000, 262_000)), fill: fc.integer({ min: 0, max: 255 }) }) },
);

/** The accounts of the fuzz server: user -> [plugin, password]. */
export const FUZZ_ACCOUNTS: Record<string, { plugin: string; password: string }> = {
  fuzz: { plugin: 'caching_sha2_password', password: '' },
  fuzznat: { plugin: 'mysql_native_password', password: 'FuzzNatSecret-7f3a' },
  fuzzexp: { plugin: 'mysql_native_password', password: 'FuzzExpSecret-91c2' },
  fuzzsha: { plugin: 'caching_sha2_password', password: 'FuzzShaSecret-2b8e' },
};
const ACCOUNT_NAMES = Object.keys(FUZZ_ACCOUNTS);

export const handshakeArb: fc.Arbitrary<HandshakeSpec> = fc
  .record({
    caps: capabilitiesArb,
    maxPacket: fc.oneof(fc.constant(0x01000000), fc.constantFrom(0, 1, 0xffffffff, 0x40000000)),
    charset: fc.oneof(fc.constantFrom(45, 255, 33, 8, 63), fc.integer({ min: 0, max: 255 })),
    who: fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...ACCOUNT_NAMES).map((u) => ({ user: [u] as Blob, account: u as string | null })) },
      { weight: 1, arbitrary: fc.constantFrom('root', 'nobody', "'fuzz'", 'FUZZ', 'fuzz\u0000x', 'bystander', '').map((u) => ({ user: [u] as Blob, account: null })) },
      { weight: 1, arbitrary: countArb(300_000).map((n) => ({ user: [{ r: 'u', n }] as Blob, account: null })) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }).map((u) => ({ user: [u] as Blob, account: null })) },
    ),
    auth: authKindArb,
    plugin: fc.oneof({ weight: 5, arbitrary: fc.constant(null) }, { weight: 2, arbitrary: fc.constantFrom(...PLUGINS) }),
    db: fc.oneof({ weight: 5, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom('fuzzdb', 'mysql', 'nonexistent', '', 'information_schema').map(str) }, { weight: 1, arbitrary: countArb(100_000).map((n): Blob => [{ r: 'd', n }]) }),
    attrs: fc.oneof(
      { weight: 4, arbitrary: fc.constant([] as [Blob, Blob][]) },
      { weight: 2, arbitrary: fc.array(fc.tuple(fc.constantFrom('_client_name', '_pid', 'program_name', '_os', 'k').map(str), fc.string({ maxLength: 20 }).map(str)), { maxLength: 5 }) },
      { weight: 1, arbitrary: fc.tuple(countArb(70_000), countArb(70_000)).map(([a, b]): [Blob, Blob][] => [[[{ r: 'k', n: a }], [{ r: 'v', n: b }]]]) },
      { weight: 1, arbitrary: countArb(20_000).map((n): [Blob, Blob][] => Array.from({ length: Math.min(n, 5000) }, (_, i) => [[`k${i}`], ['v']])) },
    ),
    attrsLenDelta: fc.oneof({ weight: 6, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: -10, max: 10 }) }, { weight: 1, arbitrary: fc.constantFrom(0xfb, 0x10000, 0xffffff, 2 ** 32) }),
  })
  .map(({ who, ...rest }) => ({ ...rest, user: who.user, account: who.account }));

// ---------------------------------------------------------------- pre-auth scenarios

export type PreStep =
  | { t: 'raw'; bytes: Blob }
  | { t: 'packet'; payload: Blob; seq: number }
  | { t: 'hs'; hs: HandshakeSpec; mut: Mutation; frame: Framing }
  | { t: 'hs320'; user: string; auth: number[]; frame: Framing }
  | { t: 'ssl'; caps: number; short: boolean }
  /** The next packet of the auth exchange (after an AuthSwitchRequest or AuthMoreData): seq follows the server's unless seqDelta. */
  | { t: 'auth-next'; payload: Blob; seqDelta: number };

export interface PreScenario {
  kind: 'pre';
  steps: PreStep[];
}

const garbageBlob: fc.Arbitrary<Blob> = fc.oneof(
  fc.uint8Array({ maxLength: 300 }).map((b): Blob => [{ b: [...b] }]),
  fc.constantFrom(
    'GET / HTTP/1.1\r\nHost: x\r\n\r\n', '\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03', 'SSH-2.0-OpenSSH_9.6\r\n', '\r\n', 'QUIT\r\n',
    '\xff\xff\xff\x00', '\x00\x00\x00\x01', '\x01\x00\x00\x00\x01', '\xff\xff\xff\x01' + 'a'.repeat(20), '\x20\x00\x00\x01', '*1\r\n$4\r\nPING\r\n',
  ).map((s): Blob => [{ b: [...Buffer.from(s, 'latin1')] }]),
  countArb(300_000).map((n): Blob => [{ r: 'A', n }]),
);

export const preStepArb: fc.Arbitrary<PreStep> = fc.oneof(
  { weight: 2, arbitrary: garbageBlob.map((bytes): PreStep => ({ t: 'raw', bytes })) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('packet' as const), payload: garbageBlob, seq: fc.oneof(fc.constant(1), fc.integer({ min: 0, max: 255 })) }) },
  { weight: 8, arbitrary: fc.tuple(handshakeArb, maybeMutated).map(([hs, m]): PreStep => ({ t: 'hs', hs, ...m })) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('hs320' as const), user: fc.constantFrom('fuzz', 'fuzznat', 'root', ''), auth: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 12 }), frame: framingArb }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('ssl' as const), caps: capabilitiesArb.map((x) => (x | Capability.SSL) >>> 0), short: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('auth-next' as const), payload: fc.oneof(garbageBlob, fc.constantFrom([{ b: [2] }] as Blob, [{ b: [1] }] as Blob, [''] as Blob, ['FuzzShaSecret-2b8e\u0000'] as Blob)), seqDelta: fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 255 }) }) }) },
);

export const preScenarioArb: fc.Arbitrary<PreScenario> = fc.record({
  kind: fc.constant('pre' as const),
  steps: fc.array(preStepArb, { minLength: 0, maxLength: 4 }),
});

// ---------------------------------------------------------------- post-auth scenarios

/** A prepared statement by its order of preparation in this connection, or a raw id. */
export type StmtRef = { k: number } | { id: number };

export interface ParamSpec {
  type: number;
  unsigned: boolean;
  isNull: boolean;
  /** The value's bytes as the type encodes it, or random bytes. */
  value: ParamValue;
}
export type ParamValue =
  | { v: 'int'; n: string } // decimal text of a (big) integer, encoded per the type's width
  | { v: 'double'; d: number }
  | { v: 'str'; s: Blob } // length-encoded
  | { v: 'date'; parts: number[] } // binary date/time: length byte then fields
  | { v: 'raw'; b: number[] };

export const COLUMN_TYPES = [0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0f, 0x10, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd, 0xfe, 0xff];

const paramValueArb: fc.Arbitrary<ParamValue> = fc.oneof(
  { weight: 3, arbitrary: fc.oneof(fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n }), fc.constantFrom(0n, -1n, 2n ** 63n - 1n, -(2n ** 63n), 2n ** 64n - 1n, 255n, 128n, 65535n)).map((n): ParamValue => ({ v: 'int', n: String(n) })) },
  { weight: 2, arbitrary: fc.oneof(fc.double(), fc.constantFrom(Infinity, -Infinity, NaN, -0, 1e308, 5e-324)).map((d): ParamValue => ({ v: 'double', d })) },
  { weight: 3, arbitrary: fc.oneof(fc.string({ maxLength: 20 }).map(str), fc.constantFrom(...NUMERIC_EDGES).map(str), fc.constantFrom('2024-02-30', '9999-12-31 23:59:59.9999999', '-838:59:59', '{"a":1}', '[', 'NaN', '1e400', '\u0000').map(str), countArb(900_000).map((n): Blob => [{ r: 'p', n }])).map((s): ParamValue => ({ v: 'str', s })) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(0, 4, 7, 8, 11, 12, 3, 255), fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 12, maxLength: 12 })).map(([len, parts]): ParamValue => ({ v: 'date', parts: [len, ...parts] })) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 24 }).map((b): ParamValue => ({ v: 'raw', b: [...b] })) },
);

const paramArb: fc.Arbitrary<ParamSpec> = fc.record({
  type: fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...COLUMN_TYPES) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 255 }) }),
  unsigned: fc.boolean(),
  isNull: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  value: paramValueArb,
});

/** Statements worth preparing: placeholders in many places. */
const prepareSqlArb: fc.Arbitrary<Blob> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('SELECT ?', 'SELECT ?, ?, ?', 'SELECT ? + ?', 'SELECT CONCAT(?, ?)', 'SELECT REPEAT(?, ?)', 'SELECT LPAD(?, ?, ?)', 'SELECT CAST(? AS SIGNED)', 'SELECT ? LIKE ?', 'SELECT ? REGEXP ?', 'SELECT DATE_ADD(?, INTERVAL ? DAY)', 'SELECT * FROM mysql.user WHERE user = ?', 'SELECT 1 LIMIT ?', 'SET @a = ?', 'DO ?', "CREATE USER 'f1'@'%' IDENTIFIED BY ?", "SET PASSWORD FOR 'f1'@'%' = ?", 'SELECT ? IN (?, ?)', 'SELECT GREATEST(?, ?)', 'SELECT JSON_EXTRACT(?, ?)', 'SELECT FROM_UNIXTIME(?)', 'SELECT ?' + ', ?'.repeat(99)).map(str) },
  { weight: 2, arbitrary: statementArb },
  { weight: 1, arbitrary: countArb(70_000).map((n): Blob => ['SELECT ?', { r: ',?', n }]) },
);

export type PostStep = (
  | { t: 'query'; sql: Blob }
  | { t: 'prepare'; sql: Blob }
  | { t: 'execute'; stmt: StmtRef; flags: number; iterations: number; bind: boolean; fit: boolean; params: ParamSpec[] }
  | { t: 'long'; stmt: StmtRef; param: number; data: Blob }
  | { t: 'close'; stmt: StmtRef }
  | { t: 'reset'; stmt: StmtRef }
  | { t: 'simple'; cmd: number; body: Blob }
  | { t: 'change-user'; hs: HandshakeSpec }
  | { t: 'raw'; bytes: Blob }
) & { mut: Mutation; frame: Framing };

const stmtRefArb: fc.Arbitrary<StmtRef> = fc.oneof(
  { weight: 6, arbitrary: fc.nat({ max: 4 }).map((k): StmtRef => ({ k })) },
  { weight: 1, arbitrary: fc.oneof(fc.constantFrom(0, 0xffffffff, 0x7fffffff), fc.nat()).map((id): StmtRef => ({ id })) },
);

/** Simple commands and their bodies: the known, the obsolete (1047) and the unknown. */
const simpleArb = fc.oneof(
  fc.record({ cmd: fc.constantFrom(0x0e, 0x09, 0x1f, 0x1b, 0x02, 0x00, 0x04, 0x05, 0x06, 0x07, 0x08, 0x0a, 0x0c, 0x0d, 0x0f, 0x10, 0x12, 0x14, 0x15, 0x1c, 0x1d, 0x1e, 0x20, 0x21, 0xff), body: fc.oneof(fc.constant([] as Blob), fc.constantFrom([{ b: [0, 0] }], [{ b: [1, 0] }], [{ b: [2, 0] }], [{ b: [0xff, 0xff] }], ['fuzzdb'], ['mysql'], ['nonexistent'], [{ b: [1] }]) as fc.Arbitrary<Blob>, garbageBlob) }),
  fc.record({ cmd: fc.integer({ min: 0, max: 255 }), body: garbageBlob }),
);

export const postStepArb: fc.Arbitrary<PostStep> = fc
  .tuple(
    fc.oneof(
      { weight: 12, arbitrary: queryArb.map((sql) => ({ t: 'query' as const, sql })) },
      { weight: 3, arbitrary: prepareSqlArb.map((sql) => ({ t: 'prepare' as const, sql })) },
      {
        weight: 4,
        arbitrary: fc.record({
          t: fc.constant('execute' as const),
          stmt: stmtRefArb,
          flags: fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.constantFrom(1, 2, 4, 8, 0xff) }),
          iterations: fc.oneof({ weight: 4, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.constantFrom(0, 2, 0xffffffff) }),
          bind: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
          fit: fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
          params: fc.array(paramArb, { maxLength: 6 }),
        }),
      },
      { weight: 2, arbitrary: fc.record({ t: fc.constant('long' as const), stmt: stmtRefArb, param: fc.oneof(fc.nat({ max: 3 }), fc.constantFrom(65535, 1000)), data: fc.oneof(fc.string({ maxLength: 30 }).map(str), countArb(1_100_000).map((n): Blob => [{ r: 'L', n }])) }) },
      { weight: 1, arbitrary: fc.record({ t: fc.constant('close' as const), stmt: stmtRefArb }) },
      { weight: 1, arbitrary: fc.record({ t: fc.constant('reset' as const), stmt: stmtRefArb }) },
      { weight: 3, arbitrary: simpleArb.map((s) => ({ t: 'simple' as const, ...s })) },
      { weight: 1, arbitrary: handshakeArb.map((hs) => ({ t: 'change-user' as const, hs })) },
      { weight: 1, arbitrary: garbageBlob.map((bytes) => ({ t: 'raw' as const, bytes })) },
    ),
    fc.oneof(
      { weight: 10, arbitrary: fc.constant({ mut: noMutation, frame: rightFraming }) },
      { weight: 1, arbitrary: fc.record({ mut: mutationArb, frame: fc.constant(rightFraming) }) },
      { weight: 1, arbitrary: fc.record({ mut: fc.constant(noMutation), frame: framingArb }) },
    ),
  )
  .map(([s, m]) => ({ ...s, ...m }) as PostStep);

export interface LoginSpec {
  user: string;
  caps: number;
  db: string | null;
}

export interface PostScenario {
  kind: 'post';
  login: LoginSpec;
  steps: PostStep[];
  /** How the client leaves: COM_QUIT, a reset socket, or silence (the server must close it after wait_timeout). */
  end: 'quit' | 'destroy' | 'idle';
}

/** Capabilities of a well-behaved client for post-auth scenarios: real words with the optional bits varied. */
const loginCapsArb = fc
  .tuple(fc.constantFrom(0x08baf3ce, 0x01beab82, 0x00ffa6cf, 0x000fa68d), fc.array(fc.constantFrom(c.DEPRECATE_EOF, c.QUERY_ATTRIBUTES, c.MULTI_STATEMENTS, c.CAN_HANDLE_EXPIRED_PASSWORDS, c.SESSION_TRACK), { maxLength: 4 }), fc.array(fc.constantFrom(c.DEPRECATE_EOF, c.QUERY_ATTRIBUTES, c.MULTI_STATEMENTS), { maxLength: 2 }))
  .map(([w, add, remove]) => {
    let caps = w | c.PROTOCOL_41 | c.SECURE_CONNECTION | c.PLUGIN_AUTH;
    for (const b of add) caps |= b;
    for (const b of remove) caps &= ~b;
    return (caps & ~(c.SSL | c.COMPRESS | c.CONNECT_WITH_DB)) >>> 0;
  });

export const postScenarioArb: fc.Arbitrary<PostScenario> = fc.record({
  kind: fc.constant('post' as const),
  login: fc.record({ user: fc.constantFrom('fuzz', 'fuzz', 'fuzznat', 'fuzzsha', 'fuzzexp'), caps: loginCapsArb, db: fc.constantFrom(null, null, 'fuzzdb') }),
  steps: fc.array(postStepArb, { minLength: 1, maxLength: 12 }),
  end: fc.oneof({ weight: 20, arbitrary: fc.constantFrom('quit' as const, 'destroy' as const) }, { weight: 1, arbitrary: fc.constant('idle' as const) }),
});

export type Scenario = PreScenario | PostScenario;

export const scenarioArb: fc.Arbitrary<Scenario> = fc.oneof({ weight: 1, arbitrary: preScenarioArb }, { weight: 3, arbitrary: postScenarioArb });

// ---------------------------------------------------------------- descriptions

export function describeStep(s: PreStep | PostStep): string {
  const m = 'mut' in s && !isPristine(s as { mut: Mutation; frame: Framing }) ? ` [mutated ${JSON.stringify({ mut: (s as PostStep).mut, frame: (s as PostStep).frame })}]` : '';
  switch (s.t) {
    case 'query':
      return `COM_QUERY ${describeBlob(s.sql)}${m}`;
    case 'prepare':
      return `COM_STMT_PREPARE ${describeBlob(s.sql)}${m}`;
    case 'execute':
      return `COM_STMT_EXECUTE ${JSON.stringify({ stmt: s.stmt, flags: s.flags, iterations: s.iterations, bind: s.bind, fit: s.fit, params: s.params.map((p) => ({ ...p, value: p.value.v === 'str' ? { v: 'str', s: describeBlob(p.value.s, 80) } : p.value })) })}${m}`;
    case 'long':
      return `COM_STMT_SEND_LONG_DATA ${JSON.stringify(s.stmt)} param ${s.param} ${describeBlob(s.data, 80)}${m}`;
    case 'close':
      return `COM_STMT_CLOSE ${JSON.stringify(s.stmt)}${m}`;
    case 'reset':
      return `COM_STMT_RESET ${JSON.stringify(s.stmt)}${m}`;
    case 'simple':
      return `command 0x${s.cmd.toString(16).padStart(2, '0')} body ${describeBlob(s.body, 80)}${m}`;
    case 'change-user':
      return `COM_CHANGE_USER ${describeHandshake(s.hs)}${m}`;
    case 'raw':
      return `raw bytes ${describeBlob(s.bytes, 120)}`;
    case 'packet':
      return `packet seq ${s.seq} ${describeBlob(s.payload, 120)}`;
    case 'hs':
      return `HandshakeResponse41 ${describeHandshake(s.hs)}${isPristine(s) ? '' : ` [mutated ${JSON.stringify({ mut: s.mut, frame: s.frame })}]`}`;
    case 'hs320':
      return `HandshakeResponse320 user ${JSON.stringify(s.user)} auth ${Buffer.from(s.auth).toString('hex')} frame ${JSON.stringify(s.frame)}`;
    case 'ssl':
      return `SSLRequest caps 0x${s.caps.toString(16)}${s.short ? ' (4 bytes)' : ''}`;
    case 'auth-next':
      return `auth exchange packet (seq +${s.seqDelta}) ${describeBlob(s.payload, 120)}`;
  }
}

export function describeHandshake(h: HandshakeSpec): string {
  const auth = h.auth.k === 'bytes' ? `bytes:${Buffer.from(h.auth.b).toString('hex')}` : h.auth.k === 'overlong' ? `overlong:${h.auth.n}x0x${h.auth.fill.toString(16)}` : h.auth.k;
  return `caps=0x${h.caps.toString(16)} user=${describeBlob(h.user, 60)} auth=${auth} plugin=${h.plugin === null ? '(default)' : JSON.stringify(h.plugin.slice(0, 40))} db=${h.db ? describeBlob(h.db, 40) : 'none'} attrs=${h.attrs.length}${h.attrsLenDelta ? ` attrsLenDelta=${h.attrsLenDelta}` : ''} maxPacket=${h.maxPacket} charset=${h.charset}`;
}

export function describeScenario(s: Scenario): string {
  const head = s.kind === 'pre' ? 'pre-auth' : `post-auth as ${s.login.user} caps=0x${s.login.caps.toString(16)} db=${s.login.db ?? 'none'} end=${s.end}`;
  return [head, ...s.steps.map((st, i) => `  ${i + 1}. ${describeStep(st)}`)].join('\n');
}
