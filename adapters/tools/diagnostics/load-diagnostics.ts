import { readFileSync } from 'node:fs';
import { WatchkeeperError, validate } from '../../../src/core/index.js';
import { diagnosticsFileSchema, type DiagnosticCheck } from './diagnostic-checks.js';

/** Reads and validates the allow-list file; a bad file stops start-up with every bad field named. */
export function loadDiagnostics(path: string): DiagnosticCheck[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (err) {
    throw new WatchkeeperError('CONFIG_INVALID', `cannot read diagnostics file ${path}: ${String(err)}`);
  }
  const { checks } = validate(diagnosticsFileSchema, raw, `diagnostics file ${path}`);
  const names = new Set<string>();
  for (const c of checks) {
    if (names.has(c.name))
      throw new WatchkeeperError('CONFIG_INVALID', `diagnostic "${c.name}" is declared twice`);
    names.add(c.name);
  }
  return checks;
}

/** One `service` check per sandbox/service-map service, so every ticket about one can be checked. */
export function serviceStatusChecks(services: readonly string[]): DiagnosticCheck[] {
  return services.map((s) => ({
    name: `${s}-status`,
    type: 'service' as const,
    service: s,
    services: [s],
    timeoutMs: 5_000,
  }));
}
