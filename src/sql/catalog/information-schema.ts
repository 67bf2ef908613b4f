/**
 * information_schema's live tables, generated from the registry itself
 * (SCHEMATA, TABLES, COLUMNS, STATISTICS, KEY_COLUMN_USAGE,
 * TABLE_CONSTRAINTS, VIEWS, ROUTINES, TRIGGERS: every catalog table and
 * routine appears in them, filtered by what the session may see), from the
 * server's state (PROCESSLIST, PLUGINS, ENGINES, the character sets and
 * collations, the *_PRIVILEGES tables from the account store), and the row
 * sources SHOW shares with them. Rows are records by column name, so one
 * source serves every server's layout of the table.
 */
import type { Account } from '../../accounts/account.js';
import { DATABASE_PRIVILEGES, expandAll, TABLE_PRIVILEGES } from '../../accounts/privileges.js';
import { CHARSETS, collationsFor, defaultCollationOf } from '../../config/charsets.js';
import type { Profile } from '../../config/profiles.js';
import type { SqlValue } from '../../wire/result.js';
import { isSessionAccount, staticGlobalPrivileges } from '../access.js';
import type { RowsLookup, SqlServer, SqlSession, TableContext } from '../context.js';
import { columnNumbers } from './column-type.js';
import { formatTimestamp } from './grant-tables.js';
import type { CatalogDefinitions, RoutineDefinition, TableDefinition } from './model.js';
import type { RowRecord, TableRegistry } from './registry.js';
import { canSeeRoutines, canSeeTable, canSeeTriggers, columnPrivileges, seesAllGrants, seesAllProcesses } from './visibility.js';

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

/** SHOW ENGINES / information_schema.ENGINES: the server's engines (the research's rows for its profile). */
export function engineRows(defs: CatalogDefinitions): EngineRow[] {
  return defs.engines.map(([engine, support, comment, transactions, xa, savepoints]) => ({
    engine: engine ?? '',
    support: support ?? '',
    comment: comment ?? '',
    transactions: transactions ?? null,
    xa: xa ?? null,
    savepoints: savepoints ?? null,
  }));
}

/** The sessions a session may see in the process list: every one with PROCESS, else its own user's. */
export function visibleSessions(ctx: TableContext): SqlSession[] {
  const all = [...ctx.server.sessions.values()];
  if (seesAllProcesses(ctx)) return all;
  return all.filter((s) => s === ctx.session || s.user === ctx.session.user);
}

/** Id, User, Host, db, Command, Time, State, Info for every open session; the asking one is running a query. */
export function processlistRows(server: SqlServer, current: SqlSession, sessions: readonly SqlSession[] = [...server.sessions.values()]): SqlValue[][] {
  return sessions.map((s) =>
    s === current ? [s.id, s.user, s.clientHost, s.database, 'Query', 0, 'init', null] : [s.id, s.user, s.clientHost, s.database, 'Sleep', 0, '', null],
  );
}

/** When the system schemas were created: the first time this server's catalog was read, as a DATETIME text. */
export function installTime(ctx: TableContext, registry: TableRegistry): string {
  return formatTimestamp(registry.installTime(() => ctx.server.clock.now()));
}

/** A schema's default collation: the system schemas' from the definitions, others the server's. */
export function schemaCollation(defs: CatalogDefinitions, profile: Profile, schema: string): string {
  return defs.schemas.find((s) => s.name === schema.toLowerCase() || s.name === schema)?.collation ?? profile.defaultCollation;
}

/** The character set of a collation name (`utf8_general_ci` is 5.x's utf8). */
export function charsetOfCollation(collation: string): string {
  return collation === 'binary' ? 'binary' : collation.slice(0, collation.indexOf('_'));
}

// ---------------------------------------------------------------- generated from the registry

