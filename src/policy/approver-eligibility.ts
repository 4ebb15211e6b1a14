import { BOT_PRINCIPAL_ID } from '../core/index.js';
import type { ApprovalRequirements, ErrorCode } from '../core/index.js';

/** Why a vote is refused: a stable code for callers and a sentence for chat. */
export interface Refusal {
  readonly code: ErrorCode;
  readonly message: string;
}

/**
 * Whether `voter` may vote on an approval with these requirements, judged on who they are only (not on
 * the approval's state). Shared by the approval service and the policy test runner (`approvableBy`), so
 * a policy test proves what a real click would do. The bot never votes; `roles: []` means any principal
 * holding at least one role in roles.yaml.
 */
export function approverRefusal(
  requirements: ApprovalRequirements,
  requester: string,
  voter: string,
  voterRoles: readonly string[],
): Refusal | undefined {
  if (voter === BOT_PRINCIPAL_ID) {
    return { code: 'APPROVAL_NOT_ALLOWED', message: 'the bot cannot vote on approvals' };
  }
  if (requirements.distinctFromRequester && voter === requester) {
    return {
      code: 'APPROVAL_NOT_ALLOWED',
      message: 'you requested this step; a different approver is required',
    };
  }
  if (requirements.roles.length === 0) {
    if (voterRoles.length > 0) return undefined;
    return { code: 'APPROVAL_NOT_ALLOWED', message: `${voter} has no role in roles.yaml, so cannot vote` };
  }
  if (voterRoles.some((r) => requirements.roles.includes(r))) return undefined;
  return {
    code: 'APPROVAL_NOT_ALLOWED',
    message: `voting needs one of the roles ${requirements.roles.join(', ')}; ${voter} has none of them`,
  };
}
