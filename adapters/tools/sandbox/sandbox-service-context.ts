import type { SandboxStateRepository, ServiceContext, ServiceFacts } from '../../../src/core/index.js';
import { SANDBOX_KINDS } from './sandbox-schema.js';
import type { SandboxFlag, SandboxService } from './sandbox-schema.js';

export interface SandboxServiceContextOptions {
  readonly state: SandboxStateRepository;
  /** Most deploys reported per service, newest first (default 5). */
  readonly maxDeploys?: number;
}

/**
 * The sandbox's service map and change history as a {@link ServiceContext}, read live from the sandbox
 * state (so a rollback a tool just made shows up). Dependents are the services whose `dependsOn` names
 * this one. The sandbox keeps no flag history, so flags carry their current state only.
 */
export function createSandboxServiceContext(o: SandboxServiceContextOptions): ServiceContext {
  const maxDeploys = o.maxDeploys ?? 5;
  return {
    about(service: string): ServiceFacts | undefined {
      const name = service.trim();
      if (name === '') return undefined;
      const svc = o.state.get<SandboxService>(SANDBOX_KINDS.service, name);
      if (svc === undefined) return undefined;
      const dependents = o.state
        .list<SandboxService>(SANDBOX_KINDS.service)
        .filter((s) => s.dependsOn.includes(svc.name))
        .map((s) => s.name)
        .sort();
      const flags = o.state
        .list<SandboxFlag & { changedAt?: unknown }>(SANDBOX_KINDS.flag)
        .filter((f) => f.service === svc.name)
        .map((f) => ({
          name: f.name,
          enabled: f.enabled,
          // set by `sandbox.flip_flag` / `sandbox.revert_flag`; seeds carry no flag history
          ...(typeof f.changedAt === 'string' ? { changedAt: f.changedAt } : {}),
        }))
        .sort((a, b) => a.name.localeCompare(b.name));
      return {
        service: svc.name,
        version: svc.version,
        status: svc.status,
        dependsOn: [...svc.dependsOn],
        dependents,
        recentDeploys: [...svc.deploys]
          .reverse()
          .slice(0, maxDeploys)
          .map((d) => ({
            version: d.version,
            at: d.at,
            by: d.by,
            status: d.status,
            ...(d.rollbackOf === undefined ? {} : { rollbackOf: d.rollbackOf }),
          })),
        flags,
      };
    },
  };
}
