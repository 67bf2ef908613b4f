/** The accounts a fresh server has, as mysqld --initialize and the official image create them. */
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator } from '../helpers/emulator.js';

type TestEmulator = Awaited<ReturnType<typeof startTestEmulator>>;

describe('bootstrap accounts (mysql-8.4, MYSQL_ROOT_PASSWORD)', () => {
  let em: TestEmulator;
  let conn: mysql.Connection;
  beforeAll(async () => {
    em = await startTestEmulator({ rootPassword: 'rootpw' });
    conn = await mysql.createConnection({ host: em.host, port: em.port, user: 'root', password: 'rootpw' });
  });
  afterAll(async () => {
    await conn.end();
    await em.close();
  });

  it('root@localhost holds every privilege, WITH GRANT OPTION, and PROXY on the anonymous account', async () => {
    const [rows] = await conn.query<mysql.RowDataPacket[]>('SHOW GRANTS');
    const lines = rows.map((r) => Object.values(r)[0] as string);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, RELOAD, SHUTDOWN, .* ON \*\.\* TO `root`@`localhost` WITH GRANT OPTION$/);
    expect(lines[1]).toMatch(/^GRANT ALLOW_NONEXISTENT_DEFINER,APPLICATION_PASSWORD_ADMIN,.*SYSTEM_VARIABLES_ADMIN.* ON \*\.\* TO `root`@`localhost` WITH GRANT OPTION$/);
    expect(lines[2]).toBe('GRANT PROXY ON ``@`` TO `root`@`localhost` WITH GRANT OPTION');
  });

  it("root@'%' (from MYSQL_ROOT_PASSWORD) has no PROXY grant", async () => {
    const [rows] = await conn.query<mysql.RowDataPacket[]>("SHOW GRANTS FOR 'root'@'%'");
    expect(rows.map((r) => Object.values(r)[0] as string).some((l) => l.startsWith('GRANT PROXY'))).toBe(false);
  });

  it('the system accounts exist and are locked', async () => {
    const [rows] = await conn.query<mysql.RowDataPacket[]>(
      "SELECT user, host, plugin, account_locked FROM mysql.user WHERE user LIKE 'mysql.%' ORDER BY user",
    );
    expect(rows).toEqual([
      { user: 'mysql.infoschema', host: 'localhost', plugin: 'caching_sha2_password', account_locked: 'Y' },
      { user: 'mysql.session', host: 'localhost', plugin: 'caching_sha2_password', account_locked: 'Y' },
      { user: 'mysql.sys', host: 'localhost', plugin: 'caching_sha2_password', account_locked: 'Y' },
    ]);
  });

  it("the system accounts carry mysqld --initialize's grants, without the grant option", async () => {
    const [rows] = await conn.query<mysql.RowDataPacket[]>("SHOW GRANTS FOR 'mysql.session'@'localhost'");
    expect(rows.map((r) => Object.values(r)[0] as string)).toEqual([
      'GRANT SHUTDOWN, SUPER ON *.* TO `mysql.session`@`localhost`',
      'GRANT AUDIT_ABORT_EXEMPT,AUTHENTICATION_POLICY_ADMIN,BACKUP_ADMIN,CLONE_ADMIN,CONNECTION_ADMIN,FIREWALL_EXEMPT,' +
        'PERSIST_RO_VARIABLES_ADMIN,SESSION_VARIABLES_ADMIN,SYSTEM_USER,SYSTEM_VARIABLES_ADMIN ON *.* TO `mysql.session`@`localhost`',
      'GRANT SELECT ON `performance_schema`.* TO `mysql.session`@`localhost`',
      'GRANT SELECT ON `mysql`.`user` TO `mysql.session`@`localhost`',
    ]);
    const [grants] = await conn.query<mysql.RowDataPacket[]>(
      "SELECT USER, PRIV, WITH_GRANT_OPTION FROM mysql.global_grants WHERE USER = 'mysql.sys' OR (USER = 'root' AND PRIV = 'SYSTEM_USER')",
    );
    expect(grants).toEqual([
      { USER: 'mysql.sys', PRIV: 'AUDIT_ABORT_EXEMPT', WITH_GRANT_OPTION: 'N' },
      { USER: 'mysql.sys', PRIV: 'FIREWALL_EXEMPT', WITH_GRANT_OPTION: 'N' },
      { USER: 'mysql.sys', PRIV: 'SYSTEM_USER', WITH_GRANT_OPTION: 'N' },
      { USER: 'root', PRIV: 'SYSTEM_USER', WITH_GRANT_OPTION: 'Y' },
      { USER: 'root', PRIV: 'SYSTEM_USER', WITH_GRANT_OPTION: 'Y' },
    ]);
  });
});
