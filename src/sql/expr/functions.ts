/**
 * Built-in scalar functions: for each, its argument count, its result type
 * (for column metadata) and its evaluation. NULL in -> NULL out unless the
 * function says otherwise (`nullSafe`).
 */
import { createHash } from 'node:crypto';
import { oldPasswordHash, passwordFunctionHash } from '../../accounts/credentials.js';
import type { Profile } from '../../config/profiles.js';
import { mysqlError, type MySqlError } from '../../errors/mysql-error.js';
import type { SqlServer, SqlSession } from '../context.js';
import { Charset, ColumnType, type SqlValue } from '../../wire/result.js';
import * as T from './temporal.js';
import {
  compareValues,
  decimalType,
  doubleType,
  intType,
  isDecimalType,
  isFloatType,
  isIntegerType,
  isStringType,
  isTemporalType,
  jsonType,
  nullable,
  stringType,
  temporalType,
  toNumber,
  toText,
  truthy,
  withNullability,
  type ValueType,
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

export interface FunctionDef {
  min: number;
  max: number;
  /** Receives NULL arguments instead of short-circuiting to NULL. */
  nullSafe?: boolean;
  type(args: ValueType[], env: { connectionCollation: number }): ValueType;
  eval(args: SqlValue[], env: FunctionEnv, types: ValueType[]): SqlValue;
  /** Servers that have the function (default: all). */
  available?(profile: Profile): boolean;
}

/**
 * PASSWORD() (Item_func_password): '' for '' and NULL, else the hash that
 * old_passwords selects (passwordFunctionHash). 5.7 warns that PASSWORD is
 * deprecated (1681, push_deprecated_warn_no_replacement).
 */
function passwordFunction(arg: SqlValue, env: FunctionEnv): string {
  const { profile } = env.server;
  const text = arg === null ? '' : Buffer.isBuffer(arg) ? arg : toText(arg);
  if (text.length === 0) return '';
  if (profile.passwordFunctionDeprecated) env.warn(mysqlError('ER_WARN_DEPRECATED_SYNTAX_NO_REPLACEMENT', 'PASSWORD'));
  const oldPasswords = env.server.variables.definition('old_passwords') ? Number(env.server.variables.get('old_passwords', 'default', env.session) ?? 0) : 0;
  return passwordFunctionHash(text, oldPasswords, profile);
}

const SYSTEM_COLLATION = Charset.UTF8MB3_GENERAL_CI;
const anyNullable = (ts: ValueType[]): boolean => ts.some(nullable);
const maxLen = (ts: ValueType[]): number => ts.reduce((m, t) => Math.max(m, t.length), 0);

/** The collation a string function's result takes: the first string argument's, else the connection's. */
function resultCollation(ts: ValueType[], fallback: number): number {
  return ts.find((t) => isStringType(t) && t.type !== ColumnType.NULL)?.charset ?? fallback;
}
function strResult(chars: number, ts: ValueType[], env: { connectionCollation: number }, notNull = !anyNullable(ts)): ValueType {
  return stringType(Math.max(chars, 0), resultCollation(ts, env.connectionCollation), notNull);
}
/** A string-typed function whose result is as long as its arguments. */
const sameLengthString = (ts: ValueType[], env: { connectionCollation: number }): ValueType =>
  strResult(Math.ceil(maxLen(ts) / 4), ts, env);

/** The common type of IF/IFNULL/COALESCE/CASE branches. */
export function unionType(ts: ValueType[], notNull: boolean, connectionCollation: number): ValueType {
  const real = ts.filter((t) => t.type !== ColumnType.NULL);
  if (real.length === 0) return { ...ts[0]!, flags: ts[0]!.flags };
  const first = real[0]!;
  if (real.every((t) => t.type === first.type && t.decimals === first.decimals)) {
    return withNullability({ ...first, length: maxLen(real) }, notNull);
  }
  if (real.every((t) => isIntegerType(t))) return intType(maxLen(real), notNull);
  if (real.every((t) => isIntegerType(t) || isDecimalType(t))) {
    const d = Math.max(...real.map((t) => t.decimals));
    return decimalType(maxLen(real), d, notNull);
  }
  if (real.every((t) => !isStringType(t) && !isTemporalType(t))) return doubleType(notNull);
  return stringType(maxLen(real), resultCollation(real, connectionCollation), notNull, 1);
}

function now(env: FunctionEnv): T.DateTimeParts {
  return T.partsFromEpochMs(env.nowMs + env.zoneOffsetMinutes * 60_000);
}
function utcNow(env: FunctionEnv): T.DateTimeParts {
  return T.partsFromEpochMs(env.nowMs);
}
function fspArg(args: SqlValue[]): number {
  return args.length ? Math.min(6, Math.max(0, Math.trunc(toNumber(args[0]!)))) : 0;
}
function fspType(kind: 'DATETIME' | 'TIME'): FunctionDef['type'] {
  return () => temporalType(kind);
}

/** Parses a date argument, warning (1292) and returning null when it is not a date. */
export function dateArg(v: SqlValue, env: FunctionEnv, kind = 'datetime'): T.DateTimeParts | null {
  if (typeof v === 'bigint') v = Number(v);
  const parts = T.parseDateTime(typeof v === 'number' ? String(Math.trunc(v)) : toText(v));
  if (!parts) {
    env.warn(truncatedWarning(kind, toText(v)));
    return null;
  }
  return parts;
}

function truncatedWarning(kind: string, text: string): MySqlError {
  return mysqlError('ER_TRUNCATED_WRONG_VALUE', kind, text);
}

function hash(alg: string, v: SqlValue): string {
  return createHash(alg).update(Buffer.isBuffer(v) ? v : toText(v)).digest('hex');
}

/**
 * The max_allowed_packet rule of the string builders (Item_func_repeat,
 * Item_func_space, Item_func_lpad/rpad, Item_func_concat): a result of more
 * than the session's max_allowed_packet bytes is NULL with warning 1301.
 * Returns true when `bytes` is over the limit (the warning is pushed).
 */
function overPacketLimit(env: FunctionEnv, name: string, bytes: number): boolean {
  const max = Number(env.server.variables.get('max_allowed_packet', 'session', env.session));
  if (!(bytes > max)) return false;
  env.warn(mysqlError('ER_WARN_ALLOWED_PACKET_OVERFLOWED', name, max));
  return true;
}

function repeat([s, n]: SqlValue[], env: FunctionEnv): SqlValue {
  const text = toText(s!);
  const count = Math.trunc(toNumber(n!));
  if (!(count > 0) || text === '') return '';
  if (overPacketLimit(env, 'repeat', Buffer.byteLength(text, 'utf8') * count)) return null;
  return text.repeat(count);
}

function space([n]: SqlValue[], env: FunctionEnv): SqlValue {
  const count = Math.trunc(toNumber(n!));
  if (!(count > 0)) return '';
  if (overPacketLimit(env, 'space', count)) return null;
  return ' '.repeat(count);
}

function pad(args: SqlValue[], left: boolean, env: FunctionEnv): SqlValue {
  const s = toText(args[0]!);
  const len = Math.trunc(toNumber(args[1]!));
  const filler = toText(args[2]!);
  if (!(len >= 0)) return null;
  if (s.length >= len) return s.slice(0, len);
  if (filler === '') return null;
  // Each added character takes at most the filler's widest byte count.
  const fillerBytesPerChar = Math.ceil(Buffer.byteLength(filler, 'utf8') / filler.length);
  if (overPacketLimit(env, left ? 'lpad' : 'rpad', Buffer.byteLength(s, 'utf8') + (len - s.length) * fillerBytesPerChar)) return null;
  const fill = filler.repeat(Math.ceil((len - s.length) / filler.length)).slice(0, len - s.length);
  return left ? fill + s : s + fill;
}

function substring(args: SqlValue[]): SqlValue {
  const chars = Array.from(toText(args[0]!));
  let pos = Math.trunc(toNumber(args[1]!));
  const len = args.length > 2 ? Math.trunc(toNumber(args[2]!)) : chars.length;
  if (pos === 0 || len <= 0) return '';
  if (pos < 0) pos = chars.length + pos + 1;
  if (pos < 1) return '';
  return chars.slice(pos - 1, pos - 1 + len).join('');
}

function trim(args: SqlValue[]): SqlValue {
  let s = toText(args[0]!);
  const mode = toText(args[1]!);
  const remove = args.length > 2 ? toText(args[2]!) : ' ';
  if (remove === '') return s;
  if (mode !== 'TRAILING') while (s.startsWith(remove)) s = s.slice(remove.length);
  if (mode !== 'LEADING') while (s.endsWith(remove)) s = s.slice(0, s.length - remove.length);
  return s;
}

function roundHalfAwayFromZero(x: number, d: number): number {
  const f = 10 ** d;
  const r = Math.round(Math.abs(x) * f) / f;
  return x < 0 ? -r : r;
}

// ---------------------------------------------------------------- JSON

/** JSON text as MySQL prints it: `{"a": 1, "b": [1, 2]}`. */
export function jsonText(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return `[${v.map(jsonText).join(', ')}]`;
  if (typeof v === 'object') {
    return `{${Object.entries(v as Record<string, unknown>).map(([k, x]) => `${JSON.stringify(k)}: ${jsonText(x)}`).join(', ')}}`;
  }
  return JSON.stringify(v);
}

function parseJsonArg(v: SqlValue): unknown {
  try {
    return JSON.parse(toText(v));
  } catch {
    return undefined;
  }
}

/** `$`, `$.a.b`, `$."key"`, `$[0]`, `$.a[1].b`. Returns undefined for a path that is not found or malformed. */
function jsonPathGet(doc: unknown, path: string): unknown {
  if (!path.startsWith('$')) return undefined;
  let cur: unknown = doc;
  const re = /\.(?:"((?:[^"\\]|\\.)*)"|([A-Za-z_$][\w$]*))|\[(\d+)\]/y;
  let i = 1;
  while (i < path.length) {
    re.lastIndex = i;
    const m = re.exec(path);
    if (!m) return undefined;
    i = re.lastIndex;
    if (m[3] !== undefined) {
      if (!Array.isArray(cur)) return Number(m[3]) === 0 && cur !== undefined ? cur : undefined;
      cur = cur[Number(m[3])];
    } else {
      if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
      const key = m[1] !== undefined ? JSON.parse(`"${m[1]}"`) as string : m[2]!;
      cur = (cur as Record<string, unknown>)[key];
    }
    if (cur === undefined) return undefined;
  }
  return cur;
}

