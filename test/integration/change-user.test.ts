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

describe('COM_CHANGE_USER auth exchange', () => {
  it("each read waits the session's net_read_timeout (as MySQL's do_command() sets it), not connect_timeout", async () => {
    const { RawClient } = await import('../helpers/raw-client.js');
    em = await startTestEmulator({ skipNameResolve: true });
    await em.sql("CREATE USER 'cu'@'%' IDENTIFIED BY 'Cu-Pass1'");
    await em.sql("CREATE USER 'first'@'%' IDENTIFIED BY 'First-Pass1'");
    const raw = await RawClient.open(em.port);
    try {
      expect((await raw.loginCachingSha2('first', 'First-Pass1')).reply?.payload[0]).toBe(0x00);
      raw.send(Buffer.concat([Buffer.from([0x03]), Buffer.from('SET SESSION net_read_timeout = 1')]), 0);
      expect((await raw.read())?.payload[0]).toBe(0x00);
      // COM_CHANGE_USER naming a client plugin the account does not use: the server switches plugins and waits.
      raw.send(Buffer.concat([Buffer.from([0x11]), Buffer.from('cu\0'), Buffer.from([0]), Buffer.from('\0'), Buffer.from([0xff, 0x00]), Buffer.from('client_ed25519\0')]), 0);
      const started = Date.now();
      expect((await raw.read())?.payload[0]).toBe(0xfe);
      // No answer to the AuthSwitchRequest: given up after about 1 s (connect_timeout is 10 s), and the connection closed.
      const after = await raw.read(8000);
      const waited = Date.now() - started;
      if (after) expect(after.payload[0]).toBe(0xff);
      expect(await raw.read(1000)).toBeNull();
      expect(waited).toBeGreaterThan(800);
      expect(waited).toBeLessThan(5000);
    } finally {
      raw.close();
    }
  });
});
