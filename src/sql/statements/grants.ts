/**
 * GRANT and REVOKE at the global, database and table levels, FLUSH
 * PRIVILEGES, and CREATE/DROP DATABASE, with MySQL 8.4's checks and errors.
 */
import { DYNAMIC_PRIVILEGES, type Account } from '../../accounts/account.js';
import { alterUser, createUser, resolveUser } from './account-ddl.js';
import { DATABASE_PRIVILEGES, TABLE_PRIVILEGES, expandAll, hasDatabasePrivilege, hasGlobalPrivilege, hasTablePrivilege } from '../../accounts/privileges.js';
import { databaseAccessDenied, partialRevokesOn, requireAccountAdmin, requireWritable, sessionAccount, staticGlobalPrivileges, tableAccessDenied, type AccountContext } from '../access.js';
import { databaseGrant, databaseRevoke, restrictionsAfterGlobalGrant, restrictionsAfterGlobalRevoke, type PartialRevokeGrantee, type PartialRevokeParty } from '../../accounts/partial-revokes.js';
import { flushPrivileges as reloadGrantTables, mirrorAccountChange } from '../catalog/grant-tables.js';
import { mysqlError, type MySqlError } from '../../errors/mysql-error.js';
import type {
  AuthOption,
  CreateDatabaseStmt,
  DropDatabaseStmt,
  FlushPrivilegesStmt,
  GrantStmt,
  GrantTarget,
  Privilege,
  RevokeStmt,
  UserSpec,
} from '../parse/ast.js';
import type { StatementResult } from '../../wire/result.js';

const OK: StatementResult = { kind: 'ok' };

/** Where a GRANT or REVOKE applies. */
export type GrantLevel = { kind: 'global' } | { kind: 'database'; db: string } | { kind: 'table'; db: string; table: string };

/** The privileges a statement names, sorted by where they are stored. */
interface PrivilegeSet {
  privileges: Set<string>;
  dynamic: Set<string>;
  grantOption: boolean;
}

/** Whether a table exists, for table-level grants (1146 otherwise). Set by the handlers from the table registry. */
export type TableExists = (db: string, table: string) => boolean;

/** `ON *.*`, `ON db.*`, `ON db.t`; `ON *` and `ON t` use the current database (1046 without one). */
function levelOf(on: GrantTarget, ctx: AccountContext): GrantLevel {
  if (on.database === '*') return { kind: 'global' };
  const db = on.database ?? ctx.session.database;
  if (db === null) throw mysqlError('ER_NO_DB_ERROR');
  return on.table === '*' ? { kind: 'database', db } : { kind: 'table', db, table: on.table };
}

function isMysql8(ctx: AccountContext): boolean {
  return ctx.server.profile.dynamicPrivileges;
}

/** Static privileges valid at the level. */
function levelPrivileges(level: GrantLevel, ctx: AccountContext): readonly string[] {
  if (level.kind === 'global') return staticGlobalPrivileges(ctx);
  if (level.kind === 'database') return isMariaDb(ctx) ? MARIADB_DATABASE_PRIVILEGES : DATABASE_PRIVILEGES;
  return TABLE_PRIVILEGES;
}

const isMariaDb = (ctx: AccountContext): boolean => ctx.server.profile.roleStatements === 'mariadb';

/** MariaDB's DB_ACLS add DELETE HISTORY (mysql.db's Delete_history_priv). */
const MARIADB_DATABASE_PRIVILEGES: readonly string[] = [...DATABASE_PRIVILEGES, 'DELETE HISTORY'];

/** MariaDB's other names for a privilege: BINLOG MONITOR is REPLICATION CLIENT, REPLICA MONITOR is SLAVE MONITOR. */
const MARIADB_ALIASES: Record<string, string> = { 'BINLOG MONITOR': 'REPLICATION CLIENT', 'REPLICA MONITOR': 'SLAVE MONITOR' };

