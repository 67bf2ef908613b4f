import { runInPty } from './pty.js';
import type { ClientArgs, ClientReport, StatementOutcome } from './run-client.js';

/**
 * The mariadb CLI (10.11, libmariadb) *interactive*, on a pseudo-terminal
 * (runInPty: util-linux `script`), as a client of the shared contract of
 * run-client.ts. Its screen is parsed into a ClientReport:
 *
 * - a connect error is an `ERROR code (state): text` line with no
 *   "Welcome to the MariaDB monitor" banner (the CLI then exits);
 * - after login, each statement is typed after a prompt (`MySQL [(none)]> `,
 *   `MariaDB [...]> `), and what follows, up to the next prompt, is its
 *   outcome: `ERROR code (state): text`, `Query OK, ...`, `Empty set` or a
 *   table (`| col |` lines; every value a string, `NULL` read as null,
 *   padding trimmed).
 *
 * Interactive, it always sends bit 22 (CLIENT_CAN_HANDLE_EXPIRED_PASSWORDS,
 * `0x20ffae84`): `canHandleExpired` cannot turn it off and is ignored. TLS
 * only when asked (`--ssl`, certificate not verified, as 10.11 does by
 * default), else `--skip-ssl`.
 */

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const PROMPT = /^(?:MySQL|MariaDB) \[[^\]\n]*\]> ?(.*)$/gm;
const ERROR = /^ERROR (\d+) \((\w+)\): (.*)$/m;

function fail(why: string, screen: string): never {
  throw new Error(`mariadb-cli-pty: ${why}; screen:\n${screen}`);
}

/** A statement's outcome from the screen text between its prompt line and the next prompt. */
function outcomeOf(sql: string, text: string, screen: string): StatementOutcome {
  const error = ERROR.exec(text);
  if (error) return { sql, ok: false, code: Number(error[1]), sqlState: error[2]!, message: error[3]! };
  if (/^Empty set\b/m.test(text)) return { sql, ok: true, rows: [] };
  const table = text.split('\n').filter((l) => l.startsWith('|'));
  if (table.length > 0) {
    const cells = (line: string) => line.slice(1, -1).split('|').map((c) => c.trim());
    const [header, ...body] = table.map(cells);
    const rows = body.map((values) => Object.fromEntries(header!.map((name, i) => [name, values[i] === 'NULL' ? null : (values[i] ?? null)])));
    return { sql, ok: true, rows };
  }
  if (/^Query OK\b/m.test(text)) return { sql, ok: true };
  return fail(`no outcome for ${JSON.stringify(sql)} in ${JSON.stringify(text)}`, screen);
}

export async function runMariadbCliPty(args: ClientArgs, timeoutMs = 30_000): Promise<ClientReport> {
  const statements = args.statements.map((s) => s.replace(/\s*\n\s*/g, ' '));
  const command = [
    'mariadb',
    `--host=${args.host}`, `--port=${args.port}`, `--user=${args.user}`, `--password=${args.password}`,
    '--connect-timeout=10', args.ssl ? '--ssl' : '--skip-ssl',
  ].map(quote).join(' ');
  const screen = await runInPty(command, [...statements.map((s) => `${s};`), 'quit'].join('\n') + '\n', timeoutMs);
  const client = 'mariadb-cli-pty';

  if (!screen.includes('Welcome to the MariaDB monitor.')) {
    const error = ERROR.exec(screen) ?? fail('neither a banner nor an ERROR line', screen);
    return { client, connect: { ok: false, code: Number(error[1]), sqlState: error[2]!, message: error[3]! }, statements: [] };
  }
  // Type-ahead is also echoed before the banner by the terminal itself: only prompt lines count.
  const prompts = [...screen.matchAll(PROMPT)];
  const results: StatementOutcome[] = [];
  for (const [i, sql] of statements.entries()) {
    const prompt = prompts[i] ?? fail(`no prompt for ${JSON.stringify(sql)}`, screen);
    if (prompt[1]!.trim() !== `${sql};`) fail(`prompt ${i + 1} shows ${JSON.stringify(prompt[1])}, not ${JSON.stringify(sql)}`, screen);
    const end = prompts[i + 1]?.index ?? screen.length;
    results.push(outcomeOf(sql, screen.slice(prompt.index + prompt[0].length, end), screen));
  }
  return { client, connect: { ok: true }, statements: results };
}
