import type { Harness } from './harness.js';

/** A generic ticket webhook body (adapters/sources/tickets README). */
export function ticketBody(
  id: string,
  title: string,
  body: string,
  extra: Record<string, unknown> = {},
): unknown {
  return { id, title, body, reporter: `${id.toLowerCase()}@example.com`, ...extra };
}

/** Posts a ticket, waits for its plan to run, and returns its local record. */
export async function fileTicket(h: Harness, payload: unknown): Promise<any> {
  const res = await h.api('POST', '/hooks/tickets', payload);
  if (res.status !== 202) throw new Error(`ticket refused: ${res.status} ${JSON.stringify(res.body)}`);
  await h.settle();
  const list = await h.api('GET', '/api/tickets?limit=500');
  const id = (payload as { id: string }).id;
  return list.body.tickets.find((t: any) => t.externalId === id);
}

/** Every step of every run of an incident, in order. */
export async function stepsOf(h: Harness, incidentId: string): Promise<any[]> {
  const detail = await h.api('GET', `/api/incidents/${incidentId}`);
  return detail.body.runs.flatMap((r: any) => r.steps);
}

/** Pending approvals with the step each one gates. */
export async function pendingSteps(h: Harness): Promise<{ approval: any; step: any }[]> {
  const res = await h.api('GET', '/api/approvals?status=pending');
  return (res.body.approvals ?? res.body).map((approval: any) => ({
    approval,
    step: h.app.store.runs.getStep(approval.stepId),
  }));
}

/** Runs a console command as `user` and waits for the work it started. */
export async function command(h: Harness, text: string, user = 'helpdesk'): Promise<string> {
  const r = await h.api('POST', '/api/commands', { text: `!wk ${text}` }, user);
  await h.settle();
  return (r.body?.replies ?? []).map((m: any) => m.text).join('\n');
}

export async function messages(h: Harness): Promise<any[]> {
  return (await h.api('GET', '/api/messages')).body.messages;
}
