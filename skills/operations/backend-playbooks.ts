import type { Playbook, PlaybookStep } from '../../src/core/index.js';

/** Which systems the runbooks act on. `logs` stays on the sandbox model (no log API is wired). */
export interface OpsBackend {
  /** `kubernetes`: status, deploys, rollback, restart and scale go to the Kubernetes API tools. */
  readonly workloads: 'sandbox' | 'kubernetes';
  /** `alertmanager`: `ops silence` creates a real Alertmanager silence. */
  readonly silences: 'sandbox' | 'alertmanager';
}

export const SANDBOX_BACKEND: OpsBackend = { workloads: 'sandbox', silences: 'sandbox' };

/**
 * The playbooks with their write steps pointed at the configured backend. A step the backend cannot
 * express (relative scaling `by` on Kubernetes) is dropped, so the playbook diagnoses and stops there.
 */
export function playbooksFor(playbooks: readonly Playbook[], backend: OpsBackend): Playbook[] {
  return playbooks.map((p) => ({
    ...p,
    steps: p.steps.flatMap((s) => retarget(s, backend)),
  }));
}

function retarget(step: PlaybookStep, b: OpsBackend): PlaybookStep[] {
  if (b.silences === 'alertmanager' && step.tool === 'sandbox.silence')
    return [{ ...step, tool: 'alertmanager.create_silence' }];
  if (b.workloads !== 'kubernetes') return [step];
  const input = step.input;
  switch (step.tool) {
    case 'sandbox.service_status':
      return [{ ...step, tool: 'kubernetes.deployment_status', input: { service: input['service'] } }];
    case 'sandbox.recent_deploys':
      return [{ ...step, tool: 'kubernetes.rollout_history', input: { service: input['service'] } }];
    case 'sandbox.restart':
      return [{ ...step, tool: 'kubernetes.rollout_restart', input: { service: input['service'] } }];
    case 'sandbox.rollback':
      return [
        {
          ...step,
          tool: 'kubernetes.rollout_undo',
          input: {
            service: input['service'],
            ...(input['toVersion'] === undefined ? {} : { toRevision: input['toVersion'] }),
          },
        },
      ];
    case 'sandbox.scale':
      return input['replicas'] === undefined
        ? []
        : [
            {
              ...step,
              tool: 'kubernetes.scale',
              input: { service: input['service'], replicas: input['replicas'] },
            },
          ];
    default:
      return [step];
  }
}
