import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHarness, type Harness } from './harness.js';

/** One Alertmanager webhook carrying `count` firing alerts of one group, each with its own fingerprint. */
function groupPayload(group: number, request: number, count: number): unknown {
  const alertname = `StormAlert${group}`;
  const service = `storm-svc-${group}`;
  return {
    version: '4',
    groupKey: `{}:{alertname="${alertname}"}`,
    status: 'firing',
    receiver: 'watchkeeper',
    groupLabels: { alertname },
    commonLabels: { alertname, service, severity: 'warning' },
    commonAnnotations: {},
    externalURL: 'http://alertmanager.example:9093',
    alerts: Array.from({ length: count }, (_, i) => ({
      status: 'firing',
      labels: { alertname, service, severity: 'warning', instance: `host-${request}-${i}` },
      annotations: { summary: `${alertname} on ${service}` },
      startsAt: '2026-11-25T10:00:00.000Z',
      endsAt: '0001-01-01T00:00:00Z',
      fingerprint: `fp-${group}-${request}-${i}`,
    })),
  };
}

async function post(h: Harness, requests: number, perRequest: number, groups: number): Promise<void> {
  const replies = await Promise.all(
    Array.from({ length: requests }, (_, r) =>
      h.api('POST', '/hooks/alertmanager', groupPayload(r % groups, r, perRequest)),
    ),
  );
  expect(replies.every((r) => r.status === 202)).to.equal(true);
}

/**
 * Alerts are stored before the 2xx and folded afterwards. A storm larger than what is kept in memory
 * is read back from the inbox in pages; a stop leaves what is not folded yet in the inbox, and the next
 * start folds it, so neither a storm nor a restart loses an alert or folds one twice.
 */
describe('e2e: intake backlog beyond memory and across a stop', function () {
  this.timeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), 'wk-backlog-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('folds a storm larger than the in-memory queue completely, one incident per group', async () => {
    const h = await startHarness();
    try {
      await post(h, 40, 200, 8); // 8,000 alerts: more than the 5,000 kept in memory
      await h.settle();
      expect(h.app.store.inbox.count()).to.equal(8_000);
      expect(h.app.store.inbox.unprocessedCount()).to.equal(0);
      const incidents = h.app.store.incidents.list({ limit: 100 });
      expect(incidents).to.have.length(8);
      expect(incidents.reduce((n, i) => n + i.signalCount, 0)).to.equal(8_000);
    } finally {
      await h.close();
    }
  });

  it('a stop leaves unfolded alerts in the inbox and the next start folds each of them once', async () => {
    const first = await startHarness({ dir });
    await post(first, 20, 200, 4);
    await first.app.pipeline.stop(0); // no grace: only the batch in hand is finished
    const waiting = first.app.store.inbox.unprocessedCount();
    await first.close({ keepDir: true });
    expect(waiting).to.be.greaterThan(0);

    const second = await startHarness({ dir });
    try {
      await second.settle();
      expect(second.app.store.inbox.count()).to.equal(4_000);
      expect(second.app.store.inbox.unprocessedCount()).to.equal(0);
      const incidents = second.app.store.incidents.list({ limit: 100 });
      expect(incidents).to.have.length(4);
      expect(incidents.reduce((n, i) => n + i.signalCount, 0)).to.equal(4_000);
    } finally {
      await second.close({ keepDir: true });
    }
  });
});
