/**
 * A small in-process server instance (from the composition root) and a
 * Session for SQL-layer unit tests: a frozen clock, no accounts, and
 * `run(sql)` through the session pipeline.
 */
import { pino } from 'pino';
import type { ProfileName } from '../../src/config/profiles.js';
import type { MySqlError } from '../../src/errors/mysql-error.js';
import { createInstance, type Instance } from '../../src/server/instance.js';
import { runQuery } from '../../src/session/pipeline.js';
import { Session } from '../../src/session/session.js';
import type { AccountStatementHandlers, ExecContext } from '../../src/sql/exec/execute.js';
import { type StatementOutcome, type RowsResult, type StatementResult } from '../../src/wire/result.js';

/** 2026-01-15 10:00:00 UTC. */
export const FAKE_NOW = Date.UTC(2026, 0, 15, 10, 0, 0);

export interface FakeOptions {
  profile?: ProfileName;
  variables?: Record<string, string | number | boolean>;
  database?: string | null;
  handlers?: AccountStatementHandlers;
}

export function fakeContext(opts: FakeOptions = {}): ExecContext & { server: Instance; run: (sql: string, multi?: boolean) => Promise<StatementOutcome[]> } {
  const server = createInstance(
    { profile: opts.profile ?? 'mysql-8.4', variables: opts.variables ?? {}, logger: pino({ level: 'silent' }) },
    { now: () => FAKE_NOW },
  );
  server.databases.add('appdb');
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
  server.sessions.add(session);
  const ctx: ExecContext & { server: Instance } = { session, server };
  if (opts.handlers) ctx.accountHandlers = opts.handlers;
  return { ...ctx, run: async (sql, multi = false) => runQuery(sql, ctx, multi) };
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
