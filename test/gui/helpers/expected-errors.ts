import { describe as describeExchange, type Exchange, type Login } from './statement-proxy.js';

/**
 * The errors MySQL 8.4 gives to what these tools send. A GUI test records
 * every statement through the proxy and fails on any error that no rule
 * here explains: each rule names the statement, the error and why MySQL 8.4
 * answers so (with the source of the statement in the tool).
 */
export interface ErrorRule {
  code: number;
  /** The statement (COM_QUERY text, COM_INIT_DB database) or, for commands without text, the command name. */
  match: RegExp;
  why: string;
}

/** Any statement of an expired account's sandboxed session but ALTER USER and SET PASSWORD; any COM_* but the few allowed (sql_parse.cc). */
export const SANDBOX: ErrorRule = {
  code: 1820,
  match: /^(?!\s*(ALTER\s+USER|SET\s+PASSWORD)\b)/i,
  why: 'MySQL 8.4 runs only ALTER USER and SET PASSWORD in the sandbox (dispatch_sql_command), and COM_SET_OPTION/COM_INIT_DB/... are refused in dispatch_command',
};

/** Statements removed from MySQL 8.4's grammar, or never in it, that the tools still send. */
export const REMOVED_IN_84: ErrorRule[] = [
  { code: 1064, match: /^SHOW MASTER LOGS\b/i, why: '8.4 has only SHOW BINARY LOGS (phpMyAdmin Menu::getServerTabs)' },
  { code: 1064, match: /^SHOW MASTER STATUS\b/i, why: 'removed in 8.4 (SHOW BINARY LOG STATUS); phpMyAdmin ReplicationInfo' },
  { code: 1064, match: /^SHOW SLAVE STATUS\b/i, why: 'removed in 8.4 (SHOW REPLICA STATUS); phpMyAdmin ReplicationInfo' },
  { code: 1193, match: /^SELECT @@storage_engine\b/i, why: 'storage_engine was removed in MySQL 5.7.5 (phpMyAdmin StorageEngine::getDefault tries it first)' },
];

/** Every error in `exchanges` that none of `rules` explains. */
export function unexplainedErrors(exchanges: readonly Exchange[], rules: readonly ErrorRule[]): string[] {
  const out: string[] = [];
  for (const e of exchanges) {
    // A rule may name the statement text or the command (COM_SET_OPTION, COM_INIT_DB `db`).
    const texts = [(e.sql ?? e.command).trim(), `${e.command} ${e.sql ?? ''}`.trim()];
    for (const err of e.errors) {
      if (!rules.some((r) => r.code === err.code && texts.some((t) => r.match.test(t)))) out.push(describeExchange(e));
    }
  }
  return out;
}

/** Logins refused with anything but the codes expected. */
export function unexpectedLoginErrors(logins: readonly Login[], expected: Record<string, number[]>): string[] {
  return logins
    .filter((l) => l.error && !(expected[l.user] ?? []).includes(l.error.code))
    .map((l) => `[${l.conn}] login ${l.user}: ERROR ${l.error!.code} (${l.error!.sqlState}): ${l.error!.message}`);
}
