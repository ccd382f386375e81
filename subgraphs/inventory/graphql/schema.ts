import { readFileSync } from 'node:fs';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { type GraphQLSchema, parse } from 'graphql';
import type { InventoryUseCases } from '../service/use-cases.js';
import { inventoryResolvers } from './resolvers.js';

/** The inventory subgraph's SDL as written in `schema.graphql`. */
export function readInventoryTypeDefs(): string {
  return readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8');
}

/** The executable Federation 2 subgraph schema, resolvers bound to `useCases`. */
export function buildInventorySchema(useCases: InventoryUseCases): GraphQLSchema {
  return buildSubgraphSchema([
    { typeDefs: parse(readInventoryTypeDefs()), resolvers: inventoryResolvers(useCases) },
  ]);
}
