/**
 * A reader for the subset of the mysqltest language that MySQL's and
 * MariaDB's regression tests use (client/mysqltest.cc): it turns a `.test`
 * or `.inc` file into commands, the way read_line() / read_command() do.
 *
 * - A command is read up to the current delimiter (`;` by default), except
 *   lines that start with `#` (comments) or `--` (one-line commands, ended by
 *   the newline). Quotes protect the delimiter; a `\` escapes inside '' and "".
 * - `if (...) {` / `while (...) {` open a block that a `}` alone at the start
 *   of a line closes.
 * - Result format version 1 (mysqltest's default) drops the spaces that start
 *   a continuation line, unless the previous line ended with a quoted string
 *   (convert_to_format_v1()).
 * - `delimiter X` and `result_format N` act while reading, as they do in
 *   mysqltest, where reading and running are interleaved.
 *
 * Nothing here talks to a server: variables, includes and connections are the
 * runner's business (runner.ts).
 */

export interface SourcePos {
  /** File the command was read from, relative to the suites directory. */
  file: string;
  /** 1-based line where the command starts. */
  line: number;
}

/** An SQL statement: anything whose first word is not a mysqltest command. */
export interface QueryCmd {
  type: 'query';
  /** The statement as written, without its delimiter (echoed as `text + delimiter`). */
  text: string;
  /** The delimiter in force when it was read. */
  delimiter: string;
  pos: SourcePos;
}

/** A mysqltest command (`--echo x`, `connect(...)`, `let $x= 1;`, ...). */
export interface DirectiveCmd {
  type: 'command';
  /** Lower-case command name (`echo`, `connect`, `error`, ...). */
  name: string;
  /** Everything after the command word and the spaces after it. */
  arg: string;
  /** The command as written (without `--` and without the delimiter). */
  raw: string;
  /** Written as a `--` one-line command. */
  dashed: boolean;
  /** The delimiter in force when it was read. */
  delimiter: string;
  pos: SourcePos;
}

export interface BlockCmd {
  type: 'block';
  kind: 'if' | 'while';
  /** The condition, without the parentheses. */
  cond: string;
  body: Command[];
  pos: SourcePos;
}

export type Command = QueryCmd | DirectiveCmd | BlockCmd;

/** Every command word mysqltest knows (MySQL 8.x and MariaDB 10.x/11.x, union). */
export const MYSQLTEST_COMMANDS: ReadonlySet<string> = new Set([
  'connection', 'query', 'connect', 'sleep', 'real_sleep', 'inc', 'dec', 'source', 'disconnect', 'let', 'echo',
  'expr', 'while', 'end', 'break', 'system', 'result', 'require', 'save_master_pos', 'sync_with_master',
  'sync_slave_with_master', 'error', 'send', 'reap', 'dirty_close', 'replace_result', 'replace_column', 'ping',
  'eval', 'evalp', 'eval_result', 'enable_query_log', 'disable_query_log', 'enable_result_log', 'disable_result_log',
  'enable_connect_log', 'disable_connect_log', 'wait_for_slave_to_stop', 'enable_warnings', 'disable_warnings',
  'enable_info', 'disable_info', 'enable_session_track_info', 'disable_session_track_info', 'enable_metadata',
  'disable_metadata', 'enable_column_names', 'disable_column_names', 'exec', 'execw', 'exec_in_background',
  'delimiter', 'disable_abort_on_error', 'enable_abort_on_error', 'vertical_results', 'horizontal_results',
  'query_vertical', 'query_horizontal', 'sorted_result', 'partially_sorted_result', 'lowercase_result',
  'start_timer', 'end_timer', 'character_set', 'disable_ps_protocol', 'enable_ps_protocol',
  'disable_ps2_protocol', 'enable_ps2_protocol', 'disable_view_protocol', 'enable_view_protocol',
  'disable_cursor_protocol', 'enable_cursor_protocol', 'disable_service_connection', 'enable_service_connection',
  'enable_non_blocking_api', 'disable_non_blocking_api', 'disable_reconnect', 'enable_reconnect', 'if',
  'disable_parsing', 'enable_parsing', 'replace_regex', 'replace_numeric_round', 'remove_file', 'file_exists',
  'write_file', 'write_line', 'copy_file', 'copy_files_wildcard', 'perl', 'die', 'assert', 'exit', 'skip',
  'chmod', 'append_file', 'cat_file', 'diff_files', 'send_quit', 'change_user', 'mkdir', 'rmdir', 'force_rmdir',
  'force_cpdir', 'list_files', 'list_files_write_file', 'list_files_append_file', 'send_shutdown',
  'shutdown_server', 'result_format', 'move_file', 'remove_files_wildcard', 'send_eval', 'output',
  'reset_connection', 'query_attributes', 'enable_prepare_warnings', 'disable_prepare_warnings',
  'enable_async_client', 'disable_async_client', 'enable_testcase', 'disable_testcase', 'skip_if_hypergraph',
  'optimizer_trace', 'ps_prepare', 'ps_bind', 'ps_execute', 'ps_close',
]);

