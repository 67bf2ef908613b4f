/**
 * Regular-expression matching that cannot hold the event loop.
 *
 * JavaScript's RegExp backtracks: `'aaaa…b' REGEXP '^(a+)+$'` takes time in
 * 2^n, and one such match would stop every session of the server (they share
 * one thread). MySQL 8 runs ICU with a step budget, `regexp_time_limit`
 * (default 32), and answers ER_REGEXP_TIME_OUT (3699) past it
 * (sql/regexp/regexp_engine.cc, Regexp_engine::CheckError); MariaDB runs PCRE
 * with a match limit and gives warning 1139 `Regex error 'match limit
 * exceeded'` and no match (Regexp_processor_pcre::pcre_exec_warn).
 *
 * A pattern whose worst case is bounded for the subject at hand (no nested or
 * alternated quantified group, no backreference or lookaround, and few enough
 * quantifiers for the subject's length) runs here. Any other runs in one
 * worker thread, started lazily on first need, while this thread waits for it
 * for at most the time limit (Atomics.wait); past it the worker is terminated,
 * a fresh one starts at once (on its own thread: nothing waits for it) and the
 * caller gets `timedOut`. A match never waits longer than its time limit (or
 * 250 ms for a worker still starting).
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

/** One match: its UTF-16 offset in the subject, its text, its capture groups. */
export interface RegexpMatch {
  index: number;
  text: string;
  groups: (string | undefined)[];
}

export type RegexpOutcome = { matches: RegexpMatch[]; timedOut: false } | { matches: []; timedOut: true };

/** Most matches one call reports (REGEXP_INSTR/SUBSTR/REPLACE walk them). */
const MAX_MATCHES = 100_000;
/** Worst-case steps allowed to run on the event loop: subject length ^ (quantifiers + 1). */
const INLINE_STEP_BUDGET = 2e7;
/**
 * How long a match may wait for a worker that is still starting, at least
 * (the time limit itself when longer): the event loop waits meanwhile.
 */
const WORKER_START_WAIT_MS = 250;

/**
 * The first match (`all` false) or every match of `re` in `subject`, within
 * `timeLimitMs` (ignored for a pattern that runs inline).
 */
export function regexpExec(re: RegExp, subject: string, all: boolean, timeLimitMs: number): RegexpOutcome {
  if (runsInline(re.source, subject.length)) return { matches: execHere(re, subject, all), timedOut: false };
  return execInWorker(re, subject, all, timeLimitMs);
}

function execHere(re: RegExp, subject: string, all: boolean): RegexpMatch[] {
  const out: RegexpMatch[] = [];
  if (!all) {
    const m = new RegExp(re.source, re.flags.replace('g', '')).exec(subject);
    if (m) out.push({ index: m.index, text: m[0], groups: m.slice(1) });
    return out;
  }
  const global = new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g');
  for (const m of subject.matchAll(global)) {
    out.push({ index: m.index, text: m[0], groups: m.slice(1) });
    if (out.length >= MAX_MATCHES) break;
  }
  return out;
}

/**
 * Whether the worst case of `source` over `length` characters is small
 * enough to run on the event loop: no quantified group that itself holds a
 * quantifier or an alternation (the exponential cases), no backreference or
 * lookaround, and length^(quantifiers+1) within INLINE_STEP_BUDGET (the
 * polynomial ones).
 */
export function runsInline(source: string, length: number): boolean {
  const scan = scanPattern(source);
  if (scan.risky) return false;
  return (scan.quantifiers + 1) * Math.log10(Math.max(length, 1)) <= Math.log10(INLINE_STEP_BUDGET);
}

interface PatternScan {
  risky: boolean;
  quantifiers: number;
}

