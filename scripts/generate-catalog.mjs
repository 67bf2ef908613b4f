#!/usr/bin/env node
/**
 * Writes src/sql/catalog/definitions/<profile>.ts from the research catalog
 * (one JSON file per server: every table of mysql, information_schema,
 * performance_schema and sys with its columns, indexes and SHOW CREATE
 * TABLE text where a server printed it; the sys routines; SHOW PRIVILEGES
 * and SHOW ENGINES rows; see docs/catalog.md for where each was read).
 *
 *   node scripts/generate-catalog.mjs DIR
 *
 * DIR holds mysql-8.4.json, mysql-8.0.json, mysql-5.7.json, mysql-5.6.json
 * and mariadb-10.11.json. Each profile's catalog is written as one text in
 * the line format src/sql/catalog/model.ts decodes, deflated and base64-
 * encoded (about 180 KB for all five instead of 1.2 MB, which would cost
 * some 12 ms of module loading at every start); only the server's own
 * profile is ever inflated and decoded, on first use. `--dump PROFILE`
 * prints a profile's text. A server's exact CREATE TABLE text is kept only where
 * src/sql/catalog/create-table.ts (compiled here with esbuild) would print
 * it differently.
 *
 * Corrections made here, each inferred and listed in docs/catalog.md:
 * - MySQL 5.6: the research tree is the 5.6.6 labs milestone; GA 5.6 has no
 *   mysql.host and has mysql.user.password_expired.
 * - MySQL sys views: the research lists names only; their columns are
 *   MariaDB 10.11's sys views' (the same sys schema, ported), with MySQL's
 *   collations and integer types.
 * - MySQL sys triggers: sys_config_insert_set_user and
 *   sys_config_update_set_user (BEFORE INSERT / UPDATE on sys_config).
 * - MySQL 8.4 information_schema.INNODB_* columns without a type.
 * - performance_schema tables without index data: PRIMARY over the PRI
 *   columns; MySQL's performance_schema indexes are HASH indexes.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import { join } from 'node:path';
import { build } from 'esbuild';

const dir = process.argv[2];
if (!dir) throw new Error('usage: generate-catalog.mjs DIR [--dump PROFILE]');
const dump = process.argv[3] === '--dump' ? process.argv[4] : undefined;
const root = new URL('..', import.meta.url).pathname;
const out = join(root, 'src/sql/catalog/definitions');
mkdirSync(out, { recursive: true });

// The renderer, compiled from TypeScript so the generator and the server print alike.
const bundle = await build({
  entryPoints: [join(root, 'src/sql/catalog/create-table.ts')],
  bundle: true,
  format: 'esm',
  platform: 'node',
  write: false,
});
const { renderCreateTable } = await import(`data:text/javascript;base64,${Buffer.from(bundle.outputFiles[0].text).toString('base64')}`);

const PROFILES = {
  'mysql-8.4': { dialect: 'mysql-8', schemas: { information_schema: 'utf8mb3_general_ci', mysql: 'utf8mb4_0900_ai_ci', performance_schema: 'utf8mb4_0900_ai_ci', sys: 'utf8mb4_0900_ai_ci' } },
  'mysql-8.0': { dialect: 'mysql-8', schemas: { information_schema: 'utf8mb3_general_ci', mysql: 'utf8mb4_0900_ai_ci', performance_schema: 'utf8mb4_0900_ai_ci', sys: 'utf8mb4_0900_ai_ci' } },
  'mysql-5.7': { dialect: 'mysql-5', schemas: { information_schema: 'utf8_general_ci', mysql: 'latin1_swedish_ci', performance_schema: 'utf8_general_ci', sys: 'utf8_general_ci' } },
  'mysql-5.6': { dialect: 'mysql-5', schemas: { information_schema: 'utf8_general_ci', mysql: 'latin1_swedish_ci', performance_schema: 'utf8_general_ci' } },
  'mariadb-10.11': { dialect: 'mariadb', schemas: { information_schema: 'utf8mb3_general_ci', mysql: 'latin1_swedish_ci', performance_schema: 'utf8mb3_general_ci', sys: 'utf8mb3_general_ci' } },
};

// ---------------------------------------------------------------- the text format (model.ts)

const esc = (v) =>
  v === null || v === undefined
    ? '\\N'
    : String(v).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/`/g, '\\q').replace(/\$/g, '\\d');
const line = (...fields) => fields.map(esc).join('\t');
const TYPE_CODE = { 'BASE TABLE': 'B', VIEW: 'V', 'SYSTEM VIEW': 'S' };

// ---------------------------------------------------------------- normalising the research JSON

/** information_schema.INNODB_* columns the research could not type (8.4, inferred from the manual). */
const INNODB_TYPES = {
  'INNODB_TABLES.NAME': 'varchar(655)',
  'INNODB_TABLESPACES.NAME': 'varchar(655)',
  'INNODB_TRX.trx_requested_lock_id': 'varchar(105)',
  'INNODB_DATAFILES.SPACE': 'varbinary(256)',
  'INNODB_DATAFILES.PATH': 'varchar(512)',
  'INNODB_FIELDS.INDEX_ID': 'varbinary(256)',
  'INNODB_FIELDS.NAME': 'varchar(64)',
  'INNODB_FIELDS.POS': 'bigint unsigned',
  'INNODB_FOREIGN.ID': 'varchar(129)',
  'INNODB_FOREIGN.FOR_NAME': 'varchar(129)',
  'INNODB_FOREIGN.REF_NAME': 'varchar(129)',
  'INNODB_FOREIGN.N_COLS': 'bigint',
  'INNODB_FOREIGN.TYPE': 'bigint unsigned',
  'INNODB_FOREIGN_COLS.ID': 'varchar(129)',
  'INNODB_FOREIGN_COLS.FOR_COL_NAME': 'varchar(64)',
  'INNODB_FOREIGN_COLS.REF_COL_NAME': 'varchar(64)',
  'INNODB_FOREIGN_COLS.POS': 'int unsigned',
  'INNODB_TABLESPACES_BRIEF.SPACE': 'varbinary(256)',
  'INNODB_TABLESPACES_BRIEF.NAME': 'varchar(268)',
  'INNODB_TABLESPACES_BRIEF.PATH': 'varchar(512)',
  'INNODB_TABLESPACES_BRIEF.FLAG': 'varbinary(256)',
  'INNODB_TABLESPACES_BRIEF.SPACE_TYPE': 'varchar(7)',
};

