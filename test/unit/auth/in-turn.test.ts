import { describe, expect, it } from 'vitest';
import { inTurn, jobsWaiting, leaveNextTurnToIo } from '../../../src/auth/in-turn.js';

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
