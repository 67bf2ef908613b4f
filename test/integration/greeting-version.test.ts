/**
 * The server version the greeting carries. MariaDB 10.x puts "5.5.5-" before
 * it (RPL_VERSION_HACK): a real MariaDB 10.11.19 greets with
 * "5.5.5-10.11.19-MariaDB-0+deb12u1" (104 bytes to the mariadb CLI), and its
 * client library strips the prefix again (libmariadb's MA_RPL_VERSION_HACK),
 * so the CLI's status line and VERSION() show the version without it. MySQL
 * greets with its version as it is.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { requireCommand } from '../helpers/clients.js';
import { startTestEmulator } from '../helpers/emulator.js';
import { mariadb } from '../helpers/mariadb-cli.js';
import { RawClient } from '../helpers/raw-client.js';
import type { Emulator } from '../../src/index.js';

const cli = requireCommand('mariadb', 'apt-get install mariadb-client');
const started: Emulator[] = [];
afterAll(async () => {
  for (const em of started) await em.close();
});

/** The greeting's server version: the NUL-terminated string after the protocol byte. */
async function greetingVersion(port: number): Promise<string> {
  const c = await RawClient.open(port);
  const greeting = await c.read();
  c.close();
  const payload = greeting!.payload;
  expect(payload[0]).toBe(10);
  return payload.toString('latin1', 1, payload.indexOf(0, 1));
}

describe('the greeting\'s server version', () => {
  it.each([
    ['mariadb-10.11', '5.5.5-10.11.14-MariaDB', '10.11.14-MariaDB'],
    ['mysql-8.4', '8.4.7', '8.4.7'],
    ['mysql-5.7', '5.7.44', '5.7.44'],
    ['oceanbase-4.4', '5.7.25-OceanBase_CE-v4.4.2.1', '5.7.25-OceanBase_CE-v4.4.2.1'],
  ] as const)('%s greets with %s; VERSION() is %s', async (profile, greeted, version) => {
    const em = await startTestEmulator({ profile });
    started.push(em);
    expect(await greetingVersion(em.port)).toBe(greeted);
    expect((await em.sql('SELECT VERSION() AS v')).rows).toEqual([{ v: version }]);
  });

  it.skipIf(!cli.available)('the mariadb CLI strips the prefix, as it does a real MariaDB 10.11\'s', async () => {
    const em = await startTestEmulator({ profile: 'mariadb-10.11' });
    started.push(em);
    const r = await mariadb(em.port, ['-uroot', '--skip-ssl', '-e', 'status']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Server version:\s+10\.11\.14-MariaDB\b/m);
    expect(r.stdout).not.toContain('5.5.5-');
  });
});
