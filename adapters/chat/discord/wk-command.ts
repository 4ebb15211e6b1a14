import {
  SlashCommandBuilder,
  SlashCommandSubcommandBuilder,
  SlashCommandSubcommandGroupBuilder,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { CommandSpec } from '../../../src/core/index.js';

/** What the command builder needs from a skill. */
export interface SkillCommands {
  readonly id: string;
  readonly aliases?: readonly string[];
  readonly description?: string;
  readonly commands: readonly CommandSpec[];
}

/** Discord allows 25 subcommands / groups per command and 25 subcommands per group. */
const MAX_CHILDREN = 25;
const NAME = /^[-_\p{L}\p{N}]{1,32}$/u;

/**
 * `/wk` as one CHAT_INPUT command: the core verbs as subcommands, one subcommand group per skill (named
 * by its first alias, e.g. `ops`) with a subcommand per CommandSpec and a single `args` string, plus
 * `run command:<text>` taking any console line verbatim. Help and autocomplete therefore match the
 * console grammar; `run` covers whatever does not fit Discord's 25-child limits. Builders validate.
 * @see https://discord.com/developers/docs/interactions/application-commands#subcommands-and-subcommand-groups
 */
export function buildWkCommand(
  skills: readonly SkillCommands[],
): RESTPostAPIChatInputApplicationCommandsJSONBody {
  const wk = new SlashCommandBuilder()
    .setName('wk')
    .setDescription('Watchkeeper: incidents, plans and approvals');
  const sub = (
    name: string,
    description: string,
    opt?: { name: string; description: string; required: boolean },
  ) => {
    const s = new SlashCommandSubcommandBuilder().setName(name).setDescription(clip(description));
    if (opt !== undefined)
      s.addStringOption((o) =>
        o.setName(opt.name).setDescription(clip(opt.description)).setRequired(opt.required),
      );
    return s;
  };
  const verbs = [
    sub('help', 'Show what Watchkeeper can do', { name: 'topic', description: 'a skill', required: false }),
    sub('ask', 'Ask a question in plain words', {
      name: 'text',
      description: 'your question',
      required: true,
    }),
    sub('incidents', 'List incidents', {
      name: 'status',
      description: 'open|mitigated|resolved|all',
      required: false,
    }),
    sub('incident', 'Show one incident', { name: 'id', description: 'incident id', required: true }),
    sub('approve', 'Approve a pending step', { name: 'id', description: 'approval id', required: true }),
    sub('reject', 'Reject a pending step', { name: 'id', description: 'approval id', required: true }),
    sub('approvals', 'List pending approvals'),
    sub('subscribe', 'Subscribe this channel to alerts', {
      name: 'filter',
      description: 'e.g. service=checkout-api',
      required: false,
    }),
    sub('unsubscribe', 'Remove this channel’s subscriptions'),
    sub('subscriptions', 'List this channel’s subscriptions'),
    sub('whoami', 'Show your principal and roles'),
    sub('run', 'Any console command, verbatim', {
      name: 'command',
      description: 'e.g. ops rollback checkout-api',
      required: true,
    }),
  ];
  for (const v of verbs) wk.addSubcommand(v);
  const taken = new Set(verbs.map((v) => v.name));
  for (const skill of skills) {
    if (taken.size >= MAX_CHILDREN) break;
    const name = (skill.aliases?.[0] ?? skill.id).toLowerCase();
    if (taken.has(name) || !NAME.test(name)) continue;
    taken.add(name);
    const group = new SlashCommandSubcommandGroupBuilder()
      .setName(name)
      .setDescription(clip(skill.description ?? `${skill.id} commands`));
    for (const spec of skill.commands.slice(0, MAX_CHILDREN)) {
      if (!NAME.test(spec.name)) continue;
      group.addSubcommand(
        sub(spec.name, spec.description, {
          name: 'args',
          description: spec.usage || 'arguments',
          required: spec.minArgs > 0,
        }),
      );
    }
    if (group.options.length > 0) wk.addSubcommandGroup(group);
  }
  return wk.toJSON();
}

function clip(s: string): string {
  const t = s.trim() === '' ? '—' : s.trim();
  return t.length <= 100 ? t : `${t.slice(0, 99)}…`;
}
