// Bundles the CLI into one file so `npm start` opens the port sooner: resolving
// and loading some 80 ESM/CJS modules one by one costs about 75 ms at start.
// node-sql-parser (loaded lazily, off the hot path) and pino-pretty (terminals
// only) stay external.
//
// The bundle is CommonJS (dist/mysql-auth-emulator.bundle.cjs) so that it can
// be compiled with a V8 code cache; dist/mysql-auth-emulator.cjs, the command,
// is scripts/code-cache-loader.cjs, which runs it with that cache.
import { build } from 'esbuild';
import { chmodSync, copyFileSync, rmSync } from 'node:fs';

const BUNDLE = 'dist/mysql-auth-emulator.bundle.cjs';
const COMMAND = 'dist/mysql-auth-emulator.cjs';

await build({
  entryPoints: ['src/cli.ts'],
  outfile: BUNDLE,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // import() becomes require(): a vm.Script has no module loader for import().
  supported: { 'dynamic-import': false },
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: "var __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  external: ['node-sql-parser', 'node-sql-parser/*', 'pino-pretty'],
  logLevel: 'warning',
});
rmSync(`${BUNDLE}.cache`, { force: true });
// Earlier builds' command (an ES module loader) and cache, if a dist is reused.
for (const old of ['dist/mysql-auth-emulator.js', 'dist/mysql-auth-emulator.cjs.cache']) rmSync(old, { force: true });
copyFileSync('scripts/code-cache-loader.cjs', COMMAND);
chmodSync(COMMAND, 0o755);
