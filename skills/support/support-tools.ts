import { z } from 'zod';
import { WatchkeeperError } from '../../src/core/index.js';
import type { SignalIntake, Target, Ticket, Tool, ToolResult } from '../../src/core/index.js';
import { contextPack } from './context-pack.js';
import { escalationDecision } from './escalation-rule.js';
import type { SupportDesk } from './support-desk.js';
import { chatSafe, quoted } from './untrusted-text.js';

const ticketRef = z.string().trim().min(1).max(200);
const BOT = 'watchkeeper';

/** The ticket source chat-filed tickets are posted to (`adapters/sources/tickets`). */
export const CHAT_TICKET_SOURCE = 'tickets';

/**
 * The support skill's own tools. All are low risk: they read, or write only Watchkeeper's records (notes,
 * the ticket's incident link) and internal channels. Anything the requester sees goes through
 * `ticketing.reply` (medium), which waits for a click.
 */
export function createSupportTools(desk: SupportDesk, intake: () => SignalIntake): Tool[] {
  const mustFind = (ref: string): Ticket => {
    const t = desk.o.tickets.find(ref);
    if (t === undefined) throw new WatchkeeperError('NOT_FOUND', `no ticket ${ref}`);
    return t;
  };
  const target = (ref: string | undefined): Target => {
    const t = ref === undefined ? undefined : desk.o.tickets.find(ref);
    return {
      environment: 'support',
      ...(t === undefined ? {} : { asset: t.id }),
      ...(t?.service === undefined ? {} : { service: t.service }),
    };
  };
  const note = (t: Ticket, kind: string, text: string, data?: unknown): void => {
    desk.o.tickets.addNote({
      ticketId: t.id,
      kind,
      text,
      ...(data === undefined ? {} : { data }),
      by: BOT,
      at: desk.now(),
    });
  };
  const read = <I>(spec: {
    name: string;
    description: string;
    input: z.ZodType<I>;
    ticket: (i: I) => string | undefined;
    run: (i: I) => Promise<ToolResult> | ToolResult;
  }): Tool<I> => ({
    name: spec.name,
    description: spec.description,
    input: spec.input,
    risk: 'low',
    reversible: false,
    scope: 'tickets:read',
    target: (i) => target(spec.ticket(i)),
    run: async (i) => spec.run(i),
  });

  const openInput = z.object({
    title: z.string().trim().min(1).max(300),
    body: z.string().max(20_000).optional(),
    reporter: z.string().trim().min(1).max(200).default('chat'),
    priority: z.enum(['low', 'normal', 'high', 'urgent']).optional(),
    service: z.string().trim().min(1).max(63).optional(),
  });

  return [
    read({
      name: 'support.open_ticket',
      description: 'File a ticket from chat into the built-in ticket store.',
      input: openInput,
      ticket: () => undefined,
      run: (i) => {
        const r = intake().ingest(CHAT_TICKET_SOURCE, { system: 'chat', ...i, body: i.body ?? i.title });
        return {
          ok: true,
          summary: `ticket filed: ${quoted(i.title, 120)}; it is triaged in its own thread`,
          data: r,
        };
      },
    }),
    read({
      name: 'support.link_alerts',
      description:
        'Record the ticket’s incident and link the open alerts on its service that likely explain it.',
      input: z.object({ ticket: ticketRef, incident: z.string().min(1).max(64).optional() }),
      ticket: (i) => i.ticket,
      run: (i) => {
        let t = mustFind(i.ticket);
        if (i.incident !== undefined && t.incidentId === undefined)
          t = desk.o.tickets.upsert({ ...t, incidentId: i.incident }, desk.now()).ticket;
        const incidents = desk.explainingIncidents(t);
        for (const inc of incidents)
          desk.o.tickets.addLink({
            ticketId: t.id,
            other: inc.id,
            kind: 'explained_by',
            by: BOT,
            at: desk.now(),
          });
        const summary =
          incidents.length === 0
            ? `${t.id}: no open alert on ${t.service ?? 'its service'} explains it`
            : `${t.id} is likely explained by ${incidents.map((x) => `${x.id} ${quoted(x.title, 80)}`).join(', ')}`;
        return { ok: true, summary, data: { ticket: t.id, incidents: incidents.map((x) => x.id) } };
      },
    }),
    read({
      name: 'support.find_duplicates',
      description: 'List open and past tickets most like this one, with a score and a reason.',
      input: z.object({ ticket: ticketRef, k: z.number().int().min(1).max(10).default(5) }),
      ticket: (i) => i.ticket,
      run: (i) => {
        const t = mustFind(i.ticket);
        const c = desk.duplicates(t, i.k);
        const lines = c.map(
          (x, n) =>
            `${n + 1}. ${x.ticket.id} (${x.ticket.status}) score ${x.score} ${quoted(x.ticket.title, 100)}: ${x.reasons.join('; ')}`,
        );
        const summary =
          c.length === 0
            ? `${t.id}: no similar tickets`
            : [`${t.id} likely duplicates:`, ...lines].join('\n');
        const data = c.map((x) => ({ ticket: x.ticket.id, score: x.score, reasons: x.reasons }));
        note(t, 'duplicates', summary, data);
        return { ok: true, summary, data: { ticket: t.id, candidates: data } };
      },
    }),
    read({
      name: 'support.propose_resolution',
      description: 'Propose fixes from similar resolved tickets and the knowledge-base runbooks.',
      input: z.object({ ticket: ticketRef }),
      ticket: (i) => i.ticket,
      run: (i) => {
        const t = mustFind(i.ticket);
        const fixes = desk.priorFixes(t);
        const runbooks = desk.runbooksFor(t);
        const lines = [
          ...fixes.map((f) => `• ${f.ticket.id} was fixed: ${chatSafe(f.fix, 200)}`),
          ...runbooks.map(
            (r) =>
              `• runbook ${r.file} "${r.title}"${r.steps.length === 0 ? '' : `: ${r.steps.slice(0, 2).join(' → ')}`}`,
          ),
        ];
        const summary =
          lines.length === 0
            ? `${t.id}: no prior fix or runbook found`
            : [`${t.id} proposals:`, ...lines].join('\n');
        note(t, 'proposal', summary, {
          fixes: fixes.map((f) => f.ticket.id),
          runbooks: runbooks.map((r) => r.file),
        });
        return {
          ok: true,
          summary,
          data: {
            fixes: fixes.map((f) => ({ ticket: f.ticket.id, fix: f.fix })),
            runbooks: runbooks.map((r) => r.file),
          },
        };
      },
    }),
    read({
      name: 'support.draft_reply',
      description: 'Draft a reply to the requester and show it; it is not sent.',
      input: z.object({ ticket: ticketRef, text: z.string().trim().min(1).max(8000).optional() }),
      ticket: (i) => i.ticket,
      run: (i) => {
        const t = mustFind(i.ticket);
        const text = i.text ?? desk.draftFor(t);
        note(t, 'draft', text);
        const summary = `draft reply for ${t.id} (not sent; send or edit with: support draft ${t.id} <text>):\n${text
          .split('\n')
          .map((l) => `> ${chatSafe(l, 400)}`)
          .join('\n')}`;
        return { ok: true, summary, data: { ticket: t.id, text } };
      },
    }),
    read({
      name: 'support.escalate',
      description:
        'Post a context pack (summary, repro, logs, diagnostics, prior fixes, duplicates) to the escalation channel and the ticket.',
      input: z.object({ ticket: ticketRef, reason: z.string().trim().min(1).max(300).optional() }),
      ticket: (i) => i.ticket,
      run: async (i) => {
        const t = mustFind(i.ticket);
        const rule = escalationDecision({ title: t.title, body: t.body, priority: t.priority });
        const why = [...(i.reason === undefined ? [] : [i.reason]), ...rule.reasons.map((r) => `rule: ${r}`)];
        const pack = contextPack({
          ticket: t,
          why,
          diagnostics: desk.o.tickets.notes(t.id, 'diagnostic'),
          logs: desk.relevantLogs(t),
          fixes: desk.priorFixes(t),
          runbooks: desk.runbooksFor(t),
          links: desk.o.tickets.links(t.id).filter((l) => l.kind !== 'explained_by'),
          candidates: desk.duplicates(t, 3),
          incidents: desk.explainingIncidents(t),
        });
        const where: string[] = [];
        const channel = desk.o.escalationChannel;
        if (channel !== undefined && desk.o.post !== undefined) {
          await desk.o.post(channel, pack);
          where.push(`${channel.platform}:${channel.channel}`);
        }
        const written = await desk.o.ticketing(t).comment(t, pack, 'internal', { dryRun: false });
        where.push(written.summary);
        note(t, 'escalation', pack, { why, where });
        return {
          ok: true,
          summary: `${t.id} escalated (${where.join('; ')}):\n${pack}`,
          data: { ticket: t.id, why, where },
        };
      },
    }),
    read({
      name: 'support.ticket_status',
      description: 'Show one ticket (status, links, notes) or the open tickets.',
      input: z.object({ ticket: ticketRef.optional() }),
      ticket: (i) => i.ticket,
      run: (i) => {
        if (i.ticket === undefined) {
          const open = desk.o.tickets.list({ status: 'open', limit: 20 });
          const lines = open.map(
            (t) =>
              `• ${t.id} [${t.priority}] ${quoted(t.title, 100)} (${t.source} ${chatSafe(t.externalId, 60)})`,
          );
          return {
            ok: true,
            summary:
              open.length === 0 ? 'No open tickets.' : [`${open.length} open tickets:`, ...lines].join('\n'),
          };
        }
        const t = mustFind(i.ticket);
        const links = desk.o.tickets
          .links(t.id)
          .map((l) => `${l.ticketId} ${l.kind.replace(/_/g, ' ')} ${l.other}`);
        // Alerts that opened after the ticket are found now, not only when the ticket arrived.
        for (const inc of desk.explainingIncidents(t))
          if (!links.some((l) => l.endsWith(` ${inc.id}`)))
            links.push(`${t.id} likely explained by ${inc.id}`);
        const notes = desk.o.tickets.notes(t.id).filter((n) => n.kind !== 'write');
        const lines = [
          `${t.id} [${t.priority}] ${t.status} ${quoted(t.title, 120)} · ${t.source} ${chatSafe(t.externalId, 80)} · reporter ${chatSafe(t.reporter, 80)}${t.service === undefined ? '' : ` · ${t.service}`}${t.incidentId === undefined ? '' : ` · thread ${t.incidentId}`}`,
          ...(links.length === 0 ? [] : [`links: ${links.join(', ')}`]),
          ...(t.resolution === undefined ? [] : [`resolution: ${chatSafe(t.resolution, 200)}`]),
          `notes: ${notes.length === 0 ? 'none' : notes.map((n) => n.kind).join(', ')}`,
        ];
        return { ok: true, summary: lines.join('\n'), data: { ticket: t } };
      },
    }),
  ] as Tool[];
}
