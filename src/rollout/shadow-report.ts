import type {
  AutonomyRepository,
  CommandStep,
  Incident,
  IncidentRepository,
  RunRecord,
  RunRepository,
} from '../core/index.js';

/** One incident where Watchkeeper planned in shadow: what it would have done beside what people did. */
export interface ShadowComparison {
  readonly incident: Pick<Incident, 'id' | 'title' | 'status' | 'severity' | 'openedAt'>;
  readonly wouldHave: readonly {
    readonly runId: string;
    readonly tool: string;
    readonly input: unknown;
    readonly risk: string | null;
    readonly preview: string | null;
    readonly at: string;
  }[];
  /** Steps people's commands asked for on the incident (in a shadow domain they are recorded, not run). */
  readonly humansDid: readonly {
    readonly runId: string;
    readonly principal: string;
    readonly tool: string;
    readonly state: string;
    readonly shadow: boolean;
    readonly at: string;
  }[];
  /** How the incident ended, whoever ended it. */
  readonly resolution: {
    readonly status: string;
    readonly resolvedAt: string | null;
    readonly minutesToResolve: number | null;
  };
  /** Tools Watchkeeper would have run that people then asked for too. */
  readonly matched: readonly string[];
}

/**
 * "Would have done X; humans did Y": for the newest incidents with a shadow plan, the shadow steps beside
 * the steps people's commands asked for on the same incident and how the incident ended.
 */
export function shadowReport(
  deps: { incidents: IncidentRepository; runs: RunRepository; autonomy: AutonomyRepository },
  limit = 50,
  now: () => Date = () => new Date(),
): ShadowComparison[] {
  const out: ShadowComparison[] = [];
  for (const incident of deps.incidents.list({ limit: limit * 4 })) {
    const runs = deps.runs.listByIncident(incident.id);
    const wouldHave = runs
      .filter((r) => !byPerson(r))
      .flatMap((run) =>
        run.steps
          .filter((s) => s.decision?.effect === 'dry_run_only' && s.decision.autonomy === 'shadow')
          .map((s) => ({
            runId: run.id,
            tool: s.tool,
            input: s.input,
            risk: s.risk,
            preview: s.preview,
            at: s.updatedAt,
          })),
      );
    if (wouldHave.length === 0) continue;
    // People's commands on the incident's service while it was open (commands carry no incident id).
    const service = incident.labels['service'];
    const byCommand = deps.autonomy
      .commandSteps(incident.openedAt, incident.resolvedAt ?? now().toISOString())
      .filter((s) => service !== undefined && serviceOf(s) === service);
    const humansDid = byCommand.map((s) => ({
      runId: s.runId,
      principal: s.principal,
      tool: s.tool,
      state: s.state,
      shadow: s.autonomy === 'shadow',
      at: s.at,
    }));
    const asked = new Set(humansDid.filter((h) => h.state === 'succeeded' || h.shadow).map((h) => h.tool));
    out.push({
      incident: {
        id: incident.id,
        title: incident.title,
        status: incident.status,
        severity: incident.severity,
        openedAt: incident.openedAt,
      },
      wouldHave,
      humansDid,
      resolution: {
        status: incident.status,
        resolvedAt: incident.resolvedAt,
        minutesToResolve:
          incident.resolvedAt === null
            ? null
            : Math.round((Date.parse(incident.resolvedAt) - Date.parse(incident.openedAt)) / 60_000),
      },
      matched: [...new Set(wouldHave.map((w) => w.tool).filter((t) => asked.has(t)))],
    });
    if (out.length >= limit) break;
  }
  return out;
}

function serviceOf(step: CommandStep): string | undefined {
  const input = step.input as { service?: unknown } | null;
  return typeof input?.service === 'string' ? input.service : undefined;
}

function byPerson(run: RunRecord): boolean {
  return run.origin.kind === 'command';
}
