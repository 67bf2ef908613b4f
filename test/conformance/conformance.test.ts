/**
 * The conformance ratchet: MySQL's and MariaDB's own mysql-test files
 * (suites/, see suites/<vendor>/PROVENANCE.md) replayed against a fresh emulator in
 * the matching profile, compared statement by statement with their .result.
 *
 * Per file, the number of matched statements may not fall below the figure
 * recorded in baseline.json; a file that improves passes (raise the baseline
 * with CONFORMANCE_UPDATE_BASELINE=1). Every run writes results.json, which
 * scripts/conformance-report.mjs turns into docs/conformance.md.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runSuiteFile, type FileReport, type SuiteFile } from './runner.js';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const suitesDir = here('./suites');
const manifest = JSON.parse(readFileSync(here('./suites.json'), 'utf8')) as { files: SuiteFile[] };
const baselinePath = here('./baseline.json');
const baseline = JSON.parse(readFileSync(baselinePath, 'utf8')) as { _about?: string; files: Record<string, { matched: number; total: number }> };
const reports: FileReport[] = [];

describe('mysql-test conformance', () => {
  for (const suite of manifest.files) {
    it(`${suite.id} (${suite.profile})`, { timeout: 60_000 }, async () => {
      const report = await runSuiteFile(suite, { suitesDir });
      reports.push(report);
      const floor = baseline.files[suite.id]?.matched ?? 0;
      const unsupported = Object.values(report.directives).filter((d) => d.handling === 'unsupported').reduce((n, d) => n + d.count, 0);
      console.log(`${suite.id.padEnd(46)} ${String(report.matched).padStart(4)}/${String(report.total).padEnd(4)} (baseline ${floor}, ${unsupported} not interpreted, ${report.durationMs} ms)`);
      expect(report.matched, `${suite.id}: matched statements fell below the recorded ${floor}`).toBeGreaterThanOrEqual(floor);
    });
  }
});

afterAll(() => {
  if (reports.length !== manifest.files.length) return; // a filtered run: leave results.json alone
  const order = new Map(manifest.files.map((f, i) => [f.id, i]));
  reports.sort((a, b) => order.get(a.file)! - order.get(b.file)!);
  // Matched statements keep only where they are; differences keep both sides.
  const slim = reports.map((r) => ({ ...r, statements: r.statements.map((s) => (s.matched ? { where: s.where, kind: s.kind, source: s.source.split('\n')[0], matched: true } : s)) }));
  writeFileSync(here('./results.json'), JSON.stringify({ files: slim }, null, 1) + '\n');
  if (process.env.CONFORMANCE_UPDATE_BASELINE) {
    const files = Object.fromEntries(reports.map((r) => [r.file, { matched: r.matched, total: r.total }]));
    writeFileSync(baselinePath, JSON.stringify({ _about: baseline._about ?? 'Matched statements per file: the floor conformance.test.ts enforces.', files }, null, 2) + '\n');
  }
});
