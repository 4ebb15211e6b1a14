import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Clock } from '../../../src/core/index.js';
import { openSqliteStore } from '../../../src/store/index.js';
import { silentLogger } from '../../helpers/silent-logger.js';

const clock: Clock = { now: () => new Date('2024-05-01T10:00:00.000Z') };
const at = '2024-05-01T10:00:00.000Z';

describe('sqlite outbox repository', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'wk-outbox-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps pending items across a reopen, oldest first, and forgets sent and failed ones', () => {
    const path = join(dir, 'outbox.db');
    let store = openSqliteStore({ path, clock, logger: silentLogger });
    const a = store.outbox.enqueue({
      platform: 'slack',
      channel: 'C1',
      kind: 'post',
      payload: { text: 'a' },
      at,
    });
    const b = store.outbox.enqueue({
      platform: 'slack',
      channel: 'C1',
      kind: 'post',
      payload: { text: 'b' },
      at,
    });
    const c = store.outbox.enqueue({
      platform: 'slack',
      channel: 'C2',
      kind: 'update',
      payload: { ts: '1' },
      at,
    });
    store.outbox.enqueue({ platform: 'discord', channel: 'C1', kind: 'post', payload: {}, at });
    expect(a.id).to.be.below(b.id);
    expect(a.payload).to.deep.equal({ text: 'a' });
    store.outbox.markSent(a.id, '1700000000.000100', at);
    store.outbox.markFailed(c.id, 'channel_not_found', at);
    store.outbox.reschedule(b.id, 2, '2024-05-01T10:00:05.000Z', 'HTTP 429');
    store.close();

    store = openSqliteStore({ path, clock, logger: silentLogger });
    const pending = store.outbox.pending('slack');
    expect(pending.map((i) => i.id)).to.deep.equal([b.id]);
    expect(pending[0]).to.include({ attempts: 2, notBefore: '2024-05-01T10:00:05.000Z', channel: 'C1' });
    expect(store.outbox.get(a.id)).to.deep.equal({
      status: 'sent',
      result: '1700000000.000100',
      error: null,
    });
    expect(store.outbox.get(c.id)).to.include({ status: 'failed', error: 'channel_not_found' });
    expect(store.outbox.get(9999)).to.equal(undefined);
    store.close();
  });

  it('claims an inbound key once and prunes old receipts', () => {
    const store = openSqliteStore({ path: ':memory:', clock, logger: silentLogger });
    expect(store.outbox.claimInbound('slack:Ev1', at)).to.equal(true);
    expect(store.outbox.claimInbound('slack:Ev1', at)).to.equal(false);
    expect(store.outbox.claimInbound('slack:Ev2', '2024-05-01T11:00:00.000Z')).to.equal(true);
    expect(store.outbox.claimInbound('matrix:$old', at)).to.equal(true);
    expect(store.outbox.pruneInbound('slack:', '2024-05-01T10:30:00.000Z')).to.equal(1);
    expect(store.outbox.claimInbound('matrix:$old', at), 'another platform keeps its receipts').to.equal(
      false,
    );
    expect(store.outbox.claimInbound('slack:Ev1', at)).to.equal(true);
    store.close();
  });
});
