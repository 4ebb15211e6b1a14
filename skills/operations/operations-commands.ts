import type { CommandSpec } from '../../src/core/index.js';

/** `/wk ops <name> <usage>`: the operations commands, for help text and platform command registration. */
export const OPERATIONS_COMMANDS: readonly CommandSpec[] = [
  {
    name: 'status',
    usage: '<service>',
    description: 'Show version, replicas and health of a service.',
    minArgs: 1,
  },
  { name: 'deploys', usage: '<service>', description: 'List the recent deploys of a service.', minArgs: 1 },
  {
    name: 'map',
    usage: '[service]',
    description: 'Show the service map: who calls a service and what it calls (all services without one).',
    minArgs: 0,
  },
  {
    name: 'impact',
    usage: '<service>',
    description: 'Impact analysis: blast radius, suspects, recent deploys and flag changes.',
    minArgs: 1,
  },
  {
    name: 'slo',
    usage: '<service>',
    description: 'Show the SLO of a service: burn rate and remaining error budget.',
    minArgs: 1,
  },
  {
    name: 'logs',
    usage: '<service> [lines]',
    description: 'Show the latest log lines of a service.',
    minArgs: 1,
  },
  {
    name: 'rollback',
    usage: '<service> [version]',
    description: 'Roll a service back (default: to its last good deploy).',
    minArgs: 1,
  },
  {
    name: 'scale',
    usage: '<service> <replicas>',
    description: 'Scale a service to a replica count (bounded by the policy and the service limits).',
    minArgs: 2,
  },
  {
    name: 'flag',
    usage: '<name> <on|off> [ttl-minutes]',
    description: 'Turn a feature flag on or off; with a TTL it flips back by itself.',
    minArgs: 2,
  },
  { name: 'restart', usage: '<service>', description: 'Rolling restart of a service.', minArgs: 1 },
  {
    name: 'silence',
    usage: '<alertname> <minutes> [service]',
    description: 'Silence an alert for a bounded time (at most 24 h).',
    minArgs: 2,
  },
  {
    name: 'config',
    usage: '<service> <key> <value>',
    description: 'Propose a config change: a diff and a rollback plan, applied only after approval.',
    minArgs: 3,
  },
];
