/**
 * The event loop's turns, which every session shares: nextTurn() yields to
 * I/O (a multi-statement text between batches, a long text between slices
 * of its lexing), and inTurn() queues jobs one per turn.
 *
 * The CPU-heavy step of a full authentication (RSA-OAEP decryption, about
 * 1 ms, and SHA-256-crypt over 5000 rounds, about 6 ms in JavaScript) runs
 * here: one job per turn of the event loop, in arrival order. Between two
 * jobs the loop polls its sockets, so during a storm of full
 * authentications a new connection still gets its greeting and an
 * established one its answer after at most one job, instead of after every
 * decryption that arrived in the same poll (issue 16: 7% of greetings took
 * over 20 s at 1,000 concurrent RSA logins).
 *
 * Large commands queue here too (protocol/commands.ts, LARGE_COMMAND_BYTES):
 * a megabyte of SQL may take a few hundred milliseconds to parse and run,
 * and several arriving in one poll would otherwise run back to back (the
 * wire fuzz saw single pauses of 1 to 4 s that way).
 *
 * A job is synchronous and is the decision: whatever it reads of the
 * account store (the credentials in force, the caching_sha2 cache) is read
 * in the same turn as the outcome it returns, and its promise settles before
 * any other I/O runs. The queue is the process's (there is one event loop),
 * not a server instance's.
 */

const queue: (() => void)[] = [];
let head = 0;
let scheduled = false;
/** The next turn is left to I/O: a connection was accepted and more may be waiting. */
let ioTurn = false;

function runOne(): void {
  scheduled = false;
  if (ioTurn) {
    ioTurn = false;
    schedule();
    return;
  }
  const job = queue[head];
  queue[head++] = undefined as unknown as () => void;
  if (head === queue.length) {
    queue.length = 0;
    head = 0;
  } else {
    schedule();
  }
  job?.();
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  setImmediate(runOne);
}

/** Runs `job` in a later turn of the event loop, after the jobs queued before it; its result or exception. */
export function inTurn<T>(job: () => T): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    queue.push(() => {
      try {
        resolve(job());
      } catch (err) {
        reject(err);
      }
    });
    schedule();
  });
}

/**
 * A connection was accepted: the next turn goes to I/O, not to a job. Node
 * accepts one connection per turn of the event loop while work is queued
 * (measured: 1,000 connects took 11 s with a 10 ms job per turn, 0.3 s when
 * a turn after an accept runs no job), so during a storm the kernel's queue
 * of new connections is drained first, as MySQL's accept thread does, and
 * every client gets its greeting before the queued authentications go on.
 */
export function leaveNextTurnToIo(): void {
  if (head < queue.length) ioTurn = true;
}

/**
 * Resolves as a job of the queue (inTurn()): in a later turn of the event
 * loop, after the jobs queued before it. What the caller does on resolving
 * runs in that turn, alone: the phases of long statements (lexing slices,
 * parse, run, reply) take turns this way, so two long statements' phases
 * never run back to back in one turn (nextTurn() continuations of several
 * sessions all run in the same one).
 */
export function jobTurn(): Promise<void> {
  return inTurn(noop);
}

function noop(): void {}

/** Resolves on the event loop's next turn, after the I/O waiting now. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Jobs waiting for their turn (for tests and the status of a storm). */
export function jobsWaiting(): number {
  return queue.length - head;
}
