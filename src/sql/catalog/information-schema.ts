/**
 * The information_schema tables every server has (PLUGINS, SCHEMATA,
 * USER_ATTRIBUTES, ENGINES, CHARACTER_SETS, COLLATIONS, PROCESSLIST) and the
 * row sources SHOW shares with them.
 */
import { CHARSETS, collationsFor, defaultCollationOf } from '../../config/charsets.js';
import type { Profile } from '../../config/profiles.js';
import type { SqlServer, SqlSession, TableColumn, TableProvider } from '../context.js';
import { ColumnFlag, ColumnType, type SqlValue } from '../../wire/result.js';
import { bigintColumn, varcharColumn } from './registry.js';

const INFORMATION_SCHEMA = 'information_schema';

// ---------------------------------------------------------------- shared row sources

export interface PluginRow {
  name: string;
  version: string;
  status: 'ACTIVE' | 'DISABLED';
  type: string;
  typeVersion: string;
  library: string | null;
  author: string;
  description: string;
  license: string;
  loadOption: string;
}

/** The plugins a fresh server of this profile reports (auth plugins and main engines). */
export function pluginRows(profile: Profile): PluginRow[] {
  const mariadb = profile.catalogDialect === 'mariadb';
  const oracle = mariadb ? 'Sergei Golubchik, R.J.Silk' : 'Oracle Corporation';
  const nativeDisabled = !profile.defaultEnabledPlugins.includes('mysql_native_password');
  const auth = (name: string, version: string, description: string, status: 'ACTIVE' | 'DISABLED' = 'ACTIVE'): PluginRow => ({
    name,
    version,
    status,
    type: 'AUTHENTICATION',
    typeVersion: mariadb ? '2.2' : '2.1',
    library: null,
    author: oracle,
    description,
    license: 'GPL',
    loadOption: status === 'DISABLED' ? 'OFF' : 'FORCE',
  });
  const engine = (name: string, description: string): PluginRow => ({
    name,
    version: mariadb ? '1.0' : profile.version.split('.').slice(0, 2).join('.'),
    status: 'ACTIVE',
    type: 'STORAGE ENGINE',
    typeVersion: mariadb ? '100110.0' : `${profile.version.replace(/-.*/, '').split('.').map((p, i) => (i === 0 ? p : p.padStart(2, '0'))).join('')}.0`,
    library: null,
    author: oracle,
    description,
    license: 'GPL',
    loadOption: 'FORCE',
  });
  const rows: PluginRow[] = [
    engine('binlog', 'This is a pseudo storage engine to represent the binlog in a transaction'),
    auth('mysql_native_password', mariadb ? '1.0' : '1.1', 'Native MySQL authentication', nativeDisabled ? 'DISABLED' : 'ACTIVE'),
  ];
  if (mariadb) {
    rows.push(auth('mysql_old_password', '1.0', 'Old MySQL-4.0 authentication'));
  } else {
    rows.push(auth('sha256_password', '1.1', 'SHA256 password authentication'));
    if (profile.defaultEnabledPlugins.includes('caching_sha2_password')) rows.push(auth('caching_sha2_password', '1.0', 'Caching sha2 authentication'));
  }
  rows.push(
    engine('CSV', 'CSV storage engine'),
    engine('MEMORY', 'Hash based, stored in memory, useful for temporary tables'),
    engine('InnoDB', 'Supports transactions, row-level locking, and foreign keys'),
    engine('MyISAM', 'MyISAM storage engine'),
  );
  if (!mariadb) rows.push(engine('PERFORMANCE_SCHEMA', 'Performance Schema'));
  return rows;
}

export interface EngineRow {
  engine: string;
  support: string;
  comment: string;
  transactions: string | null;
  xa: string | null;
  savepoints: string | null;
}

export function engineRows(): EngineRow[] {
  return [
    { engine: 'MEMORY', support: 'YES', comment: 'Hash based, stored in memory, useful for temporary tables', transactions: 'NO', xa: 'NO', savepoints: 'NO' },
    { engine: 'MyISAM', support: 'YES', comment: 'MyISAM storage engine', transactions: 'NO', xa: 'NO', savepoints: 'NO' },
    { engine: 'CSV', support: 'YES', comment: 'CSV storage engine', transactions: 'NO', xa: 'NO', savepoints: 'NO' },
    { engine: 'InnoDB', support: 'DEFAULT', comment: 'Supports transactions, row-level locking, and foreign keys', transactions: 'YES', xa: 'YES', savepoints: 'YES' },
  ];
}

/** Id, User, Host, db, Command, Time, State, Info for every open session; the asking one is running a query. */
export function processlistRows(server: SqlServer, current: SqlSession): SqlValue[][] {
  return [...server.sessions.values()].map((s) =>
    s === current ? [s.id, s.user, s.clientHost, s.database, 'Query', 0, 'init', null] : [s.id, s.user, s.clientHost, s.database, 'Sleep', 0, '', null],
  );
}

// ---------------------------------------------------------------- built-in tables

