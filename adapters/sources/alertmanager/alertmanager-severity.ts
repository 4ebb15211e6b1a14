import type { Severity } from '../../../src/core/index.js';

const SEVERITY_WORDS: Readonly<Record<string, Severity>> = {
  critical: 'critical',
  page: 'critical',
  error: 'error',
  high: 'error',
  major: 'error',
  warning: 'warning',
  warn: 'warning',
  minor: 'warning',
  info: 'info',
  none: 'info',
  low: 'info',
};

/**
 * Maps the conventional `severity` label (any case) to a Watchkeeper severity. Alertmanager has no
 * severity of its own, so an absent or unknown label counts as `warning`: worth a look, not a page.
 */
export function alertmanagerSeverity(label: string | undefined): Severity {
  if (label === undefined) return 'warning';
  const key = label.trim().toLowerCase();
  return Object.prototype.hasOwnProperty.call(SEVERITY_WORDS, key)
    ? (SEVERITY_WORDS[key] ?? 'warning')
    : 'warning';
}
