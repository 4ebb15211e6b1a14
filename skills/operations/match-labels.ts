// Kept in step with src/planner/match-labels.ts: skills may not import src/planner.
/**
 * Whether a signal's labels satisfy a playbook trigger. Every trigger key must be present; its value is
 * a pattern: `a|b|c` alternatives, each exact or a `*` glob (`High*`, `*`).
 */
export function matchLabels(
  trigger: Readonly<Record<string, string>>,
  labels: Readonly<Record<string, string>>,
): boolean {
  for (const [key, pattern] of Object.entries(trigger)) {
    if (!Object.prototype.hasOwnProperty.call(labels, key)) return false;
    const value = labels[key] ?? '';
    if (!pattern.split('|').some((alt) => matchOne(alt, value))) return false;
  }
  return true;
}

function matchOne(pattern: string, value: string): boolean {
  if (!pattern.includes('*')) return pattern === value;
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 's').test(value);
}
