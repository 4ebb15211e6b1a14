export { runCli, USAGE, type CliContext, type CliIo } from './run-cli.js';
export { runRolloutCommand, type BackupSummary, type RolloutCliContext } from './backup-command.js';
export type { RestoreDrillReport, RestoreDrillStage } from './restore-drill-command.js';
export type { VersionCliContext, VersionOutcomeRow, VersionRouting } from './version-command.js';
