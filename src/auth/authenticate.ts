import type { Account } from '../accounts/account.js';
import { passwordExpiry, type ExpiryReason } from '../accounts/expiry.js';
import type { ClientAddress } from '../accounts/host-match.js';
import { tracksFailedLogins } from '../accounts/login-lock.js';
import { hasGlobalPrivilege } from '../accounts/privileges.js';
import { isOn, timeZoneOffsetMinutes, type SystemVariables } from '../config/variables.js';
import { mysqlError, MySqlError } from '../errors/mysql-error.js';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { Directory } from '../accounts/directory.js';
import type { AccountStore } from '../accounts/store.js';
import type { UnknownAccounts } from './decoy.js';
import type { Profile } from '../config/profiles.js';
import { Capability, hasCapability } from '../wire/capabilities.js';
import { writeAuthSwitchRequest, writeOldAuthSwitchRequest } from '../wire/packets.js';
import type { AuthOutcome, AuthPlugin, AuthWire } from './plugin.js';
import { AUTH_PLUGINS } from './plugins.js';
import { accountPlugin, enabledPlugins } from '../accounts/plugin-catalogue.js';

/** The TLS session of a connection, as acl_check_ssl() reads it. */
export interface TlsSession {
  /** OpenSSL's name of the cipher in use (SSL_get_cipher), e.g. 'TLS_AES_256_GCM_SHA384'. */
  cipher: string;
  /** 'TLSv1.2', 'TLSv1.3'. */
  version: string;
  /** A client certificate was presented and verified against --ssl-ca (SSL_get_verify_result == X509_V_OK). */
  peerVerified: boolean;
  /** X509_NAME_oneline() of the client certificate's issuer and subject, or null without one. */
  peerIssuer: string | null;
  peerSubject: string | null;
}

/**
 * acl_check_ssl(): whether the connection meets the account's REQUIRE clause.
 * SSL: any TLS; X509: a verified client certificate; SPECIFIED: TLS with a
 * verified certificate whose cipher, issuer and subject match those given.
 */
export function meetsTlsRequirement(account: Account, tls: TlsSession | null): boolean {
  switch (account.sslType) {
    case '':
      return true;
    case 'ANY':
      return tls !== null;
    case 'X509':
      return tls !== null && tls.peerVerified;
    case 'SPECIFIED':
      if (!tls || !tls.peerVerified) return false;
      if (account.sslCipher !== '' && account.sslCipher !== tls.cipher) return false;
      if (account.x509Issuer !== '' && account.x509Issuer !== tls.peerIssuer) return false;
      if (account.x509Subject !== '' && account.x509Subject !== tls.peerSubject) return false;
      return true;
  }
}

