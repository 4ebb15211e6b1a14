import type { CliIo } from './run-cli.js';

/** What `watchkeeper replay` needs from the composition root. */
export interface ReplayCli {
  /**
   * Replays a dataset (a JSONL file, or the name of a loader for ../shared/eval-data) in shadow mode,
   * writes the Markdown + JSON report and compares with `baseline` when given.
   */
  run(
    dataset: string,
    options: { baseline?: string; outDir?: string; limit?: number },
  ): Promise<{ ok: boolean; lines: readonly string[] }>;
  /** Dataset names the loaders know. */
  datasets(): readonly string[];
}

const USAGE = 'usage: watchkeeper replay <dataset.jsonl|name> [--baseline old.json] [--out dir] [--limit n]';

/** `watchkeeper replay`: exit 0 when no regression and no unapproved execution, else 1; 2 for usage. */
export async function replayCommand(args: readonly string[], replay: ReplayCli, io: CliIo): Promise<number> {
  let dataset: string | undefined;
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
  if (dataset === undefined) {
    io.err(`${USAGE}\nnamed datasets: ${replay.datasets().join(', ') || 'none'}`);
    return 2;
  }
  const result = await replay.run(dataset, options);
  result.lines.forEach((line) => (result.ok ? io.out : io.err)(line));
  return result.ok ? 0 : 1;
}
