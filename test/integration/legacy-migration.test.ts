/**
 * The seed guide "Migrating Away from Pre-4.1 Password Hashing and the
 * mysql_old_password Plugin", step by step, with real clients:
 * - the mariadb CLI (libmariadb answers the 1-byte OldAuthSwitchRequest;
 *   it accepts --secure-auth / --secure-auth=0 but no longer refuses old auth),
 * - go-sql-driver/mysql with allowOldPasswords (built from Debian's GOPATH).
 * The identification queries are run before and after every step.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { requireCommand } from '../helpers/clients.js';
import { startTestEmulator } from '../helpers/emulator.js';
import { mariadb } from '../helpers/mariadb-cli.js';

const cli = requireCommand('mariadb', 'apt-get install mariadb-client');
const go = requireCommand('go', 'apt-get install golang-go golang-github-go-sql-driver-mysql-dev');
type TestEmulator = Awaited<ReturnType<typeof startTestEmulator>>;

const IDENTIFY = "SELECT User, Host, Password FROM mysql.user WHERE (plugin = '' AND LENGTH(Password) = 16) OR plugin = 'mysql_old_password'";
const REMAINING = "SELECT User, Host, Password FROM mysql.user WHERE plugin = '' AND LENGTH(Password) = 16";
const FIXUP = "UPDATE mysql.user SET plugin = 'mysql_native_password' WHERE plugin = '' AND (Password = '' OR LENGTH(Password) = 41); FLUSH PRIVILEGES;";
const MSG_1275 = (u: string) =>
  `ERROR 1275 (HY000): Server is running in --secure-auth mode, but '${u}'@'localhost' has a password in the old format; please change the password to the new format`;

/** Legacy rows as a 5.5 data directory had them: implicit old, explicit old, implicit native. */
const LEGACY_ROWS = [
  "CREATE USER 'user1'@'localhost' IDENTIFIED BY 'x'",
  "CREATE USER 'user2'@'localhost' IDENTIFIED BY 'x'",
  "CREATE USER 'user3'@'localhost' IDENTIFIED BY 'user3-pw'",
  "UPDATE mysql.user SET plugin = '', Password = OLD_PASSWORD('user1-old') WHERE User = 'user1'",
  "UPDATE mysql.user SET plugin = 'mysql_old_password', Password = OLD_PASSWORD('user2-old') WHERE User = 'user2'",
  "UPDATE mysql.user SET plugin = '' WHERE User = 'user3'",
  'FLUSH PRIVILEGES',
].join('; ');

let em: TestEmulator | null = null;
afterEach(async () => {
  await em?.close();
  em = null;
});

async function start(profile: 'mysql-5.6' | 'mysql-5.7', variables: Record<string, string> = {}, extra: object = {}): Promise<TestEmulator> {
  em = await startTestEmulator({ profile, variables, ...extra });
  return em;
}

/** Runs the CLI in batch mode and returns stdout + stderr, as a terminal would show them. */
async function run(args: string[]): Promise<string> {
  const r = await mariadb(em!.port, args);
  return (r.stdout + r.stderr).trimEnd();
}

const asRoot = (sql: string) => run(['-uroot', '-e', sql]);
const rowsOf = async (sql: string) => (await em!.sql(sql)).rows;

