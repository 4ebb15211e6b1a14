import { generateKeyPairSync } from 'node:crypto';
import { expect } from 'chai';
import { createLedger } from '../../../src/audit/index.js';
import { WatchkeeperError } from '../../../src/core/index.js';
import type { Playbook, Risk, Store, Tool, ToolContext } from '../../../src/core/index.js';
import {
  ACCEPT_PROPOSAL_TOOL,
  ROLLBACK_PLAYBOOK_TOOL,
  createPlaybookRevisionTools,
  findRecordedProposal,
  incidentOfProposal,
} from '../../../src/planner/index.js';
import { openSqliteStore } from '../../../src/store/index.js';
import { ManualClock } from '../../e2e/harness.js';
import { silentLogger } from '../../helpers/silent-logger.js';

const PLAYBOOK: Playbook = {
  id: 'ops.errors',
  description: 'errors',
  trigger: { kind: 'signal', labels: { alertname: 'HighErrorRate' } },
  steps: [
    { tool: 't.status', input: {}, rationale: 'look' },
    { tool: 't.rollback', input: {}, rationale: 'roll back' },
  ],
};
const RISK: Record<string, Risk> = { 't.status': 'low', 't.rollback': 'high' };

describe('playbook revision tools (accept, rollback) on a real store and ledger', () => {
  let store: Store;
  let ledger: ReturnType<typeof createLedger>;
  let tools: Map<string, Tool>;
  const clock = new ManualClock(Date.parse('2026-11-25T10:00:00Z'));
  const ctx = (key: string): ToolContext => ({
    idempotencyKey: key,
    signal: new AbortController().signal,
    logger: silentLogger,
    clock,
  });
  const propose = (incidentId: string, proposals: unknown[]) =>
    ledger.append({
      kind: 'system',
      actor: 'console:operator',
      incidentId,
      data: { event: 'retro.drafted', proposals },
    });
  const codeOf = async (p: Promise<unknown>) =>
    p.then(
      () => undefined,
      (e: unknown) => (e instanceof WatchkeeperError ? e.code : 'not coded'),
    );
  const issues = (tool: Tool, input: unknown): string => {
    const r = tool.input.safeParse(input);
    return r.success ? '' : r.error.issues.map((i) => i.message).join('; ');
  };

  beforeEach(() => {
    store = openSqliteStore({ path: ':memory:', clock, logger: silentLogger });
    const { privateKey } = generateKeyPairSync('ed25519');
    ledger = createLedger({ repo: store.audit, signingKey: privateKey, clock, redact: (v) => v });
    const list = createPlaybookRevisionTools({
      repo: store.playbookRevisions,
      builtIn: (id) => (id === PLAYBOOK.id ? PLAYBOOK : undefined),
      playbookIds: () => [PLAYBOOK.id],
      riskOf: (t) => RISK[t],
      proposal: (id) => findRecordedProposal(ledger.forIncident(incidentOfProposal(id) ?? ''), id),
      whoOf: () => ({ requestedBy: 'console:operator', approvedBy: ['console:alice'] }),
      audit: ledger,
    });
    tools = new Map(list.map((t) => [t.name, t]));
  });
  afterEach(() => store.close());

  it('declares acceptance and rollback as high-risk, reversible tools', () => {
    for (const name of [ACCEPT_PROPOSAL_TOOL, ROLLBACK_PLAYBOOK_TOOL])
      expect(tools.get(name)).to.deep.include({ risk: 'high', reversible: true });
  });

  it('refuses a proposal that would lower a step’s risk, before anyone is asked and when run', async () => {
    propose('INC-1', [
      {
        id: 'INC-1-P1',
        kind: 'playbook',
        title: 'lower it',
        version: 1,
        change: { op: 'raise_risk', playbook: PLAYBOOK.id, index: 1, tool: 't.rollback', to: 'low' },
      },
    ]);
    const accept = tools.get(ACCEPT_PROPOSAL_TOOL)!;
    expect(issues(accept, { proposal: 'INC-1-P1' })).to.contain('PLAYBOOK_RISK_LOWERED');
    expect(
      await codeOf(accept.run({ proposal: 'INC-1-P1', playbook: PLAYBOOK.id, baseVersion: 1 }, ctx('s1'))),
    ).to.equal('PLAYBOOK_RISK_LOWERED');
    expect(store.playbookRevisions.list(PLAYBOOK.id)).to.deep.equal([]);
  });

  it('keeps policy proposals for review only', () => {
    propose('INC-2', [{ id: 'INC-2-P1', kind: 'policy', title: 'ask first' }]);
    expect(issues(tools.get(ACCEPT_PROPOSAL_TOOL)!, { proposal: 'INC-2-P1' })).to.contain(
      'PLAYBOOK_REVISION_INVALID',
    );
  });

  it('writes version 2 with who and why, audits it, and refuses the same acceptance again as stale', async () => {
    propose('INC-3', [
      {
        id: 'INC-3-P1',
        kind: 'playbook',
        title: 'raise',
        version: 1,
        change: { op: 'raise_risk', playbook: PLAYBOOK.id, index: 0, tool: 't.status', to: 'medium' },
      },
    ]);
    const accept = tools.get(ACCEPT_PROPOSAL_TOOL)!;
    const parsed = accept.input.parse({ proposal: 'inc-3-p1' });
    expect(parsed).to.deep.equal({ proposal: 'INC-3-P1', playbook: PLAYBOOK.id, baseVersion: 1 });
    const result = await accept.run(parsed, ctx('step-1'));
    expect(result.ok).to.equal(true);
    const v2 = store.playbookRevisions.current(PLAYBOOK.id)!;
    expect(v2).to.deep.include({
      version: 2,
      baseVersion: 1,
      requestedBy: 'console:operator',
      approvedBy: ['console:alice'],
      incidentId: 'INC-3',
      proposalId: 'INC-3-P1',
    });
    expect(v2.steps[0]).to.deep.include({ tool: 't.status', suggestedRisk: 'medium' });
    const audited = ledger.forIncident('INC-3').find((e) => (e.data as any).event === 'playbook.revised');
    expect((audited?.data as any).version).to.equal(2);
    expect(ledger.verify().ok).to.equal(true);

    expect(await codeOf(accept.run(parsed, ctx('step-2')))).to.equal('PLAYBOOK_REVISION_STALE');
    expect(store.playbookRevisions.list(PLAYBOOK.id)).to.have.length(1);
    // Its undo is a rollback to the version it was made from.
    expect(accept.rollback?.(parsed, result)).to.deep.equal({
      tool: ROLLBACK_PLAYBOOK_TOOL,
      input: { playbook: PLAYBOOK.id, version: 1 },
    });
  });

  it('rolls back to an earlier version as a new version, and refuses a version that is not earlier', async () => {
    propose('INC-4', [
      {
        id: 'INC-4-P1',
        kind: 'playbook',
        title: 'drop rollback',
        version: 1,
        change: { op: 'remove_step', playbook: PLAYBOOK.id, index: 1, tool: 't.rollback' },
      },
    ]);
    const accept = tools.get(ACCEPT_PROPOSAL_TOOL)!;
    await accept.run(accept.input.parse({ proposal: 'INC-4-P1' }), ctx('a'));
    const rollback = tools.get(ROLLBACK_PLAYBOOK_TOOL)!;
    expect(issues(rollback, { playbook: PLAYBOOK.id, version: 2 })).to.contain('PLAYBOOK_REVISION_INVALID');
    expect(issues(rollback, { playbook: 'nope', version: 1 })).to.contain('NOT_FOUND');
    const input = rollback.input.parse({ playbook: PLAYBOOK.id, version: '1' });
    await rollback.run(input, ctx('b'));
    const v3 = store.playbookRevisions.current(PLAYBOOK.id)!;
    expect(v3).to.deep.include({ version: 3, baseVersion: 2, cause: { op: 'rollback', toVersion: 1 } });
    expect(v3.steps).to.deep.equal(PLAYBOOK.steps);
    // The approval bound version 2 as the base: once the playbook moved on, the same step is stale.
    expect(await codeOf(rollback.run(input, ctx('c')))).to.equal('PLAYBOOK_REVISION_STALE');
  });

  it('stores versions without gaps: a second writer of the same version is refused', () => {
    const base = {
      playbook: PLAYBOOK.id,
      steps: PLAYBOOK.steps,
      cause: { op: 'rollback', toVersion: 1 } as const,
      diff: '',
      requestedBy: 'a',
      approvedBy: [],
      createdAt: '2026-11-25T10:00:00Z',
    };
    store.playbookRevisions.add({ ...base, version: 2, baseVersion: 1 });
    let code: string | undefined;
    try {
      store.playbookRevisions.add({ ...base, version: 2, baseVersion: 1 });
    } catch (e) {
      code = (e as WatchkeeperError).code;
    }
    expect(code).to.equal('PLAYBOOK_REVISION_STALE');
    expect(store.playbookRevisions.list(PLAYBOOK.id).map((r) => r.version)).to.deep.equal([2]);
  });
});
