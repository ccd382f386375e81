import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { DocumentNode, GraphQLError, GraphQLSchema } from 'graphql';
import {
  OPERATION_TOO_COSTLY,
  OPERATION_TOO_DEEP,
  OPERATION_TOO_MANY_ALIASES,
  OPERATION_TOO_MANY_FIELDS,
  OPERATION_TOO_MANY_ROOT_FIELDS,
} from '../errors.js';
import { limitError } from './limit-error.js';
import { measureOperation } from './measure-operation.js';
import { checkDocumentSize } from './scan-operation-text.js';
import { checkVariables } from './variables-guard.js';

/** Every limit on what one operation may ask; all are positive whole numbers. */
export interface OperationLimits {
  /** Largest operation text, in UTF-8 bytes. */
  maxDocumentBytes: number;
  /** Most lexical tokens in the text (also the parser's `maxLexicalTokens`). */
  maxTokens: number;
  /** Deepest nesting of brackets of any kind in the text: bounds the parser's recursion. */
  maxNesting: number;
  /** Most fields on one path, fragments expanded. */
  maxDepth: number;
  maxAliases: number;
  maxRootFields: number;
  /** Most field selections, fragments expanded. */
  maxFields: number;
  /** Highest cost estimate (see `OperationMeasurements.cost`). */
  maxCost: number;
  /** Size assumed for a list field with no `first`/`last`/`limit` argument. */
  defaultListSize: number;
  maxVariablesDepth: number;
  maxVariableStringLength: number;
}

/** The operation to check and what its cost depends on. */
export interface OperationToCheck {
  document: DocumentNode;
  operationName?: string | null;
  schema?: GraphQLSchema;
  variables?: Readonly<Record<string, unknown>>;
}

/**
 * The exact check of a parsed operation, fragments expanded: depth, aliases, root fields, fields,
 * then cost. Returns the first limit exceeded as an error, or undefined.
 */
export function checkOperationLimits(
  operation: OperationToCheck,
  limits: OperationLimits,
): GraphQLError | undefined {
  const measured = measureOperation(operation.document, {
    operationName: operation.operationName,
    schema: operation.schema,
    variables: operation.variables,
    defaultListSize: limits.defaultListSize,
  });
  // `!(a <= b)` so that a NaN measurement is refused too.
  if (!(measured.depth <= limits.maxDepth)) {
    return limitError(
      OPERATION_TOO_DEEP,
      `The operation nests fields ${measured.depth} levels deep; the limit is ${limits.maxDepth}.`,
      { limit: limits.maxDepth, measured: measured.depth },
    );
  }
  if (!(measured.aliases <= limits.maxAliases)) {
    return limitError(
      OPERATION_TOO_MANY_ALIASES,
      `The operation has ${measured.aliases} aliases with its fragments expanded; the limit is ${limits.maxAliases}.`,
      { limit: limits.maxAliases, measured: measured.aliases },
    );
  }
  if (!(measured.rootFields <= limits.maxRootFields)) {
    return limitError(
      OPERATION_TOO_MANY_ROOT_FIELDS,
      `The operation selects ${measured.rootFields} root fields; the limit is ${limits.maxRootFields}.`,
      { limit: limits.maxRootFields, measured: measured.rootFields },
    );
  }
  if (!(measured.fields <= limits.maxFields)) {
    return limitError(
      OPERATION_TOO_MANY_FIELDS,
      `The operation selects ${measured.fields} fields with its fragments expanded; the limit is ${limits.maxFields}.`,
      { limit: limits.maxFields, measured: measured.fields },
    );
  }
  if (!(measured.cost <= limits.maxCost)) {
    return limitError(
      OPERATION_TOO_COSTLY,
      `The operation's estimated cost is ${costText(measured.cost)}; the limit is ${limits.maxCost}. Ask for smaller pages (first/last/limit) or fewer nested lists.`,
      { limit: limits.maxCost, measured: measured.cost },
    );
  }
  return undefined;
}

function costText(cost: number): string {
  return Number.isSafeInteger(cost) ? String(cost) : 'beyond counting';
}

/**
 * Apollo Server plugin running the operation limits inside Apollo's pipeline, in
 * `didResolveOperation`: after parsing and validation, before planning or execution. It checks the
 * text size (which also covers text served from the persisted-query cache), the variables, then
 * the parsed operation against `schema` (default: the schema Apollo serves). A refusal answers
 * HTTP 400. Apollo turns an error thrown from the earlier hooks (`didResolveSource`,
 * `parsingDidStart`, `validationDidStart`) into an HTTP 500, so the checks that must run before
 * parsing live in `screenGraphQLRequest`, which the HTTP layer calls.
 */
export function operationLimitsPlugin<TContext extends BaseContext>(
  limits: OperationLimits,
  schema?: GraphQLSchema,
): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(requestContext) {
          const refusal =
            checkDocumentSize(requestContext.source, limits) ??
            checkVariables(requestContext.request.variables, limits) ??
            checkOperationLimits(
              {
                document: requestContext.document,
                operationName: requestContext.operationName,
                schema: schema ?? requestContext.schema,
                variables: requestContext.request.variables,
              },
              limits,
            );
          if (refusal) {
            refusal.extensions.http = { status: 400 };
            throw refusal;
          }
        },
      };
    },
  };
}
