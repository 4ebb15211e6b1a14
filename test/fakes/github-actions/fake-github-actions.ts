import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The GitHub REST subset the Actions tools use, on 127.0.0.1: get a run, re-run it (all or failed jobs,
 * 201), get a workflow, and dispatch it (204). It checks what GitHub checks: bearer token (401 "Bad
 * credentials"), `X-GitHub-Api-Version`, a known ref, only the workflow's declared inputs (422), and can
 * inject faults.
 * @see https://docs.github.com/en/rest/actions
 */
export interface FakeGithubActions {
  readonly url: string;
  readonly calls: { method: string; path: string; body: any }[];
  failNext(status: number, count?: number): void;
  close(): Promise<void>;
}

export interface FakeWorkflow {
  readonly repo: string;
  readonly file: string;
  readonly name: string;
  readonly inputs: readonly string[];
}

export async function startFakeGithubActions(o: {
  token: string;
  runs: readonly { repo: string; id: number; name: string; conclusion: string; head_sha: string }[];
  workflows: readonly FakeWorkflow[];
  refs: readonly string[];
}): Promise<FakeGithubActions> {
  const calls: FakeGithubActions['calls'] = [];
  let faults: number[] = [];
  const send = (res: ServerResponse, code: number, body?: unknown): void => {
    res.writeHead(code, { 'content-type': 'application/json; charset=utf-8' });
    res.end(body === undefined ? '' : JSON.stringify(body));
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const text = Buffer.concat(chunks).toString('utf8');
      const body = text === '' ? undefined : JSON.parse(text);
      calls.push({ method: req.method ?? '', path, body });
      if (req.headers.authorization !== `Bearer ${o.token}`)
        return send(res, 401, {
          message: 'Bad credentials',
          documentation_url: 'https://docs.github.com/rest',
        });
      if (req.headers['x-github-api-version'] !== '2022-11-28')
        return send(res, 400, { message: 'Unsupported API version' });
      const fault = faults.shift();
      if (fault !== undefined) return send(res, fault, { message: 'Server Error' });
      const notFound = () =>
        send(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
      let m = /^\/repos\/([^/]+\/[^/]+)\/actions\/runs\/(\d+)(\/rerun|\/rerun-failed-jobs)?$/.exec(path);
      if (m !== null) {
        const run = o.runs.find((r) => r.repo === m![1] && r.id === Number(m![2]));
        if (run === undefined) return notFound();
        if (m[3] === undefined && req.method === 'GET')
          return send(res, 200, { ...run, status: 'completed' });
        if (m[3] !== undefined && req.method === 'POST') return send(res, 201, {});
        return notFound();
      }
      m = /^\/repos\/([^/]+\/[^/]+)\/actions\/workflows\/([^/]+)(\/dispatches)?$/.exec(path);
      if (m !== null) {
        const wf = o.workflows.find((w) => w.repo === m![1] && w.file === m![2]);
        if (wf === undefined) return notFound();
        if (m[3] === undefined && req.method === 'GET')
          return send(res, 200, {
            id: 1,
            name: wf.name,
            path: `.github/workflows/${wf.file}`,
            state: 'active',
          });
        if (m[3] !== undefined && req.method === 'POST') {
          if (!o.refs.includes(body?.ref))
            return send(res, 422, { message: `No ref found for: ${String(body?.ref)}` });
          const extra = Object.keys(body?.inputs ?? {}).filter((k) => !wf.inputs.includes(k));
          if (extra.length > 0)
            return send(res, 422, { message: `Unexpected inputs provided: ${JSON.stringify(extra)}` });
          return send(res, 204);
        }
      }
      return notFound();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    failNext: (code, count = 1) => {
      faults = [...faults, ...Array<number>(count).fill(code)];
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}