/** What the login decision reads of the server instance. */
export interface AuthServer {
  readonly profile: Profile;
  readonly variables: Pick<SystemVariables, 'get' | 'definition' | 'globalOr'>;
  readonly accounts: AccountStore;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Server authentication plugins loaded and enabled (default: the profile's). */
  readonly authPlugins?: ReadonlySet<string>;
  /** The emulated LDAP directory behind authentication_ldap_simple. */
  readonly directory?: Directory;
  /** The plugins unknown users were given (decoy.ts). */
  readonly unknownAccounts: UnknownAccounts;
}

export interface LoginAttempt {
  username: string;
  /** The client plugin that produced `response`. */
  clientPlugin: string;
  response: Buffer;
  capabilities: number;
  scramble: Buffer;
  client: ClientAddress;
  /** The connection's TLS session, null over plain TCP. */
  tls: TlsSession | null;
  wire: AuthWire;
}

export interface LoginSuccess {
  account: Account;
  /** The session starts in password-expired sandbox mode. */
  sandboxed: boolean;
}

/** The decision's inputs and outcome, logged as one `auth` event per attempt. */
export interface AuthEvent {
  user: string;
  host: string;
  account: string | null;
  plugin: string;
  clientPlugin: string;
  switched: boolean;
  path?: string;
  /** The connection is over TLS. */
  tls: boolean;
  /** Over TLS: the protocol and cipher negotiated (Ssl_version, Ssl_cipher). */
  tlsVersion?: string;
  tlsCipher?: string;
  /** The account's REQUIRE clause ('SSL', 'X509', 'SPECIFIED'), when it has one. */
  tlsRequired?: string;
  /** Whether the connection met that clause (acl_check_ssl()), once the password was right. */
  tlsRequirementMet?: boolean;
  /** require_secure_transport was ON: the server requires TLS of every TCP login. */
  secureTransportRequired: boolean;
  canHandleExpired: boolean;
  disconnectOnExpiredPassword: boolean;
  expired: ExpiryReason | null;
  secondaryPassword?: boolean;
  /** Failed-login tracking after this attempt (accounts with FAILED_LOGIN_ATTEMPTS, or any account under MariaDB). */
  failedLogins?: number;
  /** End of a FAILED_LOGIN_ATTEMPTS lock (ISO time on the emulator's clock), 'unbounded', or null. */
  lockedUntil?: string | null;
  outcome: 'ok' | 'sandbox' | 'error';
  code?: number;
}

/**
 * acl_authenticate() in MySQL's order: (MariaDB: a blocked account, 4150),
 * run the account's plugin (switching plugins when the client answered with
 * another one), failed-login tracking (3955), then wrong password (1045),
 * ACCOUNT LOCK (3118), expiry (1862 or sandbox). Returns the account or
 * throws the MySqlError to send, always fatal.
 *
 * Synchronous when nothing waits for the client or the keys (the plugin
 * accepted the handshake's own response: native, caching_sha2's fast path);
 * a Promise otherwise (an auth switch, a full authentication), which rejects
 * with the MySqlError. One `auth` event is logged per attempt either way.
 */
export function authenticate(attempt: LoginAttempt, server: AuthServer): LoginSuccess | Promise<LoginSuccess> {
  const decision = new LoginDecision(attempt, server);
  let settling = false;
  try {
    const response = decision.start();
    if (response instanceof Promise) {
      settling = true;
      return decision.settle(response.then((r) => decision.runPlugin(r)));
    }
    const outcome = decision.runPlugin(response);
    if (outcome instanceof Promise) {
      settling = true;
      return decision.settle(outcome);
    }
    return decision.conclude(outcome);
  } catch (err) {
    throw decision.failed(err);
  } finally {
    if (!settling) decision.log();
  }
}

/**
 * The user name as the auth log shows it: up to its first control character
 * or undecodable byte (U+FFFD), with its length. A name that runs into such
 * bytes is a handshake response whose NUL went missing, and what follows may
 * be the client's auth data, a cleartext password included (the wire fuzz
 * found one in the log this way); the name itself is still what the login
 * is decided on and what an error message quotes to the client.
 */
export function loggableUser(name: string): string {
  const cut = name.search(/[\u0000-\u001f\u007f\ufffd]/);
  return cut < 0 ? name : `${name.slice(0, cut)}…(${name.length} characters)`;
}

/** One login's decision under way: what it read before the plugin ran, and its `auth` event. */
class LoginDecision {
  readonly account: Account | null;
  readonly plugin: AuthPlugin;
  readonly enabled: ReadonlySet<string>;
  readonly disconnectOnExpired: boolean;
  readonly canHandleExpired: boolean;
  readonly event: AuthEvent;

  constructor(
    readonly attempt: LoginAttempt,
    readonly server: AuthServer,
  ) {
    const { username, client, wire, capabilities } = attempt;
    // Rows the privilege load skipped (5.7: empty plugin; 5.6: a hash of no known length) are not candidates.
    const account = server.accounts.match(username, client, (a) => accountPlugin(a, server.profile) !== null) ?? null;
    this.account = account;
    this.enabled = enabledPlugins(server);
    const accountPluginName = account ? accountPlugin(account, server.profile)! : null;
    const pluginName =
      (accountPluginName && AUTH_PLUGINS.has(accountPluginName) ? accountPluginName : null) ??
      server.unknownAccounts.pluginFor(username, client.host, server.profile, this.enabled);
    this.plugin = AUTH_PLUGINS.get(pluginName)!;
    this.disconnectOnExpired = isOn(server.variables.get('disconnect_on_expired_password', 'global'));
    this.canHandleExpired = hasCapability(capabilities, Capability.CAN_HANDLE_EXPIRED_PASSWORDS);
    this.event = {
      user: loggableUser(username),
      host: client.host,
      account: account ? `${account.user}@${account.host}` : null,
      plugin: this.plugin.name,
      clientPlugin: attempt.clientPlugin,
      switched: false,
      tls: wire.secure,
      ...(attempt.tls ? { tlsVersion: attempt.tls.version, tlsCipher: attempt.tls.cipher } : {}),
      secureTransportRequired: isOn(server.variables.definition('require_secure_transport') ? server.variables.get('require_secure_transport', 'global') : 0),
      canHandleExpired: this.canHandleExpired,
      disconnectOnExpiredPassword: this.disconnectOnExpired,
      expired: null,
      outcome: 'error',
    };
  }

