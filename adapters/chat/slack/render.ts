import type { ApprovalPrompt, OutgoingMessage } from '../../../src/core/index.js';
import { APPROVE_ACTION, REJECT_ACTION } from './to-event.js';

/** A Block Kit block; the shapes used here are documented at https://api.slack.com/reference/block-kit/blocks. */
export type Block = Record<string, unknown>;

/** What `chat.postMessage` / `chat.update` / `respond` receive: `text` is always the complete fallback. */
export interface SlackMessage {
  readonly text: string;
  readonly blocks?: readonly Block[];
}

const SECTION_MAX = 3000;
const FIELD_MAX = 2000;

/** Pure: an outgoing message → Slack text and, for approval prompts, Block Kit. */
export function renderMessage(m: OutgoingMessage, now: Date): SlackMessage {
  const text = truncate(escapeText(m.text), 39_000);
  return m.approval === undefined ? { text } : { text, blocks: renderApprovalBlocks(m.approval, now) };
}

/**
 * Pure: an approval prompt as Block Kit: step, risk, rule, reason, dry-run preview, who may approve,
 * expiry, votes, and Approve / Reject buttons while it is open. Decided or expired prompts show the
 * outcome instead of the buttons. `now` decides whether a still-pending prompt has lapsed.
 */
export function renderApprovalBlocks(p: ApprovalPrompt, now: Date): Block[] {
  const lapsed = p.status === 'pending' && Date.parse(p.expiresAt) <= now.getTime();
  const status = lapsed ? 'expired' : p.status;
  const head = {
    pending: ':raising_hand: *Approval needed*',
    approved: ':white_check_mark: *Approved*',
    rejected: ':no_entry: *Rejected*',
    expired: ':hourglass: *Expired*',
  }[status];
  const blocks: Block[] = [
    section(
      `${head} · \`${escapeText(p.tool)}\` · risk *${p.risk}*${p.incidentId === undefined ? '' : ` · ${escapeText(p.incidentId)}`}`,
    ),
    {
      type: 'section',
      fields: [
        field(`*Step*\n\`${escapeText(p.tool)}\` ${escapeText(compactJson(p.input))}`),
        field(`*Risk*\n${p.risk}`),
        field(`*Rule*\n${escapeText(p.rule)}`),
        field(`*Reason*\n${escapeText(p.reason === '' ? '—' : p.reason)}`),
        field(`*Requested by*\n${principalText(p.requester)}`),
        field(`*Who may approve*\n${escapeText(whoMayApprove(p))}`),
        field(`*Expires*\n${slackDate(p.expiresAt)}`),
        field(`*Approval*\n${escapeText(p.approvalId)}`),
      ],
    },
  ];
  if (p.rationale !== '') blocks.push(section(`*Why*: ${escapeText(p.rationale)}`));
  if (p.preview !== undefined)
    blocks.push(
      section(`*Dry-run preview*\n\`\`\`${truncate(escapeText(p.preview), SECTION_MAX - 40)}\`\`\``),
    );
  const votes = p.votes.map(
    (v) =>
      `${v.accepted ? (v.decision === 'approve' ? ':white_check_mark:' : ':x:') : ':warning:'} ${principalText(v.principal)} ${v.decision === 'approve' ? 'approved' : 'rejected'}${v.accepted ? '' : ` (refused: ${escapeText(v.reason ?? 'not counted')})`}`,
  );
  const approvals = p.votes.filter((v) => v.accepted && v.decision === 'approve').length;
  const still = Math.max(0, p.needed - approvals);
  const needed =
    status === 'pending' && still > 0 ? `Still needed: ${still} approval${still === 1 ? '' : 's'}` : '';
  const voteLines = [...votes, ...(needed === '' ? [] : [needed])];
  if (voteLines.length > 0)
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: truncate(voteLines.join('\n'), SECTION_MAX) }],
    });
  if (status === 'pending') {
    const value = buttonValue(p);
    blocks.push({
      type: 'actions',
      block_id: 'wk_approval',
      elements: [
        { type: 'button', action_id: APPROVE_ACTION, style: 'primary', text: plain('Approve'), value },
        { type: 'button', action_id: REJECT_ACTION, style: 'danger', text: plain('Reject'), value },
      ],
    });
  } else {
    const outcome = p.outcome ?? (lapsed || status === 'expired' ? 'expired without a decision' : status);
    blocks.push(section(`*Outcome*: ${escapeText(outcome)}`));
  }
  return blocks;
}

/** The button's `value`: the approval id and the prompt's HMAC token (checked by the approval service). */
export function buttonValue(p: Pick<ApprovalPrompt, 'approvalId' | 'token'>): string {
  return JSON.stringify({ a: p.approvalId, t: p.token });
}

/** Plain words for the approval requirements. */
export function whoMayApprove(p: Pick<ApprovalPrompt, 'needed' | 'roles' | 'distinctFromRequester'>): string {
  const count = `${p.needed} approval${p.needed === 1 ? '' : 's'}`;
  const from = p.roles.length > 0 ? ` from ${p.roles.join(' or ')}` : ' from anyone known';
  return count + from + (p.distinctFromRequester ? ', not the requester' : '');
}

/** `slack:T1:U2` → a mention `<@U2>`; other principals as escaped text. */
export function principalText(principal: string): string {
  const m = /^slack:[^:]+:([A-Z0-9]+)$/.exec(principal);
  return m ? `<@${m[1]}>` : escapeText(principal);
}

/** Slack mrkdwn control characters; escaping them keeps `<!channel>` and links out of our text. */
export function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function slackDate(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return escapeText(iso);
  return `<!date^${Math.floor(t / 1000)}^{date_short_pretty} {time}|${iso}>`;
}

function compactJson(v: unknown): string {
  return truncate(JSON.stringify(v) ?? 'null', 500);
}

function section(text: string): Block {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(text, SECTION_MAX) } };
}

function field(text: string): Block {
  return { type: 'mrkdwn', text: truncate(text, FIELD_MAX) };
}

function plain(text: string): Block {
  return { type: 'plain_text', text, emoji: true };
}

function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}
