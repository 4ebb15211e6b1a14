import { WatchkeeperError } from '../../../src/core/index.js';
import type { Ticket, TicketingAdapter, TicketWriteOptions } from '../../../src/core/index.js';
import { httpJson } from './http-json.js';

export interface GitHubTicketingOptions {
  /** `GITHUB_TOKEN`: a token with `issues: write` on the repositories. */
  readonly token: string;
  /** `GITHUB_API_URL`, default https://api.github.com (a fake in tests, GHES elsewhere). */
  readonly apiUrl?: string;
  readonly fetch?: typeof fetch;
}

/** `owner/repo#42` → its parts; anything else is not a GitHub issue reference. */
export function parseIssueRef(ref: string): { owner: string; repo: string; number: number } {
  const m = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)#(\d+)$/.exec(ref);
  if (m === null) throw new WatchkeeperError('VALIDATION_FAILED', `not a GitHub issue reference: ${ref}`);
  return { owner: m[1] ?? '', repo: m[2] ?? '', number: Number(m[3]) };
}

/**
 * GitHub Issues REST: comment, label, close, link. GitHub has no private comments, so internal notes
 * (escalation packs with logs) stay in Watchkeeper instead of being published on the issue. A link is
 * the "Duplicate of #N" comment GitHub itself recognises.
 * @see https://docs.github.com/en/rest/issues
 */
export function createGitHubTicketing(o: GitHubTicketingOptions): TicketingAdapter {
  const api = (o.apiUrl ?? 'https://api.github.com').replace(/\/+$/, '');
  const doFetch = o.fetch ?? fetch;
  const headers = {
    authorization: `Bearer ${o.token}`,
    accept: 'application/vnd.github+json',
    'x-github-api-version': '2022-11-28',
    'user-agent': 'watchkeeper',
  };
  const issueUrl = (t: Ticket): string => {
    const { owner, repo, number } = parseIssueRef(t.externalId);
    return `${api}/repos/${owner}/${repo}/issues/${number}`;
  };
  const call = (
    method: 'POST' | 'PATCH',
    url: string,
    body: unknown,
    w: TicketWriteOptions,
  ): Promise<unknown> =>
    httpJson({
      method,
      url,
      headers,
      body,
      fetch: doFetch,
      system: 'GitHub',
      ...(w.signal ? { signal: w.signal } : {}),
    });

  return {
    system: 'github',
    handles: (t) => t.source === 'github',
    async comment(ticket, text, visibility, w) {
      if (visibility === 'internal')
        return {
          summary: `GitHub has no private comments: the note stays in Watchkeeper (${ticket.externalId})`,
        };
      if (w.dryRun) return { summary: `would comment on GitHub ${ticket.externalId} (${text.length} chars)` };
      const res = (await call('POST', `${issueUrl(ticket)}/comments`, { body: text }, w)) as { id?: number };
      return { summary: `commented on GitHub ${ticket.externalId}`, data: { commentId: res?.id ?? null } };
    },
    async label(ticket, labels, w) {
      if (w.dryRun) return { summary: `would label GitHub ${ticket.externalId}: ${labels.join(', ')}` };
      await call('POST', `${issueUrl(ticket)}/labels`, { labels }, w);
      return { summary: `labelled GitHub ${ticket.externalId}: ${labels.join(', ')}` };
    },
    async close(ticket, reason, w) {
      if (w.dryRun) return { summary: `would close GitHub ${ticket.externalId} as not planned: ${reason}` };
      await call('POST', `${issueUrl(ticket)}/comments`, { body: reason }, w);
      await call('PATCH', issueUrl(ticket), { state: 'closed', state_reason: 'not_planned' }, w);
      return { summary: `closed GitHub ${ticket.externalId}` };
    },
    async link(ticket, other, kind, w) {
      const target = otherRef(ticket, other);
      const body = kind === 'duplicate_of' ? `Duplicate of ${target}` : `Related: ${target}`;
      if (w.dryRun) return { summary: `would comment "${body}" on GitHub ${ticket.externalId}` };
      await call('POST', `${issueUrl(ticket)}/comments`, { body }, w);
      return { summary: `GitHub ${ticket.externalId}: "${body}"` };
    },
  };
}

/** `#12` within one repository, `owner/repo#12` across, a URL or local id for tickets from elsewhere. */
function otherRef(ticket: Ticket, other: Ticket): string {
  if (other.source !== 'github') return other.url ?? `${other.id} (${other.source} ${other.externalId})`;
  const a = parseIssueRef(ticket.externalId);
  const b = parseIssueRef(other.externalId);
  return a.owner === b.owner && a.repo === b.repo ? `#${b.number}` : other.externalId;
}
