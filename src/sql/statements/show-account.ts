/**
 * SHOW GRANTS and SHOW CREATE USER, rendered as each server family prints
 * them (MySQL 8.4 by default; 5.7 quotes accounts with single quotes).
 */
import type { Account } from '../../accounts/account.js';
import { globalVariable, resolveUser } from './account-ddl.js';
import { DATABASE_PRIVILEGES, TABLE_PRIVILEGES, expandAll, hasDatabasePrivilege } from '../../accounts/privileges.js';
import { databaseAccessDenied, isSessionAccount, mandatoryRoles, partialRevokesOn, sessionAccount, staticGlobalPrivileges, type AccountContext } from '../access.js';
import { authIdText, compareAuthIds, isGrantedRole, mergeActiveRoles, reachableRoles, roleGrantOf, sameAuthId } from '../../accounts/roles.js';
import { mysqlJson } from '../catalog/grant-tables.js';
import { isOn } from '../../config/variables.js';
import { mysqlError } from '../../errors/mysql-error.js';
import type { ShowCreateUserStmt, ShowGrantsStmt, UserSpec } from '../parse/ast.js';
import { quoteIdentifier } from '../parse/quote.js';
import { Charset, ColumnFlag, ColumnType, type StatementResult } from '../../wire/result.js';

/**
 * SHOW GRANTS' and SHOW CREATE USER's one column: an Item_string of 1024
 * 8-bit characters (mysql_show_grants(); MariaDB's is ASCII), NOT NULL,
 * decimals NOT_FIXED_DEC; a utf8mb4 client sees it as 4096 bytes.
 */
function singleColumn(name: string, rows: string[], ctx: AccountContext): StatementResult {
  return {
    kind: 'rows',
    columns: [{ name, type: ColumnType.VAR_STRING, charset: Charset.LATIN1_SWEDISH_CI, length: 1024, flags: ColumnFlag.NOT_NULL, decimals: ctx.server.profile.stringItemDecimals }],
    rows: rows.map((r) => [r]),
  };
}

const usesBackticks = (ctx: AccountContext): boolean => ctx.server.profile.accountQuote === '`';

/** `u`@`h` (8.x, MariaDB; a MariaDB role is `r`) or 'u'@'h' (5.7). */
function accountLiteral(account: { user: string; host: string; isRole?: boolean }, ctx: AccountContext): string {
  if (account.isRole) return quoteIdentifier(account.user);
  if (usesBackticks(ctx)) return `${quoteIdentifier(account.user)}@${quoteIdentifier(account.host)}`;
  const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
  return `${q(account.user)}@${q(account.host)}`;
}

/** The target of SHOW GRANTS / SHOW CREATE USER, with MySQL's privilege rule for other accounts. */
function targetAccount(spec: UserSpec | undefined, ctx: AccountContext, missing: (user: string, host: string) => Error): Account {
  const id = resolveUser(spec ?? { kind: 'currentUser' }, ctx);
  if (!isSessionAccount(ctx, id.user, id.host) && !hasDatabasePrivilege(sessionAccount(ctx), 'mysql', 'SELECT')) {
    throw databaseAccessDenied(ctx, 'mysql');
  }
  const account = ctx.server.accounts.get(id.user, id.host);
  if (!account) throw missing(id.user, id.host);
  return account;
}

// ------------------------------------------------------------------ SHOW GRANTS

/** The privilege list of one grant: the held privileges in MySQL's order, ALL PRIVILEGES, or USAGE. */
function privilegeList(held: ReadonlySet<string>, level: readonly string[], allowAll: boolean, mariaDb = false): string {
  const list = level.filter((p) => held.has(p));
  if (list.length === 0) return 'USAGE';
  if (allowAll && list.length === level.length) return 'ALL PRIVILEGES';
  // MariaDB 10.5+ prints REPLICATION CLIENT by its new name.
  return (mariaDb ? list.map((p) => (p === 'REPLICATION CLIENT' ? 'BINLOG MONITOR' : p)) : list).join(', ');
}

/** Database-level privileges in SHOW GRANTS order: MariaDB's add DELETE HISTORY. */
const databaseLevel = (ctx: AccountContext): readonly string[] =>
  ctx.server.profile.roleStatements === 'mariadb' ? [...DATABASE_PRIVILEGES, 'DELETE HISTORY'] : DATABASE_PRIVILEGES;

