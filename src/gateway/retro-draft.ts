import { RISKS, riskRank } from '../core/index.js';
import type { AuditEntry, Incident, PlaybookChange, RunRecord, StepRecord } from '../core/index.js';

/**
 * A change a retro proposes; it is recorded for review and never applied by the retro itself. A
 * playbook proposal with a structured `change` can be accepted (`retro accept <id>`, an approved step
 * that writes a new playbook version); policy proposals and new playbooks stay diffs for review.
 */
export interface RetroProposal {
  readonly id: string;
  readonly kind: 'policy' | 'playbook';
  readonly title: string;
  readonly reason: string;
  /** Unified-diff-style text of the proposed change. */
  readonly diff: string;
  /** What accepting it applies, on the playbook version the incident ran (`version`). */
  readonly change?: PlaybookChange;
  readonly version?: number;
}

export interface RetroDraft {
  readonly text: string;
  readonly proposals: readonly RetroProposal[];
}

type Data = Record<string, unknown>;
const data = (e: AuditEntry): Data => (e.data !== null && typeof e.data === 'object' ? (e.data as Data) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function offset(from: string, at: string): string {
  const s = Math.max(0, Math.round((Date.parse(at) - Date.parse(from)) / 1000));
  return `T+${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/** The events worth a line in a retro timeline (signals after the first are counted, not listed). */
function timeline(incident: Incident, entries: readonly AuditEntry[]): string[] {
  const lines: string[] = [];
  let signals = 0;
  for (const e of entries) {
    const d = data(e);
    const at = offset(incident.openedAt, e.at);
    switch (e.kind) {
      case 'signal':
        if (signals++ === 0) lines.push(`${at} first signal: ${str(d['summary']) ?? e.subject ?? ''}`);
        break;
      case 'incident':
        lines.push(`${at} incident ${str(d['event']) ?? str(d['status']) ?? 'changed'}`);
        break;
      case 'plan': {
        const steps = Array.isArray(d['steps']) ? d['steps'].length : 0;
        lines.push(
          str(d['error']) !== undefined
            ? `${at} planning failed: ${str(d['error'])}`
            : `${at} plan by ${str(d['planner']) ?? 'planner'}${str(d['playbook']) ? ` (${str(d['playbook'])})` : ''}: ${steps} steps`,
        );
        break;
      }
      case 'approval.vote':
        lines.push(
          `${at} ${e.actor} voted ${str(d['decision']) ?? '?'}${d['accepted'] === false ? ' (refused)' : ''}`,
        );
        break;
      case 'approval.decided':
        lines.push(`${at} approval ${str(d['approvalId']) ?? e.subject ?? ''} ${str(d['status']) ?? ''}`);
        break;
      case 'step.state': {
        const to = str(d['to']);
        if (to !== undefined && !['proposed', 'approved', 'running'].includes(to))
          lines.push(
            `${at} ${str(d['tool']) ?? 'step'} → ${to}${str(d['reason']) ? ` (${str(d['reason'])})` : ''}`,
          );
        break;
      }
      case 'system':
        if (str(d['event']) === 'retro.drafted') lines.push(`${at} retro drafted by ${e.actor}`);
        break;
      default:
        break;
    }
  }
  if (signals > 1) lines.push(`(${signals} signals in all)`);
  return lines;
}

function stepLine(s: StepRecord): string {
  return `${s.tool} ${JSON.stringify(s.input)} — ${s.state}${s.risk ? ` [${s.risk}]` : ''}${s.error ? `: ${s.error}` : ''}`;
}

function proposals(
  incident: Incident,
  runs: readonly RunRecord[],
  entries: readonly AuditEntry[],
): RetroProposal[] {
  const out: RetroProposal[] = [];
  const add = (p: Omit<RetroProposal, 'id'>) => out.push({ id: `${incident.id}-P${out.length + 1}`, ...p });
  for (const run of runs) {
    const playbook = run.plan.playbook ?? 'unnamed';
    // Only a plan the playbook planner made maps step for step onto a playbook a change can edit.
    const editable = run.plan.playbook !== undefined && run.plan.planner === 'playbook';
    const on = editable ? { version: run.plan.playbookVersion ?? 1 } : {};
    for (const s of run.steps) {
      if (s.state === 'rejected' && s.approvalId !== null) {
        add({
          ...on,
          ...(editable ? { change: { op: 'remove_step', playbook, index: s.index, tool: s.tool } } : {}),
          kind: 'playbook',
          title: `Stop proposing ${s.tool} in playbook ${playbook}`,
          reason: `People rejected step ${s.index + 1} (${s.tool}) during ${incident.id}.`,
          diff: [
            `--- playbook ${playbook} (current)`,
            `+++ playbook ${playbook} (proposed)`,
            ` steps:`,
            `-  - tool: ${s.tool}`,
            `-    rationale: ${JSON.stringify(s.rationale)}`,
            `+  # ${s.tool} removed after ${incident.id}: rejected by a reviewer; propose it by hand when it fits`,
          ].join('\n'),
        });
      }
      if ((s.state === 'failed' || s.state === 'unknown') && s.approvalId === null) {
        add({
          kind: 'policy',
          title: `Ask a person before ${s.tool} in ${run.origin.domain}`,
          reason: `${s.tool} ran unattended and ended ${s.state}${s.error ? ` (${s.error})` : ''}.`,
          diff: [
            `--- policies/default.policy.yaml`,
            `+++ policies/default.policy.yaml`,
            ` rules:`,
            `+  - id: retro-${incident.id.toLowerCase()}-${s.tool.replace(/[^a-z0-9]+/gi, '-')}`,
            `+    description: Proposed by the ${incident.id} retro — ${s.tool} failed when it ran alone.`,
            `+    match:`,
            `+      domain: ${run.origin.domain}`,
            `+      tool: '${s.tool}'`,
            `+    effect: approve`,
            `+    approval: { count: 1, distinctFromRequester: true, expiresIn: 30m }`,
          ].join('\n'),
        });
        const to = s.risk === null ? undefined : RISKS[riskRank(s.risk) + 1];
        if (editable && to !== undefined)
          add({
            ...on,
            kind: 'playbook',
            title: `Raise ${s.tool} in playbook ${playbook} to ${to} risk`,
            reason: `${s.tool} ran unattended at ${s.risk} risk and ended ${s.state}; at ${to} the policy decides again, and under supervised autonomy a person approves it.`,
            diff: [
              `--- playbook ${playbook} (current)`,
              `+++ playbook ${playbook} (proposed)`,
              ` steps:`,
              `   - tool: ${s.tool}`,
              `+    suggestedRisk: ${to}`,
            ].join('\n'),
            change: { op: 'raise_risk', playbook, index: s.index, tool: s.tool, to },
          });
      }
      if (s.state === 'expired') {
        const rule = s.decision?.rule ?? 'the matching rule';
        add({
          kind: 'policy',
          title: `Give ${s.tool} approvals longer, or page someone`,
          reason: `The approval for ${s.tool} expired unanswered (${rule}).`,
          diff: [
            `--- ${rule}`,
            `+++ ${rule}`,
            `-    approval: { …, expiresIn: <current> }`,
            `+    approval: { …, expiresIn: 60m }  # and subscribe the on-call channel to ${incident.labels['service'] ?? 'this service'}`,
          ].join('\n'),
        });
      }
    }
  }
  if (entries.some((e) => e.kind === 'plan' && str(data(e)['error']) !== undefined) || runs.length === 0) {
    const alertname = incident.labels['alertname'] ?? incident.title;
    add({
      kind: 'playbook',
      title: `Add a playbook for ${alertname}`,
      reason:
        runs.length === 0 ? 'No plan was made for this incident.' : 'Planning failed for this incident.',
      diff: [
        `+++ playbook ${String(alertname)
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')} (new)`,
        `+trigger: { kind: signal, labels: { alertname: '${alertname}'${incident.labels['service'] ? ", service: '*'" : ''} } }`,
        `+steps:`,
        `+  - tool: <diagnostic tool of the ${incident.skill ?? 'claiming'} skill>`,
        `+    input: { service: '{{labels.service}}' }`,
        `+    rationale: First look at ${alertname}, proposed by the ${incident.id} retro.`,
      ].join('\n'),
    });
  }
  return out;
}

