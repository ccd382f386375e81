import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeSupergraph } from '../../../gateway/src/supergraph/compose.js';
import type { RunningServer } from '../../../platform/http/graphql-http-server.js';
import { silentLogger } from '../../../platform/logger.js';
import { readSubgraphSources } from '../../../scripts/schema-check/read-subgraph-sources.js';
import { readSubgraphManifest } from '../../../scripts/schema-check/subgraph-manifest.js';
import { withTrailingNewline } from '../../../scripts/schema-check/with-trailing-newline.js';
import { buildInventoryApp } from '../../../subgraphs/inventory/app.js';
import { buildPricingApp } from '../../../subgraphs/pricing/app.js';
import { buildProductApp, startProductService } from '../../../subgraphs/product/app.js';

const schemaDir = join(import.meta.dirname, '../../../schema');
const committed = (file: string) => readFileSync(join(schemaDir, file), 'utf8');
const REPRINT = 'the SDL a subgraph serves changed: run `npm run schema:print` and commit schema/';

describe('schema/subgraphs.json', () => {
  it('lists the three subgraphs with the routing URLs of their default ports', async () => {
    await expect(readSubgraphManifest(schemaDir)).resolves.toEqual([
      { name: 'product', url: 'http://localhost:4001/graphql', schema: 'product.graphql' },
      { name: 'inventory', url: 'http://localhost:4002/graphql', schema: 'inventory.graphql' },
      { name: 'pricing', url: 'http://localhost:4003/graphql', schema: 'pricing.graphql' },
    ]);
  });
});

describe('committed subgraph SDL files', () => {
  it.each([
    ['product', () => buildProductApp({ seed: false }).sdl],
    ['inventory', () => buildInventoryApp({ seed: false }).sdl],
    ['pricing', () => buildPricingApp({ seed: false }).sdl],
  ])('schema/%s.graphql is the SDL the subgraph builds', (name, sdl) => {
    expect(committed(`${name}.graphql`), REPRINT).toBe(withTrailingNewline(sdl()));
  });

  describe('over HTTP', () => {
    let product: RunningServer;
    beforeAll(async () => {
      product = await startProductService({
        port: 0,
        host: '127.0.0.1',
        log: silentLogger(),
        app: buildProductApp({ seed: false }),
      });
    });
    afterAll(() => product.close());

    // `_service { sdl }` prints the full subgraph schema (federation directive definitions and
    // all); the committed file is the compact print. Both must compose to the committed supergraph.
    it('the running product service answers _service { sdl } with the subgraph in schema/product.graphql', async () => {
      const response = await fetch(product.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ _service { sdl } }' }),
        signal: AbortSignal.timeout(10_000),
      });
      const body = (await response.json()) as { data: { _service: { sdl: string } } };

      const sources = await readSubgraphSources(schemaDir);
      const served = sources.map((source) =>
        source.name === 'product' ? { ...source, sdl: body.data._service.sdl } : source,
      );
      const outcome = composeSupergraph(served);

      expect(outcome.ok && withTrailingNewline(outcome.supergraphSdl), REPRINT).toBe(
        committed('supergraph.graphql'),
      );
    });
  });
});
