import { expect } from 'chai';
import { cronMatches, nextCronRun, parseCron } from '../../../src/drills/index.js';

const at = (iso: string) => new Date(iso);

describe('cron expressions', () => {
  it('parses numbers, ranges, lists and steps', () => {
    const s = parseCron('*/15 9-17 * * 1-5');
    expect([...s.minutes]).to.deep.equal([0, 15, 30, 45]);
    expect([...s.hours]).to.deep.equal([9, 10, 11, 12, 13, 14, 15, 16, 17]);
    expect([...s.daysOfWeek]).to.deep.equal([1, 2, 3, 4, 5]);
    expect([...parseCron('5,10 0 1 1,7 *').months]).to.deep.equal([1, 7]);
    expect([...parseCron('0 0 * * 7').daysOfWeek]).to.deep.equal([0]);
    expect([...parseCron('10-30/10 * * * *').minutes]).to.deep.equal([10, 20, 30]);
  });

  it('matches in UTC (2026-11-25 is a Wednesday)', () => {
    const s = parseCron('*/15 9-17 * * 1-5');
    expect(cronMatches(s, at('2026-11-25T09:30:00Z'))).to.equal(true);
    expect(cronMatches(s, at('2026-11-25T09:31:00Z'))).to.equal(false);
    expect(cronMatches(s, at('2026-11-25T18:00:00Z'))).to.equal(false);
    expect(cronMatches(s, at('2026-11-29T10:00:00Z'))).to.equal(false); // Sunday
  });

  it('fires on either day field when both are restricted, as cron does', () => {
    const s = parseCron('0 12 1 * 3'); // the 1st of the month, or any Wednesday
    expect(cronMatches(s, at('2026-11-25T12:00:00Z'))).to.equal(true); // Wednesday the 25th
    expect(cronMatches(s, at('2026-12-01T12:00:00Z'))).to.equal(true); // Tuesday the 1st
    expect(cronMatches(s, at('2026-11-26T12:00:00Z'))).to.equal(false);
  });

  it('finds the next run, and knows the aliases', () => {
    expect(nextCronRun(parseCron('@daily'), at('2026-11-25T10:17:42Z'))?.toISOString()).to.equal(
      '2026-11-26T00:00:00.000Z',
    );
    expect(nextCronRun(parseCron('30 2 * * 0'), at('2026-11-25T10:00:00Z'))?.toISOString()).to.equal(
      '2026-11-29T02:30:00.000Z',
    );
    expect(nextCronRun(parseCron('0 0 29 2 *'), at('2026-11-25T00:00:00Z'))?.toISOString()).to.equal(
      '2028-02-29T00:00:00.000Z',
    );
  });

  it('refuses bad expressions with the field and the reason', () => {
    expect(() => parseCron('* * * *')).to.throw(/expected 5 fields, got 4/);
    expect(() => parseCron('60 * * * *')).to.throw(/minute "60" is outside 0-59/);
    expect(() => parseCron('* * * * mon')).to.throw(/day of week "mon" is not a number/);
    expect(() => parseCron('*/0 * * * *')).to.throw(/step must be at least 1/);
    expect(() => parseCron('5-1 * * * *')).to.throw(/outside/);
  });
});
