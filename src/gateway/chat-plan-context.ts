import {
  gatherServiceFacts,
  type Conversation,
  type Memory,
  type PlanContext,
  type ServiceContext,
} from '../core/index.js';

/**
 * What the gateway keeps in each conversation's scratchpad, so a follow-up request in the same thread
 * plans with what came before: `last_incident` (set by `incident <id>`) and `last_command` (the last
 * skill command or `ask`, as typed). Values are redacted by the memory before they are stored.
 */
export const SCRATCH_KEYS = { lastIncident: 'last_incident', lastCommand: 'last_command' } as const;

/** Most words of free text tried as service names. */
const MAX_NAMES = 20;

export interface ChatContextSources {
  readonly memory?: Memory;
  readonly services?: ServiceContext;
}

/**
 * The context pack of a chat request: the service-map facts of the services it names (and their
 * neighbours) and the conversation's scratchpad as it was before this request, which is then noted as
 * `last_command`.
 */
export function chatPlanContext(
  sources: ChatContextSources,
  conversation: Conversation,
  names: readonly string[],
  text: string,
): PlanContext {
  const pad = sources.memory?.scratchpad(conversation);
  const scratchpad = pad?.entries() ?? {};
  pad?.set(SCRATCH_KEYS.lastCommand, text);
  const services =
    sources.services === undefined ? [] : gatherServiceFacts(sources.services, names.slice(0, MAX_NAMES));
  return {
    similar: [],
    ...(services.length === 0 ? {} : { services }),
    ...(Object.keys(scratchpad).length === 0 ? {} : { scratchpad }),
  };
}

/** Distinct words of free text that could be service names (`checkout-api`, `payments_v2`). */
export function candidateNames(text: string): string[] {
  return [...new Set(text.toLowerCase().split(/[^a-z0-9_.-]+/))]
    .map((w) => w.replace(/^[.-]+|[.-]+$/g, ''))
    .filter((w) => w.length > 1);
}
