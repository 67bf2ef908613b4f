/**
 * SELECT over one in-memory table (or none): WHERE, GROUP BY with
 * aggregates, HAVING, ORDER BY (aliases, positions, ENUM order), DISTINCT,
 * LIMIT/OFFSET, and MySQL's result-column metadata.
 */
import { mysqlError } from '../../errors/mysql-error.js';
import type * as A from '../parse/ast.js';
import { evaluate, forEachAggregate, type ColumnBinding, type EvalEnv } from '../expr/evaluate.js';
import type { ColumnDef, RowsResult, SqlValue } from '../../wire/result.js';
import type { TableColumn, TableContext, TableProvider } from '../context.js';
import { compareForSort, compareValues, isCaseSensitive, outputValue, toNumber, toText, valueTypeOf, type ValueType } from '../expr/types.js';

const INFORMATION_SCHEMA = 'information_schema';

/** Column references against one table (qualified by its alias or name, and optionally its schema). */
class TableBinding implements ColumnBinding {
  readonly types: ValueType[];
  private readonly byName = new Map<string, number>();
  private readonly cache = new Map<A.ColumnExpr, number>();

  constructor(
    readonly columns: readonly { name: string }[],
    types: ValueType[],
    private readonly tableName: string | null,
    private readonly schema: string | null,
  ) {
    this.types = types;
    columns.forEach((c, i) => {
      const k = c.name.toLowerCase();
      if (!this.byName.has(k)) this.byName.set(k, i);
    });
  }

  resolve(ref: A.ColumnExpr, clause: string): number {
    const hit = this.cache.get(ref);
    if (hit !== undefined) return hit;
    const index = this.lookup(ref);
    if (index === undefined) {
      const text = [ref.schema, ref.table, ref.name].filter((x) => x !== undefined).join('.');
      throw mysqlError('ER_BAD_FIELD_ERROR', text, clause);
    }
    this.cache.set(ref, index);
    return index;
  }

  has(name: string): boolean {
    return this.byName.has(name.toLowerCase());
  }

  private lookup(ref: A.ColumnExpr): number | undefined {
    if (ref.table !== undefined) {
      if (this.tableName === null) return undefined;
      const infoSchema = this.schema?.toLowerCase() === INFORMATION_SCHEMA;
      const sameTable = infoSchema ? ref.table.toLowerCase() === this.tableName.toLowerCase() : ref.table === this.tableName;
      if (!sameTable) return undefined;
      if (ref.schema !== undefined && (this.schema === null || ref.schema.toLowerCase() !== this.schema.toLowerCase())) return undefined;
    }
    return this.byName.get(ref.name.toLowerCase());
  }
}

interface Source {
  provider: TableProvider | null;
  ref: A.TableRef | null;
  schema: string | null;
  rows: readonly SqlValue[][];
  binding: TableBinding;
}

async function openSource(stmt: A.SelectStmt, env: EvalEnv, tctx: TableContext): Promise<Source> {
  const ref = stmt.from;
  if (!ref) {
    return { provider: null, ref: null, schema: null, rows: [[]], binding: new TableBinding([], [], null, null) };
  }
  const schema = ref.schema ?? env.session.database;
  if (schema === null) throw mysqlError('ER_NO_DB_ERROR');
  const provider = env.server.catalog.find(schema, ref.name);
  if (!provider) {
    if (schema.toLowerCase() === INFORMATION_SCHEMA) throw mysqlError('ER_UNKNOWN_TABLE', ref.name, schema);
    throw mysqlError('ER_NO_SUCH_TABLE', schema, ref.name);
  }
  const rows = await provider.rows(tctx);
  const types = provider.columns.map(valueTypeOf);
  const binding = new TableBinding(provider.columns, types, ref.alias ?? ref.name, schema);
  return { provider, ref, schema, rows, binding };
}

