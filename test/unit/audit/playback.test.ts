import { expect } from 'chai';
import type { AuditInput, Store } from '../../../src/core/index.js';
import { createLedger, playback } from '../../../src/audit/index.js';
import { openSqliteStore } from '../../../src/store/index.js';
import { silentLogger } from '../../helpers/silent-logger.js';
import { newKey, redact, steppingClock } from './ledger-fixture.js';

const story: AuditInput[] = [
  {
    kind: 'signal',
    actor: 'alertmanager',
    incidentId: 'INC-3',
    data: {
      status: 'firing',
      severity: 'critical',
      summary: 'HighErrorRate on checkout-api',
      fingerprint: 'abc',
    },
  },
  {
    kind: 'plan',
    actor: 'watchkeeper',
    incidentId: 'INC-3',
    data: {
      plan: {
        planner: 'playbook',
        playbook: 'rollback-after-deploy',
        goal: 'recover',
        steps: [
          { tool: 'sandbox.status', input: { service: 'checkout-api' } },
          { tool: 'sandbox.rollback', input: { service: 'checkout-api' } },
        ],
      },
    },
  },
  {
    kind: 'decision',
    actor: 'policy',
    incidentId: 'INC-3',
    subject: 'step-2',
    data: {
      tool: 'sandbox.rollback',
      decision: {
        effect: 'approve',
        rule: 'default.policy.yaml#prod-writes',
        reason: 'production write',
        risk: 'high',
      },
    },
  },
  {
    kind: 'approval.requested',
    actor: 'watchkeeper',
    incidentId: 'INC-3',
    data: { approvalId: 'apr-7', tool: 'sandbox.rollback', requirements: { count: 1 } },
  },
  {
    kind: 'approval.vote',
    actor: 'console:operator',
    incidentId: 'INC-3',
    data: {
      approvalId: 'apr-7',
      principal: 'console:operator',
      decision: 'approve',
      accepted: false,
      reason: 'APPROVAL_NOT_ALLOWED',
    },
  },
  {
    kind: 'approval.decided',
    actor: 'watchkeeper',
    incidentId: 'INC-3',
    data: { approvalId: 'apr-7', status: 'approved' },
  },
  {
    kind: 'tool.call',
    actor: 'watchkeeper',
    incidentId: 'INC-3',
    data: { tool: 'sandbox.rollback', input: { service: 'checkout-api' }, dryRun: true },
  },
  {
    kind: 'tool.result',
    actor: 'watchkeeper',
    incidentId: 'INC-3',
    data: { tool: 'sandbox.rollback', result: { ok: true, summary: 'rolled back to 1.4.1' } },
  },
  {
    kind: 'step.state',
    actor: 'watchkeeper',
    incidentId: 'INC-3',
    data: { index: 1, from: 'running', to: 'succeeded' },
  },
  { kind: 'system', actor: 'watchkeeper', incidentId: 'INC-3', data: { weird: [1, 2, 3] } },
  { kind: 'tool.result', actor: 'watchkeeper', incidentId: 'INC-3', data: 'plain text' },
];

describe('playback', () => {
  let store: Store;
  beforeEach(() => {
    store = openSqliteStore({ path: ':memory:', clock: steppingClock(), logger: silentLogger });
  });
  afterEach(() => store.close());

  it('tells an incident’s story in order, one readable line per entry', () => {
    const ledger = createLedger({ repo: store.audit, signingKey: newKey(), clock: steppingClock(), redact });
    ledger.append({ kind: 'system', actor: 'watchkeeper', data: { other: 'incident' } });
    for (const entry of story) ledger.append(entry);
    const lines = playback(ledger.forIncident('INC-3').reverse());
    expect(lines).to.have.length(story.length);
    const expectations = [
      ['signal', '[firing/critical] HighErrorRate on checkout-api'],
      [
        'plan',
        'planner=playbook playbook=rollback-after-deploy',
        '1. sandbox.status({"service":"checkout-api"}); 2. sandbox.rollback',
      ],
      ['decision', 'approve risk=high rule=default.policy.yaml#prod-writes — production write', '[step-2]'],
      ['approval.requested', 'apr-7 for sandbox.rollback needs 1 approval(s)'],
      ['approval.vote', 'console:operator approve refused: APPROVAL_NOT_ALLOWED'],
      ['approval.decided', 'apr-7 → approved'],
      ['tool.call', 'sandbox.rollback({"service":"checkout-api"}) [dry-run]'],
      ['tool.result', 'ok rolled back to 1.4.1'],
      ['step.state', 'step 1 running → succeeded'],
      ['system', '{"weird":[1,2,3]}'],
      ['tool.result', '"plain text"'],
    ];
    lines.forEach((line, i) => {
      expect(line.startsWith('2024-05-01T10:00:')).to.equal(true);
      for (const part of expectations[i]!) expect(line, line).to.contain(part);
    });
  });
});
