import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface JiraCall {
  readonly method: string;
  readonly path: string;
  readonly body: any;
}

interface Issue {
  status: string;
  comments: { body: string; properties?: unknown }[];
  labels: string[];
}

/** The workflow the fake knows: transition name → target status, from any status but the target. */
const TRANSITIONS = [
  { id: '11', name: 'Start Progress', to: 'In Progress' },
  { id: '21', name: 'Done', to: 'Done' },
  { id: '31', name: 'Reopen', to: 'Open' },
];

/**
 * The Jira Cloud REST v2 subset Watchkeeper uses, on 127.0.0.1: add comment, list and do transitions,
 * create issue link, edit labels. Basic auth (email:API token) is checked like Jira Cloud does.
 * @see https://developer.atlassian.com/cloud/jira/platform/rest/v2/
 */
export class FakeJira {
  readonly calls: JiraCall[] = [];
  readonly issues = new Map<string, Issue>();
  readonly links: { type: string; inward: string; outward: string }[] = [];
  private faults: number[] = [];
  private server: Server | undefined;
  url = '';

  constructor(
    readonly email = 'bot@example.com',
    readonly apiToken = 'jira-token',
  ) {}

  addIssue(key: string, status = 'Open'): void {
    this.issues.set(key, { status, comments: [], labels: [] });
  }

  failNext(...statuses: number[]): void {
    this.faults.push(...statuses);
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise((r) => this.server?.close(r));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const send = (status: number, body?: unknown): void => {
      if (body === undefined) res.writeHead(status).end();
      else res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    const fault = this.faults.shift();
    if (fault !== undefined) return send(fault, { errorMessages: ['injected fault'] });
    const expected = `Basic ${Buffer.from(`${this.email}:${this.apiToken}`).toString('base64')}`;
    if (req.headers.authorization !== expected) return send(401, { errorMessages: ['Unauthorized'] });
    let body: any;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      return send(400, { errorMessages: ['Unexpected character'] });
    }
    const path = decodeURIComponent(new URL(req.url ?? '/', this.url).pathname);
    this.calls.push({ method: req.method ?? '', path, body });
    if (req.method === 'POST' && path === '/rest/api/2/issueLink') {
      const inward = body?.inwardIssue?.key;
      const outward = body?.outwardIssue?.key;
      if (!['Duplicate', 'Relates', 'Blocks'].includes(body?.type?.name))
        return send(404, { errorMessages: ['No issue link type with name found.'] });
      if (!this.issues.has(inward) || !this.issues.has(outward))
        return send(404, { errorMessages: ['Issue Does Not Exist'] });
      this.links.push({ type: body.type.name, inward, outward });
      return send(201);
    }
    const m = /^\/rest\/api\/2\/issue\/([A-Z][A-Z0-9_]*-\d+)(\/comment|\/transitions)?$/.exec(path);
    const issue = m === null ? undefined : this.issues.get(m[1]!);
    if (m === null || issue === undefined) return send(404, { errorMessages: ['Issue Does Not Exist'] });
    if (req.method === 'POST' && m[2] === '/comment') {
      if (typeof body?.body !== 'string' || body.body === '')
        return send(400, { errors: { comment: 'Comment body can not be empty!' } });
      issue.comments.push({
        body: body.body,
        ...(body.properties === undefined ? {} : { properties: body.properties }),
      });
      return send(201, { id: String(10_000 + issue.comments.length), body: body.body });
    }
    if (req.method === 'GET' && m[2] === '/transitions') {
      return send(200, {
        transitions: TRANSITIONS.filter((t) => t.to !== issue.status).map((t) => ({
          id: t.id,
          name: t.name,
          to: { name: t.to },
        })),
      });
    }
    if (req.method === 'POST' && m[2] === '/transitions') {
      const t = TRANSITIONS.find((x) => x.id === body?.transition?.id && x.to !== issue.status);
      if (t === undefined)
        return send(400, { errorMessages: ['Transition id is not valid for this issue.'] });
      issue.status = t.to;
      return send(204);
    }
    if (req.method === 'PUT' && m[2] === undefined) {
      for (const op of body?.update?.labels ?? []) if (typeof op.add === 'string') issue.labels.push(op.add);
      return send(204);
    }
    return send(405, { errorMessages: ['Method Not Allowed'] });
  }
}
