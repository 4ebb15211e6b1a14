import { WatchkeeperError, matchLabels, systemClock } from '../../src/core/index.js';
import type { Clock, Signal, Skill, Tool } from '../../src/core/index.js';

import { playbooksFor, SANDBOX_BACKEND } from './backend-playbooks.js';
import type { OpsBackend } from './backend-playbooks.js';
import { createOpsMapTools } from './ops-map-tools.js';
import { OPERATIONS_COMMANDS } from './operations-commands.js';
import { OPERATIONS_PLAYBOOKS } from './operations-playbooks.js';
import { createOperationsTriage } from './operations-triage.js';
import { createRecommendTool } from './recommend-tool.js';
import { impactText } from './service-map/impact-text.js';
import { createSloTool, measureFromSignals } from './slo/slo-tool.js';
import type { ErrorRatioQuery } from './slo/slo-tool.js';
import { sloText } from './slo/slo.js';
import type { Slo } from './slo/slo.js';
import type { ServiceMap } from './service-map/service-map.js';

export interface OperationsSkillOptions {
  /** The tool catalogue; the skill picks the tools its playbooks use. */
  readonly tools: readonly Tool[];
  /** The service map: impact analysis in incidents, `ops map`, flap memory. Absent: those are off. */
  readonly serviceMap?: ServiceMap;
  readonly clock?: Clock;
  /** The environment the service map describes (default `sandbox`). */
  readonly environment?: string;
  /** A group resolved less than this long ago does not page again (default 10 min). */
  readonly flapWindowMs?: number;
  /** The id of an active silence matching a signal, if any. */
  readonly silencedBy?: (signal: Signal) => string | undefined;
  /** Where the write runbooks act (default: everything on the sandbox). */
  readonly backend?: OpsBackend;
  /** Declared SLOs (`WATCHKEEPER_SLOS`); `ops slo` and incident messages show their burn rate. */
  readonly slos?: readonly Slo[];
  /** Error ratios from Prometheus; without it, from the `error_ratio` alerts carry. */
  readonly errorRatio?: ErrorRatioQuery;
}

/**
 * The operations skill (`/wk ops …`): service status, deploys, the service map and impact analysis,
 * runbooks (rollback, scale, flags with TTL, restart, silence, config-change proposals) and alert
 * playbooks. It claims alert and deploy signals about a service. It declares; the policy engine decides.
 */
export function createOperationsSkill(options: OperationsSkillOptions): Skill {
  const clock = options.clock ?? systemClock;
  const environment = options.environment ?? 'sandbox';
  const slos = options.slos ?? [];
  const own = [
    createRecommendTool(environment),
    ...(options.serviceMap === undefined
      ? []
      : [
          ...createOpsMapTools({ map: options.serviceMap, environment }),
          createSloTool({
            slos,
            changes: options.serviceMap.changes,
            environment,
            ...(options.errorRatio === undefined ? {} : { errorRatio: options.errorRatio }),
          }),
        ]),
  ];
  const ownNames = new Set(own.map((t) => t.name));
  const byName = new Map([...options.tools, ...own].map((t) => [t.name, t]));
  const playbooks = playbooksFor(OPERATIONS_PLAYBOOKS, options.backend ?? SANDBOX_BACKEND).filter(
    (p) => !p.steps.some((s) => s.tool.startsWith('ops.') && !ownNames.has(s.tool)),
  );
  const needed = [...new Set(playbooks.flatMap((p) => p.steps.map((s) => s.tool)))];
  const missing = needed.filter((n) => !byName.has(n));
  if (missing.length > 0) {
    throw new WatchkeeperError(
      'CONFIG_INVALID',
      `operations skill needs tools that are not registered: ${missing.join(', ')}`,
      { missing },
    );
  }
  const tools = needed.map((n) => byName.get(n)).filter((t): t is Tool => t !== undefined);
  const commands = OPERATIONS_COMMANDS.filter((c) =>
    playbooks.some((p) => p.trigger.kind === 'command' && p.trigger.command === c.name),
  );
  const signalTriggers = playbooks.flatMap((p) => (p.trigger.kind === 'signal' ? [p.trigger.labels] : []));
  const map = options.serviceMap;

  return {
    id: 'operations',
    aliases: ['ops'],
    domain: 'operations',
    description:
      'Service operations: status, deploys, service map and impact, rollback, scale, flags, restart, silences, config changes.',
    claims: (signal: Signal) => {
      if (signal.kind !== 'alert' && signal.kind !== 'deploy') return false;
      if (hasValue(signal.labels, 'service')) return true;
      const alertname = signal.labels['alertname'];
      if (alertname === undefined) return false;
      return signalTriggers.some(
        (t) => t['alertname'] !== undefined && matchLabels({ alertname: t['alertname'] }, { alertname }),
      );
    },
    commands,
    playbooks,
    tools,
    triage: createOperationsTriage({
      clock,
      ...(map === undefined ? {} : { map }),
      ...(options.flapWindowMs === undefined ? {} : { flapWindowMs: options.flapWindowMs }),
      ...(options.silencedBy === undefined ? {} : { silencedBy: options.silencedBy }),
    }),
    describe: (signal) => {
      const service = signal.labels['service'];
      if (map === undefined || service === undefined) return undefined;
      const at = Date.parse(signal.startsAt);
      const impact = impactText(map, service, { at: Number.isNaN(at) ? clock.now() : new Date(at) });
      const slo = slos.find((s) => s.service === service);
      const sloLine =
        slo === undefined ? undefined : sloText(slo, measureFromSignals(slo, map.changes, clock.now()));
      const lines = [impact, sloLine].filter((l): l is string => l !== undefined);
      return lines.length === 0 ? undefined : lines.join('\n');
    },
  };
}

function hasValue(labels: Readonly<Record<string, string>>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(labels, key) && (labels[key] ?? '') !== '';
}
