/**
 * docs/gui-tools.md and docs/images/gui/ agree: every picture the page shows
 * exists, and every picture there is shown (the browser tests write them with
 * UPDATE_SCREENSHOTS=1, under the names the page uses).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';

const DOCS = join(import.meta.dirname, '../../docs');

test('every picture of docs/gui-tools.md exists, small, and every one in docs/images/gui/ is shown', () => {
  const page = readFileSync(join(DOCS, 'gui-tools.md'), 'utf8');
  const shown = [...page.matchAll(/!\[[^\]]*\]\((images\/gui\/[^)]+\.png)\)/g)].map((m) => m[1]!);
  const files = readdirSync(join(DOCS, 'images/gui')).map((f) => `images/gui/${f}`);
  expect(shown.length).toBeGreaterThanOrEqual(16);
  expect([...new Set(shown)].sort()).toEqual(files.sort());
  for (const f of files) expect(statSync(join(DOCS, f)).size, f).toBeLessThan(80 * 1024);
});
