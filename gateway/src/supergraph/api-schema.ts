import { transformSupergraphToPublicSchema } from '@theguild/federation-composition';
import { buildASTSchema, type DocumentNode, type GraphQLSchema, validateSchema } from 'graphql';
import { withDeferDirective } from './defer-directive.js';
import { SupergraphError } from './supergraph-error.js';

/**
 * Builds the schema clients see from a supergraph document: `join__*`/`link__*` machinery and
 * spec directives removed, `@inaccessible` types, fields, arguments and enum values hidden;
 * `@defer` declared (the gateway delivers deferred fragments incrementally).
 */
export function buildApiSchema(supergraph: DocumentNode, source: string): GraphQLSchema {
  let schema: GraphQLSchema;
  try {
    schema = buildASTSchema(transformSupergraphToPublicSchema(supergraph));
  } catch (error) {
    throw SupergraphError.fromGraphQLError(source, error);
  }
  const [problem] = validateSchema(schema);
  if (problem) throw new SupergraphError(source, `the API schema is invalid: ${problem.message}`);
  return withDeferDirective(schema);
}
