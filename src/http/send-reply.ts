import type { ServerResponse } from 'node:http';
import type { HttpReply } from '../core/index.js';

/** Headers on every response, whatever the route. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/** For HTML only: no inline script or style, nothing from another origin, no framing. */
export const HTML_CSP =
  "default-src 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'; form-action 'self'";

/** Sets the security headers; called before any route writes so streams get them too. */
export function applySecurityHeaders(res: ServerResponse): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
}

/**
 * Writes a route's reply: objects as JSON, strings as text, Buffers as bytes (a route may set its own
 * Content-Type). HTML gets the strict Content-Security-Policy.
 */
export function sendReply(
  res: ServerResponse,
  reply: HttpReply,
  extraHeaders?: Record<string, string>,
): void {
  const headers: Record<string, string> = { ...reply.headers, ...extraHeaders };
  let payload: Buffer | string | undefined;
  const hasType = Object.keys(headers).some((k) => k.toLowerCase() === 'content-type');
  const body = reply.body;
  if (body === undefined || body === null) payload = undefined;
  else if (Buffer.isBuffer(body)) {
    payload = body;
    if (!hasType) headers['Content-Type'] = 'application/octet-stream';
  } else if (typeof body === 'string') {
    payload = body;
    if (!hasType) headers['Content-Type'] = 'text/plain; charset=utf-8';
  } else {
    payload = JSON.stringify(body);
    if (!hasType) headers['Content-Type'] = 'application/json; charset=utf-8';
  }
  const type = headers['Content-Type'] ?? headerValue(headers, 'content-type') ?? '';
  if (type.startsWith('text/html')) headers['Content-Security-Policy'] = HTML_CSP;
  if (payload !== undefined) headers['Content-Length'] = String(Buffer.byteLength(payload));
  res.writeHead(reply.status, headers);
  res.end(payload);
}

function headerValue(headers: Record<string, string>, lower: string): string | undefined {
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === lower) return v;
  return undefined;
}
