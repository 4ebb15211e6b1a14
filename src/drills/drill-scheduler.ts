import type { Clock, DrillResult, Logger } from '../core/index.js';
import { WatchkeeperError } from '../core/index.js';
import { cronMatches, parseCron, type CronSchedule } from './cron.js';
import { findDrill } from './drill-catalogue.js';
import type { Drill } from './drill.js';

export interface DrillSchedule {
  readonly drill: Drill;
  readonly cron: string;
  readonly schedule: CronSchedule;
}

/**
 * Parses `WATCHKEEPER_DRILLS`: `name=cron` pairs separated by `;`, e.g.
 * `alert-storm=0 3 * * 1;bad-deploy=@daily`. Unknown drill names and bad cron fields fail start-up.
 */
export function parseDrillSchedules(text: string): DrillSchedule[] {
  return text
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const eq = part.indexOf('=');
      const name = (eq === -1 ? part : part.slice(0, eq)).trim();
      const cron = eq === -1 ? '' : part.slice(eq + 1).trim();
      const drill = findDrill(name);
      if (drill === undefined)
        throw new WatchkeeperError('CONFIG_INVALID', `WATCHKEEPER_DRILLS: no drill named "${name}"`);
      if (cron === '')
        throw new WatchkeeperError(
          'CONFIG_INVALID',
          `WATCHKEEPER_DRILLS: "${name}" needs =<cron expression>`,
        );
      return { drill, cron, schedule: parseCron(cron) };
    });
}

export interface DrillSchedulerOptions {
  readonly schedules: readonly DrillSchedule[];
  readonly run: (drill: Drill) => Promise<DrillResult>;
  readonly clock: Clock;
  readonly logger: Logger;
}

/**
 * Fires scheduled drills: `tick()` once a minute runs every drill whose cron matches that UTC minute,
 * one after another (a drill builds a whole app; two at once would compete for the CPU they measure).
 */
export class DrillScheduler {
  private lastMinute = -1;
  private running: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly o: DrillSchedulerOptions) {}

  /** Runs what is due now; a minute already handled, or a tick while drills still run, does nothing. */
  async tick(): Promise<readonly DrillResult[]> {
    const now = this.o.clock.now();
    const minute = Math.floor(now.getTime() / 60_000);
    if (minute === this.lastMinute || this.running !== undefined) return [];
    this.lastMinute = minute;
    const due = this.o.schedules.filter((s) => cronMatches(s.schedule, now));
    const results: DrillResult[] = [];
    this.running = (async () => {
      for (const s of due) {
        const result = await this.o.run(s.drill);
        results.push(result);
        (result.passed ? this.o.logger.info : this.o.logger.warn).call(
          this.o.logger,
          'scheduled drill finished',
          {
            drill: result.drill,
            passed: result.passed,
            failed: result.checks.filter((c) => !c.passed).map((c) => c.name),
          },
        );
      }
    })().finally(() => {
      this.running = undefined;
    });
    await this.running;
    return results;
  }

  start(everyMs = 20_000): void {
    if (this.o.schedules.length === 0) return;
    this.timer = setInterval(() => void this.tick(), everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    await this.running;
  }
}
