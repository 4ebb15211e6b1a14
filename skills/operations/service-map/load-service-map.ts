import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { ValidationError, validate } from '../../../src/core/index.js';
import { serviceMapSchema } from './service-map-schema.js';
import type { ServiceMapFile } from './service-map-schema.js';

/**
 * Reads and validates `data/service-map.yaml`. Every problem is reported at once with its path
 * (`services.cart.tier: …`), and a dependency on a service the map does not declare is an error:
 * a dangling edge would make the impact analysis lie.
 */
export function loadServiceMapFile(path: string): ServiceMapFile {
  let doc: unknown;
  try {
    doc = parse(readFileSync(path, 'utf8')) as unknown;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new ValidationError(`invalid service map ${path}: ${message}`, [{ path: '(root)', message }]);
  }
  return checkServiceMap(doc, path);
}

/** Validates a parsed service map document; `where` names it in errors. */
export function checkServiceMap(doc: unknown, where = 'service map'): ServiceMapFile {
  const map = validate(serviceMapSchema, doc, `service map ${where}`);
  const issues: { path: string; message: string }[] = [];
  for (const [svc, entry] of Object.entries(map.services)) {
    entry.dependsOn.forEach((dep, i) => {
      if (dep === svc) issues.push({ path: `services.${svc}.dependsOn.${i}`, message: 'depends on itself' });
      else if (map.services[dep] === undefined)
        issues.push({ path: `services.${svc}.dependsOn.${i}`, message: `unknown service "${dep}"` });
    });
  }
  if (issues.length > 0) {
    throw new ValidationError(
      `invalid service map ${where}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      issues,
    );
  }
  return map;
}
