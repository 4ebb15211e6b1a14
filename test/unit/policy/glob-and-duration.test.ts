import { expect } from 'chai';
import { globMatch, parseDuration } from '../../../src/policy/index.js';

describe('globMatch', () => {
  it('matches exact ids and `*` across separators, treating other characters literally', () => {
    expect(globMatch('console:operator', 'console:operator')).to.equal(true);
    expect(globMatch('console:*', 'console:alice')).to.equal(true);
    expect(globMatch('console:*', 'slack:alice')).to.equal(false);
    expect(globMatch('*.isolate_host', 'sandbox.isolate_host')).to.equal(true);
    expect(globMatch('*.isolate_host', 'sandbox.isolate_hostile')).to.equal(false);
    expect(globMatch('sandbox.logs', 'sandboxXlogs')).to.equal(false);
    expect(globMatch('a+b(*)', 'a+b(x)')).to.equal(true);
  });
});

describe('parseDuration', () => {
  it('reads policy durations and rejects anything else', () => {
    expect(parseDuration('15m')).to.equal(900);
    expect(parseDuration('1h')).to.equal(3600);
    expect(parseDuration('1h30m')).to.equal(5400);
    expect(parseDuration(45)).to.equal(45);
    expect(parseDuration('soon')).to.equal(undefined);
    expect(parseDuration(0)).to.equal(undefined);
    expect(parseDuration('0m')).to.equal(undefined);
  });
});
