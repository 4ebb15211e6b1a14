import { expect } from 'chai';
import { gatherServiceFacts, type Store } from '../../../../../src/core/index.js';
import { createSandboxServiceContext } from '../../../../../adapters/tools/sandbox/index.js';
import { seededSandbox, type SandboxFixture } from './sandbox-fixture.js';

describe('sandbox service context', () => {
  let f: SandboxFixture;
  let store: Store;
  beforeEach(() => {
    f = seededSandbox();
    store = f.store;
  });
  afterEach(() => store.close());

  it('tells version, health, dependencies, dependents, deploys (newest first) and flags of a service', () => {
    const facts = createSandboxServiceContext({ state: f.state }).about('checkout-api');
    expect(facts).to.deep.equal({
      service: 'checkout-api',
      version: '2.4.1',
      status: 'degraded',
      dependsOn: ['payments-api', 'cart', 'auth', 'inventory'],
      dependents: ['frontend'],
      recentDeploys: [
        { version: '2.4.1', at: '2026-08-01T09:52:00Z', by: 'ci', status: 'bad' },
        { version: '2.4.0', at: '2026-07-27T14:03:00Z', by: 'ci', status: 'good' },
        { version: '2.3.9', at: '2026-07-20T09:12:00Z', by: 'ci', status: 'good' },
      ],
      flags: [{ name: 'new-checkout-flow', enabled: true }],
    });
  });

  it('finds every dependent of a shared service and bounds the deploy list', () => {
    const services = createSandboxServiceContext({ state: f.state, maxDeploys: 1 });
    const auth = services.about(' auth ');
    expect(auth?.dependents).to.deep.equal(['checkout-api', 'frontend', 'payments-api']);
    expect(auth?.dependsOn).to.deep.equal([]);
    expect(auth?.recentDeploys).to.have.length(1);
    expect(auth?.recentDeploys[0]?.version).to.equal('7.2.1');
  });

  it('knows nothing about services the sandbox does not have', () => {
    const services = createSandboxServiceContext({ state: f.state });
    expect(services.about('nope')).to.equal(undefined);
    expect(services.about('')).to.equal(undefined);
  });

  it('reads live state: a rollback a tool made is the newest deploy', async () => {
    await f.call('sandbox.rollback', { service: 'checkout-api' });
    const facts = createSandboxServiceContext({ state: f.state }).about('checkout-api');
    expect(facts?.version).to.equal('2.4.0');
    expect(facts?.status).to.equal('healthy');
    expect(facts?.recentDeploys[0]).to.deep.include({
      version: '2.4.0',
      by: 'watchkeeper',
      rollbackOf: '2.4.1',
    });
  });

  it('gathers the named services, then their neighbours, once each and bounded', () => {
    const services = createSandboxServiceContext({ state: f.state });
    const names = gatherServiceFacts(services, ['checkout-api', 'unknown', 'checkout-api'], 4).map(
      (s) => s.service,
    );
    expect(names).to.deep.equal(['checkout-api', 'payments-api', 'cart', 'auth']);
    expect(gatherServiceFacts(services, ['inventory']).map((s) => s.service)).to.deep.equal([
      'inventory',
      'cart',
      'checkout-api',
    ]);
    expect(gatherServiceFacts(services, [])).to.deep.equal([]);
  });
});
