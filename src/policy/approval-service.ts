import { BOT_PRINCIPAL_ID, PolicyError } from '../core/index.js';
import type {
  Approval,
  ApprovalRepository,
  ApprovalService,
  AuditLog,
  Clock,
  ErrorCode,
  PolicyEngine,
  SecondFactor,
  Vote,
  VoteOutcome,
  VoteRequest,
} from '../core/index.js';
import { approvalToken, approvalTokenMatches } from './approval-token.js';
import { approverRefusal } from './approver-eligibility.js';

export interface ApprovalServiceOptions {
  readonly repo: ApprovalRepository;
  readonly policy: PolicyEngine;
  readonly audit: AuditLog;
  readonly clock: Clock;
  /** Key for the HMAC carried by approval buttons. */
  readonly hmacKey: Buffer;
  /** Short, typeable ids (`A-7K3Q9X`), since people type `approve <id>`. */
  readonly newId: () => string;
  /** The step's current digest, or undefined if the step is gone: a changed step voids its approval. */
  readonly stepDigestOf: (stepId: string) => string | undefined;
  /** TOTP checks for `secondFactor: totp`; without it such approvals cannot be approved. */
  readonly secondFactor?: SecondFactor;
}

/**
 * Durable approvals bound to a step digest. Every vote, accepted or refused, is recorded and audited with
 * its reason; the approval leaves `pending` through the repository's compare-and-set, so double clicks
 * and concurrent votes decide it exactly once (`decided: true` for that one vote only).
 */
export function createApprovalService(options: ApprovalServiceOptions): ApprovalService {
  const { repo, policy, audit, clock, hmacKey } = options;

  const decide = (
    approval: Approval,
    status: 'approved' | 'rejected' | 'expired',
    actor: string,
    at: string,
  ): boolean => {
    const won = repo.decide(approval.id, status, at);
    if (won) {
      const current = repo.get(approval.id) ?? approval;
      audit.append({
        kind: 'approval.decided',
        actor,
        runId: approval.runId,
        subject: approval.id,
        data: {
          approvalId: approval.id,
          stepId: approval.stepId,
          status,
          approvals: approvers(current).length,
        },
      });
    }
    return won;
  };

  const record = (approval: Approval, vote: Vote, message: string): boolean => {
    const added = repo.addVote(approval.id, vote);
    audit.append({
      kind: 'approval.vote',
      actor: vote.principal,
      runId: approval.runId,
      subject: approval.id,
      data: {
        approvalId: approval.id,
        stepId: approval.stepId,
        decision: vote.decision,
        accepted: vote.accepted,
        ...(vote.reason !== undefined ? { reason: vote.reason } : {}),
        message,
      },
    });
    return added;
  };

  return {
    request(input) {
      const now = clock.now();
      const approval: Approval = {
        id: options.newId(),
        runId: input.runId,
        stepId: input.stepId,
        digest: input.digest,
        requester: input.requester,
        requirements: input.requirements,
        status: 'pending',
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + input.requirements.expiresInSeconds * 1000).toISOString(),
        decidedAt: null,
        votes: [],
      };
      repo.create(approval);
      audit.append({
        kind: 'approval.requested',
        actor: input.requester,
        runId: input.runId,
        subject: approval.id,
        data: {
          approvalId: approval.id,
          stepId: approval.stepId,
          digest: approval.digest,
          requirements: approval.requirements,
          expiresAt: approval.expiresAt,
        },
      });
      return approval;
    },

    vote(request: VoteRequest): VoteOutcome {
      const approval = repo.get(request.approvalId);
      if (approval === undefined) {
        throw new PolicyError('APPROVAL_NOT_FOUND', `there is no approval ${request.approvalId}`);
      }
      const now = clock.now();
      const at = now.toISOString();
      const { principal, decision } = request;
      const refuse = (code: ErrorCode, message: string): VoteOutcome => {
        record(approval, { principal, decision, accepted: false, reason: code, at }, message);
        const expired = code === 'APPROVAL_EXPIRED' && decide(approval, 'expired', BOT_PRINCIPAL_ID, at);
        return {
          accepted: false,
          reason: code,
          message,
          approval: repo.get(approval.id) ?? approval,
          decided: expired,
        };
      };

      if (approval.status !== 'pending') {
        return refuse('APPROVAL_CLOSED', `approval ${approval.id} is already ${approval.status}`);
      }
      if (Date.parse(approval.expiresAt) <= now.getTime()) {
        return refuse('APPROVAL_EXPIRED', `approval ${approval.id} expired at ${approval.expiresAt}`);
      }
      if (
        request.token !== undefined &&
        !approvalTokenMatches(hmacKey, approval.id, approval.digest, request.token)
      ) {
        return refuse(
          'APPROVAL_TOKEN_INVALID',
          'this approval button does not match the step; nothing was changed',
        );
      }
      if (options.stepDigestOf(approval.stepId) !== approval.digest) {
        return refuse(
          'APPROVAL_DIGEST_MISMATCH',
          'the step changed since approval was requested; this approval no longer applies',
        );
      }
      // Requesters may always withdraw their own request: a reject can only stop an action.
      const withdrawing = decision === 'reject' && principal === approval.requester;
      const ineligible = withdrawing
        ? undefined
        : approverRefusal(approval.requirements, approval.requester, principal, policy.rolesOf(principal));
      if (ineligible !== undefined) return refuse(ineligible.code, ineligible.message);
      if (approval.votes.some((v) => v.accepted && v.principal === principal)) {
        return refuse('APPROVAL_DUPLICATE_VOTE', `you already voted on ${approval.id}`);
      }
      if (decision === 'approve') {
        const extra = extraRefusal(approval, principal, (p) => policy.rolesOf(p), request);
        if (extra !== undefined) return refuse(extra.code, extra.message);
      }
      // Checked last: a TOTP code is spent only by a vote that will otherwise be accepted.
      if (decision === 'approve' && approval.requirements.secondFactor === 'totp') {
        const sf = options.secondFactor;
        if (sf === undefined)
          return refuse('APPROVAL_SECOND_FACTOR', 'second factors are not configured; the vote is refused');
        if (!sf.enrolled(principal))
          return refuse(
            'APPROVAL_SECOND_FACTOR',
            'this approval needs a TOTP code and you have not enrolled; run `2fa enrol` in a private message first',
          );
        if (request.secondFactor === undefined || request.secondFactor.trim() === '')
          return refuse(
            'APPROVAL_SECOND_FACTOR',
            `this approval needs a TOTP code: approve ${approval.id} <6-digit code>`,
          );
        const bad = sf.verify(principal, request.secondFactor.trim(), approval.id);
        if (bad !== undefined) return refuse('APPROVAL_SECOND_FACTOR', bad);
      }

      const accepted = record(
        approval,
        { principal, decision, accepted: true, at },
        `${decision} by ${principal}`,
      );
      if (!accepted) return refuse('APPROVAL_DUPLICATE_VOTE', `you already voted on ${approval.id}`);
      const current = repo.get(approval.id) ?? approval;
      const needed = approval.requirements.count;
      const have = approvers(current).length;
      let decided = false;
      let message: string;
      if (decision === 'reject') {
        decided = decide(approval, 'rejected', principal, at);
        message = decided
          ? `rejected by ${principal}`
          : `rejection by ${principal} recorded; the approval was already decided`;
      } else if (have >= needed) {
        decided = decide(approval, 'approved', principal, at);
        message = decided
          ? `approved by ${principal} (${Math.min(have, needed)} of ${needed})`
          : `approval by ${principal} recorded; the approval was already decided`;
      } else {
        message = `approval by ${principal} recorded (${have} of ${needed}); waiting for ${needed - have} more`;
      }
      return { accepted: true, message, approval: repo.get(approval.id) ?? current, decided };
    },

    status(approvalId) {
      return repo.get(approvalId);
    },

    tokenFor(approval) {
      return approvalToken(hmacKey, approval.id, approval.digest);
    },

    expireDue() {
      const at = clock.now().toISOString();
      const expired: Approval[] = [];
      for (const approval of repo.pendingExpiredBy(at)) {
        if (decide(approval, 'expired', BOT_PRINCIPAL_ID, at))
          expired.push(repo.get(approval.id) ?? approval);
      }
      return expired;
    },
  };
}

