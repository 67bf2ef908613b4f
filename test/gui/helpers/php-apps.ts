import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findCommand } from '../../helpers/clients.js';

/**
 * phpMyAdmin and Adminer from Debian's packages, served by PHP's built-in
 * server on 127.0.0.1. Nothing on the system is changed: phpMyAdmin reads its
 * configuration from the path in libraries/vendor_config.php, so it runs from
 * a private tree (copies of its entry scripts and of vendor_config.php,
 * symlinks to everything else) whose configuration points at the emulator.
 */

export const PHPMYADMIN_DIR = '/usr/share/phpmyadmin';
export const ADMINER_FILE = '/usr/share/adminer/adminer.php';
export const CHROMIUM = '/usr/bin/chromium';

export interface PhpApp {
  url: string;
  close(): Promise<void>;
}

/** What is missing to run the browser tests (empty when all is there). */
export function missingGuiTools(app: 'phpmyadmin' | 'adminer'): string[] {
  const missing: string[] = [];
  if (!findCommand('php')) missing.push('php (apt-get install php-cli php-mysql)');
  if (!findCommand(CHROMIUM)) missing.push('chromium (apt-get install chromium)');
  const file = app === 'phpmyadmin' ? `${PHPMYADMIN_DIR}/index.php` : ADMINER_FILE;
  if (!existsSync(file)) missing.push(`${app} (apt-get install ${app})`);
  return missing;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** php -S on a free port of 127.0.0.1 for `docroot`; close() stops it (by its PID) and removes `dir`. */
async function serve(docroot: string, dir: string): Promise<PhpApp> {
  const port = await freePort();
  const args = [...phpSettings(dir), '-S', `127.0.0.1:${port}`, '-t', docroot];
  const child: ChildProcess = spawn('php', args, {
    cwd: docroot,
    stdio: ['ignore', 'ignore', 'pipe'],
    // PHP_CLI_SERVER_WORKERS: the navigation panel and the page load in parallel. The workers are
    // children of this php: in a process group of their own, they are stopped with it.
    env: { ...process.env, PHP_CLI_SERVER_WORKERS: '2' },
    detached: true,
  });
  const stop = (): void => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  process.once('exit', stop);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      await fetch(url, { method: 'HEAD' });
      break;
    } catch {
      if (child.exitCode !== null || i > 100) {
        stop();
        throw new Error(`php -S did not start: ${stderr}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    close: async () => {
      process.off('exit', stop);
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        stop();
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** PHP settings for the built-in server: Debian's php.ini and conf.d (the extensions), sessions in the private tree. */
function phpSettings(dir: string): string[] {
  mkdirSync(join(dir, 'sessions'));
  return ['-d', `session.save_path=${join(dir, 'sessions')}`, '-d', 'display_errors=Off', '-d', 'log_errors=On', '-d', 'date.timezone=UTC'];
}

/** phpMyAdmin with cookie login on one server, the emulator (or the proxy in front of it). */
export async function startPhpMyAdmin(mysql: { host: string; port: number }): Promise<PhpApp> {
  const dir = mkdtempSync(join(tmpdir(), 'gui-phpmyadmin-'));
  const root = join(dir, 'root');
  mkdirSync(root);
  mkdirSync(join(dir, 'tmp'));
  for (const entry of readdirSync(PHPMYADMIN_DIR)) {
    if (entry === 'libraries') continue;
    // The entry scripts define ROOT_PATH from their own directory: copies, not symlinks.
    if (entry.endsWith('.php')) copyFileSync(join(PHPMYADMIN_DIR, entry), join(root, entry));
    else symlinkSync(join(PHPMYADMIN_DIR, entry), join(root, entry));
  }
  const libraries = join(root, 'libraries');
  mkdirSync(libraries);
  for (const entry of readdirSync(join(PHPMYADMIN_DIR, 'libraries'))) {
    if (entry !== 'vendor_config.php') symlinkSync(join(PHPMYADMIN_DIR, 'libraries', entry), join(libraries, entry));
  }
  const vendor = readFileSync(join(PHPMYADMIN_DIR, 'libraries', 'vendor_config.php'), 'utf8')
    .replace(/'configFile' => '[^']*'/, `'configFile' => '${join(dir, 'config.inc.php')}'`)
    .replace(/'tempDir' => '[^']*'/, `'tempDir' => '${join(dir, 'tmp')}/'`);
  writeFileSync(join(libraries, 'vendor_config.php'), vendor);
  writeFileSync(
    join(dir, 'config.inc.php'),
    `<?php
$cfg['blowfish_secret'] = '${'0123456789abcdefghijklmnopqrstuv'}';
$cfg['Servers'][1]['auth_type'] = 'cookie';
$cfg['Servers'][1]['host'] = '${mysql.host}';
$cfg['Servers'][1]['port'] = '${mysql.port}';
$cfg['Servers'][1]['connect_type'] = 'tcp';
$cfg['Servers'][1]['compress'] = false;
$cfg['Servers'][1]['AllowNoPassword'] = false;
$cfg['TempDir'] = '${join(dir, 'tmp')}';
$cfg['VersionCheck'] = false;
$cfg['SendErrorReports'] = 'never';
$cfg['ShowHint'] = false;
$cfg['LoginCookieValidityDisableWarning'] = true;
$cfg['PmaNoRelation_DisableWarning'] = true;
$cfg['SuhosinDisableWarning'] = true;
$cfg['ZeroConf'] = false;
$cfg['DefaultLang'] = 'en';
`,
  );
  return serve(root, dir);
}

/** Adminer's single file; the login form names the server. */
export async function startAdminer(): Promise<PhpApp> {
  const dir = mkdtempSync(join(tmpdir(), 'gui-adminer-'));
  const root = join(dir, 'root');
  mkdirSync(root);
  copyFileSync(ADMINER_FILE, join(root, 'index.php'));
  return serve(root, dir);
}

/**
 * requireCommand for the browser tests: locally, a missing tool skips with a
 * visible reason; under CI (CI=true) it fails.
 */
export function requireGuiTools(app: 'phpmyadmin' | 'adminer'): { available: boolean; reason: string } {
  const missing = missingGuiTools(app);
  if (missing.length === 0) return { available: true, reason: '' };
  const reason = `not installed: ${missing.join(', ')}`;
  if (process.env.CI === 'true') throw new Error(`CI requires ${reason}`);
  console.warn(`skipping: ${reason}`);
  return { available: false, reason };
}
