/**
 * ANALYZE TABLE (sql_admin.cc mysql_admin_table): one status row per table,
 * as Workbench's Table Inspector shows it. The session needs SELECT and
 * INSERT on each table (1142 naming the missing ones); information_schema is
 * not analysed (1044). A missing table or a view is an Error row followed by
 * "Operation failed"; an engine without analyze (CSV, PERFORMANCE_SCHEMA) a
 * note. Nothing is measured: there are no statistics to update.
 */
import { hasTablePrivilege } from '../../accounts/privileges.js';
import { mysqlError } from '../../errors/mysql-error.js';
import { ColumnFlag, ColumnType, Charset, type ColumnDef, type RowsResult, type SqlValue } from '../../wire/result.js';
import { databaseAccessDenied, sessionAccount, tableAccessDenied } from '../access.js';
import { registryOf } from '../catalog/catalog.js';
import type { TableContext } from '../context.js';
import type * as A from '../parse/ast.js';

const column = (name: string, chars: number): ColumnDef => ({
  name,
  type: ColumnType.VAR_STRING,
  charset: Charset.UTF8MB3_GENERAL_CI,
  length: chars * 3,
  flags: ColumnFlag.NOT_NULL,
});

/** Item_empty_string("Table", NAME_CHAR_LEN * 2), ("Op", 10), ("Msg_type", 10), ("Msg_text", SQL_ADMIN_MSG_TEXT_SIZE). */
const COLUMNS: ColumnDef[] = [column('Table', 128), column('Op', 10), column('Msg_type', 10), column('Msg_text', 128 * 1024)];

const ANALYZABLE_ENGINES = new Set(['InnoDB', 'MyISAM']);

export function executeAnalyze(stmt: A.AnalyzeStmt, tctx: TableContext): RowsResult {
  const account = sessionAccount(tctx);
  const named = stmt.tables.map((t) => {
    const schema = t.schema ?? tctx.session.database;
    if (schema === null) throw mysqlError('ER_NO_DB_ERROR');
    return { schema, name: t.name };
  });
  // check_table_access(SELECT_ACL | INSERT_ACL) for every table before any is opened.
  for (const { schema, name } of named) {
    if (schema.toLowerCase() === 'information_schema') throw databaseAccessDenied(tctx, 'information_schema');
    const missing = ['SELECT', 'INSERT'].filter((p) => !hasTablePrivilege(account, schema, name, p));
    if (missing.length) throw tableAccessDenied(tctx, missing.join(', '), schema, name);
  }
  const registry = registryOf(tctx.server.catalog);
  const rows: SqlValue[][] = [];
  for (const { schema, name } of named) {
    const label = `${schema}.${name}`;
    const table = tctx.server.databases.has(schema) ? registry.find(schema, name)?.definition : undefined;
    if (!table) {
      rows.push([label, 'analyze', 'Error', `Table '${label}' doesn't exist`], [label, 'analyze', 'status', 'Operation failed']);
    } else if (table.type !== 'BASE TABLE') {
      rows.push([label, 'analyze', 'Error', `'${label}' is not BASE TABLE`], [label, 'analyze', 'status', 'Operation failed']);
    } else if (!ANALYZABLE_ENGINES.has(table.engine ?? '')) {
      rows.push([label, 'analyze', 'note', "The storage engine for the table doesn't support analyze"]);
    } else {
      rows.push([label, 'analyze', 'status', 'OK']);
    }
  }
  return { kind: 'rows', columns: COLUMNS, rows };
}
