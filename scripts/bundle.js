// Bundles the CLI into one file so `npm start` opens the port sooner: resolving
// and loading some 80 ESM/CJS modules one by one costs about 75 ms at start.
// node-sql-parser (loaded lazily, off the hot path) and pino-pretty (terminals
// only) stay external.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/cli.ts'],
  outfile: 'dist/mysql-auth-emulator.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['node-sql-parser', 'node-sql-parser/*', 'pino-pretty'],
  // pino and its dependencies are CommonJS and call require().
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
});
