import { z } from 'zod';
import type { Tool } from '../../src/core/index.js';
import { impactText } from './service-map/impact-text.js';
import { mapText } from './service-map/map-text.js';
import type { ServiceMap } from './service-map/service-map.js';

const name = z.coerce.string().trim().min(1).max(100);
const mapInput = z.object({ service: name.optional() });
const impactInput = z.object({ service: name });

export interface OpsMapToolsOptions {
  readonly map: ServiceMap;
  /** The environment the map describes; targets carry it so policies can match. */
  readonly environment: string;
}

/**
 * Read-only tools over the service map: `ops.service_map` (the dependency picture as text) and
 * `ops.impact` (blast radius, suspects and recent changes of one service). Both low risk.
 */
export function createOpsMapTools(o: OpsMapToolsOptions): Tool[] {
  const serviceMapTool: Tool<z.infer<typeof mapInput>> = {
    name: 'ops.service_map',
    description: 'Show the service map around a service (who calls it, what it calls), or the whole map.',
    input: mapInput,
    risk: 'low',
    reversible: false,
    scope: 'ops:read',
    target: (input) => ({
      environment: o.environment,
      ...(input.service === undefined ? {} : { service: input.service }),
    }),
    run: async (input) => ({
      ok: true,
      summary: mapText(o.map, input.service),
      data: { service: input.service ?? null, known: o.map.list().map((s) => s.name) },
    }),
  };
  const impactTool: Tool<z.infer<typeof impactInput>> = {
    name: 'ops.impact',
    description:
      'Impact analysis of a service: blast radius, downstream suspects, recent deploys and flag changes.',
    input: impactInput,
    risk: 'low',
    reversible: false,
    scope: 'ops:read',
    target: (input) => ({ environment: o.environment, service: input.service }),
    run: async (input, ctx) => {
      const text = impactText(o.map, input.service, { at: ctx.clock.now() });
      return text === undefined
        ? { ok: false, summary: `${input.service} is not in the service map` }
        : { ok: true, summary: text, data: { service: input.service } };
    },
  };
  return [serviceMapTool, impactTool] as Tool[];
}
