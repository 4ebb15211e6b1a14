/** Vulnerability feed: OSV advisories matched against data/assets.yaml → patch recommendations. */
export { parseOsvAdvisory, loadOsvAdvisories } from './osv-advisory.js';
export type { OsvAdvisory, OsvAffected, OsvRange } from './osv-advisory.js';
export { compareVersions, isVersionAffected } from './version-ranges.js';
export { matchVulnerabilities } from './match-vulnerabilities.js';
export type {
  VulnRecommendation,
  VulnFinding,
  MatchVulnerabilitiesOptions,
} from './match-vulnerabilities.js';
