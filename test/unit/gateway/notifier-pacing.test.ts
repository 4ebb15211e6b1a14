import { expect } from 'chai';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLedger } from '../../../src/audit/index.js';
import type {
  ChatAdapter,
  Conversation,
  Incident,
  MessageRef,
  OutgoingMessage,
  Signal,
} from '../../../src/core/index.js';
import { ChatRouter, Notifier } from '../../../src/gateway/index.js';
import { createApprovalService, createPolicyEngine, loadPolicies } from '../../../src/policy/index.js';
import { openSqliteStore } from '../../../src/store/index.js';
import { ManualClock } from '../../e2e/harness.js';
import { silentLogger } from '../../helpers/silent-logger.js';

/** A chat platform that records what reaches it (the notifier's only way out). */
class RecordingChat implements ChatAdapter {
  readonly platform = 'rec';
  readonly posts: { conversation: Conversation; message: OutgoingMessage }[] = [];
  readonly edits: { id: string; text: string }[] = [];
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  async post(conversation: Conversation, message: OutgoingMessage): Promise<MessageRef> {
    this.posts.push({ conversation, message });
    return { platform: this.platform, conversation, id: `m${this.posts.length}` };
  }
  async update(ref: MessageRef, message: OutgoingMessage): Promise<void> {
    this.edits.push({ id: ref.id, text: message.text });
  }
}

function signal(n: number, status: 'firing' | 'resolved' = 'firing'): Signal {
  return {
    id: `s${n}`,
    source: 'test',
    kind: 'alert',
    status,
    severity: 'warning',
    fingerprint: `fp${n}`,
    groupKey: 'g1',
    labels: { service: 'checkout-api', alertname: 'HighErrorRate' },
    annotations: {},
    summary: 'errors',
    startsAt: '2026-11-26T04:00:00Z',
    receivedAt: '2026-11-26T04:00:00Z',
    raw: {},
  };
}

describe('Notifier: incident message edits in a storm', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'wk-notifier-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function stack(updateIntervalMs: number) {
    const clock = new ManualClock(Date.parse('2026-11-26T04:00:00Z'));
    const store = openSqliteStore({ path: join(dir, 'wk.db'), clock, logger: silentLogger });
    const ledger = createLedger({
      repo: store.audit,
      signingKey: generateKeyPairSync('ed25519').privateKey,
      clock,
      redact: (v) => v,
    });
    const approvals = createApprovalService({
      repo: store.approvals,
      policy: createPolicyEngine(loadPolicies('policies')),
      audit: ledger,
      clock,
      hmacKey: Buffer.from('k'.repeat(32)),
      newId: () => 'A-1',
      stepDigestOf: (id) => store.runs.getStep(id)?.digest,
    });
    const chat = new ChatRouter(silentLogger, (v) => v);
    const platform = new RecordingChat();
    chat.register(platform);
    store.subscriptions.add({
      conversation: { platform: 'rec', channel: 'C1' },
      filter: '',
      createdBy: 'test',
      at: clock.now().toISOString(),
    });
    const notifier = new Notifier({
      chat,
      links: store.messageLinks,
      subscriptions: store.subscriptions,
      incidents: store.incidents,
      runs: store.runs,
      approvals,
      logger: silentLogger,
      now: () => clock.now().toISOString(),
      updateIntervalMs,
    });
    const incident: Incident = store.incidents.create({
      groupKey: 'g1',
      title: 'HighErrorRate on checkout-api',
      skill: null,
      severity: 'warning',
      labels: { service: 'checkout-api' },
      at: clock.now().toISOString(),
    });
    return { store, notifier, platform, incident, close: () => store.close() };
  }

  it('edits at once, then holds every further change (status changes too) until the interval is over', async () => {
    const s = stack(60_000);
    try {
      await s.notifier.incidentOpened(s.incident);
      expect(s.platform.posts).to.have.length(1);
      for (let n = 1; n <= 50; n++)
        s.notifier.incidentChanged(s.store.incidents.attachSignal(s.incident.id, signal(n)));
      await new Promise((resolve) => setImmediate(resolve));
      expect(s.platform.edits, 'the first change is shown at once').to.have.length(1);
      expect(s.platform.edits[0]!.text).to.match(/· 1 signal$/);

      const resolved = s.store.incidents.setStatus(s.incident.id, 'resolved', '2026-11-26T04:01:00Z');
      s.notifier.incidentChanged(resolved);
      await new Promise((resolve) => setImmediate(resolve));
      expect(s.platform.edits, 'a resolution inside the interval waits for the next edit').to.have.length(1);

      await s.notifier.flushIncidentUpdates();
      expect(s.platform.edits, 'one edit carries everything that happened meanwhile').to.have.length(2);
      expect(s.platform.edits[1]!.text)
        .to.include('🟢 resolved')
        .and.match(/· 50 signals$/);
      expect(s.platform.edits.every((e) => e.id === 'm1')).to.equal(true);
    } finally {
      s.close();
    }
  });

  it('shows the latest state when the interval is over, without being flushed', async () => {
    const s = stack(30);
    try {
      await s.notifier.incidentOpened(s.incident);
      s.notifier.incidentChanged(s.store.incidents.attachSignal(s.incident.id, signal(1)));
      s.notifier.incidentChanged(s.store.incidents.attachSignal(s.incident.id, signal(2)));
      s.notifier.incidentChanged(
        s.store.incidents.setStatus(s.incident.id, 'mitigated', '2026-11-26T04:01:00Z'),
      );
      for (let i = 0; i < 100 && s.platform.edits.length < 2; i++)
        await new Promise((resolve) => setTimeout(resolve, 10));
      expect(s.platform.edits.map((e) => e.text.split(' ')[0])).to.deep.equal(['🔴', '🟡']);
      expect(s.platform.edits[1]!.text).to.match(/· 2 signals$/);
    } finally {
      s.close();
    }
  });
});
