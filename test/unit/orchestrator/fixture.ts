import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { createLedger } from '../../../src/audit/index.js';
import {
  ToolError,
  type Plan,
  type RunObserver,
  type RunRecord,
  type StepRecord,
  type Tool,
  type ToolContext,
} from '../../../src/core/index.js';
import { createIdentityResolver } from '../../../src/gateway/index.js';
import { createOrchestrator } from '../../../src/orchestrator/index.js';
import { createApprovalService, createPolicyEngine, loadPolicies } from '../../../src/policy/index.js';
import { openSqliteStore } from '../../../src/store/index.js';
import { ManualClock } from '../../e2e/harness.js';
import { silentLogger } from '../../helpers/silent-logger.js';

const POLICY = `version: 1
name: test
defaults: { autonomy: { operations: supervised } }
limits:
  tool:
    "test.limited": { perMinute: 2 }
rules:
  - id: reads
    match: { tool: ["test.read", "test.flaky", "test.broken", "test.slow", "test.limited"] }
    effect: allow
  - id: writes
    match: { tool: test.write }
    effect: approve
    approval: { count: 1, roles: [sre], distinctFromRequester: true, expiresIn: 10m }
  - id: previews
    match: { tool: test.preview }
    effect: dry_run_only
`;
const ROLES = `roles:
  sre: { members: ["console:alice", "console:bob"] }
  bot: { members: ["watchkeeper"] }
`;

/** A tool whose behaviour each test sets; it records every call with its idempotency key. */
export class TestTool implements Tool<{ target: string }> {
  readonly input = z.strictObject({ target: z.string() });
  readonly reversible = true;
  readonly scope = 'test';
  readonly description = 'test tool';
  calls: { input: { target: string }; key: string }[] = [];
  failTransient = 0;
  failPermanent = false;
  hang = false;

  constructor(
    readonly name: string,
    readonly risk: Tool['risk'],
  ) {}

  target(input: { target: string }) {
    return { environment: 'sandbox', service: input.target };
  }

  async dryRun(input: { target: string }) {
    return { ok: true, summary: `would touch ${input.target}` };
  }

  async run(input: { target: string }, ctx: ToolContext) {
    this.calls.push({ input, key: ctx.idempotencyKey });
    if (this.hang) await new Promise((r) => ctx.signal.addEventListener('abort', r));
    if (this.failTransient > 0) {
      this.failTransient -= 1;
      throw new ToolError('temporarily unavailable', true);
    }
    if (this.failPermanent) throw new ToolError('no such thing', false);
    return { ok: true, summary: `touched ${input.target}` };
  }
}

export class RecordingObserver implements RunObserver {
  events: string[] = [];
  async onRunStarted(run: RunRecord) {
    this.events.push(`started ${run.plan.steps.length}`);
  }
  async onStepChanged(_run: RunRecord, step: StepRecord) {
    this.events.push(`${step.tool} ${step.state}`);
  }
  async onRunFinished(run: RunRecord) {
    this.events.push(`finished ${run.status}`);
  }
}

export function buildFixture(options: { dbPath?: string; timeoutMs?: number } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'wk-orch-'));
  writeFileSync(join(dir, 'test.policy.yaml'), POLICY);
  writeFileSync(join(dir, 'roles.yaml'), ROLES);
  const clock = new ManualClock(Date.parse('2026-11-25T10:00:00Z'));
  const store = openSqliteStore({ path: options.dbPath ?? ':memory:', clock, logger: silentLogger });
  const { privateKey } = generateKeyPairSync('ed25519');
  const ledger = createLedger({ repo: store.audit, signingKey: privateKey, clock, redact: (v) => v });
  const policy = createPolicyEngine(loadPolicies(dir));
  let n = 0;
  const approvals = createApprovalService({
    repo: store.approvals,
    policy,
    audit: ledger,
    clock,
    hmacKey: Buffer.from('k'.repeat(32)),
    newId: () => `A-${++n}`,
    stepDigestOf: (id) => store.runs.getStep(id)?.digest,
  });
  const tools = {
    read: new TestTool('test.read', 'low'),
    write: new TestTool('test.write', 'medium'),
    flaky: new TestTool('test.flaky', 'low'),
    broken: new TestTool('test.broken', 'low'),
    slow: new TestTool('test.slow', 'low'),
    preview: new TestTool('test.preview', 'medium'),
    limited: new TestTool('test.limited', 'low'),
  };
  const byName = new Map<string, Tool>(Object.values(tools).map((t) => [t.name, t as Tool]));
  const observer = new RecordingObserver();
  const metricsSeen: string[] = [];
  const orchestrator = createOrchestrator({
    runs: store.runs,
    tools: { get: (name) => byName.get(name), list: () => [...byName.values()] },
    policy,
    identities: createIdentityResolver(policy, store.identities, () => clock.now().toISOString()),
    approvals,
    audit: ledger,
    observer,
    metrics: {
      signalReceived: () => undefined,
      incidentOpened: () => undefined,
      stepFinished: (tool, state) => metricsSeen.push(`${tool} ${state}`),
      approvalDecided: () => undefined,
      decisionLatency: () => undefined,
    },
    clock,
    logger: silentLogger,
    random: () => 0.5,
    executor: {
      timeoutMs: options.timeoutMs ?? 2_000,
      retries: 3,
      retryBaseMs: 1,
      circuitThreshold: 3,
      circuitCooldownMs: 60_000,
    },
  });
  return { store, ledger, policy, approvals, tools, observer, orchestrator, clock, metricsSeen };
}

export function plan(
  ...steps: [tool: string, input: unknown, suggestedRisk?: 'low' | 'medium' | 'high' | 'critical'][]
): Plan {
  return {
    goal: 'test goal',
    planner: 'test',
    steps: steps.map(([tool, input, suggestedRisk]) => ({
      tool,
      input,
      rationale: `because ${tool}`,
      ...(suggestedRisk === undefined ? {} : { suggestedRisk }),
    })),
  };
}

export const origin = {
  kind: 'command' as const,
  principal: 'console:alice',
  skill: 'test',
  domain: 'operations',
};
