/**
 * The relational executor: query expressions over the catalog's in-memory
 * tables with MySQL's semantics. Joins (inner, cross, comma, left, right;
 * ON, USING, NATURAL), derived tables, UNION [ALL | DISTINCT] with an ORDER
 * BY / LIMIT over the result, subqueries in expressions (scalar, IN, EXISTS,
 * ANY / ALL; correlated ones see the outer row), WHERE, GROUP BY with
 * aggregates, HAVING, DISTINCT, ORDER BY (aliases, positions, ENUM order),
 * LIMIT / OFFSET, and the result-column metadata MySQL sends.
 *
 * Every table a statement names is read once, before it runs (prefetch()),
 * so execution itself is synchronous: one consistent snapshot per statement.
 */
import { utf8Prefix } from '../../errors/catalogue.js';
import { mysqlError } from '../../errors/mysql-error.js';
import { ColumnFlag, ColumnType, type ColumnDef, type RowsResult, type SqlValue } from '../../wire/result.js';
import { PART_KEY_FLAG } from '../catalog/column-type.js';
import type { RowsLookup, TableColumn, TableContext, TableProvider } from '../context.js';
import { evaluate, forEachAggregate, type ColumnBinding, type EvalEnv, type SubqueryRunner } from '../expr/evaluate.js';
import { unionType } from '../expr/functions.js';
import { compareForSort, compareValues, maxOf, pushAll, isCaseSensitive, isFloatType, isIntegerType, itemFlags, itemPrecision, outputValue, serverItemType, temporaryFieldType, toNumber, toText, valueTypeOf, type ValueType } from '../expr/types.js';
import type * as A from '../parse/ast.js';

const INFORMATION_SCHEMA = 'information_schema';

// ---------------------------------------------------------------- relations and bindings

/** One column of a relation: where it comes from (qualification, metadata) and its type. */
interface RelColumn {
  name: string;
  /** The qualifier a reference may use (table alias or name, derived table alias); null for computed columns. */
  table: string | null;
  schema: string | null;
  type: ValueType;
  /** The catalog column, for result metadata. */
  column?: TableColumn;
  /** The table's own name (org_table). */
  orgTable?: string;
  /** A column of a view named as the view names it (MariaDB's mysql.user). */
  viewColumnName?: boolean;
  /** The duplicate of a NATURAL / USING column: qualified references only. */
  hidden?: boolean;
  /** Compare the qualifier case-insensitively (information_schema). */
  caseInsensitiveTable?: boolean;
  /** The select item the column is (for its precision in a UNION). */
  expr?: A.Expr;
}

/**
 * Column references against a scope's columns, then (for correlated
 * subqueries) the outer scope's: an outer column's index is past the local
 * ones, since an inner row is evaluated as [...localRow, ...outerRow].
 */
class ScopeBinding implements ColumnBinding {
  readonly types: ValueType[];
  /** Whether a reference resolved to the outer scope (the result then depends on the outer row). */
  usedOuter = false;
  /** Resolved references, made by the first one (a SELECT of constants resolves none). */
  private cache: Map<A.ColumnExpr, number> | null = null;

  constructor(
    readonly columns: readonly RelColumn[],
    private readonly outer: ScopeBinding | null,
  ) {
    this.types = [...columns.map((c) => c.type), ...(outer ? outer.types : [])];
  }

  resolve(ref: A.ColumnExpr, clause: string): number {
    const cache = (this.cache ??= new Map());
    const hit = cache.get(ref);
    if (hit !== undefined) return hit;
    const index = this.lookup(ref, clause);
    cache.set(ref, index);
    return index;
  }

  /** Local index of an unqualified name, or undefined. */
  find(name: string): number | undefined {
    const lower = name.toLowerCase();
    const i = this.columns.findIndex((c) => !c.hidden && c.name.toLowerCase() === lower);
    return i < 0 ? undefined : i;
  }

  private lookup(ref: A.ColumnExpr, clause: string): number {
    const lower = ref.name.toLowerCase();
    const matches: number[] = [];
    this.columns.forEach((c, i) => {
      if (c.name.toLowerCase() !== lower) return;
      if (ref.table === undefined) {
        if (!c.hidden) matches.push(i);
        return;
      }
      if (c.table === null) return;
      const sameTable = c.caseInsensitiveTable ? c.table.toLowerCase() === ref.table.toLowerCase() : c.table === ref.table;
      if (!sameTable) return;
      if (ref.schema !== undefined && (c.schema === null || c.schema.toLowerCase() !== ref.schema.toLowerCase())) return;
      matches.push(i);
    });
    if (matches.length > 1) throw mysqlError('ER_NON_UNIQ_ERROR', columnText(ref), clause);
    if (matches.length === 1) return matches[0]!;
    if (this.outer) {
      const index = this.outer.lookup(ref, clause);
      this.usedOuter = true;
      return this.columns.length + index;
    }
    throw mysqlError('ER_BAD_FIELD_ERROR', columnText(ref), clause);
  }
}

function columnText(ref: A.ColumnExpr): string {
  return [ref.schema, ref.table, ref.name].filter((x) => x !== undefined).join('.');
}

// ---------------------------------------------------------------- prefetch

/** The rows of every table a statement names, read before it runs. */
export type TableRows = Map<A.FromTable, { provider: TableProvider; schema: string; rows: readonly SqlValue[][] }>;

