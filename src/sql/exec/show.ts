/**
 * SHOW statements that are not about accounts, answered from the catalog:
 * the same definitions and row sources as information_schema, so SHOW
 * COLUMNS and information_schema.COLUMNS agree. In MySQL 8 most SHOW
 * statements are SELECTs over information_schema views, so their result
 * columns are those views' columns, renamed; the others (SHOW PRIVILEGES,
 * SHOW CREATE ..., the replication statements) build their own.
 */
import { hasAnyPrivilegeOn, hasGlobalPrivilege } from '../../accounts/privileges.js';
import { CHARSETS, collationsFor, defaultCollationOf } from '../../config/charsets.js';
import { mysqlError } from '../../errors/mysql-error.js';
import { ColumnFlag, ColumnType, Charset, type ColumnDef, type RowsResult, type SqlValue } from '../../wire/result.js';
import { databaseAccessDenied, sessionAccount, tableAccessDenied } from '../access.js';
import { registryOf } from '../catalog/catalog.js';
import { renderCreateTable } from '../catalog/create-table.js';
import { NO_DEFAULT_VALUE_FLAG } from '../catalog/column-type.js';
import {
  charsetOfCollation,
  columnRecords,
  engineRows,
  installTime,
  pluginRows,
  processlistRows,
  routineRecord,
  schemaCollation,
  statisticsRecords,
  tableRecord,
  triggerRecords,
  visibleSessions,
  visibleTables,
} from '../catalog/information-schema.js';
import type { CatalogDefinitions, TableDefinition } from '../catalog/model.js';
import type { RowRecord, TableRegistry } from '../catalog/registry.js';
import { canSeeRoutines, canSeeTable } from '../catalog/visibility.js';
import type { TableContext } from '../context.js';
import type { Profile } from '../../config/profiles.js';
import { NOT_FIXED_DEC } from '../expr/types.js';
import { likeMatch, type EvalEnv } from '../expr/evaluate.js';
import type * as A from '../parse/ast.js';
import { filterResultRows } from './select.js';

const INFORMATION_SCHEMA = 'information_schema';

function text(name: string, chars: number, notNull = true): ColumnDef {
  return {
    name,
    type: ColumnType.VAR_STRING,
    charset: Charset.UTF8MB3_GENERAL_CI,
    length: chars * 3,
    flags: notNull ? ColumnFlag.NOT_NULL : 0,
  };
}

/**
 * A string column the server builds for a SHOW statement itself
 * (Item_empty_string: SHOW WARNINGS, PRIVILEGES, PROCESSLIST, CREATE ...):
 * utf8mb3, decimals NOT_FIXED_DEC (31; MariaDB's 39, set on the way out).
 */
function itemText(name: string, chars: number, notNull = true): ColumnDef {
  return { ...text(name, chars, notNull), decimals: NOT_FIXED_DEC };
}

/** A SHOW result's string columns with decimals NOT_FIXED_DEC carry the server's value of it (MariaDB: 39). */
function withServerDecimals(result: RowsResult, profile: Profile): RowsResult {
  if (profile.stringItemDecimals === NOT_FIXED_DEC) return result;
  return { ...result, columns: result.columns.map((c) => (c.decimals === NOT_FIXED_DEC && c.charset !== Charset.BINARY && c.type !== ColumnType.DOUBLE && c.type !== ColumnType.FLOAT ? { ...c, decimals: profile.stringItemDecimals } : c)) };
}
function bigint(name: string, notNull = true): ColumnDef {
  return {
    name,
    type: ColumnType.LONGLONG,
    charset: Charset.BINARY,
    length: 21,
    flags: ColumnFlag.BINARY | ColumnFlag.UNSIGNED | (notNull ? ColumnFlag.NOT_NULL : 0),
  };
}

function rows(columns: ColumnDef[], data: SqlValue[][]): RowsResult {
  return { kind: 'rows', columns, rows: data };
}

/** LIKE (on the statement's name column) or WHERE (on any column, by its SHOW name). */
function filtered(result: RowsResult, stmt: A.ShowStmt, env: EvalEnv, likeColumn = 0): RowsResult {
  if (stmt.like !== undefined) {
    const pattern = stmt.like;
    return { ...result, rows: result.rows.filter((r) => r[likeColumn] !== null && likeMatch(String(r[likeColumn]), pattern, '\\', false)) };
  }
  if (stmt.where) return filterResultRows(result, stmt.where, env);
  return result;
}

function limitRows<T>(list: T[], stmt: A.ShowStmt): T[] {
  if (!stmt.limit) return list;
  const count = Number((stmt.limit.count as A.LiteralExpr).value ?? 0);
  const offset = stmt.limit.offset ? Number((stmt.limit.offset as A.LiteralExpr).value ?? 0) : 0;
  return list.slice(offset, offset + count);
}

/** MySQL labels a filtered list `Database (pattern)`. */
function withPattern(name: string, like: string | undefined): string {
  return like === undefined ? name : `${name} (${like})`;
}

// ---------------------------------------------------------------- SHOW over information_schema

/** A SHOW column and the information_schema column it reads. */
type Mapping = readonly (readonly [show: string, column: string])[];

/**
 * A SHOW result built from an information_schema table's records: its
 * columns are that table's (renamed as SHOW names them), so the metadata
 * matches a SELECT of the table; SHOW columns the server's table lacks
 * are left out.
 */
