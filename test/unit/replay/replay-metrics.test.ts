import { expect } from 'chai';
import {
  accuracy,
  actionSafety,
  binaryScores,
  buildReplayReport,
  compareReports,
  factRecall,
  meanReciprocalRank,
  parseReplayJsonl,
  percentileOf,
  recallAtK,
  severityAgreement,
} from '../../../src/replay/index.js';
import { outcome } from './record-outcome.js';

const close = (actual: number | null, expected: number) => expect(actual).to.be.closeTo(expected, 1e-9);

describe('replay metrics (hand-computed)', () => {
  it('routing accuracy counts exact skill matches, null included', () => {
    close(
      accuracy([
        ['operations', 'operations'],
        ['support', null],
        [null, null],
      ] as const),
      2 / 3,
    );
    expect(accuracy([])).to.equal(null);
  });

  it('Recall@k and MRR over ranks [1, none, 3, 2]', () => {
    const ranks = [1, null, 3, 2];
    close(recallAtK(ranks, 1), 0.25);
    close(recallAtK(ranks, 2), 0.5);
    close(recallAtK(ranks, 5), 0.75);
    close(meanReciprocalRank(ranks), (1 + 0 + 1 / 3 + 1 / 2) / 4); // 0.4583…
  });

  it('precision, recall and F1 of tp 2, fp 1, fn 1, tn 1', () => {
    const s = binaryScores([
      [true, true],
      [true, false],
      [false, true],
      [true, true],
      [false, false],
    ]);
    expect([s.tp, s.fp, s.fn, s.tn]).to.deep.equal([2, 1, 1, 1]);
    close(s.precision, 2 / 3);
    close(s.recall, 2 / 3);
    close(s.f1, 2 / 3);
    const none = binaryScores([[false, false]]);
    expect([none.precision, none.recall, none.f1]).to.deep.equal([null, null, null]);
    const skewed = binaryScores([
      [true, true],
      [false, true],
      [false, true],
      [false, true],
    ]);
    close(skewed.precision, 1);
    close(skewed.recall, 0.25);
    close(skewed.f1, 0.4); // 2·1·0.25 / 1.25
  });

  it('severity agreement: exact and within one level, unknown words skipped', () => {
    const s = severityAgreement([
      ['critical', 'critical'],
      ['error', 'critical'],
      ['info', 'critical'],
      ['warning', 'bogus'],
    ]);
    expect(s.cases).to.equal(3);
    close(s.exact, 1 / 3);
    close(s.withinOne, 2 / 3);
  });

  it('fact recall pools facts over records; action safety counts warranted proposals', () => {
    close(
      factRecall([
        [2, 3],
        [0, 1],
        [1, 1],
      ]),
      0.6,
    );
    expect(factRecall([])).to.equal(null);
    expect(
      actionSafety([
        { proposed: true, warranted: true, unapproved: 0 },
        { proposed: true, warranted: false, unapproved: 0 },
        { proposed: false, warranted: true, unapproved: 1 },
      ]),
    ).to.deep.equal({
      destructiveProposed: 2,
      destructiveWarranted: 1,
      destructivePrecision: 0.5,
      unapprovedExecutions: 1,
    });
    expect(percentileOf([30, 10, 20, 40], 0.5)).to.equal(20);
    expect(percentileOf([30, 10, 20, 40], 0.95)).to.equal(40);
  });
});

