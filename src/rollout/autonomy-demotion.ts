import {
  actionOf,
  BOT_PRINCIPAL_ID,
  type AuditLog,
  type AutonomyMode,
  type AutonomyRepository,
  type Clock,
  type Logger,
  type RunObserver,
  type RunRecord,
  type StepRecord,
} from '../core/index.js';

export interface DemotionOptions {
  readonly repo: AutonomyRepository;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The mode in force for a domain and tool. */
  readonly modeOf: (domain: string, tool: string) => AutonomyMode;
  /** Failed or rolled-back steps of one `<domain>.<action>` in the window that demote it; 0 = never. */
  readonly threshold: number;
  readonly windowDays: number;
  /** Tells people (the run's thread, the incident's threads). */
  readonly announce: (run: RunRecord, text: string) => Promise<void>;
}

const LADDER: readonly AutonomyMode[] = ['shadow', 'suggest', 'supervised', 'autonomous'];

/**
 * Automatic demotion, as a run observer in front of the chat notifier: when a step of
 * `<domain>.<action>` fails or is rolled back and the window holds `threshold` such steps since the
 * key's last change, the key goes one mode down (never below suggest: people still see plans), the
 * change is stored as an override, audited and announced where the run is discussed.
 */
export function withAutonomyDemotion(inner: RunObserver, o: DemotionOptions): RunObserver {
  async function check(run: RunRecord, step: StepRecord): Promise<void> {
    if (o.threshold <= 0 || (step.state !== 'failed' && step.state !== 'rolled_back')) return;
    const domain = run.origin.domain;
    const action = actionOf(step.tool);
    const key = `${domain}.${action}`;
    const from = o.modeOf(domain, step.tool);
    const to = LADDER[LADDER.indexOf(from) - 1];
    if (to === undefined || to === 'shadow') return;
    const now = o.clock.now();
    const windowStart = now.getTime() - o.windowDays * 86_400_000;
    const lastChange = o.repo.list().find((v) => v.key === key)?.setAt;
    const since = Math.max(windowStart, lastChange === undefined ? 0 : Date.parse(lastChange) + 1);
    const rows = o.repo
      .history(new Date(since).toISOString())
      .filter((r) => r.domain === domain && actionOf(r.tool) === action);
    const failures = rows.reduce((n, r) => n + r.failed + r.rolledBack, 0);
    if (failures < o.threshold) return;
    const reason = `${failures} failed or rolled-back ${key} steps in ${o.windowDays} days (threshold ${o.threshold})`;
    o.repo.set({
      key,
      mode: to,
      setBy: BOT_PRINCIPAL_ID,
      reason: `automatic demotion: ${reason}`,
      setAt: now.toISOString(),
    });
    o.audit.append({
      kind: 'system',
      actor: BOT_PRINCIPAL_ID,
      runId: run.id,
      ...(run.origin.incidentId === undefined ? {} : { incidentId: run.origin.incidentId }),
      data: {
        event: 'autonomy.demoted',
        key,
        from,
        to,
        failures,
        threshold: o.threshold,
        windowDays: o.windowDays,
      },
    });
    o.logger.warn('autonomy demoted', { key, from, to, failures });
    await o.announce(
      run,
      `⬇️ Autonomy of ${key} demoted from ${from} to ${to}: ${reason}. Promote again with /wk autonomy ${key} ${from}.`,
    );
  }

  return {
    onRunStarted: (run) => inner.onRunStarted(run),
    async onStepChanged(run, step) {
      await inner.onStepChanged(run, step);
      try {
        await check(run, step);
      } catch (err) {
        o.logger.error('demotion check failed', { error: err instanceof Error ? err.message : String(err) });
      }
    },
    onRunFinished: (run) => inner.onRunFinished(run),
  };
}
