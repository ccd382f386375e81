import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { executeQueryPlan } from '../../../../gateway/src/executor/execute-query-plan.js';
import { QueryPlanner } from '../../../../gateway/src/planner/query-planner.js';
import { SupergraphIndex } from '../../../../gateway/src/planner/supergraph-index.js';
import { parseSupergraph } from '../../../../gateway/src/supergraph/parse-supergraph.js';
import {
  LEGACY,
  MODERN,
  progressiveOverrideSubgraphs,
} from '../../../fixtures/federation/progressive-override/federation.js';
import { composeOrThrow } from '../../../helpers/federation-fixture.js';
import { InProcessSubgraphClient } from '../../../helpers/in-process-subgraph-client.js';
import { seededRandom } from '../../../helpers/random-operations.js';

const REQUESTS = 1_000;
const QUERY = parse('{ banner products { price } }');

/** The federation in-process, and a planner whose override draws come from `random`. */
function gateway(random: () => number, overrideShares: Record<string, number> = {}) {
  const subgraphs = progressiveOverrideSubgraphs();
  const schemas = Object.fromEntries(
    subgraphs.map(({ name, sdl, resolvers }) => [
      name,
      buildSubgraphSchema({ typeDefs: parse(sdl), resolvers: resolvers as never }),
    ]),
  );
  const sdl = composeOrThrow(
    'progressive-override',
    subgraphs.map(({ name, sdl: subgraphSdl }) => ({
      name,
      sdl: subgraphSdl,
      url: `http://${name}/graphql`,
    })),
  );
  const model = parseSupergraph(sdl);
  const planner = new QueryPlanner(new SupergraphIndex(model), { cacheSize: 100, random, overrideShares });
  const client = new InProcessSubgraphClient(schemas);
  const request = async () => {
    const planned = planner.plan(QUERY, null, 'the-query');
    const outcome = await executeQueryPlan({
      plan: planned.plan,
      operation: planned.operation,
      apiSchema: model.apiSchema,
      client,
      context: { signal: new AbortController().signal },
    });
    const data = outcome.data as { banner: string; products: { price: number }[] };
    return { price: data.products[0]?.price, banner: data.banner };
  };
  return { planner, request };
}

describe('progressive @override', () => {
  it('sends each request to the overriding subgraph with the probability of its label', async () => {
    const { planner, request } = gateway(seededRandom(7));
    let modernPrices = 0;
    let modernBanners = 0;
    for (let index = 0; index < REQUESTS; index += 1) {
      const answer = await request();
      if (answer.price === MODERN.price(2500)) modernPrices += 1;
      else expect(answer.price).toBe(LEGACY.price(2500));
      if (answer.banner === MODERN.banner) modernBanners += 1;
      else expect(answer.banner).toBe(LEGACY.banner);
    }
    expect(Math.abs((modernPrices / REQUESTS) * 100 - 30)).toBeLessThan(3);
    expect(Math.abs((modernBanners / REQUESTS) * 100 - 50)).toBeLessThan(3);
    // One plan per combination drawn, reused: percent(30) x percent(50); stock-migration stays off.
    expect(planner.cachedPlans).toBe(4);
  });

  it('answers each request as its own draw says, whatever the cached plans of other draws', async () => {
    const seed = 11;
    const { request } = gateway(seededRandom(seed));
    // The planner draws the labels in name order, once per request: percent(30), then percent(50).
    const draws = seededRandom(seed);
    for (let index = 0; index < 200; index += 1) {
      const modernPrice = draws() * 100 < 30;
      const modernBanner = draws() * 100 < 50;
      expect(await request()).toEqual({
        price: modernPrice ? MODERN.price(2500) : LEGACY.price(2500),
        banner: modernBanner ? MODERN.banner : LEGACY.banner,
      });
    }
  });

  it('takes the share of a label from the settings where one is given', async () => {
    const { request } = gateway(seededRandom(3), { 'percent(30)': 80, 'percent(50)': 0 });
    let modernPrices = 0;
    for (let index = 0; index < REQUESTS; index += 1) {
      const answer = await request();
      if (answer.price === MODERN.price(2500)) modernPrices += 1;
      expect(answer.banner).toBe(LEGACY.banner);
    }
    expect(Math.abs((modernPrices / REQUESTS) * 100 - 80)).toBeLessThan(3);
  });
});
