import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config/index.js';
import type { Clock } from '../../src/core/index.js';
import { silentLogger } from '../helpers/silent-logger.js';

/** A clock tests move by hand (approval expiry). */
export class ManualClock implements Clock {
  constructor(private t = Date.now()) {}
  now(): Date {
    return new Date(this.t);
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

export interface Harness {
  readonly app: App;
  readonly url: string;
  readonly dir: string;
  /** JSON request against the app; `user` picks the console identity. */
  api(method: string, path: string, body?: unknown, user?: string): Promise<{ status: number; body: any }>;
  /** Waits until signal processing (incidents, plans, prompts) has caught up. */
  settle(): Promise<void>;
  close(options?: { keepDir?: boolean }): Promise<void>;
}

/** The whole app on a random port with a temp database and the sandbox environment. */
export async function startHarness(
  options: { dir?: string; clock?: Clock; env?: Record<string, string> } = {},
): Promise<Harness> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'wk-e2e-'));
  const config = loadConfig(
    { PORT: '0', LOG_LEVEL: 'silent', WATCHKEEPER_DATA_DIR: dir, ...options.env },
    process.cwd(),
  );
  const app = await createApp(config, {
    logger: silentLogger,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    expiryIntervalMs: 60_000,
  });
  const { url } = await app.start();
  return {
    app,
    url,
    dir,
    async api(method, path, body, user) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (user !== undefined) headers['x-watchkeeper-user'] = user;
      if (options.env?.['WATCHKEEPER_CONSOLE_TOKEN'] !== undefined)
        headers['authorization'] = `Bearer ${options.env['WATCHKEEPER_CONSOLE_TOKEN']}`;
      const res = await fetch(`${url}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      return { status: res.status, body: text === '' ? undefined : JSON.parse(text) };
    },
    settle: () => app.pipeline.idle(),
    async close(closeOptions) {
      await app.stop();
      if (closeOptions?.keepDir !== true && options.dir === undefined)
        rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An Alertmanager webhook v4 payload for one firing alert on a service. */
export function alertmanagerPayload(
  alertname: string,
  service: string,
  status: 'firing' | 'resolved' = 'firing',
  severity = 'critical',
): unknown {
  const labels = { alertname, service, severity };
  return {
    version: '4',
    groupKey: `{}:{alertname="${alertname}", service="${service}"}`,
    truncatedAlerts: 0,
    status,
    receiver: 'watchkeeper',
    groupLabels: { alertname, service },
    commonLabels: labels,
    commonAnnotations: { summary: `${alertname} on ${service}` },
    externalURL: 'http://alertmanager.example:9093',
    alerts: [
      {
        status,
        labels,
        annotations: { summary: `${alertname} on ${service}` },
        startsAt: '2026-11-25T10:00:00.000Z',
        endsAt: status === 'firing' ? '0001-01-01T00:00:00Z' : '2026-11-25T10:30:00.000Z',
        generatorURL: 'http://prometheus.example:9090/graph',
        fingerprint: `fp-${alertname}-${service}`,
      },
    ],
  };
}
