import { readFileSync } from 'node:fs';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { type GraphQLSchema, parse } from 'graphql';
import type { ProductUseCases } from '../service/use-cases.js';
import { productResolvers } from './resolvers.js';

/** The product subgraph's SDL as written in `schema.graphql`. */
export function readProductTypeDefs(): string {
  return readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8');
}

/** The executable Federation 2 subgraph schema, resolvers bound to `useCases`. */
export function buildProductSchema(useCases: ProductUseCases): GraphQLSchema {
  return buildSubgraphSchema([
    { typeDefs: parse(readProductTypeDefs()), resolvers: productResolvers(useCases) },
  ]);
}
