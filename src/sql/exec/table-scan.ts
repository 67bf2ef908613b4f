/**
 * SERVER_QUERY_NO_INDEX_USED (0x20) in the status of a query's EOF/OK
 * packets: set when the query reads some table by a full scan
 * (sql_select.cc: JOIN::exec sets it for a JT_ALL access; a UNION's result
 * is read back from its temporary table by a scan). The emulator's tables
 * have no indexes but the primary keys its catalog declares, so a table is
 * scanned unless it has at most one row (an information_schema table: none),
 * or the WHERE pins every column of its primary key to a constant (`Host = '%' AND User = 'u'` on mysql.global_priv), or the WHERE
 * is constant false (MariaDB: "Impossible WHERE", no table is read). A real
 * MariaDB 10.11 flags exactly these cases of test/differential/ok-packets.
 */
import { ColumnFlag } from '../../wire/result.js';
import type * as A from '../parse/ast.js';
import type { TableRows } from './query.js';

/** Whether `query` reads a table by a full scan. `tables`: its prefetched tables. */
export function readsByScan(query: A.QueryExpr, tables: TableRows): boolean {
  if (query.kind === 'union') {
    if (query.distinct.some(Boolean) || query.orderBy) return true;
    return query.operands.some((q) => readsByScan(q, tables));
  }
  if (!query.from) return false;
  if (query.where && isConstantFalse(query.where)) return false;
  const pinned = pinnedColumns(query.where);
  return fromScans(query.from, tables, pinned);
}

function fromScans(item: A.FromItem, tables: TableRows, pinned: Set<string>): boolean {
  switch (item.kind) {
    case 'table': {
      const entry = tables.get(item);
      if (!entry) return true;
      // The optimizer reads a table of at most one row as a constant (a "system" table), without a scan;
      // an information_schema table is filled at execution, so only an empty one is not scanned.
      const catalog = ['information_schema', 'performance_schema'].includes(entry.schema.toLowerCase());
      if (entry.rows.length < (catalog ? 1 : 2)) return false;
      const keys = entry.provider.columns.filter((c) => (c.flags ?? 0) & ColumnFlag.PRI_KEY);
      return keys.length === 0 || !keys.every((k) => pinned.has(k.name.toLowerCase()));
    }
    case 'derived':
      return readsByScan(item.query, tables);
    case 'join':
      return fromScans(item.left, tables, pinned) || fromScans(item.right, tables, pinned);
    default:
      return true;
  }
}

/** Columns that an AND chain of the WHERE sets equal to a constant. */
function pinnedColumns(where: A.Expr | undefined): Set<string> {
  const out = new Set<string>();
  const visit = (e: A.Expr): void => {
    if (e.kind !== 'binary') return;
    if (e.op === 'AND') {
      visit(e.left);
      visit(e.right);
    } else if (e.op === '=' || e.op === '<=>') {
      if (e.left.kind === 'column' && e.right.kind === 'literal') out.add(e.left.name.toLowerCase());
      if (e.right.kind === 'column' && e.left.kind === 'literal') out.add(e.right.name.toLowerCase());
    }
  };
  if (where) visit(where);
  return out;
}

/** `WHERE 0`, `WHERE FALSE`, `WHERE NULL`: no row can qualify. */
function isConstantFalse(e: A.Expr): boolean {
  if (e.kind !== 'literal') return false;
  const v = e.value;
  return v === null || v === 0 || v === 0n || v === '0';
}
