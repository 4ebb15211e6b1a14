import type { AuditVerification } from '../core/index.js';

/** What the CLI can do; main.ts builds it from the composition root so this file wires nothing. */
export interface CliContext {
  start(): Promise<void>;
  auditVerify(): AuditVerification;
  auditExport(write: (line: string) => void): void;
  playback(incidentId: string): string[] | undefined;
  policyCheck(): { ok: boolean; text: string };
  policyTest(): { ok: boolean; text: string };
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
  policy test              run policies/*.policy.test.yaml`;

/** Parses argv and runs one command; resolves with the process exit code. */
export async function runCli(argv: readonly string[], ctx: () => CliContext, io: CliIo): Promise<number> {
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
    case 'help':
    case '--help':
      io.out(USAGE);
      return 0;
    default:
      io.err(`unknown command: ${argv.join(' ')}\n${USAGE}`);
      return 2;
  }
}
