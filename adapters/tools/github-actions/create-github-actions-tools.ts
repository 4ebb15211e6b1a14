import { z } from 'zod';
import { ToolError } from '../../../src/core/index.js';
import type { Tool } from '../../../src/core/index.js';
import { callOpsApi } from '../prometheus/call-ops-api.js';
import type { OpsApiOptions } from '../prometheus/call-ops-api.js';

export interface GithubActionsToolsOptions {
  /** `GITHUB_API_URL` (default https://api.github.com) and `GITHUB_TOKEN`. */
  readonly api: OpsApiOptions;
  readonly environment: string;
  /** The service a repository deploys (service map); targets carry it for policy rules. */
  readonly serviceOf?: (repo: string) => string | undefined;
}

const repo = z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'expected owner/name');
const rerunInput = z.object({
  repo,
  runId: z.coerce.number().int().min(1),
  failedOnly: z.boolean().default(false),
});
const dispatchInput = z.object({
  repo,
  /** Workflow file name (`deploy.yml`) or numeric id. */
  workflow: z.union([
    z.string().regex(/^[\w.-]+\.ya?ml$/, 'expected a workflow file name'),
    z.number().int().min(1),
  ]),
  ref: z
    .string()
    .regex(/^[\w./-]+$/, 'expected a branch or tag')
    .max(255),
  inputs: z
    .record(z.string(), z.string())
    .refine((i) => Object.keys(i).length <= 25, 'at most 25 inputs')
    .default({}),
});

const runSchema = z.looseObject({
  id: z.number(),
  name: z.string().nullable().optional(),
  conclusion: z.string().nullable().optional(),
  head_sha: z.string(),
});

/**
 * GitHub Actions over the REST API: `github.rerun_workflow` (medium: re-runs what already ran) and
 * `github.dispatch_workflow` (high: starts a deploy workflow). Neither can be undone by GitHub, so neither
 * is reversible; both preview what they would start.
 * @see https://docs.github.com/en/rest/actions/workflow-runs#re-run-a-workflow
 * @see https://docs.github.com/en/rest/actions/workflows#create-a-workflow-dispatch-event
 */
export function createGithubActionsTools(o: GithubActionsToolsOptions): Tool[] {
  const api: OpsApiOptions = {
    ...o.api,
    headers: {
      accept: 'application/vnd.github+json',
      'x-github-api-version': '2022-11-28',
      ...o.api.headers,
    },
  };
  const target = (input: { repo: string }) => {
    const service = o.serviceOf?.(input.repo);
    return {
      environment: o.environment,
      asset: `github:${input.repo}`,
      ...(service === undefined ? {} : { service }),
    };
  };
  const runPath = (input: z.infer<typeof rerunInput>) => `/repos/${input.repo}/actions/runs/${input.runId}`;
  const readRun = async (input: z.infer<typeof rerunInput>, signal: AbortSignal) => {
    const res = await callOpsApi(api, { method: 'GET', path: runPath(input), signal });
    const run = runSchema.safeParse(res.body);
    if (!run.success) throw new ToolError('GitHub answered with an unexpected workflow run', false);
    return run.data;
  };

  const rerun: Tool<z.infer<typeof rerunInput>> = {
    name: 'github.rerun_workflow',
    description: 'Re-run a GitHub Actions workflow run (all jobs, or only the failed ones).',
    input: rerunInput,
    risk: 'medium',
    reversible: false,
    scope: 'github:actions',
    target,
    dryRun: async (input, ctx) => {
      const run = await readRun(input, ctx.signal);
      return {
        ok: true,
        summary: `would re-run ${input.failedOnly ? 'the failed jobs of ' : ''}${run.name ?? 'run'} #${run.id} (${run.conclusion ?? 'running'}, ${run.head_sha.slice(0, 7)})`,
        data: { dryRun: true },
      };
    },
    run: async (input, ctx) => {
      await callOpsApi(api, {
        method: 'POST',
        path: `${runPath(input)}/${input.failedOnly ? 'rerun-failed-jobs' : 'rerun'}`,
        signal: ctx.signal,
      });
      return {
        ok: true,
        summary: `${input.repo}: re-run of run ${input.runId} requested`,
        data: { runId: input.runId },
      };
    },
  };

  const dispatch: Tool<z.infer<typeof dispatchInput>> = {
    name: 'github.dispatch_workflow',
    description: 'Start a GitHub Actions workflow (e.g. a deploy) on a branch or tag, with inputs.',
    input: dispatchInput,
    risk: 'high',
    reversible: false,
    scope: 'github:actions',
    target,
    dryRun: async (input, ctx) => {
      const res = await callOpsApi(api, {
        method: 'GET',
        path: `/repos/${input.repo}/actions/workflows/${input.workflow}`,
        signal: ctx.signal,
      });
      const name = (res.body as { name?: unknown } | undefined)?.name;
      return {
        ok: true,
        summary: `would start ${typeof name === 'string' ? name : input.workflow} on ${input.ref} with ${JSON.stringify(input.inputs)}`,
        data: { dryRun: true },
      };
    },
    run: async (input, ctx) => {
      await callOpsApi(api, {
        method: 'POST',
        path: `/repos/${input.repo}/actions/workflows/${input.workflow}/dispatches`,
        body: { ref: input.ref, inputs: input.inputs },
        signal: ctx.signal,
      });
      return {
        ok: true,
        summary: `${input.repo}: workflow ${input.workflow} dispatched on ${input.ref}`,
        data: { ref: input.ref },
      };
    },
  };
  return [rerun, dispatch] as Tool[];
}
