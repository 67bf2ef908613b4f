/**
 * Compares the output the runner produced, block by block, with a `.result`
 * file.
 *
 * Every command the runner executes yields a Block: its `head` is what
 * mysqltest writes regardless of the server (the statement echo, an --echo,
 * the connect log line, an include's own name), its `body` what came back
 * from the server. Heads are anchors: they are matched to the expected lines
 * in order with a longest-common-subsequence alignment, so that one missing
 * or extra statement does not shift the rest of the file. The expected text
 * between two anchors is then shared out among the anchored block and the
 * blocks without an anchor that follow it (output with the query log off,
 * `--exec`, directives the runner does not interpret), greedily.
 *
 * A block matches when the expected lines it was given equal its head plus
 * body exactly.
 */

export interface Block {
  /** What produced it: statement, echo, connect, exec, stub (an include with fixed output), unsupported, ... */
  kind: string;
  /** Source position, "file:line". */
  where: string;
  /** The command as written (for the report). */
  source: string;
  head: string[];
  body: string[];
  /** Counted in matched/total (SQL statements, connection commands, exec, unsupported directives). */
  counted: boolean;
  /** Set when the block cannot match whatever the text says (wrong errno, directive not interpreted). */
  forcedMismatch?: string;
  /** Out-of-scope reason that applies to this block if it differs. */
  outOfScope?: string;
  /** Other notes (tainted variables, address mapping). */
  notes?: string[];
}

export interface BlockResult {
  block: Block;
  matched: boolean;
  /** The expected lines assigned to this block. */
  expected: string[];
  /** Whether the block's head was found in the expected output. */
  anchored: boolean;
}

export interface Alignment {
  results: BlockResult[];
  /** Expected lines no block accounts for (before the first block). */
  unattributed: string[];
}

/** Splits mysqltest output into lines (the text ends with '\n'). */
export function toLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function equalAt(expected: string[], at: number, lines: string[]): boolean {
  if (at + lines.length > expected.length) return false;
  for (let k = 0; k < lines.length; k++) if (expected[at + k] !== lines[k]) return false;
  return true;
}

export function align(blocks: Block[], expected: string[]): Alignment {
  const headed = blocks.map((b, i) => ({ b, i })).filter(({ b }) => b.head.length > 0);
  const m = headed.length;
  const n = expected.length;
  // f[i][j]: best score aligning headed[0..i) with expected[0..j).
  const W = n + 1;
  const f = new Float64Array((m + 1) * W).fill(-1);
  const from = new Uint8Array((m + 1) * W); // 1 = skip line, 2 = skip block, 3 = anchor
  f[0] = 0;
  const full = (k: number): string[] => [...headed[k]!.b.head, ...headed[k]!.b.body];
  for (let i = 0; i <= m; i++) {
    for (let j = 0; j <= n; j++) {
      const cur = f[i * W + j]!;
      if (cur < 0) continue;
      if (j < n && cur > f[i * W + j + 1]!) {
        f[i * W + j + 1] = cur;
        from[i * W + j + 1] = 1;
      }
      if (i < m) {
        if (cur > f[(i + 1) * W + j]!) {
          f[(i + 1) * W + j] = cur;
          from[(i + 1) * W + j] = 2;
        }
        const head = headed[i]!.b.head;
        if (equalAt(expected, j, head)) {
          // An anchor whose body also matches there is preferred (repeated identical statements).
          const score = cur + 1 + (equalAt(expected, j, full(i)) ? 0.5 : 0);
          const t = (i + 1) * W + j + head.length;
          if (score > f[t]!) {
            f[t] = score;
            from[t] = 3;
          }
        }
      }
    }
  }
  // Best end: all blocks consumed, any j; prefer the full text consumed.
  let bestJ = n;
  for (let j = 0; j <= n; j++) if (f[m * W + j]! > f[m * W + bestJ]!) bestJ = j;
  const anchorAt = new Map<number, number>(); // block index -> expected line of its head
  for (let i = m, j = bestJ; i > 0 || j > 0; ) {
    const how = from[i * W + j];
    if (how === 1) j--;
    else if (how === 2) i--;
    else if (how === 3) {
      const len = headed[i - 1]!.b.head.length;
      j -= len;
      i--;
      anchorAt.set(headed[i]!.i, j);
    } else break;
  }

  // Share out the regions between anchors.
  const assigned: string[][] = blocks.map(() => []);
  const anchoredIdx = [...anchorAt.keys()].sort((a, b) => a - b);
  const regions: { blocks: number[]; start: number; end: number }[] = [];
  // Leading region: blocks before the first anchor.
  const firstAnchor = anchoredIdx[0];
  const firstLine = firstAnchor === undefined ? n : anchorAt.get(firstAnchor)!;
  regions.push({ blocks: range(0, firstAnchor ?? blocks.length), start: 0, end: firstLine });
  anchoredIdx.forEach((bi, k) => {
    const nextBi = anchoredIdx[k + 1];
    const start = anchorAt.get(bi)!;
    const end = nextBi === undefined ? n : anchorAt.get(nextBi)!;
    regions.push({ blocks: range(bi, nextBi ?? blocks.length), start, end });
  });
  let unattributed: string[] = [];
  for (const r of regions) {
    const seg = expected.slice(r.start, r.end);
    if (!r.blocks.length) {
      unattributed = unattributed.concat(seg);
      continue;
    }
    const slices = shareOut(
      r.blocks.map((bi) => {
        const b = blocks[bi]!;
        const canMatch = b.head.length === 0 || anchorAt.has(bi);
        return { lines: [...b.head, ...b.body], canMatch, bad: !canMatch || !!b.forcedMismatch };
      }),
      seg,
    );
    r.blocks.forEach((bi, k) => {
      assigned[bi] = seg.slice(slices[k]![0], slices[k]![1]);
    });
  }

  const results = blocks.map((block, i) => {
    const exp = assigned[i]!;
    const lines = [...block.head, ...block.body];
    const anchored = block.head.length === 0 || anchorAt.has(i);
    const matched = !block.forcedMismatch && anchored && exp.length === lines.length && exp.every((l, k) => l === lines[k]);
    return { block, matched, expected: exp, anchored };
  });
  return { results, unattributed };
}

