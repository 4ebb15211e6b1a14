import type { DeployFact, FlagFact } from '../../../src/core/index.js';
import type { ServiceMap } from './service-map.js';

export interface ImpactOptions {
  /** When the trouble started (the alert's `startsAt`); changes shortly before it are suspects. */
  readonly at: Date;
  /** How far before `at` a deploy or flag change counts as a suspect (default 2 h). */
  readonly suspectWindowMs?: number;
}

interface Change {
  readonly service: string;
  readonly at: string;
  readonly text: string;
}

/**
 * The impact analysis posted with each operations incident: the failing service (tier, owner, runbook),
 * its blast radius (who depends on it), its suspects (what it depends on), and the latest deploys and flag
 * changes on any of them, newest first, with changes shortly before the trouble marked ⚠.
 */
export function impactText(map: ServiceMap, service: string, o: ImpactOptions): string | undefined {
  const facts = map.about(service);
  const mapped = map.get(service);
  if (facts === undefined && mapped === undefined) return undefined;
  const window = o.suspectWindowMs ?? 2 * 60 * 60 * 1000;
  const describe = (name: string): string => {
    const m = map.get(name);
    return m?.tier === undefined ? name : `${name} (tier ${m.tier})`;
  };
  const head = [
    `📍 Impact of ${service}`,
    mapped?.tier === undefined ? 'not in the service map' : `tier ${mapped.tier}`,
    ...(mapped?.owner === undefined ? [] : [`owner ${mapped.owner}`]),
    ...(facts?.version === undefined ? [] : [`running ${facts.version}`]),
  ].join(' · ');
  const upstream = facts?.dependents ?? [];
  const downstream = facts?.dependsOn ?? [];
  const involved = [service, ...downstream, ...upstream];
  const changes = involved
    .flatMap((name) => changesOf(map, name))
    .sort((a, b) => b.at.localeCompare(a.at))
    .slice(0, 6);
  const suspect = (c: Change): boolean => {
    const t = Date.parse(c.at);
    return !Number.isNaN(t) && t <= o.at.getTime() + 60_000 && o.at.getTime() - t <= window;
  };
  const lines = [
    head,
    `⬆ blast radius (depends on ${service}): ${upstream.length === 0 ? 'none known' : upstream.map(describe).join(', ')}`,
    `⬇ suspects (${service} depends on): ${downstream.length === 0 ? 'none known' : downstream.map(describe).join(', ')}`,
    changes.length === 0
      ? '🔀 recent changes: none recorded'
      : `🔀 recent changes:\n${changes.map((c) => `  ${suspect(c) ? '⚠ ' : ''}${c.text}`).join('\n')}`,
    ...(mapped !== undefined && mapped.runbooks.length > 0
      ? [`📖 runbook: ${mapped.runbooks.join(' ')}`]
      : []),
  ];
  return lines.join('\n');
}

/** The latest two deploys and every dated flag change of one service. */
function changesOf(map: ServiceMap, name: string): Change[] {
  const facts = map.about(name);
  if (facts === undefined) return [];
  const deploys = facts.recentDeploys
    .slice(0, 2)
    .map((d) => ({ service: name, at: d.at, text: deployText(name, d) }));
  const flags = (facts.flags ?? [])
    .filter((f): f is FlagFact & { changedAt: string } => f.changedAt !== undefined)
    .map((f) => ({
      service: name,
      at: f.changedAt,
      text: `${name} flag ${f.name} turned ${f.enabled ? 'on' : 'off'} at ${f.changedAt}`,
    }));
  return [...deploys, ...flags];
}

function deployText(service: string, d: DeployFact): string {
  const rollback = d.rollbackOf === undefined ? '' : `, rollback of ${d.rollbackOf}`;
  return `${service} deploy ${d.version} at ${d.at} by ${d.by} (${d.status}${rollback})`;
}
