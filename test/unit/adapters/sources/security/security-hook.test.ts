import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { startHarness, type Harness } from '../../../../e2e/harness.js';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../../../fixtures/security/${name}`, import.meta.url), 'utf8'));

/** `POST /hooks/security` through the whole app: stored on 2xx, 400 with reasons and nothing stored otherwise. */
describe('POST /hooks/security', function () {
  this.timeout(30_000);
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.close();
  });

  it('accepts Falco, falcosidekick, Wazuh and generic events in one batch', async () => {
    const before = h.app.store.inbox.count();
    const res = await h.api('POST', '/hooks/security', [
      fixture('falco-protocols-4.5.json'),
      fixture('falcosidekick-webhook.json'),
      fixture('wazuh-sshd-invalid-user.json'),
      fixture('generic-login.json'),
    ]);
    expect(res.status, JSON.stringify(res.body)).to.be.within(200, 299);
    await h.settle();
    expect(h.app.store.inbox.count() - before).to.equal(4);
  });

  it('answers 400 naming each bad field, and stores nothing of the batch', async () => {
    const before = h.app.store.inbox.count();
    const res = await h.api('POST', '/hooks/security', [
      fixture('falco-protocols-4.5.json'),
      { rule: { id: '5710', level: 'loud' } },
    ]);
    expect(res.status).to.equal(400);
    expect(JSON.stringify(res.body)).to.contain('1.rule.level');
    expect(h.app.store.inbox.count()).to.equal(before);
  });

  it('pages only what the triage says: level 3 is recorded without an incident, level 12 opens one', async () => {
    const alert = (level: number, id: string): unknown => ({
      timestamp: '2026-11-25T10:00:00.000+0000',
      rule: { level, id, description: `test rule ${id}`, groups: ['syslog'] },
      agent: { name: 'db-1' },
      full_log: `test ${id}`,
    });
    const before = h.app.store.incidents.list({ limit: 500 }).length;
    expect((await h.api('POST', '/hooks/security', alert(3, '90003'))).status).to.be.within(200, 299);
    await h.settle();
    expect(h.app.store.incidents.list({ limit: 500 }).length).to.equal(before);
    expect((await h.api('POST', '/hooks/security', alert(12, '90012'))).status).to.be.within(200, 299);
    await h.settle();
    const opened = h.app.store.incidents.list({ limit: 500 });
    expect(opened.length).to.equal(before + 1);
    expect(opened.some((i) => i.title === 'test rule 90012 on db-1')).to.equal(true);
  });
});
