import type { Incident } from './incident.js';
import type { MemoryHit } from './memory.js';
import type { Risk } from './risk.js';
import type { ServiceFacts } from './service-context.js';
import type { Signal } from './signal.js';

/** One proposed tool call. */
export interface Step {
  readonly tool: string;
  readonly input: unknown;
  readonly rationale: string;
  readonly evidence?: readonly string[];
  /** The planner's view; the policy takes the higher of this and the computed risk. */
  readonly suggestedRisk?: Risk;
  /** How to undo this step if its tool cannot (the constitution accepts it instead of an acknowledgement). */
  readonly rollbackPlan?: string;
}

/** Ordered steps for one goal, with what the planner saw and said (for the audit trail). */
export interface Plan {
  readonly goal: string;
  readonly planner: string;
  readonly playbook?: string;
  /** Which version of that playbook: 1 is the built-in definition, later ones are accepted revisions. */
  readonly playbookVersion?: number;
  readonly steps: readonly Step[];
  readonly prompt?: unknown;
  readonly raw?: unknown;
  /** Said in the thread with the plan, e.g. why a fallback planner made it. */
  readonly notes?: readonly string[];
  /** Model tokens spent on this plan, when a language model was asked. */
  readonly usage?: { readonly inputTokens: number; readonly outputTokens: number };
}

/** What a skill asks a planner for. */
export interface Goal {
  readonly skill: string;
  readonly domain: string;
  readonly text: string;
  /** Set when a chat command asked for this goal. */
  readonly command?: { readonly name: string; readonly args: readonly string[] };
}

export interface PlanContext {
  readonly incident?: Incident;
  readonly similar: readonly MemoryHit[];
  /** Service map and recent changes of the services the request is about (and their neighbours). */
  readonly services?: readonly ServiceFacts[];
  /** The scratchpad of the conversation a chat request came from. */
  readonly scratchpad?: Readonly<Record<string, string>>;
}

export interface Planner {
  readonly id: string;
  plan(goal: Goal, context: PlanContext, signal?: Signal): Promise<Plan>;
}
