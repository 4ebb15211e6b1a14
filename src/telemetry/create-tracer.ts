import { noopTracer, type Logger, type Tracer } from '../core/index.js';
import type { OtlpSettings } from './otlp-settings.js';

export interface TracerOptions {
  /** Applied to every string attribute and status message before it leaves the process. */
  readonly redact: (text: string) => string;
  readonly logger: Logger;
  /** How long a stop waits for the last export (default 3 s); a collector that is down must not hold it. */
  readonly shutdownGraceMs?: number;
}

/**
 * The no-op tracer unless OTLP export is configured. The OpenTelemetry SDK is imported only then:
 * start-up time and idle memory are benchmarked, and most installations do not export traces.
 */
export async function createTracer(settings: OtlpSettings | undefined, o: TracerOptions): Promise<Tracer> {
  if (settings === undefined) return noopTracer;
  const { createOtelTracer } = await import('./otel-tracer.js');
  o.logger.info('exporting traces over OTLP/HTTP', { service: settings.serviceName });
  return createOtelTracer(settings, o);
}
