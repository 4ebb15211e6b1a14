// Watchkeeper web console. Plain modules, no build, no inline code (the page runs under a strict CSP).
// Everything shown comes from the JSON API; the chat feed is fed by /api/messages and /api/events (SSE).
/* global document, localStorage, fetch, Node, CSS, EventSource, setTimeout, clearTimeout, setInterval */

const $ = (id) => document.getElementById(id);
const state = {
  token: localStorage.getItem('wk.token') ?? '',
  user: localStorage.getItem('wk.user') ?? 'operator',
  feed: new Map(), // message id -> view
  refusals: new Map(), // approval id -> last refusal message
  source: null,
  selectedIncident: null,
};

/** Creates an element; attributes as an object, children as strings or nodes. */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat())
    if (c !== undefined && c !== null && c !== false) node.append(c instanceof Node ? c : String(c));
  return node;
}

class Unauthorized extends Error {}

async function api(path, options = {}) {
  const headers = {
    'X-Watchkeeper-User': state.user,
    ...(options.body ? { 'Content-Type': 'application/json' } : {}),
  };
  if (state.token) headers.Authorization = `Bearer ${state.token}`;
  const res = await fetch(path, { ...options, headers: { ...headers, ...options.headers } });
  if (res.status === 401) {
    showTokenForm();
    throw new Unauthorized('the console token is missing or wrong');
  }
  const type = res.headers.get('content-type') ?? '';
  const body = type.includes('application/json') ? await res.json() : await res.text();
  return { status: res.status, body };
}

function showTokenForm() {
  $('token-form').hidden = false;
  notice('This console needs its token (WATCHKEEPER_CONSOLE_TOKEN).', true);
}

function notice(text, bad = false) {
  const n = $('notice');
  n.textContent = text;
  n.classList.toggle('bad', bad);
}

function shortId(id) {
  return id && id.length > 10 ? id.slice(0, 8) : id;
}

function time(iso) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleTimeString();
}

// ---------- feed ----------

function upsertMessage(view) {
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

async function loadFeed() {
  const { body } = await api('/api/messages');
  for (const view of body.messages) upsertMessage(view);
}

async function send(text) {
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

// ---------- side panels ----------

function fill(list, items, empty) {
  list.replaceChildren(...(items.length ? items : [el('li', { class: 'empty' }, empty)]));
}

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
function refreshLists() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => {
    for (const load of [loadApprovals, loadIncidents, loadAudit]) load().catch(report);
  }, 150);
}

function report(err) {
  if (!(err instanceof Unauthorized)) notice(String(err.message ?? err), true);
}

// ---------- live ----------

function connect() {
  state.source?.close();
  const url = '/api/events' + (state.token ? `?token=${encodeURIComponent(state.token)}` : '');
  const source = new EventSource(url);
  state.source = source;
  const live = $('live');
  source.onopen = () => {
    live.textContent = 'live';
    live.classList.add('on');
  };
  source.onerror = () => {
    live.textContent = 'offline';
    live.classList.remove('on');
  };
  const onEvent = (e) => {
    upsertMessage(JSON.parse(e.data));
    refreshLists();
  };
  source.addEventListener('message', onEvent);
  source.addEventListener('update', onEvent);
}

async function boot() {
  try {
    await loadFeed();
    connect();
    refreshLists();
    notice('');
  } catch (err) {
    report(err);
  }
}

// ---------- wiring ----------

$('identity').value = state.user;
$('identity').addEventListener('input', (e) => {
  const value = e.target.value.trim().toLowerCase();
  if (/^[a-z0-9._-]{1,32}$/.test(value)) {
    state.user = value;
    localStorage.setItem('wk.user', value);
  }
});

$('token-form').addEventListener('submit', (e) => {
  e.preventDefault();
  state.token = $('token').value.trim();
  localStorage.setItem('wk.token', state.token);
  $('token-form').hidden = true;
  boot();
});

$('composer').addEventListener('submit', (e) => {
  e.preventDefault();
  const input = $('command');
  const text = input.value.trim();
  if (!text) return;
  input.value = '';
  send(text).catch(report);
});

$('simulate').addEventListener('click', async () => {
  try {
    const { status, body } = await api('/api/simulate', { method: 'POST', body: '{}' });
    if (status === 202)
      notice(`Simulated alert accepted (${body.accepted} signal${body.accepted === 1 ? '' : 's'}).`);
    else
      notice(body.error ? `${body.error.code}: ${body.error.message}` : `simulate failed (${status})`, true);
    refreshLists();
  } catch (err) {
    report(err);
  }
});

setInterval(() => {
  for (const view of state.feed.values()) if (view.approval?.status === 'pending') upsertMessage(view);
}, 30_000);

boot();
