/**
 * Per-account resource limits and the connection kept above
 * max_connections, with mysql2 over TCP: MAX_USER_CONNECTIONS (1226), the
 * global max_user_connections (1203), MAX_CONNECTIONS_PER_HOUR,
 * MAX_QUERIES_PER_HOUR and MAX_UPDATES_PER_HOUR (1226, an hour on the
 * emulator's clock, FLUSH USER_RESOURCES), and max_connections + 1 kept for
 * SUPER / CONNECTION_ADMIN (1040). MySQL: sql_connect.cc,
 * sql_authentication.cc check_restrictions_for_com_connect_command().
 */
import mysql from 'mysql2/promise';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator } from '../helpers/emulator.js';

type TestEmulator = Awaited<ReturnType<typeof startTestEmulator>>;
const HOUR_MS = 3_600_000;

interface Refusal {
  errno: number;
  sqlState: string;
  sqlMessage: string;
}

const open: mysql.Connection[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.end().catch(() => undefined)));
});

async function connect(em: TestEmulator, user: string, password: string): Promise<mysql.Connection> {
  const conn = await mysql.createConnection({ host: em.host, port: em.port, user, password });
  open.push(conn);
  return conn;
}

/** The login's refusal, or null when it was let in (the connection is kept open). */
async function refusal(em: TestEmulator, user: string, password: string): Promise<Refusal | null> {
  try {
    await connect(em, user, password);
    return null;
  } catch (err) {
    const { errno, sqlState, sqlMessage } = err as Refusal;
    return { errno, sqlState, sqlMessage };
  }
}

async function queryError(conn: mysql.Connection, sql: string): Promise<Refusal | null> {
  try {
    await conn.query(sql);
    return null;
  } catch (err) {
    const { errno, sqlState, sqlMessage } = err as Refusal;
    return { errno, sqlState, sqlMessage };
  }
}

const limitReached = (user: string, resource: string, value: number): Refusal => ({
  errno: 1226,
  sqlState: '42000',
  sqlMessage: `User '${user}' has exceeded the '${resource}' resource (current value: ${value})`,
});

describe('per-account limits', () => {
  let em: TestEmulator;
  beforeAll(async () => {
    em = await startTestEmulator();
  });
  afterAll(() => em.close());

  it('MAX_USER_CONNECTIONS 1: a second session gets 1226; once the first closes the account may log in again', async () => {
    await em.sql("CREATE USER 'solo'@'%' IDENTIFIED BY 'Solo-Pass1' WITH MAX_USER_CONNECTIONS 1");
    const first = await connect(em, 'solo', 'Solo-Pass1');
    expect(await refusal(em, 'solo', 'Solo-Pass1')).toEqual(limitReached('solo', 'max_user_connections', 1));
    await first.end();
    open.splice(open.indexOf(first), 1);
    await new Promise((r) => setTimeout(r, 50));
    expect(await refusal(em, 'solo', 'Solo-Pass1')).toBeNull();
  });

  it('a wrong password is 1045 before any limit', async () => {
    await em.sql("CREATE USER 'solo2'@'%' IDENTIFIED BY 'Solo-Pass1' WITH MAX_USER_CONNECTIONS 1");
    await connect(em, 'solo2', 'Solo-Pass1');
    expect((await refusal(em, 'solo2', 'wrong'))?.errno).toBe(1045);
  });

  it('the global max_user_connections: 1203 for accounts without a limit of their own; MAX_USER_CONNECTIONS overrides it', async () => {
    await em.sql("CREATE USER 'plain'@'%' IDENTIFIED BY 'Plain-Pass1'");
    await em.sql("CREATE USER 'roomy'@'%' IDENTIFIED BY 'Roomy-Pass1' WITH MAX_USER_CONNECTIONS 3");
    await em.sql('SET GLOBAL max_user_connections = 2');
    try {
      await connect(em, 'plain', 'Plain-Pass1');
      await connect(em, 'plain', 'Plain-Pass1');
      expect(await refusal(em, 'plain', 'Plain-Pass1')).toEqual({
        errno: 1203,
        sqlState: '42000',
        sqlMessage: "User plain already has more than 'max_user_connections' active connections",
      });
      for (let i = 0; i < 3; i++) expect(await refusal(em, 'roomy', 'Roomy-Pass1')).toBeNull();
      expect(await refusal(em, 'roomy', 'Roomy-Pass1')).toEqual(limitReached('roomy', 'max_user_connections', 3));
    } finally {
      await em.sql('SET GLOBAL max_user_connections = 0');
    }
  });

  it('MAX_CONNECTIONS_PER_HOUR 2: the third login within the hour gets 1226, the next hour starts over', async () => {
    await em.sql("CREATE USER 'hourly'@'%' IDENTIFIED BY 'Hourly-Pass1' WITH MAX_CONNECTIONS_PER_HOUR 2");
    for (let i = 0; i < 2; i++) await (await connect(em, 'hourly', 'Hourly-Pass1')).end();
    expect(await refusal(em, 'hourly', 'Hourly-Pass1')).toEqual(limitReached('hourly', 'max_connections_per_hour', 2));
    em.clock.advance(HOUR_MS);
    expect(await refusal(em, 'hourly', 'Hourly-Pass1')).toBeNull();
  });

  it('MAX_QUERIES_PER_HOUR 3: the fourth statement gets 1226 and the session goes on; FLUSH USER_RESOURCES starts over', async () => {
    await em.sql("CREATE USER 'chatty'@'%' IDENTIFIED BY 'Chatty-Pass1' WITH MAX_QUERIES_PER_HOUR 3");
    const conn = await connect(em, 'chatty', 'Chatty-Pass1');
    for (let i = 0; i < 3; i++) expect(await queryError(conn, 'SELECT 1')).toBeNull();
    expect(await queryError(conn, 'SELECT 1')).toEqual(limitReached('chatty', 'max_questions', 3));
    expect(await queryError(conn, 'SELECT 1')).toEqual(limitReached('chatty', 'max_questions', 3));
    await em.sql('FLUSH USER_RESOURCES');
    expect(await queryError(conn, 'SELECT 1')).toBeNull();
  });

  it('MAX_UPDATES_PER_HOUR 1: only statements that change data count; ALTER USER ... WITH resets the account', async () => {
    await em.sql("CREATE USER 'writer'@'%' IDENTIFIED BY 'Writer-Pass1' WITH MAX_UPDATES_PER_HOUR 1");
    await em.sql('GRANT CREATE ON *.* TO writer@`%`');
    const conn = await connect(em, 'writer', 'Writer-Pass1');
    expect(await queryError(conn, 'SELECT 1')).toBeNull();
    expect(await queryError(conn, 'CREATE DATABASE w1')).toBeNull();
    expect(await queryError(conn, 'SELECT 2')).toBeNull();
    expect(await queryError(conn, 'CREATE DATABASE w2')).toEqual(limitReached('writer', 'max_updates', 1));
    await em.sql("ALTER USER 'writer'@'%' WITH MAX_UPDATES_PER_HOUR 2");
    expect(await queryError(conn, 'CREATE DATABASE w2')).toBeNull();
  });
});