/** Sorts the named privileges by kind and checks each is valid at the level (1144, 3619). */
function privilegeSet(named: readonly Privilege[], all: boolean, level: GrantLevel, ctx: AccountContext): PrivilegeSet {
  const valid = levelPrivileges(level, ctx);
  const dynamicKnown = isMysql8(ctx) ? DYNAMIC_PRIVILEGES : [];
  const set: PrivilegeSet = { privileges: new Set(), dynamic: new Set(), grantOption: false };
  const addAll = () => {
    for (const p of valid) set.privileges.add(p);
    if (level.kind === 'global') for (const p of dynamicKnown) set.dynamic.add(p);
  };
  if (all) addAll();
  for (const { name: written } of named) {
    const name = isMariaDb(ctx) ? MARIADB_ALIASES[written] ?? written : written;
    if (name === 'ALL' || name === 'ALL PRIVILEGES') addAll();
    else if (name === 'GRANT OPTION') set.grantOption = true;
    else if (name === 'USAGE') continue;
    else if (valid.includes(name)) set.privileges.add(name);
    else if (level.kind === 'global' && (dynamicKnown as readonly string[]).includes(name)) set.dynamic.add(name);
    // MariaDB: a global privilege below the global level is 1221 (mysql_grant()'s DB GRANT check).
    else if (staticGlobalPrivileges(ctx).includes(name) && isMariaDb(ctx) && level.kind === 'database') throw mysqlError('ER_WRONG_USAGE', 'DB GRANT', 'GLOBAL PRIVILEGES');
    else if (staticGlobalPrivileges(ctx).includes(name)) throw mysqlError('ER_ILLEGAL_GRANT_FOR_TABLE');
    else throw mysqlError('ER_ILLEGAL_PRIVILEGE_LEVEL', name);
  }
  return set;
}

/**
 * The grantor needs GRANT OPTION and every privilege it passes on, at the
 * level or above. MySQL's refusals: 1045 (global), 1044 (database), 1142 (table).
 */
function checkGrantor(set: PrivilegeSet, level: GrantLevel, command: 'GRANT' | 'REVOKE', ctx: AccountContext): void {
  const me = sessionAccount(ctx);
  const needed = ['GRANT OPTION', ...set.privileges];
  switch (level.kind) {
    case 'global':
      // mysql_execute_command skips the static check when only dynamic privileges are named.
      if ((set.privileges.size > 0 || set.grantOption || set.dynamic.size === 0) && !needed.every((p) => hasGlobalPrivilege(me, p))) {
        const usedPassword = me !== undefined && me.authenticationString !== '' ? 'YES' : 'NO';
        throw mysqlError('ER_ACCESS_DENIED_ERROR', ctx.session.accountUser, ctx.session.accountHost, usedPassword);
      }
      // Grant_validator::validate_dynamic_privileges(): UPDATE on mysql, or that privilege WITH GRANT OPTION.
      for (const p of set.dynamic) {
        if (!hasDatabasePrivilege(me, 'mysql', 'UPDATE') && me?.dynamicPrivileges.get(p) !== true) {
          throw mysqlError('ER_SPECIFIC_ACCESS_DENIED_ERROR', 'GRANT OPTION');
        }
      }
      return;
    case 'database':
      if (!needed.every((p) => hasDatabasePrivilege(me, level.db, p))) throw databaseAccessDenied(ctx, level.db);
      return;
    case 'table':
      if (!needed.every((p) => hasTablePrivilege(me, level.db, level.table, p))) {
        throw tableAccessDenied(ctx, command, level.db, level.table);
      }
  }
}

/** The grant entry (privileges + GRANT OPTION) of a database or table level, created on demand. */
function grantEntry(account: Account, level: Exclude<GrantLevel, { kind: 'global' }>, create: boolean) {
  const map = level.kind === 'database' ? account.databasePrivileges : account.tablePrivileges;
  const key = level.kind === 'database' ? level.db : `${level.db}.${level.table}`;
  let entry = map.get(key);
  if (entry) entry.privileges = expandAll(entry.privileges, level.kind === 'database' ? DATABASE_PRIVILEGES : TABLE_PRIVILEGES);
  if (!entry && create) {
    entry = { privileges: new Set(), grantOption: false };
    map.set(key, entry);
  }
  return { entry, drop: () => map.delete(key) };
}

function grantTo(account: Account, set: PrivilegeSet, level: GrantLevel, ctx: AccountContext): void {
  if (level.kind === 'global') {
    account.globalPrivileges = expandAll(account.globalPrivileges, staticGlobalPrivileges(ctx));
    for (const p of set.privileges) account.globalPrivileges.add(p);
    // One mysql.global_grants row per dynamic privilege; a grant option once given stays.
    for (const p of set.dynamic) account.dynamicPrivileges.set(p, set.grantOption || account.dynamicPrivileges.get(p) === true);
    account.globalGrantOption ||= set.grantOption;
    return;
  }
  const { entry } = grantEntry(account, level, true);
  for (const p of set.privileges) entry!.privileges.add(p);
  entry!.grantOption ||= set.grantOption;
}

