/**
 * MariaDB 10.11's own account grammar and conditions, each checked against a
 * real MariaDB 10.11.19 (Debian) and MariaDB's mysql-test main/alter_user
 * and main/lock_user results.
 */
import { describe, expect, it } from 'vitest';
import { errorOf, login, rows, run, testServer } from '../../helpers/account-context.js';

const root = () => login(testServer('mariadb-10.11'), 'root', 'localhost');
const warnings = async (ctx: ReturnType<typeof root>) => (await rows(ctx, 'SHOW WARNINGS')).map((r) => `${r[0]} ${r[1]} ${r[2]}`);

describe('MariaDB account statements', () => {
  it('IDENTIFIED {VIA | WITH} plugin [USING | AS] {PASSWORD(...) | hash}; WITH plugin BY is a 1064', async () => {
    const r = root();
    await run(r, "CREATE USER o3@localhost IDENTIFIED VIA mysql_old_password USING PASSWORD('x')");
    expect(await rows(r, "SELECT plugin, authentication_string FROM mysql.user WHERE user = 'o3'")).toEqual([['mysql_old_password', '606706156665cd86']]);
    // IDENTIFIED BY moves a pre-4.1 account to mysql_native_password.
    await run(r, "ALTER USER o3@localhost IDENTIFIED BY 'x'");
    expect(await rows(r, "SELECT plugin FROM mysql.user WHERE user = 'o3'")).toEqual([['mysql_native_password']]);
    expect((await errorOf(r, "CREATE USER o1 IDENTIFIED WITH mysql_old_password BY 'x'")).message).toContain("near 'BY 'x''");
  });

  it("IDENTIFIED BY PASSWORD takes '', a native or pre-4.1 hash, or 'invalid'; anything else is 1372 with 1396 as a condition", async () => {
    const r = root();
    await run(r, "CREATE USER ia IDENTIFIED BY PASSWORD 'invalid'");
    expect(await rows(r, 'SHOW CREATE USER ia')).toEqual([["CREATE USER `ia`@`%` IDENTIFIED BY PASSWORD 'invalid'"]]);
    expect(await errorOf(r, "CREATE USER v2 IDENTIFIED BY PASSWORD 'abc'")).toEqual({ code: 1372, message: 'Password hash should be a 41-digit hexadecimal number' });
    expect(await warnings(r)).toEqual(['Error 1372 Password hash should be a 41-digit hexadecimal number', "Error 1396 Operation CREATE USER failed for 'v2'@'%'"]);
  });

  it('ALTER USER with a plugin that is not loaded is 1396, after 1524 as a condition; CREATE USER fails with the 1524', async () => {
    const r = root();
    await run(r, 'CREATE USER foo2');
    expect(await errorOf(r, "ALTER USER foo2 IDENTIFIED WITH 'somecoolplugin'")).toEqual({ code: 1396, message: "Operation ALTER USER failed for 'foo2'@'%'" });
    expect(await warnings(r)).toEqual(["Error 1524 Plugin 'somecoolplugin' is not loaded", "Error 1396 Operation ALTER USER failed for 'foo2'@'%'"]);
    expect((await errorOf(r, "CREATE USER x1 IDENTIFIED WITH 'somecoolplugin'")).code).toBe(1524);
    expect(await warnings(r)).toEqual(["Error 1524 Plugin 'somecoolplugin' is not loaded", "Error 1396 Operation CREATE USER failed for 'x1'@'%'"]);
  });

  it("ALTER USER of a missing account written without a host names it 'boo'; with a host, 'nosuch'@'%'", async () => {
    const r = root();
    expect(await errorOf(r, 'ALTER USER boo')).toEqual({ code: 1396, message: "Operation ALTER USER failed for 'boo'" });
    expect(await errorOf(r, "ALTER USER nosuch@'%'")).toEqual({ code: 1396, message: "Operation ALTER USER failed for 'nosuch'@'%'" });
    expect(await errorOf(r, 'DROP USER nob')).toEqual({ code: 1396, message: "Operation DROP USER failed for 'nob'@'%'" });
  });

  it('SHOW CREATE USER of an expired account with a lifetime of its own is two statements (MDEV-24114)', async () => {
    const r = root();
    await run(r, 'CREATE USER user7@localhost ACCOUNT LOCK PASSWORD EXPIRE');
    await run(r, 'ALTER USER user7@localhost PASSWORD EXPIRE NEVER ACCOUNT UNLOCK');
    expect(await rows(r, 'SHOW CREATE USER user7@localhost')).toEqual([
      ['CREATE USER `user7`@`localhost` PASSWORD EXPIRE'],
      ['ALTER USER `user7`@`localhost` PASSWORD EXPIRE NEVER'],
    ]);
    await run(r, 'ALTER USER user7@localhost PASSWORD EXPIRE DEFAULT');
    expect(await rows(r, 'SHOW CREATE USER user7@localhost')).toEqual([['CREATE USER `user7`@`localhost` PASSWORD EXPIRE']]);
  });

  it('SELECT ... INTO @var and JSON_VALUE of a JSON boolean (1 / 0)', async () => {
    const r = root();
    expect(await run(r, "SELECT priv INTO @root_priv FROM mysql.global_priv WHERE user = 'root' AND host = 'localhost'")).toMatchObject({ affectedRows: 1 });
    expect(await rows(r, "SELECT JSON_VALUE(@root_priv, '$.plugin'), JSON_VALUE('{\"a\":true}', '$.a'), JSON_VALUE('{\"a\":false}', '$.a')")).toEqual([
      ['mysql_native_password', '1', '0'],
    ]);
  });
});
