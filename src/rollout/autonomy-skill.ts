import type { Skill, Tool } from '../core/index.js';
import { AUTONOMY_PROPOSALS_TOOL, AUTONOMY_SHOW_TOOL, SET_AUTONOMY_TOOL } from './autonomy-tools.js';

/**
 * `/wk autonomy <domain>[.<action>] <mode>`, `/wk autonomy proposals`, `/wk autonomy show`. The change
 * is a plan like any other, in the `watchkeeper` domain, so the policy decides who approves it.
 */
export function createAutonomySkill(tools: readonly Tool[]): Skill {
  return {
    id: 'autonomy',
    domain: 'watchkeeper',
    description: "Watchkeeper's own autonomy per domain and action: show, change (approved), proposals.",
    claims: () => false,
    commands: [
      {
        name: 'set',
        usage: '<domain>[.<action>] <shadow|suggest|supervised|autonomous>',
        description: 'change an autonomy mode (high risk: needs approval)',
        minArgs: 2,
      },
      { name: 'proposals', usage: '', description: 'promotions the evidence supports', minArgs: 0 },
      { name: 'show', usage: '', description: 'modes and overrides in force', minArgs: 0 },
    ],
    playbooks: [
      {
        id: 'autonomy-set',
        description: 'Change an autonomy mode',
        trigger: { kind: 'command', command: 'set' },
        steps: [
          {
            tool: SET_AUTONOMY_TOOL,
            input: { key: '{{args.0}}', mode: '{{args.1}}' },
            rationale: 'requested autonomy change',
          },
        ],
      },
      {
        id: 'autonomy-proposals',
        description: 'Promotion proposals',
        trigger: { kind: 'command', command: 'proposals' },
        steps: [{ tool: AUTONOMY_PROPOSALS_TOOL, input: {}, rationale: 'promotion evidence' }],
      },
      {
        id: 'autonomy-show',
        description: 'Modes in force',
        trigger: { kind: 'command', command: 'show' },
        steps: [{ tool: AUTONOMY_SHOW_TOOL, input: {}, rationale: 'autonomy modes' }],
      },
    ],
    tools,
  };
}