export interface ParseOptions {
  file: string;
  /** Result format version in force at the start (mysqltest's default is 1). */
  resultFormat?: number;
  delimiter?: string;
}

export interface ParseResult {
  commands: Command[];
  /** Text left at the end of the file without a delimiter (mysqltest dies on it). */
  trailing?: { text: string; pos: SourcePos };
  /** Parser state at the end, for includes that change it. */
  delimiter: string;
  resultFormat: number;
}

const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';

/**
 * convert_to_format_v1(): after a newline, skip the spaces that start the
 * next line unless the character before the newline closed a quoted string.
 */
export function convertToFormatV1(query: string): string {
  let out = '';
  let lastWasQuote = false;
  let i = 0;
  while (i < query.length) {
    const c = query[i]!;
    if (c === '\n' && !lastWasQuote) {
      out += c;
      i++;
      while (i < query.length && isSpace(query[i]!)) i++;
      lastWasQuote = false;
    } else if (c === "'" || c === '"' || c === '`') {
      out += c;
      i++;
      while (i < query.length && query[i] !== c) out += query[i++];
      if (i < query.length) out += query[i++];
      lastWasQuote = true;
    } else {
      out += c;
      i++;
      lastWasQuote = false;
    }
  }
  return out;
}

interface RawCommand {
  text: string;
  line: number;
}

/** read_line(): one raw command (or comment, or empty line), or null at the end of the file. */
class LineReader {
  private i = 0;
  private lineNo = 1;
  constructor(private readonly src: string) {}

  get atEnd(): boolean {
    return this.i >= this.src.length;
  }

  read(delimiter: string): { raw: RawCommand; complete: boolean } | null {
    if (this.i >= this.src.length) return null;
    const src = this.src;
    let buf = '';
    let state: 'normal' | 'q' | 'slash_in_q' | 'comment' | 'line_start' = 'line_start';
    let lastQuote = '';
    let lastChar = '';
    let haveSlash = false;
    let startLine = this.lineNo;
    const matchDelimiter = (): boolean => src.startsWith(delimiter, this.i);
    while (this.i < src.length) {
      const c = src[this.i]!;
      if (c === '\n') {
        this.lineNo++;
        if (buf.endsWith('\r')) buf = buf.slice(0, -1);
      }
      let skip = false;
      switch (state) {
        case 'normal':
          if (matchDelimiter()) {
            this.i += delimiter.length;
            return { raw: { text: buf, line: startLine }, complete: true };
          }
          if (c === '{' && (startsWithCi('while', buf) || startsWithCi('if', buf))) {
            this.i++;
            return { raw: { text: buf + c, line: startLine }, complete: true };
          }
          if ((c === "'" || c === '"' || c === '`') && !haveSlash) {
            lastQuote = c;
            state = 'q';
          }
          haveSlash = c === '\\' && lastQuote !== '`';
          break;
        case 'comment':
          if (c === '\n') {
            this.i++;
            return { raw: { text: buf, line: startLine }, complete: true };
          }
          break;
        case 'line_start':
          if (c === '#' || c === '-') {
            state = 'comment';
          } else if (isSpace(c)) {
            if (c === '\n') {
              if (lastChar === '\n') {
                this.i++;
                return { raw: { text: '\n', line: startLine }, complete: true };
              }
              startLine = this.lineNo;
            }
            skip = true;
          } else if (matchDelimiter()) {
            this.i += delimiter.length;
            return { raw: { text: buf, line: startLine }, complete: true };
          } else if (c === '}') {
            this.i++;
            return { raw: { text: '}', line: startLine }, complete: true };
          } else if (c === "'" || c === '"' || c === '`') {
            lastQuote = c;
            state = 'q';
          } else {
            state = 'normal';
          }
          break;
        case 'q':
          if (c === lastQuote) state = 'normal';
          else if (c === '\\' && lastQuote !== '`') state = 'slash_in_q';
          break;
        case 'slash_in_q':
          state = 'q';
          break;
      }
      lastChar = c;
      if (!skip) buf += c;
      this.i++;
    }
    // End of file: a comment ends there; anything else lacks its delimiter.
    if (state === 'comment') return { raw: { text: buf, line: startLine }, complete: true };
    return { raw: { text: buf, line: startLine }, complete: buf.trim() === '' };
  }
}

