import type { AuditEntry, AuditReader, AuditVerification } from '../core/index.js';
import { verifyEntries } from './verify-entries.js';

const PAGE = 1000;

/** First line of an export: what a verifier needs, with no access to our database. */
export interface AuditExportHeader {
  readonly type: 'header';
  readonly publicKey: string;
  readonly algorithm: 'Ed25519';
  readonly hash: 'SHA-256';
  readonly count: number;
}

/**
 * Writes the ledger as JSON Lines: a header with the public key and entry count, then one
 * `{"type":"entry",…}` line per entry in sequence order. Entries appended while exporting are left out
 * so the header's count stays true.
 */
export function exportAudit(reader: AuditReader, write: (line: string) => void): number {
  let count = 0;
  let lastSeq = 0;
  for (let page = reader.after(0, PAGE); page.length > 0; page = reader.after(lastSeq, PAGE)) {
    count += page.length;
    lastSeq = page[page.length - 1]!.seq;
  }
  const header: AuditExportHeader = {
    type: 'header',
    publicKey: reader.publicKeyPem(),
    algorithm: 'Ed25519',
    hash: 'SHA-256',
    count,
  };
  write(JSON.stringify(header));
  let written = 0;
  let seq = 0;
  while (written < count) {
    const page = reader.after(seq, Math.min(PAGE, count - written));
    if (page.length === 0) break;
    for (const entry of page) write(JSON.stringify({ type: 'entry', ...entry }));
    written += page.length;
    seq = page[page.length - 1]!.seq;
  }
  return written;
}

/**
 * Verifies an export offline with the public key in its header. Besides the chain and signatures, a
 * count that does not match the header (a truncated or padded file) fails. Only as trustworthy as the
 * header's key: compare it with the key the running instance publishes.
 */
export function verifyExport(lines: Iterable<string>): AuditVerification {
  const entries: AuditEntry[] = [];
  let header: AuditExportHeader | undefined;
  let unparseable = false;
  for (const line of lines) {
    if (line.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      unparseable = true;
      break;
    }
    if (header === undefined) {
      if (!isHeader(parsed))
        return { ok: false, count: 0, firstBad: { seq: 0, reason: 'missing export header' } };
      header = parsed;
      continue;
    }
    if (!isRecord(parsed) || parsed['type'] !== 'entry') {
      unparseable = true;
      break;
    }
    const { type: _type, ...entry } = parsed;
    entries.push(entry as unknown as AuditEntry);
  }
  if (header === undefined)
    return { ok: false, count: 0, firstBad: { seq: 0, reason: 'missing export header' } };
  const result = verifyEntries(entries, header.publicKey);
  if (!result.ok) return result;
  if (unparseable) {
    return {
      ok: false,
      count: result.count,
      firstBad: { seq: result.count + 1, reason: 'unparseable line' },
    };
  }
  if (result.count !== header.count) {
    return {
      ok: false,
      count: result.count,
      firstBad: { seq: result.count + 1, reason: `count mismatch: header says ${header.count}` },
    };
  }
  return result;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isHeader(value: unknown): value is AuditExportHeader {
  return (
    isRecord(value) &&
    value['type'] === 'header' &&
    typeof value['publicKey'] === 'string' &&
    typeof value['count'] === 'number'
  );
}
