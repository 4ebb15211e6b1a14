import type {
  ApprovalService,
  Conversation,
  Incident,
  IncidentRepository,
  Logger,
  MessageLinkRepository,
  RunObserver,
  RunRecord,
  RunRepository,
  StepRecord,
  SubscriptionRepository,
} from '../core/index.js';
import type { ChatRouter } from './chat-router.js';
import { approvalPrompt, approvalText, incidentText, planText, stepOutcomeText } from './messages.js';
import { parseSubscriptionFilter } from './subscription-filter.js';

export interface NotifierOptions {
  readonly chat: ChatRouter;
  readonly links: MessageLinkRepository;
  readonly subscriptions: SubscriptionRepository;
  readonly incidents: IncidentRepository;
  readonly runs: RunRepository;
  readonly approvals: ApprovalService;
  readonly logger: Logger;
  readonly now: () => string;
  /**
   * Least time between two edits of one incident's message for counter changes; default 10 s (Slack
   * allows about one edit per message per 10 s in a storm). A status change is shown at once.
   */
  readonly updateIntervalMs?: number;
}

/**
 * Turns domain changes into chat messages: one message per incident per subscribed channel (updated
 * in place), plans, approval prompts and outcomes in the incident's thread or the command's conversation.
 */
export class Notifier implements RunObserver {
  private readonly pendingUpdates = new Set<string>();
  /** The status each incident's messages show, so a status change is never held back. */
  private readonly shownStatus = new Map<string, Incident['status']>();
  private readonly flushing = new Set<Promise<void>>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly o: NotifierOptions) {}

  async incidentOpened(incident: Incident): Promise<void> {
    for (const sub of this.o.subscriptions.list()) {
      let matches: boolean;
      try {
        matches = parseSubscriptionFilter(sub.filter)(incident);
      } catch {
        matches = false; // stored filters were validated; a later grammar change must not break delivery
      }
      if (!matches) continue;
      const conversation: Conversation = {
        platform: sub.conversation.platform,
        channel: sub.conversation.channel,
      };
      const ref = await this.o.chat.post(conversation, {
        text: incidentText(incident),
        incidentId: incident.id,
      });
      if (ref !== undefined) this.o.links.link(`incident:${incident.id}`, ref);
    }
  }

  /**
   * Shows the incident's new state in every message that shows it. Coalesced per incident: an alert
   * storm folds thousands of signals into one group, and chat platforms rate-limit message edits.
   */
  incidentChanged(incident: Incident): void {
    if (incident.status !== (this.shownStatus.get(incident.id) ?? 'open')) {
      this.track(this.flushIncident(incident.id));
      return;
    }
    if (this.pendingUpdates.has(incident.id)) return;
    this.pendingUpdates.add(incident.id);
    const timer = setTimeout(
      () => this.track(this.flushIncident(incident.id)),
      this.o.updateIntervalMs ?? 10_000,
    );
    timer.unref();
    this.timers.set(incident.id, timer);
  }

  private track(work: Promise<void>): void {
    const tracked = work
      .catch((err: unknown) => this.o.logger.error('incident update failed', { error: String(err) }))
      .finally(() => this.flushing.delete(tracked));
    this.flushing.add(tracked);
  }

  /** Sends every coalesced incident update now (before shutdown, and when tests settle). */
  async flushIncidentUpdates(): Promise<void> {
    for (const id of [...this.pendingUpdates]) await this.flushIncident(id);
    await Promise.all([...this.flushing]);
  }

  private async flushIncident(incidentId: string): Promise<void> {
    clearTimeout(this.timers.get(incidentId));
    this.timers.delete(incidentId);
    this.pendingUpdates.delete(incidentId);
    const incident = this.o.incidents.get(incidentId); // the latest state, not the one that scheduled it
    if (incident !== undefined) await this.showIncident(incident);
  }

  private async showIncident(incident: Incident): Promise<void> {
    if (incident.status === 'resolved') this.shownStatus.delete(incident.id);
    else this.shownStatus.set(incident.id, incident.status);
    for (const ref of this.o.links.find(`incident:${incident.id}`)) {
      await this.o.chat.update(ref, { text: incidentText(incident), incidentId: incident.id });
    }
  }

  /** Posts a line into every thread that shows the incident. */
  async incidentNote(incidentId: string, text: string): Promise<void> {
    for (const ref of this.o.links.find(`incident:${incidentId}`)) {
      await this.o.chat.post(
        { platform: ref.platform, channel: ref.conversation.channel, thread: ref.id },
        { text, incidentId },
      );
    }
  }

  /** Where a run's messages go: the command's conversation, or each thread of its incident. */
  conversations(run: RunRecord): Conversation[] {
    if (run.origin.conversation !== undefined) return [run.origin.conversation];
    if (run.origin.incidentId === undefined) return [];
    return this.o.links
      .find(`incident:${run.origin.incidentId}`)
      .map((ref) => ({ platform: ref.platform, channel: ref.conversation.channel, thread: ref.id }));
  }

  async onRunStarted(run: RunRecord): Promise<void> {
    await this.postAll(run, planText(run), run.origin.incidentId);
  }

  async onStepChanged(run: RunRecord, step: StepRecord): Promise<void> {
    if (step.state === 'awaiting_approval' && step.approvalId !== null) {
      const approval = this.o.approvals.status(step.approvalId);
      if (approval === undefined) return;
      const prompt = approvalPrompt(approval, step, run, this.o.approvals.tokenFor(approval));
      for (const c of this.conversations(run)) {
        const ref = await this.o.chat.post(c, {
          text: approvalText(prompt),
          approval: prompt,
          ...incidentOf(run),
        });
        if (ref !== undefined) this.o.links.link(`approval:${approval.id}`, ref);
      }
      return;
    }
    if (step.approvalId !== null) await this.refreshApproval(step.approvalId);
    if (['succeeded', 'failed', 'rejected', 'expired', 'unknown'].includes(step.state)) {
      await this.postAll(run, stepOutcomeText(run, step), run.origin.incidentId);
    }
  }

  async onRunFinished(run: RunRecord): Promise<void> {
    const incidentId = run.origin.incidentId;
    if (incidentId === undefined || run.status !== 'succeeded') return;
    const acted = run.steps.some((s) => s.state === 'succeeded' && s.risk !== null && s.risk !== 'low');
    const incident = this.o.incidents.get(incidentId);
    if (acted && incident?.status === 'open') {
      await this.showIncident(this.o.incidents.setStatus(incidentId, 'mitigated', this.o.now()));
    }
  }

  /** Re-renders every message that shows this approval (after each vote, decision or expiry). */
  async refreshApproval(approvalId: string): Promise<void> {
    const approval = this.o.approvals.status(approvalId);
    if (approval === undefined) return;
    const step = this.o.runs.getStep(approval.stepId);
    const run = step === undefined ? undefined : this.o.runs.get(step.runId);
    if (step === undefined || run === undefined) return;
    const prompt = approvalPrompt(approval, step, run, this.o.approvals.tokenFor(approval));
    for (const ref of this.o.links.find(`approval:${approvalId}`)) {
      await this.o.chat.update(ref, { text: approvalText(prompt), approval: prompt, ...incidentOf(run) });
    }
  }

  private async postAll(run: RunRecord, text: string, incidentId: string | undefined): Promise<void> {
    for (const c of this.conversations(run)) {
      await this.o.chat.post(c, { text, ...(incidentId === undefined ? {} : { incidentId }) });
    }
  }
}

function incidentOf(run: RunRecord): { incidentId?: string } {
  return run.origin.incidentId === undefined ? {} : { incidentId: run.origin.incidentId };
}
