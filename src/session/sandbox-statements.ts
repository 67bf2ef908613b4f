/**
 * The password-expired sandbox's statement filter (COM_QUERY and prepared
 * statements): one explicit allow-list of statement kinds per server family.
 * Whether an allowed ALTER USER / SET PASSWORD really changes the session's
 * own password is checked by its executor, which answers 1820 otherwise.
 */
import type { Profile } from '../config/profiles.js';
import type { ServerState } from '../server/state.js';
import type { Session } from './session.js';
import type { Statement } from '../sql/parse/ast.js';

type StatementKind = Statement['kind'];

/** MySQL 8.0/8.4 (dispatch_sql_command): SQLCOM_SET_PASSWORD and SQLCOM_ALTER_USER only. */
const MYSQL_8: ReadonlySet<StatementKind> = new Set<StatementKind>(['setPassword', 'alterUser']);

/** MySQL 5.6/5.7: every SET statement (SQLCOM_SET_OPTION, which covers SET PASSWORD) and ALTER USER. */
const MYSQL_5: ReadonlySet<StatementKind> = new Set<StatementKind>(['set', 'setPassword', 'setTransaction', 'alterUser']);

/** MariaDB: SET statements, including SET PASSWORD; ALTER USER is refused. */
const MARIADB: ReadonlySet<StatementKind> = new Set<StatementKind>(['set', 'setPassword', 'setTransaction']);

function allowListFor(profile: Profile): ReadonlySet<StatementKind> {
  if (profile.isMariaDb) return MARIADB;
  return profile.family === 'mysql-5.7' || profile.family === 'mysql-5.6' ? MYSQL_5 : MYSQL_8;
}

/** Whether a sandboxed session may run `stmt` at all (otherwise: 1820). */
export function sandboxAllowsStatement(stmt: Statement, ctx: { session: Session; server: ServerState }): boolean {
  return allowListFor(ctx.server.profile).has(stmt.kind);
}
