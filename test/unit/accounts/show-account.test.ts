import { pino } from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import { cachingSha2Hash, nativeHash } from '../../../src/accounts/credentials.js';
import type { ProfileName } from '../../../src/config/profiles.js';
import { createInstance, seedAccounts } from '../../../src/server/instance.js';
import { errorOf, login, rows, run, testServer, type TestContext } from '../../helpers/account-context.js';

let root: TestContext;

beforeEach(() => {
  root = login(testServer(), 'root', 'localhost');
});

/** MySQL 8.4's SHOW GRANTS for root@localhost (without the PROXY line, which the emulator does not model). */
const ROOT_GRANTS = [
  'GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, RELOAD, SHUTDOWN, PROCESS, FILE, REFERENCES, INDEX, ALTER, ' +
    'SHOW DATABASES, SUPER, CREATE TEMPORARY TABLES, LOCK TABLES, EXECUTE, REPLICATION SLAVE, REPLICATION CLIENT, ' +
    'CREATE VIEW, SHOW VIEW, CREATE ROUTINE, ALTER ROUTINE, CREATE USER, EVENT, TRIGGER, CREATE TABLESPACE, CREATE ROLE, ' +
    'DROP ROLE ON *.* TO `root`@`localhost` WITH GRANT OPTION',
  'GRANT ALLOW_NONEXISTENT_DEFINER,APPLICATION_PASSWORD_ADMIN,AUDIT_ABORT_EXEMPT,AUDIT_ADMIN,AUTHENTICATION_POLICY_ADMIN,' +
    'BACKUP_ADMIN,BINLOG_ADMIN,BINLOG_ENCRYPTION_ADMIN,CLONE_ADMIN,CONNECTION_ADMIN,ENCRYPTION_KEY_ADMIN,FIREWALL_EXEMPT,' +
    'FLUSH_OPTIMIZER_COSTS,FLUSH_PRIVILEGES,FLUSH_STATUS,FLUSH_TABLES,FLUSH_USER_RESOURCES,GROUP_REPLICATION_ADMIN,' +
    'GROUP_REPLICATION_STREAM,INNODB_REDO_LOG_ARCHIVE,INNODB_REDO_LOG_ENABLE,OPTIMIZE_LOCAL_TABLE,PASSWORDLESS_USER_ADMIN,' +
    'PERSIST_RO_VARIABLES_ADMIN,REPLICATION_APPLIER,REPLICATION_SLAVE_ADMIN,RESOURCE_GROUP_ADMIN,RESOURCE_GROUP_USER,' +
    'ROLE_ADMIN,SENSITIVE_VARIABLES_OBSERVER,SERVICE_CONNECTION_ADMIN,SESSION_VARIABLES_ADMIN,SET_ANY_DEFINER,SHOW_ROUTINE,' +
    'SYSTEM_USER,SYSTEM_VARIABLES_ADMIN,TABLE_ENCRYPTION_ADMIN,TELEMETRY_LOG_ADMIN,TRANSACTION_GTID_TAG,XA_RECOVER_ADMIN ' +
    'ON *.* TO `root`@`localhost` WITH GRANT OPTION',
];