describe.skipIf(!cli.available)('mysql-5.6: the old-password plugin on the wire', () => {
  it('secure_auth=ON (the default) refuses an old hash with 1275, before any old scramble', async () => {
    await start('mysql-5.6');
    await em!.sql(LEGACY_ROWS);
    expect(await run(['-uuser1', '-puser1-old', '-e', 'SELECT 1'])).toBe(MSG_1275('user1'));
    expect(await run(['-uuser2', '-puser2-old', '--secure-auth=0', '-e', 'SELECT 1'])).toBe(MSG_1275('user2'));
    expect(em!.authEvents().at(-1)).toMatchObject({ plugin: 'mysql_old_password', code: 1275 });
    // Implicit native (empty plugin, 41-character hash) is unaffected.
    expect(await run(['-uuser3', '-puser3-pw', '-e', 'SELECT CURRENT_USER()'])).toBe('CURRENT_USER()\nuser3@localhost');
  });

  it('secure_auth=OFF: the CLI answers the 1-byte OldAuthSwitchRequest; a wrong password is 1045', async () => {
    await start('mysql-5.6', { secure_auth: 'OFF' });
    await em!.sql(LEGACY_ROWS);
    expect(await run(['-uuser1', '-puser1-old', '--secure-auth=0', '-e', 'SELECT CURRENT_USER()'])).toBe('CURRENT_USER()\nuser1@localhost');
    expect(em!.authEvents().at(-1)).toMatchObject({ plugin: 'mysql_old_password', clientPlugin: 'mysql_native_password', switched: true, outcome: 'ok' });
    expect(await run(['-uuser2', '-puser2-old', '-e', 'SELECT CURRENT_USER()'])).toBe('CURRENT_USER()\nuser2@localhost');
    expect(await run(['-uuser2', '-pwrong', '-e', 'SELECT 1'])).toBe("ERROR 1045 (28000): Access denied for user 'user2'@'localhost' (using password: YES)");
    // SET GLOBAL turns it back on for the next login.
    await em!.sql('SET GLOBAL secure_auth = ON');
    expect(await run(['-uuser1', '-puser1-old', '-e', 'SELECT 1'])).toBe(MSG_1275('user1'));
  });

  it('PASSWORD() follows old_passwords; OLD_PASSWORD() is the 3.23 hash', async () => {
    await start('mysql-5.6');
    expect(await asRoot("SELECT PASSWORD('password'), OLD_PASSWORD('password')")).toBe(
      "PASSWORD('password')\tOLD_PASSWORD('password')\n*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19\t5d2e19393cc5ef67",
    );
    expect(await asRoot("SET old_passwords = 1; SELECT PASSWORD('password')")).toBe("PASSWORD('password')\n5d2e19393cc5ef67");
  });
});

describe.skipIf(!cli.available)('mysql-5.6: Method 1 (secure_auth=0, users reset to 4.1 hashes)', () => {
  it('walks the guide, with the identification queries at every step', async () => {
    await start('mysql-5.6', { secure_auth: 'OFF' });
    await em!.sql(LEGACY_ROWS);
    const identify = async () => (await rowsOf(IDENTIFY)).map((r) => r.User);
    expect(await identify()).toEqual(['user1', 'user2']);

    // Explicit mysql_old_password -> empty plugin, expired.
    expect(await asRoot("UPDATE mysql.user SET plugin = '', password_expired = 'Y' WHERE plugin = 'mysql_old_password'; FLUSH PRIVILEGES;")).toBe('');
    expect(await identify()).toEqual(['user1', 'user2']);
    expect((await rowsOf("SELECT plugin, password_expired FROM mysql.user WHERE User = 'user2'"))[0]).toEqual({ plugin: '', password_expired: 'Y' });

    // user2 is expired: batch mode needs --connect-expired-password; the 5.6 sandbox allows SET.
    expect(await run(['-uuser2', '-puser2-old', '--secure-auth=0', '-e', 'SELECT 1'])).toBe(
      'ERROR 1862 (HY000): Your password has expired. To log in you must change it using a client that supports expired passwords.',
    );
    expect(await run(['-uuser2', '-puser2-old', '--secure-auth=0', '--connect-expired-password', '-e', 'SELECT 1'])).toContain(
      'ERROR 1820 (HY000) at line 1: You must SET PASSWORD before executing this statement',
    );
    const reset = "SET old_passwords = 0; SET PASSWORD = PASSWORD('user2-new');";
    expect(await run(['-uuser2', '-puser2-old', '--secure-auth=0', '--connect-expired-password', '-e', reset])).toBe('');
    expect(await identify()).toEqual(['user1']);
    expect(await run(['-uuser1', '-puser1-old', '--secure-auth=0', '-e', "SET old_passwords = 0; SET PASSWORD = PASSWORD('user1-new');"])).toBe('');
    expect(await identify()).toEqual([]);
    expect(await rowsOf(REMAINING)).toEqual([]);

    // The periodic fix-up makes mysql_native_password explicit.
    expect((await rowsOf("SELECT User FROM mysql.user WHERE plugin = ''")).map((r) => r.User)).toEqual(['user1', 'user2', 'user3']);
    expect(await asRoot(FIXUP)).toBe('');
    expect((await rowsOf("SELECT User FROM mysql.user WHERE plugin = ''")).map((r) => r.User)).toEqual([]);
    for (const [user, pw] of [['user1', 'user1-new'], ['user2', 'user2-new'], ['user3', 'user3-pw']]) {
      expect(await run([`-u${user}`, `-p${pw}`, '-e', 'SELECT CURRENT_USER()'])).toBe(`CURRENT_USER()\n${user}@localhost`);
    }
  });
});

