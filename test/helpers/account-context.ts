/**
 * A small in-process server state and sessions for the account executors'
 * unit tests, with a fixed clock, root@localhost holding every privilege,
 * and `run(sql)` through the real SQL layer (executeSql) with the account handlers.
 */
import { pino } from 'pino';
import { DYNAMIC_PRIVILEGES, STATIC_PRIVILEGES, type Account } from '../../src/accounts/account.js';
import { AccountStore } from '../../src/accounts/store.js';
import { registerAccountTables } from '../../src/sql/catalog/grant-tables.js';
import { hashPassword } from '../../src/accounts/hash-password.js';
import { defaultEnabledPlugins } from '../../src/auth/plugins.js';
import { createClock } from '../../src/clock.js';
import { getProfile, type ProfileName } from '../../src/config/profiles.js';
import { SystemVariables } from '../../src/config/variables.js';
import type { ServerState } from '../../src/server/state.js';
import { Session } from '../../src/session/session.js';
import { accountHandlers } from '../../src/sql/statements/handlers.js';
import { executeSql } from '../../src/sql/exec/execute.js';
import type { RowsResult, StatementResult } from '../../src/wire/result.js';

/** 2026-01-15 10:00:00 UTC. */
export const START = Date.UTC(2026, 0, 15, 10, 0, 0);
export const ROOT_PASSWORD = 'rootpw';

export function grantAll(account: Account): void {
  for (const p of STATIC_PRIVILEGES) account.globalPrivileges.add(p);
  for (const p of DYNAMIC_PRIVILEGES) account.dynamicPrivileges.set(p, true);
  account.globalGrantOption = true;
}

export function testServer(profileName: ProfileName = 'mysql-8.4', variables: Record<string, string | number | boolean> = {}): ServerState {
  const profile = getProfile(profileName);
  const clock = createClock(0, () => START);
  const server: ServerState = {
    profile,
    clock,
    variables: new SystemVariables(profile, variables),
    accounts: new AccountStore(clock),
    databases: new Set(['information_schema', 'mysql', 'performance_schema', 'sys']),
    logger: pino({ level: 'silent' }),
    sessions: new Map(),
    // As if started with --mysql-native-password=ON, so native accounts can be exercised on 8.4 too.
    authPlugins: new Set([...defaultEnabledPlugins(profile), 'mysql_native_password']),
  };
  registerAccountTables(server);
  const plugin = profile.defaultAuthPlugin;
  grantAll(server.accounts.create('root', 'localhost', plugin, hashPassword(plugin, ROOT_PASSWORD)));
  return server;
}

let nextId = 1;

export interface TestContext {
  server: ServerState;
  session: Session;
}

/** A session logged in as the account `user`@`host` (from client host 'clienthost'). */
export function login(server: ServerState, user: string, host: string, sandboxed = false): TestContext {
  const session = new Session({
    id: nextId++,
    user,
    clientHost: 'clienthost',
    accountUser: user,
    accountHost: host,
    secure: false,
    capabilities: 0,
  });
  session.sandboxed = sandboxed;
  server.sessions.set(session.id, session);
  return { server, session };
}

/** Runs SQL through the SQL layer with the account handlers; the last statement's MySQL error is thrown. */
export async function run(ctx: TestContext, sql: string): Promise<StatementResult> {
  const outcomes = await executeSql(sql, { ...ctx, accountHandlers }, { multiStatements: true });
  const last = outcomes[outcomes.length - 1]!;
  if ('error' in last) throw last.error;
  return last.result;
}

export async function rows(ctx: TestContext, sql: string): Promise<RowsResult['rows']> {
  const result = await run(ctx, sql);
  if (result.kind !== 'rows') throw new Error(`expected rows from ${sql}`);
  return result.rows;
}

/** The MySQL error code `sql` fails with (throws if it succeeds). */
export async function errorOf(ctx: TestContext, sql: string): Promise<{ code: number; message: string }> {
  try {
    await run(ctx, sql);
  } catch (err) {
    const e = err as { code?: number; message: string };
    if (typeof e.code !== 'number') throw err;
    return { code: e.code, message: e.message };
  }
  throw new Error(`expected an error from ${sql}`);
}
