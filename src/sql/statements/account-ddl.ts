/**
 * CREATE USER, ALTER USER, DROP USER, RENAME USER and SET PASSWORD, with
 * MySQL 8.4's checks, errors and notes (sql_user.cc, sql_parse.cc).
 *
 * Multi-account statements are atomic: every account is validated and
 * changed on a copy first, and the copies are committed only when all
 * succeeded.
 */
import { randomInt } from 'node:crypto';
import { accountName, cloneAccount, newAccount, type Account } from '../../accounts/account.js';
import { changeAccountPassword, historyAfterChange, type PasswordPolicyGlobals } from '../../accounts/password-rules.js';
import { checkPasswordPolicy } from './components.js';
import { checkExpirySupported, isExternalPlugin, voidHistoryClauses } from '../../accounts/external-plugins.js';
import { canManageAccounts, hasGlobalPrivilege } from '../../accounts/privileges.js';
import { databaseAccessDenied, isSessionAccount, mandatoryRoles, mayAdministerRoles, requireAccountAdmin, requireWritable, requireSystemUserFor, sessionAccount, type AccountContext } from '../access.js';
import { addRoleGrant, authIdText, forgetAuthIds, sameAuthId } from '../../accounts/roles.js';
import { inUserTable, mirrorAccountChange, passwordHistory, setPasswordHistory } from '../catalog/grant-tables.js';
import type { PasswordHistoryEntry } from '../../accounts/store.js';
import { isOn } from '../../config/variables.js';
import { hashPassword, isOldPasswordHash, isValidMariaDbNativeHash, isValidStoredHash, MAX_SHA2_PASSWORD_LENGTH, passwordFunctionHash } from '../../accounts/credentials.js';
import { accountPlugin, enabledPlugins } from '../../accounts/plugin-catalogue.js';
import { mysqlError, MySqlError } from '../../errors/mysql-error.js';
import { quoteString } from '../parse/quote.js';
import type { SqlServer } from '../context.js';
import type {
  AccountOptions,
  AlterUserStmt,
  AuthOption,
  CreateUserStmt,
  DropUserStmt,
  RenameUserStmt,
  SetPasswordStmt,
  UserAuth,
  UserSpec,
} from '../parse/ast.js';
import { deprecatesPasswordFunction } from '../parse/dialect.js';
import { Charset, ColumnType, type ColumnDef, type SqlValue, type StatementResult } from '../../wire/result.js';

interface AccountId {
  user: string;
  host: string;
}

const OK: StatementResult = { kind: 'ok' };

// ------------------------------------------------------------------ helpers

/** A global variable, or `fallback` when this profile has no such variable. */
export function globalVariable(server: SqlServer, name: string, fallback: SqlValue): SqlValue {
  return server.variables.definition(name) ? server.variables.get(name, 'global') : fallback;
}

/** The account a user spec names; CURRENT_USER() and USER() name the session's account. */
export function resolveUser(spec: UserSpec, ctx: AccountContext): AccountId {
  if (spec.kind === 'account') return { user: spec.user, host: spec.host };
  return { user: ctx.session.accountUser, host: ctx.session.accountHost };
}

const nameOf = (id: AccountId): string => accountName(id.user, id.host);
const keyOf = (id: AccountId): string => `${id.user}\0${id.host.toLowerCase()}`;

function note(ctx: AccountContext, err: MySqlError, level: 'Note' | 'Error' = 'Note'): void {
  ctx.session.addNote(err, level, err.textFor(ctx.server.profile.family));
}

function warn(ctx: AccountContext, err: MySqlError): void {
  ctx.session.addNote(err, 'Warning', err.textFor(ctx.server.profile.family));
}

/**
 * MariaDB's multi-account statements are not atomic: the accounts that can be
 * changed are, and the 1396 names only those that failed (sql_acl.cc).
 */
const partialUpdates = (ctx: AccountContext): boolean => !ctx.server.profile.atomicAccountDdl;

function cannotUser(operation: string, failed: readonly string[]): MySqlError {
  return mysqlError('ER_CANNOT_USER', operation, failed.join(','));
}

function hasAnyOption(options: AccountOptions): boolean {
  return Object.values(options).some((v) => v !== undefined);
}

/** Characters of generated passwords: printable ASCII without quotes and backslash. */
const RANDOM_PASSWORD_CHARS = Array.from({ length: 94 }, (_, i) => String.fromCharCode(33 + i))
  .filter((c) => c !== "'" && c !== '"' && c !== '\\' && c !== '`')
  .join('');

/** A random password of the session's generated_random_password_length (a session variable in MySQL). */
function randomPassword(ctx: AccountContext): string {
  const length = Number(ctx.server.variables.get('generated_random_password_length', 'default', ctx.session));
  let out = '';
  for (let i = 0; i < length; i++) out += RANDOM_PASSWORD_CHARS[randomInt(RANDOM_PASSWORD_CHARS.length)];
  return out;
}

