/**
 * Every transcript in docs/ is re-run against a fresh emulator, so the docs
 * show what the emulator really prints. A transcript is a ```console block:
 *
 *   <!-- emulator: {"profile": "mysql-8.4"} -->      (optional, before the block)
 *   ```console
 *   mysql> CREATE USER 'u'@'%' IDENTIFIED BY 'x';    (setup SQL, run as root, no output shown)
 *   $ mariadb -h127.0.0.1 -P3306 -uu -px -e "SELECT 1"
 *   <expected stdout and stderr of that command>
 *   ```
 * Port 3306 in commands is replaced by the emulator's port.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EmulatorOptions } from '../../src/index.js';
import { requireCommand } from '../helpers/clients.js';
import { startTestEmulator } from '../helpers/emulator.js';

const DOCS = join(import.meta.dirname, '../../docs');
const cli = requireCommand('mariadb', 'apt-get install mariadb-client');

interface Step {
  sql?: string;
  command?: string;
  expected: string[];
}

interface Transcript {
  file: string;
  line: number;
  options: EmulatorOptions;
  steps: Step[];
}

function transcripts(): Transcript[] {
  const found: Transcript[] = [];
  for (const file of readdirSync(DOCS).filter((f) => f.endsWith('.md'))) {
    const lines = readFileSync(join(DOCS, file), 'utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (lines[i] !== '```console') continue;
      const before = lines[i - 1] ?? '';
      const opts = /^<!-- emulator: (.*) -->$/.exec(before);
      const steps: Step[] = [];
      let j = i + 1;
      for (; j < lines.length && lines[j] !== '```'; j++) {
        const l = lines[j]!;
        if (l.startsWith('mysql> ')) steps.push({ sql: l.slice(7), expected: [] });
        else if (l.startsWith('$ ')) steps.push({ command: l.slice(2), expected: [] });
        else steps.at(-1)?.expected.push(l);
      }
      found.push({ file, line: i + 1, options: opts ? (JSON.parse(opts[1]!) as EmulatorOptions) : {}, steps });
      i = j;
    }
  }
  return found;
}

function run(command: string): Promise<string> {
  return new Promise((resolve) => {
    execFile('sh', ['-c', `${command} 2>&1`], (_err, stdout) => resolve(stdout));
  });
}

describe.skipIf(!cli.available)('docs transcripts', () => {
  for (const t of transcripts()) {
    it(`${t.file}:${t.line}`, async () => {
      const em = await startTestEmulator(t.options);
      try {
        for (const step of t.steps) {
          if (step.sql) {
            await em.sql(step.sql);
            continue;
          }
          const out = await run(step.command!.replace(/-P3306\b/g, `-P${em.port}`));
          expect(out.replace(/\n$/, ''), step.command).toBe(step.expected.join('\n'));
        }
      } finally {
        await em.close();
      }
    });
  }
});
