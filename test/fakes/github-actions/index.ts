export { startFakeGithubActions } from './fake-github-actions.js';
export type { FakeGithubActions, FakeWorkflow } from './fake-github-actions.js';
