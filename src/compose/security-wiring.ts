/**
 * The security skill's wiring: detection data, containment backends (sandbox, EDR, SCIM) and evidence.
 * Part of the composition root (src/app.ts): it may import across modules.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createSandboxSecurityTools } from '../../adapters/tools/sandbox/index.js';
import { createEdrTools } from '../../adapters/tools/edr/index.js';
import { createIdentityTools } from '../../adapters/tools/identity/index.js';
import {
  createEvidenceRoute,
  createEvidenceService,
  createSecuritySkill,
} from '../../skills/security/index.js';
import { createIntelStore } from '../../skills/security/intel/index.js';
import {
  createSecurityTriage,
  emptyAssetInventory,
  emptyBenignList,
  loadAssetInventory,
  loadBenignList,
} from '../../skills/security/triage/index.js';
import { loadOsvAdvisories, matchVulnerabilities } from '../../skills/security/vulns/index.js';
import { type AppConfig } from '../config/index.js';
import {
  type AuditLog,
  type AuditReader,
  type Clock,
  type Logger,
  type Store,
  type Tool,
} from '../core/index.js';

/**
 * The security skill and what it acts through: sandbox containment by default, the EDR/firewall API and
 * the SCIM identity provider when configured; evidence bundles over the store and the ledger.
 */
export function securityWiring(o: {
  config: AppConfig;
  store: Store;
  ledger: AuditLog & AuditReader;
  clock: Clock;
  redact: (v: unknown) => unknown;
  tools: readonly Tool[];
  logger: Logger;
}) {
  const raw = o.config.raw;
  // The detection half: inventory, benign list, intel feeds and advisories, each optional.
  const data = (name: string): string => join(raw.WATCHKEEPER_SECURITY_DATA, name);
  const assets = existsSync(data('assets.yaml'))
    ? loadAssetInventory(data('assets.yaml'))
    : emptyAssetInventory();
  const benign = existsSync(data('security-benign.yaml'))
    ? loadBenignList(data('security-benign.yaml'), o.clock)
    : emptyBenignList(o.clock);
  const intel = createIntelStore({ dir: data('intel'), clock: o.clock, logger: o.logger });
  if (existsSync(data('intel'))) intel.refresh();
  const advisories = existsSync(data('osv')) ? loadOsvAdvisories(data('osv')) : [];
  const triageOptions = { clock: o.clock, assets, benign, intel };
  const api = (baseUrl: string, token: string) => ({
    baseUrl,
    token,
    timeoutMs: raw.WATCHKEEPER_CONTAINMENT_TIMEOUT_MS,
    retries: raw.WATCHKEEPER_CONTAINMENT_RETRIES,
    retryBaseMs: 250,
  });
  const edr =
    raw.WATCHKEEPER_EDR_URL === undefined || raw.WATCHKEEPER_EDR_TOKEN === undefined
      ? []
      : createEdrTools({ api: api(raw.WATCHKEEPER_EDR_URL, raw.WATCHKEEPER_EDR_TOKEN) });
  const revoke = raw.WATCHKEEPER_IDP_REVOKE_SESSIONS?.split(' ');
  const idp =
    raw.WATCHKEEPER_IDP_URL === undefined || raw.WATCHKEEPER_IDP_TOKEN === undefined
      ? []
      : createIdentityTools({
          api: api(raw.WATCHKEEPER_IDP_URL, raw.WATCHKEEPER_IDP_TOKEN),
          ...(revoke === undefined
            ? {}
            : {
                revokeSessions: { method: revoke[0] === 'POST' ? 'POST' : 'DELETE', path: revoke[1] ?? '' },
              }),
        });
  const containment = [...o.tools, ...createSandboxSecurityTools({ state: o.store.sandbox }), ...edr, ...idp];
  const { store } = o;
  const evidence = createEvidenceService({
    records: {
      incident: (id) => {
        const incident = store.incidents.get(id);
        return incident === undefined
          ? undefined
          : { incident, signals: store.incidents.signals(id), runs: store.runs.listByIncident(id) };
      },
      audit: (id) => o.ledger.forIncident(id),
      approval: (id) => store.approvals.get(id),
      release: (tool, input, result) => {
        const t = containment.find((c) => c.name === tool);
        const parsed = t?.input.safeParse(input);
        return t?.rollback === undefined || parsed?.success !== true
          ? undefined
          : t.rollback(parsed.data, result);
      },
    },
    audit: o.ledger,
    clock: o.clock,
    redact: o.redact,
  });
  const skill = createSecuritySkill({
    tools: containment,
    triage: createSecurityTriage(triageOptions),
    backends: { network: edr.length > 0 ? 'edr' : 'sandbox', identity: idp.length > 0 ? 'idp' : 'sandbox' },
    reads: {
      signal: (id) => store.inbox.get(id),
      incidents: (filter) => store.incidents.list(filter),
      // Re-triage on request without the intake's memory, so asking never counts an event twice.
      triage: createSecurityTriage({ ...triageOptions, access: false }),
      intel: {
        lookup: (value) =>
          intel.lookup(value).map(({ indicator: i }) => ({
            indicator: i.value,
            type: i.type,
            source: i.source,
            ...(i.description === undefined ? {} : { description: i.description }),
            ...(i.confidence === undefined ? {} : { confidence: i.confidence }),
          })),
        refresh: () => {
          const r = intel.refresh();
          return { indicators: r.indicators, sources: r.files.map((f) => f.file) };
        },
      },
      vulns: (asset) =>
        matchVulnerabilities(advisories, assets, asset === undefined ? {} : { asset }).map((r) => ({
          id: r.advisory,
          summary: r.summary,
          risk: r.risk,
          package: r.findings[0]?.package ?? '',
          assets: r.findings.map((f) => ({ asset: f.asset, version: f.installed })),
          fixedVersions: [
            ...new Set(r.findings.flatMap((f) => (f.fixedIn === undefined ? [] : [f.fixedIn]))),
          ],
          recommendation: r.recommendation,
        })),
    },
    evidence,
  });
  return { skill, tools: [...containment, ...skill.tools], evidenceRoute: createEvidenceRoute(evidence) };
}
