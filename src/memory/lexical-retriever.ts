import type {
  MemoryCandidate,
  MemoryHit,
  MemoryRepository,
  MemoryTerms,
  SimilarOptions,
} from '../core/index.js';
import { analyseText } from './text-analysis.js';
import type { EmbeddingHook, Retriever } from './retriever.js';
import { describeMatch } from './match-reason.js';
import { termVector, cosine, type TermVector } from './term-vector.js';
import { TermStatistics } from './term-statistics.js';

/** Knobs of the lexical retriever; the defaults were chosen on the gitbugs Hadoop set (bench/eval). */
export interface LexicalTuning {
  /** How many of the query's highest-weighted terms go into the first-stage FTS query. */
  readonly queryTerms: number;
  /**
   * A term in more than max(commonFloor, commonShare × entries) entries is common: it is searched only
   * together with other common terms, because ORing it would make FTS5 score most of the store.
   */
  readonly commonShare: number;
  readonly commonFloor: number;
  /** First-stage candidates reranked. */
  readonly candidates: number;
  /**
   * When none of the query's top terms is rare, the first stage is one AND group of common terms that
   * can match thousands of entries: then the newest this-many matches are reranked, without BM25
   * (which FTS5 computes for every match, ~4 µs each, and which cannot tell them apart much: each
   * match has every term of the group). 0 ranks them by BM25 as for rare terms.
   */
  readonly commonCandidates: number;
  /** BM25 column weights: title, body, identifiers. */
  readonly bm25Weights: readonly [number, number, number];
  /** Field weights when building term vectors: title, body, identifiers. */
  readonly fieldWeights: readonly [number, number, number];
  /** Rerank mix: whole-text cosine, title cosine, shared identifiers, first-stage BM25, time proximity. */
  readonly mix: {
    cosine: number;
    title: number;
    idents: number;
    bm25: number;
    recency: number;
    /** Same component (service) as the query's; unmeasured on gitbugs, which has no component. */
    component: number;
  };
  /** Exponent on inverse document frequency: above 1 favours rare terms more. */
  readonly idfPower: number;
  /** Days over which the time-proximity feature halves. */
  readonly recencyDays: number;
  /** `halfLife`: 0.5^(days / recencyDays); `log`: 1 − ln(1 + days) / ln(1 + 3650). */
  readonly recencyShape: 'halfLife' | 'log';
}

export const DEFAULT_TUNING: LexicalTuning = {
  queryTerms: 25,
  candidates: 50,
  commonCandidates: 100,
  commonShare: 0.05,
  commonFloor: 1000,
  bm25Weights: [3, 1, 2],
  fieldWeights: [3, 1, 2],
  mix: { cosine: 1, title: 0, idents: 0, bm25: 0, recency: 0.15, component: 0.1 },
  idfPower: 1,
  recencyDays: 365,
  recencyShape: 'halfLife',
};

/** Overrides of {@link DEFAULT_TUNING}; `mix` is merged weight by weight. */
export type TuningOverrides = Partial<Omit<LexicalTuning, 'mix'>> & {
  readonly mix?: Partial<LexicalTuning['mix']>;
};

export interface LexicalRetrieverOptions {
  readonly repo: MemoryRepository;
  readonly tuning?: TuningOverrides;
  readonly embedding?: EmbeddingHook;
  /** Milliseconds since the epoch (the injected clock): the reference time when `before` is absent. */
  readonly now?: () => number;
}

const TITLE_CHARS = 200;

/** Index terms of a text: title (given, or the first line), body, identifiers. */
export function termsOf(text: string, title?: string): MemoryTerms {
  const head = title ?? text.split('\n', 1)[0]?.slice(0, TITLE_CHARS) ?? '';
  const t = analyseText(head);
  const b = analyseText(text);
  return { title: t.words.join(' '), body: b.words.join(' '), idents: b.idents.join(' ') };
}

