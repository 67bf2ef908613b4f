/**
 * The catalog: every schema a server shows, from one registry, with SHOW
 * and information_schema answering from the same definitions. Expected
 * answers are MySQL 8.4's unless a test names another server; each cites
 * where it was read (mysql-test result files of a MySQL 8.4.8 tree, the
 * MySQL 8.4 manual, or a live MariaDB 10.11 started by the research).
 */
import { describe, expect, it } from 'vitest';
import type { ProfileName } from '../../../src/config/profiles.js';
import { registryOf } from '../../../src/sql/catalog/catalog.js';
import { wireColumn } from '../../../src/sql/catalog/column-type.js';
import { userColumnsFor } from '../../../src/sql/catalog/grant-tables.js';
import { getProfile } from '../../../src/config/profiles.js';
import type { RowsResult } from '../../../src/wire/result.js';
import { errorOf, login, rows, run, testServer, type TestContext } from '../../helpers/account-context.js';

async function result(ctx: TestContext, sql: string): Promise<RowsResult> {
  const r = await run(ctx, sql);
  if (r.kind !== 'rows') throw new Error(`${sql}: expected rows`);
  return r;
}
const names = (r: RowsResult) => r.columns.map((c) => c.name);
const rootOf = (profile: ProfileName = 'mysql-8.4') => login(testServer(profile), 'root', 'localhost');

const MYSQL_84_TABLES: Record<string, string> = {
  columns_priv: 'Host Db User Table_name Column_name Timestamp Column_priv',
  component: 'component_id component_group_id component_urn',
  db: 'Host Db User Select_priv Insert_priv Update_priv Delete_priv Create_priv Drop_priv Grant_priv References_priv Index_priv Alter_priv Create_tmp_table_priv Lock_tables_priv Create_view_priv Show_view_priv Create_routine_priv Alter_routine_priv Execute_priv Event_priv Trigger_priv',
  default_roles: 'HOST USER DEFAULT_ROLE_HOST DEFAULT_ROLE_USER',
  engine_cost: 'engine_name device_type cost_name cost_value last_update comment default_value',
  func: 'name ret dl type',
  general_log: 'event_time user_host thread_id server_id command_type argument',
  global_grants: 'USER HOST PRIV WITH_GRANT_OPTION',
  gtid_executed: 'source_uuid interval_start interval_end gtid_tag',
  help_category: 'help_category_id name parent_category_id url',
  help_keyword: 'help_keyword_id name',
  help_relation: 'help_topic_id help_keyword_id',
  help_topic: 'help_topic_id name help_category_id description example url',
  innodb_index_stats: 'database_name table_name index_name last_update stat_name stat_value sample_size stat_description',
  innodb_table_stats: 'database_name table_name last_update n_rows clustered_index_size sum_of_other_index_sizes',
  password_history: 'Host User Password_timestamp Password',
  plugin: 'name dl',
  procs_priv: 'Host Db User Routine_name Routine_type Grantor Proc_priv Timestamp',
  proxies_priv: 'Host User Proxied_host Proxied_user With_grant Grantor Timestamp',
  replication_asynchronous_connection_failover: 'Channel_name Host Port Network_namespace Weight Managed_name',
  replication_asynchronous_connection_failover_managed: 'Channel_name Managed_name Managed_type Configuration',
  replication_group_configuration_version: 'name version',
  replication_group_member_actions: 'name event enabled type priority error_handling',
  role_edges: 'FROM_HOST FROM_USER TO_HOST TO_USER WITH_ADMIN_OPTION',
  servers: 'Server_name Host Db Username Password Port Socket Wrapper Owner',
  server_cost: 'cost_name cost_value last_update comment default_value',
  slave_master_info: 'Number_of_lines Master_log_name Master_log_pos Host User_name User_password Port Connect_retry Enabled_ssl Ssl_ca Ssl_capath Ssl_cert Ssl_cipher Ssl_key Ssl_verify_server_cert Heartbeat Bind Ignored_server_ids Uuid Retry_count Ssl_crl Ssl_crlpath Enabled_auto_position Channel_name Tls_version Public_key_path Get_public_key Network_namespace Master_compression_algorithm Master_zstd_compression_level Tls_ciphersuites Source_connection_auto_failover Gtid_only',
  slave_relay_log_info: 'Number_of_lines Relay_log_name Relay_log_pos Master_log_name Master_log_pos Sql_delay Number_of_workers Id Channel_name Privilege_checks_username Privilege_checks_hostname Require_row_format Require_table_primary_key_check Assign_gtids_to_anonymous_transactions_type Assign_gtids_to_anonymous_transactions_value',
  slave_worker_info: 'Id Relay_log_name Relay_log_pos Master_log_name Master_log_pos Checkpoint_relay_log_name Checkpoint_relay_log_pos Checkpoint_master_log_name Checkpoint_master_log_pos Checkpoint_seqno Checkpoint_group_size Checkpoint_group_bitmap Channel_name',
  slow_log: 'start_time user_host query_time lock_time rows_sent rows_examined db last_insert_id insert_id server_id sql_text thread_id',
  tables_priv: 'Host Db User Table_name Grantor Timestamp Table_priv Column_priv',
  time_zone: 'Time_zone_id Use_leap_seconds',
  time_zone_leap_second: 'Transition_time Correction',
  time_zone_name: 'Name Time_zone_id',
  time_zone_transition: 'Time_zone_id Transition_time Transition_type_id',
  time_zone_transition_type: 'Time_zone_id Transition_type_id Offset Is_DST Abbreviation',
  user: 'Host User Select_priv Insert_priv Update_priv Delete_priv Create_priv Drop_priv Reload_priv Shutdown_priv Process_priv File_priv Grant_priv References_priv Index_priv Alter_priv Show_db_priv Super_priv Create_tmp_table_priv Lock_tables_priv Execute_priv Repl_slave_priv Repl_client_priv Create_view_priv Show_view_priv Create_routine_priv Alter_routine_priv Create_user_priv Event_priv Trigger_priv Create_tablespace_priv ssl_type ssl_cipher x509_issuer x509_subject max_questions max_updates max_connections max_user_connections plugin authentication_string password_expired password_last_changed password_lifetime account_locked Create_role_priv Drop_role_priv Password_reuse_history Password_reuse_time Password_require_current User_attributes',
};

