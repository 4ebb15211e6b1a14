/** One read-only diagnostic request: a tool name in the Kubernetes/observability vocabulary and its params. */
export interface DiagnosticCall {
  readonly tool: string;
  readonly params: Readonly<Record<string, string>>;
}

/** What an alert says it is about (a Kubernetes object, or nothing). */
export interface AlertSubject {
  readonly alertname: string;
  readonly kind?: string;
  readonly name?: string;
  readonly namespace?: string;
  readonly node?: string;
  /** An id the alert source can look the finding up by. */
  readonly findingId?: string;
}

const POD_NAME = /-[a-z0-9]{8,10}-[a-z0-9]{5}$/;

/**
 * The first round of read-only diagnostics for an alert, chosen from what it is about: a pod (describe,
 * logs, previous logs, events), a job or deployment (describe, its pods), a node (describe, top pods);
 * the alert's runbook page when nothing names an object. Never a write.
 */
export function planInvestigation(s: AlertSubject): DiagnosticCall[] {
  const calls: DiagnosticCall[] = [];
  const ns = s.namespace ?? 'default';
  const kind = (s.kind ?? '').toLowerCase();
  if (s.findingId !== undefined && /^[0-9a-f-]{36}$/.test(s.findingId))
    calls.push({ tool: 'fetch_finding_by_id', params: { id: s.findingId } });
  if (s.name !== undefined && (kind === 'pod' || POD_NAME.test(s.name))) {
    calls.push(
      { tool: 'kubectl_describe', params: { kind: 'pod', name: s.name, namespace: ns } },
      { tool: 'fetch_pod_logs', params: { pod_name: s.name, namespace: ns } },
      { tool: 'kubectl_previous_logs', params: { pod_name: s.name, namespace: ns } },
      { tool: 'kubectl_events', params: { resource_type: 'pod', pod_name: s.name, namespace: ns } },
    );
  } else if (s.name !== undefined && (kind === 'job' || kind === 'deployment')) {
    calls.push(
      { tool: 'kubectl_describe', params: { kind, name: s.name, namespace: ns } },
      { tool: 'kubectl_get_by_kind_in_namespace', params: { kind: 'pod', namespace: ns } },
    );
  } else if (kind === 'node' && (s.name ?? s.node) !== undefined) {
    calls.push(
      {
        tool: 'kubectl_describe',
        params: { kind: 'node', name: s.name ?? s.node ?? '', namespace: s.namespace ?? '' },
      },
      { tool: 'kubectl_top_pods', params: {} },
    );
  }
  if (s.name === undefined || calls.length <= 1) {
    const group = /^Kube/.test(s.alertname) ? 'kubernetes' : 'general';
    calls.push({
      tool: 'fetch_webpage',
      params: {
        url: `https://runbooks.prometheus-operator.dev/runbooks/${group}/${s.alertname.toLowerCase()}`,
      },
    });
  }
  return calls;
}

/**
 * The second round: the logs of the pods a job or deployment owns, found in the pod listing of the first
 * round (names starting with `<name>-`), at most `limit` of them.
 */
export function followUpCalls(s: AlertSubject, podListing: string, limit = 3): DiagnosticCall[] {
  if (s.name === undefined) return [];
  const ns = s.namespace ?? 'default';
  const pods = [...new Set(podListing.split('\n').map((l) => l.trim().split(/\s+/)[0] ?? ''))].filter((p) =>
    p.startsWith(`${s.name}-`),
  );
  return pods
    .slice(0, limit)
    .map((pod) => ({ tool: 'fetch_pod_logs', params: { pod_name: pod, namespace: ns } }));
}
