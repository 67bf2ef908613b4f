/**
 * A column's type text (`char(255)`, `int unsigned`, `enum('N','Y')`,
 * `timestamp(6)`) read the way the server reads it: the result-set column
 * definition a SELECT of it sends (type code, length in bytes, flags,
 * collation id, decimals) and the numbers information_schema.COLUMNS
 * shows. One function, wireColumn(), derives every catalog column's
 * metadata.
 */
import { CHARSETS, COLLATIONS } from '../../config/charsets.js';
import { Charset, ColumnFlag, ColumnType, type ColumnTypeCode } from '../../wire/result.js';
import type { TableColumn } from '../context.js';
import type { CatalogDialect, ColumnDefinition, IndexDefinition } from './model.js';

/** Flags the wire layer does not name (mysql_com.h). */
export const NO_DEFAULT_VALUE_FLAG = 0x1000;
export const ON_UPDATE_NOW_FLAG = 0x2000;
export const PART_KEY_FLAG = 0x4000;

const MAX_LENGTH = 4294967295;
/** NOT_FIXED_DEC: FLOAT and DOUBLE without a scale. */
const NOT_FIXED_DEC = 31;

export interface ParsedType {
  /** Lower-case base type: `varchar`, `int`, `enum`, ... (DATA_TYPE). */
  readonly base: string;
  /** The numbers in parentheses (`decimal(10,2)` -> [10, 2]); empty for enum/set. */
  readonly size: readonly number[];
  /** ENUM / SET members. */
  readonly members: readonly string[];
  readonly unsigned: boolean;
  readonly zerofill: boolean;
}

/** Reads `name(args) [unsigned] [zerofill]`. */
export function parseColumnType(text: string): ParsedType {
  const lower = text.trim();
  const open = lower.indexOf('(');
  const base = (open < 0 ? lower.split(' ')[0]! : lower.slice(0, open)).toLowerCase();
  let args = '';
  let rest = open < 0 ? lower.slice(base.length) : '';
  if (open >= 0) {
    // The closing parenthesis is the first one outside a quoted member.
    let i = open + 1;
    let quoted = false;
    for (; i < lower.length; i++) {
      const c = lower[i];
      if (quoted) {
        if (c === "'" && lower[i + 1] === "'") i++;
        else if (c === '\\') i++;
        else if (c === "'") quoted = false;
      } else if (c === "'") quoted = true;
      else if (c === ')') break;
    }
    args = lower.slice(open + 1, i);
    rest = lower.slice(i + 1);
  }
  const words = rest.toLowerCase().split(/\s+/);
  const members = base === 'enum' || base === 'set' ? parseMembers(args) : [];
  const size = members.length > 0 || args === '' ? [] : args.split(',').map((n) => Number(n.trim()));
  return { base, size, members, unsigned: words.includes('unsigned'), zerofill: words.includes('zerofill') };
}

function parseMembers(args: string): string[] {
  const out: string[] = [];
  const re = /'((?:[^'\\]|''|\\.)*)'/g;
  for (let m = re.exec(args); m; m = re.exec(args)) out.push(m[1]!.replace(/''/g, "'").replace(/\\(.)/g, '$1'));
  return out;
}

// ---------------------------------------------------------------- collations

interface CollationFacts {
  id: number;
  charset: string;
  maxLen: number;
  /** A _bin collation or the binary charset: the column carries BINARY_FLAG. */
  binary: boolean;
}

/** What a collation name means (`utf8_bin` is 5.x's name for utf8mb3_bin). */
export function collationFacts(name: string | null): CollationFacts {
  if (name === null || name === 'binary') return { id: Charset.BINARY, charset: 'binary', maxLen: 1, binary: true };
  const canonical = name.toLowerCase().replace(/^utf8_/, 'utf8mb3_');
  const collation = COLLATIONS.find((c) => c.name === canonical);
  const charsetName = name.slice(0, name.indexOf('_'));
  const maxLen = CHARSETS.find((c) => c.name === (collation?.charset ?? charsetName))?.maxLen ?? 4;
  return { id: collation?.id ?? Charset.UTF8MB4_0900_AI_CI, charset: charsetName, maxLen, binary: canonical.endsWith('_bin') };
}

// ---------------------------------------------------------------- type families

