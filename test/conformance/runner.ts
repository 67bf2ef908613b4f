/**
 * Replays a mysqltest `.test` file against a fresh emulator and compares the
 * output with its `.result`, statement by statement.
 *
 * It behaves like client/mysqltest.cc where the suites need it: one
 * connection `default` as root@localhost on database `test`, every
 * connection announcing CLIENT_CAN_HANDLE_EXPIRED_PASSWORDS and
 * CLIENT_MULTI_STATEMENTS, the query log, `--error`, warnings after each
 * statement (SHOW WARNINGS when the server reports a warning count),
 * `--replace_*`, `--sorted_result`, `let`/`eval`, `if`/`while`, includes,
 * MariaDB's connect log, and `--exec $MYSQL ... -e` through an emulation of
 * the mysql client in batch mode. Anything else is counted, reported with a
 * reason, and never silently dropped.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, posix } from 'node:path';
import { pino } from 'pino';
import { createConnection, type Connection as CallbackConnection, type FieldPacket, type ResultSetHeader } from 'mysql2';
import { startEmulator, type Emulator, type EmulatorOptions, type ProfileName } from '../../src/index.js';
import { align, toLines, type Block, type BlockResult } from './align.js';
import { resolveErrorName, type Vendor } from './error-names.js';
import {
  CLI_PASSWORD_WARNING,
  applyReplace,
  formatBatchResult,
  formatCliError,
  formatConnectAttempt,
  formatError,
  formatInfo,
  formatQueryEcho,
  formatResultSet,
  formatWarnings,
  matchesExpected,
  type Replacements,
  type ResultSet,
  type ServerError,
  type Warning,
} from './format.js';
import {
  evalText,
  intValue,
  parseConnectArgs,
  parseErrorList,
  parseMysqlCli,
  parseMysqltest,
  parseReplaceColumn,
  parseReplaceRegex,
  parseReplaceResult,
  readVarName,
  shellWords,
  splitArgs,
  splitStatements,
  stripParentheses,
  truthy,
  type BlockCmd,
  type Command,
  type DirectiveCmd,
  type ExpectedError,
  type MysqlCliInvocation,
  type Variable,
} from './mysqltest.js';

// ---------------------------------------------------------------------------
// Suite description

export interface ScopeRule {
  /** Regex on the statement or command text. */
  statement?: string;
  /** Regex on the expected lines of the block. */
  expected?: string;
  /**
   * For version skew: rewrites applied to both the expected and the actual
   * lines; the rule applies only when they are then equal, so that a real
   * difference hiding behind the skew stays "in scope".
   */
  normalize?: { pattern: string; replace: string }[];
  /** A stretch of the .test file (first and last line): everything run from there is out of scope. */
  lines?: [number, number];
  reason: string;
}

export interface SuiteFile {
  /** Path under suites/ without extension, e.g. "mysql/auth_sec/password_expiry". */
  id: string;
  vendor: Vendor;
  profile: ProfileName;
  /** Emulator options standing in for the test's -master.opt and mtr's defaults. */
  options?: Partial<EmulatorOptions>;
  /** Out-of-scope rules for this file, in addition to the global ones. */
  outOfScope?: ScopeRule[];
  /** Behaviour of the mysqltest version that recorded the .result. */
  mysqltest?: {
    /** MariaDB's newer mysqltest logs `change_user user,password,db;` with the connect log. */
    changeUserLog?: boolean;
  };
  notes?: string;
}

export interface StatementResult {
  where: string;
  kind: string;
  source: string;
  matched: boolean;
  expected: string[];
  actual: string[];
  /** "in scope, open" or "out of scope: <why>" (only for differences). */
  reason?: string;
  detail?: string;
}

export interface FileReport {
  file: string;
  vendor: Vendor;
  profile: ProfileName;
  matched: number;
  total: number;
  statements: StatementResult[];
  /** Directive kind -> how it was handled and how many times. */
  directives: Record<string, { handling: 'stub' | 'unsupported' | 'ignored'; count: number }>;
  /** Expected lines that no command accounts for. */
  unattributed: string[];
  /** Echo/stub anchors that did not match (not counted, listed for diagnosis). */
  anchorDifferences: StatementResult[];
  durationMs: number;
}

/** Out-of-scope rules that apply to every file. */
const GRANT_TABLES = 'user|db|global_priv|tables_priv|columns_priv|procs_priv|proxies_priv|role_edges|default_roles|global_grants|password_history';
const NOT_A_DATABASE = 'user tables and data (the emulator is not a database engine)';

/** Out-of-scope rules that apply to every file (first match wins). */
export const GLOBAL_SCOPE_RULES: ScopeRule[] = [
  { statement: '^\\s*call\\s+mtr\\.', reason: 'mysql-test-run harness procedures (mtr.*)' },
  { statement: 'general_log|log_output', reason: 'general query log not emulated' },
  { statement: '\\bbinlog\\b|SHOW\\s+(MASTER|REPLICA|SLAVE|BINARY)\\b', reason: 'replication / binary log' },
  { statement: '\\bENGINE\\s*=', reason: 'storage engines' },
  { statement: '^\\s*(CREATE|ALTER|DROP|RENAME|TRUNCATE)\\s+TABLE\\s+`?mysql`?\\.', reason: "DDL on the grant tables (the emulator's mysql.* tables are views of its account store)" },
  { statement: `^\\s*INSERT\\s+INTO\\s+\`?mysql\`?\\.\\S+\\s+SELECT\\b`, reason: 'copying rows between grant tables with INSERT ... SELECT (grant tables as storage)' },
  { statement: '^\\s*(CREATE|ALTER|DROP|RENAME|TRUNCATE)\\s+TABLE\\b', reason: NOT_A_DATABASE },
  { statement: `^\\s*(INSERT\\s+INTO|UPDATE)\\s+(?!\`?mysql\`?\\.\`?(${GRANT_TABLES})\`?\\b)`, reason: NOT_A_DATABASE },
  { statement: '\\bFROM\\s+`?(?!mysql\\b|information_schema\\b|performance_schema\\b|sys\\b)\\w+`?\\.`?\\w', reason: NOT_A_DATABASE },
  { statement: '\\b(CREATE|DROP)\\s+(DEFINER\\s*=\\s*\\S+\\s+)?(PROCEDURE|FUNCTION|TRIGGER|EVENT)\\b|^\\s*CALL\\b', reason: 'stored programs (the emulator is not a database engine)' },
  { statement: '\\bON\\s+(PROCEDURE|FUNCTION)\\b|\\bprocs_priv\\b', reason: 'routine privileges (they need stored programs, which the emulator does not have)' },
  { expected: '\\bON (PROCEDURE|FUNCTION) ', reason: 'routine privileges (they need stored programs, which the emulator does not have)' },
  { expected: 'Column count of mysql\\.\\w+ is wrong', reason: "a grant table with the wrong columns (the emulator's mysql.* tables are views of its account store)" },
  { statement: 'test_plugin_server|auth_test_plugin|qa_auth', reason: 'test authentication plugins not emulated' },
];

