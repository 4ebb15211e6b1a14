import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import type { ValidationError } from '../../../../../src/core/index.js';
import { createGrafanaSource } from '../../../../../adapters/sources/grafana/index.js';

const fixture = (): any =>
  JSON.parse(
    readFileSync(new URL('../../../../fixtures/grafana/webhook-firing.json', import.meta.url), 'utf8'),
  );

describe('Grafana unified alerting source', () => {
  const source = createGrafanaSource();

  it("parses the documentation's webhook into one alert signal per alert", () => {
    const [d, ...rest] = source.parse(fixture());
    expect(rest).to.have.length(0);
    expect(d).to.deep.include({
      source: 'grafana',
      kind: 'alert',
      status: 'firing',
      severity: 'warning',
      fingerprint: 'grafana:c6eadffa33fcdf37',
      groupKey: 'grafana:1:{}:{}',
      summary: 'This alert was triggered for zone us-1',
      startsAt: '2021-10-12T07:51:03.157Z',
    });
    expect(d!.labels).to.deep.equal({ alertname: 'High memory usage', team: 'blue', zone: 'us-1' });
    expect(d!.annotations['runbook_url']).to.equal('https://myrunbook.com/runbook/1234');
    expect(d!.annotations['values']).to.equal('B=44.23943737541908 C=1');
    expect(d!.annotations['silenceURL']).to.match(/^https:\/\/play\.grafana\.org\/alerting\/silence/);
    expect(d!.annotations, 'empty links are not kept').to.not.have.property('dashboardURL');
  });

  it('keeps the fingerprint and group of a resolved alert, so it resolves the same incident', () => {
    const firing = source.parse(fixture())[0]!;
    const body = fixture();
    body.status = 'resolved';
    body.alerts[0].status = 'resolved';
    body.alerts[0].endsAt = '2021-10-12T10:00:00Z';
    const resolved = source.parse(body)[0]!;
    expect(resolved.status).to.equal('resolved');
    expect([resolved.fingerprint, resolved.groupKey]).to.deep.equal([firing.fingerprint, firing.groupKey]);
  });

  it('maps the severity label and falls back to the description for the summary', () => {
    const body = fixture();
    body.alerts[0].labels.severity = 'Critical';
    delete body.alerts[0].annotations.summary;
    const d = source.parse(body)[0]!;
    expect(d.severity).to.equal('critical');
    expect(d.summary).to.equal('The system has high memory usage');
  });

  it('refuses an Alertmanager payload and bad alerts, naming each bad field', () => {
    const body = fixture();
    body.version = '4';
    body.alerts[0].startsAt = 'yesterday';
    delete body.alerts[0].labels;
    let caught: unknown;
    try {
      source.parse(body);
    } catch (err) {
      caught = err;
    }
    const issues = (caught as ValidationError).issues.map((i) => i.path);
    expect(issues).to.include.members(['version', 'alerts.0.startsAt', 'alerts.0.labels']);
  });
});
