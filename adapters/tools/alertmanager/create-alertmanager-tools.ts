import { z } from 'zod';
import { ToolError } from '../../../src/core/index.js';
import type { Tool, ToolContext, ToolResult } from '../../../src/core/index.js';
import { callOpsApi } from '../prometheus/call-ops-api.js';
import type { OpsApiOptions } from '../prometheus/call-ops-api.js';

export interface AlertmanagerToolsOptions {
  readonly api: OpsApiOptions;
  readonly environment: string;
  /** Written into `createdBy` of every silence. */
  readonly createdBy?: string;
}

/** A silence is a bounded pause: at most one day. */
export const MAX_SILENCE_MINUTES = 24 * 60;

const labelName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected a label name');
const silenceInput = z.object({
  /** Exact matches, e.g. `{ alertname: 'HighCPU', service: 'cart' }`. */
  matchers: z
    .record(labelName, z.coerce.string().min(1))
    .refine((m) => Object.keys(m).length > 0, { message: 'at least one matcher' }),
  minutes: z.coerce.number().int().min(1).max(MAX_SILENCE_MINUTES),
  comment: z.string().min(1).max(500).default('silenced by watchkeeper'),
});
export type AlertmanagerSilenceInput = z.infer<typeof silenceInput>;
const expireInput = z.object({ id: z.string().uuid() });

const silenceSchema = z.looseObject({
  id: z.string(),
  status: z.looseObject({ state: z.string() }),
  comment: z.string(),
  endsAt: z.string(),
});

/**
 * Alertmanager v2 silences: `alertmanager.create_silence` (medium, reversible by
 * `alertmanager.expire_silence`). The idempotency key is written into the comment, and a retried create
 * finds the silence it already made instead of adding a second one.
 * @see https://github.com/prometheus/alertmanager/blob/main/api/v2/openapi.yaml
 */
export function createAlertmanagerTools(o: AlertmanagerToolsOptions): Tool[] {
  const tag = (ctx: ToolContext): string => `[wk:${ctx.idempotencyKey}]`;
  const matcherList = (m: Readonly<Record<string, string>>) =>
    Object.entries(m).map(([name, value]) => ({ name, value, isRegex: false, isEqual: true }));
  const filter = (m: Readonly<Record<string, string>>) =>
    Object.entries(m).map(([k, v]) => `${k}="${v.replace(/["\\]/g, '\\$&')}"`);

  const create: Tool<AlertmanagerSilenceInput> = {
    name: 'alertmanager.create_silence',
    description: `Silence alerts matching exact labels in Alertmanager for 1–${MAX_SILENCE_MINUTES} minutes.`,
    input: silenceInput,
    risk: 'medium',
    reversible: true,
    scope: 'alertmanager:silences',
    target: (input) => ({
      environment: o.environment,
      ...(input.matchers['service'] === undefined ? {} : { service: input.matchers['service'] }),
      asset: 'alertmanager',
    }),
    dryRun: async (input, ctx) => {
      const alerts = await get(o, '/api/v2/alerts', ctx, filter(input.matchers));
      const n = Array.isArray(alerts) ? alerts.length : 0;
      return {
        ok: true,
        summary: `would silence {${filter(input.matchers).join(', ')}} for ${input.minutes} min (${n} alert${n === 1 ? '' : 's'} firing now)`,
        data: { matching: n, dryRun: true },
      };
    },
    run: async (input, ctx) => {
      const existing = await findTagged(o, ctx, tag(ctx));
      if (existing !== undefined) return created(existing.id, existing.endsAt, input);
      const now = ctx.clock.now();
      const endsAt = new Date(now.getTime() + input.minutes * 60_000).toISOString();
      const res = await callOpsApi(o.api, {
        method: 'POST',
        path: '/api/v2/silences',
        body: {
          matchers: matcherList(input.matchers),
          startsAt: now.toISOString(),
          endsAt,
          createdBy: o.createdBy ?? 'watchkeeper',
          comment: `${input.comment} ${tag(ctx)}`,
        },
        signal: ctx.signal,
      });
      const id = (res.body as { silenceID?: unknown } | undefined)?.silenceID;
      if (typeof id !== 'string') throw new ToolError('Alertmanager did not return a silenceID', false);
      return created(id, endsAt, input);
    },
    rollback: (_input, result) => {
      const id = (result.data as { id?: unknown } | undefined)?.id;
      return result.ok && typeof id === 'string'
        ? { tool: 'alertmanager.expire_silence', input: { id } }
        : undefined;
    },
  };

  const expire: Tool<z.infer<typeof expireInput>> = {
    name: 'alertmanager.expire_silence',
    description: 'Expire an Alertmanager silence now, so its alerts notify again.',
    input: expireInput,
    risk: 'medium',
    reversible: false,
    scope: 'alertmanager:silences',
    target: (input) => ({ environment: o.environment, asset: `silence:${input.id}` }),
    run: async (input, ctx) => {
      const path = `/api/v2/silence/${encodeURIComponent(input.id)}`;
      // Alertmanager answers DELETE of an unknown id with 500 "silence not found", so look first.
      const found = await callOpsApi(o.api, { method: 'GET', path, signal: ctx.signal, accept: [404] });
      const state = silenceSchema.safeParse(found.body);
      if (found.status === 404 || (state.success && state.data.status.state === 'expired')) {
        return {
          ok: true,
          summary: `silence ${input.id} is ${found.status === 404 ? 'unknown' : 'already expired'}; nothing to do`,
          data: { id: input.id, changed: false },
        };
      }
      await callOpsApi(o.api, { method: 'DELETE', path, signal: ctx.signal });
      return { ok: true, summary: `silence ${input.id} expired`, data: { id: input.id, changed: true } };
    },
  };
  return [create, expire] as Tool[];
}

function created(id: string, endsAt: string, input: AlertmanagerSilenceInput): ToolResult {
  const what = Object.entries(input.matchers)
    .map(([k, v]) => `${k}="${v}"`)
    .join(', ');
  return {
    ok: true,
    summary: `silence ${id} on {${what}} until ${endsAt}`,
    data: { id, endsAt, changed: true },
  };
}

async function get(
  o: AlertmanagerToolsOptions,
  path: string,
  ctx: ToolContext,
  filters: string[],
): Promise<unknown> {
  const qs = filters.map((f) => `filter=${encodeURIComponent(f)}`).join('&');
  const res = await callOpsApi(o.api, {
    method: 'GET',
    path: `${path}${qs === '' ? '' : `?${qs}`}`,
    signal: ctx.signal,
  });
  return res.body;
}

/** An active or pending silence this tool already created for the same idempotency key. */
async function findTagged(
  o: AlertmanagerToolsOptions,
  ctx: ToolContext,
  tag: string,
): Promise<z.infer<typeof silenceSchema> | undefined> {
  const body = await get(o, '/api/v2/silences', ctx, []);
  const list = z.array(silenceSchema).safeParse(body);
  if (!list.success)
    throw new ToolError('Alertmanager answered /api/v2/silences with an unexpected body', false);
  return list.data.find((s) => s.comment.includes(tag) && s.status.state !== 'expired');
}
