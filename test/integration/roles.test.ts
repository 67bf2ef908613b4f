/**
 * Roles over TCP with mysql2: MySQL 8.4's CREATE/DROP ROLE, GRANT/REVOKE
 * role, SET ROLE, default roles at login, mandatory_roles and
 * activate_all_roles_on_login, SHOW GRANTS with roles and USING,
 * CURRENT_ROLE(), mysql.role_edges / default_roles, partial revokes; 5.7's
 * 1064; MariaDB's roles and read_only (the texts checked on a real 10.11,
 * see test/differential/roles.test.ts for the live comparison).
 */
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator } from '../helpers/emulator.js';

type TestEmulator = Awaited<ReturnType<typeof startTestEmulator>>;

function connect(em: TestEmulator, user: string, password = '') {
  return mysql.createConnection({ host: em.host, port: em.port, user, password });
}

async function rows(conn: mysql.Connection, sql: string): Promise<unknown[][]> {
  const [r] = await conn.query<mysql.RowDataPacket[]>({ sql, rowsAsArray: true });
  return r as unknown[][];
}

async function error(conn: mysql.Connection, sql: string): Promise<string> {
  try {
    await conn.query(sql);
  } catch (err) {
    const e = err as { errno: number; message: string };
    return `${e.errno} ${e.message}`;
  }
  throw new Error(`no error for ${sql}`);
}

const grants = async (conn: mysql.Connection, sql: string) => (await rows(conn, sql)).map((r) => String(r[0]));