  /** The checks before the plugin runs; the response the plugin judges (awaited only after an auth switch). */
  start(): Buffer | Promise<Buffer> {
    if (this.account) refuseBlockedAccount(this.account, this.server, this.event);
    // An account's plugin, or MySQL 8.4's decoy, may be one that is disabled.
    if (!this.enabled.has(this.plugin.name)) throw mysqlError('ER_PLUGIN_IS_NOT_LOADED', this.plugin.name);
    return responseForPlugin(this.attempt, this.plugin, this.server, this.event);
  }

  /**
   * The account as it stands in the login copy now. Every wait for the client
   * (auth switch, RSA key, full authentication) may overlap an account change:
   * the decision uses the login copy as it is at each step.
   */
  readonly current = (): Account | null => (this.account ? this.server.accounts.get(this.account.user, this.account.host) ?? null : null);

  runPlugin(response: Buffer): AuthOutcome | Promise<AuthOutcome> {
    const { attempt, server } = this;
    return this.plugin.authenticate({
      account: this.current(),
      current: this.current,
      scramble: attempt.scramble,
      response,
      wire: attempt.wire,
      store: server.accounts,
      userName: attempt.username,
      directory: server.directory,
    });
  }

  /** The decision after a wait: conclude() once the plugin's outcome arrives; logged when settled. */
  async settle(outcome: Promise<AuthOutcome>): Promise<LoginSuccess> {
    try {
      return this.conclude(await outcome);
    } catch (err) {
      throw this.failed(err);
    } finally {
      this.log();
    }
  }

  /** After the plugin: failed-login tracking, the password, REQUIRE, ACCOUNT LOCK, secure transport, expiry. */
  conclude(result: AuthOutcome): LoginSuccess {
    const { attempt, server, event } = this;
    const { username, client } = attempt;
    event.path = result.path;
    const final = this.current();
    if (final) checkAndUpdatePasswordLockState(final, result.ok, result.usedPassword, attempt, server, event);
    if (!result.ok || !final) {
      throw mysqlError('ER_ACCESS_DENIED_ERROR', username, client.host, result.usedPassword ? 'YES' : 'NO');
    }
    if (result.usedSecondary) event.secondaryPassword = true;
    // acl_check_ssl(), after the password ("an additional layer, not instead of the password").
    if (final.sslType !== '') {
      event.tlsRequired = final.sslType === 'ANY' ? 'SSL' : final.sslType;
      event.tlsRequirementMet = meetsTlsRequirement(final, attempt.tls);
    }
    if (event.tlsRequirementMet === false) {
      throw mysqlError('ER_ACCESS_DENIED_ERROR', username, client.host, result.usedPassword ? 'YES' : 'NO');
    }
    if (final.accountLocked) {
      throw server.profile.accountLockedError === 'ER_ACCOUNT_HAS_BEEN_LOCKED_MARIADB'
        ? mysqlError('ER_ACCOUNT_HAS_BEEN_LOCKED_MARIADB')
        : // MySQL names the account's user (acl_user->user), a NULL pointer for the anonymous account: '(null)'.
          mysqlError('ER_ACCOUNT_HAS_BEEN_LOCKED', final.user === '' ? '(null)' : final.user, client.host);
    }
    // require_secure_transport: TCP without TLS is refused (MySQL 3159; MariaDB answers 1045).
    if (!attempt.tls && event.secureTransportRequired) {
      throw server.profile.insecureTransportError === 'ER_ACCESS_DENIED_ERROR'
        ? mysqlError('ER_ACCESS_DENIED_ERROR', username, client.host, result.usedPassword ? 'YES' : 'NO')
        : mysqlError('ER_SECURE_TRANSPORT_REQUIRED');
    }
    const lifetime = Number(server.variables.globalOr('default_password_lifetime', 0));
    event.expired = passwordExpiry(final, server.clock.now(), lifetime);
    if (event.expired && !this.canHandleExpired && this.disconnectOnExpired) throw mysqlError('ER_MUST_CHANGE_PASSWORD_LOGIN');
    event.outcome = event.expired ? 'sandbox' : 'ok';
    return { account: final, sandboxed: event.expired !== null };
  }

