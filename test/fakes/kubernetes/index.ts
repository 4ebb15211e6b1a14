export { startFakeKubernetes } from './fake-kubernetes.js';
export type { FakeDeployment, FakeKubernetes } from './fake-kubernetes.js';
