/**
 * MariaDB's result types where they are not MySQL's (profiles whose
 * itemTypeRules is 'mariadb'): its fix_length_and_dec() of the functions,
 * literals, operators, casts and aggregates, read from MariaDB 10.11's
 * sources (sql/item_*.cc) and checked against a live 10.11 by
 * test/differential/metadata.test.ts. The rules every expression follows
 * (INT while 9 digits fit, decimals 39 for strings) are in types.ts'
 * serverItemType(); this file holds the per-item ones.
 */
import { Charset, ColumnType, type SqlValue } from '../../wire/result.js';
import type * as A from '../parse/ast.js';
import { varStringType, type ConstArg, type TypeEnv } from './functions.js';
import {
  decimalPrecision,
  decimalType,
  doubleType,
  intType,
  itemPrecision,
  isDecimalType,
  isFloatType,
  isIntegerType,
  isStringType,
  NOT_FIXED_DEC,
  nullable,
  stringType,
  temporalType,
  toNumber,
  toText,
  withNullability,
  type ValueType,
  maxOf,
} from './types.js';
import { maxLenOfCollation } from '../../config/charsets.js';

/** MariaDB's NOT_FIXED_DEC: the decimals of a string item. */
const MARIADB_NOT_FIXED_DEC = 39;
/** MY_INT64_NUM_DECIMAL_DIGITS - 1: the widest CAST(... AS SIGNED). */
const INT64_DIGITS = 20;

type TypeFn = (ts: ValueType[], env: TypeEnv, consts: readonly ConstArg[], args: readonly A.Expr[]) => ValueType;

const anyNullable = (ts: readonly ValueType[]): boolean => ts.some(nullable);

/** max_char_length(): characters of a value of type `t` (bytes for a binary string). */
export function charLength(t: ValueType): number {
  if (t.type === ColumnType.NULL) return 0;
  if (isStringType(t)) return t.charset === Charset.BINARY ? t.length : Math.floor(t.length / maxLenOfCollation(t.charset));
  return t.length;
}

/** The collation of the first string argument, else the connection's (agg_arg_charsets_for_string_result, simplified). */
function argCollation(ts: readonly ValueType[], env: TypeEnv): number {
  return ts.find((t) => isStringType(t) && t.type !== ColumnType.NULL)?.charset ?? env.connectionCollation;
}

/** A nullable string item (every Item_str_func is nullable in a strict sql_mode, Item_str_func::fix_fields()). */
function str(chars: number, collation: number, decimals = NOT_FIXED_DEC): ValueType {
  return { ...varStringType(chars, collation, false), decimals };
}

/** An integer item of `length` digits; `long` for Item_long_func (an INT whatever its width). */
function int(length: number, opts: { long?: boolean; nullable?: boolean; unsigned?: boolean } = {}, ts: readonly ValueType[] = []): ValueType {
  const t = intType(length, !(opts.nullable ?? false) && !anyNullable(ts), opts.unsigned ?? false);
  return opts.long ? { ...t, type: ColumnType.LONG } : t;
}

function constNumber(c: ConstArg): number | undefined {
  if (c === undefined || c === null) return undefined;
  const n = typeof c === 'bigint' ? Number(c) : toNumber(c as SqlValue);
  return Number.isFinite(n) ? Math.trunc(n) : undefined;
}

/** The JSON constructors' width of one argument (Item_func_json_array::fix_length_and_dec). */
function jsonArgLength(t: ValueType): number {
  const n = isStringType(t) && t.type !== ColumnType.JSON ? charLength(t) * 2 : charLength(t);
  return Math.max(n, 4) + 4;
}

function jsonString(chars: number, collation: number): ValueType {
  return str(chars, collation);
}

/** FORMAT(x, d): Item_func_format::fix_length_and_dec(). */
const formatType: TypeFn = (ts, env, consts) => {
  const x = ts[0]!;
  let digits = isDecimalType(x) ? decimalPrecision(x) - x.decimals : isIntegerType(x) ? (x.type === ColumnType.LONGLONG && x.length > 9 ? 20 : 10) : 309;
  const d = constNumber(consts[1]);
  const dec = d === undefined ? 38 : Math.max(0, Math.min(38, d));
  const argDecimals = isIntegerType(x) ? 0 : x.decimals;
  const extra = d === undefined ? argDecimals > 0 : dec < argDecimals;
  if (extra || digits === 0) digits++;
  const separators = Math.floor(digits / 3) + (dec ? 1 : 0) + 1;
  return str(digits + separators + dec, env.connectionCollation);
};

