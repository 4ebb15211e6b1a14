import { expect } from 'chai';
import {
  PACK_SECTIONS,
  contextPack,
  parseRunbook,
  reproductionSteps,
} from '../../../../skills/support/index.js';
import type { Ticket } from '../../../../src/core/index.js';

const ticket: Ticket = {
  id: 'T-9',
  source: 'jira',
  externalId: 'SUP-9',
  title: 'Export <!here> broken',
  body: 'Export fails.\n\nSteps to reproduce:\n1. Open reports\n2. Press export\n\nThanks',
  status: 'open',
  priority: 'high',
  reporter: 'ana@example.com',
  service: 'reports',
  createdAt: '2026-11-26T09:00:00Z',
  updatedAt: '2026-11-26T09:00:00Z',
};

describe('escalation context pack', () => {
  it('has every section, in order, saying "none" where there is nothing', () => {
    const pack = contextPack({
      ticket,
      why: ['requested in chat'],
      diagnostics: [],
      logs: [],
      fixes: [],
      runbooks: [],
      links: [],
      candidates: [],
      incidents: [],
    });
    const at = PACK_SECTIONS.map((s) => pack.indexOf(`*${s}*`));
    expect(at.every((n) => n > 0)).to.equal(true);
    expect([...at].sort((a, b) => a - b)).to.deep.equal(at);
    expect(pack).to.include('1. Open reports\n2. Press export');
    expect(pack).to.include('*Relevant logs*\nnone');
    expect(pack).to.not.include('<!here>');
  });

  it('finds reproduction steps under a heading, else any numbered list', () => {
    expect(reproductionSteps(ticket.body)).to.deep.equal(['Open reports', 'Press export']);
    expect(reproductionSteps('Do this:\n- a\n- b')).to.deep.equal(['a', 'b']);
    expect(reproductionSteps('no steps at all')).to.deep.equal([]);
  });
});

describe('runbooks', () => {
  it('reads the title, services, fix steps and the customer reply of a Markdown runbook', () => {
    const r = parseRunbook(
      'x.md',
      '# Export broken\n\nservices: reports, api\n\n## Symptoms\n- slow\n\n## Fix\n1. Restart\n2. Clear cache\n\n## Reply to customers\nPlease retry\nin five minutes.\n',
    );
    expect(r).to.include({ title: 'Export broken', customerReply: 'Please retry in five minutes.' });
    expect(r.services).to.deep.equal(['reports', 'api']);
    expect(r.steps).to.deep.equal(['Restart', 'Clear cache']);
    expect(r.id).to.match(/^kb:x\.md:[0-9a-f]{12}$/);
  });
});
