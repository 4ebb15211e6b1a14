import { expect } from 'chai';
import type { Store, TicketDraft } from '../../../src/core/index.js';
import { openSqliteStore } from '../../../src/store/index.js';
import { silentLogger } from '../../helpers/silent-logger.js';

const clock = { now: () => new Date('2026-11-26T10:00:00Z') };
const draft = (externalId: string, extra: Partial<TicketDraft> = {}): TicketDraft => ({
  source: 'jira',
  externalId,
  title: `Title ${externalId}`,
  body: 'body',
  priority: 'normal',
  reporter: 'ana@example.com',
  ...extra,
});

describe('SqliteTicketRepository', () => {
  let store: Store;
  beforeEach(() => {
    store = openSqliteStore({ path: ':memory:', clock, logger: silentLogger });
  });
  afterEach(() => store.close());

  it('gives new tickets short local ids and updates a re-delivered one in place', () => {
    const a = store.tickets.upsert(draft('SUP-1', { service: 'checkout-api' }), '2026-11-26T09:00:00Z');
    const b = store.tickets.upsert(draft('SUP-2'), '2026-11-26T09:01:00Z');
    expect([a.ticket.id, a.created, b.ticket.id]).to.deep.equal(['T-1', true, 'T-2']);
    const edit = store.tickets.upsert(
      draft('SUP-1', { title: 'Edited', incidentId: 'INC-4' }),
      '2026-11-26T09:05:00Z',
    );
    expect(edit.created).to.equal(false);
    expect(edit.ticket).to.include({
      id: 'T-1',
      title: 'Edited',
      service: 'checkout-api',
      incidentId: 'INC-4',
    });
    expect(edit.ticket.createdAt).to.equal('2026-11-26T09:00:00Z');
    expect(store.tickets.find('SUP-1')?.id).to.equal('T-1');
    expect(store.tickets.find('t-2')?.externalId).to.equal('SUP-2');
    expect(store.tickets.byIncident('INC-4')?.id).to.equal('T-1');
  });

  it('filters by status, finds open tickets of a service since a time, and closes with a resolution', () => {
    store.tickets.upsert(draft('SUP-1', { service: 'auth' }), '2026-11-26T08:00:00Z');
    store.tickets.upsert(draft('SUP-2', { service: 'auth' }), '2026-11-26T09:30:00Z');
    expect(store.tickets.openForService('auth', '2026-11-26T09:00:00Z').map((t) => t.id)).to.deep.equal([
      'T-2',
    ]);
    const closed = store.tickets.setStatus('T-2', 'closed', '2026-11-26T10:00:00Z', 'Provider fixed it');
    expect(closed).to.include({ status: 'closed', resolution: 'Provider fixed it' });
    expect(store.tickets.list({ status: 'open', limit: 10 }).map((t) => t.id)).to.deep.equal(['T-1']);
    expect(store.tickets.list({ limit: 10 }).map((t) => t.id)).to.deep.equal(['T-2', 'T-1']);
    expect(() => store.tickets.setStatus('T-99', 'closed', 'x')).to.throw(/no ticket T-99/);
  });

  it('keeps notes in order with their data, and links once', () => {
    store.tickets.upsert(draft('SUP-1'), 'a');
    store.tickets.addNote({
      ticketId: 'T-1',
      kind: 'diagnostic',
      text: 'ok',
      data: { n: 1 },
      by: 'bot',
      at: 'b',
    });
    store.tickets.addNote({ ticketId: 'T-1', kind: 'draft', text: 'Hi', by: 'bot', at: 'c' });
    expect(store.tickets.notes('T-1').map((n) => n.kind)).to.deep.equal(['diagnostic', 'draft']);
    expect(store.tickets.notes('T-1', 'diagnostic')[0]?.data).to.deep.equal({ n: 1 });
    const link = { ticketId: 'T-1', other: 'T-2', kind: 'duplicate_of' as const, by: 'bot', at: 'd' };
    store.tickets.addLink(link);
    store.tickets.addLink(link);
    expect(store.tickets.links('T-2')).to.deep.equal([link]);
  });
});
