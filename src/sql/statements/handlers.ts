/**
 * The account statements' dispatch table: which executor runs each account
 * statement kind, and the privilege hooks the SQL layer asks.
 */
import { alterUser, createUser, dropUser, renameUser, setPassword } from './account-ddl.js';
import { installComponent, uninstallComponent } from './components.js';
import { callProcedure } from './procedures.js';
import { createDatabase, dropDatabase, flushPrivileges, grant, revoke } from './grants.js';
import { checkDatabaseAccess, sessionHasPrivilege, visibleDatabases } from '../access.js';
import { showCreateUser, showGrants } from './show-account.js';
import { deleteFromGrantTable, updateGrantTable } from './grant-table-dml.js';
import type { AccountStatementHandlers } from '../exec/execute.js';

export const accountHandlers: AccountStatementHandlers = {
  createUser,
  alterUser,
  dropUser,
  renameUser,
  setPassword,
  grant: (stmt, ctx) => grant(stmt, ctx, (db, table) => ctx.server.catalog.find(db, table) !== undefined),
  revoke,
  showGrants,
  showCreateUser,
  flushPrivileges,
  createDatabase,
  dropDatabase,
  installComponent,
  uninstallComponent,
  call: callProcedure,
  update: updateGrantTable,
  delete: deleteFromGrantTable,
  hasPrivilege: sessionHasPrivilege,
  visibleDatabases,
  checkDatabaseAccess,
};
