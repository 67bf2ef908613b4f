/**
 * What the session in front of an account statement may do: the access
 * rules the SQL layer asks about (USE, SHOW DATABASES, SET GLOBAL, account
 * DDL) and MySQL's access-denied errors, over accounts/privileges.ts.
 */
import { quoteIdentifier } from './parse/quote.js';
import { mysqlError } from '../errors/mysql-error.js';
import type { SqlServer, SqlSession } from './context.js';
import { MARIADB_EXTENDED_PRIVILEGES, STATIC_PRIVILEGES, type Account, type AuthId } from '../accounts/account.js';
import { canManageAccounts, hasAnyPrivilegeOn, hasGlobalPrivilege, hasTablePrivilege } from '../accounts/privileges.js';
import { authIdText, mergeActiveRoles, parseMandatoryRoles, type WithRoles } from '../accounts/roles.js';
import { isOn } from '../config/variables.js';

/** What the account executors need from the SQL layer's ExecContext. */
export interface AccountContext {
  session: SqlSession;
  server: SqlServer;
}

/** Schemas every account may see and enter without a grant. */
function worldReadableSchemas(server: SqlServer): readonly string[] {
  // MySQL 5.7+ makes part of performance_schema readable by everyone, so it is listed for every account.
  return server.profile.worldReadableSchemas;
}

/** The account the session is logged in as, if it still exists, without its active roles. */
export function ownAccount(ctx: AccountContext): Account | undefined {
  return ctx.server.accounts.get(ctx.session.accountUser, ctx.session.accountHost);
}

/**
 * The account the session is logged in as, with the privileges of its
 * active roles merged in (MySQL's Security_context access maps; MariaDB's
 * one active role): what every access check asks.
 */
export function sessionAccount(ctx: AccountContext): Account | undefined {
  return sessionWithRoles(ctx)?.account;
}

/** The session's account with its active roles, and the roles it may grant WITH ADMIN OPTION through them. */
export function sessionWithRoles(ctx: AccountContext): WithRoles | undefined {
  const own = ownAccount(ctx);
  if (!own) return undefined;
  const active = ctx.session.activeRoles ?? [];
  if (active.length === 0) return { account: own, adminRoles: new Set() };
  return mergeActiveRoles((u, h) => ctx.server.accounts.get(u, h), own, active, mandatoryRoles(ctx), partialRevokesOn(ctx));
}

/**
 * has_grant_role_privilege(): SUPER or ROLE_ADMIN, or every role granted
 * WITH ADMIN OPTION to the session (directly to an active role's graph, or
 * the account's own grant of an active role).
 */
export function mayAdministerRoles(ctx: AccountContext, roles: readonly AuthId[]): boolean {
  const me = sessionWithRoles(ctx);
  if (!me) return false;
  if (hasGlobalPrivilege(me.account, 'SUPER') || hasGlobalPrivilege(me.account, 'ROLE_ADMIN')) return true;
  return roles.every((r) => me.adminRoles.has(authIdText(r)));
}

/**
 * read_only (deny_updates_if_read_only_option()): a statement that writes
 * the grant tables or the schemas fails with 1290 unless the session may
 * write anyway: MariaDB 10.11's READ_ONLY ADMIN (SUPER no longer is enough),
 * MySQL's SUPER while super_read_only is OFF.
 */
export function requireWritable(ctx: AccountContext): void {
  const { profile, variables } = ctx.server;
  const on = (name: string) => variables.definition(name) !== undefined && isOn(variables.get(name, 'global'));
  const me = sessionAccount(ctx);
  if (profile.roleStatements === 'mariadb') {
    if (on('read_only') && !hasGlobalPrivilege(me, 'READ_ONLY ADMIN')) throw mysqlError('ER_OPTION_PREVENTS_STATEMENT', '--read-only');
    return;
  }
  if (on('super_read_only')) throw mysqlError('ER_OPTION_PREVENTS_STATEMENT', '--super-read-only');
  if (on('read_only') && !hasGlobalPrivilege(me, 'SUPER')) throw mysqlError('ER_OPTION_PREVENTS_STATEMENT', '--read-only');
}

