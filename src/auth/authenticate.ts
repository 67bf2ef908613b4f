import { randomInt } from 'node:crypto';
import type { Account } from '../accounts/account.js';
import { passwordExpiry, type ExpiryReason } from '../accounts/expiry.js';
import type { ClientAddress } from '../accounts/host-match.js';
import { mysqlError, MySqlError } from '../errors/mysql-error.js';
import type { ServerState } from '../server/state.js';
import { Capability, hasCapability } from '../wire/capabilities.js';
import { writeAuthSwitchRequest } from '../wire/packets.js';
import type { AuthPlugin, AuthWire } from './plugin.js';
import { AUTH_PLUGINS, enabledPlugins } from './plugins.js';

export interface LoginAttempt {
  username: string;
  /** The client plugin that produced `response`. */
  clientPlugin: string;
  response: Buffer;
  capabilities: number;
  scramble: Buffer;
  client: ClientAddress;
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
  tls: boolean;
  canHandleExpired: boolean;
  disconnectOnExpiredPassword: boolean;
  expired: ExpiryReason | null;
  secondaryPassword?: boolean;
  outcome: 'ok' | 'sandbox' | 'error';
  code?: number;
}

/** Unknown users get a decoy plugin, chosen at random and remembered (at most 1000), as MySQL does. */
const decoyPlugins = new Map<string, string>();

function decoyPlugin(user: string, host: string, enabled: ReadonlySet<string>): AuthPlugin {
  const key = `${user}@${host}`;
  let name = decoyPlugins.get(key);
  if (!name || !enabled.has(name)) {
    const choices = [...enabled];
    name = choices[randomInt(choices.length)]!;
    if (decoyPlugins.size >= 1000) decoyPlugins.delete(decoyPlugins.keys().next().value!);
    decoyPlugins.set(key, name);
  }
  return AUTH_PLUGINS.get(name)!;
}

/**
 * acl_authenticate() in MySQL's order: run the account's plugin (switching
 * plugins when the client answered with another one), then wrong password
 * (1045), ACCOUNT LOCK (3118), expiry (1862 or sandbox). Returns the account
 * or throws the MySqlError to send, always fatal.
 */
export async function authenticate(attempt: LoginAttempt, server: ServerState): Promise<LoginSuccess> {
  const { username, client, wire, capabilities } = attempt;
  const account = server.accounts.match(username, client) ?? null;
  const enabled = enabledPlugins(server);
  const plugin = (account && AUTH_PLUGINS.get(account.plugin)) || decoyPlugin(username, client.host, enabled);
  const disconnectOnExpired = isOn(server.variables.get('disconnect_on_expired_password', 'global'));
  const canHandleExpired = hasCapability(capabilities, Capability.CAN_HANDLE_EXPIRED_PASSWORDS);
  const event: AuthEvent = {
    user: username,
    host: client.host,
    account: account ? `${account.user}@${account.host}` : null,
    plugin: plugin.name,
    clientPlugin: attempt.clientPlugin,
    switched: false,
    tls: wire.secure,
    canHandleExpired,
    disconnectOnExpiredPassword: disconnectOnExpired,
    expired: null,
    outcome: 'error',
  };
  try {
    if (account && !enabled.has(account.plugin)) throw mysqlError('ER_PLUGIN_IS_NOT_LOADED', account.plugin);
    let response = attempt.response;
    if (attempt.clientPlugin !== plugin.clientName) {
      if (!hasCapability(capabilities, Capability.PLUGIN_AUTH)) {
        if (plugin.name !== 'mysql_native_password') throw mysqlError('ER_NOT_SUPPORTED_AUTH_MODE');
      } else {
        event.switched = true;
        response = await wire.exchange(writeAuthSwitchRequest(plugin.clientName, plugin.initialData(attempt.scramble)));
      }
    }
    const result = await plugin.authenticate({ account, scramble: attempt.scramble, response, wire, store: server.accounts });
    event.path = result.path;
    if (!result.ok || !account) {
      throw mysqlError('ER_ACCESS_DENIED_ERROR', username, client.host, result.usedPassword ? 'YES' : 'NO');
    }
    if (result.usedSecondary) event.secondaryPassword = true;
    if (account.accountLocked) {
      throw server.profile.isMariaDb
        ? mysqlError('ER_ACCOUNT_HAS_BEEN_LOCKED_MARIADB')
        : mysqlError('ER_ACCOUNT_HAS_BEEN_LOCKED', username, client.host);
    }
    const lifetime = Number(server.variables.get('default_password_lifetime', 'global') ?? 0);
    event.expired = passwordExpiry(account, server.clock.now(), lifetime);
    if (event.expired && !canHandleExpired && disconnectOnExpired) throw mysqlError('ER_MUST_CHANGE_PASSWORD_LOGIN');
    event.outcome = event.expired ? 'sandbox' : 'ok';
    return { account, sandboxed: event.expired !== null };
  } catch (err) {
    const e = err instanceof MySqlError ? err : mysqlError('ER_HANDSHAKE_ERROR');
    e.fatal = true;
    event.code = e.code;
    throw e;
  } finally {
    server.logger.info({ event: 'auth', ...event }, authSummary(event));
  }
}

function authSummary(e: AuthEvent): string {
  const who = `'${e.user}'@'${e.host}'`;
  if (e.outcome === 'ok') return `login ${who} accepted (${e.plugin}${e.path ? ', ' + e.path : ''})`;
  if (e.outcome === 'sandbox') {
    return `login ${who} accepted in sandbox mode: password expired (${e.expired}); client ${
      e.canHandleExpired ? 'can handle expired passwords' : 'lacks CAN_HANDLE_EXPIRED_PASSWORDS but disconnect_on_expired_password is OFF'
    }`;
  }
  if (e.code === 1862) {
    return `login ${who} refused with 1862: password expired (${e.expired}), client lacks CAN_HANDLE_EXPIRED_PASSWORDS and disconnect_on_expired_password is ON`;
  }
  return `login ${who} refused with ${e.code}`;
}

/** System variable booleans arrive as 'ON'/'OFF', 1/0 or true/false. */
export function isOn(v: unknown): boolean {
  if (typeof v === 'string') return v.toUpperCase() === 'ON' || v === '1' || v.toUpperCase() === 'TRUE';
  return Boolean(v);
}
