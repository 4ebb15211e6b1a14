import { z } from 'zod';
import {
  WatchkeeperError,
  type AuditLog,
  type Playbook,
  type PlaybookChange,
  type PlaybookRevision,
  type PlaybookRevisionRepository,
  type PlaybookStep,
  type Tool,
  type ToolResult,
} from '../core/index.js';
import {
  applyPlaybookChange,
  checkPlaybookSteps,
  playbookDiff,
  type ToolRiskOf,
} from './apply-playbook-change.js';
import { createPlaybookReadTools } from './playbook-read-tools.js';

export const ACCEPT_PROPOSAL_TOOL = 'retro.accept_proposal';
export const ROLLBACK_PLAYBOOK_TOOL = 'playbook.rollback';
export { LIST_PLAYBOOKS_TOOL, LIST_VERSIONS_TOOL } from './playbook-read-tools.js';

/** A retro proposal as the ledger recorded it (`retro.drafted`). */
export interface RecordedProposal {
  readonly id: string;
  readonly incidentId: string;
  readonly kind: string;
  readonly title: string;
  readonly change?: PlaybookChange;
  /** The playbook version the incident ran. */
  readonly version?: number;
}

export interface PlaybookRevisionToolsOptions {
  readonly repo: PlaybookRevisionRepository;
  /** The skills' built-in playbooks (version 1), by id. */
  readonly builtIn: (playbook: string) => Playbook | undefined;
  readonly playbookIds: () => readonly string[];
  readonly riskOf: ToolRiskOf;
  /** The newest recorded proposal with this id, if a retro drafted one. */
  readonly proposal: (id: string) => RecordedProposal | undefined;
  /** Who asked for a step and who approved it (the orchestrator's records, by step id). */
  readonly whoOf: (stepId: string) => { requestedBy: string; approvedBy: readonly string[] };
  readonly audit: AuditLog;
}

// Watchkeeper's own configuration, not a production system: the high-risk rule decides who approves.
const TARGET = { environment: 'watchkeeper', service: 'watchkeeper', tags: ['playbook'] } as const;
const PROPOSAL_ID = /^[a-z0-9][\w-]*-P\d+$/i;

type AcceptInput = { proposal: string; playbook: string; baseVersion: number };
type RollbackInput = { playbook: string; version: number; baseVersion: number };

/**
 * Playbook versions as tools, so every change goes through the one execution path: the policy gate
 * (high risk: an approver other than the requester), the approval bound to the exact proposal, playbook
 * and base version, and the audit ledger. Accepting a proposal or rolling back writes a NEW version; the
 * step list is recomputed and checked when the step runs, so a stale or unsafe revision is refused whole.
 */
