import type { CliIo } from './run-cli.js';

/** What `watchkeeper drill` needs from the composition root. */
export interface DrillCli {
  /** Names and one-line descriptions of the drills. */
  list(): readonly { name: string; description: string }[];
  /** Runs one drill on a throwaway sandbox app; undefined when no drill has that name. */
  run(name: string): Promise<{ passed: boolean; lines: readonly string[] } | undefined>;
}

/** `watchkeeper drill <name>`: exit 0 on PASS, 1 on FAIL, 2 for usage. `drill list` lists them. */
export async function drillCommand(args: readonly string[], drills: DrillCli, io: CliIo): Promise<number> {
  const name = args[0];
  const listing = [
    ...drills.list().map((d) => `  ${d.name.padEnd(20)} ${d.description}`),
    `  ${'restore'.padEnd(20)} backup → verify → restore rehearsal in a scratch directory`,
  ];
  if (name === undefined || name === 'list') {
    (name === undefined ? io.err : io.out)(['usage: watchkeeper drill <name>', ...listing].join('\n'));
    return name === undefined ? 2 : 0;
  }
  const result = await drills.run(name);
  if (result === undefined) {
    io.err([`no drill "${name}"; drills:`, ...listing].join('\n'));
    return 2;
  }
  result.lines.forEach((line) => (result.passed ? io.out : io.err)(line));
  return result.passed ? 0 : 1;
}
