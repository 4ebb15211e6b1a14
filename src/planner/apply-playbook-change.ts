import { WatchkeeperError, maxRisk, riskRank } from '../core/index.js';
import type { PlaybookChange, PlaybookStep, Risk } from '../core/index.js';

/** The declared risk of each tool that exists; `undefined` for a tool that does not. */
export type ToolRiskOf = (tool: string) => Risk | undefined;

const invalid = (message: string, details?: unknown): WatchkeeperError =>
  new WatchkeeperError('PLAYBOOK_REVISION_INVALID', message, details);

/**
 * Applies one structured change to a playbook's steps and returns the full new step list, or throws a
 * coded error and changes nothing: `PLAYBOOK_REVISION_STALE` when the named step is not where the retro
 * saw it, `PLAYBOOK_REVISION_INVALID` for an unknown tool or an impossible change,
 * `PLAYBOOK_RISK_LOWERED` when a step's risk would go down. The result is checked as a whole by
 * {@link checkPlaybookSteps} too.
 */
export function applyPlaybookChange(
  steps: readonly PlaybookStep[],
  change: PlaybookChange,
  riskOf: ToolRiskOf,
): PlaybookStep[] {
  const next = [...steps];
  switch (change.op) {
    case 'remove_step': {
      stepAt(steps, change.index, change.tool, change.playbook);
      next.splice(change.index, 1);
      break;
    }
    case 'raise_risk': {
      const step = stepAt(steps, change.index, change.tool, change.playbook);
      const declared = riskOf(step.tool);
      if (declared === undefined) throw invalid(`tool ${step.tool} does not exist`, { tool: step.tool });
      const now = maxRisk(declared, step.suggestedRisk);
      if (riskRank(change.to) <= riskRank(now))
        throw new WatchkeeperError(
          'PLAYBOOK_RISK_LOWERED',
          `step ${change.index + 1} (${step.tool}) is already ${now}; a revision may only raise it, not set ${change.to}`,
          { tool: step.tool, current: now, proposed: change.to },
        );
      next[change.index] = { ...step, suggestedRisk: change.to };
      break;
    }
    case 'add_step': {
      if (!Number.isInteger(change.at) || change.at < 0 || change.at > steps.length)
        throw invalid(`cannot add a step at position ${change.at + 1} of ${change.playbook}`);
      if (change.step.rationale.trim() === '') throw invalid('an added step needs a rationale');
      next.splice(change.at, 0, change.step);
      break;
    }
  }
  checkPlaybookSteps(next, riskOf, change.playbook);
  return next;
}

/**
 * The invariants every stored version keeps: each tool exists, and no step suggests a risk below its
 * tool's declaration (the policy takes the higher one anyway; a lower suggestion would only mislead).
 */
export function checkPlaybookSteps(
  steps: readonly PlaybookStep[],
  riskOf: ToolRiskOf,
  playbook: string,
): void {
  steps.forEach((s, i) => {
    const declared = riskOf(s.tool);
    if (declared === undefined)
      throw invalid(`step ${i + 1} of ${playbook} uses tool ${s.tool}, which does not exist`, {
        playbook,
        tool: s.tool,
      });
    if (s.suggestedRisk !== undefined && riskRank(s.suggestedRisk) < riskRank(declared))
      throw new WatchkeeperError(
        'PLAYBOOK_RISK_LOWERED',
        `step ${i + 1} of ${playbook} suggests ${s.suggestedRisk}, below ${s.tool}'s own ${declared}`,
        { playbook, tool: s.tool, declared, proposed: s.suggestedRisk },
      );
  });
}

function stepAt(steps: readonly PlaybookStep[], index: number, tool: string, playbook: string): PlaybookStep {
  const step = steps[index];
  if (step === undefined || step.tool !== tool)
    throw new WatchkeeperError(
      'PLAYBOOK_REVISION_STALE',
      `step ${index + 1} of ${playbook} is no longer ${tool}; the playbook changed since the retro — draft a new one`,
      { playbook, index, tool, found: step?.tool },
    );
  return step;
}

/** Unified-diff-style text between two step lists, one YAML-ish block per step. */
export function playbookDiff(
  playbook: string,
  from: { version: number; steps: readonly PlaybookStep[] },
  to: { version: number; steps: readonly PlaybookStep[] },
): string {
  const block = (s: PlaybookStep): string[] => [
    `  - tool: ${s.tool}`,
    `    input: ${JSON.stringify(s.input)}`,
    `    rationale: ${JSON.stringify(s.rationale)}`,
    ...(s.suggestedRisk === undefined ? [] : [`    suggestedRisk: ${s.suggestedRisk}`]),
  ];
  const a = from.steps.map((s) => block(s).join('\n'));
  const b = to.steps.map((s) => block(s).join('\n'));
  const lines = [
    `--- playbook ${playbook} v${from.version}`,
    `+++ playbook ${playbook} v${to.version}`,
    ' steps:',
  ];
  // Longest common subsequence over whole steps: enough for lists of a handful of steps.
  const n = a.length;
  const m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  let i = 0;
  let j = 0;
  const emit = (prefix: string, text: string) => lines.push(...text.split('\n').map((l) => `${prefix}${l}`));
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      emit(' ', a[i++]!);
      j++;
    } else if (j < m && (i >= n || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) emit('+', b[j++]!);
    else emit('-', a[i++]!);
  }
  return lines.join('\n');
}
