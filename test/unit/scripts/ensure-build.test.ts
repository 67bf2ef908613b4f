import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without types
import { staleReason } from '../../../scripts/ensure-build.mjs';

describe('npm start builds only a missing or stale bundle (scripts/ensure-build.mjs)', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const project = (): string => {
    const root = mkdtempSync(join(tmpdir(), 'ensure-build-'));
    dirs.push(root);
    mkdirSync(join(root, 'src/auth'), { recursive: true });
    writeFileSync(join(root, 'src/auth/a.ts'), '');
    writeFileSync(join(root, 'package.json'), '{}');
    return root;
  };
  const at = (path: string, seconds: number): void => utimesSync(path, seconds, seconds);

  it('builds a fresh clone (no dist)', () => {
    expect(staleReason(project())).toMatch(/missing/);
  });

  it('does nothing when the bundle is newer than every input, rebuilds after a change', () => {
    const root = project();
    mkdirSync(join(root, 'dist'));
    const bundle = join(root, 'dist/mysql-auth-emulator.cjs');
    writeFileSync(bundle, '');
    for (const p of ['src', 'src/auth', 'src/auth/a.ts', 'package.json']) at(join(root, p), 1000);
    at(bundle, 2000);
    expect(staleReason(root)).toBeNull();
    at(join(root, 'src/auth/a.ts'), 3000);
    expect(staleReason(root)).toMatch(/^src changed/);
    at(bundle, 4000);
    at(join(root, 'package.json'), 5000);
    expect(staleReason(root)).toMatch(/^package\.json changed/);
  });
});