describe('SHOW GRANTS', () => {
  it('prints root’s static and dynamic privileges as MySQL 8.4 does', async () => {
    const result = await run(root, 'SHOW GRANTS');
    if (result.kind !== 'rows') throw new Error('expected rows');
    expect(result.columns.map((c) => c.name)).toEqual(['Grants for root@localhost']);
    expect(result.rows.map((r) => r[0])).toEqual(ROOT_GRANTS);
  });

  it('prints USAGE for a new account and the database grants in privilege order', async () => {
    await run(root, "CREATE USER 'john.doe'@'%' IDENTIFIED BY 'x'");
    expect(await rows(root, "SHOW GRANTS FOR 'john.doe'@'%'")).toEqual([['GRANT USAGE ON *.* TO `john.doe`@`%`']]);
    await run(root, "GRANT INSERT, SELECT ON projectdb.* TO 'john.doe'@'%'");
    await run(root, "GRANT ALL ON other.* TO 'john.doe'@'%' WITH GRANT OPTION");
    await run(root, "GRANT SELECT ON mysql.user TO 'john.doe'@'%'");
    expect(await rows(root, "SHOW GRANTS FOR 'john.doe'")).toEqual([
      ['GRANT USAGE ON *.* TO `john.doe`@`%`'],
      ['GRANT ALL PRIVILEGES ON `other`.* TO `john.doe`@`%` WITH GRANT OPTION'],
      ['GRANT SELECT, INSERT ON `projectdb`.* TO `john.doe`@`%`'],
      ['GRANT SELECT ON `mysql`.`user` TO `john.doe`@`%`'],
    ]);
  });

  it('needs SELECT on mysql for another account (1044); an unknown account is 1141', async () => {
    await run(root, "CREATE USER 'u'@'%'");
    const u = login(root.server, 'u', '%');
    expect(await rows(u, 'SHOW GRANTS FOR CURRENT_USER()')).toEqual([['GRANT USAGE ON *.* TO `u`@`%`']]);
    expect(await errorOf(u, "SHOW GRANTS FOR 'root'@'localhost'")).toEqual({
      code: 1044,
      message: "Access denied for user 'u'@'%' to database 'mysql'",
    });
    expect(await errorOf(root, "SHOW GRANTS FOR 'ghost'@'h'")).toEqual({
      code: 1141,
      message: "There is no such grant defined for user 'ghost' on host 'h'",
    });
  });

  it('prints dynamic privileges without the grant option first, then those with it', async () => {
    await run(root, "CREATE USER 'ops'@'%'");
    await run(root, "GRANT RELOAD, XA_RECOVER_ADMIN, BACKUP_ADMIN ON *.* TO 'ops'@'%'");
    await run(root, "GRANT SELECT, SYSTEM_VARIABLES_ADMIN, AUDIT_ADMIN ON *.* TO 'ops'@'%' WITH GRANT OPTION");
    expect(await rows(root, "SHOW GRANTS FOR 'ops'@'%'")).toEqual([
      ['GRANT SELECT, RELOAD ON *.* TO `ops`@`%` WITH GRANT OPTION'],
      ['GRANT BACKUP_ADMIN,XA_RECOVER_ADMIN ON *.* TO `ops`@`%`'],
      ['GRANT AUDIT_ADMIN,SYSTEM_VARIABLES_ADMIN ON *.* TO `ops`@`%` WITH GRANT OPTION'],
    ]);
  });

  it('uses single-quoted accounts and ALL PRIVILEGES on the 5.7 profile', async () => {
    const old = login(testServer('mysql-5.7'), 'root', 'localhost');
    expect(await rows(old, 'SHOW GRANTS')).toEqual([["GRANT ALL PRIVILEGES ON *.* TO 'root'@'localhost' WITH GRANT OPTION"]]);
  });
});

/** SHOW GRANTS for the accounts of a fresh MySQL 8.0 / 8.4 data directory (mysqld --initialize). */
const SYSTEM_ACCOUNT_GRANTS: Record<string, string[]> = {
  'mysql.infoschema': [
    'GRANT SELECT ON *.* TO `mysql.infoschema`@`localhost`',
    'GRANT AUDIT_ABORT_EXEMPT,FIREWALL_EXEMPT,SYSTEM_USER ON *.* TO `mysql.infoschema`@`localhost`',
  ],
  'mysql.session': [
    'GRANT SHUTDOWN, SUPER ON *.* TO `mysql.session`@`localhost`',
    'GRANT AUDIT_ABORT_EXEMPT,AUTHENTICATION_POLICY_ADMIN,BACKUP_ADMIN,CLONE_ADMIN,CONNECTION_ADMIN,FIREWALL_EXEMPT,' +
      'PERSIST_RO_VARIABLES_ADMIN,SESSION_VARIABLES_ADMIN,SYSTEM_USER,SYSTEM_VARIABLES_ADMIN ON *.* TO `mysql.session`@`localhost`',
    'GRANT SELECT ON `performance_schema`.* TO `mysql.session`@`localhost`',
    'GRANT SELECT ON `mysql`.`user` TO `mysql.session`@`localhost`',
  ],
  'mysql.sys': [
    'GRANT USAGE ON *.* TO `mysql.sys`@`localhost`',
    'GRANT AUDIT_ABORT_EXEMPT,FIREWALL_EXEMPT,SYSTEM_USER ON *.* TO `mysql.sys`@`localhost`',
    'GRANT TRIGGER ON `sys`.* TO `mysql.sys`@`localhost`',
    'GRANT SELECT ON `sys`.`sys_config` TO `mysql.sys`@`localhost`',
  ],
};