/** The global mandatory_roles (MySQL 8), as the accounts it names that exist. */
export function mandatoryRoles(ctx: AccountContext): AuthId[] {
  if (ctx.server.profile.roleStatements !== 'mysql') return [];
  const text = String(ctx.server.variables.get('mandatory_roles', 'global') ?? '');
  return text === '' ? [] : parseMandatoryRoles(text, (u, h) => ctx.server.accounts.get(u, h));
}

/** @@global.partial_revokes (MySQL 8.0.16+). */
export function partialRevokesOn(ctx: AccountContext): boolean {
  if (ctx.server.profile.roleStatements !== 'mysql') return false;
  return isOn(ctx.server.variables.get('partial_revokes', 'global') ?? 0);
}

/** Whether `user`@`host` names the session's own account (user exact, host case-insensitive). */
export function isSessionAccount(ctx: AccountContext, user: string, host: string): boolean {
  return ctx.session.accountUser === user && ctx.session.accountHost.toLowerCase() === host.toLowerCase();
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
 * 1142 `<COMMAND> command denied to user 'u'@'h' for table 'user'` (MySQL) or
 * ``... for table `mysql`.`user` `` (MariaDB). Unlike 1044/1045, it names the
 * client's host (sctx->host_or_ip()), not the account's host pattern.
 */
export function tableAccessDenied(ctx: AccountContext, command: string, db: string, table: string) {
  const name = ctx.server.profile.tableAccessDeniedName === 'quoted-schema-table' ? `${quoteIdentifier(db)}.${quoteIdentifier(table)}` : table;
  return mysqlError('ER_TABLEACCESS_DENIED_ERROR', command, ctx.session.accountUser, ctx.session.clientHost, name);
}

/** SELECT on a table, or 1142. */
export function checkTableSelect(ctx: AccountContext, db: string, table: string): void {
  if (!hasTablePrivilege(sessionAccount(ctx), db, table, 'SELECT')) throw tableAccessDenied(ctx, 'SELECT', db, table);
}

/**
 * A direct write (UPDATE, INSERT, DELETE) to `db`.`table`: the table
 * privilege, and on a platform whose schema is read-only (Azure's mysql)
 * SUPER too. Otherwise 1142 for `command`, as for a missing privilege.
 */
export function checkTableWrite(ctx: AccountContext, command: 'INSERT' | 'UPDATE' | 'DELETE', db: string, table: string): void {
  const me = sessionAccount(ctx);
  const readOnly = ctx.server.profile.readOnlySchemas.includes(db.toLowerCase()) && !hasGlobalPrivilege(me, 'SUPER');
  if (readOnly || !hasTablePrivilege(me, db, table, command)) throw tableAccessDenied(ctx, command, db, table);
}

/**
 * check_system_user_privilege() (MySQL 8.0.16+): an account that holds
 * SYSTEM_USER can be altered, renamed, dropped or given a password only by a
 * session that holds it too; 1227 otherwise, before anything else is looked at.
 */
export function requireSystemUserFor(ctx: AccountContext, targets: readonly { user: string; host: string }[]): void {
  if (!ctx.server.profile.systemUserPrivilege || hasGlobalPrivilege(sessionAccount(ctx), 'SYSTEM_USER')) return;
  for (const t of targets) {
    if (hasGlobalPrivilege(ctx.server.accounts.get(t.user, t.host), 'SYSTEM_USER')) {
      throw mysqlError('ER_SPECIFIC_ACCESS_DENIED_ERROR', 'SYSTEM_USER');
    }
  }
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

/** Every static privilege a global grant can hold in this profile (5.7 has no roles). */
export function staticGlobalPrivileges(ctx: AccountContext): readonly string[] {
  if (ctx.server.profile.roleStatements === 'mariadb') return MARIADB_GLOBAL_PRIVILEGES;
  return ctx.server.profile.roles
    ? STATIC_PRIVILEGES
    : STATIC_PRIVILEGES.filter((p) => p !== 'CREATE ROLE' && p !== 'DROP ROLE');
}

/** MariaDB 10.11's global privileges in bit order: MySQL's up to CREATE TABLESPACE, then its own. */
const MARIADB_GLOBAL_PRIVILEGES: readonly string[] = [
  ...STATIC_PRIVILEGES.filter((p) => p !== 'CREATE ROLE' && p !== 'DROP ROLE'),
  ...MARIADB_EXTENDED_PRIVILEGES,
];
