import { expect } from 'chai';
import type { Clock, Store } from '../../../src/core/index.js';
import { toTermsQuery } from '../../../src/store/fts-query.js';
import { openSqliteStore } from '../../../src/store/index.js';
import { silentLogger } from '../../helpers/silent-logger.js';

const clock: Clock = { now: () => new Date('2024-05-01T10:00:00.000Z') };
const terms = (title: string, body: string, idents = '') => ({ title, body, idents });

describe('SqliteMemoryRepository term index', () => {
  let store: Store;
  beforeEach(() => {
    store = openSqliteStore({ path: ':memory:', clock, logger: silentLogger });
  });
  afterEach(() => store.close());

  function add(
    id: string,
    kind: string,
    t: ReturnType<typeof terms>,
    createdAt = '2024-01-01T00:00:00.000Z',
  ) {
    return store.memory.addRecord({
      id,
      kind,
      text: `${t.title} ${t.body}`,
      createdAt,
      at: createdAt,
      terms: t,
    });
  }

  it('stores a record once per id and counts document frequencies over all columns', () => {
    expect(add('a', 'ticket', terms('disk full', 'datanode disk', 'nullpointerexception'))).to.equal(true);
    expect(add('a', 'ticket', terms('other', 'other'))).to.equal(false);
    add('b', 'ticket', terms('kerberos', 'login disk'));
    const { total, df } = store.memory.termStatistics();
    expect(total).to.equal(2);
    expect(df.get('disk')).to.equal(2);
    expect(df.get('nullpointerexception')).to.equal(1);
    expect(df.has('other')).to.equal(false);
  });

  it('ranks candidates by BM25 with column weights and applies kind, before and excludeId', () => {
    add('t1', 'ticket', terms('kafka lag', 'consumer'), '2024-01-01T00:00:00.000Z');
    add('t2', 'ticket', terms('consumer', 'kafka lag'), '2024-02-01T00:00:00.000Z');
    add('i1', 'incident', terms('kafka lag', 'consumer'), '2024-03-01T00:00:00.000Z');
    const q = { terms: [{ term: 'kafka' }, { term: 'lag' }], limit: 10, weights: [3, 1, 1] as const };
    const ids = (extra: object) => store.memory.candidates({ ...q, ...extra }).map((c) => c.id);
    expect(ids({ kind: 'ticket' })).to.deep.equal(['t1', 't2']);
    expect(ids({ kind: 'ticket', before: '2024-01-15T00:00:00.000Z' })).to.deep.equal(['t1']);
    expect(ids({ excludeId: 't1' })).to.have.members(['t2', 'i1']);
    const [first] = store.memory.candidates({ ...q, kind: 'ticket' });
    expect(first?.terms).to.deep.equal(terms('kafka lag', 'consumer'));
    expect(first?.bm25).to.be.greaterThan(0);
  });

  it('matches common terms only together when given as an AND group', () => {
    add('x', 'ticket', terms('high error rate', 'checkout'));
    add('y', 'ticket', terms('high latency', 'cart'));
    const found = store.memory.candidates({
      terms: [],
      allOf: ['high', 'error'],
      limit: 10,
      weights: [1, 1, 1],
    });
    expect(found.map((c) => c.id)).to.deep.equal(['x']);
  });

  it('keeps hostile text inert in the FTS query', () => {
    add('z', 'ticket', terms('near', 'and or not'));
    for (const hostile of ['"', 'a" OR "b', 'NEAR(a b)', '{title}: x', '(((', '*', 'title:near', '']) {
      expect(() =>
        store.memory.candidates({ terms: [{ term: hostile }], limit: 5, weights: [1, 1, 1] }),
      ).to.not.throw();
    }
    expect(
      toTermsQuery([{ term: 'a" OR "b' }, { term: 'x', field: 'title' }, { term: 'y', field: 'evil' }]),
    ).to.equal('"aORb" OR {title} : "x" OR "y"');
    expect(toTermsQuery([{ term: '***' }])).to.equal(undefined);
    expect(toTermsQuery([], ['a', 'b'])).to.equal('("a" AND "b")');
  });

  it('lists entries stored without index terms until they get them', () => {
    store.memory.add({
      kind: 'incident',
      text: 'HighErrorRate on checkout-api',
      at: clock.now().toISOString(),
    });
    const [row] = store.memory.unindexed(10);
    expect(row?.text).to.equal('HighErrorRate on checkout-api');
    expect(row?.createdAt).to.equal(clock.now().toISOString());
    store.memory.setTerms(row!.n, terms('high error rate', 'checkout api'));
    expect(store.memory.unindexed(10)).to.deep.equal([]);
  });
});
