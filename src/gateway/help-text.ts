import type { Skill } from '../core/index.js';

/** Help generated from the skills' command declarations, so every platform shows the same grammar. */
export function helpText(skills: readonly Skill[], prefix: string, topic?: string): string {
  const skill =
    topic === undefined ? undefined : skills.find((s) => s.id === topic || (s.aliases ?? []).includes(topic));
  if (skill !== undefined) return skillHelp(skill, prefix);
  const core = [
    `${prefix} help [skill] — this help`,
    `${prefix} incidents [open|mitigated|resolved|all] — list incidents`,
    `${prefix} incident <id> — one incident with its runs`,
    `${prefix} approvals — pending approvals`,
    `${prefix} approve <id> / ${prefix} reject <id> — vote on an approval`,
    `${prefix} subscribe <filter> — post alerts here, e.g. severity>=warning service=checkout*`,
    `${prefix} unsubscribe / ${prefix} subscriptions`,
    `${prefix} ask <question> — free-text request to the planner`,
    `${prefix} whoami — your identity and roles`,
  ];
  return [
    'Watchkeeper commands:',
    ...core.map((l) => `  ${l}`),
    ...skills.map((s) => skillHelp(s, prefix)),
  ].join('\n');
}

function skillHelp(skill: Skill, prefix: string): string {
  const name = skill.aliases?.[0] ?? skill.id;
  const lines = skill.commands.map(
    (c) => `  ${prefix} ${name} ${c.name}${c.usage === '' ? '' : ` ${c.usage}`} — ${c.description}`,
  );
  return [`${skill.id}${name === skill.id ? '' : ` (${name})`}: ${skill.description}`, ...lines].join('\n');
}