export function informationSchemaTables(profile: Profile): TableProvider[] {
  const is = (name: string, columns: TableColumn[], rows: TableProvider['rows']): TableProvider => ({
    schema: INFORMATION_SCHEMA,
    name,
    columns,
    rows,
  });
  const v = (table: string, name: string, chars: number, notNull = true): TableColumn => varcharColumn(table, name, chars, notNull);
  const dataDictionary = profile.dataDictionary;

  const plugins = is(
    'PLUGINS',
    [
      v('PLUGINS', 'PLUGIN_NAME', 64),
      v('PLUGINS', 'PLUGIN_VERSION', 20),
      v('PLUGINS', 'PLUGIN_STATUS', 10),
      v('PLUGINS', 'PLUGIN_TYPE', 80),
      v('PLUGINS', 'PLUGIN_TYPE_VERSION', 20),
      v('PLUGINS', 'PLUGIN_LIBRARY', 64, false),
      v('PLUGINS', 'PLUGIN_LIBRARY_VERSION', 20, false),
      v('PLUGINS', 'PLUGIN_AUTHOR', 64, false),
      { ...v('PLUGINS', 'PLUGIN_DESCRIPTION', 0, false), type: ColumnType.BLOB, length: 196605, flags: ColumnFlag.BLOB },
      v('PLUGINS', 'PLUGIN_LICENSE', 80, false),
      v('PLUGINS', 'LOAD_OPTION', 64),
    ],
    () =>
      pluginRows(profile).map((p) => [
        p.name, p.version, p.status, p.type, p.typeVersion, p.library, null, p.author, p.description, p.license, p.loadOption,
      ]),
  );

  const schemataColumns = [
    v('SCHEMATA', 'CATALOG_NAME', 64),
    v('SCHEMATA', 'SCHEMA_NAME', 64),
    v('SCHEMATA', 'DEFAULT_CHARACTER_SET_NAME', 64),
    v('SCHEMATA', 'DEFAULT_COLLATION_NAME', 64),
    v('SCHEMATA', 'SQL_PATH', 512, false),
  ];
  if (dataDictionary) schemataColumns.push({ ...v('SCHEMATA', 'DEFAULT_ENCRYPTION', 3), type: ColumnType.STRING });
  const schemata = is('SCHEMATA', schemataColumns, async (ctx) => {
    const names = await ctx.visibleDatabases();
    return names.map((name) => {
      const row: SqlValue[] = ['def', name, profile.defaultCharset, profile.defaultCollation, null];
      if (dataDictionary) row.push('NO');
      return row;
    });
  });

  const userAttributes = is(
    'USER_ATTRIBUTES',
    [v('USER_ATTRIBUTES', 'USER', 32), v('USER_ATTRIBUTES', 'HOST', 255), { ...v('USER_ATTRIBUTES', 'ATTRIBUTE', 0, false), type: ColumnType.BLOB, length: 4294967295, flags: ColumnFlag.BLOB }],
    () => [],
  );

  const engines = is(
    'ENGINES',
    [v('ENGINES', 'ENGINE', 64), v('ENGINES', 'SUPPORT', 8), v('ENGINES', 'COMMENT', 80), v('ENGINES', 'TRANSACTIONS', 3, false), v('ENGINES', 'XA', 3, false), v('ENGINES', 'SAVEPOINTS', 3, false)],
    () => engineRows().map((e) => [e.engine, e.support, e.comment, e.transactions, e.xa, e.savepoints]),
  );

  const characterSets = is(
    'CHARACTER_SETS',
    [v('CHARACTER_SETS', 'CHARACTER_SET_NAME', 64), v('CHARACTER_SETS', 'DEFAULT_COLLATE_NAME', 64), v('CHARACTER_SETS', 'DESCRIPTION', 2048), bigintColumn('CHARACTER_SETS', 'MAXLEN')],
    () => CHARSETS.map((c) => [c.name, defaultCollationOf(c.name, profile).name, c.description, c.maxLen]),
  );

  const collations = is(
    'COLLATIONS',
    [v('COLLATIONS', 'COLLATION_NAME', 64), v('COLLATIONS', 'CHARACTER_SET_NAME', 64), bigintColumn('COLLATIONS', 'ID'), v('COLLATIONS', 'IS_DEFAULT', 3), v('COLLATIONS', 'IS_COMPILED', 3), bigintColumn('COLLATIONS', 'SORTLEN'), v('COLLATIONS', 'PAD_ATTRIBUTE', 9)],
    () => collationsFor(profile).map((c) => [c.name, c.charset, c.id, defaultCollationOf(c.charset, profile).name === c.name ? 'Yes' : '', 'Yes', 1, c.padAttribute]),
  );

  const processlist = is(
    'PROCESSLIST',
    [bigintColumn('PROCESSLIST', 'ID'), v('PROCESSLIST', 'USER', 32), v('PROCESSLIST', 'HOST', 261), v('PROCESSLIST', 'DB', 64, false), v('PROCESSLIST', 'COMMAND', 16), { ...bigintColumn('PROCESSLIST', 'TIME'), flags: ColumnFlag.NOT_NULL | ColumnFlag.BINARY }, v('PROCESSLIST', 'STATE', 64, false), v('PROCESSLIST', 'INFO', 65535, false)],
    (ctx) => processlistRows(ctx.server, ctx.session),
  );

  return [plugins, schemata, userAttributes, engines, characterSets, collations, processlist];
}
