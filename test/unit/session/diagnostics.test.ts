/**
 * A failed statement's error is one of its conditions, as the
 * Diagnostics_area keeps it (checked against a real MariaDB 10.11:
 * `select * from nosuch.t; show warnings` lists Error 1146, @@error_count and
 * @@warning_count are 1; a parse error lists its 1064), worded per server.
 */
import { describe, expect, it } from 'vitest';
import { errorOf, login, rows, testServer } from '../../helpers/account-context.js';

describe('the error of a failed statement in SHOW WARNINGS', () => {
  it.each(['mysql-8.4', 'mariadb-10.11'] as const)('%s: SHOW WARNINGS lists it; @@error_count and @@warning_count count it', async (profile) => {
    const r = login(testServer(profile), 'root', 'localhost');
    expect((await errorOf(r, 'SELECT * FROM nosuch.t')).code).toBe(1146);
    expect(await rows(r, 'SHOW WARNINGS')).toEqual([['Error', 1146, "Table 'nosuch.t' doesn't exist"]]);
    await errorOf(r, 'SELECT * FROM nosuch.t');
    expect(await rows(r, 'SELECT @@error_count, @@warning_count')).toEqual([[1, 1]]);
  });

  it('a parse error replaces the previous conditions and is worded as the server words it', async () => {
    const r = login(testServer('mariadb-10.11'), 'root', 'localhost');
    await rows(r, 'SELECT 1 / 0');
    const { message } = await errorOf(r, 'selec 1');
    expect(message).toContain('corresponds to your MariaDB server version');
    expect(await rows(r, 'SHOW WARNINGS')).toEqual([['Error', 1064, message]]);
  });
});
