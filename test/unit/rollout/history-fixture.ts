import type { AutonomyMode, Decision, Store, StepState } from '../../../src/core/index.js';
import { openSqliteStore } from '../../../src/store/index.js';
import { silentLogger } from '../../helpers/silent-logger.js';

/** A clock the test sets by hand. */
export class SetClock {
  constructor(public t = Date.parse('2026-11-20T10:00:00Z')) {}
  now(): Date {
    return new Date(this.t);
  }
}

export function memoryStore(clock: SetClock): Store {
  return openSqliteStore({ path: ':memory:', clock, logger: silentLogger });
}

let n = 0;

/**
 * Seeds one run with one step that ended as `state` after a decision with `effect` under `autonomy`,
 * the way the orchestrator leaves them (the repository's compare-and-set transitions).
 */
export function seedStep(
  store: Store,
  clock: SetClock,
  o: {
    domain?: string;
    tool: string;
    effect: Decision['effect'];
    autonomy: AutonomyMode;
    state: StepState;
    kind?: 'signal' | 'command';
    incidentId?: string;
    principal?: string;
  },
): void {
  const at = clock.now().toISOString();
  const incidentId = o.incidentId;
  const run = store.runs.create({
    origin: {
      kind: o.kind ?? 'signal',
      principal: o.principal ?? 'watchkeeper',
      skill: 'operations',
      domain: o.domain ?? 'operations',
      ...(incidentId === undefined ? {} : { incidentId }),
    },
    plan: { goal: 'g', planner: 'playbook', steps: [{ tool: o.tool, input: { n: ++n }, rationale: 'r' }] },
    steps: [{ tool: o.tool, input: { n }, rationale: 'r', digest: `d${n}` }],
    at,
  });
  const step = run.steps[0]!;
  const decision: Decision = {
    effect: o.effect,
    rule: 'test',
    reason: 'test',
    risk: 'high',
    autonomy: o.autonomy,
  };
  const path: StepState[] =
    o.state === 'rejected' || o.state === 'expired'
      ? o.effect === 'approve'
        ? ['awaiting_approval', o.state]
        : [o.state]
      : o.effect === 'approve'
        ? ['awaiting_approval', 'approved', 'running', o.state]
        : ['approved', 'running', o.state];
  let from: StepState = 'proposed';
  for (const to of path) {
    const ok = store.runs.transitionStep(
      step.id,
      [from],
      to,
      from === 'proposed' ? { decision, risk: 'high' } : {},
      at,
    );
    if (!ok) throw new Error(`cannot move ${from} → ${to}`);
    from = to;
  }
}

/** Opens an incident so runs can point at it. */
export function seedIncident(store: Store, clock: SetClock, groupKey: string): string {
  return store.incidents.create({
    groupKey,
    title: groupKey,
    skill: 'operations',
    severity: 'critical',
    labels: {},
    at: clock.now().toISOString(),
  }).id;
}