/**
 * Drafts a post-incident retro from the ledger and the runs: summary, timeline, what ran by itself,
 * where people stepped in, what failed, and proposed playbook/policy changes as diffs for review.
 */
export function draftRetro(
  incident: Incident,
  runs: readonly RunRecord[],
  entries: readonly AuditEntry[],
): RetroDraft {
  const sorted = [...entries].sort((a, b) => a.seq - b.seq);
  const steps = runs.flatMap((r) => r.steps);
  const automated = steps.filter(
    (s) => s.approvalId === null && ['succeeded', 'failed', 'rolled_back', 'unknown'].includes(s.state),
  );
  const votes = sorted.filter((e) => e.kind === 'approval.vote');
  const failed = steps.filter((s) =>
    ['failed', 'unknown', 'rolled_back', 'rejected', 'expired'].includes(s.state),
  );
  const plannerErrors = sorted.filter((e) => e.kind === 'plan' && str(data(e)['error']) !== undefined);
  const end = incident.resolvedAt ?? incident.updatedAt;
  const found = proposals(incident, runs, sorted);
  const lines = [
    `Retro draft for ${incident.id}: ${incident.title}`,
    `severity ${incident.severity} · ${incident.status} · ${incident.signalCount} signals · opened ${incident.openedAt}${incident.resolvedAt ? ` · resolved ${incident.resolvedAt}` : ''} · ${offset(incident.openedAt, end).slice(2)} long`,
    '',
    'Timeline',
    ...timeline(incident, sorted).map((l) => `  ${l}`),
    '',
    `Automated (${automated.length} steps ran without a person)`,
    ...(automated.length === 0 ? ['  none'] : automated.map((s) => `  • ${stepLine(s)}`)),
    '',
    `Human interventions (${votes.length})`,
    ...(votes.length === 0
      ? ['  none']
      : votes.map(
          (v) =>
            `  • ${v.actor} ${str(data(v)['decision']) ?? 'voted'} at ${offset(incident.openedAt, v.at)}${data(v)['accepted'] === false ? ' (refused)' : ''}`,
        )),
    '',
    `What failed (${failed.length + plannerErrors.length})`,
    ...(failed.length + plannerErrors.length === 0
      ? ['  nothing']
      : [
          ...failed.map((s) => `  • ${stepLine(s)}`),
          ...plannerErrors.map((e) => `  • planning: ${str(data(e)['error'])}`),
        ]),
    '',
    `Proposed changes (${found.length}) — recorded for review, not applied`,
    ...(found.some((p) => p.change !== undefined)
      ? [
          '  Accept a playbook change with: retro accept <id> (an approved step writes a new playbook version)',
        ]
      : []),
    ...(found.length === 0
      ? ['  none: nothing in this incident calls for a playbook or policy change']
      : found.flatMap((p) => [
          `  ${p.id} [${p.kind}] ${p.title}`,
          `    why: ${p.reason}`,
          '```diff',
          p.diff,
          '```',
        ])),
  ];
  return { text: lines.join('\n'), proposals: found };
}
