import type { Severity } from '../../../src/core/index.js';

/**
 * Wazuh's 0–15 alert level → Watchkeeper severity: 0–3 informational noise, 4–7 worth a look,
 * 8–11 an error-class event, 12+ critical (Wazuh calls 12 "high importance event").
 * @see https://documentation.wazuh.com/current/user-manual/ruleset/rules/rules-classification.html
 */
export function levelToSeverity(level: number): Severity {
  if (level >= 12) return 'critical';
  if (level >= 8) return 'error';
  if (level >= 4) return 'warning';
  return 'info';
}

const FALCO_LEVELS: Readonly<Record<string, number>> = {
  emergency: 15,
  alert: 14,
  critical: 12,
  error: 10,
  warning: 7,
  notice: 5,
  informational: 3,
  info: 3,
  debug: 1,
};

/** Falco priority (any case) → the Wazuh-like 0–15 scale; unknown priorities count as Warning (7). */
export function falcoPriorityLevel(priority: string): number {
  return FALCO_LEVELS[priority.trim().toLowerCase()] ?? 7;
}

const SIGMA_LEVELS: Readonly<Record<string, number>> = {
  informational: 3,
  low: 5,
  medium: 8,
  high: 12,
  critical: 15,
};

/** Sigma rule level → the Wazuh-like 0–15 scale; unknown levels count as medium (8). */
export function sigmaLevelNumber(level: string): number {
  return SIGMA_LEVELS[level.trim().toLowerCase()] ?? 8;
}