function requirePlugin(plugin: string, server: SqlServer): void {
  if (!enabledPlugins(server).has(plugin)) throw mysqlError('ER_PLUGIN_IS_NOT_LOADED', plugin);
}

function defaultPlugin(server: SqlServer): string {
  return String(globalVariable(server, 'default_authentication_plugin', server.profile.defaultAuthPlugin));
}

// ------------------------------------------------------------------ generated passwords

/** One row of the RANDOM PASSWORD result set. */
interface GeneratedPassword {
  user: string;
  host: string;
  password: string;
}

const GENERATED_PASSWORD_COLUMNS: readonly ColumnDef[] = [
  { name: 'user', type: ColumnType.VAR_STRING, charset: Charset.UTF8MB4_0900_AI_CI, length: 128 },
  { name: 'host', type: ColumnType.VAR_STRING, charset: Charset.UTF8MB4_0900_AI_CI, length: 1020 },
  { name: 'generated password', type: ColumnType.VAR_STRING, charset: Charset.UTF8MB4_0900_AI_CI, length: 1020 },
  { name: 'auth_factor', type: ColumnType.LONGLONG, charset: Charset.BINARY, length: 21 },
];

/** OK, or the `user, host, generated password, auth_factor` result set when passwords were generated. */
function resultFor(generated: readonly GeneratedPassword[]): StatementResult {
  if (generated.length === 0) return OK;
  return { kind: 'rows', columns: [...GENERATED_PASSWORD_COLUMNS], rows: generated.map((g) => [g.user, g.host, g.password, 1]) };
}

// ------------------------------------------------------------------ password changes

/** The statement and account a credential is made for (the 1396 text names both). */
interface Operation {
  command: 'CREATE USER' | 'ALTER USER' | 'SET PASSWORD';
  account: string;
}

/** Plugins whose generate_authentication_string has MAX_PLAINTEXT_LENGTH (256 bytes). */
const SHA2_PLUGINS: ReadonlySet<string> = new Set(['caching_sha2_password', 'sha256_password']);

/** A new credential for one account, decided from an auth option or SET PASSWORD. */
interface Credential {
  plugin: string;
  hash: string;
  /** The cleartext, when there is one (history checks, REPLACE). */
  cleartext?: string;
  generated: boolean;
  /** IDENTIFIED WITH plugin without BY/AS: the account becomes expired. */
  expire: boolean;
}

/**
 * The one place cleartext becomes a credential: validate_password checks it
 * here (1819), except a generated RANDOM PASSWORD (m_disable_password_validation).
 */
function credentialFor(auth: AuthOption, currentPlugin: string, ctx: AccountContext, operation: Operation): Credential {
  const { server } = ctx;
  const fromCleartext = (plugin: string, cleartext: string, generated: boolean): Credential => {
    requirePlugin(plugin, server);
    // An external plugin's generate_authentication_string copies the string (an LDAP DN), unvalidated.
    if (isExternalPlugin(plugin)) return { plugin, hash: cleartext, cleartext, generated, expire: false };
    // caching_sha2_password_generate() / sha256_password_generate() refuse passwords over
    // 256 bytes without an error of their own: set_and_validate_user_attributes() then raises 1396.
    if (SHA2_PLUGINS.has(plugin) && Buffer.byteLength(cleartext, 'utf8') > MAX_SHA2_PASSWORD_LENGTH) {
      throw cannotUser(operation.command, [operation.account]);
    }
    if (!generated) checkPasswordPolicy(ctx, cleartext);
    return { plugin, hash: hashPassword(plugin, cleartext), cleartext, generated, expire: false };
  };
  // IDENTIFIED BY and SET PASSWORD keep the account's plugin, but a pre-4.1
  // account moves to the default one (MariaDB; 5.6's SET PASSWORD has its own rule).
  const passwordPlugin = currentPlugin === 'mysql_old_password' ? defaultPlugin(server) : currentPlugin;
  switch (auth.type) {
    case 'password':
      return fromCleartext(passwordPlugin, auth.password, false);
    case 'randomPassword':
      return fromCleartext(passwordPlugin, randomPassword(ctx), true);
    case 'pluginPassword':
      return fromCleartext(auth.plugin, auth.password, false);
    case 'pluginRandomPassword':
      return fromCleartext(auth.plugin, randomPassword(ctx), true);
    case 'pluginHash':
      requirePlugin(auth.plugin, server);
      if (server.profile.storedHashRules === 'mariadb') {
        if (auth.plugin === 'mysql_native_password' && !isValidMariaDbNativeHash(auth.hash)) throw mysqlError('ER_PASSWD_LENGTH', 41);
      } else if (!isValidStoredHash(auth.plugin, auth.hash)) {
        throw mysqlError('ER_PASSWORD_FORMAT');
      }
      return { plugin: auth.plugin, hash: auth.hash, generated: false, expire: false };
    case 'plugin':
      requirePlugin(auth.plugin, server);
      return { plugin: auth.plugin, hash: '', generated: false, expire: true };
  }
}

