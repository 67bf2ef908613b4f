import { fakeContext } from './helpers/fake-context.js';
import { test } from 'vitest';
test('smoke', async () => {
const ctx = fakeContext();
const qs = [
  'SELECT 1', "select @@version_comment limit 1", "SELECT 'abc', NULL, 1.50, NOW(), 1+2*3, 7/2, USER(), CURRENT_USER, DATABASE()",
  "SELECT DATEDIFF('2026-01-20', '2026-01-15 23:00:00') AS d, DATE_ADD('2026-01-31', INTERVAL 1 MONTH), NOW() - INTERVAL 91 DAY",
  "SELECT 'a' = 'A', 'abc' LIKE 'A%', 10 BETWEEN 1 AND 20, 3 IN (1,2,NULL), CASE WHEN 1 THEN 'x' ELSE 'y' END, IF(NULL,1,2), COALESCE(NULL, 'z')",
  "SELECT PLUGIN_NAME, PLUGIN_STATUS FROM information_schema.PLUGINS WHERE PLUGIN_TYPE = 'AUTHENTICATION' ORDER BY PLUGIN_NAME",
  "SELECT PLUGIN_TYPE, COUNT(*) AS n FROM information_schema.PLUGINS GROUP BY PLUGIN_TYPE ORDER BY n DESC",
  "SHOW VARIABLES LIKE 'max_allowed%'", "SET NAMES utf8mb4", "SET character_set_results = NULL", "SET SESSION TRANSACTION READ WRITE",
  "SELECT @@session.auto_increment_increment AS auto_increment_increment, @@character_set_client AS character_set_client, @@transaction_isolation",
  "SET autocommit=0", "SELECT @@autocommit", "SET @x = 5", "SELECT @x + 1", "SELECT foo()", "USE appdb", "SELECT foo()",
  "SELECT * FORM t", "CREATE TABLE t (a int)", "CREAT TABLE t", "INSERT INTO t VALUES (1)", "DO 1", "SELECT 1; SELECT 2", "",
  "SET GLOBAL version = 'x'", "SET max_connections = 10", "SELECT @@session.max_connections", "SET autocommit = 'maybe'",
  "SELECT JSON_EXTRACT('{\"a\": {\"b\": [1, 2]}}', '$.a.b'), JSON_UNQUOTE(JSON_EXTRACT('{\"a\":\"x\"}', '$.a'))",
  "SELECT DATE_FORMAT('2026-01-05 13:04:05', '%Y-%m-%d %H:%i:%s %W %M %D %p')", "SELECT x FROM mysql.nonexist", "SELECT nope FROM information_schema.PLUGINS",
  "SHOW DATABASES", "SHOW WARNINGS", "SELECT 1/0", "SHOW WARNINGS", "SHOW TABLES FROM information_schema",
  "ALTER USER u IDENTIFIED BY 'x'",
];
for (const q of qs) {
  const out = await ctx.run(q);
  for (const o of out) {
    if ('error' in o) console.log(JSON.stringify(q), '=> ERR', o.error.code, o.error.message);
    else if (o.result.kind === 'rows') console.log(JSON.stringify(q), '=>', JSON.stringify(o.result.columns.map(c => [c.name, c.type, c.length, c.flags, c.charset, c.decimals])), JSON.stringify(o.result.rows, (k, v) => typeof v === 'bigint' ? String(v) : v));
    else console.log(JSON.stringify(q), '=> OK');
  }
}

});
