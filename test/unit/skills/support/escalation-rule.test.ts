import { expect } from 'chai';
import { escalationDecision, shouldEscalate } from '../../../../skills/support/escalation-rule.js';

describe('shouldEscalate (support escalation rule)', () => {
  it('escalates an urgent priority whatever the text says', () => {
    expect(escalationDecision({ title: 'typo', body: '', priority: 'urgent' })).to.deep.equal({
      escalate: true,
      reasons: ['priority urgent'],
    });
    expect(shouldEscalate({ title: 'typo', body: '', priority: 'Blocker' })).to.equal(true);
  });

  it('escalates on a severe signal in the title, or data loss in the body, with the reasons', () => {
    expect(escalationDecision({ title: 'NameNode crashes on restart', body: '' })).to.deep.equal({
      escalate: true,
      reasons: ['crash'],
    });
    const lost = escalationDecision({
      title: 'Odd block report',
      body: 'After the upgrade we lost data on two nodes: data loss.',
    });
    expect(lost.escalate).to.equal(true);
    expect(lost.reasons).to.include('data loss');
  });

  it('does not escalate an ordinary request, nor a single mild signal in the body', () => {
    expect(
      shouldEscalate({ title: 'Add a flag to the CLI', body: 'It would be nice.', priority: 'normal' }),
    ).to.equal(false);
    expect(
      shouldEscalate({ title: 'Log message is confusing', body: 'It mentions an NPE that was handled.' }),
    ).to.equal(false);
    expect(escalationDecision({ title: 'Docs', body: 'nothing' }).reasons).to.deep.equal([]);
  });
});
