/**
 * MySQL 8's role statements: CREATE ROLE, DROP ROLE, GRANT role TO,
 * REVOKE role FROM, SET ROLE, SET DEFAULT ROLE / ALTER USER ... DEFAULT
 * ROLE (sql/auth/sql_authorization.cc, roles.cc, sql_admin.cc). A role is an
 * account created locked with an expired password; the role graph is the
 * accounts' `roles` (mysql.role_edges), default roles their `defaultRoles`
 * (mysql.default_roles). MariaDB's are in roles-mariadb.ts.
 */
import type { Account, AuthId } from '../../accounts/account.js';
import { hasGlobalPrivilege } from '../../accounts/privileges.js';
import { addRoleGrant, authIdText, grantWouldLoop, isGrantedRole, removeRoleGrant, sameAuthId } from '../../accounts/roles.js';
import { mysqlError } from '../../errors/mysql-error.js';
import type { CreateRoleStmt, DropRoleStmt, GrantRoleStmt, RevokeRoleStmt, SetDefaultRoleStmt, SetRoleStmt, UserSpec } from '../parse/ast.js';
import type { StatementResult } from '../../wire/result.js';
import { hasDatabasePrivilege } from '../../accounts/privileges.js';
import { isSessionAccount, mandatoryRoles, mayAdministerRoles, ownAccount, requireSystemUserFor, requireWritable, sessionAccount, type AccountContext } from '../access.js';
import { mirrorAccountChange } from '../catalog/grant-tables.js';
import { createUser, dropUser, resolveUser } from './account-ddl.js';
import * as mariadb from './roles-mariadb.js';

const OK: StatementResult = { kind: 'ok' };

const isMariaDb = (ctx: AccountContext): boolean => ctx.server.profile.roleStatements === 'mariadb';

/** check_global_access(): any of `privileges`, else 1227 naming them as get_privilege_desc() does. */
function requireAnyGlobal(ctx: AccountContext, privileges: readonly string[]): void {
  const me = sessionAccount(ctx);
  if (!privileges.some((p) => hasGlobalPrivilege(me, p))) throw mysqlError('ER_SPECIFIC_ACCESS_DENIED_ERROR', privileges.join(', '));
}

const ids = (specs: readonly UserSpec[], ctx: AccountContext): AuthId[] => specs.map((s) => resolveUser(s, ctx));

// ------------------------------------------------------------------ CREATE ROLE / DROP ROLE

/** Sql_cmd_create_role: CREATE USER or CREATE ROLE; the accounts are created locked, password expired, without a password. */
export function createRole(stmt: CreateRoleStmt, ctx: AccountContext): StatementResult {
  if (isMariaDb(ctx)) return mariadb.createRole(stmt, ctx);
  requireAnyGlobal(ctx, ['CREATE USER', 'CREATE ROLE']);
  const users = stmt.roles.map((user) => ({ user }));
  return createUser({ kind: 'createUser', ifNotExists: stmt.ifNotExists, users, options: { accountLocked: true, passwordExpire: 'NOW' } }, ctx, true);
}

/** Sql_cmd_drop_role: CREATE USER or DROP ROLE (then only locked accounts). */
export function dropRole(stmt: DropRoleStmt, ctx: AccountContext): StatementResult {
  if (isMariaDb(ctx)) return mariadb.dropRole(stmt, ctx);
  requireAnyGlobal(ctx, ['CREATE USER', 'DROP ROLE']);
  return dropUser({ kind: 'dropUser', ifExists: stmt.ifExists, users: stmt.roles }, ctx, true);
}

// ------------------------------------------------------------------ GRANT / REVOKE role

/**
 * mysql_grant_role(): every grantee and role must exist (3523), no
 * anonymous grantee (3876) or role (3524), no loop (4027). Nothing changes
 * unless every pair can be granted.
 */
