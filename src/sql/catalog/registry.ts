/**
 * The catalog's registry: every table of a server, from its definitions
 * (definitions/, decoded on first use) with live row sources laid over the
 * tables that hold live data. information_schema names are
 * case-insensitive, other schemas and tables case-sensitive, as with
 * lower_case_table_names=0.
 */
import type { Profile } from '../../config/profiles.js';
import { Charset, ColumnFlag, ColumnType } from '../../wire/result.js';
import type { Catalog, RowsLookup, TableColumn, TableContext, TableProvider } from '../context.js';
import type { SqlValue } from '../../wire/result.js';
import { keyIndexes, wireColumn } from './column-type.js';
import { catalogDefinitions } from './definitions/index.js';
import type { CatalogDefinitions, CatalogDialect, ColumnDefinition, TableDefinition } from './model.js';
import { checkRead } from './visibility.js';

const INFORMATION_SCHEMA = 'information_schema';

/** information_schema names are case-insensitive; other schemas and tables are case-sensitive (lower_case_table_names=0). */
function key(schema: string, name: string): string {
  return schema.toLowerCase() === INFORMATION_SCHEMA ? `${INFORMATION_SCHEMA}.${name.toUpperCase()}` : `${schema}.${name}`;
}

/** A table of the catalog: its definition, its result columns (derived from the definition) and its rows. */
export interface CatalogTable extends TableProvider {
  readonly definition: TableDefinition;
}

/** The definition behind a table the catalog returned (every catalog table has one). */
export function definitionOf(provider: TableProvider): TableDefinition | undefined {
  return (provider as Partial<CatalogTable>).definition;
}

/** A live row source laid over a defined table (or a table of its own, such as OceanBase's views). */
export type LiveTable = TableProvider;

/** A row as a record of column values by column name (matched case-insensitively; missing columns are NULL). */
export type RowRecord = Record<string, SqlValue>;

/** A live source that gives its rows by column name, for tables whose columns differ between servers. */
export interface RecordSource {
  readonly schema: string;
  readonly name: string;
  /** `lookup`: the query's constant equalities on this table (a source may skip rows that cannot match). */
  records(ctx: TableContext, table: TableDefinition, lookup?: RowsLookup): readonly RowRecord[] | Promise<readonly RowRecord[]>;
}

function recordsToRows(definition: TableDefinition, records: readonly RowRecord[]): SqlValue[][] {
  if (records.length === 0) return [];
  const names = definition.columns.map((c) => c.name);
  return records.map((r) => {
    // A record names its columns as the definition does; other spellings are matched case-insensitively.
    let lower: Map<string, SqlValue> | undefined;
    return names.map((n) => {
      if (n in r) return r[n]!;
      if (!lower) {
        lower = new Map();
        for (const [k, v] of Object.entries(r)) lower.set(k.toLowerCase(), v);
      }
      return lower.get(n.toLowerCase()) ?? null;
    });
  });
}

/** Rows of a live source, put in the definition's column order (matching names case-insensitively). */
function reorder(definition: TableDefinition, own: readonly TableColumn[]): ((row: readonly SqlValue[]) => SqlValue[]) | null {
  const positions = definition.columns.map((c) => own.findIndex((o) => o.name.toLowerCase() === c.name.toLowerCase()));
  if (positions.length === own.length && positions.every((p, i) => p === i)) return null;
  return (row) => positions.map((p) => (p < 0 ? null : (row[p] ?? null)));
}

/** A table for every definition; `live` supplies rows (and, for views, its own result columns). */
class DefinedTable implements CatalogTable {
  private cached: readonly TableColumn[] | undefined;
  readonly viewColumnNames: boolean;

  constructor(
    readonly definition: TableDefinition,
    private readonly live: LiveTable | undefined,
    private readonly source: RecordSource | undefined,
    private readonly dialect: CatalogDialect,
  ) {
    this.viewColumnNames = live?.viewColumnNames ?? false;
  }

