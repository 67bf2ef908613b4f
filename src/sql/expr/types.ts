/**
 * Static value types (what a result column's metadata says) and MySQL's
 * value conversions and comparison rules between them.
 */
import { COLLATIONS, maxLenOfCollation } from '../../config/charsets.js';
import type { Profile } from '../../config/profiles.js';
import type * as A from '../parse/ast.js';
import { Charset, ColumnFlag, ColumnType, type ColumnDef, type ColumnTypeCode, type SqlValue } from '../../wire/result.js';

export interface ValueType {
  type: ColumnTypeCode;
  /** Display length in bytes, as column definitions carry it. */
  length: number;
  decimals: number;
  /** Collation id. */
  charset: number;
  flags: number;
  /** ENUM members in declaration order (ORDER BY sorts by index). */
  enumValues?: readonly string[];
  /** TRUE / FALSE: an integer that JSON functions take as a JSON boolean (Item::is_bool_func()). */
  isBool?: true;
}

/** MySQL's "not a fixed number of decimals" marker (DOUBLE, strings). */
export const NOT_FIXED_DEC = 31;

const { NOT_NULL, BINARY, UNSIGNED, BLOB: BLOB_FLAG } = ColumnFlag;

/**
 * The largest `value(item)` over `items` (`floor` when there are none),
 * without spreading them into Math.max()'s arguments: a call's arguments
 * live on the stack, and past about 125,000 of them V8 throws a RangeError
 * (GREATEST(1.5, <200,000 items>) typed its result that way).
 */
export function maxOf<T>(items: readonly T[], value: (item: T, index: number) => number, floor = -Infinity): number {
  let max = floor;
  for (let i = 0; i < items.length; i++) {
    const v = value(items[i]!, i);
    if (v > max) max = v;
  }
  return max;
}

/** Appends `items` to `out` one by one (out.push(...items) overflows the stack past about 125,000 items). */
export function pushAll<T>(out: T[], items: Iterable<T>): void {
  for (const item of items) out.push(item);
}

export function nullable(t: ValueType): boolean {
  return (t.flags & NOT_NULL) === 0;
}

export function withNullability(t: ValueType, notNull: boolean): ValueType {
  return { ...t, flags: notNull ? t.flags | NOT_NULL : t.flags & ~NOT_NULL };
}

export function intType(length: number, notNull = true, unsigned = false): ValueType {
  return {
    type: ColumnType.LONGLONG,
    length,
    decimals: 0,
    charset: Charset.BINARY,
    flags: BINARY | (notNull ? NOT_NULL : 0) | (unsigned ? UNSIGNED : 0),
  };
}

export function decimalType(precision: number, decimals: number, notNull = true): ValueType {
  return {
    type: ColumnType.NEWDECIMAL,
    length: precision + (decimals > 0 ? 1 : 0) + 1,
    decimals,
    charset: Charset.BINARY,
    flags: BINARY | (notNull ? NOT_NULL : 0),
  };
}

export function doubleType(notNull = true, length = 22): ValueType {
  return { type: ColumnType.DOUBLE, length, decimals: NOT_FIXED_DEC, charset: Charset.BINARY, flags: BINARY | (notNull ? NOT_NULL : 0) };
}

export function stringType(chars: number, collation: number, notNull = true, mbMaxLen = maxLenOfCollation(collation)): ValueType {
  const binary = collation === Charset.BINARY;
  return {
    type: ColumnType.VAR_STRING,
    length: chars * (binary ? 1 : mbMaxLen),
    decimals: NOT_FIXED_DEC,
    charset: collation,
    flags: (notNull ? NOT_NULL : 0) | (binary ? BINARY : 0),
  };
}

export function temporalType(type: 'DATE' | 'DATETIME' | 'TIME', fsp = 0, notNull = true): ValueType {
  const base = { DATE: 10, DATETIME: 19, TIME: 10 }[type];
  return {
    type: ColumnType[type],
    length: base + (fsp ? fsp + 1 : 0),
    decimals: fsp,
    charset: Charset.BINARY,
    flags: BINARY | (notNull ? NOT_NULL : 0),
  };
}

export const NULL_TYPE: ValueType = { type: ColumnType.NULL, length: 0, decimals: 0, charset: Charset.BINARY, flags: BINARY };

export function jsonType(notNull = false): ValueType {
  return { type: ColumnType.JSON, length: 4294967295, decimals: NOT_FIXED_DEC, charset: Charset.UTF8MB4_BIN, flags: BINARY | BLOB_FLAG | (notNull ? NOT_NULL : 0) };
}