export function grantRole(stmt: GrantRoleStmt, ctx: AccountContext): StatementResult {
  if (isMariaDb(ctx)) return mariadb.grantRole(stmt, ctx);
  const roles = ids(stmt.roles, ctx);
  if (!mayAdministerRoles(ctx, roles)) throw mysqlError('ER_SPECIFIC_ACCESS_DENIED_ERROR', 'WITH ADMIN, ROLE_ADMIN, SUPER');
  requireWritable(ctx);
  const users = ids(stmt.to, ctx);
  requireSystemUserFor(ctx, users);
  const { accounts } = ctx.server;
  const find = (u: string, h: string) => accounts.get(u, h);
  const mandatory = mandatoryRoles(ctx);
  const pairs: { user: Account; role: AuthId }[] = [];
  for (const id of users) {
    if (id.user === '') throw mysqlError('ER_CANNOT_GRANT_ROLES_TO_ANONYMOUS_USER');
    const user = find(id.user, id.host);
    if (!user) throw mysqlError('ER_UNKNOWN_AUTHID', id.user, id.host);
    for (const roleId of roles) {
      if (roleId.user === '') throw mysqlError('ER_FAILED_ROLE_GRANT', authIdText(roleId), authIdText(user));
      const role = find(roleId.user, roleId.host);
      if (!role) throw mysqlError('ER_UNKNOWN_AUTHID', roleId.user, roleId.host);
      requireSystemUserFor(ctx, [role]);
      if (role === user || grantWouldLoop(find, role, user, mandatory)) {
        throw mysqlError('ER_ROLE_GRANTED_TO_ITSELF', authIdText(user), authIdText(roleId));
      }
      pairs.push({ user, role });
    }
  }
  for (const { user, role } of pairs) addRoleGrant(user, { user: role.user, host: role.host }, stmt.withAdminOption);
  for (const user of new Set(pairs.map((p) => p.user))) mirrorAccountChange(ctx.server, user, user);
  return OK;
}

/**
 * mysql_revoke_role(): a mandatory role cannot be revoked (3628; a warning
 * with IF EXISTS); an unknown grantee is 3523 (IGNORE UNKNOWN USER: warning
 * 3162), an unknown role 3523 (IF EXISTS: a warning). A role that is not
 * granted is no error. The default role policy goes with the grant.
 */
export function revokeRole(stmt: RevokeRoleStmt, ctx: AccountContext): StatementResult {
  if (isMariaDb(ctx)) return mariadb.revokeRole(stmt, ctx);
  const roles = ids(stmt.roles, ctx);
  if (!mayAdministerRoles(ctx, roles)) throw mysqlError('ER_SPECIFIC_ACCESS_DENIED_ERROR', 'WITH ADMIN, ROLE_ADMIN, SUPER');
  requireWritable(ctx);
  const users = ids(stmt.from, ctx);
  requireSystemUserFor(ctx, users);
  const { accounts } = ctx.server;
  const mandatory = mandatoryRoles(ctx);
  for (const role of roles) {
    if (!mandatory.some((m) => sameAuthId(m, role))) continue;
    const err = mysqlError('ER_MANDATORY_ROLE', authIdText(role));
    if (!stmt.ifExists) throw err;
    ctx.session.addNote(err, 'Warning');
  }
  const changes: { user: Account; role: AuthId }[] = [];
  for (const id of users) {
    const user = accounts.get(id.user, id.host);
    if (!user) {
      if (stmt.ignoreUnknownUser) {
        ctx.session.addNote(mysqlError('ER_USER_DOES_NOT_EXIST', id.user), 'Warning');
        continue;
      }
      throw mysqlError('ER_UNKNOWN_AUTHID', id.user, id.host);
    }
    for (const role of roles) {
      if (!accounts.get(role.user, role.host)) {
        const err = mysqlError('ER_UNKNOWN_AUTHID', role.user, role.host);
        if (!stmt.ifExists) throw err;
        ctx.session.addNote(err, 'Warning');
        continue;
      }
      requireSystemUserFor(ctx, [role]);
      changes.push({ user, role });
    }
  }
  for (const { user, role } of changes) if (removeRoleGrant(user, role)) mirrorAccountChange(ctx.server, user, user);
  return OK;
}

