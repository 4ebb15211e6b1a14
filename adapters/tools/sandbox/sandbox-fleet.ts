import { ToolError } from '../../../src/core/index.js';
import type { SandboxStateRepository } from '../../../src/core/index.js';
import { SANDBOX_KINDS } from './sandbox-schema.js';
import type {
  SandboxAccount,
  SandboxFlag,
  SandboxHost,
  SandboxService,
  SandboxTicket,
} from './sandbox-schema.js';

/**
 * Typed reads of the fleet. Each `require*` throws a non-transient ToolError naming the unknown object and
 * the known ones, because retrying a call on a service that does not exist never helps.
 */
export function requireService(state: SandboxStateRepository, name: string): SandboxService {
  return requireDoc<SandboxService>(state, SANDBOX_KINDS.service, name, 'service', (s) => s.name);
}

export function requireFlag(state: SandboxStateRepository, name: string): SandboxFlag {
  return requireDoc<SandboxFlag>(state, SANDBOX_KINDS.flag, name, 'feature flag', (f) => f.name);
}

export function requireHost(state: SandboxStateRepository, id: string): SandboxHost {
  return requireDoc<SandboxHost>(state, SANDBOX_KINDS.host, id, 'host', (h) => h.id);
}

export function requireAccount(state: SandboxStateRepository, id: string): SandboxAccount {
  return requireDoc<SandboxAccount>(state, SANDBOX_KINDS.account, id, 'account', (a) => a.id);
}

export function requireTicket(state: SandboxStateRepository, id: string): SandboxTicket {
  return requireDoc<SandboxTicket>(state, SANDBOX_KINDS.ticket, id, 'ticket', (t) => t.id);
}

function requireDoc<T>(
  state: SandboxStateRepository,
  kind: string,
  id: string,
  noun: string,
  idOf: (doc: T) => string,
): T {
  const doc = state.get<T>(kind, id);
  if (doc !== undefined) return doc;
  const known = state.list<T>(kind).map(idOf).sort().slice(0, 20);
  const hint = known.length > 0 ? ` (known: ${known.join(', ')})` : '';
  throw new ToolError(`unknown ${noun} "${id}" in the sandbox${hint}`, false, { kind, id });
}
