/** Jira issue webhooks (`jira:issue_created`, `jira:issue_updated`) → ticket signals. */
export {
  createJiraSource,
  descriptionText,
  JIRA_SOURCE_ID,
  type JiraSourceOptions,
} from './create-jira-source.js';
export { createJiraHookRoute, verified, type JiraHookRouteOptions } from './jira-hook-route.js';
export { jiraWebhookSchema, type JiraWebhook } from './jira-schema.js';