/** MariaDB: a grantee written without a host that names a role is that role (its host is ''). */
function mariaDbRole(spec: UserSpec, ctx: AccountContext): Account | undefined {
  if (ctx.server.profile.roleStatements !== 'mariadb' || spec.kind !== 'account' || !spec.hostOmitted) return undefined;
  const role = ctx.server.accounts.get(spec.user, '');
  return role?.isRole ? role : undefined;
}

function accountsFor(specs: readonly UserSpec[], ctx: AccountContext, missing: (user: string, host: string) => MySqlError | null) {
  const found: Account[] = [];
  for (const spec of specs) {
    const role = mariaDbRole(spec, ctx);
    if (role) {
      found.push(role);
      continue;
    }
    const id = resolveUser(spec, ctx);
    const account = ctx.server.accounts.get(id.user, id.host);
    if (account) found.push(account);
    else {
      const err = missing(id.user, id.host);
      if (err) throw err;
    }
  }
  return found;
}

// ------------------------------------------------------------------ GRANT

export function grant(stmt: GrantStmt, ctx: AccountContext, tableExists: TableExists): StatementResult {
  const level = levelOf(stmt.on, ctx);
  const set = privilegeSet(stmt.privileges, false, level, ctx);
  set.grantOption ||= stmt.withGrantOption;
  checkGrantor(set, level, 'GRANT', ctx);
  requireWritable(ctx);
  if (level.kind === 'table' && !tableExists(level.db, level.table)) {
    throw mysqlError('ER_NO_SUCH_TABLE', level.db, level.table);
  }
  const accounts = grantees(stmt, ctx);
  const partial = partialRevokesOn(ctx);
  // Restrictions_aggregator_factory::create() reads the grantee before the grant changes it.
  const outcomes = accounts.map((account) => (partial ? partialGrant(account, set, level, ctx) : null));
  accounts.forEach((account, i) => {
    const outcome = outcomes[i];
    if (outcome) account.restrictions = outcome.restrictions;
    const remaining = outcome?.remaining ? { ...set, privileges: outcome.remaining } : set;
    if (level.kind !== 'database' || remaining.privileges.size > 0 || remaining.grantOption || !outcome?.remaining) grantTo(account, remaining, level, ctx);
    mirrorAccountChange(ctx.server, account, account);
  });
  return OK;
}

// ------------------------------------------------------------------ partial revokes

/** DB_ACLS of a global privilege set: the database-level privileges it holds. */
function databaseLevel(global: ReadonlySet<string>): Set<string> {
  return new Set(DATABASE_PRIVILEGES.filter((p) => global.has(p) || global.has('ALL PRIVILEGES')));
}

function party(account: Account): PartialRevokeParty {
  return { user: account.user, host: account.host, global: databaseLevel(account.globalPrivileges), restrictions: account.restrictions };
}

/** The grantee, its database grants read from its own account (acl_get() of the grantee: Bug#38921524). */
function granteeParty(account: Account): PartialRevokeGrantee {
  return {
    ...party(account),
    dbAccess: (db) => {
      const grant = account.databasePrivileges.get(db);
      return grant ? expandAll(grant.privileges, DATABASE_PRIVILEGES) : new Set();
    },
  };
}

/**
 * With partial_revokes ON, what a GRANT leaves of the grantee's
 * restrictions: a global grant by a restricted grantor passes the
 * restrictions on; a database grant of a restricted privilege lifts the
 * restriction instead of writing mysql.db (`remaining` is what still goes there).
 */
function partialGrant(account: Account, set: PrivilegeSet, level: GrantLevel, ctx: AccountContext): { restrictions: Account['restrictions']; remaining?: Set<string> } | null {
  const requested = databaseLevel(set.privileges);
  if (level.kind === 'global') {
    const grantor = sessionAccount(ctx);
    if (!grantor) return null;
    return { restrictions: restrictionsAfterGlobalGrant(party(grantor), granteeParty(account), requested) };
  }
  if (level.kind === 'database') return databaseGrant(granteeParty(account), level.db, set.privileges);
  return null;
}