/** SUBSTRING(s, pos[, len]): the byte length of s less the skipped positions, counted as characters (Item_func_substr). */
const substringType: TypeFn = (ts, env, consts) => {
  const s = ts[0]!;
  let length = s.length;
  const pos = constNumber(consts[1]);
  if (pos !== undefined) length = pos < 0 ? (-pos > length ? 0 : -pos) : length - Math.min(Math.max(pos - 1, 0), length);
  if (ts.length > 2) {
    const len = constNumber(consts[2]);
    if (len !== undefined) length = len <= 0 ? 0 : Math.min(length, len);
  }
  return str(length, argCollation(ts, env));
};

/** REPLACE(s, from, to): every `from` may become `to` (Item_func_replace). */
const replaceType: TypeFn = (ts, env) => {
  let chars = charLength(ts[0]!);
  const from = charLength(ts[1]!);
  const diff = charLength(ts[2]!) - from;
  if (diff > 0 && from > 0) chars += Math.floor(chars / from) * diff;
  return str(chars, argCollation(ts, env));
};

/** ROUND / TRUNCATE (Item_func_round): an integer keeps its width (+1 when rounding), a DOUBLE is 17 wide. */
function roundType(truncate: boolean): TypeFn {
  return (ts, _env, consts) => {
    const x = ts[0]!;
    const places = ts.length > 1 ? constNumber(consts[1]) : 0;
    const notNull = !anyNullable(ts);
    if (isFloatType(x) || isStringType(x)) return { ...doubleType(notNull, 17), decimals: places !== undefined && places >= 0 ? Math.min(places, NOT_FIXED_DEC) : NOT_FIXED_DEC };
    if (isIntegerType(x)) return intType(truncate ? x.length : x.length + 1, notNull, (x.flags & 0x20) !== 0);
    const dec = places === undefined ? x.decimals : Math.max(0, Math.min(places, 38));
    const intDigits = decimalPrecision(x) - x.decimals + (truncate ? 0 : 1);
    return decimalType(Math.max(1, intDigits + dec), dec, notNull);
  };
}

/** CEIL / FLOOR: an integer of the argument's integer digits plus a sign and a carry (Item_func_int_val). */
const intValType: TypeFn = (ts) => {
  const x = ts[0]!;
  const notNull = !anyNullable(ts);
  if (isIntegerType(x)) return { ...x };
  if (isDecimalType(x)) return intType(decimalPrecision(x) - x.decimals + 2, notNull);
  return { ...doubleType(notNull, 17), decimals: 0 };
};

/** EXTRACT(unit FROM x): Item_extract's widths (a day count has 7 digits unless x is a TIME). */
const EXTRACT_WIDTH: Record<string, (day: number) => number> = {
  YEAR: () => 4, YEAR_MONTH: () => 6, QUARTER: () => 2, MONTH: () => 2, WEEK: () => 2,
  DAY: (d) => d + 1, DAY_HOUR: (d) => d + 3, DAY_MINUTE: (d) => d + 5, DAY_SECOND: (d) => d + 7,
  HOUR: () => 3, HOUR_MINUTE: () => 5, HOUR_SECOND: () => 7, MINUTE: () => 3, MINUTE_SECOND: () => 5, SECOND: () => 3,
  MICROSECOND: () => 7, DAY_MICROSECOND: (d) => d + 13, HOUR_MICROSECOND: () => 13, MINUTE_MICROSECOND: () => 11, SECOND_MICROSECOND: () => 9,
};

const userType: TypeFn = () => str(384, Charset.UTF8MB3_GENERAL_CI);

