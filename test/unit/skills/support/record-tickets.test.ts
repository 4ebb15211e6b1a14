import { expect } from 'chai';
import { createTicketSource } from '../../../../adapters/sources/tickets/index.js';
import { createBuiltinTicketing } from '../../../../adapters/tools/ticketing/index.js';
import { SupportDesk, recordTickets } from '../../../../skills/support/index.js';
import type { Store } from '../../../../src/core/index.js';
import { createMemory } from '../../../../src/memory/index.js';
import { openSqliteStore } from '../../../../src/store/index.js';
import { silentLogger } from '../../../helpers/silent-logger.js';

const clock = { now: () => new Date('2026-11-26T10:00:00Z') };

describe('recordTickets', () => {
  let store: Store;
  let desk: SupportDesk;
  beforeEach(() => {
    store = openSqliteStore({ path: ':memory:', clock, logger: silentLogger });
    const memory = createMemory({ repo: store.memory, clock, redact: (t) => t });
    desk = new SupportDesk({
      tickets: store.tickets,
      memory,
      incidents: store.incidents,
      runbooks: [],
      clock,
      ticketing: () => createBuiltinTicketing(store.tickets, clock),
    });
  });
  afterEach(() => store.close());

  const redactToken = <T>(v: T): T =>
    JSON.parse(JSON.stringify(v).replaceAll('tok_secret', '[REDACTED]')) as T;

  it('records parsed tickets (redacted), updates edits in place, and resolves closed ones', () => {
    const source = recordTickets(createTicketSource({ clock }), desk, redactToken);
    source.parse({ id: 'A', title: 'Login broken', body: 'my key tok_secret fails', reporter: 'r' });
    expect(store.tickets.find('A')).to.include({
      id: 'T-1',
      body: 'my key [REDACTED] fails',
      status: 'open',
    });
    source.parse({ id: 'A', title: 'Login broken (edited)', reporter: 'r', status: 'closed' });
    expect(store.tickets.find('A')).to.include({
      id: 'T-1',
      title: 'Login broken (edited)',
      status: 'resolved',
    });
    source.parse({ id: 'A', title: 'Login broken again', reporter: 'r' });
    expect(store.tickets.find('A')!.status, 'reopened').to.equal('open');
    expect(store.tickets.list({ limit: 10 })).to.have.length(1);
  });

  it('records nothing from a batch with one bad ticket', () => {
    const source = recordTickets(createTicketSource({ clock }), desk, (v) => v);
    expect(() => source.parse({ tickets: [{ title: 'ok', reporter: 'r' }, { title: '' }] })).to.throw();
    expect(store.tickets.list({ limit: 10 })).to.deep.equal([]);
  });
});
