import type { Risk } from './risk.js';
import type { Signal } from './signal.js';
import type { Tool } from './tool.js';
import type { TriageFn } from './triage.js';

/** A chat command a skill offers: `/wk <skill> <name> <usage>`. Help text is generated from these. */
export interface CommandSpec {
  readonly name: string;
  readonly usage: string;
  readonly description: string;
  /** Minimum number of positional arguments. */
  readonly minArgs: number;
}

/**
 * A step template: `{{labels.service}}`, `{{annotations.summary}}` or `{{args.0}}` are filled from the
 * signal or the command; a value that is exactly one placeholder keeps its type.
 */
export interface PlaybookStep {
  readonly tool: string;
  readonly input: Readonly<Record<string, unknown>>;
  readonly rationale: string;
  /** Raises the step's risk above the tool's declaration (e.g. containment is critical); never lowers it. */
  readonly suggestedRisk?: Risk;
}

/** A deterministic plan: what triggers it and the ordered steps it proposes. */
export interface Playbook {
  readonly id: string;
  readonly description: string;
  readonly trigger:
    | { readonly kind: 'signal'; readonly labels: Readonly<Record<string, string>> }
    | { readonly kind: 'command'; readonly command: string };
  readonly steps: readonly PlaybookStep[];
}

/** A domain skill: which signals it claims, which commands it answers, its playbooks and tools. */
export interface Skill {
  readonly id: string;
  /** Short names accepted in chat, e.g. `ops` for `operations`. */
  readonly aliases?: readonly string[];
  readonly domain: string;
  readonly description: string;
  claims(signal: Signal): boolean;
  readonly commands: readonly CommandSpec[];
  readonly playbooks: readonly Playbook[];
  readonly tools: readonly Tool[];
  /**
   * Judges a claimed signal before it pages: a verdict with `openIncident: false` keeps the signal stored
   * and audited without opening an incident or posting. Absent: every claimed signal opens one.
   */
  readonly triage?: TriageFn;
  /**
   * Context for people, posted in the thread of the incident a signal opened (e.g. the operations impact
   * analysis: blast radius, suspects, recent deploys). Absent or undefined: nothing is posted.
   */
  readonly describe?: (signal: Signal) => string | undefined;
}
