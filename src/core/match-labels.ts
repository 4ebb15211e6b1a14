/**
 * Label patterns shared by playbook triggers and subscription filters: `a|b|c` alternatives, each
 * exact or a `*` glob (`High*`, `*`). Regex metacharacters in values are literal.
 */
export function labelPattern(pattern: string): RegExp {
  const alternatives = pattern.split('|').map((alt) =>
    alt
      .split('*')
      .map((part) => part.replace(/[.+?^${}()[\]\\]/g, '\\$&'))
      .join('.*'),
  );
  return new RegExp(`^(?:${alternatives.join('|')})$`, 's');
}

/** Whether labels satisfy a playbook trigger: every trigger key present, its value matching the pattern. */
export function matchLabels(
  trigger: Readonly<Record<string, string>>,
  labels: Readonly<Record<string, string>>,
): boolean {
  for (const [key, pattern] of Object.entries(trigger)) {
    const value = Object.prototype.hasOwnProperty.call(labels, key) ? labels[key] : undefined;
    if (value === undefined || !labelPattern(pattern).test(value)) return false;
  }
  return true;
}
