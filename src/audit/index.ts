/** The hash-chained, signed audit ledger: append, verify, export, playback. */
export { createLedger, type LedgerOptions } from './create-ledger.js';
export { verifyEntries } from './verify-entries.js';
export { entryHash, GENESIS_HASH } from './entry-hash.js';
export { loadOrCreateSigningKey, publicKeyPemOf, signingKeyPath } from './signing-key.js';
export { exportAudit, verifyExport, type AuditExportHeader } from './export-audit.js';
export { playback } from './playback.js';