function normaliseColumn(schema, table, c, dialect) {
  let columnType = c.columnType;
  let inferred = false;
  if (!columnType) {
    columnType = INNODB_TYPES[`${table}.${c.name}`] ?? 'varchar(64)';
    inferred = true;
  }
  let collation = c.collation ?? null;
  if (collation === null && inferred && /char|text/i.test(columnType) && !/binary/i.test(columnType)) collation = 'utf8mb3_general_ci';
  return {
    inferred,
    column: {
      name: c.name,
      columnType,
      collation,
      nullable: c.nullable ?? true,
      key: c.key ?? '',
      default: c.default ?? null,
      extra: c.extra ?? '',
      comment: c.comment ?? '',
    },
  };
}

function normaliseIndexes(t, schema, columns) {
  const ps = schema === 'performance_schema';
  let indexes = (t.indexes ?? []).map((i) => ({
    name: i.name,
    unique: !!i.unique,
    type: i.type ?? (ps ? 'HASH' : 'BTREE'),
    visible: i.visible !== false,
    comment: i.comment ?? '',
    columns: i.columns.map((c) => ({
      name: c.name,
      subPart: c.subPart ?? null,
      collation: c.collation === undefined ? ((i.type ?? (ps ? 'HASH' : 'BTREE')) === 'BTREE' ? 'A' : null) : c.collation,
    })),
  }));
  // SHOW INDEX lists the primary key first, then the others in definition order.
  indexes.sort((a, b) => (a.name === 'PRIMARY' ? -1 : b.name === 'PRIMARY' ? 1 : 0));
  let inferred = false;
  if (indexes.length === 0 && columns.some((c) => c.key === 'PRI')) {
    indexes = [{ name: 'PRIMARY', unique: true, type: ps ? 'HASH' : 'BTREE', visible: true, comment: '', columns: columns.filter((c) => c.key === 'PRI').map((c) => ({ name: c.name, subPart: null, collation: ps ? null : 'A' })) }];
    inferred = true;
  }
  return { indexes, inferred };
}

