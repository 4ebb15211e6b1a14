/** One deploy of a service, as a source of truth (CD system, sandbox) recorded it. */
export interface DeployFact {
  readonly version: string;
  readonly at: string;
  readonly by: string;
  /** Backend-defined verdict, e.g. `good` / `bad`. */
  readonly status: string;
  /** Set when this deploy rolled back another version. */
  readonly rollbackOf?: string;
}

/** A feature flag owned by the service; `changedAt` when the backend keeps flag history. */
export interface FlagFact {
  readonly name: string;
  readonly enabled: boolean;
  readonly changedAt?: string;
}

/**
 * What the service map and change history say about one service: the "orient" half of the autonomy loop
 * (planning prompts) and of impact analysis. `dependsOn` are the downstream suspects (what this service
 * calls); `dependents` are the upstream blast radius (who calls this service).
 */
export interface ServiceFacts {
  readonly service: string;
  readonly version?: string;
  readonly status?: string;
  readonly dependsOn: readonly string[];
  /**
   * Alerts of services that depend on this one fold into its open incident (a database whose outage
   * makes every caller alert). Declared per service, like an Alertmanager inhibition rule, so two
   * unrelated problems on neighbouring services still get incidents of their own.
   */
  readonly foldsDependents?: boolean;
  readonly dependents: readonly string[];
  /** Newest first, bounded by the implementation. */
  readonly recentDeploys: readonly DeployFact[];
  readonly flags?: readonly FlagFact[];
}

/** Read-only view of the service map and recent changes; `undefined` for a service it does not know. */
export interface ServiceContext {
  about(service: string): ServiceFacts | undefined;
}

/**
 * The facts for the named services first, then their direct neighbours (dependencies, then dependents),
 * each once, at most `limit` in all. Unknown names are skipped, so callers may pass guesses (chat words).
 */
export function gatherServiceFacts(
  context: ServiceContext,
  names: readonly string[],
  limit = 6,
): ServiceFacts[] {
  const out: ServiceFacts[] = [];
  const seen = new Set<string>();
  const add = (name: string): ServiceFacts | undefined => {
    if (out.length >= limit || seen.has(name)) return undefined;
    seen.add(name);
    const facts = context.about(name);
    if (facts !== undefined) out.push(facts);
    return facts;
  };
  const primary = names.map(add).filter((f): f is ServiceFacts => f !== undefined);
  for (const f of primary) for (const n of [...f.dependsOn, ...f.dependents]) add(n);
  return out;
}
