/**
 * Who sees which catalog rows, as MySQL decides it: information_schema
 * lists only the objects the session has some privilege on (its own
 * tables and performance_schema's world-readable ones aside), the
 * privilege tables (USER_PRIVILEGES ...) list only the session's own grants
 * unless it may read the mysql schema, and reading a mysql, sys or
 * performance_schema table needs SELECT on it (1142).
 */
import type { Account } from '../../accounts/account.js';
import { hasDatabasePrivilege, hasGlobalPrivilege, hasTablePrivilege, TABLE_PRIVILEGES } from '../../accounts/privileges.js';
import { checkTableSelect, sessionAccount } from '../access.js';
import type { TableContext } from '../context.js';

const INFORMATION_SCHEMA = 'information_schema';
const PERFORMANCE_SCHEMA = 'performance_schema';

/**
 * performance_schema tables every account may read (pfs_readonly_world_acl
 * and the processlist's own ACL in storage/perfschema; inferred list): the
 * status and variable tables SHOW STATUS / SHOW VARIABLES read, the
 * session's own connection attributes, and the process list (rows
 * filtered as SHOW PROCESSLIST's).
 */
export const WORLD_READABLE_PERFORMANCE_SCHEMA: ReadonlySet<string> = new Set([
  'global_status',
  'session_status',
  'global_variables',
  'session_variables',
  'variables_info',
  'session_account_connect_attrs',
  'processlist',
]);

/** Whether the account holds any table-level privilege on `db`.`table` (global, schema or table grant). */
export function hasAnyTablePrivilege(account: Account | undefined, db: string, table: string): boolean {
  if (!account) return false;
  if (TABLE_PRIVILEGES.some((p) => hasGlobalPrivilege(account, p))) return true;
  const schema = account.databasePrivileges.get(db);
  if (schema && (schema.privileges.size > 0 || schema.grantOption)) return true;
  const grant = account.tablePrivileges.get(`${db}.${table}`);
  return !!grant && (grant.privileges.size > 0 || grant.grantOption);
}

/** Whether information_schema lists `schema`.`table` to this session. */
export function canSeeTable(ctx: TableContext, schema: string, table: string): boolean {
  const lower = schema.toLowerCase();
  if (lower === INFORMATION_SCHEMA) return true;
  if (lower === PERFORMANCE_SCHEMA && ctx.server.profile.worldReadableSchemas.includes(PERFORMANCE_SCHEMA) && WORLD_READABLE_PERFORMANCE_SCHEMA.has(table)) return true;
  return hasAnyTablePrivilege(sessionAccount(ctx), schema, table);
}

/** Whether information_schema.ROUTINES lists `schema`'s routines: EXECUTE, CREATE / ALTER ROUTINE there, or SHOW_ROUTINE. */
export function canSeeRoutines(ctx: TableContext, schema: string): boolean {
  const me = sessionAccount(ctx);
  return (
    hasGlobalPrivilege(me, 'SHOW_ROUTINE') ||
    ['EXECUTE', 'CREATE ROUTINE', 'ALTER ROUTINE'].some((p) => hasDatabasePrivilege(me, schema, p)) ||
    hasTablePrivilege(me, 'mysql', 'proc', 'SELECT')
  );
}

/** Whether information_schema.TRIGGERS lists a table's triggers (TRIGGER on the table). */
export function canSeeTriggers(ctx: TableContext, schema: string, table: string): boolean {
  return hasTablePrivilege(sessionAccount(ctx), schema, table, 'TRIGGER');
}

/** USER_PRIVILEGES, SCHEMA_PRIVILEGES, ... list every account's grants only to sessions that may read the mysql schema. */
export function seesAllGrants(ctx: TableContext): boolean {
  return hasDatabasePrivilege(sessionAccount(ctx), 'mysql', 'SELECT');
}

/** The PROCESS privilege: every session in the process list, not only the account's own. */
export function seesAllProcesses(ctx: TableContext): boolean {
  return hasGlobalPrivilege(sessionAccount(ctx), 'PROCESS');
}

/** COLUMNS.PRIVILEGES: the session's column privileges on `schema`.`table`, as MySQL lists them. */
export function columnPrivileges(ctx: TableContext, schema: string, table: string): string {
  if (schema.toLowerCase() === INFORMATION_SCHEMA) return 'select';
  const me = sessionAccount(ctx);
  return ['SELECT', 'INSERT', 'UPDATE', 'REFERENCES']
    .filter((p) => hasTablePrivilege(me, schema, table, p) || (schema === PERFORMANCE_SCHEMA && p === 'SELECT' && WORLD_READABLE_PERFORMANCE_SCHEMA.has(table)))
    .map((p) => p.toLowerCase())
    .join(',');
}

/** Reading a table: mysql, sys and (most of) performance_schema need SELECT on it (1142). */
export function checkRead(ctx: TableContext, schema: string, table: string): void {
  const lower = schema.toLowerCase();
  if (lower === INFORMATION_SCHEMA) return;
  if (lower === PERFORMANCE_SCHEMA && ctx.server.profile.worldReadableSchemas.includes(PERFORMANCE_SCHEMA) && WORLD_READABLE_PERFORMANCE_SCHEMA.has(table)) return;
  checkTableSelect(ctx, schema, table);
}