/** Every FROM table in a query, its subqueries and derived tables included. */
export function collectTables(node: unknown, out: A.FromTable[]): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    // Indexed: an array iterator's steps are objects until the code is optimised (a select list of 500,000 items made 20 MB of them).
    for (let i = 0; i < node.length; i++) collectTables(node[i], out);
    return;
  }
  const o = node as { kind?: unknown };
  // Leaves hold no table (and a long IN list is mostly literals).
  if (o.kind === 'literal' || o.kind === 'column' || o.kind === 'sysVar' || o.kind === 'userVar') return;
  if (o.kind === 'table' && typeof (node as A.FromTable).name === 'string') out.push(node as A.FromTable);
  const record = node as Record<string, unknown>;
  for (const key in record) {
    const v = record[key];
    if (v !== null && typeof v === 'object') collectTables(v, out);
  }
}

/**
 * Opens every table of the statement (1046 without a database, 1146 /
 * 1109 for unknown tables, and each table's own privilege check) and reads
 * its rows once, in order. Synchronous until a table's rows are a promise;
 * from there on each table waits for the one before, as before.
 */
export function prefetch(query: A.QueryExpr | A.Statement, env: EvalEnv, tctx: TableContext): TableRows | Promise<TableRows> {
  const refs: A.FromTable[] = [];
  collectTables(query, refs);
  const out: TableRows = new Map();
  if (refs.length === 0) return out;
  const lookups = refs.length === 1 ? tableLookups(query) : null;
  const byProvider = new Map<TableProvider, readonly SqlValue[][]>();
  for (let i = 0; i < refs.length; i++) {
    const ref = refs[i]!;
    const { provider, schema } = openTable(ref, env);
    const lookup = lookups?.get(ref);
    const rows = byProvider.get(provider) ?? (lookup ? provider.rows(tctx, lookup) : provider.rows(tctx));
    if (rows instanceof Promise) return prefetchRest(refs, i, rows, out, byProvider, env, tctx);
    byProvider.set(provider, rows);
    out.set(ref, { provider, schema, rows });
  }
  return out;
}

/**
 * The constant equalities of a single-table SELECT's WHERE (`col = 'text'`
 * conjuncts, on the table's own columns), as a lookup for its rows: what
 * MySQL uses as information_schema lookup keys, so that COLUMNS WHERE
 * TABLE_SCHEMA = 'mysql' AND TABLE_NAME = 'user' reads one table's columns.
 * Only for a statement with one table reference (prefetch reads each table
 * once for the whole statement).
 */
function tableLookups(query: A.QueryExpr | A.Statement): Map<A.FromTable, RowsLookup> | null {
  if (query.kind !== 'select' || query.from?.kind !== 'table' || !query.where) return null;
  const table = query.from;
  const lookup = new Map<string, string>();
  const visit = (e: A.Expr): void => {
    if (e.kind !== 'binary') return;
    if (e.op === 'AND') {
      visit(e.left);
      visit(e.right);
      return;
    }
    if (e.op !== '=') return;
    const [column, value] = e.left.kind === 'column' ? [e.left, e.right] : [e.right, e.left];
    if (column.kind !== 'column' || value.kind !== 'literal' || value.literal !== 'string' || typeof value.value !== 'string') return;
    // Plain ASCII only: a collation may equate other characters (é = e, PAD SPACE's trailing blanks).
    if (!/^[\x21-\x7e]*$/.test(value.value)) return;
    if (column.table !== undefined && column.table.toLowerCase() !== (table.alias ?? table.name).toLowerCase()) return;
    const name = column.name.toLowerCase();
    // Two different values for one column: no row matches, but leave that to the WHERE.
    if (lookup.has(name) && lookup.get(name) !== value.value) lookup.delete(name);
    else lookup.set(name, value.value);
  };
  visit(query.where);
  return lookup.size ? new Map([[table, lookup]]) : null;
}

async function prefetchRest(
  refs: A.FromTable[],
  from: number,
  pending: Promise<readonly SqlValue[][]>,
  out: TableRows,
  byProvider: Map<TableProvider, readonly SqlValue[][]>,
  env: EvalEnv,
  tctx: TableContext,
): Promise<TableRows> {
  for (let i = from; i < refs.length; i++) {
    const ref = refs[i]!;
    const { provider, schema } = openTable(ref, env);
    let rows = byProvider.get(provider);
    if (!rows) {
      rows = i === from ? await pending : await provider.rows(tctx);
      byProvider.set(provider, rows);
    }
    out.set(ref, { provider, schema, rows });
  }
  return out;
}

/** The table a FROM reference names: 1046 without a database, 1109 / 1146 when there is none. */
function openTable(ref: A.FromTable, env: EvalEnv): { provider: TableProvider; schema: string } {
  const schema = ref.schema ?? env.session.database;
  if (schema === null) throw mysqlError('ER_NO_DB_ERROR');
  const provider = env.server.catalog.find(schema, ref.name);
  if (!provider) {
    if (schema.toLowerCase() === INFORMATION_SCHEMA) throw mysqlError('ER_UNKNOWN_TABLE', ref.name, schema);
    throw mysqlError('ER_NO_SUCH_TABLE', schema, ref.name);
  }
  return { provider, schema };
}

// ---------------------------------------------------------------- the executor

/** A query planned once: its result columns, and a way to run it for an outer row. */
interface PlannedQuery {
  /** Made when first read (a derived table, a view, a UNION's operand): a top-level SELECT needs only `types` and `defs`. */
  readonly columns: RelColumn[];
  /** Each result column's type (columns[i].type). */
  types: ValueType[];
  defs: ColumnDef[];
  run(outerRow: SqlValue[] | null): SqlValue[][];
}

/**
 * A SELECT's plan, its result columns made on first read. A class, not an
 * object literal with a getter: a literal's accessor is a new AccessorPair
 * per evaluation, so V8 gives each plan object a map of its own, made in
 * old space; those dead maps held the plan's closures, and through them the
 * statement's tree, types and definitions, through every young-generation
 * collection until the next full one (a fifth of what SELECT 1 allocated
 * was promoted; 1.4 % with this class).
 */
