/**
 * An in-process server instance (built by the composition root) and sessions
 * for the account executors' unit tests: a frozen clock, root@localhost
 * holding every privilege, and `run(sql)` through the session pipeline and
 * the real SQL layer.
 */
import { pino } from 'pino';
import { MySqlError } from '../../src/errors/mysql-error.js';
import { DYNAMIC_PRIVILEGES, STATIC_PRIVILEGES, type Account } from '../../src/accounts/account.js';
import { hashPassword } from '../../src/accounts/credentials.js';
import type { ProfileName } from '../../src/config/profiles.js';
import { createInstance, type Instance } from '../../src/server/instance.js';
import { runQuery } from '../../src/session/pipeline.js';
import { Session } from '../../src/session/session.js';
import { accountHandlers } from '../../src/sql/statements/handlers.js';
import type { RowsResult, StatementResult } from '../../src/wire/result.js';

/** 2026-01-15 10:00:00 UTC. */
export const START = Date.UTC(2026, 0, 15, 10, 0, 0);
export const ROOT_PASSWORD = 'rootpw';

export function grantAll(account: Account): void {
  for (const p of STATIC_PRIVILEGES) account.globalPrivileges.add(p);
  for (const p of DYNAMIC_PRIVILEGES) account.dynamicPrivileges.set(p, true);
  account.globalGrantOption = true;
}

export function testServer(profileName: ProfileName = 'mysql-8.4', variables: Record<string, string | number | boolean> = {}): Instance {
  const server = createInstance(
    // As if started with --mysql-native-password=ON, so native accounts can be exercised on 8.4 too.
    { profile: profileName, variables, mysqlNativePassword: true, logger: pino({ level: 'silent' }) },
    { now: () => START },
  );
  const plugin = server.profile.defaultAuthPlugin;
  grantAll(server.accounts.create('root', 'localhost', plugin, hashPassword(plugin, ROOT_PASSWORD)));
  return server;
}

let nextId = 1;

export interface TestContext {
  server: Instance;
  session: Session;
}

/** A session logged in as the account `user`@`host` (from client host 'clienthost'). */
export function login(server: Instance, user: string, host: string, sandboxed = false): TestContext {
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
  server.sessions.add(session);
  return { server, session };
}

/** Runs SQL through the session pipeline with the account handlers; the last statement's MySQL error is thrown. */
export async function run(ctx: TestContext, sql: string): Promise<StatementResult> {
  const outcomes = await runQuery(sql, { ...ctx, accountHandlers }, true);
  const last = outcomes[outcomes.length - 1]!;
  if ('error' in last) throw last.error;
  return last.result;
}

export async function rows(ctx: TestContext, sql: string): Promise<RowsResult['rows']> {
  const result = await run(ctx, sql);
  if (result.kind !== 'rows') throw new Error(`expected rows from ${sql}`);
  return result.rows;
}

/** The MySQL error `sql` fails with, its text as the server's family words it (throws if it succeeds). */
export async function errorOf(ctx: TestContext, sql: string): Promise<{ code: number; message: string }> {
  try {
    await run(ctx, sql);
  } catch (err) {
    if (err instanceof MySqlError) return { code: err.code, message: err.textFor(ctx.server.profile.family) };
    const e = err as { code?: number; message: string };
    if (typeof e.code !== 'number') throw err;
    return { code: e.code, message: e.message };
  }
  throw new Error(`expected an error from ${sql}`);
}
