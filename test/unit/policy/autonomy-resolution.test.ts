import { expect } from 'chai';
import { autonomyFor, autonomyKeys, demoted, promoted, DEFAULT_AUTONOMY } from '../../../src/policy/index.js';

describe('policy: autonomy resolution', () => {
  const files = {
    operations: 'supervised',
    'operations.rollback': 'suggest',
    'operations.sandbox.scale': 'autonomous',
  } as const;

  it('an unconfigured domain starts in shadow', () => {
    expect(DEFAULT_AUTONOMY).to.equal('shadow');
    expect(autonomyFor(files, 'finance', 'ledger.transfer')).to.equal('shadow');
  });

  it('the most specific key wins: domain.tool, then domain.action, then domain', () => {
    expect(autonomyKeys('operations', 'sandbox.rollback')).to.deep.equal([
      'operations.sandbox.rollback',
      'operations.rollback',
      'operations',
    ]);
    expect(autonomyFor(files, 'operations', 'sandbox.rollback')).to.equal('suggest');
    expect(autonomyFor(files, 'operations', 'k8s.rollback')).to.equal('suggest');
    expect(autonomyFor(files, 'operations', 'sandbox.scale')).to.equal('autonomous');
    expect(autonomyFor(files, 'operations', 'sandbox.restart')).to.equal('supervised');
  });

  it('a run-time override wins over the files at the same key, not over a more specific file key', () => {
    expect(
      autonomyFor(files, 'operations', 'sandbox.rollback', { 'operations.rollback': 'supervised' }),
    ).to.equal('supervised');
    expect(autonomyFor(files, 'operations', 'sandbox.restart', { operations: 'shadow' })).to.equal('shadow');
    expect(autonomyFor(files, 'operations', 'sandbox.rollback', { operations: 'autonomous' })).to.equal(
      'suggest',
    );
    expect(autonomyFor(files, 'finance', 'x.pay', { finance: 'suggest' })).to.equal('suggest');
  });

  it('demotion and promotion move one mode and stop at the ends', () => {
    expect(['shadow', 'suggest', 'supervised', 'autonomous'].map((m) => demoted(m as never))).to.deep.equal([
      'shadow',
      'shadow',
      'suggest',
      'supervised',
    ]);
    expect(['shadow', 'suggest', 'supervised', 'autonomous'].map((m) => promoted(m as never))).to.deep.equal([
      'suggest',
      'supervised',
      'autonomous',
      'autonomous',
    ]);
  });
});
