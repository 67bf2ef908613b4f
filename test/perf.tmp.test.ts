import { test } from 'vitest';
import { fakeContext } from './helpers/fake-context.js';
test('perf', async () => {
  const ctx = fakeContext();
  for (const q of ['SELECT 1', 'select @@version_comment limit 1', "SELECT @@session.auto_increment_increment AS a, @@character_set_client AS b, @@transaction_isolation"]) {
    for (let i = 0; i < 20000; i++) await ctx.run(q);
    const n = 100000;
    const t = process.hrtime.bigint();
    for (let i = 0; i < n; i++) await ctx.run(q);
    const us = Number(process.hrtime.bigint() - t) / 1000 / n;
    console.log(q, us.toFixed(2), 'us');
  }
}, 60000);
