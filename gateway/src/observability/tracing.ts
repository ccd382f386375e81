import { createRequire } from 'node:module';
import { context, ProxyTracerProvider, propagation, type Tracer, trace } from '@opentelemetry/api';
import type * as OtlpHttp from '@opentelemetry/exporter-trace-otlp-http';
import type * as SdkTraceNode from '@opentelemetry/sdk-trace-node';
import type { SpanExporter } from '@opentelemetry/sdk-trace-node';

// The SDK and the exporter are loaded only when tracing is on: together they hold some 20 MiB a
// gateway without an exporter never needs. (Both ship CommonJS, so they load synchronously.)
const load = createRequire(import.meta.url);

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
  const exporter =
    options.exporter ??
    (otlpConfigured
      ? new (load('@opentelemetry/exporter-trace-otlp-http') as typeof OtlpHttp).OTLPTraceExporter()
      : undefined);
  if (!exporter) return { enabled: false, shutdown: async () => undefined };
  const { BatchSpanProcessor, NodeTracerProvider } = load(
    '@opentelemetry/sdk-trace-node',
  ) as typeof SdkTraceNode;
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
