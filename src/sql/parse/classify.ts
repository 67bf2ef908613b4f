/**
 * Is an unknown statement valid MySQL we do not implement (1235), or a
 * syntax error (1064)?
 *
 * Role of node-sql-parser: it is a second opinion, consulted only for
 * statements whose leading keyword(s) our own parser (parser.ts) does not
 * handle, such as CREATE TABLE, INSERT, DELETE or ALTER TABLE. It is loaded
 * lazily with `import()` on the first such statement, because loading it
 * costs ~60 ms and a parse ~180 µs; SELECT, SET, SHOW, USE and account
 * statements never reach this file. Its answer only picks the error: a
 * statement it accepts is answered with ER_NOT_SUPPORTED_YET, never run.
 */
import { mysqlError, type MySqlError } from '../../errors/mysql-error.js';
import type { UnsupportedStmt } from './ast.js';
import { parseErrorAt, type UnrecognisedStatement } from './parser.js';
import { astifyOffThread } from './sql-parser-worker.js';

/** Texts longer than this are given to node-sql-parser on its own thread (about 3 µs a byte: 12 ms here). */
export const CLASSIFY_IN_PROCESS_CHARS = 4096;

/**
 * Texts longer than this are not checked at all: 1235 (node-sql-parser
 * takes about 120 MiB of heap and 3 s for a 1 MiB `INSERT ... VALUES`; at
 * this length about 50 MiB and 0.7 s). docs/limits.md.
 */
export const CLASSIFY_MAX_CHARS = 256 * 1024;

interface SqlParser {
  astify(sql: string, options?: { database?: string }): unknown;
}
type ParserModule = { Parser?: new () => SqlParser; default?: { Parser: new () => SqlParser } };

let parserLoad: Promise<SqlParser> | null = null;

/** The package's root export is CommonJS-only; its per-dialect build exposes `default.Parser` to ESM. */
function loadParser(): Promise<SqlParser> {
  parserLoad ??= import('node-sql-parser/build/mysql.js').then((mod: unknown) => {
    const m = mod as ParserModule;
    const Parser = m.Parser ?? m.default?.Parser;
    if (!Parser) throw new Error('node-sql-parser: no Parser export');
    return new Parser();
  });
  return parserLoad;
}

/** Words that can start a MySQL statement; anything else fails at its first token. */
const STATEMENT_LEADERS = new Set(
  (
    'ALTER ANALYZE BEGIN BINLOG CACHE CALL CHANGE CHECK CHECKSUM CLONE COMMIT CREATE DEALLOCATE DELETE DESC DESCRIBE ' +
    'DO DROP EXECUTE EXPLAIN FLUSH GET GRANT HANDLER HELP IMPORT INSERT INSTALL KILL LOAD LOCK OPTIMIZE PREPARE PURGE ' +
    'RELEASE RENAME REPAIR REPLACE RESET RESIGNAL REVOKE ROLLBACK SAVEPOINT SELECT SET SHOW SHUTDOWN SIGNAL START ' +
    'STOP TABLE TRUNCATE UNINSTALL UNLOCK UPDATE USE VALUES WITH XA'
  ).split(' '),
);

/** Object words after CREATE / ALTER / DROP that name the statement ('CREATE TABLE'). */
const OBJECT_WORDS = new Set(
  'TABLE INDEX VIEW TRIGGER PROCEDURE FUNCTION EVENT TABLESPACE SERVER LOGFILE SPATIAL INSTANCE UNDO RESOURCE'.split(' '),
);

/** A short statement name from its leading keywords: INSERT, CREATE TABLE, DROP VIEW. */
export function statementName(stmt: UnrecognisedStatement): string {
  const words = stmt.tokens.filter((t) => t.kind === 'word').map((t) => t.upper);
  const first = words[0] ?? '';
  if (first === 'CREATE' || first === 'ALTER' || first === 'DROP') {
    const object = words.slice(1, 6).find((w) => OBJECT_WORDS.has(w));
    if (object) return `${first} ${object}`;
  }
  if (first === 'DESC') return 'DESCRIBE';
  return first;
}

/** Resolves to the 1235 statement for valid MySQL, or throws the 1064 MySQL would give. */
export async function classify(stmt: UnrecognisedStatement, sql: string): Promise<UnsupportedStmt> {
  const first = stmt.tokens[0];
  if (!first) throw mysqlError('ER_EMPTY_QUERY');
  if (!(first.kind === 'word' && STATEMENT_LEADERS.has(first.upper))) throw parseErrorAt(sql, first);
  if (stmt.text.length > CLASSIFY_IN_PROCESS_CHARS) {
    // Other sessions run while the worker parses. A worker that died of the text's size gives no opinion: 1235;
    // past CLASSIFY_MAX_CHARS the text is not checked at all (too long for the worker's memory).
    const outcome = stmt.text.length > CLASSIFY_MAX_CHARS ? null : await astifyOffThread(stmt.text);
    if (outcome?.ok === false) throw syntaxErrorAt(outcome.offset, stmt, sql);
    return { kind: 'unsupported', name: statementName(stmt) };
  }
  const parser = await loadParser();
  try {
    parser.astify(stmt.text);
  } catch (err) {
    throw syntaxErrorAt((err as { location?: { start?: { offset?: number } } }).location?.start?.offset, stmt, sql);
  }
  return { kind: 'unsupported', name: statementName(stmt) };
}

/** Maps node-sql-parser's error offset onto our token there, so the `near '...'` text is MySQL's. */
function syntaxErrorAt(offset: number | undefined, stmt: UnrecognisedStatement, sql: string): MySqlError {
  const absolute = offset === undefined ? stmt.offset : stmt.offset + offset;
  const token = stmt.tokenAfter(absolute);
  if (token) return parseErrorAt(sql, token);
  const end = stmt.offset + stmt.text.length;
  return mysqlError('ER_PARSE_ERROR', sql.slice(end, end + 80), stmt.lastLine);
}
