/**
 * --profile azure-flexible-8.0 / azure-flexible-8.4: Azure Database for
 * MySQL Flexible Server as Microsoft documents it, with mysql2 and the
 * mariadb CLI over TLS: TLS required (3159 over plain TCP) at TLS 1.2, the
 * server admin created at startup with Azure's privilege set and no SUPER,
 * the locked azure_superuser, validate_password off until
 * CALL az_install_validate_password_plugin(), the server parameters Azure
 * sets, and the seed guide's user steps.
 */
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorOptions } from '../../src/index.js';
import { requireCommand } from '../helpers/clients.js';
import { startTestEmulator } from '../helpers/emulator.js';
import { mariadb } from '../helpers/mariadb-cli.js';

type TestEmulator = Awaited<ReturnType<typeof startTestEmulator>>;

const ADMIN = { adminUser: 'myadmin', adminPassword: 'AdminP@ss1' } as const;
const TLS = { rejectUnauthorized: false };
const cli = requireCommand('mariadb', 'apt-get install mariadb-client');

function connect(em: TestEmulator, user: string = ADMIN.adminUser, password: string = ADMIN.adminPassword, tls = true): Promise<mysql.Connection> {
  return mysql.createConnection({ host: em.host, port: em.port, user, password, ...(tls ? { ssl: TLS } : {}) });
}

async function rows(conn: mysql.Connection, sql: string): Promise<Record<string, unknown>[]> {
  const [r] = await conn.query(sql);
  return r as Record<string, unknown>[];
}

/** The error a statement gets, as { errno, message }. */
async function failure(conn: mysql.Connection, sql: string): Promise<{ errno: number; message: string }> {
  try {
    await conn.query(sql);
  } catch (err) {
    const e = err as { errno: number; message: string };
    return { errno: e.errno, message: e.message };
  }
  throw new Error(`${sql} succeeded`);
}

