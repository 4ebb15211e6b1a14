import { expect } from 'chai';
import type { Clock, Store } from '../../../src/core/index.js';
import { createLexicalRetriever, createMemory } from '../../../src/memory/index.js';
import { openSqliteStore } from '../../../src/store/index.js';
import { silentLogger } from '../../helpers/silent-logger.js';

const clock: Clock = { now: () => new Date('2024-05-01T10:00:00.000Z') };

/**
 * A query whose top terms are all common (in more entries than the `commonFloor`/`commonShare` limit)
 * searches one AND group of them; its first stage then takes the newest matches without BM25.
 */
describe('lexical retriever, queries made only of common terms', () => {
  let store: Store;
  beforeEach(() => {
    store = openSqliteStore({ path: ':memory:', clock, logger: silentLogger });
  });
  afterEach(() => store.close());

  function fill(): void {
    const memory = createMemory({ repo: store.memory, clock, redact: (t) => t });
    const words = ['timeout', 'deploy', 'rollback', 'database', 'pool', 'cache'];
    for (let i = 0; i < 40; i++) {
      const extra = `${words[i % 6]} ${words[(i + 1) % 6]}`;
      memory.remember({ kind: 'incident', id: `m-${i}`, text: `HighLatency on checkout-api: ${extra}` });
    }
  }

  it('reranks only the newest matches of the AND group', () => {
    fill();
    const retriever = createLexicalRetriever({
      repo: store.memory,
      tuning: { commonFloor: 5, commonShare: 0, commonCandidates: 3 },
    });
    // Six entries have both extra words (m-4 … m-34, every sixth); the three newest are reranked.
    const hits = retriever.search('HighLatency on checkout-api: pool cache', 5);
    expect(hits.map((h) => h.id)).to.deep.equal(['m-34', 'm-28', 'm-22']);
    expect(hits[0]!.reason).to.be.a('string');
  });

  it('ranks the AND-group matches by BM25 when commonCandidates is 0, finding older twins too', () => {
    fill();
    const retriever = createLexicalRetriever({
      repo: store.memory,
      tuning: { commonFloor: 5, commonShare: 0, commonCandidates: 0, candidates: 100 },
    });
    const hits = retriever.search('HighLatency on checkout-api: pool cache', 10);
    const twins = ['m-4', 'm-10', 'm-16', 'm-22', 'm-28', 'm-34'];
    expect(hits.slice(0, 6).map((h) => h.id)).to.have.members(twins);
  });

  it('the store returns the newest matches first, unranked, when asked for newestFirst', () => {
    fill();
    const found = store.memory.candidates({
      terms: [],
      allOf: ['checkout', 'latency'],
      limit: 5,
      weights: [3, 1, 2],
      newestFirst: true,
    });
    expect(found.map((c) => c.id)).to.deep.equal(['m-39', 'm-38', 'm-37', 'm-36', 'm-35']);
    expect(found.every((c) => c.bm25 === 0)).to.equal(true);
  });
});
