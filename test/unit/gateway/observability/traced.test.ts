import { context, propagation, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parentContext, traceparentOf } from '../../../../gateway/src/observability/trace-context.js';
import { traced, tracedRequest } from '../../../../gateway/src/observability/traced.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const exporter = new InMemorySpanExporter();

beforeAll(() => {
  new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).register();
});

afterEach(() => exporter.reset());

afterAll(() => {
  trace.disable();
  context.disable();
  propagation.disable();
});

const finished = (name: string) => exporter.getFinishedSpans().find((span) => span.name === name);

describe('traced', () => {
  it('makes spans started inside its work, across awaits, its children', async () => {
    await traced('outer', {}, async () => {
      await new Promise((resolve) => setImmediate(resolve));
      traced('inner', {}, () => undefined);
    });

    expect(finished('inner')?.parentSpanContext?.spanId).toBe(finished('outer')?.spanContext().spanId);
  });

  it('marks a span whose work throws or rejects as an error, passing the failure on', async () => {
    expect(() =>
      traced('sync', {}, () => {
        throw new Error('planning failed');
      }),
    ).toThrow('planning failed');
    await expect(traced('async', {}, async () => Promise.reject(new Error('fetch failed')))).rejects.toThrow(
      'fetch failed',
    );

    expect(finished('sync')?.status).toMatchObject({ code: 2, message: 'planning failed' });
    expect(finished('async')?.status).toMatchObject({ code: 2, message: 'fetch failed' });
  });

  it('returns what its work returns', () => {
    expect(traced('value', {}, () => 42)).toBe(42);
  });
});

describe('tracedRequest', () => {
  it('continues the client trace and is the parent of what runs inside it', async () => {
    let downstream: string | undefined;

    await tracedRequest({ traceparent: `00-${TRACE_ID}-00f067aa0ba902b7-01`, requestId: 'r1' }, async () => {
      await Promise.resolve();
      downstream = traceparentOf(trace.getSpanContext(parentContext(undefined)));
    });

    const request = finished('graphql request');
    expect(request?.spanContext().traceId).toBe(TRACE_ID);
    expect(request?.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    expect(request?.attributes['hexagraph.request_id']).toBe('r1');
    expect(downstream).toBe(`00-${TRACE_ID}-${request?.spanContext().spanId}-01`);
  });

  it('starts a new trace when the client sent no valid traceparent', async () => {
    await tracedRequest({ traceparent: 'garbage', requestId: 'r2' }, async () => undefined);

    expect(finished('graphql request')?.parentSpanContext).toBeUndefined();
  });
});
