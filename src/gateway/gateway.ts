import {
  WatchkeeperError,
  toWatchkeeperError,
  type Approval,
  type ApprovalService,
  type AuditLog,
  type ChatEvent,
  type ExtraChatCommand,
  type IdentityResolver,
  type IncidentRepository,
  type Logger,
  type Memory,
  type Metrics,
  type Orchestrator,
  type OutgoingMessage,
  type Plan,
  type Planner,
  type Principal,
  type RunRepository,
  type SecondFactor,
  type ServiceContext,
  type Skill,
  type SubscriptionRepository,
} from '../core/index.js';
import { candidateNames, chatPlanContext, SCRATCH_KEYS } from './chat-plan-context.js';
import { parseCommand, type ParsedCommand } from './command-parser.js';
import { helpText } from './help-text.js';
import { compact, incidentText } from './messages.js';
import type { Notifier } from './notifier.js';
import type { RateLimiter } from './rate-limiter.js';
import type { TokenBucketLimiter } from './token-bucket-limiter.js';
import { parseSubscriptionFilter } from './subscription-filter.js';

export interface GatewayOptions {
  readonly skills: readonly Skill[];
  readonly planner: Planner;
  readonly orchestrator: Orchestrator;
  readonly pendingApprovals: () => readonly Approval[];
  readonly approvals: ApprovalService;
  readonly identities: IdentityResolver;
  readonly incidents: IncidentRepository;
  readonly runs: RunRepository;
  readonly subscriptions: SubscriptionRepository;
  readonly notifier: Notifier;
  readonly audit: AuditLog;
  readonly metrics: Metrics;
  readonly limiter: RateLimiter;
  readonly logger: Logger;
  readonly now: () => string;
  /** Applied to every reply: secrets never reach chat. */
  readonly redact: <T>(value: T) => T;
  /** A language model is configured: `ask` plans free text instead of saying it cannot. */
  readonly languageModel?: boolean;
  /** Keeps each conversation's scratchpad (see {@link SCRATCH_KEYS}) and hands it to the planner. */
  readonly memory?: Memory;
  /** Service map and recent changes of the services a command names, for the planner. */
  readonly services?: ServiceContext;
  /** Top-level commands the composition root adds (`drill`, `retro`), checked before skills. */
  readonly extraCommands?: Readonly<Record<string, ExtraChatCommand>>;
  /** Help lines for them, without the prefix, e.g. `retro <incident> — draft a post-incident retro`. */
  readonly extraHelp?: readonly string[];
  /** Persisted per-principal and per-channel token buckets (flood control). */
  readonly flood?: TokenBucketLimiter;
  /** TOTP enrolment for `2fa enrol` (answered privately). */
  readonly secondFactor?: SecondFactor;
}

/** Platforms whose replies can reach the caller alone (Slack/Discord ephemeral, the console's response). */
const PRIVATE_REPLY_PLATFORMS: ReadonlySet<string> = new Set(['slack', 'discord', 'console']);

/** ChatEvent intake: identity, rate limits, the shared command grammar, routing to skills and approvals. */
export class Gateway {
  constructor(private readonly o: GatewayOptions) {}

  /** The `ChatEventSink` every adapter is started with. */
  readonly sink = async (event: ChatEvent): Promise<readonly OutgoingMessage[]> => {
    const started = performance.now();
    const replies = this.o.redact(await this.handle(event));
    if (event.kind === 'command') this.o.metrics.commandReply?.((performance.now() - started) / 1000);
    return replies;
  };

  private async handle(event: ChatEvent): Promise<readonly OutgoingMessage[]> {
    const principal = this.o.identities.resolve(event.principal, event.displayName);
    try {
      if (!this.o.limiter.take(principal.id)) {
        throw new WatchkeeperError('RATE_LIMITED', 'slow down: too many commands in the last minute');
      }
      if (event.kind === 'command' || event.kind === 'approval') {
        const flood = this.o.flood?.take(principal.id, event.conversation);
        if (flood !== undefined && !flood.ok) {
          return [{ text: flood.message, ephemeral: true, error: { code: 'RATE_LIMITED' } }];
        }
      }
      switch (event.kind) {
        case 'command':
          this.o.audit.append({
            kind: 'command',
            actor: principal.id,
            data: {
              platform: event.platform,
              conversation: event.conversation,
              // A TOTP code is single-use, but it is still kept out of the ledger.
              text: event.text.replace(/\b\d{6}\b/g, '******'),
            },
          });
          return await this.command(parseCommand(event.text), principal, event);
        case 'approval':
          return await this.vote(
            principal,
            event.approvalId,
            event.decision,
            event.token,
            event.secondFactor,
          );
        default:
          return []; // free messages and reactions are not commands; skills that read them come later
      }
    } catch (err) {
      const e = toWatchkeeperError(err);
      this.o.metrics.failure?.(e.code, this.o.redact(`${event.kind}: ${e.message}`));
      if (e.code === 'INTERNAL')
        this.o.logger.error('command failed', { error: e.message, event: event.kind });
      return [
        {
          text: e.code === 'INTERNAL' ? 'Something went wrong; the error was logged.' : e.message,
          ephemeral: true,
          error: { code: e.code },
        },
      ];
    }
  }

