import { expect } from 'chai';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { injectSandboxDelay } from '../../adapters/tools/sandbox/index.js';
import { systemClock } from '../../src/core/index.js';
import { openSqliteStore } from '../../src/store/index.js';
import { silentLogger } from '../helpers/silent-logger.js';
import { alertmanagerPayload, startHarness, type Harness } from './harness.js';
import { spawnWatchkeeper } from './spawn-watchkeeper.js';
import { waitFor } from './wait.js';

/**
 * The process is killed (SIGKILL) while a tool call is in flight. On restart the step is `unknown`,
 * nothing re-runs on its own, and pending approvals are still there to vote on.
 */
describe('e2e: kill -9 during a running step, then restart', function () {
  this.timeout(60_000);
  let child: ChildProcess | undefined;
  let h: Harness | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'wk-crash-'));

  after(async () => {
    child?.kill('SIGKILL');
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('marks the interrupted step unknown, never re-runs it, and keeps pending approvals', async () => {
    const started = await spawnWatchkeeper(dir);
    child = started.child;
    const url = started.url;

    // A slow rollback in the sandbox, so the kill lands while the call is in flight.
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
    expect((await post(alertmanagerPayload('HighErrorRate', 'checkout-api'))).status).to.equal(202);
    expect((await post(alertmanagerPayload('HighErrorRate', 'payments-api'))).status).to.equal(202);
    const pending = await waitFor('two pending approvals', async () => {
      const r = (await (await fetch(`${url}/api/approvals?status=pending`)).json()) as any;
      const list = r.approvals ?? r;
      return list.length === 2 ? list : undefined;
    });
    const incidents = ((await (await fetch(`${url}/api/incidents`)).json()) as any).incidents;
    const checkout = incidents.find((i: any) => i.labels.service === 'checkout-api');
    const approvalFor = async (incidentId: string) => {
      const d = (await (await fetch(`${url}/api/incidents/${incidentId}`)).json()) as any;
      return d.runs.flatMap((r: any) => r.steps).find((s: any) => s.tool === 'sandbox.rollback');
    };
    const checkoutStep = await approvalFor(checkout.id);
    const other = pending.find((a: any) => a.id !== checkoutStep.approvalId);

    // The vote's request hangs while the rollback runs; do not wait for it.
    void fetch(`${url}/api/approvals/${checkoutStep.approvalId}/votes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-watchkeeper-user': 'alice' },
      body: JSON.stringify({ decision: 'approve' }),
    }).catch(() => undefined);
    await waitFor('rollback running', async () =>
      (await approvalFor(checkout.id)).state === 'running' ? true : undefined,
    );
    child.kill('SIGKILL');
    await new Promise((r) => child?.once('exit', r));

    h = await startHarness({ dir });
    const detail = await h.api('GET', `/api/incidents/${checkout.id}`);
    const step = detail.body.runs
      .flatMap((r: any) => r.steps)
      .find((s: any) => s.tool === 'sandbox.rollback');
    expect(step.state).to.equal('unknown');
    expect(detail.body.runs[0].status).to.equal('unknown');
    const audit = await h.api('GET', '/api/audit?after=0&limit=1000');
    const results = audit.body.entries.filter(
      (e: any) => e.kind === 'tool.result' && e.subject === step.id && e.data.dryRun !== true,
    );
    expect(results, 'the interrupted call has no result and is not retried').to.have.length(0);
    expect((await h.api('GET', '/api/audit/verify')).body.ok).to.equal(true);

    const stillPending = await h.api('GET', '/api/approvals?status=pending');
    expect(stillPending.body.approvals.map((a: any) => a.id)).to.deep.equal([other.id]);
    const vote = await h.api('POST', `/api/approvals/${other.id}/votes`, { decision: 'approve' }, 'alice');
    expect(vote.status).to.equal(200);
    const feed = JSON.stringify((await h.api('GET', '/api/messages')).body);
    expect(feed).to.include('unknown state');
  });
});
