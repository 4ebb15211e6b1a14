import { expect } from 'chai';
import type {
  ServiceContext,
  Signal,
  SignalDraft,
  Skill,
  Store,
  TriageVerdict,
} from '../../../src/core/index.js';
import { createLedger } from '../../../src/audit/index.js';
import { foldSignal } from '../../../src/gateway/fold-signal.js';
import { openSqliteStore } from '../../../src/store/index.js';
import { silentLogger } from '../../helpers/silent-logger.js';
import { newKey, redact, steppingClock } from '../audit/ledger-fixture.js';

/** A skill that claims security signals and pages only those its triage calls true positives. */
function triagingSkill(verdictFor: (s: Signal) => TriageVerdict): Skill {
  return {
    id: 'security',
    domain: 'security',
    description: 'test',
    claims: (s) => s.kind === 'security',
    commands: [],
    playbooks: [],
    tools: [],
    triage: verdictFor,
  };
}

function draft(fingerprint: string, level: string): SignalDraft {
  return {
    source: 'security',
    kind: 'security',
    status: 'firing',
    severity: 'warning',
    fingerprint,
    groupKey: `g-${fingerprint}`,
    labels: { rule_level: level, host: 'web-1' },
    annotations: {},
    summary: `rule level ${level}`,
    startsAt: '2026-11-26T00:00:00Z',
    raw: {},
  };
}

describe('foldSignal with a triaging skill', () => {
  let store: Store;
  const at = '2026-11-26T00:00:01Z';
  const skill = triagingSkill((s) => {
    const high = Number(s.labels['rule_level']) >= 10;
    return {
      verdict: high ? 'true_positive' : 'false_positive',
      confidence: 0.9,
      severity: high ? 'critical' : 'info',
      reasons: [high ? 'rule level ≥ 10' : 'known benign'],
      openIncident: high,
      labels: { triage: high ? 'tp' : 'fp' },
    };
  });

  beforeEach(() => {
    store = openSqliteStore({ path: ':memory:', clock: steppingClock(), logger: silentLogger });
  });
  afterEach(() => store.close());

  function fold(d: SignalDraft) {
    const ledger = createLedger({ repo: store.audit, signingKey: key, clock: steppingClock(), redact });
    const [signal] = store.inbox.addAll([d], at);
    return { folded: foldSignal({ ...store, skills: [skill], audit: ledger }, signal!, at), ledger };
  }
  const key = newKey();

  it('stores and audits a benign verdict without opening an incident', () => {
    const { folded, ledger } = fold(draft('fp-1', '3'));
    expect(folded.incident).to.equal(undefined);
    expect(folded.verdict?.verdict).to.equal('false_positive');
    expect(store.incidents.list({ limit: 10 })).to.have.length(0);
    expect(store.inbox.unprocessed(10)).to.have.length(0);
    const entry = ledger.after(0, 10).find((e) => e.kind === 'signal');
    expect(entry?.data).to.deep.include({ skill: 'security' });
    expect((entry?.data as { triage: { reasons: string[] } }).triage.reasons).to.deep.equal(['known benign']);
  });

  it('opens an incident with the verdict severity and labels when the verdict pages', () => {
    const { folded } = fold(draft('tp-1', '12'));
    expect(folded.opened).to.equal(true);
    expect(folded.incident?.severity).to.equal('critical');
    expect(folded.incident?.labels['triage']).to.equal('tp');
    expect(folded.incident?.skill).to.equal('security');
  });

  it('triages signals that join an open incident too, and records the verdict without re-deciding', () => {
    fold(draft('tp-2', '12'));
    const later = { ...draft('fp-2', '3'), groupKey: 'g-tp-2' };
    const { folded, ledger } = fold(later);
    expect(folded.opened).to.equal(false);
    expect(folded.incident?.signalCount).to.equal(2);
    const entry = ledger
      .after(0, 10)
      .filter((e) => e.kind === 'signal')
      .pop();
    expect((entry?.data as { triage: { verdict: string } }).triage.verdict).to.equal('false_positive');
  });
});

describe('foldSignal across service dependencies', () => {
  let store: Store;
  const key = newKey();
  // frontend → checkout-api → inventory (a database)
  const dependsOn: Record<string, string[]> = {
    frontend: ['checkout-api'],
    'checkout-api': ['inventory'],
    inventory: [],
  };
  const services: ServiceContext = {
    about: (service) =>
      dependsOn[service] === undefined
        ? undefined
        : {
            service,
            dependsOn: dependsOn[service]!,
            dependents: [],
            recentDeploys: [],
            // Only the database absorbs its callers' alerts; checkout-api's own problems stay its own.
            ...(service === 'inventory' ? { foldsDependents: true } : {}),
          },
  };

  beforeEach(() => {
    store = openSqliteStore({ path: ':memory:', clock: steppingClock(), logger: silentLogger });
  });
  afterEach(() => store.close());

  function alert(service: string, status: 'firing' | 'resolved', at: string) {
    const ledger = createLedger({ repo: store.audit, signingKey: key, clock: steppingClock(), redact });
    const [signal] = store.inbox.addAll(
      [
        {
          ...draft(`fp-${service}`, '0'),
          source: 'alertmanager',
          kind: 'alert',
          status,
          groupKey: `g-${service}`,
          labels: { alertname: 'Down', service },
        },
      ],
      at,
    );
    return foldSignal({ ...store, skills: [], audit: ledger, services }, signal!, at);
  }

  it('folds the alerts of services that call a failing dependency into its incident', () => {
    const root = alert('inventory', 'firing', '2026-11-26T10:00:00Z');
    const direct = alert('checkout-api', 'firing', '2026-11-26T10:01:00Z');
    const transitive = alert('frontend', 'firing', '2026-11-26T10:02:00Z');
    expect(root.opened).to.equal(true);
    expect([direct.opened, transitive.opened]).to.deep.equal([false, false]);
    expect(direct.incident?.id).to.equal(root.incident?.id);
    expect(transitive.incident?.id).to.equal(root.incident?.id);
    expect(store.incidents.list({ limit: 10 })).to.have.length(1);
  });

  it('resolves the incident only when the cascaded alerts have resolved too', () => {
    alert('inventory', 'firing', '2026-11-26T10:00:00Z');
    alert('checkout-api', 'firing', '2026-11-26T10:01:00Z');
    expect(alert('inventory', 'resolved', '2026-11-26T10:05:00Z').resolved).to.equal(false);
    expect(alert('checkout-api', 'resolved', '2026-11-26T10:06:00Z').resolved).to.equal(true);
  });

  it('opens a separate incident when the dependency paged longer ago than the window', () => {
    alert('inventory', 'firing', '2026-11-26T10:00:00Z');
    expect(alert('checkout-api', 'firing', '2026-11-26T11:00:00Z').opened).to.equal(true);
    expect(store.incidents.list({ limit: 10 })).to.have.length(2);
  });

  it('keeps incidents apart when the dependency is not marked to fold its dependents', () => {
    alert('checkout-api', 'firing', '2026-11-26T10:00:00Z');
    expect(alert('frontend', 'firing', '2026-11-26T10:01:00Z').opened).to.equal(true);
    expect(store.incidents.list({ limit: 10 })).to.have.length(2);
  });
});
