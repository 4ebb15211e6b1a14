import { expect } from 'chai';
import type { ApprovalPrompt } from '../../../../../src/core/index.js';
import { renderEntry, whoMayApprove } from '../../../../../adapters/chat/console/index.js';

const prompt: ApprovalPrompt = {
  approvalId: 'ap1',
  token: 'tok',
  incidentId: 'inc-1',
  runId: 'run-1',
  tool: 'sandbox.rollback',
  input: { service: 'checkout-api', to: 'v41' },
  rationale: 'error rate rose after the last deploy',
  risk: 'high',
  rule: 'default.policy.yaml#prod-writes',
  reason: 'production write needs one approval',
  preview: 'would roll checkout-api back from v42 to v41',
  requester: 'console:operator',
  needed: 1,
  roles: ['sre', 'lead'],
  distinctFromRequester: true,
  expiresAt: '2026-01-01T00:15:00.000Z',
  status: 'pending',
  votes: [],
};
const entry = (approval: ApprovalPrompt) => ({
  id: 'm1',
  at: '2026-01-01T00:00:00.000Z',
  conversation: { platform: 'console', channel: 'ops', thread: 'inc-1' },
  message: { text: 'Approval needed: sandbox.rollback', approval, incidentId: 'inc-1' },
});

describe('console render', () => {
  it('renders a pending prompt with buttons, requirements in words and the input as JSON', () => {
    const view = renderEntry(entry(prompt), new Date('2026-01-01T00:01:00.000Z'));
    expect(view).to.include({ id: 'm1', from: 'watchkeeper', thread: 'inc-1', incidentId: 'inc-1' });
    expect(view.approval).to.include({
      approvalId: 'ap1',
      token: 'tok',
      status: 'pending',
      open: true,
      risk: 'high',
      whoMayApprove: '1 approval from sre or lead, not the requester',
      preview: 'would roll checkout-api back from v42 to v41',
    });
    expect(JSON.parse(view.approval?.input ?? '')).to.deep.equal({ service: 'checkout-api', to: 'v41' });
  });

  it('shows a pending prompt past its expiry as expired, without buttons', () => {
    const view = renderEntry(entry(prompt), new Date('2026-01-01T00:20:00.000Z'));
    expect(view.approval).to.include({
      status: 'expired',
      open: false,
      outcome: 'expired without a decision',
    });
  });

  it('shows a decided prompt with its outcome and no buttons', () => {
    const decided: ApprovalPrompt = {
      ...prompt,
      status: 'approved',
      outcome: 'approved by console:alice; sandbox.rollback succeeded',
      votes: [{ principal: 'console:alice', decision: 'approve', accepted: true }],
    };
    const view = renderEntry(entry(decided), new Date('2026-01-01T00:01:00.000Z'));
    expect(view.approval).to.include({ status: 'approved', open: false });
    expect(view.approval?.outcome).to.contain('succeeded');
    expect(view.approval?.votes).to.have.length(1);
  });

  it('marks user lines and refusals', () => {
    const view = renderEntry(
      {
        id: 'm2',
        at: '2026-01-01T00:00:00.000Z',
        conversation: { platform: 'console', channel: 'ops' },
        message: { text: 'unknown command', error: { code: 'COMMAND_UNKNOWN' } },
        from: 'console:alice',
      },
      new Date(),
    );
    expect(view).to.include({ from: 'console:alice', error: 'COMMAND_UNKNOWN' });
    expect(view).not.to.have.property('approval');
    expect(view).not.to.have.property('thread');
  });

  it('words requirements without roles', () => {
    expect(whoMayApprove({ needed: 2, roles: [], distinctFromRequester: false })).to.equal(
      '2 approvals from anyone known',
    );
  });
});