/**
 * Cuts a region of expected lines into consecutive slices, one per block, so
 * that as many blocks as possible get exactly their own lines. Lines no block
 * printed go preferably to a block already known to be wrong (its outcome
 * differs, or its echo is not in the .result); otherwise, among equal cuts,
 * an earlier block takes the longer slice: lines nobody printed belong to the
 * statement they follow. Large regions fall back to a greedy cut.
 */
function shareOut(items: { lines: string[]; canMatch: boolean; bad: boolean }[], seg: string[]): [number, number][] {
  const k = items.length;
  const n = seg.length;
  const fits = (i: number, p: number) => items[i]!.canMatch && equalAt(seg, p, items[i]!.lines);
  if (k * (n + 1) * (n + 1) > 4_000_000) {
    const out: [number, number][] = [];
    let pos = 0;
    items.forEach((it, i) => {
      const end = i === k - 1 ? n : fits(i, pos) ? pos + it.lines.length : pos;
      out.push([pos, end]);
      pos = end;
    });
    return out;
  }
  // best[i][p]: best score for blocks i.. over seg[p..n): exact slices first, then lines given to known-wrong blocks.
  const BIG = n + 1;
  const score = (i: number, p: number, e: number): number =>
    e - p === items[i]!.lines.length && fits(i, p) ? BIG : items[i]!.bad ? e - p : 0;
  const best: Float64Array[] = Array.from({ length: k + 1 }, () => new Float64Array(n + 1).fill(-1));
  best[k]![n] = 0;
  for (let i = k - 1; i >= 0; i--) {
    for (let p = 0; p <= n; p++) {
      let b = -1;
      const lo = i === k - 1 ? n : p;
      for (let e = lo; e <= n; e++) {
        const rest = best[i + 1]![e]!;
        if (rest < 0) continue;
        const v = rest + score(i, p, e);
        if (v > b) b = v;
      }
      best[i]![p] = b;
    }
  }
  const out: [number, number][] = [];
  let pos = 0;
  for (let i = 0; i < k; i++) {
    const target = best[i]![pos]!;
    let chosen = n;
    for (let e = n; e >= (i === k - 1 ? n : pos); e--) {
      const rest = best[i + 1]![e]!;
      if (rest < 0) continue;
      if (rest + score(i, pos, e) === target) {
        chosen = e;
        break;
      }
    }
    out.push([pos, chosen]);
    pos = chosen;
  }
  return out;
}

function range(a: number, b: number): number[] {
  const out: number[] = [];
  for (let i = a; i < b; i++) out.push(i);
  return out;
}