// ---------------------------------------------------------------------------
// mysql2 plumbing

const require = createRequire(import.meta.url);
const mysql2Dir = dirname(require.resolve('mysql2/package.json'));

interface QueryCommand {
  _eofWarnings?: number;
}
// mysql2 does not expose the warning count of a result set's final EOF packet: record it on the command.
{
  const Query = require(join(mysql2Dir, 'lib/commands/query.js')) as { prototype: Record<string, unknown> };
  const proto = Query.prototype as { row: (this: QueryCommand, packet: { isEOF(): boolean; eofWarningCount(): number }, c: unknown) => unknown; __conformancePatched?: boolean };
  if (!proto.__conformancePatched) {
    const row = proto.row;
    proto.row = function (this: QueryCommand, packet, c) {
      if (packet.isEOF()) this._eofWarnings = packet.eofWarningCount();
      return row.call(this, packet, c);
    };
    proto.__conformancePatched = true;
  }
}
const stockCachingSha2 = require(join(mysql2Dir, 'lib/auth_plugins/caching_sha2_password.js')) as (o: object) => (ctx: { connection: { config: { ssl?: unknown } } }) => (data: Buffer) => unknown;

/** libmysqlclient's caching_sha2_password without a public key: no full authentication over plain TCP (error 2061). */
function cliCachingSha2(allowRsa: boolean) {
  return (ctx: { connection: { config: { ssl?: unknown } } }) => {
    const stock = stockCachingSha2({})(ctx);
    let first = true;
    return (data: Buffer): unknown => {
      if (!first && data.length === 1 && data[0] === 4 && !ctx.connection.config.ssl && !allowRsa) {
        throw Object.assign(new Error("Authentication plugin 'caching_sha2_password' reported error: Authentication requires secure connection."), {
          errno: 2061,
          sqlState: 'HY000',
          sqlMessage: "Authentication plugin 'caching_sha2_password' reported error: Authentication requires secure connection.",
        });
      }
      first = false;
      return stock(data);
    };
  };
}

type Outcome =
  | { kind: 'ok'; affectedRows: number; info: string; warnings: number }
  | { kind: 'results'; sets: ResultSet[]; warnings: number }
  | { kind: 'error'; error: ServerError; fatal: boolean };

function toServerError(e: unknown): ServerError & { fatal: boolean } {
  const err = e as { errno?: number; sqlState?: string; sqlMessage?: string; message?: string; fatal?: boolean; code?: string };
  if (typeof err.errno === 'number' && err.errno > 0 && err.sqlState) {
    return { errno: err.errno, sqlState: err.sqlState, message: err.sqlMessage ?? err.message ?? '', fatal: !!err.fatal };
  }
  // Client-side failures, as libmysqlclient reports them.
  if (err.code === 'PROTOCOL_CONNECTION_LOST' || err.code === 'ECONNRESET' || err.code === 'EPIPE') {
    return { errno: 2013, sqlState: 'HY000', message: 'Lost connection to MySQL server during query', fatal: true };
  }
  if (err.code === 'ECONNREFUSED') return { errno: 2003, sqlState: 'HY000', message: "Can't connect to MySQL server", fatal: true };
  return { errno: 2000, sqlState: 'HY000', message: `client error: ${err.code ?? ''} ${err.message ?? String(e)}`.trim(), fatal: !!err.fatal };
}

class Client {
  closed = false;
  private constructor(
    readonly conn: CallbackConnection,
    readonly user: string,
    readonly password: string,
  ) {
    conn.on('error', () => {
      this.closed = true;
    });
    conn.on('end', () => {
      this.closed = true;
    });
  }

  static open(o: {
    port: number;
    user: string;
    password: string;
    database?: string;
    ssl: boolean;
    canHandleExpired: boolean;
    authPlugins?: Record<string, unknown>;
  }): Promise<Client> {
    const flags = ['MULTI_STATEMENTS', '-FOUND_ROWS'];
    if (o.canHandleExpired) flags.push('CAN_HANDLE_EXPIRED_PASSWORDS');
    return new Promise((resolve, reject) => {
      const conn = createConnection({
        host: '127.0.0.1',
        port: o.port,
        user: o.user,
        password: o.password,
        database: o.database || undefined,
        flags,
        ssl: o.ssl ? { rejectUnauthorized: false } : undefined,
        connectTimeout: 10_000,
        multipleStatements: true,
        authPlugins: o.authPlugins as never,
      });
      const onError = (e: unknown) => {
        conn.removeListener('connect', onConnect);
        conn.on('error', () => undefined);
        conn.destroy();
        reject(e);
      };
      const onConnect = () => {
        conn.removeListener('error', onError);
        resolve(new Client(conn, o.user, o.password));
      };
      conn.once('error', onError);
      conn.once('connect', onConnect);
    });
  }

  /** Runs one statement; every value comes back as the text the server sent (NULL as null). */
  query(sql: string): Promise<Outcome> {
    const raw = this.conn;
    return new Promise((resolve) => {
      let cmd: QueryCommand | undefined;
      try {
        cmd = raw.query(
          {
            sql,
            timeout: 20_000, // a statement the emulator never answers fails instead of hanging the file
            rowsAsArray: true,
            typeCast: (field: { buffer(): Buffer | null }) => {
              const b = field.buffer();
              return b === null ? null : b.toString('utf8');
            },
          } as never,
          (err: unknown, rows: unknown, fields: unknown) => {
            if (err) {
              const e = toServerError(err);
              if (e.fatal) this.closed = true;
              resolve({ kind: 'error', error: e, fatal: e.fatal });
              return;
            }
            resolve(toOutcome(rows, fields, cmd?._eofWarnings ?? 0));
          },
        ) as unknown as QueryCommand;
      } catch (e) {
        resolve({ kind: 'error', error: toServerError(e), fatal: true });
      }
    });
  }

  changeUser(user: string, password: string): Promise<ServerError | undefined> {
    const raw = this.conn;
    return new Promise((resolve) => {
      raw.changeUser({ user, password }, (err) => resolve(err ? toServerError(err) : undefined));
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const raw = this.conn as CallbackConnection & { stream?: { once(e: string, f: () => void): void; destroyed?: boolean } };
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 2000);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      if (raw.stream && !raw.stream.destroyed) raw.stream.once('close', done);
      else setImmediate(done);
      raw.end(() => undefined);
    });
  }
}

function isFieldList(f: unknown): f is FieldPacket[] {
  return Array.isArray(f) && (f.length === 0 || (typeof f[0] === 'object' && f[0] !== null && 'name' in (f[0] as object)));
}