  get schema(): string {
    return this.definition.schema;
  }

  get name(): string {
    return this.definition.name;
  }

  get columns(): readonly TableColumn[] {
    this.cached ??= this.resultColumns();
    return this.cached;
  }

  private resultColumns(): readonly TableColumn[] {
    const d = this.definition;
    // A view's columns are expressions: their metadata is the live source's (MariaDB's mysql.user).
    if (this.live && d.type === 'VIEW') return this.live.columns;
    const indexes = keyIndexes(d.columns, d.indexes);
    return d.columns.map((c) => wireColumn(c, d.schema, d.name, indexes, this.dialect));
  }

  rows(ctx: TableContext, lookup?: RowsLookup): readonly SqlValue[][] | Promise<readonly SqlValue[][]> {
    checkRead(ctx, this.definition.schema, this.definition.name);
    if (this.source) {
      const records = this.source.records(ctx, this.definition, lookup);
      return records instanceof Promise ? records.then((r) => recordsToRows(this.definition, r)) : recordsToRows(this.definition, records);
    }
    if (!this.live) return [];
    const map = reorder(this.definition, this.live.columns);
    const rows = this.live.rows(ctx);
    if (!map) return rows;
    return rows instanceof Promise ? rows.then((r) => r.map(map)) : rows.map(map);
  }
}

/** A definition for a live table the research has none for (OceanBase's views): from its result columns. */
function definitionFromColumns(live: LiveTable): TableDefinition {
  const columns: ColumnDefinition[] = live.columns.map((c) => {
    const chars = Math.max(1, Math.round((c.length ?? 0) / 4));
    const text = c.type === ColumnType.VAR_STRING || c.type === ColumnType.STRING;
    const integer = c.type === ColumnType.LONGLONG || c.type === ColumnType.LONG;
    return {
      name: c.name,
      columnType: text ? `varchar(${chars})` : integer ? 'bigint' : c.type === ColumnType.TIMESTAMP || c.type === ColumnType.DATETIME ? 'datetime' : 'longtext',
      collation: text || !integer ? 'utf8mb4_bin' : null,
      nullable: ((c.flags ?? 0) & ColumnFlag.NOT_NULL) === 0,
      key: '',
      default: null,
      extra: '',
      comment: '',
    };
  });
  return {
    schema: live.schema,
    name: live.name,
    type: 'SYSTEM VIEW',
    engine: null,
    rowFormat: null,
    collation: null,
    comment: '',
    createOptions: '',
    kind: '',
    inferred: true,
    columns,
    indexes: [],
    createTable: null,
  };
}

/** A live table with no definition keeps its own columns. */
class UndefinedTable implements CatalogTable {
  readonly definition: TableDefinition;
  constructor(private readonly live: LiveTable) {
    this.definition = definitionFromColumns(live);
  }
  get schema(): string {
    return this.live.schema;
  }
  get name(): string {
    return this.live.name;
  }
  get columns(): readonly TableColumn[] {
    return this.live.columns;
  }
  get viewColumnNames(): boolean {
    return this.live.viewColumnNames ?? false;
  }
  rows(ctx: TableContext) {
    return this.live.rows(ctx);
  }
}

/**
 * The catalog of one server. createCatalog() registers the live sources
 * (cheap: closures only); the definitions are decoded and the tables built
 * on the first lookup.
 */
export class TableRegistry implements Catalog {
  private readonly live = new Map<string, LiveTable>();
  /** Live tables the server shows although no definition names them (OceanBase's views). */
  private readonly own = new Set<string>();
  private readonly sources = new Map<string, RecordSource>();
  private tables: Map<string, CatalogTable> | null = null;
  private ordered: CatalogTable[] = [];
  private defs: CatalogDefinitions | null = null;
  private installedAt: number | null = null;

  constructor(readonly profile: Profile) {}

