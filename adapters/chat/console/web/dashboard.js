// Watchkeeper dashboard: polls /api/dashboard (console token, like the console) and redraws the charts
// in place. No inline code: the page runs under the same strict CSP as the console.
/* global document, fetch, localStorage, setTimeout, URLSearchParams, window */
import { barChart, incidentsChart, latencyChart, outcomeChart, tokensChart } from './dashboard-charts.js';
import { refreshPlayback, wirePlayback } from './dashboard-playback.js';

const POLL_MS = Number(new URLSearchParams(window.location.search).get('refresh')) || 2000;
const TURNAROUND_LABELS = ['≤30s', '≤1m', '≤5m', '≤15m', '≤1h', '>1h'];
const $ = (id) => document.getElementById(id);
let token = localStorage.getItem('wk.token') ?? '';

const secs = (v) =>
  v === null || v === undefined ? '–' : v < 1 ? `${Math.round(v * 1000)} ms` : `${v.toFixed(1)} s`;

function text(id, value, cls) {
  const node = $(id);
  node.textContent = String(value);
  if (cls !== undefined) node.className = cls;
}

function item(tag, children, cls) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  for (const c of children) node.append(c);
  return node;
}

function render(d) {
  text('kpi-open', d.incidents.open ?? 0);
  text('kpi-mitigated', d.incidents.mitigated ?? 0);
  text('kpi-resolved', d.incidents.resolved ?? 0);
  text('kpi-first-p95', secs(d.latency.firstResponse.p95));
  text('kpi-turnaround', secs(d.approvalTurnaround.p50));
  const outbox = Object.values(d.outboxDepth).reduce((n, v) => n + v, 0);
  text('kpi-queue', `${d.queueDepth} / ${outbox}`);
  text('kpi-tokens', d.planner.tokensToday);
  text(
    'audit-chain',
    d.audit.ok ? `✔ ${d.audit.count} entries verified` : `✘ broken at #${d.audit.firstBad?.seq ?? '?'}`,
    d.audit.ok ? 'ok' : 'bad',
  );

  latencyChart('chart-latency-first', d.latency.firstResponse);
  latencyChart('chart-latency-reply', d.latency.commandReply);
  latencyChart('chart-latency-decision', d.latency.decision);
  incidentsChart('chart-incidents', d.incidents);
  outcomeChart('chart-skills', d.runs, ['succeeded'], ['failed', 'unknown']);
  outcomeChart('chart-tools', d.steps, ['succeeded'], ['failed', 'unknown', 'rolled_back']);
  const kinds = ['approve', 'reject', 'correct', 'takeover'];
  barChart(
    'chart-interventions',
    kinds,
    kinds.map((k) => d.interventions[k] ?? 0),
    'interventions',
  );
  barChart('chart-turnaround', TURNAROUND_LABELS, d.approvalTurnaround.histogram, 'approvals');
  const platforms = Object.keys(d.outboxDepth).sort();
  barChart(
    'chart-queues',
    ['signal queue', ...platforms.map((p) => `outbox ${p}`)],
    [d.queueDepth, ...platforms.map((p) => d.outboxDepth[p])],
    'depth',
  );
  tokensChart('chart-tokens', d.planner.perMinute);
  const top = d.failures.slice(0, 8);
  barChart(
    'chart-failures',
    top.map((f) => f.code),
    top.map((f) => f.count),
    'failures',
    '#b91c1c',
    true,
  );
  $('failure-examples').replaceChildren(
    ...top.map((f) => item('li', [item('code', [f.code]), ` × ${f.count}: ${f.examples.join(' · ')}`])),
  );
  $('drills').replaceChildren(
    ...(d.drills.length === 0
      ? [item('li', ['No drill has run yet (watchkeeper drill <name>, or !wk drill <name>).'], 'empty')]
      : d.drills.map((r) =>
          item(
            'li',
            [
              item('b', [r.passed ? 'PASS' : 'FAIL']),
              ` ${r.drill} · ${r.mode} · ${new Date(r.startedAt).toLocaleString()}`,
            ],
            `drill ${r.passed ? 'pass' : 'fail'}`,
          ),
        )),
  );
  document.body.dataset.generatedAt = d.generatedAt;
}

async function poll() {
  const live = $('live');
  try {
    const res = await fetch('/api/dashboard', { headers: token ? { Authorization: `Bearer ${token}` } : {} });
    if (res.status === 401) {
      $('token-form').hidden = false;
      $('notice').textContent = 'This dashboard needs the console token (WATCHKEEPER_CONSOLE_TOKEN).';
      live.textContent = 'offline';
      live.classList.remove('on');
      return; // the token form restarts polling
    }
    render(await res.json());
    await refreshPlayback(token);
    live.textContent = 'live';
    live.classList.add('on');
    $('notice').textContent = '';
  } catch (err) {
    live.textContent = 'offline';
    live.classList.remove('on');
    $('notice').textContent = String(err.message ?? err);
  }
  setTimeout(poll, POLL_MS);
}

$('token-form').addEventListener('submit', (e) => {
  e.preventDefault();
  token = $('token').value.trim();
  localStorage.setItem('wk.token', token);
  $('token-form').hidden = true;
  poll();
});

wirePlayback(() => token);
poll();
