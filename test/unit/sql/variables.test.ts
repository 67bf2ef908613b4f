import { describe, expect, it } from 'vitest';
import { getProfile } from '../../../src/config/profiles.js';
import { parseTimeOffset, SystemVariables } from '../../../src/config/variables.js';
import { failure, fakeContext, result, rows, scalar } from '../../helpers/fake-context.js';

describe('SystemVariables registry', () => {
  it('has per-profile variables and defaults', () => {
    const v84 = new SystemVariables(getProfile('mysql-8.4'));
    const v57 = new SystemVariables(getProfile('mysql-5.7'));
    const maria = new SystemVariables(getProfile('mariadb-10.11'));
    expect(v84.get('authentication_policy', 'global')).toBe('*,,');
    expect(v84.definition('default_authentication_plugin')).toBeUndefined();
    expect(v57.get('default_authentication_plugin', 'global')).toBe('mysql_native_password');
    expect(v84.definition('tx_isolation')).toBeUndefined();
    expect(v57.get('tx_isolation', 'global')).toBe('REPEATABLE-READ');
    expect(maria.get('max_password_errors', 'global')).toBe(4294967295);
    expect(v84.definition('max_password_errors')).toBeUndefined();
    expect(v84.definition('query_cache_size')).toBeUndefined();
    expect(v84.get('disconnect_on_expired_password', 'global')).toBe(1);
    expect(maria.get('disconnect_on_expired_password', 'global')).toBe(0);
    expect(v84.get('sql_mode', 'global')).toBe(
      'ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION',
    );
  });

  it('applies startup overrides, which may set read-only variables', () => {
    const v = new SystemVariables(getProfile('mysql-8.4'), { port: 3307, 'default-password-lifetime': '30', disconnect_on_expired_password: false });
    expect(v.get('port', 'global')).toBe(3307);
    expect(v.get('default_password_lifetime', 'global')).toBe(30);
    expect(v.get('disconnect_on_expired_password', 'global')).toBe(0);
    expect(() => new SystemVariables(getProfile('mysql-8.4'), { nonsense: 1 })).toThrow("Unknown system variable 'nonsense'");
  });

  it('calls listeners on SET GLOBAL (emulator_time_offset -> clock)', () => {
    const v = new SystemVariables(getProfile('mysql-8.4'));
    const seen: unknown[] = [];
    v.onSet('emulator_time_offset', (value) => seen.push(value));
    v.set('emulator_time_offset', 'global', '91 DAY');
    expect(seen).toEqual(['91 DAY']);
    expect(() => v.set('emulator_time_offset', 'global', 'soon')).toThrow("Variable 'emulator_time_offset' can't be set to the value of 'soon'");
  });

  it('parses time offsets', () => {
    expect(parseTimeOffset('91 DAY')).toBe(91 * 86_400_000);
    expect(parseTimeOffset('2 hours')).toBe(7_200_000);
    expect(parseTimeOffset('-30 MINUTE')).toBe(-1_800_000);
    expect(parseTimeOffset('0')).toBe(0);
    expect(parseTimeOffset('5')).toBeNull();
    expect(parseTimeOffset('3 fortnights')).toBeNull();
  });
});

