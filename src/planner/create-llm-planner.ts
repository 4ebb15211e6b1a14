import { createHash } from 'node:crypto';
import { BOT_PRINCIPAL_ID, canonicalJson } from '../core/index.js';
import type {
  AuditLog,
  Clock,
  Goal,
  Logger,
  Memory,
  Metrics,
  Plan,
  PlanContext,
  Signal,
  Skill,
} from '../core/index.js';
import { buildPlanPrompt, type ChatPrompt } from './build-plan-prompt.js';
import { planResponseFormat } from './llm-plan-schema.js';
import type { ModelAnswer, PlanModel } from './plan-model.js';
import type { TokenBudget } from './token-budget.js';
import { validateLlmPlan, type DroppedStep } from './validate-llm-plan.js';

/** The planner id recorded on plans the model made. */
export const LLM_PLANNER_ID = 'llm';

export interface LlmPlannerOptions {
  readonly skills: readonly Skill[];
  readonly model: PlanModel;
  readonly audit: AuditLog;
  readonly budget: TokenBudget;
  readonly metrics: Metrics;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Applied to the prompt before it is sent (the ledger redacts again before hashing). */
  readonly redact: <T>(value: T) => T;
  /** Asked for similar incidents when the caller brought none (chat `ask`). */
  readonly memory?: Memory;
  readonly maxSteps: number;
  /** The whole planning request, retries included, ends by then. */
  readonly deadlineMs: number;
  /** An identical request within this window reuses the plan. */
  readonly dedupeWindowMs: number;
}

/** Why the model's plan is not used: the budget is spent, the call failed, or the answer was rejected. */
export type LlmOutcome =
  | { readonly ok: true; readonly plan: Plan }
  | { readonly ok: false; readonly why: 'budget' | 'error' | 'invalid'; readonly reason: string };

export interface LlmPlanner {
  readonly id: string;
  propose(goal: Goal, context: PlanContext, signal?: Signal): Promise<LlmOutcome>;
}

/**
 * Asks a language model for a plan and never trusts the answer: strict JSON schema, validated against
 * the skill's catalogue ({@link validateLlmPlan}). One bounded call per request (retries are the model
 * client's), cut off at the deadline; the daily token budget is checked first. Every request leaves one
 * `plan` ledger entry (subject `llm`) with the prompt as sent, the raw answer, the validation result and
 * the token usage, which is what `watchkeeper playback` shows.
 */
export function createLlmPlanner(o: LlmPlannerOptions): LlmPlanner {
  const skills = new Map(o.skills.map((s) => [s.id, s]));
  const recent = new Map<string, { at: number; outcome: Promise<LlmOutcome> }>();

  async function ask(goal: Goal, context: PlanContext, signal: Signal | undefined): Promise<LlmOutcome> {
    const skill = skills.get(goal.skill);
    if (skill === undefined) return { ok: false, why: 'invalid', reason: `unknown skill "${goal.skill}"` };
    const incidentId = context.incident?.id;
    const record = (data: Record<string, unknown>): void =>
      void o.audit.append({
        kind: 'plan',
        actor: BOT_PRINCIPAL_ID,
        subject: LLM_PLANNER_ID,
        ...(incidentId === undefined ? {} : { incidentId }),
        data: o.redact({ planner: LLM_PLANNER_ID, model: o.model.name, goal: goal.text, ...data }),
      });
    if (o.budget.exhausted()) {
      const reason = `the daily token budget (${o.budget.dailyLimit}) is spent`;
      record({ outcome: 'budget', reason, steps: [] });
      report('budget', 0, 0);
      return { ok: false, why: 'budget', reason };
    }
    const similar =
      context.similar.length > 0 || o.memory === undefined ? context.similar : o.memory.similar(goal.text, 3);
    const prompt = buildPlanPrompt({
      goal,
      skill,
      ...(signal === undefined ? {} : { signal }),
      similar,
      ...(context.services === undefined ? {} : { services: context.services }),
      ...(context.scratchpad === undefined ? {} : { scratchpad: context.scratchpad }),
      maxSteps: o.maxSteps,
      redact: o.redact,
    });
    const started = performance.now();
    let answer: ModelAnswer;
    try {
      answer = await withDeadline(o.model.complete.bind(o.model), prompt, o.deadlineMs);
    } catch (err) {
      const reason = describe(err, o.deadlineMs);
      o.logger.warn('model call failed', { reason });
      record({ outcome: 'error', reason, prompt, elapsedMs: elapsed(started), steps: [] });
      report('fallback', 0, 0);
      return { ok: false, why: 'error', reason };
    }
    const usage = { inputTokens: answer.inputTokens, outputTokens: answer.outputTokens };
    const tokensToday = o.budget.spend(answer.inputTokens + answer.outputTokens);
    const validation =
      answer.finishReason === 'length'
        ? ({ ok: false, reason: 'the answer was cut off at the token limit' } as const)
        : validateLlmPlan(answer.content, skill.tools, o.maxSteps);
    const base = { prompt, raw: answer.content, finishReason: answer.finishReason, usage, tokensToday };
    if (!validation.ok || (validation.steps.length === 0 && validation.dropped.length > 0)) {
      const reason = validation.ok
        ? `no usable step (${droppedText(validation.dropped)})`
        : validation.reason;
      record({ ...base, outcome: 'invalid', validation, elapsedMs: elapsed(started), steps: [] });
      report('fallback', usage.inputTokens, usage.outputTokens, tokensToday);
      return { ok: false, why: 'invalid', reason };
    }
    record({ ...base, outcome: 'ok', validation, elapsedMs: elapsed(started), steps: validation.steps });
    report('ok', usage.inputTokens, usage.outputTokens, tokensToday);
    const notes =
      validation.dropped.length === 0
        ? []
        : [
            `Dropped ${validation.dropped.length} step(s) the model proposed: ${droppedText(validation.dropped)}.`,
          ];
    const plan: Plan = {
      goal: validation.summary === '' ? goal.text : `${goal.text}: ${validation.summary}`,
      planner: LLM_PLANNER_ID,
      steps: validation.steps,
      prompt: { model: o.model.name, ledger: 'the plan entry with subject llm holds the prompt as sent' },
      raw: validation.summary,
      usage,
      ...(notes.length === 0 ? {} : { notes }),
    };
    return { ok: true, plan };
  }

  function report(outcome: string, inputTokens: number, outputTokens: number, tokensToday?: number): void {
    o.metrics.plannerRequest?.({
      outcome,
      inputTokens,
      outputTokens,
      tokensToday: tokensToday ?? o.budget.spentToday(),
    });
  }

  return {
    id: LLM_PLANNER_ID,
    propose(goal, context, signal) {
      const now = o.clock.now().getTime();
      for (const [k, v] of recent) if (now - v.at > o.dedupeWindowMs) recent.delete(k);
      const key = requestKey(goal, signal);
      const hit = recent.get(key);
      if (hit !== undefined) {
        return hit.outcome.then((outcome) => {
          if (!outcome.ok) return outcome;
          o.audit.append({
            kind: 'plan',
            actor: BOT_PRINCIPAL_ID,
            subject: LLM_PLANNER_ID,
            ...(context.incident === undefined ? {} : { incidentId: context.incident.id }),
            data: o.redact({
              planner: LLM_PLANNER_ID,
              outcome: 'cached',
              goal: goal.text,
              steps: outcome.plan.steps,
            }),
          });
          report('cached', 0, 0);
          return outcome;
        });
      }
      const outcome = ask(goal, context, signal);
      recent.set(key, { at: now, outcome });
      // Only a plan is reused; a failure is asked again next time.
      void outcome.then((r) => {
        if (!r.ok && recent.get(key)?.outcome === outcome) recent.delete(key);
      });
      return outcome;
    },
  };
}