/**
 * MariaDB: a plugin that is not loaded (1524) or a hash it cannot read (1372)
 * leaves that error and 1396 as Error conditions; CREATE USER fails with
 * the first, ALTER USER with 1396 (sql_acl.cc handle_grant_data()). MySQL:
 * the error as it is.
 */
function usableCredential(get: () => Credential, ctx: AccountContext, operation: Operation): Credential {
  try {
    return get();
  } catch (err) {
    if (ctx.server.profile.accountDdlNotes !== 'mariadb' || !(err instanceof MySqlError) || (err.code !== 1524 && err.code !== 1372)) throw err;
    const cannot = cannotUser(operation.command, [operation.account]);
    note(ctx, err, 'Error');
    note(ctx, cannot, 'Error');
    throw operation.command === 'ALTER USER' ? cannot : err;
  }
}

/** The global password_history and password_reuse_interval (0 where the profile has none). */
function historyGlobals(server: SqlServer): { passwordHistory: number; passwordReuseInterval: number } {
  return {
    passwordHistory: Number(globalVariable(server, 'password_history', 0)),
    passwordReuseInterval: Number(globalVariable(server, 'password_reuse_interval', 0)),
  };
}

/** Whether the statement names PASSWORD HISTORY or PASSWORD REUSE INTERVAL. */
function namesHistoryClause(options: AccountOptions): boolean {
  return options.passwordHistory !== undefined || options.passwordReuseInterval !== undefined;
}

/** The password policy globals of this server (0 / OFF where the profile has no such variable). */
function policyGlobals(server: SqlServer): PasswordPolicyGlobals {
  return {
    passwordHistory: Number(globalVariable(server, 'password_history', 0)),
    passwordReuseInterval: Number(globalVariable(server, 'password_reuse_interval', 0)),
    passwordRequireCurrent: isOn(globalVariable(server, 'password_require_current', 0)),
  };
}

/** changePassword() of accounts/password-rules.ts with this statement's context. */
function changePassword(
  account: Account,
  req: { credential: Credential; retain: boolean; replace?: string; self: boolean },
  ctx: AccountContext,
): PasswordHistoryEntry[] | null {
  const { server } = ctx;
  return changeAccountPassword(account, req.credential, {
    retain: req.retain,
    replace: req.replace,
    self: req.self,
    // Account administrators are exempt from PASSWORD REQUIRE CURRENT (sql_user.cc).
    privileged: canManageAccounts(sessionAccount(ctx), 'UPDATE'),
    globals: policyGlobals(server),
    previousHistory: account.plugin === req.credential.plugin ? passwordHistory(server, account.user, account.host) : [],
    now: server.clock.now(),
  });
}

/** The history a new credential leaves (for CREATE USER), or 3638. */
function historyAfter(account: Account, credential: Credential, ctx: AccountContext): PasswordHistoryEntry[] | null {
  const { server } = ctx;
  const previous = account.plugin === credential.plugin ? passwordHistory(server, account.user, account.host) : [];
  return historyAfterChange(account, credential, previous, policyGlobals(server), server.clock.now());
}

// ------------------------------------------------------------------ account options

function parseAttribute(json: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw mysqlError('ER_INVALID_USER_ATTRIBUTE_JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw mysqlError('ER_INVALID_USER_ATTRIBUTE_JSON');
  return value as Record<string, unknown>;
}

/** COMMENT / ATTRIBUTE: JSON_MERGE_PATCH into the account's metadata (a null value removes a key). */
function mergeMetadata(account: Account, patch: Record<string, unknown>): void {
  const metadata = { ...(account.metadata ?? {}) };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete metadata[key];
    else metadata[key] = value;
  }
  account.metadata = Object.keys(metadata).length > 0 ? metadata : null;
}

