import { validate } from '../../../src/core/index.js';
import type { SignalDraft, SignalSource } from '../../../src/core/index.js';
import { deploymentStatusSignals, workflowRunSignals } from './github-deploy-signals.js';
import type { GithubDeployOptions } from './github-deploy-signals.js';
import { issueSignals } from './github-issue-signals.js';
import { githubEnvelopeSchema } from './github-schema.js';

/** The source id; `POST /hooks/github` is its own route because it verifies GitHub's HMAC first. */
export const GITHUB_SOURCE_ID = 'github';

/** Events turned into signals; any other event is acknowledged and ignored. */
export const GITHUB_EVENTS = ['workflow_run', 'deployment_status', 'issues'] as const;

/**
 * GitHub webhooks as signals. The body is the envelope the hook route builds after verifying the
 * signature: `{ event, delivery?, payload }`. `workflow_run` and `deployment_status` become `deploy`
 * signals, `issues` become `ticket` signals; an invalid payload throws a ValidationError with every
 * bad field, so nothing is stored.
 */
export function createGithubSource(options: GithubDeployOptions = {}): SignalSource {
  return {
    id: GITHUB_SOURCE_ID,
    parse: (body): SignalDraft[] => {
      const envelope = validate(githubEnvelopeSchema, body, 'GitHub webhook');
      switch (envelope.event) {
        case 'workflow_run':
          return workflowRunSignals(envelope.payload, options);
        case 'deployment_status':
          return deploymentStatusSignals(envelope.payload, options);
        case 'issues':
          return issueSignals(envelope.payload);
        default:
          return [];
      }
    },
  };
}
