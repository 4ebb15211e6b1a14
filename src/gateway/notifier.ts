import type {
  ApprovalService,
  Conversation,
  Incident,
  IncidentRepository,
  Logger,
  MessageLinkRepository,
  MessageRef,
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
   * Least time between two edits of one incident's messages, from the delivery of one to the next;
   * default 10 s (Slack allows about one edit per message per 10 s in a storm). Applies to status
   * changes too: the next allowed edit shows the latest state.
   */
  readonly updateIntervalMs?: number;
  /**
   * How long the plan and step lines of a command run whose thread the bot anchored wait, so that an
   * approval prompt can replace the anchor before anything else is posted into the paced channel;
   * default 1 s. They are posted at once when the prompt is shown or the run ends.
   */
  readonly holdMs?: number;
}

/** Lines of one anchored command run not posted yet. */
interface HeldLines {
  readonly run: RunRecord;
  readonly lines: { text: string; incidentId?: string }[];
  timer: NodeJS.Timeout | undefined;
}

/**
 * Turns domain changes into chat messages: one message per incident per subscribed channel (updated
 * in place), plans, approval prompts and outcomes in the incident's thread or the command's conversation.
 */
export class Notifier implements RunObserver {
  /** Incidents whose messages are behind their stored state (a change came while an edit waited or ran). */
  private readonly pendingUpdates = new Set<string>();
  /** When each incident's last edit was delivered (monotonic ms): the next one waits out the interval. */
  private readonly lastEdit = new Map<string, number>();
  /** Incidents with an edit on the wire; a change meanwhile is shown by the next allowed edit. */
  private readonly editing = new Set<string>();
  private readonly flushing = new Set<Promise<void>>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Plan and outcome lines of anchored command runs, by run id (see `holdMs`). */
  private readonly held = new Map<string, HeldLines>();

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
   * Shows the incident's new state in every message that shows it, at most one edit per incident per
   * `updateIntervalMs` (leading edge, then trailing): an alert storm folds thousands of signals into
   * one group and chat platforms allow about one edit per message per 10 s. Status changes are paced
   * like counters (a resolution too); the edit that follows shows the latest stored state.
   */
  incidentChanged(incident: Incident): void {
    this.requestEdit(incident.id);
  }