export function isIntegerType(t: ValueType): boolean {
  const c = t.type;
  return c === ColumnType.LONGLONG || c === ColumnType.LONG || c === ColumnType.SHORT || c === ColumnType.TINY || c === ColumnType.INT24 || c === ColumnType.YEAR;
}
export function isDecimalType(t: ValueType): boolean {
  return t.type === ColumnType.NEWDECIMAL || t.type === ColumnType.DECIMAL;
}
export function isFloatType(t: ValueType): boolean {
  return t.type === ColumnType.DOUBLE || t.type === ColumnType.FLOAT;
}
export function isNumericType(t: ValueType): boolean {
  return isIntegerType(t) || isDecimalType(t) || isFloatType(t) || t.type === ColumnType.BIT;
}
export function isTemporalType(t: ValueType): boolean {
  const c = t.type;
  return c === ColumnType.DATE || c === ColumnType.DATETIME || c === ColumnType.TIMESTAMP || c === ColumnType.TIME;
}
export function isStringType(t: ValueType): boolean {
  return !isNumericType(t) && !isTemporalType(t) && t.type !== ColumnType.NULL;
}

/**
 * A server's general rules for the type of an expression (a column
 * reference keeps its field's type): MariaDB's integer items are INT while
 * their display length fits 9 digits (Type_handler_long_or_longlong), and
 * its string items have decimals 39 where MySQL's have 31 (NOT_FIXED_DEC).
 * `integers` false: an item that keeps its BIGINT (system variables, MIN
 * and MAX of a BIGINT).
 */
export function serverItemType(t: ValueType, profile: Pick<Profile, 'integerItemType' | 'stringItemDecimals'>, integers = true): ValueType {
  if (integers && profile.integerItemType === 'int-when-short' && t.type === ColumnType.LONGLONG && t.length <= 9) t = { ...t, type: ColumnType.LONG };
  if (t.decimals === NOT_FIXED_DEC && profile.stringItemDecimals !== NOT_FIXED_DEC && isStringType(t)) t = { ...t, decimals: profile.stringItemDecimals };
  return t;
}

/** A binary string or a _bin collation: MySQL's my_binary_compare(), which gives an item's BINARY flag. */
export function isBinaryCollation(id: number): boolean {
  if (id === Charset.BINARY) return true;
  const name = COLLATIONS.find((c) => c.id === id)?.name;
  return name !== undefined && name.endsWith('_bin');
}

/**
 * The flags of an expression's column definition (Item::init_make_field):
 * NOT NULL, UNSIGNED, and BINARY for a binary string or a _bin collation
 * (numbers and temporals are binary); never a field's key, BLOB or
 * default-value flags.
 */
export function itemFlags(t: ValueType): number {
  return (t.flags & (NOT_NULL | UNSIGNED)) | (isBinaryCollation(t.charset) ? BINARY : 0);
}

/**
 * The column a value of type `t` becomes in a temporary table (a UNION's
 * result, a materialized derived table): a field, so NOT NULL, UNSIGNED,
 * BINARY for a binary string or a _bin collation, BLOB for the BLOB family;
 * a string's decimals are a field's, 0; a NULL is a CHAR(0) binary string.
 */
export function temporaryFieldType(t: ValueType): ValueType {
  if (t.type === ColumnType.NULL) return { type: ColumnType.STRING, length: 0, decimals: 0, charset: Charset.BINARY, flags: BINARY };
  const string = isStringType(t);
  const blob = t.type >= ColumnType.TINY_BLOB && t.type <= ColumnType.BLOB;
  const flags = (t.flags & (NOT_NULL | UNSIGNED)) | (string && isBinaryCollation(t.charset) ? BINARY : 0) | (blob ? BLOB_FLAG : 0);
  return { ...t, flags, decimals: string ? 0 : t.decimals };
}

/** The precision of a DECIMAL type (its length less the point and the sign). */
export function decimalPrecision(t: ValueType): number {
  return t.length - (t.decimals > 0 ? 1 : 0) - ((t.flags & UNSIGNED) !== 0 ? 0 : 1);
}

/** Item::decimal_precision(): an integer literal counts its digits, any other integer item its width less the sign. */
export function itemPrecision(t: ValueType, e?: A.Expr): number {
  if (isIntegerType(t)) {
    if (e && e.kind === 'literal' && (e.literal === 'int' || e.literal === 'bool')) return String(e.value).replace('-', '').length;
    return t.length - ((t.flags & 0x20) !== 0 ? 0 : 1);
  }
  if (isDecimalType(t)) return decimalPrecision(t);
  return t.length;
}

/** Case-sensitive comparison: binary strings and _bin / _cs collations. */
export function isCaseSensitive(t: ValueType): boolean {
  return (
    t.charset === Charset.BINARY ||
    t.charset === Charset.UTF8MB4_BIN ||
    t.charset === Charset.UTF8MB3_BIN ||
    t.charset === 47 ||
    t.charset === 65 ||
    t.charset === 278 ||
    t.charset === 309
  );
}

