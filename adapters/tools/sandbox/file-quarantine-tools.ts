import { z } from 'zod';
import type { SandboxStateRepository, Tool } from '../../../src/core/index.js';
import { defineSandboxWriteTool } from './define-sandbox-tool.js';
import { resultChanged } from './result-data.js';
import { requireHost } from './sandbox-fleet.js';
import { sandboxId } from './sandbox-schema.js';

/** Sandbox state kind of quarantined files, by `<host>:<sha256>`. */
export const SANDBOX_QUARANTINE_KIND = 'quarantine';

export interface SandboxQuarantine {
  readonly host: string;
  readonly sha256: string;
  readonly quarantined: boolean;
  readonly at: string;
}

/** A SHA-256 file hash, the identifier every EDR accepts for a file. */
export const sha256Hash = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[0-9a-f]{64}$/, { message: 'expected a SHA-256 hash (64 hex characters)' });

const fileInput = z.object({ host: sandboxId, sha256: sha256Hash });
export type FileQuarantineInput = z.infer<typeof fileInput>;

/** `sandbox.quarantine_file` (high, reversible by `sandbox.restore_file`): moves a file into quarantine. */
export function createQuarantineFileTool(state: SandboxStateRepository): Tool<FileQuarantineInput> {
  return fileTool(state, true);
}

/** `sandbox.restore_file` (high, reversible by `sandbox.quarantine_file`): restores a quarantined file. */
export function createRestoreFileTool(state: SandboxStateRepository): Tool<FileQuarantineInput> {
  return fileTool(state, false);
}

function fileTool(state: SandboxStateRepository, quarantine: boolean): Tool<FileQuarantineInput> {
  const name = quarantine ? 'sandbox.quarantine_file' : 'sandbox.restore_file';
  const inverseName = quarantine ? 'sandbox.restore_file' : 'sandbox.quarantine_file';
  return defineSandboxWriteTool(state, {
    name,
    description: quarantine
      ? 'Quarantine a file (by SHA-256) on a sandbox host.'
      : 'Restore a quarantined file (by SHA-256) on a sandbox host.',
    input: fileInput,
    risk: 'high',
    scope: 'sandbox:hosts',
    target: (input) => ({ asset: input.host, tags: ['file'] }),
    prepare: (input, ctx) => {
      const host = requireHost(state, input.host);
      const key = `${host.id}:${input.sha256}`;
      const current = state.get<SandboxQuarantine>(SANDBOX_QUARANTINE_KIND, key)?.quarantined === true;
      const data = { host: host.id, sha256: input.sha256, from: current, to: quarantine };
      const short = input.sha256.slice(0, 12);
      if (current === quarantine) {
        return {
          summary: `file ${short}… on ${host.id} is already ${quarantine ? 'quarantined' : 'in place'}`,
          data,
        };
      }
      return {
        summary: `file ${short}… on ${host.id}: ${quarantine ? 'quarantined' : 'restored'}`,
        data,
        apply: () => {
          const entry: SandboxQuarantine = {
            host: host.id,
            sha256: input.sha256,
            quarantined: quarantine,
            at: ctx.clock.now().toISOString(),
          };
          state.put(SANDBOX_QUARANTINE_KIND, key, entry);
        },
      };
    },
    inverse: (input, result) =>
      resultChanged(result)
        ? { tool: inverseName, input: { host: input.host, sha256: input.sha256 } }
        : undefined,
  });
}