  /** A live row source laid over the definition of `schema`.`name` (ignored when this server has no such table). */
  overlay(provider: LiveTable): void {
    this.live.set(key(provider.schema, provider.name), provider);
    this.tables = null;
  }

  /**
   * A live table: laid over its definition when the server has one, else a
   * table of its own with its own columns (OceanBase's views, tests' tables).
   */
  register(provider: LiveTable): void {
    this.overlay(provider);
    this.own.add(key(provider.schema, provider.name));
  }

  /** A live source of rows by column name for `schema`.`name` (ignored when the server has no such table). */
  registerRecords(source: RecordSource): void {
    this.sources.set(key(source.schema, source.name), source);
    this.tables = null;
  }

  /** Whether the definitions have been decoded (they are on first use). */
  get loaded(): boolean {
    return this.defs !== null;
  }

  /** The server's definitions (decoded on first use). */
  hasFunction(schema: string, name: string): boolean {
    const n = name.toLowerCase();
    return this.definitions().routines.some((r) => r.type === 'FUNCTION' && r.schema === schema && r.name.toLowerCase() === n);
  }

  definitions(): CatalogDefinitions {
    this.defs ??= catalogDefinitions(this.profile.catalogTable);
    return this.defs;
  }

  /** When the system schemas were "installed": the first time this server's catalog was read (CREATE_TIME, Created). */
  installTime(now: () => number): number {
    this.installedAt ??= now();
    return this.installedAt;
  }

  private build(): Map<string, CatalogTable> {
    if (this.tables) return this.tables;
    const tables = new Map<string, CatalogTable>();
    const ordered: CatalogTable[] = [];
    for (const d of this.definitions().tables) {
      const k = key(d.schema, d.name);
      const table = new DefinedTable(d, this.live.get(k), this.sources.get(k), this.definitions().dialect);
      tables.set(k, table);
      ordered.push(table);
    }
    for (const [k, live] of this.live) {
      if (tables.has(k) || !this.own.has(k)) continue;
      const table = new UndefinedTable(live);
      tables.set(k, table);
      ordered.push(table);
    }
    this.tables = tables;
    this.ordered = ordered;
    return tables;
  }

  find(schema: string, name: string): CatalogTable | undefined {
    return this.build().get(key(schema, name));
  }

  /** Tables of one schema, sorted by name (SHOW TABLES); MariaDB lists information_schema in its own order. */
  tablesIn(schema: string): CatalogTable[] {
    this.build();
    const lower = schema.toLowerCase();
    const infoSchema = lower === INFORMATION_SCHEMA;
    const tables = this.ordered.filter((t) => (infoSchema ? t.schema.toLowerCase() === lower : t.schema === schema));
    if (infoSchema && this.definitions().dialect === 'mariadb') return tables;
    return tables.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Every table, schema by schema in definition order. */
  all(): readonly CatalogTable[] {
    this.build();
    return this.ordered;
  }
}

// ---------------------------------------------------------------- column helpers

/** An information_schema VARCHAR(n) column (utf8mb3 in MySQL), for result sets built by hand. */
export function varcharColumn(table: string, name: string, chars: number, notNull = true, schema = INFORMATION_SCHEMA): TableColumn {
  return {
    name,
    orgName: name,
    table,
    orgTable: table,
    schema,
    type: ColumnType.VAR_STRING,
    charset: Charset.UTF8MB3_GENERAL_CI,
    length: chars * 3,
    flags: notNull ? ColumnFlag.NOT_NULL : 0,
  };
}

export function bigintColumn(table: string, name: string, notNull = true, schema = INFORMATION_SCHEMA): TableColumn {
  return {
    name,
    orgName: name,
    table,
    orgTable: table,
    schema,
    type: ColumnType.LONGLONG,
    charset: Charset.BINARY,
    length: 21,
    flags: ColumnFlag.BINARY | ColumnFlag.UNSIGNED | (notNull ? ColumnFlag.NOT_NULL : 0),
  };
}
