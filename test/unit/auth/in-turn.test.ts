import { describe, expect, it } from 'vitest';
import type { AccountStore } from '../../../src/accounts/store.js';
import { cachingSha2Password } from '../../../src/auth/caching-sha2-password.js';
import { inTurn, jobTurn, jobsWaiting, leaveNextTurnToIo, nextTurn } from '../../../src/turns.js';
import { ClientGone, type AuthInput } from '../../../src/auth/plugin.js';
import { sha256Password } from '../../../src/auth/sha256-password.js';

const turn = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('inTurn: the heavy step of a full authentication, one job per turn of the event loop', () => {
  it('runs jobs in order, one per turn, with their results and exceptions', async () => {
    const ran: number[] = [];
    const jobs = [1, 2, 3].map((n) => inTurn(() => (ran.push(n), n * 10)));
    const failing = inTurn(() => {
      throw new Error('bad ciphertext');
    });
    expect(jobsWaiting()).toBe(4);
    expect(ran).toEqual([]);
    // Other work scheduled meanwhile gets turns between the jobs.
    await turn();
    expect(ran).toEqual([1]);
    await turn();
    expect(ran).toEqual([1, 2]);
    expect(await Promise.all(jobs)).toEqual([10, 20, 30]);
    await expect(failing).rejects.toThrow('bad ciphertext');
    expect(jobsWaiting()).toBe(0);
  });

  it('leaves the turn after an accepted connection to I/O', async () => {
    const ran: string[] = [];
    const a = inTurn(() => ran.push('a'));
    const b = inTurn(() => ran.push('b'));
    leaveNextTurnToIo();
    await turn();
    expect(ran).toEqual([]);
    await turn();
    expect(ran).toEqual(['a']);
    await Promise.all([a, b]);
    expect(ran).toEqual(['a', 'b']);
    // With nothing queued there is no turn to leave: the next job runs at once.
    leaveNextTurnToIo();
    await inTurn(() => ran.push('c'));
    await turn();
    expect(ran).toEqual(['a', 'b', 'c']);
  });
});

describe('jobTurn: the phases of long statements take turns as jobs', () => {
  it('work done on resolving runs alone in its turn: two sessions\' phases never share one, as their nextTurn() continuations do', async () => {
    /** Two sessions, each with three phases; each phase notes the turn (counted by a setImmediate ticker) it ran in. */
    const phases = async (wait: () => Promise<void>): Promise<number[][]> => {
      let turnNo = 0;
      let ticking = true;
      const tick = (): void => {
        turnNo++;
        if (ticking) setImmediate(tick);
      };
      setImmediate(tick);
      const session = async (): Promise<number[]> => {
        const at: number[] = [];
        for (let i = 0; i < 3; i++) {
          await wait();
          at.push(turnNo);
        }
        return at;
      };
      const both = await Promise.all([session(), session()]);
      ticking = false;
      return both;
    };
    const [a, b] = await phases(jobTurn);
    expect(new Set([...a, ...b]).size).toBe(6);
    const [c, d] = await phases(nextTurn);
    expect(c).toEqual(d);
  });
});

describe('a full authentication whose client left before its turn', () => {
  const input = (gone: boolean): AuthInput => ({
    account: null,
    current: () => null,
    scramble: Buffer.alloc(20, 1),
    response: Buffer.alloc(32, 2),
    store: { cachedEntries: () => [] } as unknown as AccountStore,
    wire: {
      exchange: async () => Buffer.from('password\0'),
      send: () => undefined,
      secure: true,
      keys: () => Promise.reject(new Error('no keys needed over TLS')),
      gone,
    },
  });

  it('is dropped undecided (no decryption, no failed login), as caching_sha2 and sha256_password', async () => {
    await expect(cachingSha2Password.authenticate(input(true))).rejects.toBeInstanceOf(ClientGone);
    await expect(sha256Password.authenticate(input(true))).rejects.toBeInstanceOf(ClientGone);
    // A client still there gets its decision (here: no such account).
    await expect(cachingSha2Password.authenticate(input(false))).resolves.toMatchObject({ ok: false, path: 'full-tls' });
  });
});