/** Whether the session's sql_mode has `mode`. */
function sqlModeHas(ctx: AccountContext, mode: string): boolean {
  return String(ctx.server.variables.get('sql_mode', 'default', ctx.session)).split(',').includes(mode);
}

/**
 * The accounts a GRANT names. MySQL 8 never creates one (1410). 5.x and
 * MariaDB (mysql_grant -> replace_user_table) create a missing account
 * unless sql_mode has NO_AUTO_CREATE_USER and no password is given (1133),
 * and change an existing one's password with IDENTIFIED BY; MySQL 5.7 warns
 * 1287 for both.
 */
function grantees(stmt: GrantStmt, ctx: AccountContext): Account[] {
  const { profile, accounts } = ctx.server;
  return stmt.to.map((spec, i) => {
    const role = mariaDbRole(spec, ctx);
    if (role) return role;
    const id = resolveUser(spec, ctx);
    const auth = stmt.auths?.[i];
    const existing = accounts.get(id.user, id.host);
    if (!existing) {
      if (profile.grantCreatesUsers === 'never') throw mysqlError('ER_CANT_CREATE_USER_WITH_GRANT');
      if (sqlModeHas(ctx, 'NO_AUTO_CREATE_USER') && !satisfiesNoAutoCreateUser(auth, profile.grantCreatesUsers)) {
        throw mysqlError('ER_PASSWORD_NO_MATCH');
      }
      createUser({ kind: 'createUser', ifNotExists: false, users: [{ user: spec, ...(auth ? { auth } : {}) }], options: stmt.options ?? {} }, ctx);
      if (profile.grantWarnsAccountChanges) {
        ctx.session.addNote(mysqlError('ER_WARN_DEPRECATED_SYNTAX_TEXT', GRANT_CREATES_USER_DEPRECATED), 'Warning');
      }
      return accounts.get(id.user, id.host)!;
    }
    if (auth || stmt.options) {
      alterUser({ kind: 'alterUser', ifExists: false, users: [{ user: spec, ...(auth ? { auth } : {}) }], options: stmt.options ?? {} }, ctx);
      if (profile.grantWarnsAccountChanges) {
        ctx.session.addNote(mysqlError('ER_WARN_DEPRECATED_SYNTAX_TEXT', GRANT_CHANGES_USER_DEPRECATED), 'Warning');
      }
    }
    return existing;
  });
}

/**
 * Whether a GRANT's IDENTIFIED clause lets it create an account under
 * NO_AUTO_CREATE_USER: MySQL 5.x wants a non-empty password or hash
 * (replace_user_table: `!combo->auth.length` is 1133), MariaDB any clause.
 */
function satisfiesNoAutoCreateUser(auth: AuthOption | undefined, rule: 'nonempty-auth' | 'identified'): boolean {
  if (!auth) return false;
  if (rule === 'identified') return true;
  switch (auth.type) {
    case 'password':
    case 'pluginPassword':
      return auth.password !== '';
    case 'pluginHash':
      return auth.hash !== '';
    default:
      return false;
  }
}

/** MySQL 5.7's texts (sql_user.cc / sql_acl.cc), pushed as ER_WARN_DEPRECATED_SYNTAX with a message of their own. */
const GRANT_CREATES_USER_DEPRECATED =
  'Using GRANT for creating new user is deprecated and will be removed in future release. Create new user with CREATE USER statement.';
const GRANT_CHANGES_USER_DEPRECATED =
  "Using GRANT statement to modify existing user's properties other than privileges is deprecated and will be removed in future release. Use ALTER USER statement for this operation.";

// ------------------------------------------------------------------ REVOKE

/** Removes the privileges; false when the level has no grant to revoke from. */
function revokeFrom(account: Account, set: PrivilegeSet, level: GrantLevel, ctx: AccountContext): boolean {
  if (level.kind === 'global') {
    account.globalPrivileges = expandAll(account.globalPrivileges, staticGlobalPrivileges(ctx));
    for (const p of set.privileges) account.globalPrivileges.delete(p);
    for (const p of set.dynamic) account.dynamicPrivileges.delete(p);
    if (set.grantOption) {
      // REVOKE GRANT OPTION ON *.* clears Grant_priv and every global_grants row's WITH_GRANT_OPTION.
      account.globalGrantOption = false;
      for (const p of account.dynamicPrivileges.keys()) account.dynamicPrivileges.set(p, false);
    }
    return true;
  }
  const { entry, drop } = grantEntry(account, level, false);
  if (!entry) return false;
  for (const p of set.privileges) entry.privileges.delete(p);
  if (set.grantOption) entry.grantOption = false;
  if (entry.privileges.size === 0 && !entry.grantOption) drop();
  return true;
}