/** my_strnncoll_simple(word, buf, min(len(word), len(buf))) == 0: buf starts like the word (case-insensitive). */
function startsWithCi(word: string, buf: string): boolean {
  const n = Math.min(word.length, buf.length);
  return word.slice(0, n).toLowerCase() === buf.slice(0, n).toLowerCase();
}

/** Parses a whole file into commands (blocks nested). */
export function parseMysqltest(src: string, options: ParseOptions): ParseResult {
  const reader = new LineReader(src.replace(/^\uFEFF/, ''));
  let delimiter = options.delimiter ?? ';';
  let resultFormat = options.resultFormat ?? 1;
  const root: Command[] = [];
  const stack: { cmds: Command[] }[] = [{ cmds: root }];
  let trailing: ParseResult['trailing'];

  for (;;) {
    const got = reader.read(delimiter);
    if (!got) break;
    const { raw, complete } = got;
    const pos: SourcePos = { file: options.file, line: raw.line };
    if (!complete) {
      trailing = { text: raw.text, pos };
      break;
    }
    let text = resultFormat === 1 ? convertToFormatV1(raw.text) : raw.text;
    let dashed = false;
    if (text.startsWith('#')) continue; // comment
    if (text.startsWith('--')) {
      dashed = true;
      text = text.slice(2);
    } else if (text === '\n' || text.trim() === '') {
      continue; // empty line / empty command
    }
    text = text.replace(/^[ \t\r\n\f\v]+/, '');
    const current = stack[stack.length - 1]!.cmds;

    if (text === '}' && !dashed) {
      if (stack.length > 1) stack.pop();
      continue;
    }
    // First word: up to a space, '(' or the delimiter.
    let w = 0;
    while (w < text.length && !isSpace(text[w]!) && text[w] !== '(' && !text.startsWith(delimiter, w)) w++;
    const word = text.slice(0, w).toLowerCase();
    let a = w;
    while (a < text.length && isSpace(text[a]!)) a++;
    const arg = text.slice(a);

    if (!MYSQLTEST_COMMANDS.has(word)) {
      if (dashed) continue; // "-- some comment": not a command, a comment
      current.push({ type: 'query', text, delimiter, pos });
      continue;
    }
    if ((word === 'if' || word === 'while') && text.endsWith('{')) {
      const open = text.indexOf('(');
      const close = text.lastIndexOf(')');
      const cond = open >= 0 && close > open ? text.slice(open + 1, close).trim() : '';
      const block: BlockCmd = { type: 'block', kind: word, cond, body: [], pos };
      current.push(block);
      stack.push({ cmds: block.body });
      continue;
    }
    if (word === 'end' && stack.length > 1) {
      stack.pop();
      continue;
    }
    if (word === 'delimiter') {
      const d = (dashed ? arg : arg).trim().split(/\s+/)[0] ?? '';
      if (d) delimiter = d;
      continue;
    }
    if (word === 'result_format') {
      const v = Number.parseInt(arg.trim(), 10);
      if (v === 1 || v === 2) resultFormat = v;
      continue;
    }
    current.push({ type: 'command', name: word, arg, raw: text, dashed, delimiter, pos });
  }
  return { commands: root, trailing, delimiter, resultFormat };
}

// ---------------------------------------------------------------------------
// Variables and evaluation (do_eval, var_get, var_set)

export interface Variable {
  value: string;
  /** Set when the value could not be computed (unsupported let, failed query): why. */
  taint?: string;
}

export type VarLookup = (name: string) => Variable | undefined;

/** Reads a `$name` reference starting at text[i] (the '$'); returns the name and the end index. */
export function readVarName(text: string, i: number): { name: string; end: number } {
  let j = i + 1;
  while (j < text.length && /[A-Za-z0-9_]/.test(text[j]!)) j++;
  return { name: text.slice(i + 1, j), end: j };
}

