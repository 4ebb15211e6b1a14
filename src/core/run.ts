import type { Conversation } from './chat.js';
import type { Decision } from './policy.js';
import type { Risk } from './risk.js';
import type { Plan } from './plan.js';
import type { ToolResult } from './tool.js';

export const STEP_STATES = [
  'proposed',
  'awaiting_approval',
  'approved',
  'running',
  'succeeded',
  'failed',
  'rolled_back',
  'rejected',
  'expired',
  'unknown',
] as const;
export type StepState = (typeof STEP_STATES)[number];

/** States a step never leaves. */
export const FINAL_STEP_STATES: readonly StepState[] = [
  'succeeded',
  'failed',
  'rolled_back',
  'rejected',
  'expired',
  'unknown',
];

export type RunStatus = 'active' | 'waiting' | 'succeeded' | 'failed' | 'rejected' | 'expired' | 'unknown';

/** Where a run came from, so its messages go back there. */
export interface RunOrigin {
  readonly kind: 'command' | 'signal';
  readonly principal: string;
  readonly skill: string;
  readonly domain: string;
  readonly incidentId?: string;
  readonly conversation?: Conversation;
}

export interface StepRecord {
  readonly id: string;
  readonly runId: string;
  readonly index: number;
  readonly tool: string;
  readonly input: unknown;
  readonly rationale: string;
  readonly digest: string;
  readonly state: StepState;
  readonly risk: Risk | null;
  readonly decision: Decision | null;
  readonly approvalId: string | null;
  readonly preview: string | null;
  readonly result: ToolResult | null;
  readonly error: string | null;
  readonly attempts: number;
  readonly updatedAt: string;
}

export interface RunRecord {
  readonly id: string;
  readonly origin: RunOrigin;
  readonly plan: Plan;
  readonly status: RunStatus;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly steps: readonly StepRecord[];
}

/** The one gate to execution: there is no other way to run a tool. */
export interface Orchestrator {
  start(plan: Plan, origin: RunOrigin): Promise<RunRecord>;
  /** Continues a run after an approval decided or at start-up; never re-runs a started step. */
  resume(runId: string): Promise<RunRecord>;
}

/** Told about every visible change of a run, so chat surfaces can post and update messages. */
export interface RunObserver {
  onRunStarted(run: RunRecord): Promise<void>;
  onStepChanged(run: RunRecord, step: StepRecord): Promise<void>;
  onRunFinished(run: RunRecord): Promise<void>;
}
