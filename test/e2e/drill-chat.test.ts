import { expect } from 'chai';
import { startHarness, type Harness } from './harness.js';

describe('drills from chat and on the dashboard', function () {
  this.timeout(60_000);
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => h.close());

  it('/wk drill bad-deploy answers with the verdict, says sandbox only, and the dashboard shows it', async () => {
    const res = await h.api('POST', '/api/commands', { text: '!wk drill bad-deploy' }, 'operator');
    const text = res.body.replies.map((r: { text: string }) => r.text).join('\n');
    expect(text).to.contain('drill bad-deploy: PASS');
    expect(text).to.contain('no real system was touched');
    expect(text).to.contain('live-sandbox');
    const dash = await h.api('GET', '/api/dashboard');
    expect(
      dash.body.drills.map((d: { drill: string; passed: boolean }) => [d.drill, d.passed]),
    ).to.deep.equal([['bad-deploy', true]]);
    // The drill ran on its own throwaway app: this one has no incident from it.
    expect((await h.api('GET', '/api/incidents')).body.incidents).to.deep.equal([]);
    const metrics = await (await fetch(`${h.url}/metrics`)).text();
    expect(metrics).to.contain('watchkeeper_drill_passed{drill="bad-deploy"} 1');
  });

  it('refuses drills to people without an operations or security role, and unknown names', async () => {
    const denied = await h.api('POST', '/api/commands', { text: '!wk drill alert-storm' }, 'helpdesk');
    expect(denied.body.replies[0].error.code).to.equal('POLICY_DENIED');
    const unknown = await h.api('POST', '/api/commands', { text: '!wk drill nope' }, 'operator');
    expect(unknown.body.replies[0].text).to.contain('no drill "nope"');
    const help = await h.api('POST', '/api/commands', { text: '!wk help' }, 'operator');
    expect(help.body.replies[0].text).to.contain('!wk drill <name>|list');
    expect(help.body.replies[0].text).to.contain('!wk retro <incident>');
    const list = await h.api('POST', '/api/commands', { text: '!wk drill list' }, 'operator');
    expect(list.body.replies[0].text).to.contain('dependency-failure');
  });
});
