/**
 * Built-in scalar functions: for each, its argument count, its result type
 * (for column metadata, as MySQL 8.4's resolve_type() computes it) and its
 * evaluation. NULL in -> NULL out unless the function says otherwise
 * (`nullSafe`). No argument value makes a function throw a JavaScript
 * exception: bad values are NULL and warnings, as in MySQL; a MySqlError is
 * thrown only where MySQL raises an error.
 *
 * Groups, in this order: type and value helpers, strings, numbers, dates and
 * times, JSON, regular expressions, session information and locks, the
 * registry (FUNCTIONS, ALIASES, dialect variants, known builtins we do not
 * implement), and the exports evaluate.ts uses for date arithmetic.
 */
import { currentRoleText } from '../../accounts/roles.js';
import { createCipheriv, createDecipheriv, createHash, randomBytes, randomUUID } from 'node:crypto';
import { deflateSync, inflateSync } from 'node:zlib';
import { oldPasswordHash, passwordFunctionHash } from '../../accounts/credentials.js';
import { COLLATIONS, maxLenOfCollation } from '../../config/charsets.js';
import type { Profile } from '../../config/profiles.js';
import { likeMatch } from './like.js';
import { regexpExec, type RegexpMatch } from './regexp-match.js';
import { mysqlError, MySqlError } from '../../errors/mysql-error.js';
import type { ServerFunctionState, SqlServer, SqlSession } from '../context.js';
import { Charset, ColumnFlag, ColumnType, type SqlValue } from '../../wire/result.js';
import * as T from './temporal.js';
import {
  compareText,
  compareValues,
  decimalType,
  doubleType,
  intType,
  isCaseSensitive,
  isDecimalType,
  isFloatType,
  isIntegerType,
  isNumericType,
  isStringType,
  isTemporalType,
  jsonType,
  nullable,
  NOT_FIXED_DEC,
  stringType,
  temporalType,
  toNumber,
  toText,
  truthy,
  withNullability,
  type ValueType,
  maxOf,
  pushAll,
} from './types.js';

export interface FunctionEnv {
  session: SqlSession;
  server: SqlServer;
  /** The statement's NOW(), in ms since the epoch (UTC). */
  nowMs: number;
  /** SqlSession time zone offset from UTC, minutes. */
  zoneOffsetMinutes: number;
  /** Collation id of character_set_connection literals. */
  connectionCollation: number;
  warn(error: MySqlError): void;
}

/** What a function's type() sees of the statement. */
export interface TypeEnv {
  connectionCollation: number;
  /** The server, where a result type depends on it (VERSION()'s length). */
  readonly server?: { readonly profile: Profile; readonly variables?: { get(name: string, scope: 'global'): SqlValue } };
}

/**
 * The value of a constant argument (a literal), or undefined when the
 * argument is not constant. MySQL folds constants into some result types
 * (LEFT('abc', 2) is VARCHAR(2), REPEAT('ab', 3) is VARCHAR(6), SHA2(x, 224)
 * is VARCHAR(56), STR_TO_DATE(x, '%Y-%m-%d') is a DATE); without them the
 * type is MySQL's non-constant one.
 */
export type ConstArg = SqlValue | undefined;

export interface FunctionDef {
  min: number;
  max: number;
  /** Receives NULL arguments instead of short-circuiting to NULL. */
  nullSafe?: boolean;
  type(args: ValueType[], env: TypeEnv, consts?: readonly ConstArg[]): ValueType;
  eval(args: SqlValue[], env: FunctionEnv, types: ValueType[]): SqlValue;
  /** Servers that have the function (default: all). */
  available?(profile: Profile): boolean;
}

// ---------------------------------------------------------------- profiles
// Which servers have which functions, by capability. A dedicated capability
// per function family would be cleaner (see the report): until then the
// families are told apart by the capabilities that already separate them.

/** MySQL 8.0+ (and OceanBase's MySQL 8 mode): REGEXP_*, ROLES_GRAPHML, CURRENT_ROLE, ICU_VERSION, ... */
const mysql8Only = (p: Profile): boolean => p.dataDictionary && p.catalogDialect === 'mysql';
/** MySQL 5.7+ and MariaDB: JSON_* (5.7.8+, MariaDB 10.2+); 5.6 has none. */
const hasJson = (p: Profile): boolean => p.family !== 'mysql-5.6';
/** MySQL (any version), not MariaDB. */
const mysqlOnly = (p: Profile): boolean => p.catalogDialect === 'mysql';
const isMariaDb = (p: Profile): boolean => p.catalogDialect === 'mariadb';

// ---------------------------------------------------------------- type helpers

/** MAX_BLOB_WIDTH: the longest string a function can return (4 GiB - 1). */
const MAX_BLOB_WIDTH = 4294967295;
const INT_MAX32 = 2147483647;
const SYSTEM_COLLATION = Charset.UTF8MB3_GENERAL_CI;

const anyNullable = (ts: readonly ValueType[]): boolean => ts.some(nullable);

/**
 * Item::set_data_type_string(): a string of `chars` characters in
 * `collation`: VARCHAR up to 65535 bytes, MEDIUMTEXT up to 16 MiB, else
 * LONGTEXT; past 4 GiB the length is clipped and the result may be NULL.
 */
export function varStringType(chars: number, collation: number, notNull: boolean, fixed = false): ValueType {
  const mb = collation === Charset.BINARY ? 1 : maxLenOfCollation(collation);
  let bytes = Math.max(0, chars) * mb;
  if (!Number.isFinite(bytes) || bytes > MAX_BLOB_WIDTH) {
    bytes = Math.floor(MAX_BLOB_WIDTH / mb) * mb;
    notNull = false;
  }
  const t = stringType(0, collation, notNull);
  t.length = bytes;
  if (bytes > 16777215) t.type = ColumnType.LONG_BLOB;
  else if (bytes > 65535) t.type = ColumnType.MEDIUM_BLOB;
  else if (fixed) t.type = ColumnType.STRING;
  return t;
}

/** max_char_length(): characters a value of type `t` can have. */
function charLen(t: ValueType): number {
  if (t.type === ColumnType.NULL) return 0;
  if (isStringType(t) && t.type !== ColumnType.JSON) {
    return t.charset === Charset.BINARY ? t.length : Math.ceil(t.length / maxLenOfCollation(t.charset));
  }
  if (t.type === ColumnType.JSON) return Math.floor(MAX_BLOB_WIDTH / 4);
  return t.length;
}

/** charLen() summed over ts[from..]; an argument of the same type object as the one before is not measured again (literals of one shape share one). */
function sumCharLen(ts: readonly ValueType[], from: number): number {
  let sum = 0;
  let last: ValueType | undefined;
  let len = 0;
  for (let i = from; i < ts.length; i++) {
    const t = ts[i]!;
    if (t !== last) {
      last = t;
      len = charLen(t);
    }
    sum += len;
  }
  return sum;
}

/** The collation a string function's result takes: the first string argument's, else the connection's. */
function resultCollation(ts: readonly ValueType[], fallback: number): number {
  return ts.find((t) => isStringType(t) && t.type !== ColumnType.NULL)?.charset ?? fallback;
}

/** A string-typed result of `chars` characters, in the collation of `ts`'s first string. */
function strResult(chars: number, ts: readonly ValueType[], env: TypeEnv, notNull = !anyNullable(ts)): ValueType {
  return varStringType(chars, resultCollation(ts, env.connectionCollation), notNull);
}

/** A string in the connection's collation (MD5, HEX, DATE_FORMAT, ...). */
function connString(chars: number, env: TypeEnv, notNull: boolean): ValueType {
  return varStringType(chars, env.connectionCollation, notNull);
}

/** A BIGINT result (Item_int_func): `length` display digits. */
function intResult(length: number, notNull: boolean, unsigned = false): ValueType {
  return intType(length, notNull, unsigned);
}

/** A DOUBLE result of the math functions: float_length(NOT_FIXED_DEC) = 23. */
function dblResult(notNull: boolean): ValueType {
  return doubleType(notNull, 23);
}

function constInt(consts: readonly ConstArg[] | undefined, i: number): number | null | undefined {
  const c = consts?.[i];
  if (c === undefined) return undefined;
  if (c === null) return null;
  const n = typeof c === 'bigint' ? Number(c) : toNumber(c);
  return Number.isFinite(n) ? Math.trunc(n) : undefined;
}

function constText(consts: readonly ConstArg[] | undefined, i: number): string | null | undefined {
  const c = consts?.[i];
  if (c === undefined || c === null) return c;
  return toText(c);
}

/** The common type of IF/IFNULL/COALESCE/CASE branches. */
export function unionType(ts: ValueType[], notNull: boolean, connectionCollation: number): ValueType {
  // One pass for the common case (every argument of one type): a GREATEST of 200,000 arguments is typed in one loop.
  let first: ValueType | undefined;
  let maxLen = 0;
  let alike = true;
  for (const t of ts) {
    if (t.type === ColumnType.NULL) continue;
    if (!first) first = t;
    else if (t.type !== first.type || t.decimals !== first.decimals) alike = false;
    if (t.length > maxLen) maxLen = t.length;
  }
  if (!first) return { ...ts[0]!, flags: ts[0]!.flags };
  if (alike) return withNullability({ ...first, length: maxLen }, notNull);
  const real = ts.filter((t) => t.type !== ColumnType.NULL);
  if (real.every((t) => isIntegerType(t))) return intType(maxLen, notNull);
  if (real.every((t) => isIntegerType(t) || isDecimalType(t))) {
    const d = maxOf(real, (t) => t.decimals);
    const intDigits = maxOf(real, (t) => (isDecimalType(t) ? t.length - 1 - (t.decimals > 0 ? 1 : 0) - t.decimals : t.length));
    return decimalType(Math.min(65, intDigits + d), d, notNull);
  }
  if (real.every((t) => isNumericType(t))) return doubleType(notNull, 23);
  if (real.every((t) => isTemporalType(t))) {
    const kinds = new Set(real.map((t) => t.type));
    const fsp = maxOf(real, (t) => t.decimals);
    if (kinds.size === 1) return withNullability({ ...first, length: maxLen }, notNull);
    if (!kinds.has(ColumnType.TIME)) return temporalType('DATETIME', fsp, notNull);
  }
  const collation = resultCollation(real, connectionCollation);
  const chars = real.reduce((m, t) => Math.max(m, charLen(t)), 0);
  return varStringType(chars, collation, notNull);
}

// ---------------------------------------------------------------- value helpers

/** MySQL's text of a double (%g with 17 digits, exponent past 1e15 or below 1e-4 as 1e20 / 1.5e-7). */
export function doubleText(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (v === 0) return '0';
  const abs = Math.abs(v);
  if (abs >= 1e15 || abs < 1e-4) {
    const [m, e] = v.toExponential().split('e') as [string, string];
    return `${m}e${e.replace('+', '')}`;
  }
  return String(v);
}

/** A value as text the way MySQL converts it for a string function (decimals keep their scale). */
function textOf(v: SqlValue, t?: ValueType): string {
  if (typeof v === 'number') {
    if (t && isDecimalType(t) && Number.isFinite(v)) return v.toFixed(Math.min(t.decimals, 100));
    if (t && isFloatType(t)) return doubleText(v);
    return Number.isInteger(v) ? String(v) : doubleText(v);
  }
  return toText(v);
}

/** Whether a string argument is a binary string (byte semantics). */
function isBinary(v: SqlValue, t?: ValueType): boolean {
  return Buffer.isBuffer(v) || (t !== undefined && isStringType(t) && t.charset === Charset.BINARY && t.type !== ColumnType.NULL);
}

/** Whether any of args[from..] is a binary string (isBinary()); the type test is made once per run of one type object. */
function anyBinary(args: readonly SqlValue[], ts: readonly ValueType[], from: number): boolean {
  let last: ValueType | undefined;
  let binaryType = false;
  for (let i = from; i < args.length; i++) {
    const a = args[i]!;
    if (Buffer.isBuffer(a)) return true;
    const t = ts[i];
    if (t !== last) {
      last = t;
      binaryType = isBinary(a, t);
    }
    if (binaryType && a !== null) return true;
  }
  return false;
}

/** A string argument as a JS string: bytes (latin1, one char a byte) in byte mode, else characters. */
function strOf(v: SqlValue, t: ValueType | undefined, bytes: boolean): string {
  if (bytes) return Buffer.isBuffer(v) ? v.toString('latin1') : Buffer.from(textOf(v, t), 'utf8').toString('latin1');
  return Buffer.isBuffer(v) ? v.toString('utf8') : textOf(v, t);
}

/** A result built in byte or character mode back to a SqlValue. */
function strOut(s: string, bytes: boolean): SqlValue {
  return bytes ? Buffer.from(s, 'latin1') : s;
}

function byteLength(s: string, bytes: boolean): number {
  return bytes ? s.length : Buffer.byteLength(s, 'utf8');
}

const chars = (s: string): string[] => Array.from(s);

const SURROGATE = /[\uD800-\uDFFF]/;
/** Length in characters (code points), without an array per character; O(1) for strings without astral characters. */
export function cpLength(s: string): number {
  if (s.length <= 32) {
    // A short string is counted at once (a list of 200,000 literals types each by its length).
    let n = 0;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 0xdc00 || c > 0xdfff) n++;
    }
    return n;
  }
  if (!SURROGATE.test(s)) return s.length;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) n++;
  }
  return n;
}
/** s.slice by code point positions, without splitting big BMP-only strings into arrays. */
function cpSlice(s: string, start: number, end?: number): string {
  if (!SURROGATE.test(s)) return s.slice(start, end);
  return Array.from(s).slice(start, end).join('');
}

/** Temporal text as MySQL's number (2026-01-15 10:00:00 -> 20260115100000). */
function temporalNumber(text: string, t: ValueType): number {
  if (t.type === ColumnType.TIME) {
    const p = T.parseTimeLoose(text);
    if (!p) return 0;
    const n = p.time.hour * 10000 + p.time.minute * 100 + p.time.second + p.time.micro / 1e6;
    return p.time.neg ? -n : n;
  }
  const p = T.parseDateTimeLoose(text);
  if (!p) return 0;
  const d = p.parts.year * 10000 + p.parts.month * 100 + p.parts.day;
  if (t.type === ColumnType.DATE) return d;
  return d * 1e6 + p.parts.hour * 10000 + p.parts.minute * 100 + p.parts.second + p.parts.micro / 1e6;
}

const NUMERIC_PREFIX = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;

/** val_real(): a number, warning 1292 "Truncated incorrect DOUBLE value" on a string that is not clean. */
function realArg(v: SqlValue, t: ValueType | undefined, env: FunctionEnv): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v === null) return 0;
  if (t && isTemporalType(t)) return temporalNumber(toText(v), t);
  const text = Buffer.isBuffer(v) ? v.toString('latin1') : v;
  if (Buffer.isBuffer(v) && !NUMERIC_PREFIX.test(text) && v.length <= 8) return Number(bufferInt(v));
  const m = NUMERIC_PREFIX.exec(text);
  if (!m || m[0].length !== text.trimEnd().length) env.warn(mysqlError('ER_TRUNCATED_WRONG_VALUE', 'DOUBLE', text.slice(0, 128)));
  const n = m ? Number(m[0]) : 0;
  return Number.isFinite(n) ? n : n > 0 ? Number.MAX_VALUE : -Number.MAX_VALUE;
}

/**
 * A binary string that does not read as a number, in a numeric context: its
 * bytes as a big-endian integer, as MySQL takes X'41' and b'101010' (65, 42).
 * (A hex literal and CAST(... AS BINARY) have the same type here; a binary
 * string that reads as a number is taken as that number.)
 */
function bufferInt(b: Buffer): bigint {
  let n = 0n;
  for (const x of b) n = (n << 8n) | BigInt(x);
  return n;
}

/** rint(): round half to even (how MySQL turns a DOUBLE into an integer). */
function rint(x: number): number {
  if (!Number.isFinite(x)) return x;
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/**
 * val_int() as a bigint: integers as they are, DECIMAL rounded half away
 * from zero, DOUBLE rounded half to even, strings by their integer prefix
 * (1292 "Truncated incorrect INTEGER value" when more follows), all clipped
 * to the BIGINT range.
 */
function int64Arg(v: SqlValue, t: ValueType | undefined, env: FunctionEnv): bigint {
  if (typeof v === 'bigint') return v;
  if (v === null) return 0n;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return Number.isNaN(v) ? 0n : v > 0 ? INT64_MAX : INT64_MIN;
    let r: number;
    if (Number.isInteger(v)) r = v;
    else if (t && isFloatType(t)) r = rint(v);
    else r = v < 0 ? -Math.round(-v) : Math.round(v);
    if (r >= 9.223372036854775807e18) return t && isIntegerType(t) && (t.flags & ColumnFlag.UNSIGNED) !== 0 ? BigInt(Math.min(r, 1.8446744073709552e19)) : INT64_MAX;
    if (r <= -9.223372036854775808e18) return INT64_MIN;
    return BigInt(r);
  }
  if (t && isTemporalType(t)) return BigInt(Math.trunc(temporalNumber(toText(v), t)));
  const text = Buffer.isBuffer(v) ? v.toString('latin1') : v;
  if (Buffer.isBuffer(v) && !NUMERIC_PREFIX.test(text) && v.length <= 8) return bufferInt(v);
  const m = /^\s*([+-]?)(\d+)/.exec(text);
  if (!m || m[0].length !== text.trimEnd().length) env.warn(mysqlError('ER_TRUNCATED_WRONG_VALUE', 'INTEGER', text.slice(0, 128)));
  if (!m) return 0n;
  let n = BigInt(m[2]!);
  if (m[1] === '-') n = -n;
  if (n > UINT64_MAX) return UINT64_MAX;
  if (n < INT64_MIN) return INT64_MIN;
  return n;
}

/** val_int() as a JS number (positions, counts, lengths: exact far past any string length). */
function intArg(v: SqlValue, t: ValueType | undefined, env: FunctionEnv): number {
  return Number(int64Arg(v, t, env));
}

/** Whether an integer-typed argument is UNSIGNED. */
const isUnsigned = (t: ValueType | undefined): boolean => t !== undefined && (t.flags & ColumnFlag.UNSIGNED) !== 0;

/**
 * The max_allowed_packet rule of the string builders (Item_func_repeat,
 * Item_func_space, Item_func_lpad/rpad, Item_func_concat, ...): a result of
 * more than the session's max_allowed_packet bytes is NULL with warning 1301.
 * Returns true when `bytes` is over the limit (the warning is pushed).
 */
function overPacketLimit(env: FunctionEnv, name: string, bytes: number): boolean {
  const max = Number(env.server.variables.get('max_allowed_packet', 'session', env.session));
  if (!(bytes > max)) return false;
  env.warn(mysqlError('ER_WARN_ALLOWED_PACKET_OVERFLOWED', name, max));
  return true;
}

/** Strict sql_mode (STRICT_TRANS_TABLES / STRICT_ALL_TABLES): some warnings are errors. */
function strictMode(env: FunctionEnv): boolean {
  const mode = String(env.server.variables.get('sql_mode', 'session', env.session) ?? '');
  return /STRICT_(TRANS|ALL)_TABLES/i.test(mode);
}

/** An argument as MySQL prints it in a warning (`'x'` for strings). */
function printed(v: SqlValue, t?: ValueType): string {
  if (v === null) return 'NULL';
  if (typeof v === 'number' || typeof v === 'bigint') return textOf(v, t);
  return `'${toText(v)}'`;
}

// ---------------------------------------------------------------- collation-aware text comparison

/** Case and accent folding of one character, as *_ci collations compare. */
function foldChar(c: string): string {
  const lower = c.toLowerCase();
  return lower.length === 1 || lower.length === 2 ? lower.normalize('NFD').replace(/\p{M}+/gu, '') || lower : lower;
}

/** Whether two strings compare case-sensitively under the types' collations. */
function caseSensitive(ts: readonly (ValueType | undefined)[]): boolean {
  return ts.some((t) => t !== undefined && isStringType(t) && t.type !== ColumnType.NULL && isCaseSensitive(t));
}

/** A string as a comparison key: folded per character unless `cs`. */
function foldKey(s: string, cs: boolean): string[] {
  const cs_ = chars(s);
  return cs ? cs_ : cs_.map(foldChar);
}

