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
    description: 'Scale a service to a replica count.',
    minArgs: 2,
  },
  { name: 'flag', usage: '<name> <on|off>', description: 'Turn a feature flag on or off.', minArgs: 2 },
];
