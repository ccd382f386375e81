import { createRequire } from 'node:module';
import * as graphql from 'graphql';

// @apollo/server loads graphql-js through Node's resolver (the CommonJS build). A bundler or test
// runner may hand this module the ESM build instead: two graphql-js instances whose schemas and
// errors fail each other's `instanceof` checks ("Cannot use GraphQLSchema from another module or
// realm"). Everything handed to Apollo Server is therefore made with Apollo's own instance.
const apolloGraphql = createRequire(import.meta.url)('graphql') as typeof graphql;
const sameInstance = apolloGraphql.GraphQLSchema === graphql.GraphQLSchema;

/** The API schema as Apollo Server's graphql-js instance needs it. */
export function schemaForApollo(schema: graphql.GraphQLSchema): graphql.GraphQLSchema {
  return sameInstance ? schema : apolloGraphql.buildSchema(graphql.printSchema(schema));
}

/** An error Apollo Server recognises as a GraphQLError (keeping message, path, locations and extensions). */
export function errorForApollo(error: graphql.GraphQLError): graphql.GraphQLError {
  if (sameInstance) return error;
  return new apolloGraphql.GraphQLError(error.message, {
    ...(error.nodes && { nodes: error.nodes }),
    ...(error.source && { source: error.source }),
    ...(error.positions && { positions: error.positions }),
    ...(error.path && { path: error.path }),
    extensions: error.extensions,
  });
}