export function createPlaybookRevisionTools(o: PlaybookRevisionToolsOptions): Tool[] {
  const versionOf = (playbook: string): number => o.repo.current(playbook)?.version ?? 1;
  const stepsOf = (playbook: string, version: number): readonly PlaybookStep[] | undefined =>
    version === 1 ? o.builtIn(playbook)?.steps : o.repo.get(playbook, version)?.steps;

  /** The revision accepting `proposal` on `baseVersion` would write; throws a coded error if none. */
  function acceptance(input: { proposal: string; baseVersion?: number | undefined }): {
    proposal: RecordedProposal;
    change: PlaybookChange;
    revision: Omit<PlaybookRevision, 'requestedBy' | 'approvedBy' | 'createdAt'>;
  } {
    const proposal = o.proposal(input.proposal.toUpperCase());
    if (proposal === undefined)
      throw new WatchkeeperError(
        'NOT_FOUND',
        `no retro proposal ${input.proposal}; draft one with: retro <incident>`,
      );
    const change = proposal.change;
    if (change === undefined)
      throw new WatchkeeperError(
        'PLAYBOOK_REVISION_INVALID',
        `${proposal.id} is a ${proposal.kind} proposal for review only: apply it by editing the files it names (policies: run watchkeeper policy test)`,
      );
    const playbook = change.playbook;
    const base = o.builtIn(playbook);
    if (base === undefined)
      throw new WatchkeeperError('PLAYBOOK_REVISION_INVALID', `no playbook ${playbook}`);
    const current = versionOf(playbook);
    const baseVersion = input.baseVersion ?? current;
    const seen = proposal.version ?? 1;
    if (baseVersion !== current || seen !== current)
      throw new WatchkeeperError(
        'PLAYBOOK_REVISION_STALE',
        `playbook ${playbook} is at version ${current}, but ${proposal.id} was drafted on version ${seen}${input.baseVersion === undefined || input.baseVersion === seen ? '' : ` and approved on version ${input.baseVersion}`}; draft a new retro`,
        { playbook, current, proposal: seen, baseVersion },
      );
    const before = stepsOf(playbook, current) ?? [];
    const steps = applyPlaybookChange(before, change, o.riskOf);
    return {
      proposal,
      change,
      revision: {
        playbook,
        version: current + 1,
        baseVersion: current,
        steps,
        cause: change,
        diff: playbookDiff(playbook, { version: current, steps: before }, { version: current + 1, steps }),
        incidentId: proposal.incidentId,
        proposalId: proposal.id,
      },
    };
  }

  function rollbackTo(input: { playbook: string; version: number; baseVersion?: number | undefined }) {
    const { playbook, version } = input;
    if (o.builtIn(playbook) === undefined)
      throw new WatchkeeperError('NOT_FOUND', `no playbook ${playbook}; list them with: playbook list`);
    const current = versionOf(playbook);
    const baseVersion = input.baseVersion ?? current;
    if (baseVersion !== current)
      throw new WatchkeeperError(
        'PLAYBOOK_REVISION_STALE',
        `playbook ${playbook} is at version ${current}, not ${baseVersion} as approved; ask again`,
        { playbook, current, baseVersion },
      );
    if (version >= current)
      throw new WatchkeeperError(
        'PLAYBOOK_REVISION_INVALID',
        `playbook ${playbook} is at version ${current}; roll back to an earlier version (1–${current - 1})`,
      );
    const steps = stepsOf(playbook, version);
    if (steps === undefined)
      throw new WatchkeeperError('NOT_FOUND', `playbook ${playbook} has no version ${version}`);
    checkPlaybookSteps(steps, o.riskOf, playbook);
    const before = stepsOf(playbook, current) ?? [];
    return {
      playbook,
      version: current + 1,
      baseVersion: current,
      steps,
      cause: { op: 'rollback', toVersion: version } as const,
      diff: playbookDiff(playbook, { version: current, steps: before }, { version: current + 1, steps }),
    };
  }

  /** Stores the revision with who asked and who approved, and records it in the ledger. */
  function write(
    r: Omit<PlaybookRevision, 'requestedBy' | 'approvedBy' | 'createdAt'>,
    stepId: string,
    at: string,
  ): PlaybookRevision {
    const revision: PlaybookRevision = { ...r, ...o.whoOf(stepId), createdAt: at };
    o.repo.add(revision);
    o.audit.append({
      kind: 'system',
      actor: revision.requestedBy,
      ...(revision.incidentId === undefined ? {} : { incidentId: revision.incidentId }),
      subject: `playbook:${revision.playbook}`,
      data: {
        event: 'playbook.revised',
        playbook: revision.playbook,
        version: revision.version,
        baseVersion: revision.baseVersion,
        cause: revision.cause,
        proposalId: revision.proposalId,
        requestedBy: revision.requestedBy,
        approvedBy: revision.approvedBy,
        diff: revision.diff,
        steps: revision.steps,
      },
    });
    return revision;
  }

  // The issue's message carries the error code: a refusal at planning time is shown as invalid input.
  const refuse = (ctx: z.RefinementCtx, err: unknown): never => {
    const e = err instanceof WatchkeeperError ? `${err.code}: ${err.message}` : String(err);
    ctx.addIssue({ code: 'custom', message: e });
    return z.NEVER;
  };

  const acceptInput = z
    .object({
      proposal: z.string().regex(PROPOSAL_ID, 'a proposal id such as INC-7-P1'),
      playbook: z.string().optional(),
      baseVersion: z.number().int().min(1).optional(),
    })
    .strict()
    .transform((v, ctx): AcceptInput => {
      try {
        const { proposal, revision } = acceptance(v);
        if (v.playbook !== undefined && v.playbook !== revision.playbook)
          throw new WatchkeeperError(
            'PLAYBOOK_REVISION_INVALID',
            `${proposal.id} is about ${revision.playbook}`,
          );
        return { proposal: proposal.id, playbook: revision.playbook, baseVersion: revision.baseVersion };
      } catch (err) {
        return refuse(ctx, err);
      }
    });

  const accept: Tool<AcceptInput> = {
    name: ACCEPT_PROPOSAL_TOOL,
    description: 'Accept a retro proposal: write its playbook change as a new version of the playbook.',
    input: acceptInput as unknown as z.ZodType<AcceptInput>,
    risk: 'high',
    // Undone by rolling the playbook back to the version it was made from (see rollback below).
    reversible: true,
    scope: 'watchkeeper:playbooks',
    target: () => TARGET,
    async dryRun(input) {
      const { revision } = acceptance(input);
      return {
        ok: true,
        summary: `would write ${revision.playbook} v${revision.version}:\n${revision.diff}`,
      };
    },
    async run(input, ctx): Promise<ToolResult> {
      const { revision } = acceptance(input);
      const stored = write(revision, ctx.idempotencyKey, ctx.clock.now().toISOString());
      return {
        ok: true,
        summary: `${input.proposal} accepted: playbook ${stored.playbook} is now version ${stored.version} (from v${stored.baseVersion}); undo with: playbook rollback ${stored.playbook} ${stored.baseVersion}\n${stored.diff}`,
        data: { playbook: stored.playbook, version: stored.version, baseVersion: stored.baseVersion },
      };
    },
    rollback: (input, result) => {
      const data = result.data as { playbook?: string; version?: number } | undefined;
      if (data?.playbook === undefined || data.version === undefined) return undefined;
      return { tool: ROLLBACK_PLAYBOOK_TOOL, input: { playbook: data.playbook, version: input.baseVersion } };
    },
  };

  const rollbackInput = z
    .object({
      playbook: z.string().min(1),
      version: z.coerce.number().int().min(1),
      baseVersion: z.number().int().min(1).optional(),
    })
    .strict()
    .transform((v, ctx): RollbackInput => {
      try {
        const r = rollbackTo(v);
        return { playbook: v.playbook, version: v.version, baseVersion: r.baseVersion };
      } catch (err) {
        return refuse(ctx, err);
      }
    });

  const rollback: Tool<RollbackInput> = {
    name: ROLLBACK_PLAYBOOK_TOOL,
    description: "Roll a playbook back to an earlier version's steps (written as a new version).",
    input: rollbackInput as unknown as z.ZodType<RollbackInput>,
    risk: 'high',
    reversible: true,
    scope: 'watchkeeper:playbooks',
    target: () => TARGET,
    async dryRun(input) {
      const r = rollbackTo(input);
      return {
        ok: true,
        summary: `would write ${r.playbook} v${r.version} (= v${input.version}):\n${r.diff}`,
      };
    },
    async run(input, ctx): Promise<ToolResult> {
      const stored = write(rollbackTo(input), ctx.idempotencyKey, ctx.clock.now().toISOString());
      return {
        ok: true,
        summary: `playbook ${stored.playbook} rolled back to version ${input.version}'s steps, as version ${stored.version}\n${stored.diff}`,
        data: { playbook: stored.playbook, version: stored.version, baseVersion: stored.baseVersion },
      };
    },
    rollback: (input) => ({
      tool: ROLLBACK_PLAYBOOK_TOOL,
      input: { playbook: input.playbook, version: input.baseVersion },
    }),
  };

  return [accept, rollback, ...createPlaybookReadTools(o)] as unknown as Tool[];
}