/** Index (in characters) of `needle` in `hay` at or after `from`, or -1. */
function indexOfChars(hay: string[], needle: string[], from: number): number {
  if (needle.length === 0) return from <= hay.length ? from : -1;
  outer: for (let i = Math.max(0, from); i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** Compares strings as the collation does: -1, 0, 1 (trailing spaces ignored by PAD SPACE collations). */
function collationCompare(a: string, b: string, cs: boolean, pad = true): number {
  if (pad) {
    a = a.replace(/ +$/, '');
    b = b.replace(/ +$/, '');
  }
  if (cs) return compareText(a, b, true);
  const x = foldKey(a, false).join('');
  const y = foldKey(b, false).join('');
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Whether the collation of a string type pads with spaces when comparing (PAD SPACE; the 0900 ones are NO PAD). */
function padsSpaces(t: ValueType | undefined): boolean {
  if (!t || !isStringType(t)) return true;
  return COLLATIONS.find((c) => c.id === t.charset)?.padAttribute !== 'NO PAD';
}

// ---------------------------------------------------------------- exact decimals
// DECIMAL arithmetic for ROUND / TRUNCATE / FLOOR / CEIL / FORMAT on DECIMAL
// values: a sign, an integer of digits and a scale, so that ROUND(1.005, 2)
// is 1.01 as in MySQL and not 1.00 as binary doubles would have it.

interface Dec {
  neg: boolean;
  /** The digits as an integer: the value is digits / 10^scale. */
  digits: bigint;
  scale: number;
}

function decParse(text: string): Dec | null {
  const m = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?/.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return null;
  let intPart = m[2] || '0';
  let frac = m[3] ?? '';
  const exp = m[4] ? Number(m[4]) : 0;
  if (exp > 0) {
    const move = Math.min(exp, 400);
    frac = frac.padEnd(move, '0');
    intPart += frac.slice(0, move);
    frac = frac.slice(move);
  } else if (exp < 0) {
    const move = Math.min(-exp, 400);
    intPart = intPart.padStart(move + 1, '0');
    frac = intPart.slice(intPart.length - move) + frac;
    intPart = intPart.slice(0, intPart.length - move);
  }
  return { neg: m[1] === '-', digits: BigInt(intPart + frac || '0'), scale: frac.length };
}

/** A numeric argument as an exact decimal (DECIMAL values keep their scale). */
function decOf(v: SqlValue, t: ValueType | undefined): Dec {
  if (typeof v === 'bigint') return { neg: v < 0n, digits: v < 0n ? -v : v, scale: 0 };
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return { neg: false, digits: 0n, scale: 0 };
    const text = t && isDecimalType(t) ? v.toFixed(Math.min(t.decimals, 100)) : Number.isInteger(v) && Math.abs(v) < 1e21 ? v.toFixed(0) : String(v);
    return decParse(text) ?? { neg: false, digits: 0n, scale: 0 };
  }
  return decParse(toText(v)) ?? { neg: false, digits: 0n, scale: 0 };
}

function decText(d: Dec, scale = d.scale): string {
  let x = d;
  if (scale !== d.scale) x = decRescale(d, scale);
  const s = x.digits.toString().padStart(x.scale + 1, '0');
  const body = x.scale > 0 ? `${s.slice(0, s.length - x.scale)}.${s.slice(s.length - x.scale)}` : s;
  return x.neg && x.digits !== 0n ? `-${body}` : body;
}

function decRescale(d: Dec, scale: number): Dec {
  if (scale >= d.scale) return { ...d, digits: d.digits * 10n ** BigInt(scale - d.scale), scale };
  return { ...d, digits: d.digits / 10n ** BigInt(d.scale - scale), scale };
}

/** ROUND / TRUNCATE of an exact decimal to `places` (negative: left of the point), half away from zero. */
function decRound(d: Dec, places: number, truncate: boolean): Dec {
  if (places >= d.scale) return d;
  const drop = d.scale - places;
  const f = 10n ** BigInt(drop);
  let q = d.digits / f;
  const r = d.digits % f;
  if (!truncate && r * 2n >= f) q += 1n;
  if (places >= 0) return { neg: d.neg, digits: q, scale: places };
  return { neg: d.neg, digits: q * 10n ** BigInt(-places), scale: 0 };
}

/** FLOOR / CEILING of an exact decimal. */
function decFloorCeil(d: Dec, ceil: boolean): Dec {
  const f = 10n ** BigInt(d.scale);
  let q = d.digits / f;
  const r = d.digits % f;
  if (r !== 0n && ceil !== d.neg) q += 1n;
  return { neg: d.neg, digits: q, scale: 0 };
}

/** A decimal as a bigint (its integer value) when it fits BIGINT, else null. */
function decToBigInt(d: Dec): bigint | null {
  const q = d.digits / 10n ** BigInt(d.scale);
  const v = d.neg ? -q : q;
  return v >= INT64_MIN && v <= UINT64_MAX ? v : null;
}

/** A bigint as the JS value rows carry (numbers while safe). */
function bigOut(v: bigint): number | bigint {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

// ---------------------------------------------------------------- strings

function repeat([s, n]: SqlValue[], env: FunctionEnv, ts: ValueType[]): SqlValue {
  const bytes = isBinary(s!, ts[0]);
  const text = strOf(s!, ts[0], bytes);
  let count = intArg(n!, ts[1], env);
  if (!(count > 0) || text === '') return strOut('', bytes);
  if (count > INT_MAX32) count = INT_MAX32;
  if (overPacketLimit(env, 'repeat', byteLength(text, bytes) * count)) return null;
  return strOut(text.repeat(count), bytes);
}

function space([n]: SqlValue[], env: FunctionEnv, ts: ValueType[]): SqlValue {
  let count = intArg(n!, ts[0], env);
  if (!(count > 0)) return '';
  if (count > INT_MAX32) count = INT_MAX32;
  if (overPacketLimit(env, 'space', count)) return null;
  return ' '.repeat(count);
}

function pad(args: SqlValue[], left: boolean, env: FunctionEnv, ts: ValueType[]): SqlValue {
  const bytes = isBinary(args[0]!, ts[0]);
  const s = strOf(args[0]!, ts[0], bytes);
  const filler = strOf(args[2]!, ts[2], bytes);
  const sLen = cpLength(s);
  let len = intArg(args[1]!, ts[1], env);
  if (len < 0 && !isUnsigned(ts[1])) return null;
  if (len > INT_MAX32 || len < 0) len = INT_MAX32;
  if (len <= sLen) return strOut(cpSlice(s, 0, len), bytes);
  const mb = bytes ? 1 : maxLenOfCollation(resultCollation(ts.slice(0, 1), env.connectionCollation));
  if (overPacketLimit(env, left ? 'lpad' : 'rpad', byteLength(s, bytes) + (len - sLen) * mb)) return null;
  // An empty filler: '' in MySQL 8 (make_empty_result), NULL in 5.x and MariaDB.
  const fLen = cpLength(filler);
  if (fLen === 0) return mysql8Only(env.server.profile) ? strOut('', bytes) : null;
  const need = len - sLen;
  const fill = filler.repeat(Math.floor(need / fLen)) + cpSlice(filler, 0, need % fLen);
  return strOut(left ? fill + s : s + fill, bytes);
}

function substring(args: SqlValue[], env: FunctionEnv, ts: ValueType[]): SqlValue {
  const bytes = isBinary(args[0]!, ts[0]);
  const text = strOf(args[0]!, ts[0], bytes);
  const n = cpLength(text);
  let pos = intArg(args[1]!, ts[1], env);
  let len = args.length > 2 ? intArg(args[2]!, ts[2], env) : n;
  if (args.length > 2 && len <= 0) return strOut('', bytes);
  if (pos === 0 || Math.abs(pos) > n) return strOut('', bytes);
  if (pos < 0) pos = n + pos + 1;
  if (len > n) len = n;
  return strOut(cpSlice(text, pos - 1, pos - 1 + len), bytes);
}

/** SUBSTRING_INDEX(str, delim, count): case-sensitive, as MySQL compares the delimiter bytewise. */
function substringIndex([s, d, n]: SqlValue[], env: FunctionEnv, ts: ValueType[]): SqlValue {
  const bytes = isBinary(s!, ts[0]);
  const text = strOf(s!, ts[0], bytes);
  const delim = strOf(d!, ts[1], bytes);
  const count = int64Arg(n!, ts[2], env);
  if (text === '' || delim === '' || count === 0n) return strOut('', bytes);
  if (count > BigInt(INT_MAX32) || count < -BigInt(INT_MAX32) - 1n) return strOut(text, bytes);
  const positions: number[] = [];
  for (let i = text.indexOf(delim); i >= 0; i = text.indexOf(delim, i + delim.length)) positions.push(i);
  const k = Number(count);
  if (k > 0) return strOut(k > positions.length ? text : text.slice(0, positions[k - 1]), bytes);
  if (-k > positions.length) return strOut(text, bytes);
  return strOut(text.slice(positions[positions.length + k]! + delim.length), bytes);
}

function trim(args: SqlValue[], _env: FunctionEnv, ts: ValueType[]): SqlValue {
  const bytes = isBinary(args[0]!, ts[0]);
  let s = strOf(args[0]!, ts[0], bytes);
  const mode = toText(args[1]!);
  const remove = args.length > 2 ? strOf(args[2]!, ts[2], bytes) : ' ';
  if (remove === '') return strOut(s, bytes);
  if (mode !== 'TRAILING') while (s.startsWith(remove)) s = s.slice(remove.length);
  if (mode !== 'LEADING') while (s.endsWith(remove)) s = s.slice(0, s.length - remove.length);
  return strOut(s, bytes);
}

/** LOCATE(substr, str[, pos]) / INSTR(str, substr) / POSITION(substr IN str): 1-based, 0 when absent. */
function locate(needleV: SqlValue, hayV: SqlValue, from: number, tn: ValueType | undefined, th: ValueType | undefined): number {
  const bytes = isBinary(needleV, tn) || isBinary(hayV, th);
  const cs = bytes || caseSensitive([tn, th]);
  const hay = foldKey(strOf(hayV, th, bytes), cs);
  const needle = foldKey(strOf(needleV, tn, bytes), cs);
  if (from < 1 || from > hay.length + 1) return needle.length === 0 && from === 1 ? 1 : 0;
  return indexOfChars(hay, needle, from - 1) + 1;
}

function insert([s, p, l, n]: SqlValue[], env: FunctionEnv, ts: ValueType[]): SqlValue {
  const bytes = isBinary(s!, ts[0]) || isBinary(n!, ts[3]);
  const text = strOf(s!, ts[0], bytes);
  const repl = strOf(n!, ts[3], bytes);
  const pos = intArg(p!, ts[1], env);
  let len = intArg(l!, ts[2], env);
  const n0 = cpLength(text);
  if (pos < 1 || pos > n0) return strOut(text, bytes);
  if (len < 0 || pos - 1 + len > n0) len = n0 - pos + 1;
  const removed = cpSlice(text, pos - 1, pos - 1 + len);
  if (overPacketLimit(env, 'insert', byteLength(text, bytes) - byteLength(removed, bytes) + byteLength(repl, bytes))) return null;
  return strOut(cpSlice(text, 0, pos - 1) + repl + cpSlice(text, pos - 1 + len), bytes);
}

function replace([s, f, r]: SqlValue[], env: FunctionEnv, ts: ValueType[]): SqlValue {
  const bytes = isBinary(s!, ts[0]);
  const text = strOf(s!, ts[0], bytes);
  const from = strOf(f!, ts[1], bytes);
  const to = strOf(r!, ts[2], bytes);
  if (from === '' || !text.includes(from)) return strOut(text, bytes);
  const pieces = text.split(from);
  const size = byteLength(text, bytes) + (pieces.length - 1) * (byteLength(to, bytes) - byteLength(from, bytes));
  if (overPacketLimit(env, 'replace', size)) return null;
  return strOut(pieces.join(to), bytes);
}

function concatWs(args: SqlValue[], env: FunctionEnv, ts: ValueType[]): SqlValue {
  if (args[0] === null) return null;
  const bytes = anyBinary(args, ts, 0);
  const sep = strOf(args[0]!, ts[0], bytes);
  const parts: string[] = [];
  for (let i = 1; i < args.length; i++) {
    const a = args[i]!;
    if (a !== null) parts.push(!bytes && typeof a === 'string' ? a : strOf(a, ts[i], bytes));
  }
  if (partsOverPacketLimit(env, 'concat_ws', parts, bytes, sep)) return null;
  return strOut(parts.join(sep), bytes);
}

function concat(args: SqlValue[], env: FunctionEnv, ts: ValueType[]): SqlValue {
  const bytes = anyBinary(args, ts, 0);
  // Pushed, not new Array(n): V8 makes an array of more than 100,000 holes a dictionary.
  const parts: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    parts.push(!bytes && typeof a === 'string' ? a : strOf(a, ts[i], bytes));
  }
  if (partsOverPacketLimit(env, 'concat', parts, bytes)) return null;
  return strOut(parts.join(''), bytes);
}

/**
 * overPacketLimit() for `parts` together (joined by `separator`): their bytes are counted one by
 * one only when their UTF-16 length could pass max_allowed_packet (a code
 * unit is at most 3 UTF-8 bytes), not with a native call per part of a
 * long list.
 */
function partsOverPacketLimit(env: FunctionEnv, name: string, parts: readonly string[], bytes: boolean, separator = ''): boolean {
  const joints = Math.max(0, parts.length - 1);
  let units = joints * separator.length;
  for (const p of parts) units += p.length;
  if (!bytes && units * 3 <= Number(env.server.variables.get('max_allowed_packet', 'session', env.session))) return false;
  return overPacketLimit(env, name, bytes ? units : parts.reduce((n, p) => n + byteLength(p, bytes), 0) + joints * byteLength(separator, bytes));
}

/**
 * INTERVAL(N, N1, N2, ...): how many of N1, N2, ... are at most N, read
 * as Item_func_interval::val_int() (sql/item_cmpfunc.cc) does: -1 for a
 * NULL N; with more than eight bounds, none NULL, a binary search (which
 * assumes them sorted); otherwise a scan to the first bound above N,
 * skipping NULL ones.
 */
function intervalFunction(args: SqlValue[], env: FunctionEnv, ts: ValueType[]): SqlValue {
  if (args[0] === null) return -1;
  const value = realArg(args[0]!, ts[0], env);
  const bounds = args.length - 1;
  if (args.length > 8 && args.every((a) => a !== null)) {
    const at = (i: number): number => realArg(args[i + 1]!, ts[i + 1], env);
    let start = 0;
    let end = bounds - 1;
    while (start !== end) {
      const mid = (start + end + 1) >>> 1;
      if (at(mid) <= value) start = mid;
      else end = mid - 1;
    }
    return value < at(start) ? 0 : start + 1;
  }
  for (let i = 1; i < args.length; i++) {
    if (args[i] === null) continue;
    if (realArg(args[i]!, ts[i], env) > value) return i - 1;
  }
  return bounds;
}

/** FIELD(str, s1, s2, ...): compared as strings when all are strings, else as numbers. */
function field(args: SqlValue[], env: FunctionEnv, ts: ValueType[]): SqlValue {
  const first = args[0];
  if (first === null || first === undefined) return 0;
  const allStrings = ts.every((t) => isStringType(t) || t.type === ColumnType.NULL);
  if (allStrings) {
    const cs = args.some((a, i) => a !== null && isBinary(a, ts[i])) || caseSensitive(ts);
    for (let i = 1; i < args.length; i++) {
      if (args[i] !== null && collationCompare(textOf(first, ts[0]), textOf(args[i]!, ts[i]), cs, padsSpaces(ts[0])) === 0) return i;
    }
    return 0;
  }
  const x = realArg(first, ts[0], env);
  for (let i = 1; i < args.length; i++) if (args[i] !== null && realArg(args[i]!, ts[i], env) === x) return i;
  return 0;
}

function findInSet([needle, list]: SqlValue[], _env: FunctionEnv, ts: ValueType[]): SqlValue {
  const cs = isBinary(needle!, ts[0]) || isBinary(list!, ts[1]) || caseSensitive(ts);
  const n = textOf(needle!, ts[0]);
  if (n.includes(',')) return 0;
  const l = textOf(list!, ts[1]);
  if (l === '') return 0;
  const items = l.split(',');
  const pad = padsSpaces(ts[1]);
  for (let i = 0; i < items.length; i++) if (collationCompare(items[i]!, n, cs, pad) === 0) return i + 1;
  return 0;
}

function elt(args: SqlValue[], env: FunctionEnv, ts: ValueType[]): SqlValue {
  if (args[0] === null) return null;
  const n = intArg(args[0]!, ts[0], env);
  if (n < 1 || n >= args.length) return null;
  const v = args[n]!;
  return v === null ? null : typeof v === 'string' || Buffer.isBuffer(v) ? v : textOf(v, ts[n]);
}

function makeSet(args: SqlValue[], env: FunctionEnv, ts: ValueType[]): SqlValue {
  if (args[0] === null) return null;
  let bits = BigInt.asUintN(64, int64Arg(args[0]!, ts[0], env));
  const bytes = args.some((a, i) => i > 0 && a !== null && isBinary(a, ts[i]));
  const out: string[] = [];
  for (let i = 1; i < args.length && bits !== 0n; i++, bits >>= 1n) {
    if ((bits & 1n) === 1n && args[i] !== null) out.push(strOf(args[i]!, ts[i], bytes));
  }
  const s = out.join(',');
  if (overPacketLimit(env, 'make_set', byteLength(s, bytes))) return null;
  return strOut(s, bytes);
}

function exportSet(args: SqlValue[], env: FunctionEnv, ts: ValueType[]): SqlValue {
  const bits = BigInt.asUintN(64, int64Arg(args[0]!, ts[0], env));
  const bytes = args.slice(1, 4).some((a, i) => isBinary(a, ts[i + 1]));
  const on = strOf(args[1]!, ts[1], bytes);
  const off = strOf(args[2]!, ts[2], bytes);
  const sep = args.length > 3 ? strOf(args[3]!, ts[3], bytes) : ',';
  let count = args.length > 4 ? int64Arg(args[4]!, ts[4], env) : 64n;
  if (count > 64n || count < 0n) count = 64n;
  const out: string[] = [];
  for (let i = 0n; i < count; i++) out.push(((bits >> i) & 1n) === 1n ? on : off);
  const s = out.join(sep);
  if (overPacketLimit(env, 'export_set', byteLength(s, bytes))) return null;
  return strOut(s, bytes);
}

/** QUOTE(): the string as an SQL literal; NULL as the word NULL. */
function quote([v]: SqlValue[], _env: FunctionEnv, ts: ValueType[]): SqlValue {
  if (v === null) return 'NULL';
  const bytes = isBinary(v!, ts[0]);
  const s = strOf(v!, ts[0], bytes);
  const q = `'${s.replace(/[\\']/g, (c) => '\\' + c).replace(/\0/g, '\\0').replace(/\x1a/g, '\\Z')}'`;
  return strOut(q, bytes);
}

/** SOUNDEX(): MySQL's variant: no 4-character limit, and a vowel between two equal codes does not separate them. */
const SOUNDEX_MAP = '01230120022455012623010202';
function soundex([v]: SqlValue[], _env: FunctionEnv, ts: ValueType[]): SqlValue {
  const s = chars(textOf(v!, ts[0]));
  const letter = (c: string): boolean => /\p{L}/u.test(c);
  const code = (c: string): string => {
    const u = c.toUpperCase();
    return u >= 'A' && u <= 'Z' ? SOUNDEX_MAP[u.charCodeAt(0) - 65]! : '0';
  };
  let i = 0;
  while (i < s.length && !letter(s[i]!)) i++;
  if (i >= s.length) return '';
  let out = s[i]!.toUpperCase();
  let last = code(s[i]!);
  for (i++; i < s.length; i++) {
    if (!letter(s[i]!)) continue;
    const ch = code(s[i]!);
    if (ch !== '0' && ch !== last) {
      out += ch;
      last = ch;
    }
  }
  return chars(out).length < 4 ? out.padEnd(out.length + 4 - chars(out).length, '0') : out;
}

/** CHAR(n, ...): each integer as its big-endian bytes (NULLs skipped), a binary string. */
function charFunction(args: SqlValue[], env: FunctionEnv, ts: ValueType[]): SqlValue {
  const out: number[] = [];
  args.forEach((a, i) => {
    if (a === null) return;
    let n = BigInt.asUintN(32, int64Arg(a, ts[i], env));
    const b: number[] = [];
    do {
      b.unshift(Number(n & 0xffn));
      n >>= 8n;
    } while (n > 0n);
    pushAll(out, b);
  });
  return Buffer.from(out);
}

/** ORD(): a multi-byte first character as (b1 * 256 + b2) * 256 + ... */
function ord([v]: SqlValue[], _env: FunctionEnv, ts: ValueType[]): SqlValue {
  if (isBinary(v!, ts[0])) return Buffer.isBuffer(v) ? (v[0] ?? 0) : (Buffer.from(textOf(v!, ts[0]))[0] ?? 0);
  const first = chars(textOf(v!, ts[0]))[0];
  if (first === undefined) return 0;
  return [...Buffer.from(first, 'utf8')].reduce((n, b) => n * 256 + b, 0);
}

/** HEX(): numbers as their 64-bit two's complement (rounded), strings byte by byte. */
function hex([v]: SqlValue[], env: FunctionEnv, ts: ValueType[]): SqlValue {
  const t = ts[0];
  if (typeof v === 'number' || typeof v === 'bigint' || (t && isNumericType(t))) {
    let n: bigint;
    if (t && isFloatType(t) || (typeof v === 'number' && !Number.isInteger(v) && !(t && isDecimalType(t)))) {
      const x = realArg(v!, t, env);
      n = Number.isNaN(x) ? 0n : x <= -9.223372036854775808e18 || x >= 1.8446744073709552e19 ? UINT64_MAX : BigInt(Math.trunc(x + (x > 0 ? 0.5 : -0.5)));
    } else {
      n = int64Arg(v!, t, env);
    }
    return BigInt.asUintN(64, n).toString(16).toUpperCase();
  }
  const buf = Buffer.isBuffer(v) ? v : Buffer.from(textOf(v!, t), 'utf8');
  return buf.toString('hex').toUpperCase();
}

function unhex([v]: SqlValue[], _env: FunctionEnv, ts: ValueType[]): SqlValue {
  const s = Buffer.isBuffer(v) ? v.toString('latin1') : textOf(v!, ts[0]);
  if (!/^[0-9a-fA-F]*$/.test(s)) return null;
  return Buffer.from(s.length % 2 ? '0' + s : s, 'hex');
}

/** CONV(n, from_base, to_base): bases 2..36; a negative base means signed. Null for a bad base. */
function conv(args: SqlValue[], env: FunctionEnv, ts: ValueType[]): SqlValue {
  const from = intArg(args[1]!, ts[1], env);
  const to = intArg(args[2]!, ts[2], env);
  const fromAbs = Math.abs(from);
  const toAbs = Math.abs(to);
  if (fromAbs < 2 || fromAbs > 36 || toAbs < 2 || toAbs > 36) return null;
  const t0 = ts[0];
  let n: bigint;
  if (typeof args[0] === 'number' || typeof args[0] === 'bigint' || (t0 && isNumericType(t0))) {
    n = int64Arg(args[0]!, t0, env);
    if (fromAbs !== 10) n = parseInBase(String(n < 0n ? -n : n), fromAbs) * (n < 0n ? -1n : 1n);
  } else {
    const text = Buffer.isBuffer(args[0]) ? args[0].toString('latin1') : textOf(args[0]!, t0);
    if (text === '') return null;
    const m = /^\s*([+-]?)(\w*)/.exec(text)!;
    n = parseInBase(m[2]!, fromAbs);
    if (m[1] === '-') n = -n;
  }
  // Values wrap to 64 bits: unsigned unless the target base is negative.
  if (to < 0) {
    const signed = BigInt.asIntN(64, n);
    return (signed < 0n ? '-' + (-signed).toString(toAbs) : signed.toString(toAbs)).toUpperCase();
  }
  return BigInt.asUintN(64, n).toString(toAbs).toUpperCase();
}

/** The longest prefix of `digits` valid in `base`, saturating at 2^64-1. */
function parseInBase(digits: string, base: number): bigint {
  let n = 0n;
  const b = BigInt(base);
  for (const c of digits.toLowerCase()) {
    const d = c >= '0' && c <= '9' ? c.charCodeAt(0) - 48 : c >= 'a' && c <= 'z' ? c.charCodeAt(0) - 87 : 99;
    if (d >= base) break;
    n = n * b + BigInt(d);
    if (n > UINT64_MAX) return UINT64_MAX;
  }
  return n;
}

/** TO_BASE64(): MIME style, a newline after every 76 characters. */
function toBase64([v]: SqlValue[], env: FunctionEnv, ts: ValueType[]): SqlValue {
  const buf = Buffer.isBuffer(v) ? v : Buffer.from(textOf(v!, ts[0]), 'utf8');
  const b64 = buf.toString('base64');
  const out = b64.replace(/(.{76})(?=.)/g, '$1\n');
  if (overPacketLimit(env, 'to_base64', out.length)) return null;
  return out;
}

function fromBase64([v]: SqlValue[], _env: FunctionEnv, ts: ValueType[]): SqlValue {
  const s = (Buffer.isBuffer(v) ? v.toString('latin1') : textOf(v!, ts[0])).replace(/[\s]/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || (s.length % 4 === 1) || (s.includes('=') && s.length % 4 !== 0)) return null;
  return Buffer.from(s, 'base64');
}

function hash(alg: string, v: SqlValue, t?: ValueType): string {
  return createHash(alg).update(Buffer.isBuffer(v) ? v : Buffer.from(textOf(v, t), 'utf8')).digest('hex');
}

let crcTable: Uint32Array | null = null;
function crc32(buf: Buffer): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const b of buf) crc = crcTable[(crc ^ b) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** FORMAT(x, d[, locale]): rounded to d decimals (at most 30), thousands grouped. */
const LOCALES: Record<string, { dec: string; group: string }> = {
  en_US: { dec: '.', group: ',' },
  en_GB: { dec: '.', group: ',' },
  de_DE: { dec: ',', group: '.' },
  fr_FR: { dec: ',', group: '\u202f' },
  es_ES: { dec: ',', group: '.' },
  it_IT: { dec: ',', group: '' },
  nl_NL: { dec: ',', group: '' },
  pt_BR: { dec: ',', group: '.' },
  ru_RU: { dec: ',', group: '\u00a0' },
  de_CH: { dec: '.', group: "'" },
  ja_JP: { dec: '.', group: ',' },
  zh_CN: { dec: '.', group: ',' },
};
function format(args: SqlValue[], env: FunctionEnv, ts: ValueType[]): SqlValue {
  let d = intArg(args[1]!, ts[1], env);
  d = Math.max(0, Math.min(30, d));
  const t0 = ts[0];
  let body: string;
  if (t0 && (isFloatType(t0) || isStringType(t0) || isTemporalType(t0))) {
    const x = realArg(args[0]!, t0, env);
    if (!Number.isFinite(x)) return doubleText(x);
    body = decText(decRound(decOf(x, undefined), d, false), d);
  } else {
    body = decText(decRound(decOf(args[0]!, t0), d, false), d);
  }
  let locale = LOCALES.en_US!;
  if (args.length > 2 && args[2] !== null) {
    const name = textOf(args[2]!, ts[2]);
    const found = Object.keys(LOCALES).find((k) => k.toLowerCase() === name.toLowerCase());
    if (found) locale = LOCALES[found]!;
    else env.warn(mysqlError('ER_UNKNOWN_LOCALE', name));
  }
  const neg = body.startsWith('-');
  const [intPart, frac] = (neg ? body.slice(1) : body).split('.') as [string, string | undefined];
  const grouped = intPart.replace(/\B(?=(\d{3})+(?!\d))/g, locale.group);
  return `${neg ? '-' : ''}${grouped}${frac !== undefined ? locale.dec + frac : ''}`;
}

/** INET_ATON(): dotted quad (short forms too) -> number; otherwise NULL with 1411. */
function inetAton([v]: SqlValue[], env: FunctionEnv, ts: ValueType[]): SqlValue {
  const s = textOf(v!, ts[0]);
  const fail = (): null => {
    env.warn(mysqlError('ER_WRONG_VALUE_FOR_TYPE', 'string', printed(v!, ts[0]), 'inet_aton'));
    return null;
  };
  if (s === '' || s.endsWith('.')) return fail();
  const groups = s.split('.');
  if (groups.length > 4 || groups.some((g) => !/^\d*$/.test(g) || Number(g || '0') > 255)) return fail();
  const nums = groups.map((g) => Number(g || '0'));
  const last = nums.pop()!;
  let result = 0;
  for (const n of nums) result = result * 256 + n;
  for (let k = nums.length; k < 3 && nums.length > 0; k++) result *= 256;
  return result * 256 + last;
}

function inetNtoa([v]: SqlValue[], env: FunctionEnv, ts: ValueType[]): SqlValue {
  const n = int64Arg(v!, ts[0], env);
  if (n < 0n || n > 4294967295n) {
    env.warn(mysqlError('ER_WRONG_VALUE_FOR_TYPE', 'integer', printed(v!, ts[0]), 'inet_ntoa'));
    return null;
  }
  const x = Number(n);
  return [x >>> 24, (x >>> 16) & 255, (x >>> 8) & 255, x & 255].join('.');
}

function parseIpv4(s: string): number[] | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return null;
  const b = m.slice(1).map(Number);
  return b.every((x) => x <= 255) ? b : null;
}

function parseIpv6(s: string): number[] | null {
  if (!/^[0-9a-fA-F:.]+$/.test(s) || s.includes(':::')) return null;
  let tail: number[] = [];
  let text = s;
  const v4 = /(?:^|:)(\d{1,3}(?:\.\d{1,3}){3})$/.exec(s);
  if (v4) {
    const b = parseIpv4(v4[1]!);
    if (!b) return null;
    tail = b;
    text = s.slice(0, s.length - v4[1]!.length);
    if (text.endsWith(':') && !text.endsWith('::')) text = text.slice(0, -1);
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groups = (h: string): number[] | null => {
    if (h === '') return [];
    const parts = h.split(':');
    if (parts.some((p) => !/^[0-9a-fA-F]{1,4}$/.test(p))) return null;
    return parts.flatMap((p) => {
      const n = parseInt(p, 16);
      return [n >> 8, n & 255];
    });
  };
  const head = groups(halves[0]!);
  const rest = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !rest) return null;
  const total = head.length + rest.length + tail.length;
  if (halves.length === 1 ? total !== 16 : total > 14) return null;
  return [...head, ...new Array<number>(16 - total).fill(0), ...rest, ...tail];
}

function inet6Ntoa(buf: Buffer): string | null {
  if (buf.length === 4) return [...buf].join('.');
  if (buf.length !== 16) return null;
  const words = Array.from({ length: 8 }, (_, i) => buf.readUInt16BE(i * 2));
  // IPv4-compatible / mapped forms print their last 32 bits dotted
  const zeros6 = words.slice(0, 5).every((w) => w === 0);
  if (zeros6 && (words[5] === 0xffff || (words[5] === 0 && (words[6] !== 0 || words[7]! > 1)))) {
    return `::${words[5] === 0xffff ? 'ffff:' : ''}${[...buf.subarray(12)].join('.')}`;
  }
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hexw = words.map((w) => w.toString(16));
  if (best < 0) return hexw.join(':');
  return `${hexw.slice(0, best).join(':')}::${hexw.slice(best + bestLen).join(':')}`;
}

/** A collation id's name, for COLLATION() and CHARSET(). */
function collationName(id: number): { collation: string; charset: string } {
  const c = COLLATIONS.find((x) => x.id === id);
  return c ? { collation: c.name, charset: c.charset } : { collation: 'binary', charset: 'binary' };
}

// ---------------------------------------------------------------- numbers

/** Precision (digits) of a DECIMAL type, from its display length. */
function decPrecision(t: ValueType): number {
  return Math.max(1, t.length - 1 - (t.decimals > 0 ? 1 : 0));
}

/** Item_func_num1: the argument's own numeric type (INT, DECIMAL, or DOUBLE for strings and floats). */
function num1Type(t: ValueType): ValueType {
  const nn = !nullable(t);
  if (isIntegerType(t)) return intType(t.length, nn, isUnsigned(t));
  if (isDecimalType(t)) return decimalType(decPrecision(t), t.decimals, nn);
  const dec = isFloatType(t) ? t.decimals : NOT_FIXED_DEC;
  const d = doubleType(nn, dec === NOT_FIXED_DEC ? 23 : 17 + dec);
  d.decimals = dec;
  return d;
}

type NumKind = 'int' | 'decimal' | 'double';
function numKind(t: ValueType): NumKind {
  return isIntegerType(t) ? 'int' : isDecimalType(t) ? 'decimal' : 'double';
}

/** An error 1690 naming the call as MySQL prints it: `pow(10,1000)`. */
function outOfRange(kind: string, name: string, args: SqlValue[], ts: ValueType[]): MySqlError {
  return mysqlError('ER_DATA_OUT_OF_RANGE', kind, `${name}(${args.map((a, i) => printed(a, ts[i])).join(',')})`);
}

/** check_float_overflow(): an infinite or NaN result is error 1690. */
function finite(x: number, name: string, args: SqlValue[], ts: ValueType[]): number {
  if (!Number.isFinite(x)) throw outOfRange('DOUBLE', name, args, ts);
  return x;
}

/** A math function of doubles: DOUBLE, nullable (Item_dec_func). */
function mathFn(name: string, min: number, max: number, f: (xs: number[], env: FunctionEnv, args: SqlValue[], ts: ValueType[]) => number | null): FunctionDef {
  return {
    min,
    max,
    type: () => dblResult(false),
    eval: (args, env, ts) => f(args.map((a, i) => realArg(a, ts[i], env)), env, args, ts),
  };
}

function logArgument(env: FunctionEnv): null {
  env.warn(mysqlError('ER_INVALID_ARGUMENT_FOR_LOGARITHM'));
  return null;
}

function abs([x]: SqlValue[], env: FunctionEnv, ts: ValueType[]): SqlValue {
  const t = ts[0]!;
  switch (numKind(t)) {
    case 'int': {
      const n = int64Arg(x!, t, env);
      if (n === INT64_MIN && !isUnsigned(t)) throw outOfRange('BIGINT', 'abs', [x!], ts);
      return bigOut(n < 0n ? -n : n);
    }
    case 'decimal': {
      const d = decOf(x!, t);
      return decText({ ...d, neg: false }, t.decimals);
    }
    default:
      return Math.abs(realArg(x!, t, env));
  }
}

/** CEILING / FLOOR: INT stays INT, DECIMAL becomes BIGINT (or DECIMAL(p,0) when long), the rest DOUBLE. */
function intValType(t: ValueType): ValueType {
  const nn = !nullable(t);
  if (isIntegerType(t)) return intType(21, nn, isUnsigned(t));
  if (isDecimalType(t)) {
    let precision = decPrecision(t) - t.decimals;
    if (t.decimals !== 0) precision++;
    const asDecimal = decimalType(precision, 0, nn);
    return asDecimal.length < 20 ? intType(21, nn) : asDecimal;
  }
  return dblResult(nn);
}
function ceilFloor(ceil: boolean): FunctionDef['eval'] {
  return ([x], env, ts) => {
    const t = ts[0]!;
    if (isIntegerType(t)) return bigOut(int64Arg(x!, t, env));
    if (isDecimalType(t)) {
      const d = decFloorCeil(decOf(x!, t), ceil);
      const big = decToBigInt(d);
      return intValType(t).type === ColumnType.NEWDECIMAL || big === null ? decText(d, 0) : bigOut(big);
    }
    const v = realArg(x!, t, env);
    return ceil ? Math.ceil(v) : Math.floor(v);
  };
}

/** ROUND(x[, d]) / TRUNCATE(x, d): the type follows the first argument and, for DECIMAL, a constant d. */
function roundType(truncate: boolean): FunctionDef['type'] {
  return (ts, _env, consts) => {
    const t = ts[0]!;
    const nn = !anyNullable(ts);
    if (isIntegerType(t)) return intType(21, nn, isUnsigned(t));
    if (isDecimalType(t)) {
      let places = ts.length > 1 ? constInt(consts, 1) : 0;
      // Without the constant, the result's scale is unknown here: a DOUBLE shows the rounded
      // value as MySQL's DECIMAL does, except for trailing zeros (1.3, not 1.300 nor 1.30).
      if (places === undefined) return dblResult(nn);
      if (places === null) places = 0;
      places = Math.max(-30, Math.min(30, places));
      let precision = decPrecision(t);
      let scale = t.decimals;
      if (places <= 0) {
        precision -= scale;
        if (!truncate) precision++;
        scale = 0;
      } else if (places < scale) {
        precision -= scale - places;
        if (!truncate) precision++;
        scale = places;
      }
      return decimalType(Math.max(1, precision), scale, nn);
    }
    return dblResult(nn);
  };
}
function round(truncate: boolean): FunctionDef['eval'] {
  return (args, env, ts) => {
    const t = ts[0]!;
    const places = args.length > 1 ? Math.max(-400, Math.min(400, intArg(args[1]!, ts[1], env))) : 0;
    switch (numKind(t)) {
      case 'int': {
        const n = int64Arg(args[0]!, t, env);
        if (places >= 0) return bigOut(n);
        const r = decRound({ neg: n < 0n, digits: n < 0n ? -n : n, scale: 0 }, places, truncate);
        const v = decToBigInt(r);
        return v === null ? bigOut(n) : bigOut(v);
      }
      case 'decimal': {
        const r = decRound(decOf(args[0]!, t), places, truncate);
        const scale = roundType(truncate)(ts, { connectionCollation: 0 }, args).decimals;
        return decText(r, Math.min(scale, 30));
      }
      default: {
        const x = realArg(args[0]!, t, env);
        if (places <= -309) return 0;
        const f = 10 ** Math.abs(places);
        if (places >= 0 && !Number.isFinite(x * f)) return x;
        if (truncate) {
          if (x >= 0) return places < 0 ? Math.floor(x / f) * f : Math.floor(x * f) / f;
          return places < 0 ? Math.ceil(x / f) * f : Math.ceil(x * f) / f;
        }
        return places < 0 ? rint(x / f) * f : rint(x * f) / f;
      }
    }
  };
}

/** MOD(a, b) / a % b: INT, DECIMAL or DOUBLE as the operands are; 0 as divisor is NULL with 1365. */
function modType(ts: ValueType[]): ValueType {
  const [a, b] = ts as [ValueType, ValueType];
  if (isIntegerType(a) && isIntegerType(b)) return intType(Math.max(a.length, b.length), false, isUnsigned(a));
  if ((isIntegerType(a) || isDecimalType(a)) && (isIntegerType(b) || isDecimalType(b))) {
    const scale = Math.max(a.decimals, b.decimals);
    const prec = Math.max(isDecimalType(a) ? decPrecision(a) : a.length, isDecimalType(b) ? decPrecision(b) : b.length);
    return decimalType(Math.min(65, prec), scale, false);
  }
  return dblResult(false);
}
function mod(args: SqlValue[], env: FunctionEnv, ts: ValueType[]): SqlValue {
  const t = modType(ts);
  if (isIntegerType(t)) {
    const a = int64Arg(args[0]!, ts[0], env);
    const b = int64Arg(args[1]!, ts[1], env);
    if (b === 0n) {
      env.warn(mysqlError('ER_DIVISION_BY_ZERO'));
      return null;
    }
    return bigOut(a % b);
  }
  if (isDecimalType(t)) {
    const a = decOf(args[0]!, ts[0]);
    const b = decOf(args[1]!, ts[1]);
    const scale = Math.max(a.scale, b.scale);
    const x = decRescale(a, scale);
    const y = decRescale(b, scale);
    if (y.digits === 0n) {
      env.warn(mysqlError('ER_DIVISION_BY_ZERO'));
      return null;
    }
    return decText({ neg: a.neg, digits: x.digits % y.digits, scale }, t.decimals);
  }
  const a = realArg(args[0]!, ts[0], env);
  const b = realArg(args[1]!, ts[1], env);
  if (b === 0) {
    env.warn(mysqlError('ER_DIVISION_BY_ZERO'));
    return null;
  }
  return a % b;
}

/** RAND(N): MySQL's generator (my_rnd), seeded as Item_func_rand::seed_random does. */
function seededRand(seed: bigint): number {
  const MAX = 0x3fffffff;
  const t = BigInt.asUintN(32, seed);
  let s1 = Number(BigInt.asUintN(32, t * 0x10001n + 55555555n)) % MAX;
  const s2 = Number(BigInt.asUintN(32, t * 0x10000001n)) % MAX;
  s1 = (s1 * 3 + s2) % MAX;
  return s1 / MAX;
}

/**
 * GREATEST / LEAST. With a DATE/DATETIME among the arguments they compare as
 * datetimes and the result is formatted as one; all integers compare as
 * integers, numbers as numbers; a mix of numbers and strings compares as
 * strings in MySQL 8 (GREATEST('11', 5, 2) is '5') and as numbers in 5.x and
 * MariaDB; strings under their collation.
 */
function extreme(greatest: boolean): FunctionDef['eval'] {
  return (args, env, ts) => {
    const t = unionType(ts, true, env.connectionCollation);
    const dateKind = ts.some((x) => x.type === ColumnType.DATETIME || x.type === ColumnType.TIMESTAMP)
      ? 'DATETIME'
      : ts.some((x) => x.type === ColumnType.DATE)
        ? 'DATE'
        : null;
    let key: (i: number) => number | bigint | string;
    let numeric = true;
    if (dateKind) {
      const parsed = args.map((a, i) => dateArg(a, env, 'datetime', ts[i]));
      if (parsed.some((p) => p === null)) return null;
      key = (i) => T.toSeconds(parsed[i]!) * 1e6 + parsed[i]!.micro;
      let best = 0;
      for (let i = 1; i < args.length; i++) if (greatest ? key(i) > key(best) : key(i) < key(best)) best = i;
      const p = parsed[best]!;
      return dateKind === 'DATE' ? T.formatDate(p) : T.formatDateTime(p, Math.max(autoFsp(p.micro), t.decimals < NOT_FIXED_DEC ? t.decimals : 0));
    }
    const mixed = ts.some((x) => isStringType(x)) && ts.some((x) => isNumericType(x));
    // A safe integer compares as itself (`<` orders numbers and BigInts alike): no BigInt per argument.
    if (ts.every(isIntegerType)) key = (i) => (typeof args[i] === 'number' && Number.isSafeInteger(args[i]) ? (args[i] as number) : int64Arg(args[i]!, ts[i], env));
    else if (isNumericType(t) || (mixed && !mysql8Only(env.server.profile))) key = (i) => realArg(args[i]!, ts[i], env);
    else {
      numeric = false;
      key = (i) => textOf(args[i]!, ts[i]);
    }
    const cs = caseSensitive(ts) || args.some((a, k) => isBinary(a, ts[k]));
    const pads = padsSpaces(t);
    const cmp = (a: number | bigint | string, b: number | bigint | string): number => {
      if (numeric) return a < b ? -1 : a > b ? 1 : 0;
      return collationCompare(a as string, b as string, cs, pads);
    };
    let best = 0;
    let bestKey = key(0);
    for (let i = 1; i < args.length; i++) {
      const k = key(i);
      const c = cmp(k, bestKey);
      if (greatest ? c > 0 : c < 0) {
        best = i;
        bestKey = k;
      }
    }
    const v = args[best]!;
    if (isStringType(t) && (typeof v === 'number' || typeof v === 'bigint')) return textOf(v, ts[best]);
    return v;
  };
}

// ---------------------------------------------------------------- dates and times

function sqlModeHas(env: FunctionEnv, flag: string): boolean {
  const mode = String(env.server.variables.get('sql_mode', 'session', env.session) ?? '');
  return mode.toUpperCase().split(',').includes(flag);
}

/** 1292 "Incorrect datetime value: 'x'" (make_truncated_value_warning for a value that is not a date at all). */
function badDate(env: FunctionEnv, text: string, kind = 'datetime'): null {
  env.warn(mysqlError('ER_TRUNCATED_WRONG_VALUE_INCORRECT', kind, text.slice(0, 128)));
  return null;
}

function now(env: FunctionEnv): T.DateTimeParts {
  return T.partsFromEpochMs(env.nowMs + env.zoneOffsetMinutes * 60_000);
}
function utcNow(env: FunctionEnv): T.DateTimeParts {
  return T.partsFromEpochMs(env.nowMs);
}
/** The microseconds of NOW(): the clock has milliseconds. */
function withClockMicros(p: T.DateTimeParts, env: FunctionEnv): T.DateTimeParts {
  return { ...p, micro: Math.floor(((env.nowMs % 1000) + 1000) % 1000) * 1000 };
}

/** The fractional-seconds precision argument of NOW(fsp) and friends (a constant 0..6, else 1426). */
function fspOf(args: SqlValue[], env: FunctionEnv, ts: ValueType[], name: string): number {
  if (!args.length || args[0] === null) return 0;
  const n = intArg(args[0]!, ts[0], env);
  if (n < 0 || n > 6) throw mysqlError('ER_TOO_BIG_PRECISION', n, name, 6);
  return n;
}
function fspConst(consts: readonly ConstArg[] | undefined, i = 0): number {
  const n = constInt(consts, i);
  return typeof n === 'number' && n >= 0 && n <= 6 ? n : 0;
}

/**
 * A date argument (get_arg0_date): DATE/DATETIME text, numbers like
 * 20260115, a TIME taken on today's date. Strings follow sql_mode's
 * NO_ZERO_DATE / NO_ZERO_IN_DATE; `full` also rejects zero months and days
 * whatever the mode (functions that need a calendar day: DAYNAME, TO_DAYS, ...).
 * Null with warning 1292 when it is not a date.
 */
export function dateArg(v: SqlValue, env: FunctionEnv, kind = 'datetime', t?: ValueType, full = false): T.DateTimeParts | null {
  if (v === null) return null;
  let parts: T.DateTimeParts | null = null;
  let text: string;
  if (t?.type === ColumnType.TIME) {
    const tm = T.parseTimeLoose(toText(v));
    if (!tm) return badDate(env, toText(v), kind);
    const today = now(env);
    const ms = Date.UTC(today.year, today.month - 1, today.day) + T.timeToMicros(tm.time) / 1000;
    return { ...T.partsFromEpochMs(ms), micro: tm.time.micro };
  }
  if (typeof v === 'number' || typeof v === 'bigint') {
    text = typeof v === 'bigint' ? v.toString() : textOf(v, t);
    parts = T.dateTimeFromNumber(Number(v));
    if (!parts) return badDate(env, text, kind);
  } else {
    text = toText(v);
    const r = T.parseDateTimeLoose(text, true);
    if (!r) return badDate(env, text, kind);
    parts = r.parts;
    const typed = t !== undefined && isTemporalType(t);
    if (!typed) {
      const zeroDate = parts.year === 0 && parts.month === 0 && parts.day === 0;
      if (zeroDate && sqlModeHas(env, 'NO_ZERO_DATE')) return badDate(env, text, kind);
      if (!zeroDate && (parts.month === 0 || parts.day === 0) && sqlModeHas(env, 'NO_ZERO_IN_DATE')) return badDate(env, text, kind);
      if (r.truncated) env.warn(mysqlError('ER_TRUNCATED_WRONG_VALUE', kind, text.slice(0, 128)));
    }
  }
  if (full && (parts.month === 0 || parts.day === 0)) return badDate(env, text, kind);
  return parts;
}

/** A time argument (get_arg0_time): TIME text, a datetime's time part, numbers like 103000. */
function timeArg(v: SqlValue, env: FunctionEnv, t?: ValueType): T.TimeParts | null {
  if (v === null) return null;
  if (t && (t.type === ColumnType.DATETIME || t.type === ColumnType.TIMESTAMP || t.type === ColumnType.DATE)) {
    const p = T.parseDateTimeLoose(toText(v));
    return p ? { neg: false, hour: p.parts.hour, minute: p.parts.minute, second: p.parts.second, micro: p.parts.micro } : null;
  }
  if (typeof v === 'number' || typeof v === 'bigint') {
    const r = T.timeFromNumber(Number(v));
    if (!r) {
      env.warn(mysqlError('ER_TRUNCATED_WRONG_VALUE', 'time', textOf(v, t)));
      return null;
    }
    if (r.clamped) env.warn(mysqlError('ER_TRUNCATED_WRONG_VALUE', 'time', textOf(v, t)));
    return r.time;
  }
  const text = toText(v);
  const r = T.parseTimeLoose(text);
  if (!r) {
    env.warn(mysqlError('ER_TRUNCATED_WRONG_VALUE', 'time', text.slice(0, 128)));
    return null;
  }
  if (r.clamped || r.truncated) env.warn(mysqlError('ER_TRUNCATED_WRONG_VALUE', 'time', text.slice(0, 128)));
  return r.time;
}

/** Whether a string argument reads as a datetime (has a date part) rather than a TIME. */
function looksLikeDateTime(v: SqlValue, t: ValueType | undefined): boolean {
  if (t && (t.type === ColumnType.DATETIME || t.type === ColumnType.TIMESTAMP || t.type === ColumnType.DATE)) return true;
  if (t && t.type === ColumnType.TIME) return false;
  if (typeof v === 'number' || typeof v === 'bigint') return Number(v) >= 1e10 || (Number(v) >= 10000101 && Number(v) <= 99991231);
  const s = toText(v).trim();
  return /^\d{1,4}[^\d\s:]\d{1,2}[^\d\s:]\d{1,2}/.test(s) || /^\d{12,14}(\.\d*)?$/.test(s);
}

function fmtDateTime(p: T.DateTimeParts, fsp: number): string {
  return T.formatDateTime(p, fsp);
}
/** Micro-second digits a value needs: 6 when it has a fraction, else 0. */
const autoFsp = (micro: number): number => (micro ? 6 : 0);

/** A date field of a date argument, as MySQL's YEAR()/MONTH()/...: INT of `length` digits, nullable. */
function datePart(length: number, pick: (p: T.DateTimeParts) => SqlValue, full = false): FunctionDef {
  return {
    min: 1,
    max: 1,
    type: () => intResult(length, false),
    eval: ([d], env, ts) => {
      const p = dateArg(d!, env, 'datetime', ts[0], full);
      return p ? pick(p) : null;
    },
  };
}
function timePart(length: number, pick: (t: T.TimeParts) => number): FunctionDef {
  return {
    min: 1,
    max: 1,
    type: () => intResult(length, false),
    eval: ([d], env, ts) => {
      const t = timeArg(d!, env, ts[0]);
      return t ? pick(t) : null;
    },
  };
}

const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const dayNr = (p: T.DateTimeParts): number => T.dayNumber(p.year, p.month, p.day);

function defaultWeekFormat(env: FunctionEnv): number {
  const v = env.server.variables.definition('default_week_format') ? env.server.variables.get('default_week_format', 'session', env.session) : 0;
  return Number(v ?? 0) || 0;
}

/** The length DATE_FORMAT's result can reach for a constant format (Item_func_date_format::format_length). */
function formatLength(format: string): number {
  let size = 0;
  for (let i = 0; i < format.length; i++) {
    if (format[i] !== '%' || i + 1 >= format.length) {
      size++;
      continue;
    }
    const s = format[++i]!;
    if ('MW'.includes(s)) size += 64;
    else if ('DYxX'.includes(s)) size += 4;
    else if ('ab'.includes(s)) size += 32;
    else if (s === 'j') size += 3;
    else if ('UuVvymdhIilpSsce'.includes(s)) size += 2;
    else if ('kH'.includes(s)) size += 7;
    else if (s === 'r') size += 11;
    else if (s === 'T') size += 8;
    else if (s === 'f') size += 6;
    else size++;
  }
  return size;
}
function dateFormatType(ts: ValueType[], env: TypeEnv, consts?: readonly ConstArg[]): ValueType {
  const f = constText(consts, 1);
  const chars = typeof f === 'string' ? formatLength(f) : Math.min(charLen(ts[1]!) * 10, MAX_BLOB_WIDTH);
  return connString(chars, env, false);
}

/** UNIX_TIMESTAMP(d): seconds since the epoch of a datetime in the session time zone; 0 outside 1970..3001. */
function unixTimestamp(p: T.DateTimeParts, env: FunctionEnv): { secs: number; micro: number } {
  const secs = Math.floor((T.epochMsOf({ ...p, micro: 0 }) - env.zoneOffsetMinutes * 60_000) / 1000);
  if (secs < 0 || secs > 32536771199) return { secs: 0, micro: 0 };
  return { secs, micro: p.micro };
}

/** '+HH:MM' / '-HH:MM' time zones (offset minutes), 'SYSTEM' as UTC; named zones are unknown (no zone tables). */
function zoneOffset(name: string): number | null {
  if (name.toUpperCase() === 'SYSTEM') return 0;
  const m = /^([+-])(\d{1,2}):(\d{2})$/.exec(name.trim());
  if (!m) return null;
  const mins = Number(m[2]) * 60 + Number(m[3]);
  if (Number(m[3]) > 59 || mins > 14 * 60 || (m[1] === '-' && mins > 13 * 60 + 59)) return null;
  return m[1] === '-' ? -mins : mins;
}

/** PERIOD_ADD / PERIOD_DIFF: YYMM or YYYYMM to a month count and back. */
function periodToMonths(p: number): number {
  if (p === 0) return 0;
  let year = Math.floor(p / 100);
  if (year < 70) year += 2000;
  else if (year < 100) year += 1900;
  return year * 12 + (p % 100) - 1;
}
function monthsToPeriod(m: number): number {
  if (m === 0) return 0;
  let year = Math.floor(m / 12);
  if (year < 100) year += year < 70 ? 2000 : 1900;
  return year * 100 + (m % 12) + 1;
}
function periodArg(v: SqlValue, t: ValueType | undefined, env: FunctionEnv, name: string): number {
  const n = int64Arg(v, t, env);
  if (n < 0n || n > 999999n || (n !== 0n && (n % 100n === 0n || n % 100n > 12n))) throw mysqlError('ER_WRONG_ARGUMENTS', name);
  return Number(n);
}

/** EXTRACT(unit FROM d): date units read a date, time units a time (negative TIMEs give negative fields). */
function extract([unitV, d]: SqlValue[], env: FunctionEnv, ts: ValueType[]): SqlValue {
  const unit = toText(unitV!).toUpperCase();
  const dateUnits = ['YEAR', 'YEAR_MONTH', 'QUARTER', 'MONTH', 'WEEK', 'DAY'];
  if (dateUnits.includes(unit)) {
    const p = dateArg(d!, env, 'datetime', ts[1], unit === 'WEEK');
    if (!p) return null;
    switch (unit) {
      case 'YEAR': return p.year;
      case 'YEAR_MONTH': return p.year * 100 + p.month;
      case 'QUARTER': return Math.ceil(p.month / 3);
      case 'MONTH': return p.month;
      case 'WEEK': return T.calcWeek(p, T.weekMode(0)).week;
      default: return p.day;
    }
  }
  let day = 0;
  let t: T.TimeParts | null;
  if (looksLikeDateTime(d!, ts[1])) {
    const p = dateArg(d!, env, 'datetime', ts[1]);
    if (!p) return null;
    day = p.day;
    t = { neg: false, hour: p.hour, minute: p.minute, second: p.second, micro: p.micro };
  } else {
    t = timeArg(d!, env, ts[1]);
    if (!t) return null;
  }
  const sign = t.neg ? -1 : 1;
  const { hour, minute: mi, second: s, micro: us } = t;
  const v = ((): number | null => {
    switch (unit) {
      case 'DAY_HOUR': return day * 100 + hour;
      case 'DAY_MINUTE': return (day * 100 + hour) * 100 + mi;
      case 'DAY_SECOND': return ((day * 100 + hour) * 100 + mi) * 100 + s;
      case 'DAY_MICROSECOND': return (((day * 100 + hour) * 100 + mi) * 100 + s) * 1e6 + us;
      case 'HOUR': return hour;
      case 'HOUR_MINUTE': return hour * 100 + mi;
      case 'HOUR_SECOND': return (hour * 100 + mi) * 100 + s;
      case 'HOUR_MICROSECOND': return ((hour * 100 + mi) * 100 + s) * 1e6 + us;
      case 'MINUTE': return mi;
      case 'MINUTE_SECOND': return mi * 100 + s;
      case 'MINUTE_MICROSECOND': return (mi * 100 + s) * 1e6 + us;
      case 'SECOND': return s;
      case 'SECOND_MICROSECOND': return s * 1e6 + us;
      case 'MICROSECOND': return us;
      default: return null;
    }
  })();
  return v === null ? null : v * sign;
}
const EXTRACT_LENGTHS: Record<string, number> = {
  YEAR: 5, YEAR_MONTH: 7, QUARTER: 2, MONTH: 3, WEEK: 3, DAY: 3, DAY_HOUR: 9, DAY_MINUTE: 11, DAY_SECOND: 13,
  HOUR: 4, HOUR_MINUTE: 6, HOUR_SECOND: 8, MINUTE: 3, MINUTE_SECOND: 5, SECOND: 3, MICROSECOND: 7,
  DAY_MICROSECOND: 20, HOUR_MICROSECOND: 14, MINUTE_MICROSECOND: 11, SECOND_MICROSECOND: 9,
};

/** ADDTIME / SUBTIME: a datetime or time plus a time; the result reads as its first argument does. */
function addTime(sign: 1 | -1): FunctionDef['eval'] {
  return ([a, b], env, ts) => {
    const delta = ts[1] && (ts[1].type === ColumnType.DATETIME || ts[1].type === ColumnType.DATE) ? null : timeArg(b!, env, ts[1]);
    if (!delta || looksLikeDateTime(b!, ts[1])) return null;
    const us = T.timeToMicros(delta) * sign;
    if (looksLikeDateTime(a!, ts[0])) {
      const p = dateArg(a!, env, 'datetime', ts[0]);
      if (!p) return null;
      const r = T.addInterval(p, { months: 0, micros: us }, 1);
      if (!r) return null;
      const fsp = Math.max(ts[0]?.type === ColumnType.DATETIME ? ts[0].decimals : 0, ts[1]?.type === ColumnType.TIME ? ts[1].decimals : 0, autoFsp(r.micro));
      return fmtDateTime(r, fsp);
    }
    const t = timeArg(a!, env, ts[0]);
    if (!t) return null;
    const r = T.clampTime(T.timeFromMicros(T.timeToMicros(t) + us));
    if (r.clamped) env.warn(mysqlError('ER_TRUNCATED_WRONG_VALUE', 'time', T.formatTimeParts(T.timeFromMicros(T.timeToMicros(t) + us), 6)));
    return T.formatTimeParts(r.time, Math.max(autoFsp(r.time.micro), ts[0]?.type === ColumnType.TIME ? ts[0].decimals : 0));
  };
}
function addTimeType(ts: ValueType[], env: TypeEnv): ValueType {
  const a = ts[0]!;
  const b = ts[1]!;
  const fspB = b.type === ColumnType.TIME ? b.decimals : 0;
  if (a.type === ColumnType.TIME) return temporalType('TIME', Math.max(a.decimals, fspB), false);
  if (a.type === ColumnType.DATETIME || a.type === ColumnType.TIMESTAMP || a.type === ColumnType.DATE) return temporalType('DATETIME', Math.max(a.decimals, fspB), false);
  return varStringType(29, env.connectionCollation, false, true);
}

/** STR_TO_DATE's result type: DATE, TIME or DATETIME by a constant format, else DATETIME(6). */
function strToDateType(consts?: readonly ConstArg[]): ValueType {
  const f = constText(consts, 1);
  if (typeof f !== 'string') return temporalType('DATETIME', 6, false);
  const k = T.formatFieldKinds(f);
  if (k.hasDate && !k.hasTime) return temporalType('DATE', 0, false);
  if (k.hasTime && !k.hasDate) return temporalType('TIME', k.hasMicro ? 6 : 0, false);
  return temporalType('DATETIME', k.hasMicro ? 6 : 0, false);
}
function strToDate([s, f]: SqlValue[], env: FunctionEnv, ts: ValueType[]): SqlValue {
  const text = textOf(s!, ts[0]);
  const format = textOf(f!, ts[1]);
  const r = T.parseByFormat(text, format);
  const fail = (): null => {
    env.warn(mysqlError('ER_WRONG_VALUE_FOR_TYPE', 'datetime', text, 'str_to_date'));
    return null;
  };
  if (!r) return fail();
  const p = r.parts;
  if (r.hasDate || !r.hasTime) {
    const zeroDate = p.year === 0 && p.month === 0 && p.day === 0;
    if (zeroDate && sqlModeHas(env, 'NO_ZERO_DATE')) return fail();
    if (!zeroDate && (p.month === 0 || p.day === 0) && sqlModeHas(env, 'NO_ZERO_IN_DATE')) return fail();
  }
  if (!r.hasTime) return T.formatDate(p);
  if (!r.hasDate) return T.formatTimeParts({ neg: false, hour: p.hour, minute: p.minute, second: p.second, micro: p.micro }, r.hasMicro ? 6 : 0);
  return fmtDateTime(p, r.hasMicro ? 6 : 0);
}

const GET_FORMATS: Record<string, Record<string, string>> = {
  DATE: { USA: '%m.%d.%Y', JIS: '%Y-%m-%d', ISO: '%Y-%m-%d', EUR: '%d.%m.%Y', INTERNAL: '%Y%m%d' },
  DATETIME: { USA: '%Y-%m-%d %H.%i.%s', JIS: '%Y-%m-%d %H:%i:%s', ISO: '%Y-%m-%d %H:%i:%s', EUR: '%Y-%m-%d %H.%i.%s', INTERNAL: '%Y%m%d%H%i%s' },
  TIME: { USA: '%h:%i:%s %p', JIS: '%H:%i:%s', ISO: '%H:%i:%s', EUR: '%H.%i.%s', INTERNAL: '%H%i%s' },
};
GET_FORMATS.TIMESTAMP = GET_FORMATS.DATETIME!;

/** Result type of the TIMESTAMPADD / DATE_ADD family for an argument type (Item_date_add_interval::resolve_type). */
function intervalResultType(t: ValueType, unit: string, connectionCollation: number): ValueType {
  const microUnit = unit === 'MICROSECOND' || unit.endsWith('_MICROSECOND');
  const dec = microUnit ? 6 : 0;
  if (t.type === ColumnType.DATETIME || t.type === ColumnType.TIMESTAMP) return temporalType('DATETIME', Math.max(t.decimals, dec), false);
  if (t.type === ColumnType.DATE) return DATE_UNITS.has(unit) ? temporalType('DATE', 0, false) : temporalType('DATETIME', dec, false);
  if (t.type === ColumnType.TIME) {
    return DATE_UNITS.has(unit) ? temporalType('DATETIME', Math.max(t.decimals, dec), false) : temporalType('TIME', Math.max(t.decimals, dec), false);
  }
  return varStringType(29, connectionCollation, false, true);
}

// ---------------------------------------------------------------- JSON
// A JSON value keeps what MySQL keeps: numbers with their kind (an INTEGER,
// a DOUBLE printed as 1.0, a DECIMAL with its scale), objects as maps whose
// keys MySQL normalises (sorted by length, then bytes; the last duplicate
// wins) while MariaDB keeps them as written.

class JNum {
  constructor(
    readonly text: string,
    readonly kind: 'int' | 'uint' | 'double' | 'decimal',
  ) {}
  get value(): number {
    return Number(this.text);
  }
}
/** A DATE / TIME / DATETIME inside a JSON document (CAST(date AS JSON), JSON_ARRAY(NOW())). */
class JTemporal {
  constructor(
    readonly text: string,
    readonly kind: 'DATE' | 'TIME' | 'DATETIME',
  ) {}
}
class JObj {
  constructor(readonly map: Map<string, JVal> = new Map()) {}
}
type JVal = null | boolean | string | JNum | JTemporal | JVal[] | JObj;

/** MySQL's member order: shorter keys first, then by UTF-8 bytes. */
function keyOrder(a: string, b: string): number {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length - y.length || Buffer.compare(x, y);
}

function makeObject(entries: [string, JVal][], mysqlOrder: boolean): JObj {
  const map = new Map<string, JVal>();
  for (const [k, v] of entries) map.set(k, v);
  if (!mysqlOrder) return new JObj(map);
  return new JObj(new Map([...map.entries()].sort((a, b) => keyOrder(a[0], b[0]))));
}

/** A JSON syntax error: rapidjson's message and the byte offset MySQL reports. */
class JsonSyntaxError {
  constructor(
    readonly message: string,
    readonly position: number,
  ) {}
}

const JSON_MAX_DEPTH = 100;

function parseJsonText(text: string, mysqlOrder: boolean): JVal {
  let i = 0;
  const err = (msg: string, at = i): never => {
    throw new JsonSyntaxError(msg, Buffer.byteLength(text.slice(0, at), 'utf8'));
  };
  const ws = (): void => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const value = (depth: number): JVal => {
    if (depth > JSON_MAX_DEPTH) throw mysqlError('ER_JSON_DOCUMENT_TOO_DEEP');
    ws();
    const c = text[i];
    if (c === undefined) return err('The document is empty.');
    if (c === '{') {
      i++;
      const entries: [string, JVal][] = [];
      ws();
      if (text[i] === '}') {
        i++;
        return makeObject(entries, mysqlOrder);
      }
      for (;;) {
        ws();
        if (text[i] !== '"') return err('Missing a name for object member.');
        const k = str();
        ws();
        if (text[i] !== ':') return err('Missing a colon after a name of object member.');
        i++;
        entries.push([k, value(depth + 1)]);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return makeObject(entries, mysqlOrder);
        }
        return err("Missing a comma or '}' after an object member.");
      }
    }
    if (c === '[') {
      i++;
      const items: JVal[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return items;
      }
      for (;;) {
        items.push(value(depth + 1));
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return items;
        }
        return err("Missing a comma or ']' after an array element.");
      }
    }
    if (c === '"') return str();
    if (text.startsWith('true', i)) {
      i += 4;
      return true;
    }
    if (text.startsWith('false', i)) {
      i += 5;
      return false;
    }
    if (text.startsWith('null', i)) {
      i += 4;
      return null;
    }
    const m = /^-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m || m[0] === '-') {
      if (/^-?\d+\.(?!\d)/.test(text.slice(i))) return err('Missing fraction part in number.', i + text.slice(i).indexOf('.') + 1);
      return err('Invalid value.');
    }
    if (/^[eE]/.test(text.slice(i + m[0].length))) return err('Missing exponent in number.', i + m[0].length + 1);
    i += m[0].length;
    if (m[1] === undefined && m[2] === undefined) {
      const n = BigInt(m[0]);
      if (n >= INT64_MIN && n <= INT64_MAX) return new JNum(m[0], 'int');
      if (n > 0n && n <= UINT64_MAX) return new JNum(m[0], 'uint');
    }
    const d = Number(m[0]);
    if (!Number.isFinite(d)) return err('Number too big to be stored in double.', i - m[0].length);
    return new JNum(jsonDoubleText(d), 'double');
  };
  const str = (): string => {
    const start = i;
    i++;
    let out = '';
    for (;;) {
      const c = text[i];
      if (c === undefined) return err('Missing a closing quotation mark in string.', start);
      if (c === '"') {
        i++;
        return out;
      }
      if (c === '\\') {
        const e = text[i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && simple[e] !== undefined) {
          out += simple[e];
          i += 2;
          continue;
        }
        if (e === 'u') {
          const h = text.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(h)) return err('Incorrect hex digit after \\u escape in string.', i);
          out += String.fromCharCode(parseInt(h, 16));
          i += 6;
          continue;
        }
        return err('Invalid escape character in string.', i);
      }
      if (c.charCodeAt(0) < 0x20) return err('Invalid encoding in string.', i);
      out += c;
      i++;
    }
  };
  const v = value(1);
  ws();
  if (i < text.length) err('The document root must not be followed by other values.');
  return v;
}

