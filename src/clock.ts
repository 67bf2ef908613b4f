/**
 * The injected clock. All time the emulator uses (password age, lock time,
 * NOW()) comes from here, so tests and teachers can move it forward instead
 * of waiting.
 */
export interface Clock {
  /** Current emulated time in milliseconds since the epoch. */
  now(): number;
  /** Move the clock forward (or back, with a negative amount) by `ms`. */
  advance(ms: number): void;
  /** Offset from the real wall clock, in milliseconds. */
  readonly offsetMs: number;
  setOffset(ms: number): void;
}

export const DAY_MS = 86_400_000;

export function createClock(offsetMs = 0, source: () => number = Date.now): Clock {
  let offset = offsetMs;
  return {
    now: () => source() + offset,
    advance(ms: number) {
      offset += ms;
    },
    get offsetMs() {
      return offset;
    },
    setOffset(ms: number) {
      offset = ms;
    },
  };
}
