/**
 * The catalog's definitions as data: every schema, table, column and index
 * a server shows, as its own information_schema describes them. Decoded
 * from the generated modules in definitions/ (scripts/generate-catalog.mjs)
 * for the server's profile only, on first use.
 */

/** Whose rules SHOW CREATE TABLE, SHOW COLUMNS and the column defaults follow. */
export type CatalogDialect = 'mysql-8' | 'mysql-5' | 'mariadb';

export type TableType = 'BASE TABLE' | 'VIEW' | 'SYSTEM VIEW';

/** One column, as information_schema.COLUMNS shows it. */
export interface ColumnDefinition {
  readonly name: string;
  /** COLUMN_TYPE as the server prints it: `char(255)`, `int unsigned`, `int(11) unsigned`, `enum('N','Y')`. */
  readonly columnType: string;
  /** COLLATION_NAME; null for non-string columns. */
  readonly collation: string | null;
  readonly nullable: boolean;
  /** COLUMN_KEY. */
  readonly key: '' | 'PRI' | 'UNI' | 'MUL';
  /**
   * COLUMN_DEFAULT as the server shows it: MySQL the bare value (`N`,
   * `CURRENT_TIMESTAMP`, null for none or NULL); MariaDB an expression
   * (`'N'`, `NULL`, `current_timestamp()`, null for none).
   */
  readonly default: string | null;
  /** EXTRA: `auto_increment`, `on update CURRENT_TIMESTAMP`, `DEFAULT_GENERATED`, ... */
  readonly extra: string;
  readonly comment: string;
}

export interface IndexColumn {
  readonly name: string;
  readonly subPart: number | null;
  /** 'A' ascending, 'D' descending, null (HASH, FULLTEXT). */
  readonly collation: 'A' | 'D' | null;
}

export interface IndexDefinition {
  readonly name: string;
  readonly unique: boolean;
  /** BTREE, HASH, FULLTEXT, SPATIAL. */
  readonly type: string;
  readonly visible: boolean;
  readonly comment: string;
  readonly columns: readonly IndexColumn[];
}

export interface TableDefinition {
  readonly schema: string;
  readonly name: string;
  readonly type: TableType;
  /** null for views (and MySQL 8's information_schema views). */
  readonly engine: string | null;
  readonly rowFormat: string | null;
  /** TABLE_COLLATION; null for views. */
  readonly collation: string | null;
  readonly comment: string;
  /** CREATE_OPTIONS as SHOW TABLE STATUS prints it. */
  readonly createOptions: string;
  /** MySQL 8's information_schema: a view over the data dictionary, or a table filled at run time. */
  readonly kind: 'dd_view' | 'memory_table' | '';
  /** Some of this table's definition was inferred, not read from a server (docs/catalog.md). */
  readonly inferred: boolean;
  readonly columns: readonly ColumnDefinition[];
  readonly indexes: readonly IndexDefinition[];
  /** SHOW CREATE TABLE's exact text, kept only where create-table.ts would print it differently. */
  readonly createTable: string | null;
}

export interface RoutineDefinition {
  readonly schema: string;
  readonly name: string;
  readonly type: 'PROCEDURE' | 'FUNCTION';
  /** A function's return type (DTD_IDENTIFIER), as the server prints it; null for procedures. */
  readonly returns: string | null;
  /** ROUTINE_COMMENT. */
  readonly comment: string;
}

export interface TriggerDefinition {
  readonly schema: string;
  readonly name: string;
  readonly table: string;
  readonly event: 'INSERT' | 'UPDATE' | 'DELETE';
  readonly timing: 'BEFORE' | 'AFTER';
}

export interface SchemaDefinition {
  readonly name: string;
  /** DEFAULT_COLLATION_NAME of the schema on a fresh server. */
  readonly collation: string;
  /** The sys schema's version (sys.version's sys_version), where known. */
  readonly version: string | null;
}

/** Everything one server's catalog holds. */
export interface CatalogDefinitions {
  readonly dialect: CatalogDialect;
  /** The system schemas, in SHOW DATABASES order. */
  readonly schemas: readonly SchemaDefinition[];
  readonly tables: readonly TableDefinition[];
  readonly routines: readonly RoutineDefinition[];
  readonly triggers: readonly TriggerDefinition[];
  /** SHOW PRIVILEGES: Privilege, Context, Comment. */
  readonly privileges: readonly (readonly [string, string, string])[];
  /** SHOW ENGINES: Engine, Support, Comment, Transactions, XA, Savepoints. */
  readonly engines: readonly (readonly (string | null)[])[];
}

// ---------------------------------------------------------------- the text format

