import {
  ROOT_CONTEXT,
  SpanStatusCode,
  trace,
  type Attributes,
  type Link,
  type Span,
  type Tracer as OtelApiTracer,
} from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { Plan, PlanningTrace, SpanAttributes, SpanOptions, TraceSpan, Tracer } from '../core/index.js';
import type { TracerOptions } from './create-tracer.js';
import type { OtlpSettings } from './otlp-settings.js';

/** Our span over an OpenTelemetry span; every string that goes in is redacted first. */
class OtelSpan implements TraceSpan {
  constructor(
    readonly inner: Span,
    private readonly redact: (text: string) => string,
  ) {}

  setAttributes(attributes: SpanAttributes): void {
    this.inner.setAttributes(toAttributes(attributes, this.redact));
  }

  fail(code: string, message?: string): void {
    this.inner.setAttribute('watchkeeper.error_code', code);
    this.inner.setStatus({
      code: SpanStatusCode.ERROR,
      message: message === undefined ? code : this.redact(message),
    });
  }

  end(endTime?: number): void {
    this.inner.end(endTime);
  }
}

/**
 * OTLP/HTTP (JSON) export through the OpenTelemetry SDK, batched off the hot path. The provider is
 * not registered globally: Watchkeeper passes its tracer explicitly, and libraries in the process
 * (LangChain) keep whatever tracing they had.
 */
export function createOtelTracer(settings: OtlpSettings, o: TracerOptions): Tracer {
  const exporter = new OTLPTraceExporter({ url: settings.tracesUrl, headers: { ...settings.headers } });
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: settings.serviceName }),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  const tracer: OtelApiTracer = provider.getTracer('watchkeeper');
  const planning = new WeakMap<Plan, PlanningTrace>();
  const origin = performance.timeOrigin;

  return {
    enabled: true,
    now: () => origin + performance.now(),
    startSpan(name: string, options: SpanOptions = {}): TraceSpan {
      const parent = options.parent instanceof OtelSpan ? options.parent.inner : undefined;
      const links: Link[] = (options.links ?? []).flatMap((l) =>
        l instanceof OtelSpan ? [{ context: l.inner.spanContext() }] : [],
      );
      const span = tracer.startSpan(
        name,
        {
          attributes: toAttributes(options.attributes ?? {}, o.redact),
          ...(links.length === 0 ? {} : { links }),
          ...(options.startTime === undefined ? {} : { startTime: options.startTime }),
        },
        parent === undefined ? ROOT_CONTEXT : trace.setSpan(ROOT_CONTEXT, parent),
      );
      return new OtelSpan(span, o.redact);
    },
    notePlanning(plan: Plan, record: PlanningTrace): void {
      planning.set(plan, record);
    },
    takePlanning(plan: Plan): PlanningTrace | undefined {
      const record = planning.get(plan);
      planning.delete(plan);
      return record;
    },
    async shutdown(): Promise<void> {
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), o.shutdownGraceMs ?? 3_000);
        timer.unref();
      });
      try {
        // The exporter retries an unreachable collector for many seconds; a stop waits only so long.
        if ((await Promise.race([provider.shutdown(), grace])) === 'timeout')
          o.logger.warn('trace export did not finish at shutdown; the last spans are dropped');
      } catch (err) {
        // The collector being down must not fail a graceful stop.
        o.logger.warn('trace export failed at shutdown', {
          error: o.redact(err instanceof Error ? err.message : String(err)),
        });
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

function toAttributes(attributes: SpanAttributes, redact: (text: string) => string): Attributes {
  const out: Attributes = {};
  for (const [k, v] of Object.entries(attributes)) {
    if (v === undefined) continue;
    out[k] = typeof v === 'string' ? redact(v) : v;
  }
  return out;
}
