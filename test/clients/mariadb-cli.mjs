// The mariadb CLI (10.11, libmariadb) in batch mode for the shared client contract
// (see node-common.mjs and test/helpers/run-client.ts). Statements go in on stdin, one
// per line, in one session: `mariadb --batch --force --xml`. Result sets come back as XML
// on stdout, errors as "ERROR code (state) at line N: text" on stderr (a connect error
// has no "at line"). Opt-in to bit 22: --connect-expired-password. TLS only when asked.
import { spawn } from 'node:child_process';

const args = JSON.parse(process.argv[2]);
const statements = (args.statements ?? []).map((s) => s.replace(/\s*\n\s*/g, ' '));
const cli = spawn(
  'mariadb',
  [
    `--host=${args.host}`, `--port=${args.port}`, `--user=${args.user}`, `--password=${args.password}`,
    '--batch', '--force', '--xml', '--connect-timeout=10',
    args.ssl ? '--ssl' : '--skip-ssl',
    ...(args.canHandleExpired ? ['--connect-expired-password'] : []),
  ],
  { stdio: ['pipe', 'pipe', 'pipe'] },
);
let stdout = '';
let stderr = '';
cli.stdout.on('data', (d) => (stdout += d));
cli.stderr.on('data', (d) => (stderr += d));
// The CLI exits without reading its input when the login fails: ignore that EPIPE.
cli.stdin.on('error', () => {});
cli.stdin.end(statements.map((s) => `${s};\n`).join(''));
await new Promise((resolve) => cli.on('close', resolve));

const unxml = (s) => s.replace(/&(quot|lt|gt|apos|amp|#(\d+));/g, (_, n, d) => (d ? String.fromCharCode(Number(d)) : { quot: '"', lt: '<', gt: '>', apos: "'", amp: '&' }[n]));
const failure = ([, code, sqlState, , message]) => ({ ok: false, code: Number(code), sqlState, message });

const errors = [...stderr.matchAll(/^ERROR (\d+) \((\w+)\)(?: at line (\d+))?: (.*)$/gm)];
const connectError = errors.find((m) => m[3] === undefined);
const report = { client: 'mariadb-cli' };
if (connectError) {
  report.connect = failure(connectError);
  report.statements = [];
} else {
  const byLine = new Map(errors.map((m) => [Number(m[3]), m]));
  const resultSets = [...stdout.matchAll(/<resultset statement="([^"]*)"[^>]*>([\s\S]*?)<\/resultset>|<resultset statement="([^"]*)"[^>]*\/>/g)].map((m) => ({
    sql: unxml(m[1] ?? m[3]),
    rows: [...(m[2] ?? '').matchAll(/<row>([\s\S]*?)<\/row>/g)].map((r) =>
      Object.fromEntries(
        [...r[1].matchAll(/<field name="([^"]*)"(?: xsi:nil="true" \/>|>([\s\S]*?)<\/field>)/g)].map((f) => [unxml(f[1]), f[2] === undefined ? null : unxml(f[2])]),
      ),
    ),
  }));
  report.connect = { ok: true };
  report.statements = [];
  for (const [i, sql] of statements.entries()) {
    const error = byLine.get(i + 1);
    if (error) {
      report.statements.push({ sql, ...failure(error) });
      if (Number(error[1]) >= 2000 && Number(error[1]) < 3000) break; // the session is gone
    } else if (resultSets[0]?.sql === sql) {
      report.statements.push({ sql, ok: true, rows: resultSets.shift().rows });
    } else {
      report.statements.push({ sql, ok: true });
    }
  }
}
console.log(JSON.stringify(report));
