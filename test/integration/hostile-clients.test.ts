/**
 * Hostile and careless clients (issue: no account change undone by a race,
 * no unauthenticated resource exhaustion, no statement that stalls the server).
 * Every case drives the interleaving deterministically with a byte-level client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator } from '../helpers/emulator.js';
import { parseErr, RawClient } from '../helpers/raw-client.js';

type TestEmulator = Awaited<ReturnType<typeof startTestEmulator>>;

describe('a password replaced during a login', () => {
  let em: TestEmulator;
  beforeAll(async () => {
    em = await startTestEmulator();
  });
  afterAll(async () => {
    await em.close();
  });

  it('a caching_sha2 full authentication that completes after ALTER USER is judged against the new password', async () => {
    await em.sql("CREATE USER 'victim'@'%' IDENTIFIED BY 'old-Pass1'");
    const a = await RawClient.open(em.port);
    const outcome = await a.loginCachingSha2('victim', 'old-Pass1', {
      scramblePassword: 'not-the-password',
      beforePassword: () => em.sql("ALTER USER 'victim'@'%' IDENTIFIED BY 'new-Pass2'").then(() => undefined),
    });
    a.close();
    expect(outcome.full).toBe(true);
    expect(outcome.reply?.payload[0]).toBe(0xff);
    expect(parseErr(outcome.reply!.payload).code).toBe(1045);

    // The old password never reaches the fast-auth cache: the fast path refuses it.
    const b = await RawClient.open(em.port);
    const fast = await b.loginCachingSha2('victim', 'old-Pass1', { beforePassword: async () => undefined });
    b.close();
    expect(fast.fast).toBe(false);
    expect(parseErr(fast.reply!.payload).code).toBe(1045);

    // The new password works, first in full and then through the fast path.
    for (const expectFast of [false, true]) {
      const c = await RawClient.open(em.port);
      const ok = await c.loginCachingSha2('victim', 'new-Pass2');
      c.close();
      expect(ok.fast).toBe(expectFast);
      expect(ok.reply?.payload[0]).toBe(0x00);
    }
  });

  it('a login that started before RETAIN and finished after DISCARD cannot bring the discarded password back', async () => {
    await em.sql("CREATE USER 'rot'@'%' IDENTIFIED BY 'first-Pw1'");
    await em.sql("ALTER USER 'rot'@'%' IDENTIFIED BY 'second-Pw2' RETAIN CURRENT PASSWORD");
    const a = await RawClient.open(em.port);
    const outcome = await a.loginCachingSha2('rot', 'first-Pw1', {
      scramblePassword: 'x',
      beforePassword: () => em.sql("ALTER USER 'rot'@'%' DISCARD OLD PASSWORD").then(() => undefined),
    });
    a.close();
    expect(parseErr(outcome.reply!.payload).code).toBe(1045);
    const b = await RawClient.open(em.port);
    const fast = await b.loginCachingSha2('rot', 'first-Pw1');
    b.close();
    expect(fast.fast).toBe(false);
    expect(parseErr(fast.reply!.payload).code).toBe(1045);
  });

  it('a login that completes after DROP USER is refused', async () => {
    await em.sql("CREATE USER 'gone'@'%' IDENTIFIED BY 'gone-Pw1'");
    const a = await RawClient.open(em.port);
    const outcome = await a.loginCachingSha2('gone', 'gone-Pw1', {
      scramblePassword: 'x',
      beforePassword: () => em.sql("DROP USER 'gone'@'%'").then(() => undefined),
    });
    a.close();
    expect(parseErr(outcome.reply!.payload).code).toBe(1045);
  });
});
