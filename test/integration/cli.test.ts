/**
 * The mysql-auth-emulator command: mysqld-style flags, the official image's
 * environment variables, the ready line, and a clean stop on SIGTERM/SIGINT.
 * It runs the built CLI (dist/cli.js), as `npm start` does.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { afterEach, describe, expect, it } from 'vitest';

const CLI = join(import.meta.dirname, '../../dist/mysql-auth-emulator.cjs'); // the bundle npm start runs

interface Running {
  child: ChildProcess;
  port: number;
  output: () => string;
}

const started: ChildProcess[] = [];
afterEach(() => {
  for (const c of started.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

function startCli(args: string[], env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<Running> {
  const child = spawn(process.execPath, [...nodeArgs, CLI, '--port', '0', ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ready line:\n${out}`)), 10_000);
    const check = () => {
      const m = /ready for connections\. Version: '[^']+'  address: '127\.0\.0\.1'  port: (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, port: Number(m[1]), output: () => out });
      }
    };
    child.stdout!.on('data', check);
    child.on('exit', () => reject(new Error(`exited early:\n${out}`)));
  });
}

/**
 * The first whole line of the child's output (stdout and stderr together)
 * that `pattern` matches, once it has arrived: the ready line on stdout may
 * be read before a line the process wrote earlier to stderr. Undefined
 * after `timeoutMs`.
 */
