import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Replays of the statement sequences of tools that cannot run here (MySQL
 * Workbench, DBeaver, HeidiSQL), through a real client of the same family,
 * each step with MySQL 8.4's answer: an OK, a result set (checked by a
 * function where its content matters), or the same error.
 */

export type Answer =
  | 'ok' // an OK packet
  | 'rows' // a result set
  | number // this error code
  | { code: number; message: string | RegExp }
  | ((rows: string[][], columns: string[]) => void); // a result set, checked

export type Step =
  | { sql: string; expect: Answer }
  | { ping: true; expect: Answer }
  | { autocommit: boolean; expect: Answer }
  | { charset: string; expect: Answer }
  | { heidiReset: string; expect: Answer };

export interface StepResult {
  step: Record<string, unknown>;
  sql?: string;
  ok: boolean;
  code?: number;
  message?: string;
  columns?: string[];
  rows?: (string | null)[][];
}

export interface ReplayReport {
  connect: { ok: boolean; code?: number; message?: string };
  steps: StepResult[];
}

/** `sql` answered with `expect`. */
export const q = (sql: string, expect: Answer): Step => ({ sql, expect });

const SCRIPT = fileURLToPath(new URL('../replay_libmariadb.py', import.meta.url));

export interface LibmariadbArgs {
  host: string;
  port: number;
  user: string;
  password: string;
  clientFlags: number;
  initCommand?: string;
  steps: Step[];
}

/** Runs the steps through libmariadb (python3-MySQLdb), asynchronously: the emulator runs in this process. */
export function runLibmariadb(args: LibmariadbArgs): Promise<ReplayReport> {
  const payload = { ...args, steps: args.steps.map(({ expect: _expect, ...rest }) => rest) };
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/python3', ['-E', '-s', SCRIPT, JSON.stringify(payload)], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        if (code !== 0) throw new Error(`exit ${code}`);
        resolve(JSON.parse(stdout.trim()) as ReplayReport);
      } catch (err) {
        reject(new Error(`replay_libmariadb.py: ${String(err)}\nstdout: ${stdout}\nstderr: ${stderr}`));
      }
    });
  });
}

function label(step: Step | StepResult['step'], sql?: string): string {
  if (sql) return sql;
  if ('sql' in step) return String(step.sql);
  if ('ping' in step) return 'COM_PING';
  if ('autocommit' in step) return `mysql_autocommit(${String(step.autocommit)})`;
  if ('charset' in step) return `mysql_set_character_set(${String(step.charset)})`;
  return JSON.stringify(step);
}

/**
 * Every step whose answer is not MySQL 8.4's, one line each (empty when all
 * match). A step that ran out (the connection was lost) counts as a mismatch.
 */
export function mismatches(steps: readonly Step[], results: readonly StepResult[]): string[] {
  const out: string[] = [];
  steps.forEach((step, i) => {
    const r = results[i];
    const what = label(step, r?.sql);
    if (!r) {
      out.push(`${what}: not run`);
      return;
    }
    const got = r.ok ? (r.rows ? `${r.rows.length} rows` : 'OK') : `ERROR ${r.code}: ${r.message}`;
    const e = step.expect;
    if (e === 'ok') {
      if (!r.ok || r.rows) out.push(`${what}: expected OK, got ${got}`);
    } else if (e === 'rows') {
      if (!r.ok || !r.rows) out.push(`${what}: expected a result set, got ${got}`);
    } else if (typeof e === 'number') {
      if (r.ok || r.code !== e) out.push(`${what}: expected ERROR ${e}, got ${got}`);
    } else if (typeof e === 'function') {
      if (!r.ok || !r.rows) out.push(`${what}: expected a result set, got ${got}`);
      else {
        try {
          e(r.rows.map((row) => row.map((v) => v ?? 'NULL')), r.columns ?? []);
        } catch (err) {
          out.push(`${what}: ${String(err).split('\n')[0]}`);
        }
      }
    } else if (r.ok || r.code !== e.code || !(typeof e.message === 'string' ? r.message === e.message : e.message.test(r.message ?? ''))) {
      out.push(`${what}: expected ERROR ${e.code}: ${String(e.message)}, got ${got}`);
    }
  });
  return out;
}
