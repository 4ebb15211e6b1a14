import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import type { ValidationError } from '../../../../../src/core/index.js';
import {
  createGithubSource,
  signGithubBody,
  verifyGithubSignature,
} from '../../../../../adapters/sources/github/index.js';

const fixture = (name: string): any =>
  JSON.parse(readFileSync(new URL(`../../../../fixtures/github/${name}.json`, import.meta.url), 'utf8'));

const source = createGithubSource({
  serviceOf: (repo) => (repo === 'octo-org/octo-repo' ? 'checkout-api' : undefined),
});
const parse = (event: string, payload: unknown) => source.parse({ event, payload });
const issuesOf = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (err) {
    return (err as ValidationError).issues.map((i) => i.path);
  }
  return [];
};

describe('GitHub webhook source', () => {
  it('verifies X-Hub-Signature-256 with the test vector from the GitHub documentation', () => {
    const secret = "It's a Secret to Everybody";
    const body = Buffer.from('Hello, World!');
    const good = 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17';
    expect(signGithubBody(secret, body)).to.equal(good);
    expect(verifyGithubSignature(secret, body, good)).to.equal(true);
    expect(verifyGithubSignature(secret, Buffer.from('Hello, World?'), good)).to.equal(false);
    expect(verifyGithubSignature('other secret', body, good)).to.equal(false);
    expect(verifyGithubSignature(secret, body, good.replace('sha256=', 'sha1='))).to.equal(false);
    expect(verifyGithubSignature(secret, body, 'sha256=abc')).to.equal(false);
    expect(verifyGithubSignature(secret, body, undefined)).to.equal(false);
  });

  it('turns a completed workflow_run into a deploy signal of the mapped service', () => {
    const [d] = parse('workflow_run', fixture('workflow_run-completed'));
    expect(d).to.deep.include({
      source: 'github',
      kind: 'deploy',
      status: 'resolved',
      severity: 'info',
      groupKey: 'deploy:checkout-api:production',
      fingerprint: 'github:deploy:octo-org/octo-repo:checkout-api:production',
      summary: 'Deploy 3484a3f of checkout-api (test) success',
      startsAt: '2020-10-05T16:33:49.000Z',
    });
    expect(d!.labels).to.deep.include({
      service: 'checkout-api',
      environment: 'production',
      status: 'success',
      version: '3484a3f',
      repository: 'octo-org/octo-repo',
      actor: 'Codertocat',
      github_event: 'workflow_run',
    });
    expect(d!.annotations['url']).to.equal('https://github.com/octo-org/octo-repo/actions/runs/289782451');
  });

  it('a failed run fires; a run still in progress is not a deploy yet', () => {
    const failed = fixture('workflow_run-completed');
    failed.workflow_run.conclusion = 'failure';
    expect(parse('workflow_run', failed)[0]).to.deep.include({ status: 'firing', severity: 'error' });
    const running = fixture('workflow_run-completed');
    running.action = 'in_progress';
    running.workflow_run.status = 'in_progress';
    running.workflow_run.conclusion = null;
    expect(parse('workflow_run', running)).to.deep.equal([]);
  });

  it('turns a failed deployment_status into a firing deploy signal, service and version from its payload', () => {
    const [d] = parse('deployment_status', fixture('deployment_status-failure'));
    expect(d).to.deep.include({
      kind: 'deploy',
      status: 'firing',
      severity: 'error',
      groupKey: 'deploy:checkout-api:production',
      summary: 'Deploy 2.4.1 of checkout-api to production failure',
    });
    expect(d!.labels).to.deep.include({ service: 'checkout-api', version: '2.4.1', ref: 'v2.4.1' });
    expect(d!.annotations['description']).to.equal('rollout stalled: 2 of 6 pods CrashLoopBackOff');
    const pending = fixture('deployment_status-failure');
    pending.deployment_status.state = 'pending';
    expect(parse('deployment_status', pending)).to.deep.equal([]);
  });

  it('turns an opened issue into a ticket signal in the support contract', () => {
    const [t] = parse('issues', fixture('issues-opened'));
    expect(t).to.deep.include({
      kind: 'ticket',
      status: 'firing',
      severity: 'error',
      summary: 'Checkout fails with 500 for EUR carts',
      fingerprint: 'github:acme/checkout-api#1347',
      groupKey: 'ticket:github:acme/checkout-api#1347',
    });
    expect(t!.labels).to.deep.equal({
      ticket_source: 'github',
      ticket_id: 'acme/checkout-api#1347',
      priority: 'high',
      reporter: 'octocat',
      service: 'checkout-api',
    });
    expect(t!.annotations).to.deep.equal({
      title: 'Checkout fails with 500 for EUR carts',
      body: 'Since this morning every checkout with a EUR cart returns 500.',
      url: 'https://github.com/acme/checkout-api/issues/1347',
    });
  });

  it('reads P-labels as priority, defaults to normal, and ignores closed issues', () => {
    const p1 = fixture('issues-opened');
    p1.issue.labels = [{ name: 'P1' }];
    expect(parse('issues', p1)[0]!.labels['priority']).to.equal('P1');
    const none = fixture('issues-opened');
    none.issue.labels = [];
    none.action = 'edited';
    expect(parse('issues', none)[0]!.labels)
      .to.include({ priority: 'normal' })
      .and.not.have.property('service');
    const closed = fixture('issues-opened');
    closed.action = 'closed';
    expect(parse('issues', closed)).to.deep.equal([]);
  });

  it('refuses invalid payloads with the path of every bad field', () => {
    const bad = fixture('workflow_run-completed');
    bad.workflow_run.head_sha = 'not-a-sha';
    delete bad.repository.full_name;
    expect(issuesOf(() => parse('workflow_run', bad))).to.include.members([
      'workflow_run.head_sha',
      'repository.full_name',
    ]);
    const issue = fixture('issues-opened');
    delete issue.issue.title;
    expect(issuesOf(() => parse('issues', issue))).to.include('issue.title');
    expect(issuesOf(() => source.parse({ payload: {} }))).to.include('event');
  });
});
