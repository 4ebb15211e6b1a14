import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { WatchkeeperError } from '../core/index.js';
import type { CliIo } from './run-cli.js';

/** What `watchkeeper replay` needs from the composition root. */
export interface ReplayCli {
  /**
   * Replays a dataset (a JSONL file, or the name of a loader for ../shared/eval-data) in shadow mode,
   * writes the Markdown + JSON report and compares with `baseline` when given. Throws NOT_FOUND when
   * the dataset (or its folder) is absent.
   */
  run(
    dataset: string,
    options: { baseline?: string; outDir?: string; limit?: number },
  ): Promise<{ ok: boolean; lines: readonly string[] }>;
  /** Dataset names the loaders know. */
  datasets(): readonly string[];
}

const USAGE =
  'usage: watchkeeper replay <dataset.jsonl|name|all> [--all] [--baseline old.json|dir] [--out dir] [--limit n]';

/** `watchkeeper replay`: exit 0 when no regression and no unapproved execution, else 1; 2 for usage. */
export async function replayCommand(args: readonly string[], replay: ReplayCli, io: CliIo): Promise<number> {
  let dataset: string | undefined;
  let all = false;
  const options: { baseline?: string; outDir?: string; limit?: number } = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    const value = args[i + 1];
    if ((a === '--baseline' || a === '--out' || a === '--limit') && value === undefined) {
      io.err(USAGE);
      return 2;
    }
    if (a === '--baseline') options.baseline = args[++i] as string;
    else if (a === '--out') options.outDir = args[++i] as string;
    else if (a === '--all') all = true;
    else if (a === '--limit') {
      const n = Number(args[++i]);
      if (!Number.isInteger(n) || n < 1) {
        io.err(`--limit needs a positive whole number\n${USAGE}`);
        return 2;
      }
      options.limit = n;
    } else if (dataset === undefined) dataset = a;
    else {
      io.err(`unexpected argument ${a}\n${USAGE}`);
      return 2;
    }
  }
  if (all || dataset === 'all') {
    if (all && dataset !== undefined && dataset !== 'all') {
      io.err(`--all takes no dataset\n${USAGE}`);
      return 2;
    }
    return replayAll(replay, options, io);
  }
  if (dataset === undefined) {
    io.err(`${USAGE}\nnamed datasets: ${replay.datasets().join(', ') || 'none'}`);
    return 2;
  }
  const result = await replay.run(dataset, options);
  result.lines.forEach((line) => (result.ok ? io.out : io.err)(line));
  return result.ok ? 0 : 1;
}

/**
 * Every named dataset in turn; one whose data is absent is skipped with the reason, never silently.
 * `--baseline <dir>` compares each with `<dir>/replay-<name>.json` where that file exists.
 */
async function replayAll(
  replay: ReplayCli,
  options: { baseline?: string; outDir?: string; limit?: number },
  io: CliIo,
): Promise<number> {
  const baselineDir =
    options.baseline !== undefined && existsSync(options.baseline) && statSync(options.baseline).isDirectory()
      ? options.baseline
      : undefined;
  if (options.baseline !== undefined && baselineDir === undefined) {
    io.err(`with --all, --baseline names a directory of replay-<name>.json reports\n${USAGE}`);
    return 2;
  }
  const summary: string[] = [];
  let ok = true;
  for (const name of replay.datasets()) {
    const baseline = baselineDir === undefined ? undefined : join(baselineDir, `replay-${name}.json`);
    const own = {
      ...(options.outDir === undefined ? {} : { outDir: options.outDir }),
      ...(options.limit === undefined ? {} : { limit: options.limit }),
      ...(baseline !== undefined && existsSync(baseline) ? { baseline } : {}),
    };
    io.out(`== replay ${name}${own.baseline === undefined ? '' : ` (baseline ${own.baseline})`}`);
    try {
      const result = await replay.run(name, own);
      result.lines.forEach((line) => (result.ok ? io.out : io.err)(line));
      summary.push(`${result.ok ? 'ok     ' : 'FAILED '} ${name}`);
      ok &&= result.ok;
    } catch (err) {
      if (!(err instanceof WatchkeeperError) || err.code !== 'NOT_FOUND') throw err;
      io.out(`skipped ${name}: ${err.message}`);
      summary.push(`skipped ${name}: ${err.message}`);
    }
  }
  io.out('');
  summary.forEach((line) => io.out(line));
  return ok ? 0 : 1;
}
