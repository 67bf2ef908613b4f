#!/usr/bin/env node
/**
 * How long one large or pathological statement holds the server's event loop
 * (docs/limits.md, "Statements that could stall the server").
 *
 *   npm run build && node scripts/stall-probe.mjs [--mib 60] [--only NAME] [--rounds N]
 *
 * Starts the built emulator (dist/) in a child process with
 * max_allowed_packet = 1 GiB, keeps a bystander (a mysql2 session in a worker
 * thread) sending `SELECT 1` every 5 ms, sends each statement from another
 * session, and prints the statement's own time and the bystander's worst
 * answer time while it ran. Figures depend on the machine: compare cases
 * within one run.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const mysql = require('mysql2/promise');
const root = fileURLToPath(new URL('..', import.meta.url));
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const MIB = Number(arg('mib', '60')) * 1024 * 1024;
const only = arg('only', '');
/** Each statement runs this many times; the table shows the last run (the first ones include compiling the code they reach). */
const rounds = Number(arg('rounds', '1'));

const CASES = {
  'string literal': () => `SELECT LENGTH('${'a'.repeat(MIB)}')`,
  'escaped string literal': () => `SELECT LENGTH('${'a\\n'.repeat(MIB / 3)}')`,
  comment: () => `SELECT 1 /*${'a'.repeat(MIB)}*/`,
  blanks: () => `SELECT 1${' '.repeat(MIB)}`,
  'one long word (1064)': () => `SELEC ${'x'.repeat(MIB)}`,
  'IN list of 100,000 items': () => `SELECT 1 IN (${'1,'.repeat(99_999)}1)`,
  'number of 1,000,000 digits': () => `SELECT ${'1'.repeat(1_000_000)}`,
  'LIKE 200,000 x 100,000': () => "SELECT REPEAT('a', 200000) LIKE CONCAT(REPEAT('%a', 50000), 'b')",
  'LIKE with 500,000 _ before b': () => "SELECT REPEAT('a', 1000000) LIKE CONCAT('%', REPEAT('_', 500000), 'b%')",
  'LIKE built to be slow (1317)': () => "SELECT REPEAT('a', 200000) LIKE CONCAT('%', REPEAT('aa_', 33000), 'c%')",
  'REGEXP (a+)+ (3699)': () => "SELECT CONCAT(REPEAT('a', 64), 'b') REGEXP '^(a+)+$'",
  // The fuzz's 1 MiB shapes (test/fuzz/generators.ts nestedExpr, bigExpr).
  'nested 300,000 deep (1064)': () => `SELECT ${'('.repeat(300_000)}1${')'.repeat(300_000)}`,
  'NOT x 250,000 (1064)': () => `SELECT ${'NOT '.repeat(250_000)}1`,
  'CONCAT of 200,000 arguments': () => `SELECT LENGTH(CONCAT(${"'ab',".repeat(200_000)}'c'))`,
  'GREATEST of 200,000 arguments': () => `SELECT GREATEST(${'1,'.repeat(200_000)}2)`,
  'string IN list of 200,000 items': () => `SELECT 'x' IN (${"'y',".repeat(200_000)}'z')`,
  'select list of 200,000 items': () => `SELECT 1${',1'.repeat(200_000)}`,
  'a + chain of 500,000 (1436)': () => `SELECT 1${'+1'.repeat(500_000)}`,
  'an AND chain of 200,000': () => `SELECT 1${' AND 1'.repeat(200_000)}`,
  // A statement the emulator does not run: checked by node-sql-parser (about 3 µs a byte) on its own thread.
  'INSERT of 1 MiB (1235)': () => `INSERT INTO t VALUES ${'(1),'.repeat(MIB / 4)}(1)`,
  'unrecognised 1 MiB (1064)': () => `\ufeffSELECT ${'1 IN ('.repeat(MIB / 7)}1`,
  // Sent as COM_STMT_PREPARE (the fuzz's shapes): 65,535 markers is the most a statement may have, one more is 1390.
  'prepare of 65,535 markers': () => ({ prepare: `SELECT ?${',?'.repeat(65_534)}` }),
  'prepare of 65,536 markers (1390)': () => ({ prepare: `SELECT ?${',?'.repeat(65_535)}` }),
  'prepare of a || chain of 65,536': () => ({ prepare: `SELECT ${'1 || '.repeat(65_536)}1` }),
};

async function freePort() {
  const srv = createServer().listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const { port } = srv.address();
  srv.close();
  return port;
}

const port = await freePort();
const server = spawn(process.execPath, ['dist/mysql-auth-emulator.cjs', `--port=${port}`, '--max-allowed-packet=1073741824', '--log-level=warn'], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'inherit'],
});
for await (const chunk of server.stdout) if (String(chunk).includes('ready for connections')) break;

const bystander = new Worker(
  `
const { parentPort, workerData } = require('node:worker_threads');
const mysql = require(workerData.mysql2);
(async () => {
  const c = await mysql.createConnection({ host: '127.0.0.1', port: workerData.port, user: 'root' });
  let worst = 0;
  // The SELECT 1 in flight when the window closes counts up to then, and its rest in the next window.
  let s = -1;
  parentPort.on('message', (m) => {
    if (m !== 'reset') { c.end(); parentPort.close(); process.exit(0); }
    const now = performance.now();
    if (s >= 0) { worst = Math.max(worst, now - s); s = now; }
    parentPort.postMessage(worst);
    worst = 0;
  });
  parentPort.postMessage('ready');
  for (;;) {
    s = performance.now();
    await c.query('SELECT 1');
    worst = Math.max(worst, performance.now() - s);
    s = -1;
    await new Promise((r) => setTimeout(r, 5));
  }
})();
`,
  { eval: true, workerData: { port, mysql2: require.resolve('mysql2/promise') } },
);
await once(bystander, 'message');
const worstSinceReset = async () => {
  bystander.postMessage('reset');
  const [worst] = await once(bystander, 'message');
  return worst;
};

const conn = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root' });
console.log(`| statement (${MIB / 1024 / 1024} MiB where sized) | answer | statement ms | bystander's worst SELECT 1, ms |`);
console.log('|---|---|---|---|');
for (const [name, make] of Object.entries(CASES)) {
  if (only && !name.includes(only)) continue;
  const sql = make();
  let answer, ms, worst;
  for (let r = 0; r < rounds; r++) {
    await worstSinceReset();
    const started = performance.now();
    try {
      if (typeof sql === 'object') {
        // mysql2 keeps prepared statements by their text: each round prepares anew.
        (await conn.prepare(sql.prepare)).close();
        conn.unprepare(sql.prepare);
      }
      else await conn.query(sql);
      answer = 'result';
    } catch (err) {
      answer = `ERROR ${err.errno ?? err.message}`;
    }
    ms = performance.now() - started;
    worst = await worstSinceReset();
  }
  console.log(`| ${name} | ${answer} | ${ms.toFixed(0)} | ${worst.toFixed(0)} |`);
}
await conn.end();
bystander.postMessage('stop');
server.kill('SIGTERM');
await once(server, 'exit');
process.exit(0);
