import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..');

/**
 * Runs a bench script as `npm run bench` would (node --import tsx, from the repository root) and
 * returns its exit code and the last 8,000 characters it printed; killed after `timeoutMs`.
 * Coverage collection is switched off for it, or c8 would collect from the bench's own children.
 */
export function runBenchScript(
  args: readonly string[],
  timeoutMs: number,
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; output: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extraEnv };
  delete env['NODE_V8_COVERAGE'];
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const keep = (c: Buffer): void => void (out = (out + c.toString('utf8')).slice(-8000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (c) => {
      clearTimeout(timer);
      done({ code: c, output: out });
    });
  });
}
