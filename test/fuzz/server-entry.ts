/**
 * The emulator under fuzz, in a child process of its own (bundled by
 * harness.ts with esbuild from the current src/): its crash is an exit the
 * harness sees, its RSS and event-loop delay are its own, and a loop it
 * blocks does not block the fuzz clients. Logs at trace level through the
 * production logger (createLogger, with its redaction) as JSON lines on
 * stdout; heartbeats with RSS and loop delay over IPC every 100 ms.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startEmulator, type EmulatorOptions } from '../../src/index.js';
import { createLogger } from '../../src/server/logger.js';

interface EntryConfig {
  options: EmulatorOptions;
  logLevel: 'trace' | 'debug' | 'info';
}

const config = JSON.parse(process.env.FUZZ_SERVER_CONFIG ?? '{}') as EntryConfig;
const send = (msg: object): void => {
  if (process.connected) process.send!(msg);
};

const logger = createLogger(config.logLevel ?? 'trace', process.stdout);
const emulator = await startEmulator({ ...config.options, logger });

const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
let beat = 0;
const heartbeat = setInterval(() => {
  const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
  send({ type: 'beat', n: beat++, rss, heapUsed, external, arrayBuffers, loopMaxMs: loop.max / 1e6, logBacklog: process.stdout.writableLength });
  loop.reset();
}, 100);

process.on('message', (msg: { type: string; sql?: string; id?: number }) => {
  if (msg.type === 'sql') {
    emulator.sql(msg.sql!).then(
      (r) => send({ type: 'sql-result', id: msg.id, rows: r.rows }),
      (e: Error) => send({ type: 'sql-result', id: msg.id, error: String(e) }),
    );
  } else if (msg.type === 'gc') {
    // The heap the server keeps once its garbage is collected (a leak grows this; garbage not yet collected does not).
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    gc?.();
    const { rss, heapUsed } = process.memoryUsage();
    send({ type: 'gc-result', rss, heapUsed, collected: gc !== undefined });
  } else if (msg.type === 'close') {
    clearInterval(heartbeat);
    void emulator.close().then(() => process.exit(0));
  }
});
send({ type: 'ready', port: emulator.port, pid: process.pid });
