import type { Skill, Tool } from '../core/index.js';
import {
  ACCEPT_PROPOSAL_TOOL,
  LIST_PLAYBOOKS_TOOL,
  LIST_VERSIONS_TOOL,
  ROLLBACK_PLAYBOOK_TOOL,
} from './playbook-revision-tools.js';

export const PLAYBOOK_SKILL_ID = 'playbook';

/**
 * `/wk playbook list|versions <id>|rollback <id> <version>|accept <proposal>` (and `/wk retro accept
 * <proposal>`). Changing a playbook is a plan like any other in the `watchkeeper` domain, so the policy
 * decides who approves it and the ledger records it.
 */
export function createPlaybookRevisionSkill(tools: readonly Tool[]): Skill {
  return {
    id: PLAYBOOK_SKILL_ID,
    domain: 'watchkeeper',
    description:
      'Playbook versions: accept retro proposals, list versions, roll back (changes are approved).',
    claims: () => false,
    commands: [
      { name: 'list', usage: '', description: 'every playbook with the version in use', minArgs: 0 },
      { name: 'versions', usage: '<playbook>', description: "a playbook's versions and diffs", minArgs: 1 },
      {
        name: 'accept',
        usage: '<proposal id>',
        description: 'accept a retro proposal as a new playbook version (high risk: needs approval)',
        minArgs: 1,
      },
      {
        name: 'rollback',
        usage: '<playbook> <version>',
        description: "write an earlier version's steps as a new version (high risk: needs approval)",
        minArgs: 2,
      },
    ],
    playbooks: [
      {
        id: 'playbook-list',
        description: 'Playbooks and their versions',
        trigger: { kind: 'command', command: 'list' },
        steps: [{ tool: LIST_PLAYBOOKS_TOOL, input: {}, rationale: 'playbook versions in use' }],
      },
      {
        id: 'playbook-versions',
        description: "A playbook's versions",
        trigger: { kind: 'command', command: 'versions' },
        steps: [
          {
            tool: LIST_VERSIONS_TOOL,
            input: { playbook: '{{args.0}}' },
            rationale: 'versions of playbook {{args.0}}',
          },
        ],
      },
      {
        id: 'playbook-accept',
        description: 'Accept a retro proposal',
        trigger: { kind: 'command', command: 'accept' },
        steps: [
          {
            tool: ACCEPT_PROPOSAL_TOOL,
            input: { proposal: '{{args.0}}' },
            rationale: 'accept retro proposal {{args.0}} as a new playbook version',
          },
        ],
      },
      {
        id: 'playbook-rollback',
        description: 'Roll a playbook back',
        trigger: { kind: 'command', command: 'rollback' },
        steps: [
          {
            tool: ROLLBACK_PLAYBOOK_TOOL,
            input: { playbook: '{{args.0}}', version: '{{args.1}}' },
            rationale: 'roll playbook {{args.0}} back to version {{args.1}}',
          },
        ],
      },
    ],
    tools,
  };
}