/** The GRANT statements that recreate the account's privileges, in SHOW GRANTS order. */
export function grantStatements(account: Account, ctx: AccountContext): string[] {
  const to = accountLiteral(account, ctx);
  const option = (on: boolean) => (on ? ' WITH GRANT OPTION' : '');
  const dynamic = ctx.server.profile.dynamicPrivileges;
  const statics = staticGlobalPrivileges(ctx);
  // MySQL 8 lists global privileges one by one, since ALL depends on the dynamic privileges installed.
  const mariaDb = ctx.server.profile.roleStatements === 'mariadb';
  const global = privilegeList(expandAll(account.globalPrivileges, statics), statics, !dynamic, mariaDb);
  // MariaDB's global line also carries the account's authentication, REQUIRE and limits (one WITH for both).
  const lines = ctx.server.profile.showAccountForm === 'mariadb'
    ? [`GRANT ${global} ON *.* TO ${to}${mariaDbAccountClauses(account, account.globalGrantOption, ctx)}`]
    : [`GRANT ${global} ON *.* TO ${to}${option(account.globalGrantOption)}`];
  // make_dynamic_privilege_statement(): those without the grant option first, then those with it.
  if (dynamic) {
    for (const grantOption of [false, true]) {
      const names = [...account.dynamicPrivileges].filter(([, g]) => g === grantOption).map(([p]) => p);
      if (names.length > 0) lines.push(`GRANT ${names.sort().join(',')} ON *.* TO ${to}${option(grantOption)}`);
    }
  }
  for (const [db, grant] of [...account.databasePrivileges].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const privileges = privilegeList(expandAll(grant.privileges, databaseLevel(ctx)), databaseLevel(ctx), true);
    lines.push(`GRANT ${privileges} ON ${quoteIdentifier(db)}.* TO ${to}${option(grant.grantOption)}`);
  }
  // make_partial_db_revoke_stmts(): with partial_revokes ON, each restriction, by database name.
  if (partialRevokesOn(ctx)) {
    for (const [db, revoked] of [...account.restrictions].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const list = DATABASE_PRIVILEGES.filter((p) => revoked.has(p));
      if (list.length > 0) lines.push(`REVOKE ${list.join(', ')} ON ${quoteIdentifier(db)}.* FROM ${to}`);
    }
  }
  for (const [key, grant] of [...account.tablePrivileges].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const dot = key.indexOf('.');
    const on = `${quoteIdentifier(key.slice(0, dot))}.${quoteIdentifier(key.slice(dot + 1))}`;
    const privileges = privilegeList(expandAll(grant.privileges, TABLE_PRIVILEGES), TABLE_PRIVILEGES, true);
    lines.push(`GRANT ${privileges} ON ${on} TO ${to}${option(grant.grantOption)}`);
  }
  for (const proxy of account.proxyGrants) {
    lines.push(`GRANT PROXY ON ${accountLiteral(proxy, ctx)} TO ${to}${option(proxy.grantOption)}`);
  }
  return lines;
}

/**
 * mysql_show_grants() (MySQL 8): the account's privileges with the roles
 * of USING merged in (without a FOR, or FOR CURRENT_USER without USING:
 * the session's active roles), then the roles granted to it, without and
 * with WITH ADMIN OPTION; the mandatory roles too when there is no FOR.
 */