/**
 * do_eval(): replaces `$name` by the variable's value; `\$`, `\\` and `\"` are
 * escapes (kept with their backslash when passThroughEscapes). Undefined
 * variables are empty, as mysqltest's environment fallback gives.
 * Returns the text and the taints of the variables used.
 */
export function evalText(text: string, lookup: VarLookup, passThroughEscapes = false): { text: string; taints: string[] } {
  let out = '';
  let escaped = false;
  const taints: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '$') {
      if (escaped) {
        escaped = false;
        out += c;
        continue;
      }
      const { name, end } = readVarName(text, i);
      if (!name) {
        out += c;
        continue;
      }
      const v = lookup(name);
      if (v?.taint) taints.push(`$${name}: ${v.taint}`);
      out += v?.value ?? '';
      i = end - 1;
    } else if (c === '\\') {
      const next = text[i + 1];
      if (escaped) {
        escaped = false;
        out += c;
      } else if (next === '\\' || next === '$' || next === '"') {
        escaped = true;
        if (passThroughEscapes) out += c;
      } else {
        out += c;
      }
    } else {
      escaped = false;
      out += c;
    }
  }
  return { text: out, taints };
}

/** var_check_int(): a variable is numeric when it is an optional '-' and digits. */
export function intValue(value: string): number | undefined {
  const m = /^\s*(-?\d+)\s*$/.exec(value);
  return m ? Number.parseInt(m[1]!, 10) : undefined;
}

/** A block condition's truth for a value (do_block): a number is true when non-zero; a string when non-empty and not starting with '0'. */
export function truthy(value: string): boolean {
  const n = intValue(value);
  if (n !== undefined) return n !== 0;
  const p = value.replace(/^[\s+-]+/, '');
  return p.length > 0 && p[0] !== '0';
}

// ---------------------------------------------------------------------------
// Command arguments

/**
 * check_command_args() with ',' or ' ' as separator: splits and trims; quoted
 * arguments ('', "", ``) keep their content without the quotes.
 */
export function splitArgs(arg: string, sep: ',' | ' '): string[] {
  const out: string[] = [];
  let i = 0;
  const s = arg;
  while (i <= s.length) {
    while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
    let value = '';
    if (s[i] === "'" || s[i] === '"' || s[i] === '`') {
      const q = s[i]!;
      const close = s.indexOf(q, i + 1);
      value = close >= 0 ? s.slice(i + 1, close) : s.slice(i + 1);
      i = close >= 0 ? close + 1 : s.length;
      while (i < s.length && s[i] !== sep) i++;
    } else {
      const start = i;
      while (i < s.length && s[i] !== sep) i++;
      value = s.slice(start, i).trim();
    }
    out.push(value);
    if (i >= s.length) break;
    i++; // the separator
  }
  while (out.length && out[out.length - 1] === '') out.pop();
  return out;
}

/** strip_parentheses(): `(a, b)` -> ` a, b` (MariaDB logs the connect command in this form). */
export function stripParentheses(raw: string, arg: string): { raw: string; arg: string } {
  const t = arg.replace(/^\s+/, '');
  if (!t.startsWith('(')) return { raw, arg };
  const close = t.lastIndexOf(')');
  const inner = close > 0 ? t.slice(1, close) : t.slice(1);
  const head = raw.slice(0, raw.length - arg.length);
  const lead = arg.slice(0, arg.length - t.length);
  return { raw: `${head}${lead} ${inner}`, arg: inner };
}

export interface ConnectArgs {
  name: string;
  host: string;
  user: string;
  password: string;
  database: string;
  port: string;
  socket: string;
  options: string[];
  defaultAuth: string;
}

/** do_connect()'s arguments: name, host, user, password, db, port, socket, options, default_auth. */
export function parseConnectArgs(arg: string): ConnectArgs {
  const a = splitArgs(arg, ',');
  return {
    name: a[0] ?? '',
    host: a[1] ?? '',
    user: a[2] ?? '',
    password: a[3] ?? '',
    database: a[4] ?? '',
    port: a[5] ?? '',
    socket: a[6] ?? '',
    options: (a[7] ?? '').split(/\s+/).filter(Boolean),
    defaultAuth: a[8] ?? '',
  };
}

/** The expected-error list of `--error`: numbers, names, or SQLSTATEs written `Sxxxxx`. */
export type ExpectedError = { kind: 'errno'; code: number; name?: string } | { kind: 'sqlstate'; state: string };

