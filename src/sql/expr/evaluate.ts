/**
 * Expression evaluation and static result typing. Values are SqlValues
 * (numbers for integers and decimals while computing, text for temporals);
 * `typeOf` gives the MySQL type a result column reports, and drives the
 * comparison and output rules.
 */
import { collationId, COLLATIONS, resolveCollation } from '../../config/charsets.js';
import { timeZoneOffsetMinutes, type VariableDef } from '../../config/variables.js';
import { mysqlError, type MySqlError } from '../../errors/mysql-error.js';
import type { SqlServer, SqlSession } from '../context.js';
import type * as A from '../parse/ast.js';
import { canonicalFunctionName, cpLength, dateAdd, dateAddType, jsonText, lookupFunction, regexpSearch, unionType, varStringType, type ConstArg, type FunctionEnv } from './functions.js';
import { mariadbAggregateType, mariadbCallType, mariadbCastType, mariadbDateAddType, mariadbHybridIntType, mariadbLiteralType } from './mariadb-types.js';
import { Charset, ColumnFlag, ColumnType, type SqlValue } from '../../wire/result.js';
import * as T from './temporal.js';
import { likeMatch } from './like.js';
import {
  boolValue,
  compareValues,
  decimalPrecision,
  decimalType,
  doubleType,
  intType,
  isCaseSensitive,
  isCleanNumber,
  isDecimalType,
  isFloatType,
  isIntegerType,
  isStringType,
  isTemporalType,
  itemPrecision,
  jsonType,
  NOT_FIXED_DEC,
  nullable,
  NULL_TYPE,
  serverItemType,
  stringType,
  temporalType,
  toNumber,
  toText,
  truthy,
  withNullability,
  type ValueType,
} from './types.js';

/**
 * Runs subqueries for the evaluator (the relational executor, sql/exec/,
 * provides it): the result of `query` in the current row's context, and the
 * types of its columns without running it.
 */
export interface SubqueryRunner {
  /** Rows of the subquery for the current outer row (env.row under env.binding). */
  rows(query: A.QueryExpr, env: EvalEnv): SqlValue[][];
  /** The types of the subquery's result columns. */
  columnTypes(query: A.QueryExpr, env: EvalEnv): ValueType[];
}

/** Resolves column references of the FROM tables (and, for a correlated subquery, of the outer query). */
export interface ColumnBinding {
  /** Row index of the column, or throws 1054 naming `clause`. */
  resolve(ref: A.ColumnExpr, clause: string): number;
  types: readonly ValueType[];
}

/** One statement's evaluation state. */
export class EvalEnv implements FunctionEnv {
  readonly nowMs: number;
  /** Current row of the FROM table. */
  row: SqlValue[] | null = null;
  binding: ColumnBinding | null = null;
  /** Which clause is being evaluated, for 1054 texts. */
  clause = 'field list';
  /** Aggregate results of the current group. */
  aggregates: Map<A.CallExpr, SqlValue> | null = null;
  /** Runs subqueries (absent: a subquery is 1235). */
  subqueries: SubqueryRunner | null = null;
  private readonly types = new Map<A.Expr, ValueType>();
  /** The types of a call's arguments (argTypes()), made once per call node. */
  private callArgTypes: Map<A.CallExpr, ValueType[]> | undefined;
  /** Literal types by literalTypeKey() (made on first use). */
  private literalTypes: Map<number, ValueType> | undefined;
  private zoneOffset: number | undefined;
  private collation: number | undefined;

  constructor(
    readonly session: SqlSession,
    readonly server: SqlServer,
    readonly params: readonly SqlValue[] = [],
  ) {
    this.nowMs = server.clock.now();
  }

  get zoneOffsetMinutes(): number {
    this.zoneOffset ??= timeZoneOffsetMinutes(String(this.server.variables.get('time_zone', 'default', this.session)));
    return this.zoneOffset;
  }

  get connectionCollation(): number {
    this.collation ??= collationId(String(this.server.variables.get('collation_connection', 'default', this.session)), this.server.profile);
    return this.collation;
  }

  warn(error: MySqlError): void {
    this.session.addNote(error, 'Warning');
  }

  typeOf(e: A.Expr): ValueType {
    if (e.kind === 'literal') {
      const key = literalTypeKey(e);
      if (key !== null) return this.sharedLiteralType(e, key);
    }
    let t = this.types.get(e);
    if (!t) {
      t = inferType(e, this);
      if (e.kind !== 'column') t = serverItemType(t, this.server.profile, !keepsBigint(e));
      this.types.set(e, t);
    }
    return t;
  }

  /** The types of `e`'s arguments in order, made once per call node (its type and each evaluation read them). */
  argTypes(e: A.CallExpr): ValueType[] {
    const cache = (this.callArgTypes ??= new Map());
    let ts = cache.get(e);
    if (!ts) {
      ts = [];
      for (const a of e.args) ts.push(this.typeOf(a));
      cache.set(e, ts);
    }
    return ts;
  }

  /**
   * The type of a literal of one shape (literalTypeKey()), made once per
   * statement and shared, frozen, by every literal of that shape: a list of
   * 200,000 literals types in a few objects, not 200,000 of them.
   */
  private sharedLiteralType(e: A.LiteralExpr, key: number): ValueType {
    if (key < SHARED_LITERAL_KEYS) return this.profileLiteralType(e, key);
    const cache = (this.literalTypes ??= new Map());
    let t = cache.get(key);
    if (!t) {
      t = Object.freeze(serverItemType(literalType(e, this), this.server.profile, true));
      cache.set(key, t);
    }
    return t;
  }

  /**
   * A literal type of a small key (an integer, NULL, a boolean, a string of
   * fewer than 512 characters), made once per profile (and a string's
   * collation) for the life of the process: a statement such as SELECT 1
   * makes none, where a cache of its own made and froze one each time.
   */
  private profileLiteralType(e: A.LiteralExpr, key: number): ValueType {
    const profile = this.server.profile;
    let cache = PROFILE_LITERAL_TYPES.get(profile);
    if (!cache) PROFILE_LITERAL_TYPES.set(profile, (cache = new Map()));
    const k = (key & 7) === 3 ? this.connectionCollation * SHARED_LITERAL_KEYS + key : key;
    let t = cache.get(k);
    if (!t) {
      t = Object.freeze(serverItemType(literalType(e, this), profile, true));
      cache.set(k, t);
    }
    return t;
  }
}

