import { spawn } from 'node:child_process';

/**
 * Runs a command on a pseudo-terminal through util-linux `script`, typing
 * `input` line by line, and returns the screen text without escape codes.
 */
export function runInPty(command: string, input: string, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`pty command timed out; screen so far:\n${out}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(timer);
      // Strip ANSI escapes, carriage returns and bells so assertions read plain text.
      resolve(out.replace(/\x1b\[[0-9;?]*[A-Za-z]|\x1b\([A-Z0-9]|\x07/g, '').replace(/\r/g, ''));
    });
    child.stdin.on('error', () => undefined); // the client may exit before reading its input (EPIPE)
    child.stdin.end(input);
  });
}