/** information_schema.TABLES (and SHOW TABLE STATUS) for one table. */
export function tableRecord(d: TableDefinition, defs: CatalogDefinitions, created: string): RowRecord {
  const view = d.type === 'VIEW';
  // MySQL 8's information_schema tables are system views over the data dictionary: no engine or format.
  const ddView = d.type === 'SYSTEM VIEW' && defs.dialect === 'mysql-8';
  const stored = !view && !ddView;
  const innodb = d.engine === 'InnoDB';
  return {
    TABLE_CATALOG: 'def',
    TABLE_SCHEMA: d.schema,
    TABLE_NAME: d.name,
    TABLE_TYPE: d.type,
    ENGINE: stored ? d.engine : null,
    VERSION: view ? null : 10,
    ROW_FORMAT: stored ? d.rowFormat : null,
    TABLE_ROWS: view ? null : 0,
    AVG_ROW_LENGTH: view ? null : 0,
    DATA_LENGTH: view ? null : innodb ? 16384 : 0,
    MAX_DATA_LENGTH: view ? null : 0,
    INDEX_LENGTH: view ? null : innodb ? 16384 * Math.max(0, d.indexes.filter((i) => i.name !== 'PRIMARY').length) : 0,
    DATA_FREE: view ? null : 0,
    AUTO_INCREMENT: null,
    CREATE_TIME: view && defs.dialect !== 'mysql-8' ? null : created,
    UPDATE_TIME: null,
    CHECK_TIME: null,
    TABLE_COLLATION: view ? null : d.collation,
    CHECKSUM: null,
    CREATE_OPTIONS: view ? null : d.createOptions,
    TABLE_COMMENT: view ? 'VIEW' : d.comment,
    MAX_INDEX_LENGTH: view ? null : 0,
    TEMPORARY: view ? null : d.type === 'SYSTEM VIEW' ? 'Y' : 'N',
  };
}

/** information_schema.COLUMNS (and SHOW COLUMNS) for each column of one table. */
export function columnRecords(ctx: TableContext, d: TableDefinition, dialect: CatalogDefinitions['dialect']): RowRecord[] {
  const privileges = columnPrivileges(ctx, d.schema, d.name);
  return d.columns.map((c, i) => {
    const n = columnNumbers(c);
    return {
      TABLE_CATALOG: 'def',
      TABLE_SCHEMA: d.schema,
      TABLE_NAME: d.name,
      COLUMN_NAME: c.name,
      ORDINAL_POSITION: i + 1,
      COLUMN_DEFAULT: c.default,
      IS_NULLABLE: c.nullable ? 'YES' : 'NO',
      DATA_TYPE: n.dataType,
      CHARACTER_MAXIMUM_LENGTH: n.characterMaximumLength,
      CHARACTER_OCTET_LENGTH: n.characterOctetLength,
      NUMERIC_PRECISION: n.numericPrecision,
      NUMERIC_SCALE: n.numericScale,
      DATETIME_PRECISION: n.datetimePrecision,
      CHARACTER_SET_NAME: n.characterSetName,
      COLLATION_NAME: c.collation,
      COLUMN_TYPE: c.columnType,
      COLUMN_KEY: c.key,
      EXTRA: c.extra,
      PRIVILEGES: privileges,
      COLUMN_COMMENT: c.comment,
      IS_GENERATED: 'NEVER',
      GENERATION_EXPRESSION: dialect === 'mariadb' ? null : '',
      SRS_ID: null,
    };
  });
}

