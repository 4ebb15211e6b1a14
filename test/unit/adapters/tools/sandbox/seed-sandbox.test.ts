import { expect } from 'chai';
import { ValidationError } from '../../../../../src/core/index.js';
import { SANDBOX_KINDS, seedSandbox } from '../../../../../adapters/tools/sandbox/index.js';
import type { SandboxService } from '../../../../../adapters/tools/sandbox/index.js';
import { demoSeed, memoryStore } from './sandbox-fixture.js';

describe('seedSandbox', () => {
  it('writes the committed demo fleet into an empty sandbox', () => {
    const state = memoryStore().sandbox;
    expect(seedSandbox(state, demoSeed())).to.equal(true);
    const names = state.list<SandboxService>(SANDBOX_KINDS.service).map((s) => s.name);
    expect(names).to.have.members(['checkout-api', 'payments-api', 'cart', 'frontend', 'auth', 'inventory']);
    const checkout = state.get<SandboxService>(SANDBOX_KINDS.service, 'checkout-api');
    expect(checkout?.deploys.at(-1)?.status, 'the demo rollback needs a bad current deploy').to.equal('bad');
    expect(state.get(SANDBOX_KINDS.meta, 'environment')).to.deep.equal({ name: 'sandbox' });
  });

  it('leaves a sandbox that already has state alone', () => {
    const state = memoryStore().sandbox;
    seedSandbox(state, demoSeed());
    const svc = state.get<SandboxService>(SANDBOX_KINDS.service, 'cart');
    state.put(SANDBOX_KINDS.service, 'cart', { ...svc, replicas: 9 });
    expect(seedSandbox(state, demoSeed())).to.equal(false);
    expect(state.get<SandboxService>(SANDBOX_KINDS.service, 'cart')?.replicas).to.equal(9);
  });

  it('refuses an invalid seed naming the bad field, and writes nothing', () => {
    const state = memoryStore().sandbox;
    const seed = demoSeed() as { services: { replicas: unknown }[] };
    seed.services[1]!.replicas = 'many';
    let caught: unknown;
    try {
      seedSandbox(state, seed);
    } catch (err) {
      caught = err;
    }
    expect(caught).to.be.instanceOf(ValidationError);
    expect((caught as ValidationError).issues.map((i) => i.path)).to.include('services.1.replicas');
    expect(state.isEmpty()).to.equal(true);
  });

  it('refuses a dependency on a service that does not exist', () => {
    const seed = demoSeed() as { services: { dependsOn: string[] }[] };
    seed.services[0]!.dependsOn.push('ghost');
    expect(() => seedSandbox(memoryStore().sandbox, seed))
      .to.throw(ValidationError)
      .with.property('message')
      .that.includes('ghost');
  });
});
