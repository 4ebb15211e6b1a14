import { expect } from 'chai';
import type { DrillResult } from '../../../src/core/index.js';
import { DrillScheduler, parseDrillSchedules, type Drill } from '../../../src/drills/index.js';
import { silentLogger } from '../../helpers/silent-logger.js';

class ManualClock {
  constructor(public t: number) {}
  now(): Date {
    return new Date(this.t);
  }
}

describe('drill scheduling', () => {
  it('parses WATCHKEEPER_DRILLS and refuses unknown drills or missing crons', () => {
    const s = parseDrillSchedules('alert-storm=0 3 * * 1; bad-deploy=@daily');
    expect(s.map((x) => [x.drill.name, x.cron])).to.deep.equal([
      ['alert-storm', '0 3 * * 1'],
      ['bad-deploy', '@daily'],
    ]);
    expect(() => parseDrillSchedules('no-such=@daily')).to.throw(/no drill named "no-such"/);
    expect(() => parseDrillSchedules('bad-deploy')).to.throw(/needs =<cron expression>/);
    expect(() => parseDrillSchedules('bad-deploy=61 * * * *')).to.throw(/minute "61"/);
  });

  it('runs due drills once per matching minute', async () => {
    const clock = new ManualClock(Date.parse('2026-11-25T02:59:30Z'));
    const ran: string[] = [];
    const scheduler = new DrillScheduler({
      schedules: parseDrillSchedules('bad-deploy=0 3 * * *;alert-storm=*/30 * * * *'),
      clock,
      logger: silentLogger,
      run: async (d: Drill): Promise<DrillResult> => {
        ran.push(d.name);
        return {
          drill: d.name,
          passed: true,
          mode: d.mode,
          startedAt: clock.now().toISOString(),
          durationMs: 0,
          checks: [],
        };
      },
    });
    expect(await scheduler.tick()).to.deep.equal([]);
    clock.t = Date.parse('2026-11-25T03:00:05Z');
    expect((await scheduler.tick()).map((r) => r.drill)).to.deep.equal(['bad-deploy', 'alert-storm']);
    clock.t += 30_000; // same minute: nothing again
    expect(await scheduler.tick()).to.deep.equal([]);
    clock.t = Date.parse('2026-11-25T03:30:00Z');
    await scheduler.tick();
    expect(ran).to.deep.equal(['bad-deploy', 'alert-storm', 'alert-storm']);
  });
});
