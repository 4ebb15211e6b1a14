import type { ApprovalPrompt, OutgoingMessage } from '../../../src/core/index.js';
import type { FeedEntry } from './feed-entry.js';

/** An approval prompt as the console card shows it. */
export interface ApprovalView {
  readonly approvalId: string;
  readonly token: string;
  readonly tool: string;
  /** The step input, pretty-printed JSON. */
  readonly input: string;
  readonly rationale: string;
  readonly risk: ApprovalPrompt['risk'];
  readonly rule: string;
  readonly reason: string;
  readonly preview?: string;
  readonly requester: string;
  /** e.g. "1 approval from sre or lead, not the requester". */
  readonly whoMayApprove: string;
  readonly expiresAt: string;
  /** `expired` also when still `pending` but past its expiry. */
  readonly status: ApprovalPrompt['status'];
  /** Whether Approve / Reject buttons are shown. */
  readonly open: boolean;
  readonly votes: readonly { principal: string; decision: string; accepted: boolean; reason?: string }[];
  readonly outcome?: string;
  readonly runId: string;
  readonly incidentId?: string;
}

/** A feed line as the console UI receives it (GET /api/messages and SSE). */
export interface MessageView {
  readonly id: string;
  readonly at: string;
  /** `watchkeeper` for the bot, else the principal who typed it. */
  readonly from: string;
  readonly text: string;
  readonly thread?: string;
  readonly incidentId?: string;
  readonly ephemeral?: boolean;
  readonly error?: string;
  readonly approval?: ApprovalView;
}

/**
 * Pure: a feed entry → what the UI shows. `now` decides whether a still-pending prompt is past its
 * expiry (then it shows as expired and without buttons, even before the server sweeps it).
 */
export function renderEntry(entry: FeedEntry, now: Date): MessageView {
  const m: OutgoingMessage = entry.message;
  const thread = entry.conversation.thread;
  return {
    id: entry.id,
    at: entry.at,
    from: entry.from ?? 'watchkeeper',
    text: m.text,
    ...(thread !== undefined ? { thread } : {}),
    ...(m.incidentId !== undefined ? { incidentId: m.incidentId } : {}),
    ...(m.ephemeral === true ? { ephemeral: true } : {}),
    ...(m.error !== undefined ? { error: m.error.code } : {}),
    ...(m.approval !== undefined ? { approval: renderApproval(m.approval, now) } : {}),
  };
}

/** Pure: an approval prompt → the card's view. */
export function renderApproval(p: ApprovalPrompt, now: Date): ApprovalView {
  const lapsed = p.status === 'pending' && Date.parse(p.expiresAt) <= now.getTime();
  const status = lapsed ? 'expired' : p.status;
  return {
    approvalId: p.approvalId,
    token: p.token,
    tool: p.tool,
    input: JSON.stringify(p.input, null, 2) ?? 'null',
    rationale: p.rationale,
    risk: p.risk,
    rule: p.rule,
    reason: p.reason,
    ...(p.preview !== undefined ? { preview: p.preview } : {}),
    requester: p.requester,
    whoMayApprove: whoMayApprove(p),
    expiresAt: p.expiresAt,
    status,
    open: status === 'pending',
    votes: p.votes.map((v) => ({ ...v })),
    ...(p.outcome !== undefined
      ? { outcome: p.outcome }
      : lapsed
        ? { outcome: 'expired without a decision' }
        : {}),
    runId: p.runId,
    ...(p.incidentId !== undefined ? { incidentId: p.incidentId } : {}),
  };
}

/** Plain words for the approval requirements. */
export function whoMayApprove(p: Pick<ApprovalPrompt, 'needed' | 'roles' | 'distinctFromRequester'>): string {
  const count = `${p.needed} approval${p.needed === 1 ? '' : 's'}`;
  const from = p.roles.length > 0 ? ` from ${p.roles.join(' or ')}` : ' from anyone known';
  return count + from + (p.distinctFromRequester ? ', not the requester' : '');
}
