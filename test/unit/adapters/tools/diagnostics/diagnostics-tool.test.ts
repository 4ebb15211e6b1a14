import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createDiagnosticsTool,
  diagnosticCheckSchema,
  loadDiagnostics,
  type DiagnosticCheck,
} from '../../../../../adapters/tools/diagnostics/index.js';
import type { Store, ToolContext } from '../../../../../src/core/index.js';
import { openSqliteStore } from '../../../../../src/store/index.js';
import { silentLogger } from '../../../../helpers/silent-logger.js';

const clock = { now: () => new Date() };
const ctx: ToolContext = {
  idempotencyKey: 'k',
  signal: new AbortController().signal,
  logger: silentLogger,
  clock,
};

async function listen(server: Server | ReturnType<typeof createNetServer>): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

function check(c: Record<string, unknown>): DiagnosticCheck {
  return diagnosticCheckSchema.parse(c);
}

describe('diagnostics.run', function () {
  this.timeout(15_000);
  let dir: string;
  let store: Store;
  let servers: { close(cb: () => void): unknown; closeAllConnections?: () => void }[];
  let key: Buffer | undefined;
  let cert: Buffer | undefined;
  let caFile = '';
  /** HTTPS/TLS tests need the certificate openssl made. */
  const needCert = (ctx: Mocha.Context): void => {
    if (key === undefined) ctx.skip();
  };

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'wk-diag-'));
    try {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-days',
          '30',
          '-subj',
          '/CN=localhost',
          '-addext',
          'subjectAltName=DNS:localhost,IP:127.0.0.1',
          '-keyout',
          join(dir, 'key.pem'),
          '-out',
          join(dir, 'cert.pem'),
        ],
        { stdio: 'ignore' },
      );
      key = readFileSync(join(dir, 'key.pem'));
      cert = readFileSync(join(dir, 'cert.pem'));
      caFile = join(dir, 'cert.pem');
    } catch (err) {
      // CI installs openssl (.ci/run): there a missing binary is a failure, not a skip.
      if (process.env['CI']) throw new Error(`the HTTPS and TLS checks need openssl: ${String(err)}`);
      console.log('      (openssl not available: the HTTPS and TLS checks are skipped)');
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  beforeEach(() => {
    store = openSqliteStore({ path: ':memory:', clock, logger: silentLogger });
    servers = [];
  });
  afterEach(async () => {
    store.close();
    for (const s of servers) {
      s.closeAllConnections?.();
      await new Promise<void>((r) => s.close(() => r()));
    }
  });

  const tool = (checks: DiagnosticCheck[]) =>
    createDiagnosticsTool({ checks, tickets: store.tickets, clock });

  it('HTTPS check against a real server with a self-signed certificate, trusted through caFile', async function () {
    needCert(this);
    const server = createHttpsServer({ key: key!, cert: cert! }, (_req, res) =>
      res.writeHead(200).end('ok '.repeat(5000)),
    );
    servers.push(server);
    const port = await listen(server);
    const t = tool([check({ name: 'web', type: 'http', url: `https://127.0.0.1:${port}/healthz`, caFile })]);
    const r = await t.run({ check: 'web' }, ctx);
    expect(r.summary).to.match(/^🟢 web: HTTP GET 127\.0\.0\.1:\d+\/healthz → 200/);
    const data = r.data as { status: number; body: string; passed: boolean };
    expect(data).to.include({ status: 200, passed: true });
    expect(data.body.length, 'bounded output').to.be.at.most(200);
  });

  it('an untrusted certificate fails the HTTPS check without throwing', async function () {
    needCert(this);
    const server = createHttpsServer({ key: key!, cert: cert! }, (_req, res) => res.writeHead(200).end());
    servers.push(server);
    const port = await listen(server);
    const r = await tool([check({ name: 'web', type: 'http', url: `https://127.0.0.1:${port}/` })]).run(
      { check: 'web' },
      ctx,
    );
    expect(r.ok).to.equal(true);
    expect((r.data as { passed: boolean }).passed).to.equal(false);
    expect(r.summary).to.match(/^🔴 web: HTTP 127\.0\.0\.1:\d+: .*(self-signed|certificate)/i);
  });

  it('an unexpected status fails the HTTP check', async () => {
    const server = createHttpServer((_req, res) => res.writeHead(503).end('down'));
    servers.push(server);
    const port = await listen(server);
    const r = await tool([
      check({ name: 'api', type: 'http', url: `http://127.0.0.1:${port}/`, expectStatus: 200 }),
    ]).run({ check: 'api' }, ctx);
    expect(r.summary).to.include('→ 503').and.include('unexpected');
  });

  it('TLS check reports days left and trust, and fails under warnDays', async function () {
    needCert(this);
    const server = createHttpsServer({ key: key!, cert: cert! }, (_req, res) => res.end());
    servers.push(server);
    const port = await listen(server);
    const t = tool([
      check({ name: 'tls-ok', type: 'tls', host: '127.0.0.1', port, caFile, warnDays: 7 }),
      check({ name: 'tls-soon', type: 'tls', host: '127.0.0.1', port, caFile, warnDays: 60 }),
      check({ name: 'tls-untrusted', type: 'tls', host: '127.0.0.1', port }),
    ]);
    const ok = await t.run({ check: 'tls-ok' }, ctx);
    expect(ok.summary).to.match(
      /^🟢 tls-ok: TLS 127\.0\.0\.1:\d+ certificate expires \d{4}-\d\d-\d\d, (29|30) days left$/,
    );
    expect((await t.run({ check: 'tls-soon' }, ctx)).summary).to.match(/^🔴 .*fewer than 60/);
    expect((await t.run({ check: 'tls-untrusted' }, ctx)).summary).to.match(/^🔴 .*not trusted/);
  });

  it('port check: open and closed', async () => {
    const server = createNetServer((s) => s.end());
    servers.push(server);
    const port = await listen(server);
    const closedServer = createNetServer();
    const closedPort = await listen(closedServer);
    await new Promise((r) => closedServer.close(r));
    const t = tool([
      check({ name: 'open', type: 'port', host: '127.0.0.1', port }),
      check({ name: 'closed', type: 'port', host: '127.0.0.1', port: closedPort }),
    ]);
    expect((await t.run({ check: 'open' }, ctx)).summary).to.match(/^🟢 open: port 127\.0\.0\.1:\d+ open/);
    expect((await t.run({ check: 'closed' }, ctx)).summary).to.match(
      /^🔴 closed: port .* closed: ECONNREFUSED/,
    );
  });

  it('DNS check resolves localhost and reports an unknown name', async () => {
    const t = tool([
      check({ name: 'dns-local', type: 'dns', host: 'localhost' }),
      check({ name: 'dns-none', type: 'dns', host: 'no-such-host.invalid' }),
    ]);
    expect((await t.run({ check: 'dns-local' }, ctx)).summary).to.match(/^🟢 dns-local: DNS localhost → /);
    expect((await t.run({ check: 'dns-none' }, ctx)).summary).to.match(
      /^🔴 dns-none: DNS no-such-host\.invalid: E/,
    );
  });

  it('a server that never answers times out cleanly at the check timeout, and the result is attached', async () => {
    const server = createHttpServer(() => undefined);
    servers.push(server);
    const port = await listen(server);
    const { ticket } = store.tickets.upsert(
      { source: 'tickets', externalId: 'X', title: 't', body: '', priority: 'normal', reporter: 'r' },
      new Date().toISOString(),
    );
    const t = tool([check({ name: 'slow', type: 'http', url: `http://127.0.0.1:${port}/`, timeoutMs: 200 })]);
    const r = await t.run({ check: 'slow', ticket: ticket.id }, ctx);
    expect(r.ok).to.equal(true);
    expect(r.summary).to.equal('🔴 slow: slow timed out after 200 ms');
    expect(r.data).to.include({ timedOut: true, passed: false });
    expect(store.tickets.notes(ticket.id, 'diagnostic').map((n) => n.text)).to.deep.equal([r.summary]);
  });

  it('runs only allow-listed checks, by name', async () => {
    const err = await tool([])
      .run({ check: 'http://169.254.169.254/' }, ctx)
      .catch((e) => e);
    expect(err).to.include({ code: 'VALIDATION_FAILED' });
  });

  it('loads the allow-list file and refuses bad or duplicate entries', () => {
    const file = join(dir, 'checks.json');
    writeFileSync(file, JSON.stringify({ checks: [{ name: 'a', type: 'port', host: 'db', port: 5432 }] }));
    expect(loadDiagnostics(file)[0]).to.include({ name: 'a', timeoutMs: 5000 });
    writeFileSync(file, JSON.stringify({ checks: [{ name: 'a', type: 'shell', command: 'rm -rf /' }] }));
    expect(() => loadDiagnostics(file)).to.throw(/type/);
    writeFileSync(
      file,
      JSON.stringify({
        checks: [
          { name: 'a', type: 'dns', host: 'x' },
          { name: 'a', type: 'dns', host: 'y' },
        ],
      }),
    );
    expect(() => loadDiagnostics(file)).to.throw(/declared twice/);
  });
});
