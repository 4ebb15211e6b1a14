/** Units accepted in policy durations (`expiresIn: 15m`). */
const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86400 };

/** Pattern for a policy duration: one or more `<n><unit>` parts, e.g. `90s`, `15m`, `1h30m`. */
export const DURATION_PATTERN = /^(\d+[smhd])+$/;

/**
 * Converts a policy duration (`"15m"`, `"1h30m"`) or a number of seconds into seconds.
 * Returns undefined for anything else so the schema can report it with the file position.
 */
export function parseDuration(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value > 0 ? value : undefined;
  if (!DURATION_PATTERN.test(value)) return undefined;
  let total = 0;
  for (const m of value.matchAll(/(\d+)([smhd])/g)) total += Number(m[1]) * (UNIT_SECONDS[m[2] ?? ''] ?? 0);
  return total > 0 ? total : undefined;
}
