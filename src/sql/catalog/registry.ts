/**
 * The catalog's registry: tables by schema and name (information_schema
 * names are case-insensitive, other schemas and tables case-sensitive, as
 * with lower_case_table_names=0), and the column helpers tables use.
 */
import type { Catalog, TableColumn, TableProvider } from '../context.js';
import { Charset, ColumnFlag, ColumnType } from '../../wire/result.js';

const INFORMATION_SCHEMA = 'information_schema';

/** information_schema names are case-insensitive; other schemas and tables are case-sensitive (lower_case_table_names=0). */
function key(schema: string, name: string): string {
  return schema.toLowerCase() === INFORMATION_SCHEMA ? `${INFORMATION_SCHEMA}.${name.toUpperCase()}` : `${schema}.${name}`;
}

/** The catalog of one server: every table it shows, registered once by createCatalog(). */
export class TableRegistry implements Catalog {
  private readonly tables = new Map<string, TableProvider>();

  register(provider: TableProvider): void {
    this.tables.set(key(provider.schema, provider.name), provider);
  }

  find(schema: string, name: string): TableProvider | undefined {
    return this.tables.get(key(schema, name));
  }

  /** Tables of one schema, sorted by name (SHOW TABLES). */
  tablesIn(schema: string): TableProvider[] {
    const prefix = key(schema, '').toLowerCase();
    return [...this.tables.entries()]
      .filter(([k]) => k.toLowerCase().startsWith(prefix) && k.slice(prefix.length).indexOf('.') < 0)
      .map(([, t]) => t)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}

// ---------------------------------------------------------------- column helpers

/** An information_schema VARCHAR(n) column (utf8mb3 in MySQL). */
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
