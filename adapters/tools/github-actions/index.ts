/** GitHub Actions REST tools: re-run a workflow run, dispatch a (deploy) workflow. */
export { createGithubActionsTools } from './create-github-actions-tools.js';
export type { GithubActionsToolsOptions } from './create-github-actions-tools.js';