/** A double in JSON text: 1.0 keeps its point, 1e20 its exponent. */
function jsonDoubleText(d: number): string {
  const s = doubleText(d);
  return /^-?\d+$/.test(s) ? `${s}.0` : s;
}

/** JSON_QUOTE's escaping. */
function jsonString(s: string): string {
  let out = '"';
  for (const c of s) {
    const code = c.codePointAt(0)!;
    if (c === '"') out += '\\"';
    else if (c === '\\') out += '\\\\';
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    else if (c === '\b') out += '\\b';
    else if (c === '\f') out += '\\f';
    else if (code < 0x20) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += c;
  }
  return out + '"';
}

/** JSON text as MySQL prints it: `{"a": 1, "b": [1, 2]}`. */
function jsonPrint(v: JVal): string {
  if (v === null) return 'null';
  if (v === true) return 'true';
  if (v === false) return 'false';
  if (typeof v === 'string') return jsonString(v);
  if (v instanceof JNum) return v.text;
  if (v instanceof JTemporal) return jsonString(v.text);
  if (Array.isArray(v)) return `[${v.map(jsonPrint).join(', ')}]`;
  return `{${[...v.map.entries()].map(([k, x]) => `${jsonString(k)}: ${jsonPrint(x)}`).join(', ')}}`;
}

