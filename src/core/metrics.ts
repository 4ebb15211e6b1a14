/** What the loop reports; src/http exposes it on /metrics with prom-client. */
export interface Metrics {
  signalReceived(source: string, count: number): void;
  incidentOpened(skill: string): void;
  stepFinished(tool: string, state: string): void;
  approvalDecided(status: string): void;
  decisionLatency(seconds: number): void;
  /** One planning request to a language model: its outcome and the tokens it spent (optional port). */
  plannerRequest?(event: PlannerRequestEvent): void;
}

export interface PlannerRequestEvent {
  /** `ok` | `fallback` | `budget` | `cached` */
  readonly outcome: string;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** Tokens spent today (UTC) after this request. */
  readonly tokensToday: number;
}
