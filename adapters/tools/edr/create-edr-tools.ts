import { z } from 'zod';
import type { Tool } from '../../../src/core/index.js';
import type { JsonApiOptions } from './call-json-api.js';
import { defineHttpContainmentTool } from './define-http-containment-tool.js';

export interface EdrToolsOptions {
  readonly api: JsonApiOptions;
  /** The environment the tools' targets name, for policy rules (default `production`). */
  readonly environment?: string;
}

const hostId = z.coerce
  .string()
  .trim()
  .min(1)
  .max(255)
  .regex(/^[A-Za-z0-9._:-]+$/, {
    message: 'expected a host id (letters, digits, ".", "_", ":" or "-")',
  });
const ip = z.union([z.ipv4(), z.ipv6()]);
const domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/, {
    message: 'expected a domain name such as evil.example.com',
  });
const sha256 = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[0-9a-f]{64}$/, { message: 'expected a SHA-256 hash' });
const reason = z.string().max(200).optional();

const hostInput = z.object({ host: hostId, reason });
const ipInput = z.object({ ip, reason });
const domainInput = z.object({ domain, reason });
const fileInput = z.object({ host: hostId, sha256 });

const seg = encodeURIComponent;

/** Reads a boolean field of a JSON body, if the API gave one. */
function flag(body: unknown, key: string): boolean | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const v = (body as Record<string, unknown>)[key];
  return typeof v === 'boolean' ? v : undefined;
}

/**
 * Containment through a generic EDR / firewall webhook API (documented in README.md beside this file):
 * hosts isolate/release, IP and domain block lists, file quarantine/restore. Every action is reversible
 * and its release is the rollback. Bearer token, idempotency keys, timeouts and retries come from
 * `callJsonApi`.
 */
export function createEdrTools(options: EdrToolsOptions): Tool[] {
  const { api } = options;
  const env = options.environment ?? 'production';
  const host = (isolate: boolean): Tool =>
    defineHttpContainmentTool(api, env, {
      name: isolate ? 'edr.isolate_host' : 'edr.release_host',
      description: isolate
        ? 'Isolate a host from the network through the EDR.'
        : 'Release an isolated host through the EDR.',
      input: hostInput,
      risk: 'high',
      scope: 'security:edr.hosts',
      target: (i) => ({ asset: i.host }),
      current: (i) => ({
        method: 'GET',
        path: `/v1/hosts/${seg(i.host)}`,
        state: (status, body) => (status === 404 ? undefined : flag(body, 'isolated') === isolate),
      }),
      change: (i) => ({
        method: 'POST',
        path: `/v1/hosts/${seg(i.host)}/${isolate ? 'isolate' : 'release'}`,
        body: { reason: i.reason ?? null },
      }),
      describe: (i) => `${isolate ? 'isolate' : 'release'} host ${i.host}`,
      inverse: (i) => ({ tool: isolate ? 'edr.release_host' : 'edr.isolate_host', input: { host: i.host } }),
    });
  const list = <K extends 'ip' | 'domain'>(kind: K, block: boolean): Tool => {
    const input = kind === 'ip' ? ipInput : domainInput;
    const valueOf = (i: { ip?: string; domain?: string }): string => (kind === 'ip' ? i.ip : i.domain) ?? '';
    return defineHttpContainmentTool<z.infer<typeof input>>(api, env, {
      name: `edr.${block ? 'block' : 'unblock'}_${kind}`,
      description: `${block ? 'Block' : 'Unblock'} ${kind === 'ip' ? 'an IP address' : 'a domain'} at the firewall/EDR.`,
      input,
      risk: 'high',
      scope: 'security:edr.blocklist',
      target: (i) => ({ asset: valueOf(i), tags: [kind === 'ip' ? 'firewall' : 'dns'] }),
      current: (i) => ({
        method: 'GET',
        path: `/v1/blocklist/${kind}/${seg(valueOf(i))}`,
        state: (status, body) => (status === 404 ? !block : flag(body, 'blocked') === block),
      }),
      change: (i) =>
        block
          ? {
              method: 'PUT',
              path: `/v1/blocklist/${kind}/${seg(valueOf(i))}`,
              body: { reason: i.reason ?? null },
            }
          : { method: 'DELETE', path: `/v1/blocklist/${kind}/${seg(valueOf(i))}` },
      notFoundIsDone: !block,
      describe: (i) => `${block ? 'block' : 'unblock'} ${kind} ${valueOf(i)}`,
      inverse: (i) => ({ tool: `edr.${block ? 'unblock' : 'block'}_${kind}`, input: { [kind]: valueOf(i) } }),
    }) as Tool;
  };
  const file = (quarantine: boolean): Tool =>
    defineHttpContainmentTool(api, env, {
      name: quarantine ? 'edr.quarantine_file' : 'edr.restore_file',
      description: quarantine
        ? 'Quarantine a file (by SHA-256) on a host through the EDR.'
        : 'Restore a quarantined file through the EDR.',
      input: fileInput,
      risk: 'high',
      scope: 'security:edr.files',
      target: (i) => ({ asset: i.host, tags: ['file'] }),
      current: (i) => ({
        method: 'GET',
        path: `/v1/hosts/${seg(i.host)}/files/${i.sha256}`,
        state: (status, body) => (status === 404 ? undefined : flag(body, 'quarantined') === quarantine),
      }),
      change: (i) => ({
        method: 'POST',
        path: `/v1/hosts/${seg(i.host)}/files/${i.sha256}/${quarantine ? 'quarantine' : 'restore'}`,
        body: {},
      }),
      describe: (i) => `${quarantine ? 'quarantine' : 'restore'} file ${i.sha256.slice(0, 12)}… on ${i.host}`,
      inverse: (i) => ({
        tool: quarantine ? 'edr.restore_file' : 'edr.quarantine_file',
        input: { host: i.host, sha256: i.sha256 },
      }),
    });
  return [
    host(true),
    host(false),
    list('ip', true),
    list('ip', false),
    list('domain', true),
    list('domain', false),
    file(true),
    file(false),
  ];
}
