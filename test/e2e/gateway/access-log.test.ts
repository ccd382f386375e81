import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayConfig } from '../../../gateway/src/config/gateway-config.js';
import { type RunningGateway, startGateway } from '../../../gateway/src/start-gateway.js';
import { capturedLogger } from '../../helpers/captured-logger.js';
import type { RunningFederation } from '../../helpers/federation-fixture.js';
import { startReviewFederation } from './review-federation.js';

const QUERY = 'query ProductsWithPrice { products(first: 3) { name price { amount } } }';

async function post(gateway: RunningGateway, body: string): Promise<Response> {
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  await response.text();
  return response;
}

describe('access log', () => {
  let federation: RunningFederation;
  const sampled = capturedLogger();
  const unsampled = capturedLogger();
  let gateway: RunningGateway;
  let quiet: RunningGateway;

  const accessLines = (lines: Record<string, unknown>[]) => lines.filter((line) => line.msg === 'request');

  beforeAll(async () => {
    federation = await startReviewFederation();
    const start = (log: typeof sampled.log, sampleRate: number) =>
      startGateway(gatewayConfig({ core: { port: 0 }, observability: { accessLogSampleRate: sampleRate } }), {
        supergraphSdl: federation.supergraphSdl,
        log,
      });
    gateway = await start(sampled.log, 1);
    quiet = await start(unsampled.log, 0);
  });
  afterAll(async () => {
    await Promise.all([gateway?.close(), quiet?.close()]);
    await federation?.close();
  });

  it('writes one info line per request: id, operation, status, duration, subgraph requests, error codes', async () => {
    const before = federation.requestCounts();
    const response = await post(gateway, JSON.stringify({ query: QUERY }));
    const after = federation.requestCounts();
    const subgraphRequests = Object.keys(after).reduce(
      (sum, name) => sum + (after[name] ?? 0) - (before[name] ?? 0),
      0,
    );
    const lines = accessLines(sampled.lines);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      requestId: response.headers.get('x-request-id'),
      method: 'POST',
      operationName: 'ProductsWithPrice',
      operationHash: createHash('sha256').update(QUERY).digest('hex'),
      status: 200,
      durationMs: expect.any(Number),
      subgraphRequests,
      errorCodes: [],
    });
    expect(subgraphRequests).toBe(2);
  });

  it('logs a request refused before Apollo Server with its status and code', async () => {
    sampled.lines.length = 0;
    await post(gateway, '{"query": ');
    expect(accessLines(sampled.lines)).toEqual([
      expect.objectContaining({
        status: 400,
        errorCodes: ['BAD_REQUEST'],
        subgraphRequests: 0,
        operationName: null,
      }),
    ]);
  });

  it('logs the code of a request Apollo Server refuses before its plugins run (CSRF prevention)', async () => {
    sampled.lines.length = 0;
    const response = await fetch(`${gateway.url}?query=${encodeURIComponent('{ products { id } }')}`, {
      signal: AbortSignal.timeout(10_000),
    });
    await response.text();
    expect(accessLines(sampled.lines)).toEqual([
      expect.objectContaining({ method: 'GET', status: 400, errorCodes: ['BAD_REQUEST'] }),
    ]);
  });

  it('logs every failed request even when no successful one is sampled', async () => {
    await post(quiet, JSON.stringify({ query: QUERY }));
    await post(quiet, JSON.stringify({ query: '{ products(first: 1) { nope } }' }));
    expect(accessLines(unsampled.lines)).toEqual([
      expect.objectContaining({ status: 400, errorCodes: ['GRAPHQL_VALIDATION_FAILED'] }),
    ]);
  });
});
