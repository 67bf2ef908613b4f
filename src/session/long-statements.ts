/**
 * Long statements (longer than LEX_AHEAD_CHARS: 16 KiB of SQL) take the
 * server's one thread one at a time.
 *
 * Each phase of a long statement (a slice of its lexing, its parse, its
 * run, its reply) is a job of the turns' queue (src/turns.ts jobTurn()), so
 * other sessions answer between phases. Without more, several sessions'
 * long statements would take those turns in alternation, each holding its
 * tokens, tree and result the whole time: the process's memory would be
 * the sum of all of them, and each would finish only when all had, for the
 * same total work on the one thread. The gate admits one at a time, first
 * come first served: memory is one statement's (docs/limits.md, "What a
 * statement holds while it runs"), and the first to come is answered first.
 *
 * A holder leaves the gate when its reply has been handed to the
 * connection, whenever it waits on anything but its own turns (a client
 * that is not reading its result, the parser's worker thread, a statement
 * whose run waits, as USE or KILL do), and
 * however its run ends: a waiting statement waits for the work of the
 * statements before it, never for a client or a timer.
 */
import { jobTurn } from '../turns.js';
import { LEX_AHEAD_CHARS } from '../sql/parse/parser.js';

/** A statement whose parse, run and reply take event-loop turns of their own, one statement at a time: one longer than LEX_AHEAD_CHARS. */
export function isLong(text: string): boolean {
  return text.length > LEX_AHEAD_CHARS;
}

/** The process's one gate (there is one event loop), as src/turns.ts keeps the one queue. */
let holder: object | null = null;
const waiting: { owner: object; admit: () => void }[] = [];

/**
 * Resolves in an event-loop turn of its own (a job of the turns' queue)
 * with `owner` holding the gate: at once for the holder, else after every
 * statement that asked before has left it (longTurnDone()).
 */
export function longTurn(owner: object): Promise<void> {
  if (holder === null) holder = owner;
  if (holder === owner) return jobTurn();
  return new Promise<void>((admit) => waiting.push({ owner, admit })).then(jobTurn);
}

/**
 * `owner` leaves the gate (it waits on something else, or has ended): the
 * first waiting statement takes it. Harmless when `owner` does not hold it.
 */
export function longTurnDone(owner: object): void {
  if (holder !== owner) return;
  const next = waiting.shift();
  holder = next ? next.owner : null;
  next?.admit();
}

/** Statements waiting to be admitted (for tests). */
export function longStatementsWaiting(): number {
  return waiting.length;
}
