/** Ticketing systems behind one shape (built-in store, GitHub Issues, Jira) and the ticket write tools. */
export { createBuiltinTicketing, BOT_AUTHOR } from './builtin-ticketing.js';
export { createGitHubTicketing, parseIssueRef, type GitHubTicketingOptions } from './github-ticketing.js';
export { createJiraTicketing, type JiraTicketingOptions } from './jira-ticketing.js';
export {
  createTicketingTools,
  SUPPORT_ENVIRONMENT,
  type TicketingToolsOptions,
} from './create-ticketing-tools.js';