/** REVOKE ALL [PRIVILEGES], GRANT OPTION FROM ...: every grant of every level. */
function revokeEverything(stmt: RevokeStmt, ctx: AccountContext): StatementResult {
  requireAccountAdmin(ctx, 'UPDATE');
  requireWritable(ctx);
  const accounts = accountsFor(stmt.from, ctx, (user, host) =>
    stmt.ignoreUnknownUser ? (warnUnknownUser(ctx, user, host), null) : mysqlError('ER_REVOKE_GRANTS'),
  );
  for (const account of accounts) {
    account.globalPrivileges.clear();
    account.dynamicPrivileges.clear();
    account.globalGrantOption = false;
    account.databasePrivileges.clear();
    account.tablePrivileges.clear();
    account.restrictions.clear();
    mirrorAccountChange(ctx.server, account, account);
  }
  return OK;
}

function warnUnknownUser(ctx: AccountContext, user: string, host: string): void {
  ctx.session.addNote(mysqlError('ER_USER_DOES_NOT_EXIST', `'${user}'@'${host}'`), 'Warning');
}

export function revoke(stmt: RevokeStmt, ctx: AccountContext): StatementResult {
  if (!stmt.on) return revokeEverything(stmt, ctx);
  const level = levelOf(stmt.on, ctx);
  const set = privilegeSet(stmt.privileges, stmt.all, level, ctx);
  checkGrantor(set, level, 'REVOKE', ctx);
  requireWritable(ctx);
  const noSuchGrant = (user: string, host: string): MySqlError =>
    level.kind === 'table'
      ? mysqlError('ER_NONEXISTING_TABLE_GRANT', user, host, level.table)
      : mysqlError('ER_NONEXISTING_GRANT', user, host);
  const accounts = accountsFor(stmt.from, ctx, (user, host) => {
    if (stmt.ignoreUnknownUser) warnUnknownUser(ctx, user, host);
    else if (stmt.ifExists) ctx.session.addNote(noSuchGrant(user, host), 'Warning');
    else return noSuchGrant(user, host);
    return null;
  });
  if (partialRevokesOn(ctx) && level.kind !== 'table') return partialRevoke(stmt, set, level, accounts, ctx, noSuchGrant);
  // Validate every account before changing any (REVOKE is atomic).
  const missing = accounts.filter((a) => level.kind !== 'global' && !grantEntry(a, level, false).entry);
  if (missing.length > 0 && !stmt.ifExists) throw noSuchGrant(missing[0]!.user, missing[0]!.host);
  for (const account of missing) ctx.session.addNote(noSuchGrant(account.user, account.host), 'Warning');
  for (const account of accounts.filter((a) => !missing.includes(a))) {
    revokeFrom(account, set, level, ctx);
    mirrorAccountChange(ctx.server, account, account);
  }
  return OK;
}

/**
 * REVOKE with partial_revokes ON (DB_restrictions_aggregator_db_revoke /
 * _global_revoke): on a database, a privilege held globally becomes a
 * restriction and the rest is revoked from mysql.db (1141 when that has no
 * row to revoke from); globally, the restrictions follow what is left.
 */
