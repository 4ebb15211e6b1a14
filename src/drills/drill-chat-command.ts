import { WatchkeeperError, type DrillResult, type ExtraChatCommand } from '../core/index.js';
import { DRILLS, findDrill } from './drill-catalogue.js';
import type { Drill } from './drill.js';
import { formatDrillResult } from './format-drill-result.js';

/** Roles that may start a drill from chat (it builds a whole throwaway app: not for everyone). */
export const DRILL_ROLES = ['sre', 'oncall', 'security', 'admin'];

/** `/wk drill <name>` and `/wk drill list`: runs the drill and answers with its verdict. */
export function drillChatCommand(run: (drill: Drill) => Promise<DrillResult>): ExtraChatCommand {
  return async (args, principal) => {
    const name = args[0] ?? 'list';
    if (name === 'list')
      return [
        {
          text: ['Drills:', ...DRILLS.map((d) => `• ${d.name}: ${d.description}`)].join('\n'),
          ephemeral: true,
        },
      ];
    const drill = findDrill(name);
    if (drill === undefined)
      throw new WatchkeeperError(
        'COMMAND_INVALID',
        `no drill "${name}"; drills: ${DRILLS.map((d) => d.name).join(', ')}`,
      );
    if (!principal.roles.some((r) => DRILL_ROLES.includes(r)))
      throw new WatchkeeperError(
        'POLICY_DENIED',
        `drills need one of the roles ${DRILL_ROLES.join(', ')}; you have ${principal.roles.join(', ') || 'none'}`,
      );
    const result = await run(drill);
    return [{ text: formatDrillResult(result).join('\n') }];
  };
}
