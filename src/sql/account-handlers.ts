/**
 * The account statements' dispatch table: which executor runs each account
 * statement kind, and the privilege hooks the SQL layer asks.
 */
import { alterUser, createUser, dropUser, renameUser, setPassword } from '../accounts/account-ddl.js';
import { installComponent, uninstallComponent } from '../accounts/components.js';
import { createDatabase, dropDatabase, flushPrivileges, grant, revoke } from '../accounts/grants.js';
import { checkDatabaseAccess, sessionHasPrivilege, visibleDatabases } from '../accounts/privileges.js';
import { showCreateUser, showGrants } from '../accounts/show-account.js';
import { updateGrantTable } from '../accounts/user-table.js';
import type { AccountStatementHandlers } from './execute.js';
import { tableRegistryFor } from './tables.js';

export const accountHandlers: AccountStatementHandlers = {
  createUser,
  alterUser,
  dropUser,
  renameUser,
  setPassword,
  grant: (stmt, ctx) => grant(stmt, ctx, (db, table) => tableRegistryFor(ctx.server).find(db, table) !== undefined),
  revoke,
  showGrants,
  showCreateUser,
  flushPrivileges,
  createDatabase,
  dropDatabase,
  installComponent,
  uninstallComponent,
  update: updateGrantTable,
  hasPrivilege: sessionHasPrivilege,
  visibleDatabases,
  checkDatabaseAccess,
};
