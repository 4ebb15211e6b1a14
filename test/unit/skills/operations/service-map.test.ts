import { expect } from 'chai';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import type { SignalDraft, ValidationError } from '../../../../src/core/index.js';
import { createAlertmanagerSource } from '../../../../adapters/sources/alertmanager/index.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  checkServiceMap,
  impactText,
  loadServiceMapFile,
  observeSignals,
} from '../../../../skills/operations/index.js';
import { opsFixture, SERVICE_MAP_PATH } from './ops-fixture.js';

const committed = (): any => parse(readFileSync(SERVICE_MAP_PATH, 'utf8'));
const issues = (doc: unknown): string[] => {
  try {
    checkServiceMap(doc);
  } catch (err) {
    return (err as ValidationError).issues.map((i) => `${i.path}: ${i.message}`);
  }
  return [];
};

describe('service map', () => {
  it('the committed map is valid and names the same services as the sandbox seed', () => {
    const map = checkServiceMap(committed());
    const seed = JSON.parse(
      readFileSync(new URL('../../../../data/sandbox-seed.json', import.meta.url), 'utf8'),
    );
    expect(Object.keys(map.services).sort()).to.deep.equal(seed.services.map((s: any) => s.name).sort());
    for (const s of seed.services)
      expect(map.services[s.name]!.dependsOn, s.name).to.have.members(s.dependsOn);
  });

  it('refuses a bad map with the path of every problem', () => {
    const doc = committed();
    doc.services.cart.tier = 'high';
    doc.services.cart.dependsOn.push('warehouse-db');
    doc.services.auth.owner = undefined;
    doc.services.auth.colour = 'blue';
    expect(issues(doc)).to.include.members([
      'services.cart.tier: Invalid input: expected number, received string',
      'services.auth.owner: Invalid input: expected string, received undefined',
    ]);
    expect(issues(doc).some((i) => i.startsWith('services.auth: Unrecognized key'))).to.equal(true);
    const dangling = committed();
    dangling.services.cart.dependsOn.push('warehouse-db');
    expect(issues(dangling)).to.deep.equal(['services.cart.dependsOn.1: unknown service "warehouse-db"']);
  });

  it('reads the file and reports YAML syntax errors and schema errors with the file name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wk-map-'));
    try {
      const file = join(dir, 'map.yaml');
      writeFileSync(file, 'version: 1\nservices:\n  cart: [unclosed\n');
      expect(() => loadServiceMapFile(file)).to.throw(/invalid service map .*map\.yaml/);
      writeFileSync(file, 'version: 2\nservices: {}\n');
      expect(() => loadServiceMapFile(file)).to.throw(/map\.yaml: version: /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('merges the declared map with live sandbox facts', () => {
    const { map } = opsFixture();
    const facts = map.about('checkout-api')!;
    expect(facts).to.include({ service: 'checkout-api', version: '2.4.1', status: 'degraded' });
    expect(facts.dependents).to.deep.equal(['frontend']);
    expect(facts.dependsOn).to.deep.equal(['auth', 'cart', 'inventory', 'payments-api']);
    expect(facts.recentDeploys[0]).to.include({ version: '2.4.1', status: 'bad' });
    expect(map.about('nope')).to.equal(undefined);
    expect(map.serviceForRepo('ACME/Checkout-API')).to.equal('checkout-api');
  });

  it('learns from signals: job labels name the service, unknown services are observed, deploys recorded', () => {
    const f = opsFixture();
    const clock = { now: () => new Date('2026-11-25T10:05:00Z') };
    const source = observeSignals(createAlertmanagerSource(), f.map, clock);
    const body = (labels: Record<string, string>) => ({
      version: '4',
      status: 'firing',
      groupKey: 'g',
      alerts: [{ status: 'firing', labels, annotations: {}, startsAt: '2026-11-25T10:00:00Z' }],
    });
    const [byJob] = source.parse(body({ alertname: 'HighLatency', job: 'cart', namespace: 'shop' }));
    expect(byJob!.labels['service']).to.equal('cart');
    const [wrongNs] = source.parse(body({ alertname: 'HighLatency', job: 'cart', namespace: 'other' }));
    expect(wrongNs!.labels).to.not.have.property('service');
    source.parse(body({ alertname: 'QueueBacklog', service: 'billing-worker', namespace: 'billing' }));
    expect(f.map.get('billing-worker')).to.deep.include({ declared: false, namespace: 'billing' });
    expect(f.map.list().at(-1)!.name).to.equal('billing-worker');

    const deploy: SignalDraft = {
      source: 'github',
      kind: 'deploy',
      status: 'firing',
      severity: 'error',
      fingerprint: 'f',
      groupKey: 'deploy:cart:production',
      labels: { service: 'cart', version: '1.9.0', status: 'failure', actor: 'ana' },
      annotations: {},
      summary: 'Deploy 1.9.0 of cart failure',
      startsAt: '2026-11-25T09:58:00.000Z',
      raw: {},
    };
    observeSignals({ id: 'github', parse: () => [deploy] }, f.map, clock).parse({});
    expect(f.map.about('cart')!.recentDeploys[0]).to.deep.equal({
      version: '1.9.0',
      at: '2026-11-25T09:58:00.000Z',
      by: 'ana',
      status: 'failure',
    });
    const text = impactText(f.map, 'checkout-api', { at: new Date('2026-11-25T10:00:00Z') })!;
    expect(text).to.include('⚠ cart deploy 1.9.0 at 2026-11-25T09:58:00.000Z by ana (failure)');
    expect(text).to.include('  checkout-api deploy 2.4.1 at 2026-08-01T09:52:00Z by ci (bad)');
  });

  it('the impact text says so when a service is not mapped', () => {
    const { map } = opsFixture();
    expect(impactText(map, 'ghost', { at: new Date() })).to.equal(undefined);
  });
});