describe.each([
  ['azure-flexible-8.0', '8.0.42'],
  ['azure-flexible-8.4', '8.4.5'],
] as const)('%s', (profile, version) => {
  let em: TestEmulator;
  beforeAll(async () => {
    em = await startTestEmulator({ profile, ...ADMIN });
  });
  afterAll(async () => {
    await em?.close();
  });

  it('is MySQL Community Server at Azure\'s version, with the server parameters Azure sets', async () => {
    const conn = await connect(em);
    expect(await rows(conn, 'SELECT VERSION() AS v, @@version_comment AS c, @@tls_version AS t, @@require_secure_transport AS r, @@lower_case_table_names AS l')).toEqual([
      { v: version, c: 'MySQL Community Server - GPL', t: 'TLSv1.2', r: 1, l: 1 },
    ]);
    expect(
      await rows(conn, "SELECT @@max_connections AS mc, @@innodb_buffer_pool_size AS bp, @@log_bin AS lb, @@binlog_format AS bf, @@log_bin_trust_function_creators AS tf, @@binlog_expire_logs_seconds AS be, @@sql_generate_invisible_primary_key AS gipk"),
    ).toEqual([{ mc: 171, bp: 536870912, lb: 1, bf: 'ROW', tf: 1, be: 0, gipk: 1 }]);
    await conn.end();
  });

  it('refuses plain TCP with 3159 and serves TLS 1.2 only', async () => {
    await expect(connect(em, ADMIN.adminUser, ADMIN.adminPassword, false)).rejects.toMatchObject({
      errno: 3159,
      message: 'Connections using insecure transport are prohibited while --require_secure_transport=ON.',
    });
    const conn = await connect(em);
    expect(await rows(conn, "SHOW SESSION STATUS WHERE Variable_name IN ('Ssl_version', 'Current_tls_version')")).toEqual([
      { Variable_name: 'Current_tls_version', Value: 'TLSv1.2' },
      { Variable_name: 'Ssl_version', Value: 'TLSv1.2' },
    ]);
    // Azure's documented query for every connection's TLS version.
    expect(
      await rows(
        conn,
        "SELECT sbt.variable_value AS tls_version, t2.variable_value AS cipher, processlist_user AS user, processlist_host AS host FROM performance_schema.status_by_thread AS sbt JOIN performance_schema.threads AS t ON t.thread_id = sbt.thread_id JOIN performance_schema.status_by_thread AS t2 ON t2.thread_id = t.thread_id WHERE sbt.variable_name = 'Ssl_version' and t2.variable_name = 'Ssl_cipher' ORDER BY tls_version",
      ),
    ).toEqual([{ tls_version: 'TLSv1.2', cipher: 'ECDHE-RSA-AES128-GCM-SHA256', user: 'myadmin', host: 'localhost' }]);
    await conn.end();
    await expect(mysql.createConnection({ host: em.host, port: em.port, user: ADMIN.adminUser, password: ADMIN.adminPassword, ssl: { ...TLS, minVersion: 'TLSv1.3' } })).rejects.toMatchObject({
      code: expect.stringMatching(/SSL/),
    });
  });

  it('has the server admin and azure_superuser, no root; the guide\'s report leaves Azure\'s accounts out', async () => {
    const conn = await connect(em);
    expect(await rows(conn, 'SELECT CURRENT_USER() AS cu')).toEqual([{ cu: 'myadmin@%' }]);
    expect(await rows(conn, 'SELECT user, host, account_locked FROM mysql.user ORDER BY user, host')).toEqual([
      { user: 'azure_superuser', host: '127.0.0.1', account_locked: 'Y' },
      { user: 'azure_superuser', host: 'localhost', account_locked: 'Y' },
      { user: 'myadmin', host: '%', account_locked: 'N' },
      { user: 'mysql.infoschema', host: 'localhost', account_locked: 'Y' },
      { user: 'mysql.session', host: 'localhost', account_locked: 'Y' },
      { user: 'mysql.sys', host: 'localhost', account_locked: 'Y' },
    ]);
    expect(await rows(conn, "SELECT user FROM mysql.user WHERE user NOT IN ('mysql.sys', 'mysql.session', 'mysql.infoschema', 'azure_superuser')")).toEqual([{ user: 'myadmin' }]);
    await conn.end();
    // Its credential is no password at all: a login is refused before the lock is looked at.
    await expect(connect(em, 'azure_superuser', 'anything')).rejects.toMatchObject({ errno: 1045 });
    await expect(connect(em, 'root', '')).rejects.toMatchObject({ errno: 1045 });
  });

  it('the admin holds Azure\'s privilege list WITH GRANT OPTION and no SUPER', async () => {
    const conn = await connect(em);
    expect((await rows(conn, 'SHOW GRANTS')).map((r) => Object.values(r)[0])).toEqual([
      'GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, RELOAD, PROCESS, REFERENCES, INDEX, ALTER, SHOW DATABASES, CREATE TEMPORARY TABLES, LOCK TABLES, EXECUTE, REPLICATION SLAVE, REPLICATION CLIENT, CREATE VIEW, SHOW VIEW, CREATE ROUTINE, ALTER ROUTINE, CREATE USER, EVENT, TRIGGER ON *.* TO `myadmin`@`%` WITH GRANT OPTION',
      'GRANT REPLICATION_APPLIER,ROLE_ADMIN,SESSION_VARIABLES_ADMIN,SHOW_ROUTINE,XA_RECOVER_ADMIN ON *.* TO `myadmin`@`%` WITH GRANT OPTION',
    ]);
    await conn.end();
  });

  it('what the admin may do: accounts, grants, databases, reading mysql.user', async () => {
    const conn = await connect(em);
    await conn.query("CREATE USER 'app1'@'%' IDENTIFIED BY 'x' PASSWORD EXPIRE");
    await conn.query("GRANT SELECT, INSERT ON appdb.* TO 'app1'@'%'");
    await conn.query('CREATE DATABASE appdb');
    await conn.query('FLUSH PRIVILEGES');
    await conn.query("SET SESSION sql_mode = 'ANSI'");
    expect(await rows(conn, "SELECT password_expired FROM mysql.user WHERE user = 'app1'")).toEqual([{ password_expired: 'Y' }]);
    await conn.query("DROP USER 'app1'@'%'");
    await conn.end();
  });

  it('what the admin may not do, with the errors MySQL gives', async () => {
    const conn = await connect(em);
    await conn.query("CREATE USER 'app2'@'%' IDENTIFIED BY 'x'");
    const cases: [string, number, string][] = [
      ['SET GLOBAL require_secure_transport = OFF', 1227, 'Access denied; you need (at least one of) the SUPER or SYSTEM_VARIABLES_ADMIN privilege(s) for this operation'],
      ['SET PERSIST max_connections = 500', 1227, 'Access denied; you need (at least one of) the SUPER or SYSTEM_VARIABLES_ADMIN privilege(s) for this operation'],
      ["GRANT SUPER ON *.* TO 'app2'@'%'", 1045, "Access denied for user 'myadmin'@'%' (using password: YES)"],
      ["GRANT FILE ON *.* TO 'app2'@'%'", 1045, "Access denied for user 'myadmin'@'%' (using password: YES)"],
      ["UPDATE mysql.user SET account_locked = 'N' WHERE user = 'azure_superuser'", 1142, "UPDATE command denied to user 'myadmin'@'localhost' for table 'user'"],
      ["INSTALL COMPONENT 'file://component_validate_password'", 1142, "INSERT command denied to user 'myadmin'@'localhost' for table 'component'"],
      ["ALTER USER 'azure_superuser'@'localhost' ACCOUNT UNLOCK", 1227, 'Access denied; you need (at least one of) the SYSTEM_USER privilege(s) for this operation'],
      ["DROP USER 'azure_superuser'@'127.0.0.1'", 1227, 'Access denied; you need (at least one of) the SYSTEM_USER privilege(s) for this operation'],
      ["SET PASSWORD FOR 'mysql.sys'@'localhost' = 'x'", 1227, 'Access denied; you need (at least one of) the SYSTEM_USER privilege(s) for this operation'],
    ];
    for (const [sql, errno, message] of cases) expect(await failure(conn, sql), sql).toEqual({ errno, message });
    await conn.end();
  });

  it('validate_password is off until CALL az_install_validate_password_plugin(), which installs the plugin', async () => {
    const conn = await connect(em);
    expect(await rows(conn, "SHOW VARIABLES LIKE 'validate_password%'")).toEqual([]);
    await conn.query("CREATE USER 'weak1'@'%' IDENTIFIED BY 'password'");
    expect(await failure(conn, 'CALL az_uninstall_validate_password_plugin()')).toEqual({ errno: 1305, message: 'PLUGIN validate_password does not exist' });
    await conn.query('CALL az_install_validate_password_plugin()');
    expect(await rows(conn, "SHOW VARIABLES LIKE 'validate_password%'")).toEqual([
      { Variable_name: 'validate_password_check_user_name', Value: 'ON' },
      { Variable_name: 'validate_password_dictionary_file', Value: '' },
      { Variable_name: 'validate_password_length', Value: '8' },
      { Variable_name: 'validate_password_mixed_case_count', Value: '1' },
      { Variable_name: 'validate_password_number_count', Value: '1' },
      { Variable_name: 'validate_password_policy', Value: 'MEDIUM' },
      { Variable_name: 'validate_password_special_char_count', Value: '1' },
    ]);
    expect(await failure(conn, "CREATE USER 'weak2'@'%' IDENTIFIED BY 'password'")).toEqual({ errno: 1819, message: 'Your password does not satisfy the current policy requirements' });
    await conn.query("CREATE USER 'strong'@'%' IDENTIFIED BY 'Welcome2Azure2024!'");
    expect(await failure(conn, 'CALL mysql.az_install_validate_password_plugin()')).toEqual({ errno: 1125, message: "Function 'validate_password' already exists" });
    // Setting its parameters is the portal's job: the admin may not.
    expect(await failure(conn, 'SET GLOBAL validate_password_length = 12')).toMatchObject({ errno: 1227 });
    await conn.query('CALL az_uninstall_validate_password_plugin()');
    expect(await rows(conn, "SHOW VARIABLES LIKE 'validate_password%'")).toEqual([]);
    await conn.query("CREATE USER 'weak2'@'%' IDENTIFIED BY 'password'");
    await conn.end();
  });

  it('the other az_* procedures are known; any other procedure does not exist', async () => {
    const conn = await connect(em);
    expect(await failure(conn, 'CALL mysql.az_kill(42)')).toEqual({ errno: 1235, message: "This version of MySQL doesn't yet support 'CALL mysql.az_kill'" });
    expect(await failure(conn, 'CALL mysql.az_kill()')).toEqual({ errno: 1318, message: 'Incorrect number of arguments for PROCEDURE mysql.az_kill; expected 1, got 0' });
    expect(await failure(conn, 'CALL no_such_procedure()')).toEqual({ errno: 1046, message: 'No database selected' });
    expect(await failure(conn, 'CALL sys.no_such_procedure()')).toEqual({ errno: 1305, message: 'PROCEDURE sys.no_such_procedure does not exist' });
    await conn.end();
  });

  it('an account without EXECUTE may not call them (1370)', async () => {
    await em.sql("CREATE USER 'plain1'@'%' IDENTIFIED BY 'Plain-pass1'");
    const conn = await connect(em, 'plain1', 'Plain-pass1');
    expect(await failure(conn, 'CALL az_install_validate_password_plugin()')).toEqual({
      errno: 1370,
      message: "execute command denied to user 'plain1'@'%' for routine 'mysql.az_install_validate_password_plugin'",
    });
    await conn.end();
  });

  it('the API runs as azure_superuser, as the portal changes server parameters', async () => {
    expect((await em.sql('SELECT CURRENT_USER() AS cu')).rows).toEqual([{ cu: 'azure_superuser@localhost' }]);
    await em.sql('SET GLOBAL require_secure_transport = OFF');
    try {
      const plain = await connect(em, ADMIN.adminUser, ADMIN.adminPassword, false);
      expect(await rows(plain, "SHOW SESSION STATUS LIKE 'Ssl_cipher'")).toEqual([{ Variable_name: 'Ssl_cipher', Value: '' }]);
      await plain.end();
    } finally {
      await em.sql('SET GLOBAL require_secure_transport = ON');
    }
  });
});

