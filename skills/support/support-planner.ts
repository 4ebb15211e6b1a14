import { WatchkeeperError } from '../../src/core/index.js';
import type { Goal, Plan, PlanContext, Planner, Signal, Step, Ticket } from '../../src/core/index.js';
import { escalationDecision } from './escalation-rule.js';
import type { SupportDesk } from './support-desk.js';

export const SUPPORT_SKILL_ID = 'support';
export const SUPPORT_PLANNER_ID = 'support';

export interface SupportPlannerOptions {
  readonly desk: SupportDesk;
  /** Plans every other skill (and support goals this planner has no answer for, such as `ask`). */
  readonly fallback: Planner;
  /** Allow-listed diagnostics by name, with the services each is about. */
  readonly checks: readonly { readonly name: string; readonly services: readonly string[] }[];
  /** At most this many diagnostics run for one ticket on its own. */
  readonly maxChecks?: number;
}

/**
 * The support skill's deterministic planner. Ticket text never chooses a tool: steps come from the
 * ticket's structured fields (service, priority) and from what memory finds, so an instruction written
 * into a ticket body changes nothing that runs. Every other goal goes to the fallback planner.
 */
export function createSupportPlanner(o: SupportPlannerOptions): Planner {
  const { desk } = o;
  const find = (ref: string | undefined): Ticket => {
    const t = ref === undefined ? undefined : desk.o.tickets.find(ref);
    if (t === undefined)
      throw new WatchkeeperError('NOT_FOUND', `no ticket ${ref ?? ''}; try: support status`);
    return t;
  };
  const checksFor = (t: Ticket): string[] =>
    t.service === undefined
      ? []
      : o.checks
          .filter((c) => c.services.includes(t.service ?? ''))
          .map((c) => c.name)
          .slice(0, o.maxChecks ?? 3);
  const linkStep = (t: Ticket): Step[] => {
    const best = desk.duplicates(t, 1)[0];
    if (best === undefined || best.score < desk.linkThreshold) return [];
    return [
      {
        tool: 'ticketing.link',
        input: {
          ticket: t.id,
          other: best.ticket.id,
          kind: 'duplicate_of',
          score: best.score,
          reason: best.reasons.join('; '),
        },
        rationale: `${t.id} looks like a duplicate of ${best.ticket.id} (score ${best.score}: ${best.reasons.join('; ')}); confirm to link them.`,
      },
    ];
  };
  const plan = (goal: Goal, steps: Step[], playbook: string): Plan => ({
    goal: goal.text,
    planner: SUPPORT_PLANNER_ID,
    playbook,
    steps,
    prompt: {
      goal: { skill: goal.skill, text: goal.text, ...(goal.command ? { command: goal.command } : {}) },
    },
  });

  function forTicket(goal: Goal, context: PlanContext, signal: Signal): Plan {
    const t = desk.o.tickets.byExternal(
      signal.labels['ticket_source'] ?? '',
      signal.labels['ticket_id'] ?? '',
    );
    if (t === undefined) return plan(goal, [], 'support.new-ticket');
    const rule = escalationDecision({ title: t.title, body: t.body, priority: t.priority });
    const steps: Step[] = [
      {
        tool: 'support.link_alerts',
        input: { ticket: t.id, ...(context.incident === undefined ? {} : { incident: context.incident.id }) },
        rationale: `Record ${t.id}'s thread and check for open alerts on ${t.service ?? 'its service'}.`,
      },
      {
        tool: 'support.find_duplicates',
        input: { ticket: t.id, k: 5 },
        rationale: `Look for open and past tickets like ${t.id}.`,
      },
      {
        tool: 'support.propose_resolution',
        input: { ticket: t.id },
        rationale: 'Find how similar tickets were fixed and matching runbooks.',
      },
      ...checksFor(t).map((check) => ({
        tool: 'diagnostics.run',
        input: { check, ticket: t.id },
        rationale: `Run the ${check} diagnostic for ${t.service ?? ''} and attach the result.`,
      })),
      {
        tool: 'support.draft_reply',
        input: { ticket: t.id },
        rationale: 'Draft a reply for an agent to edit and send.',
      },
      ...(rule.escalate
        ? [
            {
              tool: 'support.escalate',
              input: { ticket: t.id, reason: 'automatic' },
              rationale: `Escalate ${t.id}: ${rule.reasons.join(', ')}.`,
            },
          ]
        : []),
      ...linkStep(t),
    ];
    return plan(goal, steps, 'support.new-ticket');
  }

  function forCommand(goal: Goal, name: string, args: readonly string[]): Plan | undefined {
    const rest = (from: number): string => args.slice(from).join(' ').trim();
    switch (name) {
      case 'ticket': {
        const text = rest(0);
        return plan(
          goal,
          [
            {
              tool: 'support.open_ticket',
              input: { title: text.slice(0, 300), body: text },
              rationale: 'File the ticket from chat.',
            },
          ],
          'support.ticket',
        );
      }
      case 'status':
        return plan(
          goal,
          [
            {
              tool: 'support.ticket_status',
              input: args[0] === undefined ? {} : { ticket: find(args[0]).id },
              rationale: 'Show ticket status.',
            },
          ],
          'support.status',
        );
      case 'dupes': {
        const t = find(args[0]);
        return plan(
          goal,
          [
            {
              tool: 'support.find_duplicates',
              input: { ticket: t.id, k: 5 },
              rationale: `Look for tickets like ${t.id}.`,
            },
            ...linkStep(t),
          ],
          'support.dupes',
        );
      }
      case 'diagnose': {
        const t = find(args[0]);
        const named = args.slice(1);
        const checks = named.length > 0 ? named : checksFor(t);
        if (checks.length === 0)
          throw new WatchkeeperError(
            'COMMAND_INVALID',
            `no diagnostics are declared for ${t.service ?? 'this ticket'}; name one: support diagnose ${t.id} <check>`,
          );
        return plan(
          goal,
          checks.map((check) => ({
            tool: 'diagnostics.run',
            input: { check, ticket: t.id },
            rationale: `Run ${check} for ${t.id}.`,
          })),
          'support.diagnose',
        );
      }
      case 'draft': {
        const t = find(args[0]);
        const own = rest(1);
        const text = own !== '' ? own : undefined;
        const draft = text ?? desk.draftFor(t);
        return plan(
          goal,
          [
            {
              tool: 'support.draft_reply',
              input: { ticket: t.id, text: draft },
              rationale: `Show the reply to ${t.id} before it is sent.`,
            },
            {
              tool: 'ticketing.reply',
              input: { ticket: t.id, text: draft },
              rationale: `Send this reply to the requester of ${t.id} (only after a click).`,
              // A sent reply cannot be recalled; the recorded way back is a correction, so one click sends.
              rollbackPlan: `Send a correction to the requester of ${t.id} with /wk support draft ${t.id} <text>.`,
            },
          ],
          'support.draft',
        );
      }
      case 'escalate': {
        const t = find(args[0]);
        return plan(
          goal,
          [
            {
              tool: 'support.escalate',
              input: { ticket: t.id, reason: 'requested in chat' },
              rationale: `Escalate ${t.id} with a context pack.`,
            },
          ],
          'support.escalate',
        );
      }
      case 'link': {
        const t = find(args[0]);
        const other = find(args[1]);
        return plan(
          goal,
          [
            {
              tool: 'ticketing.link',
              input: { ticket: t.id, other: other.id, kind: 'duplicate_of' },
              rationale: `Link ${t.id} as a duplicate of ${other.id}.`,
            },
          ],
          'support.link',
        );
      }
      case 'close-dup': {
        const t = find(args[0]);
        const other = find(args[1]);
        return plan(
          goal,
          [
            {
              tool: 'ticketing.close',
              input: { ticket: t.id, duplicateOf: other.id },
              rationale: `Close ${t.id} as a duplicate of ${other.id}.`,
              rollbackPlan: `Reopen ${t.id} in its ticket system; its history and links are kept.`,
            },
          ],
          'support.close-dup',
        );
      }
      case 'resolve': {
        const t = find(args[0]);
        return plan(
          goal,
          [
            {
              tool: 'ticketing.close',
              input: { ticket: t.id, reason: rest(1) },
              rationale: `Close ${t.id} with its resolution.`,
              rollbackPlan: `Reopen ${t.id} in its ticket system; its history and links are kept.`,
            },
          ],
          'support.resolve',
        );
      }
      default:
        return undefined;
    }
  }

  return {
    id: `${SUPPORT_PLANNER_ID}+${o.fallback.id}`,
    async plan(goal, context, signal) {
      if (goal.skill === SUPPORT_SKILL_ID) {
        if (signal?.kind === 'ticket') return forTicket(goal, context, signal);
        if (goal.command !== undefined) {
          const p = forCommand(goal, goal.command.name, goal.command.args);
          if (p !== undefined) return p;
        }
      }
      return o.fallback.plan(goal, context, signal);
    },
  };
}
