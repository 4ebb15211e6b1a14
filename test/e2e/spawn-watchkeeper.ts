import { spawn, type ChildProcess } from 'node:child_process';
import { freePort, waitFor } from './wait.js';

/**
 * `watchkeeper start` as its own process on a free port over `dataDir`, resolved once `/readyz` answers:
 * for tests that kill it with SIGKILL, which an in-process app cannot survive.
 */
export async function spawnWatchkeeper(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['bin/watchkeeper.js', 'start'], {
    env: { ...process.env, PORT: String(port), WATCHKEEPER_DATA_DIR: dataDir, LOG_LEVEL: 'error' },
    stdio: 'ignore',
  });
  try {
    await waitFor(
      'watchkeeper ready',
      async () => ((await fetch(`${url}/readyz`)).ok ? true : undefined),
      30_000,
    );
  } catch (err) {
    child.kill('SIGKILL'); // never leave a process behind a failed start
    throw err;
  }
  return { child, url };
}
