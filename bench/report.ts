/** Turns the measured figures into the printed table (and the rows stored in latest.json). */
import type { CommandFigures, StormFigures } from './in-app.js';
import type { WrkRun } from './wrk.js';

export interface StartupFigures {
  readonly runs: readonly { readonly startupMs: number; readonly idleRssMiB: number }[];
  readonly medianStartupMs: number;
  readonly medianIdleRssMiB: number;
}

export interface IngestFigures {
  readonly wrk: WrkRun;
  readonly rssAfterMiB: number;
  readonly shutdown: { readonly ms: number; readonly graceful: boolean; readonly exit: number | string };
  /** Rows in the inbox table after shutdown (Watchkeeper only). */
  readonly stored?: number;
}

export interface Figures {
  readonly startup: { watchkeeper?: StartupFigures; alertmanager?: StartupFigures };
  readonly b1: { watchkeeper?: IngestFigures; alertmanager?: IngestFigures };
}

export interface Row {
  readonly figure: string;
  readonly watchkeeper: string;
  readonly alertmanager: string;
  readonly ratio: string;
  readonly target: string;
}

const MB_150_IN_MIB = 150e6 / 2 ** 20;

const fmt = (v: number | undefined, digits: number): string => (v === undefined ? '—' : v.toFixed(digits));
const ratio = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined || b === undefined || b === 0 ? undefined : a / b;
const verdict = (target: string, met: boolean | undefined): string =>
  met === undefined ? `${target} — not measured` : `${target} — ${met ? 'met' : 'NOT MET'}`;

export function buildRows(f: Figures, startupRuns: number): Row[] {
  const rows: Row[] = [];
  const add = (
    figure: string,
    wk: number | undefined,
    am: number | undefined,
    digits: number,
    target: string,
    met: boolean | undefined,
  ): void => {
    const r = ratio(wk, am);
    rows.push({
      figure,
      watchkeeper: fmt(wk, digits),
      alertmanager: fmt(am, digits),
      ratio: r === undefined ? '—' : `${r.toFixed(2)}×`,
      target: target === '' ? '' : verdict(target, met),
    });
  };
  const sw = f.startup.watchkeeper;
  const sa = f.startup.alertmanager;
  add(
    `start-up to ready, ms (median of ${startupRuns})`,
    sw?.medianStartupMs,
    sa?.medianStartupMs,
    0,
    '≤ 1500 ms',
    sw && sw.medianStartupMs <= 1500,
  );
  add(
    `idle RSS, MiB (median of ${startupRuns})`,
    sw?.medianIdleRssMiB,
    sa?.medianIdleRssMiB,
    1,
    `≤ 150 MB (${MB_150_IN_MIB.toFixed(0)} MiB)`,
    sw && sw.medianIdleRssMiB <= MB_150_IN_MIB,
  );
  const bw = f.b1.watchkeeper;
  const ba = f.b1.alertmanager;
  const speedup = ratio(bw?.wrk.okPerSec, ba?.wrk.okPerSec);
  add(
    'B1 accepted alerts/s (2xx/s)',
    bw?.wrk.okPerSec,
    ba?.wrk.okPerSec,
    0,
    '≥ 1.5× Alertmanager',
    speedup === undefined ? undefined : speedup >= 1.5,
  );
  add('B1 p50 latency, ms', us(bw?.wrk.p50_us), us(ba?.wrk.p50_us), 2, '', undefined);
  add(
    'B1 p99 latency, ms',
    us(bw?.wrk.p99_us),
    us(ba?.wrk.p99_us),
    2,
    '≤ 10 ms',
    bw && bw.wrk.p99_us <= 10_000,
  );
  add('B1 non-2xx + socket errors', errors(bw), errors(ba), 0, '', undefined);
  add('RSS after B1, MiB', bw?.rssAfterMiB, ba?.rssAfterMiB, 1, '', undefined);
  add('shutdown after B1 (SIGTERM → exit), ms', bw?.shutdown.ms, ba?.shutdown.ms, 0, '', undefined);
  rows.push({
    figure: 'B1 stored rows vs 2xx answers',
    watchkeeper: bw?.stored === undefined ? '—' : `${bw.stored} / ${bw.wrk.ok}`,
    alertmanager: '—',
    ratio: '—',
    target: verdict(
      'zero loss (stored ≥ 2xx)',
      bw?.stored === undefined ? undefined : bw.stored >= bw.wrk.ok,
    ),
  });
  return rows;
}

function us(v: number | undefined): number | undefined {
  return v === undefined ? undefined : v / 1000;
}

function errors(i: IngestFigures | undefined): number | undefined {
  return i === undefined ? undefined : i.wrk.non2xx + i.wrk.socketErrors;
}