const INTEGERS: Record<string, { code: ColumnTypeCode; width: number; unsignedWidth: number; precision: number }> = {
  tinyint: { code: ColumnType.TINY, width: 4, unsignedWidth: 3, precision: 3 },
  smallint: { code: ColumnType.SHORT, width: 6, unsignedWidth: 5, precision: 5 },
  mediumint: { code: ColumnType.INT24, width: 9, unsignedWidth: 8, precision: 7 },
  int: { code: ColumnType.LONG, width: 11, unsignedWidth: 10, precision: 10 },
  integer: { code: ColumnType.LONG, width: 11, unsignedWidth: 10, precision: 10 },
  bigint: { code: ColumnType.LONGLONG, width: 20, unsignedWidth: 20, precision: 19 },
};

const BLOB_SIZES: Record<string, number> = {
  tinyblob: 255, tinytext: 255, blob: 65535, text: 65535, mediumblob: 16777215, mediumtext: 16777215, longblob: MAX_LENGTH, longtext: MAX_LENGTH,
};

const TEMPORAL: Record<string, { code: ColumnTypeCode; width: number }> = {
  date: { code: ColumnType.DATE, width: 10 },
  time: { code: ColumnType.TIME, width: 10 },
  datetime: { code: ColumnType.DATETIME, width: 19 },
  timestamp: { code: ColumnType.TIMESTAMP, width: 19 },
};

const isString = (base: string) => base === 'char' || base === 'varchar' || base === 'binary' || base === 'varbinary' || base === 'enum' || base === 'set' || base in BLOB_SIZES;
const isTextual = (t: ParsedType, collation: string | null) => isString(t.base) && collation !== null;

/** CHARACTER_MAXIMUM_LENGTH (characters; bytes for binary strings), or null. */
function characterLength(t: ParsedType): number | null {
  if (t.base === 'char' || t.base === 'varchar' || t.base === 'binary' || t.base === 'varbinary') return t.size[0] ?? 1;
  if (t.base === 'enum') return Math.max(0, ...t.members.map((m) => [...m].length));
  if (t.base === 'set') return t.members.reduce((n, m) => n + [...m].length, 0) + Math.max(0, t.members.length - 1);
  if (t.base in BLOB_SIZES) return BLOB_SIZES[t.base]!;
  return null;
}

// ---------------------------------------------------------------- wire metadata

/**
 * The indexes as the server keys a table's fields: without a PRIMARY KEY,
 * the first UNIQUE index whose columns are all NOT NULL is the primary key
 * (TABLE_SHARE::primary_key; MariaDB's mysql.roles_mapping: Host, User and
 * Role are all PRI_KEY).
 */
export function keyIndexes(columns: readonly ColumnDefinition[], indexes: readonly IndexDefinition[]): readonly IndexDefinition[] {
  if (indexes.some((i) => i.name === 'PRIMARY')) return indexes;
  const notNull = (name: string) => columns.some((c) => c.name.toLowerCase() === name.toLowerCase() && !c.nullable);
  const primary = indexes.find((i) => i.unique && i.columns.length > 0 && i.columns.every((c) => c.subPart === null && notNull(c.name)));
  return primary ? indexes.map((i) => (i === primary ? { ...i, name: 'PRIMARY' } : i)) : indexes;
}

/** Where a column sits in its table's keys (MySQL's table.cc: PRI_KEY, UNIQUE_KEY, MULTIPLE_KEY, PART_KEY). */
function keyFlags(column: ColumnDefinition, indexes: readonly IndexDefinition[]): number {
  if (indexes.length === 0) {
    if (column.key === 'PRI') return ColumnFlag.PRI_KEY | PART_KEY_FLAG;
    if (column.key === 'UNI') return ColumnFlag.UNIQUE_KEY | PART_KEY_FLAG;
    if (column.key === 'MUL') return ColumnFlag.MULTIPLE_KEY | PART_KEY_FLAG;
    return 0;
  }
  let flags = 0;
  for (const index of indexes) {
    const at = index.columns.findIndex((c) => c.name.toLowerCase() === column.name.toLowerCase());
    if (at < 0) continue;
    flags |= PART_KEY_FLAG;
    if (index.name === 'PRIMARY') flags |= ColumnFlag.PRI_KEY;
    else if (at === 0) flags |= index.unique && index.columns.length === 1 ? ColumnFlag.UNIQUE_KEY : ColumnFlag.MULTIPLE_KEY;
  }
  return flags;
}

