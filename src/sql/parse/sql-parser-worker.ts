/**
 * node-sql-parser's astify() on its own thread, for long texts: its PEG
 * parser takes about 3 µs per byte (a 1 MiB `INSERT ... VALUES` about 3 s),
 * which on the event loop would hold every session that long. classify.ts
 * sends a text here past CLASSIFY_IN_PROCESS_CHARS and awaits the answer;
 * other sessions run meanwhile. One worker, started on first use, answers
 * one text at a time in arrival order; its heap is bounded, and a worker
 * that dies (a text too large for that heap) answers its pending texts with
 * no opinion and is replaced on the next use. A worker idle for
 * WORKER_IDLE_MS ends, giving its memory back (docs/limits.md).
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** What node-sql-parser said of a text: accepted, a syntax error at an offset of it, or no opinion (its worker died). */
export type AstifyOutcome = { ok: true } | { ok: false; offset: number | undefined } | { ok: null };

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const m = require(workerData.path);
const Parser = m.Parser || (m.default && m.default.Parser);
const parser = new Parser();
parentPort.on('message', (job) => {
  let reply;
  try {
    parser.astify(job.text);
    reply = { id: job.id, ok: true };
  } catch (e) {
    const start = e && e.location && e.location.start;
    reply = { id: job.id, ok: false, offset: start && typeof start.offset === 'number' ? start.offset : undefined };
  }
  parentPort.postMessage(reply);
});
`;

interface ParserWorker {
  worker: Worker;
  pending: Map<number, (outcome: AstifyOutcome) => void>;
  /** Ends the worker when nothing is pending for WORKER_IDLE_MS. */
  idle: NodeJS.Timeout | null;
}

let current: ParserWorker | null = null;
let nextId = 1;

/** An idle worker ends after this long (ms); the next long text starts another (about 0.1 s on its own thread). */
export const WORKER_IDLE_MS = 10_000;

/** The worker's heap bound (MiB): texts up to CLASSIFY_MAX_CHARS take about 50 (classify.ts). */
const WORKER_HEAP_MIB = 128;

function worker(): ParserWorker {
  if (current) return current;
  const path = createRequire(import.meta.url).resolve('node-sql-parser/build/mysql.js');
  const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { path }, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MIB } });
  const pw: ParserWorker = { worker: w, pending: new Map(), idle: null };
  w.unref();
  w.on('message', (reply: { id: number; ok: boolean; offset?: number }) => {
    const done = pw.pending.get(reply.id);
    pw.pending.delete(reply.id);
    done?.(reply.ok ? { ok: true } : { ok: false, offset: reply.offset });
    if (pw.pending.size === 0) {
      pw.idle = setTimeout(() => {
        if (current === pw) current = null;
        void w.terminate();
      }, WORKER_IDLE_MS);
      pw.idle.unref();
    }
  });
  const died = (): void => {
    if (current === pw) current = null;
    for (const done of pw.pending.values()) done({ ok: null });
    pw.pending.clear();
  };
  w.on('error', died);
  w.on('exit', died);
  current = pw;
  return pw;
}

/** node-sql-parser's astify(`text`) on the worker thread. Never rejects. */
export function astifyOffThread(text: string): Promise<AstifyOutcome> {
  const pw = worker();
  if (pw.idle) clearTimeout(pw.idle);
  pw.idle = null;
  const id = nextId++;
  return new Promise((resolve) => {
    pw.pending.set(id, resolve);
    pw.worker.postMessage({ id, text });
  });
}

/** A worker is running (for tests: it ends after WORKER_IDLE_MS idle). */
export function parserWorkerRunning(): boolean {
  return current !== null;
}