  private async command(
    cmd: ParsedCommand,
    principal: Principal,
    event: ChatEvent,
  ): Promise<readonly OutgoingMessage[]> {
    const reply = (text: string, ephemeral = false): OutgoingMessage[] => [{ text, ephemeral }];
    const prefix = event.platform === 'slack' || event.platform === 'discord' ? '/wk' : '!wk';
    switch (cmd.verb) {
      case 'help':
        return reply(
          [
            helpText(this.o.skills, prefix, cmd.topic),
            ...(cmd.topic === undefined ? (this.o.extraHelp ?? []).map((l) => `  ${prefix} ${l}`) : []),
          ].join('\n'),
          true,
        );
      case 'whoami':
        return reply(
          `You are ${principal.id} (${principal.displayName}); roles: ${principal.roles.length === 0 ? 'none' : principal.roles.join(', ')}`,
          true,
        );
      case 'incidents': {
        const list = this.o.incidents.list({
          ...(cmd.status === 'all' ? {} : { status: cmd.status ?? 'open' }),
          limit: 20,
        });
        return reply(
          list.length === 0 ? `No ${cmd.status ?? 'open'} incidents.` : list.map(incidentText).join('\n'),
        );
      }
      case 'incident': {
        const incident = this.o.incidents.get(cmd.id);
        if (incident === undefined) throw new WatchkeeperError('NOT_FOUND', `no incident ${cmd.id}`);
        this.o.memory?.scratchpad(event.conversation).set(SCRATCH_KEYS.lastIncident, incident.id);
        const runs = this.o.runs.listByIncident(incident.id);
        const steps = runs.flatMap((r) =>
          r.steps.map(
            (s) =>
              `  ${s.index + 1}. ${s.tool} ${compact(s.input)} — ${s.state}${s.risk === null ? '' : ` [${s.risk}]`}${s.approvalId === null ? '' : ` approval ${s.approvalId}`}`,
          ),
        );
        return reply([incidentText(incident), ...steps].join('\n'));
      }
      case 'approvals': {
        const pending = this.o.pendingApprovals();
        const lines = pending.map((a) => {
          const step = this.o.runs.getStep(a.stepId);
          return `• ${a.id} ${step?.tool ?? '?'} ${compact(step?.input)} — requested by ${a.requester}, expires ${a.expiresAt}`;
        });
        return reply(lines.length === 0 ? 'No pending approvals.' : lines.join('\n'));
      }
      case 'approve':
      case 'reject':
        return this.vote(
          principal,
          cmd.id,
          cmd.verb,
          undefined,
          cmd.code,
          cmd.acknowledgeIrreversible === true,
        );
      case '2fa':
        return this.twoFactor(cmd.action, principal, event);
      case 'subscribe': {
        parseSubscriptionFilter(cmd.filter); // refuse a bad filter before storing it
        const sub = this.o.subscriptions.add({
          conversation: { platform: event.conversation.platform, channel: event.conversation.channel },
          filter: cmd.filter,
          createdBy: principal.id,
          at: this.o.now(),
        });
        return reply(
          `Subscribed this channel to incidents matching: ${sub.filter === '' ? 'everything' : sub.filter}`,
        );
      }
      case 'unsubscribe': {
        const n = this.o.subscriptions.remove(event.conversation);
        return reply(
          n === 0 ? 'This channel had no subscriptions.' : `Removed ${n} subscription${n === 1 ? '' : 's'}.`,
        );
      }
      case 'subscriptions': {
        const subs = this.o.subscriptions.forChannel(event.conversation.platform, event.conversation.channel);
        return reply(
          subs.length === 0
            ? 'No subscriptions here.'
            : subs
                .map((s) => `• ${s.filter === '' ? 'everything' : s.filter} (by ${s.createdBy})`)
                .join('\n'),
        );
      }
      case 'ask':
        if (this.o.languageModel === true) return this.ask(cmd.text, principal, event);
        return reply(
          'Free-text planning needs a language model, and none is configured (set OPENAI_API_KEY). Skill commands work without one: try help.',
          true,
        );
      case 'skill':
        return this.skillCommand(cmd.skill, cmd.command, cmd.args, principal, event);
    }
  }

