/** SHOW statements that are not about accounts. */
import { CHARSETS, collationsFor, defaultCollationOf } from '../../config/charsets.js';
import { mysqlError } from '../../errors/mysql-error.js';
import type * as A from '../parse/ast.js';
import { likeMatch, type EvalEnv } from '../expr/evaluate.js';
import { Charset, ColumnFlag, ColumnType, type ColumnDef, type RowsResult, type SqlValue } from '../../wire/result.js';
import { filterResultRows } from './select.js';
import { engineRows, pluginRows, processlistRows } from '../catalog/information-schema.js';
import type { TableContext } from '../context.js';

function text(name: string, chars: number, notNull = true): ColumnDef {
  return {
    name,
    type: ColumnType.VAR_STRING,
    charset: Charset.UTF8MB3_GENERAL_CI,
    length: chars * 3,
    flags: notNull ? ColumnFlag.NOT_NULL : 0,
  };
}
function bigint(name: string, notNull = true): ColumnDef {
  return {
    name,
    type: ColumnType.LONGLONG,
    charset: Charset.BINARY,
    length: 21,
    flags: ColumnFlag.BINARY | ColumnFlag.UNSIGNED | (notNull ? ColumnFlag.NOT_NULL : 0),
  };
}

function rows(columns: ColumnDef[], data: SqlValue[][]): RowsResult {
  return { kind: 'rows', columns, rows: data };
}

/** LIKE / WHERE of SHOW, applied to the first column (LIKE) or any column (WHERE). */
function filtered(result: RowsResult, stmt: A.ShowStmt, env: EvalEnv): RowsResult {
  if (stmt.like !== undefined) {
    const pattern = stmt.like;
    return { ...result, rows: result.rows.filter((r) => likeMatch(String(r[0]), pattern, '\\', false)) };
  }
  if (stmt.where) return filterResultRows(result, stmt.where, env);
  return result;
}

function limitRows<T>(list: T[], stmt: A.ShowStmt): T[] {
  if (!stmt.limit) return list;
  const count = Number((stmt.limit.count as A.LiteralExpr).value ?? 0);
  const offset = stmt.limit.offset ? Number((stmt.limit.offset as A.LiteralExpr).value ?? 0) : 0;
  return list.slice(offset, offset + count);
}

/** MySQL labels a filtered list `Database (pattern)`. */
function withPattern(name: string, like: string | undefined): string {
  return like === undefined ? name : `${name} (${like})`;
}

export async function executeShow(stmt: A.ShowStmt, env: EvalEnv, tctx: TableContext): Promise<RowsResult> {
  const { server, session } = env;
  switch (stmt.what) {
    case 'variables': {
      const list = server.variables.list(stmt.scope ?? 'session', session);
      return filtered(rows([text('Variable_name', 64), text('Value', 1024, false)], list.map((v) => [v.name, v.value])), stmt, env);
    }
    case 'status': {
      const ids = [...server.sessions.keys()];
      const status: [string, SqlValue][] = [
        ['Aborted_connects', '0'],
        ['Connections', String(ids.length ? Math.max(...ids) : 0)],
        ['Threads_connected', String(server.sessions.size)],
        ['Threads_running', '1'],
        ['Uptime', String(Math.floor(process.uptime()))],
      ];
      return filtered(rows([text('Variable_name', 64), text('Value', 1024, false)], status), stmt, env);
    }
    case 'databases': {
      const names = (await tctx.visibleDatabases()).sort();
      return filtered(rows([text(withPattern('Database', stmt.like), 64)], names.map((n) => [n])), stmt, env);
    }
    case 'warnings':
    case 'errors': {
      const list = session.diagnostics.filter((d) => stmt.what === 'warnings' || d.level === 'Error');
      return rows(
        [text('Level', 7), { ...bigint('Code'), flags: ColumnFlag.NOT_NULL | ColumnFlag.UNSIGNED }, text('Message', 512)],
        limitRows(list, stmt).map((d) => [d.level, d.code, d.message]),
      );
    }
    case 'countWarnings':
    case 'countErrors': {
      const count = stmt.what === 'countErrors' ? session.errorCount() : session.warningCount();
      const name = stmt.what === 'countErrors' ? '@@session.error_count' : '@@session.warning_count';
      return rows([{ ...bigint(name), flags: ColumnFlag.BINARY | ColumnFlag.UNSIGNED }], [[count]]);
    }
    case 'engines':
      return rows(
        [text('Engine', 64), text('Support', 8), text('Comment', 80), text('Transactions', 3, false), text('XA', 3, false), text('Savepoints', 3, false)],
        engineRows().map((e) => [e.engine, e.support, e.comment, e.transactions, e.xa, e.savepoints]),
      );
    case 'charset':
      return filtered(
        rows(
          [text('Charset', 64), text('Description', 2048), text('Default collation', 64), bigint('Maxlen')],
          CHARSETS.map((c) => [c.name, c.description, defaultCollationOf(c.name, server.profile).name, c.maxLen]),
        ),
        stmt,
        env,
      );
    case 'collation': {
      const columns = [text('Collation', 64), text('Charset', 64), bigint('Id'), text('Default', 3), text('Compiled', 3), bigint('Sortlen')];
      const withPad = server.profile.collationPadAttribute;
      if (withPad) columns.push(text('Pad_attribute', 9));
      const data = collationsFor(server.profile).map((c) => {
        const row: SqlValue[] = [c.name, c.charset, c.id, defaultCollationOf(c.charset, server.profile).name === c.name ? 'Yes' : '', 'Yes', 1];
        if (withPad) row.push(c.padAttribute);
        return row;
      });
      return filtered(rows(columns, data), stmt, env);
    }
    case 'plugins':
      return rows(
        [text('Name', 64), text('Status', 10), text('Type', 80), text('Library', 1024, false), text('License', 80)],
        pluginRows(server.profile).map((p) => [p.name, p.status, p.type, p.library, p.license]),
      );
    case 'tables': {
      const db = stmt.database ?? session.database;
      if (db === null) throw mysqlError('ER_NO_DB_ERROR');
      if (!server.databases.has(db) && db.toLowerCase() !== 'information_schema') throw mysqlError('ER_BAD_DB_ERROR', db);
      const tables = server.catalog.tablesIn(db);
      const columns = [text(withPattern(`Tables_in_${db}`, stmt.like), 64)];
      if (stmt.full) columns.push(text('Table_type', 64));
      const type = db.toLowerCase() === 'information_schema' ? 'SYSTEM VIEW' : 'BASE TABLE';
      return filtered(rows(columns, tables.map((t) => (stmt.full ? [t.name, type] : [t.name]))), stmt, env);
    }
    case 'processlist':
      return rows(
        [bigint('Id'), text('User', 32), text('Host', 261), text('db', 64, false), text('Command', 16), { ...bigint('Time'), flags: ColumnFlag.NOT_NULL | ColumnFlag.BINARY }, text('State', 64, false), text('Info', 100, false)],
        processlistRows(server, session),
      );
    default:
      throw mysqlError('ER_NOT_SUPPORTED_YET', `SHOW ${stmt.words ?? stmt.what}`);
  }
}
