/**
 * The support skill's wiring: ticket store, sources, ticketing backends, diagnostics and routes.
 * Part of the composition root (src/app.ts): it may import across modules.
 */
import { join } from 'node:path';
import { createJiraSource } from '../../adapters/sources/jira/index.js';
import { createTicketSource } from '../../adapters/sources/tickets/index.js';
import {
  createDiagnosticsTool,
  loadDiagnostics,
  serviceStatusChecks,
} from '../../adapters/tools/diagnostics/index.js';
import {
  createBuiltinTicketing,
  createGitHubTicketing,
  createJiraTicketing,
  createTicketingTools,
} from '../../adapters/tools/ticketing/index.js';
import {
  SupportDesk,
  createSupportPlanner,
  createSupportSkill,
  createSupportTools,
  indexRunbooks,
  loadRunbooks,
  piiPatterns,
  recordTickets,
  redactPii,
} from '../../skills/support/index.js';
import { SANDBOX_KINDS } from '../../adapters/tools/sandbox/index.js';
import { type AppConfig } from '../config/index.js';
import {
  WatchkeeperError,
  type Clock,
  type Store,
  type ChatEventSink,
  type Conversation,
  type Memory,
  type Planner,
  type ServiceContext,
  type SignalIntake,
  type SignalSource,
} from '../core/index.js';

/**
 * Tech support wiring: the ticket store and its ticketing systems (built-in, GitHub, Jira), the
 * diagnostics allow-list, the runbooks (indexed into memory at start), the support skill and its planner.
 */
export function supportWiring(o: {
  config: AppConfig;
  store: Store;
  memory: Memory;
  clock: Clock;
  services: ServiceContext;
  post: (conversation: Conversation, text: string) => Promise<void>;
  intake: () => SignalIntake;
  redact: <T>(value: T) => T;
}) {
  const raw = o.config.raw;
  const channel = (spec: string): Conversation => {
    const [platform = '', ...rest] = spec.trim().split(':');
    return { platform, channel: rest.join(':') };
  };
  const pii = piiPatterns(raw.SUPPORT_PII ?? '');
  if (pii.unknown.length > 0)
    throw new WatchkeeperError('CONFIG_INVALID', `SUPPORT_PII: unknown pattern(s) ${pii.unknown.join(', ')}`);
  const builtin = createBuiltinTicketing(o.store.tickets, o.clock);
  const external = [
    ...(raw.GITHUB_TOKEN === undefined
      ? []
      : [
          createGitHubTicketing({
            token: raw.GITHUB_TOKEN,
            ...(raw.GITHUB_API_URL === undefined ? {} : { apiUrl: raw.GITHUB_API_URL }),
          }),
        ]),
    ...(raw.JIRA_BASE_URL === undefined || raw.JIRA_EMAIL === undefined || raw.JIRA_API_TOKEN === undefined
      ? []
      : [
          createJiraTicketing({
            baseUrl: raw.JIRA_BASE_URL,
            email: raw.JIRA_EMAIL,
            apiToken: raw.JIRA_API_TOKEN,
            doneTransition: raw.JIRA_DONE_TRANSITION,
          }),
        ]),
  ];
  const sandboxServices = o.store.sandbox.list<{ name: string }>(SANDBOX_KINDS.service).map((s) => s.name);
  const checks = [
    ...serviceStatusChecks(sandboxServices),
    ...(raw.SUPPORT_DIAGNOSTICS === undefined ? [] : loadDiagnostics(raw.SUPPORT_DIAGNOSTICS)),
  ];
  const runbooks = loadRunbooks(raw.SUPPORT_KB_DIR ?? join(process.cwd(), 'data', 'kb'));
  indexRunbooks(o.memory, runbooks);
  const desk = new SupportDesk({
    tickets: o.store.tickets,
    memory: o.memory,
    incidents: o.store.incidents,
    runbooks,
    clock: o.clock,
    services: o.services,
    logs: (service) => o.store.sandbox.get<{ logs?: string[] }>(SANDBOX_KINDS.service, service)?.logs ?? [],
    ticketing: (t) => external.find((a) => a.handles(t)) ?? builtin,
    post: o.post,
    ...(raw.SUPPORT_ESCALATION_CHANNEL === undefined
      ? {}
      : { escalationChannel: channel(raw.SUPPORT_ESCALATION_CHANNEL) }),
    alertWindowMs: raw.SUPPORT_ALERT_WINDOW_MS,
  });
  const tools = [
    ...createSupportTools(desk, o.intake),
    ...createTicketingTools({ tickets: o.store.tickets, adapters: external, clock: o.clock }),
    createDiagnosticsTool({ checks, services: o.services, tickets: o.store.tickets, clock: o.clock }),
  ];
  const intakeChannels = new Set(
    (raw.SUPPORT_INTAKE_CHANNELS ?? '')
      .split(',')
      .filter((c) => c.trim() !== '')
      .map((c) => c.trim()),
  );
  return {
    desk,
    skill: createSupportSkill({ tools, desk }),
    /** Ticket sources record what they parse in the ticket store (see `recordTickets`). */
    sources: [createTicketSource({ clock: o.clock }), createJiraSource({ clock: o.clock })].map((s) =>
      recordTickets(s, desk, o.redact),
    ),
    recording: (source: SignalSource): SignalSource => recordTickets(source, desk, o.redact),
    planner: (fallback: Planner): Planner => createSupportPlanner({ desk, fallback, checks }),
    redactPii: <T>(v: T): T => redactPii(v, pii.patterns),
    /** Messages (not commands) in a support intake channel become tickets; everything else as before. */
    intakeSink:
      (next: ChatEventSink, intake: SignalIntake): ChatEventSink =>
      async (event) => {
        const where = `${event.conversation.platform}:${event.conversation.channel}`;
        if (event.kind !== 'message' || !intakeChannels.has(where) || event.text.trim() === '')
          return next(event);
        const text = event.text.trim();
        intake.ingest('tickets', {
          system: 'chat',
          id: `${where}:${event.id}`.slice(0, 200),
          title: (text.split('\n')[0] ?? text).slice(0, 300),
          body: text.slice(0, 20_000),
          reporter: event.principal,
        });
        const ticket = o.store.tickets.byExternal('chat', `${where}:${event.id}`.slice(0, 200));
        return [{ text: `Ticket ${ticket?.id ?? ''} filed from your message; it is being triaged.` }];
      },
  };
}
