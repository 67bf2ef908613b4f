/** SQL LIKE matching (Item_func_like; my_wildcmp's result, in linear time for the common patterns). */

const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * SQL LIKE with `%`, `_` and an escape character. The pattern is cut at each
 * `%` into segments; the first must match at the start, the last at the end,
 * and each one between at its leftmost place after the one before (which is
 * exact: a `%` absorbs whatever lies between). Time is linear in the text for
 * segments without `_` (indexOf) and text × segment length with them, never
 * the text × pattern of backtracking (`REPEAT('a', 20000) LIKE
 * CONCAT(REPEAT('%a', 5000), 'b')`). `_` is one character (code point).
 */
export function likeMatch(text: string, pattern: string, escape: string, caseSensitive: boolean): boolean {
  if (!caseSensitive) {
    text = text.toLowerCase();
    pattern = pattern.toLowerCase();
  }
  const astral = SURROGATE.test(text) || SURROGATE.test(pattern);
  const t: string | string[] = astral ? Array.from(text) : text;
  const p: string | string[] = astral ? Array.from(pattern) : pattern;
  const esc = escape === '' ? null : String.fromCodePoint(escape.codePointAt(0)!);
  // Segments between '%': each a list of characters, null for '_'.
  const segments: (string | null)[][] = [[]];
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === esc && i + 1 < p.length) segments[segments.length - 1]!.push(p[++i]!);
    else if (c === '%') segments.push([]);
    else segments[segments.length - 1]!.push(c === '_' ? null : c);
  }
  const at = (seg: (string | null)[], k: number): boolean => {
    for (let j = 0; j < seg.length; j++) if (seg[j] !== null && seg[j] !== t[k + j]) return false;
    return true;
  };
  const first = segments[0]!;
  if (segments.length === 1) return first.length === t.length && at(first, 0);
  const last = segments[segments.length - 1]!;
  if (first.length + last.length > t.length || !at(first, 0) || !at(last, t.length - last.length)) return false;
  let pos = first.length;
  const end = t.length - last.length;
  for (let s = 1; s < segments.length - 1; s++) {
    const seg = segments[s]!;
    let found = -1;
    if (typeof t === 'string' && !seg.includes(null)) {
      found = t.indexOf(seg.join(''), pos);
      if (found + seg.length > end) found = -1;
    } else {
      for (let k = pos; k + seg.length <= end; k++) {
        if (at(seg, k)) {
          found = k;
          break;
        }
      }
    }
    if (found < 0) return false;
    pos = found + seg.length;
  }
  return true;
}