describe.skipIf(!cli.available)('Method 2 (the DBA assigns new 4.1 hashes)', () => {
  it('mysql-5.6: UPDATE ... PASSWORD(), password_expired, then the user resets it, with secure_auth left ON', async () => {
    await start('mysql-5.6');
    await em!.sql(LEGACY_ROWS);
    const identify = async () => (await rowsOf(IDENTIFY)).map((r) => r.User);
    expect(await identify()).toEqual(['user1', 'user2']);
    expect(
      await asRoot(
        "SET old_passwords = 0; UPDATE mysql.user SET plugin = 'mysql_native_password', Password = PASSWORD('DBA-chosen-password') WHERE (User, Host) = ('user1', 'localhost'); FLUSH PRIVILEGES;",
      ),
    ).toBe('');
    expect(await identify()).toEqual(['user2']);
    expect(
      await asRoot(
        "SET old_passwords = 0; UPDATE mysql.user SET plugin = 'mysql_native_password', Password = PASSWORD('DBA-chosen-password'), password_expired = 'Y' WHERE (User, Host) = ('user2', 'localhost'); FLUSH PRIVILEGES;",
      ),
    ).toBe('');
    expect(await identify()).toEqual([]);
    expect(await run(['-uuser1', '-pDBA-chosen-password', '-e', 'SELECT CURRENT_USER()'])).toBe('CURRENT_USER()\nuser1@localhost');
    const reset = "SET old_passwords = 0; SET PASSWORD = PASSWORD('user-chosen-password');";
    expect(await run(['-uuser2', '-pDBA-chosen-password', '--connect-expired-password', '-e', reset])).toBe('');
    expect(await run(['-uuser2', '-puser-chosen-password', '-e', 'SELECT CURRENT_USER()'])).toBe('CURRENT_USER()\nuser2@localhost');
  });

  it('mysql-5.7: an empty plugin disables the row (1045, logged); mysql_old_password is not loaded (1524); ALTER USER fixes it', async () => {
    await start('mysql-5.7');
    await em!.sql(
      "CREATE USER 'user1'@'localhost' IDENTIFIED BY 'x'; CREATE USER 'user2'@'localhost' IDENTIFIED BY 'y'; UPDATE mysql.user SET plugin = 'mysql_old_password' WHERE User = 'user1'; UPDATE mysql.user SET plugin = '' WHERE User = 'user2'; FLUSH PRIVILEGES",
    );
    expect(em!.logs.map((l) => l.msg)).toContain(
      "User entry 'user2'@'localhost' has an empty plugin value. The user will be ignored and no one can login with this user anymore.",
    );
    // 5.7.6 dropped the Password column: the guide's query fails as it does on a real 5.7.
    expect(await asRoot(IDENTIFY)).toContain("ERROR 1054 (42S22) at line 1: Unknown column 'Password' in 'field list'");
    expect(await run(['-uuser1', '-px', '-e', 'SELECT 1'])).toBe("ERROR 1524 (HY000): Plugin 'mysql_old_password' is not loaded");
    expect(await run(['-uuser2', '-py', '-e', 'SELECT 1'])).toBe("ERROR 1045 (28000): Access denied for user 'user2'@'localhost' (using password: YES)");

    // The row the load skipped is not an account to ALTER USER (find_acl_user).
    expect(await asRoot("ALTER USER 'user2'@'localhost' IDENTIFIED WITH mysql_native_password BY 'z'")).toContain(
      "ERROR 1396 (HY000) at line 1: Operation ALTER USER failed for 'user2'@'localhost'",
    );
    const alter = "ALTER USER 'user1'@'localhost' IDENTIFIED WITH mysql_native_password BY 'DBA-chosen-password' PASSWORD EXPIRE";
    expect(await asRoot(alter)).toBe('');
    const [{ hash }] = (await rowsOf("SELECT PASSWORD('DBA-chosen-password') AS hash")) as [{ hash: string }];
    expect(await asRoot("SHOW CREATE USER 'user1'@'localhost'")).toBe(
      `CREATE USER for user1@localhost\nCREATE USER 'user1'@'localhost' IDENTIFIED WITH 'mysql_native_password' AS '${hash}' REQUIRE NONE PASSWORD EXPIRE ACCOUNT UNLOCK`,
    );
    const change = "ALTER USER USER() IDENTIFIED BY 'user-chosen-password'";
    expect(await run(['-uuser1', '-pDBA-chosen-password', '--connect-expired-password', '-e', 'SELECT 1'])).toContain(
      'ERROR 1820 (HY000) at line 1: You must reset your password using ALTER USER statement before executing this statement.',
    );
    expect(await run(['-uuser1', '-pDBA-chosen-password', '--connect-expired-password', '-e', change])).toBe('');
    expect(await run(['-uuser1', '-puser-chosen-password', '-e', 'SELECT CURRENT_USER()'])).toBe('CURRENT_USER()\nuser1@localhost');
    expect((await rowsOf("SELECT User FROM mysql.user WHERE plugin IN ('', 'mysql_old_password')")).map((r) => r.User)).toEqual(['user2']);
  });

  it("mysql-5.7: PASSWORD() is deprecated with warning 1681 (no replacement named)", async () => {
    await start('mysql-5.7');
    expect(await asRoot("SELECT PASSWORD('a'); SHOW WARNINGS")).toBe(
      "PASSWORD('a')\n*667F407DE7C6AD07358FA38DAED7828A72014B4E\nLevel\tCode\tMessage\nWarning\t1681\t'PASSWORD' is deprecated and will be removed in a future release.",
    );
  });
});

