import { z } from 'zod';
import { sha256Hex, ToolError } from '../../../src/core/index.js';
import type { SandboxStateRepository, Tool } from '../../../src/core/index.js';
import { defineSandboxWriteTool } from './define-sandbox-tool.js';
import { resultChanged, resultField } from './result-data.js';
import { sandboxId } from './sandbox-schema.js';

/** Longest silence the sandbox accepts: a silence is a bounded pause, never a way to switch an alert off. */
export const MAX_SILENCE_MINUTES = 24 * 60;
const SILENCE_KIND = 'silence';

export interface SandboxSilence {
  readonly id: string;
  readonly matchers: Readonly<Record<string, string>>;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly comment: string;
  readonly expired: boolean;
}

const silenceInput = z.object({
  /** Exact label matches, e.g. `{ alertname: 'HighCPU', service: 'cart' }`; at least one. */
  matchers: z
    .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.coerce.string().min(1))
    .refine((m) => Object.keys(m).length > 0, { message: 'at least one matcher' }),
  minutes: z.coerce.number().int().min(1).max(MAX_SILENCE_MINUTES),
  comment: z.string().max(500).default('silenced from chat'),
});
export type SilenceInput = z.infer<typeof silenceInput>;
const expireInput = z.object({ id: sandboxId });
export type ExpireSilenceInput = z.infer<typeof expireInput>;

/** `sandbox.silence` (medium, reversible by `sandbox.expire_silence`): mutes matching alerts for a bounded time. */
export function createSilenceTool(state: SandboxStateRepository): Tool<SilenceInput> {
  return defineSandboxWriteTool(state, {
    name: 'sandbox.silence',
    description: `Silence alerts matching exact labels for 1–${MAX_SILENCE_MINUTES} minutes.`,
    input: silenceInput,
    risk: 'medium',
    scope: 'sandbox:alerts',
    target: (input) => ({
      ...(input.matchers['service'] === undefined ? {} : { service: input.matchers['service'] }),
      asset: `silence:${Object.entries(input.matchers)
        .map(([k, v]) => `${k}=${v}`)
        .join(',')}`,
    }),
    prepare: (input, ctx) => {
      const now = ctx.clock.now();
      const id = `S-${sha256Hex(ctx.idempotencyKey).slice(0, 8)}`;
      const endsAt = new Date(now.getTime() + input.minutes * 60_000).toISOString();
      const silence: SandboxSilence = {
        id,
        matchers: input.matchers,
        startsAt: now.toISOString(),
        endsAt,
        comment: input.comment,
        expired: false,
      };
      const text = Object.entries(input.matchers)
        .map(([k, v]) => `${k}="${v}"`)
        .join(', ');
      return {
        summary: `silence ${id} on {${text}} for ${input.minutes} min, until ${endsAt}`,
        data: { id, matchers: input.matchers, endsAt },
        apply: () => state.put(SILENCE_KIND, id, silence),
      };
    },
    inverse: (_input, result) => {
      const id = resultField(result, 'id');
      return resultChanged(result) && typeof id === 'string'
        ? { tool: 'sandbox.expire_silence', input: { id } }
        : undefined;
    },
  });
}

/** `sandbox.expire_silence` (medium): ends a silence early, so its alerts page again. */
export function createExpireSilenceTool(state: SandboxStateRepository): Tool<ExpireSilenceInput> {
  return defineSandboxWriteTool(state, {
    name: 'sandbox.expire_silence',
    description: 'Expire a sandbox silence before its end.',
    input: expireInput,
    risk: 'medium',
    scope: 'sandbox:alerts',
    target: (input) => ({ asset: `silence:${input.id}` }),
    prepare: (input, ctx) => {
      const silence = state.get<SandboxSilence>(SILENCE_KIND, input.id);
      if (silence === undefined) throw new ToolError(`unknown silence ${input.id}`, false, { id: input.id });
      const data = { id: silence.id };
      if (silence.expired) return { summary: `silence ${silence.id} has already expired`, data };
      const at = ctx.clock.now().toISOString();
      return {
        summary: `silence ${silence.id} expired at ${at}`,
        data,
        apply: () => state.put(SILENCE_KIND, silence.id, { ...silence, expired: true, endsAt: at }),
      };
    },
  });
}

/** The active silence (not expired, `now` inside its window) whose matchers all hold for the labels. */
export function activeSilence(
  state: SandboxStateRepository,
  labels: Readonly<Record<string, string>>,
  now: Date,
): SandboxSilence | undefined {
  const t = now.toISOString();
  return state
    .list<SandboxSilence>(SILENCE_KIND)
    .find(
      (s) =>
        !s.expired &&
        s.startsAt <= t &&
        t < s.endsAt &&
        Object.entries(s.matchers).every(([k, v]) => labels[k] === v),
    );
}
