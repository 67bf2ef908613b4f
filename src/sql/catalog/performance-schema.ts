/**
 * performance_schema's live tables, from the server's state: status and
 * system variables (global_status, session_status, global_variables,
 * session_variables, variables_info, variables_by_thread), the open
 * sessions (threads, processlist, accounts, users, hosts,
 * session_connect_attrs, session_account_connect_attrs) and the sessions'
 * user variables (user_variables_by_thread). Every other
 * performance_schema table is empty. With performance_schema=OFF
 * (MariaDB's default) every table is empty, as on the real server.
 */
import type { SqlValue } from '../../wire/result.js';
import type { SqlSession, TableContext } from '../context.js';
import type { RowRecord, TableRegistry } from './registry.js';
import { visibleSessions } from './information-schema.js';

const PERFORMANCE_SCHEMA = 'performance_schema';

/**
 * performance_schema's THREAD_ID of a connection: MySQL numbers its
 * background threads first, so a fresh 8.x server's first connection
 * (PROCESSLIST_ID 8) is thread 47 or so. The offset is inferred; what
 * matters to tools is that threads.PROCESSLIST_ID maps to it.
 */
export const THREAD_ID_OFFSET = 39;

export function threadIdOf(session: SqlSession): number {
  return session.id + THREAD_ID_OFFSET;
}

function enabled(ctx: TableContext): boolean {
  const v = ctx.server.variables.definition('performance_schema') ? ctx.server.variables.get('performance_schema', 'global') : 1;
  return v === 1 || v === 'ON' || v === '1';
}

/** A user variable's value as performance_schema stores it (LONGBLOB bytes). */
function variableBytes(value: SqlValue): Buffer | null {
  if (value === null) return null;
  if (Buffer.isBuffer(value)) return value;
  return Buffer.from(String(value), 'utf8');
}

function sessionAccountKey(s: SqlSession): string {
  return `${s.accountUser}@${s.accountHost.toLowerCase()}`;
}

/** The sessions grouped by a key (accounts: USER and HOST; users: USER; hosts: HOST). */
function connectionsBy(sessions: readonly SqlSession[], keyOf: (s: SqlSession) => RowRecord): RowRecord[] {
  const groups = new Map<string, { record: RowRecord; count: number }>();
  for (const s of sessions) {
    const record = keyOf(s);
    const k = JSON.stringify(record);
    const g = groups.get(k) ?? { record, count: 0 };
    g.count++;
    groups.set(k, g);
  }
  return [...groups.values()].map(({ record, count }) => ({
    ...record,
    CURRENT_CONNECTIONS: count,
    TOTAL_CONNECTIONS: count,
    MAX_SESSION_CONTROLLED_MEMORY: 0,
    MAX_SESSION_TOTAL_MEMORY: 0,
  }));
}

