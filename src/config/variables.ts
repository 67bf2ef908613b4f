/**
 * System variables: one registry of definitions per profile (scope,
 * mutability, type, range, default), the global values, and MySQL's rules
 * and errors for reading and setting them. Session values live in
 * `Session.variables` and only hold values that differ from the global one.
 */
import { hostname } from 'node:os';
import { LOCALE_VARIABLES, localeByName } from './locales.js';
import { mysqlError, type MySqlError } from '../errors/mysql-error.js';
import type { SqlValue } from '../wire/result.js';
import { resolveCharset, resolveCollation } from './charsets.js';
import { systemVariableTable, type RawSystemVariable } from './system-variables/index.js';
import type { Profile } from './profiles.js';

/**
 * What the variables read of a session: its own values, and the figures
 * computed variables report. The session layer's Session satisfies it.
 */
export interface VariableSession {
  readonly variables: Map<string, SqlValue>;
  lastInsertId: number;
  warningCount(): number;
  errorCount(): number;
  /** Adds a condition to the statement's diagnostics (1292 when a value is clipped to its range). */
  addNote(err: MySqlError, level: 'Note' | 'Warning' | 'Error'): void;
  /** A session value was assigned (the session state tracker, CLIENT_SESSION_TRACK). */
  trackVariable?(name: string): void;
}

export type VariableType = 'bool' | 'int' | 'float' | 'enum' | 'set' | 'string';
export type VariableScope = 'global' | 'session' | 'both';
/** How a statement names the scope: @@global.x / SET GLOBAL, @@session.x / SET SESSION, or plain. */
export type AccessScope = 'global' | 'session' | 'default';

export interface VariableDef {
  readonly name: string;
  readonly scope: VariableScope;
  /** Settable at runtime (SET). */
  readonly dynamic: boolean;
  /** Session value read-only although the global one is dynamic (max_allowed_packet). */
  readonly sessionReadOnly?: boolean;
  readonly type: VariableType;
  readonly min?: number;
  readonly max?: number;
  /** Members of an enum or set, upper case. */
  readonly values?: readonly string[];
  readonly nullable?: boolean;
  readonly default: SqlValue;
  /** String validation: returns the canonical value, or throws. */
  readonly normalise?: (value: string) => string;
  /** Value computed from the session (warning_count), never stored. */
  readonly compute?: (session: VariableSession | undefined) => SqlValue;
  /** SET GLOBAL is 1290 naming `option` while the startup value was `value` (MariaDB's max_user_connections). */
  readonly fixedWhenStartedAs?: { readonly value: SqlValue; readonly option: string };
}

/** Combination modes MySQL expands when set. */
const SQL_MODE_COMBINATIONS: Record<string, string[]> = {
  ANSI: ['REAL_AS_FLOAT', 'PIPES_AS_CONCAT', 'ANSI_QUOTES', 'IGNORE_SPACE', 'ONLY_FULL_GROUP_BY'],
  TRADITIONAL: [
    'STRICT_TRANS_TABLES', 'STRICT_ALL_TABLES', 'NO_ZERO_IN_DATE', 'NO_ZERO_DATE', 'ERROR_FOR_DIVISION_BY_ZERO',
    'NO_ENGINE_SUBSTITUTION',
  ],
};


/** Accepts 'SYSTEM' and '+HH:MM' / '-HH:MM' (no time zone tables are loaded, as in a fresh MySQL). */
export function normaliseTimeZone(value: string): string {
  if (value.toUpperCase() === 'SYSTEM') return 'SYSTEM';
  const m = /^([+-])(\d{1,2}):(\d{2})$/.exec(value);
  if (m && Number(m[3]) < 60) {
    const minutes = Number(m[2]) * 60 + Number(m[3]);
    if ((m[1] === '+' && minutes <= 14 * 60) || (m[1] === '-' && minutes <= 13 * 60 + 59)) {
      return `${m[1]}${m[2]!.padStart(2, '0')}:${m[3]}`;
    }
  }
  throw mysqlError('ER_UNKNOWN_TIME_ZONE', value);
}

