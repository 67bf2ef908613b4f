/**
 * INSTALL COMPONENT / UNINSTALL COMPONENT and the one component the
 * emulator has: validate_password (MySQL 8.0 / 8.4). Installing it adds its
 * `validate_password.*` system variables; uninstalling removes them. While
 * it is installed every cleartext password assignment is checked
 * (checkPasswordPolicy, ERROR 1819) and VALIDATE_PASSWORD_STRENGTH() scores.
 *
 * Sources: sql/server_component/persistent_dynamic_loader.cc (INSERT /
 * DELETE on mysql.component, else 1142), components/libminchassis/
 * dynamic_loader.cc (3529, 3537), components/validate_password/
 * validate_password_imp.cc (variables, readjusted length, dictionary file).
 */
import { mysqlError } from '../../errors/mysql-error.js';
import type { SqlServer, SqlSession } from '../context.js';
import type { InstallComponentStmt, UninstallComponentStmt } from '../parse/ast.js';
import type { StatementResult } from '../../wire/result.js';
import { checkTableWrite, type AccountContext } from '../access.js';
import { VALIDATE_PASSWORD_URN, type SessionUserNames } from '../../accounts/validate-password.js';

/** Profiles with INSTALL COMPONENT and the validate_password component (MySQL 8.0 and 8.4). */
function hasComponents(server: SqlServer): boolean {
  return server.profile.components;
}

/** The names check_user_name compares with: the login user (USER()) and the account's (CURRENT_USER()). */
export function userNames(session: SqlSession): SessionUserNames {
  return { user: session.user, privUser: session.accountUser };
}

/**
 * my_validate_password_policy(): ERROR 1819 when validate_password is
 * installed and rejects the cleartext. Called for IDENTIFIED BY / SET
 * PASSWORD cleartext and for the empty password of a new account created
 * without one; never for RANDOM PASSWORD or IDENTIFIED ... AS 'hash'.
 */
export function checkPasswordPolicy(ctx: AccountContext, cleartext: string): void {
  if (!ctx.server.validatePassword.accepts(cleartext, userNames(ctx.session))) throw mysqlError('ER_NOT_VALID_PASSWORD');
}

// ------------------------------------------------------------------ statements

function requireComponentTable(ctx: AccountContext, privilege: 'INSERT' | 'DELETE'): void {
  checkTableWrite(ctx, privilege, 'mysql', 'component');
}

/** INSTALL COMPONENT: all URNs load or none; a loaded or unknown one is 3529. */
export function installComponent(stmt: InstallComponentStmt, ctx: AccountContext): StatementResult {
  if (!hasComponents(ctx.server)) throw mysqlError('ER_NOT_SUPPORTED_YET', 'INSTALL COMPONENT');
  requireComponentTable(ctx, 'INSERT');
  for (const urn of stmt.components) {
    // Only validate_password exists here; MySQL would first report the library it failed to open (1126).
    if (urn !== VALIDATE_PASSWORD_URN || ctx.server.validatePassword.installed) throw mysqlError('ER_COMPONENTS_CANT_LOAD', urn);
  }
  if (stmt.components.length > 0) ctx.server.validatePassword.install('default', true);
  return { kind: 'ok' };
}

/** UNINSTALL COMPONENT: 3537 unless every URN is loaded. */
export function uninstallComponent(stmt: UninstallComponentStmt, ctx: AccountContext): StatementResult {
  if (!hasComponents(ctx.server)) throw mysqlError('ER_NOT_SUPPORTED_YET', 'UNINSTALL COMPONENT');
  requireComponentTable(ctx, 'DELETE');
  for (const urn of stmt.components) {
    if (urn !== VALIDATE_PASSWORD_URN || !ctx.server.validatePassword.installed) {
      throw mysqlError('ER_COMPONENTS_UNLOAD_NOT_LOADED', urn);
    }
  }
  ctx.server.validatePassword.uninstall();
  return { kind: 'ok' };
}
