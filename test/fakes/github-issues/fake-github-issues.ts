import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GitHubCall {
  readonly method: string;
  readonly path: string;
  readonly body: any;
}

interface Issue {
  state: 'open' | 'closed';
  state_reason: string | null;
  labels: string[];
  comments: string[];
}

/**
 * The GitHub Issues REST subset Watchkeeper uses, on 127.0.0.1: create comment, add labels, update
 * issue. It checks what GitHub checks (bearer token, JSON body, issue exists, valid state) and can
 * fail the next requests with a status (429/5xx) to test retries.
 * @see https://docs.github.com/en/rest/issues
 */
export class FakeGitHubIssues {
  readonly calls: GitHubCall[] = [];
  readonly issues = new Map<string, Issue>();
  private faults: number[] = [];
  private server: Server | undefined;
  url = '';

  constructor(readonly token = 'ghp_test') {}

  /** `owner/repo#n` becomes an open issue. */
  addIssue(ref: string): void {
    this.issues.set(ref, { state: 'open', state_reason: null, labels: [], comments: [] });
  }

  /** The next requests answer these statuses instead of being served. */
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
    const send = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    const fault = this.faults.shift();
    if (fault !== undefined) return send(fault, { message: 'injected fault' });
    if (req.headers.authorization !== `Bearer ${this.token}`)
      return send(401, { message: 'Bad credentials' });
    if (!String(req.headers.accept).includes('application/vnd.github+json'))
      return send(415, { message: 'Unsupported Accept' });
    let body: any;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      return send(400, { message: 'Problems parsing JSON' });
    }
    const path = new URL(req.url ?? '/', this.url).pathname;
    this.calls.push({ method: req.method ?? '', path, body });
    const m = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)(\/comments|\/labels)?$/.exec(path);
    const issue = m === null ? undefined : this.issues.get(`${m[1]}/${m[2]}#${m[3]}`);
    if (m === null || issue === undefined) return send(404, { message: 'Not Found' });
    if (req.method === 'POST' && m[4] === '/comments') {
      if (typeof body?.body !== 'string' || body.body === '')
        return send(422, { message: 'body is missing' });
      issue.comments.push(body.body);
      return send(201, { id: issue.comments.length, body: body.body });
    }
    if (req.method === 'POST' && m[4] === '/labels') {
      if (!Array.isArray(body?.labels)) return send(422, { message: 'labels must be an array' });
      issue.labels.push(...body.labels);
      return send(
        200,
        issue.labels.map((name) => ({ name })),
      );
    }
    if (req.method === 'PATCH' && m[4] === undefined) {
      if (body?.state !== undefined && !['open', 'closed'].includes(body.state))
        return send(422, { message: 'Validation Failed' });
      if (body?.state !== undefined) issue.state = body.state;
      if (body?.state_reason !== undefined) issue.state_reason = body.state_reason;
      return send(200, { state: issue.state, state_reason: issue.state_reason });
    }
    return send(404, { message: 'Not Found' });
  }
}
