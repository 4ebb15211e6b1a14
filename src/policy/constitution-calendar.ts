import type { FreezeWindow } from './constitution-schema.js';
import type { WEEKDAYS } from './constitution-schema.js';

/** Wall-clock parts of `at` in `timeZone` (DST-correct, via Intl). */
function wallClock(at: Date, timeZone: string): { date: string; time: string; weekday: string } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    weekday: 'short',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return {
    date: `${get('year')}-${get('month')}-${get('day')}`,
    time: `${get('hour')}:${get('minute')}`,
    weekday: get('weekday').slice(0, 3).toLowerCase(),
  };
}

/** Whether `at` falls inside the freeze window, read in the window's own time zone. */
export function inFreeze(window: FreezeWindow, at: Date): boolean {
  const local = wallClock(at, window.timezone);
  if (window.weekly !== undefined) {
    const { days, from, to } = window.weekly;
    if (!days.includes(local.weekday as (typeof WEEKDAYS)[number])) return false;
    return local.time >= from && local.time < to;
  }
  if (window.from === undefined || window.to === undefined) return false;
  const stamp = `${local.date} ${local.time}`;
  return stamp >= window.from && stamp < window.to;
}
