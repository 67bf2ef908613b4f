/**
 * UPDATE and DELETE on the grant tables: mysql.user (MariaDB: mysql.global_priv)
 * and mysql.password_history. Changes to the account rows land in the pending
 * table (sql/catalog/grant-tables.ts), which logins see after FLUSH
 * PRIVILEGES, as MySQL's in-memory ACL copy; password history is read from
 * its table by every password change, so its edits count at once.
 */
import type { Account } from '../../accounts/account.js';
import { mysqlError } from '../../errors/mysql-error.js';
import { checkTableWrite, type AccountContext } from '../access.js';
import {
  applyMariaDbPriv,
  editableUserTable,
  GLOBAL_PRIV_COLUMNS,
  mariaDbPriv,
  PASSWORD_HISTORY_COLUMNS,
  passwordHistory,
  parseTimestamp,
  formatTimestamp,
  setPasswordHistory,
  userColumnsFor,
  userRow,
  userTableIsView,
  type UserColumn,
} from '../catalog/grant-tables.js';
import type { SqlServer } from '../context.js';
import { EvalEnv, evaluate, type ColumnBinding } from '../expr/evaluate.js';
import { truthy, valueTypeOf } from '../expr/types.js';
import type { DeleteStmt, TableRef, UpdateStmt } from '../parse/ast.js';
import { ColumnFlag, ColumnType, type ColumnDef, type SqlValue, type StatementResult } from '../../wire/result.js';

/** One row of an editable grant table: its values, and how a change or a delete reaches the tables. */
interface EditableRow {
  values: SqlValue[];
  /** Writes the row's new values (`changed`: indexes of the columns whose value changed). */
  apply(next: SqlValue[], changed: number[]): void;
  remove(): void;
}

interface EditableTable {
  columns: readonly ColumnDef[];
  rows(): EditableRow[];
}

function columnDefault(column: ColumnDef & { enumValues?: readonly string[] }): SqlValue {
  const { flags = 0, enumValues, type } = column;
  if ((flags & ColumnFlag.NOT_NULL) === 0) return null;
  if (enumValues) return enumValues[0]!;
  return type === ColumnType.LONG || type === ColumnType.SHORT ? 0 : '';
}

function sameValue(a: SqlValue, b: SqlValue): boolean {
  if (a === null || b === null) return a === b;
  return String(a) === String(b);
}

/** Removes `account` from the pending table. */
function removeAccount(server: SqlServer, account: Account): void {
  const rows = editableUserTable(server);
  const i = rows.indexOf(account);
  if (i >= 0) rows.splice(i, 1);
}

/** mysql.user of MySQL 5.6 to 8.4: every column writable through its UserColumn. */
function userTable(server: SqlServer, columns: readonly UserColumn[]): EditableTable {
  return {
    columns: columns.map((c) => c.def),
    rows: () =>
      editableUserTable(server).map((account) => ({
        values: userRow(account, columns),
        apply(next, changed) {
          const touched = changed.map((i) => columns[i]!);
          // The plugin column first: the 5.6 Password column's meaning depends on it.
          for (const column of [...touched.filter((c) => c.writeFirst), ...touched.filter((c) => !c.writeFirst)]) {
            column.write(account, next[columns.indexOf(column)]!);
          }
        },
        remove: () => removeAccount(server, account),
      })),
  };
}

/** MariaDB's mysql.global_priv (Host, User, Priv JSON): the account rows behind the mysql.user view. */
function globalPrivTable(server: SqlServer): EditableTable {
  return {
    columns: GLOBAL_PRIV_COLUMNS,
    rows: () =>
      editableUserTable(server).map((account) => ({
        values: [account.host, account.user, mariaDbPriv(account, server.profile)],
        apply(next) {
          account.host = String(next[0] ?? '');
          account.user = String(next[1] ?? '');
          applyMariaDbPriv(account, String(next[2] ?? ''));
        },
        remove: () => removeAccount(server, account),
      })),
  };
}

/** mysql.password_history (Host, User, Password_timestamp, Password), one row per remembered password. */
function passwordHistoryTable(server: SqlServer): EditableTable {
  return {
    columns: PASSWORD_HISTORY_COLUMNS,
    rows: () => {
      const rows: EditableRow[] = [];
      for (const account of server.accounts.list()) {
        const { user, host } = account;
        for (const entry of passwordHistory(server, user, host)) {
          rows.push({
            values: [host, user, formatTimestamp(entry.timestamp, 6), entry.hash],
            apply(next) {
              const rest = passwordHistory(server, user, host).filter((e) => e !== entry);
              setPasswordHistory(server, user, host, rest);
              const moved = { timestamp: parseTimestamp(next[2] ?? null) ?? entry.timestamp, hash: String(next[3] ?? '') };
              const to = [...passwordHistory(server, String(next[1]), String(next[0])), moved].sort((a, b) => b.timestamp - a.timestamp);
              setPasswordHistory(server, String(next[1]), String(next[0]), to);
            },
            remove() {
              setPasswordHistory(server, user, host, passwordHistory(server, user, host).filter((e) => e !== entry));
            },
          });
        }
      }
      return rows;
    },
  };
}