function fromInformationSchema(registry: TableRegistry, table: string, mapping: Mapping, records: readonly RowRecord[], schema = INFORMATION_SCHEMA, mysql8Schema = ''): RowsResult {
  const source = registry.find(schema, table);
  const columns: ColumnDef[] = [];
  const keys: string[] = [];
  const mysql8 = registry.definitions().dialect === 'mysql-8';
  for (const [show, column] of mapping) {
    const c = source?.columns.find((x) => x.name === column);
    if (!c) continue;
    columns.push({ ...c, name: show, orgName: mysql8 ? show : column, schema: mysql8 ? mysql8Schema : schema, table, orgTable: table });
    keys.push(column);
  }
  return rows(
    columns,
    records.map((r) => keys.map((k) => r[k] ?? null)),
  );
}

const VARIABLES: Mapping = [['Variable_name', 'VARIABLE_NAME'], ['Value', 'VARIABLE_VALUE']];
const P_S_VARIABLES: Mapping = [['Variable_name', 'VARIABLE_NAME'], ['Value', 'VARIABLE_VALUE']];
const PERFORMANCE_SCHEMA = 'performance_schema';
const ENGINES: Mapping = [['Engine', 'ENGINE'], ['Support', 'SUPPORT'], ['Comment', 'COMMENT'], ['Transactions', 'TRANSACTIONS'], ['XA', 'XA'], ['Savepoints', 'SAVEPOINTS']];
const CHARACTER_SETS: Mapping = [['Charset', 'CHARACTER_SET_NAME'], ['Description', 'DESCRIPTION'], ['Default collation', 'DEFAULT_COLLATE_NAME'], ['Maxlen', 'MAXLEN']];
const COLLATIONS: Mapping = [['Collation', 'COLLATION_NAME'], ['Charset', 'CHARACTER_SET_NAME'], ['Id', 'ID'], ['Default', 'IS_DEFAULT'], ['Compiled', 'IS_COMPILED'], ['Sortlen', 'SORTLEN'], ['Pad_attribute', 'PAD_ATTRIBUTE']];
const PLUGINS: Mapping = [['Name', 'PLUGIN_NAME'], ['Status', 'PLUGIN_STATUS'], ['Type', 'PLUGIN_TYPE'], ['Library', 'PLUGIN_LIBRARY'], ['License', 'PLUGIN_LICENSE']];

const TABLE_STATUS: Mapping = [
  ['Name', 'TABLE_NAME'], ['Engine', 'ENGINE'], ['Version', 'VERSION'], ['Row_format', 'ROW_FORMAT'], ['Rows', 'TABLE_ROWS'],
  ['Avg_row_length', 'AVG_ROW_LENGTH'], ['Data_length', 'DATA_LENGTH'], ['Max_data_length', 'MAX_DATA_LENGTH'],
  ['Index_length', 'INDEX_LENGTH'], ['Data_free', 'DATA_FREE'], ['Auto_increment', 'AUTO_INCREMENT'], ['Create_time', 'CREATE_TIME'],
  ['Update_time', 'UPDATE_TIME'], ['Check_time', 'CHECK_TIME'], ['Collation', 'TABLE_COLLATION'], ['Checksum', 'CHECKSUM'],
  ['Create_options', 'CREATE_OPTIONS'], ['Comment', 'TABLE_COMMENT'], ['Max_index_length', 'MAX_INDEX_LENGTH'], ['Temporary', 'TEMPORARY'],
];
const COLUMNS: Mapping = [
  ['Field', 'COLUMN_NAME'], ['Type', 'COLUMN_TYPE'], ['Collation', 'COLLATION_NAME'], ['Null', 'IS_NULLABLE'], ['Key', 'COLUMN_KEY'],
  ['Default', 'COLUMN_DEFAULT'], ['Extra', 'EXTRA'], ['Privileges', 'PRIVILEGES'], ['Comment', 'COLUMN_COMMENT'],
];
const INDEX: Mapping = [
  ['Table', 'TABLE_NAME'], ['Non_unique', 'NON_UNIQUE'], ['Key_name', 'INDEX_NAME'], ['Seq_in_index', 'SEQ_IN_INDEX'],
  ['Column_name', 'COLUMN_NAME'], ['Collation', 'COLLATION'], ['Cardinality', 'CARDINALITY'], ['Sub_part', 'SUB_PART'],
  ['Packed', 'PACKED'], ['Null', 'NULLABLE'], ['Index_type', 'INDEX_TYPE'], ['Comment', 'COMMENT'], ['Index_comment', 'INDEX_COMMENT'],
  ['Visible', 'IS_VISIBLE'], ['Expression', 'EXPRESSION'], ['Ignored', 'IGNORED'],
];
const ROUTINE_STATUS: Mapping = [
  ['Db', 'ROUTINE_SCHEMA'], ['Name', 'ROUTINE_NAME'], ['Type', 'ROUTINE_TYPE'], ['Definer', 'DEFINER'], ['Modified', 'LAST_ALTERED'],
  ['Created', 'CREATED'], ['Security_type', 'SECURITY_TYPE'], ['Comment', 'ROUTINE_COMMENT'], ['character_set_client', 'CHARACTER_SET_CLIENT'],
  ['collation_connection', 'COLLATION_CONNECTION'], ['Database Collation', 'DATABASE_COLLATION'],
];
const TRIGGERS: Mapping = [
  ['Trigger', 'TRIGGER_NAME'], ['Event', 'EVENT_MANIPULATION'], ['Table', 'EVENT_OBJECT_TABLE'], ['Statement', 'ACTION_STATEMENT'],
  ['Timing', 'ACTION_TIMING'], ['Created', 'CREATED'], ['sql_mode', 'SQL_MODE'], ['Definer', 'DEFINER'],
  ['character_set_client', 'CHARACTER_SET_CLIENT'], ['collation_connection', 'COLLATION_CONNECTION'], ['Database Collation', 'DATABASE_COLLATION'],
];
const EVENTS: Mapping = [
  ['Db', 'EVENT_SCHEMA'], ['Name', 'EVENT_NAME'], ['Definer', 'DEFINER'], ['Time zone', 'TIME_ZONE'], ['Type', 'EVENT_TYPE'],
  ['Execute at', 'EXECUTE_AT'], ['Interval value', 'INTERVAL_VALUE'], ['Interval field', 'INTERVAL_FIELD'], ['Starts', 'STARTS'],
  ['Ends', 'ENDS'], ['Status', 'STATUS'], ['Originator', 'ORIGINATOR'], ['character_set_client', 'CHARACTER_SET_CLIENT'],
  ['collation_connection', 'COLLATION_CONNECTION'], ['Database Collation', 'DATABASE_COLLATION'],
];

