#!/usr/bin/env node
// Renders docs/compatibility.md from the client suite's results
// (test/clients/results/latest.jsonl, written by `npm run test:clients`).
//   node scripts/compatibility-matrix.js           write docs/compatibility.md
//   node scripts/compatibility-matrix.js --check   exit 1 (with a diff summary) if it is stale
//   --results FILE                                  read FILE instead (the suite checks its own run's lines)
// The page holds only what is stable from run to run: codes, n/a reasons, notes and
// each client's wrong-password error with ports and connection ids masked.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const RESULTS = ROOT + 'test/clients/results/latest.jsonl';
const PAGE = ROOT + 'docs/compatibility.md';

/** Columns, in order (the ids of test/clients/scenarios.ts). */
const SCENARIOS = [
  ['sha2-full', 'caching_sha2 full (RSA)'],
  ['sha2-full-tls', 'caching_sha2 full (TLS)'],
  ['sha2-fast', 'caching_sha2 fast'],
  ['native', 'mysql_native_password'],
  ['wrong-password', 'wrong password'],
  ['expired', 'expired, no bit 22'],
  ['expired-bit22', 'expired, bit 22'],
  ['expired-off', 'expired, no bit 22, variable OFF'],
  ['locked', 'ACCOUNT LOCK'],
  ['lockout', 'lockout: wrong / wrong / right'],
  ['dual-retain', 'RETAIN: old / new'],
  ['dual-discard', 'DISCARD: old / new'],
];

/** Rows, in order, with how each declares bit 22 (read from each library's source and seen on the wire). */
const CLIENTS = {
  mysql2: {
    name: 'mysql2 3.x (npm)',
    bit22: "`flags: ['CAN_HANDLE_EXPIRED_PASSWORDS']`. Capability word `0x08baf3ce`, with the flag `0x08faf3ce`. TLS: `ssl: { rejectUnauthorized: false }`.",
  },
  mysqljs: {
    name: 'mysql (mysqljs) 2.18 (npm)',
    bit22:
      "No named constant. Its flags string is resolved by name against `mysql/lib/protocol/constants/client`, so the test script adds `CLIENT_CAN_HANDLE_EXPIRED_PASSWORDS = 0x400000` there, then asks for `flags: '+CAN_HANDLE_EXPIRED_PASSWORDS'`. Capability word `0x0006f3cf`, then `0x0046f3cf`. It sends no CLIENT_PLUGIN_AUTH and implements only mysql_native_password, so every scenario but the caching_sha2 ones runs with a mysql_native_password account on an emulator that loads it. TLS: `ssl: { rejectUnauthorized: false }` (it works: the TLS login still gets 1251).",
  },
  'mariadb-npm': {
    name: 'mariadb 3.x (npm)',
    bit22: '`permitConnectionWhenExpired: true`. Capability word `0x01bea302`, then `0x01fea302`. caching_sha2 full auth over plain TCP needs `allowPublicKeyRetrieval: true`. TLS: `ssl: { rejectUnauthorized: false }`.',
  },
  'mariadb-cli': {
    name: 'mariadb CLI 10.11, batch',
    bit22:
      'In batch mode (stdin not a terminal) only with `--connect-expired-password`: `0x00bfaa84`, then `0x00ffaa84`. Interactive (a tty) it always sends it (`0x20ffae84`). The suite runs it with `--batch --force --xml --skip-ssl` (`--ssl` for TLS) and statements on stdin.',
  },
  'mariadb-cli-pty': {
    name: 'mariadb CLI 10.11, interactive (pty)',
    bit22:
      'Always, with no option to leave it out: `0x20ffae84`. The suite runs it on a pseudo-terminal (util-linux `script`, test/helpers/pty.ts) with `--skip-ssl` (`--ssl` for TLS), types the statements at its prompt and reads the screen (test/helpers/mariadb-cli-pty.ts): tables, `Query OK`, `Empty set`, `ERROR code (state): text`. After login it sends `select @@version_comment limit 1`, which fails quietly in the sandbox.',
  },
  pymysql: {
    name: 'PyMySQL 1.0',
    bit22: '`client_flag=pymysql.constants.CLIENT.HANDLE_EXPIRED_PASSWORDS`. Capability word `0x003aa205`, then `0x007aa205`. The script passes `autocommit=None`: the default sends `SET AUTOCOMMIT = 0` after login, which the sandbox refuses. TLS: `ssl=` an `ssl.SSLContext` with `check_hostname = False`, `verify_mode = CERT_NONE`.',
  },
  mysqldb: {
    name: 'MySQLdb / mysqlclient 1.4 (libmariadb)',
    bit22: '`client_flag=1<<22` (no named constant). Capability word `0x00bea284`, then `0x00fea284`. The script passes `autocommit=None`: the default sends `SET autocommit=0` after login, which the sandbox refuses (the connect then fails with 1820). TLS: `ssl={\'ca\': None}`.',
  },
  mysqli: {
    name: 'PHP mysqli (mysqlnd 8.2)',
    bit22: 'The flag `MYSQLI_CLIENT_CAN_HANDLE_EXPIRED_PASSWORDS` on `real_connect` (or the option `MYSQLI_OPT_CAN_HANDLE_EXPIRED_PASSWORDS`). Capability word `0x001aa285`, then `0x005aa285`. TLS: the flags `MYSQLI_CLIENT_SSL | MYSQLI_CLIENT_SSL_DONT_VERIFY_SERVER_CERT`.',
  },
  pdo: {
    name: 'PHP PDO_MySQL (mysqlnd 8.2)',
    bit22: 'None. Capability word `0x001ba285`. TLS: `PDO::MYSQL_ATTR_SSL_CIPHER` (any SSL option turns TLS on; `MYSQL_ATTR_SSL_VERIFY_SERVER_CERT => false` alone does not) with `MYSQL_ATTR_SSL_VERIFY_SERVER_CERT => false`.',
  },
  'dbd-mariadb': {
    name: 'Perl DBD::MariaDB 1.22 (libmariadb)',
    bit22: 'None. Capability word `0x80bea286`. TLS: `mariadb_ssl=1;mariadb_ssl_optional=1` (TLS when the server offers it, certificate not verified: the driver refuses to enforce TLS without `mariadb_ssl_verify_server_cert=1`).',
  },
  'dbd-mysql': {
    name: 'Perl DBD::mysql 4.050 (libmariadb)',
    bit22: 'None. Capability word `0x00bea286`. TLS: `mysql_ssl=1;mysql_ssl_optional=1` (on libmariadb it cannot enforce TLS: "Enforcing SSL encryption is not supported").',
  },
  'ruby-mysql2': {
    name: 'Ruby mysql2 0.5 (libmariadb)',
    bit22: '`flags:` including `1 << 22` (ORed with the gem\'s default flags). Capability word `0x80bfa284`, then `0x80ffa284`. TLS: `sslcipher: \'DEFAULT\'` (on libmariadb any `ssl*` option turns TLS on; a cipher list asks for no verification).',
  },
  'connector-j': {
    name: 'MariaDB Connector/J 2.7',
    bit22: 'None. Capability word `0x01bea382`. caching_sha2 full auth over plain TCP needs `allowPublicKeyRetrieval=true`. TLS: `useSsl=true&trustServerCertificate=true`.',
  },
  'go-mysql': {
    name: 'go-sql-driver/mysql 1.5',
    bit22: 'None: the constant `clientCanHandleExpiredPasswords` exists but is never sent. Capability word `0x000aa285`. TLS: DSN `tls=skip-verify`.',
  },
};

