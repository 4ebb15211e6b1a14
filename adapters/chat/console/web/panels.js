// The side panels: pending approvals, incidents with their detail, and the audit log.
/* global document, CSS, setTimeout, clearTimeout */
import { api, report } from './api.js';
import { $, el, fill, shortId, time } from './dom.js';
import { loadServiceMap } from './service-map.js';
import { state } from './state.js';

async function loadApprovals() {
  const { body } = await api('/api/approvals?status=pending&limit=50');
  const tools = new Map();
  for (const v of state.feed.values()) if (v.approval) tools.set(v.approval.approvalId, v.approval.tool);
  fill(
    $('approvals'),
    body.approvals.map((a) => {
      const accepted = a.votes.filter((v) => v.accepted && v.decision === 'approve').length;
      return el(
        'li',
        {
          onclick: () =>
            document
              .querySelector(`[data-approval="${CSS.escape(a.id)}"]`)
              ?.scrollIntoView({ behavior: 'smooth' }),
        },
        el(
          'div',
          { class: 'row' },
          el('strong', {}, tools.get(a.id) ?? shortId(a.id)),
          el('span', { class: 'small' }, `${accepted}/${a.requirements.count} approvals`),
        ),
        el('div', { class: 'small' }, `by ${a.requester} · expires ${time(a.expiresAt)}`),
      );
    }),
    'Nothing waiting for approval.',
  );
}

async function loadIncidents() {
  const { body } = await api('/api/incidents?limit=20');
  fill(
    $('incidents'),
    body.incidents.map((i) =>
      el(
        'li',
        { onclick: () => showIncident(i.id) },
        el(
          'div',
          { class: 'row' },
          el('strong', {}, i.title),
          el('span', { class: `sev-${i.severity}` }, i.severity),
        ),
        el(
          'div',
          { class: 'small' },
          `${i.status} · ${i.signalCount} signal(s) · ${i.skill ?? 'unclaimed'} · opened ${time(i.openedAt)}`,
        ),
      ),
    ),
    'No incidents.',
  );
  if (state.selectedIncident) await showIncident(state.selectedIncident);
}

/** Open tickets of the built-in store (support skill); a click opens the ticket's incident thread. */
async function loadTickets() {
  const { body } = await api('/api/tickets?status=open&limit=20');
  fill(
    $('tickets'),
    body.tickets.map((t) =>
      el(
        'li',
        { onclick: () => (t.incidentId ? showIncident(t.incidentId) : undefined) },
        el(
          'div',
          { class: 'row' },
          el('strong', {}, `${t.id} ${t.title}`),
          el('span', { class: 'small' }, t.priority),
        ),
        el('div', { class: 'small' }, `${t.source} ${t.externalId} · ${t.reporter} · ${time(t.createdAt)}`),
      ),
    ),
    'No open tickets.',
  );
}

async function showIncident(id) {
  state.selectedIncident = id;
  const { status, body } = await api(`/api/incidents/${encodeURIComponent(id)}`);
  const box = $('incident-detail');
  box.hidden = false;
  if (status !== 200) {
    box.replaceChildren(el('p', {}, body.error?.message ?? 'not found'));
    return;
  }
  const { incident, signals, runs } = body;
  box.replaceChildren(
    el('h3', {}, `${incident.title} — ${incident.status}`),
    el(
      'div',
      { class: 'small' },
      Object.entries(incident.labels)
        .map(([k, v]) => `${k}=${v}`)
        .join(' '),
    ),
    el('h2', {}, 'Signals'),
    el(
      'table',
      {},
      el(
        'tbody',
        {},
        signals.map((s) =>
          el('tr', {}, el('td', {}, time(s.receivedAt)), el('td', {}, s.status), el('td', {}, s.summary)),
        ),
      ),
    ),
    el('h2', {}, 'Runs'),
    ...runs.map((r) =>
      el(
        'div',
        {},
        el('div', { class: 'small' }, `${r.plan.goal} · ${r.status}`),
        el(
          'table',
          {},
          el(
            'thead',
            {},
            el(
              'tr',
              {},
              el('th', {}, 'tool'),
              el('th', {}, 'state'),
              el('th', {}, 'risk'),
              el('th', {}, 'rule'),
            ),
          ),
          el(
            'tbody',
            {},
            r.steps.map((s) =>
              el(
                'tr',
                {},
                el('td', {}, s.tool),
                el('td', {}, s.state),
                el('td', {}, s.risk ?? '–'),
                el('td', {}, s.decision?.rule ?? '–'),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

async function loadAudit() {
  const { body: v } = await api('/api/audit/verify');
  const { body: latest } = await api(`/api/audit?after=${Math.max(0, (v.count ?? 0) - 15)}&limit=15`);
  const s = $('audit-status');
  s.textContent = v.ok
    ? `✔ chain and signatures verified (${v.count} entries)`
    : `✘ first bad entry ${v.firstBad?.seq}: ${v.firstBad?.reason}`;
  s.className = `audit-status ${v.ok ? 'ok' : 'bad'}`;
  const rows = latest.entries.slice(-15).reverse();
  $('audit').replaceChildren(
    ...rows.map((e) =>
      el(
        'tr',
        {},
        el('td', {}, e.seq),
        el('td', {}, time(e.at)),
        el('td', {}, e.kind),
        el('td', {}, e.actor),
        el('td', { class: 'subject', title: e.subject ?? '' }, e.subject ?? ''),
      ),
    ),
  );
}

let refreshTimer = null;
/** Reloads every panel, once, shortly after the last call (calls in a burst coalesce). */
export function refreshLists() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => {
    for (const load of [loadApprovals, loadIncidents, loadTickets, loadServiceMap, loadAudit])
      load().catch(report);
  }, 150);
}
