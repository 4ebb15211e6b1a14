import {
  BOT_PRINCIPAL_ID,
  WatchkeeperError,
  gatherServiceFacts,
  type AuditLog,
  type Clock,
  type Incident,
  type IncidentRepository,
  type InboxRepository,
  type Logger,
  type Memory,
  type Metrics,
  type Orchestrator,
  type Planner,
  type ServiceContext,
  type IngestResult,
  type Signal,
  type SignalDraft,
  type SignalIntake,
  type SignalSource,
  type Skill,
  type Store,
} from '../core/index.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { FoldBacklog } from './fold-backlog.js';
import { foldSignal, type Folded } from './fold-signal.js';
import type { Notifier } from './notifier.js';

export interface SignalPipelineOptions {
  readonly sources: readonly SignalSource[];
  readonly inbox: InboxRepository;
  readonly incidents: IncidentRepository;
  readonly transaction: Store['transaction'];
  readonly skills: readonly Skill[];
  readonly planner: Planner;
  readonly orchestrator: Orchestrator;
  readonly notifier: Notifier;
  readonly memory: Memory;
  readonly audit: AuditLog;
  readonly metrics: Metrics;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Secrets in alert payloads are redacted before anything is stored. */
  readonly redact: <T>(value: T) => T;
  /** Service map and recent changes of the alert's `service` label, for the planner. */
  readonly services?: ServiceContext;
}

/**
 * Signals folded per transaction (and sealed by one audit signature). While requests arrive, batches
 * stay small so that no request waits long behind one (the HTTP server shares this event loop); when
 * catching up with no requests waiting, larger batches amortise the commit and the signature.
 */
const BATCH_BUSY = 25;
const BATCH_IDLE = 100;
/**
 * While requests keep arriving, each fold batch is followed by a pause this many times its own
 * duration, so accepting (and durably storing) alerts gets about four fifths of the thread in a storm
 * and folding the rest; without requests folding runs flat out. The first alert of a group is folded
 * (and its incident posted) in arrival order either way; what lags in a storm is the counting of the
 * alerts that join it.
 */
const INTAKE_SHARE = 4;
const MAX_PAUSE_MS = 50;

/**
 * Alert intake and routing. `ingest` and `accept` validate and commit every signal before they return
 * (so the 2xx means stored); folding into incidents, planning and posting happen after, in arrival
 * order and in batches, and are picked up again from the inbox after a stop or a crash.
 */
export class SignalPipeline implements SignalIntake {
  private readonly sources: ReadonlyMap<string, SignalSource>;
  private readonly backlog: FoldBacklog;
  /** Requests accepted since the last fold batch: the intake is busy when this is not zero. */
  private requestsSinceBatch = 0;
  private stopping = false;
  private readonly uncommitted: {
    readonly sourceId: string;
    readonly drafts: SignalDraft[];
    readonly resolve: (result: IngestResult) => void;
    readonly reject: (err: unknown) => void;
  }[] = [];
  private draining: Promise<void> | undefined;

  constructor(private readonly o: SignalPipelineOptions) {
    this.sources = new Map(o.sources.map((s) => [s.id, s]));
    this.backlog = new FoldBacklog(o.inbox);
  }

  ingest(sourceId: string, body: unknown): IngestResult {
    const drafts = this.parse(sourceId, body);
    const signals = this.o.inbox.addAll(drafts, this.o.clock.now().toISOString());
    return this.stored(sourceId, signals);
  }

  accept(sourceId: string, body: unknown): Promise<IngestResult> {
    const drafts = this.parse(sourceId, body);
    return new Promise((resolve, reject) => {
      this.uncommitted.push({ sourceId, drafts, resolve, reject });
      // After this turn's I/O callbacks: every request that arrived in the same turn joins the commit.
      if (this.uncommitted.length === 1) setImmediate(() => this.commitAccepted());
    });
  }

  /** One transaction for every request accepted in the last event-loop turn (group commit). */
  private commitAccepted(): void {
    const group = this.uncommitted.splice(0);
    const at = this.o.clock.now().toISOString();
    let stored: Signal[][];
    try {
      stored = this.o.transaction(() => group.map((g) => this.o.inbox.addAll(g.drafts, at)));
    } catch (err) {
      for (const g of group) g.reject(err);
      return;
    }
    group.forEach((g, i) => g.resolve(this.stored(g.sourceId, stored[i] ?? [])));
  }

  private parse(sourceId: string, body: unknown): SignalDraft[] {
    const source = this.sources.get(sourceId);
    if (source === undefined) throw new WatchkeeperError('NOT_FOUND', `no signal source "${sourceId}"`);
    return this.o.redact(source.parse(body));
  }

  private stored(sourceId: string, signals: Signal[]): IngestResult {
    this.o.metrics.signalReceived(sourceId, signals.length);
    this.requestsSinceBatch++;
    this.enqueue(signals);
    return { accepted: signals.length, signalIds: signals.map((s) => s.id) };
  }

  /** Folds what was stored but not folded before the last stop (read from the inbox in pages). */
  recover(): void {
    this.backlog.rereadInbox();
    this.kick();
  }

  /** Resolves when every scheduled signal has been processed and shown (tests, drills). */
  async idle(): Promise<void> {
    while (this.draining !== undefined) await this.draining;
    await this.o.notifier.flushIncidentUpdates();
  }

