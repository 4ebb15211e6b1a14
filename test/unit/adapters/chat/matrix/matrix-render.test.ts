import { expect } from 'chai';
import {
  commandText,
  defuse,
  escapeHtml,
  reactionDecision,
  renderMessage,
} from '../../../../../adapters/chat/matrix/index.js';
import type { ApprovalPrompt } from '../../../../../src/core/index.js';

const prompt: ApprovalPrompt = {
  approvalId: 'A-ABC123',
  token: 't'.repeat(64),
  runId: 'R-1',
  tool: 'sandbox.rollback',
  input: { service: '<b>checkout</b>' },
  rationale: 'roll back @room',
  risk: 'high',
  rule: 'high-risk-approve',
  reason: 'needs approval',
  preview: 'would roll back <script>',
  requester: 'matrix:@req:fake.test',
  needed: 1,
  roles: ['sre'],
  distinctFromRequester: true,
  expiresAt: '2999-01-01T00:00:00.000Z',
  status: 'pending',
  votes: [
    { principal: 'matrix:@req:fake.test', decision: 'approve', accepted: false, reason: 'SELF_APPROVAL' },
  ],
};

describe('Matrix rendering and inbound parsing', () => {
  it('renders a notice with plain body, escaped HTML and no mentions', () => {
    const c = renderMessage({ text: 'hi <a href="x">@room</a> & "you"\nline 2' }, new Date());
    expect(c).to.include({ msgtype: 'm.notice', format: 'org.matrix.custom.html' });
    expect(c['m.mentions']).to.deep.equal({});
    expect(c.body).to.not.include('@room');
    expect(c.formatted_body).to.equal(
      '<p>hi &lt;a href=&quot;x&quot;&gt;@\u2060room&lt;/a&gt; &amp; &quot;you&quot;<br>line 2</p>',
    );
  });

  it('renders an approval prompt that says how to vote, then the outcome once decided', () => {
    const open = renderMessage({ text: 'x', approval: prompt }, new Date());
    for (const s of [
      'Approval needed',
      'React ✅ to approve or ❌ to reject',
      '!wk approve A-ABC123',
      'not the requester',
      'Still needed: 1 approval',
      'refused: SELF_APPROVAL',
    ])
      expect(open.body).to.include(s);
    expect(open.formatted_body).to.include('&lt;b&gt;checkout').and.include('&lt;script&gt;');
    expect(open.formatted_body).to.not.include('<script>');
    expect(open.body).to.not.include('@room');
    const done = renderMessage(
      {
        text: 'x',
        approval: { ...prompt, status: 'approved', outcome: 'approved by matrix:@alice:fake.test' },
      },
      new Date(),
    );
    expect(done.body).to.include('Approved').and.include('Outcome: approved by').and.not.include('React ✅');
    const lapsed = renderMessage(
      { text: 'x', approval: { ...prompt, expiresAt: '2000-01-01T00:00:00Z' } },
      new Date(),
    );
    expect(lapsed.body).to.include('Expired');
  });

  it('parses !wk commands and vote reactions', () => {
    expect(commandText('!wk ops rollback checkout-api')).to.equal('ops rollback checkout-api');
    expect(commandText('  !WK   help  ')).to.equal('help');
    expect(commandText('!wk')).to.equal('help');
    expect(commandText('!wkx')).to.equal(undefined);
    expect(commandText('hello !wk help')).to.equal(undefined);
    expect(reactionDecision('✅')).to.equal('approve');
    expect(reactionDecision('✔️')).to.equal('approve');
    expect(reactionDecision('❌')).to.equal('reject');
    expect(reactionDecision('🎉')).to.equal(undefined);
    expect(escapeHtml("<'>")).to.equal('&lt;&#39;&gt;');
    expect(defuse('@ROOM @room')).to.not.match(/@room/i);
  });
});