function split(s: string): string[] {
  return s === '' ? [] : s.split(' ');
}

/**
 * Duplicate and similar-incident search without a model: normalised terms (see text-analysis.ts),
 * a first stage of FTS5 BM25 over the query's most discriminative terms, then a rerank of those
 * candidates by TF-IDF cosine over the whole text and over titles, shared rare identifiers and the
 * first-stage score. Entries stored before the term index existed are analysed on first use.
 */
export function createLexicalRetriever(options: LexicalRetrieverOptions): Retriever {
  const { repo, embedding } = options;
  const now = options.now ?? (() => Date.now());
  const tuning: LexicalTuning = {
    ...DEFAULT_TUNING,
    ...options.tuning,
    mix: { ...DEFAULT_TUNING.mix, ...options.tuning?.mix },
  };
  const stats = new TermStatistics(repo);
  let backfilled = false;

  function backfill(): void {
    if (backfilled) return;
    for (let batch = repo.unindexed(500); batch.length > 0; batch = repo.unindexed(500))
      for (const r of batch) {
        const terms = termsOf(r.text, r.title);
        repo.setTerms(r.n, terms);
        stats.add(terms);
      }
    backfilled = true;
  }

  return {
    index(entry) {
      backfill();
      const terms = termsOf(entry.text, entry.title);
      const added = repo.addRecord({
        id: entry.id,
        kind: entry.kind,
        text: entry.text,
        createdAt: entry.createdAt,
        at: entry.at,
        terms,
        ...(entry.incidentId === undefined ? {} : { incidentId: entry.incidentId }),
        ...(entry.title === undefined ? {} : { title: entry.title }),
        ...(entry.component === undefined ? {} : { component: entry.component }),
      });
      if (added) stats.add(terms);
      return entry.id;
    },

    search(text: string, k: number, opts: SimilarOptions = {}): MemoryHit[] {
      if (k <= 0) return [];
      backfill();
      const q = termsOf(text, opts.title);
      const fields = [split(q.title), split(q.body), split(q.idents)] as const;
      const all = [...fields[0], ...fields[1], ...fields[2]];
      if (all.length === 0) return [];
      // Candidates share most of their terms: each term's weight is worked out once per search.
      const idfs = new Map<string, number>();
      const idf = (t: string): number => {
        let w = idfs.get(t);
        if (w === undefined) idfs.set(t, (w = Math.pow(stats.idf(t), tuning.idfPower)));
        return w;
      };
      const qv = termVector(fields, tuning.fieldWeights, idf);
      // Terms no stored entry has cannot match; the rest, most discriminative first.
      const top = [...qv.weights.entries()]
        .filter(([t]) => stats.frequency(t) > 0)
        .sort((a, b) => b[1] - a[1])
        .slice(0, tuning.queryTerms)
        .map(([term]) => term);
      // A term in very many entries would make FTS5 score all of them: such terms only match together.
      const limit = Math.max(tuning.commonFloor, tuning.commonShare * stats.count());
      const rare = top.filter((t) => stats.frequency(t) <= limit);
      const common = top.filter((t) => stats.frequency(t) > limit);
      const newest = rare.length === 0 && tuning.commonCandidates > 0;
      const search = (allOf: readonly string[]) =>
        repo.candidates({
          terms: rare.map((term) => ({ term })),
          allOf,
          limit: newest ? tuning.commonCandidates : tuning.candidates,
          ...(newest ? { newestFirst: true } : {}),
          weights: tuning.bm25Weights,
          ...(opts.kind === undefined ? {} : { kind: opts.kind }),
          ...(opts.before === undefined ? {} : { before: opts.before }),
          ...(opts.excludeId === undefined ? {} : { excludeId: opts.excludeId }),
        });
      let found = search(common.slice(0, 3));
      if (found.length < k && common.length >= 3) found = search(common.slice(0, 2));
      if (found.length === 0) return [];
      const qTitle = termVector([fields[0], [], []], [1, 0, 0], idf);
      const qIdents = termVector([[], [], fields[2]], [0, 0, 1], idf);
      const maxBm25 = Math.max(...found.map((c) => c.bm25));
      const ref = opts.before === undefined ? now() : Date.parse(opts.before);
      const scored = found.map((c) => {
        const m = tuning.mix;
        const cf = [split(c.terms.title), split(c.terms.body), split(c.terms.idents)] as const;
        const cv = termVector(cf, tuning.fieldWeights, idf);
        const title = m.title === 0 ? 0 : cosine(qTitle, termVector([cf[0], [], []], [1, 0, 0], idf));
        const shared = m.idents === 0 ? 0 : identOverlap(qIdents, new Set(cf[2]));
        const days = Math.abs(ref - Date.parse(c.createdAt)) / 86_400_000;
        const score =
          m.cosine * cosine(qv, cv) +
          m.title * title +
          m.idents * shared +
          m.bm25 * (maxBm25 > 0 ? c.bm25 / maxBm25 : 0) +
          m.recency * proximity(days, tuning) +
          m.component * (opts.component !== undefined && opts.component === c.component ? 1 : 0);
        return { c, score };
      });
      scored.sort((a, b) => b.score - a.score || b.c.n - a.c.n);
      const ranked = embedding === undefined ? scored : fuse(scored, embedding, text);
      return ranked.slice(0, Math.floor(k)).map(({ c, score }) => toHit(c, score, q));
    },
  };

  function toHit(c: MemoryCandidate, score: number, q: MemoryTerms): MemoryHit {
    return {
      id: c.id,
      kind: c.kind,
      text: c.text,
      score,
      reason: describeMatch(q, c.terms),
      createdAt: c.createdAt,
      ...(c.incidentId === undefined ? {} : { incidentId: c.incidentId }),
      ...(c.title === undefined ? {} : { title: c.title }),
      ...(c.component === undefined ? {} : { component: c.component }),
    };
  }
}