function partialRevoke(
  stmt: RevokeStmt,
  set: PrivilegeSet,
  level: Exclude<GrantLevel, { kind: 'table' }>,
  accounts: Account[],
  ctx: AccountContext,
  noSuchGrant: (user: string, host: string) => MySqlError,
): StatementResult {
  const grantor = sessionAccount(ctx);
  const outcomes = accounts.map((account) => {
    if (level.kind === 'global') {
      const restrictions = grantor ? restrictionsAfterGlobalRevoke(party(grantor), granteeParty(account), databaseLevel(set.privileges)) : account.restrictions;
      return { account, restrictions, remaining: set.privileges, missing: false };
    }
    const outcome = databaseRevoke(granteeParty(account), level.db, set.privileges);
    const entry = grantEntry(account, level, false).entry;
    return { account, ...outcome, missing: !entry && (outcome.remaining.size > 0 || set.grantOption) };
  });
  const missing = outcomes.filter((o) => o.missing);
  if (missing.length > 0 && !stmt.ifExists) throw noSuchGrant(missing[0]!.account.user, missing[0]!.account.host);
  for (const o of missing) ctx.session.addNote(noSuchGrant(o.account.user, o.account.host), 'Warning');
  for (const o of outcomes) {
    if (o.missing) continue;
    o.account.restrictions = o.restrictions;
    if (level.kind === 'global' || grantEntry(o.account, level, false).entry) revokeFrom(o.account, { ...set, privileges: o.remaining }, level, ctx);
    mirrorAccountChange(ctx.server, o.account, o.account);
  }
  return OK;
}

// ------------------------------------------------------------------ FLUSH PRIVILEGES, CREATE / DROP DATABASE

/**
 * FLUSH PRIVILEGES (reload the grant tables; the per-hour resource counters
 * start over), FLUSH USER_RESOURCES (only the counters) and FLUSH STATUS
 * (refresh_status(): the session's status counters and the server's
 * resettable ones). Each needs RELOAD or, in MySQL 8, its own dynamic privilege.
 */
export function flushPrivileges(stmt: FlushPrivilegesStmt, ctx: AccountContext): StatementResult {
  const me = sessionAccount(ctx);
  const dynamic = `FLUSH_${stmt.target ?? 'PRIVILEGES'}`;
  if (!hasGlobalPrivilege(me, 'RELOAD') && !hasGlobalPrivilege(me, dynamic)) {
    throw mysqlError('ER_SPECIFIC_ACCESS_DENIED_ERROR', isMysql8(ctx) ? `RELOAD or ${dynamic}` : 'RELOAD');
  }
  if (stmt.target === 'STATUS') {
    ctx.server.status.flush(ctx.session, ctx.server.sessions.size);
    return OK;
  }
  if (!stmt.target) reloadGrantTables(ctx.server);
  ctx.server.userConnections?.resetAll();
  return OK;
}

/** Schemas no one may create or drop: 1044 for the virtual ones, 3552 for mysql (8.x). */
function checkSystemSchema(ctx: AccountContext, db: string): void {
  const lower = db.toLowerCase();
  if (lower === 'information_schema' || lower === 'performance_schema') throw databaseAccessDenied(ctx, db);
  if (lower === 'mysql' && isMysql8(ctx)) throw mysqlError('ER_NO_SYSTEM_SCHEMA_ACCESS', db);
}

export function createDatabase(stmt: CreateDatabaseStmt, ctx: AccountContext): StatementResult {
  if (!hasDatabasePrivilege(sessionAccount(ctx), stmt.name, 'CREATE')) throw databaseAccessDenied(ctx, stmt.name);
  if (stmt.name.toLowerCase() === 'information_schema') throw databaseAccessDenied(ctx, stmt.name);
  if (ctx.server.databases.has(stmt.name)) {
    const exists = mysqlError('ER_DB_CREATE_EXISTS', stmt.name);
    if (!stmt.ifNotExists) throw exists;
    ctx.session.addNote(exists, 'Note');
    return { kind: 'ok', affectedRows: 0 };
  }
  ctx.server.databases.add(stmt.name);
  return { kind: 'ok', affectedRows: 1 };
}

export function dropDatabase(stmt: DropDatabaseStmt, ctx: AccountContext): StatementResult {
  if (!hasDatabasePrivilege(sessionAccount(ctx), stmt.name, 'DROP')) throw databaseAccessDenied(ctx, stmt.name);
  checkSystemSchema(ctx, stmt.name);
  if (!ctx.server.databases.has(stmt.name)) {
    const missing = mysqlError('ER_DB_DROP_EXISTS', stmt.name);
    if (!stmt.ifExists) throw missing;
    ctx.session.addNote(missing, 'Note');
    return { kind: 'ok', affectedRows: 0 };
  }
  ctx.server.databases.delete(stmt.name);
  if (ctx.session.database === stmt.name) ctx.session.database = null;
  return { kind: 'ok', affectedRows: 0 };
}
