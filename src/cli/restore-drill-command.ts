import type { RolloutCliContext } from './backup-command.js';
import type { CliIo } from './run-cli.js';

/** One stage of the drill, as printed. */
export interface RestoreDrillStage {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
  readonly ms: number;
}

export interface RestoreDrillReport {
  readonly ok: boolean;
  readonly stages: readonly RestoreDrillStage[];
}

/**
 * `watchkeeper drill restore`: rehearses disaster recovery without touching the live installation
 * (backup → offline verify → restore into a scratch data directory → open and verify there). Exit 1
 * when any stage fails, naming it.
 */
export async function restoreDrillCommand(ctx: () => RolloutCliContext, io: CliIo): Promise<number> {
  const report = await ctx().drillRestore();
  for (const s of report.stages) {
    (s.ok ? io.out : io.err)(`${s.ok ? 'ok  ' : 'FAIL'} ${s.name.padEnd(10)} ${s.detail} (${s.ms} ms)`);
  }
  (report.ok ? io.out : io.err)(report.ok ? 'restore drill passed' : 'restore drill FAILED');
  return report.ok ? 0 : 1;
}
