export { startFakeEdr } from './fake-edr.js';
export type { EdrFault, FakeEdr, FakeEdrRequest } from './fake-edr.js';