/** information_schema.STATISTICS (and SHOW INDEX) for each index column of one table. */
export function statisticsRecords(d: TableDefinition): RowRecord[] {
  const out: RowRecord[] = [];
  for (const index of d.indexes) {
    index.columns.forEach((c, i) => {
      const column = d.columns.find((col) => col.name.toLowerCase() === c.name.toLowerCase());
      out.push({
        TABLE_CATALOG: 'def',
        TABLE_SCHEMA: d.schema,
        TABLE_NAME: d.name,
        NON_UNIQUE: index.unique ? 0 : 1,
        INDEX_SCHEMA: d.schema,
        INDEX_NAME: index.name,
        SEQ_IN_INDEX: i + 1,
        COLUMN_NAME: c.name,
        COLLATION: c.collation,
        CARDINALITY: index.type === 'HASH' ? null : 0,
        SUB_PART: c.subPart,
        PACKED: null,
        NULLABLE: column?.nullable ? 'YES' : '',
        INDEX_TYPE: index.type,
        COMMENT: '',
        INDEX_COMMENT: index.comment,
        IS_VISIBLE: index.visible ? 'YES' : 'NO',
        EXPRESSION: null,
        IGNORED: index.visible ? 'NO' : 'YES',
      });
    });
  }
  return out;
}

