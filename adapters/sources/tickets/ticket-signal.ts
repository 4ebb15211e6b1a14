import type { Severity, SignalDraft, TicketPriority } from '../../../src/core/index.js';

/** A ticket from any system, before it becomes a signal (the shared label contract). */
export interface TicketFields {
  readonly source: string;
  readonly externalId: string;
  readonly title: string;
  readonly body: string;
  readonly priority: TicketPriority;
  readonly reporter: string;
  readonly service?: string;
  readonly url?: string;
  readonly closed: boolean;
  readonly startsAt: string;
  readonly raw: unknown;
}

const SEVERITY: Readonly<Record<TicketPriority, Severity>> = {
  urgent: 'critical',
  high: 'error',
  normal: 'warning',
  low: 'info',
};

/**
 * The signal every ticket source emits, whatever its system: kind `ticket`, labels
 * `{ticket_source, ticket_id, priority, reporter, service?}`, annotations `{title, body, url}`,
 * fingerprint `<source>:<id>`, group `ticket:<source>:<id>` (an edit folds into the ticket's incident).
 */
export function ticketSignal(sourceId: string, t: TicketFields): SignalDraft {
  const ref = `${t.source}:${t.externalId}`;
  return {
    source: sourceId,
    kind: 'ticket',
    status: t.closed ? 'resolved' : 'firing',
    severity: SEVERITY[t.priority],
    fingerprint: ref,
    groupKey: `ticket:${ref}`,
    labels: {
      ticket_source: t.source,
      ticket_id: t.externalId,
      priority: t.priority,
      reporter: t.reporter,
      ...(t.service === undefined ? {} : { service: t.service }),
    },
    annotations: { title: t.title, body: t.body, ...(t.url === undefined ? {} : { url: t.url }) },
    summary: inertTitle(t.title),
    startsAt: t.startsAt,
    raw: t.raw,
  };
}

/** Maps the priority words of common trackers onto ours; unknown words are `normal`. */
export function normalisePriority(word: string | undefined): TicketPriority {
  const w = (word ?? '').trim().toLowerCase();
  if (['urgent', 'highest', 'blocker', 'critical', 'p0', 'p1', 'sev1', 'emergency'].includes(w))
    return 'urgent';
  if (['high', 'major', 'p2', 'sev2', 'important'].includes(w)) return 'high';
  if (['low', 'lowest', 'minor', 'trivial', 'p4', 'p5', 'sev4'].includes(w)) return 'low';
  return 'normal';
}

/**
 * The summary is what incident messages show everywhere: requester text, so mentions (`@everyone`,
 * `<!channel>`, `<@U1>`) and markup are made inert here. The raw title stays in `annotations.title`.
 */
export function inertTitle(title: string): string {
  return (
    title
      // eslint-disable-next-line no-control-regex -- stripping control characters is the point
      .replace(/[\u0000-\u001f\u007f]/g, ' ')
      .replace(/</g, '‹')
      .replace(/>/g, '›')
      .replace(/@/g, '@\u200b')
      .replace(/\s+/g, ' ')
      .trim()
  );
}