class SelectPlan implements PlannedQuery {
  private made: RelColumn[] | undefined;

  constructor(
    private readonly makeColumns: () => RelColumn[],
    readonly types: ValueType[],
    readonly defs: ColumnDef[],
    readonly run: (outerRow: SqlValue[] | null) => SqlValue[][],
  ) {}

  get columns(): RelColumn[] {
    return (this.made ??= this.makeColumns());
  }
}

/** One statement's executor: plans each query expression once and runs it (also as the evaluator's SubqueryRunner). */
export class QueryExecutor implements SubqueryRunner {
  private readonly plans = new Map<A.QueryExpr, { plan: PlannedQuery; binding: ScopeBinding | null; cached?: SqlValue[][] }>();

  constructor(
    private readonly env: EvalEnv,
    private readonly tables: TableRows,
  ) {
    env.subqueries = this;
  }

  /** Runs the statement's query: its result set with MySQL's column metadata. */
  execute(query: A.QueryExpr): RowsResult {
    const planned = this.plan(query, null);
    const rows = planned.run(null);
    const { types } = planned;
    return { kind: 'rows', columns: planned.defs, rows: rows.map((r) => r.map((v, i) => outputValue(v, types[i]!))) };
  }

  /** The result columns without running the query (COM_STMT_PREPARE). */
  describe(query: A.QueryExpr): ColumnDef[] {
    return this.plan(query, null).defs;
  }

  // ---- SubqueryRunner

  rows(query: A.QueryExpr, env: EvalEnv): SqlValue[][] {
    const entry = this.subqueryEntry(query, env);
    if (entry.cached) return entry.cached;
    const rows = entry.plan.run(env.row ?? []);
    // A subquery that never looked at the outer row gives the same rows for every row: run it once.
    if (!entry.binding?.usedOuter) entry.cached = rows;
    return rows;
  }

  columnTypes(query: A.QueryExpr, env: EvalEnv): ValueType[] {
    return this.subqueryEntry(query, env).plan.types;
  }

  private subqueryEntry(query: A.QueryExpr, env: EvalEnv) {
    let entry = this.plans.get(query);
    if (!entry) {
      const outer = env.binding instanceof ScopeBinding ? env.binding : null;
      this.plan(query, outer);
      entry = this.plans.get(query)!;
    }
    return entry;
  }

  // ---- planning

  private plan(query: A.QueryExpr, outer: ScopeBinding | null): PlannedQuery {
    const known = this.plans.get(query);
    if (known) return known.plan;
    const saved = this.save();
    try {
      const { plan, binding } = query.kind === 'select' ? this.planSelect(query, outer) : this.planUnion(query, outer);
      this.plans.set(query, { plan, binding });
      return plan;
    } finally {
      this.restore(saved);
    }
  }

  private save() {
    const { binding, row, clause, aggregates } = this.env;
    return { binding, row, clause, aggregates };
  }

  private restore(s: ReturnType<QueryExecutor['save']>): void {
    this.env.binding = s.binding;
    this.env.row = s.row;
    this.env.clause = s.clause;
    this.env.aggregates = s.aggregates;
  }

  /** Runs `f` with the evaluator bound to `binding` and a row, restoring its state after. */
  private within<T>(binding: ScopeBinding, f: () => T): T {
    const saved = this.save();
    this.env.binding = binding;
    this.env.aggregates = null;
    try {
      return f();
    } finally {
      this.restore(saved);
    }
  }

  // ---- FROM

  /** Plans a FROM item: its columns, and its rows for an outer row. */
  private planFrom(item: A.FromItem, outer: ScopeBinding | null, aliases: Set<string>): { columns: RelColumn[]; star: number[]; rows: (outerRow: SqlValue[] | null) => SqlValue[][] } {
    switch (item.kind) {
      case 'table': {
        const t = this.tables.get(item)!;
        const qualifier = item.alias ?? item.name;
        const infoSchema = t.schema.toLowerCase() === INFORMATION_SCHEMA;
        const key = infoSchema ? qualifier.toLowerCase() : qualifier;
        if (aliases.has(key)) throw mysqlError('ER_NONUNIQ_TABLE', qualifier);
        aliases.add(key);
        const columns = t.provider.columns.map(
          (c): RelColumn => ({
            name: c.name,
            table: qualifier,
            schema: t.schema,
            type: valueTypeOf(c),
            column: c,
            // A view's columns name the view as it is referenced (MariaDB's mysql.user: FROM mysql.user u gives org_table u).
            orgTable: t.provider.viewColumnNames ? qualifier : (c.orgTable ?? t.provider.name),
            viewColumnName: t.provider.viewColumnNames,
            caseInsensitiveTable: infoSchema,
          }),
        );
        const rows = t.rows as SqlValue[][];
        return { columns, star: columns.map((_, i) => i), rows: () => rows };
      }
      case 'derived': {
        if (aliases.has(item.alias)) throw mysqlError('ER_NONUNIQ_TABLE', item.alias);
        aliases.add(item.alias);
        // A derived table cannot see the outer query (no LATERAL here): planned and run once.
        const inner = this.plan(item.query, null);
        if (item.columns && item.columns.length !== inner.columns.length) throw mysqlError('ER_VIEW_WRONG_LIST');
        const names = item.columns ?? inner.columns.map((c) => c.name);
        const seen = new Set<string>();
        for (const n of names) {
          if (seen.has(n.toLowerCase())) throw mysqlError('ER_DUP_FIELDNAME', n);
          seen.add(n.toLowerCase());
        }
        // A mergeable derived table (one SELECT with a FROM and no DISTINCT, grouping or LIMIT) is merged into the
        // outer query: its columns are its items, fields keeping their own metadata. Any other is materialized
        // in a temporary table, whose fields are its columns (org_table '', org_name the column's name).
        const merged = isMergeable(item.query);
        const columns = inner.columns.map((c, i): RelColumn => {
          if (merged) return c.column ? { ...c, name: names[i]!, table: item.alias, orgTable: item.alias } : { name: names[i]!, table: item.alias, schema: null, type: { ...c.type, flags: itemFlags(c.type) }, orgTable: item.alias };
          return { name: names[i]!, table: item.alias, schema: null, type: temporaryFieldType(c.type), orgTable: '' };
        });
        let rows: SqlValue[][] | null = null;
        return { columns, star: columns.map((_, i) => i), rows: () => (rows ??= inner.run(null)) };
      }
      case 'join':
        return this.planJoin(item, outer, aliases);
    }
  }

