import type { AutonomyMode } from '../core/index.js';

/** Autonomy modes from most to least restrictive. */
const STRICTNESS: readonly AutonomyMode[] = ['shadow', 'suggest', 'supervised', 'autonomous'];

/** The mode used when no file sets one: low runs alone, the rest waits for approval. */
export const DEFAULT_AUTONOMY: AutonomyMode = 'supervised';

/** The more restrictive of two modes; used when several files set the same key. */
export function stricterAutonomy(a: AutonomyMode, b: AutonomyMode): AutonomyMode {
  return STRICTNESS.indexOf(a) <= STRICTNESS.indexOf(b) ? a : b;
}

/** `<domain>.<tool>` wins over `<domain>`, which wins over the default. */
export function autonomyFor(
  autonomy: Readonly<Record<string, AutonomyMode>>,
  domain: string,
  tool: string,
): AutonomyMode {
  return autonomy[`${domain}.${tool}`] ?? autonomy[domain] ?? DEFAULT_AUTONOMY;
}
