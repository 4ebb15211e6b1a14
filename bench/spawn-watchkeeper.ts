/** Starts `node bin/watchkeeper.js start` on a free port with a fresh data dir, like an operator would. */
import { resolve } from 'node:path';
import { freePort, spawnTracked, tempDir, waitReady, type Service } from './processes.js';

export const REPO_ROOT = resolve(import.meta.dirname, '..');

/** Keys that would change what the app does (tokens, adapters, paths) are not inherited. */
const FOREIGN_ENV = /^(WATCHKEEPER_|SLACK_|DISCORD_|MATRIX_|OPENAI_|HOST$|PORT$|LOG_LEVEL$)/;

export interface WatchkeeperOptions {
  /** Extra flags for node, e.g. `--cpu-prof`. */
  readonly nodeArgs?: readonly string[];
  /** Use this data dir instead of a fresh temp dir. */
  readonly dir?: string;
}

export async function startWatchkeeper(options: WatchkeeperOptions = {}): Promise<Service> {
  const dir = options.dir ?? tempDir('wk');
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!FOREIGN_ENV.test(k)) env[k] = v;
  Object.assign(env, {
    HOST: '127.0.0.1',
    PORT: String(port),
    WATCHKEEPER_DATA_DIR: dir,
    LOG_LEVEL: 'error',
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const t0 = performance.now();
  const proc = spawnTracked(process.execPath, [...(options.nodeArgs ?? []), 'bin/watchkeeper.js', 'start'], {
    cwd: REPO_ROOT,
    env,
  });
  const startupMs = await waitReady(proc, `${baseUrl}/readyz`, t0, 30_000);
  return { proc, pid: proc.pid, baseUrl, dir, startupMs };
}
