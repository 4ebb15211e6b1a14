import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { WatchkeeperError } from '../../core/index.js';
import type { ReplayRecord } from '../replay-record.js';
import { GITBUGS_SETS, loadGitbugs } from './gitbugs-data.js';

/** Longest body sent (the ticket hook takes 20 000 characters). */
const BODY_CHARS = 20_000;
/** Longest title (the ticket hook takes 300). */
const TITLE_CHARS = 300;

export type GitbugsSetName = (typeof GITBUGS_SETS)[number]['name'];

/**
 * ../shared/eval-data/gitbugs (CC BY 4.0, Patil 2025; see its NOTICE) as replay records: every bug
 * report of one set, in Created order, posted to the ticket hook as `{system: <set>, id, title, body,
 * createdAt}`. Labels: routing → `support`; `duplicateOf` → the linked reports created earlier (any one
 * found is a hit, as in bench/eval/gitbugs.ts); severity → `critical` for Priority Blocker/Critical
 * (the support skill escalates to critical) and `warning` otherwise. The priority itself is withheld,
 * so the escalation is judged from the text, as the bench does.
 */
export function loadGitbugsReplay(dir: string, set: GitbugsSetName): ReplayRecord[] {
  const spec = GITBUGS_SETS.find((s) => s.name === set);
  if (spec === undefined || !existsSync(join(dir, spec.reports)))
    throw new WatchkeeperError('NOT_FOUND', `no gitbugs ${set} reports under ${dir}`);
  const data = loadGitbugs(dir, spec);
  const twins = new Map(data.pairs.map((p) => [p.query.id, [...p.earlier].map((id) => `${set}:${id}`)]));
  const hasPriorities = data.reports.some((r) => /^(blocker|critical)$/i.test(r.priority));
  return data.reports.map((r) => {
    const dup = twins.get(r.id);
    const title = r.summary.trim().slice(0, TITLE_CHARS) || `${set} bug ${r.id}`;
    return {
      id: `${set}:${r.id}`,
      source: 'tickets',
      // Replayed at its Created time: memory's recency weighs look-alikes as it did then.
      at: r.created,
      body: {
        system: set,
        id: r.id,
        title,
        body: r.description.slice(0, BODY_CHARS),
        reporter: `${set}-jira`,
        createdAt: r.created,
      },
      expect: {
        skill: 'support',
        ...(dup === undefined || dup.length === 0 ? {} : { duplicateOf: dup }),
        ...(hasPriorities
          ? { severity: /^(blocker|critical)$/i.test(r.priority) ? 'critical' : 'warning' }
          : {}),
      },
    } satisfies ReplayRecord;
  });
}
