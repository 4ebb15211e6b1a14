/**
 * Glob matching for principal ids and tool names in policy files. Only `*` is special (any run of
 * characters, including `:` and `.`), so `console:*` and `*.isolate_host` read the way operators expect.
 */
export function globMatch(pattern: string, value: string): boolean {
  if (!pattern.includes('*')) return pattern === value;
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 's').test(value);
}

/** True if any of the patterns matches the value. */
export function anyGlobMatch(patterns: readonly string[], value: string): boolean {
  return patterns.some((p) => globMatch(p, value));
}