function toOutcome(rows: unknown, fields: unknown, eofWarnings: number): Outcome {
  // One result: rows + field list. Several (CALL, multi-statements): arrays of each.
  const single = isFieldList(fields) || fields === undefined;
  const rowsList: unknown[] = single ? [rows] : (rows as unknown[]);
  const fieldsList: unknown[] = single ? [fields] : (fields as unknown[]);
  const sets: ResultSet[] = [];
  let last: ResultSetHeader | undefined;
  rowsList.forEach((r, i) => {
    const f = fieldsList[i];
    if (isFieldList(f)) {
      sets.push({
        columns: f.map((c) => c.name),
        rows: (r as (string | null)[][]).map((row) => row.map((v) => (v === null || v === undefined ? null : String(v)))),
        meta: f.map((c) => {
          const m = c as unknown as Record<string, unknown>;
          return {
            catalog: String(m.catalog ?? 'def'),
            db: String(m.schema ?? ''),
            table: String(m.table ?? ''),
            orgTable: String(m.orgTable ?? ''),
            name: String(m.name ?? ''),
            orgName: String(m.orgName ?? ''),
            type: Number(m.columnType ?? 0),
            length: Number(m.columnLength ?? 0),
            flags: Number(m.flags ?? 0),
            decimals: Number(m.decimals ?? 0),
            charsetNr: Number(m.characterSet ?? 0),
          };
        }),
      });
      last = undefined;
    } else {
      last = r as ResultSetHeader;
    }
  });
  if (!sets.length) {
    const h = last ?? ({} as ResultSetHeader);
    return { kind: 'ok', affectedRows: h.affectedRows ?? 0, info: h.info ?? '', warnings: h.warningStatus ?? 0 };
  }
  return { kind: 'results', sets, warnings: last ? (last.warningStatus ?? 0) : eofWarnings };
}

// ---------------------------------------------------------------------------
// Includes the runner provides itself

type StubKind = 'harness' | 'binlog' | 'errorlog' | 'restart' | 'section-begin' | 'section-end' | 'skip-condition';
interface Stub {
  kind: StubKind;
  /** Output mysqltest shows for it (with the query log on). */
  echo?: (vars: (n: string) => string) => string[];
  reason?: string;
}

const STUB_INCLUDES: Record<string, Stub> = {
  'include/count_sessions.inc': { kind: 'harness' },
  'include/wait_until_count_sessions.inc': { kind: 'harness' },
  'include/not_embedded.inc': { kind: 'harness' },
  'include/no_protocol.inc': { kind: 'harness' },
  'include/have_ssl.inc': { kind: 'harness' },
  'include/have_log_bin.inc': { kind: 'skip-condition', reason: 'replication / binary log' },
  'include/have_plugin_auth.inc': { kind: 'skip-condition', reason: 'test authentication plugins not emulated' },
  'include/force_restart.inc': { kind: 'harness' },
  'include/allowed_ciphers.inc': { kind: 'harness' },
  'include/mysql_upgrade_preparation.inc': { kind: 'harness' },
  'include/wait_until_disconnected.inc': { kind: 'harness' },
  'include/wait_until_connected_again.inc': { kind: 'harness' },
  'include/rpl/save_binlog_file_position.inc': { kind: 'binlog', echo: () => ['include/rpl/save_binlog_file_position.inc'], reason: 'replication / binary log' },
  'include/rpl/assert_binlog_events.inc': { kind: 'binlog', echo: () => ['include/rpl/assert_binlog_events.inc'], reason: 'replication / binary log' },
  'include/assert_grep.inc': { kind: 'errorlog', echo: (v) => [`include/assert_grep.inc [${v('assert_text')}]`], reason: 'server error log not emulated' },
  'include/search_pattern.inc': { kind: 'errorlog', echo: (v) => [`Pattern "${v('SEARCH_PATTERN')}" found`], reason: 'server error log not emulated' },
  'include/restart_mysqld.inc': { kind: 'restart', echo: (v) => [v('restart_parameters') ? `# ${v('restart_parameters')}` : '# restart'], reason: 'server restarts' },
  'include/switch_to_mysql_user.inc': { kind: 'section-begin', reason: 'mysql.user turned into a 10.3-style table (grant-table storage layout)' },
  'include/switch_to_mysql_global_priv.inc': { kind: 'section-end' },
};

// ---------------------------------------------------------------------------
// The run of one file

const MASTER_MYSOCK = '/tmp/mysqld.1.sock';
const VARDIR = '/var/mysqltest';

interface Props {
  queryLog: boolean;
  resultLog: boolean;
  warnings: boolean;
  info: boolean;
  metadata: boolean;
  columnNames: boolean;
  connectLog: boolean;
}

class FileRun {
  readonly blocks: Block[] = [];
  readonly directives: FileReport['directives'] = {};
  private readonly vars = new Map<string, Variable>();
  private readonly conns = new Map<string, Client>();
  private current = 'default';
  private props: Props;
  private once: Partial<Props> | undefined;
  private disabledWarnings = new Set<number>();
  private expected: ExpectedError[] = [];
  private replace: Replacements | undefined;
  private sorted = false;
  private lowercase = false;
  private vertical = false;
  private verticalMode = false;
  private section: string | undefined;
  private afterRestart = false;
  private stopped = false;
  private readonly scopeRules: { re: RegExp; reason: string }[];
  private readonly lineRules: { lines: [number, number]; reason: string }[];

  constructor(
    private readonly suite: SuiteFile,
    private readonly em: Emulator,
    private readonly suitesDir: string,
  ) {
    this.props = { queryLog: true, resultLog: true, warnings: true, info: false, metadata: false, columnNames: true, connectLog: suite.vendor === 'mariadb' };
    const env: Record<string, string> = {
      MASTER_MYPORT: String(em.port),
      MASTER_MYSOCK,
      MYSQL: '$MYSQL',
      MYSQL_TEST_DIR: '/mysql-test',
      MYSQLTEST_VARDIR: VARDIR,
      MYSQL_TMP_DIR: `${VARDIR}/tmp`,
      MYSQLD_DATADIR: `${VARDIR}/mysqld.1/data`,
      CURRENT_CONNECTION: 'default',
      mysql_errno: '0',
    };
    for (const [k, v] of Object.entries(env)) this.vars.set(k, { value: v });
    this.scopeRules = [...GLOBAL_SCOPE_RULES, ...(suite.outOfScope ?? [])]
      .filter((r) => r.statement)
      .map((r) => ({ re: new RegExp(r.statement!, 'i'), reason: r.reason }));
    this.lineRules = (suite.outOfScope ?? []).filter((r): r is ScopeRule & { lines: [number, number] } => !!r.lines).map((r) => ({ lines: r.lines, reason: r.reason }));
  }

  private lookup = (name: string): Variable | undefined => this.vars.get(name);
  private varText = (name: string): string => this.vars.get(name)?.value ?? '';

  private get prop(): Props {
    return { ...this.props, ...this.once };
  }

  private count(kind: string, handling: 'stub' | 'unsupported' | 'ignored'): void {
    const d = (this.directives[kind] ??= { handling, count: 0 });
    d.count++;
  }

