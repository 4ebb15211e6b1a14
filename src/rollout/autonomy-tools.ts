import { z } from 'zod';
import {
  AUTONOMY_MODES,
  type AutonomyMode,
  type AutonomyRepository,
  type Clock,
  type Tool,
  type ToolResult,
} from '../core/index.js';
import { autonomyProposals, DEFAULT_PROMOTION, type PromotionThresholds } from './autonomy-proposals.js';

export interface AutonomyToolsOptions {
  readonly repo: AutonomyRepository;
  /** Names people type for a domain (skill id, alias, domain) → the domain. */
  readonly domains: Readonly<Record<string, string>>;
  /** The mode in force for a key (`operations`, `operations.rollback`), overrides included. */
  readonly modeOfKey: (key: string) => AutonomyMode;
  /** The mode in force for a domain and tool. */
  readonly modeOf: (domain: string, tool: string) => AutonomyMode;
  readonly clock: Clock;
  readonly thresholds?: PromotionThresholds;
}

export const SET_AUTONOMY_TOOL = 'watchkeeper.set_autonomy';
export const AUTONOMY_PROPOSALS_TOOL = 'watchkeeper.autonomy_proposals';
export const AUTONOMY_SHOW_TOOL = 'watchkeeper.autonomy_show';

// Watchkeeper's own settings: not a production system, so the high-risk rule (not production-writes) applies.
const TARGET = { environment: 'watchkeeper', service: 'watchkeeper', tags: ['autonomy'] } as const;

/**
 * Watchkeeper's own autonomy as tools, so changing it goes through the one execution path: the policy
 * gate (high risk: an approver other than the requester), the approval binding to the exact key and
 * mode, and the audit ledger. The key's first part may be a skill alias (`ops.rollback`); it is stored
 * by domain (`operations.rollback`) before the step's digest is computed, so people approve what runs.
 */
export function createAutonomyTools(o: AutonomyToolsOptions): Tool[] {
  const t = o.thresholds ?? DEFAULT_PROMOTION;
  const setInput = z
    .object({ key: z.string().regex(/^[a-z][\w-]*(\.[\w.-]+)?$/i), mode: z.enum(AUTONOMY_MODES) })
    .transform((v, ctx) => {
      const [head = '', ...rest] = v.key.toLowerCase().split('.');
      const domain = o.domains[head];
      if (domain === undefined) {
        ctx.addIssue({ code: 'custom', message: `unknown domain "${head}" (known: ${known(o.domains)})` });
        return z.NEVER;
      }
      return { key: [domain, ...rest].join('.'), mode: v.mode };
    });
  type SetInput = z.output<typeof setInput>;

  const setAutonomy: Tool<SetInput> = {
    name: SET_AUTONOMY_TOOL,
    description:
      'Set the autonomy mode of a domain or domain.action (shadow, suggest, supervised, autonomous).',
    input: setInput as unknown as z.ZodType<SetInput>,
    risk: 'high',
    reversible: true,
    scope: 'watchkeeper:autonomy',
    target: () => TARGET,
    async dryRun(input) {
      return {
        ok: true,
        summary: `would set autonomy of ${input.key}: ${o.modeOfKey(input.key)} → ${input.mode}`,
      };
    },
    async run(input, ctx): Promise<ToolResult> {
      const before = o.modeOfKey(input.key);
      o.repo.set({
        key: input.key,
        mode: input.mode,
        setBy: `step:${ctx.idempotencyKey}`,
        reason: 'approved /wk autonomy change',
        setAt: ctx.clock.now().toISOString(),
      });
      return {
        ok: true,
        summary: `autonomy of ${input.key}: ${before} → ${input.mode}`,
        data: { key: input.key, from: before, to: input.mode },
      };
    },
  };

  const proposals: Tool<Record<string, never>> = {
    name: AUTONOMY_PROPOSALS_TOOL,
    description: `Promotions the last ${t.windowDays} days of evidence support.`,
    input: z.object({}).strict() as unknown as z.ZodType<Record<string, never>>,
    risk: 'low',
    reversible: true,
    scope: 'watchkeeper:read',
    target: () => TARGET,
    async run(): Promise<ToolResult> {
      const since = new Date(o.clock.now().getTime() - t.windowDays * 86_400_000).toISOString();
      const list = autonomyProposals(o.repo.history(since), o.modeOf, t);
      return {
        ok: true,
        summary:
          list.length === 0
            ? `No promotion proposed: not enough agreeing evidence in the last ${t.windowDays} days.`
            : list.map((p) => p.text).join('\n'),
        data: list,
      };
    },
  };

  const show: Tool<Record<string, never>> = {
    name: AUTONOMY_SHOW_TOOL,
    description: 'The autonomy overrides in force and who set them.',
    input: z.object({}).strict() as unknown as z.ZodType<Record<string, never>>,
    risk: 'low',
    reversible: true,
    scope: 'watchkeeper:read',
    target: () => TARGET,
    async run(): Promise<ToolResult> {
      const overrides = o.repo.list();
      const domains = [...new Set(Object.values(o.domains))].sort();
      const lines = [
        ...domains.map((d) => `${d}: ${o.modeOfKey(d)}`),
        ...overrides.map((v) => `override ${v.key} = ${v.mode} (${v.reason}, ${v.setBy}, ${v.setAt})`),
      ];
      return { ok: true, summary: lines.join('\n'), data: { overrides } };
    },
  };

  return [setAutonomy, proposals, show] as unknown as Tool[];
}

function known(domains: Readonly<Record<string, string>>): string {
  return [...new Set(Object.keys(domains))].sort().join(', ');
}
