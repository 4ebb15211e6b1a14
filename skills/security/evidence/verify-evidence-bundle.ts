import type { AuditEntry } from '../../../src/core/index.js';
import { evidenceHash } from './build-evidence-bundle.js';

export interface EvidenceVerification {
  readonly ok: boolean;
  readonly bundleSha256: string;
  /** Why it failed: the first problem found. */
  readonly problem?: string;
}

/**
 * Checks an exported bundle against the ledger: every artefact's hash matches its content, the body
 * hashes to the value the bundle claims, and the ledger holds an `evidence` entry for the incident with
 * that hash. Editing anything in the bundle (and re-hashing it) breaks one of the three; the ledger
 * entry itself is protected by the chain and signature (`watchkeeper audit verify`).
 */
export function verifyEvidenceBundle(exported: unknown, ledger: readonly AuditEntry[]): EvidenceVerification {
  if (exported === null || typeof exported !== 'object') return fail('', 'not a JSON object');
  const { integrity, ...body } = exported as Record<string, unknown>;
  const bundleSha256 = evidenceHash(body);
  if (integrity === null || typeof integrity !== 'object') return fail(bundleSha256, 'no integrity record');
  const claimed = (integrity as Record<string, unknown>)['bundleSha256'];
  const artefacts = Array.isArray(body['artefacts']) ? (body['artefacts'] as unknown[]) : [];
  for (const a of artefacts) {
    const art = (a ?? {}) as Record<string, unknown>;
    if (evidenceHash(art['content'] ?? null) !== art['sha256']) {
      return fail(bundleSha256, `artefact ${String(art['name'])} does not match its SHA-256`);
    }
  }
  if (claimed !== bundleSha256) return fail(bundleSha256, 'the bundle does not match its own SHA-256');
  const incidentId = ((body['incident'] ?? {}) as Record<string, unknown>)['id'];
  const recorded = ledger.some(
    (e) =>
      e.kind === 'evidence' &&
      e.incidentId === incidentId &&
      ((e.data ?? {}) as Record<string, unknown>)['bundleSha256'] === bundleSha256,
  );
  if (!recorded) return fail(bundleSha256, 'the audit ledger holds no evidence entry with this SHA-256');
  return { ok: true, bundleSha256 };
}

function fail(bundleSha256: string, problem: string): EvidenceVerification {
  return { ok: false, bundleSha256, problem };
}