/** JSON_PRETTY: two-space indentation, one member or element a line. */
function jsonPretty(v: JVal, indent = ''): string {
  const inner = indent + '  ';
  if (Array.isArray(v)) return v.length === 0 ? '[]' : `[\n${v.map((x) => inner + jsonPretty(x, inner)).join(',\n')}\n${indent}]`;
  if (v instanceof JObj) {
    if (v.map.size === 0) return '{}';
    return `{\n${[...v.map.entries()].map(([k, x]) => `${inner}${jsonString(k)}: ${jsonPretty(x, inner)}`).join(',\n')}\n${indent}}`;
  }
  return jsonPrint(v);
}

/** JSON text as MySQL prints it (exported for CAST(... AS JSON) and ->). */
export function jsonText(v: unknown): string {
  return jsonPrint(fromPlain(v));
}
function fromPlain(v: unknown): JVal {
  if (v === null || v === undefined) return null;
  if (v instanceof JNum || v instanceof JObj || v instanceof JTemporal) return v;
  if (typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? new JNum(String(v), 'int') : new JNum(jsonDoubleText(v), 'double');
  if (typeof v === 'bigint') return new JNum(v.toString(), v > INT64_MAX ? 'uint' : 'int');
  if (Array.isArray(v)) return v.map(fromPlain);
  return new JObj(new Map(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, fromPlain(x)])));
}

function jsonTypeName(v: JVal): string {
  if (v === null) return 'NULL';
  if (typeof v === 'boolean') return 'BOOLEAN';
  if (typeof v === 'string') return 'STRING';
  if (v instanceof JNum) return v.kind === 'int' ? 'INTEGER' : v.kind === 'uint' ? 'UNSIGNED INTEGER' : v.kind === 'double' ? 'DOUBLE' : 'DECIMAL';
  if (v instanceof JTemporal) return v.kind;
  return Array.isArray(v) ? 'ARRAY' : 'OBJECT';
}

/** JSON equality (numbers by value, objects by members). */
function jsonEqual(a: JVal, b: JVal): boolean {
  if (a instanceof JNum && b instanceof JNum) return decEqual(a.text, b.text);
  if (a instanceof JTemporal && b instanceof JTemporal) return a.kind === b.kind && a.text === b.text;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]!));
  if (a instanceof JObj && b instanceof JObj) {
    return a.map.size === b.map.size && [...a.map.entries()].every(([k, x]) => b.map.has(k) && jsonEqual(x, b.map.get(k)!));
  }
  return a === b;
}
function decEqual(x: string, y: string): boolean {
  const a = decParse(x);
  const b = decParse(y);
  if (!a || !b) return Number(x) === Number(y);
  const s = Math.max(a.scale, b.scale);
  const p = decRescale(a, s);
  const q = decRescale(b, s);
  return (p.digits === 0n && q.digits === 0n) || (p.neg === q.neg && p.digits === q.digits);
}

function jsonDepth(v: JVal): number {
  if (Array.isArray(v)) return v.length === 0 ? 1 : 1 + maxOf(v, jsonDepth);
  if (v instanceof JObj) return v.map.size === 0 ? 1 : 1 + maxOf([...v.map.values()], jsonDepth);
  return 1;
}

// ---- paths: $, .key, ."key", [n], [last], [last-n], [m to n], .*, [*], **

type PathLeg =
  | { kind: 'member'; key: string }
  | { kind: 'index'; from: ArrayIndex; to?: ArrayIndex }
  | { kind: 'memberWildcard' }
  | { kind: 'cellWildcard' }
  | { kind: 'ellipsis' };
interface ArrayIndex {
  last: boolean;
  n: number;
}
interface JsonPath {
  legs: PathLeg[];
  text: string;
}

function resolveIndex(ix: ArrayIndex, length: number): number {
  return ix.last ? length - 1 - ix.n : ix.n;
}

function parseJsonPath(text: string): JsonPath {
  let i = 0;
  const fail = (): never => {
    throw mysqlError('ER_INVALID_JSON_PATH', i + 1);
  };
  const ws = (): void => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  ws();
  if (text[i] !== '$') return fail();
  i++;
  const legs: PathLeg[] = [];
  const arrayIndex = (): ArrayIndex => {
    ws();
    if (text.startsWith('last', i)) {
      i += 4;
      ws();
      if (text[i] === '-') {
        i++;
        ws();
        const m = /^\d+/.exec(text.slice(i));
        if (!m) return fail();
        i += m[0].length;
        return { last: true, n: Number(m[0]) };
      }
      return { last: true, n: 0 };
    }
    const m = /^\d+/.exec(text.slice(i));
    if (!m) return fail();
    i += m[0].length;
    return { last: false, n: Math.min(Number(m[0]), 2 ** 32) };
  };
  for (;;) {
    ws();
    if (i >= text.length) break;
    const c = text[i];
    if (c === '.') {
      i++;
      ws();
      if (text[i] === '*') {
        i++;
        legs.push({ kind: 'memberWildcard' });
        continue;
      }
      if (text[i] === '"') {
        const start = i;
        i++;
        while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
        if (i >= text.length) return fail();
        i++;
        let key: string;
        try {
          key = JSON.parse(text.slice(start, i)) as string;
        } catch {
          return fail();
        }
        legs.push({ kind: 'member', key });
        continue;
      }
      const m = /^[\p{L}\p{Nl}$_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}$_\u200c\u200d]*/u.exec(text.slice(i));
      if (!m) return fail();
      i += m[0].length;
      legs.push({ kind: 'member', key: m[0] });
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === '*') {
        i++;
        ws();
        if (text[i] !== ']') return fail();
        i++;
        legs.push({ kind: 'cellWildcard' });
        continue;
      }
      const from = arrayIndex();
      ws();
      let to: ArrayIndex | undefined;
      if (text.startsWith('to', i) && /\s/.test(text[i - 1] ?? '')) {
        i += 2;
        to = arrayIndex();
        ws();
      }
      if (text[i] !== ']') return fail();
      i++;
      legs.push(to ? { kind: 'index', from, to } : { kind: 'index', from });
    } else if (c === '*' && text[i + 1] === '*') {
      i += 2;
      legs.push({ kind: 'ellipsis' });
    } else {
      return fail();
    }
  }
  if (legs.length && legs[legs.length - 1]!.kind === 'ellipsis') {
    i = text.length;
    return fail();
  }
  return { legs, text };
}

const hasWildcard = (p: JsonPath): boolean => p.legs.some((l) => l.kind === 'memberWildcard' || l.kind === 'cellWildcard' || l.kind === 'ellipsis' || (l.kind === 'index' && l.to !== undefined));

/** Every value a path reaches (in document order, without duplicates for **). */
function jsonSeek(doc: JVal, legs: readonly PathLeg[]): JVal[] {
  let cur: JVal[] = [doc];
  for (const leg of legs) {
    const next: JVal[] = [];
    for (const v of cur) {
      switch (leg.kind) {
        case 'member':
          if (v instanceof JObj && v.map.has(leg.key)) next.push(v.map.get(leg.key)!);
          break;
        case 'memberWildcard':
          if (v instanceof JObj) pushAll(next, v.map.values());
          break;
        case 'cellWildcard':
          if (Array.isArray(v)) pushAll(next, v);
          break;
        case 'index': {
          // a non-array is its own element 0 (auto-wrapping)
          const arr = Array.isArray(v) ? v : [v];
          const a = resolveIndex(leg.from, arr.length);
          if (leg.to === undefined) {
            if (a >= 0 && a < arr.length) next.push(arr[a]!);
          } else {
            const b = Math.min(resolveIndex(leg.to, arr.length), arr.length - 1);
            for (let k = Math.max(0, a); k <= b; k++) next.push(arr[k]!);
          }
          break;
        }
        case 'ellipsis': {
          const walk = (x: JVal): void => {
            next.push(x);
            if (Array.isArray(x)) x.forEach(walk);
            else if (x instanceof JObj) [...x.map.values()].forEach(walk);
          };
          walk(v);
          break;
        }
      }
    }
    cur = leg.kind === 'ellipsis' ? [...new Set(next)] : next;
  }
  return cur;
}

/** Paths (as text) of every string in `doc` that `match` accepts (JSON_SEARCH). */
function jsonFindStrings(doc: JVal, path: string, match: (s: string) => boolean, out: string[]): void {
  if (typeof doc === 'string') {
    if (match(doc)) out.push(path);
  } else if (Array.isArray(doc)) {
    doc.forEach((x, k) => jsonFindStrings(x, `${path}[${k}]`, match, out));
  } else if (doc instanceof JObj) {
    for (const [k, x] of doc.map) jsonFindStrings(x, `${path}.${/^[A-Za-z_$][\w$]*$/.test(k) ? k : jsonString(k)}`, match, out);
  }
}

/** JSON_CONTAINS semantics. */
function jsonContains(target: JVal, cand: JVal): boolean {
  if (Array.isArray(target)) {
    if (Array.isArray(cand)) return cand.every((c) => jsonContains(target, c));
    return target.some((t) => jsonContains(t, cand));
  }
  if (target instanceof JObj) {
    if (!(cand instanceof JObj)) return false;
    return [...cand.map.entries()].every(([k, v]) => target.map.has(k) && jsonContains(target.map.get(k)!, v));
  }
  return jsonEqual(target, cand);
}

/** JSON_MERGE_PRESERVE of two values. */
function mergePreserve(a: JVal, b: JVal, mysqlOrder: boolean): JVal {
  if (a instanceof JObj && b instanceof JObj) {
    const entries = new Map(a.map);
    for (const [k, v] of b.map) entries.set(k, entries.has(k) ? mergePreserve(entries.get(k)!, v, mysqlOrder) : v);
    return makeObject([...entries.entries()], mysqlOrder);
  }
  const arr = (x: JVal): JVal[] => (Array.isArray(x) ? x : [x]);
  return [...arr(a), ...arr(b)];
}

/** JSON_MERGE_PATCH (RFC 7396). */
function mergePatch(target: JVal, patch: JVal, mysqlOrder: boolean): JVal {
  if (!(patch instanceof JObj)) return patch;
  const base = target instanceof JObj ? new Map(target.map) : new Map<string, JVal>();
  for (const [k, v] of patch.map) {
    if (v === null) base.delete(k);
    else base.set(k, mergePatch(base.get(k) ?? null, v, mysqlOrder));
  }
  return makeObject([...base.entries()], mysqlOrder);
}

type JsonModify = 'set' | 'insert' | 'replace' | 'append' | 'arrayInsert';

/** JSON_SET / JSON_INSERT / JSON_REPLACE / JSON_ARRAY_APPEND / JSON_ARRAY_INSERT at one path (no wildcards). */
function jsonModify(doc: JVal, path: JsonPath, value: JVal, mode: JsonModify, mysqlOrder: boolean): JVal {
  if (path.legs.length === 0) {
    if (mode === 'set' || mode === 'replace') return value;
    if (mode === 'append') return Array.isArray(doc) ? [...doc, value] : [doc, value];
    if (mode === 'arrayInsert') throw mysqlError('ER_INVALID_JSON_PATH_ARRAY_CELL');
    return doc;
  }
  const parentLegs = path.legs.slice(0, -1);
  const last = path.legs[path.legs.length - 1]!;
  if (mode === 'append') {
    const [target] = jsonSeek(doc, path.legs);
    if (target === undefined) return doc;
    const replacement: JVal = Array.isArray(target) ? [...target, value] : [target, value];
    return replaceAt(doc, path.legs, replacement, mysqlOrder);
  }
  const [parent] = jsonSeek(doc, parentLegs);
  if (parent === undefined) return doc;
  if (mode === 'arrayInsert') {
    if (last.kind !== 'index') throw mysqlError('ER_INVALID_JSON_PATH_ARRAY_CELL');
    if (!Array.isArray(parent)) return doc;
    const at = Math.max(0, Math.min(resolveIndex(last.from, parent.length + (last.from.last ? 1 : 0)), parent.length));
    const copy = [...parent];
    copy.splice(at, 0, value);
    return replaceAt(doc, parentLegs, copy, mysqlOrder);
  }
  if (last.kind === 'member') {
    if (!(parent instanceof JObj)) return doc;
    const exists = parent.map.has(last.key);
    if ((mode === 'insert' && exists) || (mode === 'replace' && !exists)) return doc;
    const entries: [string, JVal][] = [...parent.map.entries()];
    if (exists) entries[entries.findIndex(([k]) => k === last.key)] = [last.key, value];
    else entries.push([last.key, value]);
    return replaceAt(doc, parentLegs, makeObject(entries, mysqlOrder), mysqlOrder);
  }
  if (last.kind === 'index') {
    const arr = Array.isArray(parent) ? parent : [parent];
    const idx = resolveIndex(last.from, arr.length);
    const exists = idx >= 0 && idx < arr.length;
    if ((mode === 'insert' && exists) || (mode === 'replace' && !exists)) return doc;
    if (!exists && idx < 0) return doc;
    const copy = [...arr];
    if (exists) copy[idx] = value;
    else copy.push(value);
    return replaceAt(doc, parentLegs, !Array.isArray(parent) && exists ? value : copy, mysqlOrder);
  }
  return doc;
}

/** A copy of `doc` with the value at `legs` (which exists) replaced. */
function replaceAt(doc: JVal, legs: readonly PathLeg[], value: JVal, mysqlOrder: boolean): JVal {
  if (legs.length === 0) return value;
  const [leg, ...rest] = legs as [PathLeg, ...PathLeg[]];
  if (leg.kind === 'member' && doc instanceof JObj && doc.map.has(leg.key)) {
    const entries: [string, JVal][] = [...doc.map.entries()].map(([k, v]) => [k, k === leg.key ? replaceAt(v, rest, value, mysqlOrder) : v]);
    return makeObject(entries, mysqlOrder);
  }
  if (leg.kind === 'index') {
    if (!Array.isArray(doc)) return resolveIndex(leg.from, 1) === 0 ? replaceAt(doc, rest, value, mysqlOrder) : doc;
    const idx = resolveIndex(leg.from, doc.length);
    if (idx < 0 || idx >= doc.length) return doc;
    const copy = [...doc];
    copy[idx] = replaceAt(doc[idx]!, rest, value, mysqlOrder);
    return copy;
  }
  return doc;
}

function jsonRemove(doc: JVal, path: JsonPath, mysqlOrder: boolean): JVal {
  if (path.legs.length === 0) throw mysqlError('ER_JSON_VACUOUS_PATH');
  const parentLegs = path.legs.slice(0, -1);
  const last = path.legs[path.legs.length - 1]!;
  const [parent] = jsonSeek(doc, parentLegs);
  if (parent === undefined) return doc;
  if (last.kind === 'member' && parent instanceof JObj && parent.map.has(last.key)) {
    return replaceAt(doc, parentLegs, makeObject([...parent.map.entries()].filter(([k]) => k !== last.key), mysqlOrder), mysqlOrder);
  }
  if (last.kind === 'index' && Array.isArray(parent)) {
    const idx = resolveIndex(last.from, parent.length);
    if (idx < 0 || idx >= parent.length) return doc;
    return replaceAt(doc, parentLegs, parent.filter((_, k) => k !== idx), mysqlOrder);
  }
  return doc;
}

/** Whether this server orders object members as MySQL does (MariaDB keeps them as written). */
const mysqlJsonOrder = (env: FunctionEnv): boolean => env.server.profile.catalogDialect === 'mysql';

/**
 * A JSON document argument (argument `n`, 1-based, of function `name`):
 * JSON-typed values and strings are parsed (3141 when not JSON), other
 * types are error 3146.
 */
function jsonDocArg(v: SqlValue, t: ValueType | undefined, n: number, name: string, env: FunctionEnv): JVal {
  if (t && t.type !== ColumnType.JSON && !isStringType(t)) throw mysqlError('ER_INVALID_TYPE_FOR_JSON', n, name);
  if (typeof v === 'number' || typeof v === 'bigint') throw mysqlError('ER_INVALID_TYPE_FOR_JSON', n, name);
  if (t && t.charset === Charset.BINARY && t.type !== ColumnType.JSON && t.type !== ColumnType.NULL) throw mysqlError('ER_INVALID_JSON_CHARSET', 'binary');
  const text = Buffer.isBuffer(v) ? v.toString('utf8') : toText(v);
  try {
    return parseJsonText(text, mysqlJsonOrder(env));
  } catch (e) {
    if (e instanceof JsonSyntaxError) throw mysqlError('ER_INVALID_JSON_TEXT_IN_PARAM', n, name, e.message, e.position);
    throw e;
  }
}

