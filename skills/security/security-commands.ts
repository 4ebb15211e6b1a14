import type { CommandSpec } from '../../src/core/index.js';

/** `/wk sec <name> <usage>`: the security commands, for help text and platform command registration. */
export const SECURITY_COMMANDS: readonly CommandSpec[] = [
  {
    name: 'triage',
    usage: '<event id>',
    description: 'Show the triage verdict of a stored security event, with its reasons.',
    minArgs: 1,
  },
  {
    name: 'incidents',
    usage: '[open|mitigated|resolved|all]',
    description: 'List security incidents.',
    minArgs: 0,
  },
  {
    name: 'intel',
    usage: '<indicator>',
    description: 'Look an IP, domain, hash or user up in threat intel.',
    minArgs: 1,
  },
  {
    name: 'intel-refresh',
    usage: '',
    description: 'Reload the threat-intel feeds from data/intel/.',
    minArgs: 0,
  },
  {
    name: 'vulns',
    usage: '[asset]',
    description: 'Patch recommendations from the vulnerability feed.',
    minArgs: 0,
  },
  {
    name: 'evidence',
    usage: '<incident>',
    description: 'Export the evidence bundle of an incident (JSON + Markdown) and record its hash.',
    minArgs: 1,
  },
  {
    name: 'isolate',
    usage: '<host>',
    description: 'Isolate a host from the network (critical; approvals).',
    minArgs: 1,
  },
  {
    name: 'release',
    usage: '<host>',
    description: 'Release an isolated host back into service.',
    minArgs: 1,
  },
  {
    name: 'disable',
    usage: '<account>',
    description: 'Disable an account and revoke its sessions.',
    minArgs: 1,
  },
  { name: 'enable', usage: '<account>', description: 'Re-enable a disabled account.', minArgs: 1 },
  {
    name: 'block-ip',
    usage: '<ip> [reason]',
    description: 'Block an IP address at the firewall.',
    minArgs: 1,
  },
  { name: 'unblock-ip', usage: '<ip>', description: 'Lift the block on an IP address.', minArgs: 1 },
  {
    name: 'block-domain',
    usage: '<domain> [reason]',
    description: 'Block a domain (DNS/proxy).',
    minArgs: 1,
  },
  { name: 'unblock-domain', usage: '<domain>', description: 'Lift the block on a domain.', minArgs: 1 },
  {
    name: 'quarantine',
    usage: '<host> <sha256>',
    description: 'Quarantine a file (by SHA-256) on a host.',
    minArgs: 2,
  },
  {
    name: 'restore',
    usage: '<host> <sha256>',
    description: 'Restore a quarantined file on a host.',
    minArgs: 2,
  },
];
