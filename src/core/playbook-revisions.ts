import type { Risk } from './risk.js';
import type { PlaybookStep } from './skill.js';

/**
 * A structured change to one playbook's step list, as a retro proposes it. Steps are named by their
 * position in the version the retro saw and by their tool, so a change made against an older version is
 * refused as stale instead of hitting the wrong step. None of them can lower a step's risk.
 */
export type PlaybookChange =
  | {
      readonly op: 'remove_step';
      readonly playbook: string;
      readonly index: number;
      readonly tool: string;
    }
  | {
      /** Raise a step's risk (e.g. to the tier the policy sends to an approver); never lower it. */
      readonly op: 'raise_risk';
      readonly playbook: string;
      readonly index: number;
      readonly tool: string;
      readonly to: Risk;
    }
  | {
      /** Insert a step before position `at` (the step count appends it). Its tool must exist. */
      readonly op: 'add_step';
      readonly playbook: string;
      readonly at: number;
      readonly step: PlaybookStep;
    };

/** What produced a version: an accepted retro change, or a rollback to an earlier version. */
export type PlaybookRevisionCause = PlaybookChange | { readonly op: 'rollback'; readonly toVersion: number };

/** One stored version of a playbook. Version 1 is the skill's built-in definition and is never stored. */
export interface PlaybookRevision {
  readonly playbook: string;
  /** 2, 3, … per playbook, without gaps. */
  readonly version: number;
  /** The version this one was made from. */
  readonly baseVersion: number;
  /** The full resulting step list the planner uses from now on. */
  readonly steps: readonly PlaybookStep[];
  readonly cause: PlaybookRevisionCause;
  /** Unified-diff-style text from the base version to this one. */
  readonly diff: string;
  /** Who asked for it (the step's requester) and who approved it. */
  readonly requestedBy: string;
  readonly approvedBy: readonly string[];
  readonly incidentId?: string;
  readonly proposalId?: string;
  readonly createdAt: string;
}

/** The newest version of each revised playbook, as the playbook planner reads it. */
export interface PlaybookRevisionSource {
  current(playbook: string): PlaybookRevision | undefined;
}

/** Durable, append-only playbook versions (SQLite). */
export interface PlaybookRevisionRepository extends PlaybookRevisionSource {
  /** Every stored version of a playbook, oldest first. */
  list(playbook: string): PlaybookRevision[];
  get(playbook: string, version: number): PlaybookRevision | undefined;
  /** The newest version of every revised playbook. */
  currentAll(): PlaybookRevision[];
  /**
   * Stores a new version; throws `PLAYBOOK_REVISION_STALE` when `version` is not the next one (someone
   * else revised the playbook first), so two acceptances never both apply.
   */
  add(revision: PlaybookRevision): void;
}