describe('SET and SELECT @@ through SQL', () => {
  it.each([
    ['SET nosuch = 1', 1193, "Unknown system variable 'nosuch'"],
    ['SET GLOBAL version = 1', 1238, "Variable 'version' is a read only variable"],
    ['SET GLOBAL disconnect_on_expired_password = OFF', 1238, "Variable 'disconnect_on_expired_password' is a read only variable"],
    ['SET max_connections = 10', 1229, "Variable 'max_connections' is a GLOBAL variable and should be set with SET GLOBAL"],
    ['SET GLOBAL warning_count = 1', 1238, "Variable 'warning_count' is a read only variable"],
    ['SET SESSION max_allowed_packet = 1024', 1621, "SESSION variable 'max_allowed_packet' is read-only. Use SET GLOBAL to assign the value"],
    ["SET autocommit = 'maybe'", 1231, "Variable 'autocommit' can't be set to the value of 'maybe'"],
    ['SET autocommit = 2', 1231, "Variable 'autocommit' can't be set to the value of '2'"],
    ["SET GLOBAL max_connections = 'many'", 1232, "Incorrect argument type to variable 'max_connections'"],
    ["SET sql_mode = 'NOT_A_MODE'", 1231, "Variable 'sql_mode' can't be set to the value of 'NOT_A_MODE'"],
    ['SET time_zone = NULL', 1231, "Variable 'time_zone' can't be set to the value of 'NULL'"],
    ['SELECT @@session.max_connections', 1238, "Variable 'max_connections' is a GLOBAL variable"],
    ['SELECT @@global.warning_count', 1238, "Variable 'warning_count' is a SESSION variable"],
    ['SELECT @@nosuch', 1193, "Unknown system variable 'nosuch'"],
    ['SET NAMES nosuch', 1115, "Unknown character set: 'nosuch'"],
    ['SET NAMES utf8mb4 COLLATE latin1_bin', 1253, "COLLATION 'latin1_bin' is not valid for CHARACTER SET 'utf8mb4'"],
  ])('%s', async (sql, code, message) => {
    const err = await failure(fakeContext(), sql);
    expect([err.code, err.message]).toEqual([code, message]);
  });

  it('MariaDB lets SET GLOBAL change disconnect_on_expired_password', async () => {
    const ctx = fakeContext({ profile: 'mariadb-10.11' });
    await result(ctx, 'SET GLOBAL disconnect_on_expired_password = ON');
    expect(await scalar(ctx, 'SELECT @@global.disconnect_on_expired_password')).toBe(1);
  });

  it('session values shadow the global one and DEFAULT restores it', async () => {
    const ctx = fakeContext();
    await result(ctx, "SET SESSION sql_mode = 'ANSI_QUOTES,traditional', @@session.wait_timeout = 60");
    expect(await scalar(ctx, 'SELECT @@sql_mode')).toBe(
      'ANSI_QUOTES,STRICT_TRANS_TABLES,STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION',
    );
    expect(await scalar(ctx, 'SELECT @@global.wait_timeout')).toBe(28800);
    expect(await scalar(ctx, 'SELECT @@wait_timeout')).toBe(60);
    await result(ctx, 'SET wait_timeout = DEFAULT');
    expect(await scalar(ctx, 'SELECT @@wait_timeout')).toBe(28800);
  });

  it('clamps out-of-range integers with warning 1292', async () => {
    const ctx = fakeContext();
    await result(ctx, 'SET GLOBAL max_connections = 0');
    expect(await scalar(ctx, 'SELECT @@global.max_connections')).toBe(1);
    await result(ctx, 'SET GLOBAL max_connections = 0');
    expect((await rows(ctx, 'SHOW WARNINGS')).rows).toEqual([['Warning', 1292, "Truncated incorrect max_connections value: '0'"]]);
  });

  it('SET GLOBAL asks for SYSTEM_VARIABLES_ADMIN or SUPER', async () => {
    const asked: string[] = [];
    const ctx = fakeContext({ handlers: { hasPrivilege: (_c, p) => (asked.push(p), false) } });
    const err = await failure(ctx, 'SET GLOBAL default_password_lifetime = 30');
    expect([err.code, err.message]).toEqual([1227, 'Access denied; you need (at least one of) the SUPER or SYSTEM_VARIABLES_ADMIN privilege(s) for this operation']);
    expect(asked).toEqual(['SYSTEM_VARIABLES_ADMIN', 'SUPER']);
    await result(ctx, 'SET SESSION wait_timeout = 5');
  });

  it('connector start-up statements work', async () => {
    const ctx = fakeContext();
    for (const sql of [
      'SET NAMES utf8mb4',
      "SET NAMES 'utf8mb4' COLLATE 'utf8mb4_0900_ai_ci'",
      'SET character_set_results = NULL',
      'SET SESSION TRANSACTION READ WRITE',
      'SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED',
      'SET autocommit=1',
      'SET sql_mode = CONCAT(@@sql_mode, \',ANSI_QUOTES\')',
      'SET CHARACTER SET utf8mb4',
    ]) {
      await result(ctx, sql);
    }
    const r = await rows(
      ctx,
      'SELECT @@session.auto_increment_increment AS auto_increment_increment, @@character_set_client AS character_set_client, ' +
        '@@character_set_connection, @@character_set_results, @@character_set_server, @@collation_server, @@init_connect, ' +
        '@@interactive_timeout, @@license, @@lower_case_table_names, @@max_allowed_packet, @@net_write_timeout, @@performance_schema, ' +
        '@@sql_mode, @@system_time_zone, @@time_zone, @@transaction_isolation, @@wait_timeout',
    );
    expect(r.columns.slice(0, 2).map((c) => c.name)).toEqual(['auto_increment_increment', 'character_set_client']);
    expect(r.rows[0]).toEqual([
      1, 'utf8mb4', 'utf8mb4', 'utf8mb4', 'utf8mb4', 'utf8mb4_0900_ai_ci', '', 28800, 'GPL', 0, 67108864, 60, 1,
      'ANSI_QUOTES,ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION',
      'UTC', 'SYSTEM', 'READ-COMMITTED', 28800,
    ]);
    expect(await scalar(ctx, 'SELECT DATABASE(), USER() limit 1')).toBeNull();
  });
});

describe('SHOW VARIABLES', () => {
  it('lists sorted names with ON/OFF and filters by LIKE or WHERE', async () => {
    const ctx = fakeContext();
    const all = await rows(ctx, 'SHOW VARIABLES');
    const names = all.rows.map((r) => r[0] as string);
    expect(names).toEqual([...names].sort());
    expect(all.columns.map((c) => c.name)).toEqual(['Variable_name', 'Value']);
    expect((await rows(ctx, "SHOW VARIABLES LIKE 'autocommit'")).rows).toEqual([['autocommit', 'ON']]);
    expect((await rows(ctx, "SHOW GLOBAL VARIABLES LIKE 'CHARACTER_SET_R%'")).rows).toEqual([['character_set_results', 'utf8mb4']]);
    expect((await rows(ctx, "SHOW SESSION VARIABLES WHERE Variable_name IN ('port', 'license')")).rows).toEqual([['license', 'GPL'], ['port', '3306']]);
    expect((await rows(ctx, "SHOW GLOBAL VARIABLES LIKE 'warning_count'")).rows).toEqual([]);
  });
});