/** Same skill, words, command and alert content → same key; ids and times do not count. */
function requestKey(goal: Goal, signal: Signal | undefined): string {
  const material = {
    skill: goal.skill,
    text: goal.text,
    command: goal.command ?? null,
    signal:
      signal === undefined
        ? null
        : {
            groupKey: signal.groupKey,
            labels: signal.labels,
            annotations: signal.annotations,
            summary: signal.summary,
          },
  };
  return createHash('sha256').update(canonicalJson(material)).digest('hex');
}

async function withDeadline(
  call: (prompt: ChatPrompt, format: unknown, signal: AbortSignal) => Promise<ModelAnswer>,
  prompt: ChatPrompt,
  deadlineMs: number,
): Promise<ModelAnswer> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = new Error(`no answer within the ${deadlineMs} ms deadline`);
      err.name = 'DeadlineError';
      controller.abort(err);
      reject(err);
    }, deadlineMs);
  });
  const answer = call(prompt, planResponseFormat(), controller.signal);
  answer.catch(() => undefined); // the loser of the race must not become an unhandled rejection
  try {
    return await Promise.race([answer, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function describe(err: unknown, deadlineMs: number): string {
  if (!(err instanceof Error)) return String(err);
  if (err.name === 'DeadlineError') return err.message;
  const status = (err as { status?: unknown }).status;
  if (err.name === 'TimeoutError' || /timed? ?out/i.test(err.message))
    return `the model timed out (deadline ${deadlineMs} ms)`;
  if (status === 429 || err.name.includes('RateLimit')) return 'the model is rate-limited (429)';
  if (typeof status === 'number') return `the model answered HTTP ${status}`;
  return `the model call failed: ${err.name}: ${err.message.slice(0, 200)}`;
}

function droppedText(dropped: readonly DroppedStep[]): string {
  return dropped.map((d) => `#${d.index + 1} ${safeName(d.tool)}: ${reasonOf(d)}`).join('; ');
}

/** Model-chosen names are attacker-reachable text: keep them short and plain before they reach chat. */
function safeName(tool: string): string {
  const plain = tool.replace(/[^A-Za-z0-9_.-]/g, '').slice(0, 40);
  return plain === '' ? '(unnamed)' : plain;
}

function reasonOf(d: DroppedStep): string {
  return d.reason.startsWith('unknown tool')
    ? 'unknown tool'
    : d.reason.replace(d.tool, safeName(d.tool)).slice(0, 200);
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
