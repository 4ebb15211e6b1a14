import { WatchkeeperError, matchLabels } from '../../src/core/index.js';
import type { Signal, Skill, Tool } from '../../src/core/index.js';

import { OPERATIONS_COMMANDS } from './operations-commands.js';
import { OPERATIONS_PLAYBOOKS } from './operations-playbooks.js';

export interface OperationsSkillOptions {
  /** The tool catalogue; the skill picks the sandbox tools its playbooks use. */
  readonly tools: readonly Tool[];
}

/**
 * The operations starter skill (`/wk ops …`): service status, deploys, logs, rollback, scale and flags,
 * and two alert playbooks (error rate after a deploy → rollback; saturation → scale out). It claims
 * alert and deploy signals about a service. It declares; the policy engine decides.
 */
export function createOperationsSkill(options: OperationsSkillOptions): Skill {
  const needed = [...new Set(OPERATIONS_PLAYBOOKS.flatMap((p) => p.steps.map((s) => s.tool)))];
  const byName = new Map(options.tools.map((t) => [t.name, t]));
  const missing = needed.filter((n) => !byName.has(n));
  if (missing.length > 0) {
    throw new WatchkeeperError(
      'CONFIG_INVALID',
      `operations skill needs tools that are not registered: ${missing.join(', ')}`,
      {
        missing,
      },
    );
  }
  const tools = needed.map((n) => byName.get(n)).filter((t): t is Tool => t !== undefined);
  const signalTriggers = OPERATIONS_PLAYBOOKS.flatMap((p) =>
    p.trigger.kind === 'signal' ? [p.trigger.labels] : [],
  );

  return {
    id: 'operations',
    aliases: ['ops'],
    domain: 'operations',
    description:
      'Service operations on the sandbox fleet: status, deploys, logs, rollback, scale, feature flags.',
    claims: (signal: Signal) => {
      if (signal.kind !== 'alert' && signal.kind !== 'deploy') return false;
      if (hasValue(signal.labels, 'service')) return true;
      const alertname = signal.labels['alertname'];
      if (alertname === undefined) return false;
      return signalTriggers.some(
        (t) => t['alertname'] !== undefined && matchLabels({ alertname: t['alertname'] }, { alertname }),
      );
    },
    commands: OPERATIONS_COMMANDS,
    playbooks: OPERATIONS_PLAYBOOKS,
    tools,
  };
}

function hasValue(labels: Readonly<Record<string, string>>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(labels, key) && (labels[key] ?? '') !== '';
}
