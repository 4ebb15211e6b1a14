export { startFakePrometheus } from './fake-prometheus.js';
export type { FakePrometheus, FakeSeries } from './fake-prometheus.js';
