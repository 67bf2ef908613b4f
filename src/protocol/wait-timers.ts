/**
 * The clocks of the connections' waits for their clients (wait_timeout,
 * interactive_timeout, the auth exchange's reads), without one Node.js
 * Timeout per connection: the waits of one duration form a list in the
 * order of their deadlines (each new wait goes last), and one timer per
 * duration is due at the first deadline. An idle connection holds four
 * fields instead of a Timeout (about 200 bytes of heap); arming a wait is
 * an unlink and an append, as Timeout.refresh() is.
 */

/** A connection as the wait clocks see it: its links, its deadline, and what to do when its time is up. */
export interface Waiting {
  waitPrev: Waiting | null;
  waitNext: Waiting | null;
  /** The list it is in, or null when no wait of it is timed. */
  waitList: WaitList | null;
  /** performance.now() at which the wait's time is up. */
  waitDeadline: number;
  /** The wait's time is up (the clocks have already forgotten it). */
  waitTimedOut(): void;
}

/** The timed waits of one duration, by deadline. */
export class WaitList {
  head: Waiting | null = null;
  tail: Waiting | null = null;
  private timer: NodeJS.Timeout | null = null;
  /** fire() is ending waits: it arms the timer for what is left when it is done. */
  private firing = false;

  constructor(readonly ms: number) {}

  append(w: Waiting): void {
    w.waitList = this;
    w.waitPrev = this.tail;
    w.waitNext = null;
    if (this.tail) this.tail.waitNext = w;
    else this.head = w;
    this.tail = w;
    if (!this.timer && !this.firing) this.arm(this.ms);
  }

  /** Takes `w` out; an emptied list stops its timer. */
  remove(w: Waiting): void {
    this.unlink(w);
    if (!this.head && !this.firing) this.drop();
  }

  /** Takes `w` out, the timer left as it is (`w` is timed again at once: see armWait()). */
  unlink(w: Waiting): void {
    if (w.waitPrev) w.waitPrev.waitNext = w.waitNext;
    else this.head = w.waitNext;
    if (w.waitNext) w.waitNext.waitPrev = w.waitPrev;
    else this.tail = w.waitPrev;
    w.waitPrev = w.waitNext = null;
    w.waitList = null;
  }

  private arm(ms: number): void {
    this.timer = setTimeout(fire, Math.max(1, Math.ceil(ms)), this);
    this.timer.unref();
  }

  /**
   * No wait left: the timer stops. The list stays for the next wait of its
   * duration, unless there are many (durations sessions set once and left).
   */
  private drop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (lists.size > KEPT_LISTS && lists.get(this.ms) === this) lists.delete(this.ms);
  }

  /** Ends every wait whose time is up, then sleeps until the next deadline (if any). */
  fire(): void {
    this.timer = null;
    this.firing = true;
    try {
      const now = performance.now();
      for (let w = this.head; w && w.waitDeadline <= now; w = this.head) {
        this.remove(w);
        w.waitTimedOut();
      }
    } finally {
      this.firing = false;
      if (this.head) this.arm(this.head.waitDeadline - performance.now());
      else this.drop();
    }
  }
}

function fire(list: WaitList): void {
  list.fire();
}

/** The lists by duration (a server has a handful: wait_timeout, interactive_timeout, connect_timeout). */
const lists = new Map<number, WaitList>();
/** How many lists stay when they are empty. */
const KEPT_LISTS = 16;

/** Times a wait of `ms` for `w`, from now; a wait it had timed before is forgotten. */
export function armWait(w: Waiting, ms: number): void {
  // Re-timed at once: its list keeps its timer (a connection alone in its list does not stop and
  // start one per command; a timer due before the new deadline finds nothing to end and sleeps on).
  const previous = w.waitList;
  if (previous) {
    if (previous.ms === ms) previous.unlink(w);
    else previous.remove(w);
  }
  let list = lists.get(ms);
  if (!list) {
    list = new WaitList(ms);
    lists.set(ms, list);
  }
  w.waitDeadline = performance.now() + ms;
  list.append(w);
}

/** Forgets the timed wait of `w`, if any. */
export function disarmWait(w: Waiting): void {
  w.waitList?.remove(w);
}
