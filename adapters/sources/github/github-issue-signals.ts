import { validate } from '../../../src/core/index.js';
import type { Severity, SignalDraft } from '../../../src/core/index.js';
import { issuesEventSchema } from './github-schema.js';

const PRIORITY_WORDS: Readonly<Record<string, Severity>> = {
  critical: 'critical',
  urgent: 'critical',
  p0: 'critical',
  high: 'error',
  p1: 'error',
  medium: 'warning',
  normal: 'warning',
  p2: 'warning',
  low: 'info',
  p3: 'info',
  p4: 'info',
};

/**
 * An `issues` event (`opened`, `edited`) as a `ticket` signal, in the contract the support skill reads:
 * labels `ticket_source`, `ticket_id` (`owner/repo#n`), `priority`, `reporter`, `service?`; annotations
 * `title`, `body`, `url`. Other actions → `[]`.
 * @see https://docs.github.com/en/webhooks/webhook-events-and-payloads#issues
 */
export function issueSignals(payload: unknown): SignalDraft[] {
  const e = validate(issuesEventSchema, payload, 'GitHub issues event');
  if (e.action !== 'opened' && e.action !== 'edited') return [];
  const issue = e.issue;
  const names = issue.labels.map((l) => (typeof l === 'string' ? l : l.name));
  const ticketId = `${e.repository.full_name}#${issue.number}`;
  const priority = priorityOf(names);
  const service = names.map((n) => /^service\s*[:/]\s*(\S.*)$/i.exec(n)?.[1]?.trim()).find((s) => s);
  return [
    {
      source: 'github',
      kind: 'ticket',
      status: 'firing',
      severity: PRIORITY_WORDS[priority.toLowerCase()] ?? 'warning',
      fingerprint: `github:${ticketId}`,
      groupKey: `ticket:github:${ticketId}`,
      labels: {
        ticket_source: 'github',
        ticket_id: ticketId,
        priority,
        reporter: issue.user.login,
        ...(service === undefined ? {} : { service }),
      },
      annotations: { title: issue.title, body: issue.body ?? '', url: issue.html_url },
      summary: issue.title,
      startsAt: new Date(Date.parse(issue.created_at)).toISOString(),
      raw: e,
    },
  ];
}

/** `priority: high` / `priority/high` → `high`; `P1` → `P1`; nothing → `normal`. */
function priorityOf(labels: readonly string[]): string {
  for (const l of labels) {
    const named = /^priority\s*[:/]\s*(\S.*)$/i.exec(l);
    if (named?.[1] !== undefined) return named[1].trim().toLowerCase();
    if (/^p[0-4]$/i.test(l.trim())) return l.trim().toUpperCase();
  }
  return 'normal';
}
