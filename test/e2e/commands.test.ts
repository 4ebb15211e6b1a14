import { expect } from 'chai';
import { alertmanagerPayload, startHarness, type Harness } from './harness.js';

/** The shared chat grammar, typed in the console exactly as in Slack or Matrix. */
describe('e2e: chat commands through the console', function () {
  let h: Harness;
  beforeEach(async () => (h = await startHarness()));
  afterEach(async () => h.close());

  const say = async (text: string, user = 'operator') => {
    const r = await h.api('POST', '/api/commands', { text }, user);
    return {
      status: r.status,
      text: (r.body.replies ?? []).map((m: any) => m.text).join('\n'),
      replies: r.body.replies ?? [],
    };
  };

  it('answers whoami, lists incidents and shows one with its steps and approval', async () => {
    expect((await say('!wk whoami', 'alice')).text).to.match(/console:alice .*roles: .*sre/);
    expect((await say('!wk incidents')).text).to.equal('No open incidents.');
    await h.api('POST', '/hooks/alertmanager', alertmanagerPayload('HighErrorRate', 'checkout-api'));
    await h.settle();
    const list = await say('!wk incidents');
    expect(list.text).to.match(/INC-1 \[critical\] HighErrorRate on checkout-api/);
    const detail = await say('!wk incident inc-1');
    expect(detail.text).to.match(/sandbox\.rollback .* awaiting_approval \[high\] approval A-[0-9A-Z]{6}/);
    const approvals = await say('!wk approvals');
    const id = /A-[0-9A-Z]{6}/.exec(approvals.text)?.[0];
    expect(id, approvals.text).to.be.a('string');

    const typed = await say(`!wk approve ${id!.toLowerCase()}`, 'alice');
    expect(typed.status).to.equal(200);
    expect(typed.text).to.include('approved by console:alice');
    expect(typed.text).to.match(/sandbox\.rollback succeeded/);
    expect((await say('!wk incidents')).text).to.equal('No open incidents.');
    expect((await say('!wk incidents all')).text).to.match(/mitigated INC-1/);
  });

  it('subscribes a channel with a filter, lists and removes subscriptions, and refuses a bad filter', async () => {
    const sub = await say('!wk subscribe severity>=error service=checkout*');
    expect(sub.text).to.equal(
      'Subscribed this channel to incidents matching: severity>=error service=checkout*',
    );
    expect((await say('!wk subscriptions')).text).to.include(
      'severity>=error service=checkout* (by console:operator)',
    );
    const bad = await say('!wk subscribe severity>=loud');
    expect(bad.status).to.equal(400);
    expect(bad.text).to.match(/bad severity "loud"/);
    expect((await say('!wk unsubscribe')).text).to.match(/Removed \d+ subscriptions?\./);
    expect((await say('!wk subscriptions')).text).to.equal('No subscriptions here.');
  });

  it('answers unknown commands, bad usage and free text clearly', async () => {
    const unknown = await say('!wk frobnicate now');
    expect(unknown.status).to.equal(400);
    expect(unknown.text).to.match(/unknown command "frobnicate"/);
    const usage = await say('!wk ops scale');
    expect(usage.status).to.equal(400);
    expect(usage.text).to.match(/usage: ops scale/);
    expect((await say('!wk ask why is checkout slow?')).text).to.match(/OPENAI_API_KEY/);
    expect((await say('!wk help ops')).text).to.match(/!wk ops rollback <service>/);
  });

  it('runs a read-only skill command alone and shows its result', async () => {
    const r = await say('!wk ops status payments-api');
    expect(r.status).to.equal(200);
    expect(r.text).to.match(/sandbox\.service_status succeeded .*payments-api/);
    expect(r.replies.some((m: any) => m.approval !== undefined)).to.equal(false);
  });

  it('rate-limits a principal that floods commands', async () => {
    let limited = 0;
    for (let i = 0; i < 65; i++) if ((await say('!wk whoami', 'flood')).status === 429) limited += 1;
    expect(limited).to.equal(5);
    expect((await say('!wk whoami', 'calm')).status).to.equal(200);
  });
});
