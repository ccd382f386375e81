import { trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { parentContext } from '../../../../gateway/src/observability/trace-context.js';
import { traced, tracedRequest } from '../../../../gateway/src/observability/traced.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';

describe('traced without a tracing SDK', () => {
  it("hands a request's work a non-recording span carrying the client's trace", async () => {
    const seen = await tracedRequest(
      { traceparent: `00-${TRACE_ID}-${SPAN_ID}-01`, requestId: 'r1' },
      async (span) => ({
        recording: span.isRecording(),
        context: span.spanContext(),
      }),
    );

    expect(seen.recording).toBe(false);
    expect(seen.context).toMatchObject({ traceId: TRACE_ID, spanId: SPAN_ID, isRemote: true });
  });

  it('hands work without a valid parent an invalid span context', () => {
    const spanContext = traced('plan', { parent: parentContext('garbage') }, (span) => span.spanContext());

    expect(trace.isSpanContextValid(spanContext)).toBe(false);
  });

  it('passes results and failures of its work through unchanged', async () => {
    expect(traced('value', {}, () => 42)).toBe(42);
    expect(() =>
      traced('sync', {}, () => {
        throw new Error('planning failed');
      }),
    ).toThrow('planning failed');
    await expect(traced('async', {}, async () => Promise.reject(new Error('fetch failed')))).rejects.toThrow(
      'fetch failed',
    );
  });
});
