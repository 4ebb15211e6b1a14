// Chart.js wrappers for the dashboard: each chart is created once and updated in place on every poll,
// so it animates instead of flickering. window.Chart comes from /dashboard/assets/chart.umd.min.js.
/* global window, document */

const COLORS = {
  p50: '#2563eb',
  p95: '#b45309',
  ok: '#15803d',
  bad: '#b91c1c',
  other: '#94a3b8',
  accent: '#7c3aed',
};
const charts = new Map();

function chart(id, config) {
  let c = charts.get(id);
  if (!c) {
    c = new window.Chart(document.getElementById(id), {
      ...config,
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: { duration: 250 },
        ...config.options,
      },
    });
    charts.set(id, c);
    return c;
  }
  c.data.labels = config.data.labels;
  config.data.datasets.forEach((d, i) => {
    if (c.data.datasets[i]) c.data.datasets[i].data = d.data;
    else c.data.datasets[i] = d;
  });
  c.data.datasets.length = config.data.datasets.length;
  c.update();
  return c;
}

const minute = (iso) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/** p50 and p95 per minute of one latency series. */
export function latencyChart(id, summary) {
  chart(id, {
    type: 'line',
    data: {
      labels: summary.points.map((p) => minute(p.at)),
      datasets: [
        { label: 'p50', data: summary.points.map((p) => p.p50), borderColor: COLORS.p50, tension: 0.2 },
        { label: 'p95', data: summary.points.map((p) => p.p95), borderColor: COLORS.p95, tension: 0.2 },
      ],
    },
    options: { scales: { y: { beginAtZero: true } } },
  });
}

/** Stacked success / failure / other per key (skill or tool). */
export function outcomeChart(id, table, okStates, badStates) {
  const keys = Object.keys(table).sort();
  const sum = (row, states) => states.reduce((n, s) => n + (row[s] ?? 0), 0);
  const total = (row) => Object.values(row).reduce((n, v) => n + v, 0);
  chart(id, {
    type: 'bar',
    data: {
      labels: keys,
      datasets: [
        { label: 'succeeded', data: keys.map((k) => sum(table[k], okStates)), backgroundColor: COLORS.ok },
        { label: 'failed', data: keys.map((k) => sum(table[k], badStates)), backgroundColor: COLORS.bad },
        {
          label: 'other',
          data: keys.map((k) => total(table[k]) - sum(table[k], okStates) - sum(table[k], badStates)),
          backgroundColor: COLORS.other,
        },
      ],
    },
    options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } },
  });
}

export function barChart(id, labels, values, label, color = COLORS.accent, horizontal = false) {
  chart(id, {
    type: 'bar',
    data: { labels, datasets: [{ label, data: values, backgroundColor: color }] },
    options: {
      indexAxis: horizontal ? 'y' : 'x',
      plugins: { legend: { display: false } },
      scales: { [horizontal ? 'x' : 'y']: { beginAtZero: true, ticks: { precision: 0 } } },
    },
  });
}

export function incidentsChart(id, counts) {
  chart(id, {
    type: 'doughnut',
    data: {
      labels: ['open', 'mitigated', 'resolved'],
      datasets: [
        {
          data: [counts.open ?? 0, counts.mitigated ?? 0, counts.resolved ?? 0],
          backgroundColor: [COLORS.bad, COLORS.p95, COLORS.ok],
        },
      ],
    },
  });
}

export function tokensChart(id, perMinute) {
  chart(id, {
    type: 'line',
    data: {
      labels: perMinute.map((p) => minute(p.at)),
      datasets: [
        { label: 'tokens', data: perMinute.map((p) => p.tokens), borderColor: COLORS.accent, fill: false },
      ],
    },
    options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true } } },
  });
}