// ---------------------------------------------------------------- conversions

const NUMERIC_PREFIX = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;

/** MySQL's string -> number: the longest numeric prefix, else 0. */
export function toNumber(v: SqlValue): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v === null) return 0;
  const text = Buffer.isBuffer(v) ? v.toString('latin1') : v;
  const m = NUMERIC_PREFIX.exec(text);
  return m ? Number(m[0]) : 0;
}

/** Whether a string converts to a number without truncation (for the 1292 warning). */
export function isCleanNumber(text: string): boolean {
  const m = NUMERIC_PREFIX.exec(text);
  return m !== null && m[0].length === text.trimEnd().length;
}

export function toText(v: SqlValue): string {
  if (v === null) return '';
  if (Buffer.isBuffer(v)) return v.toString('utf8');
  return String(v);
}

export function truthy(v: SqlValue): boolean | null {
  if (v === null) return null;
  return toNumber(v) !== 0;
}

export function boolValue(b: boolean | null): SqlValue {
  return b === null ? null : b ? 1 : 0;
}

// ---------------------------------------------------------------- comparison

/** Compares two non-null values the way MySQL does for the two static types. */
export function compareValues(a: SqlValue, b: SqlValue, ta: ValueType, tb: ValueType): number | null {
  if (a === null || b === null) return null;
  const aText = typeof a === 'string' || Buffer.isBuffer(a);
  const bText = typeof b === 'string' || Buffer.isBuffer(b);
  if (aText && bText && !isNumericType(ta) && !isNumericType(tb)) {
    if (isTemporalType(ta) || isTemporalType(tb)) return compareText(normaliseTemporal(toText(a)), normaliseTemporal(toText(b)), true);
    return compareText(toText(a), toText(b), isCaseSensitive(ta) || isCaseSensitive(tb));
  }
  if (ta.enumValues && typeof b !== 'string' && typeof a === 'string') {
    return compareNumbers(ta.enumValues.indexOf(a) + 1, toNumber(b));
  }
  return compareNumbers(toNumber(a), toNumber(b));
}

function compareNumbers(x: number, y: number): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

export function compareText(x: string, y: string, caseSensitive: boolean): number {
  if (!caseSensitive) {
    x = x.toLowerCase();
    y = y.toLowerCase();
  }
  return x < y ? -1 : x > y ? 1 : 0;
}

/** '2024-1-5' and '2024-01-05 00:00:00' compare equal against a DATETIME. */
function normaliseTemporal(text: string): string {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{1,2}):(\d{1,2}))?/.exec(text);
  if (!m) return text;
  const p = (s: string | undefined): string => (s ?? '0').padStart(2, '0');
  return `${m[1]}-${p(m[2])}-${p(m[3])} ${p(m[4])}:${p(m[5])}:${p(m[6])}`;
}

/** Sort key comparison for ORDER BY: NULLs first, ENUMs by index. */
export function compareForSort(a: SqlValue, b: SqlValue, t: ValueType): number {
  if (a === null || b === null) return a === null ? (b === null ? 0 : -1) : 1;
  if (t.enumValues) {
    return compareNumbers(t.enumValues.indexOf(toText(a)), t.enumValues.indexOf(toText(b)));
  }
  return compareValues(a, b, t, t) ?? 0;
}

// ---------------------------------------------------------------- output

/** Converts an evaluated value to what the protocol layer sends for type `t`. */
export function outputValue(v: SqlValue, t: ValueType): SqlValue {
  if (v === null) return null;
  switch (t.type) {
    case ColumnType.NEWDECIMAL:
      return typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) && decimalsOf(v) === t.decimals ? v : toNumber(v).toFixed(Math.min(t.decimals, 100));
    case ColumnType.LONGLONG:
    case ColumnType.LONG:
    case ColumnType.SHORT:
    case ColumnType.TINY:
    case ColumnType.INT24:
      if (typeof v === 'bigint') return v;
      return typeof v === 'number' ? Math.trunc(v) : Math.trunc(toNumber(v));
    case ColumnType.DOUBLE:
    case ColumnType.FLOAT:
      return typeof v === 'number' ? v : toNumber(v);
    default:
      if (typeof v === 'number' || typeof v === 'bigint') return String(v);
      return v;
  }
}

function decimalsOf(text: string): number {
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

/** The value type of a catalog column (its definition, and an ENUM's members for ordering). */
export function valueTypeOf(c: ColumnDef & { enumValues?: readonly string[] }): ValueType {
  const t: ValueType = {
    type: c.type,
    length: c.length ?? 0,
    decimals: c.decimals ?? 0,
    charset: c.charset ?? 63,
    flags: c.flags ?? 0,
  };
  if (c.enumValues) t.enumValues = c.enumValues;
  return t;
}
