import { trace } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultSubgraphSettings } from '../../../../gateway/src/config/upstream-config.js';
import { createGatewayMetrics } from '../../../../gateway/src/observability/gateway-metrics.js';
import { ResilientSubgraphClient } from '../../../../gateway/src/upstream/resilient-subgraph-client.js';
import type {
  SubgraphCallContext,
  SubgraphClient,
  SubgraphRequest,
  SubgraphResponse,
} from '../../../../gateway/src/upstream/subgraph-client.js';
import { UpstreamError } from '../../../../gateway/src/upstream/subgraph-client.js';
import { SubgraphPolicy } from '../../../../gateway/src/upstream/subgraph-policy.js';

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const INCOMING = `00-${TRACE_ID}-b7ad6b7169203331-01`;
const request: SubgraphRequest = { query: '{ a }', operationName: 'A' };

/** A transport that records what it was given and answers from a script. */
class RecordingTransport implements SubgraphClient {
  readonly calls: SubgraphCallContext[] = [];
  constructor(private readonly outcomes: (SubgraphResponse | Error)[]) {}
  async call(_subgraph: string, _request: SubgraphRequest, context: SubgraphCallContext) {
    this.calls.push(context);
    const outcome = this.outcomes.shift() ?? { data: { a: 1 } };
    if (outcome instanceof Error) throw outcome;
    return outcome;
  }
}

function build(outcomes: (SubgraphResponse | Error)[], tracerProvider?: BasicTracerProvider) {
  const transport = new RecordingTransport(outcomes);
  const lines: Record<string, unknown>[] = [];
  const metrics = createGatewayMetrics();
  const client = new ResilientSubgraphClient(
    transport,
    new Map([
      ['pricing', new SubgraphPolicy('pricing', { ...defaultSubgraphSettings, retryBaseDelayMs: 1 })],
    ]),
    {
      log: pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line)) }),
      metrics,
      ...(tracerProvider ? { tracer: tracerProvider.getTracer('test') } : {}),
    },
  );
  return { client, transport, lines, metrics };
}

function context(overrides: Partial<SubgraphCallContext> = {}): SubgraphCallContext {
  return { operationKind: 'query', signal: new AbortController().signal, ...overrides };
}

afterEach(() => {
  trace.disable();
});

describe('ResilientSubgraphClient', () => {
  it('passes the caller traceparent on unchanged when no tracing SDK records spans', async () => {
    const { client, transport } = build([]);

    await client.call('pricing', request, context({ traceparent: INCOMING }));

    expect(transport.calls[0]?.traceparent).toBe(INCOMING);
  });

  it('records a client span per call, child of the caller trace, and sends its own traceparent', async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const { client, transport } = build([], provider);

    await client.call('pricing', request, context({ traceparent: INCOMING }));

    const [span] = exporter.getFinishedSpans();
    expect(span?.name).toBe('fetch pricing');
    expect(span?.spanContext().traceId).toBe(TRACE_ID);
    expect(span?.parentSpanContext?.spanId).toBe('b7ad6b7169203331');
    expect(transport.calls[0]?.traceparent).toBe(`00-${TRACE_ID}-${span?.spanContext().spanId}-01`);
  });

  it('marks the span of a failed call with the error code', async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const { client } = build(
      [new UpstreamError('SUBREQUEST_HTTP_ERROR', 'HTTP 500', 'pricing', { httpStatus: 500 })],
      provider,
    );

    await expect(client.call('pricing', request, context())).rejects.toMatchObject({
      code: 'SUBREQUEST_HTTP_ERROR',
    });

    const [span] = exporter.getFinishedSpans();
    expect(span?.attributes['hexagraph.error.code']).toBe('SUBREQUEST_HTTP_ERROR');
    expect(span?.attributes['http.response.status_code']).toBe(500);
    expect(span?.status.code).toBe(2);
  });

  it('gives each attempt a deadline no later than the request deadline', async () => {
    const { client, transport } = build([]);
    const deadline = Date.now() + 250;

    await client.call('pricing', request, context({ deadline }));

    expect(transport.calls[0]?.deadline).toBeLessThanOrEqual(deadline);
  });

  it('logs each retry and the final failure with the correlation id and the failing body', async () => {
    const unavailable = () =>
      new UpstreamError('SUBREQUEST_HTTP_ERROR', 'HTTP 503', 'pricing', {
        httpStatus: 503,
        bodySnippet: 'busy',
      });
    const { client, lines } = build([unavailable(), unavailable(), unavailable()]);

    await expect(client.call('pricing', request, context({ requestId: 'req-1' }))).rejects.toBeDefined();

    const failures = lines.filter((line) => line.code === 'SUBREQUEST_HTTP_ERROR');
    expect(failures).toHaveLength(3);
    for (const line of failures) {
      expect(line).toMatchObject({ requestId: 'req-1', subgraph: 'pricing', httpStatus: 503, body: 'busy' });
    }
  });

  it('rejects a call to an unknown subgraph with INTERNAL_SERVER_ERROR', async () => {
    const { client, transport } = build([]);

    await expect(client.call('reviews', request, context())).rejects.toMatchObject({
      code: 'INTERNAL_SERVER_ERROR',
    });
    expect(transport.calls).toHaveLength(0);
  });

  it('turns an unexpected transport failure into INTERNAL_SERVER_ERROR', async () => {
    const { client } = build([new TypeError('cannot read x of undefined')]);

    await expect(client.call('pricing', request, context())).rejects.toMatchObject({
      code: 'INTERNAL_SERVER_ERROR',
    });
  });
});