/** A root session on a server seeded as the emulator starts (instance.ts seedAccounts). */
function seeded(profile: ProfileName) {
  const options = { profile, logger: pino({ level: 'silent' }), tls: false };
  const instance = createInstance(options);
  seedAccounts(instance, options);
  return login(instance, 'root', 'localhost');
}

describe('SHOW GRANTS for the seeded accounts', () => {
  for (const profile of ['mysql-8.4', 'mysql-8.0'] as const) {
    it(`prints the system accounts' grants as mysqld --initialize leaves them (${profile})`, async () => {
      const ctx = seeded(profile);
      for (const [user, grants] of Object.entries(SYSTEM_ACCOUNT_GRANTS)) {
        expect(await rows(ctx, `SHOW GRANTS FOR '${user}'@'localhost'`)).toEqual(grants.map((g) => [g]));
      }
    });
  }

  it('keeps root’s grants byte-identical to MySQL 8.4’s, PROXY line included', async () => {
    expect((await rows(seeded('mysql-8.4'), 'SHOW GRANTS')).map((r) => r[0])).toEqual([
      ...ROOT_GRANTS,
      'GRANT PROXY ON ``@`` TO `root`@`localhost` WITH GRANT OPTION',
    ]);
  });

  it('lists one mysql.global_grants row per dynamic privilege, with its WITH_GRANT_OPTION', async () => {
    const ctx = seeded('mysql-8.4');
    expect(await rows(ctx, "SELECT * FROM mysql.global_grants WHERE USER LIKE 'mysql.%'")).toEqual([
      ...['AUDIT_ABORT_EXEMPT', 'FIREWALL_EXEMPT', 'SYSTEM_USER'].map((p) => ['mysql.infoschema', 'localhost', p, 'N']),
      ...[
        'AUDIT_ABORT_EXEMPT',
        'AUTHENTICATION_POLICY_ADMIN',
        'BACKUP_ADMIN',
        'CLONE_ADMIN',
        'CONNECTION_ADMIN',
        'FIREWALL_EXEMPT',
        'PERSIST_RO_VARIABLES_ADMIN',
        'SESSION_VARIABLES_ADMIN',
        'SYSTEM_USER',
        'SYSTEM_VARIABLES_ADMIN',
      ].map((p) => ['mysql.session', 'localhost', p, 'N']),
      ...['AUDIT_ABORT_EXEMPT', 'FIREWALL_EXEMPT', 'SYSTEM_USER'].map((p) => ['mysql.sys', 'localhost', p, 'N']),
    ]);
    expect(await rows(ctx, "SELECT COUNT(*), MIN(WITH_GRANT_OPTION) FROM mysql.global_grants WHERE USER = 'root'")).toEqual([[40, 'Y']]);
  });

  it('gives the system accounts no grants on other profiles', async () => {
    expect(await rows(seeded('oceanbase-4.4'), "SHOW GRANTS FOR 'mysql.sys'@'localhost'")).toEqual([['GRANT USAGE ON *.* TO `mysql.sys`@`localhost`']]);
  });
});