/**
 * One line per item, fields separated by tabs; `\N` is NULL and `\\`, `\t`,
 * `\n`, `\q` (a backtick) and `\d` (a dollar sign) are escapes, so the text
 * sits in a String.raw template:
 *
 *   D dialect
 *   S schema collation version
 *   T schema name type(B|V|S) engine rowFormat collation comment createOptions kind inferred(I|-)
 *   C name columnType collation nullable(Y|N) key default extra comment      (a column of the last T)
 *   I name unique(U|-) type visible(Y|N) comment columns                      (name:subPart:collation,...)
 *   X createTable                                                             (of the last T)
 *   R schema name P|F returns comment
 *   G schema name table event timing
 *   P privilege context comment
 *   E engine support comment transactions xa savepoints
 */
const UNESCAPE: Record<string, string> = { '\\': '\\', t: '\t', n: '\n', q: '`', d: '$' };

function field(raw: string): string | null {
  if (raw === '\\N') return null;
  return raw.indexOf('\\') < 0 ? raw : raw.replace(/\\(.)/g, (_, c: string) => UNESCAPE[c] ?? c);
}

const text = (raw: string | undefined): string => field(raw ?? '') ?? '';

const TABLE_TYPES: Record<string, TableType> = { B: 'BASE TABLE', V: 'VIEW', S: 'SYSTEM VIEW' };

interface MutableTable extends Omit<TableDefinition, 'columns' | 'indexes' | 'createTable'> {
  columns: ColumnDefinition[];
  indexes: IndexDefinition[];
  createTable: string | null;
}

/** Decodes one generated definitions text. */
export function decodeDefinitions(source: string): CatalogDefinitions {
  let dialect: CatalogDialect = 'mysql-8';
  const schemas: SchemaDefinition[] = [];
  const tables: MutableTable[] = [];
  const routines: RoutineDefinition[] = [];
  const triggers: TriggerDefinition[] = [];
  const privileges: [string, string, string][] = [];
  const engines: (string | null)[][] = [];
  let table: MutableTable | undefined;
  for (const line of source.split('\n')) {
    if (line === '') continue;
    const f = line.split('\t');
    switch (f[0]) {
      case 'D':
        dialect = f[1] as CatalogDialect;
        break;
      case 'S':
        schemas.push({ name: text(f[1]), collation: text(f[2]), version: field(f[3] ?? '\\N') });
        break;
      case 'T':
        table = {
          schema: text(f[1]),
          name: text(f[2]),
          type: TABLE_TYPES[f[3]!] ?? 'BASE TABLE',
          engine: field(f[4]!),
          rowFormat: field(f[5]!),
          collation: field(f[6]!),
          comment: text(f[7]),
          createOptions: text(f[8]),
          kind: text(f[9]) as TableDefinition['kind'],
          inferred: f[10] === 'I',
          columns: [],
          indexes: [],
          createTable: null,
        };
        tables.push(table);
        break;
      case 'C':
        table!.columns.push({
          name: text(f[1]),
          columnType: text(f[2]),
          collation: field(f[3]!),
          nullable: f[4] === 'Y',
          key: text(f[5]) as ColumnDefinition['key'],
          default: field(f[6]!),
          extra: text(f[7]),
          comment: text(f[8]),
        });
        break;
      case 'I':
        table!.indexes.push({
          name: text(f[1]),
          unique: f[2] === 'U',
          type: text(f[3]),
          visible: f[4] !== 'N',
          comment: text(f[5]),
          columns: text(f[6])
            .split(',')
            .map((c) => {
              const [name = '', subPart = '', collation = 'A'] = c.split(':');
              return { name, subPart: subPart === '' ? null : Number(subPart), collation: collation === '-' ? null : (collation as 'A' | 'D') };
            }),
        });
        break;
      case 'X':
        table!.createTable = field(f[1]!);
        break;
      case 'R':
        routines.push({ schema: text(f[1]), name: text(f[2]), type: f[3] === 'F' ? 'FUNCTION' : 'PROCEDURE', returns: field(f[4] ?? '\\N'), comment: text(f[5]) });
        break;
      case 'G':
        triggers.push({ schema: text(f[1]), name: text(f[2]), table: text(f[3]), event: text(f[4]) as TriggerDefinition['event'], timing: text(f[5]) as TriggerDefinition['timing'] });
        break;
      case 'P':
        privileges.push([text(f[1]), text(f[2]), text(f[3])]);
        break;
      case 'E':
        engines.push(f.slice(1).map(field));
        break;
      default:
        throw new Error(`catalog definitions: unknown line ${JSON.stringify(line.slice(0, 40))}`);
    }
  }
  return { dialect, schemas, tables, routines, triggers, privileges, engines };
}