// ---------------------------------------------------------------- resolving names

/** The schema a SHOW names or the session's (1046 without one), which must exist (1049). */
function schemaOf(stmt: A.ShowStmt, tctx: TableContext): string {
  const db = stmt.database ?? tctx.session.database;
  if (db === null) throw mysqlError('ER_NO_DB_ERROR');
  const known = tctx.server.databases.has(db) || db.toLowerCase() === INFORMATION_SCHEMA;
  if (!known) throw mysqlError('ER_BAD_DB_ERROR', db);
  return db;
}

/** SHOW TABLES / TABLE STATUS / TRIGGERS of a schema: the session needs some privilege there (1044). */
function checkSchemaAccess(tctx: TableContext, db: string): void {
  if (tctx.server.profile.worldReadableSchemas.includes(db.toLowerCase())) return;
  if (hasGlobalPrivilege(sessionAccount(tctx), 'SHOW DATABASES') || hasAnyPrivilegeOn(sessionAccount(tctx), db)) return;
  throw databaseAccessDenied(tctx, db);
}

/** The table a SHOW COLUMNS / INDEX / CREATE TABLE names: 1046, 1109 / 1146, or 1142 without a privilege on it. */
function tableOf(stmt: A.ShowStmt, tctx: TableContext, registry: TableRegistry): TableDefinition {
  const ref = stmt.table!;
  const schema = stmt.database ?? ref.schema ?? tctx.session.database;
  if (schema === null) throw mysqlError('ER_NO_DB_ERROR');
  const table = registry.find(schema, ref.name);
  if (!table || !(tctx.server.databases.has(schema) || schema.toLowerCase() === INFORMATION_SCHEMA)) {
    if (schema.toLowerCase() === INFORMATION_SCHEMA) throw mysqlError('ER_UNKNOWN_TABLE', ref.name, schema);
    throw mysqlError('ER_NO_SUCH_TABLE', schema, ref.name);
  }
  if (!canSeeTable(tctx, table.definition.schema, table.definition.name)) throw tableAccessDenied(tctx, 'SELECT', table.definition.schema, table.definition.name);
  return table.definition;
}

// ---------------------------------------------------------------- SHOW CREATE

