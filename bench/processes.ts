/**
 * Child-process plumbing for the bench: every spawned process is tracked and killed when the bench
 * exits (normally, on error or on Ctrl-C), free ports, readiness polling, RSS and graceful stops.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const live = new Set<ChildProcess>();
const tempDirs = new Set<string>();

process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => {
    process.stderr.write(`bench: ${signal}, killing spawned processes\n`);
    process.exit(130);
  });

/** A fresh directory under the OS temp dir; removed when the bench exits unless `keep`. */
export function tempDir(prefix: string, keep = false): string {
  const dir = mkdtempSync(join(tmpdir(), `wk-bench-${prefix}-`));
  if (!keep) tempDirs.add(dir);
  return dir;
}

/** A spawned process plus the last few KB of its output, for error messages. */
export interface Tracked {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Resolves with the exit code (or signal name) once the process has exited. */
  readonly exited: Promise<number | string>;
  output(): string;
}

export function spawnTracked(command: string, args: readonly string[], options: SpawnOptions): Tracked {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error(`could not spawn ${command}`);
  live.add(child);
  let tail = '';
  const keep = (chunk: Buffer): void => {
    tail = (tail + chunk.toString('utf8')).slice(-4096);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => {
      live.delete(child);
      resolve(code ?? signal ?? 'unknown');
    }),
  );
  return { child, pid: child.pid, exited, output: () => tail };
}

/** Sends SIGTERM and waits up to `graceMs`; then SIGKILL. Reports how long the exit took. */
export async function stopGracefully(
  proc: Tracked,
  graceMs: number,
): Promise<{ ms: number; graceful: boolean; exit: number | string }> {
  const t0 = performance.now();
  if (proc.child.exitCode !== null || proc.child.signalCode !== null)
    return { ms: 0, graceful: false, exit: await proc.exited };
  proc.child.kill('SIGTERM');
  const timer = sleep(graceMs).then(() => 'timeout' as const);
  const first = await Promise.race([proc.exited, timer]);
  if (first !== 'timeout') return { ms: performance.now() - t0, graceful: true, exit: first };
  proc.child.kill('SIGKILL');
  return { ms: performance.now() - t0, graceful: false, exit: await proc.exited };
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** GET `url`; the status code, or undefined when the connection fails or takes over `timeoutMs`. */
export function httpStatus(url: string, timeoutMs = 1000): Promise<number | undefined> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'GET', agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
    req.end();
  });
}

/** Polls `url` every `intervalMs` until it answers 200; ms since `t0`. Fails if the process exits. */
export async function waitReady(
  proc: Tracked,
  url: string,
  t0: number,
  deadlineMs: number,
  intervalMs = 20,
): Promise<number> {
  let exited = false;
  void proc.exited.then(() => (exited = true));
  for (;;) {
    if ((await httpStatus(url)) === 200) return performance.now() - t0;
    if (exited) throw new Error(`process exited before ${url} was ready:\n${proc.output()}`);
    if (performance.now() - t0 > deadlineMs)
      throw new Error(`${url} not ready after ${deadlineMs} ms:\n${proc.output()}`);
    await sleep(intervalMs);
  }
}

/** Resident set size from /proc/<pid>/status, in MiB. */
export function rssMiB(pid: number): number {
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (match === null) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]) / 1024;
}

/** The first executable named `names[i]` on PATH (or an absolute path), else undefined. */
export function findBinary(...names: readonly string[]): string | undefined {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter((d) => d !== '');
  for (const name of names) {
    for (const candidate of name.startsWith('/') ? [name] : dirs.map((d) => join(d, name))) {
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

/** A server the bench started: its process, base URL, data dir and how long it took to be ready. */
export interface Service {
  readonly proc: Tracked;
  readonly pid: number;
  readonly baseUrl: string;
  readonly dir: string;
  readonly startupMs: number;
}
