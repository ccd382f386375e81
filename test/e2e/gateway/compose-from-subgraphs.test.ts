import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeFromSubgraphs } from '../../../gateway/src/supergraph/compose-from-subgraphs.js';
import { parseSupergraph } from '../../../gateway/src/supergraph/parse-supergraph.js';
import type { RunningFederation } from '../../helpers/federation-fixture.js';
import { startReviewFederation } from './review-federation.js';

/** A loopback port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('composing the supergraph from running subgraphs', () => {
  let federation: RunningFederation;
  beforeAll(async () => {
    federation = await startReviewFederation();
  });
  afterAll(async () => federation?.close());

  it('fetches every subgraph SDL and composes them', async () => {
    const sdl = await composeFromSubgraphs(federation.subgraphs, { timeoutMs: 5_000 });
    const model = parseSupergraph(sdl);
    expect([...model.subgraphs.keys()].sort()).toEqual(['catalog', 'pricing', 'reviews', 'stock', 'users']);
  });

  it('names an unreachable subgraph', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/graphql`;
    await expect(
      composeFromSubgraphs([...federation.subgraphs, { name: 'ghost', url }], { timeoutMs: 5_000 }),
    ).rejects.toThrow(`Supergraph subgraph "ghost" (${url}): unreachable`);
  });

  it('names the subgraphs of a composition error', async () => {
    const catalog = federation.subgraphs.find((subgraph) => subgraph.name === 'catalog');
    await expect(
      composeFromSubgraphs(
        [
          { name: 'catalog', url: catalog?.url ?? '' },
          { name: 'again', url: catalog?.url ?? '' },
        ],
        {
          timeoutMs: 5_000,
        },
      ),
    ).rejects.toThrow(/composition failed:[\s\S]*again/);
  });
});