describe.skipIf(!cli.available)('--upgrade: what mysql_upgrade did to empty plugin columns', () => {
  it('mysql-5.6: 41-character and empty hashes get mysql_native_password, 16-character ones mysql_old_password', async () => {
    await start('mysql-5.6', {}, { initSql: LEGACY_ROWS, upgrade: true });
    expect(await rowsOf('SELECT User, plugin FROM mysql.user ORDER BY User')).toEqual([
      { User: 'root', plugin: 'mysql_native_password' },
      { User: 'user1', plugin: 'mysql_old_password' },
      { User: 'user2', plugin: 'mysql_old_password' },
      { User: 'user3', plugin: 'mysql_native_password' },
    ]);
    expect(em!.logs.map((l) => l.msg)).toContain(
      'Pre-4.1 password hash found. It is deprecated and will be removed in a future release. Please upgrade it to a new format.',
    );
    expect((await rowsOf(IDENTIFY)).map((r) => r.User)).toEqual(['user1', 'user2']);
  });

  it('mysql-5.7: only the native rows are fixed; the others stay disabled', async () => {
    const init =
      "CREATE USER 'n'@'localhost' IDENTIFIED BY 'n-pw'; CREATE USER 'e'@'localhost'; CREATE USER 'o'@'localhost' IDENTIFIED BY 'x'; UPDATE mysql.user SET plugin = '' WHERE User IN ('n', 'e', 'o'); UPDATE mysql.user SET authentication_string = '1d5a69da00e44737' WHERE User = 'o'; FLUSH PRIVILEGES";
    await start('mysql-5.7', {}, { initSql: init, upgrade: true });
    expect(await rowsOf("SELECT User, plugin FROM mysql.user WHERE User IN ('n', 'e', 'o') ORDER BY User")).toEqual([
      { User: 'e', plugin: 'mysql_native_password' },
      { User: 'n', plugin: 'mysql_native_password' },
      { User: 'o', plugin: '' },
    ]);
    expect(await run(['-un', '-pn-pw', '-e', 'SELECT CURRENT_USER()'])).toBe('CURRENT_USER()\nn@localhost');
  });
});