// mysql-test/r/system_mysql_db.result (MySQL 8.4.8): SHOW CREATE TABLE user.
const MYSQL_84_CREATE_USER = [
  "CREATE TABLE `user` (",
  "  `Host` char(255) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL DEFAULT '',",
  "  `User` char(32) COLLATE utf8mb3_bin NOT NULL DEFAULT '',",
  "  `Select_priv` enum('N','Y') COLLATE utf8mb3_general_ci NOT NULL DEFAULT 'N',",
  "  `Insert_priv` enum('N','Y') COLLATE utf8mb3_general_ci NOT NULL DEFAULT 'N',",
  "  `Update_priv` enum('N','Y') COLLATE utf8mb3_general_ci NOT NULL DEFAULT 'N',",
  "  `Delete_priv` enum('N','Y') COLLATE utf8mb3_general_ci NOT NULL DEFAULT 'N',",
  "  `Create_priv` enum('N','Y') COLLATE utf8mb3_general_ci NOT NULL DEFAULT 'N',",
  "  `Drop_priv` enum('N','Y') COLLATE utf8mb3_general_ci NOT NULL DEFAULT 'N',",
  "  `Reload_priv` enum('N','Y') COLLATE utf8mb3_general_ci NOT NULL DEFAULT 'N',",
  "  `Shutdown_priv` enum('N','Y') COLLATE utf8mb3_general_ci NOT NULL DEFAULT 'N',",
  "  `Process_priv` enum('N','Y') COLLATE utf8mb3_general_ci NOT NULL DEFAULT 'N',",
  "  `File_priv` enum('N','Y') COLLATE utf8mb3_general_ci NOT NULL DEFAULT 'N',",
  "  `Grant_priv` enum('N','Y') COLLATE utf8mb3_general_ci NOT NULL DEFAULT 'N',",
  "  `References_priv` enum('N','Y') COLLATE utf8mb3_general_ci NOT NULL DEFAULT 'N',",
  "  `Index_priv` enum('N','Y') COLLATE utf8mb3_general_ci NOT NULL DEFAULT 'N',",
  "  `Alter_priv` enum('N','Y') COLLATE utf8mb3_general_ci NOT NULL DEFAULT 'N',",
  "  `Show_db_priv` enum('N','Y') COLLATE utf8mb3_general_ci NOT NULL DEFAULT 'N',",
  "  `Super_priv` enum('N','Y') COLLATE utf8mb3_general_ci NOT NULL DEFAULT 'N',",
  "  `Create_tmp_table_priv` enum('N','Y') COLLATE utf8mb3_general_ci NOT NULL DEFAULT 'N',",
  "  `Lock_tables_priv` enum('N','Y') COLLATE utf8mb3_general_ci NOT NULL DEFAULT 'N',",
  "  `Execute_priv` enum('N','Y') COLLATE utf8mb3_general_ci NOT NULL DEFAULT 'N',",
  "  `Repl_slave_priv` enum('N','Y') COLLATE utf8mb3_general_ci NOT NULL DEFAULT 'N',",
  "  `Repl_client_priv` enum('N','Y') COLLATE utf8mb3_general_ci NOT NULL DEFAULT 'N',",
  "  `Create_view_priv` enum('N','Y') COLLATE utf8mb3_general_ci NOT NULL DEFAULT 'N',",
  "  `Show_view_priv` enum('N','Y') COLLATE utf8mb3_general_ci NOT NULL DEFAULT 'N',",
  "  `Create_routine_priv` enum('N','Y') COLLATE utf8mb3_general_ci NOT NULL DEFAULT 'N',",
  "  `Alter_routine_priv` enum('N','Y') COLLATE utf8mb3_general_ci NOT NULL DEFAULT 'N',",
  "  `Create_user_priv` enum('N','Y') COLLATE utf8mb3_general_ci NOT NULL DEFAULT 'N',",
  "  `Event_priv` enum('N','Y') COLLATE utf8mb3_general_ci NOT NULL DEFAULT 'N',",
  "  `Trigger_priv` enum('N','Y') COLLATE utf8mb3_general_ci NOT NULL DEFAULT 'N',",
  "  `Create_tablespace_priv` enum('N','Y') COLLATE utf8mb3_general_ci NOT NULL DEFAULT 'N',",
  "  `ssl_type` enum('','ANY','X509','SPECIFIED') COLLATE utf8mb3_general_ci NOT NULL DEFAULT '',",
  "  `ssl_cipher` blob NOT NULL,",
  "  `x509_issuer` blob NOT NULL,",
  "  `x509_subject` blob NOT NULL,",
  "  `max_questions` int unsigned NOT NULL DEFAULT '0',",
  "  `max_updates` int unsigned NOT NULL DEFAULT '0',",
  "  `max_connections` int unsigned NOT NULL DEFAULT '0',",
  "  `max_user_connections` int unsigned NOT NULL DEFAULT '0',",
  "  `plugin` char(64) COLLATE utf8mb3_bin NOT NULL DEFAULT 'caching_sha2_password',",
  "  `authentication_string` text COLLATE utf8mb3_bin,",
  "  `password_expired` enum('N','Y') COLLATE utf8mb3_general_ci NOT NULL DEFAULT 'N',",
  "  `password_last_changed` timestamp NULL DEFAULT NULL,",
  "  `password_lifetime` smallint unsigned DEFAULT NULL,",
  "  `account_locked` enum('N','Y') COLLATE utf8mb3_general_ci NOT NULL DEFAULT 'N',",
  "  `Create_role_priv` enum('N','Y') COLLATE utf8mb3_general_ci NOT NULL DEFAULT 'N',",
  "  `Drop_role_priv` enum('N','Y') COLLATE utf8mb3_general_ci NOT NULL DEFAULT 'N',",
  "  `Password_reuse_history` smallint unsigned DEFAULT NULL,",
  "  `Password_reuse_time` smallint unsigned DEFAULT NULL,",
  "  `Password_require_current` enum('N','Y') COLLATE utf8mb3_general_ci DEFAULT NULL,",
  "  `User_attributes` json DEFAULT NULL,",
  "  PRIMARY KEY (`Host`,`User`)",
  ") /*!50100 TABLESPACE `mysql` */ ENGINE=InnoDB DEFAULT CHARSET=utf8mb3 COLLATE=utf8mb3_bin STATS_PERSISTENT=0 ROW_FORMAT=DYNAMIC COMMENT='Users and global privileges'",
].join('\n');

