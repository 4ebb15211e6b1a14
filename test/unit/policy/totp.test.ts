import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import type { ApprovalRequirements, AuditEntry, AuditInput, AuditLog } from '../../../src/core/index.js';
import {
  base32Decode,
  base32Encode,
  createApprovalService,
  createPolicyEngine,
  createSecondFactor,
  hotp,
  loadPolicies,
  matchTotp,
  otpauthUri,
  totp,
} from '../../../src/policy/index.js';
import { openSqliteStore } from '../../../src/store/index.js';
import { silentLogger } from '../../helpers/silent-logger.js';

/** RFC 6238 Appendix B, SHA-1 rows: the seed is ASCII "12345678901234567890"; codes are 8 digits. */
const RFC_SEED = Buffer.from('12345678901234567890', 'ascii');
const RFC_VECTORS: readonly [number, string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('TOTP (RFC 6238)', () => {
  for (const [seconds, code] of RFC_VECTORS) {
    it(`matches the RFC 6238 Appendix B vector at T=${seconds}`, () => {
      expect(totp(RFC_SEED, seconds * 1000, 8)).to.equal(code);
    });
  }

  it('matches the RFC 4226 Appendix D HOTP values (6 digits)', () => {
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583'];
    expect(expected.map((_, i) => hotp(RFC_SEED, i))).to.deep.equal(expected);
  });

  it('accepts a code one step early or late, not two', () => {
    const at = 1_700_000_000_000;
    const step = Math.floor(at / 30_000);
    expect(matchTotp(RFC_SEED, hotp(RFC_SEED, step - 1), at)).to.equal(step - 1);
    expect(matchTotp(RFC_SEED, hotp(RFC_SEED, step + 1), at)).to.equal(step + 1);
    expect(matchTotp(RFC_SEED, hotp(RFC_SEED, step - 2), at)).to.equal(undefined);
    expect(matchTotp(RFC_SEED, '12345', at)).to.equal(undefined);
    expect(matchTotp(RFC_SEED, '12345a', at)).to.equal(undefined);
  });

  it('round-trips base32 and builds a scannable otpauth URI', () => {
    expect(base32Encode(Buffer.from('12345678901234567890'))).to.equal('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(base32Decode('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ').toString()).to.equal('12345678901234567890');
    const uri = otpauthUri('Watchkeeper', 'slack:U1', 'ABC');
    expect(uri).to.equal(
      'otpauth://totp/Watchkeeper%3Aslack%3AU1?secret=ABC&issuer=Watchkeeper&algorithm=SHA1&digits=6&period=30',
    );
  });
});

describe('second factor on approvals', () => {
  const START = new Date('2026-11-26T02:00:00.000Z');
  let now = START;
  const clock = { now: () => now };
  let store: ReturnType<typeof openSqliteStore>;
  let audit: AuditInput[];

  const TOTP_ONE: ApprovalRequirements = {
    count: 1,
    roles: ['sre'],
    distinctFromRequester: true,
    expiresInSeconds: 900,
    secondFactor: 'totp',
  };

  function setup() {
    now = START;
    store = openSqliteStore({ path: ':memory:', clock, logger: silentLogger });
    audit = [];
    const log: AuditLog = {
      append(entry): AuditEntry {
        audit.push(entry);
        return { ...entry, seq: audit.length, at: now.toISOString(), prevHash: '', hash: '', signature: '' };
      },
      sealed: (fn) => fn(),
    } as AuditLog;
    const secondFactor = createSecondFactor({ repo: store.totp, clock, key: Buffer.from('k'.repeat(32)) });
    let n = 0;
    const service = createApprovalService({
      repo: store.approvals,
      policy: createPolicyEngine(loadPolicies('policies/')),
      audit: log,
      clock,
      hmacKey: Buffer.from('hmac'),
      newId: () => `A-${++n}`,
      stepDigestOf: () => 'd1',
      secondFactor,
    });
    const request = () =>
      service.request({
        runId: 'r',
        stepId: 's',
        digest: 'd1',
        requester: 'watchkeeper',
        requirements: TOTP_ONE,
      });
    return { service, secondFactor, request };
  }
  afterEach(() => store.close());

  const codeFor = (secret: string, at: Date = now) => totp(base32Decode(secret), at.getTime());

  it('approves with a valid code and stores the secret only encrypted', () => {
    const { service, secondFactor, request } = setup();
    const { secret, uri } = secondFactor.enrol('console:alice');
    expect(uri).to.include(`secret=${secret}`);
    const stored = store.totp.get('console:alice');
    expect(stored?.secret).to.not.include(secret);
    const a = request();
    const out = service.vote({
      approvalId: a.id,
      principal: 'console:alice',
      decision: 'approve',
      secondFactor: codeFor(secret),
    });
    expect(out).to.include({ accepted: true, decided: true });
    expect(JSON.stringify(audit)).to.not.include(secret);
  });

  it('refuses a missing, wrong, or replayed code, and a code already spent on another approval', () => {
    const { service, secondFactor, request } = setup();
    const { secret } = secondFactor.enrol('console:alice');
    const first = request();
    const second = request();
    const vote = (id: string, code?: string) =>
      service.vote({
        approvalId: id,
        principal: 'console:alice',
        decision: 'approve',
        ...(code === undefined ? {} : { secondFactor: code }),
      });
    expect(vote(first.id)).to.include({ accepted: false, reason: 'APPROVAL_SECOND_FACTOR' });
    const good = codeFor(secret);
    const wrong = good === '000000' ? '111111' : '000000';
    expect(vote(first.id, wrong)).to.include({ accepted: false, reason: 'APPROVAL_SECOND_FACTOR' });
    expect(vote(first.id, good)).to.include({ accepted: true, decided: true });
    // Bound to the approval it was entered for: the same code cannot approve another request.
    const replay = vote(second.id, good);
    expect(replay).to.include({ accepted: false, reason: 'APPROVAL_SECOND_FACTOR' });
    expect(replay.message).to.match(/already used/);
    expect(service.status(second.id)?.status).to.equal('pending');
    // The previous step's code is refused too once a later step was spent; the next step's works.
    now = new Date(START.getTime() + 30_000);
    expect(vote(second.id, codeFor(secret))).to.include({ accepted: true, decided: true });
  });

  it('refuses a principal that has not enrolled, and a code computed with another secret', () => {
    const { service, secondFactor, request } = setup();
    const a = request();
    const out = service.vote({
      approvalId: a.id,
      principal: 'console:alice',
      decision: 'approve',
      secondFactor: '123456',
    });
    expect(out).to.include({ accepted: false, reason: 'APPROVAL_SECOND_FACTOR' });
    expect(out.message).to.match(/not enrolled/);
    secondFactor.enrol('console:alice');
    const forged = createHmac('sha1', 'other')
      .update('x')
      .digest('hex')
      .replace(/\D/g, '')
      .slice(0, 6)
      .padEnd(6, '0');
    const other = service.vote({
      approvalId: a.id,
      principal: 'console:alice',
      decision: 'approve',
      secondFactor: forged,
    });
    expect(other.accepted).to.equal(false);
  });

  it('a different key cannot read an enrolment (treated as not enrolled)', () => {
    const { secondFactor } = setup();
    secondFactor.enrol('console:alice');
    const otherKey = createSecondFactor({ repo: store.totp, clock, key: Buffer.from('another-key') });
    expect(secondFactor.enrolled('console:alice')).to.equal(true);
    expect(otherKey.enrolled('console:alice')).to.equal(false);
  });
});
