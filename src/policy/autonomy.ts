import { actionOf, type AutonomyMode } from '../core/index.js';

/** Autonomy modes from most to least restrictive. */
export const AUTONOMY_ORDER: readonly AutonomyMode[] = ['shadow', 'suggest', 'supervised', 'autonomous'];

/**
 * The mode for a domain or action no file and no override sets: shadow, so a new domain plans and
 * records what it would have done and acts on nothing until someone promotes it (README "Rolling out
 * safely"). The shipped default policy sets its domains explicitly.
 */
export const DEFAULT_AUTONOMY: AutonomyMode = 'shadow';

/** The more restrictive of two modes; used when several files set the same key. */
export function stricterAutonomy(a: AutonomyMode, b: AutonomyMode): AutonomyMode {
  return AUTONOMY_ORDER.indexOf(a) <= AUTONOMY_ORDER.indexOf(b) ? a : b;
}

/** Keys from most to least specific: `<domain>.<tool>`, `<domain>.<action>`, `<domain>`. */
export function autonomyKeys(domain: string, tool: string): string[] {
  const keys = [`${domain}.${tool}`, `${domain}.${actionOf(tool)}`, domain];
  return [...new Set(keys)];
}

/**
 * The mode for a step: the most specific key set anywhere wins; at the same key a run-time override
 * (`/wk autonomy`, automatic demotion) wins over the files. Nothing set: {@link DEFAULT_AUTONOMY}.
 */
export function autonomyFor(
  autonomy: Readonly<Record<string, AutonomyMode>>,
  domain: string,
  tool: string,
  overrides: Readonly<Record<string, AutonomyMode>> = {},
): AutonomyMode {
  for (const key of autonomyKeys(domain, tool)) {
    const mode = own(overrides, key) ?? own(autonomy, key);
    if (mode !== undefined) return mode;
  }
  return DEFAULT_AUTONOMY;
}

/** One step less autonomous; shadow stays shadow. */
export function demoted(mode: AutonomyMode): AutonomyMode {
  return AUTONOMY_ORDER[Math.max(0, AUTONOMY_ORDER.indexOf(mode) - 1)] ?? 'shadow';
}

/** One step more autonomous; autonomous stays autonomous. */
export function promoted(mode: AutonomyMode): AutonomyMode {
  return AUTONOMY_ORDER[Math.min(AUTONOMY_ORDER.length - 1, AUTONOMY_ORDER.indexOf(mode) + 1)] ?? mode;
}

function own(map: Readonly<Record<string, AutonomyMode>>, key: string): AutonomyMode | undefined {
  return Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined;
}