  private planJoin(item: A.FromJoin, outer: ScopeBinding | null, aliases: Set<string>) {
    const left = this.planFrom(item.left, outer, aliases);
    const right = this.planFrom(item.right, outer, aliases);
    const columns: RelColumn[] = [...left.columns, ...right.columns.map((c) => ({ ...c }))];
    const leftWidth = left.columns.length;
    // NATURAL / USING: the common columns, compared for equality and shown once.
    let common: string[] = [];
    if (item.natural) {
      const rightNames = new Set(right.columns.filter((c) => !c.hidden).map((c) => c.name.toLowerCase()));
      common = left.columns.filter((c) => !c.hidden && rightNames.has(c.name.toLowerCase())).map((c) => c.name);
    } else if (item.using) {
      common = item.using;
    }
    const pairs: [number, number][] = common.map((name) => {
      const lower = name.toLowerCase();
      const l = left.columns.findIndex((c) => !c.hidden && c.name.toLowerCase() === lower);
      const r = right.columns.findIndex((c) => !c.hidden && c.name.toLowerCase() === lower);
      if (l < 0 || r < 0) throw mysqlError('ER_BAD_FIELD_ERROR', name, 'from clause');
      return [l, leftWidth + r];
    });
    // The unqualified name goes to the outer side of an outer join (RIGHT: the right table's).
    for (const [l, r] of pairs) columns[item.join === 'right' ? l : r]!.hidden = true;
    const star = pairs.length
      ? [
          ...pairs.map(([l, r]) => (item.join === 'right' ? r : l)),
          ...left.star.filter((i) => !pairs.some(([l]) => l === i)),
          ...right.star.map((i) => leftWidth + i).filter((i) => !pairs.some(([, r]) => r === i)),
        ]
      : [...left.star, ...right.star.map((i) => leftWidth + i)];
    const binding = new ScopeBinding(columns, outer);
    const on = item.on;
    const equal = (row: SqlValue[]): boolean => {
      for (const [l, r] of pairs) {
        if (compareValues(row[l] ?? null, row[r] ?? null, columns[l]!.type, columns[r]!.type) !== 0) return false;
      }
      return true;
    };
    const rows = (outerRow: SqlValue[] | null): SqlValue[][] => {
      const lrows = left.rows(outerRow);
      const rrows = right.rows(outerRow);
      const match = (row: SqlValue[]): boolean => {
        if (!equal(row)) return false;
        if (!on) return true;
        this.env.row = outerRow ? [...row, ...outerRow] : row;
        this.env.clause = 'on clause';
        return isTrue(evaluate(on, this.env));
      };
      return this.within(binding, () => {
        const out: SqlValue[][] = [];
        if (item.join === 'right') {
          const nullLeft = left.columns.map(() => null);
          for (const r of rrows) {
            let any = false;
            for (const l of lrows) {
              const row = [...l, ...r];
              if (match(row)) {
                out.push(row);
                any = true;
              }
            }
            if (!any) out.push([...nullLeft, ...r]);
          }
          return out;
        }
        const nullRight = right.columns.map(() => null);
        for (const l of lrows) {
          let any = false;
          for (const r of rrows) {
            const row = [...l, ...r];
            if (match(row)) {
              out.push(row);
              any = true;
            }
          }
          if (!any && item.join === 'left') out.push([...l, ...nullRight]);
        }
        return out;
      });
    };
    return { columns, star, rows };
  }

  // ---- SELECT

