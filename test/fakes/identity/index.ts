export { startFakeScim } from './fake-scim.js';
export type { FakeScim, FakeScimUser } from './fake-scim.js';