/** A SQL value as a JSON value (strings stay strings unless typed JSON; temporals are JSON dates). */
function toJsonValue(v: SqlValue, t: ValueType | undefined, env: FunctionEnv, n: number, name: string): JVal {
  if (v === null) return null;
  if (t?.type === ColumnType.JSON) return jsonDocArg(v, t, n, name, env);
  if (t && isTemporalType(t)) {
    const kind = t.type === ColumnType.DATE ? 'DATE' : t.type === ColumnType.TIME ? 'TIME' : 'DATETIME';
    let text = toText(v);
    if (kind === 'DATETIME' && !text.includes('.')) text += '.000000';
    else if (kind === 'TIME' && !text.includes('.')) text += '.000000';
    return new JTemporal(text, kind);
  }
  if (typeof v === 'bigint') return new JNum(v.toString(), v > INT64_MAX ? 'uint' : 'int');
  if (t?.isBool && typeof v === 'number') return v !== 0;
  if (typeof v === 'number') {
    if (t && isDecimalType(t)) return new JNum(Number.isFinite(v) ? v.toFixed(Math.min(t.decimals, 100)) : '0', 'decimal');
    if (t && isIntegerType(t) && Number.isInteger(v)) return new JNum(String(v), 'int');
    return Number.isInteger(v) && !(t && isFloatType(t)) ? new JNum(String(v), 'int') : new JNum(jsonDoubleText(v), 'double');
  }
  if (Buffer.isBuffer(v) || (t && t.charset === Charset.BINARY && isStringType(t) && t.type !== ColumnType.NULL)) {
    // MySQL stores binary strings as base64 opaque values: "base64:type15:..."
    const buf = Buffer.isBuffer(v) ? v : Buffer.from(toText(v));
    return `base64:type15:${buf.toString('base64')}`;
  }
  return toText(v);
}

function pathArg(v: SqlValue, t?: ValueType): JsonPath {
  return parseJsonPath(textOf(v, t));
}

/** JSON_EXTRACT: one path without wildcards gives the value; otherwise the matches as an array. */
function jsonExtract(args: SqlValue[], env: FunctionEnv, ts: ValueType[]): SqlValue {
  const doc = jsonDocArg(args[0]!, ts[0], 1, 'json_extract', env);
  const paths = args.slice(1).map((p, i) => pathArg(p!, ts[i + 1]));
  const single = paths.length === 1 && !hasWildcard(paths[0]!);
  const found: JVal[] = [];
  for (const p of paths) pushAll(found, jsonSeek(doc, p.legs));
  if (found.length === 0) return null;
  return jsonPrint(single ? found[0]! : found);
}

function jsonUnquote([v]: SqlValue[], _env: FunctionEnv, ts: ValueType[]): SqlValue {
  const s = Buffer.isBuffer(v) ? v.toString('utf8') : textOf(v!, ts[0]);
  if (ts[0]?.type === ColumnType.JSON || (s.length >= 2 && s.startsWith('"') && s.endsWith('"'))) {
    if (!s.startsWith('"')) return s;
    try {
      const parsed = parseJsonText(s, true);
      return typeof parsed === 'string' ? parsed : s;
    } catch (e) {
      if (e instanceof JsonSyntaxError) throw mysqlError('ER_INVALID_JSON_TEXT_IN_PARAM', 1, 'json_unquote', e.message, e.position);
      throw e;
    }
  }
  if (s.startsWith('"') && s.length >= 1 && !s.endsWith('"')) throw mysqlError('ER_INVALID_JSON_TEXT_IN_PARAM', 1, 'json_unquote', 'Missing a closing quotation mark in string.', Buffer.byteLength(s));
  return s;
}

function jsonValid([v]: SqlValue[], env: FunctionEnv, ts: ValueType[]): SqlValue {
  if (ts[0]?.type === ColumnType.JSON) return 1;
  if (ts[0] && !isStringType(ts[0])) throw mysqlError('ER_INVALID_TYPE_FOR_JSON', 1, 'json_valid');
  if (typeof v === 'number' || typeof v === 'bigint') throw mysqlError('ER_INVALID_TYPE_FOR_JSON', 1, 'json_valid');
  try {
    parseJsonText(Buffer.isBuffer(v) ? v.toString('utf8') : toText(v!), mysqlJsonOrder(env));
    return 1;
  } catch (e) {
    if (e instanceof JsonSyntaxError) return 0;
    throw e;
  }
}

function jsonObject(args: SqlValue[], env: FunctionEnv, ts: ValueType[]): SqlValue {
  if (args.length % 2 !== 0) throw mysqlError('ER_WRONG_PARAMCOUNT_TO_NATIVE_FCT', 'json_object');
  const entries: [string, JVal][] = [];
  for (let i = 0; i + 1 < args.length; i += 2) {
    if (args[i] === null) throw mysqlError('ER_JSON_DOCUMENT_NULL_KEY');
    entries.push([textOf(args[i]!, ts[i]), toJsonValue(args[i + 1]!, ts[i + 1], env, i + 2, 'json_object')]);
  }
  return jsonPrint(makeObject(entries, mysqlJsonOrder(env)));
}

function jsonModifyFn(name: string, mode: JsonModify): FunctionDef {
  return {
    min: 3,
    max: Infinity,
    nullSafe: true,
    type: () => jsonType(false),
    eval: (args, env, ts) => {
      if (args.length % 2 !== 1) throw mysqlError('ER_WRONG_PARAMCOUNT_TO_NATIVE_FCT', name);
      if (args[0] === null) return null;
      let doc = jsonDocArg(args[0]!, ts[0], 1, name, env);
      for (let i = 1; i < args.length; i += 2) {
        if (args[i] === null) return null;
        const path = pathArg(args[i]!, ts[i]);
        if (hasWildcard(path)) throw mysqlError('ER_INVALID_JSON_PATH_WILDCARD');
        doc = jsonModify(doc, path, toJsonValue(args[i + 1]!, ts[i + 1], env, i + 2, name), mode, mysqlJsonOrder(env));
      }
      return jsonPrint(doc);
    },
  };
}

/** JSON_SEARCH(doc, 'one'|'all', search[, escape[, path ...]]): paths of matching strings (LIKE patterns). */
function jsonSearch(args: SqlValue[], env: FunctionEnv, ts: ValueType[]): SqlValue {
  if (args[0] === null || args[1] === null || args[2] === null) return null;
  const doc = jsonDocArg(args[0]!, ts[0], 1, 'json_search', env);
  const mode = oneOrAll(args[1]!, ts[1], 'json_search');
  const escapeArg = args.length > 3 && args[3] !== null ? textOf(args[3]!, ts[3]) : '\\';
  const escape = escapeArg === '' ? '\\' : escapeArg;
  const pattern = textOf(args[2]!, ts[2]);
  const roots = args.length > 4 ? args.slice(4).map((p, i) => (p === null ? null : pathArg(p, ts[i + 4]))) : [parseJsonPath('$')];
  if (roots.some((r) => r === null)) return null;
  const found: string[] = [];
  for (const root of roots as JsonPath[]) {
    if (root.legs.length === 0) jsonFindStrings(doc, '$', (s) => likeMatches(s, pattern, escape), found);
    else for (const v of jsonSeek(doc, root.legs)) jsonFindStrings(v, root.text.trim(), (s) => likeMatches(s, pattern, escape), found);
  }
  const unique = [...new Set(found)];
  if (unique.length === 0) return null;
  if (mode === 'one' || unique.length === 1) return jsonString(unique[0]!);
  return jsonPrint(unique);
}

function oneOrAll(v: SqlValue, t: ValueType | undefined, name: string): 'one' | 'all' {
  const s = textOf(v, t).toLowerCase();
  if (s !== 'one' && s !== 'all') throw mysqlError('ER_JSON_BAD_ONE_OR_ALL_ARG', name);
  return s;
}

/** LIKE matching (case-insensitive, as JSON_SEARCH uses utf8mb4's default collation). */
function likeMatches(text: string, pattern: string, escape: string): boolean {
  return likeMatch(text, pattern, escape, false);
}

// ---------------------------------------------------------------- regular expressions (MySQL 8's ICU functions)

const POSIX_CLASSES: Record<string, string> = {
  alpha: '\\p{L}', digit: '\\d', alnum: '\\p{L}\\p{N}', upper: '\\p{Lu}', lower: '\\p{Ll}', space: '\\s', blank: ' \\t',
  punct: '\\p{P}\\p{S}', xdigit: '0-9A-Fa-f', cntrl: '\\p{Cc}', print: '\\P{C}', graph: '^\\s\\p{C}', word: '\\w',
};

/** An ICU pattern as a JS RegExp: POSIX bracket classes translated; errors as MySQL's 3685-3700. */
function icuRegExp(pattern: string, flags: string): RegExp {
  const source = pattern.replace(/\[:([a-z]+):\]/g, (m, name: string) => POSIX_CLASSES[name] ?? m);
  for (const f of [flags + 'u', flags]) {
    try {
      return new RegExp(source, f);
    } catch {
      // try without the unicode flag (it rejects some escapes ICU accepts)
    }
  }
  let message = '';
  try {
    new RegExp(source, flags);
  } catch (e) {
    message = e instanceof Error ? e.message : String(e);
  }
  if (/Unterminated group|Unmatched '\)'|unmatched parentheses/i.test(message)) throw mysqlError('ER_REGEXP_MISMATCHED_PAREN');
  if (/Unterminated character class/i.test(message)) throw mysqlError('ER_REGEXP_MISSING_CLOSE_BRACKET');
  if (/Range out of order/i.test(message)) throw mysqlError('ER_REGEXP_INVALID_RANGE');
  if (/escape/i.test(message)) throw mysqlError('ER_REGEXP_BAD_ESCAPE_SEQUENCE');
  if (/numbers out of order/i.test(message)) throw mysqlError('ER_REGEXP_MAX_LT_MIN');
  if (/Nothing to repeat|Invalid/i.test(message)) throw mysqlError('ER_REGEXP_RULE_SYNTAX', 1, 1);
  throw mysqlError('ER_REGEXP_ILLEGAL_ARGUMENT');
}

/** The RegExp of a REGEXP_* call: case sensitivity from the collations, overridden by match_type (c i m n u). */
function regexpOf(pattern: SqlValue, matchType: SqlValue | undefined, ts: ValueType[], args: SqlValue[], name: string, global: boolean): RegExp {
  let cs = args.slice(0, 2).some((a, i) => isBinary(a, ts[i])) || caseSensitive(ts.slice(0, 2));
  let flags = global ? 'g' : '';
  if (matchType !== undefined && matchType !== null) {
    for (const c of textOf(matchType)) {
      if (c === 'c') cs = true;
      else if (c === 'i') cs = false;
      else if (c === 'm') flags += flags.includes('m') ? '' : 'm';
      else if (c === 'n') flags += flags.includes('s') ? '' : 's';
      else if (c === 'u') continue;
      else throw mysqlError('ER_WRONG_ARGUMENTS', name);
    }
  }
  return icuRegExp(textOf(pattern, ts[1]), flags + (cs ? '' : 'i'));
}

/**
 * Matches of `re` in `subject` (the first only unless `all`), bounded in time
 * as the server bounds it: MySQL 8 by regexp_time_limit (read here as
 * milliseconds; 0, ICU's "no limit", is taken as 10 s) with ER_REGEXP_TIME_OUT
 * (3699); MariaDB by PCRE's match limit, warning 1139 and no match; 5.7 and
 * 5.6 (Henry Spencer's engine, which has no such limit) stop at 200 ms with
 * ER_REGEXP_ERROR. See regexp-match.ts for which patterns run inline.
 */
export function regexpSearch(re: RegExp, subject: string, all: boolean, env: FunctionEnv): RegexpMatch[] {
  const rule = env.server.profile.regexpLimit;
  const configured = rule === 'time-limit-error' ? Number(env.server.variables.get('regexp_time_limit', 'global') ?? 32) : 200;
  const limit = configured > 0 ? Math.min(configured, 10_000) : 10_000;
  const outcome = regexpExec(re, subject, all, limit);
  if (!outcome.timedOut) return outcome.matches;
  if (rule === 'match-limit-warning') {
    env.warn(mysqlError('ER_REGEXP_ERROR', 'match limit exceeded'));
    return [];
  }
  if (rule === 'time-limit-error') throw mysqlError('ER_REGEXP_TIME_OUT');
  throw mysqlError('ER_REGEXP_ERROR', 'match limit exceeded');
}

/** The 1-based position argument of REGEXP_INSTR/SUBSTR/REPLACE: < 1 is 1583, past the end 3686. */
function regexpPosition(v: SqlValue | undefined, t: ValueType | undefined, subject: string[], env: FunctionEnv, name: string): number {
  const pos = v === undefined ? 1 : intArg(v, t, env);
  if (pos < 1) throw mysqlError('ER_WRONG_PARAMETERS_TO_NATIVE_FCT', name);
  if (pos > subject.length + 1) throw mysqlError('ER_REGEXP_INDEX_OUTOFBOUNDS_ERROR');
  return pos;
}

/** Matches of `re` in `cs` from character `pos`, as character offsets. */
function regexpMatches(re: RegExp, cs: string[], pos: number, env: FunctionEnv): { start: number; end: number; text: string }[] {
  const rest = cs.slice(pos - 1).join('');
  const base = pos - 1;
  return regexpSearch(re, rest, true, env).map((m) => {
    const start = base + cpLength(rest.slice(0, m.index));
    return { start, end: start + cpLength(m.text), text: m.text };
  });
}

/** An ICU replacement string ($0 whole match, $n groups, \x literal) in JS's syntax. */
function icuReplacement(r: string): string {
  let out = '';
  for (let i = 0; i < r.length; i++) {
    const c = r[i]!;
    if (c === '\\' && i + 1 < r.length) {
      const n = r[++i]!;
      out += n === '$' ? '$$' : n;
    } else if (c === '$') {
      const m = /^\d+/.exec(r.slice(i + 1));
      if (m) {
        out += m[0] === '0' ? '$&' : `$${m[0]}`;
        i += m[0].length;
      } else {
        out += '$$';
      }
    } else {
      out += c;
    }
  }
  return out;
}

// ---------------------------------------------------------------- session information, locks, misc

function stateOf(server: SqlServer): ServerFunctionState {
  let s = server.functionState;
  if (!s) {
    const startSecs = BigInt(Math.floor(server.clock.now() / 1000));
    const serverId = BigInt(Number(server.variables.definition('server_id') ? server.variables.get('server_id', 'global') ?? 1 : 1) & 255);
    s = {
      locks: new Map(),
      uuidShort: (serverId << 56n) + (startSecs << 24n),
      uuidNode: randomBytes(6),
      uuidClockSeq: randomBytes(2).readUInt16BE(0) & 0x3fff,
      lastUuidTime: 0n,
    };
    s.uuidNode[0]! |= 0x01;
    server.functionState = s;
  }
  return s;
}

/** The performance_schema THREAD_ID of a connection: background threads take the first ids. */
export function threadIdOfConnection(connectionId: number): number {
  return connectionId + 40;
}

/** A user-level lock name: NULL or '' is 3057, longer than 64 characters 4163; names compare case-insensitively. */
function lockName(v: SqlValue, t: ValueType | undefined): string {
  if (v === null) throw mysqlError('ER_USER_LOCK_WRONG_NAME', 'NULL');
  const s = textOf(v, t);
  if (s === '') throw mysqlError('ER_USER_LOCK_WRONG_NAME', '');
  if (chars(s).length > 64) throw mysqlError('ER_USER_LOCK_OVERLONG_NAME', s, 64);
  return s.toLowerCase();
}

/** The lock's holder, forgetting holders whose session has ended. */
function lockHolder(env: FunctionEnv, name: string): { owner: number; count: number } | undefined {
  const locks = stateOf(env.server).locks;
  const held = locks.get(name);
  if (held && held.owner !== env.session.id && !env.server.sessions.has(held.owner)) {
    locks.delete(name);
    return undefined;
  }
  return held;
}

/** UUID(): a version-1 UUID from the statement clock, a per-server clock sequence and node. */
function uuidV1(env: FunctionEnv): string {
  const s = stateOf(env.server);
  let t = BigInt(env.nowMs) * 10000n + 0x01b21dd213814000n;
  if (t <= s.lastUuidTime) t = s.lastUuidTime + 1n;
  s.lastUuidTime = t;
  const low = (t & 0xffffffffn).toString(16).padStart(8, '0');
  const mid = ((t >> 32n) & 0xffffn).toString(16).padStart(4, '0');
  const hi = (((t >> 48n) & 0x0fffn) | 0x1000n).toString(16).padStart(4, '0');
  const seq = (s.uuidClockSeq | 0x8000).toString(16).padStart(4, '0');
  return `${low}-${mid}-${hi}-${seq}-${s.uuidNode.toString('hex')}`;
}

function uuidBytes(v: SqlValue, t: ValueType | undefined): Buffer | null {
  const s = textOf(v, t).trim();
  const hexText = /^\{?([0-9a-fA-F]{8})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{12})\}?$/.exec(s);
  if (!hexText || (s.startsWith('{') !== s.endsWith('}'))) return null;
  return Buffer.from(hexText.slice(1).join(''), 'hex');
}

/** FORMAT_BYTES / FORMAT_PICO_TIME: sprintf("%4.2f %s") with the unit chosen by magnitude. */
function formatScaled(value: number, units: readonly [number, string][], plainWidth: number, plainUnit: string): string {
  const abs = Math.abs(value);
  for (const [div, unit] of units) {
    if (abs >= div) {
      const x = value / div;
      const body = Math.abs(x) >= 100000 ? x.toExponential(2).replace(/e([+-])(\d)$/, 'e$10$2') : x.toFixed(2);
      return `${body.padStart(4)} ${unit}`;
    }
  }
  return `${String(Math.trunc(value)).padStart(plainWidth)} ${plainUnit}`;
}
const BYTE_UNITS: [number, string][] = [
  [1024 ** 6, 'EiB'], [1024 ** 5, 'PiB'], [1024 ** 4, 'TiB'], [1024 ** 3, 'GiB'], [1024 ** 2, 'MiB'], [1024, 'KiB'],
];
const PICO_UNITS: [number, string][] = [
  [86400e12, 'd'], [3600e12, 'h'], [60e12, 'min'], [1e12, 's'], [1e9, 'ms'], [1e6, 'us'], [1e3, 'ns'],
];

const userType = (): ValueType => varStringType(288, SYSTEM_COLLATION, true);

/** PASSWORD() (Item_func_password): '' for '' and NULL, else the hash that old_passwords selects. */
function passwordFunction(arg: SqlValue, env: FunctionEnv): string {
  const { profile } = env.server;
  const text = arg === null ? '' : Buffer.isBuffer(arg) ? arg : toText(arg);
  if (text.length === 0) return '';
  if (profile.passwordFunctionDeprecated) env.warn(mysqlError('ER_WARN_DEPRECATED_SYNTAX_NO_REPLACEMENT', 'PASSWORD'));
  const oldPasswords = env.server.variables.definition('old_passwords') ? Number(env.server.variables.get('old_passwords', 'default', env.session) ?? 0) : 0;
  return passwordFunctionHash(text, oldPasswords, profile);
}

/** MySQL's AES key: the key bytes XOR-folded into 16/24/32 bytes. */
function aesKey(key: Buffer, bytes: number): Buffer {
  const k = Buffer.alloc(bytes);
  for (let i = 0; i < key.length; i++) k[i % bytes]! ^= key[i]!;
  return k;
}
function aesMode(env: FunctionEnv): { alg: string; bytes: number; iv: boolean } | null {
  const mode = String(env.server.variables.definition('block_encryption_mode') ? env.server.variables.get('block_encryption_mode', 'session', env.session) : 'aes-128-ecb').toLowerCase();
  const m = /^aes-(128|192|256)-(ecb|cbc|cfb1|cfb8|cfb128|ofb)$/.exec(mode);
  if (!m) return null;
  return { alg: `aes-${m[1]}-${m[2]}`, bytes: Number(m[1]) / 8, iv: m[2] !== 'ecb' };
}

// ---------------------------------------------------------------- the registry

const sameAsArg = (ts: ValueType[], env: TypeEnv): ValueType => strResult(charLen(ts[0]!), ts.slice(0, 1), env);

/** LEFT/RIGHT/SUBSTRING's length with constant folding (left_right_max_length / Item_func_substr::resolve_type). */
function leftRightType(ts: ValueType[], env: TypeEnv, consts?: readonly ConstArg[]): ValueType {
  let n = charLen(ts[0]!);
  const k = constInt(consts, 1);
  if (typeof k === 'number') n = k < 0 ? 0 : Math.min(n, k);
  return strResult(n, ts.slice(0, 1), env, !anyNullable(ts));
}
function substrType(ts: ValueType[], env: TypeEnv, consts?: readonly ConstArg[]): ValueType {
  let n = charLen(ts[0]!);
  const start = constInt(consts, 1);
  if (typeof start === 'number' && Math.abs(start) <= INT_MAX32) n = start < 0 ? (-start > n ? 0 : -start) : n - Math.min(Math.max(start - 1, 0), n);
  const len = ts.length > 2 ? constInt(consts, 2) : undefined;
  if (typeof len === 'number') n = len < 0 ? 0 : Math.min(n, len);
  return strResult(n, ts.slice(0, 1), env, !anyNullable(ts));
}
/** REPEAT / LPAD / RPAD / SPACE: a constant count sizes the result; otherwise LONGTEXT, nullable. */
function countedType(countArg: number, perCount: (ts: ValueType[]) => number, collationArgs: (ts: ValueType[]) => ValueType[]): FunctionDef['type'] {
  return (ts, env, consts) => {
    const n = constInt(consts, countArg);
    const collation = resultCollation(collationArgs(ts), env.connectionCollation);
    if (typeof n === 'number') return varStringType(Math.min(Math.max(n, 0), INT_MAX32) * perCount(ts), collation, !anyNullable(ts));
    return varStringType(Math.floor(MAX_BLOB_WIDTH / maxLenOfCollation(collation)), collation, false);
  };
}