  private planSelect(stmt: A.SelectStmt, outer: ScopeBinding | null): { plan: PlannedQuery; binding: ScopeBinding } {
    const env = this.env;
    const from = stmt.from ? this.planFrom(stmt.from, outer, new Set()) : { columns: [] as RelColumn[], star: [] as number[], rows: () => [[]] as SqlValue[][] };
    const binding = new ScopeBinding(from.columns, outer);
    env.binding = binding;
    env.aggregates = null;
    env.clause = 'field list';
    const { items, sources } = this.expandItems(stmt, from);
    const types = items.map((item) => env.typeOf(item.expr));
    const names = items.map((item, i) => {
      const base = sources[i]! >= 0 ? from.columns[sources[i]!]! : undefined;
      return base && item.alias === undefined && base.viewColumnName ? base.name : utf8Prefix(itemName(item, env.server.profile.itemTypeRules === 'mariadb'), env.server.profile.itemNameBytes);
    });
    // An object per item, made only when a derived table, view or UNION reads them (a select list of 500,000 items made 60 MB of them).
    const columns = (): RelColumn[] =>
      items.map((item, i): RelColumn => {
        const base = sources[i]! >= 0 ? from.columns[sources[i]!]! : undefined;
        if (!base) return { name: names[i]!, table: null, schema: null, type: types[i]!, hidden: false, expr: item.expr };
        return { ...base, name: names[i]!, type: types[i]!, hidden: false, expr: item.expr };
      });
    const { extendedMetadata, groupByTemporaryFields } = env.server.profile;
    let defs = items.map((item, i) => resultDef(item, types[i]!, sources[i]! >= 0 ? from.columns[sources[i]!]! : undefined, names[i]!, extendedMetadata));
    if (groupByTemporaryFields && stmt.groupBy && stmt.from) defs = defs.map((d, i) => groupedThroughTemporaryTable(d, items[i]!.expr));

    // Aliases usable in GROUP BY / HAVING / ORDER BY; positions in GROUP BY / ORDER BY.
    let aliases = NO_ALIASES;
    if (items.some((item) => item.alias !== undefined)) {
      const named = new Map<string, A.Expr>();
      for (const item of items) if (item.alias !== undefined && !named.has(item.alias.toLowerCase())) named.set(item.alias.toLowerCase(), item.expr);
      aliases = named;
    }
    const having = stmt.having ? substituteAliases(stmt.having, aliases) : undefined;
    const orderBy = stmt.orderBy?.map((o) => ({ desc: o.desc, expr: substituteAliases(positional(o.expr, items, 'order clause'), aliases) }));
    const groupBy = stmt.groupBy?.map((g) => {
      const e = positional(g, items, 'group statement');
      return e.kind === 'column' && e.table === undefined && binding.find(e.name) === undefined ? (aliases.get(e.name.toLowerCase()) ?? e) : e;
    });
    const aggregateCalls: A.CallExpr[] = [];
    const pushAggregate = (c: A.CallExpr): void => void aggregateCalls.push(c);
    const collect = (e: A.Expr): void => forEachAggregate(e, pushAggregate);
    items.forEach((item) => collect(item.expr));
    if (having) collect(having);
    orderBy?.forEach((o) => collect(o.expr));
    if (stmt.where) forEachAggregate(stmt.where, () => {
      throw mysqlError('ER_INVALID_GROUP_FUNC_USE');
    });
    const width = from.columns.length;

    const run = (outerRow: SqlValue[] | null): SqlValue[][] =>
      this.within(binding, () => {
        const extend = (row: SqlValue[]): SqlValue[] => (outerRow ? [...row, ...outerRow] : row);
        let rows = from.rows(outerRow).map(extend);
        if (stmt.where) {
          const where = stmt.where;
          env.clause = 'where clause';
          rows = rows.filter((row) => {
            env.row = row;
            return isTrue(evaluate(where, env));
          });
        }
        interface Group {
          first: SqlValue[];
          rows: SqlValue[][];
        }
        let groups: Group[];
        if (groupBy) {
          env.clause = 'group statement';
          const byKey = new Map<string, Group>();
          const keyTypes = groupBy.map((g) => env.typeOf(g));
          for (const row of rows) {
            env.row = row;
            const key = groupKey(groupBy.map((g) => evaluate(g, env)), keyTypes);
            let g = byKey.get(key);
            if (!g) {
              g = { first: row, rows: [] };
              byKey.set(key, g);
            }
            g.rows.push(row);
          }
          groups = [...byKey.values()];
        } else if (aggregateCalls.length > 0) {
          groups = [{ first: rows[0] ?? extend(new Array<SqlValue>(width).fill(null)), rows }];
        } else {
          groups = rows.map((row) => ({ first: row, rows: [row] }));
        }
        const out: { values: SqlValue[]; keys: SqlValue[] }[] = [];
        for (const g of groups) {
          env.aggregates = aggregateCalls.length > 0 ? new Map(aggregateCalls.map((c) => [c, computeAggregate(c, g.rows, env)])) : null;
          env.row = g.first;
          if (having) {
            env.clause = 'having clause';
            if (!isTrue(evaluate(having, env))) continue;
          }
          env.clause = 'field list';
          const values = items.map((item) => evaluate(item.expr, env));
          env.clause = 'order clause';
          const keys = orderBy ? orderBy.map((o) => evaluate(o.expr, env)) : [];
          out.push({ values, keys });
        }
        env.aggregates = null;
        let result = out;
        if (stmt.distinct) {
          const keep = new Set(distinctTuples(out.map((r) => r.values), types));
          result = out.filter((r) => keep.has(r.values));
        }
        if (orderBy) sortKeyed(result, orderBy.map((o) => ({ desc: o.desc, type: env.typeOf(o.expr) })));
        let values = result.map((r) => r.values);
        if (stmt.limit) values = applyLimit(values, stmt.limit, env);
        return values;
      });
    return { plan: new SelectPlan(columns, types, defs, run), binding };
  }

  /**
   * `*` and `t.*` become one item per column; a column item remembers which
   * FROM column it is (`sources`, parallel to `items`, -1 for none). Without
   * a star the statement's own item array is used as it is: a select list
   * may have 500,000 items.
   */
  private expandItems(stmt: A.SelectStmt, from: { columns: RelColumn[]; star: number[] }): { items: readonly A.SelectItem[]; sources: Int32Array } {
    const starred = stmt.items.some((item) => item.expr.kind === 'star');
    const items: readonly A.SelectItem[] = starred ? [] : stmt.items;
    const starSources: number[] = [];
    if (starred) {
      for (const item of stmt.items) {
        if (item.expr.kind !== 'star') {
          (items as A.SelectItem[]).push(item);
          starSources.push(this.sourceOf(item.expr, from));
          continue;
        }
        if (!stmt.from) throw mysqlError('ER_NO_TABLES_USED');
        const qualifier = item.expr.table;
        const indices = qualifier === undefined ? from.star : from.columns.map((c, i) => (c.table !== null && (c.caseInsensitiveTable ? c.table.toLowerCase() === qualifier.toLowerCase() : c.table === qualifier) ? i : -1)).filter((i) => i >= 0);
        if (indices.length === 0) throw mysqlError('ER_BAD_TABLE_ERROR', qualifier ?? '*');
        for (const i of indices) {
          const c = from.columns[i]!;
          (items as A.SelectItem[]).push({ expr: { kind: 'column', name: c.name, ...(c.table !== null ? { table: c.table } : {}) }, text: c.name });
          starSources.push(i);
        }
      }
    }
    if (starred) return { items, sources: Int32Array.from(starSources) };
    const sources = new Int32Array(items.length);
    for (let k = 0; k < items.length; k++) sources[k] = this.sourceOf(items[k]!.expr, from);
    return { items, sources };
  }

