import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startHarness, type Harness } from './harness.js';
import { freePort, waitFor } from './wait.js';
import { stopChild } from '../helpers/stop-child.js';

const BINARY = '/usr/bin/prometheus-alertmanager';

/** A real Prometheus Alertmanager (Debian package) sends its webhooks to Watchkeeper. */
describe('e2e: real Prometheus Alertmanager → /hooks/alertmanager', function () {
  this.timeout(60_000);
  let h: Harness | undefined;
  let am: ChildProcess | undefined;

  before(function () {
    if (!existsSync(BINARY)) {
      if (process.env['CI'] !== undefined)
        throw new Error(`${BINARY} is missing in CI: .ci/run installs prometheus-alertmanager`);
      console.log(`      skipped: ${BINARY} not installed (apt-get install prometheus-alertmanager)`);
      this.skip();
    }
  });

  after(async () => {
    await stopChild(am);
    await h?.close();
  });

  it('delivers grouped alerts that open one incident per group, and resolves them', async () => {
    h = await startHarness();
    const port = await freePort();
    const config = join(h.dir, 'alertmanager.yml');
    writeFileSync(
      config,
      [
        'route:',
        '  receiver: watchkeeper',
        "  group_by: ['alertname', 'service']",
        '  group_wait: 1s',
        '  group_interval: 1s',
        '  repeat_interval: 1h',
        'receivers:',
        '  - name: watchkeeper',
        '    webhook_configs:',
        `      - url: ${h.url}/hooks/alertmanager`,
        '        send_resolved: true',
      ].join('\n'),
    );
    am = spawn(
      BINARY,
      [
        `--config.file=${config}`,
        `--storage.path=${join(h.dir, 'am')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--cluster.listen-address=',
      ],
      { stdio: 'ignore' },
    );
    const amUrl = `http://127.0.0.1:${port}`;
    await waitFor('alertmanager ready', async () =>
      (await fetch(`${amUrl}/-/ready`)).ok ? true : undefined,
    );

    const alert = (alertname: string, service: string, instance: string, endsAt?: string) => ({
      labels: { alertname, service, instance, severity: 'critical' },
      annotations: { summary: `${alertname} on ${service}` },
      ...(endsAt === undefined ? {} : { endsAt }),
    });
    const post = (alerts: unknown[]) =>
      fetch(`${amUrl}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(alerts),
      });
    expect(
      (
        await post([
          alert('HighErrorRate', 'checkout-api', 'a'),
          alert('HighErrorRate', 'checkout-api', 'b'),
          alert('HighCPU', 'payments-api', 'c'),
        ])
      ).ok,
    ).to.equal(true);

    const harness = h;
    const incidents = await waitFor('two incidents', async () => {
      await harness.settle();
      const r = await harness.api('GET', '/api/incidents?status=open');
      const list = r.body.incidents ?? r.body;
      return list.length === 2 && list.every((i: any) => i.signalCount >= 1) ? list : undefined;
    });
    const checkout = incidents.find((i: any) => i.labels.service === 'checkout-api');
    expect(checkout, 'checkout-api incident').to.not.equal(undefined);
    expect(checkout.signalCount).to.equal(2);
    expect(incidents.find((i: any) => i.labels.service === 'payments-api')).to.not.equal(undefined);

    const past = new Date(Date.now() - 1000).toISOString();
    await post([
      alert('HighErrorRate', 'checkout-api', 'a', past),
      alert('HighErrorRate', 'checkout-api', 'b', past),
    ]);
    await waitFor('checkout incident resolved', async () => {
      await harness.settle();
      const r = await harness.api('GET', `/api/incidents/${checkout.id}`);
      return r.body.incident.status === 'resolved' ? true : undefined;
    });
  });
});