describe('max_connections + 1 is kept for SUPER or CONNECTION_ADMIN', () => {
  let em: TestEmulator;
  beforeAll(async () => {
    em = await startTestEmulator({ variables: { max_connections: 2 }, rootPassword: 'root-pw' });
    await em.sql("CREATE USER 'plain'@'%' IDENTIFIED BY 'Plain-Pass1'");
    await em.sql("CREATE USER 'admin'@'%' IDENTIFIED BY 'Admin-Pass1'");
    await em.sql("GRANT CONNECTION_ADMIN ON *.* TO 'admin'@'%'");
  });
  afterAll(() => em.close());

  it('a plain account as the third connection gets 1040 after its password; an admin gets in; a fourth is refused at connect', async () => {
    await connect(em, 'plain', 'Plain-Pass1');
    await connect(em, 'plain', 'Plain-Pass1');
    expect(await refusal(em, 'plain', 'Plain-Pass1')).toEqual({ errno: 1040, sqlState: '08004', sqlMessage: 'Too many connections' });
    await new Promise((r) => setTimeout(r, 50));
    expect(await refusal(em, 'admin', 'Admin-Pass1')).toBeNull();
    expect((await refusal(em, 'root', 'root-pw'))?.errno).toBe(1040);
    expect(em.server.state.status.get('Connection_errors_max_connections')).toBe(2);
  });
});

describe('MariaDB: max_user_connections is tracked only when set at startup', () => {
  it('started with 0, SET GLOBAL max_user_connections is 1290', async () => {
    const em = await startTestEmulator({ profile: 'mariadb-10.11', rootPassword: 'root-pw' });
    try {
      const root = await connect(em, 'root', 'root-pw');
      expect(await queryError(root, 'SET GLOBAL max_user_connections = 1')).toEqual({
        errno: 1290,
        sqlState: 'HY000',
        sqlMessage: 'The MariaDB server is running with the --max-user-connections=0 option so it cannot execute this statement',
      });
    } finally {
      await em.close();
    }
  });

  it('started with 1: a second session of an account gets 1203, and SET GLOBAL may change it', async () => {
    const em = await startTestEmulator({ profile: 'mariadb-10.11', variables: { max_user_connections: 1 } });
    try {
      await em.sql("CREATE USER 'p'@'%' IDENTIFIED BY 'x'");
      await connect(em, 'p', 'x');
      expect((await refusal(em, 'p', 'x'))?.errno).toBe(1203);
      await em.sql('SET GLOBAL max_user_connections = 2');
      expect(await refusal(em, 'p', 'x')).toBeNull();
    } finally {
      await em.close();
    }
  });
});

