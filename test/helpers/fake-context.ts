/**
 * A tiny in-process ServerState and Session for SQL-layer unit tests: a
 * fixed clock, no accounts, and `run(sql)` through executeSql.
 */
import { pino } from 'pino';
import type { AccountStore } from '../../src/accounts/store.js';
import { createClock } from '../../src/clock.js';
import { getProfile, type ProfileName } from '../../src/config/profiles.js';
import { SystemVariables } from '../../src/config/variables.js';
import type { MySqlError } from '../../src/errors/mysql-error.js';
import type { ServerState } from '../../src/server/state.js';
import { Session } from '../../src/session/session.js';
import { executeSql, type AccountStatementHandlers, type ExecContext, type StatementOutcome } from '../../src/sql/exec/execute.js';
import type { RowsResult, StatementResult } from '../../src/wire/result.js';

/** 2026-01-15 10:00:00 UTC. */
export const FAKE_NOW = Date.UTC(2026, 0, 15, 10, 0, 0);

export interface FakeOptions {
  profile?: ProfileName;
  variables?: Record<string, string | number | boolean>;
  database?: string | null;
  handlers?: AccountStatementHandlers;
}

export function fakeContext(opts: FakeOptions = {}): ExecContext & { run: (sql: string, multi?: boolean) => Promise<StatementOutcome[]> } {
  const profile = getProfile(opts.profile ?? 'mysql-8.4');
  const server: ServerState = {
    profile,
    clock: createClock(0, () => FAKE_NOW),
    variables: new SystemVariables(profile, opts.variables ?? {}),
    accounts: {} as AccountStore,
    databases: new Set(['information_schema', 'mysql', 'performance_schema', 'sys', 'appdb']),
    logger: pino({ level: 'silent' }),
    sessions: new Map(),
  };
  const session = new Session({
    id: 7,
    user: 'bob',
    clientHost: 'localhost',
    accountUser: 'bob',
    accountHost: '%',
    secure: false,
    capabilities: 0,
    database: opts.database ?? null,
  });
  server.sessions.set(session.id, session);
  const ctx: ExecContext = { session, server };
  if (opts.handlers) ctx.accountHandlers = opts.handlers;
  return { ...ctx, run: (sql, multi = false) => executeSql(sql, ctx, { multiStatements: multi }) };
}

/** Runs one statement and returns its result, failing the test on an error. */
export async function result(ctx: ReturnType<typeof fakeContext>, sql: string): Promise<StatementResult> {
  const [outcome] = await ctx.run(sql);
  if (!outcome) throw new Error('no outcome');
  if ('error' in outcome) throw new Error(`${sql}: ${outcome.error.code} ${outcome.error.message}`);
  return outcome.result;
}

export async function rows(ctx: ReturnType<typeof fakeContext>, sql: string): Promise<RowsResult> {
  const r = await result(ctx, sql);
  if (r.kind !== 'rows') throw new Error(`${sql}: expected rows`);
  return r;
}

/** The single value of a one-row, one-column SELECT. */
export async function scalar(ctx: ReturnType<typeof fakeContext>, sql: string): Promise<unknown> {
  return (await rows(ctx, sql)).rows[0]![0];
}

/** Runs one statement that must fail, and returns its error. */
export async function failure(ctx: ReturnType<typeof fakeContext>, sql: string, multi = false): Promise<MySqlError> {
  const outcomes = await ctx.run(sql, multi);
  const last = outcomes[outcomes.length - 1];
  if (!last || !('error' in last)) throw new Error(`${sql}: expected an error, got ${JSON.stringify(last)}`);
  return last.error;
}