describe('SHOW COLUMNS FROM mysql.user and information_schema.COLUMNS agree, and each 8.4 mysql.* table has MySQL\'s columns', () => {
  // Column lists: mysql-test/suite/funcs_1/r/is_columns_mysql.result (MySQL 8.4.8).
  it('8.4 mysql has exactly MySQL\'s tables, each with its columns in order', async () => {
    const root = rootOf();
    expect((await rows(root, 'SHOW TABLES FROM mysql')).map((r) => r[0])).toEqual(Object.keys(MYSQL_84_TABLES).sort());
    for (const [table, columns] of Object.entries(MYSQL_84_TABLES)) {
      const shown = await rows(root, `SHOW COLUMNS FROM mysql.${table}`);
      expect(shown.map((r) => r[0]), table).toEqual(columns.split(' '));
    }
  });

  it.each(['mysql-8.4', 'mysql-8.0', 'mysql-5.7', 'mysql-5.6', 'mariadb-10.11'] as ProfileName[])('%s: SHOW FULL COLUMNS and information_schema.COLUMNS give the same rows for every mysql table', async (profile) => {
    const root = rootOf(profile);
    for (const [table, type] of await rows(root, "SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'mysql'")) {
      const show = await rows(root, `SHOW FULL COLUMNS FROM mysql.${String(table)}`);
      const is = await rows(
        root,
        `SELECT COLUMN_NAME, COLUMN_TYPE, COLLATION_NAME, IS_NULLABLE, COLUMN_KEY, COLUMN_DEFAULT, EXTRA, PRIVILEGES, COLUMN_COMMENT FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'mysql' AND TABLE_NAME = '${String(table)}' ORDER BY ORDINAL_POSITION`,
      );
      // MariaDB's COLUMN_DEFAULT is an expression ('N', NULL); SHOW shows the value, except a base table's BLOB / TEXT default
      // (live 10.11: SHOW COLUMNS FROM mysql.global_priv shows '{}', FROM mysql.db N).
      const shown = (v: unknown, columnType: unknown) => {
        if (profile !== 'mariadb-10.11' || typeof v !== 'string') return v;
        if (v === 'NULL') return null;
        if (/blob|text/.test(String(columnType)) && type !== 'VIEW') return v;
        return /^'.*'$/s.test(v) ? v.slice(1, -1) : v;
      };
      expect(show, String(table)).toEqual(is.map((r) => r.map((v, i) => (i === 5 ? shown(v, r[1]) : v))));
    }
  });

  it.each(['mysql-8.4', 'mysql-8.0', 'mysql-5.7', 'mysql-5.6', 'mariadb-10.11'] as ProfileName[])('%s: the live mysql.user has the definition\'s columns, in order, with the metadata the type text gives', async (profile) => {
    const server = testServer(profile);
    const registry = registryOf(server.catalog);
    const table = registry.find('mysql', 'user')!;
    const live = userColumnsFor(getProfile(profile)).map((c) => c.def);
    expect(live.map((c) => c.name)).toEqual(table.definition.columns.map((c) => c.name));
    if (table.definition.type === 'BASE TABLE') {
      const derived = table.definition.columns.map((c) => wireColumn(c, 'mysql', 'user', table.definition.indexes));
      expect(table.columns).toEqual(derived);
      // The hand-written definitions the account code keeps agree on type, length and collation.
      expect(live.map((c) => [c.name, c.type, c.length, c.charset])).toEqual(derived.map((c) => [c.name, c.type, c.length, c.charset]));
    } else {
      // MariaDB's mysql.user is a view: its columns are expressions, with the live server's metadata.
      expect(table.columns).toEqual(live);
    }
  });
});

