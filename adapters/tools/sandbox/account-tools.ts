import { z } from 'zod';
import type { SandboxStateRepository, Target, Tool } from '../../../src/core/index.js';
import { defineSandboxWriteTool } from './define-sandbox-tool.js';
import { resultChanged } from './result-data.js';
import { requireAccount } from './sandbox-fleet.js';
import { SANDBOX_KINDS, sandboxId } from './sandbox-schema.js';
import type { SandboxAccount } from './sandbox-schema.js';

const accountInput = z.object({ account: sandboxId });
export type AccountInput = z.infer<typeof accountInput>;

/** `sandbox.disable_account` (critical: identity; reversible by `sandbox.enable_account`). */
export function createDisableAccountTool(state: SandboxStateRepository): Tool<AccountInput> {
  return accountTool(state, true);
}

/** `sandbox.enable_account` (critical: identity; reversible by `sandbox.disable_account`). */
export function createEnableAccountTool(state: SandboxStateRepository): Tool<AccountInput> {
  return accountTool(state, false);
}

function accountTool(state: SandboxStateRepository, disable: boolean): Tool<AccountInput> {
  const name = disable ? 'sandbox.disable_account' : 'sandbox.enable_account';
  const inverseName = disable ? 'sandbox.enable_account' : 'sandbox.disable_account';
  const word = (disabled: boolean): string => (disabled ? 'disabled' : 'enabled');
  return defineSandboxWriteTool(state, {
    name,
    description: disable ? 'Disable a sandbox user account.' : 'Re-enable a disabled sandbox user account.',
    input: accountInput,
    risk: 'critical',
    scope: 'sandbox:identity',
    target: (input) => accountTarget(state, input.account),
    prepare: (input) => {
      const account = requireAccount(state, input.account);
      const data = { account: account.id, name: account.name, from: account.disabled, to: disable };
      if (account.disabled === disable) {
        return { summary: `account ${account.id} (${account.name}) is already ${word(disable)}`, data };
      }
      return {
        summary: `account ${account.id} (${account.name}): ${word(account.disabled)} → ${word(disable)}`,
        data,
        apply: () => state.put(SANDBOX_KINDS.account, account.id, { ...account, disabled: disable }),
      };
    },
    inverse: (input, result) =>
      resultChanged(result) ? { tool: inverseName, input: { account: input.account } } : undefined,
  });
}

/** Accounts' tags (e.g. `admin`, `service-account`) flow into the target for policy rules. */
function accountTarget(state: SandboxStateRepository, id: string): Omit<Target, 'environment'> {
  const account = state.get<SandboxAccount>(SANDBOX_KINDS.account, id);
  return account === undefined ? { asset: id } : { asset: account.id, tags: account.tags };
}