describe('roles (mysql-8.4)', () => {
  let em: TestEmulator;
  let root: mysql.Connection;
  beforeAll(async () => {
    em = await startTestEmulator();
    root = await connect(em, 'root');
    for (const sql of [
      'CREATE DATABASE app',
      "CREATE ROLE 'app_read', 'app_write'",
      'GRANT SELECT ON app.* TO app_read',
      'GRANT INSERT, UPDATE, DELETE ON app.* TO app_write',
      "CREATE USER 'dev'@'%' IDENTIFIED BY 'Dev-Pass-1'",
      "GRANT app_read, app_write TO 'dev'@'%'",
    ]) await root.query(sql);
  });
  afterAll(async () => {
    await root?.end();
    await em?.close();
  });

  it('a role is a locked account with an expired password and no password', async () => {
    expect(await rows(root, "SELECT account_locked, password_expired, authentication_string FROM mysql.user WHERE user = 'app_read'")).toEqual([['Y', 'Y', '']]);
    expect(await error(root, 'CREATE ROLE app_read')).toBe("1396 Operation CREATE ROLE failed for 'app_read'@'%'");
    await root.query('CREATE ROLE IF NOT EXISTS app_read');
    expect(await rows(root, 'SHOW WARNINGS')).toEqual([['Note', 3163, "Authorization ID 'app_read'@'%' already exists."]]);
    expect(await error(root, 'DROP ROLE nobody')).toBe("1396 Operation DROP ROLE failed for 'nobody'@'%'");
  });

  it('roles are inactive until SET ROLE; CURRENT_ROLE() lists the active ones', async () => {
    const dev = await connect(em, 'dev', 'Dev-Pass-1');
    try {
      expect(await rows(dev, 'SELECT CURRENT_ROLE()')).toEqual([['NONE']]);
      expect(await error(dev, 'USE app')).toBe("1044 Access denied for user 'dev'@'%' to database 'app'");
      await dev.query('SET ROLE app_read');
      expect(await rows(dev, 'SELECT CURRENT_ROLE()')).toEqual([['`app_read`@`%`']]);
      await dev.query('USE app');
      await dev.query('SET ROLE ALL EXCEPT app_read');
      expect(await rows(dev, 'SELECT CURRENT_ROLE()')).toEqual([['`app_write`@`%`']]);
      await dev.query('SET ROLE ALL');
      expect(await rows(dev, 'SELECT CURRENT_ROLE()')).toEqual([['`app_read`@`%`,`app_write`@`%`']]);
      expect(await error(dev, 'SET ROLE nobody')).toBe("3530 `nobody`@`%` is not granted to `dev`@`%`");
      expect(await rows(dev, 'SELECT CURRENT_ROLE()')).toEqual([['`app_read`@`%`,`app_write`@`%`']]);
      expect(await grants(dev, 'SHOW GRANTS')).toEqual([
        'GRANT USAGE ON *.* TO `dev`@`%`',
        'GRANT SELECT, INSERT, UPDATE, DELETE ON `app`.* TO `dev`@`%`',
        'GRANT `app_read`@`%`,`app_write`@`%` TO `dev`@`%`',
      ]);
      await dev.query('SET ROLE NONE');
      expect(await rows(dev, 'SELECT CURRENT_ROLE()')).toEqual([['NONE']]);
    } finally {
      await dev.end();
    }
  });

  it('SHOW GRANTS FOR ... USING merges the roles named', async () => {
    expect(await grants(root, "SHOW GRANTS FOR 'dev'@'%'")).toEqual(['GRANT USAGE ON *.* TO `dev`@`%`', 'GRANT `app_read`@`%`,`app_write`@`%` TO `dev`@`%`']);
    expect(await grants(root, "SHOW GRANTS FOR 'dev'@'%' USING app_read")).toEqual([
      'GRANT USAGE ON *.* TO `dev`@`%`',
      'GRANT SELECT ON `app`.* TO `dev`@`%`',
      'GRANT `app_read`@`%`,`app_write`@`%` TO `dev`@`%`',
    ]);
    expect(await error(root, "SHOW GRANTS FOR 'dev'@'%' USING root@localhost")).toBe('3530 `root`@`localhost` is not granted to `dev`@`%`');
  });

  it('default roles are active at login; mysql.default_roles and role_edges show them', async () => {
    await root.query("SET DEFAULT ROLE app_read TO 'dev'@'%'");
    const dev = await connect(em, 'dev', 'Dev-Pass-1');
    try {
      expect(await rows(dev, 'SELECT CURRENT_ROLE()')).toEqual([['`app_read`@`%`']]);
      await dev.query('SET ROLE NONE');
      await dev.query('SET ROLE DEFAULT');
      expect(await rows(dev, 'SELECT CURRENT_ROLE()')).toEqual([['`app_read`@`%`']]);
    } finally {
      await dev.end();
    }
    expect(await rows(root, 'SELECT * FROM mysql.default_roles')).toEqual([['%', 'dev', '%', 'app_read']]);
    expect(await rows(root, "SELECT * FROM mysql.role_edges WHERE TO_USER = 'dev'")).toEqual([
      ['%', 'app_read', '%', 'dev', 'N'],
      ['%', 'app_write', '%', 'dev', 'N'],
    ]);
    // Rewriter_user::rewrite() puts DEFAULT ROLE right after the authentication (sql_rewrite.cc).
    await root.query("SET DEFAULT ROLE app_write, app_read TO 'dev'@'%'");
    const [[create]] = (await rows(root, "SHOW CREATE USER 'dev'@'%'")) as [[string]];
    expect(create).toMatch(/^CREATE USER `dev`@`%` IDENTIFIED WITH 'caching_sha2_password' AS '.*' DEFAULT ROLE `app_read`@`%`,`app_write`@`%` REQUIRE NONE PASSWORD EXPIRE DEFAULT ACCOUNT UNLOCK /s);
    expect(await error(root, "SET DEFAULT ROLE root@localhost TO 'dev'@'%'")).toBe('3530 `root`@`localhost` is not granted to `dev`@`%`');
    await root.query("ALTER USER 'dev'@'%' DEFAULT ROLE NONE");
    expect(await rows(root, 'SELECT COUNT(*) FROM mysql.default_roles')).toEqual([[0]]);
  });

  it('activate_all_roles_on_login and mandatory_roles', async () => {
    await root.query('CREATE ROLE everyone');
    await root.query("SET GLOBAL mandatory_roles = 'everyone'");
    await root.query('SET GLOBAL activate_all_roles_on_login = ON');
    const dev = await connect(em, 'dev', 'Dev-Pass-1');
    try {
      expect(await rows(dev, 'SELECT CURRENT_ROLE()')).toEqual([['`app_read`@`%`,`app_write`@`%`,`everyone`@`%`']]);
      expect(await grants(dev, 'SHOW GRANTS')).toContain('GRANT `app_read`@`%`,`app_write`@`%`,`everyone`@`%` TO `dev`@`%`');
    } finally {
      await dev.end();
      await root.query('SET GLOBAL activate_all_roles_on_login = OFF');
    }
    expect(await error(root, 'DROP ROLE everyone')).toBe(
      "3628 The role `everyone`@`%` is a mandatory role and can't be revoked or dropped. The restriction can be lifted by excluding the role identifier from the global variable mandatory_roles.",
    );
    await root.query("SET GLOBAL mandatory_roles = ''");
    await root.query('DROP ROLE everyone');
  });

  it('GRANT role needs WITH ADMIN OPTION on an active role, ROLE_ADMIN or SUPER; loops are 4027', async () => {
    await root.query("CREATE USER 'lead'@'%' IDENTIFIED BY 'Lead-Pass-1'");
    await root.query("GRANT app_read TO 'lead'@'%' WITH ADMIN OPTION");
    const lead = await connect(em, 'lead', 'Lead-Pass-1');
    try {
      expect(await error(lead, "GRANT app_read TO 'dev'@'%'")).toBe('1227 Access denied; you need (at least one of) the WITH ADMIN, ROLE_ADMIN, SUPER privilege(s) for this operation');
      await lead.query('SET ROLE app_read');
      await lead.query("REVOKE app_read FROM 'dev'@'%'");
      await lead.query("GRANT app_read TO 'dev'@'%'");
      expect(await grants(lead, 'SHOW GRANTS')).toContain('GRANT `app_read`@`%` TO `lead`@`%` WITH ADMIN OPTION');
    } finally {
      await lead.end();
    }
    await root.query('GRANT app_write TO app_read');
    expect(await error(root, 'GRANT app_read TO app_write')).toBe('4027 User account `app_write`@`%` is directly or indirectly granted to the role `app_read`@`%`. The GRANT would create a loop');
    expect(await error(root, "GRANT nobody TO 'dev'@'%'")).toBe('3523 Unknown authorization ID `nobody`@`%`');
    expect(await error(root, "RENAME USER app_read TO app_reader")).toBe('3532 Renaming of a role identifier is forbidden');
    await root.query('REVOKE app_write FROM app_read');
  });

  it('CREATE ROLE needs CREATE USER or CREATE ROLE; DROP ROLE alone drops only locked accounts', async () => {
    await root.query("CREATE USER 'rolemgr'@'%' IDENTIFIED BY 'Role-Mgr-1'");
    const mgr = await connect(em, 'rolemgr', 'Role-Mgr-1');
    try {
      expect(await error(mgr, 'CREATE ROLE r1')).toBe('1227 Access denied; you need (at least one of) the CREATE USER, CREATE ROLE privilege(s) for this operation');
      await root.query("GRANT CREATE ROLE, DROP ROLE ON *.* TO 'rolemgr'@'%'");
      await mgr.query('CREATE ROLE r1');
      await mgr.query('DROP ROLE r1');
      expect(await error(mgr, "DROP ROLE 'dev'@'%'")).toBe('1227 Access denied; you need (at least one of) the CREATE USER privilege(s) for this operation');
    } finally {
      await mgr.end();
    }
  });

  it('partial revokes: REVOKE on a schema under a global grant (partial_revokes = ON)', async () => {
    await root.query("CREATE USER 'analyst'@'%'");
    await root.query("GRANT SELECT ON *.* TO 'analyst'@'%'");
    expect(await error(root, "REVOKE SELECT ON mysql.* FROM 'analyst'@'%'")).toBe("1141 There is no such grant defined for user 'analyst' on host '%'");
    await root.query('SET GLOBAL partial_revokes = ON');
    try {
      await root.query("REVOKE SELECT ON mysql.* FROM 'analyst'@'%'");
      expect(await grants(root, "SHOW GRANTS FOR 'analyst'@'%'")).toEqual(['GRANT SELECT ON *.* TO `analyst`@`%`', 'REVOKE SELECT ON `mysql`.* FROM `analyst`@`%`']);
      expect(await rows(root, "SELECT User_attributes FROM mysql.user WHERE user = 'analyst'")).toEqual([[{ Restrictions: [{ Database: 'mysql', Privileges: ['SELECT'] }] }]]);
      const analyst = await connect(em, 'analyst');
      try {
        expect(await error(analyst, 'SELECT user FROM mysql.user')).toBe("1142 SELECT command denied to user 'analyst'@'localhost' for table 'user'");
        expect(await rows(analyst, 'SELECT COUNT(*) > 0 FROM information_schema.SCHEMATA')).toEqual([[1]]);
      } finally {
        await analyst.end();
      }
      await root.query("GRANT SELECT ON mysql.* TO 'analyst'@'%'");
      expect(await grants(root, "SHOW GRANTS FOR 'analyst'@'%'")).toEqual(['GRANT SELECT ON *.* TO `analyst`@`%`']);
    } finally {
      await root.query('SET GLOBAL partial_revokes = OFF');
    }
  });
});

