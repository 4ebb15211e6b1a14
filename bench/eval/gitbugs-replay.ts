import { systemClock } from '../../src/core/index.js';
import { createMemory, type TuningOverrides, createLexicalRetriever } from '../../src/memory/index.js';
import { openSqliteStore } from '../../src/store/index.js';
import { silentLogger } from '../../test/helpers/silent-logger.js';
import { shouldEscalate } from '../../skills/support/escalation-rule.js';
import { BaselineIndex } from './gitbugs-baseline.js';
import type { GitbugsSet } from './gitbugs-data.js';
import {
  binaryScores,
  rankingScores,
  round,
  type BinaryScores,
  type RankingScores,
} from './gitbugs-metrics.js';

/** How deep each result list is read (MRR is cut here). */
export const DEPTH = 10;

export interface SetResult {
  readonly set: string;
  readonly reports: number;
  readonly baseline: RankingScores;
  readonly watchkeeper: RankingScores;
  /** Blocker/Critical as "escalate", predicted by `shouldEscalate` from the text (priority withheld). */
  readonly escalation: BinaryScores | { readonly skipped: string };
  readonly latencyMs: {
    readonly rememberMean: number;
    readonly similarP50: number;
    readonly similarP95: number;
  };
  /** Per query: its id, the first twin's rank in each list (null = not in the top DEPTH). */
  readonly ranks: readonly {
    readonly id: string;
    readonly baseline: number | null;
    readonly watchkeeper: number | null;
  }[];
}

function firstTwin(ids: readonly string[], twins: ReadonlySet<string>): number | undefined {
  const i = ids.findIndex((id) => twins.has(id));
  return i < 0 ? undefined : i + 1;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/**
 * Replays one set in Created order through the product path (`Memory.remember` / `Memory.similar`
 * of an in-memory store, kind `ticket`, `before` = the report's Created time) and through the
 * baseline index. Each linked report is searched before it is remembered, so only earlier reports
 * can be found.
 */
export function replay(set: GitbugsSet, tuning?: TuningOverrides): SetResult {
  const store = openSqliteStore({ path: ':memory:', clock: systemClock, logger: silentLogger });
  const baseline = new BaselineIndex();
  try {
    const memory = createMemory({
      repo: store.memory,
      clock: systemClock,
      redact: (t) => t,
      ...(tuning === undefined ? {} : { retriever: createLexicalRetriever({ repo: store.memory, tuning }) }),
    });
    const pairs = new Map(set.pairs.map((p) => [p.query.id, p]));
    const ranks: { id: string; baseline: number | null; watchkeeper: number | null }[] = [];
    const searchTimes: number[] = [];
    let rememberTime = 0;
    for (const r of set.reports) {
      const pair = pairs.get(r.id);
      if (pair !== undefined) {
        const t0 = performance.now();
        const hits = memory.similar(`${r.summary}\n\n${r.description}`, DEPTH, {
          kind: 'ticket',
          before: r.created,
          title: r.summary,
        });
        searchTimes.push(performance.now() - t0);
        const wk = firstTwin(
          hits.map((h) => h.id),
          pair.earlier,
        );
        const base = firstTwin(baseline.search(r.summary, r.description, DEPTH), pair.earlier);
        ranks.push({ id: r.id, baseline: base ?? null, watchkeeper: wk ?? null });
      }
      const t1 = performance.now();
      memory.remember({
        kind: 'ticket',
        id: r.id,
        title: r.summary,
        text: `${r.summary}\n\n${r.description}`,
        createdAt: r.created,
      });
      rememberTime += performance.now() - t1;
      baseline.add(r.id, r.summary, r.description);
    }
    searchTimes.sort((a, b) => a - b);
    const hasLabels = set.reports.some((r) => /^(blocker|critical)$/i.test(r.priority));
    return {
      set: set.name,
      reports: set.reports.length,
      baseline: rankingScores(ranks.map((x) => x.baseline ?? undefined)),
      watchkeeper: rankingScores(ranks.map((x) => x.watchkeeper ?? undefined)),
      escalation: hasLabels
        ? binaryScores(
            set.reports.map((r) => ({
              actual: /^(blocker|critical)$/i.test(r.priority),
              predicted: shouldEscalate({ title: r.summary, body: r.description }),
            })),
          )
        : { skipped: 'no Blocker/Critical priorities in this set (its priorities are P1–P5 or unset)' },
      latencyMs: {
        rememberMean: round(rememberTime / Math.max(1, set.reports.length)),
        similarP50: round(percentile(searchTimes, 50)),
        similarP95: round(percentile(searchTimes, 95)),
      },
      ranks,
    };
  } finally {
    baseline.close();
    store.close();
  }
}