/** One pass over a JS pattern: counts quantifiers and spots nested quantified groups, backreferences and lookarounds. */
export function scanPattern(source: string): PatternScan {
  type Group = { quantified: boolean; alternation: boolean };
  const groups: Group[] = [{ quantified: false, alternation: false }];
  let quantifiers = 0;
  let lastClosed: Group | null = null;
  let i = 0;
  const n = source.length;
  while (i < n) {
    const c = source[i]!;
    let closed: Group | null = null;
    if (c === '\\') {
      const e = source[i + 1] ?? '';
      if ((e >= '1' && e <= '9') || e === 'k') return { risky: true, quantifiers };
      i += 2;
    } else if (c === '[') {
      i++;
      if (source[i] === '^') i++;
      if (source[i] === ']') i++;
      while (i < n && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
      i++;
    } else if (c === '(') {
      if (source[i + 1] === '?') {
        const kind = source.slice(i + 2, i + 4);
        if (kind[0] === '=' || kind[0] === '!' || kind === '<=' || kind === '<!') return { risky: true, quantifiers };
      }
      groups.push({ quantified: false, alternation: false });
      i++;
    } else if (c === ')') {
      closed = groups.length > 1 ? groups.pop()! : null;
      if (closed && closed.quantified) groups[groups.length - 1]!.quantified = true;
      i++;
    } else if (c === '|') {
      groups[groups.length - 1]!.alternation = true;
      i++;
    } else if (c === '*' || c === '+' || c === '?' || (c === '{' && /^\{\d+(,\d*)?\}/.test(source.slice(i, i + 24)))) {
      quantifiers++;
      if (lastClosed && (lastClosed.quantified || lastClosed.alternation)) return { risky: true, quantifiers };
      groups[groups.length - 1]!.quantified = true;
      i = c === '{' ? source.indexOf('}', i) + 1 : i + 1;
      // A lazy or possessive mark belongs to this quantifier.
      if (source[i] === '?' || source[i] === '+') i++;
      lastClosed = null;
      continue;
    } else {
      i++;
    }
    lastClosed = closed;
  }
  return { risky: false, quantifiers };
}

// ---------------------------------------------------------------- the worker

interface Job {
  source: string;
  flags: string;
  subject: string;
  all: boolean;
  max: number;
}

type Reply = { ok: true; matches: RegexpMatch[] } | { ok: false; message: string };

const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { flag, port } = workerData;
const state = new Int32Array(flag);
port.on('message', (job) => {
  let reply;
  try {
    const out = [];
    if (!job.all) {
      const m = new RegExp(job.source, job.flags.replace('g', '')).exec(job.subject);
      if (m) out.push({ index: m.index, text: m[0], groups: m.slice(1) });
    } else {
      const re = new RegExp(job.source, job.flags.includes('g') ? job.flags : job.flags + 'g');
      for (const m of job.subject.matchAll(re)) {
        out.push({ index: m.index, text: m[0], groups: m.slice(1) });
        if (out.length >= job.max) break;
      }
    }
    reply = { ok: true, matches: out };
  } catch (e) {
    reply = { ok: false, message: String(e && e.message || e) };
  }
  port.postMessage(reply);
  Atomics.store(state, 1, 1);
  Atomics.notify(state, 1);
});
Atomics.store(state, 0, 1);
Atomics.notify(state, 0);
`;

/** state[0]: 1 once the worker runs; state[1]: 0 while a job runs, 1 when it is answered. */
interface MatchWorker {
  worker: Worker;
  state: Int32Array;
  port: MessagePort;
}

let current: MatchWorker | null = null;

/** The worker, started now if there is none (it starts on its own thread: nothing waits here). */
function worker(): MatchWorker {
  if (current) return current;
  const flag = new SharedArrayBuffer(8);
  const state = new Int32Array(flag);
  const { port1, port2 } = new MessageChannel();
  const w = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { flag, port: port2 },
    transferList: [port2],
    resourceLimits: { maxOldGenerationSizeMb: 256 },
  });
  w.unref();
  port1.unref();
  w.on('error', () => {
    if (current?.worker === w) current = null;
  });
  current = { worker: w, state, port: port1 };
  return current;
}

/** Ends a worker whose job ran past its time, and starts the next one at once, so that it is ready when next needed. */
function replace(w: MatchWorker): void {
  if (current === w) current = null;
  void w.worker.terminate();
  w.port.close();
  worker();
}

function execInWorker(re: RegExp, subject: string, all: boolean, timeLimitMs: number): RegexpOutcome {
  const w = worker();
  // A worker still starting (the first use, or just after a replacement) is waited for a bounded time;
  // if it is not up by then, this match times out and the worker goes on starting for the next one.
  if (Atomics.load(w.state, 0) === 0 && Atomics.wait(w.state, 0, 0, Math.max(timeLimitMs, WORKER_START_WAIT_MS)) === 'timed-out') {
    return { matches: [], timedOut: true };
  }
  Atomics.store(w.state, 1, 0);
  const job: Job = { source: re.source, flags: re.flags, subject, all, max: MAX_MATCHES };
  w.port.postMessage(job);
  if (Atomics.wait(w.state, 1, 0, timeLimitMs) === 'timed-out' && Atomics.load(w.state, 1) === 0) {
    replace(w);
    return { matches: [], timedOut: true };
  }
  const reply = receiveMessageOnPort(w.port)?.message as Reply | undefined;
  if (!reply || !reply.ok) return { matches: [], timedOut: true };
  return { matches: reply.matches, timedOut: false };
}
