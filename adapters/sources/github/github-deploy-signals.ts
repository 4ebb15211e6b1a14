import { validate } from '../../../src/core/index.js';
import type { SignalDraft } from '../../../src/core/index.js';
import { deploymentStatusEventSchema, workflowRunEventSchema } from './github-schema.js';

export interface GithubDeployOptions {
  /** The service a repository deploys (from the service map); default: the repository's name. */
  readonly serviceOf?: (repository: string) => string | undefined;
  /** Environment of a `workflow_run`, which names none (default `production`). */
  readonly workflowEnvironment?: string;
}

/** Conclusions/states that mean a deploy did not go out cleanly: they open (or keep open) an incident. */
const FAILED = new Set(['failure', 'error', 'timed_out', 'action_required', 'startup_failure']);
/** Terminal states that end a deploy without trouble: they resolve the deploy group. */
const CLEAN = new Set(['success', 'neutral', 'skipped', 'stale', 'cancelled']);

/**
 * A completed `workflow_run` as a `deploy` signal. Runs that have not completed are not deploys yet (`[]`).
 * One fingerprint per repository, service and environment, so a later clean run resolves a failed one.
 * @see https://docs.github.com/en/webhooks/webhook-events-and-payloads#workflow_run
 */
export function workflowRunSignals(payload: unknown, o: GithubDeployOptions): SignalDraft[] {
  const e = validate(workflowRunEventSchema, payload, 'GitHub workflow_run event');
  const run = e.workflow_run;
  if (e.action !== 'completed') return [];
  const status = run.conclusion ?? run.status ?? 'unknown';
  if (!FAILED.has(status) && !CLEAN.has(status)) return [];
  const repo = e.repository.full_name;
  const service = serviceFor(repo, o);
  const environment = o.workflowEnvironment ?? 'production';
  const workflow = e.workflow?.name ?? run.name ?? run.path ?? 'workflow';
  const version = run.head_sha.slice(0, 7);
  const actor = run.actor?.login ?? e.sender?.login ?? 'github';
  return [
    {
      source: 'github',
      kind: 'deploy',
      status: FAILED.has(status) ? 'firing' : 'resolved',
      severity: FAILED.has(status) ? 'error' : 'info',
      fingerprint: `github:deploy:${repo}:${service}:${environment}`,
      groupKey: `deploy:${service}:${environment}`,
      labels: {
        service,
        environment,
        status,
        version,
        sha: run.head_sha,
        repository: repo,
        workflow,
        actor,
        github_event: 'workflow_run',
        ...(run.head_branch ? { branch: run.head_branch } : {}),
      },
      annotations: {
        ...(run.html_url === undefined ? {} : { url: run.html_url }),
        ...(run.display_title === undefined ? {} : { title: run.display_title }),
        run_id: String(run.id),
      },
      summary: `Deploy ${version} of ${service} (${workflow}) ${status}`,
      startsAt: iso(run.updated_at ?? run.created_at),
      raw: e,
    },
  ];
}

/**
 * A terminal `deployment_status` as a `deploy` signal (`pending`, `queued`, `in_progress`, `inactive` → `[]`).
 * The service comes from the deployment's payload (`{"service": …}`) when it names one.
 * @see https://docs.github.com/en/webhooks/webhook-events-and-payloads#deployment_status
 */
export function deploymentStatusSignals(payload: unknown, o: GithubDeployOptions): SignalDraft[] {
  const e = validate(deploymentStatusEventSchema, payload, 'GitHub deployment_status event');
  const state = e.deployment_status.state;
  if (!FAILED.has(state) && !CLEAN.has(state)) return [];
  const d = e.deployment;
  const repo = e.repository.full_name;
  const fromPayload = payloadField(d.payload, 'service');
  const service = fromPayload ?? serviceFor(repo, o);
  const environment = e.deployment_status.environment ?? d.environment;
  const version = payloadField(d.payload, 'version') ?? d.sha.slice(0, 7);
  const actor = e.deployment_status.creator?.login ?? d.creator?.login ?? e.sender?.login ?? 'github';
  const url = e.deployment_status.target_url ?? e.deployment_status.log_url ?? undefined;
  return [
    {
      source: 'github',
      kind: 'deploy',
      status: FAILED.has(state) ? 'firing' : 'resolved',
      severity: FAILED.has(state) ? 'error' : 'info',
      fingerprint: `github:deploy:${repo}:${service}:${environment}`,
      groupKey: `deploy:${service}:${environment}`,
      labels: {
        service,
        environment,
        status: state,
        version,
        sha: d.sha,
        repository: repo,
        actor,
        github_event: 'deployment_status',
        ...(d.ref === undefined ? {} : { ref: d.ref }),
      },
      annotations: {
        ...(url === undefined || url === '' ? {} : { url }),
        ...(e.deployment_status.description ? { description: e.deployment_status.description } : {}),
        deployment_id: String(d.id),
      },
      summary: `Deploy ${version} of ${service} to ${environment} ${state}`,
      startsAt: iso(e.deployment_status.updated_at ?? e.deployment_status.created_at),
      raw: e,
    },
  ];
}

function serviceFor(repo: string, o: GithubDeployOptions): string {
  return o.serviceOf?.(repo) ?? repo.split('/')[1] ?? repo;
}

function payloadField(payload: unknown, key: string): string | undefined {
  let obj: unknown = payload;
  if (typeof payload === 'string') {
    try {
      obj = JSON.parse(payload) as unknown;
    } catch {
      return undefined;
    }
  }
  if (obj === null || typeof obj !== 'object') return undefined;
  const v = (obj as Record<string, unknown>)[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function iso(value: string): string {
  return new Date(Date.parse(value)).toISOString();
}