export function parseErrorList(arg: string, resolveName: (name: string) => number | undefined): { errors: ExpectedError[]; unknown: string[] } {
  const errors: ExpectedError[] = [];
  const unknown: string[] = [];
  for (const item of arg.split(/[,\s]+/).filter(Boolean)) {
    if (/^\d+$/.test(item)) errors.push({ kind: 'errno', code: Number(item) });
    else if (/^S[0-9A-Z]{5}$/.test(item)) errors.push({ kind: 'sqlstate', state: item.slice(1) });
    else {
      const code = resolveName(item);
      if (code === undefined) unknown.push(item);
      else errors.push({ kind: 'errno', code, name: item });
    }
  }
  return { errors, unknown };
}

// ---------------------------------------------------------------------------
// replace_result / replace_regex / replace_column

/** `--replace_result from to [from to ...]` (get_string(): quoted words allowed). */
export function parseReplaceResult(arg: string): [string, string][] {
  const words = splitWords(arg);
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < words.length; i += 2) pairs.push([words[i]!, words[i + 1]!]);
  return pairs;
}

/** Splits on spaces; '...' / "..." words lose their quotes (get_string()). */
export function splitWords(arg: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < arg.length) {
    while (i < arg.length && isSpace(arg[i]!)) i++;
    if (i >= arg.length) break;
    const c = arg[i]!;
    if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      let w = '';
      while (j < arg.length && arg[j] !== c) {
        if (arg[j] === '\\' && j + 1 < arg.length) {
          w += arg[j + 1];
          j += 2;
          continue;
        }
        w += arg[j++];
      }
      out.push(w);
      i = j + 1;
    } else {
      let j = i;
      while (j < arg.length && !isSpace(arg[j]!)) j++;
      out.push(arg.slice(i, j));
      i = j;
    }
  }
  return out;
}

export interface RegexReplace {
  re: RegExp;
  to: string;
}

/**
 * `--replace_regex /from/to/[i] ...`: any delimiter character after the
 * first; `\1`..`\9` in `to` are back-references.
 */
export function parseReplaceRegex(arg: string): RegexReplace[] {
  const out: RegexReplace[] = [];
  let i = 0;
  const s = arg.trim();
  while (i < s.length) {
    while (i < s.length && isSpace(s[i]!)) i++;
    if (i >= s.length) break;
    const d = s[i++]!;
    const readPart = (): string => {
      let part = '';
      while (i < s.length && s[i] !== d) {
        if (s[i] === '\\' && s[i + 1] === d) {
          part += d;
          i += 2;
          continue;
        }
        part += s[i++];
      }
      i++; // delimiter
      return part;
    };
    const from = readPart();
    const to = readPart();
    let flags = 'g';
    if (s[i] === 'i') {
      flags += 'i';
      i++;
    }
    out.push({ re: new RegExp(posixToJs(from), flags), to: to.replace(/\$/g, '$$$$').replace(/\\([0-9])/g, '$$$1') });
  }
  return out;
}

/** mysqltest's regexes are POSIX/PCRE: the few differences that matter here. */
function posixToJs(re: string): string {
  return re.replace(/\[\[:(alpha|digit|alnum|space|upper|lower):\]\]/g, (_m, cls: string) => {
    const map: Record<string, string> = { alpha: '[A-Za-z]', digit: '[0-9]', alnum: '[A-Za-z0-9]', space: '\\s', upper: '[A-Z]', lower: '[a-z]' };
    return map[cls]!;
  });
}

/** `--replace_column N value [N value ...]` (1-based columns). */
export function parseReplaceColumn(arg: string): Map<number, string> {
  const words = splitWords(arg);
  const map = new Map<number, string>();
  for (let i = 0; i + 1 < words.length; i += 2) {
    const n = Number.parseInt(words[i]!, 10);
    if (n > 0) map.set(n, words[i + 1]!);
  }
  return map;
}

// ---------------------------------------------------------------------------
// `--exec $MYSQL ...`: the mysql command-line client, in batch mode

export interface MysqlCliInvocation {
  host?: string;
  user?: string;
  password?: string;
  database?: string;
  sslMode?: string;
  protocol?: string;
  execute?: string;
  connectExpiredPassword: boolean;
  skipColumnNames: boolean;
  /** `2>&1`: stderr goes into the result too. */
  stderrToStdout: boolean;
  /** Options the emulation does not model (kept for the report). */
  ignored: string[];
}