describe('SHOW CREATE USER', () => {
  const hash = cachingSha2Hash('pw', { salt: Buffer.from('abcdefghijklmnopqrst') });

  it('prints every clause in the 8.4 form', async () => {
    await run(root, `CREATE USER 'u'@'%' IDENTIFIED WITH caching_sha2_password AS '${hash}'`);
    const result = await run(root, "SHOW CREATE USER 'u'@'%'");
    if (result.kind !== 'rows') throw new Error('expected rows');
    expect(result.columns.map((c) => c.name)).toEqual(['CREATE USER for u@%']);
    expect(result.rows).toEqual([
      [
        `CREATE USER \`u\`@\`%\` IDENTIFIED WITH 'caching_sha2_password' AS '${hash}' REQUIRE NONE PASSWORD EXPIRE DEFAULT ` +
          'ACCOUNT UNLOCK PASSWORD HISTORY DEFAULT PASSWORD REUSE INTERVAL DEFAULT PASSWORD REQUIRE CURRENT DEFAULT',
      ],
    ]);
  });

  it('renders non-default options, locking and metadata', async () => {
    await run(
      root,
      "CREATE USER 'o'@'localhost' IDENTIFIED WITH mysql_native_password BY 'pw' WITH MAX_QUERIES_PER_HOUR 10 " +
        'PASSWORD EXPIRE INTERVAL 90 DAY ACCOUNT LOCK PASSWORD HISTORY 3 PASSWORD REUSE INTERVAL 7 DAY ' +
        "PASSWORD REQUIRE CURRENT FAILED_LOGIN_ATTEMPTS 4 PASSWORD_LOCK_TIME 2 COMMENT 'it''s me'",
    );
    expect(await rows(root, "SHOW CREATE USER 'o'@'localhost'")).toEqual([
      [
        `CREATE USER \`o\`@\`localhost\` IDENTIFIED WITH 'mysql_native_password' AS '${nativeHash('pw')}' REQUIRE NONE ` +
          'WITH MAX_QUERIES_PER_HOUR 10 PASSWORD EXPIRE INTERVAL 90 DAY ACCOUNT LOCK PASSWORD HISTORY 3 ' +
          'PASSWORD REUSE INTERVAL 7 DAY PASSWORD REQUIRE CURRENT FAILED_LOGIN_ATTEMPTS 4 PASSWORD_LOCK_TIME 2 ' +
          `ATTRIBUTE '{\\"comment\\": \\"it\\'s me\\"}'`,
      ],
    ]);
  });

  it('omits AS for an empty credential and fails with 1396 for an unknown account', async () => {
    await run(root, "CREATE USER 'e'@'%' PASSWORD EXPIRE");
    expect(await rows(root, "SHOW CREATE USER 'e'")).toEqual([
      [
        "CREATE USER `e`@`%` IDENTIFIED WITH 'caching_sha2_password' REQUIRE NONE PASSWORD EXPIRE ACCOUNT UNLOCK " +
          'PASSWORD HISTORY DEFAULT PASSWORD REUSE INTERVAL DEFAULT PASSWORD REQUIRE CURRENT DEFAULT',
      ],
    ]);
    expect((await errorOf(root, "SHOW CREATE USER 'ghost'@'%'")).message).toBe("Operation SHOW CREATE USER failed for 'ghost'@'%'");
  });

  it('uses the 5.7 single-quote form on the 5.7 profile', async () => {
    const old = login(testServer('mysql-5.7'), 'root', 'localhost');
    await run(old, "CREATE USER 'u'@'%' IDENTIFIED BY 'pw'");
    expect(await rows(old, "SHOW CREATE USER 'u'@'%'")).toEqual([
      [`CREATE USER 'u'@'%' IDENTIFIED WITH 'mysql_native_password' AS '${nativeHash('pw')}' REQUIRE NONE PASSWORD EXPIRE DEFAULT ACCOUNT UNLOCK`],
    ]);
  });
});