  /**
   * Shutdown: folds on for at most `graceMs`, then finishes the batch in hand and stops. What is left
   * stays unprocessed in the inbox and is folded by the next start, so a stop after a storm is quick.
   */
  async stop(graceMs: number): Promise<void> {
    const drained = this.idle();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
    });
    await Promise.race([drained, late]);
    clearTimeout(timer);
    this.stopping = true;
    while (this.draining !== undefined) await this.draining;
  }

  private enqueue(signals: readonly Signal[]): void {
    if (signals.length === 0 || this.stopping) return;
    this.backlog.add(signals);
    this.kick();
  }

  private kick(): void {
    this.draining ??= this.drain().finally(() => {
      this.draining = undefined;
    });
  }

  private async drain(): Promise<void> {
    let pauseMs = 0;
    for (;;) {
      // Let pending requests in first; under intake load, leave them most of the thread.
      await (pauseMs > 0 ? sleep(pauseMs) : new Promise((r) => setImmediate(r)));
      if (this.stopping) return;
      const busy = this.requestsSinceBatch > 0;
      this.requestsSinceBatch = 0;
      const batch = this.backlog.next(busy ? BATCH_BUSY : BATCH_IDLE);
      if (batch.length === 0) return;
      const t0 = performance.now();
      await this.foldBatch(batch);
      pauseMs = busy ? Math.min((performance.now() - t0) * INTAKE_SHARE, MAX_PAUSE_MS) : 0;
    }
  }

  private async foldBatch(batch: readonly Signal[]): Promise<void> {
    const at = this.o.clock.now().toISOString();
    let folded: Folded[];
    try {
      // One signature per batch: the ledger signs the batch's last entry inside the same commit.
      folded = this.o.transaction(() =>
        this.o.audit.sealed(() => batch.map((s) => foldSignal(this.o, s, at))),
      );
    } catch (err) {
      // Left unprocessed in the inbox: the next start folds them again.
      this.o.logger.error('signal batch failed', { signals: batch.length, error: message(err) });
      return;
    }
    for (const f of folded) {
      try {
        await this.followUp(f);
      } catch (err) {
        this.o.logger.error('signal follow-up failed', { signal: f.signal.id, error: message(err) });
      }
    }
  }

  private async followUp({ signal, incident, opened, resolved }: Folded): Promise<void> {
    if (incident === undefined) return;
    if (opened) {
      this.o.audit.append({
        kind: 'incident',
        actor: BOT_PRINCIPAL_ID,
        incidentId: incident.id,
        data: {
          event: 'opened',
          title: incident.title,
          severity: incident.severity,
          skill: incident.skill,
          groupKey: incident.groupKey,
        },
      });
      this.o.metrics.incidentOpened(incident.skill ?? 'none');
      await this.o.notifier.incidentOpened(incident);
      this.o.metrics.firstResponse?.((this.o.clock.now().getTime() - Date.parse(signal.receivedAt)) / 1000);
      const context = this.o.skills.find((s) => s.id === incident.skill)?.describe?.(signal);
      if (context !== undefined) await this.o.notifier.incidentNote(incident.id, context);
      await this.plan(incident, signal);
      return;
    }
    if (resolved) {
      this.o.audit.append({
        kind: 'incident',
        actor: BOT_PRINCIPAL_ID,
        incidentId: incident.id,
        data: { event: 'resolved', title: incident.title },
      });
      this.o.memory.remember({
        kind: 'incident',
        text: `${incident.title} ${Object.values(incident.labels).join(' ')}`,
        incidentId: incident.id,
      });
    }
    this.o.notifier.incidentChanged(incident);
  }

  /** The autonomy loop for a new incident: orient (memory), decide (plan + policy), act. */
  private async plan(incident: Incident, signal: Signal): Promise<void> {
    const skill = this.o.skills.find((s) => s.id === incident.skill);
    if (skill === undefined) return;
    const similar = this.o.memory.similar(signal.summary, 3, { kind: 'incident' });
    const service = signal.labels['service'] ?? incident.labels['service'];
    const services =
      this.o.services === undefined || service === undefined
        ? []
        : gatherServiceFacts(this.o.services, [service]);
    let plan;
    try {
      plan = await this.o.planner.plan(
        { skill: skill.id, domain: skill.domain, text: signal.summary },
        { incident, similar, ...(services.length === 0 ? {} : { services }) },
        // The new incident's labels are the signal's plus what the skill's triage added (e.g. an inferred
        // ATT&CK technique), so playbooks can match on those too.
        { ...signal, labels: { ...signal.labels, ...incident.labels } },
      );
    } catch (err) {
      // A planner failure is shown where people look, not only logged: the incident still needs a human.
      const message = err instanceof Error ? err.message : String(err);
      this.o.audit.append({
        kind: 'plan',
        actor: BOT_PRINCIPAL_ID,
        incidentId: incident.id,
        data: { goal: signal.summary, planner: this.o.planner.id, error: message, steps: [] },
      });
      await this.o.notifier.incidentNote(
        incident.id,
        `⚠️ ${incident.id}: no plan (${message}); a human needs to look.`,
      );
      return;
    }
    if (plan.steps.length === 0) {
      this.o.audit.append({
        kind: 'plan',
        actor: BOT_PRINCIPAL_ID,
        incidentId: incident.id,
        data: { goal: plan.goal, planner: plan.planner, steps: [] },
      });
      return;
    }
    await this.o.orchestrator.start(plan, {
      kind: 'signal',
      principal: BOT_PRINCIPAL_ID,
      skill: skill.id,
      domain: skill.domain,
      incidentId: incident.id,
    });
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
