import { expect } from 'chai';
import { otlpSettings, parseOtlpHeaders } from '../../../src/telemetry/index.js';

describe('telemetry: OTLP settings from the standard environment variables', () => {
  it('is off without an endpoint', () => {
    expect(otlpSettings({})).to.equal(undefined);
    expect(otlpSettings({ OTEL_SERVICE_NAME: 'x', OTEL_EXPORTER_OTLP_HEADERS: 'a=b' })).to.equal(undefined);
  });

  it('appends /v1/traces to the generic endpoint and uses the traces endpoint as it is', () => {
    expect(otlpSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })?.tracesUrl).to.equal(
      'http://collector:4318/v1/traces',
    );
    expect(otlpSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/otlp/' })?.tracesUrl).to.equal(
      'http://collector:4318/otlp/v1/traces',
    );
    expect(
      otlpSettings({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://traces.example/ingest',
      })?.tracesUrl,
    ).to.equal('https://traces.example/ingest');
  });

  it('defaults the service name to watchkeeper', () => {
    expect(otlpSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' })?.serviceName).to.equal(
      'watchkeeper',
    );
    expect(
      otlpSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_SERVICE_NAME: 'wk-eu' })?.serviceName,
    ).to.equal('wk-eu');
  });

  it('parses key=value headers with percent-decoded values and skips malformed pairs', () => {
    expect(parseOtlpHeaders('authorization=Bearer%20abc, x-scope = team-a ,broken,=v,k=a=b')).to.deep.equal({
      authorization: 'Bearer abc',
      'x-scope': 'team-a',
      k: 'a=b',
    });
    expect(parseOtlpHeaders('k=%E0%A4%A')).to.deep.equal({ k: '%E0%A4%A' });
  });
});
