import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Metrics } from '../core/index.js';

/** The Metrics port backed by prom-client, and the registry `/metrics` serves. */
export interface MetricsBundle {
  readonly metrics: Metrics;
  readonly registry: Registry;
}

/**
 * A fresh registry per call (never prom-client's global one), so several apps in one test process do
 * not collide. Names are listed in src/http/README.md.
 */
export function createMetrics(): MetricsBundle {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const signals = new Counter({
    name: 'watchkeeper_signals_received_total',
    help: 'Signals accepted from sources, by source.',
    labelNames: ['source'],
    registers,
  });
  const incidents = new Counter({
    name: 'watchkeeper_incidents_opened_total',
    help: 'Incidents opened, by the skill that claimed them.',
    labelNames: ['skill'],
    registers,
  });
  const steps = new Counter({
    name: 'watchkeeper_steps_total',
    help: 'Steps that reached a final state, by tool and state.',
    labelNames: ['tool', 'state'],
    registers,
  });
  const approvals = new Counter({
    name: 'watchkeeper_approvals_total',
    help: 'Approvals decided, by outcome.',
    labelNames: ['status'],
    registers,
  });
  const latency = new Histogram({
    name: 'watchkeeper_decision_latency_seconds',
    help: 'Time from signal or command to the policy decision of its plan.',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const plannerRequests = new Counter({
    name: 'watchkeeper_planner_requests_total',
    help: 'Language-model planning requests, by outcome (ok, fallback, budget, cached).',
    labelNames: ['outcome'],
    registers,
  });
  const plannerTokens = new Counter({
    name: 'watchkeeper_planner_tokens_total',
    help: 'Model tokens spent by the planner, by kind (input, output).',
    labelNames: ['kind'],
    registers,
  });
  const plannerTokensToday = new Gauge({
    name: 'watchkeeper_planner_tokens_today',
    help: 'Model tokens spent today (UTC), the figure the daily budget is checked against.',
    registers,
  });
  const plannerTokensPerRequest = new Histogram({
    name: 'watchkeeper_planner_tokens_per_request',
    help: 'Model tokens per planning request (one request per incident group or chat question).',
    buckets: [250, 500, 1000, 2000, 4000, 8000, 16000, 32000],
    registers,
  });
  const metrics: Metrics = {
    signalReceived: (source, count) => signals.inc({ source }, count),
    incidentOpened: (skill) => incidents.inc({ skill }),
    stepFinished: (tool, state) => steps.inc({ tool, state }),
    approvalDecided: (status) => approvals.inc({ status }),
    decisionLatency: (seconds) => latency.observe(seconds),
    plannerRequest: (e) => {
      plannerRequests.inc({ outcome: e.outcome });
      plannerTokens.inc({ kind: 'input' }, e.inputTokens);
      plannerTokens.inc({ kind: 'output' }, e.outputTokens);
      plannerTokensToday.set(e.tokensToday);
      if (e.inputTokens + e.outputTokens > 0) plannerTokensPerRequest.observe(e.inputTokens + e.outputTokens);
    },
  };
  return { metrics, registry };
}
