/**
 * MariaDB 10.11's roles (sql/sql_acl.cc): a role is a global_priv row with
 * an empty host and "is_role":true; CREATE ROLE grants it WITH ADMIN OPTION
 * to its creator (or to WITH ADMIN's account); mysql.roles_mapping holds the
 * grants; a session has at most one active role (SET ROLE), an account at
 * most one default role. Errors and texts as a real 10.11 gives them.
 */
import { newAccount, type Account, type AuthId } from '../../accounts/account.js';
import { hasGlobalPrivilege } from '../../accounts/privileges.js';
import { addRoleGrant, forgetAuthIds, grantWouldLoop, removeRoleGrant, roleGrantOf } from '../../accounts/roles.js';
import { mysqlError } from '../../errors/mysql-error.js';
import type { CreateRoleStmt, DropRoleStmt, GrantRoleStmt, RevokeRoleStmt, SetDefaultRoleStmt, SetRoleStmt, UserSpec } from '../parse/ast.js';
import type { StatementResult } from '../../wire/result.js';
import { isSessionAccount, ownAccount, requireAccountAdmin, requireWritable, sessionAccount, type AccountContext } from '../access.js';
import { mirrorAccountChange } from '../catalog/grant-tables.js';
import { resolveUser } from './account-ddl.js';

const OK: StatementResult = { kind: 'ok' };

/** A role of this name (MariaDB's roles have the host ''). */
function findRole(ctx: AccountContext, name: string): Account | undefined {
  const role = ctx.server.accounts.get(name, '');
  return role?.isRole ? role : undefined;
}

/** 1959 Invalid role specification `name`. */
const invalidRole = (name: string) => mysqlError('ER_INVALID_ROLE', name);

/** A grantee: a role when the name has no host and a role has it, else the account user@host. */
function grantee(spec: UserSpec, ctx: AccountContext): { account: Account | undefined; text: string; id: AuthId } {
  if (spec.kind === 'account' && spec.hostOmitted) {
    const role = findRole(ctx, spec.user);
    if (role) return { account: role, text: `'${spec.user}'`, id: { user: spec.user, host: '' } };
  }
  const id = resolveUser(spec, ctx);
  return { account: ctx.server.accounts.get(id.user, id.host), text: `'${id.user}'@'${id.host}'`, id };
}

/** The role's name from the parser's spec (a bare word reads as host '%' in GRANT's list). */
const roleNameOf = (spec: UserSpec, ctx: AccountContext): string => resolveUser(spec, ctx).user;

export function createRole(stmt: CreateRoleStmt, ctx: AccountContext): StatementResult {
  requireAccountAdmin(ctx, 'INSERT');
  const { server, session } = ctx;
  const name = roleNameOf(stmt.roles[0]!, ctx);
  if (name === '') throw invalidRole('');
  const upper = name.toUpperCase();
  if (upper === 'NONE' || upper === 'PUBLIC') {
    // The first error is the statement's; the 1396 follows it as a condition.
    const invalid = invalidRole(upper);
    session.addNote(invalid, 'Error');
    session.addNote(mysqlError('ER_CANNOT_USER', 'CREATE ROLE', `'${upper}'`), 'Error');
    throw invalid;
  }
  const existing = server.accounts.get(name, '');
  if (existing) {
    if (stmt.ifNotExists) {
      session.addNote(mysqlError('ER_ROLE_CREATE_EXISTS', name), 'Note');
      return OK;
    }
    if (!stmt.orReplace) throw mysqlError('ER_CANNOT_USER', 'CREATE ROLE', `'${name}'`);
    server.accounts.remove(existing);
    for (const other of server.accounts.list()) forgetAuthIds(other, [existing]);
  }
  const role = newAccount(name, '', '', server.clock.now());
  role.isRole = true;
  role.passwordLastChanged = null;
  server.accounts.add(role);
  mirrorAccountChange(server, null, role);
  // The creator, or WITH ADMIN's account (or the current role), holds the role WITH ADMIN OPTION.
  let admin: Account | undefined;
  if (stmt.withAdmin === 'CURRENT_ROLE') {
    const active = session.activeRoles?.[0];
    admin = active ? server.accounts.get(active.user, active.host) : undefined;
  } else if (stmt.withAdmin) {
    admin = grantee(stmt.withAdmin, ctx).account;
  } else {
    admin = ownAccount(ctx);
  }
  if (admin) {
    addRoleGrant(admin, { user: name, host: '' }, true, server.accounts.nextSequence());
    mirrorAccountChange(server, admin, admin);
  }
  return OK;
}

export function dropRole(stmt: DropRoleStmt, ctx: AccountContext): StatementResult {
  requireAccountAdmin(ctx, 'DELETE');
  const { server, session } = ctx;
  const failed: string[] = [];
  const dropping: Account[] = [];
  for (const spec of stmt.roles) {
    const name = roleNameOf(spec, ctx);
    const role = findRole(ctx, name);
    if (!role || dropping.includes(role)) {
      if (stmt.ifExists) session.addNote(mysqlError('ER_ROLE_DROP_EXISTS', name), 'Note');
      else failed.push(`'${name}'`);
      continue;
    }
    dropping.push(role);
  }
  for (const role of dropping) {
    server.accounts.remove(role);
    mirrorAccountChange(server, role, null);
  }
  for (const other of server.accounts.list()) if (forgetAuthIds(other, dropping)) mirrorAccountChange(server, other, other);
  if (failed.length > 0) throw mysqlError('ER_CANNOT_USER', 'DROP ROLE', failed.join(','));
  return OK;
}