/** MariaDB's function result types where they are not MySQL's (canonical names). */
const FUNCTION_TYPES: Record<string, TypeFn> = {
  // ---- strings
  SUBSTRING: substringType,
  REPLACE: replaceType,
  FORMAT: formatType,
  BIN: (_ts, env) => str(65, env.connectionCollation),
  OCT: (_ts, env) => str(65, env.connectionCollation),
  CONV: (_ts, env) => str(65, env.connectionCollation),
  USER: userType,
  SESSION_USER: userType,
  SYSTEM_USER: userType,
  CURRENT_USER: userType,
  // ---- numbers
  LENGTH: (ts) => int(10, { long: true }, ts),
  CHAR_LENGTH: (ts) => int(10, { long: true }, ts),
  BIT_LENGTH: (ts) => int(11, {}, ts),
  ORD: (ts) => int(7, {}, ts),
  LOCATE: (ts) => int(11, { long: true }, ts),
  INSTR: (ts) => int(11, { long: true }, ts),
  CRC32: (ts) => int(10, { long: true, unsigned: true }, ts),
  COERCIBILITY: () => int(10, { long: true }),
  CONNECTION_ID: () => int(10, { long: true, unsigned: true }),
  FOUND_ROWS: () => int(21),
  MOD: modType,
  CEIL: intValType,
  FLOOR: intValType,
  ROUND: roundType(false),
  TRUNCATE: roundType(true),
  // ---- dates and times
  YEAR: () => int(4, { nullable: true }),
  MONTH: () => int(2, { nullable: true }),
  DAY: () => int(2, { nullable: true }),
  HOUR: () => int(2, { nullable: true }),
  MINUTE: () => int(2, { nullable: true }),
  SECOND: () => int(2, { nullable: true }),
  MICROSECOND: () => int(6, { nullable: true }),
  DAYOFWEEK: () => int(1, { nullable: true }),
  DAYOFYEAR: () => int(3, { nullable: true }),
  WEEK: () => int(2, { nullable: true }),
  WEEKDAY: () => int(1, { nullable: true }),
  YEARWEEK: () => int(6, { nullable: true }),
  QUARTER: () => int(1, { nullable: true }),
  DATEDIFF: () => int(8, { nullable: true }),
  TO_DAYS: () => int(6, { nullable: true }),
  TIME_TO_SEC: () => int(17, { nullable: true }),
  UNIX_TIMESTAMP: (ts, _env, consts) => {
    const fraction = ts.length === 0 ? 0 : ts[0]!.type === ColumnType.DATETIME || ts[0]!.type === ColumnType.TIMESTAMP ? ts[0]!.decimals : Math.min(6, /\.(\d+)\s*$/.exec(toText((consts[0] ?? '') as SqlValue))?.[1]?.length ?? 0);
    return fraction ? { ...decimalType(17, fraction, false), length: 18 + fraction } : int(17, { nullable: true });
  },
  EXTRACT: (ts, _env, consts) => {
    const width = EXTRACT_WIDTH[String(consts[0] ?? '').toUpperCase()];
    return int(width ? width(ts[1]?.type === ColumnType.TIME ? 2 : 7) : 21, { nullable: true });
  },
  CURTIME: (_ts, _env, consts) => temporalType('TIME', Math.min(6, Math.max(0, constNumber(consts[0]) ?? 0))),
  UTC_TIME: (_ts, _env, consts) => temporalType('TIME', Math.min(6, Math.max(0, constNumber(consts[0]) ?? 0))),
  // ---- JSON: VARCHARs in the arguments' collation (the 'json' format is extended metadata)
  JSON_ARRAY: (ts, env) => (ts.length === 0 ? { ...str(0, env.connectionCollation), length: 2 } : jsonString(ts.reduce((n, t) => n + jsonArgLength(t), 2), argCollation(ts, env))),
  JSON_OBJECT: (ts, env) => (ts.length === 0 ? { ...str(0, env.connectionCollation), length: 2 } : jsonString(ts.reduce((n, t) => n + jsonArgLength(t), 2), argCollation(ts, env))),
  JSON_EXTRACT: (ts, env) => jsonString(charLength(ts[0]!) * (ts.length - 1) * 2 + (ts.length > 2 ? 2 + (ts.length - 2) * 2 : 0), argCollation(ts, env)),
  JSON_SET: jsonInsertType,
  JSON_INSERT: jsonInsertType,
  JSON_REPLACE: jsonInsertType,
  JSON_REMOVE: (ts, env) => jsonString(charLength(ts[0]!), argCollation(ts, env)),
  JSON_KEYS: (ts, env) => jsonString(charLength(ts[0]!), argCollation(ts, env)),
  JSON_QUOTE: (ts) => str(charLength(ts[0]!) * 12 + 2, Charset.UTF8MB4_BIN),
  JSON_TYPE: () => str(12, Charset.UTF8MB3_GENERAL_CI),
  JSON_VALID: () => int(1, { nullable: true }),
  JSON_CONTAINS: () => int(1, { nullable: true }),
  JSON_CONTAINS_PATH: () => int(1, { nullable: true }),
  JSON_LENGTH: () => int(10, { long: true, nullable: true }),
  JSON_DEPTH: (ts) => int(10, { long: true }, ts),
};

