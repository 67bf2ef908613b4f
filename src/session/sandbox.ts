/**
 * The password-expired sandbox gate: one explicit allow-list per profile,
 * checked before any command or statement runs (dispatch_command and
 * dispatch_sql_command in MySQL's sql_parse.cc).
 */
import type { Profile } from '../config/profiles.js';
import { Command } from '../wire/capabilities.js';

/** Commands served normally in the sandbox. COM_QUERY and the statement commands go on to the statement filter. */
const ALLOWED_COMMANDS_8: ReadonlySet<number> = new Set([
  Command.QUIT,
  Command.PING,
  Command.STMT_CLOSE,
  Command.STMT_SEND_LONG_DATA,
  Command.QUERY,
  Command.STMT_PREPARE,
  Command.STMT_EXECUTE,
]);

/** 5.7 refuses COM_STMT_PREPARE and COM_STMT_EXECUTE outright. */
const ALLOWED_COMMANDS_57: ReadonlySet<number> = new Set([
  Command.QUIT,
  Command.PING,
  Command.STMT_CLOSE,
  Command.STMT_SEND_LONG_DATA,
  Command.QUERY,
]);

export function commandAllowedInSandbox(command: number, profile: Profile): boolean {
  const list = profile.family === 'mysql-5.7' || profile.family === 'mysql-5.6' ? ALLOWED_COMMANDS_57 : ALLOWED_COMMANDS_8;
  return list.has(command);
}
