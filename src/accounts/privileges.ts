/**
 * MySQL's privilege checks over the in-memory grants: global (mysql.user,
 * mysql.global_grants), database (mysql.db) and table (mysql.tables_priv)
 * levels, and the access rules the SQL layer asks about (USE, SHOW
 * DATABASES, SET GLOBAL, account DDL).
 */
import { mysqlError } from '../errors/mysql-error.js';
import type { ServerState } from '../server/state.js';
import type { Session } from '../session/session.js';
import { STATIC_PRIVILEGES, type Account } from './account.js';

/** What the account executors need from the SQL layer's ExecContext. */
export interface AccountContext {
  session: Session;
  server: ServerState;
}

/** Static privileges that can be granted ON db.* (mysql.db columns), in SHOW GRANTS order. */
export const DATABASE_PRIVILEGES: readonly string[] = [
  'SELECT', 'INSERT', 'UPDATE', 'DELETE', 'CREATE', 'DROP', 'REFERENCES', 'INDEX', 'ALTER',
  'CREATE TEMPORARY TABLES', 'LOCK TABLES', 'EXECUTE', 'CREATE VIEW', 'SHOW VIEW', 'CREATE ROUTINE',
  'ALTER ROUTINE', 'EVENT', 'TRIGGER',
];

/** Privileges that can be granted ON db.table (mysql.tables_priv Table_priv), in SHOW GRANTS order. */
export const TABLE_PRIVILEGES: readonly string[] = [
  'SELECT', 'INSERT', 'UPDATE', 'DELETE', 'CREATE', 'DROP', 'REFERENCES', 'INDEX', 'ALTER', 'CREATE VIEW',
  'SHOW VIEW', 'TRIGGER',
];

/** How older grants (and the bootstrap) spell "every privilege of this level". */
const ALL_PRIVILEGES = 'ALL PRIVILEGES';

/** Schemas every account may see and enter without a grant. */
function worldReadableSchemas(server: ServerState): readonly string[] {
  // MySQL 5.7+ makes part of performance_schema readable by everyone, so it is listed for every account.
  return server.profile.isMariaDb ? ['information_schema'] : ['information_schema', 'performance_schema'];
}

/** The account the session is logged in as, if it still exists. */
export function sessionAccount(ctx: AccountContext): Account | undefined {
  return ctx.server.accounts.get(ctx.session.accountUser, ctx.session.accountHost);
}

/** Whether `user`@`host` names the session's own account (user exact, host case-insensitive). */
export function isSessionAccount(ctx: AccountContext, user: string, host: string): boolean {
  return ctx.session.accountUser === user && ctx.session.accountHost.toLowerCase() === host.toLowerCase();
}

function holds(set: ReadonlySet<string>, privilege: string): boolean {
  return set.has(privilege) || set.has(ALL_PRIVILEGES);
}

/** A static or dynamic global privilege, or 'GRANT OPTION'. */
export function hasGlobalPrivilege(account: Account | undefined, privilege: string): boolean {
  if (!account) return false;
  if (privilege === 'GRANT OPTION') return account.globalGrantOption;
  return holds(account.globalPrivileges, privilege) || account.dynamicPrivileges.has(privilege);
}

/** `privilege` on every table of `db`, from a global or database-level grant. */
export function hasDatabasePrivilege(account: Account | undefined, db: string, privilege: string): boolean {
  if (!account) return false;
  if (hasGlobalPrivilege(account, privilege)) return true;
  const grant = account.databasePrivileges.get(db);
  if (!grant) return false;
  return privilege === 'GRANT OPTION' ? grant.grantOption : holds(grant.privileges, privilege);
}

/** `privilege` on `db`.`table`, from any level. */
export function hasTablePrivilege(account: Account | undefined, db: string, table: string, privilege: string): boolean {
  if (!account) return false;
  if (hasDatabasePrivilege(account, db, privilege)) return true;
  const grant = account.tablePrivileges.get(`${db}.${table}`);
  if (!grant) return false;
  return privilege === 'GRANT OPTION' ? grant.grantOption : holds(grant.privileges, privilege);
}

/** Whether any global grant applies to databases (DB_ACLS in MySQL). */
function hasAnyGlobalDatabasePrivilege(account: Account): boolean {
  return DATABASE_PRIVILEGES.some((p) => holds(account.globalPrivileges, p));
}

