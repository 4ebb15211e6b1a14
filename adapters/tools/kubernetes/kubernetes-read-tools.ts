import { z } from 'zod';
import { ToolError } from '../../../src/core/index.js';
import type { Tool } from '../../../src/core/index.js';
import { callOpsApi } from '../prometheus/call-ops-api.js';
import type { KubernetesToolsOptions } from './create-kubernetes-tools.js';
import { listRevisions } from './deployment-revisions.js';

const dns1123 = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'expected a Kubernetes name')
  .max(253);
const input = z.object({ service: dns1123, namespace: dns1123.optional() });

const statusSchema = z.looseObject({
  spec: z.looseObject({
    replicas: z.number().int().optional(),
    template: z.looseObject({
      spec: z.looseObject({
        containers: z.array(z.looseObject({ image: z.string().optional() })).optional(),
      }),
    }),
  }),
  status: z
    .looseObject({
      replicas: z.number().int().optional(),
      readyReplicas: z.number().int().optional(),
      updatedReplicas: z.number().int().optional(),
      availableReplicas: z.number().int().optional(),
    })
    .optional(),
});

/**
 * Read-only Deployment tools (low risk): `kubernetes.deployment_status` (image, desired/ready replicas)
 * and `kubernetes.rollout_history` (revisions with their images, newest first), so `ops status` and
 * `ops deploys` read the cluster when the Kubernetes backend is chosen.
 */
export function createKubernetesReadTools(o: KubernetesToolsOptions): Tool[] {
  const ns = (i: { namespace?: string | undefined }): string => i.namespace ?? o.namespace;
  const path = (i: z.infer<typeof input>): string =>
    `/apis/apps/v1/namespaces/${ns(i)}/deployments/${i.service}`;
  const target = (i: z.infer<typeof input>) => ({
    environment: o.environment,
    service: i.service,
    asset: `deployment/${ns(i)}/${i.service}`,
  });
  const status: Tool<z.infer<typeof input>> = {
    name: 'kubernetes.deployment_status',
    description: 'Show image and replica status of a Deployment.',
    input,
    risk: 'low',
    reversible: false,
    scope: 'kubernetes:read',
    target,
    run: async (i, ctx) => {
      const res = await callOpsApi(o.api, { method: 'GET', path: path(i), signal: ctx.signal });
      const d = statusSchema.safeParse(res.body);
      if (!d.success) throw new ToolError('the Deployment answered with an unexpected body', false);
      const image = d.data.spec.template.spec.containers?.[0]?.image ?? '?';
      const s = d.data.status ?? {};
      const desired = d.data.spec.replicas ?? 0;
      const ready = s.readyReplicas ?? 0;
      return {
        ok: true,
        summary: `${ns(i)}/${i.service} ${image}: ${ready}/${desired} ready, ${s.updatedReplicas ?? 0} updated, ${s.availableReplicas ?? 0} available`,
        data: { image, desired, ready, updated: s.updatedReplicas ?? 0, available: s.availableReplicas ?? 0 },
      };
    },
  };
  const history: Tool<z.infer<typeof input>> = {
    name: 'kubernetes.rollout_history',
    description: 'List the rollout revisions of a Deployment with their images, newest first.',
    input,
    risk: 'low',
    reversible: false,
    scope: 'kubernetes:read',
    target,
    run: async (i, ctx) => {
      const revisions = (await listRevisions(o.api, path(i), ns(i), ctx.signal)).reverse();
      const list = revisions
        .map((r, n) => `${r.revision} ${r.image}${n === 0 ? ' (running)' : ''}`)
        .join(', ');
      return {
        ok: true,
        summary: `${ns(i)}/${i.service} revisions, newest first: ${list === '' ? 'none' : list}`,
        data: { revisions: revisions.map((r) => ({ revision: r.revision, image: r.image })) },
      };
    },
  };
  return [status, history] as Tool[];
}
