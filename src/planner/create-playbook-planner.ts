import { WatchkeeperError, matchLabels } from '../core/index.js';
import type {
  Goal,
  Plan,
  Planner,
  Playbook,
  PlaybookRevisionSource,
  Signal,
  Skill,
  Step,
} from '../core/index.js';
import { fillTemplate, fillText } from './fill-template.js';
import type { TemplateScope } from './fill-template.js';

export interface PlaybookPlannerOptions {
  readonly skills: readonly Skill[];
  /** Accepted revisions: the newest version of a playbook replaces its built-in steps (version 1). */
  readonly revisions?: PlaybookRevisionSource;
  /** Whether a tool still exists; a revision naming one that does not is refused, not half-used. */
  readonly toolExists?: (tool: string) => boolean;
}

/** The planner id recorded on every plan it makes. */
export const PLAYBOOK_PLANNER_ID = 'playbook';

/**
 * The embedded, deterministic planner: it picks a playbook of the goal's skill and fills its templates.
 * For a command goal, the playbook whose trigger is that command; for a signal, the first signal playbook
 * whose labels match. Nothing matched → a plan with zero steps whose goal says so, so a later planner
 * (LangChain) can take over. Template rules are in {@link fillTemplate}.
 */
export function createPlaybookPlanner(options: PlaybookPlannerOptions): Planner {
  const skills = new Map(options.skills.map((s) => [s.id, s]));
  const current = (p: Playbook): Versioned => revised(p, options);
  return {
    id: PLAYBOOK_PLANNER_ID,
    plan: async (goal, _context, signal) => planFor(skills.get(goal.skill), goal, signal, current),
  };
}

type Versioned = { readonly playbook: Playbook; readonly version: number };

/** The newest version of a playbook: its latest accepted revision, or the built-in definition (v1). */
function revised(playbook: Playbook, o: PlaybookPlannerOptions): Versioned {
  const revision = o.revisions?.current(playbook.id);
  if (revision === undefined) return { playbook, version: 1 };
  const missing = revision.steps.find((s) => o.toolExists !== undefined && !o.toolExists(s.tool));
  if (missing !== undefined)
    throw new WatchkeeperError(
      'PLAYBOOK_REVISION_INVALID',
      `playbook ${playbook.id} version ${revision.version} uses tool ${missing.tool}, which no longer exists; roll it back with: playbook rollback ${playbook.id} <version>`,
      { playbook: playbook.id, version: revision.version, tool: missing.tool },
    );
  return { playbook: { ...playbook, steps: revision.steps }, version: revision.version };
}

function planFor(
  skill: Skill | undefined,
  goal: Goal,
  signal: Signal | undefined,
  current: (p: Playbook) => Versioned,
): Plan {
  const prompt = promptOf(goal, signal);
  if (skill === undefined) return emptyPlan(goal, prompt, `unknown skill "${goal.skill}"`);
  if (goal.command !== undefined) {
    const { name, args } = goal.command;
    const playbook = skill.playbooks.find((p) => p.trigger.kind === 'command' && p.trigger.command === name);
    if (playbook === undefined) return emptyPlan(goal, prompt, `no playbook for command "${name}"`);
    const spec = skill.commands.find((c) => c.name === name);
    const requiredArgs = spec?.minArgs ?? 0;
    if (args.length < requiredArgs) {
      const usage = spec === undefined ? name : `${spec.name} ${spec.usage}`.trim();
      throw new WatchkeeperError('PLAN_INVALID', `${name} needs ${requiredArgs} argument(s): ${usage}`, {
        command: name,
        minArgs: requiredArgs,
      });
    }
    return fromPlaybook(goal, prompt, current(playbook), { ...emptyScope(), args, requiredArgs });
  }
  if (signal !== undefined) {
    const playbook = skill.playbooks.find(
      (p) => p.trigger.kind === 'signal' && matchLabels(p.trigger.labels, signal.labels),
    );
    if (playbook === undefined) return emptyPlan(goal, prompt, 'no playbook matched the signal');
    return fromPlaybook(goal, prompt, current(playbook), {
      ...emptyScope(),
      labels: signal.labels,
      annotations: signal.annotations,
      signal: signalFields(signal),
    });
  }
  return emptyPlan(goal, prompt, 'no command or signal to match a playbook');
}

function fromPlaybook(goal: Goal, prompt: unknown, versioned: Versioned, scope: TemplateScope): Plan {
  const { playbook, version } = versioned;
  const steps: Step[] = playbook.steps.map((s) => ({
    tool: s.tool,
    input: fillTemplate(s.input, scope) ?? {},
    rationale: fillText(s.rationale, scope),
    ...(s.suggestedRisk === undefined ? {} : { suggestedRisk: s.suggestedRisk }),
  }));
  return {
    goal: goal.text,
    planner: PLAYBOOK_PLANNER_ID,
    playbook: playbook.id,
    playbookVersion: version,
    steps,
    prompt,
    raw: version === 1 ? playbook : { ...playbook, version },
  };
}

function emptyPlan(goal: Goal, prompt: unknown, why: string): Plan {
  return {
    goal: `${goal.text} (no playbook matched: ${why})`,
    planner: PLAYBOOK_PLANNER_ID,
    steps: [],
    prompt,
  };
}

/** What the planner saw, for the audit trail: the goal and the signal's labels. */
function promptOf(goal: Goal, signal: Signal | undefined): unknown {
  const g = {
    skill: goal.skill,
    domain: goal.domain,
    text: goal.text,
    ...(goal.command ? { command: goal.command } : {}),
  };
  if (signal === undefined) return { goal: g };
  return {
    goal: g,
    signal: {
      source: signal.source,
      kind: signal.kind,
      status: signal.status,
      severity: signal.severity,
      fingerprint: signal.fingerprint,
      summary: signal.summary,
      labels: signal.labels,
    },
  };
}

function signalFields(signal: Signal): Record<string, string> {
  const { id, source, kind, status, severity, fingerprint, groupKey, summary, startsAt } = signal;
  return { id, source, kind, status, severity, fingerprint, groupKey, summary, startsAt };
}

function emptyScope(): TemplateScope {
  return { labels: {}, annotations: {}, args: [], signal: {}, requiredArgs: 0 };
}