function mysqlGrantLines(stmt: ShowGrantsStmt, account: Account, ctx: AccountContext): string[] {
  const mandatory = mandatoryRoles(ctx);
  const usingClause = (stmt.using ?? []).map((spec) => resolveUser(spec, ctx));
  for (const role of usingClause) {
    if (!isGrantedRole(account, role, mandatory)) throw mysqlError('ER_ROLE_NOT_GRANTED', role.user, role.host, account.user, account.host);
  }
  const forCurrent = !stmt.user || stmt.user.kind !== 'account';
  const using = usingClause.length > 0 ? usingClause : forCurrent ? ctx.session.activeRoles ?? [] : [];
  const find = (u: string, h: string) => ctx.server.accounts.get(u, h);
  const merged = mergeActiveRoles(find, account, using, mandatory, partialRevokesOn(ctx));
  const lines = grantStatements(merged.account, ctx);
  const to = accountLiteral(account, ctx);
  // make_roles_privilege_statement(): the granted roles without WITH ADMIN, and the mandatory ones, in Role_id order.
  const plain = account.roles.filter((r) => !r.adminOption).map((r) => ({ user: r.user, host: r.host }));
  if (!stmt.user) for (const m of mandatory) if (!plain.some((p) => sameAuthId(p, m)) && !roleGrantOf(account, m)) plain.push(m);
  if (plain.length > 0) lines.push(`GRANT ${plain.sort(compareAuthIds).map(authIdText).join(',')} TO ${to}`);
  // make_with_admin_privilege_statement(): the roles granted WITH ADMIN and those the active roles pass on, as sorted strings.
  const admin = new Set([...account.roles.filter((r) => r.adminOption).map(authIdText), ...merged.adminRoles]);
  if (admin.size > 0) lines.push(`GRANT ${[...admin].sort().join(',')} TO ${to} WITH ADMIN OPTION`);
  return lines;
}

/**
 * MariaDB's SHOW GRANTS: the roles granted to the account (one line each),
 * its own grants, its default role; for a role, or the session's active
 * role, the grants of every role it holds follow, breadth first.
 */
function mariaDbGrantLines(account: Account, ctx: AccountContext, forCurrent: boolean): string[] {
  const lines: string[] = [];
  const roleLines = (a: Account) =>
    [...a.roles].sort((x, y) => x.seq - y.seq).map((r) => `GRANT ${quoteIdentifier(r.user)} TO ${accountLiteral(a, ctx)}${r.adminOption ? ' WITH ADMIN OPTION' : ''}`);
  lines.push(...roleLines(account), ...grantStatements(account, ctx));
  const find = (u: string, h: string) => ctx.server.accounts.get(u, h);
  const starts: Account[] = [];
  if (account.isRole) starts.push(...reachableRoles(find, account).slice(1));
  else if (forCurrent) {
    const active = ctx.session.activeRoles?.[0];
    const role = active ? find(active.user, active.host) : undefined;
    if (role) starts.push(...reachableRoles(find, role));
  }
  for (const role of starts) lines.push(...roleLines(role), ...grantStatements(role, ctx));
  if (account.defaultRoles[0]) lines.push(`SET DEFAULT ROLE ${quoteIdentifier(account.defaultRoles[0].user)} FOR ${accountLiteral(account, ctx)}`);
  return lines;
}

export function showGrants(stmt: ShowGrantsStmt, ctx: AccountContext): StatementResult {
  if (ctx.server.profile.roleStatements === 'mariadb' && stmt.user?.kind === 'account' && stmt.user.hostOmitted) {
    // A bare name that is a role: SHOW GRANTS FOR r.
    const role = ctx.server.accounts.get(stmt.user.user, '');
    if (role?.isRole) {
      targetAccount({ kind: 'account', user: role.user, host: '' }, ctx, (user, host) => mysqlError('ER_NONEXISTING_GRANT', user, host));
      return singleColumn(`Grants for ${role.user}`, mariaDbGrantLines(role, ctx, false), ctx);
    }
  }
  const account = targetAccount(stmt.user, ctx, (user, host) => mysqlError('ER_NONEXISTING_GRANT', user, host));
  const model = ctx.server.profile.roleStatements;
  const lines =
    model === 'mysql' ? mysqlGrantLines(stmt, account, ctx) : model === 'mariadb' ? mariaDbGrantLines(account, ctx, !stmt.user || stmt.user.kind !== 'account') : grantStatements(account, ctx);
  return singleColumn(`Grants for ${account.user}@${account.host}`, lines, ctx);
}

// ------------------------------------------------------------------ SHOW CREATE USER

