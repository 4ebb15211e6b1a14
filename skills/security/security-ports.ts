import type { Incident, IncidentStatus, Signal, TriageFn } from '../../src/core/index.js';

/**
 * What the security skill's read-only commands look at, injected by the composition root so the skill
 * imports nothing but src/core. Intel and vulnerability lookups are structural, so the skill does not
 * depend on how the detection half stores its feeds.
 */
export interface SecurityReadPorts {
  /** A stored security event (signal) by id. */
  readonly signal: (id: string) => Signal | undefined;
  readonly incidents: (filter: { status?: IncidentStatus; limit: number }) => readonly Incident[];
  readonly triage?: TriageFn;
  /** Indicator lookup in the loaded threat-intel feeds. */
  readonly intel?: SecurityIntelPort;
  /** Patch/configuration recommendations for one asset, or all when `asset` is absent. */
  readonly vulns?: (asset: string | undefined) => readonly SecurityVulnView[];
}

export interface SecurityIntelPort {
  lookup(indicator: string): readonly SecurityIntelHitView[];
  /** Reloads the feeds from disk; returns what was loaded. */
  refresh?(): { readonly indicators: number; readonly sources: readonly string[] };
}

/** One indicator that matched, as shown in chat. */
export interface SecurityIntelHitView {
  readonly indicator: string;
  readonly type: string;
  readonly source: string;
  readonly description?: string;
  readonly confidence?: number;
}

/** One recommendation, as shown in chat. */
export interface SecurityVulnView {
  readonly id: string;
  readonly summary: string;
  readonly risk: string;
  readonly package: string;
  readonly assets: readonly { readonly asset: string; readonly version: string }[];
  readonly fixedVersions: readonly string[];
  readonly recommendation: string;
}
