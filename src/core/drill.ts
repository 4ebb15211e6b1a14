/** One expectation a drill checks, and whether the run met it. */
export interface DrillCheck {
  readonly name: string;
  readonly passed: boolean;
  /** What was expected and what was seen, in a sentence people can act on. */
  readonly detail: string;
}

/**
 * The verdict of one synthetic drill. Drills always run against the sandbox with autonomy forced to
 * shadow / live-sandbox; `mode` says which, so every report states that no real system was touched.
 */
export interface DrillResult {
  readonly drill: string;
  readonly passed: boolean;
  readonly mode: string;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly checks: readonly DrillCheck[];
  /** Why the drill could not run at all (e.g. the skill it exercises is not installed). */
  readonly error?: string;
}

/** Where finished drills are reported (the dashboard keeps the latest per drill). */
export interface DrillResultSink {
  record(result: DrillResult): void;
  latest(): readonly DrillResult[];
}
