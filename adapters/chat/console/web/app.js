// Watchkeeper web console. Plain modules, no build, no inline code (the page runs under a strict CSP).
// Everything shown comes from the JSON API; the chat feed is fed by /api/messages and /api/events (SSE).
// This entry module wires the page together: the SSE connection, boot, and the form and button handlers.
//   state.js  shared mutable state        dom.js     element helpers, formatting, notices
//   api.js    fetch, token, identity      feed.js    chat feed, approval cards, send and vote
//   panels.js approvals, incidents, audit, and their coalesced refresh
/* global EventSource, setInterval */
import { api, report, wireIdentity, wireTokenForm } from './api.js';
import { $, notice } from './dom.js';
import { loadFeed, send, upsertMessage } from './feed.js';
import { refreshLists } from './panels.js';
import { state } from './state.js';

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

wireIdentity();
wireTokenForm(boot);

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

// Re-render pending approval cards so one that lapses shows as expired without a new event.
setInterval(() => {
  for (const view of state.feed.values()) if (view.approval?.status === 'pending') upsertMessage(view);
}, 30_000);

boot();
