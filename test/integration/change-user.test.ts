/**
 * COM_CHANGE_USER that fails, with mysql2 over TCP. MySQL answers 1873
 * ("... Disconnecting.") or the login's own error and closes the connection;
 * MariaDB restores the previous account and the session goes on (checked
 * against a real MariaDB 10.11: 1045 and 4151, then CURRENT_USER() is the
 * previous account).
 */
import mysql from 'mysql2/promise';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestEmulator } from '../helpers/emulator.js';

type TestEmulator = Awaited<ReturnType<typeof startTestEmulator>>;
let em: TestEmulator | undefined;
afterEach(async () => {
  await em?.close();
  em = undefined;
});

async function setup(profile: 'mysql-8.4' | 'mariadb-10.11'): Promise<mysql.Connection> {
  em = await startTestEmulator({ profile, skipNameResolve: true });
  await em.sql("CREATE USER 'first'@'%' IDENTIFIED BY 'First-Pass1'");
  await em.sql("CREATE USER 'cu'@'%' IDENTIFIED BY 'Cu-Pass1'");
  await em.sql("CREATE USER 'lk'@'%' IDENTIFIED BY 'Lk-Pass1' ACCOUNT LOCK");
  return mysql.createConnection({ host: em.host, port: em.port, user: 'first', password: 'First-Pass1' });
}

const currentUser = async (conn: mysql.Connection) => ((await conn.query<mysql.RowDataPacket[]>('SELECT CURRENT_USER() AS u'))[0][0] as { u: string }).u;

describe('a failed COM_CHANGE_USER', () => {
  it('MariaDB: 1045 or 4151, and the session goes on as the previous account', async () => {
    const conn = await setup('mariadb-10.11');
    await expect(conn.changeUser({ user: 'cu', password: 'bad' })).rejects.toMatchObject({
      errno: 1045,
      sqlMessage: "Access denied for user 'cu'@'127.0.0.1' (using password: YES)",
    });
    expect(await currentUser(conn)).toBe('first@%');
    await expect(conn.changeUser({ user: 'lk', password: 'Lk-Pass1' })).rejects.toMatchObject({
      errno: 4151,
      sqlMessage: 'Access denied, this account is locked',
    });
    expect(await currentUser(conn)).toBe('first@%');
    await conn.changeUser({ user: 'cu', password: 'Cu-Pass1' });
    expect(await currentUser(conn)).toBe('cu@%');
    await conn.end();
  });

  it('MySQL 8.4: 1873 for a wrong password, then the connection is closed', async () => {
    const conn = await setup('mysql-8.4');
    await expect(conn.changeUser({ user: 'cu', password: 'bad' })).rejects.toMatchObject({
      errno: 1873,
      sqlMessage: "Access denied trying to change to user 'cu'@'127.0.0.1' (using password: YES). Disconnecting.",
    });
    await expect(conn.query('SELECT 1')).rejects.toThrow();
  });
});
