import { expect } from 'chai';
import type { Clock, Store } from '../../../src/core/index.js';
import { createMemory, type EmbeddingHook } from '../../../src/memory/index.js';
import { openSqliteStore } from '../../../src/store/index.js';
import { silentLogger } from '../../helpers/silent-logger.js';

const clock: Clock = { now: () => new Date('2024-05-01T10:00:00.000Z') };
const same = (t: string) => t;

const TRACE = `java.lang.NullPointerException
  at org.apache.hadoop.yarn.server.nodemanager.webapp.WebServer.serviceStart(WebServer.java:72)
  at org.apache.hadoop.service.AbstractService.start(AbstractService.java:194)`;

/** A few unrelated tickets so that term weights mean something. */
function background(remember: (id: string, title: string, body: string) => void): void {
  remember('T-1', 'Upgrade netty to 4.1.77', 'Bump the netty dependency for a CVE.');
  remember('T-2', 'Docs: typo in the S3A guide', 'The endpoint section says endpiont.');
  remember('T-3', 'Flaky test TestDFSIO on trunk', 'Timed out after 600 seconds on the CI.');
  remember('T-4', 'Support Java 17 in the build', 'javac fails with illegal reflective access.');
}

describe('lexical retriever (Memory.similar for duplicates)', () => {
  let store: Store;
  beforeEach(() => {
    store = openSqliteStore({ path: ':memory:', clock, logger: silentLogger });
  });
  afterEach(() => store.close());

  function memoryWithTickets(embedding?: EmbeddingHook) {
    const memory = createMemory({
      repo: store.memory,
      clock,
      redact: same,
      ...(embedding === undefined ? {} : { embedding }),
    });
    const remember = (id: string, title: string, body: string, createdAt = '2024-04-01T00:00:00.000Z') =>
      memory.remember({ kind: 'ticket', id, title, text: `${title}\n\n${body}`, createdAt });
    return { memory, remember };
  }

  it('ranks a reworded report with the same stack trace above one with the same wording', () => {
    const { memory, remember } = memoryWithTickets();
    background(remember);
    remember('T-10', 'NodeManager web UI does not come up', `Starting the mini cluster fails:\n${TRACE}`);
    remember(
      'T-11',
      'NPE when starting the resource manager',
      'java.lang.NullPointerException in the scheduler queue init.',
    );
    const hits = memory.similar(
      `NPE when starting MiniYARNCluster\n\n${TRACE.replace(/:\d+\)/g, ':80)')}`,
      3,
      {
        title: 'NPE when starting MiniYARNCluster',
        kind: 'ticket',
      },
    );
    expect(hits[0]?.id).to.equal('T-10');
    expect(hits[0]?.reason).to.match(/same error nullpointerexception/);
    expect(hits[0]?.reason).to.match(/webserver\.servicestart/);
    expect(hits[0]?.title).to.equal('NodeManager web UI does not come up');
  });

  it('matches versions by major.minor and CVE ids exactly', () => {
    const { memory, remember } = memoryWithTickets();
    background(remember);
    remember(
      'T-20',
      'update jackson-databind version',
      'Fix CVE-2020-8840: maybe move to 2.9.10.3 or 2.10.x',
    );
    remember('T-21', 'Upgrade guava', 'Guava 27 has a CVE-2018-10237 issue.');
    const [hit] = memory.similar(
      'Upgrade jackson-databind to 2.9.10.3\n\nCVE-2020-8840 found in jackson-databind',
      1,
      {
        title: 'Upgrade jackson-databind to 2.9.10.3',
      },
    );
    expect(hit?.id).to.equal('T-20');
    expect(hit?.reason).to.match(/CVE-2020-8840/);
  });

  it('finds only entries of the kind asked, created before the time given, never the excluded id', () => {
    const { memory, remember } = memoryWithTickets();
    remember('T-30', 'Disk full on datanode', 'dfs.datanode.data.dir is full', '2024-01-01T00:00:00.000Z');
    remember(
      'T-31',
      'Disk full on datanode again',
      'dfs.datanode.data.dir is full',
      '2024-03-01T00:00:00.000Z',
    );
    memory.remember({ kind: 'incident', text: 'Disk full on datanode dfs.datanode.data.dir' });
    const ids = (opts: Parameters<typeof memory.similar>[2]) =>
      memory.similar('datanode disk full dfs.datanode.data.dir', 10, opts).map((h) => h.id);
    expect(ids({ kind: 'ticket' })).to.have.members(['T-30', 'T-31']);
    expect(ids({ kind: 'ticket', before: '2024-02-01T00:00:00.000Z' })).to.deep.equal(['T-30']);
    expect(ids({ kind: 'ticket', excludeId: 'T-31' })).to.deep.equal(['T-30']);
    expect(ids({})).to.have.length(3);
  });

  it('prefers the same component when the texts are equally close', () => {
    const memory = createMemory({ repo: store.memory, clock, redact: same });
    const text = 'Invoices page returns 502 Bad Gateway';
    memory.remember({
      kind: 'ticket',
      id: 'T-60',
      text,
      component: 'billing',
      createdAt: '2024-04-01T00:00:00Z',
    });
    memory.remember({
      kind: 'ticket',
      id: 'T-61',
      text,
      component: 'frontend',
      createdAt: '2024-04-01T00:00:00Z',
    });
    const ids = (component: string) => memory.similar(text, 2, { component }).map((h) => h.id);
    expect(ids('billing')).to.deep.equal(['T-60', 'T-61']);
    expect(ids('frontend')).to.deep.equal(['T-61', 'T-60']);
  });

  it('ranks the entry closer in time (to the injected clock) first when the texts are equally close', () => {
    const memory = createMemory({ repo: store.memory, clock, redact: same });
    const text = 'Kafka consumer lag on the orders topic';
    memory.remember({ kind: 'ticket', id: 'T-70', text, createdAt: '2024-04-30T00:00:00Z' });
    memory.remember({ kind: 'ticket', id: 'T-71', text, createdAt: '2021-01-01T00:00:00Z' });
    expect(memory.similar(text, 2).map((h) => h.id)).to.deep.equal(['T-70', 'T-71']);
    const hits = memory.similar(text, 2, { before: '2021-02-01' });
    expect(hits.map((h) => h.id)).to.deep.equal(['T-71']);
  });

  it('keeps the first entry when an id is remembered twice', () => {
    const { memory, remember } = memoryWithTickets();
    expect(remember('T-40', 'Kerberos login fails', 'GSSException: no valid credentials')).to.equal('T-40');
    remember('T-40', 'Something else entirely', 'unrelated');
    const hits = memory.similar('GSSException no valid credentials', 5);
    expect(hits.map((h) => [h.id, h.title])).to.deep.equal([['T-40', 'Kerberos login fails']]);
    expect(memory.similar('unrelated entirely', 5)).to.deep.equal([]);
  });

  it('indexes entries stored before the term index existed on first search', () => {
    store.memory.add({
      kind: 'incident',
      text: 'HighErrorRate on checkout-api after deploy',
      at: clock.now().toISOString(),
    });
    const memory = createMemory({ repo: store.memory, clock, redact: same });
    const [hit] = memory.similar('checkout-api error rate high', 1);
    expect(hit?.text).to.equal('HighErrorRate on checkout-api after deploy');
  });

  it('fuses an embedding hook, when given, with the lexical order (reciprocal rank)', () => {
    // A stand-in similarity that ranks C, A, B, only to show how the hook's order is fused.
    const order = ['C', 'A', 'B'];
    const calls: number[] = [];
    const hook: EmbeddingHook = {
      similarity: (_query, candidates) => {
        calls.push(candidates.length);
        return candidates.map((c) => 3 - order.indexOf(c.split('\n')[0]!.slice(-1)));
      },
    };
    const { memory, remember } = memoryWithTickets(hook);
    remember('A', 'Restart loses metrics history A', 'metrics history lost after a restart');
    remember('B', 'Restart loses dashboards B', 'dashboards lost after a restart of metrics');
    remember('C', 'Upgrade drops some counters C', 'metrics counters missing');
    const plain = createMemory({ repo: store.memory, clock, redact: same });
    expect(plain.similar('restart loses metrics history', 3).map((h) => h.id)).to.deep.equal(['A', 'B', 'C']);
    expect(memory.similar('restart loses metrics history', 3).map((h) => h.id)).to.deep.equal([
      'A',
      'C',
      'B',
    ]);
    expect(calls).to.deep.equal([3]);
  });
});