/** Share of the query's identifier weight that the candidate also has (0..1). */
function identOverlap(q: TermVector, candidate: ReadonlySet<string>): number {
  if (q.norm === 0) return 0;
  let shared = 0;
  let all = 0;
  for (const [t, w] of q.weights) {
    all += w;
    if (candidate.has(t)) shared += w;
  }
  return all === 0 ? 0 : shared / all;
}

/** Reciprocal-rank fusion of the lexical order with the embedding hook's order over the same candidates. */
function fuse<T extends { c: MemoryCandidate; score: number }>(
  scored: readonly T[],
  embedding: EmbeddingHook,
  query: string,
): T[] {
  const sims = embedding.similarity(
    query,
    scored.map((s) => s.c.text),
  );
  const byVector = scored.map((s, i) => ({ s, v: sims[i] ?? 0 })).sort((a, b) => b.v - a.v);
  const rrf = new Map<T, number>();
  scored.forEach((s, i) => rrf.set(s, 1 / (60 + i + 1)));
  byVector.forEach(({ s }, i) => rrf.set(s, (rrf.get(s) ?? 0) + 1 / (60 + i + 1)));
  // Ties (a candidate each list ranks the other way round) keep the lexical order.
  return scored
    .map((s, i) => ({ s, i }))
    .sort((a, b) => (rrf.get(b.s) ?? 0) - (rrf.get(a.s) ?? 0) || a.i - b.i)
    .map(({ s }) => s)
    .map((s) => ({ ...s, score: rrf.get(s) ?? 0 }));
}

/** Closeness in time of two entries (1 = same moment, towards 0 = years apart); 0 when unknown. */
function proximity(days: number, tuning: LexicalTuning): number {
  if (!Number.isFinite(days)) return 0;
  if (tuning.recencyShape === 'log') return Math.max(0, 1 - Math.log(1 + days) / Math.log(1 + 3650));
  return Math.pow(0.5, days / tuning.recencyDays);
}