describe("MySQL 8.4's answers to the SHOW statements tools send", () => {
  it("SHOW PROCEDURE STATUS WHERE Db='sys': the 26 sys procedures (sysschema/r/all_sys_objects_exist.result)", async () => {
    const r = await result(rootOf(), "SHOW PROCEDURE STATUS WHERE Db='sys'");
    // SHOW PROCEDURE STATUS's columns (8.4 manual, 15.7.7.30).
    expect(names(r)).toEqual(['Db', 'Name', 'Type', 'Definer', 'Modified', 'Created', 'Security_type', 'Comment', 'character_set_client', 'collation_connection', 'Database Collation']);
    expect(r.rows.map((x) => x[1])).toEqual([
      'create_synonym_db', 'diagnostics', 'execute_prepared_stmt', 'ps_setup_disable_background_threads', 'ps_setup_disable_consumer',
      'ps_setup_disable_instrument', 'ps_setup_disable_thread', 'ps_setup_enable_background_threads', 'ps_setup_enable_consumer',
      'ps_setup_enable_instrument', 'ps_setup_enable_thread', 'ps_setup_reload_saved', 'ps_setup_reset_to_default', 'ps_setup_save',
      'ps_setup_show_disabled', 'ps_setup_show_disabled_consumers', 'ps_setup_show_disabled_instruments', 'ps_setup_show_enabled',
      'ps_setup_show_enabled_consumers', 'ps_setup_show_enabled_instruments', 'ps_statement_avg_latency_histogram',
      'ps_trace_statement_digest', 'ps_trace_thread', 'ps_truncate_all_tables', 'statement_performance_analyzer', 'table_exists',
    ]);
    // sys objects are defined by 'mysql.sys'@'localhost' with SQL SECURITY INVOKER (8.4 manual, 30.1 sys schema).
    expect(r.rows[0]).toEqual(['sys', 'create_synonym_db', 'PROCEDURE', 'mysql.sys@localhost', '2026-01-15 10:00:00', '2026-01-15 10:00:00', 'INVOKER', '', 'utf8mb4', 'utf8mb4_0900_ai_ci', 'utf8mb4_0900_ai_ci']);
  });

  it('SHOW FUNCTION STATUS: the 22 sys functions', async () => {
    const r = await result(rootOf(), 'SHOW FUNCTION STATUS');
    expect(r.rows).toHaveLength(22);
    expect(r.rows.map((x) => x[1]).slice(0, 4)).toEqual(['extract_schema_from_file_name', 'extract_table_from_file_name', 'format_bytes', 'format_path']);
    expect(new Set(r.rows.map((x) => x[2]))).toEqual(new Set(['FUNCTION']));
    expect(await rows(rootOf(), "SHOW FUNCTION STATUS LIKE 'version%'")).toHaveLength(3);
  });

  it('SHOW FULL COLUMNS FROM mysql.user: 51 rows (r/system_mysql_db.result, funcs_1/r/is_columns_mysql.result)', async () => {
    const root = rootOf();
    // show_check_ci.result runs SET NAMES utf8mb3 first: its lengths are converted to utf8mb3.
    await run(root, 'SET NAMES utf8mb3');
    const r = await result(root, 'SHOW FULL COLUMNS FROM mysql.user');
    expect(names(r)).toEqual(['Field', 'Type', 'Collation', 'Null', 'Key', 'Default', 'Extra', 'Privileges', 'Comment']);
    expect(r.rows).toHaveLength(51);
    const all = 'select,insert,update,references';
    expect(r.rows.slice(0, 3)).toEqual([
      ['Host', 'char(255)', 'ascii_general_ci', 'NO', 'PRI', '', '', all, ''],
      ['User', 'char(32)', 'utf8mb3_bin', 'NO', 'PRI', '', '', all, ''],
      ['Select_priv', "enum('N','Y')", 'utf8mb3_general_ci', 'NO', '', 'N', '', all, ''],
    ]);
    expect(r.rows.find((x) => x[0] === 'plugin')).toEqual(['plugin', 'char(64)', 'utf8mb3_bin', 'NO', '', 'caching_sha2_password', '', all, '']);
    expect(r.rows.at(-1)).toEqual(['User_attributes', 'json', null, 'YES', '', null, '', all, '']);
    // SHOW COLUMNS' metadata is information_schema.COLUMNS' (show_check_ci.result line 848: Type 252/50331645, Key 254/9, Default 252/196605).
    expect(r.columns.map((c) => [c.name, c.type, c.length])).toEqual(expect.arrayContaining([['Type', 252, 50331645], ['Key', 254, 9], ['Default', 252, 196605], ['Null', 253, 9], ['Extra', 253, 768]]));
  });

  it('SHOW CREATE TABLE mysql.user: the text of r/system_mysql_db.result', async () => {
    const r = await result(rootOf(), 'SHOW CREATE TABLE mysql.user');
    expect(names(r)).toEqual(['Table', 'Create Table']);
    expect(r.rows).toEqual([['user', MYSQL_84_CREATE_USER]]);
  });

  it('SHOW INDEXES FROM mysql.user: the primary key (Host, User) (funcs_1/r/is_statistics_mysql.result)', async () => {
    const r = await result(rootOf(), 'SHOW INDEXES FROM mysql.user');
    expect(names(r)).toEqual(['Table', 'Non_unique', 'Key_name', 'Seq_in_index', 'Column_name', 'Collation', 'Cardinality', 'Sub_part', 'Packed', 'Null', 'Index_type', 'Comment', 'Index_comment', 'Visible', 'Expression']);
    expect(r.rows.map((x) => [x[0], x[1], x[2], x[3], x[4], x[5], x[9], x[10], x[13]])).toEqual([
      ['user', 0, 'PRIMARY', 1, 'Host', 'A', '', 'BTREE', 'YES'],
      ['user', 0, 'PRIMARY', 2, 'User', 'A', '', 'BTREE', 'YES'],
    ]);
  });

  it("SHOW TRIGGERS FROM mysql LIKE 'user': an empty set with SHOW TRIGGERS' columns", async () => {
    const r = await result(rootOf(), "SHOW TRIGGERS FROM mysql LIKE 'user'");
    expect(names(r)).toEqual(['Trigger', 'Event', 'Table', 'Statement', 'Timing', 'Created', 'sql_mode', 'Definer', 'character_set_client', 'collation_connection', 'Database Collation']);
    expect(r.rows).toEqual([]);
    // sys has the two sys_config triggers; LIKE matches the table name.
    expect((await rows(rootOf(), "SHOW TRIGGERS FROM sys LIKE 'sys_config'")).map((x) => [x[0], x[1], x[2], x[4]])).toEqual([
      ['sys_config_insert_set_user', 'INSERT', 'sys_config', 'BEFORE'],
      ['sys_config_update_set_user', 'UPDATE', 'sys_config', 'BEFORE'],
    ]);
  });

  it('SHOW TABLE STATUS FROM mysql: every mysql table, with its engine, row format, collation and comment (funcs_1/r/is_tables_mysql.result)', async () => {
    const r = await result(rootOf(), 'SHOW TABLE STATUS FROM mysql');
    expect(names(r)).toEqual(['Name', 'Engine', 'Version', 'Row_format', 'Rows', 'Avg_row_length', 'Data_length', 'Max_data_length', 'Index_length', 'Data_free', 'Auto_increment', 'Create_time', 'Update_time', 'Check_time', 'Collation', 'Checksum', 'Create_options', 'Comment']);
    expect(r.rows.map((x) => x[0])).toEqual(Object.keys(MYSQL_84_TABLES).sort());
    const user = r.rows.find((x) => x[0] === 'user')!;
    expect([user[1], user[2], user[3], user[14], user[17]]).toEqual(['InnoDB', 10, 'Dynamic', 'utf8mb3_bin', 'Users and global privileges']);
    const slow = r.rows.find((x) => x[0] === 'slow_log')!;
    expect([slow[1], slow[14], slow[17]]).toEqual(['CSV', 'utf8mb3_general_ci', 'Slow log']);
  });

  it('SHOW CREATE DATABASE mysql (the form of r/show_check_ci.result line 735)', async () => {
    const root = rootOf();
    expect(await rows(root, 'SHOW CREATE DATABASE mysql')).toEqual([
      ['mysql', "CREATE DATABASE `mysql` /*!40100 DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci */ /*!80016 DEFAULT ENCRYPTION='N' */"],
    ]);
    expect(await rows(root, 'SHOW CREATE DATABASE IF NOT EXISTS information_schema')).toEqual([
      ['information_schema', "CREATE DATABASE /*!32312 IF NOT EXISTS*/ `information_schema` /*!40100 DEFAULT CHARACTER SET utf8mb3 */ /*!80016 DEFAULT ENCRYPTION='N' */"],
    ]);
    expect((await errorOf(root, 'SHOW CREATE DATABASE nosuch')).code).toBe(1049);
  });

  it('SHOW EVENTS: 1046 without a database, an empty set in one', async () => {
    const root = rootOf();
    expect(await errorOf(root, 'SHOW EVENTS')).toEqual({ code: 1046, message: 'No database selected' });
    const r = await result(root, 'SHOW EVENTS FROM mysql');
    expect(names(r)).toEqual(['Db', 'Name', 'Definer', 'Time zone', 'Type', 'Execute at', 'Interval value', 'Interval field', 'Starts', 'Ends', 'Status', 'Originator', 'character_set_client', 'collation_connection', 'Database Collation']);
    expect(r.rows).toEqual([]);
  });

  it('SHOW PRIVILEGES: the static privileges in sys_privileges[] order, then the dynamic ones (r/grant.result)', async () => {
    const r = await result(rootOf(), 'SHOW PRIVILEGES');
    expect(names(r)).toEqual(['Privilege', 'Context', 'Comment']);
    expect(r.rows).toHaveLength(73);
    expect(r.rows.slice(0, 2)).toEqual([
      ['Alter', 'Tables', 'To alter the table'],
      ['Alter routine', 'Functions,Procedures', 'To alter or drop stored functions/procedures'],
    ]);
    expect(r.rows[32]).toEqual(['Usage', 'Server Admin', 'No privileges - allow connect only']);
    expect(r.rows[33]).toEqual(['ALLOW_NONEXISTENT_DEFINER', 'Server Admin', '']);
  });

  it('SHOW PROFILES: an empty set and the deprecation warning', async () => {
    const root = rootOf();
    const r = await result(root, 'SHOW PROFILES');
    expect(names(r)).toEqual(['Query_ID', 'Duration', 'Query']);
    expect(r.rows).toEqual([]);
    expect(await rows(root, 'SHOW WARNINGS')).toEqual([['Warning', 1287, "'SHOW PROFILES' is deprecated and will be removed in a future release. Please use Performance Schema instead"]]);
  });
});

