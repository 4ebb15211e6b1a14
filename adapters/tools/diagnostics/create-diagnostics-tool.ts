import { z } from 'zod';
import { WatchkeeperError } from '../../../src/core/index.js';
import type { Clock, ServiceContext, TicketRepository, Tool } from '../../../src/core/index.js';
import { type CheckOutcome, type DiagnosticCheck } from './diagnostic-checks.js';
import { runNetworkCheck } from './run-network-check.js';

export interface DiagnosticsToolOptions {
  /** The allow-list (see `diagnosticCheckSchema`). */
  readonly checks: readonly DiagnosticCheck[];
  readonly services?: ServiceContext;
  readonly tickets: TicketRepository;
  readonly clock: Clock;
}

const input = z.object({
  check: z.string().trim().min(1).max(63),
  /** Where the result is attached, when the check runs for a ticket. */
  ticket: z.string().trim().min(1).max(200).optional(),
});
export type DiagnosticsInput = z.infer<typeof input>;

/**
 * `diagnostics.run` (low, read-only): runs one allow-listed check by name with its own timeout and
 * bounded output, and attaches the result to the ticket. What it finds (a 500, a closed port, a timeout)
 * is the result, so the step succeeds and the plan goes on; an unknown check name fails the step.
 */
export function createDiagnosticsTool(o: DiagnosticsToolOptions): Tool<DiagnosticsInput> {
  const byName = new Map(o.checks.map((c) => [c.name, c]));
  const mustGet = (name: string): DiagnosticCheck => {
    const c = byName.get(name);
    if (c === undefined)
      throw new WatchkeeperError('VALIDATION_FAILED', `"${name}" is not an allow-listed diagnostic`, {
        allowed: [...byName.keys()],
      });
    return c;
  };
  return {
    name: 'diagnostics.run',
    description: `Run an allow-listed read-only diagnostic (HTTP, DNS, TLS expiry, port, service status) by name: ${[...byName.keys()].join(', ') || 'none configured'}.`,
    input,
    risk: 'low',
    reversible: false,
    scope: 'diagnostics:read',
    target: (i) => {
      const c = byName.get(i.check);
      const service = c?.type === 'service' ? c.service : c?.services[0];
      return { environment: 'support', asset: i.check, ...(service === undefined ? {} : { service }) };
    },
    run: async (i, ctx) => {
      const check = mustGet(i.check);
      const ticket = i.ticket === undefined ? undefined : o.tickets.find(i.ticket);
      const timeout = AbortSignal.timeout(check.timeoutMs);
      const signal = AbortSignal.any([ctx.signal, timeout]);
      let outcome: CheckOutcome;
      try {
        outcome =
          check.type === 'service'
            ? serviceCheck(check, o.services)
            : await runNetworkCheck(check, signal, o.clock);
      } catch (err) {
        if (!timeout.aborted) throw err;
        outcome = {
          ok: false,
          summary: `${check.name} timed out after ${check.timeoutMs} ms`,
          detail: { timedOut: true, timeoutMs: check.timeoutMs },
        };
      }
      const summary = `${outcome.ok ? '🟢' : '🔴'} ${check.name}: ${outcome.summary}`;
      if (ticket !== undefined) {
        o.tickets.addNote({
          ticketId: ticket.id,
          kind: 'diagnostic',
          text: summary,
          data: { check: check.name, type: check.type, passed: outcome.ok, ...outcome.detail },
          by: 'watchkeeper',
          at: o.clock.now().toISOString(),
        });
      }
      return {
        ok: true,
        summary,
        data: { check: check.name, type: check.type, passed: outcome.ok, ...outcome.detail },
      };
    },
  };
}

function serviceCheck(
  check: Extract<DiagnosticCheck, { type: 'service' }>,
  services: ServiceContext | undefined,
): CheckOutcome {
  const facts = services?.about(check.service);
  if (facts === undefined)
    return { ok: false, summary: `service ${check.service} is unknown to the service map`, detail: {} };
  const healthy = facts.status === undefined || ['healthy', 'ok', 'up'].includes(facts.status);
  return {
    ok: healthy,
    summary: `${check.service} ${facts.version ?? ''} is ${facts.status ?? 'unknown'}; last deploy ${facts.recentDeploys[0]?.version ?? 'n/a'} (${facts.recentDeploys[0]?.status ?? 'n/a'})`,
    detail: {
      status: facts.status ?? null,
      version: facts.version ?? null,
      lastDeploy: facts.recentDeploys[0] ?? null,
    },
  };
}