describe('MariaDB names the statement limits by their option', () => {
  it("1226 says 'max_queries_per_hour' and 'max_updates_per_hour'", async () => {
    const em = await startTestEmulator({ profile: 'mariadb-10.11' });
    try {
      await em.sql("CREATE USER 'q'@'%' IDENTIFIED BY 'x' WITH MAX_QUERIES_PER_HOUR 1");
      await em.sql("CREATE USER 'u'@'%' IDENTIFIED BY 'x' WITH MAX_UPDATES_PER_HOUR 1");
      await em.sql("GRANT CREATE ON *.* TO 'u'@'%'");
      const q = await connect(em, 'q', 'x');
      expect(await queryError(q, 'SELECT 1')).toBeNull();
      expect(await queryError(q, 'SELECT 1')).toEqual(limitReached('q', 'max_queries_per_hour', 1));
      const u = await connect(em, 'u', 'x');
      expect(await queryError(u, 'CREATE DATABASE u1')).toBeNull();
      expect(await queryError(u, 'CREATE DATABASE u2')).toEqual(limitReached('u', 'max_updates_per_hour', 1));
    } finally {
      await em.close();
    }
  });
});

describe('wait_timeout', () => {
  it('MySQL 8.4: an idle session gets 4031 and is closed; interactive clients get interactive_timeout', async () => {
    const em = await startTestEmulator({ variables: { interactive_timeout: 7 } });
    try {
      await em.sql("CREATE USER 'idle'@'%' IDENTIFIED BY 'Idle-Pass1'");
      const conn = await connect(em, 'idle', 'Idle-Pass1');
      await conn.query('SET SESSION wait_timeout = 1');
      // mysql2 reports the unsolicited ERR as a fatal error: its code and message.
      const err = await new Promise<{ code?: unknown; fatal?: boolean; message: string }>((resolve) => conn.on('error', resolve));
      expect({ code: err.code, fatal: err.fatal, message: err.message }).toEqual({
        code: 4031,
        fatal: true,
        message: 'The client was disconnected by the server because of inactivity. See wait_timeout and interactive_timeout for configuring this behavior.',
      });
      const interactive = await mysql.createConnection({ host: em.host, port: em.port, user: 'idle', password: 'Idle-Pass1', flags: ['INTERACTIVE'] });
      open.push(interactive);
      const [rows] = await interactive.query<mysql.RowDataPacket[]>('SELECT @@session.wait_timeout AS w');
      expect(rows[0]!.w).toBe(7);
    } finally {
      await em.close();
    }
  });

  it('MariaDB closes an idle session without a packet', async () => {
    const em = await startTestEmulator({ profile: 'mariadb-10.11' });
    try {
      await em.sql("CREATE USER 'idle'@'%' IDENTIFIED BY 'x'");
      const conn = await connect(em, 'idle', 'x');
      await conn.query('SET SESSION wait_timeout = 1');
      const err = await new Promise<{ code?: string; errno?: number }>((resolve) => conn.on('error', (e) => resolve(e as { code?: string })));
      expect(err.errno).toBeUndefined();
      expect(err.code).toBe('PROTOCOL_CONNECTION_LOST');
    } finally {
      await em.close();
    }
  });
});

describe('max_prepared_stmt_count', () => {
  it('counts every session\'s statements: 1461 past the limit; COM_STMT_CLOSE and the end of a session give them back', async () => {
    const em = await startTestEmulator({ variables: { max_prepared_stmt_count: 2 }, rootPassword: 'root-pw' });
    try {
      const a = await connect(em, 'root', 'root-pw');
      const b = await connect(em, 'root', 'root-pw');
      const first = await a.prepare('SELECT 1');
      await b.prepare('SELECT 2');
      const refused = await a.prepare('SELECT 3').then(
        () => null,
        (err: Refusal) => ({ errno: err.errno, sqlState: err.sqlState, sqlMessage: err.sqlMessage }),
      );
      expect(refused).toEqual({
        errno: 1461,
        sqlState: '42000',
        sqlMessage: "Can't create more than max_prepared_stmt_count statements (current value: 2)",
      });
      expect(em.server.state.status.get('Prepared_stmt_count')).toBe(2);
      first.close();
      await a.prepare('SELECT 4');
      await b.end();
      open.splice(open.indexOf(b), 1);
      await new Promise((r) => setTimeout(r, 50));
      expect(em.server.state.status.get('Prepared_stmt_count')).toBe(1);
      await a.prepare('SELECT 5');
    } finally {
      await em.close();
    }
  });
});