  /** The error a failed decision ends with: always fatal (anything but a MySqlError is a bad handshake). */
  failed(err: unknown): MySqlError {
    const e = err instanceof MySqlError ? err : mysqlError('ER_HANDSHAKE_ERROR');
    e.fatal = true;
    this.event.code = e.code;
    return e;
  }

  log(): void {
    const { logger } = this.server;
    if (logger.isLevelEnabled('info')) logger.info({ event: 'auth', ...this.event }, authSummary(this.event));
  }
}

/**
 * 5.6 secure_auth(): while it is ON (the default) no pre-4.1 scramble is
 * accepted: 1275 for 4.1+ clients, 1251 for older ones.
 */
function refuseOldPasswordUnderSecureAuth(attempt: LoginAttempt, server: AuthServer): void {
  if (!isOn(server.variables.globalOr('secure_auth', 'ON'))) return;
  if (!hasCapability(attempt.capabilities, Capability.PROTOCOL_41)) throw mysqlError('ER_NOT_SUPPORTED_AUTH_MODE');
  throw mysqlError('ER_SERVER_IS_IN_SECURE_AUTH_MODE', attempt.username, attempt.client.host);
}

/**
 * MariaDB's find_mpvio_user(): once an account's consecutive wrong passwords
 * reach max_password_errors, every login to it gets 4150 before any password
 * is checked, the right one included. ignore_max_password_errors() exempts
 * accounts with SUPER or CONNECTION ADMIN whose host is localhost, 127.0.0.1 or ::1.
 */
function refuseBlockedAccount(account: Account, server: AuthServer, event: AuthEvent): void {
  if (server.profile.passwordErrorLock !== 'max-password-errors') return;
  const max = Number(server.variables.get('max_password_errors', 'global') ?? 4294967295);
  if (!server.accounts.loginLocks.isBlocked(account, max)) return;
  event.failedLogins = server.accounts.loginLocks.snapshot(account).failedLogins;
  const admin = hasGlobalPrivilege(account, 'SUPER') || hasGlobalPrivilege(account, 'CONNECTION ADMIN');
  const local = ['localhost', '127.0.0.1', '::1'].includes(account.host.toLowerCase());
  if (!(admin && local)) throw mysqlError('ER_USER_IS_BLOCKED');
}

/**
 * check_and_update_password_lock_state(), after the plugin, for right and
 * wrong passwords alike. Only an existing account's wrong password counts
 * (unknown users get here without an account; network errors never do).
 *
 * MySQL (FAILED_LOGIN_ATTEMPTS and PASSWORD_LOCK_TIME both non-zero): a
 * correct password before the lock resets the count; the failure that
 * reaches the limit starts the lock and is already answered with 3955, as is
 * every attempt until PASSWORD_LOCK_TIME calendar days have passed.
 *
 * MariaDB (handle_password_errors): a wrong password counts when the client
 * sent one ("using password: YES"); a correct one clears the count. The
 * attempt itself still gets 1045; the block is refuseBlockedAccount().
 */
function checkAndUpdatePasswordLockState(
  account: Account,
  passwordOk: boolean,
  usedPassword: boolean,
  attempt: LoginAttempt,
  server: AuthServer,
  event: AuthEvent,
): void {
  const locks = server.accounts.loginLocks;
  if (server.profile.passwordErrorLock !== 'max-password-errors' && !tracksFailedLogins(account)) return;
  const utcOffset = timeZoneOffsetMinutes(String(server.variables.get('time_zone', 'global') ?? 'SYSTEM'));
  const record = (): void => {
    const { failedLogins, lockedUntil } = locks.snapshot(account, utcOffset);
    event.failedLogins = failedLogins;
    event.lockedUntil = typeof lockedUntil === 'number' ? new Date(lockedUntil).toISOString() : lockedUntil;
  };
  if (server.profile.passwordErrorLock === 'max-password-errors') {
    if (usedPassword && passwordOk) locks.clearPasswordErrors(account);
    else if (usedPassword) locks.countPasswordError(account);
    record();
    return;
  }
  if (!tracksFailedLogins(account)) return;
  const lock = locks.update(account, passwordOk, server.clock.now(), utcOffset);
  record();
  if (!lock) return;
  throw mysqlError(
    'ER_USER_ACCESS_DENIED_FOR_USER_ACCOUNT_BLOCKED_BY_PASSWORD_LOCK',
    account.user,
    attempt.client.host,
    lock.lockDays > 0 ? String(lock.lockDays) : 'unlimited',
    lock.remainingDays !== null && lock.remainingDays > 0 ? String(lock.remainingDays) : 'unlimited',
    lock.failedLoginAttempts,
  );
}

/**
 * The client's response for the account's plugin: the handshake's own when
 * the client already used that plugin, otherwise what it answers to an auth
 * switch (MySQL's plugin negotiation, mysql-behaviour.md §2.5).
 */
function responseForPlugin(attempt: LoginAttempt, plugin: AuthPlugin, server: AuthServer, event: AuthEvent): Buffer | Promise<Buffer> {
  const { wire, capabilities } = attempt;
  if (attempt.clientPlugin === plugin.clientName) return attempt.response;
  if (plugin.name === 'mysql_old_password' && attempt.clientPlugin === 'mysql_native_password') {
    // 5.6 send_plugin_request_packet(): from the long to the short scramble, with or without PLUGIN_AUTH.
    refuseOldPasswordUnderSecureAuth(attempt, server);
    event.switched = true;
    return wire.exchange(writeOldAuthSwitchRequest());
  }
  if (!hasCapability(capabilities, Capability.PLUGIN_AUTH)) {
    if (plugin.name !== 'mysql_native_password') throw mysqlError('ER_NOT_SUPPORTED_AUTH_MODE');
    return attempt.response;
  }
  event.switched = true;
  return wire.exchange(writeAuthSwitchRequest(plugin.clientName, plugin.initialData(attempt.scramble))).then((response) => {
    // old_password_authenticate() checks secure_auth once a password arrives.
    if (plugin.name === 'mysql_old_password' && response.some((b) => b !== 0)) refuseOldPasswordUnderSecureAuth(attempt, server);
    return response;
  });
}

function authSummary(e: AuthEvent): string {
  const who = `'${e.user}'@'${e.host}'`;
  if (e.outcome === 'ok') return `login ${who} accepted (${e.plugin}${e.path ? ', ' + e.path : ''})`;
  if (e.outcome === 'sandbox') {
    return `login ${who} accepted in sandbox mode: password expired (${e.expired}); client ${
      e.canHandleExpired ? 'can handle expired passwords' : 'lacks CAN_HANDLE_EXPIRED_PASSWORDS but disconnect_on_expired_password is OFF'
    }`;
  }
  if (e.code === 3955) {
    return `login ${who} refused with 3955: blocked after ${e.failedLogins} consecutive failed logins until ${e.lockedUntil}`;
  }
  if (e.code === 4150) return `login ${who} refused with 4150: too many password errors (max_password_errors)`;
  if (e.code === 3159) return `login ${who} refused with 3159: require_secure_transport is ON and the connection is not TLS`;
  if (e.code === 1045 && e.tlsRequirementMet === false) {
    return `login ${who} refused with 1045: the account requires ${e.tlsRequired} and the connection ${e.tls ? 'does not meet it' : 'is not TLS'}`;
  }
  if (e.code === 1862) {
    return `login ${who} refused with 1862: password expired (${e.expired}), client lacks CAN_HANDLE_EXPIRED_PASSWORDS and disconnect_on_expired_password is ON`;
  }
  return `login ${who} refused with ${e.code}`;
}
