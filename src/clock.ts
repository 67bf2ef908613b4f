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

/** `onChange` hears every change of the offset (the emulator mirrors it in emulator_time_offset). */
export function createClock(offsetMs = 0, source: () => number = Date.now, onChange?: (offsetMs: number) => void): Clock {
  let offset = offsetMs;
  const set = (ms: number) => {
    if (ms === offset) return;
    offset = ms;
    onChange?.(offset);
  };
  return {
    now: () => source() + offset,
    advance: (ms: number) => set(offset + ms),
    get offsetMs() {
      return offset;
    },
    setOffset: set,
  };
}
