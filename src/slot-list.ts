/**
 * A list of long-lived members that come and go all the time (the server's
 * open connections, its process list): O(1) add and remove by a slot index
 * each member keeps, iteration, and a size.
 *
 * Not a Set or a Map on purpose. With connections opening and closing
 * thousands of times a second, a Set and a Map holding them (V8's ordered
 * hash tables, remade as they grow, shrink and fill with deleted entries)
 * kept connections alive after they had gone: `node --trace-gc-nvp` under
 * the bench's connect cycle showed a fifth of what the server allocated
 * surviving each scavenge and 1.5 MB promoted per scavenge, each closed
 * connection with its session, buffers and last statement; with both
 * collections as arrays, 6 % and 0.19 MB (3-4 ms scavenges became about 1).
 * A removed member's slot is overwritten at once, so the array never
 * refers to it again.
 */
export interface Slotted {
  /** The member's index in its SlotList, -1 when in none. */
  slot: number;
}

export class SlotList<T extends Slotted> implements Iterable<T> {
  private items: T[] = [];

  get size(): number {
    return this.items.length;
  }

  add(item: T): void {
    item.slot = this.items.length;
    this.items.push(item);
  }

  /** Removes `item` if it is a member (the last member takes its slot); false otherwise. */
  remove(item: T): boolean {
    const i = item.slot;
    if (i < 0 || this.items[i] !== item) return false;
    const last = this.items.pop()!;
    if (last !== item) {
      this.items[i] = last;
      last.slot = i;
    }
    item.slot = -1;
    return true;
  }

  /** The first member for which `test` is true (a scan: for lookups that are rare, KILL's by id). */
  find(test: (item: T) => boolean): T | undefined {
    return this.items.find(test);
  }

  /** A snapshot of the members: iterating it is safe while members come and go. */
  values(): T[] {
    return this.items.slice();
  }

  [Symbol.iterator](): Iterator<T> {
    return this.values()[Symbol.iterator]();
  }

  clear(): void {
    for (const item of this.items) item.slot = -1;
    this.items = [];
  }
}