/** Literal types of keys below SHARED_LITERAL_KEYS, by profile (EvalEnv.profileLiteralType()); a string's key has its collation. */
const PROFILE_LITERAL_TYPES = new WeakMap<SqlServer['profile'], Map<number, ValueType>>();
/** literalTypeKey() values shared across statements: integers, NULL, booleans, strings and hex literals of fewer than 512 characters or bytes. */
const SHARED_LITERAL_KEYS = 4096;

/** String(v).length, without making the string for a safe integer. */
function writtenLength(v: number | bigint): number {
  if (typeof v === 'bigint' || !Number.isSafeInteger(v)) return String(v).length;
  let n = v < 0 ? 2 : 1;
  for (let x = Math.abs(v); x >= 10; x = Math.floor(x / 10)) n++;
  return n;
}

/**
 * What a literal's type depends on besides the profile and the connection's
 * collation (mysqlLiteralType(), mariadbLiteralType()), as a number: its
 * kind, its width as written, its sign; null for the literals typed one by
 * one (DECIMAL and DOUBLE, typed from their whole text, and literals with a
 * character set introducer).
 */
function literalTypeKey(e: A.LiteralExpr): number | null {
  switch (e.literal) {
    case 'null':
      return 0;
    case 'bool':
      return 1;
    case 'int': {
      const v = e.value as number | bigint;
      const big = typeof v === 'bigint' && v > 9223372036854775807n ? 1 : 0;
      return ((writtenLength(v) * 2 + (v < 0 ? 1 : 0)) * 2 + big) * 8 + 2;
    }
    case 'string':
      return e.charset === undefined ? cpLength(e.value as string) * 8 + 3 : null;
    case 'hex':
    case 'bits':
      return e.charset === undefined ? (e.value as Buffer).length * 8 + (e.literal === 'hex' ? 4 : 5) : null;
    default:
      return null;
  }
}

/** System variables and MIN / MAX keep a BIGINT whatever its width (MariaDB: @@autocommit, MIN(1) are BIGINTs). */
function keepsBigint(e: A.Expr): boolean {
  return e.kind === 'sysVar' || (e.kind === 'call' && (e.name === 'MIN' || e.name === 'MAX'));
}

export const AGGREGATES = new Set(['COUNT', 'SUM', 'MIN', 'MAX', 'AVG', 'GROUP_CONCAT']);

export function isAggregateCall(e: A.Expr): e is A.CallExpr {
  return e.kind === 'call' && AGGREGATES.has(e.name);
}

/** Calls `visit` on every aggregate call inside `e` (not inside other aggregates). */
export function forEachAggregate(e: A.Expr, visit: (call: A.CallExpr) => void): void {
  switch (e.kind) {
    case 'call':
      if (AGGREGATES.has(e.name)) visit(e);
      // A call's arguments and an IN list, the long lists, are walked without copying them.
      else for (const arg of e.args) forEachAggregate(arg, visit);
      return;
    case 'in':
      forEachAggregate(e.arg, visit);
      for (const item of e.list) forEachAggregate(item, visit);
      return;
    case 'literal':
      return;
  }
  for (const child of children(e)) forEachAggregate(child, visit);
}

function children(e: A.Expr): A.Expr[] {
  switch (e.kind) {
    case 'unary':
      return [e.arg];
    case 'binary':
      return [e.left, e.right];
    case 'is':
      return [e.arg];
    case 'in':
      return [e.arg, ...e.list];
    case 'between':
      return [e.arg, e.low, e.high];
    case 'like':
      return e.escape ? [e.arg, e.pattern, e.escape] : [e.arg, e.pattern];
    case 'regexp':
      return [e.arg, e.pattern];
    case 'case':
      return [...(e.operand ? [e.operand] : []), ...e.whens.flatMap((w) => [w.when, w.then]), ...(e.else ? [e.else] : [])];
    case 'call':
      return e.args;
    case 'interval':
      return [e.value];
    case 'cast':
    case 'collate':
      return [e.arg];
    case 'row':
      return e.items;
    case 'inSubquery':
    case 'quantified':
      return [e.arg];
    default:
      return [];
  }
}

/**
 * db.name(): a stored function. The server's own (the sys schema's) exist but
 * are not run here (1235); any other is 1305, whatever the schema.
 */
function storedFunction(e: A.CallExpr & { schema: string }, env: EvalEnv): MySqlError {
  const name = `${e.schema}.${e.written ?? e.name.toLowerCase()}`;
  if (env.server.catalog.hasFunction?.(e.schema, e.name)) return mysqlError('ER_NOT_SUPPORTED_YET', name);
  return mysqlError('ER_SP_DOES_NOT_EXIST', 'FUNCTION', name);
}

function unknownFunction(e: A.CallExpr, env: EvalEnv): MySqlError {
  const db = env.session.database;
  if (db === null) return mysqlError('ER_NO_DB_ERROR');
  return mysqlError('ER_SP_DOES_NOT_EXIST', 'FUNCTION', `${db}.${e.written ?? e.name.toLowerCase()}`);
}

function sysVarDef(e: A.SysVarExpr, env: EvalEnv): VariableDef {
  const def = env.server.variables.definition(e.name);
  if (!def) throw mysqlError('ER_UNKNOWN_SYSTEM_VARIABLE', e.name);
  return def;
}

/** Type of a runtime value (user variables, parameters). */
function typeOfValue(v: SqlValue, env: EvalEnv): ValueType {
  if (v === null) return { ...NULL_TYPE };
  if (typeof v === 'bigint') return intType(21);
  if (typeof v === 'number') return Number.isInteger(v) ? intType(21) : doubleType();
  if (Buffer.isBuffer(v)) return stringType(v.length, Charset.BINARY);
  return stringType(cpLength(v), env.connectionCollation);
}

