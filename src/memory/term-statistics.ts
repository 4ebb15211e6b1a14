import type { MemoryRepository, MemoryTerms } from '../core/index.js';

/**
 * Document frequencies of index terms, read from the store once and then kept up to date by this
 * process as it indexes, so a search weighs every term (query and candidates alike) without SQL.
 */
export class TermStatistics {
  private df: Map<string, number> | undefined;
  private total = 0;

  constructor(private readonly repo: MemoryRepository) {}

  private load(): Map<string, number> {
    if (this.df === undefined) {
      const stats = this.repo.termStatistics();
      this.df = stats.df;
      this.total = stats.total;
    }
    return this.df;
  }

  /** Counts one newly indexed entry. */
  add(terms: MemoryTerms): void {
    const df = this.load();
    const seen = new Set(`${terms.title} ${terms.body} ${terms.idents}`.split(' '));
    seen.delete('');
    for (const t of seen) df.set(t, (df.get(t) ?? 0) + 1);
    this.total++;
  }

  /** How many entries are indexed. */
  count(): number {
    this.load();
    return this.total;
  }

  frequency(term: string): number {
    return this.load().get(term) ?? 0;
  }

  /** BM25's inverse document frequency, always positive. */
  idf(term: string): number {
    const d = this.frequency(term);
    return Math.log(1 + (this.total - d + 0.5) / (d + 0.5));
  }
}
