import { expect } from 'chai';
import {
  createGitHubTicketing,
  createJiraTicketing,
  createTicketingTools,
} from '../../../../../adapters/tools/ticketing/index.js';
import type { Store, Tool, ToolContext } from '../../../../../src/core/index.js';
import { openSqliteStore } from '../../../../../src/store/index.js';
import { FakeGitHubIssues } from '../../../../fakes/github-issues/fake-github-issues.js';
import { FakeJira } from '../../../../fakes/jira/fake-jira.js';
import { silentLogger } from '../../../../helpers/silent-logger.js';

const clock = { now: () => new Date('2026-11-25T10:00:00Z') };
const at = '2026-11-25T09:00:00.000Z';

function ctx(key: string): ToolContext {
  return { idempotencyKey: key, signal: new AbortController().signal, logger: silentLogger, clock };
}

/** The tool by name, with inputs parsed by its schema as the orchestrator does. */
function toolOf(tools: readonly Tool[], name: string) {
  const t = tools.find((x) => x.name === name) as Tool<any> | undefined;
  if (t === undefined) throw new Error(`no ${name}`);
  return {
    name: t.name,
    run: (input: unknown, c: ToolContext) => t.run(t.input.parse(input), c),
    dryRun: (input: unknown, c: ToolContext) => {
      if (t.dryRun === undefined) throw new Error(`${name} has no dry run`);
      return t.dryRun(t.input.parse(input), c);
    },
  };
}