/** MOD(x, y), as x % y: Item_func_mod::result_precision(), always nullable (a zero divisor). */
function modType(ts: ValueType[], _env: TypeEnv, _consts: readonly ConstArg[], args: readonly A.Expr[]): ValueType {
  const [l, r] = ts as [ValueType, ValueType];
  const exact = (t: ValueType) => isIntegerType(t) || isDecimalType(t);
  if (!exact(l) || !exact(r)) return doubleType(false, 23);
  const dl = isDecimalType(l) ? l.decimals : 0;
  const dr = isDecimalType(r) ? r.decimals : 0;
  const decimals = Math.max(dl, dr);
  const precision = Math.max(itemPrecision(l, args[0]) - dl, itemPrecision(r, args[1]) - dr) + decimals;
  if (isIntegerType(l) && isIntegerType(r)) return intType(precision + 1, false);
  return decimalType(precision, decimals, false);
}

/** JSON_SET / JSON_INSERT / JSON_REPLACE: Item_func_json_insert::fix_length_and_dec() (which reads args[n/2], as written). */
function jsonInsertType(ts: ValueType[], env: TypeEnv): ValueType {
  let chars = charLength(ts[0]!);
  for (let n = 1; n < ts.length; n += 2) chars += charLength(ts[Math.floor(n / 2)]!) + 6 + charLength(ts[Math.floor(n / 2) + 1]!) + 4;
  return jsonString(chars, argCollation(ts, env));
}

/** String functions that are not Item_str_func and keep NOT NULL (VERSION is a static string; the others are not string functions). */
const NOT_NULL_STRINGS = new Set(['VERSION', 'GREATEST', 'LEAST', 'IF', 'IFNULL', 'NULLIF', 'COALESCE', 'ELT', 'ANY_VALUE', 'NAME_CONST']);

/** String functions whose decimals are 0, not NOT_FIXED_DEC (their fix_length_and_dec sets it). */
const ZERO_DECIMAL_STRINGS = new Set(['HEX', 'UNHEX', 'DATE_FORMAT', 'TIME_FORMAT', 'FROM_UNIXTIME', 'DAYNAME', 'MONTHNAME', 'DATE_ADD', 'DATE_SUB', 'ADDDATE', 'SUBDATE']);

/**
 * A function call's type under MariaDB's rules: its own fix_length_and_dec
 * where it differs from MySQL's, then Item_str_func's nullability in a
 * strict sql_mode and the string functions that set decimals 0.
 */
export function mariadbCallType(name: string, mysqlType: () => ValueType, ts: ValueType[], env: TypeEnv, consts: readonly ConstArg[], args: readonly A.Expr[]): ValueType {
  const own = FUNCTION_TYPES[name];
  let t = own ? own(ts, env, consts, args) : mysqlType();
  if (isStringType(t) && t.type !== ColumnType.JSON && !NOT_NULL_STRINGS.has(name)) t = withNullability(t, false);
  if (ZERO_DECIMAL_STRINGS.has(name) && isStringType(t)) t = { ...t, decimals: 0 };
  if ((name === 'ADDTIME' || name === 'SUBTIME') && t.type === ColumnType.STRING) t = { ...t, length: 26 * maxLenOfCollation(t.charset) };
  if (name === 'GREATEST' || name === 'LEAST') t = minMaxType(t, ts, args);
  // IF with a NULL branch takes the other branch's attributes (Item_func_if::fix_length_and_dec); NULLIF its first argument's.
  if (name === 'IF' && ts[1]!.type !== ColumnType.NULL && ts[2]!.type !== ColumnType.NULL) t = mariadbHybridIntType(t, [1, 2].map((i) => ({ type: ts[i]!, expr: args[i] })));
  if (name === 'IFNULL' || name === 'COALESCE') t = mariadbHybridIntType(t, ts.map((type, i) => ({ type, expr: args[i] })));
  return t;
}