// ------------------------------------------------------------------ go-sql-driver/mysql

const GO_PROGRAM = `// go-sql-driver/mysql with allowOldPasswords (env ALLOW_OLD=0 to leave it off).
package main

import (
	"database/sql"
	"fmt"
	"os"

	"github.com/go-sql-driver/mysql"
)

func main() {
	cfg := mysql.NewConfig()
	cfg.User, cfg.Passwd, cfg.Net, cfg.Addr = os.Args[2], os.Args[3], "tcp", os.Args[1]
	cfg.AllowOldPasswords = os.Getenv("ALLOW_OLD") != "0"
	db, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		panic(err)
	}
	defer db.Close()
	var who string
	if err := db.QueryRow("SELECT CURRENT_USER()").Scan(&who); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(who)
}
`;

let goBinary: Promise<string> | null = null;
function buildGoClient(): Promise<string> {
  goBinary ??= new Promise((resolve, reject) => {
    const dir = mkdtempSync(join(tmpdir(), 'go-old-password-'));
    writeFileSync(join(dir, 'main.go'), GO_PROGRAM);
    const env = { ...process.env, GOPATH: '/usr/share/gocode', GO111MODULE: 'off', GOFLAGS: '', GOCACHE: join(dir, 'cache') };
    execFile('go', ['build', '-o', join(dir, 'client'), 'main.go'], { cwd: dir, env, timeout: 300_000 }, (err, _o, stderr) =>
      err ? reject(new Error(`go build failed: ${stderr}`)) : resolve(join(dir, 'client')),
    );
  });
  return goBinary;
}

function goClient(user: string, password: string, allowOld = true): Promise<string> {
  return buildGoClient().then(
    (bin) =>
      new Promise((resolve) => {
        execFile(bin, [`127.0.0.1:${em!.port}`, user, password], { env: { ...process.env, ALLOW_OLD: allowOld ? '1' : '0' }, timeout: 20_000 }, (_e, stdout) =>
          resolve(stdout.trim()),
        );
      }),
  );
}

describe.skipIf(!go.available)('go-sql-driver/mysql and mysql_old_password (mysql-5.6)', () => {
  it('allowOldPasswords answers the OldAuthSwitchRequest; without it the driver refuses; 1275 under secure_auth', async () => {
    await start('mysql-5.6', { secure_auth: 'OFF' });
    await em!.sql(LEGACY_ROWS);
    expect(await goClient('user1', 'user1-old')).toBe('user1@localhost');
    expect(em!.authEvents().at(-1)).toMatchObject({ plugin: 'mysql_old_password', switched: true, outcome: 'ok' });
    expect(await goClient('user2', 'user2-old')).toBe('user2@localhost');
    expect(await goClient('user2', 'wrong')).toBe("Error 1045: Access denied for user 'user2'@'localhost' (using password: YES)");
    expect(await goClient('user1', 'user1-old', false)).toContain("this user requires old password authentication");
    await em!.sql('SET GLOBAL secure_auth = 1');
    expect(await goClient('user1', 'user1-old')).toBe(
      "Error 1275: Server is running in --secure-auth mode, but 'user1'@'localhost' has a password in the old format; please change the password to the new format",
    );
  }, 120_000);
});