/**
 * A user variable's type (Item_func_get_user_var): always nullable, by the
 * result type it was last assigned. An integer is a BIGINT of 21 (MariaDB
 * 20) characters, a decimal DECIMAL(65,30) (MariaDB's widest, 81 digits
 * and 38 decimals), a real a DOUBLE of 23; a string takes 16M characters
 * of its collation (a MEDIUMBLOB when binary, a LONGTEXT otherwise;
 * MariaDB's is a LONGBLOB of 16M bytes), binary when NULL; a variable
 * never set is a binary string of MAX_BLOB_WIDTH (16M + 1) bytes.
 */
function userVariableType(name: string, env: EvalEnv): ValueType {
  const mariadb = env.server.profile.itemTypeRules === 'mariadb';
  const vars = env.session.userVariables;
  if (!vars.has(name)) return withNullability(varStringType(MAX_BLOB_WIDTH, Charset.BINARY, false), false);
  const v = vars.get(name) ?? null;
  const kind = env.session.userVariableKinds?.get(name) ?? (typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v)) ? 'int' : typeof v === 'number' ? 'real' : 'string');
  switch (kind) {
    case 'int':
      return intType(mariadb ? 20 : 21, false);
    case 'decimal':
      return mariadb ? { ...decimalType(81, 38, false), length: 83 } : decimalType(65, 30, false);
    case 'real':
      return doubleType(false, 23);
    case 'string': {
      const collation = v === null || Buffer.isBuffer(v) ? Charset.BINARY : env.connectionCollation;
      if (!mariadb) return varStringType(MAX_BLOB_WIDTH - 1, collation, false);
      return { ...stringType(0, collation, false), type: ColumnType.LONG_BLOB, length: MAX_BLOB_WIDTH - 1 };
    }
  }
}

/** MAX_BLOB_WIDTH of item_func.h (MySQL and MariaDB): 16M. */
const MAX_BLOB_WIDTH = 16777216;

// ---------------------------------------------------------------- typing

function inferType(e: A.Expr, env: EvalEnv): ValueType {
  switch (e.kind) {
    case 'literal':
      return literalType(e, env);
    case 'param':
      return typeOfValue(env.params[e.index] ?? null, env);
    case 'column':
      if (!env.binding) throw mysqlError('ER_BAD_FIELD_ERROR', columnText(e), env.clause);
      return env.binding.types[env.binding.resolve(e, env.clause)]!;
    case 'star':
      throw mysqlError('ER_PARSE_ERROR', '*', 1);
    case 'sysVar': {
      const def = sysVarDef(e, env);
      const value = env.server.variables.get(e.name, e.scope, env.session);
      // MariaDB's boolean variables are one digit wide.
      if (def.type === 'bool' && mariadbRules(env)) return intType(1, false);
      if (def.type === 'bool' || def.type === 'int') return intType(21, false, def.type === 'int' && (def.min ?? 0) >= 0);
      // MariaDB's string variables are as long as their value; MySQL's are VARCHAR(21845) utf8mb3 (variables.result line 1424).
      if (!mariadbRules(env)) return stringType(21845, Charset.UTF8MB3_GENERAL_CI, false, 3);
      return stringType(Math.max(toText(value).length, 1), Charset.UTF8MB3_GENERAL_CI, false, 3);
    }
    case 'userVar':
      return userVariableType(e.name, env);
    case 'unary':
      return unaryType(e, env);
    case 'binary':
      return binaryType(e, env);
    case 'is':
      return intType(1);
    case 'in':
    case 'between':
    case 'like':
    case 'regexp': {
      let notNull = true;
      for (const c of children(e)) if (nullable(env.typeOf(c))) notNull = false;
      return intType(1, notNull);
    }
    case 'case': {
      const exprs = [...e.whens.map((w) => w.then), ...(e.else ? [e.else] : [])];
      const branches = exprs.map((x) => env.typeOf(x));
      const t = unionType(branches, !!e.else && branches.every((t) => !nullable(t)), env.connectionCollation);
      return mariadbRules(env) ? mariadbHybridIntType(t, exprs.map((x, i) => ({ type: branches[i]!, expr: x }))) : t;
    }
    case 'call':
      return callType(e, env);
    case 'interval':
      throw mysqlError('ER_NOT_SUPPORTED_YET', 'INTERVAL outside date arithmetic');
    case 'cast':
      return castType(e, env);
    case 'collate': {
      const arg = env.typeOf(e.arg);
      const collation = resolveCollation(e.collation, env.server.profile);
      // A collation of another character set than the string's is 1253 (x COLLATE utf8mb4_bin on a utf8mb3 literal).
      const argCollation = isStringType(arg) && arg.charset !== Charset.BINARY ? COLLATIONS.find((c) => c.id === arg.charset) : undefined;
      if (collation && argCollation && collation.charset !== argCollation.charset) throw mysqlError('ER_COLLATION_CHARSET_MISMATCH', collation.name, argCollation.charset);
      const t = { ...arg, charset: collationId(e.collation, env.server.profile) };
      return mariadbRules(env) ? withNullability(t, false) : t;
    }
    case 'row':
      throw mysqlError('ER_OPERAND_COLUMNS', 1);
    case 'subquery': {
      const types = subqueryRunner(env).columnTypes(e.query, env);
      if (types.length !== 1) throw mysqlError('ER_OPERAND_COLUMNS', 1);
      // A scalar subquery may find no row, unless it reads no table (subselect_single_select_engine::may_be_null()).
      let t = returnsOneRow(e.query) ? types[0]! : withNullability(types[0]!, false);
      if (mariadbRules(env) && isStringType(t)) t = { ...t, decimals: NOT_FIXED_DEC };
      return t;
    }
    case 'exists':
      return intType(1, true);
    case 'inSubquery':
    case 'quantified': {
      const types = subqueryRunner(env).columnTypes(e.query, env);
      if (types.length !== 1) throw mysqlError('ER_OPERAND_COLUMNS', 1);
      return intType(1, returnsOneRow(e.query) && !nullable(types[0]!) && !nullable(env.typeOf(e.arg)));
    }
  }
}

