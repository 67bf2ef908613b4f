/** SQL LIKE matching (Item_func_like; my_wildcmp's result, in linear time for the common patterns). */
import { mysqlError } from '../../errors/mysql-error.js';

const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * The most character comparisons one LIKE may make (about 0.1 s): past it
 * the statement is interrupted with 1317. A pattern built to be slow
 * (`REPEAT('a', 200000) LIKE CONCAT('%', REPEAT('a_', 50000), 'b%')`, text ×
 * pattern comparisons in MySQL's my_wildcmp() too) would otherwise hold
 * every session of the one event loop for minutes, where MySQL holds only
 * its own thread.
 */
export const LIKE_WORK_LIMIT = 15_000_000;

/**
 * SQL LIKE with `%`, `_` and an escape character. The pattern is cut at each
 * `%` into segments; the first must match at the start, the last at the end,
 * and each one between at its leftmost place after the one before (which is
 * exact: a `%` absorbs whatever lies between). A segment is found by its
 * longest run of literal characters (indexOf), the rest checked at their
 * fixed offsets: linear in the text unless that run is common in it, never
 * the text × pattern of backtracking (`REPEAT('a', 20000) LIKE
 * CONCAT(REPEAT('%a', 5000), 'b')`); `_` is one character (code point).
 * Throws 1317 (ER_QUERY_INTERRUPTED) past LIKE_WORK_LIMIT comparisons.
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
  const work = { left: LIKE_WORK_LIMIT };
  const segs = segments.map(literalsOf);
  const first = segs[0]!;
  if (segments.length === 1) return first.length === t.length && matchesAt(t, first, 0, work);
  const last = segs[segs.length - 1]!;
  if (first.length + last.length > t.length || !matchesAt(t, first, 0, work) || !matchesAt(t, last, t.length - last.length, work)) return false;
  let pos = first.length;
  const end = t.length - last.length;
  for (let s = 1; s < segs.length - 1; s++) {
    const seg = segs[s]!;
    const found = findSegment(t, seg, pos, end, work);
    if (found < 0) return false;
    pos = found + seg.length;
  }
  return true;
}

/** A segment between two `%`: its length and its literal characters with their offsets (the rest are `_`). */
interface Segment {
  length: number;
  offsets: number[];
  chars: string[];
}

function literalsOf(seg: readonly (string | null)[]): Segment {
  const offsets: number[] = [];
  const chars: string[] = [];
  for (let j = 0; j < seg.length; j++) {
    if (seg[j] === null) continue;
    offsets.push(j);
    chars.push(seg[j]!);
  }
  return { length: seg.length, offsets, chars };
}

/** `seg` matches `t` at `k`; each literal compared counts against `work`. */
function matchesAt(t: string | string[], seg: Segment, k: number, work: { left: number }): boolean {
  const { offsets, chars } = seg;
  work.left -= offsets.length + 1;
  if (work.left < 0) throw mysqlError('ER_QUERY_INTERRUPTED');
  for (let j = 0; j < offsets.length; j++) if (chars[j] !== t[k + offsets[j]!]) return false;
  return true;
}

/** The leftmost k in [pos, end - seg.length] where `seg` matches `t`, or -1. */
function findSegment(t: string | string[], seg: Segment, pos: number, end: number, work: { left: number }): number {
  // The longest run of consecutive literals (the last of the longest), and where it stands in the segment.
  const { offsets, chars } = seg;
  let anchor = '';
  let anchorAt = 0;
  for (let j = 0; j < offsets.length; ) {
    let k = j + 1;
    while (k < offsets.length && offsets[k] === offsets[k - 1]! + 1) k++;
    if (k - j >= anchor.length) {
      anchor = chars.slice(j, k).join('');
      anchorAt = offsets[j]!;
    }
    j = k;
  }
  if (anchor === '' || typeof t !== 'string') {
    for (let k = pos; k + seg.length <= end; k++) if (matchesAt(t, seg, k, work)) return k;
    return -1;
  }
  for (let from = pos + anchorAt; ; ) {
    const hit = t.indexOf(anchor, from);
    const k = hit - anchorAt;
    if (hit < 0 || k + seg.length > end) return -1;
    if (matchesAt(t, seg, k, work)) return k;
    from = hit + 1;
  }
}
