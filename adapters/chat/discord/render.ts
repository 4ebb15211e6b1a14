import type { ApprovalPrompt, OutgoingMessage } from '../../../src/core/index.js';
import { customId } from './to-event.js';

/** The message body Discord takes for create/edit message, callbacks and webhooks (legacy components). */
export interface DiscordMessage {
  readonly content: string;
  readonly embeds?: readonly Record<string, unknown>[];
  /** Always present on approval prompts: `[]` removes the buttons of a decided prompt. */
  readonly components?: readonly Record<string, unknown>[];
  /** Never pings anyone: mentions in our text render but do not notify. */
  readonly allowed_mentions: { readonly parse: readonly string[] };
}

const CONTENT_MAX = 2000;
const FIELD_MAX = 1024;
const DESCRIPTION_MAX = 4096;
const COLOURS = { pending: 0xf1c40f, approved: 0x2ecc71, rejected: 0xe74c3c, expired: 0x95a5a6 } as const;

/** Pure: an outgoing message → Discord content and, for approval prompts, an embed with buttons. */
export function renderMessage(m: OutgoingMessage, now: Date): DiscordMessage {
  const content = truncate(m.text, CONTENT_MAX);
  if (m.approval === undefined) return { content, allowed_mentions: { parse: [] } };
  const { embed, components } = renderApproval(m.approval, now);
  return {
    content: truncate(headline(m.approval, now), CONTENT_MAX),
    embeds: [embed],
    components,
    allowed_mentions: { parse: [] },
  };
}

function statusOf(p: ApprovalPrompt, now: Date): 'pending' | 'approved' | 'rejected' | 'expired' {
  return p.status === 'pending' && Date.parse(p.expiresAt) <= now.getTime() ? 'expired' : p.status;
}

function headline(p: ApprovalPrompt, now: Date): string {
  const s = statusOf(p, now);
  const word = { pending: 'Approval needed', approved: 'Approved', rejected: 'Rejected', expired: 'Expired' }[
    s
  ];
  return `${word}: ${p.tool} (risk ${p.risk}, ${p.approvalId})`;
}

/**
 * Pure: an approval prompt as one embed (step, risk, rule, reason, dry-run preview, approvers, expiry,
 * votes) plus an action row with Approve / Reject while it is open; decided or expired prompts get
 * `components: []`, which removes the buttons when the message is edited.
 * @see https://discord.com/developers/docs/components/reference#button
 */
export function renderApproval(
  p: ApprovalPrompt,
  now: Date,
): { embed: Record<string, unknown>; components: Record<string, unknown>[] } {
  const status = statusOf(p, now);
  const fields = [
    field('Step', `\`${p.tool}\` ${compactJson(p.input)}`),
    field('Risk', p.risk, true),
    field('Rule', p.rule, true),
    field('Reason', p.reason === '' ? '—' : p.reason),
    field('Requested by', principalText(p.requester), true),
    field('Who may approve', whoMayApprove(p), true),
    field('Expires', discordDate(p.expiresAt), true),
  ];
  if (p.preview !== undefined)
    fields.push(field('Dry-run preview', `\`\`\`\n${truncate(p.preview, FIELD_MAX - 10)}\n\`\`\``));
  const approvals = p.votes.filter((v) => v.accepted && v.decision === 'approve').length;
  const still = Math.max(0, p.needed - approvals);
  const votes = p.votes.map(
    (v) =>
      `${v.accepted ? (v.decision === 'approve' ? '✅' : '❌') : '⚠️'} ${principalText(v.principal)} ${v.decision === 'approve' ? 'approved' : 'rejected'}${v.accepted ? '' : ` (refused: ${v.reason ?? 'not counted'})`}`,
  );
  if (status === 'pending' && still > 0)
    votes.push(`Still needed: ${still} approval${still === 1 ? '' : 's'}`);
  if (votes.length > 0) fields.push(field('Votes', votes.join('\n')));
  if (status !== 'pending')
    fields.push(
      field('Outcome', p.outcome ?? (status === 'expired' ? 'expired without a decision' : status)),
    );
  const embed = {
    title: truncate(headline(p, now), 256),
    ...(p.rationale === '' ? {} : { description: truncate(p.rationale, DESCRIPTION_MAX) }),
    color: COLOURS[status],
    fields,
    footer: { text: `Approval ${p.approvalId}${p.incidentId === undefined ? '' : ` · ${p.incidentId}`}` },
  };
  const components =
    status === 'pending'
      ? [
          {
            type: 1,
            components: [
              { type: 2, style: 3, label: 'Approve', custom_id: customId('approve', p.approvalId, p.token) },
              { type: 2, style: 4, label: 'Reject', custom_id: customId('reject', p.approvalId, p.token) },
            ],
          },
        ]
      : [];
  return { embed, components };
}

/** Plain words for the approval requirements. */
export function whoMayApprove(p: Pick<ApprovalPrompt, 'needed' | 'roles' | 'distinctFromRequester'>): string {
  const count = `${p.needed} approval${p.needed === 1 ? '' : 's'}`;
  const from = p.roles.length > 0 ? ` from ${p.roles.join(' or ')}` : ' from anyone known';
  return count + from + (p.distinctFromRequester ? ', not the requester' : '');
}

/** `discord:123` → the mention `<@123>` (rendered, never pinging: allowed_mentions is empty). */
export function principalText(principal: string): string {
  const m = /^discord:(\d+)$/.exec(principal);
  return m ? `<@${m[1]}>` : principal;
}

function discordDate(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : `<t:${Math.floor(t / 1000)}:R> (${iso})`;
}

function field(name: string, value: string, inline = false): Record<string, unknown> {
  return { name, value: truncate(value === '' ? '—' : value, FIELD_MAX), inline };
}

function compactJson(v: unknown): string {
  return truncate(JSON.stringify(v) ?? 'null', 500);
}

function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}
