/**
 * The password-expired sandbox gate: one explicit allow-list of commands and
 * one of statements per server family, checked before any command or
 * statement runs (dispatch_command and dispatch_sql_command in MySQL's
 * sql_parse.cc). Whether an allowed ALTER USER / SET PASSWORD really changes
 * the session's own password is checked by its executor, which answers 1820
 * otherwise.
 */
import type { Profile } from '../config/profiles.js';
import type { Statement } from '../sql/parse/ast.js';
import { Command } from '../wire/capabilities.js';

type StatementKind = Statement['kind'];

interface SandboxRules {
  /** Commands served normally; COM_QUERY and the statement commands go on to the statement filter. */
  commands: ReadonlySet<number>;
  statements: ReadonlySet<StatementKind>;
}

/** MySQL 8.0/8.4 (dispatch_sql_command): SQLCOM_SET_PASSWORD and SQLCOM_ALTER_USER only; prepared statements reach the filter. */
const MYSQL_8: SandboxRules = {
  commands: new Set([Command.QUIT, Command.PING, Command.STMT_CLOSE, Command.STMT_SEND_LONG_DATA, Command.QUERY, Command.STMT_PREPARE, Command.STMT_EXECUTE]),
  statements: new Set<StatementKind>(['setPassword', 'alterUser']),
};

/** MySQL 5.6/5.7: every SET statement (SQLCOM_SET_OPTION covers SET PASSWORD) and ALTER USER; no COM_STMT_PREPARE/EXECUTE. */
const MYSQL_5: SandboxRules = {
  commands: new Set([Command.QUIT, Command.PING, Command.STMT_CLOSE, Command.STMT_SEND_LONG_DATA, Command.QUERY]),
  statements: new Set<StatementKind>(['set', 'setPassword', 'setTransaction', 'alterUser']),
};

/** MariaDB: SET statements, including SET PASSWORD; ALTER USER is refused. Commands as MySQL 8. */
const MARIADB: SandboxRules = {
  commands: MYSQL_8.commands,
  statements: new Set<StatementKind>(['set', 'setPassword', 'setTransaction']),
};

const RULES: Record<Profile['sandboxRules'], SandboxRules> = { 'mysql-8': MYSQL_8, 'mysql-5': MYSQL_5, mariadb: MARIADB };

/** Whether a sandboxed session may run the COM_* `command` (otherwise: 1820). */
export function commandAllowedInSandbox(command: number, profile: Profile): boolean {
  return RULES[profile.sandboxRules].commands.has(command);
}

/** Whether a sandboxed session may run `stmt` at all (otherwise: 1820). */
export function statementAllowedInSandbox(stmt: Statement, profile: Profile): boolean {
  return RULES[profile.sandboxRules].statements.has(stmt.kind === 'unsupported' ? kindOfLeader(stmt.leader) : stmt.kind);
}

/** The statement kind a valid but unsupported statement belongs to, by its first words. */
function kindOfLeader(leader: string[] | undefined): StatementKind {
  const [first, second] = leader ?? [];
  if (first === 'SET') return second === 'PASSWORD' ? 'setPassword' : 'set';
  if (first === 'ALTER' && second === 'USER') return 'alterUser';
  return 'unsupported';
}
