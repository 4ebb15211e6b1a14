import type { ServiceMap } from './service-map.js';

const MAX_DEPTH = 4;

/**
 * `ops map <service>` as chat text: who calls the service (upstream), then the tree of what it calls
 * (downstream, depth-limited, each service expanded once). Without a service: every service, one line each.
 */
export function mapText(map: ServiceMap, service?: string): string {
  if (service === undefined || service === '') {
    const lines = map.list().map((s) => {
      const meta = s.declared
        ? `tier ${s.tier ?? '?'}, ${s.owner ?? 'no owner'}`
        : 'observed in alerts, not in the map';
      const deps = s.dependsOn.length === 0 ? '' : ` → ${s.dependsOn.join(', ')}`;
      return `• ${s.name} (${meta})${deps}`;
    });
    return ['Service map:', ...lines].join('\n');
  }
  const root = map.get(service);
  const facts = map.about(service);
  if (root === undefined && facts === undefined) {
    const known = map
      .list()
      .map((s) => s.name)
      .join(', ');
    return `${service} is not in the service map (known: ${known})`;
  }
  const label = (name: string): string => {
    const m = map.get(name);
    return m?.tier === undefined
      ? name
      : `${name} [tier ${m.tier}${m.owner === undefined ? '' : `, ${m.owner}`}]`;
  };
  const upstream = facts?.dependents ?? map.dependents(service);
  const lines = [
    `Service map around ${label(service)}:`,
    upstream.length === 0 ? '  (nothing depends on it)' : `  called by: ${upstream.map(label).join(', ')}`,
    `  ${service}`,
  ];
  const seen = new Set([service]);
  const walk = (name: string, prefix: string, depth: number): void => {
    const deps = map.about(name)?.dependsOn ?? map.get(name)?.dependsOn ?? [];
    deps.forEach((dep, i) => {
      const last = i === deps.length - 1;
      const again = seen.has(dep);
      lines.push(`  ${prefix}${last ? '└─▶ ' : '├─▶ '}${label(dep)}${again ? ' (see above)' : ''}`);
      if (again || depth >= MAX_DEPTH) return;
      seen.add(dep);
      walk(dep, `${prefix}${last ? '    ' : '│   '}`, depth + 1);
    });
  };
  walk(service, '', 1);
  return lines.join('\n');
}
