/**
 * MySQL's privilege rules over an account's grants: global (mysql.user,
 * mysql.global_grants), database (mysql.db) and table (mysql.tables_priv)
 * levels. Pure functions of an Account; what a session may do is
 * sql/statements/access.ts.
 */
import type { Account } from './account.js';

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

/** Whether a privilege set holds `privilege`, directly or as ALL PRIVILEGES. */
function holds(set: ReadonlySet<string>, privilege: string): boolean {
  return set.has(privilege) || set.has(ALL_PRIVILEGES);
}

/** A static or dynamic global privilege, or 'GRANT OPTION'. */
export function hasGlobalPrivilege(account: Account | undefined, privilege: string): boolean {
  if (!account) return false;
  if (privilege === 'GRANT OPTION') return account.globalGrantOption;
  return holds(account.globalPrivileges, privilege) || account.dynamicPrivileges.has(privilege);
}

/** Whether a partial revoke takes `privilege` of the global grant away on `db` (Security_context::filter_access). */
export function isRestricted(account: Account, db: string, privilege: string): boolean {
  return account.restrictions.get(db)?.has(privilege) === true;
}

/** `privilege` on every table of `db`, from a global grant (less its partial revokes) or a database-level one. */
export function hasDatabasePrivilege(account: Account | undefined, db: string, privilege: string): boolean {
  if (!account) return false;
  if (hasGlobalPrivilege(account, privilege) && !isRestricted(account, db, privilege)) return true;
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

/** Whether any global grant applies to `db` (DB_ACLS in MySQL, less the partial revokes on `db`). */
function hasAnyGlobalDatabasePrivilege(account: Account, db: string): boolean {
  return DATABASE_PRIVILEGES.some((p) => holds(account.globalPrivileges, p) && !isRestricted(account, db, p));
}

/** Whether the account holds anything at all on `db` (a database or table grant, or a global one). */
export function hasAnyPrivilegeOn(account: Account | undefined, db: string): boolean {
  if (!account) return false;
  if (hasAnyGlobalDatabasePrivilege(account, db)) return true;
  const grant = account.databasePrivileges.get(db);
  if (grant && (grant.privileges.size > 0 || grant.grantOption)) return true;
  const prefix = `${db}.`;
  for (const key of account.tablePrivileges.keys()) if (key.startsWith(prefix)) return true;
  return false;
}

/**
 * Account DDL on other accounts: the global CREATE USER privilege, or
 * `tablePrivilege` (INSERT for CREATE, UPDATE for ALTER/RENAME, DELETE for
 * DROP) on the mysql schema.
 */
export function canManageAccounts(account: Account | undefined, tablePrivilege: 'INSERT' | 'UPDATE' | 'DELETE'): boolean {
  return hasGlobalPrivilege(account, 'CREATE USER') || hasDatabasePrivilege(account, 'mysql', tablePrivilege);
}

/** Expands a privilege set holding 'ALL PRIVILEGES' (as the bootstrap writes it) to the level's list. */
export function expandAll(set: ReadonlySet<string>, level: readonly string[]): Set<string> {
  return set.has(ALL_PRIVILEGES) ? new Set(level) : new Set(set);
}
