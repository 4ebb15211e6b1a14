import { z } from 'zod';
import {
  WatchkeeperError,
  type Playbook,
  type PlaybookRevision,
  type PlaybookRevisionRepository,
  type PlaybookStep,
  type Tool,
  type ToolResult,
} from '../core/index.js';

export const LIST_VERSIONS_TOOL = 'playbook.list_versions';
export const LIST_PLAYBOOKS_TOOL = 'playbook.list_playbooks';

const TARGET = { environment: 'watchkeeper', service: 'watchkeeper', tags: ['playbook'] } as const;

/** Read-only: a playbook's versions (who, from which proposal, the steps) and every playbook's version. */
export function createPlaybookReadTools(o: {
  readonly repo: PlaybookRevisionRepository;
  readonly builtIn: (playbook: string) => Playbook | undefined;
  readonly playbookIds: () => readonly string[];
}): Tool[] {
  const versions: Tool<{ playbook: string }> = {
    name: LIST_VERSIONS_TOOL,
    description: 'The versions of a playbook: who accepted each, from which proposal, and the diff.',
    input: z.object({ playbook: z.string().min(1) }).strict(),
    risk: 'low',
    reversible: true,
    scope: 'watchkeeper:read',
    target: () => TARGET,
    async run({ playbook }): Promise<ToolResult> {
      const base = o.builtIn(playbook);
      if (base === undefined)
        throw new WatchkeeperError('NOT_FOUND', `no playbook ${playbook}; list them with: playbook list`);
      const list = o.repo.list(playbook);
      const current = list.at(-1)?.version ?? 1;
      const lines = [
        `Playbook ${playbook}: version ${current} in use`,
        `  v1 built-in: ${base.steps.map((s) => s.tool).join(', ') || 'no steps'}${current === 1 ? ' ← current' : ''}`,
        ...list.map(
          (r) =>
            `  v${r.version} ${describeCause(r)} by ${r.requestedBy}, approved by ${r.approvedBy.join(', ') || 'nobody'} at ${r.createdAt}: ${r.steps.map((s) => stepLabel(s)).join(', ') || 'no steps'}${r.version === current ? ' ← current' : ''}`,
        ),
      ];
      return { ok: true, summary: lines.join('\n'), data: { playbook, current, versions: list } };
    },
  };

  const listAll: Tool<Record<string, never>> = {
    name: LIST_PLAYBOOKS_TOOL,
    description: 'Every playbook with the version in use.',
    input: z.object({}).strict() as unknown as z.ZodType<Record<string, never>>,
    risk: 'low',
    reversible: true,
    scope: 'watchkeeper:read',
    target: () => TARGET,
    async run(): Promise<ToolResult> {
      const revised = new Map(o.repo.currentAll().map((r) => [r.playbook, r.version]));
      const rows = o.playbookIds().map((id) => ({ playbook: id, version: revised.get(id) ?? 1 }));
      const changed = rows.filter((r) => r.version > 1);
      return {
        ok: true,
        summary: [
          `${rows.length} playbooks; ${changed.length} revised${changed.length === 0 ? '' : ':'}`,
          ...changed.map((r) => `  ${r.playbook} v${r.version}`),
        ].join('\n'),
        data: rows,
      };
    },
  };

  return [versions, listAll] as unknown as Tool[];
}

function describeCause(r: PlaybookRevision): string {
  if (r.cause.op === 'rollback') return `rollback to v${r.cause.toVersion}`;
  return `${r.cause.op.replace('_', ' ')} from ${r.proposalId ?? 'a retro'}${r.incidentId === undefined ? '' : ` (${r.incidentId})`}`;
}

function stepLabel(s: PlaybookStep): string {
  return s.suggestedRisk === undefined ? s.tool : `${s.tool} [${s.suggestedRisk}]`;
}
