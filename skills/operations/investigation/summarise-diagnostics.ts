/** Lines that carry a finding in `kubectl describe`, events and logs output. */
const FINDING_PATTERNS: readonly RegExp[] = [
  /\bReason:\s+\S+/,
  /\b(OOMKilled|CrashLoopBackOff|ImagePullBackOff|ErrImagePull|BackoffLimitExceeded|DeadlineExceeded|Evicted)\b/,
  /\b(Failed|FailedScheduling|FailedMount|BackOff|Unhealthy|Insufficient)\b/,
  /\b(error|exception|fatal|panic|refused|timed? ?out|not found|no such|expired|invalid|missing|denied|unreachable|syntax|undefined|not set|required)\b/i,
  /\b(slow|latency|took \d|throttl)/i,
  /\b(Too many pods|pods? (capacity|limit))\b/i,
];

const MAX_FACTS = 14;

/**
 * The incident summary of an investigation: the alert, then the distinct finding lines of the diagnostic
 * outputs (describe reasons, warning events, error log lines), most specific first, each once. Plain
 * extraction: it states what the tools showed and invents nothing.
 */
export function summariseDiagnostics(
  alert: string,
  outputs: readonly string[],
  /** When set, lines of listings (many objects per output) count only if they name it. */
  focus?: string,
): string {
  const seen = new Set<string>();
  const facts: string[] = [];
  for (const output of outputs) {
    const listing = /^NAME\s+(READY|STATUS|NAMESPACE)/m.test(output);
    for (const raw of output.split('\n')) {
      const line = raw.trim().replace(/\s+/g, ' ');
      if (line.length < 6 || line.length > 400 || line.startsWith('{')) continue;
      if (listing && focus !== undefined && !line.includes(focus)) continue;
      if (!FINDING_PATTERNS.some((p) => p.test(line))) continue;
      const key = line.replace(/\d+/g, '#').toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      facts.push(line);
    }
  }
  const runbook = outputs.find((o) => /runbook|This alert|is meant to/i.test(o));
  const intro = runbook === undefined ? [] : firstSentences(runbook, 3);
  return [`${alert}`, ...intro, ...facts.slice(0, MAX_FACTS).map((f) => `- ${f}`)].join('\n');
}

function firstSentences(text: string, n: number): string[] {
  const body = text
    .split('\n')
    .filter((l) => !l.trim().startsWith('{') && l.trim() !== '')
    .join(' ')
    .replace(/\s+/g, ' ');
  return (body.match(/[^.!?]+[.!?]/g) ?? []).slice(0, n).map((s) => s.trim());
}
