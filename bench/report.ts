/** Turns the measured figures into the printed table (and the rows stored in latest.json). */
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
