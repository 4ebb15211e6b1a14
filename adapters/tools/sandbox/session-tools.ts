import { z } from 'zod';
import type { SandboxStateRepository, Tool } from '../../../src/core/index.js';
import { defineSandboxWriteTool } from './define-sandbox-tool.js';
import { requireAccount } from './sandbox-fleet.js';
import { sandboxId } from './sandbox-schema.js';

/** Sandbox state kind recording when an account's sessions were last revoked. */
export const SANDBOX_SESSIONS_KIND = 'sessions';

export interface SandboxSessions {
  readonly account: string;
  readonly revokedAt: string;
  readonly revocations: number;
}

const sessionsInput = z.object({ account: sandboxId });
export type RevokeSessionsInput = z.infer<typeof sessionsInput>;

/**
 * `sandbox.revoke_sessions` (critical: identity): signs an account out everywhere. Irreversible (a
 * revoked session cannot be restored; the user signs in again), so it has no rollback; pair it with
 * `sandbox.disable_account`, whose release is `sandbox.enable_account`.
 */
export function createRevokeSessionsTool(state: SandboxStateRepository): Tool<RevokeSessionsInput> {
  return defineSandboxWriteTool(state, {
    name: 'sandbox.revoke_sessions',
    description: 'Revoke every active session and refresh token of a sandbox account.',
    input: sessionsInput,
    risk: 'critical',
    scope: 'sandbox:identity',
    target: (input) => {
      const account = state.get<{ id: string; tags?: string[] }>('account', input.account);
      return account === undefined
        ? { asset: input.account }
        : { asset: account.id, tags: account.tags ?? [] };
    },
    prepare: (input, ctx) => {
      const account = requireAccount(state, input.account);
      const before = state.get<SandboxSessions>(SANDBOX_SESSIONS_KIND, account.id);
      const at = ctx.clock.now().toISOString();
      return {
        summary: `account ${account.id} (${account.name}): every session revoked`,
        data: { account: account.id, name: account.name, previousRevocation: before?.revokedAt ?? null },
        apply: () => {
          const entry: SandboxSessions = {
            account: account.id,
            revokedAt: at,
            revocations: (before?.revocations ?? 0) + 1,
          };
          state.put(SANDBOX_SESSIONS_KIND, account.id, entry);
        },
      };
    },
  });
}
