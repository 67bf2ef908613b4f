import { describe, expect, it } from 'vitest';
import { SlotList } from '../../../src/slot-list.js';
import { ProcessList } from '../../../src/session/process-list.js';
import { Session } from '../../../src/session/session.js';

const member = (name: string) => ({ name, slot: -1 });

describe('SlotList', () => {
  it('adds and removes in O(1): the last member takes a removed one\'s slot, and a removed member is nowhere', () => {
    const list = new SlotList<{ name: string; slot: number }>();
    const [a, b, c] = [member('a'), member('b'), member('c')];
    for (const m of [a, b, c]) list.add(m);
    expect(list.size).toBe(3);
    expect(list.remove(a)).toBe(true);
    expect(list.values().map((m) => m.name)).toEqual(['c', 'b']);
    expect([a.slot, b.slot, c.slot]).toEqual([-1, 1, 0]);
    expect(list.remove(a)).toBe(false);
    expect(list.remove(member('stranger'))).toBe(false);
    expect(list.remove(c)).toBe(true);
    expect(list.remove(b)).toBe(true);
    expect(list.size).toBe(0);
  });

  it('iterates over a snapshot: members may leave while the loop runs (close every connection)', () => {
    const list = new SlotList<{ name: string; slot: number }>();
    for (const n of ['a', 'b', 'c', 'd']) list.add(member(n));
    const seen: string[] = [];
    for (const m of list) {
      seen.push(m.name);
      list.remove(m);
    }
    expect(seen).toEqual(['a', 'b', 'c', 'd']);
    expect(list.size).toBe(0);
  });
});

describe('ProcessList', () => {
  it('finds a session by its connection id, and forgets it once removed', () => {
    const init = { user: 'u', clientHost: 'h', accountUser: 'u', accountHost: '%', secure: false, capabilities: 0 };
    const list = new ProcessList();
    const s7 = new Session({ id: 7, ...init });
    const s9 = new Session({ id: 9, ...init });
    list.add(s7);
    list.add(s9);
    expect(list.get(9)).toBe(s9);
    expect(list.has(7)).toBe(true);
    expect(list.remove(s7)).toBe(true);
    expect(list.has(7)).toBe(false);
    expect(list.get(8)).toBeUndefined();
    expect(list.values()).toEqual([s9]);
  });
});
