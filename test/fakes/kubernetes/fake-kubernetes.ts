import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A protocol-faithful subset of the Kubernetes API server on 127.0.0.1: Deployments (GET, PATCH with
 * `application/strategic-merge-patch+json` or `application/merge-patch+json`), their `scale` subresource,
 * and ReplicaSets listed by `labelSelector`. A template change runs the Deployment controller's revision
 * rule (an identical earlier ReplicaSet is reused and gets the next revision number; otherwise a new one is
 * made). Bearer auth, `Status` error bodies, 415 for other patch types, and scripted faults.
 */
export interface FakeDeployment {
  readonly name: string;
  readonly namespace: string;
  readonly image: string;
  readonly replicas: number;
  /** Earlier images, oldest first; each gets a ReplicaSet with a lower revision. */
  readonly history?: readonly string[];
}

export interface FakeKubernetes {
  readonly url: string;
  readonly requests: { method: string; path: string; contentType?: string; body: any; auth?: string }[];
  deployment(namespace: string, name: string): any;
  replicaSets(namespace: string): any[];
  /** The next `count` requests answer `status` (e.g. 503, 429). */
  failNext(status: number, count?: number): void;
  close(): Promise<void>;
}

const REVISION = 'deployment.kubernetes.io/revision';
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

export async function startFakeKubernetes(o: {
  token: string;
  deployments: readonly FakeDeployment[];
}): Promise<FakeKubernetes> {
  const deployments = new Map<string, any>();
  const replicaSets: any[] = [];
  const requests: FakeKubernetes['requests'] = [];
  let faults: number[] = [];
  let uid = 0;

  const templateOf = (name: string, image: string) => ({
    metadata: { labels: { app: name } },
    spec: { containers: [{ name, image }] },
  });
  const sameTemplate = (a: any, b: any): boolean => {
    const strip = (t: any) => {
      const c = clone(t);
      delete c.metadata?.labels?.['pod-template-hash'];
      return JSON.stringify(c);
    };
    return strip(a) === strip(b);
  };
  /** The Deployment controller: the ReplicaSet for the current template gets the next revision. */
  const rollout = (dep: any): void => {
    const owned = replicaSets.filter((rs) => rs.metadata.ownerReferences[0].uid === dep.metadata.uid);
    const next = Math.max(0, ...owned.map((rs) => Number(rs.metadata.annotations[REVISION]))) + 1;
    const existing = owned.find((rs) => sameTemplate(rs.spec.template, dep.spec.template));
    if (existing !== undefined) {
      if (Number(existing.metadata.annotations[REVISION]) !== next - 1)
        existing.metadata.annotations[REVISION] = String(next);
      return;
    }
    const hash = (replicaSets.length + 1).toString(16).padStart(8, 'a');
    const template = clone(dep.spec.template);
    template.metadata.labels['pod-template-hash'] = hash;
    replicaSets.push({
      metadata: {
        name: `${dep.metadata.name}-${hash}`,
        namespace: dep.metadata.namespace,
        labels: { ...dep.spec.selector.matchLabels, 'pod-template-hash': hash },
        annotations: { [REVISION]: String(next) },
        ownerReferences: [{ kind: 'Deployment', name: dep.metadata.name, uid: dep.metadata.uid }],
      },
      spec: { template },
    });
  };
  for (const d of o.deployments) {
    const dep = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: d.name, namespace: d.namespace, uid: `uid-${++uid}` },
      spec: {
        replicas: d.replicas,
        selector: { matchLabels: { app: d.name } },
        template: templateOf(d.name, d.history?.[0] ?? d.image),
      },
    };
    deployments.set(`${d.namespace}/${d.name}`, dep);
    rollout(dep);
    for (const image of [...(d.history ?? []).slice(1), ...(d.history === undefined ? [] : [d.image])]) {
      dep.spec.template = templateOf(d.name, image);
      rollout(dep);
    }
  }

  const status = (res: ServerResponse, code: number, reason: string, message: string): void => {
    res.writeHead(code, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message, reason, code }));
  };
  const json = (res: ServerResponse, body: unknown): void => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const merge = (target: any, patch: any): any => {
    if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return clone(patch);
    const out = target !== null && typeof target === 'object' && !Array.isArray(target) ? { ...target } : {};
    for (const [k, v] of Object.entries(patch)) {
      if (v === null) delete out[k];
      else out[k] = merge(out[k], v);
    }
    return out;
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const text = Buffer.concat(chunks).toString('utf8');
      const body = text === '' ? undefined : JSON.parse(text);
      const contentType = req.headers['content-type'];
      requests.push({
        method: req.method ?? '',
        path: `${url.pathname}${url.search}`,
        ...(contentType === undefined ? {} : { contentType }),
        body,
        ...(req.headers.authorization === undefined ? {} : { auth: req.headers.authorization }),
      });
      if (req.headers.authorization !== `Bearer ${o.token}`)
        return status(res, 401, 'Unauthorized', 'Unauthorized');
      const fault = faults.shift();
      if (fault !== undefined) return status(res, fault, 'ServiceUnavailable', 'injected fault');
      const m =
        /^\/apis\/apps\/v1\/namespaces\/([^/]+)\/(deployments|replicasets)(?:\/([^/]+))?(\/scale)?$/.exec(
          url.pathname,
        );
      if (m === null) return status(res, 404, 'NotFound', `the server could not find the requested resource`);
      const [, ns, kind, name, scale] = m;
      if (kind === 'replicasets') {
        const selector = Object.fromEntries(
          (url.searchParams.get('labelSelector') ?? '')
            .split(',')
            .filter(Boolean)
            .map((p) => p.split('=')),
        );
        const items = replicaSets.filter(
          (rs) =>
            rs.metadata.namespace === ns &&
            Object.entries(selector).every(([k, v]) => rs.metadata.labels[k] === v),
        );
        return json(res, { kind: 'ReplicaSetList', apiVersion: 'apps/v1', items });
      }
      const dep = deployments.get(`${ns}/${name}`);
      if (dep === undefined) return status(res, 404, 'NotFound', `deployments.apps "${name}" not found`);
      if (req.method === 'GET') {
        return json(
          res,
          scale
            ? {
                kind: 'Scale',
                apiVersion: 'autoscaling/v1',
                metadata: { name, namespace: ns },
                spec: { replicas: dep.spec.replicas },
                status: { replicas: dep.spec.replicas },
              }
            : {
                ...dep,
                // the fake's pods become ready at once
                status: {
                  replicas: dep.spec.replicas,
                  readyReplicas: dep.spec.replicas,
                  updatedReplicas: dep.spec.replicas,
                  availableReplicas: dep.spec.replicas,
                },
              },
        );
      }
      if (req.method !== 'PATCH') return status(res, 405, 'MethodNotAllowed', 'method not allowed');
      if (
        contentType !== 'application/strategic-merge-patch+json' &&
        contentType !== 'application/merge-patch+json'
      )
        return status(res, 415, 'UnsupportedMediaType', `the body of the request was in an unknown format`);
      if (scale) {
        const replicas = body?.spec?.replicas;
        if (!Number.isInteger(replicas) || replicas < 0)
          return status(res, 422, 'Invalid', 'spec.replicas: Invalid value');
        dep.spec.replicas = replicas;
        return json(res, {
          kind: 'Scale',
          apiVersion: 'autoscaling/v1',
          metadata: { name, namespace: ns },
          spec: { replicas },
        });
      }
      const before = JSON.stringify(dep.spec.template);
      const patched = merge(dep, body);
      dep.spec = patched.spec;
      if (JSON.stringify(dep.spec.template) !== before) rollout(dep);
      return json(res, dep);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    deployment: (ns, name) => deployments.get(`${ns}/${name}`),
    replicaSets: (ns) => replicaSets.filter((rs) => rs.metadata.namespace === ns),
    failNext: (code, count = 1) => {
      faults = [...faults, ...Array<number>(count).fill(code)];
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}