/** check_role_is_granted(..., admin): the session's account holds the role WITH ADMIN OPTION, or has CREATE USER / SUPER. */
function requireRoleAdmin(ctx: AccountContext, role: string): void {
  const me = sessionAccount(ctx);
  if (hasGlobalPrivilege(me, 'CREATE USER') || hasGlobalPrivilege(me, 'SUPER')) return;
  const own = ownAccount(ctx);
  if (own && roleGrantOf(own, { user: role, host: '' })?.adminOption) return;
  throw mysqlError('ER_ACCESS_DENIED_NO_PASSWORD_ERROR', ctx.session.accountUser, ctx.session.accountHost);
}

export function grantRole(stmt: GrantRoleStmt, ctx: AccountContext): StatementResult {
  requireWritable(ctx);
  const { server, session } = ctx;
  const find = (u: string, h: string) => server.accounts.get(u, h);
  for (const spec of stmt.roles) {
    const name = roleNameOf(spec, ctx);
    if (!findRole(ctx, name)) throw invalidRole(name);
    requireRoleAdmin(ctx, name);
    for (const to of stmt.to) {
      const target = grantee(to, ctx);
      if (!target.account) {
        // The 1133 is the statement's error; the 1961 follows it as a condition.
        const noRow = mysqlError('ER_PASSWORD_NO_MATCH');
        session.addNote(noRow, 'Error');
        session.addNote(mysqlError('ER_CANNOT_GRANT_ROLE', name, target.text), 'Error');
        throw noRow;
      }
      const role = { user: name, host: '' };
      if ((target.account.user === name && target.account.host === '') || grantWouldLoop(find, role, target.account, [])) {
        throw mysqlError('ER_CANNOT_GRANT_ROLE', name, target.text);
      }
      addRoleGrant(target.account, role, stmt.withAdminOption || roleGrantOf(target.account, role)?.adminOption === true, roleGrantOf(target.account, role)?.seq ?? server.accounts.nextSequence());
      mirrorAccountChange(server, target.account, target.account);
    }
  }
  return OK;
}

export function revokeRole(stmt: RevokeRoleStmt, ctx: AccountContext): StatementResult {
  requireWritable(ctx);
  const { server } = ctx;
  for (const spec of stmt.roles) {
    const name = roleNameOf(spec, ctx);
    if (!findRole(ctx, name)) throw invalidRole(name);
    requireRoleAdmin(ctx, name);
    for (const from of stmt.from) {
      const target = grantee(from, ctx);
      if (!target.account || !removeRoleGrant(target.account, { user: name, host: '' })) {
        throw mysqlError('ER_CANNOT_REVOKE_ROLE', name, target.text);
      }
      mirrorAccountChange(server, target.account, target.account);
    }
  }
  return OK;
}

/** SET ROLE role | NONE: the role must exist (1959) and be granted to the account (1959, its own text). */
export function setRole(stmt: SetRoleStmt, ctx: AccountContext): StatementResult {
  const { session } = ctx;
  if (stmt.mode === 'NONE') {
    session.activeRoles = [];
    return OK;
  }
  const name = roleNameOf(stmt.roles[0]!, ctx);
  if (!findRole(ctx, name)) throw invalidRole(name);
  const me = ownAccount(ctx);
  if (!me || !roleGrantOf(me, { user: name, host: '' })) {
    throw mysqlError('ER_INVALID_ROLE_NOT_GRANTED', session.accountUser, session.accountHost, name);
  }
  session.activeRoles = [{ user: name, host: '' }];
  return OK;
}

/** SET DEFAULT ROLE role | NONE [FOR user]: global_priv's default_role. */
export function setDefaultRole(stmt: SetDefaultRoleStmt, ctx: AccountContext): StatementResult {
  const id = stmt.to[0] ? resolveUser(stmt.to[0], ctx) : { user: ctx.session.accountUser, host: ctx.session.accountHost };
  if (!isSessionAccount(ctx, id.user, id.host)) requireAccountAdmin(ctx, 'UPDATE');
  const account = ctx.server.accounts.get(id.user, id.host);
  if (!account) throw mysqlError('ER_PASSWORD_NO_MATCH');
  if (stmt.mode === 'NONE') account.defaultRoles = [];
  else {
    const name = roleNameOf(stmt.roles[0]!, ctx);
    if (!findRole(ctx, name)) throw invalidRole(name);
    if (!roleGrantOf(account, { user: name, host: '' })) throw mysqlError('ER_INVALID_ROLE_NOT_GRANTED', id.user, id.host, name);
    account.defaultRoles = [{ user: name, host: '' }];
  }
  mirrorAccountChange(ctx.server, account, account);
  return OK;
}
