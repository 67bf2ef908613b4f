/**
 * CALL. The emulator stores no procedures of its own: the only ones that
 * exist are a platform's built-ins, Azure Database for MySQL's az_*
 * procedures (concepts-built-in-store-procedure.md, concept-servers.md).
 * Of those, the validate_password pair is carried out; the others are known
 * and answered with 1235. Any other name is MySQL's 1305 (an unqualified name
 * without a default database: 1046), as on a server where it was never created.
 */
import { hasDatabasePrivilege } from '../../accounts/privileges.js';
import { mysqlError } from '../../errors/mysql-error.js';
import type { CallStmt } from '../parse/ast.js';
import type { StatementResult } from '../../wire/result.js';
import { sessionAccount, type AccountContext } from '../access.js';

interface BuiltinProcedure {
  /** Its arguments' count. */
  args: number;
  /** What it does, or undefined where the emulator does not carry it out (1235). */
  run?: (ctx: AccountContext) => StatementResult;
}

/** The validate_password plugin, as Azure's procedures install and remove it (INSTALL / UNINSTALL PLUGIN). */
const PLUGIN = 'validate_password';

/**
 * Azure's built-in procedures, in the mysql schema; Azure documents some
 * unqualified (CALL az_install_validate_password_plugin()), so they are
 * found with or without `mysql.`, whatever the default database.
 */
const AZURE_PROCEDURES: Record<string, BuiltinProcedure> = {
  az_install_validate_password_plugin: {
    args: 0,
    run: (ctx) => {
      const vp = ctx.server.validatePassword;
      // INSTALL PLUGIN of an installed plugin: plugin_add()'s 1125.
      if (vp.installed) throw mysqlError('ER_UDF_EXISTS', PLUGIN);
      vp.install('default', false, 'plugin');
      return { kind: 'ok' };
    },
  },
  az_uninstall_validate_password_plugin: {
    args: 0,
    run: (ctx) => {
      const vp = ctx.server.validatePassword;
      // UNINSTALL PLUGIN of a plugin that is not there: 1305 "PLUGIN validate_password does not exist".
      if (vp.form !== 'plugin') throw mysqlError('ER_SP_DOES_NOT_EXIST', 'PLUGIN', PLUGIN);
      vp.uninstall();
      return { kind: 'ok' };
    },
  },
  az_kill: { args: 1 },
  az_kill_query: { args: 1 },
  az_load_timezone: { args: 0 },
  az_create_undo_tablespace: { args: 1 },
  az_activate_undo_tablespace: { args: 1 },
  az_deactivate_undo_tablespace: { args: 1 },
  az_drop_undo_tablespace: { args: 1 },
  az_drop_broken_table: { args: 2 },
};

function builtin(stmt: CallStmt, ctx: AccountContext): BuiltinProcedure | undefined {
  if (ctx.server.profile.builtinProcedures !== 'azure') return undefined;
  if (stmt.schema !== undefined && stmt.schema.toLowerCase() !== 'mysql') return undefined;
  return AZURE_PROCEDURES[stmt.name.toLowerCase()];
}

/** CALL: find the procedure (1046, 1305), check EXECUTE (1370) and the argument count (1318), run it. */
export function callProcedure(stmt: CallStmt, ctx: AccountContext): StatementResult {
  const procedure = builtin(stmt, ctx);
  const schema = procedure ? 'mysql' : stmt.schema ?? ctx.session.database;
  if (schema === null) throw mysqlError('ER_NO_DB_ERROR');
  const qualified = `${schema}.${stmt.name}`;
  if (!procedure) throw mysqlError('ER_SP_DOES_NOT_EXIST', 'PROCEDURE', qualified);
  if (!hasDatabasePrivilege(sessionAccount(ctx), 'mysql', 'EXECUTE')) {
    throw mysqlError('ER_PROCACCESS_DENIED_ERROR', 'execute', ctx.session.accountUser, ctx.session.accountHost, qualified);
  }
  if (stmt.args.length !== procedure.args) {
    throw mysqlError('ER_SP_WRONG_NO_OF_ARGS', 'PROCEDURE', qualified, procedure.args, stmt.args.length);
  }
  if (!procedure.run) throw mysqlError('ER_NOT_SUPPORTED_YET', `CALL ${qualified}`);
  return procedure.run(ctx);
}
