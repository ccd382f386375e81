import { context, ProxyTracerProvider, propagation, type Tracer, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { BatchSpanProcessor, NodeTracerProvider, type SpanExporter } from '@opentelemetry/sdk-trace-node';

/** Instrumentation scope name of every gateway span. */
export const GATEWAY_TRACER_NAME = 'hexagraph-gateway';

/** The gateway's tracer: a no-op until `startTracing` registers an SDK. */
export function gatewayTracer(): Tracer {
  return trace.getTracer(GATEWAY_TRACER_NAME);
}

// What an empty proxy delegates to: the API's no-op provider, the one in place until an SDK registers.
const NOOP_TRACER_PROVIDER = new ProxyTracerProvider().getDelegate();

/**
 * Whether a real tracer provider is registered, so spans record. A few property reads: hot paths
 * ask on every call and skip the span machinery entirely when the answer is no.
 */
export function isTracingActive(): boolean {
  const provider = trace.getTracerProvider();
  return !(provider instanceof ProxyTracerProvider) || provider.getDelegate() !== NOOP_TRACER_PROVIDER;
}

/** A running tracing SDK (or none); `shutdown` flushes pending spans. */
export interface Tracing {
  enabled: boolean;
  shutdown(): Promise<void>;
}

/**
 * Registers an OpenTelemetry SDK when an exporter is configured: an explicit `exporter` (tests),
 * or OTLP over HTTP when `OTEL_EXPORTER_OTLP_ENDPOINT` or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` is
 * set (the exporter reads those variables itself). Otherwise nothing is registered and every
 * span is a free no-op, while `traceparent` still passes through to subgraphs.
 */
export function startTracing(
  options: { exporter?: SpanExporter; env?: Record<string, string | undefined> } = {},
): Tracing {
  const env = options.env ?? process.env;
  const otlpConfigured = Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
  const exporter = options.exporter ?? (otlpConfigured ? new OTLPTraceExporter() : undefined);
  if (!exporter) return { enabled: false, shutdown: async () => undefined };
  const provider = new NodeTracerProvider({ spanProcessors: [new BatchSpanProcessor(exporter)] });
  provider.register();
  return {
    enabled: true,
    shutdown: async () => {
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}
