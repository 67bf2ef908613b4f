import { describe, expect, it } from 'vitest';
import { redactStatement } from '../../../src/server/logger.js';

describe('redactStatement: no password literal reaches a log', () => {
  it.each([
    ["CREATE USER 'a'@'%' IDENTIFIED BY 'S3cret!'", "CREATE USER 'a'@'%' IDENTIFIED BY '<redacted>'"],
    ["ALTER USER USER() IDENTIFIED BY 'new' REPLACE 'old' RETAIN CURRENT PASSWORD", "ALTER USER USER() IDENTIFIED BY '<redacted>' REPLACE '<redacted>' RETAIN CURRENT PASSWORD"],
    ["CREATE USER b IDENTIFIED WITH mysql_native_password AS '*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19'", "CREATE USER b IDENTIFIED WITH mysql_native_password AS '<redacted>'"],
    ["SET PASSWORD = 'x'", "SET PASSWORD = '<redacted>'"],
    ["SET PASSWORD FOR 'u'@'%' = PASSWORD('x') RETAIN CURRENT PASSWORD", "SET PASSWORD FOR 'u'@'%' = PASSWORD('<redacted>') RETAIN CURRENT PASSWORD"],
    ['set password for u = "it\\"s"', "set password for u = '<redacted>'"],
    ["identified by 'a''b'", "identified by '<redacted>'"],
  ])('%s', (sql, expected) => {
    expect(redactStatement(sql)).toBe(expected);
  });

  it('leaves statements without secrets alone', () => {
    expect(redactStatement("SELECT 'IDENTIFIED' FROM dual WHERE user = 'x'")).toBe("SELECT 'IDENTIFIED' FROM dual WHERE user = 'x'");
  });
});
