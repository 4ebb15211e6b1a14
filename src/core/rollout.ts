import type { AutonomyMode } from './policy.js';

/**
 * An autonomy mode set at run time (`/wk autonomy <key> <mode>` or automatic demotion). The key is
 * `<domain>`, `<domain>.<action>` (tool name without its prefix, e.g. `operations.rollback`) or
 * `<domain>.<tool>`; it wins over the policy files' `defaults.autonomy` for the same key.
 */
export interface AutonomyOverride {
  readonly key: string;
  readonly mode: AutonomyMode;
  readonly setBy: string;
  readonly reason: string;
  readonly setAt: string;
}

/** What one domain + tool did in a window: the evidence for promotion and demotion. */
export interface AutonomyHistoryRow {
  readonly domain: string;
  readonly tool: string;
  /** Steps recorded in shadow (planned, never run). */
  readonly shadowed: number;
  /** Of those, how many a person then ran themselves on the same incident. */
  readonly shadowMatched: number;
  /** Steps that asked people for approval. */
  readonly suggested: number;
  /** Approved and succeeded (an approval binds the exact step, so "unchanged"). */
  readonly accepted: number;
  /** Rejected or left to expire by people. */
  readonly rejected: number;
  /** Ran without asking. */
  readonly autonomous: number;
  readonly failed: number;
  readonly rolledBack: number;
}

export interface AutonomyRepository {
  list(): AutonomyOverride[];
  set(override: AutonomyOverride): void;
  remove(key: string): boolean;
  /** Per domain and tool, steps last updated at or after `since` (ISO). */
  history(since: string): AutonomyHistoryRow[];
  /** Steps of runs people's commands started in [from, to] (ISO), oldest first. */
  commandSteps(from: string, to: string): CommandStep[];
}

/** A step a person's command asked for. */
export interface CommandStep {
  readonly runId: string;
  readonly principal: string;
  readonly tool: string;
  readonly input: unknown;
  readonly state: string;
  readonly autonomy: AutonomyMode | null;
  readonly at: string;
}

/** Which agent versions serve new incidents. */
export interface VersionRouting {
  readonly stable: string;
  readonly canary?: string;
  /** Share of new incidents (0..1) routed to the canary. */
  readonly canaryShare: number;
}

/** The version that handles one incident, fixed at its first plan. */
export interface VersionAssignment {
  readonly incidentId: string;
  readonly version: string;
  readonly role: 'stable' | 'canary';
  /** The incident's position in [0, 1) from its fingerprint hash. */
  readonly bucket: number;
  readonly assignedAt: string;
}

/** How the incidents one version handled went. */
export interface VersionOutcome {
  readonly version: string;
  readonly incidents: number;
  readonly stepsSucceeded: number;
  readonly stepsFailed: number;
  /** Steps people rejected or let expire (interventions). */
  readonly approvalsRejected: number;
  /** Steps that waited for a person. */
  readonly approvalsRequested: number;
  /** Incidents no longer open. */
  readonly mitigated: number;
  /** Mean seconds from open to resolved, over resolved incidents; null when none. */
  readonly meanSecondsToResolve: number | null;
}

export interface AgentVersionRepository {
  /** Records the assignment unless the incident has one; returns the one that holds. */
  assign(a: VersionAssignment): VersionAssignment;
  get(incidentId: string): VersionAssignment | undefined;
  outcomes(): VersionOutcome[];
  /** The switched routing (promote/rollback), when any; the config file's applies otherwise. */
  routing(): VersionRouting | undefined;
  setRouting(routing: VersionRouting): void;
}

/** The action of a tool: its name without the provider prefix (`sandbox.rollback` → `rollback`). */
export function actionOf(tool: string): string {
  const dot = tool.lastIndexOf('.');
  return dot < 0 ? tool : tool.slice(dot + 1);
}
