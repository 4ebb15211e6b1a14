/**
 * Replays the 17 HolmesGPT investigation alerts (../shared/eval-data/holmesgpt-investigate, Apache-2.0,
 * see its NOTICE) through the operations skill: each alert becomes a signal, the read-only investigation
 * requests its diagnostics from a fake tool that serves the recorded outputs, and the incident summary
 * is scored for fact recall against `expected_output`. The same signal goes through the playbook planner
 * and the real policy engine to count restart/rollback/scale steps that would run without a person
 * (must be 0). Writes bench/results/holmesgpt.json.
 *
 * Run: node --import tsx bench/eval/holmesgpt.ts
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { BOT_PRINCIPAL_ID, type Signal, type Tool, type ToolContext } from '../../src/core/index.js';
import { createPlaybookPlanner } from '../../src/planner/index.js';
import { createPolicyEngine, loadPolicies } from '../../src/policy/index.js';
import { openSqliteStore } from '../../src/store/index.js';
import {
  createSandboxOpsTools,
  createSandboxTools,
  loadSeedFile,
  seedSandbox,
} from '../../adapters/tools/sandbox/index.js';
import {
  createOperationsSkill,
  followUpCalls,
  planInvestigation,
  summariseDiagnostics,
} from '../../skills/operations/index.js';
import type { AlertSubject } from '../../skills/operations/index.js';
import { evalDataPath } from './eval-data-dir.js';
import { loadRecordings, recordedDiagnosticTool } from './holmesgpt-recordings.js';
import { statesFact } from './holmesgpt-score.js';

const WRITE_TOOLS = /\.(rollback|rollout_undo|restart|rollout_restart|scale)$/;

export interface HolmesCaseResult {
  readonly id: string;
  readonly alert: string;
  readonly facts: number;
  readonly stated: number;
  /** Facts the alert's own title and description already state (the no-investigation baseline). */
  readonly statedByAlertAlone: number;
  readonly missed: readonly string[];
  readonly calls: number;
  readonly recordedCalls: number;
  readonly proposedWrites: readonly string[];
  readonly unrequestedWrites: number;
}

export interface HolmesReport {
  readonly dataset: string;
  readonly cases: number;
  readonly factRecall: number;
  /** Baseline: the incident summary is the alert text alone, no diagnostics. */
  readonly baselineFactRecall: number;
  readonly toolPrecision: number;
  readonly unrequestedActions: number;
  readonly proposedWrites: number;
  readonly perCase: readonly HolmesCaseResult[];
  readonly method: string;
}

