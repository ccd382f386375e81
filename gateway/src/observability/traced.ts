import {
  type Attributes,
  type Context,
  context,
  INVALID_SPAN_CONTEXT,
  isSpanContextValid,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { parentContext } from './trace-context.js';
import { gatewayTracer, isTracingActive } from './tracing.js';

/** Where a span sits and what it says about itself. */
export interface SpanOptions {
  attributes?: Attributes;
  kind?: SpanKind;
  /** The parent; the active context by default. */
  parent?: Context;
}

/**
 * Runs `work` inside a new active span (so spans started within, like each subgraph fetch,
 * become its children when an SDK is registered) and ends it when `work` returns or settles.
 * A throw or rejection marks the span as an error and is passed on unchanged. Without a
 * registered SDK, `work` runs directly with the non-recording span the no-op tracer would give.
 */
export function traced<T>(name: string, options: SpanOptions, work: (span: Span) => T): T {
  const parent = options.parent ?? context.active();
  if (!isTracingActive()) return work(nonRecordingSpan(parent));
  const span = gatewayTracer().startSpan(
    name,
    {
      kind: options.kind ?? SpanKind.INTERNAL,
      ...(options.attributes && { attributes: options.attributes }),
    },
    parent,
  );
  const fail = (error: unknown) => {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({
      code: SpanStatusCode.ERROR,
      message: error instanceof Error ? error.message : String(error),
    });
  };
  let result: T;
  try {
    result = context.with(trace.setSpan(parent, span), () => work(span));
  } catch (error) {
    fail(error);
    span.end();
    throw error;
  }
  if (result instanceof Promise) {
    return result.then(
      (value) => {
        span.end();
        return value;
      },
      (error: unknown) => {
        fail(error);
        span.end();
        throw error;
      },
    ) as T;
  }
  span.end();
  return result;
}

/**
 * Runs one client request inside a server span, child of the client's `traceparent` when it
 * sent a valid one. `work` gets the span, e.g. to log its trace id.
 */
export function tracedRequest<T>(
  request: { traceparent?: string; requestId: string },
  work: (span: Span) => Promise<T>,
): Promise<T> {
  return traced(
    'graphql request',
    {
      kind: SpanKind.SERVER,
      parent: parentContext(request.traceparent),
      attributes: { 'hexagraph.request_id': request.requestId },
    },
    work,
  );
}

/** What the no-op tracer starts under `parent`: a span carrying the parent's valid context, if any. */
function nonRecordingSpan(parent: Context): Span {
  const parentSpan = trace.getSpanContext(parent);
  return trace.wrapSpanContext(
    parentSpan !== undefined && isSpanContextValid(parentSpan) ? parentSpan : INVALID_SPAN_CONTEXT,
  );
}