  private scopeFor(text: string, where: string): string | undefined {
    if (this.section) return this.section;
    const m = /^(.*)\.test:(\d+)$/.exec(where);
    if (m && m[1] === this.suite.id) {
      const line = Number(m[2]);
      for (const r of this.lineRules) if (line >= r.lines[0] && line <= r.lines[1]) return r.reason;
    }
    for (const r of this.scopeRules) if (r.re.test(text)) return r.reason;
    if (this.afterRestart) return 'follows a server restart the emulator cannot perform (state carried over, restart options not applied)';
    return undefined;
  }

  private push(b: Omit<Block, 'outOfScope'> & { outOfScope?: string }, taints: string[] = []): void {
    const block: Block = { ...b };
    if (taints.length) block.notes = [...(block.notes ?? []), ...taints.map((t) => `depends on ${t}`)];
    this.blocks.push(block);
  }

  /**
   * mysqltest clears --replace_*, --sorted_result and --lowercase_result once
   * a command "executed": a query, eval, send, echo or exec (command_executed++
   * in mysqltest.cc's main loop). connect, connection, let ... keep them.
   */
  private afterCommand(): void {
    this.replace = undefined;
    this.sorted = false;
    this.lowercase = false;
    this.vertical = false;
  }

  /**
   * MySQL's mysqltest sets MYSQL_OPT_CAN_HANDLE_EXPIRED_PASSWORDS on every
   * connection; MariaDB's does not (its do_connect() sets no such option, and
   * its results expect ER_MUST_CHANGE_PASSWORD_LOGIN under
   * disconnect_on_expired_password=ON).
   */
  private get canHandleExpired(): boolean {
    return this.suite.vendor === 'mysql';
  }