describe('information_schema, generated from the registry', () => {
  it("TABLES WHERE TABLE_SCHEMA = 'mysql': every mysql table as BASE TABLE", async () => {
    const r = await rows(rootOf(), "SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'mysql' ORDER BY TABLE_NAME");
    expect(r).toEqual(Object.keys(MYSQL_84_TABLES).sort().map((t) => [t, 'BASE TABLE']));
  });

  it('TABLES lists every catalog table, information_schema and sys included', async () => {
    const root = rootOf();
    const counts = await rows(root, 'SELECT TABLE_SCHEMA, COUNT(*) FROM information_schema.TABLES GROUP BY TABLE_SCHEMA ORDER BY TABLE_SCHEMA');
    expect(counts).toEqual([['information_schema', 78], ['mysql', 37], ['performance_schema', 113], ['sys', 101]]);
    expect(await rows(root, "SELECT TABLE_TYPE FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'information_schema' AND TABLE_NAME = 'COLUMNS'")).toEqual([['SYSTEM VIEW']]);
    expect(await rows(root, "SELECT TABLE_TYPE, TABLE_COMMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'sys' AND TABLE_NAME = 'version'")).toEqual([['VIEW', 'VIEW']]);
  });

  it('COLUMNS, STATISTICS, KEY_COLUMN_USAGE and TABLE_CONSTRAINTS describe mysql.user', async () => {
    const root = rootOf();
    expect(await rows(root, "SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'mysql' AND TABLE_NAME = 'user'")).toEqual([[51]]);
    expect(
      await rows(root, "SELECT COLUMN_NAME, ORDINAL_POSITION, DATA_TYPE, CHARACTER_MAXIMUM_LENGTH, CHARACTER_OCTET_LENGTH, CHARACTER_SET_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'mysql' AND TABLE_NAME = 'user' AND ORDINAL_POSITION <= 2"),
    ).toEqual([['Host', 1, 'char', 255, 255, 'ascii'], ['User', 2, 'char', 32, 96, 'utf8mb3']]);
    expect(await rows(root, "SELECT INDEX_NAME, SEQ_IN_INDEX, COLUMN_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = 'mysql' AND TABLE_NAME = 'user'")).toEqual([['PRIMARY', 1, 'Host'], ['PRIMARY', 2, 'User']]);
    expect(await rows(root, "SELECT CONSTRAINT_NAME, COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = 'mysql' AND TABLE_NAME = 'db'")).toEqual([['PRIMARY', 'Host'], ['PRIMARY', 'User'], ['PRIMARY', 'Db']]);
    expect(await rows(root, "SELECT CONSTRAINT_TYPE FROM information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = 'mysql' AND TABLE_NAME = 'user'")).toEqual([['PRIMARY KEY']]);
  });

  it('ROUTINES, TRIGGERS, VIEWS and EVENTS', async () => {
    const root = rootOf();
    expect(await rows(root, "SELECT ROUTINE_TYPE, COUNT(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = 'sys' GROUP BY ROUTINE_TYPE ORDER BY ROUTINE_TYPE")).toEqual([['FUNCTION', 22], ['PROCEDURE', 26]]);
    expect(await rows(root, "SELECT DTD_IDENTIFIER, DATA_TYPE FROM information_schema.ROUTINES WHERE ROUTINE_NAME = 'ps_thread_id'")).toEqual([['bigint unsigned', 'bigint']]);
    expect(await rows(root, 'SELECT TRIGGER_NAME, EVENT_OBJECT_TABLE, ACTION_TIMING FROM information_schema.TRIGGERS')).toEqual([
      ['sys_config_insert_set_user', 'sys_config', 'BEFORE'],
      ['sys_config_update_set_user', 'sys_config', 'BEFORE'],
    ]);
    expect(await rows(root, "SELECT COUNT(*) FROM information_schema.VIEWS WHERE TABLE_SCHEMA = 'sys'")).toEqual([[100]]);
    expect(await rows(root, 'SELECT * FROM information_schema.EVENTS')).toEqual([]);
  });

  it('USER_PRIVILEGES, SCHEMA_PRIVILEGES, TABLE_PRIVILEGES and COLUMN_PRIVILEGES from the account store', async () => {
    const root = rootOf();
    await run(root, "CREATE USER 'app'@'%' IDENTIFIED BY 'x'; GRANT SELECT, INSERT ON appdb.* TO 'app'@'%'; GRANT UPDATE ON sys.sys_config TO 'app'@'%' WITH GRANT OPTION");
    expect(await rows(root, "SELECT * FROM information_schema.USER_PRIVILEGES WHERE GRANTEE = '''app''@''%'''")).toEqual([["'app'@'%'", 'def', 'USAGE', 'NO']]);
    expect(await rows(root, 'SELECT * FROM information_schema.SCHEMA_PRIVILEGES')).toEqual([
      ["'app'@'%'", 'def', 'appdb', 'SELECT', 'NO'],
      ["'app'@'%'", 'def', 'appdb', 'INSERT', 'NO'],
    ]);
    expect(await rows(root, 'SELECT * FROM information_schema.TABLE_PRIVILEGES')).toEqual([["'app'@'%'", 'def', 'sys', 'sys_config', 'UPDATE', 'YES']]);
    expect(await rows(root, 'SELECT * FROM information_schema.COLUMN_PRIVILEGES')).toEqual([]);
    expect((await rows(root, "SELECT PRIVILEGE_TYPE FROM information_schema.USER_PRIVILEGES WHERE GRANTEE = '''root''@''localhost'''")).length).toBeGreaterThan(60);
  });

  it('an unknown information_schema table is 1109', async () => {
    expect(await errorOf(rootOf(), 'SELECT * FROM information_schema.NOPE')).toEqual({ code: 1109, message: "Unknown table 'NOPE' in information_schema" });
  });
});