  /** The FROM column a select item is (a column of the FROM clause, resolved: 1054 / 1052), else -1. */
  private sourceOf(expr: A.Expr, from: { columns: RelColumn[] }): number {
    if (expr.kind !== 'column') return -1;
    const index = this.env.binding!.resolve(expr, 'field list');
    return index < from.columns.length ? index : -1;
  }

  // ---- UNION

  private planUnion(u: A.UnionStmt, outer: ScopeBinding | null): { plan: PlannedQuery; binding: ScopeBinding | null } {
    const operands = u.operands.map((q) => this.plan(q, outer));
    const first = operands[0]!;
    for (const o of operands) if (o.types.length !== first.types.length) throw mysqlError('ER_WRONG_NUMBER_OF_COLUMNS_IN_SELECT');
    const single = operands.length === 1;
    const types = single
      ? first.types
      : first.types.map((_, i) => {
          const ts = operands.map((o) => o.types[i]!);
          let t = unionType(ts, ts.every((t) => (t.flags & 1) !== 0), this.env.connectionCollation);
          // Integers join as their widest precision plus a sign (select 1 union select 1 is 2 wide: metadata.result, MariaDB alike).
          if (isIntegerType(t)) {
            const precision = maxOf(operands, (o) => (o.columns[i]!.type.type === ColumnType.NULL ? 0 : itemPrecision(o.columns[i]!.type, o.columns[i]!.expr)), 0);
            t = serverItemType({ ...t, length: Math.min(21, precision + ((t.flags & ColumnFlag.UNSIGNED) !== 0 ? 0 : 1)) }, this.env.server.profile);
          }
          // A DOUBLE is as wide as its widest operand (Item_type_holder: select 1 union select 1e0 is 3).
          if (isFloatType(t)) t = { ...t, length: maxOf(ts, (x) => x.length) };
          return t;
        });
    const columns = first.columns.map((c, i): RelColumn => (single ? c : { name: c.name, table: null, schema: null, type: types[i]! }));
    // A UNION's result is a temporary table: its columns are fields named after the first operand's. A UNION ALL
    // is sent as it is read, without one: its columns are the operands' joined types (Item_type_holder).
    const streamed = u.distinct.every((d) => !d) && !u.orderBy && !u.limit;
    const defs = single
      ? first.defs
      : first.defs.map((d, i) => {
          if (streamed) {
            const t = serverItemType(types[i]!, this.env.server.profile);
            return { name: d.name, type: t.type, charset: t.charset, length: t.length, flags: itemFlags(t), decimals: t.decimals };
          }
          const t = temporaryFieldType(types[i]!);
          return { name: d.name, orgName: d.name, type: t.type, charset: t.charset, length: t.length, flags: t.flags, decimals: t.decimals };
        });
    // ORDER BY over the union's result: its column names and positions.
    const binding = new ScopeBinding(columns.map((c) => ({ ...c, table: null })), outer);
    const orderBy = u.orderBy?.map((o) => ({ desc: o.desc, expr: positional(o.expr, columns.map((c) => ({ expr: { kind: 'column', name: c.name } as A.Expr, text: c.name })), 'order clause') }));
    // A DISTINCT union removes duplicates among everything to its left (it overrides ALL unions there).
    const lastDistinct = u.distinct.lastIndexOf(true);
    const run = (outerRow: SqlValue[] | null): SqlValue[][] => {
      let rows: SqlValue[][] = [];
      operands.forEach((o, i) => {
        pushAll(rows, o.run(outerRow));
        if (i === lastDistinct + 1 && lastDistinct >= 0) rows = distinctTuples(rows, types);
      });
      if (orderBy) {
        rows = this.within(binding, () => {
          this.env.clause = 'order clause';
          const keyed = rows.map((row) => {
            this.env.row = outerRow ? [...row, ...outerRow] : row;
            return { row, keys: orderBy.map((o) => evaluate(o.expr, this.env)) };
          });
          sortKeyed(keyed, orderBy.map((o) => ({ desc: o.desc, type: this.env.typeOf(o.expr) })));
          return keyed.map((k) => k.row);
        });
      }
      if (u.limit) rows = applyLimit(rows, u.limit, this.env);
      return rows;
    };
    return { plan: { columns, types, defs, run }, binding };
  }
}

// ---------------------------------------------------------------- helpers

/** A derived table the optimizer merges into the outer query (derived_merge): one SELECT with a FROM, without DISTINCT, grouping, aggregates or LIMIT. */
function isMergeable(q: A.QueryExpr): boolean {
  if (q.kind !== 'select' || !q.from || q.distinct || q.groupBy || q.having || q.limit) return false;
  let aggregate = false;
  for (const item of q.items) if (item.expr.kind !== 'star') forEachAggregate(item.expr, () => (aggregate = true));
  return !aggregate;
}

function isTrue(v: SqlValue): boolean {
  return v !== null && toNumber(v) !== 0;
}

/** The aliases of a select list without any (never written to). */
const NO_ALIASES: ReadonlyMap<string, A.Expr> = new Map();

