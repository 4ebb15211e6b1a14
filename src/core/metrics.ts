/** What the loop reports; src/http exposes it on /metrics with prom-client. */
export interface Metrics {
  signalReceived(source: string, count: number): void;
  incidentOpened(skill: string): void;
  stepFinished(tool: string, state: string): void;
  approvalDecided(status: string): void;
  decisionLatency(seconds: number): void;
}
