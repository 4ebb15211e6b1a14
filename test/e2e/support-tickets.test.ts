import { expect } from 'chai';
import { startHarness, type Harness } from './harness.js';
import { command, fileTicket, messages, pendingSteps, stepsOf, ticketBody } from './support-helpers.js';

const CURRENCY_ERROR = "TypeError: cannot read properties of undefined (reading 'currency')";

describe('e2e: support tickets (intake, duplicates, drafts)', function () {
  this.timeout(30_000);
  let h: Harness;
  afterEach(async () => h?.close());

  it('refuses a malformed ticket with every reason and stores nothing', async () => {
    h = await startHarness();
    const res = await h.api('POST', '/hooks/tickets', { title: '', priority: 'whenever', url: 'not a url' });
    expect(res.status).to.equal(400);
    const text = JSON.stringify(res.body);
    for (const field of ['title', 'reporter', 'priority', 'url']) expect(text).to.include(field);
    await h.settle();
    expect((await h.api('GET', '/api/tickets')).body.tickets).to.deep.equal([]);
    expect((await h.api('GET', '/api/incidents')).body.incidents ?? []).to.have.length(0);
  });

  it('flags a ticket that duplicates an earlier one, with a score and a reason, and links it only after the click', async () => {
    h = await startHarness();
    const first = await fileTicket(
      h,
      ticketBody(
        'HD-1',
        'Checkout fails with 500 at the payment step',
        `POST /checkout 500: ${CURRENCY_ERROR}`,
        {
          service: 'checkout-api',
        },
      ),
    );
    await fileTicket(
      h,
      ticketBody('HD-2', 'Password reset email never arrives', 'I asked three times', { service: 'auth' }),
    );
    await fileTicket(
      h,
      ticketBody('HD-3', 'Inventory page is very slow', 'Stock takes 10s to load', { service: 'inventory' }),
    );
    const dupe = await fileTicket(
      h,
      ticketBody(
        'HD-4',
        'Cannot pay: error on checkout',
        `Paying fails every time with ${CURRENCY_ERROR} since this morning`,
        {
          service: 'checkout-api',
        },
      ),
    );

    const steps = await stepsOf(h, dupe.incidentId);
    const found = steps.find((s) => s.tool === 'support.find_duplicates');
    expect(found.state).to.equal('succeeded');
    const top = found.result.data.candidates[0];
    expect(top.ticket, 'the earlier twin is the top result').to.equal(first.id);
    expect(top.score).to.be.a('number');
    expect(top.reasons.join(' ')).to.match(/same error string/);
    expect(found.result.summary).to.include(first.id);

    const link = steps.find((s) => s.tool === 'ticketing.link');
    expect(link.state, 'linking waits for a person').to.equal('awaiting_approval');
    expect(link.input).to.include({ ticket: dupe.id, other: first.id });
    let detail = await h.api('GET', `/api/tickets/${dupe.id}`);
    expect(detail.body.links.filter((l: any) => l.kind === 'duplicate_of')).to.have.length(0);

    const vote = await h.api(
      'POST',
      `/api/approvals/${link.approvalId}/votes`,
      { decision: 'approve' },
      'helpdesk',
    );
    expect(vote.status).to.equal(200);
    await h.settle();
    detail = await h.api('GET', `/api/tickets/${dupe.id}`);
    expect(detail.body.links).to.deep.include({
      ticketId: dupe.id,
      other: first.id,
      kind: 'duplicate_of',
      by: 'watchkeeper',
      at: detail.body.links.find((l: any) => l.kind === 'duplicate_of').at,
    });
    expect((await h.api('GET', '/api/audit/verify')).body.ok).to.equal(true);
  });

  it('never sends a drafted reply without the click, and sends exactly it after', async () => {
    h = await startHarness();
    const t = await fileTicket(
      h,
      ticketBody('HD-9', 'Password reset email delayed', 'No email after 20 minutes', { service: 'auth' }),
    );
    await command(h, `support draft ${t.id}`);
    const pending = (await pendingSteps(h)).filter((p) => p.step.tool === 'ticketing.reply');
    expect(pending).to.have.length(1);
    const reply = pending[0]!;
    expect(reply.step.state).to.equal('awaiting_approval');
    expect(reply.step.input.text).to.include('spam folder'); // from the runbook's customer reply
    let notes = (await h.api('GET', `/api/tickets/${t.id}`)).body.notes;
    expect(
      notes.filter((n: any) => n.kind === 'reply'),
      'nothing sent yet',
    ).to.have.length(0);
    expect(notes.filter((n: any) => n.kind === 'draft')).to.have.length.greaterThan(0);

    // A rejected draft is never sent.
    await h.api('POST', `/api/approvals/${reply.approval.id}/votes`, { decision: 'reject' }, 'helpdesk');
    await h.settle();
    notes = (await h.api('GET', `/api/tickets/${t.id}`)).body.notes;
    expect(notes.filter((n: any) => n.kind === 'reply')).to.have.length(0);

    // An edited reply, approved, is sent once with exactly the approved text.
    await command(h, `support draft ${t.id} Hello, please check your spam folder.`);
    const edited = (await pendingSteps(h)).find((p) => p.step.tool === 'ticketing.reply')!;
    // One click sends: the step records its way back (a correction), so no typed acknowledgement is needed.
    await h.api('POST', `/api/approvals/${edited.approval.id}/votes`, { decision: 'approve' }, 'helpdesk');
    await h.settle();
    notes = (await h.api('GET', `/api/tickets/${t.id}`)).body.notes;
    const sent = notes.filter((n: any) => n.kind === 'reply');
    expect(sent.map((n: any) => n.text)).to.deep.equal(['Hello, please check your spam folder.']);
  });

  it('files tickets from chat: the support command and a message in an intake channel', async () => {
    h = await startHarness({ env: { SUPPORT_INTAKE_CHANNELS: 'console:ops' } });
    await command(h, 'support ticket "Invoices page shows a blank screen" for all users', 'operator');
    const res = await h.api('POST', '/api/commands', { text: 'The export button does nothing' }, 'alice');
    expect(res.body.replies.map((m: any) => m.text).join(' ')).to.match(/Ticket T-\d+ filed/);
    await h.settle();
    const tickets = (await h.api('GET', '/api/tickets')).body.tickets;
    const titles = tickets.map((t: any) => t.title);
    expect(titles).to.include('Invoices page shows a blank screen for all users');
    expect(titles).to.include('The export button does nothing');
    expect(tickets.find((t: any) => t.title.startsWith('The export')).reporter).to.equal('console:alice');
    const feed = JSON.stringify(await messages(h));
    expect(feed).to.include('support.find_duplicates');
  });

  it('groups a burst: the third report of one problem within minutes joins the first thread instead of paging', async () => {
    h = await startHarness();
    const at = (s: number) => new Date(Date.UTC(2026, 10, 26, 9, 0, s)).toISOString();
    const reports = [0, 20, 40, 50].map((s, i) =>
      ticketBody(
        `BURST-${i + 1}`,
        'Cart is empty after refresh',
        `Items disappear from my cart when I reload. #${i}`,
        {
          createdAt: at(s),
        },
      ),
    );
    await h.api('POST', '/hooks/tickets', { tickets: reports });
    await h.settle();
    const incidents = (await h.api('GET', '/api/incidents')).body.incidents;
    expect(incidents, 'first two reports open threads, the rest are grouped').to.have.length(2);
    const tickets = (await h.api('GET', '/api/tickets')).body.tickets;
    const first = tickets.find((t: any) => t.externalId === 'BURST-1');
    for (const id of ['BURST-3', 'BURST-4']) {
      const t = tickets.find((x: any) => x.externalId === id);
      const notes = (await h.api('GET', `/api/tickets/${t.id}`)).body.notes;
      expect(notes.find((n: any) => n.kind === 'grouped').data.under).to.equal(first.id);
    }
    const audit = JSON.stringify((await h.api('GET', '/api/audit?after=0&limit=500')).body);
    expect(audit).to.include(`burst duplicate of ${first.id}`);
  });

  it('links a ticket to the open alert on its service that explains it', async () => {
    h = await startHarness();
    const { alertmanagerPayload } = await import('./harness.js');
    await h.api('POST', '/hooks/alertmanager', alertmanagerPayload('HighErrorRate', 'checkout-api'));
    await h.settle();
    const t = await fileTicket(
      h,
      ticketBody('HD-20', 'Checkout is broken', 'Error at payment', { service: 'checkout-api' }),
    );
    const steps = await stepsOf(h, t.incidentId);
    const linked = steps.find((s) => s.tool === 'support.link_alerts');
    expect(linked.result.summary).to.match(/likely explained by INC-\d+/);
    const detail = await h.api('GET', `/api/tickets/${t.id}`);
    expect(detail.body.links.map((l: any) => l.kind)).to.include('explained_by');
  });

  it('shows an alert that fired after the ticket in the ticket status', async () => {
    h = await startHarness();
    const t = await fileTicket(
      h,
      ticketBody('HD-21', 'Stock page slow', 'Takes ages', { service: 'inventory' }),
    );
    const { alertmanagerPayload } = await import('./harness.js');
    await h.api('POST', '/hooks/alertmanager', alertmanagerPayload('HighLatency', 'inventory'));
    await h.settle();
    await command(h, `support status ${t.id}`);
    const feed = (await messages(h)).map((m: any) => String(m.text));
    expect(feed.some((x) => x.includes(`${t.id} likely explained by INC-`))).to.equal(true);
  });
});