/** ORDER BY / HAVING may name select-list aliases (they win over columns); never inside a subquery. */
function substituteAliases(e: A.Expr, aliases: ReadonlyMap<string, A.Expr>): A.Expr {
  if (e.kind === 'column' && e.table === undefined) return aliases.get(e.name.toLowerCase()) ?? e;
  if (e.kind === 'subquery' || e.kind === 'exists') return e;
  let changed = false;
  const copy: Record<string, unknown> = { ...e };
  for (const [k, v] of Object.entries(e)) {
    if (k === 'query') continue;
    if (Array.isArray(v)) {
      const mapped = v.map((x) => (isExpr(x) ? substituteAliases(x, aliases) : isWhen(x) ? { when: substituteAliases(x.when, aliases), then: substituteAliases(x.then, aliases) } : x));
      if (mapped.some((x, i) => x !== v[i])) {
        copy[k] = mapped;
        changed = true;
      }
    } else if (isExpr(v)) {
      const mapped = substituteAliases(v, aliases);
      if (mapped !== v) {
        copy[k] = mapped;
        changed = true;
      }
    }
  }
  return changed ? (copy as unknown as A.Expr) : e;
}
function isExpr(x: unknown): x is A.Expr {
  return typeof x === 'object' && x !== null && 'kind' in x && typeof (x as { kind: unknown }).kind === 'string';
}
function isWhen(x: unknown): x is { when: A.Expr; then: A.Expr } {
  return typeof x === 'object' && x !== null && 'when' in x && 'then' in x;
}

/** GROUP BY and ORDER BY: `ORDER BY 2` means the second select item. */
function positional(e: A.Expr, items: readonly A.SelectItem[], clause: string): A.Expr {
  if (e.kind === 'literal' && e.literal === 'int') {
    const n = Number(e.value);
    const target = items[n - 1];
    if (!target) throw mysqlError('ER_BAD_FIELD_ERROR', String(n), clause);
    return target.expr;
  }
  return e;
}

function groupKey(values: SqlValue[], types: ValueType[]): string {
  return values
    .map((v, i) => {
      if (v === null) return 'N';
      if (typeof v === 'number' || typeof v === 'bigint') return `n${v}`;
      const text = toText(v);
      return `s${isCaseSensitive(types[i]!) ? text : text.toLowerCase()}`;
    })
    .join('\u0000');
}