/** A Markdown table, so the same text goes to the terminal and into bench/README.md. */
export function formatTable(rows: readonly Row[]): string {
  const header: Row = {
    figure: 'figure',
    watchkeeper: 'watchkeeper',
    alertmanager: 'alertmanager',
    ratio: 'ratio',
    target: 'target',
  };
  const cols = ['figure', 'watchkeeper', 'alertmanager', 'ratio', 'target'] as const;
  const all = [header, ...rows];
  const width = cols.map((c) => Math.max(...all.map((r) => r[c].length)));
  const line = (r: Row): string => `| ${cols.map((c, i) => r[c].padEnd(width[i]!)).join(' | ')} |`;
  const rule = `| ${width.map((w) => '-'.repeat(w)).join(' | ')} |`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/** B2 and B3 rows (no peer: the targets are absolute, from issue 13). */
export function buildAppRows(b2: StormFigures, b3: CommandFigures): Row[] {
  const row = (figure: string, value: string, target: string, met?: boolean): Row => ({
    figure,
    watchkeeper: value,
    alertmanager: '—',
    ratio: '—',
    target: target === '' ? '' : verdict(target, met),
  });
  const s = b2.sender;
  const prompt = b3.promptMaxMs;
  return [
    row(
      `B2 storm: sent / 2xx (${b2.alerts} alerts, ${b2.seconds} s, ${b2.groups} groups)`,
      `${s.sent} / ${s.ok} at ${s.achievedRate.toFixed(0)}/s`,
      '',
    ),
    row(
      'B2 inbox rows vs accepted alerts',
      `${b2.inboxRows} / ${s.accepted}`,
      'zero loss',
      b2.inboxRows >= s.accepted && s.ok === s.sent,
    ),
    row(
      'B2 caught up (folded + outbox empty) after load, ms',
      b2.settled
        ? b2.settleMs.toFixed(0)
        : `no: > ${b2.settleLimitMs} (${b2.unprocessedRows} unfolded, ${b2.outboxPending} queued)`,
      '',
    ),
    row('B2 incidents / groups', `${b2.incidents} / ${b2.groups}`, ''),
    row(
      'B2 new top-level messages per group, max',
      String(b2.maxTopLevelPerGroup),
      '≤ 1',
      b2.maxTopLevelPerGroup <= 1,
    ),
    row(
      'B2 chat.update per group in any 10 s, max',
      String(b2.maxUpdatesPerGroupPer10s),
      '≤ 1',
      b2.maxUpdatesPerGroupPer10s <= 1,
    ),
    row(
      'B2 chat.postMessage per channel in any 1 s, max',
      String(b2.maxPostsPerChannelPerSecond),
      '≤ 1',
      b2.maxPostsPerChannelPerSecond <= 1,
    ),
    row('B2 posts + edits per channel in any 1 s, max', String(b2.maxCallsPerChannelPerSecond), ''),
    row(
      'B2 planner calls per group, min–max',
      `${b2.minPlannerCallsPerGroup}–${b2.maxPlannerCallsPerGroup}`,
      '= 1',
      b2.minPlannerCallsPerGroup === 1 && b2.maxPlannerCallsPerGroup === 1,
    ),
    row(
      'B2 ingest p50 / p99, ms (paced)',
      `${s.latencyMs.p50.toFixed(2)} / ${s.latencyMs.p99.toFixed(2)}`,
      '',
    ),
    row(
      `B3 commands sent / 2xx at ${b3.rate}/s for ${b3.seconds} s`,
      `${b3.sender.sent} / ${b3.sender.ok} at ${b3.sender.achievedRate.toFixed(0)}/s`,
      '',
    ),
    row('B3 ack p50, ms', b3.sender.latencyMs.p50.toFixed(2), ''),
    row('B3 ack p99, ms (whole run, cold start included)', b3.sender.latencyMs.p99.toFixed(2), ''),
    row(
      'B3 ack p99, ms (after the first second)',
      b3.sender.afterFirstSecondMs.p99.toFixed(2),
      '≤ 20 ms',
      b3.sender.afterFirstSecondMs.p99 <= 20,
    ),
    row(
      `B3 rollback → thread anchor posted, ms (p50 of ${b3.rollbacks.length})`,
      fmt(b3.anchorP50Ms ?? undefined, 0),
      '',
    ),
    row(
      `B3 rollback → approval prompt posted, ms (p50 / max of ${b3.rollbacks.length})`,
      `${fmt(b3.promptP50Ms ?? undefined, 0)} / ${fmt(prompt ?? undefined, 0)}`,
      '≤ 100 ms',
      prompt === null ? undefined : prompt <= 100 && b3.rollbacks.every((r) => r.promptMs !== null),
    ),
  ];
}
