import { WatchkeeperError } from '../../../src/core/index.js';
import type { Ticket, TicketingAdapter, TicketWriteOptions } from '../../../src/core/index.js';
import { httpJson } from './http-json.js';

export interface JiraTicketingOptions {
  /** `JIRA_BASE_URL`, e.g. https://acme.atlassian.net */
  readonly baseUrl: string;
  /** `JIRA_EMAIL` + `JIRA_API_TOKEN`: basic auth as Jira Cloud expects for API tokens. */
  readonly email: string;
  readonly apiToken: string;
  /** The transition that closes an issue (`JIRA_DONE_TRANSITION`, default `Done`). */
  readonly doneTransition?: string;
  readonly fetch?: typeof fetch;
}

/**
 * Jira REST v2: comment (internal notes carry the Service Management `sd.public.comment` property),
 * transition by name, link (issue link types `Duplicate` and `Relates`), label.
 * @see https://developer.atlassian.com/cloud/jira/platform/rest/v2/
 */
export function createJiraTicketing(o: JiraTicketingOptions): TicketingAdapter {
  const base = o.baseUrl.replace(/\/+$/, '');
  const doFetch = o.fetch ?? fetch;
  const headers = {
    authorization: `Basic ${Buffer.from(`${o.email}:${o.apiToken}`).toString('base64')}`,
  };
  const call = (
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    body: unknown,
    w: TicketWriteOptions,
  ): Promise<unknown> =>
    httpJson({
      method,
      url: `${base}${path}`,
      headers,
      ...(body === undefined ? {} : { body }),
      fetch: doFetch,
      system: 'Jira',
      ...(w.signal ? { signal: w.signal } : {}),
    });
  const key = (t: Ticket): string => encodeURIComponent(t.externalId);

  async function transition(ticket: Ticket, to: string, w: TicketWriteOptions) {
    const list = (await call('GET', `/rest/api/2/issue/${key(ticket)}/transitions`, undefined, w)) as {
      transitions?: { id: string; name: string; to?: { name?: string } }[];
    };
    const found = (list?.transitions ?? []).find(
      (t) => t.name.toLowerCase() === to.toLowerCase() || t.to?.name?.toLowerCase() === to.toLowerCase(),
    );
    if (found === undefined)
      throw new WatchkeeperError('TOOL_FAILED', `Jira ${ticket.externalId} has no transition "${to}" now`);
    if (w.dryRun) return { summary: `would move Jira ${ticket.externalId} through "${found.name}"` };
    await call('POST', `/rest/api/2/issue/${key(ticket)}/transitions`, { transition: { id: found.id } }, w);
    return { summary: `Jira ${ticket.externalId} moved through "${found.name}"` };
  }

  return {
    system: 'jira',
    handles: (t) => t.source === 'jira',
    async comment(ticket, text, visibility, w) {
      if (w.dryRun)
        return {
          summary: `would add a ${visibility} comment to Jira ${ticket.externalId} (${text.length} chars)`,
        };
      const body =
        visibility === 'internal'
          ? { body: text, properties: [{ key: 'sd.public.comment', value: { internal: true } }] }
          : { body: text };
      const res = (await call('POST', `/rest/api/2/issue/${key(ticket)}/comment`, body, w)) as {
        id?: string;
      };
      return {
        summary: `${visibility} comment added to Jira ${ticket.externalId}`,
        data: { commentId: res?.id ?? null },
      };
    },
    transition,
    async close(ticket, reason, w) {
      if (w.dryRun) {
        const preview = await transition(ticket, o.doneTransition ?? 'Done', w);
        return { summary: `${preview.summary}, with the comment: ${reason}` };
      }
      await call('POST', `/rest/api/2/issue/${key(ticket)}/comment`, { body: reason }, w);
      return transition(ticket, o.doneTransition ?? 'Done', w);
    },
    async link(ticket, other, kind, w) {
      if (other.source !== 'jira')
        return this.comment(
          ticket,
          `${kind === 'duplicate_of' ? 'Duplicate of' : 'Related to'} ${other.url ?? other.id}`,
          'internal',
          w,
        );
      const type = kind === 'duplicate_of' ? 'Duplicate' : 'Relates';
      if (w.dryRun)
        return { summary: `would link Jira ${ticket.externalId} → ${other.externalId} (${type})` };
      await call(
        'POST',
        '/rest/api/2/issueLink',
        {
          type: { name: type },
          inwardIssue: { key: ticket.externalId },
          outwardIssue: { key: other.externalId },
        },
        w,
      );
      return { summary: `Jira ${ticket.externalId} linked to ${other.externalId} (${type})` };
    },
    async label(ticket, labels, w) {
      if (w.dryRun) return { summary: `would label Jira ${ticket.externalId}: ${labels.join(', ')}` };
      await call(
        'PUT',
        `/rest/api/2/issue/${key(ticket)}`,
        { update: { labels: labels.map((l) => ({ add: l })) } },
        w,
      );
      return { summary: `labelled Jira ${ticket.externalId}: ${labels.join(', ')}` };
    },
  };
}