describe('ticketing tools', () => {
  let store: Store;
  beforeEach(() => {
    store = openSqliteStore({ path: ':memory:', clock, logger: silentLogger });
  });
  afterEach(() => store.close());

  const draft = (source: string, externalId: string, title = 'Checkout 500') => ({
    source,
    externalId,
    title,
    body: 'body',
    priority: 'normal' as const,
    reporter: 'ana@example.com',
    service: 'checkout-api',
  });

  describe('built-in store (default)', () => {
    it('declares risks: replies, closing and transitions medium; notes, links and labels low', () => {
      const tools = createTicketingTools({ tickets: store.tickets, adapters: [], clock });
      expect(Object.fromEntries(tools.map((t) => [t.name, t.risk]))).to.deep.equal({
        'ticketing.comment': 'low',
        'ticketing.reply': 'medium',
        'ticketing.link': 'low',
        'ticketing.close': 'medium',
        'ticketing.label': 'low',
        'ticketing.transition': 'medium',
      });
    });

    it('a dry run changes nothing; the run writes once per idempotency key', async () => {
      const { ticket } = store.tickets.upsert(draft('tickets', 'HD-1'), at);
      const tools = createTicketingTools({ tickets: store.tickets, adapters: [], clock });
      const reply = toolOf(tools, 'ticketing.reply');
      const preview = await reply.dryRun({ ticket: ticket.id, text: 'Hello' }, ctx('k1'));
      expect(preview.summary).to.match(/would add a reply/);
      expect(store.tickets.notes(ticket.id, 'reply')).to.have.length(0);
      await reply.run({ ticket: ticket.id, text: 'Hello' }, ctx('k1'));
      await reply.run({ ticket: ticket.id, text: 'Hello' }, ctx('k1'));
      expect(store.tickets.notes(ticket.id, 'reply').map((n) => n.text)).to.deep.equal(['Hello']);
    });

    it('closes as a duplicate: link first, then status closed with the reason', async () => {
      const a = store.tickets.upsert(draft('tickets', 'HD-1'), at).ticket;
      const b = store.tickets.upsert(draft('tickets', 'HD-2'), at).ticket;
      const tools = createTicketingTools({ tickets: store.tickets, adapters: [], clock });
      await toolOf(tools, 'ticketing.close').run({ ticket: b.id, duplicateOf: a.id }, ctx('c1'));
      const closed = store.tickets.get(b.id)!;
      expect(closed.status).to.equal('closed');
      expect(closed.resolution).to.include(`duplicate of ${a.id}`);
      expect(store.tickets.links(b.id).map((l) => [l.ticketId, l.kind, l.other])).to.deep.equal([
        [b.id, 'duplicate_of', a.id],
      ]);
    });
  });

  describe('GitHub Issues', () => {
    let gh: FakeGitHubIssues;
    beforeEach(async () => {
      gh = await new FakeGitHubIssues('ghp_secret').start();
      gh.addIssue('acme/web#12');
      gh.addIssue('acme/web#40');
    });
    afterEach(() => gh.stop());

    const tools = () =>
      createTicketingTools({
        tickets: store.tickets,
        adapters: [createGitHubTicketing({ token: 'ghp_secret', apiUrl: gh.url })],
        clock,
      });

    it('comments, labels, links ("Duplicate of #12") and closes as not planned through the REST API', async () => {
      const orig = store.tickets.upsert(draft('github', 'acme/web#12'), at).ticket;
      const dupe = store.tickets.upsert(draft('github', 'acme/web#40'), at).ticket;
      const t = tools();
      await toolOf(t, 'ticketing.reply').run({ ticket: dupe.id, text: 'Thanks, looking.' }, ctx('r'));
      await toolOf(t, 'ticketing.label').run({ ticket: dupe.id, labels: ['duplicate'] }, ctx('l'));
      await toolOf(t, 'ticketing.close').run({ ticket: dupe.id, duplicateOf: orig.id }, ctx('c'));
      const issue = gh.issues.get('acme/web#40')!;
      expect(issue.comments).to.deep.equal([
        'Thanks, looking.',
        'Duplicate of #12',
        `Closed as a duplicate of ${orig.id}.`,
      ]);
      expect(issue.labels).to.deep.equal(['duplicate']);
      expect(issue).to.include({ state: 'closed', state_reason: 'not_planned' });
      // Mirrored locally.
      expect(store.tickets.get(dupe.id)!.status).to.equal('closed');
      expect(store.tickets.notes(dupe.id, 'reply').map((n) => n.text)).to.deep.equal(['Thanks, looking.']);
    });

    it('keeps internal notes off the public issue', async () => {
      const t = store.tickets.upsert(draft('github', 'acme/web#12'), at).ticket;
      const r = await toolOf(tools(), 'ticketing.comment').run(
        { ticket: t.id, text: 'logs: secret-ish' },
        ctx('n'),
      );
      expect(r.summary).to.match(/no private comments/);
      expect(gh.issues.get('acme/web#12')!.comments).to.deep.equal([]);
      expect(store.tickets.notes(t.id, 'comment').map((n) => n.text)).to.deep.equal(['logs: secret-ish']);
    });

    it('a dry run makes no request; a 503 is transient, a 401 is not', async () => {
      const t = store.tickets.upsert(draft('github', 'acme/web#12'), at).ticket;
      await toolOf(tools(), 'ticketing.reply').dryRun({ ticket: t.id, text: 'x' }, ctx('d'));
      expect(gh.calls).to.have.length(0);
      gh.failNext(503);
      const transient = await toolOf(tools(), 'ticketing.reply')
        .run({ ticket: t.id, text: 'x' }, ctx('e'))
        .catch((e: unknown) => e);
      expect(transient).to.include({ code: 'TOOL_TRANSIENT', transient: true });
      const wrong = createTicketingTools({
        tickets: store.tickets,
        adapters: [createGitHubTicketing({ token: 'wrong', apiUrl: gh.url })],
        clock,
      });
      const refused = await toolOf(wrong, 'ticketing.reply')
        .run({ ticket: t.id, text: 'x' }, ctx('f'))
        .catch((e: unknown) => e);
      expect(refused).to.include({ code: 'TOOL_FAILED', transient: false });
      expect(String((refused as Error).message))
        .to.include('401')
        .and.not.include('wrong');
    });
  });

  describe('Jira', () => {
    let jira: FakeJira;
    beforeEach(async () => {
      jira = await new FakeJira('bot@example.com', 'tok').start();
      jira.addIssue('SUP-1', 'Done');
      jira.addIssue('SUP-2');
    });
    afterEach(() => jira.stop());

    const tools = () =>
      createTicketingTools({
        tickets: store.tickets,
        adapters: [createJiraTicketing({ baseUrl: jira.url, email: 'bot@example.com', apiToken: 'tok' })],
        clock,
      });

    it('comments (internal ones flagged for Service Management), links as Duplicate and closes by transition', async () => {
      const orig = store.tickets.upsert(draft('jira', 'SUP-1'), at).ticket;
      const dupe = store.tickets.upsert(draft('jira', 'SUP-2'), at).ticket;
      const t = tools();
      await toolOf(t, 'ticketing.comment').run({ ticket: dupe.id, text: 'internal' }, ctx('a'));
      await toolOf(t, 'ticketing.link').run({ ticket: dupe.id, other: orig.id }, ctx('b'));
      const preview = await toolOf(t, 'ticketing.close').dryRun(
        { ticket: dupe.id, reason: 'Fixed' },
        ctx('c'),
      );
      expect(preview.summary).to.include('"Done"');
      expect(jira.issues.get('SUP-2')!.status).to.equal('Open');
      await toolOf(t, 'ticketing.close').run({ ticket: dupe.id, reason: 'Fixed by config' }, ctx('c'));
      const issue = jira.issues.get('SUP-2')!;
      expect(issue.comments[0]).to.deep.equal({
        body: 'internal',
        properties: [{ key: 'sd.public.comment', value: { internal: true } }],
      });
      expect(issue.comments[1]).to.deep.equal({ body: 'Fixed by config' });
      expect(issue.status).to.equal('Done');
      expect(jira.links).to.deep.equal([{ type: 'Duplicate', inward: 'SUP-2', outward: 'SUP-1' }]);
      expect(store.tickets.get(dupe.id)!.status).to.equal('closed');
    });

    it('transitions by name and fails clearly when the workflow has no such transition', async () => {
      const t = store.tickets.upsert(draft('jira', 'SUP-2'), at).ticket;
      await toolOf(tools(), 'ticketing.transition').run({ ticket: t.id, to: 'Start Progress' }, ctx('t1'));
      expect(jira.issues.get('SUP-2')!.status).to.equal('In Progress');
      const err = await toolOf(tools(), 'ticketing.transition')
        .run({ ticket: t.id, to: 'Teleport' }, ctx('t2'))
        .catch((e: unknown) => e);
      expect(err).to.include({ code: 'TOOL_FAILED' });
    });
  });
});