/** Whether the account holds anything at all on `db` (a database or table grant, or a global one). */
export function hasAnyPrivilegeOn(account: Account | undefined, db: string): boolean {
  if (!account) return false;
  if (hasAnyGlobalDatabasePrivilege(account)) return true;
  const grant = account.databasePrivileges.get(db);
  if (grant && (grant.privileges.size > 0 || grant.grantOption)) return true;
  const prefix = `${db}.`;
  for (const key of account.tablePrivileges.keys()) if (key.startsWith(prefix)) return true;
  return false;
}

/** SHOW DATABASES: every schema with SHOW DATABASES, else those the account has some privilege on. */
export function visibleDatabases(ctx: AccountContext): string[] {
  const account = sessionAccount(ctx);
  const all = [...ctx.server.databases];
  const visible = hasGlobalPrivilege(account, 'SHOW DATABASES')
    ? all
    : all.filter((db) => worldReadableSchemas(ctx.server).includes(db) || hasAnyPrivilegeOn(account, db));
  return visible.sort();
}

/** USE db: 1044 unless the account has some privilege on it (checked before the schema's existence, as MySQL). */
export function checkDatabaseAccess(ctx: AccountContext, db: string): void {
  if (worldReadableSchemas(ctx.server).includes(db.toLowerCase())) return;
  if (hasAnyPrivilegeOn(sessionAccount(ctx), db)) return;
  throw databaseAccessDenied(ctx, db);
}

/** 1044 Access denied for user 'u'@'h' to database 'db', naming the session's account. */
export function databaseAccessDenied(ctx: AccountContext, db: string) {
  return mysqlError('ER_DBACCESS_DENIED_ERROR', ctx.session.accountUser, ctx.session.accountHost, db);
}

/**
 * 1142 `<COMMAND> command denied to user 'u'@'h' for table '<name>'`, worded per server family.
 * Unlike 1044/1045, MySQL names the client's host here (sctx->host_or_ip()), not the account's host pattern.
 */
export function tableAccessDenied(ctx: AccountContext, command: string, db: string, table: string) {
  const family = ctx.server.profile.family;
  const name = family === 'mysql-8' ? `${db}.${table}` : table;
  return mysqlError('ER_TABLEACCESS_DENIED_ERROR', command, ctx.session.accountUser, ctx.session.clientHost, name);
}

/** SELECT on a table, or 1142. */
export function checkTableSelect(ctx: AccountContext, db: string, table: string): void {
  if (!hasTablePrivilege(sessionAccount(ctx), db, table, 'SELECT')) throw tableAccessDenied(ctx, 'SELECT', db, table);
}

/**
 * Account DDL on other accounts: the global CREATE USER privilege, or
 * `tablePrivilege` (INSERT for CREATE, UPDATE for ALTER/RENAME, DELETE for
 * DROP) on the mysql schema.
 */
export function canManageAccounts(account: Account | undefined, tablePrivilege: 'INSERT' | 'UPDATE' | 'DELETE'): boolean {
  return hasGlobalPrivilege(account, 'CREATE USER') || hasDatabasePrivilege(account, 'mysql', tablePrivilege);
}

/** 1227 unless the session may run account DDL. */
export function requireAccountAdmin(ctx: AccountContext, tablePrivilege: 'INSERT' | 'UPDATE' | 'DELETE'): void {
  if (!canManageAccounts(sessionAccount(ctx), tablePrivilege)) {
    throw mysqlError('ER_SPECIFIC_ACCESS_DENIED_ERROR', 'CREATE USER');
  }
}

/** The SQL layer's `hasPrivilege(ctx, priv)` hook: a global privilege of the session's account. */
export function sessionHasPrivilege(ctx: AccountContext, privilege: string): boolean {
  return hasGlobalPrivilege(sessionAccount(ctx), privilege);
}

/** Expands a privilege set holding 'ALL PRIVILEGES' (as the bootstrap writes it) to the level's list. */
export function expandAll(set: ReadonlySet<string>, level: readonly string[]): Set<string> {
  return set.has(ALL_PRIVILEGES) ? new Set(level) : new Set(set);
}

/** Every static privilege a global grant can hold in this profile (5.7 has no roles). */
export function staticGlobalPrivileges(ctx: AccountContext): readonly string[] {
  return ctx.server.profile.family === 'mysql-8' || ctx.server.profile.family === 'oceanbase'
    ? STATIC_PRIVILEGES
    : STATIC_PRIVILEGES.filter((p) => p !== 'CREATE ROLE' && p !== 'DROP ROLE');
}