/** DATE_ADD / DATE_SUB / ADDDATE / SUBDATE of a string: MariaDB's is a CHAR(19) with decimals 0 (MySQL's 29). */
export function mariadbDateAddType(t: ValueType): ValueType {
  return t.type === ColumnType.STRING ? { ...t, length: 19 * maxLenOfCollation(t.charset), decimals: 0 } : t;
}

/** GREATEST / LEAST: numbers and strings compare as DOUBLE; integers widen by a sign. */
function minMaxType(t: ValueType, ts: readonly ValueType[], args: readonly A.Expr[]): ValueType {
  const strings = ts.some((x) => isStringType(x));
  const numbers = ts.some((x) => isIntegerType(x) || isDecimalType(x) || isFloatType(x));
  if (strings && numbers) return doubleType(!anyNullable(ts), 23);
  if (isIntegerType(t)) return { ...t, length: maxOf(ts, (x, i) => itemPrecision(x, args[i])) + 1 };
  return t;
}

/**
 * An integer-valued CASE / IF / IFNULL / COALESCE / NULLIF: MariaDB counts
 * the widest precision plus a sign (Type_std_attributes' aggregation).
 */
export function mariadbHybridIntType(t: ValueType, branches: readonly { type: ValueType; expr?: A.Expr }[]): ValueType {
  if (!isIntegerType(t)) return t;
  const precision = maxOf(branches, (b) => (b.type.type === ColumnType.NULL ? 0 : itemPrecision(b.type, b.expr)), 0);
  return { ...t, length: precision + ((t.flags & 0x20) !== 0 ? 0 : 1) };
}

/** Literals: hex and bit strings are UNSIGNED with decimals 0 (Item_hex_hybrid); TRUE and FALSE are 5 wide. */
export function mariadbLiteralType(e: A.LiteralExpr, t: ValueType): ValueType {
  if ((e.literal === 'hex' || e.literal === 'bits') && e.charset !== 'binary') return { ...t, flags: t.flags | 0x20, decimals: 0 };
  if (e.literal === 'bool') return { ...t, length: 5 };
  return t;
}

/** CAST and CONVERT: MariaDB's typecasts are nullable in a strict sql_mode; CAST AS SIGNED is as wide as its argument. */
export function mariadbCastType(to: A.CastType, arg: ValueType, t: ValueType): ValueType {
  switch (to.name) {
    case 'SIGNED':
    case 'UNSIGNED': {
      const unsigned = to.name === 'UNSIGNED';
      const chars = Math.max(Math.min(charLength(arg), INT64_DIGITS), unsigned ? 1 : 2);
      return intType(chars, !nullable(arg), unsigned);
    }
    case 'CHAR':
    case 'BINARY':
      return { ...withNullability(t, false), decimals: to.using && to.name === 'CHAR' ? NOT_FIXED_DEC : 0 };
    case 'DOUBLE':
    case 'FLOAT':
      return withNullability(t, false);
    default:
      return t;
  }
}

/** Aggregates: MIN / MAX keep the argument's type (a string with decimals 39); GROUP_CONCAT is a TEXT past 512 characters. */
export function mariadbAggregateType(name: string, t: ValueType, arg: ValueType | undefined, env: TypeEnv & { groupConcatMaxLen: number }, argExpr?: A.Expr): ValueType {
  if ((name === 'MIN' || name === 'MAX') && isStringType(t)) return { ...t, decimals: MARIADB_NOT_FIXED_DEC };
  // MIN / MAX of an integer expression (not a field) is a BIGINT: MIN(1) is.
  if ((name === 'MIN' || name === 'MAX') && t.type === ColumnType.LONG && argExpr?.kind !== 'column') return { ...t, type: ColumnType.LONGLONG };
  if (name === 'GROUP_CONCAT') {
    const collation = arg && isStringType(arg) && arg.type !== ColumnType.NULL ? arg.charset : env.connectionCollation;
    const chars = env.groupConcatMaxLen;
    const s = stringType(0, collation, false);
    const bytes = Math.min(4294967295, chars * (collation === Charset.BINARY ? 1 : maxLenOfCollation(collation)));
    return { ...s, type: chars > 512 ? ColumnType.BLOB : ColumnType.VAR_STRING, length: bytes, decimals: 0 };
  }
  return t;
}
