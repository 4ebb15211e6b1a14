import { z } from 'zod';
import { ToolError } from '../../../src/core/index.js';
import type { Tool, ToolContext } from '../../../src/core/index.js';
import { callOpsApi } from '../prometheus/call-ops-api.js';
import type { OpsApiOptions } from '../prometheus/call-ops-api.js';
import { findRevision, listRevisions, type ReplicaSetRevision } from './deployment-revisions.js';

export interface KubernetesToolsOptions {
  /** API server URL and the service-account bearer token. */
  readonly api: OpsApiOptions;
  readonly namespace: string;
  /** Environment in the targets, for policy rules (e.g. `production`). */
  readonly environment: string;
}

const dns1123 = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'expected a Kubernetes name')
  .max(253);
const deploymentInput = z.object({ service: dns1123, namespace: dns1123.optional() });
const scaleInput = z.object({
  service: dns1123,
  namespace: dns1123.optional(),
  replicas: z.number().int().min(0).max(1000),
});
const undoInput = z.object({
  service: dns1123,
  namespace: dns1123.optional(),
  /** The revision to return to; default the one before the current (as `kubectl rollout undo`). */
  toRevision: z.coerce.number().int().min(1).optional(),
});

const scaleSchema = z.looseObject({ spec: z.looseObject({ replicas: z.number().int().optional() }) });

/**
 * Kubernetes workloads over the API server (no kubectl, no shell): `kubernetes.rollout_restart` (the
 * `restartedAt` annotation patch kubectl uses), `kubernetes.scale` (the scale subresource) and
 * `kubernetes.rollout_undo` (re-applies an earlier ReplicaSet's pod template, as kubectl does).
 * The service name is the Deployment name.
 * @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/deployment-v1/
 */
