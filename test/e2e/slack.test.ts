import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config/index.js';
import { FakeSlack, type FakeMessage } from '../fakes/slack/fake-slack.js';
import { blockActionsForm, postToBot, slashCommandForm } from '../fakes/slack/sign.js';
import { silentLogger } from '../helpers/silent-logger.js';
import { alertmanagerPayload } from './harness.js';
import { waitFor } from './wait.js';

const SECRET = 'e2e-signing-secret';
const ROLES = `roles:
  sre: { members: ['slack:T0001:UREQ', 'slack:T0001:UALICE'] }
  oncall: { members: ['slack:T0001:UREQ'] }
  security: { members: [] }
  helpdesk: { members: [] }
  admin: { members: [] }
  bot: { members: ['watchkeeper'] }
allow:
  principals: ['slack:T0001:*']
  servers: []
deny:
  principals: []
`;

/** The whole app with Slack in HTTP mode against FakeSlack; Slack principals get roles from a test roles.yaml. */
async function startSlackApp(env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'wk-e2e-slack-'));
  const policies = join(dir, 'policies');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(policies);
  writeFileSync(join(policies, 'default.policy.yaml'), readFileSync('policies/default.policy.yaml'));
  writeFileSync(join(policies, 'roles.yaml'), ROLES);
  const fake = new FakeSlack();
  await fake.start();
  const config = loadConfig(
    {
      PORT: '0',
      LOG_LEVEL: 'silent',
      WATCHKEEPER_DATA_DIR: dir,
      WATCHKEEPER_POLICIES: policies,
      SLACK_BOT_TOKEN: fake.botToken,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fake.apiUrl,
      ...env,
    },
    process.cwd(),
  );
  const app: App = await createApp(config, {
    logger: silentLogger,
    expiryIntervalMs: 60_000,
    slack: {
      delivery: { minPostIntervalMs: 0, retryBaseMs: 1, retryMaxMs: 10 },
      socket: { clientPingTimeout: 30_000 },
    },
  });
  const { url } = await app.start();
  const slack = app.slack!;
  let n = 0;
  return {
    app,
    fake,
    url,
    settle: async () => {
      await app.pipeline.idle();
      await slack.idle();
    },
    async command(user: string, text: string, channel = 'C0OPS') {
      const id = `cmd-${++n}`;
      const body = slashCommandForm({
        channel,
        user,
        text,
        responseUrl: fake.responseUrl(id),
        triggerId: `t-${id}`,
      });
      const res = await postToBot(`${url}/slack/events`, body, { secret: SECRET });
      expect(res.status).to.equal(200);
      await slack.idle();
      return fake.responses.get(id) ?? [];
    },
    async click(user: string, prompt: FakeMessage, actionId: string, value?: string) {
      const id = `act-${++n}`;
      const button = prompt.blocks?.find((b: any) => b.type === 'actions')?.elements?.[0];
      const body = blockActionsForm({
        channel: prompt.channel,
        user,
        messageTs: prompt.ts,
        ...(prompt.thread_ts ? { threadTs: prompt.thread_ts } : {}),
        actionId,
        value: value ?? button.value,
        responseUrl: fake.responseUrl(id),
        triggerId: `t-${id}`,
      });
      const res = await postToBot(`${url}/slack/events`, body, { secret: SECRET });
      expect(res.status).to.equal(200);
      await slack.idle();
      return fake.responses.get(id) ?? [];
    },
    async close() {
      await app.stop();
      await fake.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

type Env = Awaited<ReturnType<typeof startSlackApp>>;
const promptIn = (fake: FakeSlack, channel: string) =>
  fake
    .channelMessages(channel)
    .find((m) => JSON.stringify(m.blocks ?? []).includes('wk_approve') || m.text.includes('Approval'));

describe('e2e: Slack (HTTP mode on the app port, real Bolt, fake Slack Web API)', function () {
  let e: Env;
  afterEach(async () => e?.close());

  it('/wk ops rollback → the thread anchor becomes the Block Kit prompt → refused self-approval and forged buttons → approval updates the prompt in place', async () => {
    e = await startSlackApp();
    await e.command('UREQ', 'ops rollback checkout-api');
    const posted = e.fake.callsOf('chat.postMessage').filter((c) => c.args['channel'] === 'C0OPS');
    expect(String(posted[0]?.args['text'])).to.include('ran `/wk ops rollback checkout-api`');
    const [anchor] = e.fake.channelMessages('C0OPS');
    const prompt = await waitFor('the approval prompt', async () => promptIn(e.fake, 'C0OPS'));
    expect(prompt.ts, 'the prompt replaced the anchor (one edit, no second post)').to.equal(anchor!.ts);
    expect(
      e.fake.calls.findIndex((c) => c.method === 'chat.update' && c.args['ts'] === anchor!.ts),
      'the prompt is the first thing shown after the anchor',
    ).to.be.lessThan(e.fake.calls.findIndex((c) => c === posted[1]));
    const early = e.fake
      .channelMessages('C0OPS')
      .filter((m) => m.thread_ts === anchor!.ts)
      .map((m) => m.text);
    expect(early[0], 'the plan follows in the thread').to.match(/^Plan \(playbook:operations\.rollback\)/);
    expect(early[1]).to.include('sandbox.recent_deploys succeeded');
    const blocks = JSON.stringify(prompt.blocks);
    for (const s of [
      'sandbox.rollback',
      'high',
      'high-risk-approve',
      'Dry-run preview',
      'not the requester',
      'wk_reject',
    ])
      expect(blocks).to.include(s);
    const approvalId = JSON.parse(prompt.blocks!.find((b: any) => b.type === 'actions').elements[0].value).a;

    const own = await e.click('UREQ', prompt, 'wk_approve');
    expect(own[0]).to.include({ response_type: 'ephemeral' });
    expect(own[0].text).to.match(/you requested this step/i);

    const value = JSON.parse(prompt.blocks!.find((b: any) => b.type === 'actions').elements[0].value);
    const forgedToken = await e.click(
      'UALICE',
      prompt,
      'wk_approve',
      JSON.stringify({ a: value.a, t: 'f'.repeat(64) }),
    );
    const forgedId = await e.click(
      'UALICE',
      prompt,
      'wk_approve',
      JSON.stringify({ a: 'A-000000', t: value.t }),
    );
    const garbage = await e.click('UALICE', prompt, 'wk_approve', 'not-json');
    for (const r of [forgedToken, forgedId, garbage]) expect(r[0]).to.include({ response_type: 'ephemeral' });
    const pending = e.app.store.approvals.get(approvalId);
    expect(pending?.status).to.equal('pending');

    await e.click('UALICE', prompt, 'wk_approve');
    await e.settle();
    expect(e.app.store.approvals.get(approvalId)?.status).to.equal('approved');
    const updated = e.fake.channelMessages('C0OPS').find((m) => m.ts === prompt.ts)!;
    expect(updated.edits).to.be.greaterThan(0);
    const after = JSON.stringify(updated.blocks);
    expect(after).to.not.include('wk_approve');
    expect(after).to.include('<@UALICE> approved').and.include('Outcome');
    const updates = e.fake.callsOf('chat.update').filter((c) => c.args['ts'] === prompt.ts);
    expect(updates.length).to.be.greaterThan(0);
    const thread = e.fake
      .channelMessages('C0OPS')
      .filter((m) => m.thread_ts === anchor!.ts)
      .map((m) => m.text);
    expect(thread.some((t) => t.includes('sandbox.rollback succeeded'))).to.equal(true);
    expect((await e.command('UREQ', 'whoami'))[0]).to.include({ response_type: 'ephemeral' });
  });

  it('an alert group in a subscribed channel is one message plus thread updates; unknown commands get an ephemeral error', async () => {
    e = await startSlackApp();
    const sub = await e.command('UREQ', 'subscribe service=checkout-api', 'C0ALERTS');
    expect(sub[0].text).to.include('Subscribed');
    expect((await e.command('UREQ', 'subscriptions', 'C0ALERTS'))[0].text).to.include('service=checkout-api');
    const bad = await e.command('UREQ', 'frobnicate now');
    expect(bad.at(-1)).to.include({ response_type: 'ephemeral' });
    for (const name of ['HighErrorRate', 'HighErrorRate', 'HighErrorRate']) {
      const res = await fetch(`${e.url}/hooks/alertmanager`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(alertmanagerPayload(name, 'checkout-api')),
      });
      expect(res.status).to.equal(202);
    }
    await e.settle();
    const top = e.fake.channelMessages('C0ALERTS').filter((m) => m.thread_ts === undefined);
    const bot = top.filter((m) => m.text.includes('checkout-api') && m.text.includes('signal'));
    expect(bot, 'one incident message').to.have.length(1);
    const threaded = e.fake.channelMessages('C0ALERTS').filter((m) => m.thread_ts === bot[0]!.ts);
    expect(threaded.length, 'plan and approval prompt in the incident thread').to.be.greaterThan(1);
    await waitFor(
      'the incident message to be updated',
      async () => (bot[0]!.edits > 0 ? true : undefined),
      5000,
    );
    expect((await e.command('UREQ', 'unsubscribe', 'C0ALERTS'))[0].text).to.include('Removed 1');
  });

  it('/readyz shows Slack errors that make the adapter unhealthy', async () => {
    e = await startSlackApp();
    expect((await fetch(`${e.url}/readyz`)).status).to.equal(200);
    e.fake.missingChannels.add('C0GONE');
    await e.app.slack!.post({ platform: 'slack', channel: 'C0GONE' }, { text: 'x' }).catch(() => undefined);
    const res = await fetch(`${e.url}/readyz`);
    expect(res.status).to.equal(503);
    expect(await res.json()).to.deep.equal({
      status: 'degraded',
      checks: { slack: { ok: false, detail: 'channel_not_found (C0GONE)' } },
    });
  });
});