/** @param {string} text */
export function parseResults(text) {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l));
}

/** A login's outcome in a cell: the connect error's code, `ok`, or the statements' codes joined by →. */
function outcome(line) {
  if (!line.connect.ok) return String(line.connect.code ?? 'error');
  const steps = line.statements.map((s) => (s.ok ? 'ok' : String(s.code ?? 'error')));
  return steps.every((s) => s === 'ok') ? 'ok' : steps.join('→');
}

/** Masks what changes from run to run: ports and connection ids. */
function stable(message) {
  return String(message).replace(/\(port=\d+\)/g, '(port=N)').replace(/\(conn=\d+\)/g, '(conn=N)');
}

/** @param {any[]} lines */
export function renderMatrix(lines) {
  const cells = new Map();
  for (const line of lines) {
    if (!(line.client in CLIENTS)) throw new Error(`unknown client ${line.client}: describe it in scripts/compatibility-matrix.js`);
    if (!SCENARIOS.some(([id]) => id === line.scenario)) throw new Error(`unknown scenario ${line.scenario}`);
    const key = `${line.client} ${line.scenario}`;
    cells.set(key, [...(cells.get(key) ?? []), line]);
  }
  const notes = [];
  const footnote = (text) => {
    let n = notes.indexOf(text) + 1;
    if (n === 0) n = notes.push(text);
    return ` [${n}]`;
  };
  const present = Object.keys(CLIENTS).filter((c) => lines.some((l) => l.client === c));
  const out = [
    '# Client compatibility',
    '',
    '<!-- Generated by scripts/compatibility-matrix.js from test/clients/results/latest.jsonl: do not edit.',
    '     Regenerate with `npm run test:clients && npm run docs:compatibility`. -->',
    '',
    'Every client below is a real driver, run by `npm run test:clients` (test/clients/compatibility.test.ts)',
    'against the emulator (profile mysql-8.4; TLS only in the TLS column) through the scripts in `test/clients/`. A cell',
    'shows what the client observed: `ok`, the error code of the connect, or the codes of the statements in order',
    '(`1820→ok→ok`: `SELECT 1` refused in the sandbox, `ALTER USER USER() IDENTIFIED BY ...` accepted, `SELECT 1` works);',
    'logins one after the other are separated by ` / `.',
    '`n/a`: the client cannot do it (reason in the notes); it is never counted as a pass.',
    '',
    `| client | ${SCENARIOS.map(([, title]) => title).join(' | ')} |`,
    `|---|${SCENARIOS.map(() => '---').join('|')}|`,
  ];
  for (const client of present) {
    const row = SCENARIOS.map(([id]) => {
      const runs = cells.get(`${client} ${id}`);
      if (!runs) return 'not run';
      const na = runs.find((l) => l.notApplicable !== undefined);
      if (na) return 'n/a' + footnote(na.notApplicable);
      const text = runs.map(outcome).join(' / ');
      const noted = runs.find((l) => l.note);
      return text + (noted ? footnote(noted.note) : '');
    });
    out.push(`| ${CLIENTS[client].name} | ${row.join(' | ')} |`);
  }
  out.push('', 'Notes:', '');
  notes.forEach((text, i) => out.push(`${i + 1}. ${text}`));
  out.push(
    '',
    'Scenarios (test/clients/scenarios.ts): caching_sha2_password full auth over RSA on the first login of an account, then the fast path',
    'on the second; full auth over TLS (certificate not verified) on the first login of another account, checked in the',
    "emulator's auth log (`tls: true`, `path: 'full-tls'`); mysql_native_password on an emulator started with",
    '`mysqlNativePassword: true`; a wrong password (1045); an expired account without bit 22 while',
    '`disconnect_on_expired_password` is ON (1862), with bit 22 (the sandbox), and without bit 22 while the variable is OFF',
    '(the sandbox too); `ACCOUNT LOCK` (3118); failed-login lockout with `FAILED_LOGIN_ATTEMPTS 2 PASSWORD_LOCK_TIME 1`: a wrong',
    'password (1045), a second one, which reaches the limit and is already answered with 3955, then the right password (3955',
    'too; see [locking.md](locking.md)); dual passwords: the old and new password after `RETAIN CURRENT PASSWORD`, then after',
    '`DISCARD OLD PASSWORD`.',
    '',
    '## How each client declares bit 22 (CLIENT_CAN_HANDLE_EXPIRED_PASSWORDS)',
    '',
    'The capability words are those seen on the wire, without and with the option; TLS is how the suite asks each one for',
    'TLS without certificate verification. "Wrong password" and "Locked out" (the right password after the lockout) are the',
    'errors as the client reports them (code, SQLSTATE when it reports one, message).',
  );
  for (const client of present) {
    out.push('', `### ${CLIENTS[client].name}`, '', CLIENTS[client].bit22);
    const shown = [
      ['Wrong password', cells.get(`${client} wrong-password`)?.[0]],
      ['Locked out', cells.get(`${client} lockout`)?.find((l) => l.step === 'right')],
    ];
    for (const [label, line] of shown) {
      if (!line?.connect || line.connect.ok) continue;
      const c = line.connect;
      out.push('', `${label}: \`${c.code}\`${c.sqlState ? ` (\`${c.sqlState}\`)` : ', no SQLSTATE'}: \`${stable(c.message).replace(/\n/g, '\\n')}\``);
    }
  }
  return out.join('\n') + '\n';
}

async function main() {
  const at = process.argv.indexOf('--results');
  const page = renderMatrix(parseResults(readFileSync(at > 0 ? process.argv[at + 1] : RESULTS, 'utf8')));
  if (!process.argv.includes('--check')) {
    writeFileSync(PAGE, page);
    return;
  }
  let current = '';
  try {
    current = readFileSync(PAGE, 'utf8');
  } catch {
    // missing: stale
  }
  if (current === page) return;
  const a = current.split('\n');
  const b = page.split('\n');
  const diff = [];
  for (let i = 0; i < Math.max(a.length, b.length) && diff.length < 20; i++) {
    if (a[i] !== b[i]) diff.push(`line ${i + 1}:\n- ${a[i] ?? ''}\n+ ${b[i] ?? ''}`);
  }
  console.error(`docs/compatibility.md is stale: run npm run docs:compatibility\n${diff.join('\n')}`);
  process.exitCode = 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