/** REQUIRE, WITH, password, lock, COMMENT and ATTRIBUTE options. */
function applyOptions(account: Account, o: AccountOptions): void {
  if (o.require) {
    const r = o.require;
    account.sslType = r.type === 'NONE' ? '' : r.type === 'SSL' ? 'ANY' : r.type;
    account.sslCipher = r.type === 'SPECIFIED' ? r.cipher ?? '' : '';
    account.x509Issuer = r.type === 'SPECIFIED' ? r.issuer ?? '' : '';
    account.x509Subject = r.type === 'SPECIFIED' ? r.subject ?? '' : '';
  }
  if (o.resources) {
    const r = o.resources;
    account.maxQuestions = r.maxQueriesPerHour ?? account.maxQuestions;
    account.maxUpdates = r.maxUpdatesPerHour ?? account.maxUpdates;
    account.maxConnections = r.maxConnectionsPerHour ?? account.maxConnections;
    account.maxUserConnections = r.maxUserConnections ?? account.maxUserConnections;
  }
  const expire = o.passwordExpire;
  if (expire === 'NOW') account.passwordExpired = true;
  else if (expire === 'DEFAULT') account.passwordLifetime = null;
  else if (expire === 'NEVER') account.passwordLifetime = 0;
  else if (expire) account.passwordLifetime = expire.intervalDays;
  if (o.passwordHistory !== undefined) account.passwordReuseHistory = o.passwordHistory === 'DEFAULT' ? null : o.passwordHistory;
  if (o.passwordReuseInterval !== undefined) {
    account.passwordReuseTime = o.passwordReuseInterval === 'DEFAULT' ? null : o.passwordReuseInterval;
  }
  if (o.passwordRequireCurrent !== undefined) {
    account.passwordRequireCurrent = { REQUIRED: true, DEFAULT: null, OPTIONAL: false }[o.passwordRequireCurrent];
  }
  if (o.failedLoginAttempts !== undefined) account.failedLoginAttempts = o.failedLoginAttempts;
  if (o.passwordLockTime !== undefined) account.passwordLockTime = o.passwordLockTime === 'UNBOUNDED' ? -1 : o.passwordLockTime;
  if (o.accountLocked !== undefined) account.accountLocked = o.accountLocked;
  if (o.comment !== undefined) mergeMetadata(account, { comment: o.comment });
  if (o.attribute !== undefined) mergeMetadata(account, parseAttribute(o.attribute));
}

// ------------------------------------------------------------------ commit

/** A validated change to one account, ready to commit. */
interface AccountChange {
  original: Account | null;
  before: AccountId | null;
  next: Account;
  history: PasswordHistoryEntry[] | null;
  passwordChanged: boolean;
}

function commit(ctx: AccountContext, changes: readonly AccountChange[]): void {
  const { server } = ctx;
  for (const change of changes) {
    let account: Account;
    if (change.original) {
      account = Object.assign(change.original, change.next);
      if (change.passwordChanged) server.accounts.forgetCachedPasswords(account);
    } else {
      account = change.next;
      server.accounts.add(account);
    }
    mirrorAccountChange(server, change.before, account);
    if (change.history) setPasswordHistory(server, account.user, account.host, change.history);
  }
}

/** Self-service password changes keep the session's sandbox in step with its account (sql_user.cc update_sctx_cache). */
function syncSandbox(ctx: AccountContext, changes: readonly AccountChange[]): void {
  const own = changes.find((c) => isSessionAccount(ctx, c.next.user, c.next.host));
  if (own) ctx.session.sandboxed = own.next.passwordExpired;
}

// ------------------------------------------------------------------ CREATE USER

/**
 * CREATE USER, and CREATE ROLE through it (`asRole`: mysql_create_user()'s
 * is_role; the caller checked CREATE USER or CREATE ROLE): no password
 * validation, and 1396 names the statement.
 */
export function createUser(stmt: CreateUserStmt, ctx: AccountContext, asRole = false): StatementResult {
  if (!asRole) requireAccountAdmin(ctx, 'INSERT');
  const operationName = asRole ? 'CREATE ROLE' : 'CREATE USER';
  if (stmt.options.defaultRoles && !asRole) checkCreateUserDefaultRoles(stmt, ctx);
  const { server } = ctx;
  const failed: string[] = [];
  const seen = new Set<string>();
  const creating: { spec: UserAuth; id: AccountId }[] = [];
  for (const spec of stmt.users) {
    const id = resolveUser(spec.user, ctx);
    if (server.accounts.get(id.user, id.host) || inUserTable(server, id.user, id.host) || seen.has(keyOf(id))) {
      if (!stmt.ifNotExists) failed.push(nameOf(id));
      else if (server.profile.accountDdlNotes === 'mariadb') note(ctx, mysqlError('ER_USER_CREATE_EXISTS', id.user, id.host));
      else note(ctx, mysqlError('ER_USER_ALREADY_EXISTS', nameOf(id)));
      continue;
    }
    if (id.user === '' && stmt.options.passwordExpire === 'NOW') throw cannotUser(operationName, ['anonymous user']);
    seen.add(keyOf(id));
    creating.push({ spec, id });
  }
  if (failed.length > 0 && !partialUpdates(ctx)) throw cannotUser(operationName, failed);

  const now = server.clock.now();
  const generated: GeneratedPassword[] = [];
  const changes = creating.map(({ spec, id }): AccountChange => {
    const account = newAccount(id.user, id.host, defaultPlugin(server), now);
    let history: PasswordHistoryEntry[] | null = null;
    // A new account without a password (or IDENTIFIED WITH plugin alone) is checked as '' (sql_user.cc).
    if (!asRole && (!spec.auth || (spec.auth.type === 'plugin' && !isExternalPlugin(spec.auth.plugin)))) checkPasswordPolicy(ctx, '');
    if (spec.auth) {
      const operation: Operation = { command: 'CREATE USER', account: nameOf(id) };
      const credential = usableCredential(() => credentialFor(spec.auth!, account.plugin, ctx, operation), ctx, operation);
      account.plugin = credential.plugin;
      account.authenticationString = credential.hash;
      if (credential.generated) generated.push({ ...id, password: credential.cleartext! });
      checkExpirySupported(account.plugin, stmt.options.passwordExpire);
      applyOptions(account, stmt.options);
      const voided = voidHistoryClauses(account, namesHistoryClause(stmt.options), historyGlobals(server));
      if (voided) warn(ctx, voided);
      history = historyAfter(account, credential, ctx);
    } else {
      applyOptions(account, stmt.options);
    }
    return { original: null, before: null, next: account, history, passwordChanged: true };
  });
  if (stmt.options.defaultRoles && !asRole && Array.isArray(stmt.options.defaultRoles)) {
    const roles = stmt.options.defaultRoles.map((r) => resolveUser(r, ctx));
    for (const { next } of changes) grantDefaultRoles(next, roles);
  }
  commit(ctx, changes);
  for (const { next } of changes) server.userConnections?.resetAccount(next.user, next.host);
  if (failed.length > 0) throw cannotUser(operationName, failed);
  return resultFor(generated);
}

