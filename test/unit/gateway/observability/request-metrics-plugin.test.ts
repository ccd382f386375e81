import { ApolloServer } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createGatewayMetrics } from '../../../../gateway/src/observability/gateway-metrics.js';
import { requestMetricsPlugin } from '../../../../gateway/src/observability/request-metrics-plugin.js';

async function serve() {
  const metrics = createGatewayMetrics();
  const server = new ApolloServer({
    typeDefs: 'type Query { ok: Int, price: Int, broken: Int! }',
    resolvers: {
      Query: {
        ok: () => 1,
        price: () => {
          throw new GraphQLError('pricing is down', {
            extensions: { code: 'CIRCUIT_OPEN', serviceName: 'pricing' },
          });
        },
        broken: () => {
          throw new Error('boom');
        },
      },
    },
    plugins: [requestMetricsPlugin(metrics)],
  });
  await server.start();
  return { metrics, server };
}

describe('requestMetricsPlugin', () => {
  it('records each request by operation name and outcome, and each error by code and subgraph', async () => {
    const { metrics, server } = await serve();

    await server.executeOperation({ query: 'query Fine { ok }' });
    await server.executeOperation({ query: 'query Partial { ok price }' });
    await server.executeOperation({ query: 'query Failed { broken }' });
    await server.executeOperation({ query: '{ nope }' });
    await server.stop();

    const { body } = await metrics.render();
    expect(body).toContain('request_duration_seconds_count{operation="Fine",outcome="success"} 1');
    expect(body).toContain('request_duration_seconds_count{operation="Partial",outcome="partial"} 1');
    expect(body).toContain('request_duration_seconds_count{operation="Failed",outcome="error"} 1');
    expect(body).toContain('request_duration_seconds_count{operation="(anonymous)",outcome="error"} 1');
    expect(body).toContain('errors_total{code="CIRCUIT_OPEN",subgraph="pricing"} 1');
    expect(body).toContain('errors_total{code="INTERNAL_SERVER_ERROR"} 1');
    expect(body).toContain('errors_total{code="GRAPHQL_VALIDATION_FAILED"} 1');
  });
});