describe('roles are a syntax error in 5.7', () => {
  it('CREATE ROLE, SET ROLE and GRANT role are 1064', async () => {
    const em = await startTestEmulator({ profile: 'mysql-5.7' });
    const root = await connect(em, 'root');
    try {
      expect(await error(root, 'CREATE ROLE r')).toMatch(/^1064 .* near 'ROLE r' at line 1$/);
      expect(await error(root, "GRANT r TO 'root'@'localhost'")).toMatch(/^1064 .* near 'r TO 'root'@'localhost'' at line 1$/);
    } finally {
      await root.end();
      await em.close();
    }
  });
});

describe('roles and read_only (mariadb-10.11)', () => {
  let em: TestEmulator;
  let root: mysql.Connection;
  beforeAll(async () => {
    em = await startTestEmulator({ profile: 'mariadb-10.11' });
    root = await connect(em, 'root');
  });
  afterAll(async () => {
    await root?.end();
    await em?.close();
  });

  it('CREATE ROLE grants the role WITH ADMIN OPTION to its creator; roles_mapping and SHOW GRANTS as 10.11', async () => {
    await root.query('CREATE ROLE r1');
    await root.query('CREATE DATABASE db1');
    await root.query('GRANT SELECT ON db1.* TO r1');
    await root.query("CREATE USER ru@localhost");
    await root.query('GRANT r1 TO ru@localhost');
    expect(await rows(root, 'SELECT * FROM mysql.roles_mapping')).toEqual([
      ['localhost', 'root', 'r1', 'Y'],
      ['localhost', 'ru', 'r1', 'N'],
    ]);
    // The column itself reaches mysql2 parsed (its extended metadata format is 'json', as from a real MariaDB); its text, key order included:
    expect(await rows(root, "SELECT CONCAT(Priv) FROM mysql.global_priv WHERE User = 'r1'")).toEqual([['{"access":0,"version_id":101114,"is_role":true}']]);
    expect(await rows(root, "SELECT Priv FROM mysql.global_priv WHERE User = 'r1'")).toEqual([[{ access: 0, version_id: 101114, is_role: true }]]);
    expect(await rows(root, "SELECT is_role FROM mysql.user WHERE User = 'r1'")).toEqual([['Y']]);
    expect(await grants(root, 'SHOW GRANTS FOR ru@localhost')).toEqual(['GRANT `r1` TO `ru`@`localhost`', 'GRANT USAGE ON *.* TO `ru`@`localhost`']);
    expect(await grants(root, 'SHOW GRANTS FOR r1')).toEqual(['GRANT USAGE ON *.* TO `r1`', 'GRANT SELECT ON `db1`.* TO `r1`']);
    expect(await error(root, 'CREATE ROLE r1')).toBe("1396 Operation CREATE ROLE failed for 'r1'");
    expect(await error(root, 'GRANT r9 TO ru@localhost')).toBe('1959 Invalid role specification `r9`');
  });

  it('SET ROLE, CURRENT_ROLE() and SET DEFAULT ROLE', async () => {
    await root.query('SET DEFAULT ROLE r1 FOR ru@localhost');
    expect(await grants(root, 'SHOW GRANTS FOR ru@localhost')).toContain('SET DEFAULT ROLE `r1` FOR `ru`@`localhost`');
    const ru = await connect(em, 'ru');
    try {
      expect(await rows(ru, 'SELECT CURRENT_ROLE()')).toEqual([['r1']]);
      await ru.query('USE db1');
      await ru.query('SET ROLE NONE');
      expect(await rows(ru, 'SELECT CURRENT_ROLE()')).toEqual([[null]]);
      expect(await error(ru, 'SET ROLE r2')).toBe('1959 Invalid role specification `r2`');
    } finally {
      await ru.end();
    }
  });

  it('read_only refuses account changes without READ_ONLY ADMIN (1290)', async () => {
    await root.query("CREATE USER foo@'%'");
    await root.query("GRANT CREATE USER ON *.* TO foo@'%'");
    await root.query('SET GLOBAL read_only = 1');
    try {
      const foo = await connect(em, 'foo');
      try {
        expect(await error(foo, 'ALTER USER foo')).toBe('1290 The MariaDB server is running with the --read-only option so it cannot execute this statement');
      } finally {
        await foo.end();
      }
      await root.query("GRANT READ_ONLY ADMIN ON *.* TO foo@'%'");
      expect(await grants(root, "SHOW GRANTS FOR foo@'%'")).toEqual(['GRANT CREATE USER, READ_ONLY ADMIN ON *.* TO `foo`@`%`']);
      const again = await connect(em, 'foo');
      try {
        await again.query('ALTER USER foo');
      } finally {
        await again.end();
      }
    } finally {
      await root.query('SET GLOBAL read_only = 0');
    }
    expect(await error(root, "GRANT READ_ONLY ADMIN ON db1.* TO foo@'%'")).toBe('1221 Incorrect usage of DB GRANT and GLOBAL PRIVILEGES');
  });
});
