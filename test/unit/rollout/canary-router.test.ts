import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { bucketOf, loadAgentVersions, routeVersion, switchVersion } from '../../../src/rollout/index.js';

describe('rollout: canary routing by fingerprint', () => {
  const fingerprints = Array.from(
    { length: 10_000 },
    (_, i) => `{}:{alertname="A${i % 97}", service="svc-${i}"}`,
  );

  for (const share of [0.05, 0.1, 0.25, 0.5]) {
    it(`sends ${share * 100}% of 10,000 fingerprints to the canary, within 3 standard deviations`, () => {
      const routing = { stable: 'v1', canary: 'v2', canaryShare: share };
      const canary = fingerprints.filter((f) => routeVersion(routing, f).role === 'canary').length;
      const sigma = Math.sqrt(10_000 * share * (1 - share));
      expect(Math.abs(canary - 10_000 * share)).to.be.below(3 * sigma);
    });
  }

  it('is stable per fingerprint, and raising the share only moves incidents from stable to canary', () => {
    const at10 = { stable: 'v1', canary: 'v2', canaryShare: 0.1 };
    const at30 = { ...at10, canaryShare: 0.3 };
    for (const f of fingerprints.slice(0, 2000)) {
      expect(routeVersion(at10, f)).to.deep.equal(routeVersion(at10, f));
      if (routeVersion(at10, f).role === 'canary') expect(routeVersion(at30, f).role).to.equal('canary');
      const b = bucketOf(f);
      expect(b).to.be.at.least(0).and.below(1);
    }
  });

  it('with no canary (or share 0) everything goes to stable', () => {
    expect(
      fingerprints.every((f) => routeVersion({ stable: 'v1', canaryShare: 0.5 }, f).version === 'v1'),
    ).to.equal(true);
    expect(
      fingerprints.every(
        (f) => routeVersion({ stable: 'v1', canary: 'v2', canaryShare: 0 }, f).version === 'v1',
      ),
    ).to.equal(true);
  });

  it('promote makes the canary stable; rollback stops the canary; both refuse without a canary', () => {
    const r = { stable: 'v1', canary: 'v2', canaryShare: 0.2 };
    expect(switchVersion(r, 'promote')).to.deep.equal({ stable: 'v2', canaryShare: 0 });
    expect(switchVersion(r, 'rollback')).to.deep.equal({ stable: 'v1', canaryShare: 0 });
    expect(() => switchVersion({ stable: 'v1', canaryShare: 0 }, 'promote'))
      .to.throw()
      .with.property('code', 'CONFLICT');
  });

  describe('versions.yaml', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wk-versions-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    const file = (text: string): string => {
      const f = join(dir, `${Math.random()}.yaml`);
      writeFileSync(f, text);
      return f;
    };

    it('reads bundles and routing; a missing file means no versions', () => {
      const v = loadAgentVersions(
        file(`stable: v1
canary: v2
canaryShare: 0.1
versions:
  v1: { planners: { operations: playbook }, policy: default@1 }
  v2: { planners: { operations: auto }, playbooks: [ops-error-rate], prompts: plan-v2, policy: default@1 }
`),
      );
      expect(v?.routing).to.deep.equal({ stable: 'v1', canary: 'v2', canaryShare: 0.1 });
      expect(v?.versions['v2']).to.deep.include({ playbooks: ['ops-error-rate'], prompts: 'plan-v2' });
      expect(loadAgentVersions(join(dir, 'none.yaml'))).to.equal(undefined);
    });

    it('names every bad field', () => {
      expect(() =>
        loadAgentVersions(
          file(
            'stable: v9\ncanary: v1\ncanaryShare: 2\nversions:\n  v1: { planners: { operations: magic } }\n',
          ),
        ),
      )
        .to.throw()
        .with.property('message')
        .that.matches(/canaryShare/)
        .and.matches(/planners\.operations/);
      expect(() => loadAgentVersions(file('stable: v9\nversions:\n  v1: {}\n')))
        .to.throw()
        .with.property('message')
        .that.matches(/stable: no version named v9/);
    });
  });
});
