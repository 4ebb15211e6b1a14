import type { Plan } from './plan.js';

/** A span attribute; `undefined` values are dropped, so callers can pass optional fields as they are. */
export type SpanAttributeValue = string | number | boolean;
export type SpanAttributes = Readonly<Record<string, SpanAttributeValue | undefined>>;

/** One timed operation of a trace (OpenTelemetry's span, reduced to what Watchkeeper records). */
export interface TraceSpan {
  setAttributes(attributes: SpanAttributes): void;
  /** Marks the span failed; `code` is a stable error code, never parsed from `message`. */
  fail(code: string, message?: string): void;
  /** `endTime` (epoch ms, from `Tracer.now`) for spans recorded after the fact. */
  end(endTime?: number): void;
}

export interface SpanOptions {
  readonly attributes?: SpanAttributes;
  readonly parent?: TraceSpan;
  /** Spans this one continues without being their child (a run resumed after an approval). */
  readonly links?: readonly TraceSpan[];
  /** Epoch ms from `Tracer.now`; for spans recorded after the fact. */
  readonly startTime?: number;
}

/** How a plan was made; kept until the run that executes it starts, which adopts it as its first child. */
export interface PlanningTrace {
  readonly startTime: number;
  readonly endTime: number;
  readonly attributes: SpanAttributes;
}

/**
 * The tracing port (issue 11): traces around plan → decide → act. The default is `noopTracer`; an
 * OpenTelemetry implementation is loaded only when an OTLP endpoint is configured. Implementations
 * redact every string attribute, so callers pass ids and codes, never step inputs.
 */
export interface Tracer {
  /** False for the no-op: callers skip building attributes at all (the hot path stays as it was). */
  readonly enabled: boolean;
  /** Epoch milliseconds with sub-millisecond precision, on the tracer's own clock. */
  now(): number;
  startSpan(name: string, options?: SpanOptions): TraceSpan;
  notePlanning(plan: Plan, planning: PlanningTrace): void;
  /** The planning of `plan`, once: a second call returns undefined. */
  takePlanning(plan: Plan): PlanningTrace | undefined;
  /** Exports what is buffered and stops exporting. */
  shutdown(): Promise<void>;
}

export const noopSpan: TraceSpan = {
  setAttributes: () => undefined,
  fail: () => undefined,
  end: () => undefined,
};

export const noopTracer: Tracer = {
  enabled: false,
  now: () => Date.now(),
  startSpan: () => noopSpan,
  notePlanning: () => undefined,
  takePlanning: () => undefined,
  shutdown: () => Promise.resolve(),
};

/** Span names, documented in README "Dashboards, drills and replays". */
export const SPAN_NAMES = {
  run: 'watchkeeper.run',
  plan: 'watchkeeper.plan',
  decide: 'watchkeeper.decide',
  act: 'watchkeeper.act',
} as const;