/** Column CHECK constraints, as a server's CREATE TABLE text shows them (MariaDB's JSON columns: CHECK (json_valid(`Priv`))). */
export function checkConstraints(d: TableDefinition): { name: string; clause: string }[] {
  if (d.createTable === null || d.type === 'VIEW') return [];
  const out: { name: string; clause: string }[] = [];
  for (const line of d.createTable.split('\n')) {
    const m = /^ {2}`([^`]+)` .* CHECK \((.*)\),?$/.exec(line);
    if (m) out.push({ name: m[1]!, clause: m[2]! });
  }
  return out;
}

/**
 * Whether a view is updatable (VIEWS.IS_UPDATABLE), from its definition:
 * not with TEMPTABLE, aggregates, DISTINCT, GROUP BY or UNION (MySQL's
 * rules, approximated; NO when the definition is not known).
 */
function viewUpdatable(algorithm: string, definition: string): boolean {
  if (definition === '' || algorithm === 'TEMPTABLE') return false;
  return !/\b(group by|distinct|union|having)\b|\b(sum|count|min|max|avg|group_concat)\(/i.test(definition);
}

/** Who defined the system schemas' routines and views. */
function systemDefiner(defs: CatalogDefinitions): string {
  return defs.dialect === 'mariadb' ? 'mariadb.sys@localhost' : 'mysql.sys@localhost';
}

/** The session character set the system schemas were created with. */
function creationCharset(defs: CatalogDefinitions): { client: string; connection: string } {
  if (defs.dialect === 'mysql-8') return { client: 'utf8mb4', connection: 'utf8mb4_0900_ai_ci' };
  if (defs.dialect === 'mysql-5') return { client: 'utf8', connection: 'utf8_general_ci' };
  return { client: 'utf8mb3', connection: 'utf8mb3_general_ci' };
}

/** information_schema.ROUTINES (and SHOW PROCEDURE / FUNCTION STATUS) for one routine. */
export function routineRecord(r: RoutineDefinition, defs: CatalogDefinitions, profile: Profile, created: string): RowRecord {
  const cs = creationCharset(defs);
  const returns = r.returns === null ? null : columnNumbers({ name: '', columnType: r.returns, collation: /char|text|enum|set/.test(r.returns) ? cs.connection : null, nullable: true, key: '', default: null, extra: '', comment: '' });
  return {
    SPECIFIC_NAME: r.name,
    ROUTINE_CATALOG: 'def',
    ROUTINE_SCHEMA: r.schema,
    ROUTINE_NAME: r.name,
    ROUTINE_TYPE: r.type,
    DATA_TYPE: returns?.dataType ?? '',
    CHARACTER_MAXIMUM_LENGTH: returns?.characterMaximumLength ?? null,
    CHARACTER_OCTET_LENGTH: returns?.characterOctetLength ?? null,
    NUMERIC_PRECISION: returns?.numericPrecision ?? null,
    NUMERIC_SCALE: returns?.numericScale ?? null,
    DATETIME_PRECISION: returns?.datetimePrecision ?? null,
    CHARACTER_SET_NAME: returns?.characterSetName ?? null,
    COLLATION_NAME: returns?.characterSetName ? cs.connection : null,
    DTD_IDENTIFIER: r.returns,
    ROUTINE_BODY: 'SQL',
    ROUTINE_DEFINITION: null,
    EXTERNAL_NAME: null,
    EXTERNAL_LANGUAGE: defs.dialect === 'mysql-8' ? 'SQL' : null,
    PARAMETER_STYLE: 'SQL',
    IS_DETERMINISTIC: 'NO',
    SQL_DATA_ACCESS: 'CONTAINS SQL',
    SQL_PATH: null,
    SECURITY_TYPE: 'INVOKER',
    CREATED: created,
    LAST_ALTERED: created,
    SQL_MODE: profile.sqlModeDefault,
    ROUTINE_COMMENT: r.comment,
    DEFINER: systemDefiner(defs),
    CHARACTER_SET_CLIENT: cs.client,
    COLLATION_CONNECTION: cs.connection,
    DATABASE_COLLATION: schemaCollation(defs, profile, r.schema),
  };
}

/** The body of sys_config's two triggers (scripts/sys_schema/triggers/sys_config_*_set_user.sql). */
const SYS_CONFIG_TRIGGER_BODY = 'BEGIN\n    IF @sys.ignore_sys_config_triggers != true AND NEW.set_by IS NULL THEN\n        SET NEW.set_by = USER();\n    END IF;\nEND';

/** information_schema.TRIGGERS (and SHOW TRIGGERS) records of the visible triggers. */
export function triggerRecords(ctx: TableContext, defs: CatalogDefinitions, profile: Profile, created: string): RowRecord[] {
  const cs = creationCharset(defs);
  return defs.triggers
    .filter((g) => canSeeTriggers(ctx, g.schema, g.table))
    .map((g) => ({
      TRIGGER_CATALOG: 'def',
      TRIGGER_SCHEMA: g.schema,
      TRIGGER_NAME: g.name,
      EVENT_MANIPULATION: g.event,
      EVENT_OBJECT_CATALOG: 'def',
      EVENT_OBJECT_SCHEMA: g.schema,
      EVENT_OBJECT_TABLE: g.table,
      ACTION_ORDER: 1,
      ACTION_CONDITION: null,
      ACTION_STATEMENT: SYS_CONFIG_TRIGGER_BODY,
      ACTION_ORIENTATION: 'ROW',
      ACTION_TIMING: g.timing,
      ACTION_REFERENCE_OLD_TABLE: null,
      ACTION_REFERENCE_NEW_TABLE: null,
      ACTION_REFERENCE_OLD_ROW: 'OLD',
      ACTION_REFERENCE_NEW_ROW: 'NEW',
      CREATED: `${created}.00`,
      SQL_MODE: profile.sqlModeDefault,
      DEFINER: systemDefiner(defs),
      CHARACTER_SET_CLIENT: cs.client,
      COLLATION_CONNECTION: cs.connection,
      DATABASE_COLLATION: schemaCollation(defs, profile, g.schema),
    }));
}

/** The tables information_schema lists to this session, schema by schema. */
export function visibleTables(ctx: TableContext, registry: TableRegistry, schema?: string, lookup?: RowsLookup): TableDefinition[] {
  const tables = schema === undefined ? registry.all() : registry.tablesIn(schema);
  const wantSchema = lookup?.get('table_schema')?.toLowerCase();
  const wantName = lookup?.get('table_name')?.toLowerCase();
  const out: TableDefinition[] = [];
  for (const t of tables) {
    const d = t.definition;
    // The query's TABLE_SCHEMA / TABLE_NAME = '...' (a superset: compared case-insensitively; its WHERE decides).
    if (wantSchema !== undefined && d.schema.toLowerCase() !== wantSchema) continue;
    if (wantName !== undefined && d.name.toLowerCase() !== wantName) continue;
    if (canSeeTable(ctx, d.schema, d.name)) out.push(d);
  }
  return out;
}

// ---------------------------------------------------------------- privileges

const grantee = (a: Account): string => `'${a.user}'@'${a.host}'`;
const yesNo = (b: boolean): string => (b ? 'YES' : 'NO');

function grantAccounts(ctx: TableContext): Account[] {
  const all = ctx.server.accounts.list();
  return seesAllGrants(ctx) ? [...all] : all.filter((a) => isSessionAccount(ctx, a.user, a.host));
}

/** USER_PRIVILEGES: one row per global privilege (USAGE when there is none), static then dynamic. */
export function userPrivilegeRecords(ctx: TableContext): RowRecord[] {
  const out: RowRecord[] = [];
  const statics = staticGlobalPrivileges(ctx);
  for (const a of grantAccounts(ctx)) {
    const held = statics.filter((p) => a.globalPrivileges.has(p) || a.globalPrivileges.has('ALL PRIVILEGES'));
    const dynamic = ctx.server.profile.dynamicPrivileges ? [...a.dynamicPrivileges.entries()] : [];
    if (held.length === 0 && dynamic.length === 0) out.push({ GRANTEE: grantee(a), TABLE_CATALOG: 'def', PRIVILEGE_TYPE: 'USAGE', IS_GRANTABLE: yesNo(a.globalGrantOption) });
    for (const p of held) out.push({ GRANTEE: grantee(a), TABLE_CATALOG: 'def', PRIVILEGE_TYPE: p, IS_GRANTABLE: yesNo(a.globalGrantOption) });
    for (const [p, grantable] of dynamic) out.push({ GRANTEE: grantee(a), TABLE_CATALOG: 'def', PRIVILEGE_TYPE: p, IS_GRANTABLE: yesNo(grantable) });
  }
  return out;
}

/** SCHEMA_PRIVILEGES: one row per privilege of each schema-level grant. */
export function schemaPrivilegeRecords(ctx: TableContext): RowRecord[] {
  const out: RowRecord[] = [];
  for (const a of grantAccounts(ctx)) {
    for (const [db, grant] of a.databasePrivileges) {
      for (const p of DATABASE_PRIVILEGES.filter((x) => expandAll(grant.privileges, DATABASE_PRIVILEGES).has(x))) {
        out.push({ GRANTEE: grantee(a), TABLE_CATALOG: 'def', TABLE_SCHEMA: db, PRIVILEGE_TYPE: p, IS_GRANTABLE: yesNo(grant.grantOption) });
      }
    }
  }
  return out;
}

/** TABLE_PRIVILEGES: one row per privilege of each table-level grant. */
export function tablePrivilegeRecords(ctx: TableContext): RowRecord[] {
  const out: RowRecord[] = [];
  for (const a of grantAccounts(ctx)) {
    for (const [key, grant] of a.tablePrivileges) {
      const dot = key.indexOf('.');
      for (const p of TABLE_PRIVILEGES.filter((x) => expandAll(grant.privileges, TABLE_PRIVILEGES).has(x))) {
        out.push({ GRANTEE: grantee(a), TABLE_CATALOG: 'def', TABLE_SCHEMA: key.slice(0, dot), TABLE_NAME: key.slice(dot + 1), PRIVILEGE_TYPE: p, IS_GRANTABLE: yesNo(grant.grantOption) });
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------- registration

/** Registers information_schema's live tables (sources only: nothing is computed until read). */
export function registerInformationSchema(registry: TableRegistry, profile: Profile): void {
  const is = (
    name: string,
    records: (ctx: TableContext, defs: CatalogDefinitions, lookup: RowsLookup | undefined) => readonly RowRecord[] | Promise<readonly RowRecord[]>,
  ) => registry.registerRecords({ schema: INFORMATION_SCHEMA, name, records: (ctx, _table, lookup) => records(ctx, registry.definitions(), lookup) });

  is('SCHEMATA', async (ctx, defs) => {
    const names = (await ctx.visibleDatabases()).sort();
    return names.map((name) => {
      const collation = schemaCollation(defs, profile, name);
      return {
        CATALOG_NAME: 'def',
        SCHEMA_NAME: name,
        DEFAULT_CHARACTER_SET_NAME: charsetOfCollation(collation),
        DEFAULT_COLLATION_NAME: collation,
        SQL_PATH: null,
        DEFAULT_ENCRYPTION: 'NO',
        SCHEMA_COMMENT: '',
      };
    });
  });
  is('SCHEMATA_EXTENSIONS', async (ctx) => (await ctx.visibleDatabases()).sort().map((name) => ({ CATALOG_NAME: 'def', SCHEMA_NAME: name, OPTIONS: '' })));
  // TABLES, COLUMNS and STATISTICS read only the tables a WHERE on TABLE_SCHEMA / TABLE_NAME can match.
  is('TABLES', (ctx, defs, lookup) => {
    const created = installTime(ctx, registry);
    return visibleTables(ctx, registry, undefined, lookup).map((d) => tableRecord(d, defs, created));
  });
  is('COLUMNS', (ctx, defs, lookup) => visibleTables(ctx, registry, undefined, lookup).flatMap((d) => columnRecords(ctx, d, defs.dialect)));
  // No table here is partitioned: one row per base table, its partition columns NULL (as MySQL lists a
  // table without partitions), its sizes those of TABLES.
  is('PARTITIONS', (ctx, defs) => {
    const created = installTime(ctx, registry);
    return visibleTables(ctx, registry)
      .filter((d) => d.type === 'BASE TABLE')
      .map((d) => {
        const t = tableRecord(d, defs, created);
        return {
          TABLE_CATALOG: 'def',
          TABLE_SCHEMA: d.schema,
          TABLE_NAME: d.name,
          PARTITION_NAME: null,
          SUBPARTITION_NAME: null,
          PARTITION_ORDINAL_POSITION: null,
          SUBPARTITION_ORDINAL_POSITION: null,
          PARTITION_METHOD: null,
          SUBPARTITION_METHOD: null,
          PARTITION_EXPRESSION: null,
          SUBPARTITION_EXPRESSION: null,
          PARTITION_DESCRIPTION: null,
          TABLE_ROWS: t.TABLE_ROWS,
          AVG_ROW_LENGTH: t.AVG_ROW_LENGTH,
          DATA_LENGTH: t.DATA_LENGTH,
          MAX_DATA_LENGTH: t.MAX_DATA_LENGTH,
          INDEX_LENGTH: t.INDEX_LENGTH,
          DATA_FREE: t.DATA_FREE,
          CREATE_TIME: t.CREATE_TIME,
          UPDATE_TIME: null,
          CHECK_TIME: null,
          CHECKSUM: null,
          PARTITION_COMMENT: '',
          NODEGROUP: null,
          TABLESPACE_NAME: null,
        };
      });
  });
  is('STATISTICS', (ctx, _defs, lookup) => visibleTables(ctx, registry, undefined, lookup).flatMap(statisticsRecords));
  is('KEY_COLUMN_USAGE', (ctx) =>
    visibleTables(ctx, registry).flatMap((d) =>
      d.indexes
        .filter((i) => i.unique && i.type !== 'HASH')
        .flatMap((i) =>
          i.columns.map((c, n) => ({
            CONSTRAINT_CATALOG: 'def',
            CONSTRAINT_SCHEMA: d.schema,
            CONSTRAINT_NAME: i.name,
            TABLE_CATALOG: 'def',
            TABLE_SCHEMA: d.schema,
            TABLE_NAME: d.name,
            COLUMN_NAME: c.name,
            ORDINAL_POSITION: n + 1,
            POSITION_IN_UNIQUE_CONSTRAINT: null,
            REFERENCED_TABLE_SCHEMA: null,
            REFERENCED_TABLE_NAME: null,
            REFERENCED_COLUMN_NAME: null,
          })),
        ),
    ),
  );
  is('TABLE_CONSTRAINTS', (ctx) =>
    visibleTables(ctx, registry).flatMap((d) => [
      ...d.indexes
        .filter((i) => i.unique && i.type !== 'HASH')
        .map((i) => ({
          CONSTRAINT_CATALOG: 'def',
          CONSTRAINT_SCHEMA: d.schema,
          CONSTRAINT_NAME: i.name,
          TABLE_SCHEMA: d.schema,
          TABLE_NAME: d.name,
          CONSTRAINT_TYPE: i.name === 'PRIMARY' ? 'PRIMARY KEY' : 'UNIQUE',
          ENFORCED: 'YES',
        })),
      ...checkConstraints(d).map((c) => ({
        CONSTRAINT_CATALOG: 'def',
        CONSTRAINT_SCHEMA: d.schema,
        CONSTRAINT_NAME: c.name,
        TABLE_SCHEMA: d.schema,
        TABLE_NAME: d.name,
        CONSTRAINT_TYPE: 'CHECK',
        ENFORCED: 'YES',
      })),
    ]),
  );
  is('CHECK_CONSTRAINTS', (ctx) =>
    visibleTables(ctx, registry).flatMap((d) =>
      checkConstraints(d).map((c) => ({ CONSTRAINT_CATALOG: 'def', CONSTRAINT_SCHEMA: d.schema, TABLE_NAME: d.name, CONSTRAINT_NAME: c.name, LEVEL: 'Column', CHECK_CLAUSE: c.clause, ENFORCED: 'YES' })),
    ),
  );
  is('VIEWS', (ctx, defs) => {
    const cs = creationCharset(defs);
    return visibleTables(ctx, registry)
      .filter((d) => d.type === 'VIEW')
      .map((d) => {
        // Where the server's CREATE VIEW text is known (MariaDB), its parts; else MySQL's sys defaults and no definition.
        const m = /^CREATE ALGORITHM=(\w+) DEFINER=`([^`]*)`@`([^`]*)` SQL SECURITY (\w+) VIEW `[^`]*`\.`[^`]*` AS ([\s\S]*)$/.exec(d.createTable ?? '');
        return {
          TABLE_CATALOG: 'def',
          TABLE_SCHEMA: d.schema,
          TABLE_NAME: d.name,
          VIEW_DEFINITION: m ? m[5]! : '',
          CHECK_OPTION: 'NONE',
          IS_UPDATABLE: m && viewUpdatable(m[1]!, m[5]!) ? 'YES' : 'NO',
          DEFINER: m ? `${m[2]}@${m[3]}` : systemDefiner(defs),
          SECURITY_TYPE: m ? m[4]! : d.schema === 'sys' ? 'INVOKER' : 'DEFINER',
          CHARACTER_SET_CLIENT: d.schema === 'mysql' && defs.dialect === 'mariadb' ? 'latin1' : cs.client,
          COLLATION_CONNECTION: d.schema === 'mysql' && defs.dialect === 'mariadb' ? 'latin1_swedish_ci' : cs.connection,
          ALGORITHM: m ? m[1]! : 'UNDEFINED',
        };
      });
  });
  is('ROUTINES', (ctx, defs) => {
    const created = installTime(ctx, registry);
    return defs.routines.filter((r) => canSeeRoutines(ctx, r.schema)).map((r) => routineRecord(r, defs, profile, created));
  });
  is('TRIGGERS', (ctx, defs) => triggerRecords(ctx, defs, profile, installTime(ctx, registry)));
  is('CHARACTER_SETS', () =>
    CHARSETS.map((c) => ({ CHARACTER_SET_NAME: c.name, DEFAULT_COLLATE_NAME: defaultCollationOf(c.name, profile).name, DESCRIPTION: c.description, MAXLEN: c.maxLen })),
  );
  is('COLLATIONS', () =>
    collationsFor(profile).map((c) => ({
      COLLATION_NAME: c.name,
      CHARACTER_SET_NAME: c.charset,
      ID: c.id,
      IS_DEFAULT: defaultCollationOf(c.charset, profile).name === c.name ? 'Yes' : '',
      IS_COMPILED: 'Yes',
      SORTLEN: 1,
      PAD_ATTRIBUTE: c.padAttribute,
    })),
  );
  is('COLLATION_CHARACTER_SET_APPLICABILITY', () =>
    collationsFor(profile).map((c) => ({ COLLATION_NAME: c.name, CHARACTER_SET_NAME: c.charset, FULL_COLLATION_NAME: c.name, ID: c.id, IS_DEFAULT: defaultCollationOf(c.charset, profile).name === c.name ? 'Yes' : '' })),
  );
  is('ENGINES', (_ctx, defs) =>
    engineRows(defs).map((e) => ({ ENGINE: e.engine, SUPPORT: e.support, COMMENT: e.comment, TRANSACTIONS: e.transactions, XA: e.xa, SAVEPOINTS: e.savepoints })),
  );
  is('PLUGINS', () =>
    pluginRows(profile).map((p) => ({
      PLUGIN_NAME: p.name,
      PLUGIN_VERSION: p.version,
      PLUGIN_STATUS: p.status,
      PLUGIN_TYPE: p.type,
      PLUGIN_TYPE_VERSION: p.typeVersion,
      PLUGIN_LIBRARY: p.library,
      PLUGIN_LIBRARY_VERSION: null,
      PLUGIN_AUTHOR: p.author,
      PLUGIN_DESCRIPTION: p.description,
      PLUGIN_LICENSE: p.license,
      LOAD_OPTION: p.loadOption,
      PLUGIN_MATURITY: 'Stable',
      PLUGIN_AUTH_VERSION: p.version,
    })),
  );
  is('PROCESSLIST', (ctx) =>
    processlistRows(ctx.server, ctx.session, visibleSessions(ctx)).map(([id, user, host, db, command, time, state, info]) => ({
      ID: id!,
      USER: user!,
      HOST: host!,
      DB: db!,
      COMMAND: command!,
      TIME: time!,
      STATE: state!,
      INFO: info!,
      TIME_MS: '0.000',
      STAGE: 0,
      MAX_STAGE: 0,
      PROGRESS: '0.000',
      MEMORY_USED: 0,
      MAX_MEMORY_USED: 0,
      EXAMINED_ROWS: 0,
      QUERY_ID: 0,
      INFO_BINARY: null,
      TID: id!,
    })),
  );
  is('USER_PRIVILEGES', userPrivilegeRecords);
  is('SCHEMA_PRIVILEGES', schemaPrivilegeRecords);
  is('TABLE_PRIVILEGES', tablePrivilegeRecords);
  // Variables and status (MariaDB's and 5.x's information_schema; 5.7 shows them only with show_compatibility_56, empty here).
  const compatibilityOff = (ctx: TableContext) => ctx.server.variables.definition('show_compatibility_56') !== undefined && String(ctx.server.variables.get('show_compatibility_56', 'global')) !== '1' && ctx.server.variables.get('show_compatibility_56', 'global') !== 'ON';
  const variables = (scope: 'global' | 'session') => (ctx: TableContext) =>
    compatibilityOff(ctx) ? [] : ctx.server.variables.list(scope, ctx.session).map((v) => ({ VARIABLE_NAME: v.name.toUpperCase(), VARIABLE_VALUE: v.value }));
  const status = (scope: 'global' | 'session') => (ctx: TableContext) =>
    compatibilityOff(ctx) ? [] : ctx.server.status.list(scope, { threadsConnected: ctx.server.sessions.size }, ctx.session).map((v) => ({ VARIABLE_NAME: v.name.toUpperCase(), VARIABLE_VALUE: v.value }));
  is('GLOBAL_VARIABLES', variables('global'));
  is('SESSION_VARIABLES', variables('session'));
  is('GLOBAL_STATUS', status('global'));
  is('SESSION_STATUS', status('session'));
}