/**
 * CREATE USER ... DEFAULT ROLE (sql_user.cc): roles need the session's
 * WITH ADMIN / ROLE_ADMIN / SUPER (1227) and must exist (3162); an
 * anonymous grantee cannot have roles (3876).
 */
function checkCreateUserDefaultRoles(stmt: CreateUserStmt, ctx: AccountContext): void {
  const roles = stmt.options.defaultRoles;
  if (!Array.isArray(roles)) return;
  if (stmt.users.some((u) => resolveUser(u.user, ctx).user === '')) throw mysqlError('ER_CANNOT_GRANT_ROLES_TO_ANONYMOUS_USER');
  const ids = roles.map((r) => resolveUser(r, ctx));
  if (!mayAdministerRoles(ctx, ids)) throw mysqlError('ER_SPECIFIC_ACCESS_DENIED_ERROR', 'WITH ADMIN, ROLE_ADMIN, SUPER');
  for (const id of ids) {
    if (!ctx.server.accounts.get(id.user, id.host)) throw mysqlError('ER_USER_DOES_NOT_EXIST', authIdText(id));
  }
}

/** The implicit GRANT of each default role, then the default roles themselves. */
function grantDefaultRoles(account: Account, roles: readonly AccountId[]): void {
  for (const role of roles) addRoleGrant(account, role, false);
  account.defaultRoles = roles.map((r) => ({ user: r.user, host: r.host }));
}

// ------------------------------------------------------------------ ALTER USER

/**
 * SQLCOM_ALTER_USER's access rules: changing only one's own password is
 * free (RETAIN/DISCARD need APPLICATION_PASSWORD_ADMIN); anything else
 * needs CREATE USER. A sandboxed session must be changing its own password.
 */
function checkAlterUserAccess(stmt: AlterUserStmt, ctx: AccountContext): void {
  const me = sessionAccount(ctx);
  const passwordAdmin = canManageAccounts(me, 'UPDATE') || hasGlobalPrivilege(me, 'APPLICATION_PASSWORD_ADMIN');
  let changingOwnPassword = false;
  let adminChecked = false;
  const administered: AccountId[] = [];
  for (const spec of stmt.users) {
    const id = resolveUser(spec.user, ctx);
    const self = isSessionAccount(ctx, id.user, id.host);
    const ownPasswordOnly =
      self &&
      !hasAnyOption(stmt.options) &&
      (spec.auth ? spec.auth.type === 'password' || spec.auth.type === 'randomPassword' : spec.discardOldPassword === true);
    if (ownPasswordOnly) {
      if (spec.auth) changingOwnPassword = true;
      if ((spec.retainCurrentPassword || spec.discardOldPassword) && !passwordAdmin) {
        throw mysqlError('ER_SPECIFIC_ACCESS_DENIED_ERROR', 'CREATE USER or APPLICATION_PASSWORD_ADMIN');
      }
      continue;
    }
    if (!adminChecked) requireAccountAdmin(ctx, 'UPDATE');
    adminChecked = true;
    administered.push(id);
    if (self && spec.auth) changingOwnPassword = true;
  }
  if (ctx.session.sandboxed && !changingOwnPassword) throw mysqlError('ER_MUST_CHANGE_PASSWORD');
  // mysql_alter_user()'s check_system_user_privilege() runs after the sandbox's 1820 (sql_parse.cc).
  requireSystemUserFor(ctx, administered);
}

