import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { armWait, disarmWait, type Waiting } from '../../../src/protocol/wait-timers.js';

/** A connection's wait as the clocks see it, recording when its time ran out. */
function waiter(log: string[], name: string): Waiting {
  return {
    waitPrev: null,
    waitNext: null,
    waitList: null,
    waitDeadline: 0,
    waitTimedOut: () => void log.push(name),
  };
}

/** Moves the faked clock (setTimeout and performance.now()) on. */
const sleep = async (ms: number) => {
  await vi.advanceTimersByTimeAsync(ms);
};

describe('wait clocks without a Timeout per connection (protocol/wait-timers.ts)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('ends each wait when its own time is up, in the order of the deadlines', async () => {
    const log: string[] = [];
    const a = waiter(log, 'a');
    const b = waiter(log, 'b');
    const c = waiter(log, 'c');
    armWait(a, 40);
    await sleep(15);
    armWait(b, 40);
    armWait(c, 90);
    await sleep(35); // a's 40 ms are up, b's not
    expect(log).toEqual(['a']);
    await sleep(30);
    expect(log).toEqual(['a', 'b']);
    await sleep(60);
    expect(log).toEqual(['a', 'b', 'c']);
  });

  it('a wait armed again starts from now; a disarmed one never ends', async () => {
    const log: string[] = [];
    const a = waiter(log, 'a');
    const b = waiter(log, 'b');
    armWait(a, 40);
    armWait(b, 40);
    await sleep(25);
    armWait(a, 40); // re-armed: now behind b
    disarmWait(b);
    await sleep(25);
    expect(log).toEqual([]);
    await sleep(40);
    expect(log).toEqual(['a']);
    expect(a.waitList).toBeNull();
  });

  it('a wait armed while the clocks end others keeps its full time, and an earlier one is not delayed by it', async () => {
    const log: string[] = [];
    const late = waiter(log, 'late');
    const first: Waiting = { ...waiter(log, 'first'), waitTimedOut: () => {
      log.push('first');
      armWait(late, 40);
    } };
    const second = waiter(log, 'second');
    armWait(first, 30);
    await sleep(10);
    armWait(second, 30);
    await sleep(28); // first ends and arms late (30 + 40 ms from the start); second is due at 40 ms
    expect(log).toEqual(['first']);
    await sleep(20);
    expect(log).toEqual(['first', 'second']);
    await sleep(45);
    expect(log).toEqual(['first', 'second', 'late']);
  });
});
