import { type Context, context, isSpanContextValid, type SpanContext, trace } from '@opentelemetry/api';

/** The W3C trace context request header. */
export const TRACEPARENT_HEADER = 'traceparent';

const TRACEPARENT = /^([\da-f]{2})-([\da-f]{32})-([\da-f]{16})-([\da-f]{2})(-.*)?$/;

/**
 * The span context in a W3C `traceparent` header, or undefined when it is missing or invalid
 * (version ff, all-zero ids, or extra fields on version 00 are rejected, per the spec).
 */
export function parseTraceparent(header: string | string[] | undefined): SpanContext | undefined {
  const value = (Array.isArray(header) ? header[0] : header)?.trim().toLowerCase();
  const match = value === undefined ? null : TRACEPARENT.exec(value);
  if (!match) return undefined;
  const [, version, traceId, spanId, flags, rest] = match;
  if (version === 'ff' || (version === '00' && rest !== undefined)) return undefined;
  const spanContext: SpanContext = {
    traceId: traceId!,
    spanId: spanId!,
    traceFlags: Number.parseInt(flags!, 16) & 1,
    isRemote: true,
  };
  return isSpanContextValid(spanContext) ? spanContext : undefined;
}

/** A span context as a version-00 `traceparent` header. */
export function formatTraceparent(spanContext: SpanContext): string {
  const flags = (spanContext.traceFlags & 1).toString(16).padStart(2, '0');
  return `00-${spanContext.traceId}-${spanContext.spanId}-${flags}`;
}

/**
 * The context new spans should descend from: the active one when it holds a span (an SDK is
 * running inside a request span), otherwise the caller's `traceparent`, otherwise the root.
 */
export function parentContext(traceparent: string | undefined): Context {
  const active = context.active();
  if (trace.getSpanContext(active) !== undefined) return active;
  const remote = parseTraceparent(traceparent);
  return remote ? trace.setSpanContext(active, remote) : active;
}

/** The `traceparent` to send downstream for a span, or undefined when no valid trace exists. */
export function traceparentOf(spanContext: SpanContext | undefined): string | undefined {
  return spanContext && isSpanContextValid(spanContext) ? formatTraceparent(spanContext) : undefined;
}
