/**
 * System variables: one registry of definitions per profile (scope,
 * mutability, type, range, default), the global values, and MySQL's rules
 * and errors for reading and setting them. Session values live in
 * `Session.variables` and only hold values that differ from the global one.
 */
import { hostname } from 'node:os';
import { mysqlError, type MySqlError } from '../errors/mysql-error.js';
import type { SqlValue } from '../wire/result.js';
import { resolveCharset, resolveCollation } from './charsets.js';
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
}

export type VariableType = 'bool' | 'int' | 'enum' | 'set' | 'string';
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
}

const SQL_MODES = [
  'REAL_AS_FLOAT', 'PIPES_AS_CONCAT', 'ANSI_QUOTES', 'IGNORE_SPACE', 'NOT_USED', 'ONLY_FULL_GROUP_BY',
  'NO_UNSIGNED_SUBTRACTION', 'NO_DIR_IN_CREATE', 'ANSI', 'NO_AUTO_VALUE_ON_ZERO', 'NO_BACKSLASH_ESCAPES',
  'STRICT_TRANS_TABLES', 'STRICT_ALL_TABLES', 'NO_ZERO_IN_DATE', 'NO_ZERO_DATE', 'ALLOW_INVALID_DATES',
  'ERROR_FOR_DIVISION_BY_ZERO', 'TRADITIONAL', 'HIGH_NOT_PRECEDENCE', 'NO_ENGINE_SUBSTITUTION',
  'PAD_CHAR_TO_FULL_LENGTH', 'TIME_TRUNCATE_FRACTIONAL', 'NO_AUTO_CREATE_USER', 'SIMULTANEOUS_ASSIGNMENT',
  'EMPTY_STRING_IS_NULL', 'ORACLE', 'MSSQL', 'DB2', 'POSTGRESQL', 'MAXDB', 'NO_FIELD_OPTIONS', 'NO_KEY_OPTIONS',
  'NO_TABLE_OPTIONS', 'MYSQL323', 'MYSQL40',
];

/** Combination modes MySQL expands when set. */
const SQL_MODE_COMBINATIONS: Record<string, string[]> = {
  ANSI: ['REAL_AS_FLOAT', 'PIPES_AS_CONCAT', 'ANSI_QUOTES', 'IGNORE_SPACE', 'ONLY_FULL_GROUP_BY'],
  TRADITIONAL: [
    'STRICT_TRANS_TABLES', 'STRICT_ALL_TABLES', 'NO_ZERO_IN_DATE', 'NO_ZERO_DATE', 'ERROR_FOR_DIVISION_BY_ZERO',
    'NO_ENGINE_SUBSTITUTION',
  ],
};

const ISOLATION_LEVELS = ['READ-UNCOMMITTED', 'READ-COMMITTED', 'REPEATABLE-READ', 'SERIALIZABLE'];
const UNSIGNED_64_MAX = 18446744073709551615n;

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

