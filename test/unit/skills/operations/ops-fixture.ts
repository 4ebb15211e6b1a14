import type { Clock, Tool } from '../../../../src/core/index.js';
import {
  createSandboxOpsTools,
  createSandboxServiceContext,
} from '../../../../adapters/tools/sandbox/index.js';
import { OpsChangeLog, ServiceMap, loadServiceMapFile } from '../../../../skills/operations/index.js';
import { seededSandbox, type SandboxFixture } from '../../adapters/tools/sandbox/sandbox-fixture.js';

export const SERVICE_MAP_PATH = new URL('../../../../data/service-map.yaml', import.meta.url).pathname;

export interface OpsFixture extends SandboxFixture {
  readonly map: ServiceMap;
  /** Sandbox tools plus the operations runbook tools. */
  readonly allTools: Tool[];
}

/** A seeded sandbox (real in-memory SQLite store) with the committed service map over it. */
export function opsFixture(): OpsFixture {
  const f = seededSandbox();
  const opsTools = createSandboxOpsTools({ state: f.state });
  for (const t of opsTools) f.tools.set(t.name, t);
  const map = new ServiceMap({
    file: loadServiceMapFile(SERVICE_MAP_PATH),
    changes: new OpsChangeLog(f.store.kv),
    live: createSandboxServiceContext({ state: f.state }),
  });
  return { ...f, map, allTools: [...f.tools.values()] };
}

/** A clock tests move by hand. */
export class StepClock implements Clock {
  constructor(private t: number) {}
  now(): Date {
    return new Date(this.t);
  }
  advance(ms: number): void {
    this.t += ms;
  }
}
