/**
 * Roles: the graph of role grants between accounts, which roles a session
 * may activate, and the privileges an account has with its active roles
 * merged in. MySQL's model (sql/auth/sql_authorization.cc, roles.cc): a
 * role is an account; activating a role brings in its privileges and those
 * of every role granted to it, breadth first. MariaDB's model differs in
 * its statements (one active role, roles without a host), not in this
 * merge. Pure functions over accounts: no SQL, no sessions.
 */
import { cloneAccount, type Account, type AuthId, type RoleGrant } from './account.js';
import { restrictionsWithRole } from './partial-revokes.js';
import { DATABASE_PRIVILEGES, expandAll } from './privileges.js';

/** Looks an account up by its exact user name and host (the account store's get()). */
export type FindAccount = (user: string, host: string) => Account | undefined;

/** Role_id equality: the user name exactly, the host case-insensitively. */
export function sameAuthId(a: AuthId, b: AuthId): boolean {
  return a.user === b.user && a.host.toLowerCase() === b.host.toLowerCase();
}

const bytes = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Role_id's order (Auth_id::m_key, user then host as bytes): CURRENT_ROLE(), SHOW GRANTS' role lists. */
export function compareAuthIds(a: AuthId, b: AuthId): number {
  return bytes(a.user, b.user) || bytes(a.host, b.host);
}

