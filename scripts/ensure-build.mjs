// `npm start`'s prestart: builds (npm run build) only when the bundle is
// missing or older than a file it is made from (src/, package.json, the
// tsconfigs, scripts/bundle.js); otherwise does nothing, so starting the
// server does not recompile the project each time. A fresh clone builds
// once, at `npm install` (prepare) or at the first `npm start`.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BUNDLE = 'dist/mysql-auth-emulator.cjs';
const INPUTS = ['src', 'package.json', 'tsconfig.json', 'tsconfig.build.json', 'scripts/bundle.js', 'scripts/code-cache-loader.cjs'];

/** The newest modification time under `path` (a file or a directory tree), 0 if it does not exist. */
function newest(path) {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs; // a deleted or renamed file changes its directory
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

/** Why a build is needed, or null when the bundle is up to date. */
export function staleReason(root = ROOT) {
  const built = newest(join(root, BUNDLE));
  if (built === 0) return `${BUNDLE} is missing`;
  for (const input of INPUTS) if (newest(join(root, input)) > built) return `${input} changed since the last build`;
  return null;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const reason = staleReason();
  if (reason) {
    process.stderr.write(`building: ${reason}\n`);
    const npm = process.env.npm_execpath;
    const r = npm ? spawnSync(process.execPath, [npm, 'run', 'build'], { cwd: ROOT, stdio: 'inherit' }) : spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit', shell: process.platform === 'win32' });
    process.exit(r.status ?? 1);
  }
}
