import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';
import {
  commandInteraction,
  interactionKeys,
  postInteraction,
  runOptions,
} from '../fakes/discord/interactions.js';
import { FakeSlack } from '../fakes/slack/fake-slack.js';
import { blockActionsForm, postToBot, slashCommandForm, slackSignature } from '../fakes/slack/sign.js';
import { alertmanagerPayload, startHarness, type Harness } from '../e2e/harness.js';
import { expectUnharmed, facts } from './support.js';

const SLACK_SECRET = 'adversarial-slack-signing-secret';
const GITHUB_SECRET = 'adversarial-github-webhook-secret';
const HOOK_TOKEN = 'adversarial-hook-bearer-token-0123456789';

/**
 * Every signed or token-guarded endpoint refuses forged, replayed and wrong-key requests with 401, and
 * nothing behind it runs: no run, no inbox row, no vote; the audit chain still verifies.
 */
describe('adversarial: forged, replayed and wrong-key requests on signed endpoints', function () {
  this.timeout(30_000);
  let root: string;
  let h: Harness;
  let slack: FakeSlack;
  let discord: FakeDiscord;
  const keys = interactionKeys();
  const stranger = interactionKeys();

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'wk-adv-sig-'));
    slack = new FakeSlack();
    await slack.start();
    discord = new FakeDiscord();
    await discord.start();
    h = await startHarness({
      dir: root,
      env: {
        SLACK_BOT_TOKEN: slack.botToken,
        SLACK_SIGNING_SECRET: SLACK_SECRET,
        SLACK_API_URL: slack.apiUrl,
        DISCORD_TOKEN: discord.token,
        DISCORD_APPLICATION_ID: discord.applicationId,
        DISCORD_GUILD_ID: discord.guildId,
        DISCORD_API_URL: discord.apiUrl,
        DISCORD_PUBLIC_KEY: keys.publicKeyHex,
        GITHUB_WEBHOOK_SECRET: GITHUB_SECRET,
        WATCHKEEPER_HOOK_TOKEN: HOOK_TOKEN,
      },
    });
  });
  after(async () => {
    await h.close();
    await slack.stop();
    await discord.stop();
    rmSync(root, { recursive: true, force: true });
  });

  const now = () => Math.floor(Date.now() / 1000);

  describe('Slack request signing (v0 HMAC)', () => {
    const command = () =>
      slashCommandForm({
        channel: 'C0OPS',
        user: 'UREQ',
        text: 'ops rollback checkout-api',
        responseUrl: slack.responseUrl('x'),
        triggerId: 't-x',
      });
    const cases: [string, (body: string) => Parameters<typeof postToBot>[2]][] = [
      ['forged signature', () => ({ secret: SLACK_SECRET, signature: `v0=${'0'.repeat(64)}` })],
      [
        'replayed: valid signature, timestamp 10 minutes old',
        () => ({ secret: SLACK_SECRET, timestamp: now() - 600 }),
      ],
      ['signed with the wrong key', () => ({ secret: 'not-the-signing-secret' })],
      [
        'signature of another body',
        () => ({ secret: SLACK_SECRET, signature: slackSignature(SLACK_SECRET, now(), 'text=help') }),
      ],
    ];
    for (const [name, options] of cases) {
      it(`slash command, ${name} → 401, nothing runs`, async () => {
        const before = facts(h.app.config.dbPath);
        const body = command();
        const res = await postToBot(`${h.url}/slack/events`, body, options(body));
        expect(res.status).to.equal(401);
        expect(facts(h.app.config.dbPath).runs).to.equal(before.runs);
        expectUnharmed(h, before, name);
      });
    }

    it('control: the same command correctly signed is accepted', async () => {
      expect((await postToBot(`${h.url}/slack/events`, command(), { secret: SLACK_SECRET })).status).to.equal(
        200,
      );
    });

    it('`2fa enrol` is answered ephemerally to the caller only, never into the channel', async () => {
      const body = slashCommandForm({
        channel: 'C0OPS',
        user: 'UALICE',
        text: '2fa enrol',
        responseUrl: slack.responseUrl('enrol'),
        triggerId: 't-enrol',
      });
      expect((await postToBot(`${h.url}/slack/events`, body, { secret: SLACK_SECRET })).status).to.equal(200);
      await h.app.slack!.idle();
      const reply = slack.responses.get('enrol')?.[0];
      expect(reply?.response_type).to.equal('ephemeral');
      const secret = /secret: ([A-Z2-7]+)/.exec(String(reply?.text))?.[1];
      expect(secret, JSON.stringify(reply)).to.be.a('string');
      expect(JSON.stringify(slack.channelMessages())).to.not.include(secret!);
      expect(JSON.stringify(h.app.ledger.after(0, 100_000))).to.not.include(secret!);
    });

    it('a platform without private replies (Matrix) refuses enrolment instead of posting the secret', async () => {
      const replies = await h.app.gateway.sink({
        kind: 'command',
        id: 'm-1',
        platform: 'matrix',
        principal: 'matrix:@ana:example.org',
        conversation: { platform: 'matrix', channel: '!room:example.org' },
        receivedAt: new Date().toISOString(),
        text: '2fa enrol',
      });
      expect(replies[0]?.error?.code).to.equal('COMMAND_INVALID');
      expect(replies[0]?.text).to.not.match(/otpauth|secret:/);
    });

    it('an approve button with a forged signature records no vote', async () => {
      const before = facts(h.app.config.dbPath);
      const body = blockActionsForm({
        channel: 'C0OPS',
        user: 'UALICE',
        messageTs: '1.1',
        actionId: 'wk_approve',
        value: 'A-AAAAAA:token',
        responseUrl: slack.responseUrl('y'),
        triggerId: 't-y',
      });
      const res = await postToBot(`${h.url}/slack/events`, body, { secret: 'wrong' });
      expect(res.status).to.equal(401);
      expect(facts(h.app.config.dbPath).votesAccepted).to.equal(before.votesAccepted);
      expectUnharmed(h, before, 'forged button');
    });
  });

  describe('Discord interactions (Ed25519)', () => {
    const interaction = () =>
      commandInteraction(
        discord,
        { id: '80351110224678912' },
        { channel: '41771983423143937' },
        runOptions('ops rollback checkout-api'),
      );
    const cases: [string, () => Promise<{ status: number }>][] = [
      [
        'tampered signature',
        () =>
          postInteraction(`${h.url}/discord/interactions`, interaction(), keys.privateKey, { tamper: true }),
      ],
      [
        'replayed: timestamp 10 minutes old',
        () =>
          postInteraction(`${h.url}/discord/interactions`, interaction(), keys.privateKey, {
            timestamp: now() - 600,
          }),
      ],
      [
        'signed with another application key',
        () => postInteraction(`${h.url}/discord/interactions`, interaction(), stranger.privateKey),
      ],
    ];
    for (const [name, send] of cases) {
      it(`${name} → 401, nothing runs`, async () => {
        const before = facts(h.app.config.dbPath);
        expect((await send()).status).to.equal(401);
        expectUnharmed(h, before, name);
      });
    }
    it('control: a correctly signed PING is answered', async () => {
      const ping = { id: '1', application_id: discord.applicationId, type: 1, token: 't', version: 1 };
      expect((await postInteraction(`${h.url}/discord/interactions`, ping, keys.privateKey)).status).to.equal(
        200,
      );
    });
  });

  describe('GitHub webhooks (X-Hub-Signature-256)', () => {
    const body = JSON.stringify({
      action: 'opened',
      issue: { number: 1, title: 'x', body: 'y' },
      repository: { full_name: 'o/r' },
    });
    const post = (signature: string | undefined, raw = body) =>
      fetch(`${h.url}/hooks/github`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-github-event': 'issues',
          'x-github-delivery': 'd-1',
          ...(signature === undefined ? {} : { 'x-hub-signature-256': signature }),
        },
        body: raw,
      });
    const sig = (secret: string, raw: string) =>
      `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;
    const cases: [string, () => Promise<Response>][] = [
      ['no signature', () => post(undefined)],
      ['signed with the wrong secret', () => post(sig('wrong-secret', body))],
      [
        'signature of another body (tampered payload)',
        () => post(sig(GITHUB_SECRET, body), body.replace('"x"', '"pwned"')),
      ],
      [
        'sha1 header form instead of sha256',
        () => post(`sha1=${createHmac('sha1', GITHUB_SECRET).update(body).digest('hex')}`),
      ],
    ];
    for (const [name, send] of cases) {
      it(`${name} → 401, nothing stored`, async () => {
        const before = facts(h.app.config.dbPath);
        expect((await send()).status).to.equal(401);
        expectUnharmed(h, before, name);
        expect(facts(h.app.config.dbPath).inbox).to.equal(before.inbox);
      });
    }
    it('control: the correctly signed delivery passes the signature check', async () => {
      // The payload is minimal, so it may fail validation (400) — but never authentication.
      expect((await post(sig(GITHUB_SECRET, body))).status).to.not.equal(401);
    });
  });

  describe('hooks with a bearer token', () => {
    const post = (authorization?: string) =>
      fetch(`${h.url}/hooks/alertmanager`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(authorization === undefined ? {} : { authorization }),
        },
        body: JSON.stringify(alertmanagerPayload('HighErrorRate', 'checkout-api')),
      });
    const cases: [string, string | undefined][] = [
      ['no token', undefined],
      ['wrong token', 'Bearer adversarial-hook-bearer-token-XXXXXXXXXX'],
      ['token prefix only', `Bearer ${HOOK_TOKEN.slice(0, 20)}`],
      ['token in another scheme', `Basic ${Buffer.from(`x:${HOOK_TOKEN}`).toString('base64')}`],
    ];
    for (const [name, auth] of cases) {
      it(`${name} → 401, nothing stored`, async () => {
        const before = facts(h.app.config.dbPath);
        expect((await post(auth)).status).to.equal(401);
        expect(facts(h.app.config.dbPath).inbox).to.equal(before.inbox);
        expectUnharmed(h, before, name);
      });
    }
    it('the right token is accepted (the cases above fail for their forgery, not for a broken route)', async () => {
      expect((await post(`Bearer ${HOOK_TOKEN}`)).status).to.equal(202);
    });
  });
});