/** Registers performance_schema's live tables (sources only: nothing runs until read). */
export function registerPerformanceSchema(registry: TableRegistry): void {
  const ps = (name: string, records: (ctx: TableContext) => readonly RowRecord[]) =>
    registry.registerRecords({ schema: PERFORMANCE_SCHEMA, name, records: (ctx) => (enabled(ctx) ? records(ctx) : []) });
  const live = (ctx: TableContext) => ({ threadsConnected: ctx.server.sessions.size });

  ps('global_status', (ctx) => ctx.server.status.list('global', live(ctx)).map((v) => ({ VARIABLE_NAME: v.name, VARIABLE_VALUE: v.value })));
  ps('session_status', (ctx) => ctx.server.status.list('session', live(ctx), ctx.session).map((v) => ({ VARIABLE_NAME: v.name, VARIABLE_VALUE: v.value })));
  ps('global_variables', (ctx) => ctx.server.variables.list('global').map((v) => ({ VARIABLE_NAME: v.name, VARIABLE_VALUE: v.value })));
  ps('session_variables', (ctx) => ctx.server.variables.list('session', ctx.session).map((v) => ({ VARIABLE_NAME: v.name, VARIABLE_VALUE: v.value })));
  ps('status_by_thread', (ctx) =>
    visibleSessions(ctx).flatMap((s) =>
      ctx.server.status.byThread(live(ctx), s).map((v) => ({ THREAD_ID: threadIdOf(s), VARIABLE_NAME: v.name, VARIABLE_VALUE: v.value })),
    ),
  );
  ps('variables_by_thread', (ctx) =>
    visibleSessions(ctx).flatMap((s) =>
      ctx.server.variables
        .list('session', s)
        .filter((v) => ctx.server.variables.definition(v.name)?.scope !== 'global')
        .map((v) => ({ THREAD_ID: threadIdOf(s), VARIABLE_NAME: v.name, VARIABLE_VALUE: v.value })),
    ),
  );
  ps('variables_info', (ctx) =>
    ctx.server.variables.list('global').map((v) => {
      const def = ctx.server.variables.definition(v.name);
      const changed = def !== undefined && def.scope !== 'session' && ctx.server.variables.get(v.name, 'global') !== def.default;
      return {
        VARIABLE_NAME: v.name,
        VARIABLE_SOURCE: changed ? 'DYNAMIC' : 'COMPILED',
        VARIABLE_PATH: '',
        MIN_VALUE: def?.min !== undefined ? String(def.min) : '0',
        MAX_VALUE: def?.max !== undefined ? String(def.max) : '0',
        SET_TIME: null,
        SET_USER: null,
        SET_HOST: null,
      };
    }),
  );
  ps('user_variables_by_thread', (ctx) =>
    visibleSessions(ctx).flatMap((s) =>
      [...s.userVariables.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, value]) => ({ THREAD_ID: threadIdOf(s), VARIABLE_NAME: name, VARIABLE_VALUE: variableBytes(value) })),
    ),
  );
  ps('threads', (ctx) =>
    visibleSessions(ctx).map((s) => ({
      THREAD_ID: threadIdOf(s),
      NAME: 'thread/sql/one_connection',
      TYPE: 'FOREGROUND',
      PROCESSLIST_ID: s.id,
      PROCESSLIST_USER: s.user,
      PROCESSLIST_HOST: s.clientHost,
      PROCESSLIST_DB: s.database,
      PROCESSLIST_COMMAND: s === ctx.session ? 'Query' : 'Sleep',
      PROCESSLIST_TIME: 0,
      PROCESSLIST_STATE: s === ctx.session ? 'executing' : null,
      PROCESSLIST_INFO: null,
      PARENT_THREAD_ID: 1,
      ROLE: null,
      INSTRUMENTED: 'YES',
      HISTORY: 'YES',
      CONNECTION_TYPE: s.secure ? 'SSL/TLS' : 'TCP/IP',
      THREAD_OS_ID: null,
      RESOURCE_GROUP: 'USR_default',
      EXECUTION_ENGINE: 'PRIMARY',
      CONTROLLED_MEMORY: 0,
      MAX_CONTROLLED_MEMORY: 0,
      TOTAL_MEMORY: 0,
      MAX_TOTAL_MEMORY: 0,
      TELEMETRY_ACTIVE: 'NO',
    })),
  );
  ps('processlist', (ctx) =>
    visibleSessions(ctx).map((s) => ({
      ID: s.id,
      USER: s.user,
      HOST: s.clientHost,
      DB: s.database,
      COMMAND: s === ctx.session ? 'Query' : 'Sleep',
      TIME: 0,
      STATE: s === ctx.session ? 'executing' : '',
      INFO: null,
      EXECUTION_ENGINE: 'PRIMARY',
    })),
  );
  const sessions = (ctx: TableContext) => [...ctx.server.sessions.values()];
  ps('accounts', (ctx) => connectionsBy(sessions(ctx), (s) => ({ USER: s.user, HOST: s.clientHost })));
  ps('users', (ctx) => connectionsBy(sessions(ctx), (s) => ({ USER: s.user })));
  ps('hosts', (ctx) => connectionsBy(sessions(ctx), (s) => ({ HOST: s.clientHost })));
  const attributes = (list: readonly SqlSession[]) =>
    list.flatMap((s) => Object.entries(s.attributes).map(([name, value], i) => ({ PROCESSLIST_ID: s.id, ATTR_NAME: name, ATTR_VALUE: value, ORDINAL_POSITION: i })));
  ps('session_connect_attrs', (ctx) => attributes(sessions(ctx)));
  ps('session_account_connect_attrs', (ctx) => attributes(sessions(ctx).filter((s) => sessionAccountKey(s) === sessionAccountKey(ctx.session))));
}