/** Offset of a time zone value from UTC in minutes ('SYSTEM' is UTC here). */
export function timeZoneOffsetMinutes(zone: string): number {
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(zone);
  if (!m) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === '-' ? -minutes : minutes;
}

const OFFSET_UNITS: Record<string, number> = {
  SECOND: 1000,
  MINUTE: 60_000,
  HOUR: 3_600_000,
  DAY: 86_400_000,
  WEEK: 7 * 86_400_000,
};

/**
 * Milliseconds as an emulator_time_offset value, in the largest whole unit
 * up to a day (the unit of PASSWORD EXPIRE INTERVAL): 91 days -> '91 DAY',
 * not '13 WEEK' (WEEK is read, not written).
 */
export function formatTimeOffset(ms: number): string {
  if (ms === 0) return '0';
  for (const unit of ['DAY', 'HOUR', 'MINUTE', 'SECOND']) {
    if (ms % OFFSET_UNITS[unit]! === 0) return `${ms / OFFSET_UNITS[unit]!} ${unit}`;
  }
  return `${ms / 1000} SECOND`;
}

/** emulator_time_offset values: '0', '91 DAY', '-2 HOUR', '1.5 DAYS'. Returns milliseconds, or null if malformed. */
export function parseTimeOffset(text: string): number | null {
  const m = /^\s*([+-]?\d+(?:\.\d+)?)\s*(?:([a-z]+?)s?)?\s*$/i.exec(text);
  if (!m) return null;
  const amount = Number(m[1]);
  if (!m[2]) return amount === 0 ? 0 : null;
  const unit = OFFSET_UNITS[m[2].toUpperCase()];
  return unit === undefined ? null : Math.round(amount * unit);
}

function charsetNormaliser(value: string): string {
  const cs = resolveCharset(value);
  if (!cs) throw mysqlError('ER_UNKNOWN_CHARACTER_SET', value);
  return cs;
}

/** Parses a table default into the value type the registry stores (numbers, bigints past 2^53, 1/0 for booleans). */
function tableValue(raw: RawSystemVariable, text: string | null): SqlValue {
  if (text === null) return null;
  switch (raw.type) {
    case 'bool':
      return /^(ON|TRUE|1)$/i.test(text) ? 1 : 0;
    case 'int':
    case 'uint': {
      if (!/^-?\d+$/.test(text)) return text;
      const n = Number(text);
      return Number.isSafeInteger(n) ? n : BigInt(text);
    }
    case 'float':
      return Number(text);
    default:
      return text;
  }
}

function tableBound(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? Math.min(n, Number.MAX_SAFE_INTEGER) : undefined;
}

/** A table entry as a registry definition. */
function fromTable(raw: RawSystemVariable): VariableDef {
  const type: VariableType =
    raw.type === 'uint' ? 'int' : raw.type === 'filename' ? 'string' : raw.type;
  const def: { -readonly [K in keyof VariableDef]: VariableDef[K] } = {
    name: raw.name,
    scope: raw.scope,
    dynamic: raw.dynamic,
    type,
    default: tableValue(raw, raw.default),
  };
  if (raw.nullable || raw.default === null) def.nullable = true;
  if (type === 'int') {
    def.min = tableBound(raw.min) ?? (raw.type === 'uint' ? 0 : Number.MIN_SAFE_INTEGER);
    def.max = tableBound(raw.max) ?? Number.MAX_SAFE_INTEGER;
  }
  if (raw.values) def.values = raw.values;
  return def;
}

/**
 * The variables of a server of this profile: its table (every variable the
 * real server shows, with its scope, type, default and range), with the
 * emulator's own behaviour layered on: values that follow the profile or
 * this host, validation (character sets, collations, time zones), values
 * computed from the session, and emulator_time_offset.
 */