/**
 * Checks the constitution's acknowledgement and the two-role rule for an approving vote; pure so the
 * order of checks in `vote` stays readable.
 */
function extraRefusal(
  approval: Approval,
  principal: string,
  rolesOf: (principal: string) => readonly string[],
  request: VoteRequest,
): { code: ErrorCode; message: string } | undefined {
  const req = approval.requirements;
  if (req.acknowledge === 'irreversible' && request.acknowledgeIrreversible !== true) {
    return {
      code: 'APPROVAL_ACK_REQUIRED',
      message: `this step cannot be undone and has no rollback plan: type approve ${approval.id} irreversible to acknowledge it`,
    };
  }
  if (req.distinctRoles === true) {
    const eligible = (rs: readonly string[]): string[] =>
      rs.filter((r) => req.roles.length === 0 || req.roles.includes(r));
    const taken = new Set(
      approval.votes
        .filter((v) => v.accepted && v.decision === 'approve')
        .flatMap((v) => eligible(rolesOf(v.principal))),
    );
    if (taken.size > 0 && !eligible(rolesOf(principal)).some((r) => !taken.has(r))) {
      return {
        code: 'APPROVAL_NOT_ALLOWED',
        message: `the next approver must hold a role no earlier approver holds (already: ${[...taken].join(', ')})`,
      };
    }
  }
  return undefined;
}

/** Distinct principals with an accepted approving vote. */
function approvers(approval: Approval): string[] {
  return [
    ...new Set(approval.votes.filter((v) => v.accepted && v.decision === 'approve').map((v) => v.principal)),
  ];
}