describe('replay report and comparison', () => {
  const records = parseReplayJsonl(
    [
      '# a tiny labelled set',
      '{"id":"a","source":"alertmanager","body":{},"expect":{"skill":"operations","incident":true,"severity":"critical","facts":["checkout-api","rollback"],"destructive":true}}',
      '{"id":"b","source":"alertmanager","body":{},"expect":{"skill":"operations","incident":true,"duplicateOf":"a"}}',
      '{"id":"c","source":"security","body":{},"expect":{"skill":"security","incident":false,"severity":"info"}}',
      '{"id":"d","source":"tickets","body":{},"expect":{"skill":"support","incident":true,"severity":"warning","duplicateOf":"a","facts":["login"]}}',
    ].join('\n'),
    'mini.jsonl',
  );
  const outcomes = [
    outcome({
      id: 'a',
      incidentId: 'INC-1',
      opened: true,
      skill: 'operations',
      severity: 'critical',
      factsFound: 1,
      destructiveProposed: true,
      responseMs: 40,
    }),
    outcome({
      id: 'b',
      incidentId: 'INC-1',
      skill: 'operations',
      severity: 'critical',
      duplicateRank: 1,
      responseMs: 5,
    }),
    outcome({
      id: 'c',
      incidentId: 'INC-2',
      opened: true,
      skill: 'security',
      severity: 'error',
      responseMs: 20,
    }),
    outcome({ id: 'd', incidentId: null, factsFound: 0, responseMs: 3 }),
  ];
  const report = buildReplayReport('mini', records, outcomes, {
    generatedAt: '2026-11-26T00:00:00Z',
    version: 't',
  });

  it('computes every metric of the tiny set as worked out by hand', () => {
    const m = report.metrics;
    close(m.routing.accuracy, 3 / 4); // d routed nowhere instead of support
    expect(m.duplicates.cases).to.equal(2);
    close(m.duplicates.recallAt1, 0.5);
    close(m.duplicates.mrr, 0.5);
    // predicted incident: a yes, b yes, c yes, d no; labelled: yes, yes, no, yes → tp 2, fp 1, fn 1
    expect([m.triage.tp, m.triage.fp, m.triage.fn, m.triage.tn]).to.deep.equal([2, 1, 1, 0]);
    close(m.triage.f1, 2 / 3);
    // severity labelled and observed: a critical=critical, c error vs info (2 apart); d has no incident
    expect(m.severity.cases).to.equal(2);
    close(m.severity.exact, 0.5);
    close(m.severity.withinOne, 0.5);
    close(m.facts.recall, 1 / 3); // a: 1 of 2, d: 0 of 1
    expect(m.safety).to.deep.equal({
      destructiveProposed: 1,
      destructiveWarranted: 1,
      destructivePrecision: 1,
      unapprovedExecutions: 0,
    });
    expect(m.firstResponseMs).to.deep.equal({ p50: 20, p95: 40 }); // records that opened an incident: 40, 20
  });

  it('flags a score that fell, a slower first response and any unapproved execution', () => {
    const better = {
      ...report,
      metrics: { ...report.metrics, triage: { ...report.metrics.triage, f1: 0.9 } },
    };
    const deltas = compareReports(report, better);
    expect(deltas.filter((d) => d.regression).map((d) => d.metric)).to.deep.equal(['triage F1']);
    const unsafe = {
      ...report,
      metrics: {
        ...report.metrics,
        safety: { ...report.metrics.safety, unapprovedExecutions: 1 },
        firstResponseMs: { p50: 20, p95: 500 },
      },
    };
    expect(
      compareReports(unsafe, report)
        .filter((d) => d.regression)
        .map((d) => d.metric),
    ).to.deep.equal(['first response p95 (ms)', 'unapproved executions']);
    expect(compareReports(report, report).some((d) => d.regression)).to.equal(false);
  });

  it('refuses malformed JSONL naming the line', () => {
    expect(() => parseReplayJsonl('{"id":"a","source":"x","body":1}\nnot json', 'f.jsonl')).to.throw(
      /f\.jsonl:2: not JSON/,
    );
    expect(() => parseReplayJsonl('{"id":"a","body":1}', 'f.jsonl')).to.throw(/f\.jsonl:1: source/);
    expect(() =>
      parseReplayJsonl('{"id":"a","source":"x","body":1,"expect":{"duplicateOf":"z"}}', 'f.jsonl'),
    ).to.throw(/duplicateOf z must name an earlier record/);
  });
});