function definitionsFor(profile: Profile): VariableDef[] {
  const collationNormaliser = (value: string): string => {
    const c = resolveCollation(value, profile);
    if (!c) throw mysqlError('ER_UNKNOWN_COLLATION', value);
    return c.name;
  };
  const charsetDefault = (name: string): string | null =>
    name === 'character_set_filesystem' ? 'binary' : name === 'character_set_system' ? null : profile.defaultCharset;
  const defs = systemVariableTable(profile.variableTable).map(fromTable);
  const byName = new Map(defs.map((d) => [d.name, d] as const));
  const override = (name: string, change: Partial<VariableDef>): void => {
    const def = byName.get(name);
    if (def) byName.set(name, { ...def, ...change });
  };
  override('version', { default: profile.version });
  override('version_comment', { default: profile.versionComment });
  override('hostname', { default: hostname() });
  override('have_ssl', { default: 'YES' });
  override('have_openssl', { default: 'YES' });
  override('sql_mode', { default: profile.sqlModeDefault });
  override('default_authentication_plugin', { default: profile.defaultAuthPlugin });
  override('disconnect_on_expired_password', { default: profile.disconnectOnExpiredDefault ? 1 : 0, dynamic: profile.disconnectOnExpiredDynamic });
  override('time_zone', { normalise: normaliseTimeZone });
  override('system_time_zone', { default: 'UTC' });
  override('max_allowed_packet', { sessionReadOnly: true });
  if (profile.maxUserConnectionsFixedAtZero) {
    override('max_user_connections', { fixedWhenStartedAs: { value: 0, option: '--max-user-connections=0' } });
  }
  override('net_buffer_length', { sessionReadOnly: true });
  for (const name of ['character_set_client', 'character_set_connection', 'character_set_results', 'character_set_server', 'character_set_database', 'character_set_filesystem']) {
    const d = charsetDefault(name);
    override(name, { type: 'string', normalise: charsetNormaliser, ...(d === null ? {} : { default: d }), ...(name === 'character_set_results' ? { nullable: true } : {}) });
  }
  for (const name of ['collation_connection', 'collation_server', 'collation_database']) {
    override(name, { type: 'string', normalise: collationNormaliser, default: profile.defaultCollation });
  }
  // A managed service's own defaults (Azure: require_secure_transport ON, tls_version TLSv1.2, ...).
  for (const [name, value] of Object.entries(profile.parameterDefaults)) {
    const raw = systemVariableTable(profile.variableTable).find((r) => r.name === name);
    if (raw) override(name, { default: tableValue(raw, String(value)) });
  }
  override('warning_count', { dynamic: false, compute: (s) => s?.warningCount() ?? 0 });
  override('error_count', { dynamic: false, compute: (s) => s?.errorCount() ?? 0 });
  override('last_insert_id', { compute: (s) => s?.lastInsertId ?? 0 });
  override('identity', { compute: (s) => s?.lastInsertId ?? 0 });
  byName.set('emulator_time_offset', {
    name: 'emulator_time_offset',
    scope: 'global',
    dynamic: true,
    type: 'string',
    default: '0',
    normalise: (v) => {
      if (parseTimeOffset(v) === null) throw mysqlError('ER_WRONG_VALUE_FOR_VAR', 'emulator_time_offset', v);
      return v.trim();
    },
  });
  return [...byName.values()];
}

export type SetScope = AccessScope | 'persist' | 'persist_only';

export class SystemVariables {
  private readonly defs = new Map<string, VariableDef>();
  private readonly globals = new Map<string, SqlValue>();
  /** Values given at startup (setStartupValue), for fixedWhenStartedAs. */
  private readonly startupGlobals = new Map<string, SqlValue>();
  private readonly listeners = new Map<string, ((value: SqlValue) => void)[]>();

  constructor(
    readonly profile: Profile,
    overrides: Record<string, string | number | boolean | null> = {},
  ) {
    for (const def of definitionsFor(profile)) {
      this.defs.set(def.name, def);
      if (def.scope !== 'session') this.globals.set(def.name, def.default);
    }
    for (const [name, value] of Object.entries(overrides)) this.setStartupValue(name, value);
  }

  /** The global value a variable had at startup (fixedWhenStartedAs). */
  private startupValue(def: VariableDef): SqlValue {
    return this.startupGlobals.has(def.name) ? this.startupGlobals.get(def.name)! : def.default;
  }

