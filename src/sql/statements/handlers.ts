/**
 * The account statements' dispatch table: which executor runs each account
 * statement kind, and the privilege hooks the SQL layer asks.
 */
import { alterUser, createUser, dropUser, renameUser, setPassword } from './account-ddl.js';
import { installComponent, uninstallComponent } from './components.js';
import { callProcedure } from './procedures.js';
import { createDatabase, dropDatabase, flushPrivileges, grant, revoke } from './grants.js';
import { checkDatabaseAccess, requireWritable, sessionHasPrivilege, visibleDatabases, type AccountContext } from '../access.js';
import { showCreateUser, showGrants } from './show-account.js';
import { createRole, dropRole, grantRole, revokeRole, setDefaultRole, setRole } from './roles.js';
import { deleteFromGrantTable, updateGrantTable } from './grant-table-dml.js';
import type { AccountStatementHandlers } from '../exec/execute.js';
import type { StatementResult } from '../../wire/result.js';

/** A statement read_only refuses before anything else (deny_updates_if_read_only_option()). */
const writing =
  <S>(run: (stmt: S, ctx: AccountContext) => StatementResult) =>
  (stmt: S, ctx: AccountContext): StatementResult => {
    requireWritable(ctx);
    return run(stmt, ctx);
  };

export const accountHandlers: AccountStatementHandlers = {
  createUser: writing(createUser),
  // ALTER USER u DEFAULT ROLE ... is SET DEFAULT ROLE ... TO u (SQLCOM_ALTER_USER_DEFAULT_ROLE).
  alterUser: (stmt, ctx) => {
    const roles = stmt.options.defaultRoles;
    requireWritable(ctx);
    if (roles === undefined) return alterUser(stmt, ctx);
    const mode = roles === 'NONE' || roles === 'ALL' ? roles : 'LIST';
    return setDefaultRole({ kind: 'setDefaultRole', mode, roles: Array.isArray(roles) ? roles : [], to: stmt.users.map((u) => u.user) }, ctx);
  },
  dropUser: writing(dropUser),
  renameUser: writing(renameUser),
  setPassword,
  grant: (stmt, ctx) => grant(stmt, ctx, (db, table) => ctx.server.catalog.find(db, table) !== undefined),
  revoke,
  grantRole,
  revokeRole,
  createRole: writing(createRole),
  dropRole: writing(dropRole),
  setRole,
  setDefaultRole: writing(setDefaultRole),
  showGrants,
  showCreateUser,
  flushPrivileges,
  createDatabase: writing(createDatabase),
  dropDatabase: writing(dropDatabase),
  installComponent,
  uninstallComponent,
  call: callProcedure,
  update: updateGrantTable,
  delete: deleteFromGrantTable,
  hasPrivilege: sessionHasPrivilege,
  visibleDatabases,
  checkDatabaseAccess,
};
