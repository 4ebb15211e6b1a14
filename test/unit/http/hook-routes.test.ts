import { expect } from 'chai';
import type { SignalIntake } from '../../../src/core/index.js';
import { ValidationError } from '../../../src/core/index.js';
import { createHookRoutes, createHttpServer } from '../../../src/http/index.js';
import type { HttpServer } from '../../../src/http/index.js';
import { silentLogger } from '../../helpers/silent-logger.js';

describe('createHookRoutes', () => {
  let server: HttpServer;
  let url: string;
  const seen: { source: string; body: unknown }[] = [];
  const ingest = (source: string, body: unknown) => {
    if (typeof body !== 'object' || body === null || !('alerts' in body))
      throw new ValidationError('invalid payload', [{ path: 'alerts', message: 'Required' }]);
    seen.push({ source, body });
    return { accepted: 2, signalIds: ['s1', 's2'] };
  };
  // Validation is synchronous, as in the real intake: a bad body throws before anything is queued.
  const intake: SignalIntake = { ingest, accept: (source, body) => Promise.resolve(ingest(source, body)) };

  before(async () => {
    const routes = createHookRoutes({ intake, sources: ['alertmanager', 'generic'] });
    server = createHttpServer({ host: '127.0.0.1', port: 0, routes, hookToken: 'hk', logger: silentLogger });
    url = (await server.listen()).url;
  });
  after(() => server.close());

  const post = (path: string, body: string, token = 'hk') =>
    fetch(url + path, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    });

  it('accepts a payload with 202 and the committed signal ids, per source', async () => {
    const res = await post('/hooks/generic', '{"alerts":[]}');
    expect(res.status).to.equal(202);
    expect(await res.json()).to.deep.equal({ accepted: 2, signals: ['s1', 's2'] });
    expect(seen.at(-1)).to.deep.equal({ source: 'generic', body: { alerts: [] } });
  });

  it('answers 400 VALIDATION_FAILED with the parser message for invalid JSON, without ingesting', async () => {
    const before = seen.length;
    const res = await post('/hooks/alertmanager', '{"alerts": [');
    expect(res.status).to.equal(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).to.equal('VALIDATION_FAILED');
    expect(body.error.message).to.match(/^invalid JSON: .*JSON/);
    expect(seen.length).to.equal(before);
  });

  it('answers 400 with the issues the intake names', async () => {
    const res = await post('/hooks/alertmanager', '{"version":"4"}');
    expect(res.status).to.equal(400);
    const body = (await res.json()) as { error: { issues: unknown } };
    expect(body.error.issues).to.deep.equal([{ path: 'alerts', message: 'Required' }]);
  });

  it('requires the hook token', async () => {
    expect((await post('/hooks/alertmanager', '{"alerts":[]}', 'nope')).status).to.equal(401);
  });

  it('has no route for sources it was not given', async () => {
    expect((await post('/hooks/grafana', '{"alerts":[]}')).status).to.equal(404);
  });
});