function jsonUnquote(v: SqlValue): SqlValue {
  const s = toText(v);
  if (s.length >= 2 && s.startsWith('"') && s.endsWith('"')) {
    try {
      return JSON.parse(s) as string;
    } catch {
      return s;
    }
  }
  return s;
}

/** A SQL value as a JSON value (strings stay strings unless typed JSON). */
function toJsonValue(v: SqlValue, t: ValueType): unknown {
  if (v === null) return null;
  if (t.type === ColumnType.JSON) return parseJsonArg(v);
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (isDecimalType(t) || isFloatType(t)) return toNumber(v);
  return toText(v);
}

// ---------------------------------------------------------------- registry

const dateParts = (pick: (p: T.DateTimeParts) => SqlValue, length = 2): FunctionDef => ({
  min: 1,
  max: 1,
  type: () => intType(length, false),
  eval: ([d], env) => {
    const p = dateArg(d!, env);
    return p ? pick(p) : null;
  },
});

const userType = (): ValueType => stringType(288, SYSTEM_COLLATION, true, 3);

export const FUNCTIONS: Record<string, FunctionDef> = {
  // control flow
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
    eval: ([a, b], _env, ts) => (a !== null && compareValues(a!, b!, ts[0]!, ts[1]!) === 0 ? null : a!),
  },
  COALESCE: {
    min: 1, max: Infinity, nullSafe: true,
    type: (ts, env) => unionType(ts, ts.some((t) => !nullable(t)), env.connectionCollation),
    eval: (args) => args.find((a) => a !== null) ?? null,
  },
  ISNULL: { min: 1, max: 1, nullSafe: true, type: () => intType(1), eval: ([a]) => (a === null ? 1 : 0) },
  GREATEST: {
    min: 2, max: Infinity,
    type: (ts, env) => unionType(ts, !anyNullable(ts), env.connectionCollation),
    eval: (args, _env, ts) => args.reduce((m, a, i) => ((compareValues(a, m, ts[i]!, ts[0]!) ?? 0) > 0 ? a : m)),
  },
  LEAST: {
    min: 2, max: Infinity,
    type: (ts, env) => unionType(ts, !anyNullable(ts), env.connectionCollation),
    eval: (args, _env, ts) => args.reduce((m, a, i) => ((compareValues(a, m, ts[i]!, ts[0]!) ?? 0) < 0 ? a : m)),
  },

  // strings
  CONCAT: {
    min: 1, max: Infinity,
    type: (ts, env) => strResult(ts.reduce((s, t) => s + charsOf(t), 0), ts, env),
    eval: (args, env) => {
      const parts = args.map(toText);
      if (overPacketLimit(env, 'concat', parts.reduce((n, p) => n + Buffer.byteLength(p, 'utf8'), 0))) return null;
      return parts.join('');
    },
  },
  CONCAT_WS: {
    min: 2, max: Infinity, nullSafe: true,
    type: (ts, env) => strResult(ts.reduce((s, t) => s + charsOf(t), 0) + charsOf(ts[0]!) * (ts.length - 2), ts, env, !nullable(ts[0]!)),
    eval: ([sep, ...rest]) => (sep === null ? null : rest.filter((a) => a !== null).map(toText).join(toText(sep!))),
  },
  LENGTH: { min: 1, max: 1, type: (ts) => intType(10, !anyNullable(ts)), eval: ([a]) => (Buffer.isBuffer(a) ? a.length : Buffer.byteLength(toText(a!))) },
  CHAR_LENGTH: { min: 1, max: 1, type: (ts) => intType(10, !anyNullable(ts)), eval: ([a]) => Array.from(toText(a!)).length },
  UPPER: { min: 1, max: 1, type: sameLengthString, eval: ([a]) => toText(a!).toUpperCase() },
  LOWER: { min: 1, max: 1, type: sameLengthString, eval: ([a]) => toText(a!).toLowerCase() },
  SUBSTRING: { min: 2, max: 3, type: (ts, env) => strResult(charsOf(ts[0]!), [ts[0]!], env, !anyNullable(ts)), eval: substring },
  LEFT: { min: 2, max: 2, type: (ts, env) => strResult(charsOf(ts[0]!), [ts[0]!], env, !anyNullable(ts)), eval: ([s, n]) => Array.from(toText(s!)).slice(0, Math.max(0, toNumber(n!))).join('') },
  RIGHT: {
    min: 2, max: 2, type: (ts, env) => strResult(charsOf(ts[0]!), [ts[0]!], env, !anyNullable(ts)),
    eval: ([s, n]) => {
      const k = Math.trunc(toNumber(n!));
      return k <= 0 ? '' : Array.from(toText(s!)).slice(-k).join('');
    },
  },
  REPLACE: { min: 3, max: 3, type: sameLengthString, eval: ([s, from, to]) => (toText(from!) === '' ? toText(s!) : toText(s!).split(toText(from!)).join(toText(to!))) },
  TRIM: { min: 2, max: 3, type: (ts, env) => strResult(charsOf(ts[0]!), [ts[0]!], env, !anyNullable(ts)), eval: trim },
  LTRIM: { min: 1, max: 1, type: sameLengthString, eval: ([s]) => toText(s!).replace(/^ +/, '') },
  RTRIM: { min: 1, max: 1, type: sameLengthString, eval: ([s]) => toText(s!).replace(/ +$/, '') },
  LOCATE: {
    min: 2, max: 3, type: (ts) => intType(11, !anyNullable(ts)),
    eval: ([needle, hay, from]) => {
      const start = from === undefined ? 0 : Math.trunc(toNumber(from)) - 1;
      if (start < 0) return 0;
      return toText(hay!).toLowerCase().indexOf(toText(needle!).toLowerCase(), start) + 1;
    },
  },
  INSTR: { min: 2, max: 2, type: (ts) => intType(11, !anyNullable(ts)), eval: ([hay, needle]) => toText(hay!).toLowerCase().indexOf(toText(needle!).toLowerCase()) + 1 },
  REPEAT: { min: 2, max: 2, type: (ts, env) => strResult(charsOf(ts[0]!) * 4, ts, env), eval: repeat },
  REVERSE: { min: 1, max: 1, type: sameLengthString, eval: ([s]) => Array.from(toText(s!)).reverse().join('') },
  LPAD: { min: 3, max: 3, type: (ts, env) => strResult(255, ts, env, false), eval: (a, env) => pad(a, true, env) },
  RPAD: { min: 3, max: 3, type: (ts, env) => strResult(255, ts, env, false), eval: (a, env) => pad(a, false, env) },
  SPACE: { min: 1, max: 1, type: (ts, env) => strResult(255, [], env, !anyNullable(ts)), eval: space },
  ASCII: { min: 1, max: 1, type: (ts) => intType(3, !anyNullable(ts)), eval: ([s]) => Buffer.from(toText(s!))[0] ?? 0 },
  HEX: {
    min: 1, max: 1, type: (ts, env) => strResult(charsOf(ts[0]!) * 2, [], env, !anyNullable(ts)),
    eval: ([v]) => (typeof v === 'number' || typeof v === 'bigint' ? BigInt(Math.trunc(Number(v))).toString(16) : Buffer.from(Buffer.isBuffer(v) ? v : toText(v!)).toString('hex')).toUpperCase(),
  },
  MD5: { min: 1, max: 1, type: (ts, env) => strResult(32, [], env, !anyNullable(ts)), eval: ([v]) => hash('md5', v!) },
  SHA1: { min: 1, max: 1, type: (ts, env) => strResult(40, [], env, !anyNullable(ts)), eval: ([v]) => hash('sha1', v!) },
  SHA2: {
    min: 2, max: 2, type: (_ts, env) => strResult(128, [], env, false),
    eval: ([v, bits]) => {
      const b = Math.trunc(toNumber(bits!));
      const alg = { 0: 'sha256', 224: 'sha224', 256: 'sha256', 384: 'sha384', 512: 'sha512' }[b];
      return alg ? hash(alg, v!) : null;
    },
  },
  FIND_IN_SET: {
    min: 2, max: 2, type: (ts) => intType(3, !anyNullable(ts)),
    eval: ([needle, list]) => toText(list!).split(',').findIndex((x) => x.toLowerCase() === toText(needle!).toLowerCase()) + 1,
  },
  STRCMP: {
    min: 2, max: 2, type: (ts) => intType(2, !anyNullable(ts)),
    eval: ([a, b], _env, ts) => compareValues(toText(a!), toText(b!), ts[0]!, ts[1]!),
  },
  QUOTE: {
    min: 1, max: 1, nullSafe: true, type: (ts, env) => strResult(charsOf(ts[0]!) * 2 + 2, ts, env, true),
    eval: ([v]) => (v === null ? 'NULL' : `'${toText(v!).replace(/[\\']/g, (c) => '\\' + c).replace(/\0/g, '\\0').replace(/\x1a/g, '\\Z')}'`),
  },

  // numbers
  ABS: { min: 1, max: 1, type: (ts) => numericLike(ts[0]!), eval: ([x]) => Math.abs(toNumber(x!)) },
  SIGN: { min: 1, max: 1, type: (ts) => intType(2, !anyNullable(ts)), eval: ([x]) => Math.sign(toNumber(x!)) },
  CEIL: { min: 1, max: 1, type: (ts) => intType(21, !anyNullable(ts)), eval: ([x]) => Math.ceil(toNumber(x!)) },
  FLOOR: { min: 1, max: 1, type: (ts) => intType(21, !anyNullable(ts)), eval: ([x]) => Math.floor(toNumber(x!)) },
  ROUND: {
    min: 1, max: 2,
    type: (ts) => (isIntegerType(ts[0]!) || ts.length === 1 ? (isFloatType(ts[0]!) ? doubleType(!anyNullable(ts)) : intType(ts[0]!.length, !anyNullable(ts))) : numericLike(ts[0]!)),
    eval: ([x, d]) => roundHalfAwayFromZero(toNumber(x!), d === undefined ? 0 : Math.trunc(toNumber(d))),
  },
  TRUNCATE: {
    min: 2, max: 2, type: (ts) => numericLike(ts[0]!),
    eval: ([x, d]) => {
      const f = 10 ** Math.trunc(toNumber(d!));
      return Math.trunc(toNumber(x!) * f) / f;
    },
  },
  MOD: { min: 2, max: 2, type: (ts) => numericLike(ts[0]!), eval: ([a, b]) => (toNumber(b!) === 0 ? null : toNumber(a!) % toNumber(b!)) },
  POW: { min: 2, max: 2, type: (ts) => doubleType(!anyNullable(ts)), eval: ([a, b]) => toNumber(a!) ** toNumber(b!) },
  SQRT: { min: 1, max: 1, type: () => doubleType(false), eval: ([a]) => (toNumber(a!) < 0 ? null : Math.sqrt(toNumber(a!))) },
  RAND: { min: 0, max: 1, type: () => doubleType(), eval: () => Math.random() },

  // date and time
  NOW: { min: 0, max: 1, type: fspType('DATETIME'), eval: (args, env) => T.formatDateTime(now(env), fspArg(args)) },
  SYSDATE: { min: 0, max: 1, type: fspType('DATETIME'), eval: (args, env) => T.formatDateTime(now(env), fspArg(args)) },
  UTC_TIMESTAMP: { min: 0, max: 1, type: fspType('DATETIME'), eval: (args, env) => T.formatDateTime(utcNow(env), fspArg(args)) },
  CURDATE: { min: 0, max: 0, type: () => temporalType('DATE'), eval: (_a, env) => T.formatDate(now(env)) },
  UTC_DATE: { min: 0, max: 0, type: () => temporalType('DATE'), eval: (_a, env) => T.formatDate(utcNow(env)) },
  CURTIME: { min: 0, max: 1, type: fspType('TIME'), eval: (args, env) => T.formatTime(now(env), fspArg(args)) },
  UTC_TIME: { min: 0, max: 1, type: fspType('TIME'), eval: (args, env) => T.formatTime(utcNow(env), fspArg(args)) },
  UNIX_TIMESTAMP: {
    min: 0, max: 1,
    type: (ts) => intType(11, ts.length === 0),
    eval: (args, env) => {
      if (args.length === 0) return Math.floor(env.nowMs / 1000);
      const p = dateArg(args[0]!, env);
      return p ? Math.max(0, Math.floor((T.epochMsOf(p) - env.zoneOffsetMinutes * 60_000) / 1000)) : null;
    },
  },
  FROM_UNIXTIME: {
    min: 1, max: 2, type: (ts, env) => (ts.length === 2 ? strResult(64, [], env, false) : temporalType('DATETIME', 0, false)),
    eval: ([secs, fmt], env) => {
      const p = T.partsFromEpochMs(toNumber(secs!) * 1000 + env.zoneOffsetMinutes * 60_000);
      return fmt === undefined ? T.formatDateTime(p) : T.dateFormat(p, toText(fmt));
    },
  },
  DATEDIFF: {
    min: 2, max: 2, type: () => intType(7, false),
    eval: ([a, b], env) => {
      const pa = dateArg(a!, env);
      const pb = dateArg(b!, env);
      return pa && pb ? T.toDays(pa) - T.toDays(pb) : null;
    },
  },
  TIMESTAMPDIFF: {
    min: 3, max: 3, type: () => intType(21, false),
    eval: ([unit, a, b], env) => {
      const pa = dateArg(a!, env);
      const pb = dateArg(b!, env);
      return pa && pb ? T.timestampDiff(toText(unit!), pa, pb) : null;
    },
  },
  TIMESTAMPADD: {
    min: 3, max: 3, type: () => temporalType('DATETIME', 0, false),
    eval: ([unit, n, d], env) => {
      const p = dateArg(d!, env);
      const iv = T.intervalOf(toNumber(n!), toText(unit!));
      const r = p && iv ? T.addInterval(p, iv, 1) : null;
      return r ? T.formatDateTime(r) : null;
    },
  },
  DATE_FORMAT: {
    min: 2, max: 2, type: (_ts, env) => strResult(64, [], env, false),
    eval: ([d, fmt], env) => {
      const p = dateArg(d!, env);
      return p ? T.dateFormat(p, toText(fmt!)) : null;
    },
  },
  DATE: { min: 1, max: 1, type: () => temporalType('DATE', 0, false), eval: ([d], env) => mapDate(d!, env, T.formatDate) },
  TIME: { min: 1, max: 1, type: () => temporalType('TIME', 0, false), eval: ([d], env) => mapDate(d!, env, (p) => T.formatTime(p)) },
  YEAR: dateParts((p) => p.year, 4),
  MONTH: dateParts((p) => p.month),
  DAY: dateParts((p) => p.day),
  DAYOFMONTH: dateParts((p) => p.day),
  HOUR: dateParts((p) => p.hour),
  MINUTE: dateParts((p) => p.minute),
  SECOND: dateParts((p) => p.second),
  DAYOFWEEK: dateParts((p) => T.dayOfWeek(p) + 1, 1),
  TO_DAYS: dateParts((p) => T.toDays(p), 7),
  DAYNAME: { min: 1, max: 1, type: (_ts, env) => strResult(9, [], env, false), eval: ([d], env) => mapDate(d!, env, T.dayName) },
  MONTHNAME: { min: 1, max: 1, type: (_ts, env) => strResult(9, [], env, false), eval: ([d], env) => mapDate(d!, env, T.monthName) },
  LAST_DAY: {
    min: 1, max: 1, type: () => temporalType('DATE', 0, false),
    eval: ([d], env) => mapDate(d!, env, (p) => T.formatDate({ ...p, day: T.daysInMonth(p.year, p.month) })),
  },
  EXTRACT: {
    min: 2, max: 2, type: () => intType(21, false),
    eval: ([unit, d], env) => {
      const p = dateArg(d!, env);
      if (!p) return null;
      const u = toText(unit!);
      const fields: Record<string, number> = {
        YEAR: p.year, MONTH: p.month, DAY: p.day, HOUR: p.hour, MINUTE: p.minute, SECOND: p.second,
        MICROSECOND: p.micro, QUARTER: Math.ceil(p.month / 3), YEAR_MONTH: p.year * 100 + p.month,
        DAY_HOUR: p.day * 100 + p.hour, HOUR_MINUTE: p.hour * 100 + p.minute, MINUTE_SECOND: p.minute * 100 + p.second,
      };
      return fields[u] ?? null;
    },
  },

  // JSON
  JSON_EXTRACT: {
    min: 2, max: Infinity, type: () => jsonType(),
    eval: ([doc, ...paths]) => {
      const parsed = parseJsonArg(doc!);
      if (parsed === undefined) return null;
      const found = paths.map((p) => jsonPathGet(parsed, toText(p!))).filter((v) => v !== undefined);
      if (found.length === 0) return null;
      return jsonText(paths.length === 1 ? found[0] : found);
    },
  },
  JSON_UNQUOTE: { min: 1, max: 1, type: (ts, env) => stringType(Math.min(ts[0]!.length, 4294967295), env.connectionCollation, false, 1), eval: ([v]) => jsonUnquote(v!) },
  JSON_VALID: { min: 1, max: 1, type: () => intType(1, false), eval: ([v]) => (parseJsonArg(v!) === undefined ? 0 : 1) },
  JSON_OBJECT: {
    min: 0, max: Infinity, nullSafe: true, type: () => jsonType(true),
    eval: (args, _env, ts) => {
      const o: Record<string, unknown> = {};
      for (let i = 0; i + 1 < args.length; i += 2) o[toText(args[i]!)] = toJsonValue(args[i + 1]!, ts[i + 1]!);
      return jsonText(o);
    },
  },
  JSON_ARRAY: { min: 0, max: Infinity, nullSafe: true, type: () => jsonType(true), eval: (args, _env, ts) => jsonText(args.map((a, i) => toJsonValue(a, ts[i]!))) },

  // session information
  USER: { min: 0, max: 0, type: userType, eval: (_a, env) => `${env.session.user}@${env.session.clientHost}` },
  SESSION_USER: { min: 0, max: 0, type: userType, eval: (_a, env) => `${env.session.user}@${env.session.clientHost}` },
  SYSTEM_USER: { min: 0, max: 0, type: userType, eval: (_a, env) => `${env.session.user}@${env.session.clientHost}` },
  CURRENT_USER: { min: 0, max: 0, type: userType, eval: (_a, env) => `${env.session.accountUser}@${env.session.accountHost}` },
  DATABASE: { min: 0, max: 0, type: () => stringType(64, SYSTEM_COLLATION, false, 3), eval: (_a, env) => env.session.database },
  VERSION: {
    min: 0, max: 0,
    type: () => stringType(60, SYSTEM_COLLATION, true, 3),
    eval: (_a, env) => env.server.profile.version,
  },
  CONNECTION_ID: { min: 0, max: 0, type: () => intType(10, true, true), eval: (_a, env) => env.session.id },
  LAST_INSERT_ID: {
    min: 0, max: 1, type: () => intType(21, true, true),
    eval: (args, env) => {
      if (args.length === 1) env.session.lastInsertId = Math.trunc(toNumber(args[0]!));
      return env.session.lastInsertId;
    },
  },
  ROW_COUNT: { min: 0, max: 0, type: () => intType(21), eval: () => -1 },
  FOUND_ROWS: { min: 0, max: 0, type: () => intType(21, true, true), eval: () => 0 },

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
};

