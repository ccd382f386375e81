import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayConfig } from '../../../gateway/src/config/gateway-config.js';
import { startTracing, type Tracing } from '../../../gateway/src/observability/tracing.js';
import { type RunningGateway, startGateway } from '../../../gateway/src/start-gateway.js';
import { silentLogger } from '../../../platform/logger.js';
import { type FaultSubgraph, startFaultSubgraph } from '../../helpers/fault-subgraph.js';
import {
  composeOrThrow,
  federationLink,
  type RunningFederation,
  startFixtureSubgraphs,
} from '../../helpers/federation-fixture.js';

const PRODUCTS_SDL = `${federationLink(['@key'])}
  type Query { products: [Product!]! }
  type Product @key(fields: "id") { id: ID! name: String! }`;
const PRICES_SDL = `${federationLink(['@key'])}
  type Product @key(fields: "id") { id: ID! price: Int }`;

const CLIENT_TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CLIENT_SPAN_ID = '00f067aa0ba902b7';

let federation: RunningFederation;
let prices: FaultSubgraph;
let gateway: RunningGateway;
let tracing: Tracing;
const finished: ReadableSpan[] = [];
// Not InMemorySpanExporter: its shutdown, which flushes the batch, also forgets what it holds.
const exporter: SpanExporter = {
  export: (spans, done) => {
    finished.push(...spans);
    done({ code: 0 });
  },
  shutdown: async () => undefined,
};

beforeAll(async () => {
  tracing = startTracing({ exporter });
  federation = await startFixtureSubgraphs('tracing', [
    {
      name: 'products',
      sdl: PRODUCTS_SDL,
      resolvers: { Query: { products: () => [{ id: 'p1', name: 'Kettle' }] } },
    },
    {
      name: 'prices',
      sdl: PRICES_SDL,
      resolvers: { Product: { __resolveReference: ({ id }: { id: string }) => ({ id, price: 100 }) } },
    },
  ]);
  const url = (name: string) => federation.subgraphs.find((subgraph) => subgraph.name === name)!.url;
  prices = await startFaultSubgraph({ target: url('prices') });
  gateway = await startGateway(gatewayConfig({ core: { port: 0, host: '127.0.0.1' } }), {
    supergraphSdl: composeOrThrow('tracing', [
      { name: 'products', url: url('products'), sdl: PRODUCTS_SDL },
      { name: 'prices', url: prices.url, sdl: PRICES_SDL },
    ]),
    log: silentLogger(),
  });
});

afterAll(async () => {
  await gateway?.close();
  await prices?.close();
  await federation?.close();
  await tracing?.shutdown();
});

describe('tracing through the gateway', () => {
  it("records the request, its planning and each fetch under the client's trace, and propagates it", async () => {
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        traceparent: `00-${CLIENT_TRACE_ID}-${CLIENT_SPAN_ID}-01`,
      },
      body: JSON.stringify({ query: '{ products { name price } }' }),
      signal: AbortSignal.timeout(10_000),
    });
    expect(await response.json()).toEqual({ data: { products: [{ name: 'Kettle', price: 100 }] } });
    // Shutting down flushes the batch processor; nothing is traced after this test.
    await tracing.shutdown();

    const spans = finished;
    const named = (name: string) => {
      const span = spans.find((candidate) => candidate.name === name);
      if (!span) throw new Error(`No span named ${name}; got ${spans.map((s) => s.name).join(', ')}`);
      return span;
    };
    const request = named('graphql request');
    expect(request.spanContext().traceId).toBe(CLIENT_TRACE_ID);
    expect(request.parentSpanContext?.spanId).toBe(CLIENT_SPAN_ID);
    expect(request.attributes['http.response.status_code']).toBe(200);
    for (const child of ['plan', 'fetch products', 'fetch prices']) {
      expect(named(child).spanContext().traceId, child).toBe(CLIENT_TRACE_ID);
      expect(named(child).parentSpanContext?.spanId, child).toBe(request.spanContext().spanId);
    }
    // The subgraph hears of the trace as a child of its fetch span.
    expect(prices.requests[0]?.headers.traceparent).toBe(
      `00-${CLIENT_TRACE_ID}-${named('fetch prices').spanContext().spanId}-01`,
    );
  });
});