/** MariaDB's sys view columns as MySQL would type them (utf8mb3 -> the profile's charset, no integer display widths in 8.x). */
function borrowColumn(c, dialect) {
  let columnType = c.columnType;
  let collation = c.collation;
  if (dialect === 'mysql-8') {
    columnType = columnType.replace(/^(tinyint|smallint|mediumint|int|bigint)\((\d+)\)/, (m, base, n) => (base === 'tinyint' && n === '1' ? m : base));
    if (collation === 'utf8mb3_general_ci') collation = 'utf8mb4_0900_ai_ci';
    if (collation === 'utf8mb3_bin') collation = 'utf8mb4_bin';
  } else if (collation) {
    collation = collation.replace(/^utf8mb3_/, 'utf8_');
  }
  // MariaDB spells defaults as expressions ('x', NULL); MySQL as bare values.
  let def = c.default ?? null;
  if (def === 'NULL') def = null;
  else if (def !== null && /^'.*'$/.test(def)) def = def.slice(1, -1).replace(/''/g, "'");
  else if (def !== null && /^current_timestamp\(\)$/i.test(def)) def = 'CURRENT_TIMESTAMP';
  const extra = (c.extra ?? '').replace(/on update current_timestamp\(\)/i, 'on update CURRENT_TIMESTAMP');
  return { ...c, columnType, collation, default: def, extra: def === 'CURRENT_TIMESTAMP' ? `DEFAULT_GENERATED${extra ? ' ' + extra : ''}` : extra };
}

function tableRecord(schema, t, dialect, extraInferred = false) {
  let inferred = extraInferred || !!t.inferred;
  const columns = t.columns.map((c) => {
    const n = normaliseColumn(schema, t.name, c, dialect);
    inferred ||= n.inferred;
    return n.column;
  });
  const ix = normaliseIndexes(t, schema, columns);
  inferred ||= ix.inferred;
  let type = t.type ?? 'BASE TABLE';
  let engine = t.engine ?? null;
  let collation = t.collation ?? null;
  if (schema === 'performance_schema' && type === 'BASE TABLE') {
    engine ??= 'PERFORMANCE_SCHEMA';
    collation ??= dialect === 'mysql-8' ? 'utf8mb4_0900_ai_ci' : dialect === 'mysql-5' ? 'utf8_general_ci' : 'utf8mb3_general_ci';
  }
  // 5.7's funcs_1 results mask the engine of information_schema tables with BLOBs: they are on-disk
  // temporary tables, in internal_tmp_disk_storage_engine (InnoDB by default; 5.6 used MyISAM).
  if (engine === 'TMP_TABLE_ENGINE') engine = 'InnoDB';
  if (schema === 'information_schema' && dialect === 'mysql-8' && t.kind === 'memory_table') {
    engine ??= 'MEMORY';
    collation ??= 'utf8mb3_general_ci';
  }
  return {
    schema,
    name: t.name,
    type,
    engine,
    rowFormat: t.rowFormat ?? null,
    collation,
    comment: t.comment ?? '',
    createOptions: t.createOptions ?? '',
    kind: t.kind ?? '',
    inferred,
    columns,
    indexes: ix.indexes,
    createTable: t.createTable ?? null,
  };
}

// ---------------------------------------------------------------- per profile

const mariadb = JSON.parse(readFileSync(join(dir, 'mariadb-10.11.json'), 'utf8'));
const mariaSys = new Map(mariadb.schemas.sys.tables.map((t) => [t.name, t]));

