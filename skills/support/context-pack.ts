import type { Incident, Ticket, TicketLink, TicketNote } from '../../src/core/index.js';
import type { Runbook } from './knowledge-base.js';
import type { DuplicateCandidate, PriorFix } from './support-desk.js';
import { chatSafe, quoted } from './untrusted-text.js';

export interface ContextPackInputs {
  readonly ticket: Ticket;
  readonly why: readonly string[];
  readonly diagnostics: readonly TicketNote[];
  readonly logs: readonly string[];
  readonly fixes: readonly PriorFix[];
  readonly runbooks: readonly Runbook[];
  readonly links: readonly TicketLink[];
  readonly candidates: readonly DuplicateCandidate[];
  readonly incidents: readonly Incident[];
}

/** The sections every pack has, in order; tests and readers rely on these headings. */
export const PACK_SECTIONS = [
  'Summary',
  'Reproduction steps',
  'Relevant logs',
  'Diagnostics',
  'Prior fixes',
  'Linked duplicates',
] as const;

/**
 * The escalation context pack: everything the next tier needs without opening five tools. Requester text
 * is shown chat-safe (quoted, no mentions or markup); every section is present, saying "none" when empty.
 */
export function contextPack(p: ContextPackInputs): string {
  const t = p.ticket;
  const head = `🚨 Escalation ${t.id} [${t.priority}] ${quoted(t.title, 160)} · ${t.source} ${chatSafe(t.externalId, 80)}${t.service === undefined ? '' : ` · service ${t.service}`} · reporter ${chatSafe(t.reporter, 80)}${t.url === undefined ? '' : ` · ${chatSafe(t.url, 200)}`}`;
  const repro = reproductionSteps(t.body);
  const dupes = [
    ...p.links.map((l) => `• ${l.ticketId} ${l.kind.replace(/_/g, ' ')} ${l.other} (confirmed by ${l.by})`),
    ...p.candidates
      .filter((c) => !p.links.some((l) => l.other === c.ticket.id || l.ticketId === c.ticket.id))
      .slice(0, 3)
      .map(
        (c) => `• candidate ${c.ticket.id} (${c.ticket.status}) score ${c.score}: ${c.reasons.join('; ')}`,
      ),
  ];
  const sections: [string, string[]][] = [
    [
      'Summary',
      [
        `Why escalated: ${p.why.join('; ') || 'requested'}`,
        quoted(t.body === '' ? t.title : t.body, 400),
        ...p.incidents.map(
          (i) => `Likely explained by ${i.id} ${quoted(i.title, 120)} (open since ${i.openedAt})`,
        ),
      ],
    ],
    [
      'Reproduction steps',
      repro.length === 0 ? ['none given'] : repro.map((s, i) => `${i + 1}. ${chatSafe(s, 200)}`),
    ],
    ['Relevant logs', p.logs.length === 0 ? ['none'] : p.logs.map((l) => `  ${chatSafe(l, 240)}`)],
    [
      'Diagnostics',
      p.diagnostics.length === 0
        ? ['none run']
        : p.diagnostics.slice(-6).map((d) => `• ${chatSafe(d.text, 240)}`),
    ],
    [
      'Prior fixes',
      [
        ...p.fixes.map((f) => `• ${f.ticket.id} ${quoted(f.ticket.title, 80)}: ${chatSafe(f.fix, 240)}`),
        ...p.runbooks.map(
          (r) => `• runbook ${r.file} "${r.title}"${r.steps[0] === undefined ? '' : `: ${r.steps[0]}`}`,
        ),
      ],
    ],
    ['Linked duplicates', dupes.length === 0 ? ['none'] : dupes],
  ];
  const body = sections.map(([h, lines]) =>
    [`*${h}*`, ...(lines.length === 0 ? ['none'] : lines)].join('\n'),
  );
  return [head, ...body].join('\n');
}

/**
 * Steps to reproduce from a ticket body: the numbered or bulleted lines under a "steps to reproduce"
 * (or "repro", "how to reproduce") heading, else any numbered list, at most 8.
 */
export function reproductionSteps(body: string): string[] {
  const lines = body.split('\n');
  const at = lines.findIndex((l) =>
    /(steps to reproduce|reproduction|repro steps|how to reproduce|to reproduce)/i.test(l),
  );
  const scan = at === -1 ? lines : lines.slice(at + 1);
  const steps: string[] = [];
  for (const line of scan) {
    const m = /^\s*(?:\d+[.)]|[-*•])\s+(.+)$/.exec(line);
    if (m?.[1] !== undefined) steps.push(m[1].trim());
    else if (at !== -1 && steps.length > 0 && line.trim() === '') break;
    if (steps.length >= 8) break;
  }
  return steps;
}
