import { z } from 'zod';
import { ToolError } from '../../../src/core/index.js';
import { callOpsApi } from '../prometheus/call-ops-api.js';
import type { OpsApiOptions } from '../prometheus/call-ops-api.js';

/** One rollout revision of a Deployment: its ReplicaSet's pod template, without the pod-template-hash. */
export interface ReplicaSetRevision {
  readonly revision: number;
  readonly name: string;
  readonly image: string;
  readonly template: Record<string, unknown>;
}

const REVISION = 'deployment.kubernetes.io/revision';
const deploymentSchema = z.looseObject({
  metadata: z.looseObject({ uid: z.string().optional() }),
  spec: z.looseObject({ selector: z.looseObject({ matchLabels: z.record(z.string(), z.string()) }) }),
});
const replicaSetList = z.looseObject({
  items: z.array(
    z.looseObject({
      metadata: z.looseObject({
        name: z.string(),
        annotations: z.record(z.string(), z.string()).optional(),
        ownerReferences: z.array(z.looseObject({ uid: z.string() })).optional(),
      }),
      spec: z.looseObject({ template: z.record(z.string(), z.unknown()) }),
    }),
  ),
});

/**
 * The Deployment's ReplicaSets (those it owns, matched by its selector), oldest revision first, as
 * `kubectl rollout history` sees them.
 */
export async function listRevisions(
  api: OpsApiOptions,
  deploymentPath: string,
  namespace: string,
  signal: AbortSignal,
): Promise<ReplicaSetRevision[]> {
  const dep = deploymentSchema.safeParse(
    (await callOpsApi(api, { method: 'GET', path: deploymentPath, signal })).body,
  );
  if (!dep.success) throw new ToolError('the Deployment answered with an unexpected body', false);
  const selector = Object.entries(dep.data.spec.selector.matchLabels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  const res = await callOpsApi(api, {
    method: 'GET',
    path: `/apis/apps/v1/namespaces/${namespace}/replicasets`,
    query: { labelSelector: selector },
    signal,
  });
  const list = replicaSetList.safeParse(res.body);
  if (!list.success) throw new ToolError('the ReplicaSet list answered with an unexpected body', false);
  const uid = dep.data.metadata.uid;
  return list.data.items
    .filter((rs) => uid === undefined || (rs.metadata.ownerReferences ?? []).some((r) => r.uid === uid))
    .flatMap((rs) => {
      const revision = Number(rs.metadata.annotations?.[REVISION]);
      if (!Number.isInteger(revision)) return [];
      return [
        {
          revision,
          name: rs.metadata.name,
          image: imageOf(rs.spec.template),
          template: withoutHash(rs.spec.template),
        },
      ];
    })
    .sort((a, b) => a.revision - b.revision);
}

export function findRevision(
  revisions: readonly ReplicaSetRevision[],
  n: number,
): ReplicaSetRevision | undefined {
  return revisions.find((r) => r.revision === n);
}

function imageOf(template: Record<string, unknown>): string {
  const spec = template['spec'] as { containers?: { image?: unknown }[] } | undefined;
  const image = spec?.containers?.[0]?.image;
  return typeof image === 'string' ? image : '?';
}

/** kubectl drops the `pod-template-hash` label before re-applying a template; so do we. */
function withoutHash(template: Record<string, unknown>): Record<string, unknown> {
  const metadata = (template['metadata'] ?? {}) as { labels?: Record<string, string> };
  const { ['pod-template-hash']: _hash, ...labels } = metadata.labels ?? {};
  return { ...template, metadata: { ...metadata, labels } };
}