// ------------------------------------------------------------------ SET ROLE

/**
 * Role_activation (roles.cc): the session's active roles become the list,
 * the account's default roles, every granted and mandatory role (less
 * EXCEPT), or none. Each must be granted to the account or mandatory, else
 * 3530 and the active roles stay as they were.
 */
export function setRole(stmt: SetRoleStmt, ctx: AccountContext): StatementResult {
  if (isMariaDb(ctx)) return mariadb.setRole(stmt, ctx);
  const { session } = ctx;
  const me = ownAccount(ctx);
  const mandatory = mandatoryRoles(ctx);
  const granted = (role: AuthId) => me !== undefined && isGrantedRole(me, role, mandatory);
  const notGranted = (role: AuthId) => mysqlError('ER_ROLE_NOT_GRANTED', role.user, role.host, session.accountUser, session.accountHost);
  const next: AuthId[] = [];
  const activate = (role: AuthId) => {
    if (next.some((r) => r.user === role.user && r.host.toLowerCase() === role.host.toLowerCase())) return;
    if (!granted(role)) throw notGranted(role);
    next.push({ user: role.user, host: role.host });
  };
  switch (stmt.mode) {
    case 'NONE':
      break;
    case 'DEFAULT':
      for (const role of me?.defaultRoles ?? []) activate(role);
      break;
    case 'ALL': {
      const except = ids(stmt.roles, ctx);
      const all = [...(me?.roles ?? []), ...mandatory];
      for (const role of all) if (!except.some((e) => sameAuthId(e, role))) activate(role);
      break;
    }
    case 'LIST':
      for (const role of ids(stmt.roles, ctx)) activate(role);
      break;
  }
  session.activeRoles = next;
  return OK;
}

// ------------------------------------------------------------------ SET DEFAULT ROLE / ALTER USER ... DEFAULT ROLE

/**
 * mysql_alter_or_clear_default_roles(): another account's default roles
 * need UPDATE on mysql or CREATE USER (1045 naming the target, as MySQL
 * does); each role must be granted to the account (3530). ALL takes the
 * roles granted now.
 */
export function setDefaultRole(stmt: SetDefaultRoleStmt, ctx: AccountContext): StatementResult {
  if (isMariaDb(ctx)) return mariadb.setDefaultRole(stmt, ctx);
  const users = ids(stmt.to, ctx);
  requireSystemUserFor(ctx, users);
  const roles = ids(stmt.roles, ctx);
  const mandatory = mandatoryRoles(ctx);
  const me = sessionAccount(ctx);
  const changes: { account: Account; defaults: AuthId[] }[] = [];
  for (const id of users) {
    const self = isSessionAccount(ctx, id.user, id.host);
    if (!self && !hasDatabasePrivilege(me, 'mysql', 'UPDATE') && !hasGlobalPrivilege(me, 'CREATE USER')) {
      const usedPassword = me !== undefined && me.authenticationString !== '' ? 'YES' : 'NO';
      throw mysqlError('ER_ACCESS_DENIED_ERROR', id.user, id.host, usedPassword);
    }
    const account = ctx.server.accounts.get(id.user, id.host);
    for (const role of roles) {
      if (!account || !isGrantedRole(account, role, mandatory)) throw mysqlError('ER_ROLE_NOT_GRANTED', role.user, role.host, id.user, id.host);
    }
    if (!account) continue;
    const defaults = stmt.mode === 'NONE' ? [] : stmt.mode === 'ALL' ? account.roles.map((r) => ({ user: r.user, host: r.host })) : roles;
    changes.push({ account, defaults });
  }
  for (const { account, defaults } of changes) {
    account.defaultRoles = defaults.filter((r, i) => defaults.findIndex((o) => sameAuthId(o, r)) === i);
    mirrorAccountChange(ctx.server, account, account);
  }
  return OK;
}
