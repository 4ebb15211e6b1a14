import { z } from 'zod';
import { ToolError } from '../../../src/core/index.js';
import type { Tool, ToolResult } from '../../../src/core/index.js';
import { callOpsApi } from './call-ops-api.js';
import type { OpsApiOptions } from './call-ops-api.js';

export interface PrometheusToolsOptions {
  readonly api: OpsApiOptions;
  /** Environment in the tools' targets, for policy rules. */
  readonly environment: string;
}

const promql = z.string().trim().min(1).max(2000);
const time = z.union([z.iso.datetime({ offset: true }), z.number()]);
const queryInput = z.object({ query: promql, time: time.optional() });
const rangeInput = z.object({
  query: promql,
  start: time,
  end: time,
  /** Resolution step in seconds; at most 11,000 points per series, as Prometheus itself allows. */
  step: z.number().positive().max(86_400),
});

const sample = z.tuple([z.number(), z.string()]);
const responseSchema = z.object({
  status: z.literal('success'),
  data: z.object({
    resultType: z.enum(['vector', 'matrix', 'scalar', 'string']),
    result: z.unknown(),
  }),
});
const seriesSchema = z.array(
  z.object({
    metric: z.record(z.string(), z.string()),
    value: sample.optional(),
    values: z.array(sample).optional(),
  }),
);

/**
 * Read-only PromQL tools over the Prometheus HTTP API: `prometheus.query` (instant) and
 * `prometheus.query_range`. Low risk; the summary lists up to ten series with their latest value.
 * @see https://prometheus.io/docs/prometheus/latest/querying/api/
 */
export function createPrometheusTools(o: PrometheusToolsOptions): Tool[] {
  const query: Tool<z.infer<typeof queryInput>> = {
    name: 'prometheus.query',
    description: 'Evaluate a PromQL expression at one instant (read-only).',
    input: queryInput,
    risk: 'low',
    reversible: false,
    scope: 'prometheus:read',
    target: () => ({ environment: o.environment, asset: 'prometheus' }),
    run: async (input, ctx) => {
      const res = await callOpsApi(o.api, {
        method: 'GET',
        path: '/api/v1/query',
        query: { query: input.query, time: input.time === undefined ? undefined : String(input.time) },
        signal: ctx.signal,
        accept: [400, 422],
      });
      return toResult(input.query, res.status, res.body);
    },
  };
  const range: Tool<z.infer<typeof rangeInput>> = {
    name: 'prometheus.query_range',
    description: 'Evaluate a PromQL expression over a time range (read-only).',
    input: rangeInput,
    risk: 'low',
    reversible: false,
    scope: 'prometheus:read',
    target: () => ({ environment: o.environment, asset: 'prometheus' }),
    run: async (input, ctx) => {
      const res = await callOpsApi(o.api, {
        method: 'GET',
        path: '/api/v1/query_range',
        query: {
          query: input.query,
          start: String(input.start),
          end: String(input.end),
          step: String(input.step),
        },
        signal: ctx.signal,
        accept: [400, 422],
      });
      return toResult(input.query, res.status, res.body);
    },
  };
  return [query, range] as Tool[];
}

function toResult(expr: string, status: number, body: unknown): ToolResult {
  if (status === 400 || status === 422) {
    const error = (body as { error?: unknown } | undefined)?.error;
    throw new ToolError(`PromQL rejected: ${typeof error === 'string' ? error : `HTTP ${status}`}`, false, {
      status,
    });
  }
  const parsed = responseSchema.safeParse(body);
  if (!parsed.success) throw new ToolError('Prometheus answered with an unexpected body', false);
  const { resultType, result } = parsed.data.data;
  if (resultType === 'scalar' || resultType === 'string') {
    const v = sample.safeParse(result);
    return { ok: true, summary: `${expr} = ${v.success ? v.data[1] : '?'}`, data: { resultType, result } };
  }
  const series = seriesSchema.safeParse(result);
  if (!series.success) throw new ToolError('Prometheus answered with an unexpected result', false);
  const lines = series.data.slice(0, 10).map((s) => {
    const last = s.value ?? s.values?.at(-1);
    const labels = Object.entries(s.metric)
      .map(([k, v]) => `${k}="${v}"`)
      .join(',');
    return `{${labels}} ${last === undefined ? '?' : last[1]}`;
  });
  const more = series.data.length > 10 ? ` (+${series.data.length - 10} more)` : '';
  return {
    ok: true,
    summary: series.data.length === 0 ? `${expr}: no data` : `${expr}: ${lines.join('; ')}${more}`,
    data: { resultType, result: series.data },
  };
}