  /** A value given at startup (option or config): read-only variables accept it too. Names may use dashes. */
  setStartupValue(rawName: string, raw: string | number | boolean | null): void {
    const name = rawName.toLowerCase().replace(/-/g, '_');
    const def = this.requireDef(name);
    if (def.scope === 'session') throw mysqlError('ER_LOCAL_VARIABLE', name);
    let value: string | number | null = typeof raw === 'boolean' ? (raw ? 1 : 0) : raw;
    // Options take K, M and G suffixes, as mysqld's do (--max-allowed-packet=16M).
    const suffixed = typeof value === 'string' && def.type === 'int' ? /^(\d+)([KMG])$/i.exec(value) : null;
    if (suffixed) value = Number(suffixed[1]) * 1024 ** ('KMG'.indexOf(suffixed[2]!.toUpperCase()) + 1);
    if (typeof value === 'string' && /^-?\d+$/.test(value) && (def.type === 'int' || def.type === 'bool')) value = Number(value);
    const coerced = this.coerce(def, value, undefined);
    this.startupGlobals.set(def.name, coerced);
    this.storeGlobal(def, coerced);
  }

  definition(name: string): VariableDef | undefined {
    return this.defs.get(name) ?? this.defs.get(name.toLowerCase());
  }

  /**
   * Adds a group of definitions at run time (a component's variables, on
   * INSTALL COMPONENT), with their global values at the defaults.
   */
  addDefinitions(defs: readonly VariableDef[]): void {
    for (const def of defs) {
      this.defs.set(def.name, def);
      if (def.scope !== 'session') this.globals.set(def.name, def.default);
    }
  }

  /** Removes run-time definitions with their values and listeners (UNINSTALL COMPONENT). */
  removeDefinitions(names: readonly string[]): void {
    for (const name of names) {
      this.defs.delete(name);
      this.globals.delete(name);
      this.listeners.delete(name);
    }
  }

  /** Called after every successful SET GLOBAL of `name` (e.g. emulator_time_offset -> clock). */
  onSet(name: string, listener: (value: SqlValue) => void): void {
    const list = this.listeners.get(name) ?? [];
    list.push(listener);
    this.listeners.set(name, list);
  }

  /** The global value of `name`, or `fallback` when this server has no such variable (default_password_lifetime in 5.6). */
  globalOr(name: string, fallback: SqlValue): SqlValue {
    return this.defs.has(name) ? this.get(name, 'global') : fallback;
  }

  /** @@name, @@global.name, @@session.name. */
  get(name: string, scope: AccessScope, session?: VariableSession): SqlValue {
    const def = this.requireDef(name);
    if (scope === 'global' && def.scope === 'session') {
      throw mysqlError('ER_INCORRECT_GLOBAL_LOCAL_VAR', def.name, 'SESSION');
    }
    if (scope === 'session' && def.scope === 'global') {
      throw mysqlError('ER_INCORRECT_GLOBAL_LOCAL_VAR', def.name, 'GLOBAL');
    }
    if (def.compute) return def.compute(session);
    // One lookup each (a stored value is never undefined: SQL NULL is null).
    if (scope !== 'global' && session) {
      const own = session.variables.get(def.name);
      if (own !== undefined) return own;
    }
    const global = this.globals.get(def.name);
    return global !== undefined ? global : def.default;
  }

  /** SET [GLOBAL|SESSION|PERSIST] name = value | DEFAULT, with MySQL's checks and errors. */
  set(name: string, scope: SetScope, value: SqlValue | 'DEFAULT', session?: VariableSession): void {
    const def = this.requireDef(name);
    const global = scope === 'global' || scope === 'persist' || scope === 'persist_only';
    if (!def.dynamic && scope !== 'persist_only') {
      throw mysqlError('ER_INCORRECT_GLOBAL_LOCAL_VAR', def.name, 'read only');
    }
    if (global && def.scope === 'session') throw mysqlError('ER_LOCAL_VARIABLE', def.name);
    if (!global && def.scope === 'global') throw mysqlError('ER_GLOBAL_VARIABLE', def.name);
    if (!global && def.sessionReadOnly) throw mysqlError('ER_VARIABLE_IS_READONLY', 'SESSION', def.name, 'GLOBAL');
    if (global && def.fixedWhenStartedAs && this.startupValue(def) === def.fixedWhenStartedAs.value) {
      throw mysqlError('ER_OPTION_PREVENTS_STATEMENT', def.fixedWhenStartedAs.option);
    }

    if (value === 'DEFAULT') {
      if (global) this.storeGlobal(def, def.default);
      else if (def.compute) throw mysqlError('ER_NO_DEFAULT', def.name);
      else {
        session?.variables.delete(def.name);
        session?.trackVariable?.(def.name);
      }
      return;
    }
    const coerced = this.coerce(def, value, session);
    if (scope === 'persist_only') return;
    if (global) this.storeGlobal(def, coerced);
    else if (def.name === 'last_insert_id' || def.name === 'identity') {
      if (session) session.lastInsertId = Number(coerced);
    } else {
      session?.variables.set(def.name, coerced);
      session?.trackVariable?.(def.name);
    }
  }

