import { Writable } from 'node:stream';
import { pino } from 'pino';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../src/index.js';

export interface LogRecord {
  level: number;
  msg: string;
  event?: string;
  [key: string]: unknown;
}

/** An emulator on 127.0.0.1, a free port, with its log lines captured for assertions. */
export async function startTestEmulator(options: EmulatorOptions = {}): Promise<Emulator & { logs: LogRecord[]; authEvents(): LogRecord[] }> {
  const logs: LogRecord[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) logs.push(JSON.parse(line) as LogRecord);
      cb();
    },
  });
  const emulator = await startEmulator({ logger: pino({ level: 'debug', base: undefined }, stream), ...options });
  return Object.assign(emulator, { logs, authEvents: () => logs.filter((l) => l.event === 'auth') });
}
