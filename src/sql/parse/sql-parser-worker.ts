/**
 * node-sql-parser's astify() on its own thread, for long texts: its PEG
 * parser takes about 3 µs per byte (a 1 MiB `INSERT ... VALUES` about 3 s),
 * which on the event loop would hold every session that long. classify.ts
 * sends a text here past CLASSIFY_IN_PROCESS_CHARS and awaits the answer;
 * other sessions run meanwhile. One worker, started on first use, answers
 * one text at a time in arrival order; its heap is bounded, and a worker
 * that dies (a text too large for that heap) answers its pending texts with
 * no opinion and is replaced on the next use.
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
}

let current: ParserWorker | null = null;
let nextId = 1;

function worker(): ParserWorker {
  if (current) return current;
  const path = createRequire(import.meta.url).resolve('node-sql-parser/build/mysql.js');
  const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { path }, resourceLimits: { maxOldGenerationSizeMb: 512 } });
  const pw: ParserWorker = { worker: w, pending: new Map() };
  w.unref();
  w.on('message', (reply: { id: number; ok: boolean; offset?: number }) => {
    const done = pw.pending.get(reply.id);
    pw.pending.delete(reply.id);
    done?.(reply.ok ? { ok: true } : { ok: false, offset: reply.offset });
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
  const id = nextId++;
  return new Promise((resolve) => {
    pw.pending.set(id, resolve);
    pw.worker.postMessage({ id, text });
  });
}
