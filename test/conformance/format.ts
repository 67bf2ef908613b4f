/**
 * What mysqltest writes to the result file for each kind of outcome, line by
 * line (client/mysqltest.cc: run_query(), append_result(), append_warnings(),
 * handle_error(), connect_n_handle_errors()), and what the mysql command-line
 * client prints in batch mode for `--exec $MYSQL -e ...`.
 *
 * Every function returns text that ends with '\n' (or ''), as mysqltest
 * appends it to its result buffer.
 */
import type { ExpectedError, RegexReplace } from './mysqltest.js';

/** The active `--replace_*` settings; they apply to one command and are then cleared. */
export interface Replacements {
  result?: [string, string][];
  regex?: RegexReplace[];
  column?: Map<number, string>;
}

/**
 * replace_dynstr_append(): first the regexes (each over the whole string, in
 * order), then replace_result's pairs, which replace all occurrences at once,
 * the longest `from` winning at each position.
 */
export function applyReplace(text: string, r: Replacements | undefined): string {
  if (!r) return text;
  let s = text;
  if (r.regex) for (const { re, to } of r.regex) s = s.replace(re, to);
  if (r.result && r.result.length) {
    const pairs = r.result.filter(([from]) => from.length > 0);
    let out = '';
    let i = 0;
    while (i < s.length) {
      let best: [string, string] | undefined;
      for (const p of pairs) if (s.startsWith(p[0], i) && (!best || p[0].length > best[0].length)) best = p;
      if (best) {
        out += best[1];
        i += best[0].length;
      } else {
        out += s[i];
        i++;
      }
    }
    s = out;
  }
  return s;
}

/** The query log line(s): the statement as written, its delimiter, a newline. */
export function formatQueryEcho(text: string, delimiter: string, r?: Replacements): string {
  return `${applyReplace(text, r)}${delimiter}\n`;
}

export type Cell = string | null;

export interface ResultSet {
  columns: string[];
  rows: Cell[][];
  /** Column metadata, for --enable_metadata. */
  meta?: ColumnMeta[];
}

export interface ColumnMeta {
  catalog: string;
  db: string;
  table: string;
  orgTable: string;
  name: string;
  orgName: string;
  type: number;
  length: number;
  flags: number;
  decimals: number;
  charsetNr: number;
}

export interface ResultOptions {
  replace?: Replacements;
  sorted?: boolean;
  lowercase?: boolean;
  columnNames?: boolean;
  metadata?: boolean;
  vertical?: boolean;
}

/**
 * append_metadata(): one line per column. mysqltest prints "Max length" as
 * the longest value the client stored (mysql_store_result).
 */
export function formatMetadata(set: ResultSet): string {
  if (!set.meta) return '';
  let out = 'Catalog\tDatabase\tTable\tTable_alias\tColumn\tColumn_alias\tType\tLength\tMax length\tIs_null\tFlags\tDecimals\tCharsetnr\n';
  set.meta.forEach((m, i) => {
    const maxLength = set.rows.reduce((max, row) => Math.max(max, Buffer.byteLength(row[i] ?? '')), 0);
    const isNull = m.flags & 1 ? 'N' : 'Y';
    out += [m.catalog, m.db, m.orgTable, m.table, m.orgName, m.name, m.type, m.length, maxLength, isNull, m.flags, m.decimals, m.charsetNr].join('\t') + '\n';
  });
  return out;
}

/** append_result() (+ append_field_names()): header line, then one line per row, tab-separated, NULL as NULL. */
export function formatResultSet(set: ResultSet, o: ResultOptions = {}): string {
  const cell = (v: Cell, col: number): string => {
    const replaced = o.replace?.column?.get(col + 1);
    if (replaced !== undefined) return replaced;
    return applyReplace(v === null ? 'NULL' : v, o.replace);
  };
  let out = o.metadata ? formatMetadata(set) : '';
  if (o.vertical) {
    // append_field() in vertical mode: "name<TAB>value" per column, no header.
    for (const row of set.rows) {
      set.columns.forEach((c, i) => {
        out += `${c}\t${cell(row[i] ?? null, i)}\n`;
      });
    }
    return out;
  }
  if (o.columnNames !== false) out += set.columns.map((c) => applyReplace(c, o.replace)).join('\t') + '\n';
  let lines = set.rows.map((row) => row.map((v, i) => cell(v, i)).join('\t'));
  if (o.lowercase) lines = lines.map((l) => l.toLowerCase());
  if (o.sorted) lines = [...lines].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const l of lines) out += `${l}\n`;
  return out;
}