describe('creating an Azure server', () => {
  it('without an admin password one is generated that meets Azure\'s rule; the admin login defaults to azureadmin', async () => {
    const em = await startTestEmulator({ profile: 'azure-flexible-8.0' });
    try {
      expect(em.adminUser).toBe('azureadmin');
      expect(em.adminPassword).toHaveLength(16);
      // Azure's rule: 3 of the 4 character classes.
      expect([/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((c) => c.test(em.adminPassword)).length).toBeGreaterThanOrEqual(3);
      expect(em.rootPassword).toBe('');
      const conn = await connect(em, em.adminUser, em.adminPassword);
      expect(await rows(conn, 'SELECT CURRENT_USER() AS cu')).toEqual([{ cu: 'azureadmin@%' }]);
      await conn.end();
      expect(em.url).toBe(`mysql://azureadmin:${encodeURIComponent(em.adminPassword)}@127.0.0.1:${em.port}/`);
    } finally {
      await em.close();
    }
  });

  it.each<[string, EmulatorOptions, RegExp]>([
    ['a reserved admin name', { adminUser: 'root', adminPassword: 'AdminP@ss1' }, /the admin login name can't be azure_superuser, admin, administrator, root/],
    ['a name longer than 32 characters', { adminUser: 'a'.repeat(33), adminPassword: 'AdminP@ss1' }, /1 to 32 characters/],
    ['a password shorter than 8', { adminPassword: 'Ab1!' }, /at least 8 characters and at most 128/],
    ['a password of 2 classes', { adminPassword: 'adminpass1' }, /characters from 3 of the following categories/],
    ['a root password', { rootPassword: 'x' }, /has no root account/],
    ['lower_case_table_names', { variables: { lower_case_table_names: 0 } }, /lower_case_table_names is a server parameter that azure-flexible-8.0 does not let a customer change/],
    ['a CA for client certificates (no mTLS)', { sslCa: 'x' }, /ssl_ca is a server parameter/],
    ['a cipher list', { sslCipher: 'ECDHE-RSA-AES128-GCM-SHA256' }, /ssl_cipher is a server parameter/],
  ])('refuses %s', async (_what, options, message) => {
    await expect(startTestEmulator({ profile: 'azure-flexible-8.0', ...options })).rejects.toThrow(message);
  });

  it('tls_version may be set to TLSv1.3 (Azure\'s recommended configuration)', async () => {
    const em = await startTestEmulator({ profile: 'azure-flexible-8.0', ...ADMIN, tlsVersion: 'TLSv1.3' });
    try {
      const conn = await connect(em);
      expect(await rows(conn, "SHOW SESSION STATUS LIKE 'Ssl_version'")).toEqual([{ Variable_name: 'Ssl_version', Value: 'TLSv1.3' }]);
      await conn.end();
    } finally {
      await em.close();
    }
  });

  it('--validate-password=default starts with the plugin installed, as after az_install_validate_password_plugin', async () => {
    const em = await startTestEmulator({ profile: 'azure-flexible-8.4', ...ADMIN, validatePassword: 'default' });
    try {
      const conn = await connect(em);
      expect(await rows(conn, "SHOW VARIABLES LIKE 'validate_password_policy'")).toEqual([{ Variable_name: 'validate_password_policy', Value: 'MEDIUM' }]);
      await conn.end();
    } finally {
      await em.close();
    }
  });

  it('on Azure 8.4 mysql_native_password stays enabled (MySQL 8.4 ships it disabled)', async () => {
    const azure = await startTestEmulator({ profile: 'azure-flexible-8.4', ...ADMIN });
    const mysql84 = await startTestEmulator({ profile: 'mysql-8.4' });
    try {
      await azure.sql("CREATE USER 'legacy'@'%' IDENTIFIED WITH mysql_native_password BY 'Legacy-pass1'");
      const conn = await connect(azure, 'legacy', 'Legacy-pass1');
      expect(await rows(conn, 'SELECT CURRENT_USER() AS cu')).toEqual([{ cu: 'legacy@%' }]);
      await conn.end();
      await expect(mysql84.sql("CREATE USER 'legacy'@'%' IDENTIFIED WITH mysql_native_password BY 'Legacy-pass1'")).rejects.toMatchObject({ code: 1524 });
    } finally {
      await Promise.all([azure.close(), mysql84.close()]);
    }
  });

  it('CALL of an Azure procedure on MySQL is a procedure that does not exist', async () => {
    const em = await startTestEmulator({ profile: 'mysql-8.0' });
    try {
      await expect(em.sql('CALL az_install_validate_password_plugin()')).rejects.toMatchObject({ code: 1046 });
      await expect(em.sql('CALL mysql.az_install_validate_password_plugin()')).rejects.toMatchObject({
        code: 1305,
        message: 'PROCEDURE mysql.az_install_validate_password_plugin does not exist',
      });
    } finally {
      await em.close();
    }
  });
});

describe.skipIf(!cli.available)('the seed guide with the mariadb CLI, which uses TLS by default', () => {
  let em: TestEmulator;
  beforeAll(async () => {
    em = await startTestEmulator({ profile: 'azure-flexible-8.0', ...ADMIN });
  });
  afterAll(async () => {
    await em?.close();
  });

  it('the status command names the cipher; without TLS: 3159', async () => {
    const status = await mariadb(em.port, ['-umyadmin', '-pAdminP@ss1', '-e', 'status']);
    expect(status.stdout).toMatch(/SSL:\t\t\tCipher in use is ECDHE-RSA-AES256-GCM-SHA384\n/);
    expect(status.stdout).toContain('Server version:\t\t8.0.42 MySQL Community Server - GPL\n');
    // The password is checked first: with caching_sha2_password's cache warm (the login above), the
    // transport is refused; a first login ever over plain TCP would need the server's RSA key instead.
    const plain = await mariadb(em.port, ['--skip-ssl', '-umyadmin', '-pAdminP@ss1', '-e', 'SELECT 1']);
    expect(plain.stderr).toBe('ERROR 3159 (HY000): Connections using insecure transport are prohibited while --require_secure_transport=ON.\n');
  });

  it('the admin creates an expired account; its user resets the password in the sandbox', async () => {
    const admin = (sql: string) => mariadb(em.port, ['-umyadmin', '-pAdminP@ss1', '-e', sql]);
    expect((await admin("CREATE USER 'dev.sarah'@'%' IDENTIFIED BY 'Welcome2Azure2024!' PASSWORD EXPIRE")).code).toBe(0);
    expect((await admin("GRANT SELECT, INSERT, UPDATE, DELETE ON projectdb.* TO 'dev.sarah'@'%'")).code).toBe(0);
    expect((await admin('CREATE DATABASE projectdb')).code).toBe(0);
    const sarah = (password: string, sql: string) => mariadb(em.port, ['-udev.sarah', `-p${password}`, '--connect-expired-password', '-e', sql]);
    expect((await sarah('Welcome2Azure2024!', 'SHOW DATABASES')).stderr).toContain(
      'ERROR 1820 (HY000) at line 1: You must reset your password using ALTER USER statement before executing this statement.',
    );
    expect((await sarah('Welcome2Azure2024!', "ALTER USER USER() IDENTIFIED BY 'MyS3cur3D3vP@ssw0rd!'")).code).toBe(0);
    const after = await sarah('MyS3cur3D3vP@ssw0rd!', 'SHOW DATABASES');
    expect(after.stdout).toBe('Database\ninformation_schema\nperformance_schema\nprojectdb\n');
    // Without the capability bit (a batch client without --connect-expired-password, or mysql2): 1862.
    await admin("ALTER USER 'dev.sarah'@'%' PASSWORD EXPIRE");
    await expect(connect(em, 'dev.sarah', 'MyS3cur3D3vP@ssw0rd!')).rejects.toMatchObject({ errno: 1862 });
  });
});
