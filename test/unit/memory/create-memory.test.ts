import { expect } from 'chai';
import type { Clock, Store } from '../../../src/core/index.js';
import { createMemory, conversationKey } from '../../../src/memory/index.js';
import { openSqliteStore } from '../../../src/store/index.js';
import { silentLogger } from '../../helpers/silent-logger.js';

const clock: Clock = { now: () => new Date('2024-05-01T10:00:00.000Z') };
const redact = (text: string) => text.replace(/xoxb-[\w-]+/g, '[REDACTED]');

describe('createMemory', () => {
  let store: Store;
  beforeEach(() => {
    store = openSqliteStore({ path: ':memory:', clock, logger: silentLogger });
  });
  afterEach(() => store.close());

  it('finds the most similar past incident first, with its incident id', () => {
    const memory = createMemory({ repo: store.memory, clock, redact });
    memory.remember({ kind: 'incident', text: 'disk full on db-1; cleaned logs' });
    memory.remember({
      kind: 'incident',
      text: 'checkout-api 5xx after deploy 1.4.2; rolled back',
      incidentId: 'INC-2',
    });
    const hits = memory.similar('checkout-api errors after deploy', 5);
    expect(hits[0]).to.deep.include({ incidentId: 'INC-2', kind: 'incident' });
    expect(hits).to.have.length(1);
  });

  it('redacts secrets before storing them', () => {
    const memory = createMemory({ repo: store.memory, clock, redact });
    memory.remember({ kind: 'note', text: 'rotated token xoxb-123-abc for slack' });
    const [hit] = memory.similar('rotated slack token', 1);
    expect(hit?.text).to.equal('rotated token [REDACTED] for slack');
    expect(memory.similar('xoxb', 1)).to.deep.equal([]);
  });

  it('keeps one scratchpad per thread, redacted, surviving a new Memory over the same store', () => {
    const memory = createMemory({ repo: store.memory, clock, redact });
    const thread = { platform: 'matrix', channel: '!room:example.org', thread: '$t1' };
    memory.scratchpad(thread).set('service', 'checkout xoxb-1-2');
    memory.scratchpad({ ...thread, thread: '$t2' }).set('service', 'payments');
    const again = createMemory({ repo: store.memory, clock, redact });
    expect(again.scratchpad(thread).get('service')).to.equal('checkout [REDACTED]');
    expect(again.scratchpad({ platform: 'matrix', channel: '!room:example.org' }).get('service')).to.equal(
      undefined,
    );
  });

  it('lists the entries of one conversation only, redacted', () => {
    const memory = createMemory({ repo: store.memory, clock, redact });
    const thread = { platform: 'slack', channel: 'C1', thread: '1.2' };
    expect(memory.scratchpad(thread).entries()).to.deep.equal({});
    memory.scratchpad(thread).set('last_incident', 'INC-7');
    memory.scratchpad(thread).set('last_command', 'ops rollback checkout-api xoxb-9-9');
    memory.scratchpad({ ...thread, thread: '9.9' }).set('last_incident', 'INC-8');
    expect(memory.scratchpad(thread).entries()).to.deep.equal({
      last_incident: 'INC-7',
      last_command: 'ops rollback checkout-api [REDACTED]',
    });
  });

  it('keys conversations as platform:channel:thread without collisions', () => {
    expect(conversationKey({ platform: 'slack', channel: 'C1', thread: '1.2' })).to.equal('slack:C1:1.2');
    expect(conversationKey({ platform: 'slack', channel: 'C1' })).to.equal('slack:C1:');
    expect(conversationKey({ platform: 'm', channel: 'a:b', thread: 'c' })).to.not.equal(
      conversationKey({ platform: 'm', channel: 'a', thread: 'b:c' }),
    );
  });
});
