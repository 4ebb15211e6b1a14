import type { AuditVerification } from '../core/index.js';
import type { CliIo } from './run-cli.js';
import { restoreDrillCommand, type RestoreDrillReport } from './restore-drill-command.js';
import { restoreCommand } from './restore-command.js';
import { versionCommand, type VersionCliContext } from './version-command.js';

export interface BackupSummary {
  readonly file: string;
  readonly bytes: number;
  readonly pages: number;
  readonly steps: number;
  readonly restarts: number;
  readonly auditEntries: number;
  readonly incidents: number;
  readonly ms: number;
}

/** What the rollout commands need; main.ts builds it (this module wires nothing). */
export interface RolloutCliContext extends VersionCliContext {
  backup(file: string): Promise<BackupSummary>;
  /** Verifies a backup (SQLite) or an export (JSONL) offline with the public key it carries. */
  verifyFile(file: string): AuditVerification & { readonly format: 'backup' | 'export' };
  restore(
    file: string,
    force: boolean,
  ): { readonly db: string; readonly auditEntries: number; readonly incidents: number };
  drillRestore(): Promise<RestoreDrillReport>;
}

/**
 * The rollout and disaster-recovery commands: `backup <file>`, `restore <file> [--force]`,
 * `audit verify --file <f>`, `drill restore`, `version …`. Resolves undefined for anything else, so
 * run-cli.ts goes on with its own commands.
 */
export async function runRolloutCommand(
  argv: readonly string[],
  ctx: () => RolloutCliContext,
  io: CliIo,
): Promise<number | undefined> {
  const [command, sub, ...rest] = argv;
  if (command === 'backup') return backupCommand(sub, ctx, io);
  if (command === 'restore') return restoreCommand([sub, ...rest].filter(isString), ctx, io);
  if (command === 'drill' && sub === 'restore') return restoreDrillCommand(ctx, io);
  if (command === 'version') return versionCommand([sub, ...rest].filter(isString), ctx, io);
  if (command === 'audit' && sub === 'verify' && rest[0] === '--file')
    return verifyFileCommand(rest[1], ctx, io);
  return undefined;
}

async function backupCommand(
  file: string | undefined,
  ctx: () => RolloutCliContext,
  io: CliIo,
): Promise<number> {
  if (file === undefined) {
    io.err('usage: watchkeeper backup <file>');
    return 2;
  }
  const r = await ctx().backup(file);
  io.out(
    `backup written: ${r.file} (${r.bytes} bytes, ${r.incidents} incidents, ${r.auditEntries} audit entries, ${r.steps} steps, ${r.restarts} restarts, ${r.ms} ms)`,
  );
  io.out(`verify offline with: watchkeeper audit verify --file ${r.file}`);
  return 0;
}

function verifyFileCommand(file: string | undefined, ctx: () => RolloutCliContext, io: CliIo): number {
  if (file === undefined) {
    io.err('usage: watchkeeper audit verify --file <backup or export>');
    return 2;
  }
  const v = ctx().verifyFile(file);
  if (v.ok) {
    io.out(`${v.format} OK: ${v.count} entries, hash chain and Ed25519 signatures verified`);
    return 0;
  }
  io.err(
    `${v.format} FAILED at entry ${v.firstBad?.seq ?? '?'}: ${v.firstBad?.reason ?? 'unknown'} (${v.count} entries checked)`,
  );
  return 1;
}

function isString(v: string | undefined): v is string {
  return v !== undefined;
}
