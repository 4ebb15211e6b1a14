export { startFakeFlagService } from './fake-flag-service.js';
export type { FakeFlagService } from './fake-flag-service.js';
