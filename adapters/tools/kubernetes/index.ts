/** Kubernetes Deployment tools over the API server: rollout restart, scale, rollout undo. */
export { createKubernetesTools } from './create-kubernetes-tools.js';
export type { KubernetesToolsOptions } from './create-kubernetes-tools.js';
export { listRevisions } from './deployment-revisions.js';
export type { ReplicaSetRevision } from './deployment-revisions.js';
export { createKubernetesReadTools } from './kubernetes-read-tools.js';
