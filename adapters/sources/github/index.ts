/** GitHub webhooks (`POST /hooks/github`): deploys (`workflow_run`, `deployment_status`) and issues. */
export { createGithubSource, GITHUB_SOURCE_ID, GITHUB_EVENTS } from './create-github-source.js';
export { createGithubHookRoute } from './create-github-hook-route.js';
export type { GithubHookRouteOptions } from './create-github-hook-route.js';
export { verifyGithubSignature, signGithubBody } from './verify-github-signature.js';
export type { GithubDeployOptions } from './github-deploy-signals.js';
export { deploymentStatusSignals, workflowRunSignals } from './github-deploy-signals.js';
export { issueSignals } from './github-issue-signals.js';