/** The sys functions' return types (scripts/sys_schema/functions/*.sql; inferred: the research lists names only). */
const SYS_RETURNS = {
  extract_schema_from_file_name: 'varchar(64)',
  extract_table_from_file_name: 'varchar(64)',
  format_bytes: 'text',
  format_path: 'varchar(512)',
  format_statement: 'longtext',
  format_time: 'text',
  list_add: 'text',
  list_drop: 'text',
  ps_is_account_enabled: "enum('YES','NO')",
  ps_is_consumer_enabled: "enum('YES','NO')",
  ps_is_instrument_default_enabled: "enum('YES','NO')",
  ps_is_instrument_default_timed: "enum('YES','NO')",
  ps_is_thread_instrumented: "enum('YES','NO','UNKNOWN')",
  ps_thread_account: 'text',
  ps_thread_id: 'bigint unsigned',
  ps_thread_stack: 'longtext',
  ps_thread_trx_info: 'longtext',
  quote_identifier: 'text',
  sys_get_config: 'varchar(128)',
  version_major: 'tinyint unsigned',
  version_minor: 'tinyint unsigned',
  version_patch: 'tinyint unsigned',
};

/** A return type as each family prints it (5.x and MariaDB keep integer display widths). */
function returnType(name, dialect) {
  const t = SYS_RETURNS[name] ?? null;
  if (t === null || dialect === 'mysql-8') return t;
  return t.replace(/^bigint unsigned$/, 'bigint(20) unsigned').replace(/^tinyint unsigned$/, 'tinyint(3) unsigned');
}

const SYS_TRIGGERS = [
  ['sys_config_insert_set_user', 'sys_config', 'INSERT', 'BEFORE'],
  ['sys_config_update_set_user', 'sys_config', 'UPDATE', 'BEFORE'],
];