  private requestEdit(incidentId: string): void {
    this.pendingUpdates.add(incidentId);
    if (this.timers.has(incidentId) || this.editing.has(incidentId)) return;
    const last = this.lastEdit.get(incidentId);
    const wait = last === undefined ? 0 : last + this.interval() - performance.now();
    if (wait <= 0) {
      this.track(this.flushIncident(incidentId));
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(incidentId);
      this.track(this.flushIncident(incidentId));
    }, wait);
    timer.unref();
    this.timers.set(incidentId, timer);
  }

  private interval(): number {
    return this.o.updateIntervalMs ?? 10_000;
  }

  private track(work: Promise<void>): void {
    const tracked = work
      .catch((err: unknown) => this.o.logger.error('incident update failed', { error: String(err) }))
      .finally(() => this.flushing.delete(tracked));
    this.flushing.add(tracked);
  }

  /** Sends every coalesced incident update (and held run line) now (before shutdown, when tests settle). */
  async flushIncidentUpdates(): Promise<void> {
    for (const entry of [...this.held.values()]) this.track(this.release(entry.run));
    while (this.pendingUpdates.size > 0 || this.flushing.size > 0) {
      for (const id of [...this.pendingUpdates]) {
        if (this.editing.has(id)) continue; // shown again when its edit is done
        clearTimeout(this.timers.get(id));
        this.timers.delete(id);
        this.track(this.flushIncident(id));
      }
      await Promise.all([...this.flushing]);
    }
  }

  private async flushIncident(incidentId: string): Promise<void> {
    this.pendingUpdates.delete(incidentId);
    this.editing.add(incidentId);
    try {
      const incident = this.o.incidents.get(incidentId); // the latest state, not the one that asked
      if (incident !== undefined) await this.showIncident(incident);
    } finally {
      // measured from delivery, so two edits reach the platform at least the interval apart
      this.lastEdit.set(incidentId, performance.now());
      this.editing.delete(incidentId);
    }
    if (this.pendingUpdates.has(incidentId)) this.requestEdit(incidentId);
    if (this.lastEdit.size > 10_000) this.forgetOldEdits();
  }

  /** Entries older than the interval no longer hold anything back; dropping them bounds the map. */
  private forgetOldEdits(): void {
    const horizon = performance.now() - this.interval();
    for (const [id, at] of this.lastEdit) if (at < horizon) this.lastEdit.delete(id);
  }

  private async showIncident(incident: Incident): Promise<void> {
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
    if (run.origin.conversation?.anchored === true) this.hold(run, planText(run));
    else await this.postAll(run, planText(run), run.origin.incidentId);
  }

  /**
   * Keeps a line of an anchored command run back for a moment: if the run needs approval, the prompt
   * replaces the anchor first (an edit, shown at once) and these lines follow into the thread.
   */
  private hold(run: RunRecord, text: string): void {
    let entry = this.held.get(run.id);
    if (entry === undefined) {
      const created: HeldLines = { run, lines: [], timer: undefined };
      created.timer = setTimeout(() => this.track(this.release(run)), this.o.holdMs ?? 1000);
      created.timer.unref();
      this.held.set(run.id, created);
      entry = created;
    }
    entry.lines.push({ text, ...incidentOf(run) });
  }

  /**
   * Posts a run's held lines. Each post is queued before its first await (ChatRouter → adapter →
   * outbox), so calling them one after another keeps their order; delivery is awaited together.
   */
  private async release(run: RunRecord): Promise<void> {
    const entry = this.held.get(run.id);
    if (entry === undefined) return;
    clearTimeout(entry.timer);
    this.held.delete(run.id);
    await Promise.all(entry.lines.map((line) => this.postAll(run, line.text, line.incidentId)));
  }

  /** The run's anchor message, when its first approval prompt may replace it. */
  private anchorFor(run: RunRecord, step: StepRecord): MessageRef | undefined {
    const c = run.origin.conversation;
    if (c?.anchored !== true || c.thread === undefined) return undefined;
    // only the first prompt: a later one must not overwrite the earlier prompt shown in its place
    if (run.steps.some((s) => s.index < step.index && s.approvalId !== null)) return undefined;
    return { platform: c.platform, conversation: { platform: c.platform, channel: c.channel }, id: c.thread };
  }

  async onStepChanged(run: RunRecord, step: StepRecord): Promise<void> {
    if (step.state === 'awaiting_approval' && step.approvalId !== null) {
      const approval = this.o.approvals.status(step.approvalId);
      if (approval === undefined) return;
      const prompt = approvalPrompt(approval, step, run, this.o.approvals.tokenFor(approval));
      const message = { text: approvalText(prompt), approval: prompt, ...incidentOf(run) };
      const anchor = this.anchorFor(run, step);
      if (anchor !== undefined) {
        // the prompt becomes the thread's anchor: one edit, not a post queued behind the plan
        await this.o.chat.update(anchor, message);
        this.o.links.link(`approval:${approval.id}`, anchor);
        this.track(this.release(run));
        return;
      }
      await this.release(run);
      for (const c of this.conversations(run)) {
        const ref = await this.o.chat.post(c, message);
        if (ref !== undefined) this.o.links.link(`approval:${approval.id}`, ref);
      }
      return;
    }
    if (step.approvalId !== null) await this.refreshApproval(step.approvalId);
    if (['succeeded', 'failed', 'rejected', 'expired', 'unknown'].includes(step.state)) {
      if (this.held.has(run.id)) this.hold(run, stepOutcomeText(run, step));
      else await this.postAll(run, stepOutcomeText(run, step), run.origin.incidentId);
    }
  }

  async onRunFinished(run: RunRecord): Promise<void> {
    await this.release(run);
    const incidentId = run.origin.incidentId;
    if (incidentId === undefined || run.status !== 'succeeded') return;
    const acted = run.steps.some((s) => s.state === 'succeeded' && s.risk !== null && s.risk !== 'low');
    const incident = this.o.incidents.get(incidentId);
    if (acted && incident?.status === 'open') {
      this.o.incidents.setStatus(incidentId, 'mitigated', this.o.now());
      this.requestEdit(incidentId);
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