async function outputLine(run: Running, pattern: RegExp, timeoutMs = 2000): Promise<string | undefined> {
  for (const t0 = Date.now(); Date.now() - t0 < timeoutMs; await new Promise((r) => setTimeout(r, 20))) {
    const line = run.output().split('\n').slice(0, -1).find((l) => pattern.test(l));
    if (line !== undefined) return line;
  }
  return undefined;
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

async function query(port: number, user: string, password: string, sql: string): Promise<unknown[]> {
  const conn = await mysql.createConnection({ host: '127.0.0.1', port, user, password });
  try {
    const [rows] = await conn.query(sql);
    return rows as unknown[];
  } finally {
    await conn.end();
  }
}

describe('mysql-auth-emulator CLI', () => {
  it('prints one ready line, serves root@localhost without a password, and exits 0 on SIGTERM', async () => {
    const run = await startCli(['--log-level', 'warn']);
    expect(run.output().match(/ready for connections/g)).toHaveLength(1);
    expect(run.output()).toContain('root@localhost is created with an empty password');
    expect(await query(run.port, 'root', '', 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
    const exit = exitOf(run.child);
    run.child.kill('SIGTERM');
    expect(await exit).toBe(0);
  });

  it("logs the ready event with the server's own pid, the process SIGTERM stops", async () => {
    const run = await startCli([]);
    // The ready line may still be arriving: its JSON is read once the line is whole.
    const line = await outputLine(run, /"event":"ready"/);
    const readyEvent = line === undefined ? undefined : (JSON.parse(line) as { event?: string; pid?: number });
    expect(readyEvent?.pid).toBe(run.child.pid);
    const exit = exitOf(run.child);
    process.kill(readyEvent!.pid!, 'SIGTERM');
    expect(await exit).toBe(0);
  });

  it('closes open sessions on SIGINT and exits 0', async () => {
    const run = await startCli([]);
    const conn = await mysql.createConnection({ host: '127.0.0.1', port: run.port, user: 'root' });
    const closed = new Promise((resolve) => conn.on('end', resolve).on('error', resolve));
    const exit = exitOf(run.child);
    run.child.kill('SIGINT');
    expect(await exit).toBe(0);
    await closed;
  });

  it('MYSQL_ROOT_PASSWORD sets root@localhost and root@%', async () => {
    const run = await startCli([], { MYSQL_ROOT_PASSWORD: 's3cret' });
    expect(await query(run.port, 'root', 's3cret', 'SELECT CURRENT_USER() AS cu')).toEqual([{ cu: 'root@localhost' }]);
    await expect(query(run.port, 'root', '', 'SELECT 1')).rejects.toMatchObject({ errno: 1045 });
    const hosts = await query(run.port, 'root', 's3cret', "SELECT host FROM mysql.user WHERE user = 'root' ORDER BY host");
    expect(hosts).toEqual([{ host: '%' }, { host: 'localhost' }]);
  });

  it('MYSQL_RANDOM_ROOT_PASSWORD prints the generated password once', async () => {
    const run = await startCli([], { MYSQL_RANDOM_ROOT_PASSWORD: 'yes' });
    const m = /GENERATED ROOT PASSWORD: (\S+)/.exec(run.output());
    expect(m).not.toBeNull();
    expect(run.output().match(/GENERATED ROOT PASSWORD/g)).toHaveLength(1);
    expect(await query(run.port, 'root', m![1]!, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  it('MYSQL_USER, MYSQL_PASSWORD and MYSQL_DATABASE create an account with rights on the database', async () => {
    const run = await startCli([], { MYSQL_ROOT_PASSWORD: 'r', MYSQL_USER: 'app', MYSQL_PASSWORD: 'app-pw', MYSQL_DATABASE: 'appdb' });
    const conn = await mysql.createConnection({ host: '127.0.0.1', port: run.port, user: 'app', password: 'app-pw', database: 'appdb' });
    const [rows] = await conn.query('SELECT DATABASE() AS db, CURRENT_USER() AS cu');
    expect(rows).toEqual([{ db: 'appdb', cu: 'app@%' }]);
    await conn.end();
  });

  it('--init-file runs SQL as root before the port opens; --profile picks the server', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mae-'));
    const file = join(dir, 'init.sql');
    writeFileSync(file, "CREATE USER 'seeded'@'%' IDENTIFIED BY 'pw';\nCREATE DATABASE seeded_db;\n");
    const run = await startCli(['--init-file', file, '--profile', 'mysql-8.0']);
    expect(await query(run.port, 'seeded', 'pw', 'SELECT VERSION() AS v')).toEqual([{ v: '8.0.44' }]);
  });

  it('nothing a plain-TCP login does not use is loaded before the port opens: node:tls comes with the first TLS connection', async () => {
    // A preload that lists, when the port opens, the built-in modules and packages the process has loaded.
    const dir = mkdtempSync(join(tmpdir(), 'mae-preload-'));
    const preload = join(dir, 'loaded-at-listen.cjs');
    writeFileSync(
      preload,
      `const net = require('node:net');
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  this.once('listening', () => {
    const builtins = process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13));
    const packages = Object.keys(require.cache).filter((f) => f.includes('node_modules'));
    process.stderr.write('loaded at listen: ' + JSON.stringify({ builtins, packages }) + '\\n');
  });
  return listen.apply(this, args);
};
`,
    );
    const run = await startCli([], {}, ['--require', preload]);
    // Written to stderr as the port opened; startCli() returned on the ready line, on stdout.
    const line = /loaded at listen: (.*)/.exec((await outputLine(run, /loaded at listen: /)) ?? '')?.[1];
    const loaded = JSON.parse(line ?? '{}') as { builtins: string[]; packages: string[] };
    expect(loaded.builtins).toContain('net');
    expect(loaded.builtins).toContain('crypto');
    expect(loaded.builtins.filter((m) => /tls/.test(m))).toEqual([]);
    expect(loaded.packages.filter((f) => f.includes('node-sql-parser'))).toEqual([]);
    // The TLS connection still works, loading node:tls then.
    const conn = await mysql.createConnection({ host: '127.0.0.1', port: run.port, user: 'root', ssl: { rejectUnauthorized: false } });
    const [rows] = await conn.query("SHOW SESSION STATUS LIKE 'Ssl_version'");
    await conn.end();
    expect(rows).toEqual([{ Variable_name: 'Ssl_version', Value: expect.stringMatching(/^TLSv1\.[23]$/) }]);
  });

  it('--disconnect-on-expired-password=OFF sets the read-only variable at startup', async () => {
    const run = await startCli(['--disconnect-on-expired-password=OFF']);
    expect(await query(run.port, 'root', '', 'SELECT @@global.disconnect_on_expired_password AS v')).toEqual([{ v: 0 }]);
  });

  it('--validate-password=azure installs the seed guide\'s password policy', async () => {
    const run = await startCli(['--validate-password=azure']);
    await expect(query(run.port, 'root', '', "CREATE USER 'weak'@'%' IDENTIFIED BY 'password'")).rejects.toMatchObject({
      errno: 1819,
      sqlMessage: 'Your password does not satisfy the current policy requirements',
    });
    expect(await query(run.port, 'root', '', "CREATE USER 'ok'@'%' IDENTIFIED BY 'Password123'")).toMatchObject({ affectedRows: 0 });
  });

  it('--ldap-directory=FILE loads authentication_ldap_simple with that directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mae-ldap-'));
    const file = join(dir, 'directory.json');
    writeFileSync(file, JSON.stringify({ 'uid=alice,ou=People,dc=example,dc=com': 's3cret' }));
    const run = await startCli([`--ldap-directory=${file}`]);
    await query(run.port, 'root', '', "CREATE USER 'alice'@'%' IDENTIFIED WITH authentication_ldap_simple AS 'uid=alice,ou=People,dc=example,dc=com'");
    const conn = await mysql.createConnection({ host: '127.0.0.1', port: run.port, user: 'alice', password: 's3cret', enableCleartextPlugin: true });
    const [rows] = await conn.query('SELECT CURRENT_USER() AS u');
    await conn.end();
    expect(rows).toEqual([{ u: 'alice@%' }]);
  });

  it('--profile azure-flexible-8.0 prints a generated admin password once; plain TCP gets 3159', async () => {
    const run = await startCli(['--profile', 'azure-flexible-8.0', '--admin-user', 'myadmin']);
    const m = /GENERATED ADMIN PASSWORD for 'myadmin'@'%': (\S+)/.exec(run.output());
    expect(m).not.toBeNull();
    await expect(query(run.port, 'myadmin', m![1]!, 'SELECT 1')).rejects.toMatchObject({ errno: 3159 });
    const conn = await mysql.createConnection({ host: '127.0.0.1', port: run.port, user: 'myadmin', password: m![1]!, ssl: { rejectUnauthorized: false } });
    const [rows] = await conn.query('SELECT CURRENT_USER() AS cu, VERSION() AS v');
    await conn.end();
    expect(rows).toEqual([{ cu: 'myadmin@%', v: '8.0.42' }]);
  });

  it('--tls-version, --ssl-cipher, --ssl-cert and --ssl-key: the variables show the settings and the files\' names', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mae-tls-'));
    const { createCertificate } = await import('../../src/server/keys.js');
    const own = await createCertificate({ subject: [['CN', 'cli-test']] });
    writeFileSync(join(dir, 'cert.pem'), own.cert);
    writeFileSync(join(dir, 'key.pem'), own.key);
    const run = await startCli(['--tls-version=TLSv1.2', '--ssl-cipher=ECDHE-RSA-AES256-GCM-SHA384', `--ssl-cert=${join(dir, 'cert.pem')}`, `--ssl-key=${join(dir, 'key.pem')}`]);
    const conn = await mysql.createConnection({ host: '127.0.0.1', port: run.port, user: 'root', ssl: { rejectUnauthorized: false } });
    const [rows] = await conn.query("SELECT @@tls_version AS v, @@ssl_cipher AS c, @@ssl_cert AS cert, @@ssl_key AS k, @@ssl_ca AS ca");
    const [status] = await conn.query("SHOW SESSION STATUS WHERE Variable_name IN ('Ssl_version', 'Ssl_cipher')");
    await conn.end();
    expect(rows).toEqual([{ v: 'TLSv1.2', c: 'ECDHE-RSA-AES256-GCM-SHA384', cert: join(dir, 'cert.pem'), k: join(dir, 'key.pem'), ca: null }]);
    expect(status).toEqual([
      { Variable_name: 'Ssl_cipher', Value: 'ECDHE-RSA-AES256-GCM-SHA384' },
      { Variable_name: 'Ssl_version', Value: 'TLSv1.2' },
    ]);
  });

  it('rejects an unknown flag with usage and exit code 2; --help exits 0', async () => {
    const bad = spawn(process.execPath, [CLI, '--no-such-flag'], { stdio: 'ignore' });
    expect(await exitOf(bad)).toBe(2);
    const help = spawn(process.execPath, [CLI, '--help'], { stdio: 'ignore' });
    expect(await exitOf(help)).toBe(0);
  });
});
