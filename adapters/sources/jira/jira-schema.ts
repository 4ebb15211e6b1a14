import { z } from 'zod';

const person = z.looseObject({
  displayName: z.string().optional(),
  emailAddress: z.string().optional(),
  accountId: z.string().optional(),
});

/**
 * The subset of a Jira Cloud `jira:issue_created` / `jira:issue_updated` webhook we read.
 * `description` is wiki text (REST v2 webhooks) or an Atlassian Document Format object (v3).
 * @see https://developer.atlassian.com/server/jira/platform/webhooks/
 */
export const jiraWebhookSchema = z.looseObject({
  webhookEvent: z.enum(['jira:issue_created', 'jira:issue_updated']),
  timestamp: z.number().optional(),
  user: person.optional(),
  issue: z.looseObject({
    id: z.string().min(1),
    key: z.string().regex(/^[A-Z][A-Z0-9_]*-\d+$/, 'a Jira issue key such as SUP-12'),
    self: z.url().optional(),
    fields: z.looseObject({
      summary: z.string().trim().min(1).max(1000),
      description: z.union([z.string(), z.looseObject({}), z.null()]).optional(),
      priority: z.looseObject({ name: z.string() }).nullable().optional(),
      status: z
        .looseObject({
          name: z.string(),
          statusCategory: z.looseObject({ key: z.string() }).optional(),
        })
        .nullable()
        .optional(),
      reporter: person.nullable().optional(),
      components: z.array(z.looseObject({ name: z.string() })).optional(),
      labels: z.array(z.string()).optional(),
      created: z.string().optional(),
    }),
  }),
});
export type JiraWebhook = z.infer<typeof jiraWebhookSchema>;
