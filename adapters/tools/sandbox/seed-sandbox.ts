import { readFileSync } from 'node:fs';
import { canonicalJson, sha256Hex, validate, ValidationError } from '../../../src/core/index.js';
import type { SandboxStateRepository } from '../../../src/core/index.js';
import { SANDBOX_KINDS, sandboxSeedSchema } from './sandbox-schema.js';
import type { SandboxSeed } from './sandbox-schema.js';

/**
 * Validates a seed and writes it into an empty sandbox, in one transaction (through `state.once`, keyed by
 * the seed's hash). A sandbox that already holds state is left alone, so restarts keep what the tools did.
 * Returns whether it seeded. Throws ValidationError naming every bad field of the seed.
 */
export function seedSandbox(state: SandboxStateRepository, seed: unknown): boolean {
  const parsed = validate(sandboxSeedSchema, seed, 'sandbox seed');
  checkReferences(parsed);
  if (!state.isEmpty()) return false;
  return state.once(`sandbox-seed:${sha256Hex(canonicalJson(parsed))}`, () => {
    state.put(SANDBOX_KINDS.meta, 'environment', { name: parsed.environment });
    for (const s of parsed.services) state.put(SANDBOX_KINDS.service, s.name, s);
    for (const f of parsed.flags) state.put(SANDBOX_KINDS.flag, f.name, f);
    for (const h of parsed.hosts) state.put(SANDBOX_KINDS.host, h.id, h);
    for (const a of parsed.accounts) state.put(SANDBOX_KINDS.account, a.id, a);
    for (const r of parsed.firewall) state.put(SANDBOX_KINDS.firewall, r.ip, r);
    for (const t of parsed.tickets) state.put(SANDBOX_KINDS.ticket, t.id, t);
    return true;
  });
}

/** Reads a seed file as JSON (for `data/sandbox-seed.json`); validation happens in {@link seedSandbox}. */
export function loadSeedFile(path: string): unknown {
  const text = readFileSync(path, 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new ValidationError(`invalid sandbox seed ${path}: ${message}`, [{ path: '(root)', message }]);
  }
}

/** Names that point at other records must exist: a dangling dependency would make the demo lie. */
function checkReferences(seed: SandboxSeed): void {
  const services = new Set(seed.services.map((s) => s.name));
  const issues: { path: string; message: string }[] = [];
  seed.services.forEach((s, i) =>
    s.dependsOn.forEach((d, j) => {
      if (!services.has(d))
        issues.push({ path: `services.${i}.dependsOn.${j}`, message: `unknown service "${d}"` });
    }),
  );
  seed.flags.forEach((f, i) => {
    if (!services.has(f.service))
      issues.push({ path: `flags.${i}.service`, message: `unknown service "${f.service}"` });
  });
  seed.hosts.forEach((h, i) => {
    if (!services.has(h.service))
      issues.push({ path: `hosts.${i}.service`, message: `unknown service "${h.service}"` });
  });
  if (issues.length > 0) {
    throw new ValidationError(
      `invalid sandbox seed: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      issues,
    );
  }
}