  private async skillCommand(
    name: string,
    command: string,
    args: readonly string[],
    principal: Principal,
    event: ChatEvent,
  ): Promise<readonly OutgoingMessage[]> {
    const extra = this.o.extraCommands?.[name];
    if (extra !== undefined) return extra([command, ...args], principal, event);
    const skill = this.o.skills.find((s) => s.id === name || (s.aliases ?? []).includes(name));
    if (skill === undefined)
      throw new WatchkeeperError('COMMAND_UNKNOWN', `unknown command "${name}"; try help`);
    const spec = skill.commands.find((c) => c.name === command);
    if (spec === undefined)
      throw new WatchkeeperError('COMMAND_UNKNOWN', `${name} has no command "${command}"; try help ${name}`);
    if (args.length < spec.minArgs)
      throw new WatchkeeperError('COMMAND_INVALID', `usage: ${name} ${spec.name} ${spec.usage}`);
    const text = `${name} ${command} ${args.join(' ')}`.trim();
    const plan = await this.o.planner.plan(
      { skill: skill.id, domain: skill.domain, text, command: { name: command, args } },
      chatPlanContext(this.o, event.conversation, args, text),
    );
    return this.run(plan, principal, skill, event);
  }

  /** Starts a chat-requested plan; its messages go back to the conversation it came from. */
  private async run(
    plan: Plan,
    principal: Principal,
    skill: Skill,
    event: ChatEvent,
  ): Promise<readonly OutgoingMessage[]> {
    if (plan.steps.length === 0) return [{ text: `Nothing to do: ${plan.goal}` }];
    await this.o.orchestrator.start(plan, {
      kind: 'command',
      principal: principal.id,
      skill: skill.id,
      domain: skill.domain,
      conversation: event.conversation,
    });
    return [];
  }

  /**
   * `ask <text>`: plans the question like a skill command without a playbook. The skill is the one the
   * text names (id, alias or domain as a word), else the first skill; the policy gates the plan as usual.
   */
  private async ask(
    text: string,
    principal: Principal,
    event: ChatEvent,
  ): Promise<readonly OutgoingMessage[]> {
    const words = new Set(text.toLowerCase().split(/[^a-z0-9_-]+/));
    const skill =
      this.o.skills.find((s) => [s.id, s.domain, ...(s.aliases ?? [])].some((n) => words.has(n))) ??
      this.o.skills[0];
    if (skill === undefined)
      throw new WatchkeeperError('COMMAND_UNKNOWN', 'no skill is installed to plan with');
    const plan = await this.o.planner.plan(
      { skill: skill.id, domain: skill.domain, text },
      chatPlanContext(this.o, event.conversation, candidateNames(text), `ask ${text}`),
    );
    return this.run(plan, principal, skill, event);
  }

  /**
   * `2fa enrol` answers with the otpauth URI and secret to the caller only; on a platform that cannot
   * reply privately it refuses rather than post a secret into a room.
   */
  private twoFactor(
    action: 'enrol' | 'status',
    principal: Principal,
    event: ChatEvent,
  ): readonly OutgoingMessage[] {
    const sf = this.o.secondFactor;
    if (sf === undefined)
      throw new WatchkeeperError('COMMAND_UNKNOWN', 'second factors are not configured on this Watchkeeper');
    if (action === 'status')
      return [
        {
          text: sf.enrolled(principal.id)
            ? `${principal.id} has a TOTP authenticator enrolled.`
            : `${principal.id} has no TOTP authenticator; run 2fa enrol privately.`,
          ephemeral: true,
        },
      ];
    if (!PRIVATE_REPLY_PLATFORMS.has(event.platform))
      throw new WatchkeeperError(
        'COMMAND_INVALID',
        `${event.platform} cannot answer privately here; enrol from the web console, Slack or Discord (the secret is never posted to a room)`,
      );
    const { secret, uri } = sf.enrol(principal.id);
    return [
      {
        text: `Add this to your authenticator app (shown only to you; it replaces any earlier enrolment):\n${uri}\nsecret: ${secret}\nThen approve with: approve <id> <6-digit code>`,
        ephemeral: true,
        private: true,
      },
    ];
  }

  private async vote(
    principal: Principal,
    approvalId: string,
    decision: 'approve' | 'reject',
    token?: string,
    secondFactor?: string,
    acknowledgeIrreversible = false,
  ): Promise<readonly OutgoingMessage[]> {
    const outcome = this.o.approvals.vote({
      approvalId,
      principal: principal.id,
      decision,
      ...(token === undefined ? {} : { token }),
      ...(secondFactor === undefined ? {} : { secondFactor }),
      ...(acknowledgeIrreversible ? { acknowledgeIrreversible } : {}),
    });
    await this.o.notifier.refreshApproval(approvalId);
    if (outcome.accepted) this.o.metrics.intervention?.(decision);
    if (outcome.decided) {
      this.o.metrics.approvalDecided(outcome.approval.status);
      await this.o.orchestrator.resume(outcome.approval.runId);
    }
    return [
      {
        text: outcome.message,
        ephemeral: !outcome.accepted,
        ...(outcome.accepted || outcome.reason === undefined
          ? {}
          : { error: { code: outcome.reason as WatchkeeperError['code'] } }),
      },
    ];
  }
}