/** A SELECT without a table (and without WHERE, HAVING or LIMIT) has exactly one row. */
function returnsOneRow(q: A.QueryExpr): boolean {
  return q.kind === 'select' && !q.from && !q.where && !q.having && !q.limit;
}

/** The profile types items as MariaDB does (sql/expr/mariadb-types.ts). */
function mariadbRules(env: EvalEnv): boolean {
  return env.server.profile.itemTypeRules === 'mariadb';
}

function subqueryRunner(env: EvalEnv): SubqueryRunner {
  if (!env.subqueries) throw mysqlError('ER_NOT_SUPPORTED_YET', 'subqueries here');
  return env.subqueries;
}

/** x [NOT] IN (subquery), with MySQL's NULL rules. */
function evalInSubquery(e: A.InSubqueryExpr, env: EvalEnv): SqlValue {
  const rows = subqueryRunner(env).rows(e.query, env);
  if (rows.length === 0) return e.not ? 1 : 0;
  const v = evaluate(e.arg, env);
  if (v === null) return null;
  const t = env.typeOf(e.arg);
  const rt = subqueryRunner(env).columnTypes(e.query, env)[0]!;
  let sawNull = false;
  for (const row of rows) {
    const c = compareValues(v, row[0] ?? null, t, rt);
    if (c === null) sawNull = true;
    else if (c === 0) return e.not ? 0 : 1;
  }
  return sawNull ? null : e.not ? 1 : 0;
}

/** x op ANY|ALL (subquery): ANY is true when one comparison is, ALL when none is false; NULL when undecided. */
function evalQuantified(e: A.QuantifiedExpr, env: EvalEnv): SqlValue {
  const rows = subqueryRunner(env).rows(e.query, env);
  if (rows.length === 0) return e.quantifier === 'ALL' ? 1 : 0;
  const v = evaluate(e.arg, env);
  const t = env.typeOf(e.arg);
  const rt = subqueryRunner(env).columnTypes(e.query, env)[0]!;
  let sawNull = false;
  for (const row of rows) {
    const x = row[0] ?? null;
    let truth: boolean | null;
    if (e.op === '<=>') truth = v === null || x === null ? v === x : compareValues(v, x, t, rt) === 0;
    else {
      const c = compareValues(v, x, t, rt);
      truth = c === null ? null : e.op === '=' ? c === 0 : e.op === '<>' ? c !== 0 : e.op === '<' ? c < 0 : e.op === '<=' ? c <= 0 : e.op === '>' ? c > 0 : c >= 0;
    }
    if (truth === null) sawNull = true;
    else if (e.quantifier === 'ANY' && truth) return 1;
    else if (e.quantifier === 'ALL' && !truth) return 0;
  }
  if (sawNull) return null;
  return e.quantifier === 'ALL' ? 1 : 0;
}

function literalType(e: A.LiteralExpr, env: EvalEnv): ValueType {
  const t = mysqlLiteralType(e, env);
  return mariadbRules(env) ? mariadbLiteralType(e, t) : t;
}

function mysqlLiteralType(e: A.LiteralExpr, env: EvalEnv): ValueType {
  switch (e.literal) {
    case 'null':
      return { ...NULL_TYPE };
    case 'bool':
      return { ...intType(1), isBool: true };
    case 'int': {
      const text = String(e.value);
      if (typeof e.value === 'bigint' && e.value > 9223372036854775807n) return { ...intType(text.length, true, true) };
      const digits = text.replace('-', '').length;
      return intType(env.server.profile.integerLiteralWidth === 'digits-and-sign' ? digits + 1 : text.length);
    }
    case 'decimal': {
      // Item_decimal: the digits as written before the point (`.5` has none, `007.5` three) plus the decimals.
      const text = String(e.value).replace('-', '');
      const dot = text.indexOf('.');
      const decimals = dot < 0 ? 0 : text.length - dot - 1;
      const intDigits = dot < 0 ? text.length : dot;
      return decimalType(Math.max(intDigits + decimals, 1), decimals);
    }
    case 'float':
      // Item_float: the literal's own text is its display length (`1e3` is 3).
      return doubleType(true, (e.text ?? String(e.value)).length + (e.text !== undefined && Number(e.value) < 0 && !e.text.startsWith('-') ? 1 : 0));
    case 'hex':
    case 'bits':
      return stringType((e.value as Buffer).length, Charset.BINARY);
    case 'string': {
      const collation = e.charset ? collationId(defaultCollationName(e.charset, env), env.server.profile) : env.connectionCollation;
      return stringType(cpLength(e.value as string), collation, true);
    }
  }
}

function defaultCollationName(charset: string, env: EvalEnv): string {
  if (charset === 'utf8mb4') return env.server.profile.utf8mb4DefaultCollation;
  if (charset === 'utf8' || charset === 'utf8mb3') return 'utf8mb3_general_ci';
  if (charset === 'latin1') return 'latin1_swedish_ci';
  return `${charset}_general_ci`;
}

function unaryType(e: A.UnaryExpr, env: EvalEnv): ValueType {
  const t = env.typeOf(e.arg);
  switch (e.op) {
    case '+':
      // The parser drops a unary plus: `+x` is x.
      return { ...t };
    case '-':
      if (isIntegerType(t)) return intType(t.length + 1, !nullable(t));
      if (isDecimalType(t)) return decimalType(decimalPrecision(t), t.decimals, !nullable(t));
      return doubleType(!nullable(t));
    case 'NOT':
    case '!':
      return intType(1, !nullable(t));
    case '~':
      return intType(21, !nullable(t), true);
    case 'BINARY': {
      const b = { ...t, charset: Charset.BINARY, flags: t.flags | 0x80 };
      return mariadbRules(env) ? { ...withNullability(b, false), decimals: 0 } : b;
    }
  }
}