  async start(): Promise<void> {
    const c = await Client.open({ port: this.em.port, user: 'root', password: this.em.rootPassword, database: 'test', ssl: false, canHandleExpired: this.canHandleExpired });
    this.conns.set('default', c);
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.conns.values()].map((c) => c.close()));
    this.conns.clear();
  }

  async run(cmds: Command[], file: string): Promise<void> {
    for (const cmd of cmds) {
      if (this.stopped) return;
      if (cmd.type === 'command' && cmd.name === 'error') {
        await this.directive(cmd, file);
        continue;
      }
      // Every command but `error` hands the expected errors to itself and clears them (saved_expected_errors).
      const expected = this.expected;
      this.expected = [];
      if (cmd.type === 'block') await this.block(cmd, file);
      else if (cmd.type === 'query') {
        await this.statement(cmd.text, cmd.delimiter, `${cmd.pos.file}:${cmd.pos.line}`, cmd.text, [], expected);
        this.afterCommand();
      } else await this.directive(cmd, file, expected);
    }
  }

  private async block(b: BlockCmd, file: string): Promise<void> {
    let guard = 0;
    for (;;) {
      const cond = await this.condition(b.cond);
      if (cond === undefined) {
        this.count(`${b.kind} (condition not interpreted)`, 'unsupported');
        this.push({ kind: 'unsupported', where: `${b.pos.file}:${b.pos.line}`, source: `${b.kind} (${b.cond})`, head: [], body: [], counted: true, forcedMismatch: `${b.kind} condition not interpreted`, outOfScope: undefined });
        return;
      }
      if (!cond) return;
      await this.run(b.body, file);
      if (b.kind === 'if' || this.stopped) return;
      if (++guard > 10_000) throw new Error(`${b.pos.file}:${b.pos.line}: while loop does not end`);
    }
  }

  /** do_block(): `$var`, `!$var`, `$var op value`, a number, or a `query`. */
  private async condition(cond: string): Promise<boolean | undefined> {
    let expr = cond.trim();
    let not = false;
    if (expr.startsWith('!')) {
      not = true;
      expr = expr.slice(1).trim();
    }
    let value: string;
    if (expr.startsWith('$')) {
      const { name, end } = readVarName(expr, 0);
      value = this.varText(name);
      const rest = expr.slice(end).trim();
      if (rest) {
        const m = /^(==|!=|>=|<=|>|<)\s*(.*)$/.exec(rest);
        if (!m || not) return undefined;
        let rhs = evalText(m[2]!.trim(), this.lookup).text;
        if (/^(['"]).*\1$/.test(rhs)) rhs = rhs.slice(1, -1);
        const a = intValue(value);
        const b = intValue(rhs);
        const op = m[1]!;
        if (op === '==') return a !== undefined ? b !== undefined && a === b : value === rhs;
        if (op === '!=') return a !== undefined ? !(b !== undefined && a === b) : value !== rhs;
        if (a === undefined || b === undefined) return undefined;
        return op === '>' ? a > b : op === '<' ? a < b : op === '>=' ? a >= b : a <= b;
      }
    } else if (/^`.*`$/s.test(expr)) {
      const q = await this.queryValue(evalText(expr.slice(1, -1), this.lookup).text);
      if (q === undefined) return undefined;
      value = q;
    } else {
      value = evalText(expr, this.lookup).text;
    }
    const t = truthy(value);
    return not ? !t : t;
  }

  /** Runs a query for let/if and returns the first row's columns joined by tabs (var_query_set()). */
  private async queryValue(sql: string): Promise<string | undefined> {
    const c = this.conns.get(this.current);
    if (!c || c.closed) return undefined;
    const o = await c.query(sql);
    if (o.kind === 'error') return undefined;
    if (o.kind === 'ok') return '';
    const row = o.sets[0]?.rows[0];
    return row ? row.map((v) => v ?? '').join('\t') : '';
  }

  private async directive(cmd: DirectiveCmd, file: string, expected: ExpectedError[] = []): Promise<void> {
    const where = `${cmd.pos.file}:${cmd.pos.line}`;
    const ev = () => evalText(cmd.arg, this.lookup);
    switch (cmd.name) {
      case 'echo': {
        const { text, taints } = ev();
        this.push({ kind: 'echo', where, source: cmd.raw, head: toLines(`${text}\n`), body: [], counted: false }, taints);
        this.afterCommand();
        return;
      }
      case 'error': {
        const { errors, unknown } = parseErrorList(ev().text, (n) => resolveErrorName(n, this.suite.vendor));
        if (unknown.length) this.count(`error name not in ${this.suite.vendor}'s list (${unknown.join(',')})`, 'unsupported');
        this.expected = errors.length ? errors : [{ kind: 'errno', code: -1 }];
        return;
      }
      case 'replace_result':
        this.replace = { ...this.replace, result: parseReplaceResult(ev().text) };
        return;
      case 'replace_regex':
        this.replace = { ...this.replace, regex: parseReplaceRegex(ev().text) };
        return;
      case 'replace_column':
        this.replace = { ...this.replace, column: parseReplaceColumn(ev().text) };
        return;
      case 'sorted_result':
        this.sorted = true;
        return;
      case 'lowercase_result':
        this.lowercase = true;
        return;
      case 'vertical_results':
      case 'horizontal_results':
        this.verticalMode = cmd.name === 'vertical_results';
        return;
      case 'enable_query_log':
      case 'disable_query_log':
      case 'enable_result_log':
      case 'disable_result_log':
      case 'enable_warnings':
      case 'disable_warnings':
      case 'enable_info':
      case 'disable_info':
      case 'enable_metadata':
      case 'disable_metadata':
      case 'enable_column_names':
      case 'disable_column_names':
      case 'enable_connect_log':
      case 'disable_connect_log':
        this.property(cmd);
        return;
      case 'let':
        await this.let(cmd);
        return;
      case 'inc':
      case 'dec': {
        const { name } = readVarName(cmd.arg.trim(), 0);
        const v = intValue(this.varText(name)) ?? 0;
        this.vars.set(name, { value: String(cmd.name === 'inc' ? v + 1 : v - 1), taint: this.vars.get(name)?.taint });
        return;
      }
      case 'eval':
      case 'evalp':
      case 'send_eval': {
        const { text, taints } = ev();
        await this.statement(text, cmd.delimiter, where, cmd.raw, taints, expected, cmd.name === 'evalp' ? cmd.arg : undefined);
        this.afterCommand();
        return;
      }
      case 'query':
      case 'send':
        await this.statement(cmd.arg, cmd.delimiter, where, cmd.raw, [], expected);
        this.afterCommand();
        return;
      case 'query_vertical':
        this.vertical = true;
        await this.statement(cmd.arg, cmd.delimiter, where, cmd.raw, [], expected);
        this.afterCommand();
        return;
      case 'reap':
        this.count('reap (send runs synchronously)', 'ignored');
        return;
      case 'connect':
        await this.connect(cmd, where, expected);
        return;
      case 'connection': {
        const name = ev().text.trim();
        const head = this.prop.connectLog && this.prop.queryLog ? [`connection ${applyReplace(name, this.replace)};`] : [];
        if (!this.conns.has(name)) {
          this.push({ kind: 'connection', where, source: cmd.raw, head, body: [], counted: true, forcedMismatch: `connection '${name}' does not exist (its connect failed)` });
        } else {
          this.current = name;
          this.vars.set('CURRENT_CONNECTION', { value: name });
          if (head.length) this.push({ kind: 'connection', where, source: cmd.raw, head, body: [], counted: false });
        }
        return;
      }
      case 'disconnect':
      case 'dirty_close': {
        const name = ev().text.trim();
        const c = this.conns.get(name);
        if (c) {
          await c.close();
          this.conns.delete(name);
        }
        const head = this.prop.connectLog && this.prop.queryLog ? [`disconnect ${applyReplace(name, this.replace)};`] : [];
        if (!c) this.push({ kind: 'disconnect', where, source: cmd.raw, head, body: [], counted: true, forcedMismatch: `connection '${name}' does not exist` });
        else if (head.length) this.push({ kind: 'disconnect', where, source: cmd.raw, head, body: [], counted: false });
        return;
      }
      case 'change_user':
        await this.changeUser(cmd, where, expected);
        return;
      case 'source':
        await this.source(cmd, where, file);
        return;
      case 'exec':
        await this.exec(cmd, where, expected);
        this.afterCommand();
        return;
      case 'sleep':
      case 'real_sleep': {
        const s = Number.parseFloat(ev().text);
        if (s > 0) this.em.clock.advance(Math.round(s * 1000));
        this.count(`${cmd.name} (moves the emulator clock)`, 'stub');
        return;
      }
      case 'exit':
      case 'skip':
        this.count(cmd.name, 'stub');
        this.stopped = true;
        return;
      case 'send_shutdown':
      case 'shutdown_server':
        await this.restart(where, cmd.raw, []);
        return;
      case 'enable_reconnect':
      case 'disable_reconnect':
      case 'character_set':
      case 'disable_ps_protocol':
      case 'enable_ps_protocol':
      case 'disable_abort_on_error':
      case 'enable_abort_on_error':
      case 'start_timer':
      case 'end_timer':
      case 'disable_async_client':
      case 'enable_async_client':
      case 'disable_testcase':
      case 'enable_testcase':
        this.count(cmd.name, 'ignored');
        return;
      default:
        this.count(`${cmd.name} (not interpreted)`, 'unsupported');
        this.push({
          kind: 'unsupported',
          where,
          source: cmd.raw,
          head: [],
          body: [],
          counted: true,
          forcedMismatch: `mysqltest command '${cmd.name}' not interpreted`,
          outOfScope: unsupportedReason(cmd.name),
        });
        this.afterCommand();
    }
  }

  private property(cmd: DirectiveCmd): void {
    const enable = cmd.name.startsWith('enable_');
    const what = cmd.name.replace(/^(enable|disable)_/, '');
    const key: keyof Props =
      what === 'query_log' ? 'queryLog'
      : what === 'result_log' ? 'resultLog'
      : what === 'warnings' ? 'warnings'
      : what === 'info' ? 'info'
      : what === 'metadata' ? 'metadata'
      : what === 'column_names' ? 'columnNames'
      : 'connectLog';
    const words = cmd.arg.split(/[\s,]+/).filter(Boolean);
    const once = words.some((w) => w.toUpperCase() === 'ONCE');
    const codes = words.filter((w) => w.toUpperCase() !== 'ONCE');
    if (key === 'warnings' && codes.length) {
      // MySQL 8: --disable_warnings ER_X,ER_Y hides only those warnings.
      for (const c of codes) {
        const n = /^\d+$/.test(c) ? Number(c) : resolveErrorName(c, this.suite.vendor);
        if (n === undefined) continue;
        if (enable) this.disabledWarnings.delete(n);
        else this.disabledWarnings.add(n);
      }
      return;
    }
    if (once) this.once = { ...this.once, [key]: enable };
    else this.props[key] = enable;
  }

  private async let(cmd: DirectiveCmd): Promise<void> {
    const m = /^\$?([A-Za-z0-9_]+)\s*=\s*([\s\S]*)$/.exec(cmd.arg);
    if (!m) {
      this.count('let (not understood)', 'unsupported');
      return;
    }
    const name = m[1]!;
    const { text, taints } = evalText(m[2]!, this.lookup);
    const taint = taints.length ? taints.join('; ') : undefined;
    const trimmed = text.trim();
    if (/^`[\s\S]*`$/.test(trimmed)) {
      const v = await this.queryValue(trimmed.slice(1, -1));
      if (v === undefined) {
        this.count('let $var = `query` (query failed)', 'unsupported');
        this.vars.set(name, { value: '', taint: `let $${name} = ${trimmed} failed` });
      } else this.vars.set(name, { value: v, taint });
      return;
    }
    const q = /^query_get_value\s*\(([\s\S]*)\)$/i.exec(trimmed);
    if (q) {
      const inner = q[1]!;
      const last = inner.lastIndexOf(',');
      const prev = inner.lastIndexOf(',', last - 1);
      const sql = inner.slice(0, prev).trim();
      const column = inner.slice(prev + 1, last).trim();
      const row = Number.parseInt(inner.slice(last + 1).trim(), 10);
      const c = this.conns.get(this.current);
      const o = c && !c.closed ? await c.query(sql) : undefined;
      if (!o || o.kind !== 'results') {
        this.count('let $var = query_get_value(...) (query failed)', 'unsupported');
        this.vars.set(name, { value: '', taint: `query_get_value(${sql}) failed` });
        return;
      }
      const set = o.sets[0]!;
      const col = set.columns.indexOf(column);
      const r = set.rows[row - 1];
      this.vars.set(name, { value: col < 0 || !r ? 'No such row' : (r[col] ?? 'NULL'), taint });
      return;
    }
    this.vars.set(name, { value: text, taint });
  }

  private markRestart(): void {
    this.afterRestart = true;
  }

  /** A server restart: not possible; the connections are dropped and `default` comes back, the state carries over. */
  private async restart(where: string, source: string, head: string[]): Promise<void> {
    this.count(`server restart (${source.trim()})`, 'unsupported');
    this.push({ kind: 'unsupported', where, source, head, body: [], counted: true, forcedMismatch: 'server restart not performed', outOfScope: 'server restarts' });
    await this.closeAll();
    await this.start();
    this.current = 'default';
    this.markRestart();
  }

  private async source(cmd: DirectiveCmd, where: string, file: string): Promise<void> {
    const path = evalText(cmd.arg, this.lookup).text.trim().replace(/;$/, '');
    const stub = STUB_INCLUDES[path];
    if (stub) {
      const lines = stub.echo && this.prop.queryLog ? stub.echo(this.varText) : [];
      switch (stub.kind) {
        case 'harness':
          this.count(`source ${path}`, 'ignored');
          return;
        case 'skip-condition':
          this.count(`source ${path} (the real test needs it: ${stub.reason})`, 'ignored');
          return;
        case 'binlog':
        case 'errorlog':
          this.count(`source ${path} (${stub.reason}; fixed output printed)`, 'stub');
          this.push({ kind: 'stub', where, source: cmd.raw, head: lines, body: [], counted: false, outOfScope: stub.reason });
          return;
        case 'restart':
          await this.restart(where, cmd.raw, lines);
          return;
        case 'section-begin':
          this.count(`source ${path} (${stub.reason})`, 'stub');
          this.section = stub.reason;
          return;
        case 'section-end':
          this.count(`source ${path}`, 'stub');
          this.section = undefined;
          return;
      }
    }
    const resolved = this.resolveInclude(path, file);
    if (!resolved) {
      this.count(`source ${path} (include not available)`, 'unsupported');
      this.push({ kind: 'unsupported', where, source: cmd.raw, head: [], body: [], counted: true, forcedMismatch: `include ${path} not available`, outOfScope: undefined });
      return;
    }
    const rel = posix.relative(this.suitesDir.replace(/\\/g, '/'), resolved.replace(/\\/g, '/'));
    const parsed = parseMysqltest(readFileSync(resolved, 'utf8'), { file: rel, delimiter: cmd.delimiter });
    if (parsed.trailing) this.count('text without delimiter at end of include', 'unsupported');
    await this.run(parsed.commands, resolved);
  }

  /** mysql-test paths -> the copies under suites/: ../include/x (suite-local), suite/<s>/include/x, include/x. */
  private resolveInclude(path: string, fromFile: string): string | undefined {
    const vendorDir = join(this.suitesDir, this.suite.vendor);
    const candidates = [join(dirname(fromFile), path)];
    const suiteMatch = /^suite\/([^/]+)\/include\/(.+)$/.exec(path);
    if (suiteMatch) candidates.push(join(vendorDir, suiteMatch[1]!, 'include', suiteMatch[2]!));
    if (path.startsWith('../include/')) candidates.push(join(dirname(fromFile), 'include', path.slice('../include/'.length)));
    if (path.startsWith('include/')) candidates.push(join(vendorDir, path));
    return candidates.find((c) => existsSync(c) && c.endsWith('.inc'));
  }

  // -------------------------------------------------------------------------

  private async statement(text: string, delimiter: string, where: string, source: string, taints: string[], expected: ExpectedError[], printAs?: string): Promise<void> {
    const p = this.prop;
    this.once = undefined;
    const head = p.queryLog ? toLines(formatQueryEcho(printAs ?? text, delimiter, this.replace)) : [];
    const outOfScope = this.scopeFor(text, where);
    if (/^\s*call\s+mtr\./i.test(text)) {
      // The mtr database's helper procedures (add_suppression, ...): harness, not run.
      this.count('call mtr.* (harness procedure, echoed, not run)', 'stub');
      this.push({ kind: 'harness', where, source, head, body: [], counted: false });
      return;
    }
    const c = this.conns.get(this.current);
    if (!c || c.closed) {
      this.push({ kind: 'statement', where, source, head, body: [], counted: true, forcedMismatch: `no open connection '${this.current}'`, outOfScope }, taints);
      return;
    }
    const o = await c.query(text);
    let body = '';
    let forced: string | undefined;
    const expectErr = expected.filter((e) => !(e.kind === 'errno' && e.code === 0));
    if (o.kind === 'error') {
      this.vars.set('mysql_errno', { value: String(o.error.errno) });
      if (p.resultLog) body += formatError(o.error, expected, this.replace);
      if (expected.length && !matchesExpected(o.error, expected)) forced = `failed with errno ${o.error.errno}, expected ${describeExpected(expected)}`;
      if (!expected.length) forced = `unexpected error ${o.error.errno} (mysqltest stops the test here)`;
    } else {
      this.vars.set('mysql_errno', { value: '0' });
      if (p.resultLog) {
        if (o.kind === 'results') {
          for (const set of o.sets) {
            body += formatResultSet(set, { replace: this.replace, sorted: this.sorted, lowercase: this.lowercase, columnNames: p.columnNames, metadata: p.metadata, vertical: this.vertical || this.verticalMode });
          }
        }
        if (p.warnings && o.warnings > 0) {
          const w = await this.fetchWarnings(c);
          body += formatWarnings(w.filter((x) => !this.disabledWarnings.has(x.code)), this.replace);
        }
        if (p.info && o.kind === 'ok') body += formatInfo(o.affectedRows, o.info);
      }
      if (expectErr.length && expected.length === expectErr.length) forced = `succeeded, expected ${describeExpected(expected)}`;
    }
    this.push({ kind: 'statement', where, source, head, body: toLines(body), counted: true, forcedMismatch: forced, outOfScope }, taints);
  }

  private async fetchWarnings(c: Client): Promise<Warning[]> {
    const o = await c.query('SHOW WARNINGS');
    if (o.kind !== 'results') return [];
    return o.sets[0]!.rows.map((r) => ({ level: r[0] ?? '', code: Number(r[1] ?? 0), message: r[2] ?? '' }));
  }

  private async connect(cmd: DirectiveCmd, where: string, expected: ExpectedError[]): Promise<void> {
    const p = this.prop;
    this.once = undefined;
    const { text: evaluated, taints } = evalText(cmd.arg, this.lookup);
    const stripped = stripParentheses(cmd.raw, cmd.arg);
    const a = parseConnectArgs(stripParentheses(evaluated, evaluated).arg);
    const dbGiven = a.database !== '';
    const database = !dbGiven ? 'test' : a.database === '*NO-ONE*' ? '' : a.database;
    const head: string[] = [];
    if (expected.length && p.queryLog) {
      head.push(...toLines(formatConnectAttempt({ host: a.host, user: a.user, password: a.password, database, port: a.port || String(this.em.port), socket: a.socket || MASTER_MYSOCK }, cmd.delimiter, this.replace)));
    }
    if (p.connectLog && p.queryLog) head.push(`${applyReplace(stripped.raw, this.replace)};`);
    const notes: string[] = [];
    const host = a.host.toLowerCase();
    if (host !== 'localhost' && host !== '127.0.0.1') notes.push(`host '${a.host}' reached as 127.0.0.1`);
    const outOfScope = host === 'localhost' || host === '127.0.0.1' ? this.scopeFor(cmd.raw, where) : `client address '${a.host}' cannot be reproduced (the emulator listens on 127.0.0.1 only)`;
    const unknownOptions = a.options.filter((o) => !/^(SSL|NOSSL|TCP|SOCKET|DEFAULT|COMPRESS|CHARSET=.*|auth=.*)$/i.test(o));
    if (unknownOptions.length) notes.push(`connect options ignored: ${unknownOptions.join(' ')}`);
    if (a.defaultAuth) notes.push(`default_auth ${a.defaultAuth} ignored`);
    if (this.conns.has(a.name)) {
      this.push({ kind: 'connect', where, source: cmd.raw, head, body: [], counted: true, forcedMismatch: `connection '${a.name}' already exists (mysqltest stops here)`, outOfScope, notes }, taints);
      return;
    }
    let body = '';
    let forced: string | undefined;
    try {
      const client = await Client.open({
        port: this.em.port,
        user: a.user,
        password: a.password,
        database: dbGiven ? database : undefined,
        ssl: a.options.some((o) => o.toUpperCase() === 'SSL'),
        canHandleExpired: this.canHandleExpired,
      });
      if (!dbGiven) await client.query('USE `test`'); // mysqltest's default database; mtr lets every account use it
      this.conns.set(a.name, client);
      this.current = a.name;
      this.vars.set('CURRENT_CONNECTION', { value: a.name });
      this.vars.set('mysql_errno', { value: '0' });
      const expectErr = expected.filter((e) => !(e.kind === 'errno' && e.code === 0));
      if (expectErr.length && expectErr.length === expected.length) forced = `connect succeeded, expected ${describeExpected(expected)}`;
    } catch (e) {
      const err = toServerError(e);
      this.vars.set('mysql_errno', { value: String(err.errno) });
      if (p.resultLog) body = formatError(err, expected, this.replace);
      if (!matchesExpected(err, expected)) forced = expected.length ? `connect failed with errno ${err.errno}, expected ${describeExpected(expected)}` : `connect failed with errno ${err.errno} (mysqltest stops the test here)`;
    }
    this.push({ kind: 'connect', where, source: cmd.raw, head, body: toLines(body), counted: true, forcedMismatch: forced, outOfScope, notes }, taints);
  }

  private async changeUser(cmd: DirectiveCmd, where: string, expected: ExpectedError[]): Promise<void> {
    const { text, taints } = evalText(cmd.arg, this.lookup);
    const [user = '', password = ''] = splitArgs(text, ',');
    const c = this.conns.get(this.current);
    if (!c || c.closed) {
      this.push({ kind: 'change_user', where, source: cmd.raw, head: [], body: [], counted: true, forcedMismatch: `no open connection '${this.current}'` }, taints);
      return;
    }
    const head = this.suite.mysqltest?.changeUserLog && this.prop.connectLog && this.prop.queryLog ? [`change_user ${applyReplace(`${user},${password},${splitArgs(text, ',')[2] ?? ''}`, this.replace)};`] : [];
    const err = await c.changeUser(user || c.user, user ? password : c.password);
    let body = '';
    let forced: string | undefined;
    if (err) {
      if (this.prop.resultLog) body = formatError(err, expected, this.replace);
      if (!matchesExpected(err, expected)) forced = `change_user failed with errno ${err.errno}`;
    } else if (expected.length && !matchesExpected(undefined, expected)) forced = `change_user succeeded, expected ${describeExpected(expected)}`;
    this.push({ kind: 'change_user', where, source: cmd.raw, head, body: toLines(body), counted: true, forcedMismatch: forced, outOfScope: this.scopeFor(cmd.raw, where) }, taints);
  }

  /** `--exec $MYSQL ...`: the mysql client in batch mode, over the protocol; any other program is not run. */
  private async exec(cmd: DirectiveCmd, where: string, expected: ExpectedError[]): Promise<void> {
    const raw = cmd.arg.trim();
    const { text, taints } = evalText(raw, this.lookup);
    const words = shellWords(text);
    const inv = words[0] === '$MYSQL' ? parseMysqlCli(words.slice(1)) : null;
    if (!inv || inv.execute === undefined) {
      const program = words[0] ?? '';
      const reason = program === '$MYSQL' ? 'mysql client invocation not emulated (no -e, or redirection)' : `--exec of a command-line program (${program.replace(/^\$/, '')})`;
      this.count(program === '$MYSQL' ? 'exec $MYSQL (not emulated form)' : `exec ${program || '?'}`, 'unsupported');
      this.push({ kind: 'exec', where, source: cmd.raw, head: [], body: [], counted: true, forcedMismatch: 'command not run', outOfScope: reason }, taints);
      return;
    }
    this.count('exec $MYSQL -e (emulated mysql client, batch mode)', 'stub');
    const { output, status, notes } = await this.runMysqlCli(inv);
    let forced: string | undefined;
    const codes = expected.filter((e): e is Extract<ExpectedError, { kind: 'errno' }> => e.kind === 'errno').map((e) => e.code);
    if (status !== 0 && !codes.includes(status)) forced = `client exited with status ${status}${codes.length ? `, expected ${codes.join(',')}` : ' (mysqltest stops the test here)'}`;
    if (status === 0 && codes.length && !codes.includes(0)) forced = `client succeeded, expected exit status ${codes.join(',')}`;
    const body = this.prop.resultLog ? toLines(applyReplaceLines(output, this.replace)) : [];
    const host = (inv.host ?? 'localhost').toLowerCase();
    const outOfScope = host === 'localhost' || host === '127.0.0.1' ? this.scopeFor(text, where) : `client address '${inv.host}' cannot be reproduced (the emulator listens on 127.0.0.1 only)`;
    this.push({ kind: 'exec', where, source: cmd.raw, head: [], body, counted: true, forcedMismatch: forced, outOfScope, notes }, taints);
  }

  private async runMysqlCli(inv: MysqlCliInvocation): Promise<{ output: string; status: number; notes: string[] }> {
    const notes: string[] = [];
    if (inv.ignored.length) notes.push(`client options ignored: ${inv.ignored.join(' ')}`);
    let out = '';
    const err = (s: string) => {
      if (inv.stderrToStdout) out += s;
    };
    if (inv.password !== undefined && this.suite.vendor === 'mysql') err(CLI_PASSWORD_WARNING);
    const sslMode = inv.sslMode ?? (this.suite.vendor === 'mysql' ? 'PREFERRED' : 'DISABLED');
    const allowRsa = inv.ignored.some((o) => /^--(server-public-key-path|get-server-public-key)/.test(o));
    let client: Client;
    try {
      client = await Client.open({
        port: this.em.port,
        user: inv.user ?? 'root',
        password: inv.password ?? '',
        database: inv.database,
        ssl: sslMode !== 'DISABLED',
        canHandleExpired: inv.connectExpiredPassword,
        authPlugins: this.suite.vendor === 'mysql' ? { caching_sha2_password: cliCachingSha2(allowRsa) } : undefined,
      });
    } catch (e) {
      const error = toServerError(e);
      // client/mysql.cc: an expired password in batch mode is a message on stdout, not the server's error.
      if (error.errno === 1862 && this.suite.vendor === 'mysql') out += 'Please use --connect-expired-password option or invoke mysql in interactive mode.\n';
      else err(formatCliError(error));
      return { output: out, status: 1, notes };
    }
    let status = 0;
    for (const st of splitStatements(inv.execute ?? '')) {
      const o = await client.query(st.text);
      if (o.kind === 'error') {
        err(formatCliError(o.error, st.line));
        status = 1;
        break;
      }
      if (o.kind === 'results') for (const set of o.sets) out += formatBatchResult(set, !inv.skipColumnNames);
    }
    await client.close();
    return { output: out, status, notes };
  }
}

function applyReplaceLines(text: string, r: Replacements | undefined): string {
  if (!r) return text;
  return toLines(text).map((l) => applyReplace(l, r) + '\n').join('');
}

function describeExpected(expected: ExpectedError[]): string {
  return expected.map((e) => (e.kind === 'sqlstate' ? `S${e.state}` : e.name ? `${e.name} (${e.code})` : String(e.code))).join(',');
}

function unsupportedReason(name: string): string | undefined {
  if (/shutdown|restart/.test(name)) return 'server restarts';
  if (/sync_|master|slave|replica/.test(name)) return 'replication / binary log';
  if (/file|mkdir|rmdir|perl|system|cat_|diff_|list_files|chmod|copy/.test(name)) return 'file system / external programs';
  return undefined;
}

// ---------------------------------------------------------------------------
// Entry point

export interface RunOptions {
  suitesDir: string;
}

/** Runs one suite file on a fresh emulator and compares it with its .result. */
export async function runSuiteFile(suite: SuiteFile, opts: RunOptions): Promise<FileReport> {
  const t0 = Date.now();
  const testPath = join(opts.suitesDir, `${suite.id}.test`);
  const resultPath = join(opts.suitesDir, `${suite.id}.result`);
  const parsed = parseMysqltest(readFileSync(testPath, 'utf8'), { file: `${suite.id}.test` });
  const expected = toLines(readFileSync(resultPath, 'utf8').replace(/\r\n/g, '\n'));
  const em = await startEmulator({ logger: pino({ level: 'silent' }), profile: suite.profile, ...suite.options });
  const run = new FileRun(suite, em, opts.suitesDir);
  try {
    await em.sql('CREATE DATABASE IF NOT EXISTS test');
    await run.start();
    await run.run(parsed.commands, testPath);
    if (parsed.trailing) {
      run.blocks.push({ kind: 'unsupported', where: `${parsed.trailing.pos.file}:${parsed.trailing.pos.line}`, source: parsed.trailing.text, head: [], body: [], counted: true, forcedMismatch: 'text at the end of the file without a delimiter' });
    }
  } finally {
    await run.closeAll();
    await em.close();
  }
  const { results, unattributed } = align(run.blocks, expected);
  const scopeRules = [...GLOBAL_SCOPE_RULES, ...(suite.outOfScope ?? [])]
    .filter((r) => r.expected)
    .map((r) => ({ re: new RegExp(r.expected!, 'i'), reason: r.reason, normalize: r.normalize?.map((n) => ({ re: new RegExp(n.pattern, 'g'), to: n.replace })) }));
  const expectedRule = (r: BlockResult): string | undefined => {
    const actual = [...r.block.head, ...r.block.body];
    for (const rule of scopeRules) {
      if (!r.expected.some((l) => rule.re.test(l))) continue;
      if (!rule.normalize) return rule.reason;
      const norm = (lines: string[]) => lines.map((l) => rule.normalize!.reduce((acc, n) => acc.replace(n.re, n.to), l)).join('\n');
      if (!r.block.forcedMismatch && norm(r.expected) === norm(actual)) return rule.reason;
    }
    return undefined;
  };
  const toStatement = (r: BlockResult): StatementResult => {
    const s: StatementResult = {
      where: r.block.where,
      kind: r.block.kind,
      source: r.block.source,
      matched: r.matched,
      expected: r.expected,
      // The emulator's port changes from run to run: shown as mysqltest's variable.
      actual: [...r.block.head, ...r.block.body].map((l) => l.split(String(em.port)).join('$MASTER_MYPORT')),
    };
    if (!r.matched) {
      const taint = r.block.notes?.find((n) => n.startsWith('depends on'));
      const scope = r.block.outOfScope ?? expectedRule(r);
      s.reason = scope ? `out of scope: ${scope}` : r.block.kind === 'unsupported' ? 'out of scope: mysqltest command not interpreted by the runner' : 'in scope, open';
      const detail = [r.block.forcedMismatch, !r.anchored ? 'statement echo not found in the .result' : undefined, taint, ...(r.block.notes ?? []).filter((n) => n !== taint)].filter(Boolean);
      if (detail.length) s.detail = detail.join('; ');
    }
    return s;
  };
  const statements = results.filter((r) => r.block.counted).map(toStatement);
  const anchorDifferences = results.filter((r) => !r.block.counted && !r.matched).map(toStatement);
  return {
    file: suite.id,
    vendor: suite.vendor,
    profile: suite.profile,
    matched: statements.filter((s) => s.matched).length,
    total: statements.length,
    statements,
    directives: run.directives,
    unattributed,
    anchorDifferences,
    durationMs: Date.now() - t0,
  };
}