const STRING_FUNCTIONS: Record<string, FunctionDef> = {
  ASCII: {
    min: 1, max: 1, type: (ts) => intResult(3, !anyNullable(ts)),
    eval: ([s], _env, ts) => (Buffer.isBuffer(s) ? s : Buffer.from(textOf(s!, ts[0]), 'utf8'))[0] ?? 0,
  },
  BIN: {
    min: 1, max: 1, type: (_ts, env) => connString(64, env, false),
    eval: ([n], env, ts) => conv([n!, 10, 2], env, [ts[0]!, intType(2), intType(1)]),
  },
  BIT_LENGTH: {
    min: 1, max: 1, type: (ts) => intResult(10, !anyNullable(ts)),
    eval: ([s], _env, ts) => 8 * (Buffer.isBuffer(s) ? s.length : Buffer.byteLength(textOf(s!, ts[0]), 'utf8')),
  },
  CHAR: { min: 1, max: Infinity, nullSafe: true, type: (ts) => varStringType(ts.length * 4, Charset.BINARY, !anyNullable(ts)), eval: charFunction },
  CHAR_LENGTH: {
    min: 1, max: 1, type: (ts) => intResult(10, !anyNullable(ts)),
    eval: ([s], _env, ts) => (isBinary(s!, ts[0]) ? (Buffer.isBuffer(s) ? s.length : Buffer.byteLength(textOf(s!, ts[0]))) : cpLength(textOf(s!, ts[0]))),
  },
  CHARSET: {
    min: 1, max: 1, nullSafe: true, type: () => varStringType(64, SYSTEM_COLLATION, true),
    eval: (_a, _env, ts) => (isStringType(ts[0]!) && ts[0]!.type !== ColumnType.NULL ? collationName(ts[0]!.charset).charset : 'binary'),
  },
  COERCIBILITY: {
    min: 1, max: 1, nullSafe: true, type: () => intResult(10, true),
    // Derivations: 0 explicit (COLLATE), 2 implicit (a column), 3 system constant, 4 coercible (a literal), 5 numeric, 6 ignorable (NULL).
    eval: (_a, _env, ts) => (ts[0]!.type === ColumnType.NULL ? 6 : isStringType(ts[0]!) ? 4 : 5),
  },
  COLLATION: {
    min: 1, max: 1, nullSafe: true, type: () => varStringType(64, SYSTEM_COLLATION, true),
    eval: (_a, _env, ts) => (isStringType(ts[0]!) && ts[0]!.type !== ColumnType.NULL ? collationName(ts[0]!.charset).collation : 'binary'),
  },
  COMPRESS: {
    min: 1, max: 1, type: (ts) => varStringType(charLen(ts[0]!) + 13 + Math.ceil(charLen(ts[0]!) / 1000) + 5, Charset.BINARY, !anyNullable(ts)),
    eval: ([s], _env, ts) => {
      const buf = Buffer.isBuffer(s) ? s : Buffer.from(textOf(s!, ts[0]), 'utf8');
      if (buf.length === 0) return Buffer.alloc(0);
      const z = deflateSync(buf);
      const head = Buffer.alloc(4);
      head.writeUInt32LE(buf.length & 0x3fffffff);
      const out = Buffer.concat([head, z]);
      // MySQL appends a '.' when the compressed data ends with a space (so it survives CHAR trimming)
      return out[out.length - 1] === 0x20 ? Buffer.concat([out, Buffer.from('.')]) : out;
    },
  },
  CONCAT: {
    min: 1, max: Infinity,
    type: (ts, env) => strResult(sumCharLen(ts, 0), ts, env),
    eval: concat,
  },
  CONCAT_WS: {
    min: 2, max: Infinity, nullSafe: true,
    type: (ts, env) => strResult(sumCharLen(ts, 1) + charLen(ts[0]!) * (ts.length - 2), ts, env, !nullable(ts[0]!)),
    eval: concatWs,
  },
  CONV: { min: 3, max: 3, type: (_ts, env) => connString(64, env, false), eval: conv },
  CRC32: {
    min: 1, max: 1, type: (ts) => intResult(10, !anyNullable(ts), true),
    eval: ([s], _env, ts) => crc32(Buffer.isBuffer(s) ? s : Buffer.from(textOf(s!, ts[0]), 'utf8')),
  },
  ELT: {
    min: 2, max: Infinity, nullSafe: true,
    type: (ts, env) => strResult(maxOf(ts.slice(1), charLen), ts.slice(1), env, false),
    eval: elt,
  },
  EXPORT_SET: {
    min: 3, max: 5,
    type: (ts, env) => strResult(Math.max(charLen(ts[1]!), charLen(ts[2]!)) * 64 + (ts.length > 3 ? charLen(ts[3]!) : 1) * 63, ts.slice(1, 4), env),
    eval: exportSet,
  },
  FIELD: { min: 2, max: Infinity, nullSafe: true, type: () => intResult(3, true), eval: field },
  FIND_IN_SET: { min: 2, max: 2, type: (ts) => intResult(3, !anyNullable(ts)), eval: findInSet },
  FORMAT: {
    min: 2, max: 3,
    type: (ts, env) => {
      const c = charLen(ts[0]!);
      return connString(c + Math.floor(c / 3) + 2 + 30, env, !anyNullable(ts.slice(0, 2)));
    },
    eval: format,
  },
  FROM_BASE64: {
    min: 1, max: 1,
    type: (ts) => varStringType(Math.ceil((ts[0]!.length * 3) / 4), Charset.BINARY, false),
    eval: fromBase64,
  },
  HEX: {
    min: 1, max: 1,
    type: (ts, env) => connString(isStringType(ts[0]!) ? ts[0]!.length * 2 : 16, env, !anyNullable(ts)),
    eval: hex,
  },
  INET_ATON: { min: 1, max: 1, type: () => intResult(21, false, true), eval: inetAton },
  INET_NTOA: { min: 1, max: 1, type: (_ts, env) => connString(31, env, false), eval: inetNtoa },
  INET6_ATON: {
    min: 1, max: 1, type: () => varStringType(16, Charset.BINARY, false),
    eval: ([v], env, ts) => {
      const s = textOf(v!, ts[0]);
      const b = parseIpv4(s) ?? parseIpv6(s);
      if (!b) {
        env.warn(mysqlError('ER_WRONG_VALUE_FOR_TYPE', 'string', printed(v!, ts[0]), 'inet6_aton'));
        return null;
      }
      return Buffer.from(b);
    },
  },
  INET6_NTOA: {
    min: 1, max: 1, type: (_ts, env) => connString(39, env, false),
    eval: ([v], env, ts) => {
      const r = isBinary(v!, ts[0]) ? inet6Ntoa(Buffer.isBuffer(v) ? v : Buffer.from(textOf(v!, ts[0]), 'latin1')) : null;
      if (r === null) env.warn(mysqlError('ER_WRONG_VALUE_FOR_TYPE', 'string', printed(v!, ts[0]), 'inet6_ntoa'));
      return r;
    },
  },
  INSERT: {
    min: 4, max: 4,
    type: (ts, env) => strResult(charLen(ts[0]!) + charLen(ts[3]!), ts.slice(0, 1), env),
    eval: insert,
  },
  INSTR: {
    min: 2, max: 2, type: (ts) => intResult(11, !anyNullable(ts)),
    eval: ([hay, needle], _env, ts) => locate(needle!, hay!, 1, ts[1], ts[0]),
  },
  IS_IPV4: {
    min: 1, max: 1, nullSafe: true, type: () => intResult(1, true),
    eval: ([v], _env, ts) => (v !== null && parseIpv4(textOf(v!, ts[0])) ? 1 : 0),
  },
  IS_IPV6: {
    min: 1, max: 1, nullSafe: true, type: () => intResult(1, true),
    eval: ([v], _env, ts) => (v !== null && parseIpv6(textOf(v!, ts[0])) ? 1 : 0),
  },
  IS_IPV4_COMPAT: {
    min: 1, max: 1, nullSafe: true, type: () => intResult(1, true),
    eval: ([v], _env, ts) => {
      if (v === null || !isBinary(v, ts[0])) return 0;
      const b = Buffer.isBuffer(v) ? v : Buffer.from(textOf(v, ts[0]), 'latin1');
      return b.length === 16 && b.subarray(0, 12).every((x) => x === 0) && !b.subarray(12).every((x) => x === 0) ? 1 : 0;
    },
  },
  IS_IPV4_MAPPED: {
    min: 1, max: 1, nullSafe: true, type: () => intResult(1, true),
    eval: ([v], _env, ts) => {
      if (v === null || !isBinary(v, ts[0])) return 0;
      const b = Buffer.isBuffer(v) ? v : Buffer.from(textOf(v, ts[0]), 'latin1');
      return b.length === 16 && b.subarray(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff ? 1 : 0;
    },
  },
  LEFT: {
    min: 2, max: 2, type: leftRightType,
    eval: ([s, n], env, ts) => {
      const bytes = isBinary(s!, ts[0]);
      const k = intArg(n!, ts[1], env);
      return strOut(k <= 0 ? '' : cpSlice(strOf(s!, ts[0], bytes), 0, k), bytes);
    },
  },
  LENGTH: {
    min: 1, max: 1, type: (ts) => intResult(10, !anyNullable(ts)),
    eval: ([s], _env, ts) => (Buffer.isBuffer(s) ? s.length : Buffer.byteLength(textOf(s!, ts[0]), 'utf8')),
  },
  LOAD_FILE: {
    // secure_file_priv keeps every file out of reach: MySQL's answer is NULL.
    min: 1, max: 1, type: () => varStringType(MAX_BLOB_WIDTH, Charset.BINARY, false), eval: () => null,
  },
  LOCATE: {
    min: 2, max: 3, type: (ts) => intResult(11, !anyNullable(ts)),
    eval: ([needle, hay, from], env, ts) => locate(needle!, hay!, from === undefined ? 1 : intArg(from, ts[2], env), ts[0], ts[1]),
  },
  LOWER: {
    min: 1, max: 1, type: sameAsArg,
    eval: ([s], _env, ts) => (isBinary(s!, ts[0]) ? s! : textOf(s!, ts[0]).toLowerCase()),
  },
  LPAD: { min: 3, max: 3, type: countedType(1, () => 1, (ts) => ts.slice(0, 1)), eval: (a, env, ts) => pad(a, true, env, ts) },
  LTRIM: {
    min: 1, max: 1, type: sameAsArg,
    eval: ([s], _env, ts) => {
      const bytes = isBinary(s!, ts[0]);
      return strOut(strOf(s!, ts[0], bytes).replace(/^ +/, ''), bytes);
    },
  },
  MAKE_SET: {
    min: 2, max: Infinity, nullSafe: true,
    type: (ts, env) => strResult(ts.length - 2 + ts.slice(1).reduce((n, t) => n + charLen(t), 0), ts.slice(1), env, !nullable(ts[0]!)),
    eval: makeSet,
  },
  MD5: { min: 1, max: 1, type: (ts, env) => connString(32, env, !anyNullable(ts)), eval: ([v], _env, ts) => hash('md5', v!, ts[0]) },
  OCT: {
    min: 1, max: 1, type: (_ts, env) => connString(64, env, false),
    eval: ([n], env, ts) => conv([n!, 10, 8], env, [ts[0]!, intType(2), intType(1)]),
  },
  ORD: { min: 1, max: 1, type: (ts) => intResult(21, !anyNullable(ts)), eval: ord },
  QUOTE: {
    min: 1, max: 1, nullSafe: true,
    type: (ts, env) => {
      const t = ts[0]!;
      const collation = isStringType(t) && t.type !== ColumnType.NULL && t.charset !== Charset.BINARY ? t.charset : env.connectionCollation;
      return varStringType(Math.max(4, charLen(t) * 2 + 2), collation, true);
    },
    eval: quote,
  },
  RANDOM_BYTES: {
    min: 1, max: 1, type: (ts) => varStringType(1024, Charset.BINARY, !anyNullable(ts)),
    eval: ([n], env, ts) => {
      const k = intArg(n!, ts[0], env);
      if (k < 1 || k > 1024) throw mysqlError('ER_DATA_OUT_OF_RANGE', 'length', 'random_bytes');
      return randomBytes(k);
    },
  },
  REPEAT: { min: 2, max: 2, type: countedType(1, (ts) => charLen(ts[0]!), (ts) => ts.slice(0, 1)), eval: repeat },
  REPLACE: {
    min: 3, max: 3,
    type: (ts, env) => {
      const n = charLen(ts[0]!);
      const r = charLen(ts[2]!);
      return strResult(r > 1 ? n * (r - 1) : n, ts.slice(0, 1), env, !anyNullable(ts));
    },
    eval: replace,
  },
  REVERSE: {
    min: 1, max: 1, type: sameAsArg,
    eval: ([s], _env, ts) => {
      const bytes = isBinary(s!, ts[0]);
      return strOut(chars(strOf(s!, ts[0], bytes)).reverse().join(''), bytes);
    },
  },
  RIGHT: {
    min: 2, max: 2, type: leftRightType,
    eval: ([s, n], env, ts) => {
      const bytes = isBinary(s!, ts[0]);
      const k = intArg(n!, ts[1], env);
      if (k <= 0) return strOut('', bytes);
      const text = strOf(s!, ts[0], bytes);
      const len = cpLength(text);
      return strOut(k >= len ? text : cpSlice(text, len - k), bytes);
    },
  },
  RPAD: { min: 3, max: 3, type: countedType(1, () => 1, (ts) => ts.slice(0, 1)), eval: (a, env, ts) => pad(a, false, env, ts) },
  RTRIM: {
    min: 1, max: 1, type: sameAsArg,
    eval: ([s], _env, ts) => {
      const bytes = isBinary(s!, ts[0]);
      return strOut(strOf(s!, ts[0], bytes).replace(/ +$/, ''), bytes);
    },
  },
  SHA1: { min: 1, max: 1, type: (ts, env) => connString(40, env, !anyNullable(ts)), eval: ([v], _env, ts) => hash('sha1', v!, ts[0]) },
  SHA2: {
    min: 2, max: 2,
    type: (_ts, env, consts) => {
      const bits = constInt(consts, 1);
      const len = bits === 512 ? 128 : bits === 384 ? 96 : bits === 224 ? 56 : typeof bits === 'number' || bits === null ? 64 : 128;
      return connString(len, env, false);
    },
    eval: ([v, bits], env, ts) => {
      const b = intArg(bits!, ts[1], env);
      const alg = ({ 0: 'sha256', 224: 'sha224', 256: 'sha256', 384: 'sha384', 512: 'sha512' } as Record<number, string>)[b];
      if (!alg) {
        env.warn(mysqlError('ER_WRONG_PARAMETERS_TO_NATIVE_FCT', 'sha2'));
        return null;
      }
      return hash(alg, v!, ts[0]);
    },
  },
  SOUNDEX: { min: 1, max: 1, type: (ts, env) => strResult(Math.max(charLen(ts[0]!), 4), ts.slice(0, 1), env), eval: soundex },
  SPACE: {
    min: 1, max: 1,
    type: (ts, env, consts) => {
      const n = constInt(consts, 0);
      if (typeof n === 'number') return connString(Math.min(Math.max(n, 0), INT_MAX32), env, !anyNullable(ts));
      return connString(Math.floor(MAX_BLOB_WIDTH / maxLenOfCollation(env.connectionCollation)), env, false);
    },
    eval: space,
  },
  STRCMP: {
    min: 2, max: 2, type: (ts) => intResult(2, !anyNullable(ts)),
    eval: ([a, b], _env, ts) => {
      const bytes = isBinary(a!, ts[0]) || isBinary(b!, ts[1]);
      return collationCompare(strOf(a!, ts[0], bytes), strOf(b!, ts[1], bytes), bytes || caseSensitive(ts), padsSpaces(ts[0]));
    },
  },
  SUBSTRING: { min: 2, max: 3, type: substrType, eval: substring },
  SUBSTRING_INDEX: { min: 3, max: 3, type: (ts, env) => strResult(charLen(ts[0]!), ts.slice(0, 1), env, !anyNullable(ts)), eval: substringIndex },
  TO_BASE64: {
    min: 1, max: 1,
    type: (ts, env) => {
      const n = ts[0]!.length;
      const encoded = Math.ceil(n / 3) * 4;
      return connString(encoded + Math.floor(Math.max(encoded - 1, 0) / 76), env, !anyNullable(ts));
    },
    eval: toBase64,
  },
  TRIM: { min: 2, max: 3, type: (ts, env) => strResult(charLen(ts[0]!), ts.slice(0, 1), env, !anyNullable(ts)), eval: trim },
  UNCOMPRESS: {
    min: 1, max: 1, type: () => varStringType(MAX_BLOB_WIDTH, Charset.BINARY, false),
    eval: ([v], env, ts) => {
      const buf = Buffer.isBuffer(v) ? v : Buffer.from(textOf(v!, ts[0]), 'latin1');
      if (buf.length === 0) return Buffer.alloc(0);
      if (buf.length <= 4) {
        env.warn(mysqlError('ER_ZLIB_Z_DATA_ERROR'));
        return null;
      }
      const size = buf.readUInt32LE(0) & 0x3fffffff;
      if (overPacketLimit(env, 'uncompress', size)) return null;
      try {
        return inflateSync(buf.subarray(4));
      } catch {
        env.warn(mysqlError('ER_ZLIB_Z_DATA_ERROR'));
        return null;
      }
    },
  },
  UNCOMPRESSED_LENGTH: {
    min: 1, max: 1, type: (ts) => intResult(10, !anyNullable(ts)),
    eval: ([v], _env, ts) => {
      const buf = Buffer.isBuffer(v) ? v : Buffer.from(textOf(v!, ts[0]), 'latin1');
      return buf.length <= 4 ? 0 : buf.readUInt32LE(0) & 0x3fffffff;
    },
  },
  UNHEX: {
    min: 1, max: 1, type: (ts) => varStringType(Math.floor((ts[0]!.length + 1) / 2), Charset.BINARY, false), eval: unhex,
  },
  UPPER: {
    min: 1, max: 1, type: sameAsArg,
    eval: ([s], _env, ts) => (isBinary(s!, ts[0]) ? s! : textOf(s!, ts[0]).toUpperCase()),
  },
  UUID: { min: 0, max: 0, type: () => varStringType(36, SYSTEM_COLLATION, true), eval: (_a, env) => uuidV1(env) },
  UUID_SHORT: {
    min: 0, max: 0, type: () => intResult(21, true, true),
    eval: (_a, env) => {
      const s = stateOf(env.server);
      const v = s.uuidShort;
      s.uuidShort = BigInt.asUintN(64, v + 1n);
      return v;
    },
  },
  UUID_TO_BIN: {
    min: 1, max: 2, type: () => varStringType(16, Charset.BINARY, false),
    eval: ([v, swap], env, ts) => {
      const b = uuidBytes(v!, ts[0]);
      if (!b) throw mysqlError('ER_WRONG_VALUE_FOR_TYPE', 'uuid', textOf(v!, ts[0]), 'uuid_to_bin');
      if (swap !== undefined && swap !== null && intArg(swap, ts[1], env) !== 0) {
        return Buffer.concat([b.subarray(6, 8), b.subarray(4, 6), b.subarray(0, 4), b.subarray(8)]);
      }
      return b;
    },
    available: mysql8Only,
  },
  BIN_TO_UUID: {
    min: 1, max: 2, type: (_ts, env) => connString(36, env, false),
    eval: ([v, swap], env, ts) => {
      let b = Buffer.isBuffer(v) ? v : Buffer.from(textOf(v!, ts[0]), 'latin1');
      if (b.length !== 16) throw mysqlError('ER_WRONG_VALUE_FOR_TYPE', 'uuid', hex([v!], env, ts.slice(0, 1)) as string, 'bin_to_uuid');
      if (swap !== undefined && swap !== null && intArg(swap, ts[1], env) !== 0) {
        b = Buffer.concat([b.subarray(4, 8), b.subarray(2, 4), b.subarray(0, 2), b.subarray(8)]);
      }
      const h = b.toString('hex');
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    },
    available: mysql8Only,
  },
  IS_UUID: {
    min: 1, max: 1, type: () => intResult(1, false),
    eval: ([v], _env, ts) => (uuidBytes(v!, ts[0]) ? 1 : 0),
    available: mysql8Only,
  },
  AES_ENCRYPT: {
    min: 2, max: 6, type: (ts) => varStringType(16 * (Math.floor(ts[0]!.length / 16) + 1), Charset.BINARY, false),
    eval: (args, env, ts) => {
      const mode = aesMode(env);
      if (!mode) return null;
      const data = Buffer.isBuffer(args[0]) ? args[0] : Buffer.from(textOf(args[0]!, ts[0]), 'utf8');
      const key = aesKey(Buffer.isBuffer(args[1]) ? args[1] : Buffer.from(textOf(args[1]!, ts[1]), 'utf8'), mode.bytes);
      const iv = mode.iv ? (args[2] === undefined || args[2] === null ? null : (Buffer.isBuffer(args[2]) ? args[2] : Buffer.from(textOf(args[2], ts[2]), 'utf8'))) : null;
      if (mode.iv && (!iv || iv.length < 16)) throw mysqlError('ER_WRONG_PARAMCOUNT_TO_NATIVE_FCT', 'aes_encrypt');
      const c = createCipheriv(mode.alg, key, mode.iv ? iv!.subarray(0, 16) : null);
      return Buffer.concat([c.update(data), c.final()]);
    },
  },
  AES_DECRYPT: {
    min: 2, max: 6, type: (ts) => varStringType(ts[0]!.length, Charset.BINARY, false),
    eval: (args, env, ts) => {
      const mode = aesMode(env);
      if (!mode) return null;
      const data = Buffer.isBuffer(args[0]) ? args[0] : Buffer.from(textOf(args[0]!, ts[0]), 'latin1');
      const key = aesKey(Buffer.isBuffer(args[1]) ? args[1] : Buffer.from(textOf(args[1]!, ts[1]), 'utf8'), mode.bytes);
      const iv = mode.iv ? (args[2] === undefined || args[2] === null ? null : (Buffer.isBuffer(args[2]) ? args[2] : Buffer.from(textOf(args[2], ts[2]), 'utf8'))) : null;
      if (mode.iv && (!iv || iv.length < 16)) throw mysqlError('ER_WRONG_PARAMCOUNT_TO_NATIVE_FCT', 'aes_decrypt');
      try {
        const d = createDecipheriv(mode.alg, key, mode.iv ? iv!.subarray(0, 16) : null);
        return Buffer.concat([d.update(data), d.final()]);
      } catch {
        return null;
      }
    },
  },
  WEIGHT_STRING: {
    // Only binary strings have trivial weights; other collations need weight tables (1235).
    min: 1, max: 1, type: (ts) => varStringType(Math.max(ts[0]!.length, 8), Charset.BINARY, false),
    eval: ([v], _env, ts) => {
      if (!isBinary(v!, ts[0])) throw mysqlError('ER_NOT_SUPPORTED_YET', 'WEIGHT_STRING() of a non-binary string');
      return Buffer.isBuffer(v) ? v : Buffer.from(textOf(v!, ts[0]), 'latin1');
    },
  },
};

const NUMBER_FUNCTIONS: Record<string, FunctionDef> = {
  ABS: { min: 1, max: 1, type: (ts) => num1Type(ts[0]!), eval: abs },
  ACOS: mathFn('acos', 1, 1, ([x]) => (x! < -1 || x! > 1 ? null : Math.acos(x!))),
  ASIN: mathFn('asin', 1, 1, ([x]) => (x! < -1 || x! > 1 ? null : Math.asin(x!))),
  ATAN: mathFn('atan', 1, 2, (xs, _env, args, ts) => (xs.length === 2 ? finite(Math.atan2(xs[0]!, xs[1]!), 'atan', args, ts) : Math.atan(xs[0]!))),
  ATAN2: mathFn('atan2', 2, 2, ([y, x], _env, args, ts) => finite(Math.atan2(y!, x!), 'atan2', args, ts)),
  BIT_COUNT: {
    min: 1, max: 1, type: (ts) => intResult(21, !anyNullable(ts)),
    eval: ([x], env, ts) => {
      let n = BigInt.asUintN(64, int64Arg(x!, ts[0], env));
      let c = 0;
      while (n) {
        c += Number(n & 1n);
        n >>= 1n;
      }
      return c;
    },
  },
  CEIL: { min: 1, max: 1, type: (ts) => intValType(ts[0]!), eval: ceilFloor(true) },
  COS: mathFn('cos', 1, 1, ([x]) => Math.cos(x!)),
  COT: mathFn('cot', 1, 1, ([x], _env, args, ts) => {
    const t = Math.tan(x!);
    if (t === 0) throw outOfRange('DOUBLE', 'cot', args, ts);
    return finite(1 / t, 'cot', args, ts);
  }),
  DEGREES: {
    min: 1, max: 1, type: (ts) => dblResult(!anyNullable(ts)),
    eval: ([x], env, ts) => finite((realArg(x!, ts[0], env) * 180) / Math.PI, 'degrees', [x!], ts),
  },
  EXP: mathFn('exp', 1, 1, ([x], _env, args, ts) => finite(Math.exp(x!), 'exp', args, ts)),
  FLOOR: { min: 1, max: 1, type: (ts) => intValType(ts[0]!), eval: ceilFloor(false) },
  // Item_func_interval: INT of width 2, never NULL (-1 for a NULL N).
  INTERVAL: { min: 2, max: Infinity, nullSafe: true, type: () => intResult(2, true), eval: intervalFunction },
  GREATEST: { min: 2, max: Infinity, type: (ts, env) => unionType(ts, !anyNullable(ts), env.connectionCollation), eval: extreme(true) },
  LEAST: { min: 2, max: Infinity, type: (ts, env) => unionType(ts, !anyNullable(ts), env.connectionCollation), eval: extreme(false) },
  LN: mathFn('ln', 1, 1, ([x], env) => (x! <= 0 ? logArgument(env) : Math.log(x!))),
  LOG: mathFn('log', 1, 2, (xs, env) => {
    if (xs[0]! <= 0) return logArgument(env);
    if (xs.length === 1) return Math.log(xs[0]!);
    if (xs[1]! <= 0 || xs[0] === 1) return logArgument(env);
    return Math.log(xs[1]!) / Math.log(xs[0]!);
  }),
  LOG10: mathFn('log10', 1, 1, ([x], env) => (x! <= 0 ? logArgument(env) : Math.log10(x!))),
  LOG2: mathFn('log2', 1, 1, ([x], env) => (x! <= 0 ? logArgument(env) : Math.log2(x!))),
  MOD: { min: 2, max: 2, type: modType, eval: mod },
  PI: {
    min: 0, max: 0,
    type: () => ({ ...doubleType(true, 8), decimals: 6 }),
    eval: () => Math.PI,
  },
  POW: mathFn('pow', 2, 2, ([x, y], _env, args, ts) => finite(x! ** y!, 'pow', args, ts)),
  RADIANS: {
    min: 1, max: 1, type: (ts) => dblResult(!anyNullable(ts)),
    eval: ([x], env, ts) => finite((realArg(x!, ts[0], env) * Math.PI) / 180, 'radians', [x!], ts),
  },
  RAND: {
    min: 0, max: 1, nullSafe: true, type: () => dblResult(true),
    // A constant seed gives MySQL's sequence; each call here is the first value of it (one row).
    eval: (args, env, ts) => (args.length === 0 ? Math.random() : seededRand(args[0] === null ? 0n : int64Arg(args[0]!, ts[0], env))),
  },
  ROUND: { min: 1, max: 2, type: roundType(false), eval: round(false) },
  SIGN: {
    min: 1, max: 1, type: (ts) => intResult(2, !anyNullable(ts)),
    eval: ([x], env, ts) => {
      if (isDecimalType(ts[0]!) || isIntegerType(ts[0]!)) {
        const d = decOf(x!, ts[0]);
        return d.digits === 0n ? 0 : d.neg ? -1 : 1;
      }
      return Math.sign(realArg(x!, ts[0], env));
    },
  },
  SIN: mathFn('sin', 1, 1, ([x]) => Math.sin(x!)),
  SQRT: mathFn('sqrt', 1, 1, ([x]) => (x! < 0 ? null : Math.sqrt(x!))),
  TAN: mathFn('tan', 1, 1, ([x], _env, args, ts) => finite(Math.tan(x!), 'tan', args, ts)),
  TRUNCATE: { min: 2, max: 2, type: roundType(true), eval: round(true) },
};

const DATE_FUNCTIONS: Record<string, FunctionDef> = {
  NOW: {
    min: 0, max: 1, type: (_ts, _env, consts) => temporalType('DATETIME', fspConst(consts)),
    eval: (args, env, ts) => fmtDateTime(withClockMicros(now(env), env), fspOf(args, env, ts, 'now')),
  },
  SYSDATE: {
    min: 0, max: 1, type: (_ts, _env, consts) => temporalType('DATETIME', fspConst(consts)),
    eval: (args, env, ts) => fmtDateTime(withClockMicros(now(env), env), fspOf(args, env, ts, 'sysdate')),
  },
  UTC_TIMESTAMP: {
    min: 0, max: 1, type: (_ts, _env, consts) => temporalType('DATETIME', fspConst(consts)),
    eval: (args, env, ts) => fmtDateTime(withClockMicros(utcNow(env), env), fspOf(args, env, ts, 'utc_timestamp')),
  },
  CURDATE: { min: 0, max: 0, type: () => temporalType('DATE'), eval: (_a, env) => T.formatDate(now(env)) },
  UTC_DATE: { min: 0, max: 0, type: () => temporalType('DATE'), eval: (_a, env) => T.formatDate(utcNow(env)) },
  CURTIME: {
    min: 0, max: 1, type: (_ts, _env, consts) => curtimeType(fspConst(consts)),
    eval: (args, env, ts) => T.formatTime(withClockMicros(now(env), env), fspOf(args, env, ts, 'curtime')),
  },
  UTC_TIME: {
    min: 0, max: 1, type: (_ts, _env, consts) => curtimeType(fspConst(consts)),
    eval: (args, env, ts) => T.formatTime(withClockMicros(utcNow(env), env), fspOf(args, env, ts, 'utc_time')),
  },
  DATE: {
    min: 1, max: 1, type: () => temporalType('DATE', 0, false),
    eval: ([d], env, ts) => {
      const p = dateArg(d!, env, 'datetime', ts[0]);
      return p ? T.formatDate(p) : null;
    },
  },
  TIME: {
    min: 1, max: 1, type: (ts) => temporalType('TIME', isTemporalType(ts[0]!) ? ts[0]!.decimals : 0, false),
    eval: ([d], env, ts) => {
      const t = timeArg(d!, env, ts[0]);
      return t ? T.formatTimeParts(t, Math.max(autoFsp(t.micro), isTemporalType(ts[0]!) ? ts[0]!.decimals : 0)) : null;
    },
  },
  TIMESTAMP: {
    min: 1, max: 2,
    type: (ts) => temporalType('DATETIME', maxOf(ts, (t) => (isTemporalType(t) ? t.decimals : 0)), false),
    eval: (args, env, ts) => {
      const p = dateArg(args[0]!, env, 'datetime', ts[0]);
      if (!p) return null;
      const fsp0 = ts[0]!.type === ColumnType.DATETIME ? ts[0]!.decimals : 0;
      if (args.length === 1) return fmtDateTime(p, Math.max(autoFsp(p.micro), fsp0));
      return addTime(1)([T.formatDateTime(p, 6), args[1]!], env, [temporalType('DATETIME', fsp0), ts[1]!]);
    },
  },
  YEAR: {
    min: 1, max: 1,
    type: () => ({ ...intType(4, false, true), type: ColumnType.YEAR }),
    eval: ([d], env, ts) => dateArg(d!, env, 'datetime', ts[0])?.year ?? null,
  },
  MONTH: datePart(3, (p) => p.month),
  DAY: datePart(3, (p) => p.day),
  DAYOFWEEK: datePart(2, (p) => ((T.weekdayOf(dayNr(p), false) + 1) % 7) + 1, true),
  WEEKDAY: datePart(2, (p) => T.weekdayOf(dayNr(p), false), true),
  DAYOFYEAR: datePart(4, (p) => T.dayOfYear(p), true),
  QUARTER: datePart(2, (p) => Math.ceil(p.month / 3)),
  HOUR: timePart(4, (t) => t.hour),
  MINUTE: timePart(3, (t) => t.minute),
  SECOND: timePart(3, (t) => t.second),
  MICROSECOND: timePart(21, (t) => t.micro),
  TO_DAYS: datePart(8, (p) => dayNr(p), true),
  TO_SECONDS: datePart(21, (p) => T.toSeconds(p), true),
  WEEK: {
    min: 1, max: 2, type: () => intResult(3, false),
    eval: ([d, m], env, ts) => {
      const p = dateArg(d!, env, 'datetime', ts[0], true);
      if (!p) return null;
      const mode = m === undefined || m === null ? defaultWeekFormat(env) : intArg(m, ts[1], env);
      return T.calcWeek(p, T.weekMode(mode)).week;
    },
  },
  WEEKOFYEAR: datePart(3, (p) => T.calcWeek(p, T.weekMode(3)).week, true),
  YEARWEEK: {
    min: 1, max: 2, type: () => intResult(7, false),
    eval: ([d, m], env, ts) => {
      const p = dateArg(d!, env, 'datetime', ts[0], true);
      if (!p) return null;
      const mode = m === undefined || m === null ? 0 : intArg(m, ts[1], env);
      const w = T.calcWeek(p, T.weekMode(mode) | 2);
      return w.year * 100 + w.week;
    },
  },
  DAYNAME: {
    min: 1, max: 1, type: (_ts, env) => connString(9, env, false),
    eval: ([d], env, ts) => {
      const p = dateArg(d!, env, 'datetime', ts[0], true);
      return p ? DAY_NAMES[T.weekdayOf(dayNr(p), false)]! : null;
    },
  },
  MONTHNAME: {
    min: 1, max: 1, type: (_ts, env) => connString(9, env, false),
    eval: ([d], env, ts) => {
      const p = dateArg(d!, env, 'datetime', ts[0]);
      if (!p) return null;
      return p.month === 0 ? null : MONTH_NAMES[p.month - 1]!;
    },
  },
  LAST_DAY: {
    min: 1, max: 1, type: () => temporalType('DATE', 0, false),
    eval: ([d], env, ts) => {
      const p = dateArg(d!, env, 'datetime', ts[0], true);
      return p ? T.formatDate({ ...p, day: T.daysInMonth(p.year, p.month) }) : null;
    },
  },
  DATEDIFF: {
    min: 2, max: 2, type: () => intResult(9, false),
    eval: ([a, b], env, ts) => {
      const pa = dateArg(a!, env, 'datetime', ts[0], true);
      const pb = dateArg(b!, env, 'datetime', ts[1], true);
      return pa && pb ? dayNr(pa) - dayNr(pb) : null;
    },
  },
  TIMEDIFF: {
    min: 2, max: 2, type: (ts) => temporalType('TIME', maxOf(ts, (t) => (isTemporalType(t) ? t.decimals : 0)), false),
    eval: ([a, b], env, ts) => {
      const da = looksLikeDateTime(a!, ts[0]);
      if (da !== looksLikeDateTime(b!, ts[1])) return null;
      let us: number;
      if (da) {
        const pa = dateArg(a!, env, 'datetime', ts[0]);
        const pb = dateArg(b!, env, 'datetime', ts[1]);
        if (!pa || !pb) return null;
        us = (T.epochMsOf({ ...pa, micro: 0 }) - T.epochMsOf({ ...pb, micro: 0 })) * 1000 + pa.micro - pb.micro;
      } else {
        const ta = timeArg(a!, env, ts[0]);
        const tb = timeArg(b!, env, ts[1]);
        if (!ta || !tb) return null;
        us = T.timeToMicros(ta) - T.timeToMicros(tb);
      }
      const raw = T.timeFromMicros(us);
      const c = T.clampTime(raw);
      if (c.clamped) env.warn(mysqlError('ER_TRUNCATED_WRONG_VALUE', 'time', T.formatTimeParts(raw, autoFsp(raw.micro))));
      return T.formatTimeParts(c.time, Math.max(autoFsp(c.time.micro), ...ts.map((t) => (isTemporalType(t) ? t.decimals : 0))));
    },
  },
  TIMESTAMPDIFF: {
    min: 3, max: 3, type: () => intResult(21, false),
    eval: ([unit, a, b], env, ts) => {
      const pa = dateArg(a!, env, 'datetime', ts[1]);
      const pb = dateArg(b!, env, 'datetime', ts[2]);
      return pa && pb ? T.timestampDiff(toText(unit!), pa, pb) : null;
    },
  },
  TIMESTAMPADD: {
    min: 3, max: 3, nullSafe: true,
    type: (ts, env, consts) => intervalResultType(ts[2]!, String(consts?.[0] ?? 'SECOND').toUpperCase(), env.connectionCollation),
    eval: ([unit, n, d], env, ts) => (n === null || d === null ? null : dateAdd(d!, ts[2]!, n!, toText(unit!).toUpperCase(), 1, env)),
  },
  ADDTIME: { min: 2, max: 2, type: addTimeType, eval: addTime(1) },
  SUBTIME: { min: 2, max: 2, type: addTimeType, eval: addTime(-1) },
  DATE_FORMAT: {
    min: 2, max: 2, type: dateFormatType,
    eval: ([d, fmt], env, ts) => {
      const p = dateArg(d!, env, 'datetime', ts[0]);
      return p ? T.formatDateTimeSpec(p, textOf(fmt!, ts[1])) : null;
    },
  },
  TIME_FORMAT: {
    min: 2, max: 2, type: dateFormatType,
    eval: ([d, fmt], env, ts) => {
      const t = timeArg(d!, env, ts[0]);
      if (!t) return null;
      const zero: T.DateTimeParts = { year: 0, month: 0, day: 0, hour: t.hour, minute: t.minute, second: t.second, micro: t.micro, hasTime: true };
      const s = T.formatDateTimeSpec(zero, textOf(fmt!, ts[1]), { time: t });
      return s === null ? null : t.neg && T.timeToMicros(t) !== 0 ? `-${s}` : s;
    },
  },
  STR_TO_DATE: { min: 2, max: 2, type: (_ts, _env, consts) => strToDateType(consts), eval: strToDate },
  GET_FORMAT: {
    min: 2, max: 2, type: (_ts, env) => connString(17, env, false),
    eval: ([kind, loc], _env, ts) => GET_FORMATS[textOf(kind!, ts[0]).toUpperCase()]?.[textOf(loc!, ts[1]).toUpperCase()] ?? null,
  },
  FROM_DAYS: {
    min: 1, max: 1, type: () => temporalType('DATE', 0, false),
    eval: ([n], env, ts) => {
      const d = T.fromDayNumber(intArg(n!, ts[0], env));
      return d ? T.formatDate({ ...d, hour: 0, minute: 0, second: 0, micro: 0, hasTime: false }) : null;
    },
  },
  MAKEDATE: {
    min: 2, max: 2, type: () => temporalType('DATE', 0, false),
    eval: ([y, n], env, ts) => {
      let year = intArg(y!, ts[0], env);
      const doy = intArg(n!, ts[1], env);
      if (year < 0 || year > 9999 || doy <= 0) return null;
      if (year < 100) year = year < 70 ? year + 2000 : year + 1900;
      const d = T.fromDayNumber(T.dayNumber(year, 1, 1) + doy - 1);
      return d && d.year <= 9999 ? T.formatDate({ ...d, hour: 0, minute: 0, second: 0, micro: 0, hasTime: false }) : null;
    },
  },
  MAKETIME: {
    min: 3, max: 3, type: (ts) => temporalType('TIME', Math.min(6, isDecimalType(ts[2]!) ? ts[2]!.decimals : isFloatType(ts[2]!) || isStringType(ts[2]!) ? 6 : 0), false),
    eval: ([h, m, s], env, ts) => {
      const hour = int64Arg(h!, ts[0], env);
      const minute = intArg(m!, ts[1], env);
      const sec = realArg(s!, ts[2], env);
      if (minute < 0 || minute > 59 || sec < 0 || sec >= 60) return null;
      const neg = hour < 0n;
      const hAbs = neg ? -hour : hour;
      const whole = Math.floor(sec);
      const raw: T.TimeParts = { neg, hour: hAbs > 100000n ? 100000 : Number(hAbs), minute, second: whole, micro: Math.round((sec - whole) * 1e6) };
      const c = T.clampTime(raw);
      if (c.clamped) env.warn(mysqlError('ER_TRUNCATED_WRONG_VALUE', 'time', `${neg ? '-' : ''}${hAbs}:${String(minute).padStart(2, '0')}:${String(whole).padStart(2, '0')}`));
      const t2 = ts[2]!;
      return T.formatTimeParts(c.time, isDecimalType(t2) ? Math.min(6, t2.decimals) : isIntegerType(t2) ? 0 : autoFsp(c.time.micro));
    },
  },
  SEC_TO_TIME: {
    min: 1, max: 1, type: (ts) => temporalType('TIME', Math.min(6, isDecimalType(ts[0]!) ? ts[0]!.decimals : isFloatType(ts[0]!) ? 6 : 0), false),
    eval: ([s], env, ts) => {
      const secs = realArg(s!, ts[0], env);
      const raw = T.timeFromMicros(Math.max(-1e15, Math.min(1e15, secs * 1e6)));
      const c = T.clampTime(raw);
      if (c.clamped) env.warn(mysqlError('ER_TRUNCATED_WRONG_VALUE', 'time', textOf(s!, ts[0])));
      const t0 = ts[0]!;
      return T.formatTimeParts(c.time, isDecimalType(t0) ? Math.min(6, t0.decimals) : isIntegerType(t0) ? 0 : autoFsp(c.time.micro));
    },
  },
  TIME_TO_SEC: {
    min: 1, max: 1, type: () => intResult(10, false),
    eval: ([v], env, ts) => {
      const t = timeArg(v!, env, ts[0]);
      if (!t) return null;
      const secs = (t.hour * 60 + t.minute) * 60 + t.second;
      return t.neg ? -secs : secs;
    },
  },
  PERIOD_ADD: {
    min: 2, max: 2, type: (ts) => intResult(6, !anyNullable(ts)),
    eval: ([p, n], env, ts) => monthsToPeriod(periodToMonths(periodArg(p!, ts[0], env, 'period_add')) + intArg(n!, ts[1], env)),
  },
  PERIOD_DIFF: {
    min: 2, max: 2, type: (ts) => intResult(6, !anyNullable(ts)),
    eval: ([a, b], env, ts) => periodToMonths(periodArg(a!, ts[0], env, 'period_diff')) - periodToMonths(periodArg(b!, ts[1], env, 'period_diff')),
  },
  UNIX_TIMESTAMP: {
    min: 0, max: 1,
    type: (ts) => {
      if (ts.length === 0) return intResult(11, true);
      const t = ts[0]!;
      const dec = isTemporalType(t) ? t.decimals : isDecimalType(t) ? Math.min(6, t.decimals) : 0;
      return dec > 0 ? decimalType(11 + dec, dec, false) : intResult(11, false);
    },
    eval: (args, env, ts) => {
      if (args.length === 0) return Math.floor(env.nowMs / 1000);
      const p = dateArg(args[0]!, env, 'datetime', ts[0]);
      if (!p) return null;
      const r = unixTimestamp(p, env);
      const t = ts[0]!;
      const dec = isTemporalType(t) ? t.decimals : 0;
      if (dec > 0) return `${r.secs}.${String(r.micro).padStart(6, '0').slice(0, dec)}`;
      if (r.micro) return `${r.secs}.${String(r.micro).padStart(6, '0')}`;
      return r.secs;
    },
  },
  FROM_UNIXTIME: {
    min: 1, max: 2,
    type: (ts, env, consts) => {
      if (ts.length === 2) return dateFormatType(ts, env, consts);
      const t = ts[0]!;
      return temporalType('DATETIME', isDecimalType(t) ? Math.min(6, t.decimals) : isFloatType(t) || isStringType(t) ? 6 : 0, false);
    },
    eval: ([secs, fmt], env, ts) => {
      const d = decOf(secs!, ts[0]);
      if (d.neg && d.digits !== 0n) return null;
      const whole = Number(d.digits / 10n ** BigInt(d.scale));
      if (whole > 32536771199) return null;
      const frac = d.scale > 0 ? Number(d.digits % 10n ** BigInt(d.scale)) / 10 ** d.scale : 0;
      const p = T.partsFromEpochMs(whole * 1000 + env.zoneOffsetMinutes * 60_000);
      p.micro = Math.round(frac * 1e6);
      if (fmt !== undefined) return fmt === null ? null : T.formatDateTimeSpec(p, textOf(fmt, ts[1]));
      const t = ts[0]!;
      const fsp = isDecimalType(t) ? Math.min(6, t.decimals) : isFloatType(t) || isStringType(t) ? 6 : 0;
      return fmtDateTime(p, fsp);
    },
  },
  CONVERT_TZ: {
    min: 3, max: 3, type: (ts) => temporalType('DATETIME', isTemporalType(ts[0]!) ? ts[0]!.decimals : 0, false),
    eval: ([d, from, to], env, ts) => {
      const p = dateArg(d!, env, 'datetime', ts[0]);
      const a = zoneOffset(textOf(from!, ts[1]));
      const b = zoneOffset(textOf(to!, ts[2]));
      if (!p || a === null || b === null) return null;
      const fsp = Math.max(autoFsp(p.micro), isTemporalType(ts[0]!) ? ts[0]!.decimals : 0);
      const utcMs = T.epochMsOf({ ...p, micro: 0 }) - a * 60_000;
      // Outside the TIMESTAMP range (1970-01-01 00:00:01 .. 2038-01-19 03:14:07 UTC) no conversion happens.
      if (utcMs < 1000 || utcMs > 2147483647000) return fmtDateTime(p, fsp);
      const r = T.partsFromEpochMs(utcMs + b * 60_000);
      r.micro = p.micro;
      return fmtDateTime(r, fsp);
    },
  },
  EXTRACT: {
    min: 2, max: 2,
    type: (_ts, _env, consts) => intResult(EXTRACT_LENGTHS[String(consts?.[0] ?? '').toUpperCase()] ?? 21, false),
    eval: extract,
  },
  ADD_MONTHS: {
    min: 2, max: 2, type: (ts, env) => intervalResultType(ts[0]!, 'MONTH', env.connectionCollation),
    eval: ([d, n], env, ts) => dateAdd(d!, ts[0]!, n!, 'MONTH', 1, env),
    available: isMariaDb,
  },
};

function curtimeType(fsp: number): ValueType {
  return { ...temporalType('TIME', fsp), length: 8 + (fsp ? fsp + 1 : 0) };
}

/** A JSON function: JSON result, nullable (Item_json_func::resolve_type). */
const jsonResult = (): ValueType => jsonType(false);

const JSON_FUNCTIONS: Record<string, FunctionDef> = {
  JSON_ARRAY: {
    min: 0, max: Infinity, nullSafe: true, type: jsonResult,
    eval: (args, env, ts) => jsonPrint(args.map((a, i) => toJsonValue(a, ts[i], env, i + 1, 'json_array'))),
  },
  JSON_ARRAY_APPEND: jsonModifyFn('json_array_append', 'append'),
  JSON_ARRAY_INSERT: jsonModifyFn('json_array_insert', 'arrayInsert'),
  JSON_CONTAINS: {
    min: 2, max: 3, type: () => intResult(1, false),
    eval: (args, env, ts) => {
      const target = jsonDocArg(args[0]!, ts[0], 1, 'json_contains', env);
      const cand = jsonDocArg(args[1]!, ts[1], 2, 'json_contains', env);
      let scope: JVal[] = [target];
      if (args.length > 2) {
        const path = pathArg(args[2]!, ts[2]);
        if (hasWildcard(path)) throw mysqlError('ER_INVALID_JSON_PATH_WILDCARD');
        scope = jsonSeek(target, path.legs);
        if (scope.length === 0) return null;
      }
      return jsonContains(scope[0]!, cand) ? 1 : 0;
    },
  },
  JSON_CONTAINS_PATH: {
    min: 3, max: Infinity, type: () => intResult(1, false),
    eval: (args, env, ts) => {
      const doc = jsonDocArg(args[0]!, ts[0], 1, 'json_contains_path', env);
      const mode = oneOrAll(args[1]!, ts[1], 'json_contains_path');
      const hits = args.slice(2).map((p, i) => jsonSeek(doc, pathArg(p!, ts[i + 2]).legs).length > 0);
      return (mode === 'one' ? hits.some(Boolean) : hits.every(Boolean)) ? 1 : 0;
    },
  },
  JSON_DEPTH: {
    min: 1, max: 1, type: () => intResult(21, false),
    eval: ([d], env, ts) => jsonDepth(jsonDocArg(d!, ts[0], 1, 'json_depth', env)),
  },
  JSON_EXTRACT: { min: 2, max: Infinity, type: jsonResult, eval: jsonExtract },
  JSON_INSERT: jsonModifyFn('json_insert', 'insert'),
  JSON_KEYS: {
    min: 1, max: 2, type: jsonResult,
    eval: (args, env, ts) => {
      let v: JVal | undefined = jsonDocArg(args[0]!, ts[0], 1, 'json_keys', env);
      if (args.length > 1) {
        const path = pathArg(args[1]!, ts[1]);
        if (hasWildcard(path)) throw mysqlError('ER_INVALID_JSON_PATH_WILDCARD');
        v = jsonSeek(v, path.legs)[0];
      }
      return v instanceof JObj ? jsonPrint([...v.map.keys()]) : null;
    },
  },
  JSON_LENGTH: {
    min: 1, max: 2, type: () => intResult(21, false),
    eval: (args, env, ts) => {
      let v: JVal | undefined = jsonDocArg(args[0]!, ts[0], 1, 'json_length', env);
      if (args.length > 1) {
        const path = pathArg(args[1]!, ts[1]);
        if (hasWildcard(path)) throw mysqlError('ER_INVALID_JSON_PATH_WILDCARD');
        v = jsonSeek(v, path.legs)[0];
        if (v === undefined) return null;
      }
      return Array.isArray(v) ? v.length : v instanceof JObj ? v.map.size : 1;
    },
  },
  JSON_MERGE_PATCH: {
    min: 2, max: Infinity, type: jsonResult,
    eval: (args, env, ts) =>
      jsonPrint(args.map((a, i) => jsonDocArg(a, ts[i], i + 1, 'json_merge_patch', env)).reduce((a, b) => mergePatch(a, b, mysqlJsonOrder(env)))),
  },
  JSON_MERGE_PRESERVE: {
    min: 2, max: Infinity, type: jsonResult,
    eval: (args, env, ts) =>
      jsonPrint(args.map((a, i) => jsonDocArg(a, ts[i], i + 1, 'json_merge_preserve', env)).reduce((a, b) => mergePreserve(a, b, mysqlJsonOrder(env)))),
  },
  JSON_OBJECT: { min: 0, max: Infinity, nullSafe: true, type: jsonResult, eval: jsonObject },
  JSON_OVERLAPS: {
    min: 2, max: 2, type: () => intResult(1, false),
    eval: ([a, b], env, ts) => {
      const x = jsonDocArg(a!, ts[0], 1, 'json_overlaps', env);
      const y = jsonDocArg(b!, ts[1], 2, 'json_overlaps', env);
      if (Array.isArray(x) && Array.isArray(y)) return x.some((e) => y.some((f) => jsonEqual(e, f))) ? 1 : 0;
      if (Array.isArray(x) || Array.isArray(y)) {
        const [arr, other] = (Array.isArray(x) ? [x, y] : [y, x]) as [JVal[], JVal];
        return arr.some((e) => jsonEqual(e, other)) ? 1 : 0;
      }
      if (x instanceof JObj && y instanceof JObj) return [...x.map].some(([k, v]) => y.map.has(k) && jsonEqual(v, y.map.get(k)!)) ? 1 : 0;
      return jsonEqual(x, y) ? 1 : 0;
    },
    available: (p) => mysql8Only(p) || isMariaDb(p),
  },
  JSON_PRETTY: {
    min: 1, max: 1, type: () => varStringType(Math.floor(MAX_BLOB_WIDTH / 4), Charset.UTF8MB4_BIN, false),
    eval: ([d], env, ts) => jsonPretty(jsonDocArg(d!, ts[0], 1, 'json_pretty', env)),
    available: mysqlOnly,
  },
  JSON_QUOTE: {
    min: 1, max: 1, type: (ts) => varStringType(charLen(ts[0]!) * 6 + 2, Charset.UTF8MB4_BIN, !anyNullable(ts)),
    eval: ([v], _env, ts) => {
      if (!isStringType(ts[0]!) && ts[0]!.type !== ColumnType.NULL) throw mysqlError('ER_INCORRECT_TYPE', 1, 'json_quote');
      return jsonString(Buffer.isBuffer(v) ? v.toString('utf8') : textOf(v!, ts[0]));
    },
  },
  JSON_REMOVE: {
    min: 2, max: Infinity, type: jsonResult,
    eval: (args, env, ts) => {
      let doc = jsonDocArg(args[0]!, ts[0], 1, 'json_remove', env);
      for (let i = 1; i < args.length; i++) {
        const path = pathArg(args[i]!, ts[i]);
        if (hasWildcard(path)) throw mysqlError('ER_INVALID_JSON_PATH_WILDCARD');
        doc = jsonRemove(doc, path, mysqlJsonOrder(env));
      }
      return jsonPrint(doc);
    },
  },
  JSON_REPLACE: jsonModifyFn('json_replace', 'replace'),
  JSON_SEARCH: { min: 3, max: Infinity, nullSafe: true, type: jsonResult, eval: jsonSearch },
  JSON_SET: jsonModifyFn('json_set', 'set'),
  JSON_STORAGE_SIZE: {
    // The binary format's size is not modelled: the size of the JSON text stands in for it.
    min: 1, max: 1, type: () => intResult(21, false),
    eval: ([d], env, ts) => Buffer.byteLength(jsonPrint(jsonDocArg(d!, ts[0], 1, 'json_storage_size', env))),
    available: mysqlOnly,
  },
  JSON_TYPE: {
    min: 1, max: 1, type: () => varStringType(51, Charset.UTF8MB4_BIN, false),
    eval: ([d], env, ts) => jsonTypeName(jsonDocArg(d!, ts[0], 1, 'json_type', env)),
  },
  JSON_UNQUOTE: { min: 1, max: 1, type: (ts) => varStringType(charLen(ts[0]!), Charset.UTF8MB4_BIN, false), eval: jsonUnquote },
  JSON_VALID: { min: 1, max: 1, type: (ts) => intResult(1, !anyNullable(ts)), eval: jsonValid },
  JSON_VALUE: {
    // JSON_VALUE(doc, path) without a RETURNING clause: VARCHAR(512) in utf8mb4, the scalar unquoted.
    min: 2, max: 2, type: () => varStringType(512, Charset.UTF8MB4_BIN, false),
    eval: ([d, p], env, ts) => {
      const v = jsonSeek(jsonDocArg(d!, ts[0], 1, 'json_value', env), pathArg(p!, ts[1]).legs)[0];
      if (v === undefined || v === null || Array.isArray(v) || v instanceof JObj) return null;
      // MariaDB's JSON_VALUE gives a JSON true/false as 1/0 (checked on 10.11); MySQL as text.
      if (typeof v === 'boolean' && isMariaDb(env.server.profile)) return v ? '1' : '0';
      return typeof v === 'string' ? v : v instanceof JTemporal ? v.text : jsonPrint(v);
    },
    available: (p) => mysql8Only(p) || isMariaDb(p),
  },
  // MariaDB's JSON extras
  JSON_COMPACT: {
    min: 1, max: 1, type: () => varStringType(Math.floor(MAX_BLOB_WIDTH / 4), Charset.UTF8MB4_BIN, false),
    eval: ([d], env, ts) => compactJson(jsonPrint(jsonDocArg(d!, ts[0], 1, 'json_compact', env))),
    available: isMariaDb,
  },
  JSON_DETAILED: {
    min: 1, max: 2, type: () => varStringType(Math.floor(MAX_BLOB_WIDTH / 4), Charset.UTF8MB4_BIN, false),
    eval: ([d], env, ts) => jsonPretty(jsonDocArg(d!, ts[0], 1, 'json_detailed', env)),
    available: isMariaDb,
  },
  JSON_LOOSE: {
    min: 1, max: 1, type: () => varStringType(Math.floor(MAX_BLOB_WIDTH / 4), Charset.UTF8MB4_BIN, false),
    eval: ([d], env, ts) => jsonPrint(jsonDocArg(d!, ts[0], 1, 'json_loose', env)),
    available: isMariaDb,
  },
  JSON_QUERY: {
    min: 2, max: 2, type: () => varStringType(Math.floor(MAX_BLOB_WIDTH / 4), Charset.UTF8MB4_BIN, false),
    eval: ([d, p], env, ts) => {
      const v = jsonSeek(jsonDocArg(d!, ts[0], 1, 'json_query', env), pathArg(p!, ts[1]).legs)[0];
      return Array.isArray(v) || v instanceof JObj ? jsonPrint(v) : null;
    },
    available: isMariaDb,
  },
  JSON_EXISTS: {
    min: 2, max: 2, type: () => intResult(1, false),
    eval: ([d, p], env, ts) => (jsonSeek(jsonDocArg(d!, ts[0], 1, 'json_exists', env), pathArg(p!, ts[1]).legs).length > 0 ? 1 : 0),
    available: isMariaDb,
  },
};

/** MariaDB's JSON_COMPACT: no spaces after ',' and ':'. */
function compactJson(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (c !== ' ') {
      out += c;
    }
  }
  return out;
}

