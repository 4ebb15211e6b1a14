import type { AuditVerification } from '../core/index.js';
import { drillCommand, type DrillCli } from './drill-command.js';
import { replayCommand, type ReplayCli } from './replay-command.js';
import { runRolloutCommand, type RolloutCliContext } from './backup-command.js';

/** What the CLI can do; main.ts builds it from the composition root so this file wires nothing. */
export interface CliContext extends RolloutCliContext {
  start(): Promise<void>;
  auditVerify(): AuditVerification;
  auditExport(write: (line: string) => void): void;
  playback(incidentId: string): string[] | undefined;
  policyCheck(): { ok: boolean; text: string };
  policyTest(): { ok: boolean; text: string };
  /** `drill <name>` (issue 11). */
  drills?: DrillCli;
  /** `replay <dataset> [--baseline old.json]` (issue 11). */
  replay?: ReplayCli;
}

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

export const USAGE = `usage: watchkeeper <command>
  start                    run the bot (web console, hooks, chat adapters whose keys are set)
  audit verify             recompute the audit chain and signatures; exit 1 naming the first bad entry
  audit export             print the ledger as JSONL with its public key (verifiable offline)
  playback <incident>      the incident's story in order: signals, plans, decisions, votes, tool calls
  policy check             validate policies/*.policy.yaml and roles.yaml
  policy test              run policies/*.policy.test.yaml
  drill <name>|list        run a synthetic drill on a throwaway sandbox app (shadow / live-sandbox)
  replay <dataset>|all [--baseline old.json] [--limit n]  replay records in shadow mode; reports in bench/results/
  backup <file>            online, consistent backup (database + audit public key)
  restore <file> [--force] restore a backup whose audit chain verifies
  audit verify --file <f>  verify a backup or an export offline
  drill restore            rehearse backup → verify → restore in a scratch directory
  version [promote|rollback]  agent versions: show, promote the canary, or roll it back`;

/** Parses argv and runs one command; resolves with the process exit code. */
export async function runCli(argv: readonly string[], ctx: () => CliContext, io: CliIo): Promise<number> {
  // backup, restore, audit verify --file, drill restore, version (before any generic drill case)
  const rollout = await runRolloutCommand(argv, ctx, io);
  if (rollout !== undefined) return rollout;
  const [command, sub, ...rest] = argv;
  switch (`${command ?? 'start'} ${command === 'audit' || command === 'policy' ? (sub ?? '') : ''}`.trim()) {
    case 'start':
      await ctx().start();
      return 0;
    case 'audit verify': {
      const v = ctx().auditVerify();
      if (v.ok) {
        io.out(`audit OK: ${v.count} entries, hash chain and Ed25519 signatures verified`);
        return 0;
      }
      io.err(
        `audit FAILED at entry ${v.firstBad?.seq ?? '?'}: ${v.firstBad?.reason ?? 'unknown'} (${v.count} entries checked)`,
      );
      return 1;
    }
    case 'audit export':
      ctx().auditExport(io.out);
      return 0;
    case 'playback': {
      const id = sub ?? rest[0];
      if (id === undefined) {
        io.err('usage: watchkeeper playback <incident id>');
        return 2;
      }
      const lines = ctx().playback(id.toUpperCase());
      if (lines === undefined) {
        io.err(`no incident ${id}`);
        return 1;
      }
      lines.forEach(io.out);
      return 0;
    }
    case 'policy check':
    case 'policy test': {
      const r = sub === 'check' ? ctx().policyCheck() : ctx().policyTest();
      (r.ok ? io.out : io.err)(r.text);
      return r.ok ? 0 : 1;
    }
    case 'drill':
    case 'replay': {
      const c = ctx();
      const args = [sub, ...rest].filter((a): a is string => a !== undefined);
      if (command === 'drill' && c.drills) return drillCommand(args, c.drills, io);
      if (command === 'replay' && c.replay) return replayCommand(args, c.replay, io);
      io.err(`${command} is not available in this build`);
      return 2;
    }
    case 'help':
    case '--help':
      io.out(USAGE);
      return 0;
    default:
      io.err(`unknown command: ${argv.join(' ')}\n${USAGE}`);
      return 2;
  }
}