describe('performance_schema, live from the server', () => {
  it('user_variables_by_thread: the sessions\' user variables, by thread', async () => {
    const root = rootOf();
    await run(root, "SET @a = 5, @b = 'x'");
    const r = await result(root, 'SELECT * FROM performance_schema.user_variables_by_thread');
    expect(names(r)).toEqual(['THREAD_ID', 'VARIABLE_NAME', 'VARIABLE_VALUE']);
    const thread = (await rows(root, 'SELECT THREAD_ID FROM performance_schema.threads WHERE PROCESSLIST_ID = CONNECTION_ID()'))[0]![0];
    expect(r.rows).toEqual([[thread, 'a', Buffer.from('5')], [thread, 'b', Buffer.from('x')]]);
  });

  it('global_variables, session_variables and variables_info follow the system variables', async () => {
    const root = rootOf();
    await run(root, 'SET SESSION sql_mode = ANSI');
    expect(await rows(root, "SELECT VARIABLE_VALUE FROM performance_schema.session_variables WHERE VARIABLE_NAME = 'sql_mode'")).toEqual(await rows(root, 'SELECT @@session.sql_mode'));
    expect(await rows(root, "SELECT VARIABLE_VALUE FROM performance_schema.global_variables WHERE VARIABLE_NAME = 'sql_mode'")).toEqual(await rows(root, 'SELECT @@global.sql_mode'));
    expect(await rows(root, "SELECT VARIABLE_VALUE FROM performance_schema.global_variables WHERE VARIABLE_NAME = 'max_connections'")).toEqual([['151']]);
    expect(await rows(root, "SELECT VARIABLE_SOURCE, MIN_VALUE, MAX_VALUE FROM performance_schema.variables_info WHERE VARIABLE_NAME = 'max_connections'")).toEqual([['COMPILED', '1', '100000']]);
    expect(await rows(root, "SELECT VARIABLE_VALUE FROM performance_schema.global_status WHERE VARIABLE_NAME = 'Threads_connected'")).toEqual([['1']]);
  });

  it('threads, processlist, accounts and session_connect_attrs list the open sessions', async () => {
    const server = testServer();
    const root = login(server, 'root', 'localhost');
    const other = login(server, 'root', 'localhost');
    other.session.attributes = { _client_name: 'libmysql' };
    expect(await rows(root, 'SELECT PROCESSLIST_ID, PROCESSLIST_USER, TYPE FROM performance_schema.threads ORDER BY PROCESSLIST_ID')).toEqual([
      [root.session.id, 'root', 'FOREGROUND'],
      [other.session.id, 'root', 'FOREGROUND'],
    ]);
    expect(await rows(root, 'SELECT ID, COMMAND FROM performance_schema.processlist ORDER BY ID')).toEqual([[root.session.id, 'Query'], [other.session.id, 'Sleep']]);
    expect(await rows(root, 'SELECT USER, HOST, CURRENT_CONNECTIONS FROM performance_schema.accounts')).toEqual([['root', 'clienthost', 2]]);
    expect(await rows(root, 'SELECT PROCESSLIST_ID, ATTR_NAME, ATTR_VALUE FROM performance_schema.session_connect_attrs')).toEqual([[other.session.id, '_client_name', 'libmysql']]);
  });

  it('MariaDB: performance_schema is OFF by default, its tables exist and are empty (live 10.11)', async () => {
    expect(await rows(rootOf('mariadb-10.11'), 'SELECT * FROM performance_schema.global_status')).toEqual([]);
  });
});

