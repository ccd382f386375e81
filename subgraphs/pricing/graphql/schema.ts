import { readFileSync } from 'node:fs';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { type GraphQLSchema, parse } from 'graphql';
import type { PricingUseCases } from '../service/use-cases.js';
import { pricingResolvers } from './resolvers.js';

/** The pricing subgraph's SDL as written in `schema.graphql`. */
export function readPricingTypeDefs(): string {
  return readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8');
}

/** The executable Federation 2 subgraph schema, resolvers bound to `useCases`. */
export function buildPricingSchema(useCases: PricingUseCases): GraphQLSchema {
  return buildSubgraphSchema([
    { typeDefs: parse(readPricingTypeDefs()), resolvers: pricingResolvers(useCases) },
  ]);
}
