import type { DeployFact, ServiceContext, ServiceFacts } from '../../../src/core/index.js';
import type { OpsChangeLog } from './ops-change-log.js';
import type { ServiceEntry, ServiceMapFile } from './service-map-schema.js';

/** A service as the map knows it: declared in the YAML, or only observed in alert labels. */
export interface MappedService {
  readonly name: string;
  readonly declared: boolean;
  readonly owner?: string;
  readonly tier?: number;
  readonly description?: string;
  readonly dependsOn: readonly string[];
  readonly runbooks: readonly string[];
  readonly namespace?: string;
  readonly job?: string;
}

export interface ServiceMapOptions {
  readonly file: ServiceMapFile;
  readonly changes: OpsChangeLog;
  /** Live facts of the backend (the sandbox: version, status, deploys, flags), merged in. */
  readonly live?: ServiceContext;
  /** Most deploys listed per service (default 5). */
  readonly maxDeploys?: number;
}

/**
 * The service map: the declared YAML plus what signals taught (observed services, CD deploys), and the
 * backend's live facts. It is the {@link ServiceContext} the planner and the impact analysis read.
 */
export class ServiceMap implements ServiceContext {
  private readonly declared: ReadonlyMap<string, ServiceEntry>;

  constructor(private readonly o: ServiceMapOptions) {
    this.declared = new Map(Object.entries(o.file.services));
  }

  get changes(): OpsChangeLog {
    return this.o.changes;
  }

  /** Declared services first (by name), then observed ones the map does not declare. */
  list(): MappedService[] {
    const declared = [...this.declared.keys()].sort().map((n) => this.get(n));
    const observed = this.o.changes
      .observed()
      .filter((s) => !this.declared.has(s.service))
      .map((s) => this.get(s.service));
    return [...declared, ...observed].filter((s): s is MappedService => s !== undefined);
  }

  /** Whether the YAML declares `name` (a map lookup: every alert of a storm asks). */
  declares(name: string): boolean {
    return this.declared.has(name);
  }

  get(name: string): MappedService | undefined {
    const e = this.declared.get(name);
    if (e !== undefined) {
      return {
        name,
        declared: true,
        owner: e.owner,
        tier: e.tier,
        ...(e.description === undefined ? {} : { description: e.description }),
        dependsOn: e.dependsOn,
        runbooks: e.runbooks,
        ...(e.namespace === undefined ? {} : { namespace: e.namespace }),
        ...(e.job === undefined ? {} : { job: e.job }),
      };
    }
    const seen = this.o.changes.observed().find((s) => s.service === name);
    if (seen === undefined) return undefined;
    return {
      name,
      declared: false,
      dependsOn: [],
      runbooks: [],
      ...(seen.namespace === undefined ? {} : { namespace: seen.namespace }),
      ...(seen.job === undefined ? {} : { job: seen.job }),
    };
  }

  /** Who calls `name`: the upstream blast radius. */
  dependents(name: string): string[] {
    return [...this.declared.entries()]
      .filter(([, e]) => e.dependsOn.includes(name))
      .map(([n]) => n)
      .sort();
  }

  /**
   * The service a signal is about: its `service` label, else the declared service whose `job` (and
   * `namespace`, when both are given) match the labels. Undefined when nothing identifies one.
   */
  resolve(labels: Readonly<Record<string, string>>): string | undefined {
    const service = labels['service'];
    if (service !== undefined && service !== '') return service;
    const job = labels['job'];
    const namespace = labels['namespace'];
    if (job === undefined) return undefined;
    for (const [n, e] of this.declared) {
      if (
        e.job === job &&
        (namespace === undefined || e.namespace === undefined || e.namespace === namespace)
      )
        return n;
    }
    return undefined;
  }

  /** The service whose deploys come from a GitHub repository (`owner/name`). */
  serviceForRepo(fullName: string): string | undefined {
    const wanted = fullName.toLowerCase();
    for (const [n, e] of this.declared) if (e.repos.some((r) => r.toLowerCase() === wanted)) return n;
    return undefined;
  }

  about(service: string): ServiceFacts | undefined {
    const name = service.trim();
    const mapped = this.get(name);
    const live = this.o.live?.about(name);
    if (mapped === undefined && live === undefined) return undefined;
    const recorded: DeployFact[] = this.o.changes.deploys(name).map((d) => ({
      version: d.version,
      at: d.at,
      by: d.by,
      status: d.status,
    }));
    const recentDeploys = [...recorded, ...(live?.recentDeploys ?? [])]
      .sort((a, b) => b.at.localeCompare(a.at))
      .slice(0, this.o.maxDeploys ?? 5);
    return {
      service: name,
      ...(live?.version === undefined ? {} : { version: live.version }),
      ...(live?.status === undefined ? {} : { status: live.status }),
      dependsOn: union(mapped?.dependsOn ?? [], live?.dependsOn ?? []),
      dependents: union(this.dependents(name), live?.dependents ?? []),
      ...(this.declared.get(name)?.foldDependents === true ? { foldsDependents: true } : {}),
      recentDeploys,
      ...(live?.flags === undefined ? {} : { flags: live.flags }),
    };
  }
}

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])].sort();
}