describe('who sees what', () => {
  it('an account without grants sees only information_schema and performance_schema\'s world-readable tables', async () => {
    const root = rootOf();
    await run(root, "CREATE USER 'u'@'%' IDENTIFIED BY 'x'");
    const u = login(root.server, 'u', '%');
    expect(await rows(u, 'SELECT DISTINCT TABLE_SCHEMA FROM information_schema.TABLES ORDER BY 1')).toEqual([['information_schema'], ['performance_schema']]);
    expect(await rows(u, "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'performance_schema' ORDER BY 1")).toEqual([
      ['global_status'], ['global_variables'], ['processlist'], ['session_account_connect_attrs'], ['session_status'], ['session_variables'], ['variables_info'],
    ]);
    expect(await rows(u, 'SELECT SCHEMA_NAME FROM information_schema.SCHEMATA')).toEqual([['information_schema'], ['performance_schema']]);
    expect(await rows(u, "SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'mysql'")).toEqual([[0]]);
    expect(await rows(u, 'SELECT GRANTEE, PRIVILEGE_TYPE FROM information_schema.USER_PRIVILEGES')).toEqual([["'u'@'%'", 'USAGE']]);
    expect(await errorOf(u, 'SHOW TABLES FROM mysql')).toEqual({ code: 1044, message: "Access denied for user 'u'@'%' to database 'mysql'" });
    expect(await errorOf(u, 'SHOW COLUMNS FROM mysql.user')).toEqual({ code: 1142, message: "SELECT command denied to user 'u'@'clienthost' for table 'user'" });
    expect((await errorOf(u, 'SELECT * FROM mysql.db')).code).toBe(1142);
    expect((await errorOf(u, 'SELECT * FROM sys.version')).code).toBe(1142);
    expect((await errorOf(u, 'SELECT * FROM performance_schema.threads')).code).toBe(1142);
    expect(await rows(u, "SELECT VARIABLE_VALUE FROM performance_schema.global_variables WHERE VARIABLE_NAME = 'version_comment'")).toEqual([['MySQL Community Server - GPL']]);
  });

  it('SELECT on one table shows that table; SELECT on the mysql schema shows every account\'s grants', async () => {
    const root = rootOf();
    await run(root, "CREATE USER 'u'@'%' IDENTIFIED BY 'x'; GRANT SELECT ON mysql.user TO 'u'@'%'");
    const u = login(root.server, 'u', '%');
    expect(await rows(u, "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'mysql'")).toEqual([['user']]);
    expect(await rows(u, "SHOW FULL COLUMNS FROM mysql.user LIKE 'Host'")).toEqual([['Host', 'char(255)', 'ascii_general_ci', 'NO', 'PRI', '', '', 'select', '']]);
    expect((await rows(u, 'SELECT DISTINCT GRANTEE FROM information_schema.USER_PRIVILEGES')).length).toBe(1);
    await run(root, "GRANT SELECT ON mysql.* TO 'u'@'%'");
    expect((await rows(u, 'SELECT DISTINCT GRANTEE FROM information_schema.USER_PRIVILEGES ORDER BY 1')).map((r) => r[0])).toEqual(["'root'@'localhost'", "'u'@'%'"]);
  });

  it('errors as MySQL: 1146, 1049, 1046, 1109', async () => {
    const root = rootOf();
    expect(await errorOf(root, 'SHOW COLUMNS FROM mysql.nosuch')).toEqual({ code: 1146, message: "Table 'mysql.nosuch' doesn't exist" });
    expect(await errorOf(root, 'SHOW COLUMNS FROM t FROM nodb')).toEqual({ code: 1146, message: "Table 'nodb.t' doesn't exist" });
    expect(await errorOf(root, 'SHOW TABLES FROM nodb')).toEqual({ code: 1049, message: "Unknown database 'nodb'" });
    expect(await errorOf(root, 'SHOW TABLE STATUS')).toEqual({ code: 1046, message: 'No database selected' });
    expect(await errorOf(root, 'SHOW INDEX FROM information_schema.nope')).toEqual({ code: 1109, message: "Unknown table 'nope' in information_schema" });
  });
});

