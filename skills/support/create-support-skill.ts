import type { Signal, Skill, Tool, TriageVerdict } from '../../src/core/index.js';
import { escalationDecision } from './escalation-rule.js';
import { SUPPORT_COMMANDS } from './support-commands.js';
import type { SupportDesk } from './support-desk.js';
import { SUPPORT_SKILL_ID } from './support-planner.js';

export interface SupportSkillOptions {
  /** The support tools, ticketing tools and the diagnostics tool. */
  readonly tools: readonly Tool[];
  /** Enables burst grouping in triage (see {@link SupportDesk.burstRoot}). */
  readonly desk?: SupportDesk;
}

/**
 * The tech support skill (`/wk support …`, alias `sup`): tickets in from webhooks and chat, duplicates,
 * resolution proposals, diagnostics, drafted replies and escalations. It claims ticket signals; its plans
 * come from the support planner (`createSupportPlanner`), so it ships no template playbooks.
 */
export function createSupportSkill(options: SupportSkillOptions): Skill {
  return {
    id: SUPPORT_SKILL_ID,
    aliases: ['sup'],
    domain: 'support',
    description: 'Tech support: tickets, duplicates, fixes, diagnostics, drafted replies and escalations.',
    claims: (signal: Signal) => signal.kind === 'ticket',
    commands: SUPPORT_COMMANDS,
    playbooks: [],
    tools: options.tools,
    triage: (signal) => triage(signal, options.desk),
  };
}

/**
 * Every ticket gets a thread, except a burst duplicate, which is stored, audited and grouped under the
 * first report (no page, no post). Severity follows the priority, raised to critical when it escalates.
 */
function triage(signal: Signal, desk: SupportDesk | undefined): TriageVerdict {
  const rule = escalationDecision({
    title: signal.annotations['title'] ?? signal.summary,
    body: signal.annotations['body'] ?? '',
    ...(signal.labels['priority'] === undefined ? {} : { priority: signal.labels['priority'] }),
  });
  const ticket = desk?.o.tickets.byExternal(
    signal.labels['ticket_source'] ?? '',
    signal.labels['ticket_id'] ?? '',
  );
  const root = ticket === undefined || rule.escalate ? undefined : desk?.burstRoot(ticket);
  if (desk !== undefined && ticket !== undefined && root !== undefined) {
    const why = `burst duplicate of ${root.ticket.id} (score ${root.score}: ${root.reasons.join('; ')})`;
    desk.o.tickets.addNote({
      ticketId: ticket.id,
      kind: 'grouped',
      text: why,
      data: { under: root.ticket.id, score: root.score, reasons: root.reasons },
      by: 'watchkeeper',
      at: desk.now(),
    });
    return {
      verdict: 'true_positive',
      confidence: Math.min(1, Math.max(0, root.score)),
      severity: signal.severity,
      reasons: [why],
      openIncident: false,
      labels: { grouped_under: root.ticket.id },
    };
  }
  return {
    verdict: 'true_positive',
    confidence: 1,
    severity: rule.escalate ? 'critical' : signal.severity,
    reasons: rule.escalate ? rule.reasons.map((r) => `escalate: ${r}`) : ['a ticket is always worked'],
    openIncident: true,
    ...(rule.escalate ? { labels: { escalate: 'yes' } } : {}),
  };
}
