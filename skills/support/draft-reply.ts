import type { Incident, Ticket } from '../../src/core/index.js';
import type { Runbook } from './knowledge-base.js';
import type { PriorFix } from './support-desk.js';

export interface DraftInputs {
  readonly ticket: Ticket;
  readonly fixes: readonly PriorFix[];
  readonly runbooks: readonly Runbook[];
  readonly incidents: readonly Incident[];
}

/**
 * A template reply to the requester: what we know (an ongoing incident, a known fix, a runbook step) or
 * that we are on it. It never quotes the requester's body back and never promises a time. An agent edits
 * and sends it; nothing here sends anything.
 */
export function draftReply(d: DraftInputs): string {
  const name = greetingName(d.ticket.reporter);
  const lines = [`Hi ${name},`, '', `Thank you for reporting this (${d.ticket.id}).`];
  const incident = d.incidents[0];
  const fix = d.fixes[0];
  const runbook = d.runbooks[0];
  if (incident !== undefined) {
    lines.push(
      `We are aware of an ongoing problem affecting ${d.ticket.service ?? 'this service'} and are working on it; we will update this ticket as soon as it is fixed.`,
    );
  } else if (fix !== undefined) {
    lines.push(
      `This looks like an issue we have seen before (${fix.ticket.id}). What fixed it then:`,
      oneParagraph(fix.fix),
    );
  } else if (runbook?.customerReply !== undefined) {
    // Only the runbook's customer-facing section: its fix steps are for agents, not requesters.
    lines.push(oneParagraph(runbook.customerReply));
  } else {
    lines.push('We are looking into it and will get back to you here.');
  }
  lines.push('', 'Best regards,', 'Support');
  return lines.join('\n');
}

function greetingName(reporter: string): string {
  const local = reporter.includes('@') ? (reporter.split('@')[0] ?? '') : reporter;
  const first = local.split(/[ ._-]+/)[0] ?? '';
  const clean = first.replace(/[^\p{L}\p{N}]/gu, '').slice(0, 30);
  return clean === '' || clean === 'chat' || clean === 'unknown'
    ? 'there'
    : clean[0]?.toUpperCase() + clean.slice(1);
}

function oneParagraph(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 600 ? `${flat.slice(0, 599)}…` : flat;
}