/** Resolves the columns of the table (optionally qualified by its name or alias) for the evaluator. */
function tableBinding(alias: string, columns: readonly ColumnDef[]): ColumnBinding {
  return {
    types: columns.map((c) => valueTypeOf(c)),
    resolve(ref, clause) {
      const index = columns.findIndex((c) => c.name.toLowerCase() === ref.name.toLowerCase());
      if (index < 0 || (ref.table !== undefined && ref.table !== alias)) {
        throw mysqlError('ER_BAD_FIELD_ERROR', ref.table ? `${ref.table}.${ref.name}` : ref.name, clause);
      }
      return index;
    },
  };
}

/**
 * The table a statement writes, after the privilege check (1142): a grant
 * table we can edit, or 1235 for another existing table, 1146 for none.
 */
function writableTable(ref: TableRef, command: 'UPDATE' | 'DELETE', ctx: AccountContext): EditableTable {
  const db = ref.schema ?? ctx.session.database;
  if (db === null) throw mysqlError('ER_NO_DB_ERROR');
  const name = ref.name;
  checkTableWrite(ctx, command, db, name);
  const { server } = ctx;
  if (db === 'mysql' && name === 'user') {
    // MariaDB's view runs as mariadb.sys, which holds no privileges: no one can change it.
    if (userTableIsView(server.profile)) throw mysqlError('ER_VIEW_INVALID', db, name);
    return userTable(server, userColumnsFor(server.profile));
  }
  if (db === 'mysql' && name === 'global_priv' && userTableIsView(server.profile)) return globalPrivTable(server);
  if (db === 'mysql' && name === 'password_history' && server.catalog.find(db, name)) return passwordHistoryTable(server);
  if (server.catalog.find(db, name)) throw mysqlError('ER_NOT_SUPPORTED_YET', `${command} of ${db}.${name}`);
  throw mysqlError('ER_NO_SUCH_TABLE', db, name);
}

/** The rows a WHERE and LIMIT pick, in table order, with the evaluator bound to each. */
function* matchingRows(table: EditableTable, stmt: UpdateStmt | DeleteStmt, env: EvalEnv): Generator<EditableRow> {
  const limit = stmt.limit ? Number(evaluate(stmt.limit, env)) : Infinity;
  let matched = 0;
  for (const row of table.rows()) {
    if (matched >= limit) return;
    env.row = row.values;
    env.clause = 'where clause';
    if (stmt.where && truthy(evaluate(stmt.where, env)) !== true) continue;
    matched++;
    yield row;
  }
}

function environment(table: EditableTable, ref: TableRef, ctx: AccountContext): EvalEnv {
  const env = new EvalEnv(ctx.session, ctx.server);
  env.binding = tableBinding(ref.alias ?? ref.name, table.columns);
  return env;
}

/** UPDATE on a grant table: `Rows matched: M  Changed: C  Warnings: W`. */
export function updateGrantTable(stmt: UpdateStmt, ctx: AccountContext): StatementResult {
  const table = writableTable(stmt.table, 'UPDATE', ctx);
  const env = environment(table, stmt.table, ctx);
  const targets = stmt.assignments.map((a) => ({ index: env.binding!.resolve(a.column, 'field list'), value: a.value }));
  let matched = 0;
  let changed = 0;
  for (const row of [...matchingRows(table, stmt, env)]) {
    matched++;
    env.row = row.values;
    env.clause = 'field list';
    const next = [...row.values];
    env.row = next;
    // Single-table UPDATE assigns left to right: later expressions see earlier assignments.
    for (const { index, value } of targets) next[index] = value === 'DEFAULT' ? columnDefault(table.columns[index]!) : evaluate(value, env);
    const touched = next.flatMap((v, i) => (sameValue(v, row.values[i]!) ? [] : [i]));
    if (touched.length === 0) continue;
    row.apply(next, touched);
    changed++;
  }
  const warnings = ctx.session.warningCount();
  return { kind: 'ok', affectedRows: changed, info: `Rows matched: ${matched}  Changed: ${changed}  Warnings: ${warnings}` };
}

/** DELETE FROM a grant table: the rows leave the table (not the login copy until FLUSH PRIVILEGES). */
export function deleteFromGrantTable(stmt: DeleteStmt, ctx: AccountContext): StatementResult {
  const table = writableTable(stmt.table, 'DELETE', ctx);
  const env = environment(table, stmt.table, ctx);
  const rows = [...matchingRows(table, stmt, env)];
  for (const row of rows) row.remove();
  return { kind: 'ok', affectedRows: rows.length };
}
