import { expect } from 'chai';
import type { Tool, ToolContext, ToolError } from '../../../../../src/core/index.js';
import { createGithubActionsTools } from '../../../../../adapters/tools/github-actions/index.js';
import { startFakeGithubActions, type FakeGithubActions } from '../../../../fakes/github-actions/index.js';
import { silentLogger } from '../../../../helpers/silent-logger.js';

const TOKEN = 'ghp_test';
const ctx = (): ToolContext => ({
  idempotencyKey: 'k',
  signal: new AbortController().signal,
  logger: silentLogger,
  clock: { now: () => new Date() },
});

describe('GitHub Actions tools (fake REST API)', () => {
  let gh: FakeGithubActions;
  let tools: Map<string, Tool>;
  const tool = (name: string) => tools.get(name)!;
  const call = (name: string, input: unknown) => tool(name).run(tool(name).input.parse(input), ctx());
  beforeEach(async () => {
    gh = await startFakeGithubActions({
      token: TOKEN,
      runs: [
        {
          repo: 'acme/checkout-api',
          id: 42,
          name: 'deploy',
          conclusion: 'failure',
          head_sha: 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e',
        },
      ],
      workflows: [{ repo: 'acme/checkout-api', file: 'deploy.yml', name: 'Deploy', inputs: ['version'] }],
      refs: ['main', 'v2.4.0'],
    });
    tools = new Map(
      createGithubActionsTools({
        api: { baseUrl: gh.url, token: TOKEN, retries: 1, retryBaseMs: 1 },
        environment: 'production',
        serviceOf: (r) => (r === 'acme/checkout-api' ? 'checkout-api' : undefined),
      }).map((t) => [t.name, t]),
    );
  });
  afterEach(() => gh.close());

  it('declares risks, no reversibility, and the mapped service in the target', () => {
    expect([tool('github.rerun_workflow').risk, tool('github.dispatch_workflow').risk]).to.deep.equal([
      'medium',
      'high',
    ]);
    const d = tool('github.dispatch_workflow');
    expect(d.reversible).to.equal(false);
    expect(
      d.target(d.input.parse({ repo: 'acme/checkout-api', workflow: 'deploy.yml', ref: 'main' })),
    ).to.deep.equal({
      environment: 'production',
      asset: 'github:acme/checkout-api',
      service: 'checkout-api',
    });
  });

  it('previews and re-runs the failed jobs of a run', async () => {
    const t = tool('github.rerun_workflow');
    const input = t.input.parse({ repo: 'acme/checkout-api', runId: 42, failedOnly: true });
    expect((await t.dryRun!(input, ctx())).summary).to.equal(
      'would re-run the failed jobs of deploy #42 (failure, f95f852)',
    );
    await t.run(input, ctx());
    expect(gh.calls.at(-1)).to.deep.include({
      method: 'POST',
      path: '/repos/acme/checkout-api/actions/runs/42/rerun-failed-jobs',
    });
  });

  it('dispatches a deploy workflow with its inputs; GitHub refusals are not retried', async () => {
    const r = await call('github.dispatch_workflow', {
      repo: 'acme/checkout-api',
      workflow: 'deploy.yml',
      ref: 'v2.4.0',
      inputs: { version: '2.4.0' },
    });
    expect(r.summary).to.equal('acme/checkout-api: workflow deploy.yml dispatched on v2.4.0');
    expect(gh.calls.at(-1)!.body).to.deep.equal({ ref: 'v2.4.0', inputs: { version: '2.4.0' } });
    const before = gh.calls.length;
    const bad = await call('github.dispatch_workflow', {
      repo: 'acme/checkout-api',
      workflow: 'deploy.yml',
      ref: 'main',
      inputs: { force: 'yes' },
    }).catch((e: ToolError) => e);
    expect((bad as ToolError).message).to.match(/HTTP 422: Unexpected inputs provided/);
    expect(gh.calls.length - before, 'one call, no retry').to.equal(1);
    gh.failNext(502);
    expect((await call('github.rerun_workflow', { repo: 'acme/checkout-api', runId: 42 })).ok).to.equal(true);
    expect(
      tool('github.dispatch_workflow').input.safeParse({
        repo: 'acme/x',
        workflow: 'deploy.sh; curl x',
        ref: 'main',
      }).success,
    ).to.equal(false);
  });
});
