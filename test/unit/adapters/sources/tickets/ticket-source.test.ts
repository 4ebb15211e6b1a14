import { expect } from 'chai';
import { createTicketSource, normalisePriority } from '../../../../../adapters/sources/tickets/index.js';

const clock = { now: () => new Date('2026-11-26T10:00:00Z') };

function failure(
  fn: () => unknown,
): { code: string; issues: { path: string; message: string }[] } | undefined {
  try {
    fn();
  } catch (e) {
    return e as { code: string; issues: { path: string; message: string }[] };
  }
  return undefined;
}

describe('generic ticket source', () => {
  const source = createTicketSource({ clock });

  it('maps a ticket onto the shared label contract', () => {
    const [s] = source.parse({
      id: 'ZD-881',
      system: 'zendesk',
      title: 'Refund not received',
      body: 'Ordered on Monday',
      reporter: 'kim@example.com',
      priority: 'high',
      service: 'payments-api',
      url: 'https://acme.zendesk.com/agent/tickets/881',
      createdAt: '2026-11-26T08:00:00+01:00',
    });
    expect(s).to.include({
      source: 'tickets',
      kind: 'ticket',
      severity: 'error',
      fingerprint: 'zendesk:ZD-881',
      groupKey: 'ticket:zendesk:ZD-881',
      summary: 'Refund not received',
      startsAt: '2026-11-26T07:00:00.000Z',
      status: 'firing',
    });
    expect(s!.labels).to.deep.equal({
      ticket_source: 'zendesk',
      ticket_id: 'ZD-881',
      priority: 'high',
      reporter: 'kim@example.com',
      service: 'payments-api',
    });
    expect(s!.annotations).to.deep.equal({
      title: 'Refund not received',
      body: 'Ordered on Monday',
      url: 'https://acme.zendesk.com/agent/tickets/881',
    });
  });

  it('gives a ticket without id a stable one, and a batch parses all', () => {
    const one = { title: 'Blank page', reporter: 'a@example.com' };
    const a = source.parse(one)[0]!;
    const b = source.parse({ tickets: [one, { ...one, title: 'Other' }] });
    expect(b).to.have.length(2);
    expect(b[0]!.fingerprint).to.equal(a.fingerprint);
    expect(b[1]!.fingerprint).to.not.equal(a.fingerprint);
    expect(a.labels['priority']).to.equal('normal');
  });

  it('makes mentions and markup in the summary inert, keeping the raw title in annotations', () => {
    const [s] = source.parse({ title: 'Help <!channel> @everyone', reporter: 'x' });
    expect(s!.summary).to.not.include('<!channel>').and.not.include('@everyone');
    expect(s!.annotations['title']).to.equal('Help <!channel> @everyone');
  });

  it('refuses a malformed ticket with every reason', () => {
    const err = failure(() =>
      source.parse({ title: ' ', priority: 'asap', service: 'Bad Service!', url: 'ftp:/x', status: 'gone' }),
    );
    expect(err?.code).to.equal('VALIDATION_FAILED');
    expect(err?.issues.map((i) => i.path)).to.include.members([
      'title',
      'reporter',
      'priority',
      'service',
      'url',
      'status',
    ]);
    expect(failure(() => source.parse({ tickets: [] }))?.issues[0]?.path).to.equal('tickets');
  });

  it('normalises the priority words of common trackers', () => {
    expect(['Blocker', 'Highest', 'P1', 'critical'].map(normalisePriority)).to.deep.equal(
      Array(4).fill('urgent'),
    );
    expect(['Major', 'High'].map(normalisePriority)).to.deep.equal(['high', 'high']);
    expect(['Minor', 'Trivial', 'Lowest'].map(normalisePriority)).to.deep.equal(['low', 'low', 'low']);
    expect(['Medium', undefined, 'whatever'].map(normalisePriority)).to.deep.equal([
      'normal',
      'normal',
      'normal',
    ]);
  });
});
