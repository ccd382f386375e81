import {
  buildSchema,
  execute,
  type GraphQLFieldResolver,
  type GraphQLSchema,
  isAbstractType,
  isInterfaceType,
  isObjectType,
  parse,
  printSchema,
  validate,
} from 'graphql';
import type { GraphQLHttpResponse, GraphQLRequest } from './graphql-over-http.js';

/** A field resolver of the monolithic schema: `(parent, args) => value`, like graphql-js's own. */
// biome-ignore lint/suspicious/noExplicitAny: fixture data is plain objects of any shape
export type MonolithResolver = (parent: any, args: any) => unknown;

/**
 * Field resolvers of a monolithic schema over a fixture's data, by type and field. Fields without
 * one read the parent's property of the same name; an abstract type's objects name their type in
 * `__typename`.
 */
export type MonolithResolvers = Readonly<Record<string, Readonly<Record<string, MonolithResolver>>>>;

/** Executes operations against a monolithic schema: what the federation must answer (400 for an invalid one). */
export interface GroundTruth {
  readonly schema: GraphQLSchema;
  answer(request: GraphQLRequest): Promise<GraphQLHttpResponse>;
}

/**
 * A monolithic graphql-js schema with the supergraph's API schema as its schema and `resolvers`
 * resolving every field directly over the same data the subgraphs serve. Throws when a resolver
 * names a type or field the API schema does not have.
 */
export function groundTruth(apiSchema: GraphQLSchema, resolvers: MonolithResolvers): GroundTruth {
  const schema = buildSchema(printSchema(apiSchema));
  for (const [typeName, fields] of Object.entries(resolvers)) {
    const type = schema.getType(typeName);
    if (!isObjectType(type) && !isInterfaceType(type)) {
      throw new Error(`Monolith resolvers name ${typeName}, which is no object or interface type.`);
    }
    const definitions = type.getFields();
    for (const [fieldName, resolve] of Object.entries(fields)) {
      const definition = definitions[fieldName];
      if (!definition)
        throw new Error(`Monolith resolvers name ${typeName}.${fieldName}, which does not exist.`);
      definition.resolve = resolve as GraphQLFieldResolver<unknown, unknown>;
    }
  }
  for (const type of Object.values(schema.getTypeMap())) {
    if (isAbstractType(type)) type.resolveType = (value) => (value as { __typename?: string }).__typename;
  }
  return {
    schema,
    answer: async (request) => {
      const document = parse(request.query);
      const problems = validate(schema, document);
      // An invalid operation is a request error, as a GraphQL server over HTTP answers it.
      if (problems.length > 0) {
        return { status: 400, body: { errors: problems.map((problem) => problem.toJSON()) } };
      }
      const result = await execute({
        schema,
        document,
        variableValues: request.variables ?? {},
        operationName: request.operationName ?? null,
      });
      return { status: 200, body: JSON.parse(JSON.stringify(result)) as GraphQLHttpResponse['body'] };
    },
  };
}
