import type { Playbook } from '../../src/core/index.js';

/** Alert names that mean "errors went up", typically right after a deploy. */
export const ERROR_RATE_ALERTS = 'HighErrorRate|ErrorRateHigh|High5xxRate|ErrorBudgetBurn';
/** Alert names that mean "the service is running out of capacity". */
export const SATURATION_ALERTS = 'HighCPU|HighLatency|Saturation|HighMemory';

const service = '{{args.0}}';

/** One playbook per command: the chat command maps directly onto sandbox tool calls. */
const commandPlaybooks: readonly Playbook[] = [
  {
    id: 'operations.status',
    description: 'Show the status of a service.',
    trigger: { kind: 'command', command: 'status' },
    steps: [
      { tool: 'sandbox.service_status', input: { service }, rationale: 'Show the status of {{args.0}}.' },
    ],
  },
  {
    id: 'operations.deploys',
    description: 'List the recent deploys of a service.',
    trigger: { kind: 'command', command: 'deploys' },
    steps: [
      {
        tool: 'sandbox.recent_deploys',
        input: { service },
        rationale: 'List the recent deploys of {{args.0}}.',
      },
    ],
  },
  {
    id: 'operations.logs',
    description: 'Show the latest log lines of a service.',
    trigger: { kind: 'command', command: 'logs' },
    steps: [
      {
        tool: 'sandbox.logs',
        input: { service, lines: '{{args.1}}' },
        rationale: 'Show the latest logs of {{args.0}}.',
      },
    ],
  },
  {
    id: 'operations.rollback',
    description: 'Roll a service back to an earlier version.',
    trigger: { kind: 'command', command: 'rollback' },
    steps: [
      {
        tool: 'sandbox.recent_deploys',
        input: { service },
        rationale: 'See which deploy is running and which one was last good.',
      },
      {
        tool: 'sandbox.rollback',
        input: { service, toVersion: '{{args.1|string}}' },
        rationale: 'Roll {{args.0}} back as requested.',
      },
    ],
  },
  {
    id: 'operations.scale',
    description: 'Scale a service to a replica count.',
    trigger: { kind: 'command', command: 'scale' },
    steps: [
      {
        tool: 'sandbox.scale',
        input: { service, replicas: '{{args.1}}' },
        rationale: 'Scale {{args.0}} to {{args.1}} replicas as requested.',
      },
    ],
  },
  {
    id: 'operations.flag',
    description: 'Turn a feature flag on or off.',
    trigger: { kind: 'command', command: 'flag' },
    steps: [
      {
        tool: 'sandbox.flip_flag',
        input: { flag: '{{args.0}}', enabled: '{{args.1|bool}}' },
        rationale: 'Turn flag {{args.0}} {{args.1}} as requested.',
      },
    ],
  },
];

/** The two starter playbooks that drive the alert loop end to end. */
const signalPlaybooks: readonly Playbook[] = [
  {
    id: 'operations.high-error-rate-after-deploy',
    description: 'High error rate, likely from a recent deploy: diagnose, then propose a rollback.',
    trigger: { kind: 'signal', labels: { alertname: ERROR_RATE_ALERTS, service: '*' } },
    steps: [
      {
        tool: 'sandbox.service_status',
        input: { service: '{{labels.service}}' },
        rationale: 'Check the health and running version of {{labels.service}}.',
      },
      {
        tool: 'sandbox.recent_deploys',
        input: { service: '{{labels.service}}' },
        rationale: 'Look for a recent deploy of {{labels.service}} that lines up with the errors.',
      },
      {
        tool: 'sandbox.rollback',
        input: { service: '{{labels.service}}' },
        rationale: '{{labels.alertname}} on {{labels.service}}: roll back to the last good deploy.',
      },
    ],
  },
  {
    id: 'operations.saturation',
    description: 'A saturated service: check it, then propose scaling out by two replicas.',
    trigger: { kind: 'signal', labels: { alertname: SATURATION_ALERTS, service: '*' } },
    steps: [
      {
        tool: 'sandbox.service_status',
        input: { service: '{{labels.service}}' },
        rationale: 'Check replicas and limits of {{labels.service}}.',
      },
      {
        tool: 'sandbox.scale',
        input: { service: '{{labels.service}}', by: 2 },
        rationale: '{{labels.alertname}} on {{labels.service}}: add two replicas.',
      },
    ],
  },
];

/** Every operations playbook: command playbooks first, then the signal playbooks in match order. */
export const OPERATIONS_PLAYBOOKS: readonly Playbook[] = [...commandPlaybooks, ...signalPlaybooks];
