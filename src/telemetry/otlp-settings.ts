/** The standard OpenTelemetry environment variables Watchkeeper reads (the subset that matters here). */
export interface OtlpEnv {
  readonly OTEL_EXPORTER_OTLP_ENDPOINT?: string | undefined;
  readonly OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?: string | undefined;
  readonly OTEL_EXPORTER_OTLP_HEADERS?: string | undefined;
  readonly OTEL_SERVICE_NAME?: string | undefined;
}

/** Where and how traces are exported; absent when no endpoint is configured (then nothing is). */
export interface OtlpSettings {
  /** The full OTLP/HTTP traces URL. */
  readonly tracesUrl: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly serviceName: string;
}

/**
 * Resolves the endpoint the way the OpenTelemetry specification says: the signal-specific variable is
 * used as it is; the generic one gets `/v1/traces` appended to its path.
 */
export function otlpSettings(env: OtlpEnv): OtlpSettings | undefined {
  const specific = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  const generic = env.OTEL_EXPORTER_OTLP_ENDPOINT;
  const tracesUrl =
    specific !== undefined && specific !== ''
      ? specific
      : generic !== undefined && generic !== ''
        ? `${generic.replace(/\/+$/, '')}/v1/traces`
        : undefined;
  if (tracesUrl === undefined) return undefined;
  return {
    tracesUrl,
    headers: parseOtlpHeaders(env.OTEL_EXPORTER_OTLP_HEADERS ?? ''),
    serviceName: env.OTEL_SERVICE_NAME ?? 'watchkeeper',
  };
}

/** `key=value,key2=value2`, values percent-decoded (W3C Baggage style, as the specification says). */
export function parseOtlpHeaders(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of text.split(',')) {
    const at = pair.indexOf('=');
    if (at <= 0) continue;
    const key = pair.slice(0, at).trim();
    const value = pair.slice(at + 1).trim();
    if (key === '') continue;
    headers[key] = safeDecode(value);
  }
  return headers;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
