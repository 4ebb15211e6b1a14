import { z } from 'zod';
import type { Tool } from '../../src/core/index.js';

const input = z.object({
  service: z.coerce.string().trim().min(1).max(100),
  /** `capacity` or `cost`. */
  signalClass: z.enum(['capacity', 'cost']),
  metric: z.string().max(200).optional(),
  value: z.coerce.string().max(100).optional(),
  threshold: z.coerce.string().max(100).optional(),
  /** What the sender suggests, e.g. `suggested_replicas`. */
  suggestedReplicas: z.coerce.number().int().min(0).max(1000).optional(),
  note: z.string().max(1000).optional(),
});
export type RecommendInput = z.infer<typeof input>;

/**
 * `ops.recommend` (low, read-only): turns a capacity or cost signal into a recommendation people can act
 * on with an ops command. It changes nothing: capacity and cost signals never trigger a change by
 * themselves, whatever the autonomy mode.
 */
export function createRecommendTool(environment: string): Tool<RecommendInput> {
  return {
    name: 'ops.recommend',
    description: 'Recommend an action for a capacity or cost signal (never applies it).',
    input,
    risk: 'low',
    reversible: false,
    scope: 'ops:read',
    target: (i) => ({ environment, service: i.service }),
    run: async (i) => {
      const measured =
        i.metric === undefined
          ? ''
          : ` ${i.metric}${i.value === undefined ? '' : ` at ${i.value}`}${i.threshold === undefined ? '' : ` (threshold ${i.threshold})`};`;
      const action =
        i.suggestedReplicas !== undefined
          ? `run \`/wk ops scale ${i.service} ${i.suggestedReplicas}\` if you agree (it goes through approval)`
          : i.signalClass === 'capacity'
            ? `review the headroom of ${i.service}; \`/wk ops scale ${i.service} <replicas>\` scales within policy bounds`
            : `review the spend of ${i.service}; scaling in or a config change (\`/wk ops config\`) are proposals, never automatic`;
      return {
        ok: true,
        summary: `💡 ${i.signalClass} recommendation for ${i.service}:${measured} ${action}.${i.note === undefined ? '' : ` Note: ${i.note}`} Nothing was changed.`,
        data: { ...i, applied: false },
      };
    },
  };
}
