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
        input: { flag: '{{args.0}}', enabled: '{{args.1|bool}}', ttlMinutes: '{{args.2}}' },
        rationale: 'Turn flag {{args.0}} {{args.1}} as requested.',
      },
    ],
  },
  {
    id: 'operations.map',
    description: 'Show the service map around a service.',
    trigger: { kind: 'command', command: 'map' },
    steps: [
      {
        tool: 'ops.service_map',
        input: { service: '{{args.0}}' },
        rationale: 'Show who calls {{args.0}} and what it calls.',
      },
    ],
  },
  {
    id: 'operations.impact',
    description: 'Impact analysis of a service.',
    trigger: { kind: 'command', command: 'impact' },
    steps: [
      {
        tool: 'ops.impact',
        input: { service },
        rationale: 'Show the blast radius, suspects and recent changes around {{args.0}}.',
      },
    ],
  },
  {
    id: 'operations.slo',
    description: 'Show the SLO, burn rate and remaining error budget of a service.',
    trigger: { kind: 'command', command: 'slo' },
    steps: [{ tool: 'ops.slo', input: { service }, rationale: 'Show the SLO status of {{args.0}}.' }],
  },
  {
    id: 'operations.restart',
    description: 'Rolling restart of a service.',
    trigger: { kind: 'command', command: 'restart' },
    steps: [{ tool: 'sandbox.restart', input: { service }, rationale: 'Restart {{args.0}} as requested.' }],
  },
  {
    id: 'operations.silence',
    description: 'Silence an alert for a bounded time.',
    trigger: { kind: 'command', command: 'silence' },
    steps: [
      {
        tool: 'sandbox.silence',
        input: {
          matchers: { alertname: '{{args.0}}', service: '{{args.2}}' },
          minutes: '{{args.1}}',
          comment: 'silenced from chat',
        },
        rationale: 'Silence {{args.0}} for {{args.1}} minutes as requested.',
      },
    ],
  },
  {
    id: 'operations.config',
    description: 'Propose a config change (diff + rollback plan); applied only after approval.',
    trigger: { kind: 'command', command: 'config' },
    steps: [
      {
        tool: 'sandbox.config_change',
        input: { service, key: '{{args.1}}', value: '{{args.2|string}}' },
        rationale: 'Set {{args.1}}={{args.2}} on {{args.0}} as requested.',
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

/** Statuses of a CD run that mean the deploy did not go out cleanly. */
export const FAILED_DEPLOY_STATUSES = 'failure|error|timed_out|cancelled|startup_failure';

/** A failed deploy: diagnose only; whether to roll back is a person's call, or the alerts' that follow. */
const deployPlaybooks: readonly Playbook[] = [
  {
    id: 'operations.failed-deploy',
    description: 'A deploy failed: show the service, its deploys and the impact; no action on its own.',
    trigger: { kind: 'signal', labels: { status: FAILED_DEPLOY_STATUSES, service: '*', repository: '*' } },
    steps: [
      {
        tool: 'sandbox.service_status',
        input: { service: '{{labels.service}}' },
        rationale:
          'Deploy {{labels.version}} of {{labels.service}} ended {{labels.status}}: check its health.',
      },
      {
        tool: 'sandbox.recent_deploys',
        input: { service: '{{labels.service}}' },
        rationale: 'See which version is running and which one was last good.',
      },
    ],
  },
];

/**
 * Capacity and cost signals (POST /hooks/generic with `labels.signal_class: capacity|cost`): a status
 * check and a recommendation, never a change.
 */
const capacityPlaybooks: readonly Playbook[] = [
  {
    id: 'operations.capacity-cost',
    description: 'A capacity or cost signal: check the service and post a recommendation (no change).',
    trigger: { kind: 'signal', labels: { signal_class: 'capacity|cost', service: '*' } },
    steps: [
      {
        tool: 'sandbox.service_status',
        input: { service: '{{labels.service}}' },
        rationale: 'Check replicas and limits of {{labels.service}}.',
      },
      {
        tool: 'ops.recommend',
        input: {
          service: '{{labels.service}}',
          signalClass: '{{labels.signal_class}}',
          metric: '{{annotations.metric}}',
          value: '{{annotations.value}}',
          threshold: '{{annotations.threshold}}',
          suggestedReplicas: '{{annotations.suggested_replicas}}',
          note: '{{annotations.note}}',
        },
        rationale: '{{labels.signal_class}} signal on {{labels.service}}: recommend, do not act.',
      },
    ],
  },
];

/** Every operations playbook: command playbooks first, then the signal playbooks in match order. */
export const OPERATIONS_PLAYBOOKS: readonly Playbook[] = [
  ...commandPlaybooks,
  ...capacityPlaybooks,
  ...signalPlaybooks,
  ...deployPlaybooks,
];
