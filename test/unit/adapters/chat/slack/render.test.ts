import { expect } from 'chai';
import {
  buttonValue,
  escapeText,
  renderApprovalBlocks,
  renderMessage,
} from '../../../../../adapters/chat/slack/index.js';
import type { ApprovalPrompt } from '../../../../../src/core/index.js';

const prompt: ApprovalPrompt = {
  approvalId: 'A-ABC123',
  token: 'hmac-token',
  incidentId: 'INC-1',
  runId: 'run-1',
  tool: 'sandbox.rollback',
  input: { service: 'checkout-api' },
  rationale: 'roll back the bad deploy',
  risk: 'high',
  rule: 'default.policy.yaml#high-risk-approve',
  reason: 'production write',
  preview: 'checkout-api: v42 → v41',
  requester: 'slack:T1:UREQ',
  needed: 1,
  roles: ['sre', 'oncall'],
  distinctFromRequester: true,
  expiresAt: '2999-01-01T00:00:00.000Z',
  status: 'pending',
  votes: [],
};
const now = new Date('2026-01-01T00:00:00.000Z');
const json = (v: unknown): string => JSON.stringify(v);

describe('slack rendering (Block Kit)', () => {
  it('a pending prompt shows step, risk, rule, reason, preview, who may approve, expiry and two buttons', () => {
    const blocks = renderApprovalBlocks(prompt, now);
    const all = json(blocks);
    for (const s of [
      'sandbox.rollback',
      'high',
      'default.policy.yaml#high-risk-approve',
      'production write',
      'checkout-api: v42 → v41',
      '1 approval from sre or oncall, not the requester',
      '<!date^32472144000^',
      '<@UREQ>',
      'Still needed: 1 approval',
    ])
      expect(all).to.include(s);
    const actions = blocks.find((b) => b['type'] === 'actions') as any;
    expect(actions.elements.map((e: any) => e.action_id)).to.deep.equal(['wk_approve', 'wk_reject']);
    expect(JSON.parse(actions.elements[0].value)).to.deep.equal({ a: 'A-ABC123', t: 'hmac-token' });
    expect(actions.elements[0].value).to.equal(buttonValue(prompt));
  });

  it('votes are listed; a decided prompt loses its buttons and shows the outcome', () => {
    const decided: ApprovalPrompt = {
      ...prompt,
      status: 'approved',
      outcome: 'approved; step ran',
      votes: [
        {
          principal: 'slack:T1:UREQ',
          decision: 'approve',
          accepted: false,
          reason: 'the requester cannot approve',
        },
        { principal: 'slack:T1:UALICE', decision: 'approve', accepted: true },
      ],
    };
    const blocks = renderApprovalBlocks(decided, now);
    expect(blocks.some((b) => b['type'] === 'actions')).to.equal(false);
    const all = json(blocks);
    expect(all).to.include('<@UALICE> approved').and.include('refused: the requester cannot approve');
    expect(all).to.include('approved; step ran').and.include('*Approved*');
  });

  it('a pending prompt past its expiry renders as expired without buttons', () => {
    const blocks = renderApprovalBlocks({ ...prompt, expiresAt: '2025-01-01T00:00:00.000Z' }, now);
    expect(blocks.some((b) => b['type'] === 'actions')).to.equal(false);
    expect(json(blocks)).to.include('Expired').and.include('expired without a decision');
  });

  it('plain messages are escaped text without blocks; approval messages keep the text fallback', () => {
    expect(renderMessage({ text: 'a <!channel> & b' }, now)).to.deep.equal({
      text: 'a &lt;!channel&gt; &amp; b',
    });
    const m = renderMessage({ text: 'approve?', approval: prompt }, now);
    expect(m.text).to.equal('approve?');
    expect(m.blocks).to.have.length.greaterThan(3);
    expect(escapeText('<@U1>')).to.equal('&lt;@U1&gt;');
  });
});
