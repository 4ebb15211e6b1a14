import type { VoteDecision } from './chat.js';
import type { ApprovalRequirements } from './policy.js';

export type ApprovalStatus = 'pending' | 'approved' | 'rejected' | 'expired';

export interface Vote {
  readonly principal: string;
  readonly decision: VoteDecision;
  readonly accepted: boolean;
  /** Why a vote was refused (stable error code), when it was. */
  readonly reason?: string;
  readonly at: string;
}

/** A durable request bound to the digest of the exact step it approves. */
export interface Approval {
  readonly id: string;
  readonly runId: string;
  readonly stepId: string;
  readonly digest: string;
  readonly requester: string;
  readonly requirements: ApprovalRequirements;
  readonly status: ApprovalStatus;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly decidedAt: string | null;
  readonly votes: readonly Vote[];
}

export interface VoteRequest {
  readonly approvalId: string;
  readonly principal: string;
  readonly decision: VoteDecision;
  readonly token?: string;
  readonly secondFactor?: string;
  /** The voter typed `irreversible`: they accept that the step cannot be undone. */
  readonly acknowledgeIrreversible?: boolean;
}

export interface VoteOutcome {
  readonly accepted: boolean;
  /** Error code when refused. */
  readonly reason?: string;
  readonly message: string;
  readonly approval: Approval;
  /** True only for the one vote that moved the approval out of `pending`. */
  readonly decided: boolean;
}

export interface ApprovalService {
  request(input: {
    runId: string;
    stepId: string;
    digest: string;
    requester: string;
    requirements: ApprovalRequirements;
  }): Approval;
  vote(request: VoteRequest): VoteOutcome;
  status(approvalId: string): Approval | undefined;
  /** HMAC over approval id + digest, carried by buttons. */
  tokenFor(approval: Approval): string;
  /** Moves every pending approval past its expiry to `expired`; returns those. */
  expireDue(): Approval[];
}