/** REGEXP_LIKE / REGEXP_INSTR / REGEXP_SUBSTR / REGEXP_REPLACE (MySQL 8: ICU semantics, character positions). */
const REGEXP_FUNCTIONS: Record<string, FunctionDef> = {
  REGEXP_LIKE: {
    min: 2, max: 3, type: (ts) => intResult(1, !anyNullable(ts)),
    eval: (args, env, ts) => {
      const re = regexpOf(args[1]!, args[2], ts, args, 'regexp_like', false);
      const bytes = args.slice(0, 2).some((a, i) => isBinary(a, ts[i]));
      return regexpSearch(re, strOf(args[0]!, ts[0], bytes), false, env).length > 0 ? 1 : 0;
    },
    available: mysql8Only,
  },
  REGEXP_INSTR: {
    min: 2, max: 6, type: (ts) => intResult(21, !anyNullable(ts)),
    eval: (args, env, ts) => {
      const re = regexpOf(args[1]!, args[5], ts, args, 'regexp_instr', false);
      const bytes = args.slice(0, 2).some((a, i) => isBinary(a, ts[i]));
      const cs = chars(strOf(args[0]!, ts[0], bytes));
      const pos = regexpPosition(args[2], ts[2], cs, env, 'regexp_instr');
      const occ = Math.max(1, args.length > 3 ? intArg(args[3]!, ts[3], env) : 1);
      const opt = args.length > 4 ? intArg(args[4]!, ts[4], env) : 0;
      if (opt !== 0 && opt !== 1) throw mysqlError('ER_WRONG_ARGUMENTS', 'regexp_instr: return_option must be 1 or 0.');
      const m = regexpMatches(re, cs, pos, env)[occ - 1];
      return m ? (opt ? m.end : m.start) + 1 : 0;
    },
    available: mysql8Only,
  },
  REGEXP_SUBSTR: {
    min: 2, max: 5, type: (ts, env) => strResult(charLen(ts[0]!), ts.slice(0, 1), env, false),
    eval: (args, env, ts) => {
      const re = regexpOf(args[1]!, args[4], ts, args, 'regexp_substr', false);
      const bytes = args.slice(0, 2).some((a, i) => isBinary(a, ts[i]));
      const cs = chars(strOf(args[0]!, ts[0], bytes));
      const pos = regexpPosition(args[2], ts[2], cs, env, 'regexp_substr');
      const occ = Math.max(1, args.length > 3 ? intArg(args[3]!, ts[3], env) : 1);
      const m = regexpMatches(re, cs, pos, env)[occ - 1];
      return m ? strOut(m.text, bytes) : null;
    },
    available: mysql8Only,
  },
  REGEXP_REPLACE: {
    min: 3, max: 6,
    type: (ts, env) => strResult(Math.floor(MAX_BLOB_WIDTH / maxLenOfCollation(resultCollation(ts.slice(0, 1), env.connectionCollation))), ts.slice(0, 1), env),
    eval: (args, env, ts) => {
      const re = regexpOf(args[1]!, args[5], ts, args, 'regexp_replace', false);
      const bytes = [0, 1, 2].some((i) => isBinary(args[i]!, ts[i]));
      const cs = chars(strOf(args[0]!, ts[0], bytes));
      const pos = regexpPosition(args[3], ts[3], cs, env, 'regexp_replace');
      const occ = args.length > 4 ? intArg(args[4]!, ts[4], env) : 0;
      const repl = icuReplacement(strOf(args[2]!, ts[2], bytes));
      const head = cs.slice(0, pos - 1).join('');
      const tail = cs.slice(pos - 1).join('');
      let out = '';
      let at = 0;
      regexpSearch(re, tail, true, env).forEach((m, i) => {
        if (occ > 0 && i + 1 !== occ) return;
        const { text: whole, groups } = m;
        out += tail.slice(at, m.index) + repl.replace(/\$(\$|&|\d+)/g, (_x, g: string) => (g === '$' ? '$' : g === '&' ? whole : (groups[Number(g) - 1] ?? '')));
        at = m.index + whole.length;
      });
      const result = head + out + tail.slice(at);
      if (overPacketLimit(env, 'regexp_replace', byteLength(result, bytes))) return null;
      return strOut(result, bytes);
    },
    available: mysql8Only,
  },
};