function binaryType(e: A.BinaryExpr, env: EvalEnv): ValueType {
  const op = e.op;
  if (op === '+' || op === '-') {
    const interval = e.right.kind === 'interval' ? e.right : op === '+' && e.left.kind === 'interval' ? e.left : null;
    if (interval) {
      const other = interval === e.right ? e.left : e.right;
      const t = dateAddType(env.typeOf(other), interval.unit, env.connectionCollation);
      return mariadbRules(env) ? mariadbDateAddType(t) : t;
    }
  }
  const l = env.typeOf(e.left);
  const r = env.typeOf(e.right);
  const notNull = !nullable(l) && !nullable(r);
  switch (op) {
    case '=':
    case '<=>':
    case '<>':
    case '<':
    case '<=':
    case '>':
    case '>=':
      return intType(1, op === '<=>' || notNull);
    case 'AND':
    case 'OR':
    case 'XOR':
      return intType(1, notNull);
    case '&':
    case '|':
    case '^':
    case '<<':
    case '>>':
      return intType(21, notNull, true);
    case 'DIV':
      return intType(Math.max(l.length, 1), false);
    case '/': {
      if (isFloatType(l) || isFloatType(r) || isStringType(l) || isStringType(r)) return doubleType(false, 23);
      // Item_func_div::result_precision(): the dividend's precision, the divisor's scale, div_precision_increment (4).
      const decimals = Math.min(30, l.decimals % 31 + 4);
      return decimalType(Math.min(65, itemPrecision(l, e.left) + (isDecimalType(r) ? r.decimals : 0) + 4), decimals, false);
    }
    default: {
      if (l.type === ColumnType.NULL || r.type === ColumnType.NULL) {
        // MariaDB computes NULL arithmetic as a DOUBLE.
        if (mariadbRules(env)) return { ...doubleType(false, 17), decimals: 0 };
        return intType(Math.max(l.length, r.length) + 1, false);
      }
      const resultNotNull = op === '%' ? false : notNull;
      // Item_func_additive_op / Item_func_mul / Item_func_mod::result_precision(): from the operands' precisions.
      const exact = (t: ValueType) => isIntegerType(t) || isDecimalType(t);
      if (exact(l) && exact(r)) {
        const pl = itemPrecision(l, e.left);
        const pr = itemPrecision(r, e.right);
        const dl = isDecimalType(l) ? l.decimals : 0;
        const dr = isDecimalType(r) ? r.decimals : 0;
        const decimals = op === '*' ? dl + dr : Math.max(dl, dr);
        const intPart = Math.max(pl - dl, pr - dr);
        const precision = op === '*' ? pl + pr : op === '%' ? intPart + decimals : intPart + 1 + decimals;
        if (isIntegerType(l) && isIntegerType(r)) {
          const unsigned = ((l.flags | r.flags) & ColumnFlag.UNSIGNED) !== 0;
          return intType(Math.min(21, precision + (unsigned ? 0 : 1)), resultNotNull, unsigned);
        }
        return decimalType(Math.min(65, precision), Math.min(mariadbRules(env) ? 38 : 30, decimals), resultNotNull);
      }
      return doubleType(resultNotNull, 23);
    }
  }
}

function callType(e: A.CallExpr, env: EvalEnv): ValueType {
  if (e.schema !== undefined) throw storedFunction({ ...e, schema: e.schema }, env);
  if (AGGREGATES.has(e.name)) return aggregateType(e, env);
  if (e.name === 'DATE_ADD' || e.name === 'DATE_SUB' || e.name === 'ADDDATE' || e.name === 'SUBDATE') {
    const iv = e.args[1];
    if (e.args.length !== 2) throw mysqlError('ER_WRONG_PARAMCOUNT_TO_NATIVE_FCT', e.written ?? e.name);
    const t = dateAddType(env.typeOf(e.args[0]!), iv?.kind === 'interval' ? iv.unit : 'DAY', env.connectionCollation);
    return mariadbRules(env) ? mariadbDateAddType(t) : t;
  }
  const def = lookupFunction(e.name, env.server.profile);
  if (!def) throw unknownFunction(e, env);
  if (e.args.length < def.min || e.args.length > def.max) {
    throw mysqlError('ER_WRONG_PARAMCOUNT_TO_NATIVE_FCT', e.written ?? e.name);
  }
  const ts = env.argTypes(e);
  const consts = e.args.map(constArg);
  if (mariadbRules(env)) return mariadbCallType(canonicalFunctionName(e.name), () => def.type(ts, env, consts), ts, env, consts, e.args);
  return def.type(ts, env, consts);
}

/**
 * The value of a constant argument, which some result types fold in
 * (LEFT('abc', 2) is two characters, SHA2(x, 224) 56): a literal, or a
 * signed numeric literal; undefined for anything else.
 */
function constArg(e: A.Expr): ConstArg {
  if (e.kind === 'literal') return e.literal === 'decimal' ? Number(e.value) : e.value;
  if (e.kind === 'unary' && (e.op === '-' || e.op === '+') && e.arg.kind === 'literal' && (e.arg.literal === 'int' || e.arg.literal === 'decimal' || e.arg.literal === 'float')) {
    const v = constArg(e.arg);
    if (e.op === '+') return v;
    return typeof v === 'bigint' ? -v : -Number(v);
  }
  return undefined;
}

function aggregateType(e: A.CallExpr, env: EvalEnv): ValueType {
  const t = mysqlAggregateType(e, env);
  if (!mariadbRules(env)) return t;
  const groupConcatMaxLen = Number(env.server.variables.get('group_concat_max_len', 'default', env.session)) || 1024;
  return mariadbAggregateType(e.name, t, e.args[0] ? env.typeOf(e.args[0]) : undefined, { connectionCollation: env.connectionCollation, groupConcatMaxLen }, e.args[0]);
}

function mysqlAggregateType(e: A.CallExpr, env: EvalEnv): ValueType {
  if (e.name === 'COUNT') return intType(21);
  const t = e.args[0] ? env.typeOf(e.args[0]) : NULL_TYPE;
  switch (e.name) {
    // Item_sum_sum / Item_sum_avg: the argument's precision plus DECIMAL_LONGLONG_DIGITS (22) or prec_increment (4).
    case 'SUM':
      if (isIntegerType(t)) return decimalType(Math.min(65, itemPrecision(t, e.args[0]) + 22), 0, false);
      if (isDecimalType(t)) return decimalType(Math.min(65, decimalPrecision(t) + 22), t.decimals, false);
      return doubleType(false);
    case 'AVG':
      if (isIntegerType(t)) return decimalType(Math.min(65, itemPrecision(t, e.args[0]) + 4), 4, false);
      if (isDecimalType(t)) return decimalType(Math.min(65, decimalPrecision(t) + 4), Math.min(30, t.decimals + 4), false);
      return doubleType(false);
    case 'MIN':
    case 'MAX':
      return withNullability(t, false);
    default:
      return stringType(1024, isStringType(t) ? t.charset : env.connectionCollation, false);
  }
}

