/** The range checks sql_yacc.yy makes while parsing account options (ER_WRONG_VALUE, 1525). */
import { describe, expect, it } from 'vitest';
import { errorOf, login, run, testServer } from '../../helpers/account-context.js';

describe('account option ranges', () => {
  const root = () => login(testServer(), 'root', 'localhost');

  it.each([
    ["CREATE USER 'a'@'%' PASSWORD EXPIRE INTERVAL 0 DAY", "Incorrect DAY value: '0'"],
    ["ALTER USER 'root'@'localhost' PASSWORD EXPIRE INTERVAL 65536 DAY", "Incorrect DAY value: '65536'"],
    ["CREATE USER 'a'@'%' FAILED_LOGIN_ATTEMPTS 32768", "Incorrect FAILED_LOGIN_ATTEMPTS value: '32768'"],
    ["CREATE USER 'a'@'%' PASSWORD_LOCK_TIME 40000", "Incorrect PASSWORD_LOCK_TIME value: '40000'"],
  ])('%s -> 1525', async (sql, message) => {
    expect(await errorOf(root(), sql)).toEqual({ code: 1525, message });
  });

  it('accepts the limits themselves', async () => {
    const ctx = root();
    await run(ctx, "CREATE USER 'a'@'%' PASSWORD EXPIRE INTERVAL 65535 DAY FAILED_LOGIN_ATTEMPTS 32767 PASSWORD_LOCK_TIME 32767");
    expect(ctx.server.accounts.get('a', '%')).toMatchObject({ passwordLifetime: 65535, failedLoginAttempts: 32767, passwordLockTime: 32767 });
  });
});

describe('RANDOM PASSWORD length', () => {
  it('follows the session value of generated_random_password_length', async () => {
    const ctx = login(testServer(), 'root', 'localhost');
    await run(ctx, 'SET SESSION generated_random_password_length = 7');
    const result = await run(ctx, "CREATE USER 'r'@'%' IDENTIFIED BY RANDOM PASSWORD");
    expect(result.kind).toBe('rows');
    const row = result.kind === 'rows' ? result.rows[0]! : [];
    expect(String(row[2])).toHaveLength(7);
  });
});