describe('binary log and replica statements, per server', () => {
  it('8.4: the MASTER / SLAVE forms are gone (1064); SHOW BINARY LOG STATUS, BINARY LOGS, REPLICA STATUS and REPLICAS answer', async () => {
    const root = rootOf();
    for (const [sql, near] of [['SHOW MASTER STATUS', 'MASTER STATUS'], ['SHOW SLAVE STATUS', 'SLAVE STATUS'], ['SHOW MASTER LOGS', 'MASTER LOGS'], ['SHOW SLAVE HOSTS', 'SLAVE HOSTS']] as const) {
      expect(await errorOf(root, sql)).toEqual({
        code: 1064,
        message: `You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use near '${near}' at line 1`,
      });
    }
    const status = await result(root, 'SHOW BINARY LOG STATUS');
    expect(names(status)).toEqual(['File', 'Position', 'Binlog_Do_DB', 'Binlog_Ignore_DB', 'Executed_Gtid_Set']);
    expect(status.rows).toEqual([['binlog.000001', 158, '', '', '']]);
    expect(await rows(root, 'SHOW BINARY LOGS')).toEqual([['binlog.000001', 158, 'No']]);
    const replica = await result(root, 'SHOW REPLICA STATUS');
    expect(replica.rows).toEqual([]);
    expect(replica.columns).toHaveLength(60);
    expect(names(replica).slice(0, 3)).toEqual(['Replica_IO_State', 'Source_Host', 'Source_User']);
    expect(names(await result(root, 'SHOW REPLICAS'))).toEqual(['Server_Id', 'Host', 'Port', 'Source_Id', 'Replica_UUID']);
  });

  it('8.0 accepts both families (SHOW SLAVE STATUS with the old column names) but not SHOW BINARY LOG STATUS', async () => {
    const root = rootOf('mysql-8.0');
    expect(await rows(root, 'SHOW MASTER STATUS')).toEqual([['binlog.000001', 157, '', '', '']]);
    expect(await rows(root, 'SHOW MASTER LOGS')).toEqual([['binlog.000001', 157, 'No']]);
    expect(names(await result(root, 'SHOW SLAVE STATUS')).slice(0, 2)).toEqual(['Slave_IO_State', 'Master_Host']);
    expect(names(await result(root, 'SHOW REPLICA STATUS')).slice(0, 2)).toEqual(['Replica_IO_State', 'Source_Host']);
    expect((await errorOf(root, 'SHOW BINARY LOG STATUS')).message).toMatch(/near 'LOG STATUS' at line 1$/);
  });

  it('5.7: binary logging is off by default: SHOW MASTER STATUS is an empty set, SHOW MASTER LOGS 1381; no REPLICA forms', async () => {
    const root = rootOf('mysql-5.7');
    expect(await rows(root, 'SHOW MASTER STATUS')).toEqual([]);
    expect(await errorOf(root, 'SHOW MASTER LOGS')).toEqual({ code: 1381, message: 'You are not using binary logging' });
    expect(await rows(root, 'SHOW SLAVE STATUS')).toEqual([]);
    expect((await errorOf(root, 'SHOW REPLICA STATUS')).message).toMatch(/near 'REPLICA STATUS' at line 1$/);
  });

  it('MariaDB 10.11 (live): SHOW MASTER STATUS and SHOW BINLOG STATUS are empty sets, SHOW BINARY LOGS 1381, SHOW REPLICAS 1064', async () => {
    const root = rootOf('mariadb-10.11');
    expect(names(await result(root, 'SHOW MASTER STATUS'))).toEqual(['File', 'Position', 'Binlog_Do_DB', 'Binlog_Ignore_DB']);
    expect(await rows(root, 'SHOW BINLOG STATUS')).toEqual([]);
    expect(await errorOf(root, 'SHOW BINARY LOGS')).toEqual({ code: 1381, message: 'You are not using binary logging' });
    expect(names(await result(root, 'SHOW REPLICA HOSTS'))).toEqual(['Server_id', 'Host', 'Port', 'Master_id']);
    expect((await errorOf(root, 'SHOW REPLICAS')).code).toBe(1064);
  });

  it('needs REPLICATION CLIENT (or SUPER): 1227', async () => {
    const root = rootOf();
    await run(root, "CREATE USER 'u'@'%' IDENTIFIED BY 'x'");
    expect(await errorOf(login(root.server, 'u', '%'), 'SHOW BINARY LOG STATUS')).toEqual({
      code: 1227,
      message: 'Access denied; you need (at least one of) the SUPER, REPLICATION CLIENT privilege(s) for this operation',
    });
  });
});

describe('startup cost', () => {
  it('the definitions are decoded on first catalog use, not when the server is built or on SELECT 1', async () => {
    const server = testServer();
    const registry = registryOf(server.catalog);
    expect(registry.loaded).toBe(false);
    await run(login(server, 'root', 'localhost'), 'SELECT 1');
    expect(registry.loaded).toBe(false);
    registry.find('mysql', 'user');
    expect(registry.loaded).toBe(true);
  });
});

describe('DESCRIBE / DESC / EXPLAIN of a table (sql_yacc.yy describe_command: SHOW COLUMNS)', () => {
  it('answers as SHOW COLUMNS, the optional column as a LIKE pattern; EXPLAIN of a statement is 1235', async () => {
    const root = login(testServer('mysql-8.4'), 'root', 'localhost');
    expect(await rows(root, 'DESCRIBE mysql.user')).toEqual(await rows(root, 'SHOW COLUMNS FROM mysql.user'));
    expect(await rows(root, 'DESC mysql.db Db')).toEqual([['Db', 'char(64)', 'NO', 'PRI', '', '']]);
    expect(await rows(root, "EXPLAIN mysql.user 'password_l%'")).toEqual(await rows(root, "SHOW COLUMNS FROM mysql.user LIKE 'password_l%'"));
    expect((await errorOf(root, 'DESCRIBE nosuch.t')).code).toBe(1146);
    expect((await errorOf(root, 'EXPLAIN SELECT 1')).code).toBe(1235);
  });
});
