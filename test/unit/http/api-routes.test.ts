import { expect } from 'chai';
import type { Approval, ConsoleQueries, Incident } from '../../../src/core/index.js';
import { createApiRoutes, createHttpServer } from '../../../src/http/index.js';
import type { HttpServer } from '../../../src/http/index.js';
import { silentLogger } from '../../helpers/silent-logger.js';

const incident: Incident = {
  id: 'inc-1',
  groupKey: 'g',
  title: 'HighErrorRate on checkout-api',
  skill: 'operations',
  severity: 'critical',
  status: 'open',
  labels: { service: 'checkout-api' },
  signalCount: 1,
  openedAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  resolvedAt: null,
};

describe('createApiRoutes', () => {
  let server: HttpServer;
  let url: string;
  const calls: unknown[] = [];
  const queries: ConsoleQueries = {
    incidents: (f) => (calls.push(['incidents', f]), [incident]),
    incident: (id) => (id === 'inc-1' ? { incident, signals: [], runs: [] } : undefined),
    approvals: (f) => (calls.push(['approvals', f]), [] as Approval[]),
    audit: (after, limit) => (calls.push(['audit', after, limit]), []),
    verifyAudit: () => ({ ok: false, count: 7, firstBad: { seq: 4, reason: 'hash mismatch' } }),
    ready: () => true,
  };

  before(async () => {
    server = createHttpServer({
      host: '127.0.0.1',
      port: 0,
      routes: createApiRoutes({ queries }),
      consoleToken: 'ct',
      logger: silentLogger,
    });
    url = (await server.listen()).url;
  });
  after(() => server.close());

  const get = async (path: string) => {
    const res = await fetch(url + path, { headers: { authorization: 'Bearer ct' } });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('lists incidents with the status and limit filters', async () => {
    const res = await get('/api/incidents?status=open&limit=5');
    expect(res.status).to.equal(200);
    expect(res.body).to.deep.equal({ incidents: [incident] });
    expect(calls.at(-1)).to.deep.equal(['incidents', { status: 'open', limit: 5 }]);
    await get('/api/incidents');
    expect(calls.at(-1)).to.deep.equal(['incidents', { limit: 50 }]);
  });

  it('answers 400 naming the bad query parameter', async () => {
    const res = await get('/api/incidents?status=burning');
    expect(res.status).to.equal(400);
    expect(JSON.stringify(res.body)).to.contain('"path":"status"');
    const lim = await get('/api/audit?after=-1&limit=abc');
    expect(lim.status).to.equal(400);
    const paths = (lim.body as { error: { issues: { path: string }[] } }).error.issues.map((i) => i.path);
    expect(paths).to.have.members(['after', 'limit']);
  });

  it('returns one incident with its signals and runs, or 404', async () => {
    expect((await get('/api/incidents/inc-1')).body).to.deep.equal({ incident, signals: [], runs: [] });
    const missing = await get('/api/incidents/inc-9');
    expect(missing.status).to.equal(404);
    expect((missing.body as { error: { code: string } }).error.code).to.equal('NOT_FOUND');
  });

  it('lists pending approvals and audit entries after a sequence number', async () => {
    expect((await get('/api/approvals?status=pending')).body).to.deep.equal({ approvals: [] });
    expect(calls.at(-1)).to.deep.equal(['approvals', { status: 'pending', limit: 50 }]);
    expect((await get('/api/audit?after=10&limit=20')).body).to.deep.equal({ entries: [] });
    expect(calls.at(-1)).to.deep.equal(['audit', 10, 20]);
  });

  it('reports the audit verification, naming the first bad entry', async () => {
    expect((await get('/api/audit/verify')).body).to.deep.equal({
      ok: false,
      count: 7,
      firstBad: { seq: 4, reason: 'hash mismatch' },
    });
  });

  it('needs the console token, also accepted as ?token= (not treated as a filter)', async () => {
    expect((await fetch(`${url}/api/incidents`)).status).to.equal(401);
    expect((await fetch(`${url}/api/incidents?token=ct`)).status).to.equal(200);
  });
});
