import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchSubgraphSdl } from '../../../scripts/schema-check/fetch-subgraph-sdl.js';

/** Scripted answers by path: status and body. */
const answers: Record<string, [number, string]> = {
  '/subgraph': [200, JSON.stringify({ data: { _service: { sdl: 'type Query { a: Int }' } } })],
  '/html': [200, '<html>hello</html>'],
  '/failing': [503, 'upstream unavailable'],
  '/plain-graphql': [
    200,
    JSON.stringify({ data: null, errors: [{ message: 'Cannot query field "_service" on type "Query".' }] }),
  ],
  '/empty-data': [200, JSON.stringify({ data: {} })],
};

let server: Server;
let base: string;
const received: { method?: string; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk));
    req.on('end', () => {
      received.push({ ...(req.method !== undefined && { method: req.method }), body });
      const [status, text] = answers[req.url ?? ''] ?? [404, 'no route'];
      res.writeHead(status).end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('fetchSubgraphSdl', () => {
  it('asks for _service { sdl } with a POST and answers the SDL', async () => {
    await expect(fetchSubgraphSdl(`${base}/subgraph`)).resolves.toBe('type Query { a: Int }');
    expect(received.at(-1)).toEqual({ method: 'POST', body: '{"query":"{ _service { sdl } }"}' });
  });

  it('refuses an HTTP error status, quoting the body', async () => {
    await expect(fetchSubgraphSdl(`${base}/failing`)).rejects.toThrow(
      `${base}/failing answered HTTP 503: upstream unavailable`,
    );
  });

  it('refuses an answer that is not JSON', async () => {
    await expect(fetchSubgraphSdl(`${base}/html`)).rejects.toThrow(
      `${base}/html did not answer with JSON: <html>hello</html>`,
    );
  });

  it('explains a server that is GraphQL but not a federation subgraph', async () => {
    await expect(fetchSubgraphSdl(`${base}/plain-graphql`)).rejects.toThrow(
      'answered `_service { sdl }` with errors: Cannot query field "_service" on type "Query".',
    );
    await expect(fetchSubgraphSdl(`${base}/empty-data`)).rejects.toThrow(
      `${base}/empty-data is not a federation subgraph: its answer has no \`_service.sdl\`.`,
    );
  });
});
