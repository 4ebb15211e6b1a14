/** What the loop reports; src/http exposes it on /metrics with prom-client and on /dashboard. */
export interface Metrics {
  signalReceived(source: string, count: number): void;
  incidentOpened(skill: string): void;
  stepFinished(tool: string, state: string): void;
  approvalDecided(status: string): void;
  decisionLatency(seconds: number): void;
  /** One planning request to a language model: its outcome and the tokens it spent (optional port). */
  plannerRequest?(event: PlannerRequestEvent): void;
  /** Signal stored → first chat message about its incident posted (optional port). */
  firstResponse?(seconds: number): void;
  /** Chat command received → its reply handed back to the adapter (optional port). */
  commandReply?(seconds: number): void;
  /** A run reached a final status, by the skill that started it (optional port). */
  runFinished?(skill: string, status: string): void;
  /**
   * Something failed in a way worth grouping on the dashboard: a stable code (an error code, or
   * `step.<state>` for a tool step) and one short, already redacted example (optional port).
   */
  failure?(code: string, example: string): void;
  /** A person stepped in: `approve`, `reject`, `correct` or `takeover` (optional port). */
  intervention?(kind: InterventionKind): void;
}

export type InterventionKind = 'approve' | 'reject' | 'correct' | 'takeover';

export interface PlannerRequestEvent {
  /** `ok` | `fallback` | `budget` | `cached` */
  readonly outcome: string;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** Tokens spent today (UTC) after this request. */
  readonly tokensToday: number;
}

/**
 * One Metrics that reports to several (Prometheus and the dashboard's in-memory aggregator). Each sink
 * only does in-memory arithmetic, so the hot path stays cheap; optional methods are called where present.
 */
export function combineMetrics(...sinks: readonly Metrics[]): Metrics {
  return {
    signalReceived: (source, count) => sinks.forEach((m) => m.signalReceived(source, count)),
    incidentOpened: (skill) => sinks.forEach((m) => m.incidentOpened(skill)),
    stepFinished: (tool, state) => sinks.forEach((m) => m.stepFinished(tool, state)),
    approvalDecided: (status) => sinks.forEach((m) => m.approvalDecided(status)),
    decisionLatency: (seconds) => sinks.forEach((m) => m.decisionLatency(seconds)),
    plannerRequest: (event) => sinks.forEach((m) => m.plannerRequest?.(event)),
    firstResponse: (seconds) => sinks.forEach((m) => m.firstResponse?.(seconds)),
    commandReply: (seconds) => sinks.forEach((m) => m.commandReply?.(seconds)),
    runFinished: (skill, status) => sinks.forEach((m) => m.runFinished?.(skill, status)),
    failure: (code, example) => sinks.forEach((m) => m.failure?.(code, example)),
    intervention: (kind) => sinks.forEach((m) => m.intervention?.(kind)),
  };
}