function quoteName(name: string): string {
  return '`' + name.replace(/`/g, '``') + '`';
}

function showCreateDatabase(stmt: A.ShowStmt, tctx: TableContext, defs: CatalogDefinitions): RowsResult {
  const name = stmt.object!.name;
  const info = name.toLowerCase() === INFORMATION_SCHEMA;
  if (!tctx.server.databases.has(name) && !info) throw mysqlError('ER_BAD_DB_ERROR', name);
  checkSchemaAccess(tctx, name);
  const shown = info ? INFORMATION_SCHEMA : name;
  const collation = schemaCollation(defs, tctx.server.profile, shown);
  const charset = charsetOfCollation(collation);
  const primary = defaultCollationOf(charset === 'utf8' ? 'utf8mb3' : charset, tctx.server.profile).name === collation.replace(/^utf8_/, 'utf8mb3_');
  const withCollate = defs.dialect === 'mariadb' || !primary || collation === 'utf8mb4_0900_ai_ci';
  let statement = `CREATE DATABASE ${stmt.ifNotExists ? '/*!32312 IF NOT EXISTS*/ ' : ''}${quoteName(shown)} /*!40100 DEFAULT CHARACTER SET ${charset === 'utf8' && defs.dialect === 'mysql-8' ? 'utf8mb3' : charset}${withCollate ? ` COLLATE ${collation}` : ''} */`;
  if (defs.dialect === 'mysql-8') statement += " /*!80016 DEFAULT ENCRYPTION='N' */";
  return rows([createText('Database', 64), createText('Create Database', 1024, statement)], [[shown, statement]]);
}

/** SHOW CREATE's text columns: NOT NULL utf8mb3 strings (Item_empty_string); the statement's is as long as its text, at least 1024. */
function createText(name: string, chars: number, value?: string): ColumnDef {
  return itemText(name, Math.max(chars, value?.length ?? 0));
}

function showCreateView(view: TableDefinition, defs: CatalogDefinitions): RowsResult {
  // The view definitions MySQL's sys views and information_schema views were created with are not in the catalog.
  if (view.createTable === null) throw mysqlError('ER_NOT_SUPPORTED_YET', `SHOW CREATE VIEW of ${view.schema}.${view.name}`);
  const client = defs.dialect === 'mariadb' ? (view.schema === 'mysql' ? 'latin1' : 'utf8mb3') : defs.dialect === 'mysql-8' ? 'utf8mb4' : 'utf8';
  const connection = defs.dialect === 'mariadb' ? (view.schema === 'mysql' ? 'latin1_swedish_ci' : 'utf8mb3_general_ci') : defs.dialect === 'mysql-8' ? 'utf8mb4_0900_ai_ci' : 'utf8_general_ci';
  // collation_connection is 32 characters in MySQL 8.4 (show_check_ci.result line 905), 64 in MariaDB 10.11 (live).
  return rows(
    [createText('View', 64), createText('Create View', 1024, view.createTable), createText('character_set_client', 32), createText('collation_connection', defs.dialect === 'mariadb' ? 64 : 32)],
    [[view.name, view.createTable, client, connection]],
  );
}

function showCreateTable(table: TableDefinition, defs: CatalogDefinitions): RowsResult {
  if (table.type === 'VIEW') return showCreateView(table, defs);
  if (table.type === 'SYSTEM VIEW' && table.kind === 'dd_view') {
    throw mysqlError('ER_NOT_SUPPORTED_YET', `SHOW CREATE TABLE of the data-dictionary view ${table.schema}.${table.name}`);
  }
  const statement = renderCreateTable(table, defs.dialect);
  return rows([createText('Table', 64), createText('Create Table', 1024, statement)], [[table.name, statement]]);
}

/** SHOW CREATE PROCEDURE / FUNCTION / TRIGGER / EVENT: the objects exist but their bodies are not in the catalog (1235), or 1305 / 1360 / 1539. */
function showCreateObject(stmt: A.ShowStmt, tctx: TableContext, defs: CatalogDefinitions): never {
  const schema = stmt.object!.schema ?? tctx.session.database;
  if (schema === null) throw mysqlError('ER_NO_DB_ERROR');
  const name = stmt.object!.name;
  if (stmt.what === 'createProcedure' || stmt.what === 'createFunction') {
    const type = stmt.what === 'createProcedure' ? 'PROCEDURE' : 'FUNCTION';
    const routine = defs.routines.find((r) => r.schema === schema && r.type === type && r.name.toLowerCase() === name.toLowerCase());
    if (!routine) throw mysqlError('ER_SP_DOES_NOT_EXIST', type, `${schema}.${name}`);
    throw mysqlError('ER_NOT_SUPPORTED_YET', `SHOW CREATE ${type} of ${schema}.${routine.name}`);
  }
  if (stmt.what === 'createTrigger') {
    const trigger = defs.triggers.find((g) => g.schema === schema && g.name === name);
    if (!trigger) throw mysqlError('ER_TRG_DOES_NOT_EXIST');
    throw mysqlError('ER_NOT_SUPPORTED_YET', `SHOW CREATE TRIGGER of ${schema}.${name}`);
  }
  throw mysqlError('ER_EVENT_DOES_NOT_EXIST', name);
}

// ---------------------------------------------------------------- replication

/** The replica status columns, as 8.4 names them; `old` renames Replica/Source to Slave/Master. */
const REPLICA_STATUS_COLUMNS = [
  'Replica_IO_State', 'Source_Host', 'Source_User', '#Source_Port', '#Connect_Retry', 'Source_Log_File', '#Read_Source_Log_Pos',
  'Relay_Log_File', '#Relay_Log_Pos', 'Relay_Source_Log_File', 'Replica_IO_Running', 'Replica_SQL_Running', 'Replicate_Do_DB',
  'Replicate_Ignore_DB', 'Replicate_Do_Table', 'Replicate_Ignore_Table', 'Replicate_Wild_Do_Table', 'Replicate_Wild_Ignore_Table',
  '#Last_Errno', 'Last_Error', '#Skip_Counter', '#Exec_Source_Log_Pos', '#Relay_Log_Space', 'Until_Condition', 'Until_Log_File',
  '#Until_Log_Pos', 'Source_SSL_Allowed', 'Source_SSL_CA_File', 'Source_SSL_CA_Path', 'Source_SSL_Cert', 'Source_SSL_Cipher',
  'Source_SSL_Key', '#Seconds_Behind_Source', 'Source_SSL_Verify_Server_Cert', '#Last_IO_Errno', 'Last_IO_Error', '#Last_SQL_Errno',
  'Last_SQL_Error', 'Replicate_Ignore_Server_Ids', '#Source_Server_Id', 'Source_UUID', 'Source_Info_File', '#SQL_Delay',
  '#SQL_Remaining_Delay', 'Replica_SQL_Running_State', '#Source_Retry_Count', 'Source_Bind', 'Last_IO_Error_Timestamp',
  'Last_SQL_Error_Timestamp', 'Source_SSL_Crl', 'Source_SSL_Crlpath', 'Retrieved_Gtid_Set', 'Executed_Gtid_Set', '#Auto_Position',
  'Replicate_Rewrite_DB', 'Channel_Name', 'Source_TLS_Version', 'Source_public_key_path', '#Get_Source_public_key', 'Network_Namespace',
];
/** MariaDB 10.11's SHOW SLAVE STATUS columns (live server). */
const MARIADB_SLAVE_STATUS_COLUMNS = [
  'Slave_IO_State', 'Master_Host', 'Master_User', '#Master_Port', '#Connect_Retry', 'Master_Log_File', '#Read_Master_Log_Pos',
  'Relay_Log_File', '#Relay_Log_Pos', 'Relay_Master_Log_File', 'Slave_IO_Running', 'Slave_SQL_Running', 'Replicate_Do_DB',
  'Replicate_Ignore_DB', 'Replicate_Do_Table', 'Replicate_Ignore_Table', 'Replicate_Wild_Do_Table', 'Replicate_Wild_Ignore_Table',
  '#Last_Errno', 'Last_Error', '#Skip_Counter', '#Exec_Master_Log_Pos', '#Relay_Log_Space', 'Until_Condition', 'Until_Log_File',
  '#Until_Log_Pos', 'Master_SSL_Allowed', 'Master_SSL_CA_File', 'Master_SSL_CA_Path', 'Master_SSL_Cert', 'Master_SSL_Cipher',
  'Master_SSL_Key', '#Seconds_Behind_Master', 'Master_SSL_Verify_Server_Cert', '#Last_IO_Errno', 'Last_IO_Error', '#Last_SQL_Errno',
  'Last_SQL_Error', 'Replicate_Ignore_Server_Ids', '#Master_Server_Id', 'Master_SSL_Crl', 'Master_SSL_Crlpath', 'Using_Gtid',
  'Gtid_IO_Pos', 'Replicate_Do_Domain_Ids', 'Replicate_Ignore_Domain_Ids', 'Parallel_Mode', '#SQL_Delay', '#SQL_Remaining_Delay',
  'Slave_SQL_Running_State', '#Slave_DDL_Groups', '#Slave_Non_Transactional_Groups', '#Slave_Transactional_Groups', 'Replicate_Rewrite_DB',
];

const oldName = (name: string): string =>
  name.replace(/^Replica_/, 'Slave_').replace(/Replica_SQL/, 'Slave_SQL').replace(/Source/g, 'Master').replace('Get_Master_public_key', 'Get_master_public_key');

function replicaStatusColumns(stmt: A.ShowStmt, tctx: TableContext): ColumnDef[] {
  const p = tctx.server.profile;
  let names: string[];
  if (p.catalogDialect === 'mariadb') names = MARIADB_SLAVE_STATUS_COLUMNS;
  else {
    names = REPLICA_STATUS_COLUMNS;
    // 5.x: no public-key or network-namespace columns; 5.6 also no Replicate_Rewrite_DB, Channel_Name, TLS version.
    if (!p.dataDictionary) names = names.slice(0, names.indexOf('Source_public_key_path'));
    if (!p.dataDictionary && !tctx.server.variables.definition('show_compatibility_56')) names = names.slice(0, names.indexOf('Replicate_Rewrite_DB'));
    if (!(stmt.words ?? '').startsWith('REPLICA')) names = names.map(oldName);
  }
  return names.map((n) => (n.startsWith('#') ? { ...bigint(n.slice(1)), flags: ColumnFlag.NOT_NULL | ColumnFlag.UNSIGNED } : text(n, n.endsWith('_Set') || n.startsWith('Last_') ? 256 : 64)));
}

function checkReplicationClient(tctx: TableContext, also = 'REPLICATION CLIENT'): void {
  const me = sessionAccount(tctx);
  if (hasGlobalPrivilege(me, 'SUPER') || hasGlobalPrivilege(me, also)) return;
  throw mysqlError('ER_SPECIFIC_ACCESS_DENIED_ERROR', `SUPER, ${also}`);
}

function binaryLogging(tctx: TableContext): { on: boolean; file: string } {
  const v = tctx.server.variables;
  const on = v.definition('log_bin') !== undefined && [1, '1', 'ON'].includes(v.get('log_bin', 'global') as string | number);
  const base = v.definition('log_bin_basename') ? String(v.get('log_bin_basename', 'global') ?? '') : '';
  const name = base.split('/').pop() || 'binlog';
  return { on, file: `${name}.000001` };
}

function showReplication(stmt: A.ShowStmt, tctx: TableContext): RowsResult {
  const p = tctx.server.profile;
  const log = binaryLogging(tctx);
  switch (stmt.what) {
    case 'binaryLogStatus': {
      checkReplicationClient(tctx);
      const columns = [text('File', 512), { ...bigint('Position'), length: 20 }, text('Binlog_Do_DB', 255), text('Binlog_Ignore_DB', 255)];
      if (p.catalogDialect !== 'mariadb') columns.push(text('Executed_Gtid_Set', 256));
      const row: SqlValue[] = [log.file, p.freshBinlogSize, '', ''];
      if (p.catalogDialect !== 'mariadb') row.push('');
      return rows(columns, log.on ? [row] : []);
    }
    case 'binaryLogs': {
      checkReplicationClient(tctx);
      if (!log.on) throw mysqlError('ER_NO_BINARY_LOGGING');
      const encrypted = tctx.server.variables.definition('binlog_encryption') !== undefined;
      const columns = [text('Log_name', 255), { ...bigint('File_size'), length: 20 }];
      if (encrypted) columns.push(text('Encrypted', 3));
      return rows(columns, [encrypted ? [log.file, p.freshBinlogSize, 'No'] : [log.file, p.freshBinlogSize]]);
    }
    case 'replicaStatus':
      checkReplicationClient(tctx);
      return rows(replicaStatusColumns(stmt, tctx), []);
    default: {
      checkReplicationClient(tctx, 'REPLICATION SLAVE');
      const written = stmt.words ?? '';
      const columns = [{ ...bigint(written === 'REPLICAS' ? 'Server_Id' : 'Server_id'), flags: ColumnFlag.NOT_NULL | ColumnFlag.UNSIGNED }, text('Host', 255), bigint('Port')];
      columns.push({ ...bigint(written === 'REPLICAS' ? 'Source_Id' : 'Master_id'), flags: ColumnFlag.NOT_NULL | ColumnFlag.UNSIGNED });
      if (p.catalogDialect !== 'mariadb') columns.push(text(written === 'REPLICAS' ? 'Replica_UUID' : 'Slave_UUID', 64));
      return rows(columns, []);
    }
  }
}

// ---------------------------------------------------------------- the executor

export async function executeShow(stmt: A.ShowStmt, env: EvalEnv, tctx: TableContext): Promise<RowsResult> {
  return withServerDecimals(await showResult(stmt, env, tctx), env.server.profile);
}

async function showResult(stmt: A.ShowStmt, env: EvalEnv, tctx: TableContext): Promise<RowsResult> {
  const { server, session } = env;
  const registry = registryOf(server.catalog);
  const mariadb = registry.definitions().dialect === 'mariadb';
  const dataDictionary = registry.definitions().dialect === 'mysql-8';
  switch (stmt.what) {
    case 'variables': {
      const list = server.variables.list(stmt.scope ?? 'session', session);
      const data = list.map((v) => [v.name, v.value]);
      // MariaDB answers from information_schema.SESSION_VARIABLES, whatever the scope.
      const records = data.map(([n, v]) => ({ VARIABLE_NAME: n, VARIABLE_VALUE: v }));
      if (mariadb) return filtered(fromInformationSchema(registry, 'SESSION_VARIABLES', VARIABLES, records), stmt, env);
      // MySQL 8: a SELECT from performance_schema.session_variables / global_variables (show_check_ci.result line 653).
      if (dataDictionary) {
        const table = stmt.scope === 'global' ? 'global_variables' : 'session_variables';
        return filtered(fromInformationSchema(registry, table, P_S_VARIABLES, records, PERFORMANCE_SCHEMA, PERFORMANCE_SCHEMA), stmt, env);
      }
      return filtered(rows([text('Variable_name', 64), text('Value', 1024, false)], data), stmt, env);
    }
    case 'status': {
      const list = server.status.list(stmt.scope ?? 'session', { threadsConnected: server.sessions.size }, session);
      const data = list.map((v) => [v.name, v.value]);
      const records = data.map(([n, v]) => ({ VARIABLE_NAME: n, VARIABLE_VALUE: v }));
      if (mariadb) return filtered(fromInformationSchema(registry, 'SESSION_STATUS', VARIABLES, records), stmt, env);
      if (dataDictionary) {
        const table = stmt.scope === 'global' ? 'global_status' : 'session_status';
        return filtered(fromInformationSchema(registry, table, P_S_VARIABLES, records, PERFORMANCE_SCHEMA, PERFORMANCE_SCHEMA), stmt, env);
      }
      return filtered(rows([text('Variable_name', 64), text('Value', 1024, false)], data), stmt, env);
    }
    case 'databases': {
      const names = (await tctx.visibleDatabases()).sort();
      const name = withPattern('Database', stmt.like);
      if (mariadb) return filtered(fromInformationSchema(registry, 'SCHEMATA', [[name, 'SCHEMA_NAME']], names.map((n) => ({ SCHEMA_NAME: n }))), stmt, env);
      // MySQL 8: SCHEMA_NAME AS `Database` from the SCHEMATA view: a nullable expression (show_check_ci.result line 709).
      if (dataDictionary) return filtered(rows([{ ...text(name, 64, false), table: 'SCHEMATA', orgName: name }], names.map((n) => [n])), stmt, env);
      return filtered(rows([text(name, 64)], names.map((n) => [n])), stmt, env);
    }
    case 'warnings':
    case 'errors': {
      const list = session.diagnostics.filter((d) => stmt.what === 'warnings' || d.level === 'Error');
      // The Code column is an unsigned INT of 4 digits (MariaDB 10.11 live; Item_return_int).
      const code: ColumnDef = mariadb ? { name: 'Code', type: ColumnType.LONG, charset: Charset.BINARY, length: 4, flags: ColumnFlag.NOT_NULL | ColumnFlag.UNSIGNED | ColumnFlag.BINARY } : { ...bigint('Code'), flags: ColumnFlag.NOT_NULL | ColumnFlag.UNSIGNED };
      return rows(
        [itemText('Level', 7), code, itemText('Message', 512)],
        limitRows(list, stmt).map((d) => [d.level, d.code, d.error ? d.error.textFor(env.server.profile.family) : d.message]),
      );
    }
    case 'countWarnings':
    case 'countErrors': {
      const count = stmt.what === 'countErrors' ? session.errorCount() : session.warningCount();
      const name = stmt.what === 'countErrors' ? '@@session.error_count' : '@@session.warning_count';
      return rows([{ ...bigint(name), flags: ColumnFlag.BINARY | ColumnFlag.UNSIGNED }], [[count]]);
    }
    case 'engines': {
      const engines = engineRows(registry.definitions()).map((e) => [e.engine, e.support, e.comment, e.transactions, e.xa, e.savepoints]);
      if (mariadb) return fromInformationSchema(registry, 'ENGINES', ENGINES, engines.map((r) => Object.fromEntries(ENGINES.map(([, c], i) => [c, r[i]!]))));
      return rows([text('Engine', 64), text('Support', 8), text('Comment', 80), text('Transactions', 3, false), text('XA', 3, false), text('Savepoints', 3, false)], engines);
    }
    case 'charset': {
      const data = CHARSETS.map((c) => [c.name, c.description, defaultCollationOf(c.name, server.profile).name, c.maxLen]);
      if (mariadb) return filtered(fromInformationSchema(registry, 'CHARACTER_SETS', CHARACTER_SETS, data.map((r) => Object.fromEntries(CHARACTER_SETS.map(([, c], i) => [c, r[i]!])))), stmt, env);
      return filtered(rows([text('Charset', 64), text('Description', 2048), text('Default collation', 64), bigint('Maxlen')], data), stmt, env);
    }
    case 'collation': {
      const withPad = server.profile.collationPadAttribute;
      const data = collationsFor(server.profile).map((c) => {
        const row: SqlValue[] = [c.name, c.charset, c.id, defaultCollationOf(c.charset, server.profile).name === c.name ? 'Yes' : '', 'Yes', 1];
        if (withPad) row.push(c.padAttribute);
        return row;
      });
      const collationRecords = data.map((r) => Object.fromEntries(COLLATIONS.map(([, c], i) => [c, r[i] ?? null])));
      if (mariadb) return filtered(fromInformationSchema(registry, 'COLLATIONS', COLLATIONS, collationRecords), stmt, env);
      // MySQL 8: information_schema.COLLATIONS renamed (show_check_ci.result line 716).
      if (dataDictionary) return filtered(fromInformationSchema(registry, 'COLLATIONS', COLLATIONS, collationRecords, INFORMATION_SCHEMA, INFORMATION_SCHEMA), stmt, env);
      const columns = [text('Collation', 64), text('Charset', 64), bigint('Id'), text('Default', 3), text('Compiled', 3), bigint('Sortlen')];
      if (withPad) columns.push(text('Pad_attribute', 9));
      return filtered(rows(columns, data), stmt, env);
    }
    case 'plugins': {
      const plugins = pluginRows(server.profile).map((p) => [p.name, p.status, p.type, p.library, p.license]);
      if (mariadb) return fromInformationSchema(registry, 'PLUGINS', PLUGINS, plugins.map((r) => Object.fromEntries(PLUGINS.map(([, c], i) => [c, r[i]!]))));
      return rows([text('Name', 64), text('Status', 10), text('Type', 80), text('Library', 1024, false), text('License', 80)], plugins);
    }
    case 'processlist': {
      const data = processlistRows(server, session, visibleSessions(tctx));
      if (mariadb) {
        // mysqld_list_processes(): Id BIGINT(11), Time INT(7), Info 100 characters or LONGTEXT, and Progress (live 10.11).
        const int = (name: string, type: ColumnDef['type'], length: number): ColumnDef => ({ name, type, charset: Charset.BINARY, length, flags: ColumnFlag.NOT_NULL | ColumnFlag.BINARY });
        const info: ColumnDef = stmt.full ? { ...itemText('Info', 0, false), type: ColumnType.LONG_BLOB, length: 50331648 } : itemText('Info', 100, false);
        return rows(
          [int('Id', ColumnType.LONGLONG, 11), itemText('User', 128), itemText('Host', 64), itemText('db', 64, false), itemText('Command', 16), int('Time', ColumnType.LONG, 7), itemText('State', 30, false), info, { ...int('Progress', ColumnType.DOUBLE, 7), decimals: 3 }],
          data.map((r) => [...r, '0.000']),
        );
      }
      return rows(
        [bigint('Id'), text('User', 32), text('Host', 261), text('db', 64, false), text('Command', 16), { ...bigint('Time'), flags: ColumnFlag.NOT_NULL | ColumnFlag.BINARY }, text('State', 64, false), text('Info', stmt.full ? 65535 : 100, false)],
        data,
      );
    }
    case 'privileges':
      return rows(
        [itemText('Privilege', 10), itemText('Context', 15), itemText('Comment', 64)],
        registry.definitions().privileges.map((r) => [...r]),
      );
    case 'profiles':
      if (server.profile.catalogDialect === 'mysql') session.addNote(mysqlError('ER_WARN_DEPRECATED_SYNTAX', 'SHOW PROFILES', 'Performance Schema'), 'Warning');
      return rows(
        [
          { name: 'Query_ID', type: ColumnType.LONG, charset: Charset.BINARY, length: 10, flags: ColumnFlag.NOT_NULL | ColumnFlag.BINARY },
          { name: 'Duration', type: ColumnType.DOUBLE, charset: Charset.BINARY, length: 9, flags: ColumnFlag.NOT_NULL | ColumnFlag.BINARY, decimals: 8 },
          text('Query', 40),
        ],
        [],
      );
    case 'binaryLogStatus':
    case 'binaryLogs':
    case 'replicaStatus':
    case 'replicas':
      return showReplication(stmt, tctx);
    default:
      return showCatalog(stmt, env, tctx);
  }
}

/** The SHOW statements about the catalog's tables, routines and schemas. */
function showCatalog(stmt: A.ShowStmt, env: EvalEnv, tctx: TableContext): RowsResult {
  const registry = registryOf(env.server.catalog);
  const defs = registry.definitions();
  const profile = env.server.profile;
  switch (stmt.what) {
    case 'tables': {
      const db = schemaOf(stmt, tctx);
      checkSchemaAccess(tctx, db);
      const shown = db.toLowerCase() === INFORMATION_SCHEMA ? INFORMATION_SCHEMA : db;
      const tables = visibleTables(tctx, registry, db);
      const columns = [text(withPattern(`Tables_in_${shown}`, stmt.like), 64)];
      if (stmt.full) columns.push(text('Table_type', 64));
      if (defs.dialect === 'mariadb') {
        // information_schema's hidden TABLE_NAMES: TABLE_NAME holds a #mysql50# name too (73 characters) (live 10.11).
        const names = ['TABLE_NAME', 'TABLE_TYPE'];
        columns.forEach((c, i) => Object.assign(c, { schema: INFORMATION_SCHEMA, table: 'TABLE_NAMES', orgTable: 'TABLE_NAMES', orgName: names[i], flags: ColumnFlag.NOT_NULL | NO_DEFAULT_VALUE_FLAG, length: i === 0 ? 73 * 3 : 64 * 3 }));
      }
      return filtered(rows(columns, tables.map((t) => (stmt.full ? [t.name, t.type] : [t.name]))), stmt, env);
    }
    case 'tableStatus': {
      const db = schemaOf(stmt, tctx);
      checkSchemaAccess(tctx, db);
      const created = installTime(tctx, registry);
      return filtered(fromInformationSchema(registry, 'TABLES', TABLE_STATUS, visibleTables(tctx, registry, db).map((d) => tableRecord(d, defs, created))), stmt, env);
    }
    case 'columns': {
      const table = tableOf(stmt, tctx, registry);
      const mapping = stmt.full ? COLUMNS : COLUMNS.filter(([show]) => !['Collation', 'Privileges', 'Comment'].includes(show));
      const records = columnRecords(tctx, table, defs.dialect).map((r) => ({ ...r, COLUMN_DEFAULT: showDefault(r.COLUMN_DEFAULT ?? null, String(r.DATA_TYPE), table, defs) }));
      return filtered(fromInformationSchema(registry, 'COLUMNS', mapping, records), stmt, env);
    }
    case 'index': {
      const table = tableOf(stmt, tctx, registry);
      return filtered(fromInformationSchema(registry, 'STATISTICS', INDEX, statisticsRecords(table)), stmt, env);
    }
    case 'createTable':
      return showCreateTable(tableOf(stmt, tctx, registry), defs);
    case 'createView': {
      const table = tableOf(stmt, tctx, registry);
      if (table.type !== 'VIEW') throw mysqlError('ER_WRONG_OBJECT', table.schema, table.name, 'VIEW');
      return showCreateView(table, defs);
    }
    case 'createDatabase':
      return showCreateDatabase(stmt, tctx, defs);
    case 'createProcedure':
    case 'createFunction':
    case 'createTrigger':
    case 'createEvent':
      return showCreateObject(stmt, tctx, defs);
    case 'procedureStatus':
    case 'functionStatus': {
      const type = stmt.what === 'procedureStatus' ? 'PROCEDURE' : 'FUNCTION';
      const created = installTime(tctx, registry);
      const records = defs.routines
        .filter((r) => r.type === type && canSeeRoutines(tctx, r.schema))
        .sort((a, b) => (a.schema < b.schema ? -1 : a.schema > b.schema ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
        .map((r) => routineRecord(r, defs, profile, created));
      return filtered(fromInformationSchema(registry, 'ROUTINES', ROUTINE_STATUS, records), stmt, env, 1);
    }
    case 'triggers': {
      const db = schemaOf(stmt, tctx);
      checkSchemaAccess(tctx, db);
      const records = triggerRecords(tctx, defs, profile, installTime(tctx, registry)).filter((r) => r.TRIGGER_SCHEMA === db);
      return filtered(fromInformationSchema(registry, 'TRIGGERS', TRIGGERS, records), stmt, env, 2);
    }
    case 'events': {
      const db = schemaOf(stmt, tctx);
      checkSchemaAccess(tctx, db);
      return filtered(fromInformationSchema(registry, 'EVENTS', EVENTS, []), stmt, env, 1);
    }
    case 'openTables': {
      if (stmt.database !== undefined) schemaOf(stmt, tctx);
      // The table cache is not modelled: no table is open.
      return filtered(rows([text('Database', 64), text('Table', 64), { ...bigint('In_use'), length: 1 }, { ...bigint('Name_locked'), length: 4 }], []), stmt, env, 1);
    }
    default:
      throw mysqlError('ER_NOT_SUPPORTED_YET', `SHOW ${stmt.words ?? stmt.what}`);
  }
}

/**
 * SHOW COLUMNS' Default: MySQL's is information_schema's; MariaDB's drops
 * the quotes of its expression form, except for a base table's BLOB and
 * TEXT columns, whose defaults are expressions (live 10.11: global_priv.Priv
 * shows '{}', the mysql.user view's ssl_cipher '').
 */
function showDefault(value: SqlValue, dataType: string, table: TableDefinition, defs: CatalogDefinitions): SqlValue {
  if (defs.dialect !== 'mariadb' || value === null) return value;
  const v = String(value);
  if (v === 'NULL') return null;
  if (/blob$|text$/.test(dataType) && table.type !== 'VIEW') return value;
  if (/^'.*'$/s.test(v)) return v.slice(1, -1).replace(/''/g, "'");
  return v;
}
