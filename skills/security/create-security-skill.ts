import { WatchkeeperError } from '../../src/core/index.js';
import type { Signal, Skill, Tool, TriageFn } from '../../src/core/index.js';
import { createEvidenceTool } from './evidence/evidence-tool.js';
import type { EvidenceService } from './evidence/create-evidence-service.js';
import { SECURITY_COMMANDS } from './security-commands.js';
import { SANDBOX_BACKENDS, securityPlaybooks } from './security-playbooks.js';
import type { ContainmentBackends } from './security-playbooks.js';
import type { SecurityReadPorts } from './security-ports.js';
import {
  createIntelLookupTool,
  createIntelRefreshTool,
  createSecurityIncidentsTool,
  createTriageEventTool,
  createVulnsTool,
} from './security-read-tools.js';

export interface SecuritySkillOptions {
  /** The tool catalogue (sandbox, EDR, identity provider); the skill picks what its playbooks use. */
  readonly tools: readonly Tool[];
  /** Which backend carries out containment; default the sandbox. */
  readonly backends?: ContainmentBackends;
  /**
   * Judges each claimed signal at intake (stateful: repetition, access anomalies). The `triage` command
   * uses `reads.triage` instead, so re-triaging an event on request never counts it twice.
   */
  readonly triage?: TriageFn;
  /** Stored events, incidents, triage, intel and vulnerabilities for the read commands. */
  readonly reads: SecurityReadPorts;
  readonly evidence: EvidenceService;
}

/**
 * The security skill (`/wk sec …`): claims `security` signals, judges them with the detection half's
 * triage before anything pages, proposes containment through the policy gate (isolate, disable,
 * revoke, block, quarantine — each with its release step) and answers the read commands. It declares;
 * the policy engine decides.
 */
export function createSecuritySkill(options: SecuritySkillOptions): Skill {
  const backends = options.backends ?? SANDBOX_BACKENDS;
  const playbooks = securityPlaybooks(backends);
  const own: Tool[] = [
    createTriageEventTool(options.reads),
    createSecurityIncidentsTool(options.reads),
    createIntelLookupTool(options.reads),
    createIntelRefreshTool(options.reads),
    createVulnsTool(options.reads),
    createEvidenceTool(options.evidence),
  ];
  const ownNames = new Set(own.map((t) => t.name));
  const byName = new Map(options.tools.map((t) => [t.name, t]));
  // The release commands use the tools that the containment tools name as their rollback, so every
  // release step is in the catalogue whenever its containment step is.
  const needed = [...new Set(playbooks.flatMap((p) => p.steps.map((s) => s.tool)))].filter(
    (n) => !ownNames.has(n),
  );
  const missing = needed.filter((n) => !byName.has(n));
  if (missing.length > 0) {
    throw new WatchkeeperError(
      'CONFIG_INVALID',
      `security skill needs tools that are not registered: ${missing.join(', ')}`,
      { missing },
    );
  }
  const borrowed = needed.map((n) => byName.get(n)).filter((t): t is Tool => t !== undefined);

  return {
    id: 'security',
    aliases: ['sec'],
    domain: 'security',
    description:
      'Security events: triage, containment (isolate, disable, revoke, block, quarantine) with approvals, evidence, threat intel, vulnerabilities.',
    claims: (signal: Signal) => signal.kind === 'security',
    commands: SECURITY_COMMANDS,
    playbooks,
    tools: [...own, ...borrowed],
    ...(options.triage === undefined ? {} : { triage: options.triage }),
  };
}