/** `*` and `t.*` become one item per table column. */
function expandItems(stmt: A.SelectStmt, source: Source): { item: A.SelectItem; column?: TableColumn }[] {
  const out: { item: A.SelectItem; column?: TableColumn }[] = [];
  for (const item of stmt.items) {
    if (item.expr.kind === 'star') {
      if (!source.provider) throw mysqlError('ER_NO_TABLES_USED');
      const qualifier = item.expr.table;
      if (qualifier !== undefined && qualifier !== (source.ref!.alias ?? source.ref!.name)) {
        throw mysqlError('ER_BAD_TABLE_ERROR', qualifier);
      }
      for (const column of source.provider.columns) {
        out.push({ item: { expr: { kind: 'column', name: column.name }, text: column.name }, column });
      }
      continue;
    }
    const column = item.expr.kind === 'column' && source.provider ? source.provider.columns[source.binding.resolve(item.expr, 'field list')] : undefined;
    out.push(column ? { item, column } : { item });
  }
  return out;
}

/** ORDER BY / HAVING may name select-list aliases (they win over columns) and ORDER BY may use positions. */
function substituteAliases(e: A.Expr, aliases: Map<string, A.Expr>): A.Expr {
  if (e.kind === 'column' && e.table === undefined) return aliases.get(e.name.toLowerCase()) ?? e;
  let changed = false;
  const copy: Record<string, unknown> = { ...e };
  for (const [k, v] of Object.entries(e)) {
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
function positional(e: A.Expr, items: { item: A.SelectItem }[], clause: string): A.Expr {
  if (e.kind === 'literal' && e.literal === 'int') {
    const n = Number(e.value);
    const target = items[n - 1];
    if (!target) throw mysqlError('ER_BAD_FIELD_ERROR', String(n), clause);
    return target.item.expr;
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
          const keyed = rows.map((row) => {
            env.row = row;
            return { row, keys: call.orderBy!.map((o) => evaluate(o.expr, env)), values: call.args.map((a) => evaluate(a, env)) };
          }).filter((r) => r.values.every((v) => v !== null));
          sortKeyed(keyed, call.orderBy.map((o) => ({ desc: o.desc, type: env.typeOf(o.expr) })));
          list = keyed.map((k) => k.values);
          if (call.distinct) list = distinctTuples(list, argTypes);
        }
        return list.map((t) => t.map(toText).join('')).join(call.separator ?? ',').slice(0, 1024);
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

/** MySQL's default column name: the alias, a string literal's value, a column's name, else the item's text. */
function itemName(item: A.SelectItem): string {
  if (item.alias !== undefined) return item.alias;
  const e = item.expr;
  if (e.kind === 'literal' && e.literal === 'string') return String(e.value);
  if (e.kind === 'column') return e.name;
  return item.text;
}

function columnDef(item: A.SelectItem, type: ValueType, source: Source, column?: TableColumn): ColumnDef {
  // A bare column of a view takes the view's name for it (an alias still wins).
  const viewName = column && item.alias === undefined && item.expr.kind === 'column' && source.provider?.viewColumnNames;
  const def: ColumnDef = {
    name: viewName ? column.name : itemName(item),
    type: type.type,
    charset: type.charset,
    length: type.length,
    flags: type.flags,
    decimals: type.decimals,
  };
  if (column && source.ref) {
    def.orgName = column.orgName ?? column.name;
    def.table = source.ref.alias ?? source.ref.name;
    def.orgTable = column.orgTable ?? source.provider!.name;
    def.schema = column.schema ?? source.schema ?? '';
  }
  return def;
}

/** The types of a SELECT's result columns without running it (COM_STMT_PREPARE), or null if they depend on data. */
export function selectColumnsWithoutRows(stmt: A.SelectStmt, env: EvalEnv): ColumnDef[] | null {
  if (stmt.from) {
    const provider = env.server.catalog.find(stmt.from.schema ?? env.session.database ?? '', stmt.from.name);
    if (!provider) return null;
    const source: Source = {
      provider,
      ref: stmt.from,
      schema: stmt.from.schema ?? env.session.database,
      rows: [],
      binding: new TableBinding(provider.columns, provider.columns.map(valueTypeOf), stmt.from.alias ?? stmt.from.name, stmt.from.schema ?? env.session.database),
    };
    env.binding = source.binding;
    return expandItems(stmt, source).map(({ item, column }) => columnDef(item, env.typeOf(item.expr), source, column));
  }
  const source: Source = { provider: null, ref: null, schema: null, rows: [[]], binding: new TableBinding([], [], null, null) };
  env.binding = source.binding;
  return stmt.items.map((item) => columnDef(item, env.typeOf(item.expr), source));
}

export async function executeSelect(stmt: A.SelectStmt, env: EvalEnv, tctx: TableContext): Promise<RowsResult> {
  const source = await openSource(stmt, env, tctx);
  env.binding = source.binding;
  env.clause = 'field list';
  const items = expandItems(stmt, source);
  const itemTypes = items.map(({ item }) => env.typeOf(item.expr));
  const columns = items.map(({ item, column }, i) => columnDef(item, itemTypes[i]!, source, column));

  // WHERE
  let rows = source.rows;
  if (stmt.where) {
    env.clause = 'where clause';
    const where = stmt.where;
    rows = rows.filter((row) => {
      env.row = row;
      const v = evaluate(where, env);
      return v !== null && toNumber(v) !== 0;
    });
  }

  // Aliases usable in GROUP BY / HAVING / ORDER BY.
  const aliases = new Map<string, A.Expr>();
  for (const { item } of items) if (item.alias !== undefined && !aliases.has(item.alias.toLowerCase())) aliases.set(item.alias.toLowerCase(), item.expr);
  const having = stmt.having ? substituteAliases(stmt.having, aliases) : undefined;
  const orderBy = stmt.orderBy?.map((o) => ({ desc: o.desc, expr: substituteAliases(positional(o.expr, items, 'order clause'), aliases) }));
  const groupBy = stmt.groupBy?.map((g) => {
    const e = positional(g, items, 'group statement');
    return e.kind === 'column' && e.table === undefined && !source.binding.has(e.name) ? (aliases.get(e.name.toLowerCase()) ?? e) : e;
  });

  // Groups.
  const aggregateCalls: A.CallExpr[] = [];
  const collect = (e: A.Expr): void => forEachAggregate(e, (c) => aggregateCalls.push(c));
  items.forEach(({ item }) => collect(item.expr));
  if (having) collect(having);
  orderBy?.forEach((o) => collect(o.expr));

  interface Group {
    first: SqlValue[];
    rows: SqlValue[][];
  }
  let groups: Group[];
  const nullRow = (): SqlValue[] => source.binding.columns.map(() => null);
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
    groups = [{ first: rows[0] ?? nullRow(), rows: rows as SqlValue[][] }];
  } else {
    groups = rows.map((row) => ({ first: row, rows: [row] }));
  }

  // Output rows, with their ORDER BY keys.
  const out: { values: SqlValue[]; keys: SqlValue[] }[] = [];
  for (const g of groups) {
    if (aggregateCalls.length > 0) {
      env.aggregates = new Map(aggregateCalls.map((c) => [c, computeAggregate(c, g.rows, env)]));
    }
    env.row = g.first;
    if (having) {
      env.clause = 'having clause';
      const v = evaluate(having, env);
      if (v === null || toNumber(v) === 0) continue;
    }
    env.clause = 'field list';
    const values = items.map(({ item }) => evaluate(item.expr, env));
    env.clause = 'order clause';
    const keys = orderBy ? orderBy.map((o) => evaluate(o.expr, env)) : [];
    out.push({ values, keys });
  }
  env.aggregates = null;

  let result = out;
  if (stmt.distinct) {
    const keep = new Set(distinctTuples(out.map((r) => r.values), itemTypes));
    result = out.filter((r) => keep.has(r.values));
  }
  if (orderBy) sortKeyed(result, orderBy.map((o) => ({ desc: o.desc, type: env.typeOf(o.expr) })));
  if (stmt.limit) {
    const offset = stmt.limit.offset ? limitNumber(stmt.limit.offset, env) : 0;
    result = result.slice(offset, offset + limitNumber(stmt.limit.count, env));
  }
  return {
    kind: 'rows',
    columns,
    rows: result.map((r) => r.values.map((v, i) => outputValue(v, itemTypes[i]!))),
  };
}

/** SHOW ... WHERE expr: filters rows of a result by an expression over its column names. */
export function filterResultRows(result: RowsResult, where: A.Expr, env: EvalEnv): RowsResult {
  const types = result.columns.map(valueTypeOf);
  env.binding = new TableBinding(result.columns, types, null, null);
  env.clause = 'where clause';
  const rows = result.rows.filter((row) => {
    env.row = row;
    const v = evaluate(where, env);
    return v !== null && toNumber(v) !== 0;
  });
  return { ...result, rows };
}
