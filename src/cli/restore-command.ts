import { toWatchkeeperError } from '../core/index.js';
import type { RolloutCliContext } from './backup-command.js';
import type { CliIo } from './run-cli.js';

/**
 * `watchkeeper restore <file> [--force]`: verifies the backup's ledger and restores it into the
 * configured data directory. Exit 1 (nothing written) when the chain does not verify or a database
 * exists without `--force`.
 */
export function restoreCommand(args: readonly string[], ctx: () => RolloutCliContext, io: CliIo): number {
  const force = args.includes('--force');
  const file = args.find((a) => a !== '--force');
  if (file === undefined) {
    io.err('usage: watchkeeper restore <file> [--force]');
    return 2;
  }
  try {
    const r = ctx().restore(file, force);
    io.out(
      `restored ${file} into ${r.db}: ${r.incidents} incidents, ${r.auditEntries} audit entries verified`,
    );
    return 0;
  } catch (err) {
    const e = toWatchkeeperError(err);
    io.err(`restore refused (${e.code}): ${e.message}`);
    return 1;
  }
}