/** escape_string_for_mysql(): the escapes MySQL writes inside a quoted string. */
function escapeString(text: string): string {
  const escapes: Record<string, string> = { '\0': '\\0', '\n': '\\n', '\r': '\\r', '\\': '\\\\', "'": "\\'", '"': '\\"', '\x1a': '\\Z' };
  return text.replace(/[\0\n\r\\'"\x1a]/g, (c) => escapes[c]!);
}

/** The AS clause's hash: 0x-hex under print_identified_with_as_hex when it has unprintable bytes. */
function hashLiteral(hash: string, ctx: AccountContext): string {
  const asHex = isOn(globalVariable(ctx.server, 'print_identified_with_as_hex', 0));
  if (asHex && /[^\x20-\x7e]/.test(hash)) return '0x' + Buffer.from(hash, 'latin1').toString('hex').toUpperCase();
  return `'${escapeString(hash)}'`;
}

/**
 * The REQUIRE clause's words: NONE, SSL, X509, or the SPECIFIED parts in the
 * order each server prints them (MySQL's Rewriter_user: SUBJECT, ISSUER,
 * CIPHER; MariaDB: ISSUER, SUBJECT, CIPHER), space-separated.
 */
function requireClause(account: Account, ctx?: AccountContext): string {
  if (account.sslType !== 'SPECIFIED') return { '': 'NONE', ANY: 'SSL', X509: 'X509' }[account.sslType];
  const q = (s: string): string => `'${escapeString(s)}'`;
  const subject = account.x509Subject ? [`SUBJECT ${q(account.x509Subject)}`] : [];
  const issuer = account.x509Issuer ? [`ISSUER ${q(account.x509Issuer)}`] : [];
  const cipher = account.sslCipher ? [`CIPHER ${q(account.sslCipher)}`] : [];
  const parts = ctx?.server.profile.showAccountForm === 'mariadb' ? [...issuer, ...subject, ...cipher] : [...subject, ...issuer, ...cipher];
  return parts.length > 0 ? parts.join(' ') : 'NONE';
}

function resourceClause(account: Account): string {
  const limits: [string, number][] = [
    ['MAX_QUERIES_PER_HOUR', account.maxQuestions],
    ['MAX_UPDATES_PER_HOUR', account.maxUpdates],
    ['MAX_CONNECTIONS_PER_HOUR', account.maxConnections],
    ['MAX_USER_CONNECTIONS', account.maxUserConnections],
  ];
  const set = limits.filter(([, n]) => n !== 0);
  return set.length === 0 ? '' : ' WITH ' + set.map(([name, n]) => `${name} ${n}`).join(' ');
}

function expireClause(account: Account): string {
  if (account.passwordExpired) return 'PASSWORD EXPIRE';
  if (account.passwordLifetime === null) return 'PASSWORD EXPIRE DEFAULT';
  if (account.passwordLifetime === 0) return 'PASSWORD EXPIRE NEVER';
  return `PASSWORD EXPIRE INTERVAL ${account.passwordLifetime} DAY`;
}

/** MySQL 8.x: every clause, defaults included. */
function createUserMysql8(account: Account, ctx: AccountContext): string {
  const parts = [`CREATE USER ${accountLiteral(account, ctx)} IDENTIFIED WITH '${account.plugin}'`];
  if (account.authenticationString !== '') parts.push(`AS ${hashLiteral(account.authenticationString, ctx)}`);
  // Rewriter_user::rewrite(): the default roles, sorted, right after the authentication (sql_rewrite.cc).
  if (account.defaultRoles.length > 0) parts.push(`DEFAULT ROLE ${[...account.defaultRoles].sort(compareAuthIds).map(authIdText).join(',')}`);
  parts.push(`REQUIRE ${requireClause(account, ctx)}${resourceClause(account)}`);
  parts.push(expireClause(account));
  parts.push(account.accountLocked ? 'ACCOUNT LOCK' : 'ACCOUNT UNLOCK');
  parts.push(`PASSWORD HISTORY ${account.passwordReuseHistory ?? 'DEFAULT'}`);
  parts.push(`PASSWORD REUSE INTERVAL ${account.passwordReuseTime === null ? 'DEFAULT' : `${account.passwordReuseTime} DAY`}`);
  const requireCurrent = account.passwordRequireCurrent;
  parts.push(`PASSWORD REQUIRE CURRENT${requireCurrent === null ? ' DEFAULT' : requireCurrent ? '' : ' OPTIONAL'}`);
  if (account.failedLoginAttempts !== 0 || account.passwordLockTime !== 0) {
    const lockTime = account.passwordLockTime === -1 ? 'UNBOUNDED' : String(account.passwordLockTime);
    parts.push(`FAILED_LOGIN_ATTEMPTS ${account.failedLoginAttempts} PASSWORD_LOCK_TIME ${lockTime}`);
  }
  if (account.metadata !== null) parts.push(`ATTRIBUTE '${escapeString(mysqlJson(account.metadata))}'`);
  return parts.join(' ');
}

/** MySQL 5.7: `CREATE USER 'u'@'h' IDENTIFIED WITH 'p' AS '…' REQUIRE NONE PASSWORD EXPIRE DEFAULT ACCOUNT UNLOCK`. */
function createUserMysql57(account: Account, ctx: AccountContext): string {
  return [
    `CREATE USER ${accountLiteral(account, ctx)} IDENTIFIED WITH '${account.plugin}' AS '${escapeString(account.authenticationString)}'`,
    `REQUIRE ${requireClause(account, ctx)}${resourceClause(account)}`,
    expireClause(account),
    account.accountLocked ? 'ACCOUNT LOCK' : 'ACCOUNT UNLOCK',
  ].join(' ');
}

/**
 * MariaDB's clauses after the account in SHOW GRANTS' global line and SHOW
 * CREATE USER, only where they differ from the defaults:
 * ` IDENTIFIED BY PASSWORD '…'` or ` IDENTIFIED VIA plugin [USING '…']`,
 * ` REQUIRE SSL|X509|ISSUER ... SUBJECT ... CIPHER ...`, then one WITH for GRANT OPTION and the limits.
 */
function mariaDbAccountClauses(account: Account, grantOption: boolean, ctx: AccountContext): string {
  let out = '';
  const hash = escapeString(account.authenticationString);
  if (account.isRole) {
    // A role has no authentication.
  } else if (account.plugin === 'mysql_native_password') {
    if (hash !== '') out += ` IDENTIFIED BY PASSWORD '${hash}'`;
  } else {
    out += ` IDENTIFIED VIA ${account.plugin}${hash === '' ? '' : ` USING '${hash}'`}`;
  }
  const tls = requireClause(account, ctx);
  if (tls !== 'NONE') out += ` REQUIRE ${tls}`;
  const limits = resourceClause(account).replace(/^ WITH /, '');
  const withParts = [...(grantOption ? ['GRANT OPTION'] : []), ...(limits ? [limits] : [])];
  if (withParts.length > 0) out += ` WITH ${withParts.join(' ')}`;
  return out;
}

/** MariaDB: only the clauses that differ from the defaults, ACCOUNT LOCK before PASSWORD EXPIRE. */
function createUserMariaDb(account: Account, ctx: AccountContext): string {
  const parts = [`CREATE USER ${accountLiteral(account, ctx)}${mariaDbAccountClauses(account, false, ctx)}`];
  if (account.accountLocked) parts.push('ACCOUNT LOCK');
  if (account.passwordExpired) parts.push('PASSWORD EXPIRE');
  else if (account.passwordLifetime !== null) parts.push(expireClause(account));
  return parts.join(' ');
}

export function createUserStatement(account: Account, ctx: AccountContext): string {
  const { profile } = ctx.server;
  if (profile.showAccountForm === 'mariadb') return createUserMariaDb(account, ctx);
  if (profile.showAccountForm === 'mysql-5.7') return createUserMysql57(account, ctx);
  return createUserMysql8(account, ctx);
}

export function showCreateUser(stmt: ShowCreateUserStmt, ctx: AccountContext): StatementResult {
  const account = targetAccount(stmt.user, ctx, (user, host) =>
    mysqlError('ER_CANNOT_USER', 'SHOW CREATE USER', `'${user}'@'${host}'`),
  );
  const lines = [createUserStatement(account, ctx)];
  // MariaDB (MDEV-24114): an expired account with a lifetime of its own needs a second statement to restore it.
  if (ctx.server.profile.showAccountForm === 'mariadb' && account.passwordExpired && account.passwordLifetime !== null) {
    lines.push(`ALTER USER ${accountLiteral(account, ctx)} ${expireClause({ ...account, passwordExpired: false })}`);
  }
  return singleColumn(`CREATE USER for ${account.user}@${account.host}`, lines, ctx);
}
