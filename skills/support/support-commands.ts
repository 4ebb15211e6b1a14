import type { CommandSpec } from '../../src/core/index.js';

/** `/wk support <name> <usage>` (alias `sup`): the support commands. */
export const SUPPORT_COMMANDS: readonly CommandSpec[] = [
  {
    name: 'ticket',
    usage: '<text…>',
    description: 'File a ticket from chat; it is triaged like any other.',
    minArgs: 1,
  },
  {
    name: 'status',
    usage: '[ticket]',
    description: 'Show a ticket (links, notes), or the open tickets.',
    minArgs: 0,
  },
  {
    name: 'dupes',
    usage: '<ticket>',
    description: 'Find likely duplicates; the best one gets a link button.',
    minArgs: 1,
  },
  {
    name: 'diagnose',
    usage: '<ticket> [check…]',
    description: 'Run allow-listed diagnostics and attach the results.',
    minArgs: 1,
  },
  {
    name: 'draft',
    usage: '<ticket> [reply text…]',
    description: 'Draft a reply (or use yours); sending waits for a click.',
    minArgs: 1,
  },
  {
    name: 'escalate',
    usage: '<ticket>',
    description: 'Post a context pack to the escalation channel and the ticket.',
    minArgs: 1,
  },
  {
    name: 'link',
    usage: '<ticket> <duplicate-of>',
    description: 'Link a ticket as a duplicate of another (with a button).',
    minArgs: 2,
  },
  {
    name: 'close-dup',
    usage: '<ticket> <original>',
    description: 'Close a ticket as a duplicate (medium risk: approval).',
    minArgs: 2,
  },
  {
    name: 'resolve',
    usage: '<ticket> <how it was fixed…>',
    description: 'Close a ticket with its resolution (approval).',
    minArgs: 2,
  },
];
