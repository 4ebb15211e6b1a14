import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { csvRecords } from './text-csv.js';

/** One bug report of the gitbugs set (see ../shared/eval-data/gitbugs/NOTICE: CC BY 4.0, Patil 2025). */
export interface BugReport {
  readonly id: string;
  readonly summary: string;
  readonly description: string;
  readonly priority: string;
  readonly created: string; // ISO 8601
  /** Position in the replay (Created order, ties by issue id). */
  readonly order: number;
}

/** A linked report and its twins created before it: the ones a duplicate search can find. */
export interface DuplicatePair {
  readonly query: BugReport;
  readonly earlier: ReadonlySet<string>;
}

export interface GitbugsSet {
  readonly name: string;
  readonly reports: readonly BugReport[];
  readonly pairs: readonly DuplicatePair[];
}

export const GITBUGS_SETS = [
  { name: 'hadoop', reports: 'hadoop_bugs.csv', links: 'hadoop_bugs-combined.csv' },
  { name: 'seamonkey', reports: 'SeaMonkey_bugs.csv', links: 'SeaMonkey_bugs-combined.csv' },
] as const;

const MONTHS = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');

/** Jira's `30/Sep/21 17:20` or an ISO timestamp, as ISO 8601 UTC. */
export function parseCreated(value: string): string {
  const jira = /^(\d{2})\/(\w{3})\/(\d{2}) (\d{2}):(\d{2})$/.exec(value.trim());
  if (jira !== null) {
    const [, d, mon, y, h, m] = jira;
    const month = MONTHS.indexOf(mon!);
    return new Date(Date.UTC(2000 + Number(y), month, Number(d), Number(h), Number(m))).toISOString();
  }
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new Error(`unparsable Created: ${value}`);
  return new Date(t).toISOString();
}

/** Reads one set in replay order and its pairs (links to reports absent from the file are dropped). */
export function loadGitbugs(dir: string, set: (typeof GITBUGS_SETS)[number]): GitbugsSet {
  const raw = csvRecords(readFileSync(join(dir, set.reports), 'utf8'))
    .filter((r) => (r['Issue id'] ?? '') !== '')
    .map((r) => ({
      id: r['Issue id']!.trim(),
      summary: r['Summary'] ?? '',
      description: r['Description'] ?? '',
      priority: r['Priority'] ?? '',
      created: parseCreated(r['Created'] ?? ''),
    }));
  raw.sort((a, b) => a.created.localeCompare(b.created) || Number(a.id) - Number(b.id));
  const reports = raw.map((r, order) => ({ ...r, order }));
  const byId = new Map(reports.map((r) => [r.id, r]));
  const pairs: DuplicatePair[] = [];
  for (const link of csvRecords(readFileSync(join(dir, set.links), 'utf8'))) {
    const query = byId.get((link['Issue id'] ?? '').trim());
    if (query === undefined) continue;
    const twins = (link['Duplicate id'] ?? '')
      .split(/[,\s]+/)
      .map((s) => byId.get(s.trim()))
      .filter((r): r is BugReport => r !== undefined && r.order < query.order);
    if (twins.length > 0) pairs.push({ query, earlier: new Set(twins.map((t) => t.id)) });
  }
  pairs.sort((a, b) => a.query.order - b.query.order);
  return { name: set.name, reports, pairs };
}
