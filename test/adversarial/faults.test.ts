import Database from 'better-sqlite3';
import { expect } from 'chai';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { injectSandboxDelay } from '../../adapters/tools/sandbox/index.js';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config/index.js';
import { systemClock } from '../../src/core/index.js';
import { openSqliteStore } from '../../src/store/index.js';
import { FakeSlack } from '../fakes/slack/fake-slack.js';
import { postToBot, slashCommandForm } from '../fakes/slack/sign.js';
import { silentLogger } from '../helpers/silent-logger.js';
import { alertmanagerPayload, startHarness, type Harness } from '../e2e/harness.js';
import { spawnWatchkeeper } from '../e2e/spawn-watchkeeper.js';
import { waitFor } from '../e2e/wait.js';

const json = async (url: string) => (await fetch(url)).json() as Promise<any>;

describe('adversarial: faults', function () {
  this.timeout(60_000);

  describe('SIGKILL with steps in every state, then restart', () => {
    let child: ChildProcess | undefined;
    let h: Harness | undefined;
    const dir = mkdtempSync(join(tmpdir(), 'wk-adv-kill-'));
    after(async () => {
      child?.kill('SIGKILL');
      await h?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('succeeded stays done, running becomes unknown (never re-run), approvals and the inbox survive', async () => {
      const started = await spawnWatchkeeper(dir);
      child = started.child;
      const url = started.url;
      const side = openSqliteStore({
        path: join(dir, 'watchkeeper.db'),
        clock: systemClock,
        logger: silentLogger,
      });
      injectSandboxDelay(side.sandbox, 'sandbox.rollback', 60_000);
      side.close();
      const post = (body: unknown) =>
        fetch(`${url}/hooks/alertmanager`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      // Two incidents: each runs its diagnostics (succeeded) and waits on a rollback approval.
      for (const svc of ['checkout-api', 'payments-api'])
        expect((await post(alertmanagerPayload('HighErrorRate', svc))).status).to.equal(202);
      const pending = await waitFor('two approvals', async () => {
        const a = (await json(`${url}/api/approvals?status=pending`)).approvals as any[];
        return a.length === 2 ? a : undefined;
      });
      // One rollback is approved and hangs in the tool (running)…
      void fetch(`${url}/api/approvals/${pending[0].id}/votes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-watchkeeper-user': 'alice' },
        body: JSON.stringify({ decision: 'approve' }),
      }).catch(() => undefined);
      let base = url;
      const stepOf = async (approvalId: string) => {
        const incidents = (await json(`${base}/api/incidents?limit=100`)).incidents as any[];
        for (const i of incidents) {
          const d = await json(`${base}/api/incidents/${i.id}`);
          const s = d.runs.flatMap((r: any) => r.steps).find((x: any) => x.approvalId === approvalId);
          if (s !== undefined) return s;
        }
        return undefined;
      };
      await waitFor('rollback running', async () =>
        (await stepOf(pending[0].id))?.state === 'running' ? true : undefined,
      );
      // …and a burst of new signals is still in the inbox when the process dies.
      await Promise.all(
        ['cart', 'frontend', 'auth', 'inventory'].map((svc) => post(alertmanagerPayload('DiskFull', svc))),
      );
      child.kill('SIGKILL');
      await new Promise((r) => child?.once('exit', r));

      const db = new Database(join(dir, 'watchkeeper.db'), { readonly: true });
      const inboxBefore = (db.prepare('SELECT COUNT(*) AS n FROM inbox').get() as any).n;
      const callsBefore = (
        db.prepare("SELECT COUNT(*) AS n FROM audit WHERE kind = 'tool.call'").get() as any
      ).n;
      db.close();
      expect(inboxBefore).to.equal(6);

      h = await startHarness({ dir });
      base = h.url;
      await h.settle();
      const db2 = new Database(join(dir, 'watchkeeper.db'), { readonly: true });
      const inbox = db2.prepare('SELECT COUNT(*) AS n, SUM(processed) AS done FROM inbox').get() as any;
      const states = db2.prepare('SELECT tool, state FROM steps ORDER BY rowid').all() as any[];
      db2.close();
      expect(inbox.n, 'nothing lost from the inbox').to.equal(inboxBefore);
      expect(inbox.done, 'every stored signal is processed after the restart').to.equal(inboxBefore);
      expect((await stepOf(pending[0].id)).state, 'running → unknown').to.equal('unknown');
      expect((await stepOf(pending[1].id)).state, 'still awaiting approval').to.equal('awaiting_approval');
      expect(
        states.filter((s) => s.tool === 'sandbox.rollback' && s.state === 'succeeded'),
        'nothing re-run',
      ).to.deep.equal([]);
      const calls = h.app.ledger.after(0, 100_000).filter((e) => e.kind === 'tool.call');
      const rollbackCalls = calls.filter((e: any) => e.data.tool === 'sandbox.rollback');
      expect(rollbackCalls, 'the interrupted rollback was called once, before the kill').to.have.length(1);
      expect(calls.length).to.be.at.least(callsBefore);
      expect(
        (await h.api('GET', '/api/approvals?status=pending')).body.approvals.map((a: any) => a.id),
      ).to.include(pending[1].id);
      expect(h.app.ledger.verify().ok).to.equal(true);
    });
  });

  describe('database locked', () => {
    let h: Harness;
    before(async () => (h = await startHarness()));
    after(async () => h.close());

    it('a write while another process holds the lock fails clearly, leaves nothing half-stored, and works after', async () => {
      const path = h.app.config.dbPath;
      const count = () => {
        const db = new Database(path, { readonly: true });
        try {
          return (db.prepare('SELECT COUNT(*) AS n FROM inbox').get() as any).n as number;
        } finally {
          db.close();
        }
      };
      const before = count();
      const locker = new Database(path);
      locker.exec('BEGIN EXCLUSIVE');
      const res = await h.api('POST', '/hooks/alertmanager', alertmanagerPayload('Locked', 'checkout-api'));
      locker.exec('ROLLBACK');
      locker.close();
      expect(res.status, JSON.stringify(res.body)).to.be.within(500, 503);
      expect(JSON.stringify(res.body)).to.not.match(/at .*\.ts:\d+/); // no stack trace to the caller
      expect(count(), 'no partial state').to.equal(before);
      expect(
        (await h.api('POST', '/hooks/alertmanager', alertmanagerPayload('Locked', 'checkout-api'))).status,
      ).to.equal(202);
      await h.settle();
      expect(count()).to.equal(before + 1);
      expect(h.app.ledger.verify().ok).to.equal(true);
    });
  });

  describe('database full', () => {
    let h: Harness | undefined;
    const dir = mkdtempSync(join(tmpdir(), 'wk-adv-full-'));
    after(async () => {
      await h?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('a write past the size budget answers 507 STORE_FULL, stores nothing of it, and loses nothing answered 202', async () => {
      // The size of a freshly started installation, then a budget a little above it.
      h = await startHarness({ dir });
      await h.close();
      const inspect = (sql: string) => {
        const db = new Database(join(dir, 'watchkeeper.db'), { readonly: true });
        try {
          return db.prepare(sql).pluck().get() as number;
        } finally {
          db.close();
        }
      };
      const bytes = inspect('PRAGMA page_count') * inspect('PRAGMA page_size');
      const budgetMb = (bytes + 256 * 1024) / (1024 * 1024);
      h = await startHarness({ dir, env: { WATCHKEEPER_DB_MAX_MB: budgetMb.toFixed(3) } });
      const before = inspect('SELECT COUNT(*) FROM inbox');
      let accepted = 0;
      let refused: { status: number; body: any } | undefined;
      for (let i = 0; i < 400 && refused === undefined; i++) {
        const body = alertmanagerPayload('DiskFilling', `svc-${i}`) as any;
        body.alerts[0].annotations.description = `${i} `.repeat(2000); // ~8 KB that compresses nowhere
        const res = await h.api('POST', '/hooks/alertmanager', body);
        if (res.status === 202) accepted++;
        else refused = res;
      }
      expect(refused?.status, 'the budget was reached').to.equal(507);
      expect(refused?.body.error.code).to.equal('STORE_FULL');
      expect(refused?.body.error.message).to.contain('WATCHKEEPER_DB_MAX_MB');
      await h.settle();
      expect(inspect('SELECT COUNT(*) FROM inbox') - before, 'every 202 stored, nothing of the 507').to.equal(
        accepted,
      );
      expect(h.app.ledger.verify().ok).to.equal(true);
    });
  });

  describe('chat platform returning 429/5xx for a while', () => {
    let app: App;
    let fake: FakeSlack;
    let dir: string;
    after(async () => {
      await app?.stop();
      await fake?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('the outbox delivers every message, once, after the outage', async () => {
      dir = mkdtempSync(join(tmpdir(), 'wk-adv-slack-'));
      const policies = join(dir, 'policies');
      mkdirSync(policies);
      writeFileSync(join(policies, 'default.policy.yaml'), readFileSync('policies/default.policy.yaml'));
      writeFileSync(
        join(policies, 'roles.yaml'),
        ['sre', 'oncall', 'security', 'helpdesk', 'admin']
          .map((r) => `  ${r}: { members: ['slack:T0001:UREQ'] }`)
          .concat(["  bot: { members: ['watchkeeper'] }", "allow: { principals: ['slack:T0001:*'] }"])
          .join('\n')
          .replace(/^/, 'roles:\n'),
      );
      fake = new FakeSlack();
      await fake.start();
      const secret = 'adv-slack-secret';
      app = await createApp(
        loadConfig(
          {
            PORT: '0',
            LOG_LEVEL: 'silent',
            WATCHKEEPER_DATA_DIR: dir,
            WATCHKEEPER_POLICIES: policies,
            SLACK_BOT_TOKEN: fake.botToken,
            SLACK_SIGNING_SECRET: secret,
            SLACK_API_URL: fake.apiUrl,
          },
          process.cwd(),
        ),
        {
          logger: silentLogger,
          expiryIntervalMs: 60_000,
          slack: { delivery: { minPostIntervalMs: 0, retryBaseMs: 1, retryMaxMs: 20 } },
        },
      );
      const { url } = await app.start();
      const sub = slashCommandForm({
        channel: 'C0OPS',
        user: 'UREQ',
        text: 'subscribe',
        responseUrl: fake.responseUrl('s'),
        triggerId: 't',
      });
      expect((await postToBot(`${url}/slack/events`, sub, { secret })).status).to.equal(200);
      await app.slack!.idle();
      fake.inject(
        'chat.postMessage',
        { status: 503 },
        { status: 500 },
        { status: 429, retryAfter: 1 },
        { status: 502 },
        { status: 500 },
        { status: 503 },
      );
      const services = ['checkout-api', 'payments-api', 'cart'];
      for (const svc of services) {
        const r = await fetch(`${url}/hooks/alertmanager`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(alertmanagerPayload('Outage', svc)),
        });
        expect(r.status).to.equal(202);
      }
      await app.pipeline.idle();
      await waitFor('every incident posted', async () => {
        await app.slack!.idle();
        const posted = fake.channelMessages('C0OPS').filter((m) => m.text.includes('Outage'));
        return services.every((s) => posted.some((m) => m.text.includes(s))) ? posted : undefined;
      });
      const calls = (fake as unknown as { calls: { method: string; status: number }[] }).calls;
      const failed = calls.filter((c) => c.method === 'chat.postMessage' && c.status !== 200);
      expect(failed.length, 'the outage happened').to.be.at.least(6);
      const posted = fake.channelMessages('C0OPS').filter((m) => !m.thread_ts && m.text.includes('Outage'));
      for (const s of services)
        expect(
          posted.filter((m) => m.text.includes(s)),
          `${s} posted once`,
        ).to.have.length(1);
    });
  });
});