/** Splits a shell command line (no variables: they are already expanded). */
export function shellWords(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  let cur: string | null = null;
  while (i < line.length) {
    const c = line[i]!;
    if (isSpace(c)) {
      if (cur !== null) out.push(cur);
      cur = null;
      i++;
    } else if (c === "'") {
      const j = line.indexOf("'", i + 1);
      cur = (cur ?? '') + line.slice(i + 1, j < 0 ? line.length : j);
      i = j < 0 ? line.length : j + 1;
    } else if (c === '"') {
      let j = i + 1;
      let w = '';
      while (j < line.length && line[j] !== '"') {
        if (line[j] === '\\' && j + 1 < line.length && '"\\$`'.includes(line[j + 1]!)) {
          w += line[j + 1];
          j += 2;
          continue;
        }
        w += line[j++];
      }
      cur = (cur ?? '') + w;
      i = j + 1;
    } else if (c === '\\' && i + 1 < line.length) {
      cur = (cur ?? '') + line[i + 1];
      i += 2;
    } else {
      cur = (cur ?? '') + c;
      i++;
    }
  }
  if (cur !== null) out.push(cur);
  return out;
}

/**
 * Parses the arguments of `$MYSQL` (the words after it). Returns null when the
 * command line does something the emulation cannot (input redirection,
 * pipes, output to a file).
 */
export function parseMysqlCli(words: string[]): MysqlCliInvocation | null {
  const inv: MysqlCliInvocation = { connectExpiredPassword: false, skipColumnNames: false, stderrToStdout: false, ignored: [] };
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const next = (): string => words[++i] ?? '';
    const long = /^--([a-z0-9_-]+)(?:=(.*))?$/i.exec(w);
    if (w === '2>&1') inv.stderrToStdout = true;
    else if (w === '<' || w === '|' || w === '>' || w.startsWith('>') || w.startsWith('<') || w.startsWith('2>')) return null;
    else if (long) {
      const name = long[1]!.replace(/_/g, '-').toLowerCase();
      const value = long[2];
      const val = (): string => value ?? next();
      switch (name) {
        case 'host': inv.host = val(); break;
        case 'user': inv.user = val(); break;
        case 'password': inv.password = value ?? ''; break;
        case 'database': inv.database = val(); break;
        case 'ssl-mode': inv.sslMode = val().toUpperCase(); break;
        case 'protocol': inv.protocol = val().toUpperCase(); break;
        case 'execute': inv.execute = val(); break;
        case 'port': val(); break;
        case 'socket': val(); break;
        case 'connect-expired-password': inv.connectExpiredPassword = value === undefined || /^(1|true|on)$/i.test(value); break;
        case 'skip-column-names': inv.skipColumnNames = true; break;
        case 'skip-ssl': inv.sslMode = 'DISABLED'; break;
        case 'ssl': inv.sslMode = value === undefined || /^(1|true|on)$/i.test(value) ? 'REQUIRED' : 'DISABLED'; break;
        default: inv.ignored.push(w);
      }
    } else if (/^-[a-zA-Z]/.test(w)) {
      const flag = w[1]!;
      const rest = w.slice(2);
      const val = (): string => (rest !== '' ? rest : next());
      switch (flag) {
        case 'h': inv.host = val(); break;
        case 'u': inv.user = val(); break;
        case 'p': inv.password = rest; break; // -p alone would prompt: treated as empty
        case 'P': val(); break;
        case 'S': val(); break;
        case 'D': inv.database = val(); break;
        case 'e': inv.execute = val(); break;
        case 'N': inv.skipColumnNames = true; break;
        default: inv.ignored.push(w);
      }
    } else if (inv.database === undefined) {
      inv.database = w;
    } else {
      inv.ignored.push(w);
    }
  }
  return inv;
}

/** Splits the text of `-e` into statements at ';' outside quotes; each with its 1-based starting line. */
export function splitStatements(sql: string): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  let cur = '';
  let quote = '';
  let line = 1;
  let startLine = 1;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i]!;
    if (c === '\n') line++;
    if (quote) {
      cur += c;
      if (c === '\\' && quote !== '`') {
        cur += sql[++i] ?? '';
      } else if (c === quote) quote = '';
      continue;
    }
    if (c === "'" || c === '"' || c === '`') quote = c;
    if (c === ';') {
      if (cur.trim()) out.push({ text: cur.trim(), line: startLine });
      cur = '';
      startLine = line;
      continue;
    }
    if (cur.trim() === '' && !isSpace(c)) startLine = line;
    cur += c;
  }
  if (cur.trim()) out.push({ text: cur.trim(), line: startLine });
  return out;
}
