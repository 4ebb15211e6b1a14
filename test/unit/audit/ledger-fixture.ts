import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { AuditInput, AuditKind, Clock } from '../../../src/core/index.js';

/** A clock that moves one second per reading, so entries have distinct times. */
export function steppingClock(start = Date.parse('2024-05-01T10:00:00.000Z')): Clock {
  let t = start;
  return { now: () => new Date((t += 1000)) };
}

export function newKey(): KeyObject {
  return generateKeyPairSync('ed25519').privateKey;
}

/** Replaces anything that looks like a bearer token, anywhere in a JSON value. */
export function redact(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value ?? null).replace(/s3cr3t-[\w-]+/g, '[REDACTED]')) as unknown;
}

export function input(i: number, kind: AuditKind = 'system'): AuditInput {
  return {
    kind,
    actor: i % 2 === 0 ? 'watchkeeper' : 'slack:U1',
    ...(i % 3 === 0 ? { incidentId: 'INC-1' } : {}),
    ...(i % 4 === 0 ? { runId: `run-${i}` } : {}),
    ...(i % 5 === 0 ? { subject: `step-${i}` } : {}),
    data: { i, note: `entry ${i}`, nested: { list: [i, 'x', null, true] } },
  };
}
