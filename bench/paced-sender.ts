/**
 * A fixed-rate HTTP sender for B2 and B3, run as its own process (`node --import tsx
 * bench/paced-sender.ts '<json options>'`) so its timers and latency clock do not share the event
 * loop of the app under test. wrk has no rate option; here the rate is the input, not the measurement.
 * Request i is sent at t0 + i / rate (node:http over kept-alive connections; `fetch` cost this process
 * several times more CPU per request, and a starved sender measures its own delays), whatever the
 * answers do; the run is bounded
 * by `count` and by `durationMs + drainMs`. Prints one line `BENCH_JSON {...}` (see SenderResult).
 *   kind=alerts  single-alert Alertmanager webhook v4 bodies, spread over `groups` groups
 *   kind=slash   Slack slash commands signed per request (v0 HMAC, current timestamp); every
 *                `rollbackEvery`-th one is `/wk ops rollback checkout-api` in a channel of its own
 */
import { createHmac } from 'node:crypto';
import { Agent, request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

export interface SenderOptions {
  readonly kind: 'alerts' | 'slash';
  readonly url: string;
  readonly rate: number;
  readonly count: number;
  readonly durationMs: number;
  /** How long to wait for answers after the last send. */
  readonly drainMs: number;
  readonly groups?: number;
  readonly secret?: string;
  readonly responseUrlBase?: string;
  /** Users the cheap commands rotate over (the gateway limits commands per principal). */
  readonly users?: number;
  readonly rollbackEvery?: number;
  readonly rollbackUser?: string;
}

export interface SenderResult {
  readonly sent: number;
  readonly answered: number;
  readonly ok: number;
  readonly non2xx: number;
  readonly errors: number;
  /** Sum of `accepted` in the 202 bodies (alerts). */
  readonly accepted: number;
  readonly elapsedMs: number;
  readonly achievedRate: number;
  /** Worst lag of a send behind its schedule (the sender's own health). */
  readonly maxLagMs: number;
  readonly latencyMs: { p50: number; p90: number; p99: number; max: number };
  /** The same for requests sent after the first second (a cold process warms up in it). */
  readonly afterFirstSecondMs: { p50: number; p99: number; max: number };
  /** p99 and max latency of the requests sent in each second of the run (warm-up vs steady state). */
  readonly bySecond: readonly { second: number; sent: number; p99: number; max: number }[];
  /** Wall-clock (epoch ms, sub-ms) send time of each rollback command, by channel. */
  readonly rollbacks: readonly { channel: string; sentAtMs: number; ackMs: number; status: number }[];
}

const epochNow = (): number => performance.timeOrigin + performance.now();

export function percentile(sorted: readonly number[], p: number): number {
  return sorted.length === 0
    ? 0
    : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const NAMES = ['HighErrorRate', 'HighLatency', 'PodCrashLooping', 'DiskFillingUp', 'CertExpiring'];
const SEVERITIES = ['critical', 'warning', 'info', 'warning'];
const STARTS_AT = new Date().toISOString();

/** The same body shape as bench/alertmanager-webhook.lua: unique fingerprint, group = n % groups. */
export function alertBody(n: number, groups: number): string {
  const g = n % groups;
  const alertname = NAMES[g % NAMES.length]!;
  const service = `svc-${g}`;
  const labels = {
    alertname,
    service,
    severity: SEVERITIES[g % SEVERITIES.length]!,
    instance: `host-${n}:9100`,
    job: 'bench',
  };
  const annotations = { summary: `${alertname} on ${service} (${labels.instance})` };
  return JSON.stringify({
    version: '4',
    groupKey: `{}:{alertname="${alertname}",service="${service}"}`,
    truncatedAlerts: 0,
    status: 'firing',
    receiver: 'watchkeeper',
    groupLabels: { alertname, service },
    commonLabels: labels,
    commonAnnotations: annotations,
    externalURL: 'http://alertmanager.bench:9093',
    alerts: [
      {
        status: 'firing',
        labels,
        annotations,
        startsAt: STARTS_AT,
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: `http://prometheus.bench:9090/graph?g=${g}`,
        fingerprint: `bench-${n.toString(16).padStart(12, '0')}`,
      },
    ],
  });
}

function slashRequest(
  o: SenderOptions,
  n: number,
): { body: string; headers: Record<string, string>; rollback?: string } {
  const rollback = o.rollbackEvery !== undefined && n % o.rollbackEvery === o.rollbackEvery - 1;
  const channel = rollback ? `C0RB${n}` : 'C0BENCH';
  const user = rollback ? (o.rollbackUser ?? 'UREQ') : `UB${n % (o.users ?? 200)}`;
  const body = new URLSearchParams({
    token: 'bench',
    team_id: 'T0001',
    team_domain: 'example',
    channel_id: channel,
    channel_name: 'bench',
    user_id: user,
    user_name: user.toLowerCase(),
    command: '/wk',
    text: rollback ? 'ops rollback checkout-api' : 'whoami',
    response_url: `${o.responseUrlBase ?? 'http://127.0.0.1:9/response/'}b3-${n}`,
    trigger_id: `b3-${process.pid}-${n}`,
    api_app_id: 'A123456',
  }).toString();
  const ts = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', o.secret ?? '')
    .update(`v0:${ts}:${body}`)
    .digest('hex')}`;
  return {
    body,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': signature,
    },
    ...(rollback ? { rollback: channel } : {}),
  };
}

export async function runSender(o: SenderOptions): Promise<SenderResult> {
  const latencies: number[] = [];
  const perSecond = new Map<number, number[]>();
  const rollbacks: { channel: string; sentAtMs: number; ackMs: number; status: number }[] = [];
  let sent = 0;
  let ok = 0;
  let non2xx = 0;
  let errors = 0;
  let accepted = 0;
  let maxLag = 0;
  const inFlight = new Set<Promise<void>>();
  const agent = new Agent({ keepAlive: true, maxSockets: 512 });
  const target = new URL(o.url);
  const post = (body: string, headers: Record<string, string>): Promise<{ status: number; text: string }> =>
    new Promise((resolve, reject) => {
      const r = request(
        target,
        {
          method: 'POST',
          agent,
          headers: { ...headers, 'content-length': Buffer.byteLength(body) },
          timeout: 10_000,
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
          res.on('error', reject);
        },
      );
      r.on('timeout', () => r.destroy(new Error('timeout')));
      r.on('error', reject);
      r.end(body);
    });
  const one = (n: number): Promise<void> => {
    const req =
      o.kind === 'alerts'
        ? { body: alertBody(n, o.groups ?? 20), headers: { 'content-type': 'application/json' } }
        : slashRequest(o, n);
    const sentAt = epochNow();
    const t0 = performance.now();
    return post(req.body, req.headers)
      .then(({ status, text }) => {
        const ms = performance.now() - t0;
        latencies.push(ms);
        const second = Math.floor((t0 - start) / 1000);
        const bucket = perSecond.get(second);
        if (bucket === undefined) perSecond.set(second, [ms]);
        else bucket.push(ms);
        if (status < 300) {
          ok++;
          if (o.kind === 'alerts') accepted += (JSON.parse(text) as { accepted?: number }).accepted ?? 0;
        } else non2xx++;
        if ('rollback' in req && req.rollback !== undefined)
          rollbacks.push({ channel: req.rollback, sentAtMs: sentAt, ackMs: ms, status });
      })
      .catch(() => {
        errors++;
      });
  };
  const start = performance.now();
  const deadline = start + o.durationMs;
  while (sent < o.count && performance.now() < deadline + 1000) {
    const due = start + (sent * 1000) / o.rate;
    const now = performance.now();
    if (due > now) {
      await sleep(Math.max(0, due - now));
      continue;
    }
    maxLag = Math.max(maxLag, now - due);
    if (sent % 50 === 49) await new Promise((r) => setImmediate(r)); // let answers in when behind
    const p = one(sent++);
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  }
  const sendEnd = performance.now();
  await Promise.race([Promise.all([...inFlight]), sleep(o.drainMs)]);
  const sorted = [...latencies].sort((a, b) => a - b);
  const elapsedMs = sendEnd - start;
  return {
    sent,
    answered: latencies.length,
    ok,
    non2xx,
    errors,
    accepted,
    elapsedMs,
    achievedRate: sent / (elapsedMs / 1000),
    maxLagMs: maxLag,
    latencyMs: {
      p50: percentile(sorted, 50),
      p90: percentile(sorted, 90),
      p99: percentile(sorted, 99),
      max: sorted.at(-1) ?? 0,
    },
    afterFirstSecondMs: (() => {
      const s = [...perSecond].flatMap(([second, ms]) => (second >= 1 ? ms : [])).sort((a, b) => a - b);
      return { p50: percentile(s, 50), p99: percentile(s, 99), max: s.at(-1) ?? 0 };
    })(),
    rollbacks,
    bySecond: [...perSecond].map(([second, ms]) => {
      const s = ms.sort((a, b) => a - b);
      return { second, sent: s.length, p99: percentile(s, 99), max: s.at(-1) ?? 0 };
    }),
  };
}

if (process.argv[1]?.endsWith('paced-sender.ts') === true && process.argv[2] !== undefined) {
  runSender(JSON.parse(process.argv[2]) as SenderOptions).then(
    (r) => {
      process.stdout.write(`BENCH_JSON ${JSON.stringify(r)}\n`);
      process.exit(0);
    },
    (err: unknown) => {
      process.stderr.write(`paced-sender failed: ${String(err)}\n`);
      process.exit(1);
    },
  );
}
