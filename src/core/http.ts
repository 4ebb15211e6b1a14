import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Approval, ApprovalStatus } from './approval.js';
import type { AuditEntry, AuditVerification } from './audit.js';
import type { Incident, IncidentStatus } from './incident.js';
import type { RunRecord } from './run.js';
import type { Signal } from './signal.js';

/** A parsed request handed to a route; the server has already enforced size limits and auth. */
export interface HttpRequest {
  readonly method: string;
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly rawBody: Buffer;
}

export interface HttpReply {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Objects are sent as JSON; strings and Buffers as they are. */
  readonly body?: unknown;
}

/**
 * A route contributed to the one HTTP server by a module or an adapter (hooks, console API,
 * `/slack/events`, `/discord/interactions`). `auth` names which token guards it.
 */
export interface HttpRoute {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path with `:name` parameters, e.g. `/api/approvals/:id/votes`. */
  readonly path: string;
  readonly auth: 'console' | 'hook' | 'none';
  /** Largest body accepted, bytes; larger is answered 413. Default 1 MiB. */
  readonly maxBodyBytes?: number;
  handle?(req: HttpRequest): Promise<HttpReply>;
  /** For long-lived responses (Server-Sent Events): the route writes to `res` itself. */
  stream?(req: HttpRequest, raw: { req: IncomingMessage; res: ServerResponse }): void;
}

/** Contributed by adapters that serve HTTP. */
export interface HttpRouteProvider {
  routes(): readonly HttpRoute[];
}

export interface IngestResult {
  readonly accepted: number;
  readonly signalIds: readonly string[];
}

/** Alert intake: validates and durably stores, then processes asynchronously. */
export interface SignalIntake {
  /** Throws ValidationError (→ 400) before anything is stored; returns once every signal is committed. */
  ingest(sourceId: string, body: unknown): IngestResult;
  /**
   * The same with group commit, for the HTTP hooks: validates at once (throws ValidationError), then
   * stores the signals together with every other request of this event-loop turn in one transaction,
   * and resolves after that commit, so a 2xx still means stored.
   */
  accept(sourceId: string, body: unknown): Promise<IngestResult>;
}

export interface IncidentDetail {
  readonly incident: Incident;
  readonly signals: readonly Signal[];
  readonly runs: readonly RunRecord[];
}

/** Read side for the operators' JSON API and the console. */
export interface ConsoleQueries {
  incidents(filter: { status?: IncidentStatus; limit: number }): Incident[];
  incident(id: string): IncidentDetail | undefined;
  approvals(filter: { status?: ApprovalStatus; limit: number }): Approval[];
  audit(afterSeq: number, limit: number): AuditEntry[];
  verifyAudit(): AuditVerification;
  ready(): boolean;
}
