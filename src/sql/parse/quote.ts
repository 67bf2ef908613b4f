/** `name` with backticks doubled, as MySQL quotes identifiers. */
export function quoteIdentifier(name: string): string {
  return '`' + name.replace(/`/g, '``') + '`';
}

/** 'text' with quotes and backslashes escaped, as MySQL quotes string literals. */
export function quoteString(text: string): string {
  return "'" + text.replace(/\\/g, '\\\\').replace(/'/g, "\\'") + "'";
}
