import { check, type Drill } from '../drill.js';
import { ingestOrExplain } from './skill-missing.js';

const USER = 'ana';
const LOCK = /\.(disable_account|lock_account|suspend_account)$/;

/**
 * An employee reports a phishing mail whose link she followed and typed her password into. Expected:
 * the security skill triages it as an incident and proposes locking the account, which waits for
 * security approvers (it is a critical identity change).
 */
export const phishingDrill: Drill = {
  name: 'phishing',
  description: 'reported phishing mail → security triage → account lock proposed and held for approval',
  mode: 'live-sandbox',
  async run(target) {
    ingestOrExplain(target, 'security', 'security', {
      title: 'User-reported phishing: credentials entered on look-alike login page',
      severity: 'error',
      level: 12,
      rule_id: 'user-reported-phishing',
      user: USER,
      domain: 'login-acme-support.example',
      src_ip: '203.0.113.45',
      attack_techniques: ['T1566.002', 'T1078'],
      attack_tactics: ['initial-access', 'credential-access'],
      event: { category: 'email', action: 'phishing_reported', outcome: 'success' },
      description: `${USER} followed a link in a mail from "IT Support" and entered her password.`,
      fingerprint: 'drill-phishing-1',
      timestamp: '2026-11-25T10:00:00Z',
    });
    await target.settle();
    const incidents = target.incidents();
    const security = incidents.find((i) => i.skill === 'security');
    const steps = security === undefined ? [] : target.runs(security.id).flatMap((r) => r.steps);
    const lock = steps.find((s) => LOCK.test(s.tool));
    const targetsUser = lock !== undefined && JSON.stringify(lock.input).includes(USER);
    return [
      check(
        'security triage opened an incident',
        security !== undefined,
        security
          ? `${security.id} (${security.severity})`
          : `no security incident (${incidents.length} others)`,
      ),
      check(
        'account lock proposed',
        lock !== undefined && targetsUser,
        lock
          ? `${lock.tool} ${JSON.stringify(lock.input)}`
          : `no lock step among: ${steps.map((s) => s.tool).join(', ') || 'none'}`,
      ),
      check(
        'lock held for approval',
        lock?.state === 'awaiting_approval',
        lock === undefined
          ? 'no lock step'
          : `lock is ${lock.state}${lock.decision ? ` (rule ${lock.decision.rule})` : ''}`,
      ),
    ];
  },
};