  /** A variable's value as SHOW VARIABLES and the session state tracker show it (ON/OFF, '' for NULL). */
  display(name: string, session?: VariableSession): string {
    const def = this.requireDef(name);
    return displayValue(def, this.get(def.name, 'default', session));
  }

  /** SHOW [GLOBAL|SESSION] VARIABLES: every variable visible in that scope, sorted by name, displayed as text. */
  list(scope: 'global' | 'session', session?: VariableSession): { name: string; value: string }[] {
    const rows: { name: string; value: string }[] = [];
    for (const def of this.defs.values()) {
      if (scope === 'global' && def.scope === 'session') continue;
      const value = this.get(def.name, scope === 'global' ? 'global' : 'default', session);
      rows.push({ name: def.name, value: displayValue(def, value) });
    }
    return rows.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  private storeGlobal(def: VariableDef, value: SqlValue): void {
    this.globals.set(def.name, value);
    for (const listener of this.listeners.get(def.name) ?? []) listener(value);
  }

  /** `name` in any case; the server's own calls name it in lower case, which is looked up without lowering it first. */
  private requireDef(name: string): VariableDef {
    const def = this.defs.get(name) ?? this.defs.get(name.toLowerCase());
    if (!def) throw mysqlError('ER_UNKNOWN_SYSTEM_VARIABLE', name.toLowerCase());
    return def;
  }

  /** Converts and validates a value for `def`, raising 1231 / 1232 and clamping ints with a 1292 warning. */
  private coerce(def: VariableDef, value: SqlValue, session: VariableSession | undefined): SqlValue {
    if (value === null) {
      if (def.nullable) return null;
      // A NULL is a string-typed item: numeric variables reject its type (Sys_var_integer::do_check), the others its value.
      if (def.type === 'int' || def.type === 'float') throw mysqlError('ER_WRONG_TYPE_FOR_VAR', def.name);
      throw mysqlError('ER_WRONG_VALUE_FOR_VAR', def.name, 'NULL');
    }
    const text = Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
    if (LOCALE_VARIABLES.has(def.name)) {
      // Sys_var_locale: a locale's name (check_locale(): 1649 for an unknown one).
      const locale = localeByName(text);
      if (!locale) throw mysqlError('ER_UNKNOWN_LOCALE', text);
      return locale;
    }
    switch (def.type) {
      case 'bool': {
        if (typeof value === 'number' || typeof value === 'bigint') {
          if (!Number.isInteger(Number(value))) throw mysqlError('ER_WRONG_TYPE_FOR_VAR', def.name);
          if (value == 0 || value == 1) return Number(value);
          throw mysqlError('ER_WRONG_VALUE_FOR_VAR', def.name, text);
        }
        const upper = text.toUpperCase();
        if (upper === 'ON' || upper === 'TRUE') return 1;
        if (upper === 'OFF' || upper === 'FALSE') return 0;
        throw mysqlError('ER_WRONG_VALUE_FOR_VAR', def.name, text);
      }
      case 'int': {
        if (typeof value !== 'number' && typeof value !== 'bigint') {
          throw mysqlError('ER_WRONG_TYPE_FOR_VAR', def.name);
        }
        if (typeof value === 'number' && !Number.isInteger(value)) throw mysqlError('ER_WRONG_TYPE_FOR_VAR', def.name);
        const min = def.min ?? 0;
        const max = def.max ?? Number.MAX_SAFE_INTEGER;
        if (value < min || value > max) {
          session?.addNote(mysqlError('ER_TRUNCATED_WRONG_VALUE', def.name, text), 'Warning');
          return value < min ? min : max;
        }
        return typeof value === 'bigint' ? Number(value) : value;
      }
      case 'float': {
        if (typeof value !== 'number' && typeof value !== 'bigint' && !/^\s*-?\d+(\.\d*)?([eE][-+]?\d+)?\s*$/.test(text)) {
          throw mysqlError('ER_WRONG_TYPE_FOR_VAR', def.name);
        }
        const n = Number(text);
        const min = def.min ?? -Number.MAX_VALUE;
        const max = def.max ?? Number.MAX_VALUE;
        if (n < min || n > max) {
          session?.addNote(mysqlError('ER_TRUNCATED_WRONG_VALUE', def.name, text), 'Warning');
          return n < min ? min : max;
        }
        return n;
      }
      case 'enum': {
        const values = def.values ?? [];
        if (typeof value === 'number' || typeof value === 'bigint') {
          const member = values[Number(value)];
          if (member === undefined) throw mysqlError('ER_WRONG_VALUE_FOR_VAR', def.name, text);
          return member;
        }
        const member = values.find((v) => v.toUpperCase() === text.toUpperCase());
        if (!member) throw mysqlError('ER_WRONG_VALUE_FOR_VAR', def.name, text);
        return member;
      }
      case 'set': {
        if (typeof value !== 'string' && !Buffer.isBuffer(value)) throw mysqlError('ER_WRONG_TYPE_FOR_VAR', def.name);
        const last = LAST_SET_VALUE.get(def);
        if (last !== undefined && last.text === text) return last.value;
        const members = new Set<string>();
        const canonical = canonicalMembers(def);
        for (const part of text.split(',')) {
          const m = canonical.get(part.trim().toUpperCase());
          if (part.trim() === '') continue;
          if (m === undefined) throw mysqlError('ER_WRONG_VALUE_FOR_VAR', def.name, part.trim());
          for (const x of (def.name === 'sql_mode' && SQL_MODE_COMBINATIONS[m]) || [m]) members.add(x);
        }
        const coerced = (def.values ?? []).filter((v) => members.has(v)).join(',');
        LAST_SET_VALUE.set(def, { text, value: coerced });
        return coerced;
      }
      case 'string': {
        if (typeof value !== 'string' && !Buffer.isBuffer(value) && def.normalise !== charsetNormaliser) {
          throw mysqlError('ER_WRONG_TYPE_FOR_VAR', def.name);
        }
        return def.normalise ? def.normalise(text) : text;
      }
    }
  }
}

/** A SET variable's members by their upper-case names, made once per definition (sql_mode is set at many logins). */
const CANONICAL_MEMBERS = new WeakMap<VariableDef, ReadonlyMap<string, string>>();

/**
 * The last text a SET variable was given and the value it became (only a
 * valid one is kept): every login of a client with CLIENT_IGNORE_SPACE sets
 * sql_mode to the same 'IGNORE_SPACE,...', which is then split, upper-cased
 * and joined once, not at each login.
 */
const LAST_SET_VALUE = new WeakMap<VariableDef, { text: string; value: string }>();
function canonicalMembers(def: VariableDef): ReadonlyMap<string, string> {
  let map = CANONICAL_MEMBERS.get(def);
  if (!map) {
    map = new Map((def.values ?? []).map((v) => [v.toUpperCase(), v] as const));
    CANONICAL_MEMBERS.set(def, map);
  }
  return map;
}

/** SHOW VARIABLES text: booleans as ON/OFF, NULL as ''. */
export function displayValue(def: VariableDef, value: SqlValue): string {
  if (value === null) return '';
  if (def.type === 'bool') return Number(value) ? 'ON' : 'OFF';
  if (def.type === 'float') return Number(value).toFixed(6);
  return Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
}

/** System variable booleans arrive as 'ON'/'OFF', 1/0 or true/false. */
export function isOn(v: unknown): boolean {
  if (typeof v === 'string') return v.toUpperCase() === 'ON' || v === '1' || v.toUpperCase() === 'TRUE';
  return Boolean(v);
}
