import { toWatchkeeperError } from '../core/index.js';
import type { CliIo } from './run-cli.js';

/** Which agent versions serve new incidents. */
export interface VersionRouting {
  readonly stable: string;
  readonly canary?: string;
  /** Share of new incidents (0..1) routed to the canary. */
  readonly canaryShare: number;
}

/** Outcomes of the incidents one version handled. */
export interface VersionOutcomeRow {
  readonly version: string;
  readonly incidents: number;
  readonly stepsSucceeded: number;
  readonly stepsFailed: number;
  readonly approvalsRejected: number;
  readonly mitigated: number;
}

export interface VersionCliContext {
  versionShow(): { readonly routing: VersionRouting; readonly outcomes: readonly VersionOutcomeRow[] };
  /** Promote: the canary becomes stable. Rollback: the canary stops getting incidents. Both audited. */
  versionSwitch(action: 'promote' | 'rollback'): {
    readonly before: VersionRouting;
    readonly after: VersionRouting;
  };
}

/** `watchkeeper version [show|promote|rollback]`. */
export function versionCommand(args: readonly string[], ctx: () => VersionCliContext, io: CliIo): number {
  const action = args[0] ?? 'show';
  try {
    if (action === 'show') {
      const { routing, outcomes } = ctx().versionShow();
      io.out(describe(routing));
      for (const o of outcomes) {
        io.out(
          `  ${o.version}: ${o.incidents} incidents, ${o.stepsSucceeded} steps succeeded, ${o.stepsFailed} failed, ${o.approvalsRejected} rejected by people, ${o.mitigated} mitigated`,
        );
      }
      return 0;
    }
    if (action === 'promote' || action === 'rollback') {
      const { before, after } = ctx().versionSwitch(action);
      io.out(`${action}: ${describe(before)} → ${describe(after)} (audited)`);
      return 0;
    }
  } catch (err) {
    const e = toWatchkeeperError(err);
    io.err(`version ${action} refused (${e.code}): ${e.message}`);
    return 1;
  }
  io.err('usage: watchkeeper version [show|promote|rollback]');
  return 2;
}

function describe(r: VersionRouting): string {
  return r.canary === undefined
    ? `stable ${r.stable}, no canary`
    : `stable ${r.stable}, canary ${r.canary} at ${Math.round(r.canaryShare * 1000) / 10}%`;
}
