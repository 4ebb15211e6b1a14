/** Allow-listed, read-only diagnostics (HTTP, DNS, TLS expiry, port, service status) as one low-risk tool. */
export {
  diagnosticCheckSchema,
  diagnosticsFileSchema,
  bounded,
  MAX_DETAIL_CHARS,
  type DiagnosticCheck,
  type CheckOutcome,
} from './diagnostic-checks.js';
export { runNetworkCheck } from './run-network-check.js';
export {
  createDiagnosticsTool,
  type DiagnosticsToolOptions,
  type DiagnosticsInput,
} from './create-diagnostics-tool.js';
export { loadDiagnostics, serviceStatusChecks } from './load-diagnostics.js';
