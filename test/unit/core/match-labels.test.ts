import { expect } from 'chai';
import { matchLabels } from '../../../src/core/index.js';

describe('matchLabels', () => {
  it('matches exact values, alternatives and globs; every trigger key must be present', () => {
    const labels = { alertname: 'HighCPU', service: 'cart', env: 'prod.eu' };
    expect(matchLabels({ alertname: 'HighCPU' }, labels)).to.equal(true);
    expect(matchLabels({ alertname: 'HighLatency|HighCPU' }, labels)).to.equal(true);
    expect(matchLabels({ alertname: 'High*' }, labels)).to.equal(true);
    expect(matchLabels({ env: 'prod.*' }, labels)).to.equal(true);
    expect(matchLabels({ env: 'prod.e' }, labels)).to.equal(false);
    expect(matchLabels({ env: 'prodXeu' }, labels)).to.equal(false);
    expect(matchLabels({ service: '*' }, labels)).to.equal(true);
    expect(matchLabels({ team: '*' }, labels)).to.equal(false);
    expect(matchLabels({ alertname: 'HighCPUx' }, labels)).to.equal(false);
    expect(matchLabels({ alertname: 'HighCPU', service: 'auth' }, labels)).to.equal(false);
    expect(matchLabels({}, labels)).to.equal(true);
  });
});
