import type { Clock, InterventionKind, Metrics, PlannerRequestEvent } from '../core/index.js';
import { LatencySeries, type LatencySummary } from './latency-series.js';

/** Examples kept per failure code (the newest ones). */
const EXAMPLES_PER_CODE = 3;
/** Longest example kept, characters. */
const EXAMPLE_CHARS = 200;
/** Minute buckets of token spend kept. */
const TOKEN_BUCKETS = 60;

type Tally = Record<string, number>;

export interface FailureMode {
  readonly code: string;
  readonly count: number;
  readonly examples: readonly string[];
}

/** What the aggregator counted since the process started. */
export interface AggregateSnapshot {
  readonly latency: {
    readonly firstResponse: LatencySummary;
    readonly commandReply: LatencySummary;
    readonly decision: LatencySummary;
  };
  readonly signals: Readonly<Tally>;
  readonly incidentsOpened: Readonly<Tally>;
  /** tool → final state → count */
  readonly steps: Readonly<Record<string, Readonly<Tally>>>;
  /** skill → run status → count */
  readonly runs: Readonly<Record<string, Readonly<Tally>>>;
  readonly approvalsDecided: Readonly<Tally>;
  readonly interventions: Readonly<Record<InterventionKind, number>>;
  /** Most frequent first. */
  readonly failures: readonly FailureMode[];
  readonly planner: {
    readonly requests: Readonly<Tally>;
    readonly inputTokens: number;
    readonly outputTokens: number;
    readonly tokensToday: number;
    readonly perMinute: readonly { readonly at: string; readonly tokens: number }[];
  };
}

function bump(tally: Tally, key: string, by = 1): void {
  tally[key] = (tally[key] ?? 0) + by;
}

function nested(table: Record<string, Tally>, key: string): Tally {
  return (table[key] ??= {});
}

/**
 * The dashboard's in-memory view of the Metrics port: plain counters and bounded latency buckets,
 * updated in O(1) per event and summarised only when the dashboard or a scrape asks.
 */
export class DashboardAggregator implements Metrics {
  private readonly first = new LatencySeries();
  private readonly reply = new LatencySeries();
  private readonly decision = new LatencySeries();
  private readonly signals: Tally = {};
  private readonly opened: Tally = {};
  private readonly steps: Record<string, Tally> = {};
  private readonly runs: Record<string, Tally> = {};
  private readonly approvals: Tally = {};
  private readonly interventions: Record<InterventionKind, number> = {
    approve: 0,
    reject: 0,
    correct: 0,
    takeover: 0,
  };
  private readonly failures = new Map<string, { count: number; examples: string[] }>();
  private readonly plannerRequests: Tally = {};
  private inputTokens = 0;
  private outputTokens = 0;
  private tokensToday = 0;
  private readonly tokenMinutes: { minute: number; tokens: number }[] = [];

  constructor(private readonly clock: Clock) {}

  signalReceived(source: string, count: number): void {
    bump(this.signals, source, count);
  }
  incidentOpened(skill: string): void {
    bump(this.opened, skill);
  }
  stepFinished(tool: string, state: string): void {
    bump(nested(this.steps, tool), state);
  }
  approvalDecided(status: string): void {
    bump(this.approvals, status);
  }
  decisionLatency(seconds: number): void {
    this.decision.observe(seconds, this.clock.now());
  }
  firstResponse(seconds: number): void {
    this.first.observe(seconds, this.clock.now());
  }
  commandReply(seconds: number): void {
    this.reply.observe(seconds, this.clock.now());
  }
  runFinished(skill: string, status: string): void {
    bump(nested(this.runs, skill), status);
  }
  intervention(kind: InterventionKind): void {
    this.interventions[kind] += 1;
  }
  failure(code: string, example: string): void {
    const mode = this.failures.get(code) ?? { count: 0, examples: [] };
    mode.count += 1;
    const short = example.length > EXAMPLE_CHARS ? `${example.slice(0, EXAMPLE_CHARS - 1)}…` : example;
    if (short !== '' && !mode.examples.includes(short)) {
      mode.examples.unshift(short);
      mode.examples.length = Math.min(mode.examples.length, EXAMPLES_PER_CODE);
    }
    this.failures.set(code, mode);
  }
  plannerRequest(e: PlannerRequestEvent): void {
    bump(this.plannerRequests, e.outcome);
    this.inputTokens += e.inputTokens;
    this.outputTokens += e.outputTokens;
    this.tokensToday = e.tokensToday;
    const minute = Math.floor(this.clock.now().getTime() / 60_000);
    const last = this.tokenMinutes[this.tokenMinutes.length - 1];
    if (last !== undefined && last.minute === minute) last.tokens += e.inputTokens + e.outputTokens;
    else {
      this.tokenMinutes.push({ minute, tokens: e.inputTokens + e.outputTokens });
      if (this.tokenMinutes.length > TOKEN_BUCKETS) this.tokenMinutes.shift();
    }
  }

  snapshot(): AggregateSnapshot {
    const copy = (table: Record<string, Tally>) =>
      Object.fromEntries(Object.entries(table).map(([k, v]) => [k, { ...v }]));
    return {
      latency: {
        firstResponse: this.first.summary(),
        commandReply: this.reply.summary(),
        decision: this.decision.summary(),
      },
      signals: { ...this.signals },
      incidentsOpened: { ...this.opened },
      steps: copy(this.steps),
      runs: copy(this.runs),
      approvalsDecided: { ...this.approvals },
      interventions: { ...this.interventions },
      failures: [...this.failures.entries()]
        .map(([code, m]) => ({ code, count: m.count, examples: [...m.examples] }))
        .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
      planner: {
        requests: { ...this.plannerRequests },
        inputTokens: this.inputTokens,
        outputTokens: this.outputTokens,
        tokensToday: this.tokensToday,
        perMinute: this.tokenMinutes.map((m) => ({
          at: new Date(m.minute * 60_000).toISOString(),
          tokens: m.tokens,
        })),
      },
    };
  }
}