export function createKubernetesTools(o: KubernetesToolsOptions): Tool[] {
  const ns = (input: { namespace?: string | undefined }): string => input.namespace ?? o.namespace;
  const deploymentPath = (input: { service: string; namespace?: string | undefined }): string =>
    `/apis/apps/v1/namespaces/${ns(input)}/deployments/${input.service}`;
  const target = (input: { service: string; namespace?: string | undefined }) => ({
    environment: o.environment,
    service: input.service,
    asset: `deployment/${ns(input)}/${input.service}`,
  });

  const restart: Tool<z.infer<typeof deploymentInput>> = {
    name: 'kubernetes.rollout_restart',
    description: 'Rolling restart of a Deployment (restartedAt annotation on its pod template).',
    input: deploymentInput,
    risk: 'medium',
    reversible: false,
    scope: 'kubernetes:deployments',
    target,
    dryRun: async (input, ctx) => {
      await callOpsApi(o.api, { method: 'GET', path: deploymentPath(input), signal: ctx.signal });
      return {
        ok: true,
        summary: `would restart every pod of deployment ${ns(input)}/${input.service}`,
        data: { dryRun: true },
      };
    },
    run: async (input, ctx) => {
      const at = ctx.clock.now().toISOString();
      await callOpsApi(o.api, {
        method: 'PATCH',
        path: deploymentPath(input),
        contentType: 'application/strategic-merge-patch+json',
        body: {
          spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': at } } } },
        },
        signal: ctx.signal,
      });
      return {
        ok: true,
        summary: `deployment ${ns(input)}/${input.service}: rolling restart at ${at}`,
        data: { restartedAt: at },
      };
    },
  };

  const readReplicas = async (input: z.infer<typeof scaleInput>, ctx: ToolContext): Promise<number> => {
    const res = await callOpsApi(o.api, {
      method: 'GET',
      path: `${deploymentPath(input)}/scale`,
      signal: ctx.signal,
    });
    const parsed = scaleSchema.safeParse(res.body);
    if (!parsed.success) throw new ToolError('the scale subresource answered with an unexpected body', false);
    return parsed.data.spec.replicas ?? 0;
  };
  const scale: Tool<z.infer<typeof scaleInput>> = {
    name: 'kubernetes.scale',
    description: 'Set the replica count of a Deployment (scale subresource).',
    input: scaleInput,
    risk: 'medium',
    reversible: true,
    scope: 'kubernetes:deployments',
    target,
    dryRun: async (input, ctx) => {
      const from = await readReplicas(input, ctx);
      return {
        ok: true,
        summary: `${ns(input)}/${input.service}: ${from} → ${input.replicas} replicas`,
        data: { from, to: input.replicas, dryRun: true },
      };
    },
    run: async (input, ctx) => {
      const from = await readReplicas(input, ctx);
      if (from === input.replicas)
        return {
          ok: true,
          summary: `${ns(input)}/${input.service}: already at ${from} replicas`,
          data: { from, to: from, changed: false },
        };
      await callOpsApi(o.api, {
        method: 'PATCH',
        path: `${deploymentPath(input)}/scale`,
        contentType: 'application/merge-patch+json',
        body: { spec: { replicas: input.replicas } },
        signal: ctx.signal,
      });
      return {
        ok: true,
        summary: `${ns(input)}/${input.service}: ${from} → ${input.replicas} replicas`,
        data: { from, to: input.replicas, changed: true },
      };
    },
    rollback: (input, result) => {
      const d = result.data as { from?: unknown; changed?: unknown } | undefined;
      return result.ok && d?.changed === true && typeof d.from === 'number'
        ? { tool: 'kubernetes.scale', input: { ...input, replicas: d.from } }
        : undefined;
    },
  };

  const chooseRevision = async (input: z.infer<typeof undoInput>, ctx: ToolContext) => {
    const revisions = await listRevisions(o.api, deploymentPath(input), ns(input), ctx.signal);
    const current = revisions.at(-1);
    if (current === undefined) throw new ToolError(`${input.service} has no rollout history`, false);
    const to: ReplicaSetRevision | undefined =
      input.toRevision === undefined ? revisions.at(-2) : findRevision(revisions, input.toRevision);
    if (to === undefined || to.revision === current.revision) {
      const known = revisions.map((r) => r.revision).join(', ');
      throw new ToolError(`${input.service}: no earlier revision to return to (revisions: ${known})`, false);
    }
    return { current, to };
  };
  const undo: Tool<z.infer<typeof undoInput>> = {
    name: 'kubernetes.rollout_undo',
    description: 'Roll a Deployment back to an earlier revision (default: the previous one).',
    input: undoInput,
    risk: 'high',
    reversible: true,
    scope: 'kubernetes:deployments',
    target,
    dryRun: async (input, ctx) => {
      const { current, to } = await chooseRevision(input, ctx);
      return {
        ok: true,
        summary: `${ns(input)}/${input.service}: revision ${current.revision} (${current.image}) → ${to.revision} (${to.image})`,
        data: { from: current.revision, to: to.revision, dryRun: true },
      };
    },
    run: async (input, ctx) => {
      const { current, to } = await chooseRevision(input, ctx);
      await callOpsApi(o.api, {
        method: 'PATCH',
        path: deploymentPath(input),
        contentType: 'application/strategic-merge-patch+json',
        body: { spec: { template: to.template } },
        signal: ctx.signal,
      });
      return {
        ok: true,
        summary: `${ns(input)}/${input.service}: rolled back from revision ${current.revision} (${current.image}) to ${to.revision} (${to.image})`,
        data: { from: current.revision, to: to.revision, changed: true },
      };
    },
    // The rollback of a rollback: back to the revision that was running (kubectl gives it a new number,
    // so the template of the old one is found by its recorded revision in the ReplicaSet history).
    rollback: (input, result) => {
      const d = result.data as { from?: unknown; changed?: unknown } | undefined;
      return result.ok && d?.changed === true && typeof d.from === 'number'
        ? { tool: 'kubernetes.rollout_undo', input: { ...input, toRevision: d.from } }
        : undefined;
    },
  };
  return [restart, scale, undo] as Tool[];
}
