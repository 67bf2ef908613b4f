/**
 * UPDATE on a grant table. Only mysql.user is writable; the change lands in
 * the pending table (sql/catalog/grant-tables.ts), which logins see after
 * FLUSH PRIVILEGES, as MySQL's in-memory ACL copy.
 */
import { mysqlError } from '../../errors/mysql-error.js';
import { checkTableWrite, type AccountContext } from '../access.js';
import { editableUserTable, userColumnsFor, userRow, userTableIsView, type UserColumn } from '../catalog/grant-tables.js';
import { EvalEnv, evaluate, type ColumnBinding } from '../expr/evaluate.js';
import { truthy, valueTypeOf } from '../expr/types.js';
import type { UpdateStmt } from '../parse/ast.js';
import { ColumnFlag, ColumnType, type SqlValue, type StatementResult } from '../../wire/result.js';

function columnDefault(column: UserColumn): SqlValue {
  const { flags = 0, enumValues, type } = column.def;
  if ((flags & ColumnFlag.NOT_NULL) === 0) return null;
  if (enumValues) return enumValues[0]!;
  return type === ColumnType.LONG || type === ColumnType.SHORT ? 0 : '';
}

function sameValue(a: SqlValue, b: SqlValue): boolean {
  if (a === null || b === null) return a === b;
  return String(a) === String(b);
}

/** Resolves the columns of mysql.user (optionally qualified by its name or alias) for the evaluator. */
function userTableBinding(alias: string, columns: readonly UserColumn[]): ColumnBinding {
  return {
    types: columns.map((c) => valueTypeOf(c.def)),
    resolve(ref, clause) {
      const index = columns.findIndex((c) => c.def.name.toLowerCase() === ref.name.toLowerCase());
      if (index < 0 || (ref.table !== undefined && ref.table !== alias)) {
        throw mysqlError('ER_BAD_FIELD_ERROR', ref.table ? `${ref.table}.${ref.name}` : ref.name, clause);
      }
      return index;
    },
  };
}

/**
 * UPDATE on a grant table. Only mysql.user is writable; the change lands in
 * the pending table, which logins see after FLUSH PRIVILEGES.
 */
export function updateGrantTable(stmt: UpdateStmt, ctx: AccountContext): StatementResult {
  const db = stmt.table.schema ?? ctx.session.database;
  if (db === null) throw mysqlError('ER_NO_DB_ERROR');
  const name = stmt.table.name;
  checkTableWrite(ctx, 'UPDATE', db, name);
  if (db !== 'mysql' || name !== 'user') {
    if (ctx.server.catalog.find(db, name)) throw mysqlError('ER_NOT_SUPPORTED_YET', `UPDATE of ${db}.${name}`);
    throw mysqlError('ER_NO_SUCH_TABLE', db, name);
  }
  // MariaDB's view runs as mariadb.sys, which holds no privileges: no one can update it.
  if (userTableIsView(ctx.server.profile)) throw mysqlError('ER_VIEW_INVALID', db, name);
  const columns = userColumnsFor(ctx.server.profile);
  const env = new EvalEnv(ctx.session, ctx.server);
  env.binding = userTableBinding(stmt.table.alias ?? name, columns);
  const limit = stmt.limit ? Number(evaluate(stmt.limit, env)) : Infinity;
  const targets = stmt.assignments.map((a) => ({ index: env.binding!.resolve(a.column, 'field list'), value: a.value }));
  let matched = 0;
  let changed = 0;
  for (const account of editableUserTable(ctx.server)) {
    if (matched >= limit) break;
    const row = userRow(account, columns);
    env.row = row;
    env.clause = 'where clause';
    if (stmt.where && truthy(evaluate(stmt.where, env)) !== true) continue;
    matched++;
    env.clause = 'field list';
    const before = [...row];
    // Single-table UPDATE assigns left to right: later expressions see earlier assignments.
    for (const { index, value } of targets) row[index] = value === 'DEFAULT' ? columnDefault(columns[index]!) : evaluate(value, env);
    const touched = columns.filter((_, i) => !sameValue(row[i]!, before[i]!));
    if (touched.length === 0) continue;
    const ordered = [...touched.filter((c) => c.writeFirst), ...touched.filter((c) => !c.writeFirst)];
    for (const column of ordered) column.write(account, row[columns.indexOf(column)]!);
    changed++;
  }
  const warnings = ctx.session.warningCount();
  return { kind: 'ok', affectedRows: changed, info: `Rows matched: ${matched}  Changed: ${changed}  Warnings: ${warnings}` };
}