/** MariaDB's REGEXP_INSTR / REGEXP_SUBSTR / REGEXP_REPLACE: two or three arguments (PCRE). */
const MARIADB_REGEXP: Record<string, FunctionDef> = {
  REGEXP_INSTR: { ...REGEXP_FUNCTIONS.REGEXP_INSTR!, min: 2, max: 2, available: isMariaDb },
  REGEXP_SUBSTR: { ...REGEXP_FUNCTIONS.REGEXP_SUBSTR!, min: 2, max: 2, available: isMariaDb },
  REGEXP_REPLACE: { ...REGEXP_FUNCTIONS.REGEXP_REPLACE!, min: 3, max: 3, available: isMariaDb },
};

const CONTROL_FUNCTIONS: Record<string, FunctionDef> = {
  IF: {
    min: 3, max: 3, nullSafe: true,
    type: (ts, env) => unionType(ts.slice(1), !nullable(ts[1]!) && !nullable(ts[2]!), env.connectionCollation),
    eval: ([c, a, b]) => (truthy(c!) ? a! : b!),
  },
  IFNULL: {
    min: 2, max: 2, nullSafe: true,
    type: (ts, env) => unionType(ts, !nullable(ts[0]!) || !nullable(ts[1]!), env.connectionCollation),
    eval: ([a, b]) => (a !== null ? a! : b!),
  },
  NULLIF: {
    min: 2, max: 2, nullSafe: true,
    type: (ts) => withNullability(ts[0]!, false),
    eval: ([a, b], _env, ts) => (a !== null && b !== null && compareValues(a!, b!, ts[0]!, ts[1]!) === 0 ? null : a!),
  },
  COALESCE: {
    min: 1, max: Infinity, nullSafe: true,
    type: (ts, env) => unionType(ts, ts.some((t) => !nullable(t)), env.connectionCollation),
    eval: (args) => args.find((a) => a !== null) ?? null,
  },
  ISNULL: { min: 1, max: 1, nullSafe: true, type: () => intResult(1, true), eval: ([a]) => (a === null ? 1 : 0) },
  /** INTERVAL(N, N1, N2, ...): how many of the (ascending) Ni are <= N; -1 when N is NULL. */
  INTERVAL: {
    min: 2, max: Infinity, nullSafe: true, type: () => intResult(2, true),
    eval: (args, env, ts) => {
      if (args[0] === null) return -1;
      const n = realArg(args[0]!, ts[0], env);
      let i = 1;
      while (i < args.length && (args[i] === null || realArg(args[i]!, ts[i], env) <= n)) i++;
      return i - 1;
    },
  },
  /** BINARY(x): the value as a binary string (the BINARY operator; deprecated in MySQL 8.0.27+). */
  BINARY: {
    min: 1, max: 1,
    type: (ts) => varStringType(isStringType(ts[0]!) ? ts[0]!.length : ts[0]!.length, Charset.BINARY, !anyNullable(ts)),
    eval: ([v], env, ts) => {
      if (mysql8Only(env.server.profile)) env.warn(mysqlError('ER_WARN_DEPRECATED_SYNTAX', 'BINARY expr', 'CAST'));
      return Buffer.isBuffer(v) ? v : Buffer.from(textOf(v!, ts[0]), 'utf8');
    },
  },
  /** ANY_VALUE(x): x (it only silences ONLY_FULL_GROUP_BY). */
  ANY_VALUE: { min: 1, max: 1, nullSafe: true, type: (ts) => ({ ...ts[0]! }), eval: ([v]) => v!, available: (p) => mysqlOnly(p) && p.family !== 'mysql-5.6' },
  /** NAME_CONST(name, value): the value. */
  NAME_CONST: { min: 2, max: 2, nullSafe: true, type: (ts) => ({ ...ts[1]! }), eval: ([, v]) => v! },
};

const INFO_FUNCTIONS: Record<string, FunctionDef> = {
  USER: { min: 0, max: 0, type: userType, eval: (_a, env) => `${env.session.user}@${env.session.clientHost}` },
  SESSION_USER: { min: 0, max: 0, type: userType, eval: (_a, env) => `${env.session.user}@${env.session.clientHost}` },
  SYSTEM_USER: { min: 0, max: 0, type: userType, eval: (_a, env) => `${env.session.user}@${env.session.clientHost}` },
  CURRENT_USER: { min: 0, max: 0, type: userType, eval: (_a, env) => `${env.session.accountUser}@${env.session.accountHost}` },
  CURRENT_ROLE: {
    // MySQL: the active roles in Role_id order, `r`@`h` joined by ',', or NONE (func_current_role()); MariaDB: the role or NULL.
    min: 0, max: 0, type: () => varStringType(Math.floor(MAX_BLOB_WIDTH / 3), SYSTEM_COLLATION, true),
    eval: (_a, env) => {
      const active = env.session.activeRoles ?? [];
      if (isMariaDb(env.server.profile)) return active[0]?.user ?? null;
      return currentRoleText(active);
    },
    available: (p) => mysql8Only(p) || isMariaDb(p),
  },
  ROLES_GRAPHML: {
    // Without ROLE_ADMIN (or SUPER) MySQL returns an empty string.
    min: 0, max: 0, type: () => varStringType(Math.floor(MAX_BLOB_WIDTH / 3), SYSTEM_COLLATION, true),
    eval: () => '',
    available: mysql8Only,
  },
  DATABASE: { min: 0, max: 0, type: () => varStringType(64, SYSTEM_COLLATION, false), eval: (_a, env) => env.session.database },
  VERSION: {
    min: 0, max: 0,
    // Item_static_string_func: the server's version string (@@version), as long as it is (utf8mb3).
    type: (_ts, env) => stringType(String(env.server?.variables?.get('version', 'global') ?? env.server?.profile.version ?? '').length || 60, SYSTEM_COLLATION, true, 3),
    eval: (_a, env) => String(env.server.variables.get('version', 'global') ?? env.server.profile.version),
  },
  CONNECTION_ID: { min: 0, max: 0, type: () => intType(10, true, true), eval: (_a, env) => env.session.id },
  LAST_INSERT_ID: {
    min: 0, max: 1, nullSafe: true, type: () => intType(21, true, true),
    eval: (args, env, ts) => {
      if (args.length === 1) {
        const v = args[0] === null ? 0n : BigInt.asUintN(64, int64Arg(args[0]!, ts[0], env));
        env.session.lastInsertId = Number(v);
        return bigOut(v);
      }
      return env.session.lastInsertId;
    },
  },
  ROW_COUNT: { min: 0, max: 0, type: () => intType(21), eval: () => -1 },
  FOUND_ROWS: {
    min: 0, max: 0, type: () => intType(21, true, true),
    eval: (_a, env) => {
      if (mysql8Only(env.server.profile)) env.warn(mysqlError('ER_WARN_DEPRECATED_FOUND_ROWS'));
      return 0;
    },
  },
  BENCHMARK: {
    // The expression was evaluated once already; repeating it would only burn CPU.
    min: 2, max: 2, nullSafe: true, type: () => intResult(1, false),
    eval: ([n], env, ts) => {
      if (n === null) return null;
      const count = int64Arg(n!, ts[0], env);
      if (count < 0n) {
        env.warn(mysqlError('ER_WRONG_VALUE_FOR_TYPE', 'count', String(count), 'benchmark'));
        return null;
      }
      return 0;
    },
  },
  SLEEP: {
    // The evaluator is synchronous and must not block the event loop: SLEEP returns at once,
    // answering 0 as an uninterrupted sleep does. NULL or a negative duration is 1210 under a
    // strict sql_mode and a warning otherwise, as in MySQL.
    min: 1, max: 1, nullSafe: true, type: (ts) => intResult(21, !anyNullable(ts)),
    eval: ([n], env, ts) => {
      const secs = n === null ? null : realArg(n!, ts[0], env);
      if (secs === null || secs < 0) {
        if (strictMode(env)) throw mysqlError('ER_WRONG_ARGUMENTS', 'sleep.');
        env.warn(mysqlError('ER_WRONG_ARGUMENTS', 'sleep.'));
      }
      return 0;
    },
  },
  ICU_VERSION: {
    min: 0, max: 0, type: () => varStringType(15, SYSTEM_COLLATION, true),
    eval: (_a, env) => (env.server.profile.versionNumber >= 8.4 ? '73.1' : '69.1'),
    available: mysql8Only,
  },
  PS_CURRENT_THREAD_ID: {
    min: 0, max: 0, type: () => intResult(21, false, true),
    eval: (_a, env) => threadIdOfConnection(env.session.id),
    available: mysql8Only,
  },
  PS_THREAD_ID: {
    min: 1, max: 1, type: () => intResult(21, false, true),
    eval: ([id], env, ts) => {
      const n = intArg(id!, ts[0], env);
      return env.server.sessions.has(n) ? threadIdOfConnection(n) : null;
    },
    available: mysql8Only,
  },
  FORMAT_BYTES: {
    min: 1, max: 1, type: (ts) => varStringType(11, SYSTEM_COLLATION, !anyNullable(ts)),
    eval: ([v], env, ts) => formatScaled(realArg(v!, ts[0], env), BYTE_UNITS, 4, 'bytes'),
    available: mysql8Only,
  },
  FORMAT_PICO_TIME: {
    min: 1, max: 1, type: () => varStringType(11, SYSTEM_COLLATION, false),
    eval: ([v], env, ts) => formatScaled(realArg(v!, ts[0], env), PICO_UNITS, 3, 'ps'),
    available: mysql8Only,
  },
  GET_LOCK: {
    min: 2, max: 2, nullSafe: true, type: () => intResult(1, false),
    // A lock held by another session answers 0 at once: waiting is impossible in a synchronous evaluator.
    eval: ([name, timeout], env, ts) => {
      const key = lockName(name!, ts[0]);
      if (timeout !== null) realArg(timeout!, ts[1], env);
      const locks = stateOf(env.server).locks;
      const held = lockHolder(env, key);
      if (held && held.owner !== env.session.id) return 0;
      if (env.server.profile.family === 'mysql-5.6') {
        // 5.6: one lock per session; taking another releases the first
        for (const [k, l] of locks) if (l.owner === env.session.id && k !== key) locks.delete(k);
      }
      if (held) held.count++;
      else locks.set(key, { owner: env.session.id, count: 1 });
      return 1;
    },
  },
  RELEASE_LOCK: {
    min: 1, max: 1, nullSafe: true, type: () => intResult(1, false),
    eval: ([name], env, ts) => {
      const key = lockName(name!, ts[0]);
      const held = lockHolder(env, key);
      if (!held) return null;
      if (held.owner !== env.session.id) return 0;
      if (--held.count <= 0) stateOf(env.server).locks.delete(key);
      return 1;
    },
  },
  RELEASE_ALL_LOCKS: {
    min: 0, max: 0, type: () => intResult(21, true, true),
    eval: (_a, env) => {
      const locks = stateOf(env.server).locks;
      let n = 0;
      for (const [k, l] of locks) {
        if (l.owner === env.session.id) {
          n += l.count;
          locks.delete(k);
        }
      }
      return n;
    },
    available: (p) => p.family !== 'mysql-5.6',
  },
  IS_FREE_LOCK: {
    min: 1, max: 1, nullSafe: true, type: () => intResult(1, false),
    eval: ([name], env, ts) => (lockHolder(env, lockName(name!, ts[0])) ? 0 : 1),
  },
  IS_USED_LOCK: {
    min: 1, max: 1, nullSafe: true, type: () => intResult(21, false, true),
    eval: ([name], env, ts) => lockHolder(env, lockName(name!, ts[0]))?.owner ?? null,
  },

  // account passwords: PASSWORD() until MySQL 8.0.11, OLD_PASSWORD() until 5.7.5
  PASSWORD: {
    min: 1, max: 1, nullSafe: true,
    type: (_ts, env) => stringType(41, env.connectionCollation),
    eval: ([s], env) => passwordFunction(s!, env),
    available: (profile) => profile.passwordFunction,
  },
  OLD_PASSWORD: {
    min: 1, max: 1,
    type: (ts, env) => stringType(16, env.connectionCollation, !anyNullable(ts)),
    eval: ([s]) => oldPasswordHash(Buffer.isBuffer(s) ? s : toText(s!)),
    available: (profile) => profile.oldPasswordFunction,
  },

  // validate_password: 0 while the component is not installed
  VALIDATE_PASSWORD_STRENGTH: {
    min: 1, max: 1, type: (ts) => intType(10, !anyNullable(ts)),
    eval: ([s], env) => env.server.validatePassword.strength(toText(s!), { user: env.session.user, privUser: env.session.accountUser }),
  },

  // MariaDB extras
  CHR: {
    min: 1, max: 1, type: (_ts, env) => connString(1, env, false),
    eval: ([n], env, ts) => {
      const b = charFunction([n!], env, ts) as Buffer;
      const s = b.toString('utf8');
      return s.includes('\ufffd') ? null : s;
    },
    available: isMariaDb,
  },
  SYS_GUID: {
    min: 0, max: 0, type: (_ts, env) => connString(32, env, true),
    eval: () => randomUUID().replace(/-/g, '').toUpperCase(),
    available: isMariaDb,
  },
};

/**
 * MySQL builtins this server does not compute (spatial, XML, GTID, replication
 * waits, statement digests, data-dictionary internals, vectors and ML, and the
 * aggregates and window functions until exec/ wires them): a call is 1235, never
 * a "missing stored function" 1305.
 */
const KNOWN_BUILTINS = (
  'AVG BIT_AND BIT_OR BIT_XOR STD STDDEV STDDEV_POP STDDEV_SAMP VARIANCE VAR_POP VAR_SAMP JSON_ARRAYAGG JSON_OBJECTAGG GROUPING ' +
  'ROW_NUMBER RANK DENSE_RANK CUME_DIST PERCENT_RANK NTILE LEAD LAG FIRST_VALUE LAST_VALUE NTH_VALUE ' +
  'EXTRACTVALUE UPDATEXML GTID_SUBSET GTID_SUBTRACT MASTER_POS_WAIT SOURCE_POS_WAIT WAIT_FOR_EXECUTED_GTID_SET WAIT_UNTIL_SQL_THREAD_AFTER_GTIDS ' +
  'STATEMENT_DIGEST STATEMENT_DIGEST_TEXT JSON_SCHEMA_VALID JSON_SCHEMA_VALIDATION_REPORT JSON_STORAGE_FREE JSON_TABLE LIKE_RANGE_MIN LIKE_RANGE_MAX ' +
  'TO_VECTOR STRING_TO_VECTOR FROM_VECTOR VECTOR_TO_STRING VECTOR_DIM DISTANCE ' +
  'CAN_ACCESS_COLUMN CAN_ACCESS_DATABASE CAN_ACCESS_EVENT CAN_ACCESS_RESOURCE_GROUP CAN_ACCESS_ROUTINE CAN_ACCESS_TABLE CAN_ACCESS_TRIGGER CAN_ACCESS_USER CAN_ACCESS_VIEW ' +
  'GET_DD_COLUMN_PRIVILEGES GET_DD_CREATE_OPTIONS GET_DD_INDEX_PRIVATE_DATA GET_DD_INDEX_SUB_PART_LENGTH GET_DD_PROPERTY_KEY_VALUE GET_DD_SCHEMA_OPTIONS ' +
  'GET_DD_TABLESPACE_PRIVATE_DATA IS_VISIBLE_DD_OBJECT REMOVE_DD_PROPERTY_KEY CONVERT_CPU_ID_MASK CONVERT_INTERVAL_TO_USER_INTERVAL ' +
  'MBRCONTAINS MBRCOVEREDBY MBRCOVERS MBRDISJOINT MBREQUALS MBRINTERSECTS MBROVERLAPS MBRTOUCHES MBRWITHIN ' +
  'POINT LINESTRING POLYGON MULTIPOINT MULTILINESTRING MULTIPOLYGON GEOMETRYCOLLECTION ST_COLLECT'
).split(' ');
const SPATIAL_PREFIX = /^ST_[A-Z0-9_]+$/;
const INTERNAL_PREFIX = /^INTERNAL_[A-Z0-9_]+$/;

function notImplemented(name: string): FunctionDef {
  return {
    min: 0,
    max: Infinity,
    nullSafe: true,
    type: () => {
      throw mysqlError('ER_NOT_SUPPORTED_YET', `${name.toLowerCase()}()`);
    },
    eval: () => {
      throw mysqlError('ER_NOT_SUPPORTED_YET', `${name.toLowerCase()}()`);
    },
    available: (p) => !(INTERNAL_PREFIX.test(name) || name.startsWith('CAN_ACCESS_') || name.startsWith('GET_DD_')) || p.dataDictionary,
  };
}

export const FUNCTIONS: Record<string, FunctionDef> = {
  ...CONTROL_FUNCTIONS,
  ...STRING_FUNCTIONS,
  ...NUMBER_FUNCTIONS,
  ...DATE_FUNCTIONS,
  ...Object.fromEntries(Object.entries(JSON_FUNCTIONS).map(([k, d]) => [k, { ...d, available: (p: Profile) => hasJson(p) && (d.available?.(p) ?? true) }])),
  ...REGEXP_FUNCTIONS,
  ...INFO_FUNCTIONS,
};

const ALIASES: Record<string, string> = {
  OCTET_LENGTH: 'LENGTH',
  CHARACTER_LENGTH: 'CHAR_LENGTH',
  UCASE: 'UPPER',
  LCASE: 'LOWER',
  SHA: 'SHA1',
  CEILING: 'CEIL',
  POWER: 'POW',
  SCHEMA: 'DATABASE',
  CURRENT_TIMESTAMP: 'NOW',
  LOCALTIME: 'NOW',
  LOCALTIMESTAMP: 'NOW',
  CURRENT_DATE: 'CURDATE',
  CURRENT_TIME: 'CURTIME',
  SUBSTR: 'SUBSTRING',
  MID: 'SUBSTRING',
  POSITION: 'LOCATE',
  DAYOFMONTH: 'DAY',
  JSON_MERGE: 'JSON_MERGE_PRESERVE',
};

/** Functions whose deprecation MySQL announces on use (1287). */
const DEPRECATED: Record<string, string> = { JSON_MERGE: 'JSON_MERGE_PRESERVE' };

/** The name a function is registered under (SUBSTR is SUBSTRING, UCASE is UPPER, ...). */
export function canonicalFunctionName(name: string): string {
  return ALIASES[name] ?? name;
}

/** The built-in function `name`, if this server (when given) has it. */
export function lookupFunction(name: string, profile?: Profile): FunctionDef | undefined {
  const canonical = ALIASES[name] ?? name;
  let def = FUNCTIONS[canonical];
  if (profile && isMariaDb(profile) && MARIADB_REGEXP[canonical]) def = MARIADB_REGEXP[canonical];
  if (def && DEPRECATED[name] && profile && mysqlOnly(profile)) def = deprecatedVariant(def, name, DEPRECATED[name]!);
  if (!def && (KNOWN_BUILTINS.includes(name) || SPATIAL_PREFIX.test(name) || INTERNAL_PREFIX.test(name))) def = notImplemented(name);
  return def && profile && def.available && !def.available(profile) ? undefined : def;
}

const deprecatedVariants = new Map<string, FunctionDef>();
function deprecatedVariant(def: FunctionDef, name: string, replacement: string): FunctionDef {
  let d = deprecatedVariants.get(name);
  if (!d) {
    d = {
      ...def,
      eval: (args, env, ts) => {
        env.warn(mysqlError('ER_WARN_DEPRECATED_SYNTAX', name, replacement));
        return def.eval(args, env, ts);
      },
    };
    deprecatedVariants.set(name, d);
  }
  return d;
}

// ---------------------------------------------------------------- date arithmetic (evaluate.ts: DATE_ADD, + INTERVAL)

const DATE_UNITS = new Set(['DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR', 'YEAR_MONTH']);

/** An INTERVAL amount as text for T.intervalOf: integer units take the value rounded, SECOND keeps its fraction. */
function intervalAmount(amount: SqlValue, unit: string): string | number {
  if (typeof amount === 'bigint') return amount.toString();
  if (typeof amount === 'number') {
    if (unit === 'SECOND' || !Number.isFinite(amount)) return amount;
    if (unit.includes('_')) return String(amount);
    return amount < 0 ? -Math.round(-amount) : Math.round(amount);
  }
  return toText(amount);
}

/**
 * DATE_ADD / DATE_SUB / date ± INTERVAL / TIMESTAMPADD: the result as text,
 * shaped by the argument's type (Item_date_add_interval): a DATE stays a DATE
 * for day-or-longer units, a TIME stays a TIME for time units, strings give a
 * date or a datetime as they read. Past 9999-12-31 (or before year 0) it is
 * NULL with 1441.
 */
export function dateAdd(v: SqlValue, t: ValueType, amount: SqlValue, unit: string, sign: 1 | -1, env: FunctionEnv): SqlValue {
  if (v === null || amount === null) return null;
  const iv = T.intervalOf(intervalAmount(amount, unit), unit);
  if (!iv || !Number.isFinite(iv.micros) || !Number.isFinite(iv.months)) return null;
  const dateUnit = DATE_UNITS.has(unit);
  if (t.type === ColumnType.TIME && !dateUnit) {
    const tm = timeArg(v, env, t);
    if (!tm) return null;
    const raw = T.timeFromMicros(T.timeToMicros(tm) + sign * iv.micros);
    const c = T.clampTime(raw);
    if (c.clamped) env.warn(mysqlError('ER_TRUNCATED_WRONG_VALUE', 'time', T.formatTimeParts(raw)));
    return T.formatTimeParts(c.time, Math.max(t.decimals, autoFsp(c.time.micro)));
  }
  const p = dateArg(v, env, 'datetime', t, true);
  if (!p) return null;
  const r = T.addToDateTime(p, sign * iv.months, sign * iv.micros);
  if (!r) {
    env.warn(mysqlError('ER_DATETIME_FUNCTION_OVERFLOW', 'datetime'));
    return null;
  }
  const typedDate = t.type === ColumnType.DATE;
  const dateOnly = dateUnit && (typedDate || (!isTemporalType(t) && !p.hasTime));
  if (dateOnly) return T.formatDate(r);
  const fsp = Math.max(isTemporalType(t) ? t.decimals : 0, autoFsp(r.micro), unit.endsWith('MICROSECOND') ? 6 : 0);
  return T.formatDateTime(r, fsp);
}

/** Result type of date ± INTERVAL: DATE/DATETIME/TIME for temporal input, a CHAR(29) string otherwise (as MySQL). */
export function dateAddType(t: ValueType, unit: string, connectionCollation: number): ValueType {
  return intervalResultType(t, unit, connectionCollation);
}