/** MariaDB's information_schema text columns declared Longtext(MAX_FIELD_VARCHARLENGTH - 3). */
const MARIADB_SHORT_TEXT = new Set(['CHECK_CLAUSE', 'COLUMN_DEFAULT', 'GENERATION_EXPRESSION']);

/** A DEFAULT CURRENT_TIMESTAMP (MySQL) or current_timestamp() (MariaDB). */
function defaultsToNow(column: ColumnDefinition): boolean {
  return column.default !== null && /^current_timestamp/i.test(column.default);
}

/** Whether the column has no default at all (NOT NULL without DEFAULT). */
function hasNoDefault(column: ColumnDefinition): boolean {
  return !column.nullable && column.default === null && !/auto_increment/i.test(column.extra);
}

/**
 * The result-set column definition of `schema`.`table`.`column`: type
 * code, length in bytes (characters times the charset's maximum bytes per
 * character; a BLOB or TEXT its byte capacity), flags, collation id and
 * decimals, as MySQL's Field describes them in the column's own character
 * set (sql/exec/results-charset.ts converts them to character_set_results
 * on the way out). MariaDB's fields
 * carry no NUM flag, and its TIMESTAMP fields are UNSIGNED (live 10.11).
 */
export function wireColumn(column: ColumnDefinition, schema: string, table: string, indexes: readonly IndexDefinition[] = [], dialect: CatalogDialect = 'mysql-8'): TableColumn {
  const t = parseColumnType(column.columnType);
  const facts = collationFacts(isTextual(t, column.collation) ? column.collation : null);
  let type: ColumnTypeCode;
  let length: number;
  let decimals = 0;
  // performance_schema's indexes are its own (HASH, in the storage engine): its fields carry no key flags
  // (SHOW VARIABLES' Variable_name, session_variables' primary key, is 4097 in MySQL 8.4's show_check_ci.result).
  let flags = schema === 'performance_schema' ? 0 : keyFlags(column, indexes);
  if (!column.nullable) flags |= ColumnFlag.NOT_NULL;
  if (hasNoDefault(column) && !(t.base === 'timestamp' && defaultsToNow(column))) flags |= NO_DEFAULT_VALUE_FLAG;
  if (/auto_increment/i.test(column.extra)) flags |= ColumnFlag.AUTO_INCREMENT;
  if (/on update/i.test(column.extra)) flags |= ON_UPDATE_NOW_FLAG;
  const integer = INTEGERS[t.base];
  const temporal = TEMPORAL[t.base];
  if (integer) {
    type = integer.code;
    length = t.size[0] ?? (t.unsigned ? integer.unsignedWidth : integer.width);
    flags |= ColumnFlag.NUM;
  } else if (t.base === 'decimal' || t.base === 'numeric') {
    type = ColumnType.NEWDECIMAL;
    const [precision = 10, scale = 0] = t.size;
    decimals = scale;
    length = precision + (scale > 0 ? 1 : 0) + (t.unsigned ? 0 : 1);
    flags |= ColumnFlag.NUM;
  } else if (t.base === 'float' || t.base === 'double' || t.base === 'real') {
    type = t.base === 'float' ? ColumnType.FLOAT : ColumnType.DOUBLE;
    length = t.size[0] ?? (t.base === 'float' ? 12 : 22);
    decimals = t.size.length > 1 ? t.size[1]! : NOT_FIXED_DEC;
    flags |= ColumnFlag.NUM;
  } else if (t.base === 'year') {
    type = ColumnType.YEAR;
    length = 4;
    flags |= ColumnFlag.NUM | ColumnFlag.UNSIGNED | ColumnFlag.ZEROFILL;
  } else if (t.base === 'bit') {
    type = ColumnType.BIT;
    length = t.size[0] ?? 1;
    flags |= ColumnFlag.UNSIGNED;
  } else if (temporal) {
    type = temporal.code;
    decimals = t.size[0] ?? 0;
    length = temporal.width + (decimals > 0 ? decimals + 1 : 0);
    flags |= ColumnFlag.BINARY;
    if (defaultsToNow(column)) flags |= ColumnFlag.TIMESTAMP;
  } else if (t.base === 'json') {
    type = ColumnType.JSON;
    length = MAX_LENGTH;
    flags |= ColumnFlag.BLOB | ColumnFlag.BINARY;
  } else if (t.base in BLOB_SIZES) {
    // A BLOB or TEXT field's length is its byte capacity, whatever its character set (Field_blob).
    type = ColumnType.BLOB;
    length = BLOB_SIZES[t.base]!;
    flags |= ColumnFlag.BLOB;
    if (facts.binary) flags |= ColumnFlag.BINARY;
  } else if (isString(t.base)) {
    type = t.base === 'varchar' || t.base === 'varbinary' ? ColumnType.VAR_STRING : ColumnType.STRING;
    length = (characterLength(t) ?? 0) * facts.maxLen;
    if (t.base === 'enum') flags |= ColumnFlag.ENUM;
    if (t.base === 'set') flags |= ColumnFlag.SET;
    if (facts.binary) flags |= ColumnFlag.BINARY;
  } else {
    // geometry and anything unknown: a binary BLOB.
    type = ColumnType.BLOB;
    length = MAX_LENGTH;
    flags |= ColumnFlag.BLOB | ColumnFlag.BINARY;
  }
  if (t.unsigned) flags |= ColumnFlag.UNSIGNED;
  if (t.zerofill) flags |= ColumnFlag.ZEROFILL;
  if (dialect === 'mariadb') {
    flags &= ~ColumnFlag.NUM;
    if (t.base === 'timestamp') flags |= ColumnFlag.UNSIGNED;
    if (schema.toLowerCase() === 'information_schema') {
      // Its tables are temporary tables built from ST_FIELD_INFO: every field is NO_DEFAULT_VALUE, and
      // a text column is Longtext(65535) characters (65532 for the expression columns) (live 10.11).
      flags |= NO_DEFAULT_VALUE_FLAG;
      if (type === ColumnType.BLOB) length = facts.binary && facts.id === Charset.BINARY ? 65535 : (MARIADB_SHORT_TEXT.has(column.name) ? 65532 : 65535) * facts.maxLen;
    }
  }
  const def: TableColumn = {
    name: column.name,
    orgName: column.name,
    table,
    orgTable: table,
    schema,
    type,
    charset: facts.id,
    length,
    flags,
    decimals,
  };
  if (t.base === 'enum') def.enumValues = t.members;
  return def;
}

