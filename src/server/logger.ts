import { createRequire } from 'node:module';
import { pino, type Logger, type LevelWithSilent } from 'pino';

/**
 * Structured logs with pino. Secrets never reach a log: auth events carry
 * no scrambles or hashes, and statements pass through `redactStatement`.
 * Pretty, human output when stdout is a terminal; JSON lines otherwise.
 */
export function createLogger(level: LevelWithSilent = 'info', destination?: NodeJS.WritableStream): Logger {
  const options = {
    level,
    base: undefined,
    redact: {
      paths: ['password', 'authResponse', 'scramble', 'authenticationString', '*.password', '*.authenticationString'],
      censor: '<redacted>',
    },
  };
  if (destination) return pino(options, destination as pino.DestinationStream);
  if (process.stdout.isTTY && level !== 'silent') return prettyLogger(options);
  return pino(options, pino.destination({ dest: 1, sync: true }));
}

function prettyLogger(options: pino.LoggerOptions): Logger {
  // pino-pretty is loaded only for terminals, synchronously, so no worker thread delays startup.
  const require = createRequire(import.meta.url);
  const pretty = require('pino-pretty') as (opts: object) => pino.DestinationStream;
  return pino(options, pretty({ colorize: true, sync: true, ignore: 'pid,hostname,event', translateTime: 'SYS:HH:MM:ss.l' }));
}
