/**
 * PHP's mysqlnd reads the OK packet's info text length-encoded, with or
 * without CLIENT_SESSION_TRACK (as MySQL's net_send_ok() and MariaDB write
 * it). With the info written raw, mysqli and PDO warned "RSET_HEADER packet
 * additional data length is past ... the packet size", the query returned
 * false and the next one failed with 2014: the UPDATE mysql.user + FLUSH
 * PRIVILEGES flow of the docs broke in every PHP tool.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireCommand } from '../helpers/clients.js';
import { startTestEmulator } from '../helpers/emulator.js';

const run = promisify(execFile);
const php = requireCommand('php', 'apt-get install php-cli php-mysql');

type TestEmulator = Awaited<ReturnType<typeof startTestEmulator>>;

describe.skipIf(!php.available)('PHP mysqli and PDO after statements that carry an info text', () => {
  const profiles = ['mysql-8.4', 'mysql-5.7', 'mariadb-10.11'] as const;
  const ems = new Map<string, TestEmulator>();
  beforeAll(async () => {
    for (const profile of profiles) {
      const em = await startTestEmulator({ profile, mysqlNativePassword: true });
      // MariaDB has no IDENTIFIED WITH plugin BY (a 1064 there); its IDENTIFIED BY is mysql_native_password.
      const identified = profile === 'mariadb-10.11' ? "IDENTIFIED BY 'App-Passw0rd'" : "IDENTIFIED WITH mysql_native_password BY 'App-Passw0rd'";
      await em.sql(`CREATE USER 'app'@'%' ${identified}; GRANT ALL ON *.* TO 'app'@'%'`);
      ems.set(profile, em);
    }
  });
  afterAll(async () => {
    for (const em of ems.values()) await em.close();
  });

  it.each(profiles)('%s: UPDATE mysql.user, its info, FLUSH PRIVILEGES, a multi-statement, then a query', async (profile) => {
    const em = ems.get(profile)!;
    // MariaDB's mysql.user is a view nobody may update (1356): the update goes to a user-table column there too.
    const update = profile === 'mariadb-10.11' ? "SET PASSWORD FOR 'app'@'%' = PASSWORD('App-Passw0rd')" : "UPDATE mysql.user SET max_questions = 0 WHERE User = 'nobody'";
    const code = `
      mysqli_report(MYSQLI_REPORT_OFF);
      $m = new mysqli('127.0.0.1', 'app', 'App-Passw0rd', '', ${em.port});
      if ($m->connect_errno) { echo "connect ", $m->connect_error; exit(1); }
      $r1 = $m->query(${JSON.stringify(update)});
      $out = ['update' => $r1 === true, 'info' => $m->info, 'errno1' => $m->errno];
      $out['flush'] = $m->query('FLUSH PRIVILEGES') === true;
      $m->multi_query(${JSON.stringify(update)} . '; SELECT 41 + 1');
      $results = [];
      do { if ($res = $m->store_result()) { $results[] = $res->fetch_row()[0]; $res->free(); } else { $results[] = 'ok'; } } while ($m->more_results() && $m->next_result());
      $out['multi'] = $results;
      $out['after'] = $m->query('SELECT 7')->fetch_row()[0];
      $pdo = new PDO('mysql:host=127.0.0.1;port=${em.port}', 'app', 'App-Passw0rd', [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);
      $out['pdoRows'] = $pdo->exec(${JSON.stringify(update)});
      $out['pdoAfter'] = $pdo->query('SELECT 8')->fetchColumn();
      echo json_encode($out);
    `;
    const { stdout, stderr } = await run('php', ['-d', 'display_errors=stderr', '-r', code]);
    expect(stderr).toBe('');
    const out = JSON.parse(stdout) as Record<string, unknown>;
    expect(out).toMatchObject({ update: true, errno1: 0, flush: true, multi: ['ok', '42'], after: '7', pdoAfter: 8 });
    if (profile !== 'mariadb-10.11') expect(out.info).toBe('Rows matched: 0  Changed: 0  Warnings: 0');
  });
});
