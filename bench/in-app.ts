/**
 * B2 (alert storm) and B3 (Slack command path): the whole app in this process, as the e2e harness
 * starts it (`createApp(loadConfig(…))`, temp data dir, silent logs), with Slack in HTTP mode pointed
 * at the fake Slack Web API on 127.0.0.1 and the adapter's real pacing (1 post/s per channel). The fake
 * runs in its own process (bench/fake-slack-process.ts), like a remote Slack; load comes from
 * bench/paced-sender.ts in another; the figures are read from the fake's recorded calls (fetched as
 * a snapshot, arrival times as epoch ms) and from the app's store.
 */
import Database from 'better-sqlite3';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config/index.js';
import type { SlackCall } from '../test/fakes/slack/fake-slack.js';
import { startFakeSlack, type RemoteFakeSlack, type SlackSnapshot } from './remote-fake-slack.js';
import { silentLogger } from '../test/helpers/silent-logger.js';
import type { SenderOptions, SenderResult } from './paced-sender.js';
import { spawnTracked, tempDir } from './processes.js';
import { REPO_ROOT } from './spawn-watchkeeper.js';

const SECRET = 'bench-signing-secret';
const ROLES = `roles:
  sre: { members: ['slack:T0001:UREQ'] }
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

interface BenchApp {
  readonly app: App;
  readonly fake: RemoteFakeSlack;
  readonly url: string;
  readonly dbPath: string;
  close(): Promise<void>;
}

async function startSlackApp(): Promise<BenchApp> {
  const dir = tempDir('slack');
  const policies = join(dir, 'policies');
  mkdirSync(policies);
  copyFileSync(join(REPO_ROOT, 'policies', 'default.policy.yaml'), join(policies, 'default.policy.yaml'));
  writeFileSync(join(policies, 'roles.yaml'), ROLES);
  const fake = await startFakeSlack();
  const config = loadConfig(
    {
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'silent',
      WATCHKEEPER_DATA_DIR: dir,
      WATCHKEEPER_POLICIES: policies,
      SLACK_BOT_TOKEN: fake.botToken,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fake.apiUrl,
    },
    REPO_ROOT,
  );
  // no `slack.delivery` override: the adapter's own 1 post/s per channel pacing and back-off
  const app = await createApp(config, { logger: silentLogger, expiryIntervalMs: 60_000 });
  const { url } = await app.start();
  return {
    app,
    fake,
    url,
    dbPath: config.dbPath,
    async close() {
      await Promise.race([app.stop(), sleep(30_000)]);
      await fake.stop();
    },
  };
}

/** Runs the paced sender in its own process; bounded by the sender's own limits plus a margin. */
async function runSender(o: SenderOptions): Promise<SenderResult> {
  const proc = spawnTracked(
    process.execPath,
    ['--import', 'tsx', join(REPO_ROOT, 'bench', 'paced-sender.ts'), JSON.stringify(o)],
    { cwd: REPO_ROOT, env: process.env },
  );
  let out = '';
  proc.child.stdout?.on('data', (c: Buffer) => (out += c.toString('utf8')));
  const limit = o.durationMs + o.drainMs + 30_000;
  const exit = await Promise.race([proc.exited, sleep(limit).then(() => 'timeout' as const)]);
  if (exit === 'timeout') proc.child.kill('SIGKILL');
  const line = out.split('\n').find((l) => l.startsWith('BENCH_JSON '));
  if (exit !== 0 || line === undefined)
    throw new Error(`paced sender failed (exit ${String(exit)}):\n${proc.output()}`);
  return JSON.parse(line.slice('BENCH_JSON '.length)) as SenderResult;
}

/** Waits for `work` at most `ms`; true when it finished. */
async function within(work: Promise<unknown>, ms: number): Promise<boolean> {
  return Promise.race([work.then(() => true), sleep(ms).then(() => false)]);
}

/** Most events inside any window of `windowMs` (sliding, half-open). */
function maxInWindow(times: readonly number[], windowMs: number): number {
  const t = [...times].sort((a, b) => a - b);
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < t.length; hi++) {
    while (t[hi]! - t[lo]! >= windowMs) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

const posts = (fake: SlackSnapshot): SlackCall[] => fake.callsOf('chat.postMessage');

export interface StormFigures {
  readonly alerts: number;
  readonly seconds: number;
  readonly groups: number;
  readonly sender: SenderResult;
  /** Whether folding and the Slack outbox caught up within the settle limit, and how long it took. */
  readonly settled: boolean;
  readonly settleMs: number;
  readonly settleLimitMs: number;
  readonly outboxPending: number;
  readonly inboxRows: number;
  readonly unprocessedRows: number;
  readonly incidents: number;
  readonly perGroup: readonly {
    readonly groupKey: string;
    readonly incidents: string[];
    readonly signals: number;
    readonly topLevelMessages: number;
    readonly updates: number;
    readonly maxUpdatesIn10s: number;
    readonly plannerCalls: number;
  }[];
  readonly maxTopLevelPerGroup: number;
  readonly maxUpdatesPerGroupPer10s: number;
  readonly minPlannerCallsPerGroup: number;
  readonly maxPlannerCallsPerGroup: number;
  /** chat.postMessage calls per channel in any 1 s window (the pacing target). */
  readonly maxPostsPerChannelPerSecond: number;
  /** Posts plus edits per channel in any 1 s window (context: edits are not paced by the outbox). */
  readonly maxCallsPerChannelPerSecond: number;
  readonly postMessageCalls: number;
  readonly updateCalls: number;
}

/** B2: `alerts` alerts over `seconds` across `groups` groups into a subscribed Slack channel. */
export async function benchStorm(o: {
  alerts: number;
  seconds: number;
  groups: number;
  settleLimitMs: number;
}): Promise<StormFigures> {
  const b = await startSlackApp();
  try {
    const channel = 'C0STORM';
    b.app.store.subscriptions.add({
      conversation: { platform: 'slack', channel },
      filter: '',
      createdBy: 'bench',
      at: new Date().toISOString(),
    });
    const sender = await runSender({
      kind: 'alerts',
      url: `${b.url}/hooks/alertmanager`,
      rate: o.alerts / o.seconds,
      count: o.alerts,
      durationMs: o.seconds * 1000,
      drainMs: 15_000,
      groups: o.groups,
    });
    const t0 = performance.now();
    // caught up = every stored alert folded and the outbox empty. Not `pipeline.idle()`: it also
    // flushes the coalesced incident edits at once (for tests and shutdown), an edit the product
    // would not make at that moment, which would count against the edits-per-10-s figure
    let polling = true; // stops the poll when the limit wins (the store closes after the run)
    const settled = await within(
      (async () => {
        while (polling && b.app.store.inbox.unprocessed(1).length > 0) await sleep(20);
        await b.app.slack!.idle();
      })().catch(() => undefined),
      o.settleLimitMs,
    );
    polling = false;
    const settleMs = performance.now() - t0;
    if (o.seconds >= 30) {
      // full runs: the last coalesced edits land on their own schedule (≤ 1 per incident per 10 s)
      await sleep(11_000);
      await within(b.app.slack!.idle(), 5_000);
    }
    const snap = await b.fake.snapshot();

    const db = new Database(b.dbPath, { readonly: true, fileMustExist: true });
    const count = (sql: string): number => (db.prepare(sql).get() as { n: number }).n;
    let inboxRows: number;
    let unprocessedRows: number;
    let outboxPending: number;
    try {
      inboxRows = count('SELECT count(*) AS n FROM inbox');
      unprocessedRows = b.app.store.inbox.unprocessed(1_000_000).length;
      outboxPending = b.app.store.outbox.pending('slack').length;
    } finally {
      db.close();
    }

    const incidents = b.app.store.incidents.list({ limit: 10_000 });
    const audit = b.app.ledger.after(0, 10_000_000);
    const planAudits = new Map<string, number>();
    for (const e of audit)
      if (e.kind === 'plan' && e.incidentId !== undefined)
        planAudits.set(e.incidentId, (planAudits.get(e.incidentId) ?? 0) + 1);
    const channelPosts = posts(snap).filter((c) => c.args['channel'] === channel);
    const messages = snap.channelMessages(channel).filter((m) => m.thread_ts === undefined);
    const updates = snap.callsOf('chat.update').filter((c) => c.args['channel'] === channel);
    const byGroup = new Map<string, typeof incidents>();
    for (const i of incidents) {
      const key = i.groupKey;
      byGroup.set(key, [...(byGroup.get(key) ?? []), i]);
    }
    const perGroup = [...byGroup].map(([groupKey, list]) => {
      const shows = (text: string): boolean => list.some((i) => text.includes(`${i.id} [`));
      const tops = messages.filter((m) => shows(m.text));
      const tsSet = new Set(tops.map((m) => m.ts));
      const ups = updates.filter((c) => tsSet.has(String(c.args['ts']))).map((c) => c.at);
      // every planner call leaves one `plan` audit entry (a run, an empty plan or a planner error)
      const plannerCalls = list.reduce((n, i) => n + (planAudits.get(i.id) ?? 0), 0);
      return {
        groupKey,
        incidents: list.map((i) => i.id),
        signals: list.reduce((n, i) => n + i.signalCount, 0),
        topLevelMessages: tops.length,
        updates: ups.length,
        maxUpdatesIn10s: maxInWindow(ups, 10_000),
        plannerCalls,
      };
    });
    const channels = new Set(
      [...posts(snap), ...snap.callsOf('chat.update')].map((c) => String(c.args['channel'])),
    );
    let maxPosts = 0;
    let maxCalls = 0;
    for (const ch of channels) {
      const p = posts(snap).filter((c) => c.args['channel'] === ch);
      const u = snap.callsOf('chat.update').filter((c) => c.args['channel'] === ch);
      maxPosts = Math.max(
        maxPosts,
        maxInWindow(
          p.map((c) => c.at),
          1000,
        ),
      );
      maxCalls = Math.max(
        maxCalls,
        maxInWindow(
          [...p, ...u].map((c) => c.at),
          1000,
        ),
      );
    }
    const planner = perGroup.map((g) => g.plannerCalls);
    return {
      ...o,
      sender,
      settled,
      settleMs,
      outboxPending,
      inboxRows,
      unprocessedRows,
      incidents: incidents.length,
      perGroup,
      maxTopLevelPerGroup: Math.max(0, ...perGroup.map((g) => g.topLevelMessages)),
      maxUpdatesPerGroupPer10s: Math.max(0, ...perGroup.map((g) => g.maxUpdatesIn10s)),
      minPlannerCallsPerGroup: planner.length === 0 ? 0 : Math.min(...planner),
      maxPlannerCallsPerGroup: planner.length === 0 ? 0 : Math.max(...planner),
      maxPostsPerChannelPerSecond: maxPosts,
      maxCallsPerChannelPerSecond: maxCalls,
      postMessageCalls: channelPosts.length,
      updateCalls: updates.length,
    };
  } finally {
    await b.close();
  }
}

export interface CommandFigures {
  readonly rate: number;
  readonly seconds: number;
  readonly sender: SenderResult;
  /** Replies the fake received on response_url (each command answers there). */
  readonly responseUrlReplies: number;
  readonly rollbacks: readonly {
    readonly channel: string;
    /** The first Web API calls into the rollback's channel, ms after the command was sent. */
    readonly calls: readonly { method: string; ms: number; text: string }[];
    readonly ackMs: number;
    /** Command sent → the thread anchor's chat.postMessage at the fake (first post in the channel). */
    readonly anchorMs: number | null;
    /** Command sent → the approval prompt at the fake (the post or anchor edit carrying its buttons). */
    readonly promptMs: number | null;
  }[];
  readonly promptP50Ms: number | null;
  readonly promptMaxMs: number | null;
  readonly anchorP50Ms: number | null;
}

/** B3: signed slash commands at `rate`/s for `seconds`; every `rollbackEvery`-th one is a rollback. */
export async function benchCommands(o: {
  rate: number;
  seconds: number;
  rollbackEvery: number;
  promptLimitMs: number;
}): Promise<CommandFigures> {
  const b = await startSlackApp();
  try {
    const sender = await runSender({
      kind: 'slash',
      url: `${b.url}/slack/events`,
      rate: o.rate,
      count: Math.round(o.rate * o.seconds),
      durationMs: o.seconds * 1000,
      drainMs: 10_000,
      secret: SECRET,
      responseUrlBase: b.fake.responseUrl(''),
      users: 200,
      rollbackEvery: o.rollbackEvery,
      rollbackUser: 'UREQ',
    });
    // the prompt is shown by whichever call first carries its buttons: a post, or the edit that turns
    // the command's thread anchor into the prompt
    const promptCall = (snap: SlackSnapshot, channel: string): SlackCall | undefined =>
      snap.calls.find(
        (c) =>
          (c.method === 'chat.postMessage' || c.method === 'chat.update') &&
          c.args['channel'] === channel &&
          JSON.stringify(c.args['blocks'] ?? []).includes('wk_approve'),
      );
    const deadline = performance.now() + o.promptLimitMs;
    let snap = await b.fake.snapshot();
    while (
      performance.now() < deadline &&
      sender.rollbacks.some((r) => promptCall(snap, r.channel) === undefined)
    ) {
      await sleep(200); // the arrival times are the fake's; polling less often changes no figure
      snap = await b.fake.snapshot();
    }
    await within(b.app.slack!.idle(), 5_000);
    snap = await b.fake.snapshot();
    const rollbacks = sender.rollbacks.map((r) => {
      const anchor = posts(snap).find((c) => c.args['channel'] === r.channel);
      const prompt = promptCall(snap, r.channel);
      const calls = snap.calls
        .filter((c) => c.args['channel'] === r.channel)
        .slice(0, 8)
        .map((c) => ({
          method: c.method,
          ms: Math.round(c.at - r.sentAtMs),
          text: String(c.args['text'] ?? '').slice(0, 60),
        }));
      return {
        channel: r.channel,
        calls,
        ackMs: r.ackMs,
        anchorMs: anchor === undefined ? null : anchor.at - r.sentAtMs,
        promptMs: prompt === undefined ? null : prompt.at - r.sentAtMs,
      };
    });
    const sorted = (xs: (number | null)[]): number[] =>
      xs.filter((x): x is number => x !== null).sort((a, b) => a - b);
    const prompts = sorted(rollbacks.map((r) => r.promptMs));
    const anchors = sorted(rollbacks.map((r) => r.anchorMs));
    const mid = (xs: number[]): number | null => (xs.length === 0 ? null : xs[xs.length >> 1]!);
    return {
      ...o,
      sender,
      responseUrlReplies: snap.responses,
      rollbacks,
      promptP50Ms: mid(prompts),
      promptMaxMs: prompts.at(-1) ?? null,
      anchorP50Ms: mid(anchors),
    };
  } finally {
    await b.close();
  }
}