// ---------------------------------------------------------------- information_schema.COLUMNS

export interface ColumnNumbers {
  dataType: string;
  characterMaximumLength: number | null;
  characterOctetLength: number | null;
  numericPrecision: number | null;
  numericScale: number | null;
  datetimePrecision: number | null;
  characterSetName: string | null;
}

/** DATA_TYPE, CHARACTER_MAXIMUM_LENGTH ... DATETIME_PRECISION and CHARACTER_SET_NAME of a column. */
export function columnNumbers(column: ColumnDefinition): ColumnNumbers {
  const t = parseColumnType(column.columnType);
  const chars = characterLength(t);
  const facts = collationFacts(column.collation);
  const integer = INTEGERS[t.base];
  let numericPrecision: number | null = null;
  let numericScale: number | null = null;
  if (integer) {
    numericPrecision = t.base === 'bigint' && t.unsigned ? 20 : integer.precision;
    numericScale = 0;
  } else if (t.base === 'decimal' || t.base === 'numeric') {
    numericPrecision = t.size[0] ?? 10;
    numericScale = t.size[1] ?? 0;
  } else if (t.base === 'float' || t.base === 'double' || t.base === 'real') {
    numericPrecision = t.size[0] ?? (t.base === 'float' ? 12 : 22);
    numericScale = t.size.length > 1 ? t.size[1]! : null;
  } else if (t.base === 'bit') {
    numericPrecision = t.size[0] ?? 1;
  }
  const textual = column.collation !== null && chars !== null;
  return {
    dataType: t.base,
    characterMaximumLength: chars,
    characterOctetLength: chars === null ? null : textual && !(t.base in BLOB_SIZES) ? chars * facts.maxLen : chars,
    numericPrecision,
    numericScale,
    datetimePrecision: t.base === 'time' || t.base === 'datetime' || t.base === 'timestamp' ? (t.size[0] ?? 0) : null,
    characterSetName: column.collation === null ? null : facts.charset,
  };
}
