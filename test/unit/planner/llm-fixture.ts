import { z } from 'zod';
import type {
  AuditInput,
  Goal,
  KeyValueRepository,
  Metrics,
  PlannerRequestEvent,
  Signal,
  Skill,
  Tool,
} from '../../../src/core/index.js';
import { Redactor } from '../../../src/log/index.js';
import {
  TokenBudget,
  createLlmPlanner,
  createPlanner,
  createPlaybookPlanner,
  type PlannerMode,
} from '../../../src/planner/index.js';
import { createOpenAiPlanModel } from '../../../src/planner/create-openai-plan-model.js';
import { silentLogger } from '../../helpers/silent-logger.js';
import type { OpenAiStub } from '../../fakes/openai/index.js';

export const SECRET = 'sk-live-secretvalue-1234567890abcdef';
export const CONFIGURED_SECRET = 'hunter2-configured-password';

function tool(name: string, risk: Tool['risk'], input: z.ZodType): Tool {
  return {
    name,
    description: `${name} (test)`,
    input,
    risk,
    reversible: risk !== 'low',
    scope: 'test',
    target: () => ({ environment: 'sandbox' }),
    run: async () => ({ ok: true, summary: 'ran' }),
  };
}

export const TOOLS: readonly Tool[] = [
  tool('sandbox.service_status', 'low', z.object({ service: z.string().min(1) })),
  tool(
    'sandbox.rollback',
    'high',
    z.object({ service: z.string().min(1), toVersion: z.string().optional() }),
  ),
  tool(
    'sandbox.scale',
    'medium',
    z.object({ service: z.string(), replicas: z.number().int().min(1).max(50) }),
  ),
];

export const SKILL: Skill = {
  id: 'operations',
  domain: 'operations',
  description: 'test operations',
  claims: () => true,
  commands: [{ name: 'status', usage: '<service>', description: 'status', minArgs: 1 }],
  playbooks: [
    {
      id: 'ops.errors',
      description: 'errors',
      trigger: { kind: 'signal', labels: { alertname: 'HighErrorRate' } },
      steps: [
        { tool: 'sandbox.service_status', input: { service: '{{labels.service}}' }, rationale: 'look' },
      ],
    },
  ],
  tools: TOOLS,
};

export function signal(alertname: string, summary: string, annotations: Record<string, string> = {}): Signal {
  return {
    id: 'S-1',
    source: 'alertmanager',
    kind: 'alert',
    status: 'firing',
    severity: 'critical',
    fingerprint: `fp-${alertname}`,
    groupKey: `g-${alertname}`,
    labels: { alertname, service: 'checkout-api' },
    annotations: { summary, ...annotations },
    summary,
    startsAt: '2026-11-25T10:00:00.000Z',
    receivedAt: '2026-11-25T10:00:01.000Z',
    raw: {},
  };
}

export const GOAL: Goal = {
  skill: 'operations',
  domain: 'operations',
  text: 'checkout 502s since the deploy',
};

export function step(tool: string, input: unknown, risk: string | null = null): Record<string, unknown> {
  return { tool, input: JSON.stringify(input), rationale: `because ${tool}`, evidence: ['alert'], risk };
}

export interface Rig {
  readonly audit: AuditInput[];
  readonly kv: Map<string, string>;
  readonly usage: PlannerRequestEvent[];
  readonly budget: TokenBudget;
  readonly planner: ReturnType<typeof createPlanner>;
  readonly llm: ReturnType<typeof createLlmPlanner>;
}

export function rig(
  stub: OpenAiStub,
  o: { mode?: PlannerMode; deadlineMs?: number; dailyTokens?: number; timeoutMs?: number } = {},
): Rig {
  const audit: AuditInput[] = [];
  const kv = new Map<string, string>();
  const repo: KeyValueRepository = { get: (k) => kv.get(k), set: (k, v) => void kv.set(k, v) };
  const usage: PlannerRequestEvent[] = [];
  const metrics: Metrics = {
    signalReceived: () => undefined,
    incidentOpened: () => undefined,
    stepFinished: () => undefined,
    approvalDecided: () => undefined,
    decisionLatency: () => undefined,
    plannerRequest: (e) => void usage.push(e),
  };
  const clock = { now: () => new Date('2026-11-25T10:00:00.000Z') };
  const redactor = new Redactor([CONFIGURED_SECRET]);
  const budget = new TokenBudget(repo, clock, o.dailyTokens ?? 100_000);
  const llm = createLlmPlanner({
    skills: [SKILL],
    model: createOpenAiPlanModel({
      apiKey: 'test-key',
      baseURL: stub.baseURL,
      model: 'gpt-4o-mini',
      temperature: 0,
      timeoutMs: o.timeoutMs ?? 2_000,
      maxTokens: 800,
      retries: 0,
    }),
    audit: { append: (e) => (audit.push(e), e as never), sealed: (fn) => fn() },
    budget,
    metrics,
    clock,
    logger: silentLogger,
    redact: (v) => redactor.value(v),
    maxSteps: 4,
    deadlineMs: o.deadlineMs ?? 3_000,
    dedupeWindowMs: 60_000,
  });
  const planner = createPlanner({
    playbook: createPlaybookPlanner({ skills: [SKILL] }),
    llm,
    modes: {},
    defaultMode: o.mode ?? 'llm',
  });
  return { audit, kv, usage, budget, planner, llm };
}
