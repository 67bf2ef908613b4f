/**
 * Statements as a log may show them: secrets replaced, comments dropped,
 * length bounded (the `query` and `sandbox` log events of the command loop).
 */

/** A logged statement is cut to this many characters (after redaction). */
export const MAX_LOGGED_STATEMENT = 2048;

type LogToken = { kind: 'word' | 'literal' | 'punct'; text: string; upper: string };

// A BOM or NUL reads as space, so that nothing in front of SET hides SET PASSWORD.
const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13) || c === 0 || c === 0xfeff;
const isWordChar = (c: number): boolean =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || c >= 128;

/**
 * The statement as a log may show it: every password, hash or other secret
 * literal replaced by '<secret>', comments and runs of white space folded to
 * one space (MySQL's rewritten general log also drops them), and at most
 * MAX_LOGGED_STATEMENT characters. One linear pass of a lenient lexer over
 * the text (no regular expression, no backtracking), so its cost is
 * O(length) whatever the text; lexing stops once the output is full.
 *
 * A literal is secret by the tokens before it (comments cannot hide them):
 * IDENTIFIED ... BY [PASSWORD] | AS | USING <lit>; REPLACE <lit>; PASSWORD( /
 * OLD_PASSWORD( <lit>; <...PASSWORD | authentication_string> = <lit>; and
 * every literal after the first '=' of SET PASSWORD (as MySQL's
 * mysql_rewrite_query() hides them). Each statement of a multi-statement
 * text starts afresh after its ';'. `redactAll`: every literal is secret
 * (the statement's own secrets were not all caught by the rules).
 */
export function redactStatement(sql: string, redactAll = false): string {
  const out: string[] = [];
  let length = 0;
  const tokens: LogToken[] = [];
  let identified = false;
  let setPassword: 'no' | 'before' | 'after' = 'no';
  const emit = (text: string): void => {
    out.push(text);
    length += text.length;
  };
  const secretContext = (): boolean => {
    const p1 = tokens[tokens.length - 1];
    const p2 = tokens[tokens.length - 2];
    if (redactAll || setPassword === 'after') return true;
    if (!p1) return false;
    if (p1.kind === 'word' && identified && (p1.upper === 'BY' || p1.upper === 'AS' || p1.upper === 'USING')) return true;
    if (p1.kind === 'word' && p1.upper === 'PASSWORD' && identified && p2?.upper === 'BY') return true;
    if (p1.kind === 'word' && p1.upper === 'REPLACE') return true;
    if (p1.text === '(' && p2 && (p2.upper === 'PASSWORD' || p2.upper === 'OLD_PASSWORD')) return true;
    if (p1.text === '=' && p2 && p2.kind === 'word' && (p2.upper.endsWith('PASSWORD') || p2.upper === 'AUTHENTICATION_STRING')) return true;
    return false;
  };
  let gap = false;
  const push = (token: LogToken, raw: string): void => {
    if (gap && out.length > 0) emit(' ');
    gap = false;
    if (token.kind === 'literal') emit(secretContext() ? "'<secret>'" : raw);
    else emit(raw);
    if (token.kind === 'word') {
      if (token.upper === 'IDENTIFIED') identified = true;
      if (tokens.length === 0 && token.upper === 'SET') setPassword = 'before';
      else if (setPassword === 'before' && tokens.length === 1 && token.upper !== 'PASSWORD') setPassword = 'no';
    }
    if (token.text === '=' && setPassword === 'before') setPassword = 'after';
    tokens.push(token);
    if (tokens.length > 4) tokens.shift();
    if (token.text === ';') {
      // The next statement of a multi-statement text: its own rules.
      tokens.length = 0;
      identified = false;
      setPassword = 'no';
    }
  };
  const n = sql.length;
  let i = 0;
  while (i < n && length <= MAX_LOGGED_STATEMENT) {
    const c = sql.charCodeAt(i);
    if (isSpace(c)) {
      gap = true;
      i++;
      continue;
    }
    // Comments: -- (followed by space or end), #, /* ... */. Executable comments /*! ... */ are code.
    if ((c === 45 && sql.charCodeAt(i + 1) === 45 && (i + 2 >= n || isSpace(sql.charCodeAt(i + 2)))) || c === 35) {
      while (i < n && sql.charCodeAt(i) !== 10) i++;
      gap = true;
      continue;
    }
    if (c === 47 && sql.charCodeAt(i + 1) === 42) {
      const bang = sql.charCodeAt(i + 2) === 33 || (sql.charCodeAt(i + 2) === 77 && sql.charCodeAt(i + 3) === 33);
      if (bang) {
        i += sql.charCodeAt(i + 2) === 33 ? 3 : 4;
        while (i < n && sql.charCodeAt(i) >= 48 && sql.charCodeAt(i) <= 57) i++;
        continue;
      }
      const close = sql.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 2;
      gap = true;
      continue;
    }
    if (c === 42 && sql.charCodeAt(i + 1) === 47) {
      i += 2; // the end of an executable comment
      continue;
    }
    // Literals, with their prefixes: N'..', _charset'..', X'..', B'..'.
    let q = i;
    let prefixEnd = i;
    if (isWordChar(c)) {
      while (prefixEnd < n && isWordChar(sql.charCodeAt(prefixEnd))) prefixEnd++;
      const quote = sql.charCodeAt(prefixEnd);
      const word = sql.slice(i, prefixEnd).toUpperCase();
      if ((quote === 39 || quote === 34) && (word === 'N' || word === 'X' || word === 'B' || word.startsWith('_'))) q = prefixEnd;
      else if (word.startsWith('0X') || word.startsWith('0B') || /^[0-9]/.test(word)) {
        push({ kind: 'literal', text: '', upper: '' }, sql.slice(i, prefixEnd));
        i = prefixEnd;
        continue;
      } else {
        const text = sql.slice(i, prefixEnd);
        push({ kind: 'word', text, upper: word }, text);
        i = prefixEnd;
        continue;
      }
    }
    const qc = sql.charCodeAt(q);
    if (qc === 39 || qc === 34 || qc === 96) {
      let j = q + 1;
      while (j < n) {
        const d = sql.charCodeAt(j);
        if (d === 92 && qc !== 96) j += 2;
        else if (d === qc && sql.charCodeAt(j + 1) === qc) j += 2;
        else if (d === qc) break;
        else j++;
      }
      const end = Math.min(j + 1, n);
      const raw = sql.slice(i, Math.min(end, i + MAX_LOGGED_STATEMENT));
      if (qc === 96) push({ kind: 'word', text: raw, upper: raw.toUpperCase() }, raw);
      else push({ kind: 'literal', text: '', upper: '' }, raw);
      i = end;
      continue;
    }
    // Anything else: one punctuation or operator character at a time ('=' stands alone).
    const op = sql[i]!;
    push({ kind: 'punct', text: op, upper: op }, op);
    i++;
  }
  const text = out.join('');
  return text.length > MAX_LOGGED_STATEMENT || i < n ? `${text.slice(0, MAX_LOGGED_STATEMENT)}... (${n} characters)` : text;
}