/** Milliseconds as an emulator_time_offset value, in the largest whole unit: 91 days -> '91 DAY'. */
export function formatTimeOffset(ms: number): string {
  if (ms === 0) return '0';
  for (const unit of ['WEEK', 'DAY', 'HOUR', 'MINUTE', 'SECOND']) {
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

function definitionsFor(profile: Profile): VariableDef[] {
  const mariadb = profile.catalogDialect === 'mariadb';
  const mysql = !mariadb;
  const mysql8 = profile.dataDictionary;
  const legacy = !mysql8;
  const collationNormaliser = (value: string): string => {
    const c = resolveCollation(value, profile);
    if (!c) throw mysqlError('ER_UNKNOWN_COLLATION', value);
    return c.name;
  };
  const str = (name: string, def: string | null, extra: Partial<VariableDef> = {}): VariableDef => ({
    name, scope: 'global', dynamic: false, type: 'string', default: def, ...extra,
  });
  const int = (name: string, def: number | bigint, min: number, max: number, extra: Partial<VariableDef> = {}): VariableDef => ({
    name, scope: 'global', dynamic: true, type: 'int', default: def, min, max, ...extra,
  });
  const bool = (name: string, def: boolean, extra: Partial<VariableDef> = {}): VariableDef => ({
    name, scope: 'global', dynamic: true, type: 'bool', default: def ? 1 : 0, ...extra,
  });
  const both = { scope: 'both' as const, dynamic: true };
  const charsetVar = (name: string, extra: Partial<VariableDef> = {}): VariableDef =>
    str(name, profile.defaultCharset, { ...both, normalise: charsetNormaliser, ...extra });
  const collationVar = (name: string): VariableDef =>
    str(name, profile.defaultCollation, { ...both, normalise: collationNormaliser });
  const systemCharset = mysql8 || mariadb ? 'utf8mb3' : 'utf8';

  const defs: (VariableDef | false)[] = [
    str('version', profile.version),
    str('version_comment', profile.versionComment),
    str('version_compile_os', 'Linux'),
    str('version_compile_machine', 'x86_64'),
    int('protocol_version', 10, 0, 4294967295, { dynamic: false }),
    str('hostname', hostname()),
    int('port', 3306, 0, 65535, { dynamic: false }),
    str('bind_address', '*'),
    str('socket', '/var/run/mysqld/mysqld.sock'),
    str('license', 'GPL'),
    int('server_id', 1, 0, 4294967295),
    str('default_storage_engine', 'InnoDB', { ...both }),
    int('lower_case_table_names', 0, 0, 2, { dynamic: false }),
    int('max_allowed_packet', mariadb ? 16777216 : mysql8 ? 67108864 : 4194304, 1024, 1073741824, {
      ...both,
      sessionReadOnly: true,
    }),
    int('net_buffer_length', 16384, 1024, 1048576, { ...both, sessionReadOnly: true }),
    charsetVar('character_set_client'),
    charsetVar('character_set_connection'),
    charsetVar('character_set_results', { nullable: true }),
    charsetVar('character_set_server'),
    charsetVar('character_set_database'),
    str('character_set_system', systemCharset),
    str('character_set_filesystem', 'binary', { ...both, normalise: charsetNormaliser }),
    collationVar('collation_connection'),
    collationVar('collation_server'),
    collationVar('collation_database'),
    str('init_connect', '', { dynamic: true }),
    int('interactive_timeout', 28800, 1, 31536000, both),
    int('wait_timeout', 28800, 1, 31536000, both),
    int('net_read_timeout', 30, 1, 31536000, both),
    int('net_write_timeout', 60, 1, 31536000, both),
    int('connect_timeout', 10, 2, 31536000),
    int('max_connections', 151, 1, 100000),
    int('max_execution_time', 0, 0, 4294967295, both),
    bool('autocommit', true, both),
    bool('foreign_key_checks', true, both),
    bool('unique_checks', true, both),
    bool('sql_auto_is_null', false, both),
    bool('sql_safe_updates', false, both),
    bool('sql_notes', true, both),
    bool('sql_warnings', false, both),
    int('sql_select_limit', UNSIGNED_64_MAX, 0, Number.MAX_SAFE_INTEGER, both),
    { name: 'sql_mode', ...both, type: 'set', values: SQL_MODES, default: profile.sqlModeDefault },
    str('time_zone', 'SYSTEM', { ...both, normalise: normaliseTimeZone }),
    str('system_time_zone', 'UTC'),
    { name: 'transaction_isolation', ...both, type: 'enum', values: ISOLATION_LEVELS, default: 'REPEATABLE-READ' },
    legacy && { name: 'tx_isolation', ...both, type: 'enum', values: ISOLATION_LEVELS, default: 'REPEATABLE-READ' },
    bool('transaction_read_only', false, both),
    legacy && bool('tx_read_only', false, both),
    int('auto_increment_increment', 1, 1, 65535, both),
    int('auto_increment_offset', 1, 1, 65535, both),
    bool('performance_schema', !mariadb, { dynamic: false }),
    legacy && int('query_cache_size', 1048576, 0, 4294967295),
    legacy && { name: 'query_cache_type', ...both, type: 'enum', values: ['OFF', 'ON', 'DEMAND'], default: 'OFF' },
    str('have_ssl', 'YES'),
    str('have_openssl', 'YES'),
    str('ssl_cert', 'server-cert.pem'),
    str('ssl_key', 'server-key.pem'),
    str('ssl_ca', 'ca.pem'),
    mysql && profile.defaultEnabledPlugins.includes('mysql_native_password') &&
      str('default_authentication_plugin', profile.defaultAuthPlugin),
    mysql8 && str('authentication_policy', '*,,', { dynamic: true }),
    bool('disconnect_on_expired_password', profile.disconnectOnExpiredDefault, {
      dynamic: profile.disconnectOnExpiredDynamic,
    }),
    int('default_password_lifetime', 0, 0, 65535),
    mysql8 && int('password_history', 0, 0, 4294967295),
    mysql8 && int('password_reuse_interval', 0, 0, 4294967295),
    mysql8 && bool('password_require_current', false),
    mysql8 && int('generated_random_password_length', 20, 5, 255, both),
    mysql && !mysql8 && int('old_passwords', 0, 0, 2, both),
    // 5.6: ON refuses pre-4.1 hashes at login (1275); 5.7.5 made it impossible to turn off.
    profile.oldPasswordsPre41 && bool('secure_auth', true),
    !profile.oldPasswordsPre41 && bool('require_secure_transport', false),
    mariadb && int('max_password_errors', 4294967295, 1, 4294967295),
    mysql && bool('offline_mode', false),
    bool('read_only', false),
    mysql && bool('super_read_only', false),
    int('warning_count', 0, 0, 4294967295, {
      scope: 'session',
      dynamic: false,
      compute: (s) => s?.warningCount() ?? 0,
    }),
    int('error_count', 0, 0, 4294967295, {
      scope: 'session',
      dynamic: false,
      compute: (s) => s?.errorCount() ?? 0,
    }),
    int('last_insert_id', 0, 0, Number.MAX_SAFE_INTEGER, { scope: 'session', compute: (s) => s?.lastInsertId ?? 0 }),
    int('identity', 0, 0, Number.MAX_SAFE_INTEGER, { scope: 'session', compute: (s) => s?.lastInsertId ?? 0 }),
    str('emulator_time_offset', '0', {
      dynamic: true,
      normalise: (v) => {
        if (parseTimeOffset(v) === null) throw mysqlError('ER_WRONG_VALUE_FOR_VAR', 'emulator_time_offset', v);
        return v.trim();
      },
    }),
  ];
  return defs.filter((d): d is VariableDef => d !== false);
}

export type SetScope = AccessScope | 'persist' | 'persist_only';

/** One emulator instance's system variables. */
export class SystemVariables {
  private readonly defs = new Map<string, VariableDef>();
  private readonly globals = new Map<string, SqlValue>();
  private readonly listeners = new Map<string, ((value: SqlValue) => void)[]>();

  constructor(
    readonly profile: Profile,
    overrides: Record<string, string | number | boolean> = {},
  ) {
    for (const def of definitionsFor(profile)) {
      this.defs.set(def.name, def);
      if (def.scope !== 'session') this.globals.set(def.name, def.default);
    }
    for (const [name, value] of Object.entries(overrides)) this.setStartupValue(name, value);
  }

  /** A value given at startup (option or config): read-only variables accept it too. Names may use dashes. */
  setStartupValue(rawName: string, raw: string | number | boolean): void {
    const name = rawName.toLowerCase().replace(/-/g, '_');
    const def = this.requireDef(name);
    if (def.scope === 'session') throw mysqlError('ER_LOCAL_VARIABLE', name);
    let value: string | number = typeof raw === 'boolean' ? (raw ? 1 : 0) : raw;
    if (typeof value === 'string' && /^-?\d+$/.test(value) && (def.type === 'int' || def.type === 'bool')) value = Number(value);
    this.storeGlobal(def, this.coerce(def, value, undefined));
  }

  definition(name: string): VariableDef | undefined {
    return this.defs.get(name.toLowerCase());
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

  /** @@name, @@global.name, @@session.name. */
  get(name: string, scope: AccessScope, session?: VariableSession): SqlValue {
    const def = this.requireDef(name.toLowerCase());
    if (scope === 'global' && def.scope === 'session') {
      throw mysqlError('ER_INCORRECT_GLOBAL_LOCAL_VAR', def.name, 'SESSION');
    }
    if (scope === 'session' && def.scope === 'global') {
      throw mysqlError('ER_INCORRECT_GLOBAL_LOCAL_VAR', def.name, 'GLOBAL');
    }
    if (def.compute) return def.compute(session);
    if (scope !== 'global' && session?.variables.has(def.name)) return session.variables.get(def.name)!;
    return this.globals.get(def.name) ?? def.default;
  }

  /** SET [GLOBAL|SESSION|PERSIST] name = value | DEFAULT, with MySQL's checks and errors. */
  set(name: string, scope: SetScope, value: SqlValue | 'DEFAULT', session?: VariableSession): void {
    const def = this.requireDef(name.toLowerCase());
    const global = scope === 'global' || scope === 'persist' || scope === 'persist_only';
    if (!def.dynamic && scope !== 'persist_only') {
      throw mysqlError('ER_INCORRECT_GLOBAL_LOCAL_VAR', def.name, 'read only');
    }
    if (global && def.scope === 'session') throw mysqlError('ER_LOCAL_VARIABLE', def.name);
    if (!global && def.scope === 'global') throw mysqlError('ER_GLOBAL_VARIABLE', def.name);
    if (!global && def.sessionReadOnly) throw mysqlError('ER_VARIABLE_IS_READONLY', 'SESSION', def.name, 'GLOBAL');

    if (value === 'DEFAULT') {
      if (global) this.storeGlobal(def, def.default);
      else if (def.compute) throw mysqlError('ER_NO_DEFAULT', def.name);
      else session?.variables.delete(def.name);
      return;
    }
    const coerced = this.coerce(def, value, session);
    if (scope === 'persist_only') return;
    if (global) this.storeGlobal(def, coerced);
    else if (def.name === 'last_insert_id' || def.name === 'identity') {
      if (session) session.lastInsertId = Number(coerced);
    } else session?.variables.set(def.name, coerced);
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

  private requireDef(name: string): VariableDef {
    const def = this.defs.get(name);
    if (!def) throw mysqlError('ER_UNKNOWN_SYSTEM_VARIABLE', name);
    return def;
  }

  /** Converts and validates a value for `def`, raising 1231 / 1232 and clamping ints with a 1292 warning. */
  private coerce(def: VariableDef, value: SqlValue, session: VariableSession | undefined): SqlValue {
    if (value === null) {
      if (def.nullable) return null;
      throw mysqlError('ER_WRONG_VALUE_FOR_VAR', def.name, 'NULL');
    }
    const text = Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
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
      case 'enum': {
        const values = def.values ?? [];
        if (typeof value === 'number' || typeof value === 'bigint') {
          const member = values[Number(value)];
          if (member === undefined) throw mysqlError('ER_WRONG_VALUE_FOR_VAR', def.name, text);
          return member;
        }
        const member = values.find((v) => v === text.toUpperCase());
        if (!member) throw mysqlError('ER_WRONG_VALUE_FOR_VAR', def.name, text);
        return member;
      }
      case 'set': {
        if (typeof value !== 'string' && !Buffer.isBuffer(value)) throw mysqlError('ER_WRONG_TYPE_FOR_VAR', def.name);
        const members = new Set<string>();
        for (const part of text.split(',')) {
          const m = part.trim().toUpperCase();
          if (m === '') continue;
          if (!def.values?.includes(m)) throw mysqlError('ER_WRONG_VALUE_FOR_VAR', def.name, part.trim());
          for (const x of SQL_MODE_COMBINATIONS[m] ?? [m]) members.add(x);
        }
        return (def.values ?? []).filter((v) => members.has(v)).join(',');
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

/** SHOW VARIABLES text: booleans as ON/OFF, NULL as ''. */
export function displayValue(def: VariableDef, value: SqlValue): string {
  if (value === null) return '';
  if (def.type === 'bool') return Number(value) ? 'ON' : 'OFF';
  return Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
}

/** System variable booleans arrive as 'ON'/'OFF', 1/0 or true/false. */
export function isOn(v: unknown): boolean {
  if (typeof v === 'string') return v.toUpperCase() === 'ON' || v === '1' || v.toUpperCase() === 'TRUE';
  return Boolean(v);
}