/** The built-in function `name`, if this server (when given) has it. */
export function lookupFunction(name: string, profile?: Profile): FunctionDef | undefined {
  const def = FUNCTIONS[ALIASES[name] ?? name];
  return def && profile && def.available && !def.available(profile) ? undefined : def;
}

function charsOf(t: ValueType): number {
  if (t.type === ColumnType.NULL) return 0;
  if (isStringType(t) && t.charset !== Charset.BINARY) return Math.ceil(t.length / (t.charset === SYSTEM_COLLATION ? 3 : 4));
  return t.length;
}

function numericLike(t: ValueType): ValueType {
  if (isIntegerType(t)) return intType(t.length, !nullable(t));
  if (isDecimalType(t)) return decimalType(t.length, t.decimals, !nullable(t));
  return doubleType(!nullable(t));
}

function mapDate(v: SqlValue, env: FunctionEnv, f: (p: T.DateTimeParts) => string): SqlValue {
  const p = dateArg(v, env);
  return p ? f(p) : null;
}

/** DATE_ADD / DATE_SUB / date ± INTERVAL: the result as text, typed by the argument's type. */
export function dateAdd(v: SqlValue, t: ValueType, amount: SqlValue, unit: string, sign: 1 | -1, env: FunctionEnv): SqlValue {
  if (v === null || amount === null) return null;
  const p = dateArg(v, env);
  const iv = T.intervalOf(typeof amount === 'bigint' ? Number(amount) : toText(amount), unit);
  if (!p || !iv) return null;
  const r = T.addInterval(p, iv, sign);
  if (!r) return null;
  const dateOnly = (t.type === ColumnType.DATE || (!p.hasTime && !isTemporalType(t))) && DATE_UNITS.has(unit);
  return dateOnly ? T.formatDate(r) : T.formatDateTime(r, r.micro ? 6 : 0);
}

const DATE_UNITS = new Set(['DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR', 'YEAR_MONTH']);

/** Result type of date ± INTERVAL: DATE/DATETIME for temporal input, a string otherwise (as MySQL). */
export function dateAddType(t: ValueType, unit: string, connectionCollation: number): ValueType {
  if (t.type === ColumnType.DATE && DATE_UNITS.has(unit)) return temporalType('DATE', 0, false);
  if (isTemporalType(t)) return temporalType('DATETIME', 0, false);
  return stringType(29, connectionCollation, false);
}