export function alterUser(stmt: AlterUserStmt, ctx: AccountContext): StatementResult {
  checkAlterUserAccess(stmt, ctx);
  const { server } = ctx;
  const failed: string[] = [];
  const found: { spec: UserAuth; account: Account }[] = [];
  for (const spec of stmt.users) {
    const id = resolveUser(spec.user, ctx);
    // mysql_alter_user() finds the account in the loaded ACL (find_acl_user): a row the load skipped is not there.
    const loaded = server.accounts.get(id.user, id.host);
    // ... and updates its mysql.user row: a row deleted behind the login copy fails too.
    const account = loaded && accountPlugin(loaded, server.profile) !== null && inUserTable(server, id.user, id.host) ? loaded : undefined;
    if (!account) {
      if (stmt.ifExists && server.profile.accountDdlNotes === 'mysql') note(ctx, mysqlError('ER_USER_DOES_NOT_EXIST', nameOf(id)));
      // MariaDB names an account written without @host by its user alone: 'boo'.
      else if (server.profile.accountDdlNotes === 'mariadb' && spec.user.kind === 'account' && spec.user.hostOmitted) failed.push(quoteString(id.user));
      else failed.push(nameOf(id));
      continue;
    }
    if (account.user === '' && stmt.options.passwordExpire === 'NOW') throw mysqlError('ER_PASSWORD_EXPIRE_ANONYMOUS_USER');
    found.push({ spec, account });
  }
  if (failed.length > 0 && !partialUpdates(ctx)) throw cannotUser('ALTER USER', failed);

  const generated: GeneratedPassword[] = [];
  // mysql_alter_user(): PASSWORD EXPIRE on an account whose plugin cannot expire fails (1396).
  const cannotExpire: string[] = [];
  const changes = found.map(({ spec, account }): AccountChange => {
    const next = cloneAccount(account);
    let history: PasswordHistoryEntry[] | null = null;
    const operation: Operation = { command: 'ALTER USER', account: nameOf(account) };
    const credential = spec.auth ? usableCredential(() => credentialFor(spec.auth!, account.plugin, ctx, operation), ctx, operation) : null;
    const plugin = credential?.plugin ?? account.plugin;
    const external = isExternalPlugin(plugin);
    checkExpirySupported(plugin, stmt.options.passwordExpire);
    if (credential) {
      const self = isSessionAccount(ctx, account.user, account.host);
      let retain = spec.retainCurrentPassword === true;
      if (retain && external && plugin === account.plugin) {
        warn(ctx, mysqlError('ER_WARNING_RETAIN_CURRENT_PASSWORD_CLAUSE_VOID', account.user, account.host, plugin));
        retain = false;
      }
      history = changePassword(next, { credential, retain, replace: spec.replace, self }, ctx);
      if (credential.generated) generated.push({ user: account.user, host: account.host, password: credential.cleartext! });
    }
    if (spec.discardOldPassword && external) {
      warn(ctx, mysqlError('ER_WARNING_DISCARD_OLD_PASSWORD_CLAUSE_VOID', account.user, account.host, plugin));
    } else if (spec.discardOldPassword) {
      next.additionalPassword = null;
      next.additionalPasswordSince = null;
    }
    applyOptions(next, stmt.options);
    const voided = voidHistoryClauses(next, namesHistoryClause(stmt.options), historyGlobals(server));
    if (voided) warn(ctx, voided);
    if (stmt.options.passwordExpire === 'NOW' && external) cannotExpire.push(nameOf(account));
    const before = { user: account.user, host: account.host };
    // DISCARD OLD PASSWORD is a credential change too: the fast-auth cache entry goes.
    const passwordChanged = spec.auth !== undefined || spec.discardOldPassword === true;
    return { original: account, before, next, history, passwordChanged };
  });
  if (cannotExpire.length > 0) throw cannotUser('ALTER USER', cannotExpire);
  commit(ctx, changes);
  syncSandbox(ctx, changes);
  if (stmt.options.resources) for (const { next } of changes) server.userConnections?.resetAccount(next.user, next.host);
  if (resetsLoginLock(stmt.options, server)) for (const c of changes) server.accounts.loginLocks.reset(c.original!);
  if (failed.length > 0) {
    // MariaDB's IF EXISTS turns each account's 1133 and the final 1396 into warnings.
    if (!stmt.ifExists) throw cannotUser('ALTER USER', failed);
    for (const _ of failed) note(ctx, mysqlError('ER_PASSWORD_NO_MATCH'), 'Error');
    note(ctx, cannotUser('ALTER USER', failed));
  }
  return resultFor(generated);
}

/**
 * Does this ALTER USER restart failed-login tracking? MySQL: only when it sets
 * FAILED_LOGIN_ATTEMPTS or PASSWORD_LOCK_TIME (any value; acl_update_user ->
 * Password_locked_state::set_parameters) or says ACCOUNT UNLOCK. MariaDB: any
 * ALTER USER clears password_errors ("unblock with 'ALTER USER / FLUSH PRIVILEGES'").
 */
function resetsLoginLock(o: AccountOptions, server: SqlServer): boolean {
  if (server.profile.passwordErrorLock === 'max-password-errors') return true;
  return o.failedLoginAttempts !== undefined || o.passwordLockTime !== undefined || o.accountLocked === false;
}

// ------------------------------------------------------------------ DROP USER / RENAME USER

