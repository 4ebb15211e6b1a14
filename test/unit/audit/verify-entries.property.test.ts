import { isDeepStrictEqual } from 'node:util';
import { expect } from 'chai';
import fc from 'fast-check';
import { type AuditEntry, type AuditKind, AUDIT_KINDS } from '../../../src/core/index.js';
import { createLedger, verifyEntries } from '../../../src/audit/index.js';
import { openSqliteStore } from '../../../src/store/index.js';
import { silentLogger } from '../../helpers/silent-logger.js';
import { newKey, steppingClock } from './ledger-fixture.js';

const key = newKey();

const inputArb = fc.record(
  {
    kind: fc.constantFrom<AuditKind>(...AUDIT_KINDS),
    actor: fc.string({ minLength: 1, maxLength: 12 }),
    incidentId: fc.string({ maxLength: 8 }),
    runId: fc.uuid(),
    subject: fc.string({ maxLength: 8 }),
    data: fc.jsonValue({ maxDepth: 3 }),
  },
  { requiredKeys: ['kind', 'actor', 'data'] },
);

/** Builds a real ledger (SQLite in memory) and returns its stored entries. */
function buildLedger(inputs: readonly fc.JsonValue[] | readonly unknown[]): {
  entries: AuditEntry[];
  pem: string;
} {
  const store = openSqliteStore({ path: ':memory:', clock: steppingClock(), logger: silentLogger });
  try {
    const ledger = createLedger({
      repo: store.audit,
      signingKey: key,
      clock: steppingClock(),
      redact: (v) => v,
    });
    for (const input of inputs) ledger.append(input as Parameters<typeof ledger.append>[0]);
    return { entries: [...store.audit.iterate()], pem: ledger.publicKeyPem() };
  } finally {
    store.close();
  }
}

describe('verifyEntries (property)', () => {
  it('detects any single-byte change to any serialized entry that still parses', () => {
    fc.assert(
      fc.property(
        fc.array(inputArb, { minLength: 1, maxLength: 20 }),
        fc.nat(),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (inputs, entryPick, bytePick, xor) => {
          const { entries, pem } = buildLedger(inputs);
          expect(verifyEntries(entries, pem).ok).to.equal(true);
          const index = entryPick % entries.length;
          const original = entries[index]!;
          const bytes = Buffer.from(JSON.stringify(original), 'utf8');
          const at = bytePick % bytes.length;
          bytes[at] = bytes[at]! ^ xor;
          let tampered: AuditEntry;
          try {
            tampered = JSON.parse(new TextDecoder().decode(bytes)) as AuditEntry;
          } catch {
            return; // no longer JSON: an import would refuse it
          }
          // Same value spelled differently (1e5 vs 1E5): nothing about the entry changed.
          if (isDeepStrictEqual(tampered, JSON.parse(JSON.stringify(original)))) return;
          const copy = [...entries];
          copy[index] = tampered;
          const result = verifyEntries(copy, pem);
          expect(result.ok, `byte ${at} of entry ${original.seq}`).to.equal(false);
          expect(result.firstBad?.seq).to.be.at.most(original.seq);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('covers data under a __proto__ key, which plain assignment would turn into a prototype and drop', () => {
    const { entries, pem } = buildLedger([
      { kind: 'signal', actor: 'x', data: JSON.parse('{"__proto__":{"amount":1}}') },
    ]);
    const forged = JSON.parse(JSON.stringify(entries[0]).replace('"amount":1', '"amount":9')) as AuditEntry;
    expect(verifyEntries([forged], pem).firstBad).to.deep.equal({ seq: 1, reason: 'hash mismatch' });
  });
});
