import type { ApprovalPrompt, OutgoingMessage } from '../../../src/core/index.js';

/** The content of an `m.notice` with plain `body` and HTML `formatted_body`. */
export interface MatrixContent {
  readonly msgtype: 'm.notice';
  readonly body: string;
  readonly format: 'org.matrix.custom.html';
  readonly formatted_body: string;
  /** Present and empty: intentional mentions turn off the legacy `@room` / display-name body rules. */
  readonly 'm.mentions': Record<string, never>;
}

const MAX = 30_000;

/**
 * Pure: an outgoing message → notice content. All text (user- and alert-supplied) is HTML-escaped,
 * `@room` is defused in both bodies, and `m.mentions: {}` tells clients nothing here mentions anyone.
 */
export function renderMessage(m: OutgoingMessage, now: Date): MatrixContent {
  const text = truncate(m.text, MAX);
  if (m.approval === undefined) {
    return content(defuse(text), `<p>${escapeHtml(text).replace(/\n/g, '<br>')}</p>`);
  }
  const p = m.approval;
  const { body, html } = renderApproval(p, now);
  return content(defuse(body), html);
}

/** Pure: an approval prompt in plain text and HTML, with how to vote while it is open. */
export function renderApproval(p: ApprovalPrompt, now: Date): { body: string; html: string } {
  const lapsed = p.status === 'pending' && Date.parse(p.expiresAt) <= now.getTime();
  const status = lapsed ? 'expired' : p.status;
  const head = { pending: 'Approval needed', approved: 'Approved', rejected: 'Rejected', expired: 'Expired' }[
    status
  ];
  const icon = { pending: '🙋', approved: '✅', rejected: '⛔', expired: '⌛' }[status];
  const input = truncate(JSON.stringify(p.input) ?? 'null', 500);
  const rows: [string, string][] = [
    ['Step', `${p.tool} ${input}`],
    ['Risk', p.risk],
    ['Rule', p.rule],
    ['Reason', p.reason === '' ? '—' : p.reason],
    ['Requested by', p.requester],
    ['Who may approve', whoMayApprove(p)],
    ['Expires', p.expiresAt],
    ['Approval', p.approvalId],
  ];
  if (p.rationale !== '') rows.push(['Why', p.rationale]);
  const votes = p.votes.map(
    (v) =>
      `${v.accepted ? (v.decision === 'approve' ? '✅' : '❌') : '⚠️'} ${v.principal} ${v.decision === 'approve' ? 'approved' : 'rejected'}${v.accepted ? '' : ` (refused: ${v.reason ?? 'not counted'})`}`,
  );
  const approvals = p.votes.filter((v) => v.accepted && v.decision === 'approve').length;
  const still = Math.max(0, p.needed - approvals);
  if (status === 'pending' && still > 0)
    votes.push(`Still needed: ${still} approval${still === 1 ? '' : 's'}`);
  const how =
    status === 'pending'
      ? `React ✅ to approve or ❌ to reject, or type: !wk approve ${p.approvalId} / !wk reject ${p.approvalId}`
      : `Outcome: ${p.outcome ?? (status === 'expired' ? 'expired without a decision' : status)}`;
  const title = `${icon} ${head} · ${p.tool} · risk ${p.risk}${p.incidentId === undefined ? '' : ` · ${p.incidentId}`}`;
  const preview = p.preview === undefined ? undefined : truncate(p.preview, 3000);
  const body = [
    title,
    ...rows.map(([k, v]) => `${k}: ${v}`),
    ...(preview === undefined ? [] : ['Dry-run preview:', preview]),
    ...votes,
    how,
  ].join('\n');
  const html = [
    `<p><strong>${escapeHtml(title)}</strong></p>`,
    `<ul>${rows.map(([k, v]) => `<li><strong>${escapeHtml(k)}</strong>: ${escapeHtml(v)}</li>`).join('')}</ul>`,
    ...(preview === undefined
      ? []
      : [`<p><strong>Dry-run preview</strong></p><pre><code>${escapeHtml(preview)}</code></pre>`]),
    ...(votes.length === 0 ? [] : [`<p>${votes.map(escapeHtml).join('<br>')}</p>`]),
    `<p><em>${escapeHtml(how)}</em></p>`,
  ].join('');
  return { body, html };
}

export function whoMayApprove(p: Pick<ApprovalPrompt, 'needed' | 'roles' | 'distinctFromRequester'>): string {
  const count = `${p.needed} approval${p.needed === 1 ? '' : 's'}`;
  const from = p.roles.length > 0 ? ` from ${p.roles.join(' or ')}` : ' from anyone known';
  return count + from + (p.distinctFromRequester ? ', not the requester' : '');
}

/** HTML-escapes text, and defuses `@room` so no client turns it into a room-wide ping. */
export function escapeHtml(s: string): string {
  return defuse(
    s
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&#39;'),
  );
}

/** `@room` → `@\u2060room` (word joiner): reads the same, matches no push rule. */
export function defuse(s: string): string {
  return s.replace(/@room/gi, (m) => `${m[0]}\u2060${m.slice(1)}`);
}

function content(body: string, html: string): MatrixContent {
  return {
    msgtype: 'm.notice',
    body,
    format: 'org.matrix.custom.html',
    formatted_body: html,
    'm.mentions': {},
  };
}

function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}
