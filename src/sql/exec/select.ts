/**
 * SELECT and UNION statements: every table they name is read once
 * (prefetch), then the relational executor (query.ts) runs the query.
 */
import type { ColumnDef, RowsResult, SqlValue } from '../../wire/result.js';
import type { TableContext } from '../context.js';
import type { EvalEnv } from '../expr/evaluate.js';
import type * as A from '../parse/ast.js';
import { collectTables, prefetch, QueryExecutor, type TableRows } from './query.js';
import { readsByScan } from './table-scan.js';

export { filterResultRows } from './query.js';

/** Runs a SELECT or UNION statement; synchronously when its tables' rows are at hand. */
export function executeQuery(query: A.QueryExpr, env: EvalEnv, tctx: TableContext): RowsResult | Promise<RowsResult> {
  const tables = prefetch(query, env, tctx);
  if (tables instanceof Promise) return tables.then((t) => withScanFlags(new QueryExecutor(env, t).execute(query), query, t, env));
  return withScanFlags(new QueryExecutor(env, tables).execute(query), query, tables, env);
}

/** The status a real server gives the query's packets: NO_INDEX_USED for a scan; MariaDB flags a view read as a session state change. */
function withScanFlags(result: RowsResult, query: A.QueryExpr, tables: TableRows, env: EvalEnv): RowsResult {
  if (readsByScan(query, tables)) result.noIndexUsed = true;
  if (env.server.profile.viewReadChangesSessionState) {
    for (const t of tables.values()) {
      if (!t.provider.viewColumnNames) continue;
      env.session.markStateChanged?.();
      break;
    }
  }
  return result;
}

/**
 * Gives a statement that is not a query (SET, UPDATE, DO) the subqueries in
 * its expressions: their tables are read first, then the evaluator can run them.
 */
export async function attachSubqueries(stmt: A.Statement, env: EvalEnv, tctx: TableContext): Promise<void> {
  if (!containsSubquery(stmt)) return;
  new QueryExecutor(env, await prefetch(stmt, env, tctx));
}

/** Whether any expression of the statement is a subquery. */
function containsSubquery(node: unknown): boolean {
  if (node === null || typeof node !== 'object') return false;
  if (Array.isArray(node)) return node.some(containsSubquery);
  const kind = (node as { kind?: unknown }).kind;
  if (kind === 'subquery' || kind === 'exists' || kind === 'inSubquery' || kind === 'quantified') return true;
  return Object.values(node).some((v) => v !== null && typeof v === 'object' && containsSubquery(v));
}

/**
 * The result columns of a query without running it (COM_STMT_PREPARE), or
 * null when they cannot be known (an unknown table: the error comes at execute).
 */
export function selectColumnsWithoutRows(query: A.QueryExpr, env: EvalEnv): ColumnDef[] | null {
  const shapes: TableRows = new Map();
  const refs: A.FromTable[] = [];
  collectTables(query, refs);
  for (const ref of refs) {
    const schema = ref.schema ?? env.session.database;
    if (schema === null) return null;
    const provider = env.server.catalog.find(schema, ref.name);
    if (!provider) return null;
    shapes.set(ref, { provider, schema, rows: [] as SqlValue[][] });
  }
  return new QueryExecutor(env, shapes).describe(query);
}
