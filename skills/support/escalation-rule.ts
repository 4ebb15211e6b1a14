/** What the escalation rule reads: a ticket's text and, when the source system has one, its priority. */
export interface EscalationInput {
  readonly title: string;
  readonly body: string;
  /** `urgent` (or a source's Blocker/Critical/P1 mapped to it) always escalates. */
  readonly priority?: string;
}

export interface EscalationDecision {
  readonly escalate: boolean;
  /** Why, for the context pack: the priority or the phrases that matched. */
  readonly reasons: readonly string[];
}

const URGENT_PRIORITIES = new Set(['urgent', 'blocker', 'critical', 'p1', 'highest']);

// Phrases that mean users are blocked, data is at risk, or a release is broken. On Hadoop's Jira
// (bench/eval/gitbugs.ts) these are the ones Blocker/Critical reports use 3–6× more than others.
const SIGNALS: readonly { readonly name: string; readonly re: RegExp }[] = [
  { name: 'data loss', re: /\b(data[ -]?loss|lose[sd]? (data|files|blocks)|losing (data|files|blocks))\b/i },
  { name: 'corruption', re: /\bcorrupt(ed|ion|s)?\b/i },
  { name: 'crash', re: /\b(crash(es|ed|ing)?|segfault|SIGSEGV|core dump(ed)?)\b/i },
  { name: 'null pointer', re: /\b(NullPointerException|NPE)\b/i },
  {
    name: 'build broken',
    re: /\b(compil\w* (error|fail\w*)|build (is )?(fail\w*|broken)|breaks? the build)\b/i,
  },
  {
    name: 'outage',
    re: /\b(outage|service (is )?down|fails? to start|cannot start|won't start|unavailable)\b/i,
  },
  {
    name: 'declared severity',
    re: /\b(blocker|critical (issue|bug|problem)|production (is )?(down|outage|issue))\b/i,
  },
];
/** Severe enough to escalate when the body alone mentions them. */
const SEVERE_IN_BODY = new Set(['data loss', 'corruption', 'crash', 'declared severity']);

/**
 * Whether a ticket should go to the escalation channel without a human asking: an urgent priority,
 * a signal in the title, data loss / corruption / a crash / a declared severity in the body, or two
 * different signals in the body. Text alone is a weak predictor (Hadoop: F1 0.23 against Blocker/
 * Critical), so a source's own priority, when it has one, should be mapped in. A pure function of
 * the ticket, so the support skill and the gitbugs evaluation (bench/eval/gitbugs.ts) use the same rule.
 */
export function escalationDecision(ticket: EscalationInput): EscalationDecision {
  const priority = (ticket.priority ?? '').trim().toLowerCase();
  if (URGENT_PRIORITIES.has(priority)) return { escalate: true, reasons: [`priority ${priority}`] };
  const inTitle = SIGNALS.filter((s) => s.re.test(ticket.title)).map((s) => s.name);
  const inBody = SIGNALS.filter((s) => s.re.test(ticket.body.slice(0, 20_000))).map((s) => s.name);
  const reasons = [...new Set([...inTitle, ...inBody])];
  const escalate = inTitle.length > 0 || inBody.some((s) => SEVERE_IN_BODY.has(s)) || inBody.length >= 2;
  return { escalate, reasons: escalate ? reasons : [] };
}

export function shouldEscalate(ticket: EscalationInput): boolean {
  return escalationDecision(ticket).escalate;
}
