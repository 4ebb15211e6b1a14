import { expect } from 'chai';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { alertmanagerPayload, startHarness, type Harness } from '../e2e/harness.js';
import { SCREENSHOTS, launchChromium, openPage, requireChromium } from './chromium.js';
const TOKEN = 'dash-token-123';

/** Reads a chart's first dataset as the page's Chart.js instance holds it. */
async function chartData(page: Page, id: string): Promise<{ labels: string[]; data: number[] }> {
  return page.evaluate((canvasId) => {
    const chart = (window as any).Chart.getChart(canvasId);
    if (!chart) return { labels: [], data: [] };
    return { labels: [...chart.data.labels], data: [...chart.data.datasets[0].data] };
  }, id);
}

/** The dashboard in headless Chromium, fed by a seeded run, then updated live by a new incident. */
describe('dashboard in a browser', function () {
  this.timeout(90_000);
  let h: Harness | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const pageErrors: string[] = [];

  before(async function () {
    requireChromium(this);
    h = await startHarness({ env: { WATCHKEEPER_CONSOLE_TOKEN: TOKEN } });
    // Seeded run: an alert opens an incident whose rollback waits for approval; alice approves it.
    const hook = await fetch(`${h.url}/hooks/alertmanager`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(alertmanagerPayload('HighErrorRate', 'checkout-api')),
    });
    expect(hook.status).to.equal(202);
    await h.settle();
    const pending = await h.api('GET', '/api/approvals?status=pending');
    const approval = pending.body.approvals[0];
    expect(approval, 'the rollback waits for approval').to.not.equal(undefined);
    const vote = await h.api('POST', `/api/approvals/${approval.id}/votes`, { decision: 'approve' }, 'alice');
    expect(vote.status).to.be.below(300);
    await h.api('POST', '/api/commands', { text: '!wk nosuchskill go' });
    await h.settle();

    browser = await launchChromium();
    page = await openPage(browser, { width: 1400, height: 1600 }, pageErrors);
  });

  after(async () => {
    await browser?.close();
    await h?.close();
  });

  it('asks for the console token, then draws the seeded run as charts', async () => {
    await page.goto(`${h!.url}/dashboard?refresh=500`);
    await page.getByTestId('token').waitFor();
    // The first poll was refused (no token yet): that 401 is the expected path to the token form.
    expect(pageErrors.every((e) => e.includes('401'))).to.equal(true);
    pageErrors.length = 0;
    await page.getByTestId('token').fill(TOKEN);
    await page.getByTestId('token').press('Enter');
    const api = (await h!.api('GET', '/api/dashboard')).body;
    const counts = [api.incidents.open, api.incidents.mitigated, api.incidents.resolved];
    expect(
      counts.reduce((a: number, b: number) => a + b, 0),
      'the seeded run has one incident',
    ).to.equal(1);
    await page.waitForFunction(
      (open) => document.getElementById('kpi-open')?.textContent === String(open),
      api.incidents.open,
      { timeout: 20_000 },
    );
    await page.getByTestId('audit-chain').getByText('verified', { exact: false }).waitFor();

    expect((await chartData(page, 'chart-incidents')).data).to.deep.equal(counts);
    const interventions = await chartData(page, 'chart-interventions');
    expect(interventions.labels).to.deep.equal(['approve', 'reject', 'correct', 'takeover']);
    expect(interventions.data).to.deep.equal([1, 0, 0, 0]);
    const tools = await chartData(page, 'chart-tools');
    expect(tools.labels).to.include('sandbox.rollback');
    const succeeded = tools.data[tools.labels.indexOf('sandbox.rollback')];
    expect(succeeded, 'the approved rollback succeeded').to.equal(1);
    expect((await chartData(page, 'chart-latency-first')).data.length).to.be.greaterThan(0);
    expect((await chartData(page, 'chart-latency-decision')).data.length).to.be.greaterThan(0);
    expect((await chartData(page, 'chart-latency-reply')).data.length).to.be.greaterThan(0);
    expect((await chartData(page, 'chart-turnaround')).data.reduce((a, b) => a + b, 0)).to.equal(1);
    const failures = await chartData(page, 'chart-failures');
    expect(failures.labels).to.include('COMMAND_UNKNOWN');
    expect(await page.getByTestId('failure-examples').innerText()).to.contain('nosuchskill');
    // A canvas Chart.js has drawn on is not blank.
    const inked = await page.evaluate(() => {
      const c = document.getElementById('chart-incidents') as HTMLCanvasElement;
      const px = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      for (let i = 3; i < px.length; i += 4) if (px[i] !== 0) return true;
      return false;
    });
    expect(inked, 'the incidents chart has pixels').to.equal(true);
  });

  it('plays an incident back as a timeline, people marked apart from the bot', async () => {
    const timeline = page.getByTestId('playback');
    await timeline.locator('li', { hasText: 'sandbox.rollback' }).first().waitFor({ timeout: 20_000 });
    const kinds = await timeline
      .locator('li')
      .evaluateAll((items) => items.map((i) => (i as HTMLElement).dataset['kind']));
    expect(kinds[0]).to.equal('signal');
    expect(kinds).to.include.members(['plan', 'decision', 'approval.vote', 'tool.result']);
    const human = timeline.locator('li.human');
    expect(await human.count()).to.be.greaterThan(0);
    expect(await human.first().innerText()).to.contain('console:alice');
    // The same lines `watchkeeper playback` prints, for every ledger entry of the incident.
    const id = await page.getByTestId('playback-select').inputValue();
    const view = (await h!.api('GET', `/api/dashboard/playback/${id}`)).body;
    expect(await timeline.locator('li').count()).to.equal(view.entries.length);
  });

  it('updates live, without a reload, when a new incident opens', async () => {
    const before = await page.evaluate(() => document.body.dataset['generatedAt']);
    const hook = await fetch(`${h!.url}/hooks/alertmanager`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(alertmanagerPayload('DiskFull', 'billing-db')),
    });
    expect(hook.status).to.equal(202);
    await h!.settle();
    // The doughnut's total grows from 1 to 2 on the next poll, without a reload.
    await page.waitForFunction(
      () => {
        const chart = (window as any).Chart.getChart('chart-incidents');
        return chart.data.datasets[0].data.reduce((a: number, b: number) => a + b, 0) === 2;
      },
      undefined,
      { timeout: 20_000 },
    );
    const api = (await h!.api('GET', '/api/dashboard')).body;
    expect((await chartData(page, 'chart-incidents')).data).to.deep.equal([
      api.incidents.open,
      api.incidents.mitigated,
      api.incidents.resolved,
    ]);
    expect(await page.getByTestId('kpi-open').innerText()).to.equal(String(api.incidents.open));
    expect(await page.evaluate(() => document.body.dataset['generatedAt'])).to.not.equal(before);

    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'dashboard.png'), fullPage: true });
    expect(pageErrors, pageErrors.join('\n')).to.deep.equal([]);
  });

  it('serves every dashboard figure on /metrics under its documented name', async () => {
    const text = await (await fetch(`${h!.url}/metrics`)).text();
    for (const name of [
      'watchkeeper_first_response_seconds_count',
      'watchkeeper_command_reply_seconds_count',
      'watchkeeper_decision_latency_seconds_count',
      'watchkeeper_runs_total',
      'watchkeeper_steps_total',
      'watchkeeper_interventions_total{kind="approve"} 1',
      'watchkeeper_failures_total{code="COMMAND_UNKNOWN"} 1',
      'watchkeeper_incidents{status="open"}',
      'watchkeeper_queue_depth 0',
      'watchkeeper_audit_chain_ok 1',
      'watchkeeper_approval_turnaround_recent_seconds{quantile="0.5"}',
    ])
      expect(text, name).to.contain(name);
    const unauth = await fetch(`${h!.url}/api/dashboard`);
    expect(unauth.status).to.equal(401);
  });
});
