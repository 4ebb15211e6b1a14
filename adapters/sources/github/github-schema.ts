import { z } from 'zod';

/**
 * The parts of GitHub webhook payloads Watchkeeper reads; everything else passes through.
 * @see https://docs.github.com/en/webhooks/webhook-events-and-payloads
 */
const repository = z.looseObject({
  full_name: z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'expected owner/name'),
  html_url: z.string().optional(),
});
const user = z.looseObject({ login: z.string().min(1) });
const time = z.iso.datetime({ offset: true });

export const workflowRunEventSchema = z.looseObject({
  action: z.string().min(1),
  workflow_run: z.looseObject({
    id: z.number().int(),
    name: z.string().nullable().optional(),
    head_branch: z.string().nullable().optional(),
    head_sha: z.string().regex(/^[0-9a-f]{7,64}$/, 'expected a commit sha'),
    run_number: z.number().int().optional(),
    run_attempt: z.number().int().optional(),
    event: z.string().optional(),
    status: z.string().nullable().optional(),
    conclusion: z.string().nullable().optional(),
    html_url: z.string().optional(),
    display_title: z.string().optional(),
    path: z.string().optional(),
    created_at: time,
    updated_at: time.optional(),
    actor: user.optional(),
  }),
  workflow: z.looseObject({ name: z.string().optional(), path: z.string().optional() }).nullable().optional(),
  repository,
  sender: user.optional(),
});
export type WorkflowRunEvent = z.infer<typeof workflowRunEventSchema>;

export const deploymentStatusEventSchema = z.looseObject({
  action: z.string().min(1),
  deployment_status: z.looseObject({
    id: z.number().int(),
    state: z.string().min(1),
    description: z.string().nullable().optional(),
    environment: z.string().optional(),
    target_url: z.string().nullable().optional(),
    log_url: z.string().nullable().optional(),
    created_at: time,
    updated_at: time.optional(),
    creator: user.nullable().optional(),
  }),
  deployment: z.looseObject({
    id: z.number().int(),
    sha: z.string().regex(/^[0-9a-f]{7,64}$/, 'expected a commit sha'),
    ref: z.string().optional(),
    task: z.string().optional(),
    environment: z.string().min(1),
    payload: z
      .union([z.record(z.string(), z.unknown()), z.string()])
      .nullable()
      .optional(),
    creator: user.nullable().optional(),
    created_at: time.optional(),
  }),
  repository,
  sender: user.optional(),
});
export type DeploymentStatusEvent = z.infer<typeof deploymentStatusEventSchema>;

export const issuesEventSchema = z.looseObject({
  action: z.string().min(1),
  issue: z.looseObject({
    number: z.number().int().min(1),
    title: z.string().min(1),
    body: z.string().nullable().optional(),
    html_url: z.string().min(1),
    state: z.string().optional(),
    user: user,
    labels: z
      .array(z.union([z.looseObject({ name: z.string() }), z.string()]))
      .optional()
      .default([]),
    created_at: time,
    updated_at: time.optional(),
  }),
  repository,
  sender: user.optional(),
});
export type IssuesEvent = z.infer<typeof issuesEventSchema>;

/** What the hook route hands the intake: the event name from `X-GitHub-Event` and the parsed body. */
export const githubEnvelopeSchema = z.strictObject({
  event: z.string().regex(/^[a-z_]+$/, 'expected a GitHub event name'),
  delivery: z.string().optional(),
  payload: z.unknown(),
});
export type GithubEnvelope = z.infer<typeof githubEnvelopeSchema>;
