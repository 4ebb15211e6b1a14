import { promises as dns } from 'node:dns';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect as netConnect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { Clock } from '../../../src/core/index.js';
import { bounded, type CheckOutcome, type DiagnosticCheck } from './diagnostic-checks.js';

type NetworkCheck = Exclude<DiagnosticCheck, { type: 'service' }>;

/**
 * Runs one HTTP, DNS, TLS or port check. It never throws for what it finds (a refused port, a 500, an
 * expired certificate are outcomes); it rejects only when `signal` aborts, i.e. on the timeout.
 */
export function runNetworkCheck(
  check: NetworkCheck,
  signal: AbortSignal,
  clock: Clock,
): Promise<CheckOutcome> {
  const started = clock.now().getTime();
  const ms = (): number => clock.now().getTime() - started;
  switch (check.type) {
    case 'http':
      return httpCheck(check, signal, ms);
    case 'dns':
      return dnsCheck(check, signal);
    case 'tls':
      return tlsCheck(check, signal, clock);
    case 'port':
      return portCheck(check, signal, ms);
  }
}

function aborted(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('aborted');
}

function httpCheck(
  c: Extract<DiagnosticCheck, { type: 'http' }>,
  signal: AbortSignal,
  ms: () => number,
): Promise<CheckOutcome> {
  return new Promise((resolve, reject) => {
    const url = new URL(c.url);
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = request(
      url,
      {
        method: c.method,
        signal,
        headers: { 'user-agent': 'watchkeeper-diagnostics' },
        ...(c.caFile === undefined ? {} : { ca: readFileSync(c.caFile) }),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          if (size < 2048) chunks.push(chunk);
          size += chunk.length;
        });
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          const ok = c.expectStatus === undefined ? status >= 200 && status < 400 : status === c.expectStatus;
          const body = bounded(Buffer.concat(chunks).toString('utf8').replace(/\s+/g, ' ').trim(), 200);
          resolve({
            ok,
            summary: `HTTP ${c.method} ${url.host}${url.pathname} → ${status} in ${ms()} ms${ok ? '' : ' (unexpected)'}`,
            detail: { status, latencyMs: ms(), bytes: size, body },
          });
        });
        res.on('error', (err) => settleError(err));
      },
    );
    const settleError = (err: Error): void => {
      if (signal.aborted) reject(aborted(signal));
      else
        resolve({
          ok: false,
          summary: `HTTP ${url.host}: ${bounded(err.message, 200)}`,
          detail: { error: bounded(err.message) },
        });
    };
    req.on('error', settleError);
    req.end();
  });
}

async function dnsCheck(
  c: Extract<DiagnosticCheck, { type: 'dns' }>,
  signal: AbortSignal,
): Promise<CheckOutcome> {
  const lookup = dns.lookup(c.host, { all: true });
  const abort = new Promise<never>((_, reject) => {
    if (signal.aborted) reject(aborted(signal));
    signal.addEventListener('abort', () => reject(aborted(signal)), { once: true });
  });
  try {
    const addresses = await Promise.race([lookup, abort]);
    const list = addresses.slice(0, 10).map((a) => a.address);
    return {
      ok: list.length > 0,
      summary: `DNS ${c.host} → ${list.join(', ')}`,
      detail: { addresses: list },
    };
  } catch (err) {
    if (signal.aborted) throw aborted(signal);
    const code = (err as { code?: string }).code ?? String(err);
    return { ok: false, summary: `DNS ${c.host}: ${code}`, detail: { error: bounded(code) } };
  }
}

function tlsCheck(
  c: Extract<DiagnosticCheck, { type: 'tls' }>,
  signal: AbortSignal,
  clock: Clock,
): Promise<CheckOutcome> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({
      host: c.host,
      port: c.port,
      ...(/^[\d.:]+$/.test(c.host) ? {} : { servername: c.host }),
      // Read the certificate even when it does not verify: an untrusted or expired one is the finding.
      rejectUnauthorized: false,
      ...(c.caFile === undefined ? {} : { ca: readFileSync(c.caFile) }),
    });
    const onAbort = (): void => {
      socket.destroy();
      reject(aborted(signal));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate();
      const validTo = Date.parse(cert.valid_to);
      const days = Math.floor((validTo - clock.now().getTime()) / 86_400_000);
      const trusted = socket.authorized;
      const ok = trusted && days >= c.warnDays;
      socket.end();
      signal.removeEventListener('abort', onAbort);
      const why = !trusted
        ? ` (not trusted: ${String(socket.authorizationError)})`
        : days < c.warnDays
          ? ` (fewer than ${c.warnDays})`
          : '';
      resolve({
        ok,
        summary: `TLS ${c.host}:${c.port} certificate expires ${new Date(validTo).toISOString().slice(0, 10)}, ${days} days left${why}`,
        detail: {
          validTo: new Date(validTo).toISOString(),
          daysLeft: days,
          trusted,
          subject: bounded(JSON.stringify(cert.subject ?? {}), 200),
        },
      });
    });
    socket.once('error', (err) => {
      signal.removeEventListener('abort', onAbort);
      if (signal.aborted) return;
      resolve({
        ok: false,
        summary: `TLS ${c.host}:${c.port}: ${bounded(err.message, 200)}`,
        detail: { error: bounded(err.message) },
      });
    });
  });
}

function portCheck(
  c: Extract<DiagnosticCheck, { type: 'port' }>,
  signal: AbortSignal,
  ms: () => number,
): Promise<CheckOutcome> {
  return new Promise((resolve, reject) => {
    const socket = netConnect({ host: c.host, port: c.port });
    const onAbort = (): void => {
      socket.destroy();
      reject(aborted(signal));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => {
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve({
        ok: true,
        summary: `port ${c.host}:${c.port} open (${ms()} ms)`,
        detail: { open: true, latencyMs: ms() },
      });
    });
    socket.once('error', (err) => {
      signal.removeEventListener('abort', onAbort);
      if (signal.aborted) return;
      const code = (err as { code?: string }).code ?? err.message;
      resolve({
        ok: false,
        summary: `port ${c.host}:${c.port} closed: ${code}`,
        detail: { open: false, error: bounded(code) },
      });
    });
  });
}
