/**
 * lc_messages and lc_time_names take a locale's name (Sys_var_locale,
 * sql/sql_locale.cc): any case, stored as the server spells it; an unknown
 * one is 1649. phpMyAdmin's first statement is `SET lc_messages = 'en_US'`
 * (a real MariaDB 10.11: OK; `SET lc_messages = 'xx_YY'`: ERROR 1649 (HY000)
 * Unknown locale: 'xx_YY').
 */
import { describe, expect, it } from 'vitest';
import { errorOf, login, rows, run, testServer } from '../../helpers/account-context.js';

describe.each(['mysql-8.4', 'mysql-5.7', 'mariadb-10.11'] as const)('%s: locale variables', (profile) => {
  it('take a known locale in any case, and refuse an unknown one with 1649', async () => {
    const s = login(testServer(profile), 'root', 'localhost');
    await run(s, "SET lc_messages = 'en_US', lc_time_names = 'de_de'");
    expect(await rows(s, 'SELECT @@lc_messages, @@lc_time_names')).toEqual([['en_US', 'de_DE']]);
    expect(await errorOf(s, "SET lc_messages = 'xx_YY'")).toEqual({ code: 1649, message: "Unknown locale: 'xx_YY'" });
    expect(await errorOf(s, "SET GLOBAL lc_time_names = 'nowhere'")).toEqual({ code: 1649, message: "Unknown locale: 'nowhere'" });
  });
});
