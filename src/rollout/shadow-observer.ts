import type { AutonomyMode, RunObserver, RunRecord } from '../core/index.js';

/**
 * Shadow mode posts nothing unless asked: a run that an alert started (not a person's command) and whose
 * every step is in shadow is recorded (runs, steps, previews, audit) but never shown in chat. A person
 * asking (`/wk incident <id>`, the console, `GET /api/rollout/shadow`) sees it; a command in a shadow
 * domain still answers in its own conversation, because someone asked.
 */
export function withShadowQuiet(
  inner: RunObserver,
  modeOf: (domain: string, tool: string) => AutonomyMode,
): RunObserver {
  const quiet = (run: RunRecord): boolean =>
    run.origin.kind === 'signal' &&
    run.steps.length > 0 &&
    run.steps.every((s) =>
      s.decision === null ? modeOf(run.origin.domain, s.tool) === 'shadow' : s.decision.autonomy === 'shadow',
    );
  return {
    onRunStarted: (run) => (quiet(run) ? Promise.resolve() : inner.onRunStarted(run)),
    onStepChanged: (run, step) => (quiet(run) ? Promise.resolve() : inner.onStepChanged(run, step)),
    onRunFinished: (run) => (quiet(run) ? Promise.resolve() : inner.onRunFinished(run)),
  };
}