function castType(e: A.CastExpr, env: EvalEnv): ValueType {
  const t = mysqlCastType(e, env);
  return mariadbRules(env) ? mariadbCastType(e.to, env.typeOf(e.arg), t) : t;
}

function mysqlCastType(e: A.CastExpr, env: EvalEnv): ValueType {
  const t = env.typeOf(e.arg);
  const notNull = !nullable(t);
  switch (e.to.name) {
    case 'CHAR': {
      const chars = e.to.length ?? Math.max(t.length, 1);
      const collation = e.to.charset ? collationId(defaultCollationName(e.to.charset, env), env.server.profile) : env.connectionCollation;
      return stringType(isStringType(t) && !e.to.length ? Math.ceil(t.length / 4) || 1 : chars, collation, notNull);
    }
    case 'BINARY':
      return stringType(e.to.length ?? t.length, Charset.BINARY, notNull);
    case 'SIGNED':
      return intType(21, notNull);
    case 'UNSIGNED':
      return intType(21, notNull, true);
    case 'DECIMAL':
      return decimalType(e.to.length ?? 10, e.to.scale ?? 0, notNull);
    case 'DATE':
    case 'DATETIME':
    case 'TIME':
      if (e.to.literal) return temporalLiteralType(e.to.name, e.arg);
      return temporalType(e.to.name, e.to.name === 'DATE' ? 0 : (e.to.length ?? 0), false);
    case 'JSON':
      return jsonType(notNull);
    case 'DOUBLE':
    case 'FLOAT':
      return doubleType(notNull);
  }
}

/** DATE '...', TIME '...', TIMESTAMP '...': NOT NULL, with as many fractional digits as the literal has. */
function temporalLiteralType(name: 'DATE' | 'DATETIME' | 'TIME', arg: A.Expr): ValueType {
  const text = arg.kind === 'literal' ? String(arg.value) : '';
  const fraction = name === 'DATE' ? undefined : /\.(\d+)\s*$/.exec(text)?.[1];
  return temporalType(name, Math.min(6, fraction?.length ?? 0), true);
}

function columnText(e: A.ColumnExpr): string {
  return [e.schema, e.table, e.name].filter((x) => x !== undefined).join('.');
}

// ---------------------------------------------------------------- evaluation

export function evaluate(e: A.Expr, env: EvalEnv): SqlValue {
  switch (e.kind) {
    case 'literal':
      return e.literal === 'decimal' ? Number(e.value) : e.value;
    case 'param':
      return env.params[e.index] ?? null;
    case 'column': {
      if (!env.binding || !env.row) throw mysqlError('ER_BAD_FIELD_ERROR', columnText(e), env.clause);
      return env.row[env.binding.resolve(e, env.clause)] ?? null;
    }
    case 'sysVar':
      return env.server.variables.get(e.name, e.scope, env.session);
    case 'userVar':
      return env.session.userVariables.get(e.name) ?? null;
    case 'unary':
      return evalUnary(e, env);
    case 'binary':
      return evalBinary(e, env);
    case 'is': {
      const v = evaluate(e.arg, env);
      let r: boolean;
      if (e.test === 'NULL' || e.test === 'UNKNOWN') r = v === null;
      else r = v !== null && (truthy(v) === (e.test === 'TRUE'));
      return r !== e.not ? 1 : 0;
    }
    case 'in': {
      const v = evaluate(e.arg, env);
      if (v === null) return null;
      const t = env.typeOf(e.arg);
      let sawNull = false;
      for (const item of e.list) {
        const x = evaluate(item, env);
        if (x === null) sawNull = true;
        else if (compareValues(v, x, t, env.typeOf(item)) === 0) return e.not ? 0 : 1;
      }
      return sawNull ? null : e.not ? 1 : 0;
    }
    case 'between': {
      const v = evaluate(e.arg, env);
      const t = env.typeOf(e.arg);
      const lo = compareValues(v, evaluate(e.low, env), t, env.typeOf(e.low));
      const hi = compareValues(v, evaluate(e.high, env), t, env.typeOf(e.high));
      const r = lo === null || hi === null ? null : lo >= 0 && hi <= 0;
      return boolValue(r === null ? null : r !== e.not);
    }
    case 'like': {
      const v = evaluate(e.arg, env);
      const p = evaluate(e.pattern, env);
      if (v === null || p === null) return null;
      const escape = e.escape ? toText(evaluate(e.escape, env)) : '\\';
      const cs = isCaseSensitive(env.typeOf(e.arg)) || isCaseSensitive(env.typeOf(e.pattern));
      return boolValue(likeMatch(toText(v), toText(p), escape, cs) !== e.not);
    }
    case 'regexp': {
      const v = evaluate(e.arg, env);
      const p = evaluate(e.pattern, env);
      if (v === null || p === null) return null;
      const cs = isCaseSensitive(env.typeOf(e.arg)) || isCaseSensitive(env.typeOf(e.pattern));
      let re: RegExp;
      try {
        re = new RegExp(toText(p), cs ? 'u' : 'iu');
      } catch {
        throw mysqlError('ER_WRONG_ARGUMENTS', 'REGEXP');
      }
      return boolValue(regexpSearch(re, toText(v), false, env).length > 0 !== e.not);
    }
    case 'case':
      return evalCase(e, env);
    case 'call':
      return evalCall(e, env);
    case 'interval':
      throw mysqlError('ER_NOT_SUPPORTED_YET', 'INTERVAL outside date arithmetic');
    case 'cast':
      return evalCast(e, env);
    case 'collate':
      return evaluate(e.arg, env);
    case 'row':
      throw mysqlError('ER_OPERAND_COLUMNS', 1);
    case 'subquery': {
      const rows = subqueryRunner(env).rows(e.query, env);
      if (rows.length > 1) throw mysqlError('ER_SUBQUERY_NO_1_ROW');
      return rows[0]?.[0] ?? null;
    }
    case 'exists': {
      const found = subqueryRunner(env).rows(e.query, env).length > 0;
      return found !== e.not ? 1 : 0;
    }
    case 'inSubquery':
      return evalInSubquery(e, env);
    case 'quantified':
      return evalQuantified(e, env);
    case 'star':
      throw mysqlError('ER_PARSE_ERROR', '*', 1);
  }
}

