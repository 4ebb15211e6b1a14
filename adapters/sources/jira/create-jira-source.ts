import { systemClock, validate } from '../../../src/core/index.js';
import type { Clock, SignalDraft, SignalSource } from '../../../src/core/index.js';
import { normalisePriority, ticketSignal } from '../tickets/index.js';
import { jiraWebhookSchema, type JiraWebhook } from './jira-schema.js';

/** The source id, and the path segment of `POST /hooks/jira`. */
export const JIRA_SOURCE_ID = 'jira';

export interface JiraSourceOptions {
  readonly clock?: Clock;
}

/**
 * Jira issue webhooks → ticket signals (label contract of `adapters/sources/tickets`). The service is
 * the first component, or a `service:<name>` label. Done issues (status category `done`) resolve.
 */
export function createJiraSource(options: JiraSourceOptions = {}): SignalSource {
  const clock = options.clock ?? systemClock;
  return {
    id: JIRA_SOURCE_ID,
    parse: (body) => [toDraft(validate(jiraWebhookSchema, body, 'Jira webhook'), clock)],
  };
}

function toDraft(hook: JiraWebhook, clock: Clock): SignalDraft {
  const { issue } = hook;
  const f = issue.fields;
  const service =
    f.components?.[0]?.name ?? f.labels?.find((l) => l.startsWith('service:'))?.slice('service:'.length);
  const reporter = f.reporter?.emailAddress ?? f.reporter?.displayName ?? hook.user?.displayName ?? 'unknown';
  const created = f.created === undefined ? Number.NaN : Date.parse(f.created);
  const browse = issue.self === undefined ? undefined : `${new URL(issue.self).origin}/browse/${issue.key}`;
  const cleanService = service?.toLowerCase().replace(/[^a-z0-9._-]+/g, '-');
  return ticketSignal(JIRA_SOURCE_ID, {
    source: JIRA_SOURCE_ID,
    externalId: issue.key,
    title: f.summary,
    body: descriptionText(f.description).slice(0, 20_000),
    priority: normalisePriority(f.priority?.name),
    reporter,
    ...(cleanService === undefined || cleanService === '' ? {} : { service: cleanService }),
    ...(browse === undefined ? {} : { url: browse }),
    closed: f.status?.statusCategory?.key === 'done',
    startsAt: Number.isNaN(created) ? clock.now().toISOString() : new Date(created).toISOString(),
    raw: hook,
  });
}

/** Wiki text as is; an Atlassian Document Format tree flattened to its text nodes, one line per block. */
export function descriptionText(description: unknown): string {
  if (typeof description === 'string') return description;
  if (description === null || typeof description !== 'object') return '';
  const lines: string[] = [];
  const walk = (node: unknown, line: string[]): void => {
    if (node === null || typeof node !== 'object') return;
    const n = node as { type?: unknown; text?: unknown; content?: unknown };
    if (typeof n.text === 'string') line.push(n.text);
    if (Array.isArray(n.content)) {
      for (const child of n.content) {
        const block = child as { content?: unknown };
        if (Array.isArray(block.content)) {
          const inner: string[] = [];
          walk(child, inner);
          lines.push(inner.join(''));
        } else walk(child, line);
      }
    }
  };
  const top: string[] = [];
  walk(description, top);
  if (top.length > 0) lines.unshift(top.join(''));
  return lines.filter((l) => l !== '').join('\n');
}
