import { expect } from 'chai';
import { buildWkCommand, renderMessage } from '../../../../../adapters/chat/discord/index.js';
import type { ApprovalPrompt } from '../../../../../src/core/index.js';

const prompt: ApprovalPrompt = {
  approvalId: 'A-7K2M9Q',
  token: 'Zm9yZ2VkLWJ1dC13ZWxsLWZvcm1lZC10b2tlbi0wMDAwMDA',
  incidentId: 'INC-1',
  runId: 'R-1',
  tool: 'sandbox.rollback',
  input: { service: 'checkout-api' },
  rationale: 'error rate after deploy',
  risk: 'high',
  rule: 'high-risk-approve',
  reason: 'production write',
  preview: 'would roll back to v41',
  requester: 'discord:111',
  needed: 1,
  roles: ['sre'],
  distinctFromRequester: true,
  expiresAt: '2026-11-25T11:00:00.000Z',
  status: 'pending',
  votes: [],
};
const now = new Date('2026-11-25T10:00:00.000Z');

describe('discord render', () => {
  it('renders a pending prompt as an embed with Approve / Reject carrying id + token, never the step', () => {
    const m = renderMessage({ text: 'x', approval: prompt }, now);
    const json = JSON.stringify(m.embeds);
    for (const s of ['sandbox.rollback', 'high-risk-approve', 'Dry-run preview', 'not the requester', '<t:'])
      expect(json).to.include(s);
    const buttons = (m.components?.[0] as any).components;
    expect(buttons.map((b: any) => b.custom_id)).to.deep.equal([
      `wk:a:A-7K2M9Q:${prompt.token}`,
      `wk:r:A-7K2M9Q:${prompt.token}`,
    ]);
    expect(m.allowed_mentions.parse).to.deep.equal([]);
  });

  it('removes the buttons of decided and lapsed prompts and shows votes and the outcome', () => {
    const decided = renderMessage(
      {
        text: 'x',
        approval: {
          ...prompt,
          status: 'approved',
          outcome: 'ran',
          votes: [{ principal: 'discord:222', decision: 'approve', accepted: true }],
        },
      },
      now,
    );
    expect(decided.components).to.deep.equal([]);
    expect(JSON.stringify(decided.embeds)).to.include('<@222> approved').and.include('ran');
    const lapsed = renderMessage({ text: 'x', approval: prompt }, new Date('2026-11-25T12:00:00.000Z'));
    expect(lapsed.components).to.deep.equal([]);
    expect(lapsed.content).to.match(/^Expired/);
  });

  it('truncates content to Discord’s 2000 characters', () => {
    expect(renderMessage({ text: 'a'.repeat(5000) }, now).content).to.have.length(2000);
  });

  it('builds /wk within Discord’s limits from the skills’ command specs', () => {
    const specs = Array.from({ length: 30 }, (_, n) => ({
      name: `c${n}`,
      usage: '<x>',
      description: 'd'.repeat(150),
      minArgs: n % 2,
    }));
    const wk = buildWkCommand([{ id: 'operations', aliases: ['ops'], commands: specs }]);
    expect(wk.name).to.equal('wk');
    const ops = wk.options!.find((o) => o.name === 'ops') as any;
    expect(ops.type).to.equal(2);
    expect(ops.options).to.have.length(25);
    expect(ops.options[0].description.length).to.be.at.most(100);
    expect(ops.options[1].options[0]).to.include({ name: 'args', required: true });
    expect(wk.options!.length).to.be.at.most(25);
  });
});