/**
 * CAST(string AS SIGNED / UNSIGNED): MySQL's longlong_from_string_with_check()
 * (sql/item.cc) over my_strtoll10(): leading blanks, a sign, digits, and
 * nothing after them but spaces, else warning 1292 "Truncated incorrect
 * INTEGER value" with the value read so far ('1e3' is 1, '12.7' is 12, 'x'
 * is 0); past 64 bits the largest value of the sign (and 1292); a positive
 * value past the signed range as SIGNED, or a negative one as UNSIGNED,
 * keeps its 64 bits with warning 1105 (MariaDB: notes, and a note 1292 for
 * trailing spaces, as a real MariaDB 10.11 gives them).
 */
function castStringToInteger(text: string, unsigned: boolean, env: EvalEnv): number | bigint {
  const mariadb = env.server.profile.family === 'mariadb';
  let i = 0;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  let negative = false;
  if (text[i] === '-' || text[i] === '+') negative = text[i++] === '-';
  const digitsStart = i;
  while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
  let value = 0n;
  let range = false;
  if (i > digitsStart) {
    const digits = BigInt(text.slice(digitsStart, i));
    if (negative ? digits > 9223372036854775808n : digits > 18446744073709551615n) {
      range = true;
      value = negative ? -9223372036854775808n : 18446744073709551615n;
    } else {
      value = negative ? -digits : digits;
    }
  }
  const noDigits = i === digitsStart;
  let rest = i;
  while (rest < text.length && text[rest] === ' ') rest++;
  if (range || noDigits || rest < text.length) {
    env.warn(mysqlError('ER_TRUNCATED_WRONG_VALUE', 'INTEGER', text));
  } else if (mariadb && i < text.length) {
    env.session.addNote(mysqlError('ER_TRUNCATED_WRONG_VALUE', 'INTEGER', text), 'Note');
  }
  const its = env.server.profile.family === 'mysql-8' || env.server.profile.family === 'oceanbase' ? 'its' : "it's";
  const complement = (message: string): void => {
    const err = mysqlError('ER_UNKNOWN_ERROR_TEXT', message);
    if (mariadb) env.session.addNote(err, 'Note');
    else env.warn(err);
  };
  if (!range && !noDigits && negative && unsigned) complement(`Cast to unsigned converted negative integer to ${its} positive complement`);
  else if (!range && !noDigits && !negative && !unsigned && value > 9223372036854775807n) complement(`Cast to signed converted positive out-of-range integer to ${its} negative complement`);
  const out = unsigned ? BigInt.asUintN(64, value) : BigInt.asIntN(64, value);
  return out >= -9007199254740991n && out <= 9007199254740991n ? Number(out) : out;
}

/** A number for arithmetic, warning 1292 when a string is not a clean number (as MySQL does). */
function numericOperand(v: SqlValue, env: EvalEnv): number {
  if (typeof v === 'string' && !isCleanNumber(v)) env.warn(mysqlError('ER_TRUNCATED_WRONG_VALUE', 'DOUBLE', v));
  return toNumber(v);
}

function evalUnary(e: A.UnaryExpr, env: EvalEnv): SqlValue {
  const v = evaluate(e.arg, env);
  if (v === null) return null;
  switch (e.op) {
    case '-':
      return typeof v === 'bigint' ? -v : -numericOperand(v, env);
    case '+':
      return v;
    case 'NOT':
    case '!':
      return truthy(v) ? 0 : 1;
    case '~':
      return BigInt.asUintN(64, ~bitOperand(v));
    case 'BINARY':
      return Buffer.isBuffer(v) ? v : Buffer.from(toText(v));
  }
}

function evalBinary(e: A.BinaryExpr, env: EvalEnv): SqlValue {
  const op = e.op;
  if (op === 'AND') {
    const l = truthy(evaluate(e.left, env));
    if (l === false) return 0;
    const r = truthy(evaluate(e.right, env));
    if (r === false) return 0;
    return l === null || r === null ? null : 1;
  }
  if (op === 'OR') {
    const l = truthy(evaluate(e.left, env));
    if (l === true) return 1;
    const r = truthy(evaluate(e.right, env));
    if (r === true) return 1;
    return l === null || r === null ? null : 0;
  }
  if ((op === '+' || op === '-') && (e.right.kind === 'interval' || (op === '+' && e.left.kind === 'interval'))) {
    const interval = (e.right.kind === 'interval' ? e.right : e.left) as A.IntervalExpr;
    const other = interval === e.right ? e.left : e.right;
    return dateAdd(evaluate(other, env), env.typeOf(other), evaluate(interval.value, env), interval.unit, op === '-' ? -1 : 1, env);
  }
  const l = evaluate(e.left, env);
  const r = evaluate(e.right, env);
  if (op === '<=>') {
    if (l === null || r === null) return l === null && r === null ? 1 : 0;
    return compareValues(l, r, env.typeOf(e.left), env.typeOf(e.right)) === 0 ? 1 : 0;
  }
  if (l === null || r === null) return null;
  switch (op) {
    case 'XOR':
      return truthy(l) !== truthy(r) ? 1 : 0;
    case '=':
    case '<>':
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const c = compareValues(l, r, env.typeOf(e.left), env.typeOf(e.right))!;
      const result = { '=': c === 0, '<>': c !== 0, '<': c < 0, '<=': c <= 0, '>': c > 0, '>=': c >= 0 }[op];
      return result ? 1 : 0;
    }
    case '&':
    case '|':
    case '^':
    case '<<':
    case '>>': {
      const a = bitOperand(l);
      const b = bitOperand(r);
      const out = { '&': a & b, '|': a | b, '^': a ^ b, '<<': b > 63n ? 0n : a << b, '>>': b > 63n ? 0n : a >> b }[op];
      const n = BigInt.asUintN(64, out);
      return n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
    }
  }
  const a = numericOperand(l, env);
  const b = numericOperand(r, env);
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
    case 'DIV':
    case '%':
      if (b === 0) {
        env.warn(mysqlError('ER_DIVISION_BY_ZERO'));
        return null;
      }
      return op === '/' ? a / b : op === 'DIV' ? Math.trunc(a / b) : a % b;
  }
}

