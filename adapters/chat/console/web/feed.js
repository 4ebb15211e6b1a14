// The chat feed: message rendering, approval cards, sending commands and voting.
/* global document, CSS */
import { api } from './api.js';
import { $, el, notice, shortId, time } from './dom.js';
import { refreshLists } from './panels.js';
import { state } from './state.js';

export function upsertMessage(view) {
  state.feed.set(view.id, view);
  const node = renderMessage(view);
  const old = document.querySelector(`#feed > li[data-id="${CSS.escape(view.id)}"]`);
  if (old) old.replaceWith(node);
  else {
    const feed = $('feed');
    const atBottom = feed.scrollHeight - feed.scrollTop - feed.clientHeight < 40;
    feed.append(node);
    if (atBottom) feed.scrollTop = feed.scrollHeight;
  }
}

function renderMessage(view) {
  const mine = view.from !== 'watchkeeper';
  const who = mine ? view.from.replace(/^console:/, '') : 'Watchkeeper';
  const classes = ['msg', mine ? 'mine' : 'bot', view.error ? 'error' : ''].join(' ');
  return el(
    'li',
    { class: classes, dataset: { id: view.id } },
    el(
      'div',
      { class: 'meta' },
      `${who} · ${time(view.at)}`,
      view.thread ? el('span', { class: 'thread' }, `#${shortId(view.thread)}`) : null,
    ),
    el('div', { class: 'bubble' }, view.approval ? view.text.split('\n')[0] : view.text),
    view.approval ? renderApproval(view.approval) : null,
  );
}

function renderApproval(a) {
  const lapsed = a.status === 'pending' && Date.parse(a.expiresAt) <= Date.now();
  const status = lapsed ? 'expired' : a.status;
  const open = a.open && !lapsed;
  const votes = a.votes.length
    ? a.votes
        .map(
          (v) => `${v.principal} ${v.decision}${v.accepted ? '' : ` (refused: ${v.reason ?? 'no reason'})`}`,
        )
        .join(', ')
    : 'none yet';
  const refusal = state.refusals.get(a.approvalId);
  return el(
    'article',
    { class: `card status-${status}`, dataset: { approval: a.approvalId } },
    el(
      'div',
      { class: 'card-head' },
      el('span', { class: `badge risk-${a.risk}` }, a.risk),
      el('span', { class: 'tool' }, a.tool),
      el('span', { class: 'status' }, status),
    ),
    el('div', {}, a.rationale),
    el(
      'dl',
      {},
      el('dt', {}, 'Approval'),
      el('dd', {}, a.approvalId),
      el('dt', {}, 'Rule'),
      el('dd', {}, a.rule),
      el('dt', {}, 'Reason'),
      el('dd', {}, a.reason),
      el('dt', {}, 'Requested by'),
      el('dd', {}, a.requester),
      el('dt', {}, 'Who may approve'),
      el('dd', {}, a.whoMayApprove),
      el('dt', {}, 'Expires'),
      el('dd', {}, new Date(a.expiresAt).toLocaleString()),
      el('dt', {}, 'Votes'),
      el('dd', {}, votes),
    ),
    el('div', { class: 'small' }, 'Input'),
    el('pre', {}, a.input),
    a.preview ? el('div', { class: 'small' }, 'Dry-run preview') : null,
    a.preview ? el('pre', { class: 'preview' }, a.preview) : null,
    open
      ? el(
          'div',
          { class: 'actions' },
          el(
            'button',
            {
              class: 'approve',
              type: 'button',
              'data-testid': `approve-${a.approvalId}`,
              onclick: () => vote(a, 'approve'),
            },
            'Approve',
          ),
          el(
            'button',
            {
              class: 'reject',
              type: 'button',
              'data-testid': `reject-${a.approvalId}`,
              onclick: () => vote(a, 'reject'),
            },
            'Reject',
          ),
        )
      : el('p', { class: 'outcome' }, a.outcome ?? `${status}`),
    refusal ? el('p', { class: 'refusal', role: 'alert' }, refusal) : null,
  );
}

export async function loadFeed() {
  const { body } = await api('/api/messages');
  for (const view of body.messages) upsertMessage(view);
}

export async function send(text) {
  const { status, body } = await api('/api/commands', {
    method: 'POST',
    body: JSON.stringify({ text, user: state.user }),
  });
  if (body && body.error) notice(`${body.error.code}: ${body.error.message}`, true);
  else notice(status >= 400 ? `refused (${status})` : '', status >= 400);
  await loadFeed();
}

async function vote(approval, decision) {
  const payload = { decision, token: approval.token, user: state.user };
  const { body } = await api(`/api/approvals/${encodeURIComponent(approval.approvalId)}/votes`, {
    method: 'POST',
    body: JSON.stringify(payload),
  });
  const first = body.replies?.[0];
  if (body.error) state.refusals.set(approval.approvalId, body.error.message);
  else if (first?.error) state.refusals.set(approval.approvalId, first.text);
  else state.refusals.delete(approval.approvalId);
  await loadFeed();
  const view = [...state.feed.values()].find((v) => v.approval?.approvalId === approval.approvalId);
  if (view) upsertMessage(view);
  refreshLists();
}