let totalKept = 0;
for (const [profile, { dialect, schemas }] of Object.entries(PROFILES)) {
  const data = profile === 'mariadb-10.11' ? mariadb : JSON.parse(readFileSync(join(dir, `${profile}.json`), 'utf8'));
  const tables = [];
  for (const schema of ['mysql', 'information_schema', 'performance_schema']) {
    let list = data.schemas[schema].tables;
    // MariaDB lists information_schema in its own order (the built-in tables, then the plugins'), not by name.
    const shown = data.show.other?.[`full_tables.${schema}`]?.rows?.map((r) => r[0]);
    if (dialect === 'mariadb' && schema === 'information_schema' && shown) list = [...list].sort((a, b) => shown.indexOf(a.name) - shown.indexOf(b.name));
    for (const t of list) {
      if (profile === 'mysql-5.6' && schema === 'mysql' && t.name === 'host') continue;
      const record = tableRecord(schema, t, dialect);
      if (profile === 'mysql-5.6' && schema === 'mysql' && t.name === 'user' && !record.columns.some((c) => c.name === 'password_expired')) {
        record.columns.push({ name: 'password_expired', columnType: "enum('N','Y')", collation: 'utf8_general_ci', nullable: false, key: '', default: 'N', extra: '', comment: '' });
        record.createTable = null;
        record.inferred = true;
      }
      tables.push(record);
    }
  }
  const routines = [];
  const triggers = [];
  if (data.schemas.sys) {
    const sys = data.schemas.sys;
    if (dialect === 'mariadb') {
      for (const t of sys.tables) tables.push(tableRecord('sys', t, dialect));
      for (const t of sys.triggers ?? []) triggers.push(t);
    } else if ((sys.views ?? []).length > 0) {
      for (const name of [...sys.baseTables, ...sys.views]) {
        const borrowed = mariaSys.get(name);
        const t = {
          name,
          type: sys.baseTables.includes(name) ? 'BASE TABLE' : 'VIEW',
          engine: sys.baseTables.includes(name) ? 'InnoDB' : null,
          rowFormat: sys.baseTables.includes(name) ? 'Dynamic' : null,
          collation: sys.baseTables.includes(name) ? schemas.sys : null,
          comment: sys.baseTables.includes(name) ? '' : 'VIEW',
          columns: (borrowed?.columns ?? []).map((c) => borrowColumn(c, dialect)),
          indexes: borrowed?.indexes ?? [],
        };
        tables.push(tableRecord('sys', t, dialect, true));
      }
      for (const [name, table, event, timing] of SYS_TRIGGERS) triggers.push({ name, table, event, timing });
    }
    for (const name of sys.procedures ?? []) routines.push({ schema: 'sys', name, type: 'P', returns: null });
    for (const name of sys.functions ?? []) routines.push({ schema: 'sys', name, type: 'F', returns: returnType(name, dialect) });
  }
  for (const r of data.schemas.mysql.routines ?? []) routines.push({ schema: 'mysql', name: r.name, type: r.type === 'FUNCTION' ? 'F' : 'P', returns: null });
  // MariaDB's routine comments, exact from its SHOW PROCEDURE / FUNCTION STATUS (MySQL's are not in the research: '').
  const comments = new Map();
  for (const k of ['procedure_status', 'function_status']) for (const row of data.show.other?.[k]?.rows ?? []) comments.set(`${row[0]}.${row[1]}`, row[7]);

  const lines = [line('D', dialect)];
  // all_sys_objects_exist.result ends its list with sys.version's sys_version value.
  const sysTriggers = data.schemas.sys?.triggers ?? [];
  const sysVersion = sysTriggers.includes('sys_version') ? sysTriggers[sysTriggers.indexOf('sys_version') + 1] : null;
  for (const [name, collation] of Object.entries(schemas)) lines.push(line('S', name, collation, name === 'sys' ? sysVersion : null));
  let kept = 0;
  for (const t of tables) {
    lines.push(line('T', t.schema, t.name, TYPE_CODE[t.type], t.engine, t.rowFormat, t.collation, t.comment, t.createOptions, t.kind, t.inferred ? 'I' : '-'));
    for (const c of t.columns) lines.push(line('C', c.name, c.columnType, c.collation, c.nullable ? 'Y' : 'N', c.key, c.default, c.extra, c.comment));
    for (const i of t.indexes) {
      const cols = i.columns.map((c) => `${c.name}:${c.subPart ?? ''}:${c.collation ?? '-'}`).join(',');
      lines.push(line('I', i.name, i.unique ? 'U' : '-', i.type, i.visible ? 'Y' : 'N', i.comment, cols));
    }
    if (t.createTable !== null && renderCreateTable({ ...t, createTable: null }, dialect) !== t.createTable) {
      lines.push(line('X', t.createTable));
      kept++;
    }
  }
  for (const r of routines) lines.push(line('R', r.schema, r.name, r.type, r.returns, comments.get(`${r.schema}.${r.name}`) ?? ''));
  for (const g of triggers) lines.push(line('G', 'sys', g.name, g.table, g.event, g.timing));
  for (const [privilege, context, comment] of data.show.privileges.rows) lines.push(line('P', privilege, context, comment));
  for (const row of data.show.engines.rows) lines.push(line('E', ...row));

  const ident = profile.replace(/[-.]/g, '_');
  const withText = tables.filter((t) => t.createTable !== null).length;
  const body = `${lines.join('\n')}\n`;
  if (dump === profile) process.stdout.write(body);
  const packed = deflateRawSync(body, { level: 9 }).toString('base64').replace(/.{1,120}/g, '$&\n');
  writeFileSync(
    join(out, `${profile}.ts`),
    `/**\n * ${profile}: every table of mysql, information_schema, performance_schema and sys with its columns and indexes,\n` +
      ` * the sys routines and triggers, SHOW PRIVILEGES and SHOW ENGINES: the line format of src/sql/catalog/model.ts,\n` +
      ` * deflated and base64-encoded (${body.length} bytes of text; \`node scripts/generate-catalog.mjs DIR --dump ${profile}\`\n` +
      ` * prints it). Generated by scripts/generate-catalog.mjs from the research catalog; do not edit.\n */\n` +
      `export const ${ident} = \`\n${packed}\`;\n`,
  );
  totalKept += kept;
  console.log(profile, tables.length, 'tables,', routines.length, 'routines;', withText, 'exact CREATE TABLE texts,', kept, 'kept (printed differently)');
}
console.log('kept', totalKept);
