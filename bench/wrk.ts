/** Runs wrk with bench/alertmanager-webhook.lua and parses the JSON line its done() prints. */
import { join } from 'node:path';
import { spawnTracked } from './processes.js';
import { REPO_ROOT } from './spawn-watchkeeper.js';

export const WRK_SCRIPT = join(REPO_ROOT, 'bench', 'alertmanager-webhook.lua');

/** What the Lua done() reports; latencies in µs, duration in µs. */
export interface WrkSummary {
  readonly requests: number;
  readonly duration_us: number;
  readonly bytes: number;
  /** Responses with status > 399 (wrk's summary.errors.status). */
  readonly non2xx: number;
  readonly connect_errors: number;
  readonly read_errors: number;
  readonly write_errors: number;
  readonly timeouts: number;
  readonly p50_us: number;
  readonly p90_us: number;
  readonly p99_us: number;
  readonly max_us: number;
  readonly mean_us: number;
}

export interface WrkRun extends WrkSummary {
  readonly command: string;
  /** Requests answered below 400, i.e. accepted. */
  readonly ok: number;
  readonly okPerSec: number;
  readonly socketErrors: number;
  /** When wrk ran, in µs on the monotonic clock (to cut a --cpu-prof profile to the load window). */
  readonly monoStartUs: number;
  readonly monoEndUs: number;
}

export interface WrkOptions {
  readonly binary: string;
  readonly url: string;
  readonly threads: number;
  readonly connections: number;
  readonly seconds: number;
  /** BENCH_PAYLOAD for the Lua script: `webhook` or `am-api`. */
  readonly payload: 'webhook' | 'am-api';
}

export async function runWrk(o: WrkOptions): Promise<WrkRun> {
  const args = [
    `-t${o.threads}`,
    `-c${o.connections}`,
    `-d${o.seconds}s`,
    '--latency',
    '-s',
    WRK_SCRIPT,
    o.url,
  ];
  const command = `BENCH_PAYLOAD=${o.payload} ${o.binary} ${args.join(' ')}`;
  const monoStartUs = Number(process.hrtime.bigint() / 1000n);
  const proc = spawnTracked(o.binary, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, BENCH_PAYLOAD: o.payload },
  });
  let out = '';
  proc.child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  const guard = setTimeout(() => proc.child.kill('SIGKILL'), (o.seconds + 30) * 1000);
  const exit = await proc.exited;
  clearTimeout(guard);
  const monoEndUs = Number(process.hrtime.bigint() / 1000n);
  const line = out.split('\n').find((l) => l.startsWith('BENCH_JSON '));
  if (exit !== 0 || line === undefined) throw new Error(`wrk failed (${exit}): ${command}\n${proc.output()}`);
  const s = JSON.parse(line.slice('BENCH_JSON '.length)) as WrkSummary;
  const ok = s.requests - s.non2xx;
  return {
    ...s,
    command,
    ok,
    okPerSec: ok / (s.duration_us / 1e6),
    socketErrors: s.connect_errors + s.read_errors + s.write_errors + s.timeouts,
    monoStartUs,
    monoEndUs,
  };
}
