/**
 * UPDATE and DELETE on the grant tables change the tables, not the login
 * copy, until FLUSH PRIVILEGES; account statements then check the table too
 * (mysql-test auth_sec/atomic_alter_user, atomic_drop_user,
 * atomic_rename_user): ALTER USER of an account whose row was deleted is
 * 1396, DROP USER still succeeds, CREATE / RENAME to a name the table has is
 * 1396. mysql.password_history rows can be deleted. MariaDB writes accounts
 * through mysql.global_priv's Priv JSON.
 */
import { describe, expect, it } from 'vitest';
import { errorOf, login, rows, run, testServer } from '../../helpers/account-context.js';

describe('DELETE FROM mysql.user (MySQL 8.4)', () => {
  it('leaves the login copy until FLUSH PRIVILEGES; ALTER USER of the deleted row is 1396, atomically; DROP USER succeeds', async () => {
    const root = login(testServer('mysql-8.4'), 'root', 'localhost');
    await run(root, 'CREATE USER userX, userY, userZ');
    expect(await run(root, "DELETE FROM mysql.user WHERE user LIKE 'userX'")).toMatchObject({ kind: 'ok', affectedRows: 1 });
    expect(await rows(root, "SELECT user FROM mysql.user WHERE user LIKE 'user%'")).toEqual([['userY'], ['userZ']]);
    expect(await errorOf(root, "ALTER USER userY IDENTIFIED BY 'a', userX IDENTIFIED BY 'b'")).toEqual({
      code: 1396,
      message: "Operation ALTER USER failed for 'userX'@'%'",
    });
    expect(await errorOf(root, 'CREATE USER userX')).toMatchObject({ code: 1396 });
    await run(root, 'DROP USER userX, userY');
    expect(await rows(root, "SELECT user FROM mysql.user WHERE user LIKE 'user%'")).toEqual([['userZ']]);
  });

  it('a row renamed by UPDATE takes its new name: RENAME USER and CREATE USER to it are 1396 until FLUSH PRIVILEGES', async () => {
    const root = login(testServer('mysql-8.4'), 'root', 'localhost');
    await run(root, 'CREATE USER userA, userC');
    await run(root, "UPDATE mysql.user SET user = 'userZ' WHERE user = 'userC'");
    expect(await errorOf(root, 'RENAME USER userA TO userZ')).toEqual({ code: 1396, message: "Operation RENAME USER failed for 'userA'@'%'" });
    expect(await errorOf(root, 'CREATE USER userZ')).toMatchObject({ code: 1396 });
    await run(root, 'FLUSH PRIVILEGES');
    await run(root, 'RENAME USER userA TO userX, userZ TO userA');
    expect(await rows(root, "SELECT user FROM mysql.user WHERE user LIKE 'user%' ORDER BY user")).toEqual([['userA'], ['userX']]);
  });

  it('needs DELETE on the table (1142); multi-table DELETE is 1235; a missing table is 1146', async () => {
    const server = testServer('mysql-8.4');
    const root = login(server, 'root', 'localhost');
    await run(root, "CREATE USER 'r'@'%'");
    await run(root, "GRANT SELECT ON mysql.* TO 'r'@'%'");
    expect(await errorOf(login(server, 'r', '%'), 'DELETE FROM mysql.user')).toEqual({
      code: 1142,
      message: "DELETE command denied to user 'r'@'clienthost' for table 'user'",
    });
    expect((await errorOf(root, 'DELETE u FROM mysql.user u')).code).toBe(1235);
    expect((await errorOf(root, 'DELETE FROM nosuch.t')).code).toBe(1146);
  });

  it('mysql.password_history: DELETE removes remembered passwords, which a password change then no longer refuses', async () => {
    const root = login(testServer('mysql-8.4'), 'root', 'localhost');
    await run(root, "CREATE USER d@localhost IDENTIFIED BY 'haha' PASSWORD HISTORY 1");
    expect((await errorOf(root, "ALTER USER d@localhost IDENTIFIED BY 'haha'")).code).toBe(3638);
    expect(await run(root, "DELETE FROM mysql.password_history WHERE user = 'd'")).toMatchObject({ affectedRows: 1 });
    await run(root, "ALTER USER d@localhost IDENTIFIED BY 'haha'");
    expect(await rows(root, "SELECT COUNT(*) FROM mysql.password_history WHERE user = 'd'")).toEqual([[1]]);
  });
});

describe('MariaDB: mysql.global_priv', () => {
  it('UPDATE ... SET priv = JSON_SET(priv, ...) changes the account at FLUSH PRIVILEGES (as a real MariaDB 10.11 shows it)', async () => {
    const root = login(testServer('mariadb-10.11'), 'root', 'localhost');
    await run(root, "CREATE USER user1@localhost IDENTIFIED BY 'pw'");
    await run(root, "UPDATE mysql.global_priv SET priv = JSON_SET(priv, '$.password_last_changed', 0, '$.account_locked', true) WHERE user = 'user1'");
    expect(await rows(root, 'SHOW CREATE USER user1@localhost')).toEqual([["CREATE USER `user1`@`localhost` IDENTIFIED BY PASSWORD '*D821809F681A40A6E379B50D0463EFAE20BDD122'"]]);
    await run(root, 'FLUSH PRIVILEGES');
    expect((await rows(root, 'SHOW CREATE USER user1@localhost'))[0]![0]).toBe(
      "CREATE USER `user1`@`localhost` IDENTIFIED BY PASSWORD '*D821809F681A40A6E379B50D0463EFAE20BDD122' ACCOUNT LOCK PASSWORD EXPIRE",
    );
  });
});