/**
 * DROP USER, and DROP ROLE through it (`asRole`; the caller checked CREATE
 * USER or DROP ROLE): a session with DROP ROLE alone may drop only locked
 * accounts (1227 CREATE USER otherwise), and 1396 names the statement. A
 * mandatory role cannot be dropped (3628). The role grants to and from a
 * dropped account and the default roles naming it go with it.
 */
export function dropUser(stmt: DropUserStmt, ctx: AccountContext, asRole = false): StatementResult {
  if (!asRole) requireAccountAdmin(ctx, 'DELETE');
  const operationName = asRole ? 'DROP ROLE' : 'DROP USER';
  requireSystemUserFor(ctx, stmt.users.map((spec) => resolveUser(spec, ctx)));
  const mandatory = mandatoryRoles(ctx);
  for (const spec of stmt.users) {
    const id = resolveUser(spec, ctx);
    if (mandatory.some((m) => sameAuthId(m, id))) throw mysqlError('ER_MANDATORY_ROLE', authIdText(id));
  }
  const onDropRolePrivilege = asRole && !hasGlobalPrivilege(sessionAccount(ctx), 'CREATE USER');
  const { server } = ctx;
  const failed: string[] = [];
  const dropping = new Set<Account>();
  for (const spec of stmt.users) {
    const id = resolveUser(spec, ctx);
    const account = server.accounts.get(id.user, id.host);
    if (!account || dropping.has(account)) {
      if (!stmt.ifExists) failed.push(nameOf(id));
      else if (server.profile.accountDdlNotes === 'mariadb') note(ctx, mysqlError('ER_USER_DROP_EXISTS', id.user, id.host));
      else note(ctx, mysqlError('ER_USER_DOES_NOT_EXIST', nameOf(id)));
      continue;
    }
    if (onDropRolePrivilege && !account.accountLocked) throw mysqlError('ER_SPECIFIC_ACCESS_DENIED_ERROR', 'CREATE USER');
    dropping.add(account);
  }
  if (failed.length > 0 && !partialUpdates(ctx)) throw cannotUser(operationName, failed);
  for (const account of dropping) {
    server.accounts.remove(account);
    mirrorAccountChange(server, account, null);
    setPasswordHistory(server, account.user, account.host, []);
  }
  if (dropping.size > 0) {
    for (const other of server.accounts.list()) {
      if (forgetAuthIds(other, [...dropping])) mirrorAccountChange(server, other, other);
    }
  }
  if (failed.length > 0) throw cannotUser(operationName, failed);
  return OK;
}

export function renameUser(stmt: RenameUserStmt, ctx: AccountContext): StatementResult {
  // mysql_rename_user(): an account granted to another (is_role) cannot be renamed.
  for (const r of stmt.renames) {
    const from = resolveUser(r.from, ctx);
    if (ctx.server.accounts.list().some((a) => a.roles.some((g) => sameAuthId(g, from)))) throw mysqlError('ER_RENAME_ROLE');
  }
  requireAccountAdmin(ctx, 'UPDATE');
  requireSystemUserFor(ctx, stmt.renames.map((r) => resolveUser(r.from, ctx)));
  const { server } = ctx;
  // Renames apply in order, so validate against the names as they will be after each one.
  const names = new Set(server.accounts.list().map(keyOf));
  const renamed = new Set<string>();
  const failed: string[] = [];
  const renames: { from: AccountId; to: AccountId }[] = [];
  for (const r of stmt.renames) {
    const from = resolveUser(r.from, ctx);
    const to = resolveUser(r.to, ctx);
    // The table is checked too: a row added behind the login copy takes its name (replace_user_table()).
    const tableHasTarget = !names.has(keyOf(to)) && inUserTable(server, to.user, to.host) && !renamed.has(keyOf(to));
    if (!names.has(keyOf(from)) || names.has(keyOf(to)) || tableHasTarget) {
      failed.push(nameOf(from));
      continue;
    }
    names.delete(keyOf(from));
    names.add(keyOf(to));
    renamed.add(keyOf(from));
    renames.push({ from, to });
  }
  if (failed.length > 0 && !partialUpdates(ctx)) throw cannotUser('RENAME USER', failed);
  // MySQL 8.0.23+ (Bug #32068470): a session that renames its own account follows it, through a chain too.
  if (server.profile.renameFollowsSessionAccount) {
    let own: AccountId = { user: ctx.session.accountUser, host: ctx.session.accountHost };
    for (const { from, to } of renames) if (keyOf(from) === keyOf(own)) own = to;
    ctx.session.accountUser = own.user;
    ctx.session.accountHost = own.host;
  }
  for (const { from, to } of renames) {
    const account = server.accounts.get(from.user, from.host)!;
    const history = [...passwordHistory(server, from.user, from.host)];
    setPasswordHistory(server, from.user, from.host, []);
    server.accounts.rename(account, to.user, to.host);
    mirrorAccountChange(server, from, account);
    setPasswordHistory(server, to.user, to.host, history);
  }
  if (failed.length > 0) throw cannotUser('RENAME USER', failed);
  return OK;
}

