import type { Risk } from '../../../src/core/index.js';
import type { Asset, AssetInventory } from '../triage/index.js';
import { cvss3BaseScore } from './cvss-score.js';
import type { OsvAdvisory } from './osv-advisory.js';
import { fixedVersions, isVersionAffected } from './version-ranges.js';

/** One vulnerable package on one asset. */
export interface VulnFinding {
  readonly asset: string;
  readonly criticality: Asset['criticality'];
  readonly package: string;
  readonly ecosystem: string;
  readonly installed: string;
  /** Lowest fixed version above the installed one; undefined when the advisory names no fix. */
  readonly fixedIn: string | undefined;
}

/** One advisory with every asset it affects and what to do about it. */
export interface VulnRecommendation {
  readonly advisory: string;
  readonly aliases: readonly string[];
  readonly summary: string;
  /** CVSS v3 base score when the advisory carries a vector. */
  readonly cvss: number | undefined;
  readonly severity: 'low' | 'medium' | 'high' | 'critical' | 'unknown';
  /** Severity raised by the most critical affected asset. */
  readonly risk: Risk;
  readonly findings: readonly VulnFinding[];
  /** `upgrade` when every finding has a fixed version, else `mitigate` (configuration / compensating control). */
  readonly action: 'upgrade' | 'mitigate';
  readonly recommendation: string;
  readonly references: readonly string[];
}

export interface MatchVulnerabilitiesOptions {
  /** Only this asset (by name, alias or address). */
  readonly asset?: string;
}

const RISK_ORDER: readonly Risk[] = ['low', 'medium', 'high', 'critical'];
const CRITICALITY_BUMP = { crown_jewel: 1, high: 1, medium: 0, low: -1 } as const;

/**
 * Matches OSV advisories against the inventory's packages (same ecosystem, same name, version inside an
 * affected range) and returns recommendations, riskiest first. Withdrawn advisories are ignored.
 */
export function matchVulnerabilities(
  advisories: readonly OsvAdvisory[],
  inventory: AssetInventory,
  options: MatchVulnerabilitiesOptions = {},
): VulnRecommendation[] {
  const only = options.asset === undefined ? undefined : inventory.find(options.asset);
  const assets = options.asset === undefined ? inventory.assets : only === undefined ? [] : [only];
  const out: VulnRecommendation[] = [];
  for (const adv of advisories) {
    if (adv.withdrawn !== undefined) continue;
    const findings: VulnFinding[] = [];
    for (const asset of assets) {
      for (const pkg of asset.packages) {
        for (const aff of adv.affected) {
          if (
            !sameEcosystem(pkg.ecosystem, aff.package.ecosystem) ||
            !samePackage(pkg.name, aff.package.name)
          )
            continue;
          if (!isVersionAffected(pkg.version, aff)) continue;
          findings.push({
            asset: asset.name,
            criticality: asset.criticality,
            package: pkg.name,
            ecosystem: pkg.ecosystem,
            installed: pkg.version,
            fixedIn: fixedVersions(aff).find((f) => !isVersionAffected(f, aff)),
          });
          break;
        }
      }
    }
    if (findings.length === 0) continue;
    out.push(recommend(adv, findings));
  }
  return out.sort(
    (a, b) => RISK_ORDER.indexOf(b.risk) - RISK_ORDER.indexOf(a.risk) || (b.cvss ?? 0) - (a.cvss ?? 0),
  );
}

function recommend(adv: OsvAdvisory, findings: VulnFinding[]): VulnRecommendation {
  const vector = adv.severity?.find((s) => s.type.startsWith('CVSS_V3'))?.score;
  const cvss = vector === undefined ? undefined : cvss3BaseScore(vector);
  const severity = severityOf(cvss, adv.database_specific?.['severity']);
  const base = severity === 'unknown' ? 1 : RISK_ORDER.indexOf(severity);
  const bump = Math.max(...findings.map((f) => CRITICALITY_BUMP[f.criticality]));
  const risk = RISK_ORDER[Math.min(3, Math.max(0, base + bump))] ?? 'medium';
  const upgradable = findings.every((f) => f.fixedIn !== undefined);
  const steps = findings.map((f) =>
    f.fixedIn === undefined
      ? `${f.asset}: ${f.package} ${f.installed} has no fixed release; apply a configuration or compensating control`
      : `${f.asset}: upgrade ${f.package} ${f.installed} → ${f.fixedIn}`,
  );
  return {
    advisory: adv.id,
    aliases: adv.aliases ?? [],
    summary: adv.summary ?? adv.details?.split('\n')[0]?.slice(0, 200) ?? adv.id,
    cvss,
    severity,
    risk,
    findings,
    action: upgradable ? 'upgrade' : 'mitigate',
    recommendation: steps.join('; '),
    references: (adv.references ?? []).map((r) => r.url).slice(0, 5),
  };
}

function severityOf(cvss: number | undefined, word: unknown): VulnRecommendation['severity'] {
  if (cvss !== undefined) return cvss >= 9 ? 'critical' : cvss >= 7 ? 'high' : cvss >= 4 ? 'medium' : 'low';
  const w = typeof word === 'string' ? word.toLowerCase() : '';
  if (w === 'critical' || w === 'high' || w === 'low') return w;
  if (w === 'moderate' || w === 'medium') return 'medium';
  return 'unknown';
}

/** `Debian:12` matches `Debian`; case-insensitive. */
function sameEcosystem(asset: string, osv: string): boolean {
  const a = asset.toLowerCase();
  const o = osv.toLowerCase();
  return a === o || o.split(':')[0] === a || a.split(':')[0] === o;
}

/** PyPI-style normalisation (case, `-`/`_`/`.` runs) is harmless for other ecosystems' names. */
function samePackage(a: string, b: string): boolean {
  const n = (s: string): string => s.toLowerCase().replace(/[-_.]+/g, '-');
  return n(a) === n(b);
}
