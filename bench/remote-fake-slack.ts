/**
 * The fake Slack Web API of B2/B3 in its own process (bench/fake-slack-process.ts), seen from the
 * bench: its URLs, and snapshots of what it recorded (call arrival times as epoch ms).
 */
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FakeMessage, SlackCall } from '../test/fakes/slack/fake-slack.js';
import { spawnTracked, stopGracefully } from './processes.js';
import { REPO_ROOT } from './spawn-watchkeeper.js';

/** What the fake Slack recorded; `at` of each call is epoch ms. */
export class SlackSnapshot {
  constructor(
    readonly calls: readonly SlackCall[],
    readonly messages: readonly FakeMessage[],
    readonly responses: number,
  ) {}

  callsOf(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method && c.status === 200);
  }

  channelMessages(channel: string): FakeMessage[] {
    return this.messages.filter((m) => m.ephemeral === undefined && m.channel === channel);
  }
}

/** The fake Slack in its own process (bench/fake-slack-process.ts). */
export interface RemoteFakeSlack {
  readonly apiUrl: string;
  readonly botToken: string;
  responseUrl(id: string): string;
  snapshot(): Promise<SlackSnapshot>;
  stop(): Promise<void>;
}

export async function startFakeSlack(): Promise<RemoteFakeSlack> {
  const proc = spawnTracked(
    process.execPath,
    ['--import', 'tsx', join(REPO_ROOT, 'bench', 'fake-slack-process.ts')],
    { cwd: REPO_ROOT, env: process.env },
  );
  let out = '';
  const ready = new Promise<{ url: string; apiUrl: string; botToken: string; control: string }>(
    (resolve, reject) => {
      proc.child.stdout?.on('data', (c: Buffer) => {
        out += c.toString('utf8');
        const line = out.split('\n').find((l) => l.startsWith('FAKE_SLACK '));
        if (line !== undefined) resolve(JSON.parse(line.slice('FAKE_SLACK '.length)));
      });
      void proc.exited.then((code) =>
        reject(new Error(`fake Slack exited (${String(code)}):\n${proc.output()}`)),
      );
    },
  );
  const info = await Promise.race([
    ready,
    sleep(30_000).then(() => {
      throw new Error(`fake Slack did not start:\n${proc.output()}`);
    }),
  ]);
  return {
    apiUrl: info.apiUrl,
    botToken: info.botToken,
    responseUrl: (id) => `${info.url}/response/${id}`,
    async snapshot() {
      const res = await fetch(`${info.control}/snapshot`);
      const body = (await res.json()) as { calls: SlackCall[]; messages: FakeMessage[]; responses: number };
      return new SlackSnapshot(body.calls, body.messages, body.responses);
    },
    async stop() {
      await stopGracefully(proc, 5_000);
    },
  };
}