/** `user`@`host` as MySQL prints an authorization ID (append_identifier: backticks, doubled inside). */
export function authIdText(id: AuthId): string {
  const q = (s: string) => '`' + s.replace(/`/g, '``') + '`';
  return `${q(id.user)}@${q(id.host)}`;
}

/** The grant of `role` to `account`, if there is one. */
export function roleGrantOf(account: Account, role: AuthId): RoleGrant | undefined {
  return account.roles.find((r) => sameAuthId(r, role));
}

/**
 * mandatory_roles as get_mandatory_roles() reads it: a comma-separated list
 * of `user[@host]` with optional quotes (host '%' when omitted), keeping
 * only existing accounts, without duplicates, in Role_id order.
 */
export function parseMandatoryRoles(text: string, find: FindAccount): AuthId[] {
  const out: AuthId[] = [];
  for (const item of splitQuoted(text, ',')) {
    const id = authIdFromQuoted(item);
    if (id.user === '' || !find(id.user, id.host)) continue;
    if (!out.some((o) => sameAuthId(o, id))) out.push(id);
  }
  return out.sort(compareAuthIds);
}

/** iterate_comma_separated_quoted_string(): splits outside quotes and backticks, dropping unquoted spaces. */
function splitQuoted(text: string, separator: string): string[] {
  const items: string[] = [];
  let current = '';
  let quote: string | null = null;
  for (const c of text) {
    if (quote) {
      if (c === quote) quote = null;
      current += c;
    } else if (c === '`' || c === "'" || c === '"') {
      quote = c;
      current += c;
    } else if (c === separator) {
      items.push(current);
      current = '';
    } else if (c !== ' ') {
      current += c;
    }
  }
  if (current !== '' || items.length > 0) items.push(current);
  return items.filter((i) => i !== '');
}

/** get_authid_from_quoted_string(): `user`@`host`, 'user'@'host', user@host or user (host '%'). */
function authIdFromQuoted(text: string): AuthId {
  let user = '';
  let host = '';
  let atSeen = false;
  let quote: string | null = null;
  for (const c of text) {
    if (quote) {
      if (c === quote) quote = null;
      else if (atSeen) host += c;
      else user += c;
    } else if (c === '`' || c === "'" || c === '"') {
      quote = c;
    } else if (c === '@') {
      atSeen = true;
    } else if (c !== ' ') {
      if (atSeen) host += c;
      else user += c;
    }
  }
  if (!atSeen && user !== '') host = '%';
  return { user, host };
}

/**
 * grant_role(): `role` granted to `account`; granted again, the edge takes
 * the new WITH ADMIN OPTION (the in-memory graph's edge capacity is set).
 * MariaDB's rows keep their order by `seq`.
 */
export function addRoleGrant(account: Account, role: AuthId, adminOption: boolean, seq = 0): void {
  const existing = roleGrantOf(account, role);
  if (existing) existing.adminOption = adminOption;
  else account.roles.push({ user: role.user, host: role.host, adminOption, seq });
}

/** revoke_role(): the grant of `role` goes, and with it the default role (drop_default_role_policy). */
export function removeRoleGrant(account: Account, role: AuthId): boolean {
  const before = account.roles.length;
  account.roles = account.roles.filter((r) => !sameAuthId(r, role));
  account.defaultRoles = account.defaultRoles.filter((r) => !sameAuthId(r, role));
  return account.roles.length !== before;
}

/** DROP USER / DROP ROLE: every role grant and default role naming one of `gone` goes; true when `account` changed. */
export function forgetAuthIds(account: Account, gone: readonly AuthId[]): boolean {
  const named = (id: AuthId) => gone.some((g) => sameAuthId(g, id));
  const roles = account.roles.filter((r) => !named(r));
  const defaults = account.defaultRoles.filter((r) => !named(r));
  const changed = roles.length !== account.roles.length || defaults.length !== account.defaultRoles.length;
  account.roles = roles;
  account.defaultRoles = defaults;
  return changed;
}

/**
 * The roles a new session starts with (acl_authenticate()): with
 * activate_all_roles_on_login every role granted to the account and every
 * mandatory role; otherwise its default roles that are still granted
 * (or mandatory). An anonymous account has none.
 */
export function rolesAtLogin(account: Account, mandatory: readonly AuthId[], activateAll: boolean): AuthId[] {
  if (account.user === '') return [];
  const out: AuthId[] = [];
  const add = (id: AuthId) => {
    if (!out.some((o) => sameAuthId(o, id))) out.push({ user: id.user, host: id.host });
  };
  if (activateAll) {
    for (const r of account.roles) add(r);
    for (const m of mandatory) add(m);
  } else {
    for (const d of account.defaultRoles) if (isGrantedRole(account, d, mandatory)) add(d);
  }
  return out;
}

/** CURRENT_ROLE(): the active roles in Role_id order, `r`@`h` joined by ',', or NONE. */
export function currentRoleText(active: readonly AuthId[]): string {
  if (active.length === 0) return 'NONE';
  return [...active].sort(compareAuthIds).map(authIdText).join(',');
}

/** MySQL (check_if_granted_role): `role` is granted to `account` directly, or is a mandatory role. */
export function isGrantedRole(account: Account, role: AuthId, mandatory: readonly AuthId[]): boolean {
  return roleGrantOf(account, role) !== undefined || mandatory.some((m) => sameAuthId(m, role));
}

/** The roles granted to `start` and, breadth first, to them: every account reachable through role grants, `start` first. */
export function reachableRoles(find: FindAccount, start: Account): Account[] {
  const seen: Account[] = [start];
  for (let i = 0; i < seen.length; i++) {
    for (const grant of seen[i]!.roles) {
      const role = find(grant.user, grant.host);
      if (role && !seen.includes(role)) seen.push(role);
    }
  }
  return seen;
}

/**
 * check_if_granted_role_recursive(): whether `target` is `start` or is
 * granted to it, directly or through other roles, or to one of the
 * mandatory roles. GRANT role TO user refuses such a grant (4027): it
 * would make a loop.
 */
export function grantWouldLoop(find: FindAccount, start: AuthId, target: AuthId, mandatory: readonly AuthId[]): boolean {
  const needle = find(target.user, target.host);
  if (!needle) return false;
  for (const from of [start, ...mandatory]) {
    const account = find(from.user, from.host);
    if (account && reachableRoles(find, account).includes(needle)) return true;
  }
  return false;
}

/** An account's privileges with its active roles merged in, and the roles it may pass on (WITH ADMIN OPTION). */
export interface WithRoles {
  account: Account;
  /** authIdText() of every role the account holds WITH ADMIN OPTION through its active roles or its own grant of one. */
  adminRoles: Set<string>;
}

/**
 * get_privilege_access_maps(): the account's own privileges, plus those of
 * each active role it is still granted (or that is mandatory), in Role_id
 * order, and of every role granted to those, breadth first. Global and
 * dynamic privileges, grant options, database and table grants add up;
 * with partial_revokes the restrictions combine as SET ROLE combines them.
 * An anonymous account has no roles.
 */
export function mergeActiveRoles(
  find: FindAccount,
  account: Account,
  active: readonly AuthId[],
  mandatory: readonly AuthId[],
  partialRevokes: boolean,
): WithRoles {
  const adminRoles = new Set<string>();
  if (active.length === 0 || account.user === '') return { account, adminRoles };
  const merged = cloneAccount(account);
  const granted = active
    .filter((a) => isGrantedRole(account, a, mandatory))
    .filter((a, i, all) => all.findIndex((b) => a.user === b.user && a.host === b.host) === i)
    .sort(compareAuthIds);
  for (const id of granted) {
    const role = find(id.user, id.host);
    if (!role) continue;
    for (const vertex of reachableRoles(find, role)) {
      addPrivileges(merged, vertex, partialRevokes);
      for (const grant of vertex.roles) if (grant.adminOption) adminRoles.add(authIdText(grant));
    }
    if (roleGrantOf(account, role)?.adminOption) adminRoles.add(authIdText(role));
  }
  return { account: merged, adminRoles };
}

/** Get_access_maps::discover_vertex(): one role's privileges into the session's. */
function addPrivileges(merged: Account, role: Account, partialRevokes: boolean): void {
  for (const [db, grant] of role.databasePrivileges) {
    const into = merged.databasePrivileges.get(db);
    const privileges = expandAll(grant.privileges, DATABASE_PRIVILEGES);
    if (into) {
      into.privileges = expandAll(into.privileges, DATABASE_PRIVILEGES);
      for (const p of privileges) into.privileges.add(p);
      into.grantOption ||= grant.grantOption;
    } else {
      merged.databasePrivileges.set(db, { privileges, grantOption: grant.grantOption });
    }
  }
  if (partialRevokes) {
    const databaseLevel = (global: ReadonlySet<string>) => new Set(DATABASE_PRIVILEGES.filter((p) => global.has(p) || global.has('ALL PRIVILEGES')));
    const roleGlobal = databaseLevel(role.globalPrivileges);
    merged.restrictions = restrictionsWithRole(
      { user: role.user, host: role.host, global: roleGlobal, restrictions: role.restrictions },
      { user: merged.user, host: merged.host, global: databaseLevel(merged.globalPrivileges), restrictions: merged.restrictions },
      roleGlobal,
      merged.databasePrivileges,
    );
  }
  for (const p of role.globalPrivileges) merged.globalPrivileges.add(p);
  merged.globalGrantOption ||= role.globalGrantOption;
  for (const [key, grant] of role.tablePrivileges) {
    const into = merged.tablePrivileges.get(key);
    if (into) {
      for (const p of grant.privileges) into.privileges.add(p);
      into.grantOption ||= grant.grantOption;
    } else {
      merged.tablePrivileges.set(key, { privileges: new Set(grant.privileges), grantOption: grant.grantOption });
    }
  }
  // get_dynamic_privileges(): a grant option, once seen, stays.
  for (const [p, grantOption] of role.dynamicPrivileges) merged.dynamicPrivileges.set(p, grantOption || merged.dynamicPrivileges.get(p) === true);
}
