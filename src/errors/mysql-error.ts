import { ERRORS, formatMessage, type ErrorSymbol, type ProfileFamily } from './catalogue.js';

/**
 * A typed MySQL error. Created from a catalogue symbol and its arguments;
 * the text is rendered per profile family when the ERR packet is written.
 */
export class MySqlError extends Error {
  readonly symbol: ErrorSymbol;
  readonly args: readonly (string | number)[];
  /** Close the connection after sending this error (e.g. 1862, 1045 during login). */
  fatal = false;

  constructor(symbol: ErrorSymbol, ...args: (string | number)[]) {
    super(formatMessage(ERRORS[symbol].message, args));
    this.name = 'MySqlError';
    this.symbol = symbol;
    this.args = args;
  }

  get code(): number {
    return ERRORS[this.symbol].code;
  }

  get sqlState(): string {
    return ERRORS[this.symbol].sqlState;
  }

  /** The SQLSTATE the given server family sends. */
  sqlStateFor(family: ProfileFamily): string {
    const def: { sqlState: string; sqlStates?: Partial<Record<ProfileFamily, string>> } = ERRORS[this.symbol];
    return def.sqlStates?.[family] ?? def.sqlState;
  }

  /** The message as the given server family words it. */
  textFor(family: ProfileFamily): string {
    const def: { message: string; overrides?: Partial<Record<ProfileFamily, string>> } = ERRORS[this.symbol];
    return formatMessage(def.overrides?.[family] ?? def.message, this.args);
  }
}

export function mysqlError(symbol: ErrorSymbol, ...args: (string | number)[]): MySqlError {
  return new MySqlError(symbol, ...args);
}

/** The thread_stack figure 1436 reports (MySQL 8's default, 1 MiB) and STACK_MIN_SIZE. */
const THREAD_STACK = 1048576;
const STACK_MIN_SIZE = 16000;

/** 1436 ER_STACK_OVERRUN_NEED_MORE with the figures of MySQL's check_stack_overrun() at the default thread_stack. */
export function stackOverrunError(): MySqlError {
  return mysqlError('ER_STACK_OVERRUN_NEED_MORE', THREAD_STACK - STACK_MIN_SIZE / 2, THREAD_STACK, STACK_MIN_SIZE);
}

/**
 * Every failure of a statement as a MySQL error, so that no JavaScript
 * exception ever ends a session: a stack overflow is 1436 (as MySQL's
 * check_stack_overrun), anything else is 1815 and is logged once with its stack.
 */
export function asMySqlError(err: unknown, ctx?: { server: { logger: { error(obj: object, msg: string): void } }; session?: { id: number } }): MySqlError {
  if (err instanceof MySqlError) return err;
  if (err instanceof RangeError && /call stack/i.test(err.message)) return stackOverrunError();
  const e = err instanceof Error ? err : new Error(String(err));
  ctx?.server.logger.error({ event: 'internal-error', id: ctx.session?.id, err: { type: e.name, message: e.message, stack: e.stack } }, `internal error: ${e.name}`);
  return mysqlError('ER_INTERNAL_ERROR', `${e.name}: ${e.message}`.slice(0, 192));
}
