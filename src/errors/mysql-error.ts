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

  /** The message as the given server family words it. */
  textFor(family: ProfileFamily): string {
    const def: { message: string; overrides?: Partial<Record<ProfileFamily, string>> } = ERRORS[this.symbol];
    return formatMessage(def.overrides?.[family] ?? def.message, this.args);
  }
}

export function mysqlError(symbol: ErrorSymbol, ...args: (string | number)[]): MySqlError {
  return new MySqlError(symbol, ...args);
}
