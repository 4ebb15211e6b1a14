/** Read-only alert investigation: which diagnostics to request, and the summary of what they showed. */
export { planInvestigation, followUpCalls } from './plan-investigation.js';
export type { AlertSubject, DiagnosticCall } from './plan-investigation.js';
export { summariseDiagnostics } from './summarise-diagnostics.js';
