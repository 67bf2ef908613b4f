import { execFileSync } from 'node:child_process';

/**
 * Real clients are the judge. A test whose client is not installed skips
 * with a visible reason locally; under CI (CI=true) a missing client fails.
 */
export function findCommand(command: string): string | null {
  try {
    return execFileSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

export interface ClientAvailability {
  available: boolean;
  reason: string;
}

export function requireCommand(command: string, install: string): ClientAvailability {
  if (findCommand(command)) return { available: true, reason: '' };
  const reason = `${command} is not installed (${install})`;
  if (process.env.CI === 'true') throw new Error(`CI requires ${reason}`);
  console.warn(`skipping: ${reason}`);
  return { available: false, reason };
}
