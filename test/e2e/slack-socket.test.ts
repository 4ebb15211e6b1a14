import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config/index.js';
import { FakeSlack } from '../fakes/slack/fake-slack.js';
import { silentLogger } from '../helpers/silent-logger.js';

describe('e2e: Slack in Socket Mode (fake Socket Mode WebSocket server)', function () {
  let app: App | undefined;
  let fake: FakeSlack | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await app?.stop();
    await fake?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('connects with the app token, acks envelopes and answers slash commands and clicks', async () => {
    fake = new FakeSlack();
    await fake.start();
    dir = mkdtempSync(join(tmpdir(), 'wk-e2e-socket-'));
    const config = loadConfig(
      {
        PORT: '0',
        LOG_LEVEL: 'silent',
        WATCHKEEPER_DATA_DIR: dir,
        SLACK_BOT_TOKEN: fake.botToken,
        SLACK_APP_TOKEN: fake.appToken,
        SLACK_API_URL: fake.apiUrl,
      },
      process.cwd(),
    );
    app = await createApp(config, {
      logger: silentLogger,
      slack: { delivery: { minPostIntervalMs: 0, retryBaseMs: 1 } },
    });
    const { url } = await app.start();
    await fake.socket.connected();
    expect(fake.callsOf('apps.connections.open')[0]?.token).to.equal(fake.appToken);
    expect(app.slack?.mode).to.equal('socket');
    expect((await fetch(`${url}/slack/events`, { method: 'POST' })).status).to.equal(404); // no HTTP route in Socket Mode

    const ack = await fake.socket.send('slash_commands', {
      team_id: 'T0001',
      channel_id: 'C0OPS',
      user_id: 'UBOB',
      user_name: 'bob',
      command: '/wk',
      text: 'whoami',
      response_url: fake.responseUrl('socket-1'),
      trigger_id: 'socket-trigger-1',
    });
    expect(ack.envelope_id).to.be.a('string');
    await app.slack!.idle();
    const [reply] = fake.responses.get('socket-1') ?? [];
    expect(reply).to.include({ response_type: 'ephemeral' });
    expect(reply.text).to.include('slack:T0001:UBOB');

    const click = await fake.socket.send('interactive', {
      type: 'block_actions',
      team: { id: 'T0001', domain: 'example' },
      user: { id: 'UBOB', username: 'bob', team_id: 'T0001' },
      container: { type: 'message', message_ts: '1.000001', channel_id: 'C0OPS' },
      channel: { id: 'C0OPS', name: 'ops' },
      message: { ts: '1.000001', text: 'prompt' },
      trigger_id: 'socket-trigger-2',
      response_url: fake.responseUrl('socket-2'),
      actions: [
        { action_id: 'wk_approve', type: 'button', value: JSON.stringify({ a: 'A-NOPE00', t: 'x' }) },
      ],
    });
    expect(click.envelope_id).to.be.a('string');
    await app.slack!.idle();
    expect(fake.responses.get('socket-2')?.[0]).to.include({ response_type: 'ephemeral' });
  });
});
