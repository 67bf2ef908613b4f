// The bystander of the wire fuzz (harness.ts), in a worker thread of its own so
// that the fuzz clients' work on the main thread never delays its timing: one
// mysql2 session that runs `SELECT 1` every intervalMs and posts each latency.
// Messages in: { type: 'port', port } (connect, or reconnect after a restart), { type: 'stop' }.
// Messages out: { type: 'lat', ms, at }, { type: 'error', message, at }, { type: 'stopped' }.
import { parentPort, workerData } from 'node:worker_threads';
import mysql from 'mysql2/promise';

const { user, password, intervalMs } = workerData;
let port = workerData.port;
let conn = null;
let stopping = false;
let generation = 0;

async function connect() {
  const gen = ++generation;
  for (;;) {
    if (stopping || gen !== generation) return null;
    try {
      const c = await mysql.createConnection({ host: '127.0.0.1', port, user, password, connectTimeout: 5000 });
      c.on('error', () => undefined);
      return c;
    } catch (err) {
      parentPort.postMessage({ type: 'error', message: `connect: ${err.message}`, at: Date.now() });
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

parentPort.on('message', (msg) => {
  if (msg.type === 'port') {
    port = msg.port;
    const old = conn;
    conn = null;
    old?.destroy();
    void loop();
  } else if (msg.type === 'stop') {
    stopping = true;
  }
});

let running = false;
async function loop() {
  if (running) return;
  running = true;
  try {
    while (!stopping) {
      if (!conn) conn = await connect();
      if (!conn) break;
      const start = performance.now();
      const at = Date.now();
      try {
        await conn.query('SELECT 1');
        parentPort.postMessage({ type: 'lat', ms: performance.now() - start, at });
      } catch (err) {
        parentPort.postMessage({ type: 'error', message: `query: ${err.message}`, at, ms: performance.now() - start });
        const old = conn;
        conn = null;
        old?.destroy();
        continue;
      }
      const wait = intervalMs - (performance.now() - start);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
  } finally {
    running = false;
  }
  if (stopping) {
    await conn?.end().catch(() => undefined);
    parentPort.postMessage({ type: 'stopped' });
  }
}

void loop();