export async function runHolmesEval(dir: string): Promise<HolmesReport> {
  const store = openSqliteStore({ path: ':memory:', clock: { now: () => new Date() }, logger: quiet });
  seedSandbox(store.sandbox, loadSeedFile(join(process.cwd(), 'data', 'sandbox-seed.json')));
  const tools: Tool[] = [
    ...createSandboxTools({ state: store.sandbox }),
    ...createSandboxOpsTools({ state: store.sandbox }),
  ];
  const skill = createOperationsSkill({ tools });
  const planner = createPlaybookPlanner({ skills: [skill] });
  const policy = createPolicyEngine(loadPolicies(join(process.cwd(), 'policies')));
  const bot = {
    id: BOT_PRINCIPAL_ID,
    kind: 'bot' as const,
    displayName: 'watchkeeper',
    roles: policy.rolesOf(BOT_PRINCIPAL_ID),
  };
  const byName = new Map(tools.map((t) => [t.name, t]));

  const results: HolmesCaseResult[] = [];
  for (const id of readdirSync(dir)
    .filter((d) => /^\d\d_/.test(d))
    .sort()) {
    const caseDir = join(dir, id);
    const request = JSON.parse(readFileSync(join(caseDir, 'investigate_request.json'), 'utf8')) as Record<
      string,
      any
    >;
    const expected = ((parse(readFileSync(join(caseDir, 'test_case.yaml'), 'utf8')) as any).expected_output ??
      []) as string[] | string;
    const facts = Array.isArray(expected) ? expected : [expected];
    const subjectIn = (request['subject'] ?? {}) as Record<string, string | null | undefined>;
    const alertname = String(request['context']?.['issue_type'] ?? request['title'] ?? 'Alert').replace(
      /\.$/,
      '',
    );
    const subject: AlertSubject = {
      alertname,
      ...opt('kind', subjectIn['kind'] ?? subjectIn['subject_type']),
      ...opt('name', subjectIn['name']),
      ...opt('namespace', subjectIn['namespace']),
      ...opt('node', subjectIn['node']),
      ...opt('findingId', request['context']?.['robusta_issue_id']),
    };

    // Investigate: read-only diagnostics through the fake tool, then the summary.
    const calls: { tool: string; recorded: boolean }[] = [];
    const diag = recordedDiagnosticTool(loadRecordings(caseDir), calls);
    const outputs: string[] = [];
    const ask = async (c: { tool: string; params: Readonly<Record<string, string>> }): Promise<string> => {
      const r = await diag.run(diag.input.parse(c), ctx);
      if (r.ok) outputs.push(r.summary);
      return r.ok ? r.summary : '';
    };
    for (const c of planInvestigation(subject)) {
      const out = await ask(c);
      if (c.tool === 'kubectl_get_by_kind_in_namespace')
        for (const f of followUpCalls(subject, out)) await ask(f);
    }
    const title = `${alertname}: ${String(request['description'] ?? request['title'] ?? '')}`.trim();
    const summary = summariseDiagnostics(title, outputs, subject.name);
    const missed = facts.filter((f) => !statesFact(summary, f));

    // Act: what the operations playbooks would propose for this alert, and what policy lets run alone.
    const labels: Record<string, string> = {
      alertname,
      ...(subject.namespace ? { namespace: subject.namespace } : {}),
      // the object the alert names stands in for the service label, so the operations skill claims it
      ...(subject.name ? { service: subject.name } : {}),
    };
    const signal: Signal = {
      id: id,
      source: 'alertmanager',
      kind: 'alert',
      status: 'firing',
      severity: 'critical',
      fingerprint: id,
      groupKey: id,
      labels,
      annotations: { summary: title },
      summary: title,
      startsAt: new Date().toISOString(),
      receivedAt: new Date().toISOString(),
      raw: request,
    };
    const proposed: string[] = [];
    let unrequested = 0;
    if (skill.claims(signal)) {
      const plan = await planner.plan(
        { skill: skill.id, domain: skill.domain, text: title },
        { similar: [] },
        signal,
      );
      for (const step of plan.steps) {
        if (!WRITE_TOOLS.test(step.tool)) continue;
        proposed.push(step.tool);
        const tool = byName.get(step.tool);
        const decision = policy.decide(
          bot,
          {
            domain: 'operations',
            skill: 'operations',
            tool: step.tool,
            ...(tool === undefined
              ? {}
              : { declared: { risk: tool.risk, reversible: tool.reversible, scope: tool.scope } }),
            target:
              tool === undefined ? { environment: 'unknown' } : tool.target(tool.input.parse(step.input)),
          },
          { now: new Date(), principalCalls: 0, toolCalls: 0 },
        );
        if (decision.effect === 'allow') unrequested += 1;
      }
    }
    results.push({
      id,
      alert: alertname,
      facts: facts.length,
      stated: facts.length - missed.length,
      statedByAlertAlone: facts.filter((f) => statesFact(title, f)).length,
      missed,
      calls: calls.length,
      recordedCalls: calls.filter((c) => c.recorded).length,
      proposedWrites: proposed,
      unrequestedWrites: unrequested,
    });
  }
  store.close();
  const sum = (f: (r: HolmesCaseResult) => number): number => results.reduce((a, r) => a + f(r), 0);
  return {
    dataset: 'holmesgpt-investigate (robusta-dev/holmesgpt@c1ee1d4, Apache-2.0)',
    cases: results.length,
    baselineFactRecall: round(
      sum((r) => r.statedByAlertAlone) /
        Math.max(
          1,
          sum((r) => r.facts),
        ),
    ),
    factRecall: round(
      sum((r) => r.stated) /
        Math.max(
          1,
          sum((r) => r.facts),
        ),
    ),
    toolPrecision: round(
      sum((r) => r.recordedCalls) /
        Math.max(
          1,
          sum((r) => r.calls),
        ),
    ),
    unrequestedActions: sum((r) => r.unrequestedWrites),
    proposedWrites: sum((r) => r.proposedWrites.length),
    perCase: results,
    method:
      'deterministic investigation (planInvestigation + summariseDiagnostics), no language model; fact recall is lexical (backticked terms + 60% of content words); tool precision = calls answered by a recording / calls made; unrequested actions = restart/rollback/scale steps the default policy would let the bot run without approval',
  };
}

const quiet = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => quiet,
};
const ctx: ToolContext = {
  idempotencyKey: 'eval',
  signal: new AbortController().signal,
  logger: quiet,
  clock: { now: () => new Date() },
};

function opt<K extends string>(key: K, v: unknown): { [P in K]?: string } {
  return typeof v === 'string' && v !== '' ? ({ [key]: v } as { [P in K]?: string }) : {};
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

if (process.argv[1] !== undefined && /holmesgpt\.ts$/.test(process.argv[1])) {
  const dir = evalDataPath('holmesgpt-investigate');
  if (dir === undefined) {
    console.log('skipped: ../shared/eval-data/holmesgpt-investigate is absent');
  } else {
    const report = await runHolmesEval(dir);
    mkdirSync(join(process.cwd(), 'bench', 'results'), { recursive: true });
    writeFileSync(
      join(process.cwd(), 'bench', 'results', 'holmesgpt.json'),
      `${JSON.stringify(report, null, 2)}\n`,
    );
    console.log(
      `holmesgpt: ${report.cases} cases · fact recall ${report.factRecall} (alert text alone ${report.baselineFactRecall}) · tool precision ${report.toolPrecision} · unrequested actions ${report.unrequestedActions} (proposed writes ${report.proposedWrites})`,
    );
  }
}