// ------------------------------------------------------------------ SET PASSWORD

/**
 * What SET PASSWORD assigns. MariaDB reads a bare literal as a native hash
 * ('' or '*' + 40 hex digits, else 1372); only PASSWORD('x') is cleartext.
 */
function setPasswordAuth(stmt: SetPasswordStmt, plugin: string, mariaDb: boolean): AuthOption {
  if (stmt.random) return { type: 'randomPassword' };
  const text = stmt.password ?? '';
  if (!mariaDb || stmt.hashFunction || text === '') return { type: 'password', password: text };
  if (!/^\*[0-9A-F]{40}$/i.test(text)) throw mysqlError('ER_PASSWD_LENGTH', 41);
  return { type: 'pluginHash', plugin, hash: text.toUpperCase() };
}

/**
 * MySQL 5.6, for accounts whose hash lives in the Password column (native,
 * old or empty plugin): SET PASSWORD stores PASSWORD('x') as old_passwords
 * computes it, or a bare literal that must already be a 41- or 16-character
 * hash (1372). The plugin column is left as it is: an empty one stays empty,
 * its meaning following the new hash's format.
 */
function legacyPasswordCredential(stmt: SetPasswordStmt, account: Account, ctx: AccountContext): Credential | null {
  const { server, session } = ctx;
  if (!server.profile.oldPasswordsPre41 || stmt.random) return null;
  if (!['', 'mysql_native_password', 'mysql_old_password'].includes(account.plugin)) return null;
  const text = stmt.password ?? '';
  if (stmt.hashFunction) {
    const oldPasswords = Number(server.variables.get('old_passwords', 'default', session) ?? 0);
    return { plugin: account.plugin, hash: passwordFunctionHash(text, oldPasswords, server.profile), cleartext: text, generated: false, expire: false };
  }
  if (text !== '' && !/^\*[0-9A-F]{40}$/i.test(text) && !isOldPasswordHash(text)) throw mysqlError('ER_PASSWD_LENGTH', 41);
  return { plugin: account.plugin, hash: text.startsWith('*') ? text.toUpperCase() : text, generated: false, expire: false };
}

export function setPassword(stmt: SetPasswordStmt, ctx: AccountContext): StatementResult {
  const { server, session } = ctx;
  const id = resolveUser(stmt.user ?? { kind: 'currentUser' }, ctx);
  const self = isSessionAccount(ctx, id.user, id.host);
  const me = sessionAccount(ctx);
  if (self && session.accountUser === '') throw mysqlError('ER_PASSWORD_ANONYMOUS_USER');
  if (!self) {
    if (session.sandboxed) throw mysqlError('ER_MUST_CHANGE_PASSWORD');
    if (!canManageAccounts(me, 'UPDATE')) throw databaseAccessDenied(ctx, 'mysql');
    requireSystemUserFor(ctx, [id]);
  }
  if (stmt.retainCurrentPassword && !canManageAccounts(me, 'UPDATE') && !hasGlobalPrivilege(me, 'APPLICATION_PASSWORD_ADMIN')) {
    throw mysqlError('ER_SPECIFIC_ACCESS_DENIED_ERROR', 'CREATE USER or APPLICATION_PASSWORD_ADMIN');
  }
  requireWritable(ctx);
  const account = server.accounts.get(id.user, id.host);
  if (!account) throw mysqlError('ER_PASSWORD_NO_MATCH');
  if (isExternalPlugin(account.plugin)) throw mysqlError('ER_SET_PASSWORD_AUTH_PLUGIN_ERROR', account.user, account.host);

  const credential =
    legacyPasswordCredential(stmt, account, ctx) ??
    credentialFor(setPasswordAuth(stmt, account.plugin, server.profile.setPasswordLiteralIsHash), account.plugin, ctx, {
      command: 'SET PASSWORD',
      account: nameOf(account),
    });
  const next = cloneAccount(account);
  const history = changePassword(next, { credential, retain: stmt.retainCurrentPassword === true, replace: stmt.replace, self }, ctx);
  if (stmt.hashFunction && deprecatesPasswordFunction(server.profile)) {
    // 5.7 names the FOR clause only when the statement has one.
    const forUser = stmt.user ? ' FOR <user>' : '';
    session.addNote(
      mysqlError(
        'ER_WARN_DEPRECATED_SYNTAX',
        `SET PASSWORD${forUser} = PASSWORD('<plaintext_password>')`,
        `SET PASSWORD${forUser} = '<plaintext_password>'`,
      ),
      'Warning',
    );
  }
  const changes = [{ original: account, before: id, next, history, passwordChanged: true }];
  commit(ctx, changes);
  syncSandbox(ctx, changes);
  return resultFor(credential.generated ? [{ ...id, password: credential.cleartext! }] : []);
}
