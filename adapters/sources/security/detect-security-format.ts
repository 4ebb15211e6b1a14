import type { SecurityFormat } from './security-labels.js';

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Picks the format by shape, so that a malformed event is reported against the schema it resembles
 * (`rule.level: …`) instead of a vague union error. Undefined: no known shape.
 */
export function detectSecurityFormat(body: unknown): SecurityFormat | undefined {
  if (!isObject(body)) return undefined;
  const rule = body['rule'];
  if (typeof rule === 'string' && ('priority' in body || 'output' in body || 'output_fields' in body)) {
    return 'falco';
  }
  if (
    isObject(rule) &&
    'event' in body &&
    ('title' in rule || !('level' in rule && isNumeric(rule['level'])))
  ) {
    return 'sigma';
  }
  if (isObject(rule)) return 'wazuh';
  if ('title' in body) return 'generic';
  return undefined;
}

function isNumeric(v: unknown): boolean {
  return typeof v === 'number' || (typeof v === 'string' && /^\d+$/.test(v));
}
