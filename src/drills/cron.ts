import { WatchkeeperError } from '../core/index.js';

/** A parsed five-field cron expression: the allowed values of each field. */
export interface CronSchedule {
  readonly minutes: ReadonlySet<number>;
  readonly hours: ReadonlySet<number>;
  readonly daysOfMonth: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  readonly daysOfWeek: ReadonlySet<number>;
  /** Cron's rule: when both day fields are restricted, a day matching either one fires. */
  readonly dayOr: boolean;
}

const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day of week', min: 0, max: 7 },
] as const;

const ALIASES: Readonly<Record<string, string>> = {
  '@hourly': '0 * * * *',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@weekly': '0 0 * * 0',
  '@monthly': '0 0 1 * *',
};

function invalid(expr: string, why: string): WatchkeeperError {
  return new WatchkeeperError('CONFIG_INVALID', `cron "${expr}": ${why}`);
}

function parseField(expr: string, text: string, f: (typeof FIELDS)[number]): Set<number> {
  const values = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (m === null) throw invalid(expr, `${f.name} "${part}" is not a number, range, list or step`);
    const step = m[4] === undefined ? 1 : Number(m[4]);
    const lo = m[1] === '*' ? f.min : Number(m[2]);
    const hi = m[1] === '*' ? f.max : m[3] !== undefined ? Number(m[3]) : m[4] !== undefined ? f.max : lo;
    if (step < 1) throw invalid(expr, `${f.name} step must be at least 1`);
    if (lo < f.min || hi > f.max || lo > hi)
      throw invalid(expr, `${f.name} "${part}" is outside ${f.min}-${f.max}`);
    for (let v = lo; v <= hi; v += step) values.add(f.name === 'day of week' && v === 7 ? 0 : v);
  }
  return values;
}

/**
 * Parses `minute hour day-of-month month day-of-week` (numbers, `*`, ranges `a-b`, lists `a,b`, steps
 * `*\/n` and `a-b/n`; Sunday is 0 or 7) and the @hourly/@daily/@weekly/@monthly aliases. Times are UTC.
 */
export function parseCron(expression: string): CronSchedule {
  const expr = expression.trim();
  const fields = (ALIASES[expr] ?? expr).split(/\s+/);
  if (fields.length !== 5) throw invalid(expr, `expected 5 fields, got ${fields.length}`);
  const [minutes, hours, dom, months, dow] = fields.map((text, i) =>
    parseField(expr, text, FIELDS[i] as (typeof FIELDS)[number]),
  ) as [Set<number>, Set<number>, Set<number>, Set<number>, Set<number>];
  return {
    minutes,
    hours,
    daysOfMonth: dom,
    months,
    daysOfWeek: dow,
    dayOr: fields[2] !== '*' && fields[4] !== '*',
  };
}

/** Whether the schedule fires in the UTC minute of `at`. */
export function cronMatches(s: CronSchedule, at: Date): boolean {
  if (!s.minutes.has(at.getUTCMinutes()) || !s.hours.has(at.getUTCHours())) return false;
  if (!s.months.has(at.getUTCMonth() + 1)) return false;
  const dom = s.daysOfMonth.has(at.getUTCDate());
  const dow = s.daysOfWeek.has(at.getUTCDay());
  return s.dayOr ? dom || dow : dom && dow;
}

/** The first whole UTC minute strictly after `after` at which the schedule fires (searches 5 years). */
export function nextCronRun(s: CronSchedule, after: Date): Date | undefined {
  const t = new Date(after.getTime());
  t.setUTCSeconds(0, 0);
  for (let i = 0; i < 5 * 366 * 24 * 60; i++) {
    t.setUTCMinutes(t.getUTCMinutes() + 1);
    if (cronMatches(s, t)) return new Date(t.getTime());
  }
  return undefined;
}