export interface Warning {
  level: string;
  code: number;
  message: string;
}

/** The block mysqltest appends after a statement with warnings: "Warnings:" then Level\tCode\tMessage rows (no header). */
export function formatWarnings(warnings: Warning[], r?: Replacements): string {
  if (!warnings.length) return '';
  let out = 'Warnings:\n';
  for (const w of warnings) out += `${applyReplace(w.level, r)}\t${applyReplace(String(w.code), r)}\t${applyReplace(w.message, r)}\n`;
  return out;
}

/** append_info() under --enable_info. */
export function formatInfo(affectedRows: number, info: string): string {
  let out = `affected rows: ${affectedRows}\n`;
  if (info) out += `info: ${info}\n`;
  return out;
}

export interface ServerError {
  errno: number;
  sqlState: string;
  message: string;
}

/** Does the error match one of the `--error` entries (match_expected_error())? 0 matches no error. */
export function matchesExpected(err: ServerError | undefined, expected: ExpectedError[]): boolean {
  if (!err) return expected.length === 0 || expected.some((e) => e.kind === 'errno' && e.code === 0);
  return expected.some((e) => (e.kind === 'errno' ? e.code === err.errno : e.state === err.sqlState));
}

/**
 * handle_error(): with one expected error, "ERROR <sqlstate>: <message>";
 * with several, "Got one of the listed errors" (nothing when the first
 * listed is 0). An error nobody expected is printed the same way (mysqltest
 * would stop the test there).
 */
export function formatError(err: ServerError, expected: ExpectedError[], r?: Replacements): string {
  const line = `ERROR ${applyReplace(err.sqlState, r)}: ${applyReplace(err.message, r)}\n`;
  if (!matchesExpected(err, expected)) return line;
  if (expected.length === 1) return line;
  const first = expected[0]!;
  if (first.kind === 'sqlstate' || first.code !== 0) return 'Got one of the listed errors\n';
  return '';
}

/** connect_n_handle_errors(): the line logged before a connect that is expected to fail. */
export function formatConnectAttempt(
  a: { host: string; user: string; password: string; database: string; port: string; socket: string },
  delimiter: string,
  r?: Replacements,
): string {
  const f = (s: string): string => applyReplace(s, r);
  return `connect(${f(a.host)},${f(a.user)},${f(a.password)},${f(a.database)},${f(a.port)},${f(a.socket)})${delimiter}\n`;
}

// ---------------------------------------------------------------------------
// The mysql command-line client in batch mode (stdout not a terminal)

/** print_tab_data()'s escaping of a value in batch mode. */
export function escapeBatch(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\0/g, '\\0').replace(/\t/g, '\\t').replace(/\n/g, '\\n');
}

export function formatBatchResult(set: ResultSet, columnNames = true): string {
  let out = '';
  if (columnNames) out += set.columns.map(escapeBatch).join('\t') + '\n';
  for (const row of set.rows) out += row.map((v) => (v === null ? 'NULL' : escapeBatch(v))).join('\t') + '\n';
  return out;
}

/** The client's error line: "ERROR 1045 (28000): ..." at connect, "ERROR 1820 (HY000) at line 1: ..." for a statement. */
export function formatCliError(err: ServerError, line?: number): string {
  return line === undefined
    ? `ERROR ${err.errno} (${err.sqlState}): ${err.message}\n`
    : `ERROR ${err.errno} (${err.sqlState}) at line ${line}: ${err.message}\n`;
}

export const CLI_PASSWORD_WARNING = 'mysql: [Warning] Using a password on the command line interface can be insecure.\n';
