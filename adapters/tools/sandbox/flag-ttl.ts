import { z } from 'zod';
import { sha256Hex, ToolError } from '../../../src/core/index.js';
import type { SandboxStateRepository, Tool } from '../../../src/core/index.js';
import { defineSandboxWriteTool } from './define-sandbox-tool.js';
import { resultChanged, resultField } from './result-data.js';
import { requireFlag } from './sandbox-fleet.js';
import { SANDBOX_KINDS, sandboxId } from './sandbox-schema.js';
import type { SandboxFlag } from './sandbox-schema.js';

/** Longest TTL a flag flip may ask for: one week. */
export const MAX_FLAG_TTL_MINUTES = 7 * 24 * 60;
export const FLAG_TTL_KIND = 'flag_ttl';

/** A flag flip that reverts by itself: stored with the flip, in the same transaction, so it survives restarts. */
export interface SandboxFlagTtl {
  readonly id: string;
  readonly flag: string;
  readonly service: string;
  readonly revertTo: boolean;
  readonly revertAt: string;
  /** `pending` until the revert ran (`reverted`) or found nothing to do (`skipped`). */
  readonly status: 'pending' | 'reverted' | 'skipped';
  readonly doneAt?: string;
}

export function flagTtlId(idempotencyKey: string): string {
  return `T-${sha256Hex(idempotencyKey).slice(0, 8)}`;
}

/** TTL records whose time has come and that have not been reverted yet, oldest first. */
export function dueFlagReverts(state: SandboxStateRepository, now: Date): SandboxFlagTtl[] {
  const t = now.toISOString();
  return state
    .list<SandboxFlagTtl>(FLAG_TTL_KIND)
    .filter((r) => r.status === 'pending' && r.revertAt <= t)
    .sort((a, b) => a.revertAt.localeCompare(b.revertAt));
}

const revertInput = z.object({ ttlId: sandboxId });
export type RevertFlagInput = z.infer<typeof revertInput>;

/**
 * `sandbox.revert_flag` (medium): the automatic end of a flag flip with a TTL. It only restores the value
 * recorded when the TTL flip was applied, and only once; any other use is refused. Started by the
 * scheduler as a bot step, so it goes through policy and audit like every other action.
 */
export function createRevertFlagTool(state: SandboxStateRepository): Tool<RevertFlagInput> {
  return defineSandboxWriteTool(state, {
    name: 'sandbox.revert_flag',
    description: 'Revert a feature flag flip whose TTL has expired (used by the TTL scheduler).',
    input: revertInput,
    risk: 'medium',
    scope: 'sandbox:flags',
    target: (input) => {
      const r = state.get<SandboxFlagTtl>(FLAG_TTL_KIND, input.ttlId);
      return r === undefined ? { asset: input.ttlId } : { service: r.service, asset: r.flag };
    },
    prepare: (input, ctx) => {
      const record = state.get<SandboxFlagTtl>(FLAG_TTL_KIND, input.ttlId);
      if (record === undefined)
        throw new ToolError(`unknown flag TTL ${input.ttlId}`, false, { ttlId: input.ttlId });
      const flag = requireFlag(state, record.flag);
      const word = (on: boolean): string => (on ? 'on' : 'off');
      const data = { ttlId: record.id, flag: flag.name, from: flag.enabled, to: record.revertTo };
      const at = ctx.clock.now().toISOString();
      if (record.status !== 'pending')
        return { summary: `flag TTL ${record.id} already ${record.status}`, data };
      if (flag.enabled === record.revertTo) {
        return {
          summary: `flag ${flag.name} is already ${word(flag.enabled)}; TTL ${record.id} closed`,
          data: { ...data, skipped: true },
          apply: () => state.put(FLAG_TTL_KIND, record.id, { ...record, status: 'skipped', doneAt: at }),
        };
      }
      return {
        summary: `flag ${flag.name} (${flag.service}): TTL over, ${word(flag.enabled)} → ${word(record.revertTo)}`,
        data,
        apply: () => {
          const next: SandboxFlag & { changedAt: string } = {
            ...flag,
            enabled: record.revertTo,
            changedAt: at,
          };
          state.put(SANDBOX_KINDS.flag, flag.name, next);
          state.put(FLAG_TTL_KIND, record.id, { ...record, status: 'reverted', doneAt: at });
        },
      };
    },
    // Undoing the revert is an ordinary flip back to the value the TTL ended.
    inverse: (_input, result) => {
      const flag = resultField(result, 'flag');
      const from = resultField(result, 'from');
      if (!resultChanged(result) || typeof flag !== 'string' || typeof from !== 'boolean') return undefined;
      if (resultField(result, 'skipped') === true) return undefined;
      return { tool: 'sandbox.flip_flag', input: { flag, enabled: from } };
    },
  });
}