function evalCase(e: A.CaseExpr, env: EvalEnv): SqlValue {
  if (e.operand) {
    const v = evaluate(e.operand, env);
    const t = env.typeOf(e.operand);
    for (const w of e.whens) {
      if (v !== null && compareValues(v, evaluate(w.when, env), t, env.typeOf(w.when)) === 0) return evaluate(w.then, env);
    }
  } else {
    for (const w of e.whens) if (truthy(evaluate(w.when, env))) return evaluate(w.then, env);
  }
  return e.else ? evaluate(e.else, env) : null;
}

function evalCall(e: A.CallExpr, env: EvalEnv): SqlValue {
  if (e.schema !== undefined) throw storedFunction({ ...e, schema: e.schema }, env);
  if (AGGREGATES.has(e.name)) {
    const v = env.aggregates?.get(e);
    if (v === undefined) throw mysqlError('ER_INVALID_GROUP_FUNC_USE');
    return v;
  }
  if (e.name === 'DATE_ADD' || e.name === 'DATE_SUB' || e.name === 'ADDDATE' || e.name === 'SUBDATE') {
    const sign = e.name === 'DATE_SUB' || e.name === 'SUBDATE' ? -1 : 1;
    const [d, iv] = e.args as [A.Expr, A.Expr];
    const date = evaluate(d, env);
    if (iv.kind === 'interval') return dateAdd(date, env.typeOf(d), evaluate(iv.value, env), iv.unit, sign, env);
    return dateAdd(date, env.typeOf(d), evaluate(iv, env), 'DAY', sign, env);
  }
  const def = lookupFunction(e.name, env.server.profile);
  if (!def) throw unknownFunction(e, env);
  if (e.args.length < def.min || e.args.length > def.max) {
    throw mysqlError('ER_WRONG_PARAMCOUNT_TO_NATIVE_FCT', e.written ?? e.name);
  }
  // Every argument is evaluated (their warnings count) before a NULL one makes the result NULL.
  const args: SqlValue[] = [];
  let anyNull = false;
  for (const a of e.args) {
    const v = evaluate(a, env);
    if (v === null) anyNull = true;
    args.push(v);
  }
  if (!def.nullSafe && anyNull) return null;
  return def.eval(args, env, env.argTypes(e));
}

function evalCast(e: A.CastExpr, env: EvalEnv): SqlValue {
  const v = evaluate(e.arg, env);
  if (v === null) return null;
  const from = env.typeOf(e.arg);
  switch (e.to.name) {
    case 'CHAR': {
      const text = toText(isDecimalType(from) ? Number(v).toFixed(Math.min(from.decimals, 100)) : v);
      return e.to.length !== undefined ? Array.from(text).slice(0, e.to.length).join('') : text;
    }
    case 'BINARY': {
      const buf = Buffer.isBuffer(v) ? v : Buffer.from(toText(v));
      return e.to.length !== undefined ? Buffer.concat([buf, Buffer.alloc(Math.max(0, e.to.length - buf.length))]).subarray(0, e.to.length) : buf;
    }
    case 'SIGNED':
    case 'UNSIGNED': {
      if (typeof v === 'bigint') return e.to.name === 'UNSIGNED' ? BigInt.asUintN(64, v) : BigInt.asIntN(64, v);
      if (isStringType(from) && (typeof v === 'string' || Buffer.isBuffer(v))) return castStringToInteger(toText(v), e.to.name === 'UNSIGNED', env);
      const n = isStringType(from) ? Math.trunc(numericOperand(v, env)) : Math.round(toNumber(v));
      return e.to.name === 'UNSIGNED' && n < 0 ? BigInt.asUintN(64, BigInt(n)) : n;
    }
    case 'DECIMAL':
      return toNumber(v);
    case 'DOUBLE':
    case 'FLOAT':
      return toNumber(v);
    case 'DATE':
    case 'DATETIME':
    case 'TIME': {
      const p = T.parseDateTime(typeof v === 'number' ? String(v) : toText(v));
      if (!p) {
        env.warn(mysqlError('ER_TRUNCATED_WRONG_VALUE', e.to.name.toLowerCase(), toText(v)));
        return null;
      }
      if (e.to.name === 'DATE') return T.formatDate(p);
      const fsp = e.to.literal ? env.typeOf(e).decimals : (e.to.length ?? 0);
      if (e.to.name === 'TIME') return T.formatTime(p, fsp);
      return T.formatDateTime(p, fsp);
    }
    case 'JSON': {
      if (from.type === ColumnType.JSON || isStringType(from)) {
        try {
          return jsonText(JSON.parse(toText(v)));
        } catch {
          throw mysqlError('ER_WRONG_ARGUMENTS', 'CAST AS JSON');
        }
      }
      return jsonText(typeof v === 'bigint' ? Number(v) : isTemporalType(from) ? toText(v) : toNumber(v));
    }
  }
}

/**
 * A bit operation's operand as MySQL's ulonglong: an integer as its 64 bits,
 * a DOUBLE truncated and saturated (beyond 2^64: all ones; NaN: 0), as
 * Item_func_bit converts its arguments (val_uint()).
 */
function bitOperand(v: SqlValue): bigint {
  if (typeof v === 'bigint') return BigInt.asUintN(64, v);
  const n = Math.trunc(toNumber(v));
  if (Number.isNaN(n)) return 0n;
  if (n >= 2 ** 64) return 2n ** 64n - 1n;
  if (n <= -(2 ** 63)) return 2n ** 63n;
  return BigInt.asUintN(64, BigInt(n));
}