function distinctTuples(tuples: SqlValue[][], types: ValueType[]): SqlValue[][] {
  const seen = new Set<string>();
  return tuples.filter((t) => {
    const k = groupKey(t, types);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function computeAggregate(call: A.CallExpr, rows: readonly SqlValue[][], env: EvalEnv): SqlValue {
  const saved = env.aggregates;
  env.aggregates = null;
  try {
    if (call.name === 'COUNT' && call.star) return rows.length;
    const argTypes = call.args.map((a) => env.typeOf(a));
    const tuples: SqlValue[][] = [];
    for (const row of rows) {
      env.row = row;
      const values = call.args.map((a) => evaluate(a, env));
      if (values.some((v) => v === null)) continue;
      tuples.push(values);
    }
    let list = call.distinct ? distinctTuples(tuples, argTypes) : tuples;
    switch (call.name) {
      case 'COUNT':
        return list.length;
      case 'SUM':
      case 'AVG': {
        if (list.length === 0) return null;
        const sum = list.reduce((s, t) => s + toNumber(t[0]!), 0);
        return call.name === 'SUM' ? sum : sum / list.length;
      }
      case 'MIN':
      case 'MAX': {
        let best: SqlValue = null;
        for (const [v] of list) {
          if (best === null) best = v!;
          else {
            const c = compareValues(v!, best, argTypes[0]!, argTypes[0]!) ?? 0;
            if (call.name === 'MIN' ? c < 0 : c > 0) best = v!;
          }
        }
        return best;
      }
      case 'GROUP_CONCAT': {
        if (list.length === 0) return null;
        if (call.orderBy) {
          const keyed = rows
            .map((row) => {
              env.row = row;
              return { row, keys: call.orderBy!.map((o) => evaluate(o.expr, env)), values: call.args.map((a) => evaluate(a, env)) };
            })
            .filter((r) => r.values.every((v) => v !== null));
          sortKeyed(keyed, call.orderBy.map((o) => ({ desc: o.desc, type: env.typeOf(o.expr) })));
          list = keyed.map((k) => k.values);
          if (call.distinct) list = distinctTuples(list, argTypes);
        }
        const max = Number(env.server.variables.get('group_concat_max_len', 'default', env.session)) || 1024;
        return list.map((t) => t.map(toText).join('')).join(call.separator ?? ',').slice(0, max);
      }
      default:
        throw mysqlError('ER_NOT_SUPPORTED_YET', call.name);
    }
  } finally {
    env.aggregates = saved;
  }
}

function sortKeyed<T extends { keys: SqlValue[] }>(list: T[], specs: { desc: boolean; type: ValueType }[]): void {
  list.sort((a, b) => {
    for (let i = 0; i < specs.length; i++) {
      const c = compareForSort(a.keys[i]!, b.keys[i]!, specs[i]!.type);
      if (c !== 0) return specs[i]!.desc ? -c : c;
    }
    return 0;
  });
}

function limitNumber(e: A.Expr, env: EvalEnv): number {
  const v = evaluate(e, env);
  if (v === null || typeof v === 'string' || Buffer.isBuffer(v)) throw mysqlError('ER_WRONG_ARGUMENTS', 'LIMIT');
  return Math.max(0, Number(v));
}

function applyLimit(rows: SqlValue[][], limit: { count: A.Expr; offset?: A.Expr }, env: EvalEnv): SqlValue[][] {
  const offset = limit.offset ? limitNumber(limit.offset, env) : 0;
  return rows.slice(offset, offset + limitNumber(limit.count, env));
}

/**
 * MySQL's default column name: the alias, a string literal's value, a
 * column's name, else the item's text. MariaDB's parser drops a unary plus
 * (`SELECT +1` is a literal named 1).
 */
function itemName(item: A.SelectItem, dropsUnaryPlus = false): string {
  if (item.alias !== undefined) return item.alias;
  const e = item.expr;
  if (dropsUnaryPlus && e.kind === 'unary' && e.op === '+' && e.arg.kind === 'literal') return itemName({ ...item, expr: e.arg, text: item.text.replace(/^\+\s*/, '') });
  if (e.kind === 'literal' && e.literal === 'string') return String(e.value);
  // A number, NULL or TRUE/FALSE literal is named by its own text, whatever parentheses enclose it
  // (the item has its name before PTI_expr_with_alias would give it the select item's text).
  // A negative number is a minus applied to it (Item_func_neg), named by the text as written.
  if (e.kind === 'literal' && NAMED_LITERALS.has(e.literal)) {
    const text = stripParentheses(item.text);
    const first = text.charCodeAt(0);
    if (first !== 0x2d && first !== 0x2b) return text;
  }
  if (e.kind === 'literal' && e.literal === 'hex' && e.charset === 'binary') return (e.value as Buffer).toString('utf8');
  if (e.kind === 'column') return e.name;
  return item.text;
}

const NAMED_LITERALS: ReadonlySet<A.LiteralKind> = new Set(['int', 'decimal', 'float', 'null', 'bool']);

/** `((1))` -> `1`: the select item's text without the parentheses (and blanks) around it. */
function stripParentheses(text: string): string {
  let t = text.trim();
  while (t.startsWith('(') && t.endsWith(')')) t = t.slice(1, -1).trim();
  return t;
}

/** A result column's metadata: a bare table column carries its origin (org_name, table, org_table, schema). */
/**
 * MariaDB's JSON functions whose result is its JSON type (a LONGTEXT with
 * format 'json' in the extended metadata: Type_handler_json_longtext in
 * item_jsonfunc.h); JSON_KEYS, JSON_QUOTE, JSON_UNQUOTE, JSON_VALUE are plain
 * strings (a real MariaDB 10.11).
 */
const MARIADB_JSON_RESULT = new Set([
  'JSON_OBJECT', 'JSON_ARRAY', 'JSON_EXTRACT', 'JSON_SET', 'JSON_REMOVE', 'JSON_INSERT', 'JSON_REPLACE', 'JSON_ARRAY_APPEND',
  'JSON_ARRAY_INSERT', 'JSON_MERGE', 'JSON_MERGE_PATCH', 'JSON_MERGE_PRESERVE', 'JSON_QUERY', 'JSON_COMPACT', 'JSON_LOOSE',
  'JSON_DETAILED', 'JSON_PRETTY', 'JSON_ARRAYAGG', 'JSON_OBJECTAGG',
]);

/**
 * MariaDB sends the fields of a GROUP BY query from the temporary table it
 * groups through (a real MariaDB 10.11, `SELECT User, COUNT(*) FROM
 * mysql.user GROUP BY User`): a table column keeps no key flags and names
 * the view's base table as org_table (mysql.user is a view of
 * mysql.global_priv), and COUNT() is not BINARY.
 */
function groupedThroughTemporaryTable(def: ColumnDef, e: A.Expr): ColumnDef {
  const out = { ...def };
  if (out.flags !== undefined) out.flags &= ~(ColumnFlag.PRI_KEY | ColumnFlag.UNIQUE_KEY | ColumnFlag.MULTIPLE_KEY | PART_KEY_FLAG);
  if (e.kind === 'call' && e.name === 'COUNT' && out.flags !== undefined) out.flags &= ~ColumnFlag.BINARY;
  if (out.schema === 'mysql' && out.orgTable !== undefined && VIEW_BASE_TABLES[out.orgTable.toLowerCase()]) out.orgTable = VIEW_BASE_TABLES[out.orgTable.toLowerCase()];
  return out;
}

/** MariaDB's views in the mysql schema and the table each reads. */
const VIEW_BASE_TABLES: Partial<Record<string, string>> = { user: 'global_priv' };

/** The extended metadata format of a MariaDB result column: a JSON column's, or a JSON function's 'json'. */
function extendedFormatOf(e: A.Expr, source: RelColumn | undefined): string | undefined {
  if (e.kind === 'column') return source?.column?.extendedFormat;
  if (e.kind === 'call' && MARIADB_JSON_RESULT.has(e.name)) return 'json';
  return undefined;
}

function resultDef(item: A.SelectItem, type: ValueType, source: RelColumn | undefined, name: string, extendedMetadata = false): ColumnDef {
  const field = source !== undefined && source.table !== null && item.expr.kind === 'column';
  const def: ColumnDef = {
    name,
    type: type.type,
    charset: type.charset,
    length: type.length,
    flags: field ? type.flags : itemFlags(type),
    decimals: type.decimals,
  };
  const format = extendedMetadata ? extendedFormatOf(item.expr, source) : undefined;
  if (format) def.extendedFormat = format;
  if (field && source && source.table !== null) {
    def.orgName = source.column?.orgName ?? source.column?.name ?? source.name;
    def.table = source.table;
    def.orgTable = source.orgTable ?? source.table;
    def.schema = source.column?.schema ?? source.schema ?? '';
  }
  return def;
}

/** SHOW ... WHERE expr: filters rows of a result by an expression over its column names. */
export function filterResultRows(result: RowsResult, where: A.Expr, env: EvalEnv): RowsResult {
  const columns = result.columns.map((c): RelColumn => ({ name: c.name, table: null, schema: null, type: valueTypeOf(c) }));
  env.binding = new ScopeBinding(columns, null);
  env.clause = 'where clause';
  const rows = result.rows.filter((row) => {
    env.row = row;
    return isTrue(evaluate(where, env));
  });
  return { ...result, rows };
}
