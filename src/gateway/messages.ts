import type { Approval, ApprovalPrompt, Incident, RunRecord, StepRecord } from '../core/index.js';

/** Plain-text renderings shared by every platform; adapters add their own rich rendering. */

export function incidentText(i: Incident): string {
  const labels = Object.entries(i.labels)
    .filter(([k]) => ['service', 'alertname', 'severity', 'env', 'environment'].includes(k))
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  const state = i.status === 'open' ? '🔴 open' : i.status === 'mitigated' ? '🟡 mitigated' : '🟢 resolved';
  return `${state} ${i.id} [${i.severity}] ${i.title}${labels === '' ? '' : ` (${labels})`} · ${i.signalCount} signal${i.signalCount === 1 ? '' : 's'}`;
}

export function planText(run: RunRecord): string {
  const where = run.origin.incidentId === undefined ? '' : ` for ${run.origin.incidentId}`;
  const by = run.plan.playbook === undefined ? run.plan.planner : `${run.plan.planner}:${run.plan.playbook}`;
  const steps = run.plan.steps
    .map((s, n) => `${n + 1}. ${s.tool} ${compact(s.input)}: ${s.rationale}`)
    .join('\n');
  const notes = (run.plan.notes ?? []).map((n) => `ℹ️ ${n}`);
  return [`Plan${where} (${by}): ${run.plan.goal}`, ...notes, steps].join('\n');
}

export function stepOutcomeText(run: RunRecord, step: StepRecord): string {
  const head = `${run.origin.incidentId ?? 'run'} step ${step.index + 1} ${step.tool}`;
  const rule = step.decision === null ? '' : ` [${step.decision.risk}, ${step.decision.rule}]`;
  switch (step.state) {
    case 'succeeded':
      return `✅ ${head} succeeded${rule}: ${step.result?.summary ?? ''}`;
    case 'failed':
      return `❌ ${head} failed${rule}: ${step.error ?? step.result?.summary ?? 'unknown error'}`;
    case 'rejected':
      return `⛔ ${head} not run${rule}: ${step.error ?? 'rejected'}${step.preview === null ? '' : `\npreview: ${step.preview}`}`;
    case 'expired':
      return `⌛ ${head} expired: the approval was not given in time`;
    case 'unknown':
      return `⚠️ ${head} is in an unknown state: the process stopped while it was running. Check the target by hand; it will not be re-run.`;
    default:
      return `${head}: ${step.state}`;
  }
}

export function approvalPrompt(
  approval: Approval,
  step: StepRecord,
  run: RunRecord,
  token: string,
): ApprovalPrompt {
  const d = step.decision;
  return {
    approvalId: approval.id,
    token,
    ...(run.origin.incidentId === undefined ? {} : { incidentId: run.origin.incidentId }),
    runId: run.id,
    tool: step.tool,
    input: step.input,
    rationale: step.rationale,
    risk: step.risk ?? d?.risk ?? 'critical',
    rule: d?.rule ?? 'unknown',
    reason: d?.reason ?? '',
    ...(step.preview === null ? {} : { preview: step.preview }),
    requester: approval.requester,
    needed: approval.requirements.count,
    roles: approval.requirements.roles,
    distinctFromRequester: approval.requirements.distinctFromRequester,
    expiresAt: approval.expiresAt,
    status: approval.status,
    votes: approval.votes.map((v) => ({
      principal: v.principal,
      decision: v.decision,
      accepted: v.accepted,
      ...(v.reason === undefined ? {} : { reason: v.reason }),
    })),
    ...(outcome(step) === undefined ? {} : { outcome: outcome(step) as string }),
  };
}

function outcome(step: StepRecord): string | undefined {
  if (step.state === 'succeeded') return `ran: ${step.result?.summary ?? 'ok'}`;
  if (step.state === 'failed') return `failed: ${step.error ?? ''}`;
  if (step.state === 'running') return 'running…';
  if (step.state === 'unknown') return 'unknown: the process stopped while it was running';
  return undefined;
}

export function approvalText(p: ApprovalPrompt): string {
  const accepted = p.votes.filter((v) => v.accepted && v.decision === 'approve').length;
  const who = p.roles.length === 0 ? 'anyone with a role' : p.roles.join(' or ');
  const lines = [
    `🔐 Approval ${p.approvalId} ${p.status === 'pending' ? 'needed' : p.status}: ${p.tool} ${compact(p.input)}`,
    `risk ${p.risk} · rule ${p.rule}${p.reason === '' ? '' : ` · ${p.reason}`}`,
    `why: ${p.rationale}`,
    ...(p.preview === undefined ? [] : [`dry run: ${p.preview}`]),
    `needs ${p.needed} approval${p.needed === 1 ? '' : 's'} from ${who}${p.distinctFromRequester ? `, not ${p.requester}` : ''} · ${accepted}/${p.needed} so far · expires ${p.expiresAt}`,
    ...p.votes.map(
      (v) =>
        `  ${v.accepted ? '✔' : '✘'} ${v.principal} ${v.decision}${v.accepted ? '' : ` refused (${v.reason ?? ''})`}`,
    ),
    ...(p.outcome === undefined ? [] : [`outcome: ${p.outcome}`]),
    ...(p.status === 'pending' ? [`reply: approve ${p.approvalId} | reject ${p.approvalId}`] : []),
  ];
  return lines.join('\n');
}

export function compact(value: unknown): string {
  const json = JSON.stringify(value) ?? '';
  return json.length > 200 ? `${json.slice(0, 197)}...` : json;
}
