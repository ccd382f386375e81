import type { DocumentNode, GraphQLError, GraphQLSchema } from 'graphql';
import {
  OPERATION_TOO_COSTLY,
  OPERATION_TOO_DEEP,
  OPERATION_TOO_MANY_ALIASES,
  OPERATION_TOO_MANY_FIELDS,
  OPERATION_TOO_MANY_ROOT_FIELDS,
} from '../errors.js';
import { type CostModel, defaultCostModel } from './cost-model.js';
import { estimateOperationCost } from './estimate-operation-cost.js';
import { limitError } from './limit-error.js';
import { measureOperation } from './measure-operation.js';

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
  /** Most aliases as written: the operation's, and each fragment's once. */
  maxAliases: number;
  maxRootFields: number;
  /** Most field selections, fragments expanded. */
  maxFields: number;
  /** Highest estimated cost of the answer (`estimateOperationCost`). */
  maxCost: number;
  /** Items assumed in a list whose size neither `@listSize` nor a `first`/`last`/`limit` argument gives. */
  defaultListSize: number;
  /** Cost of each object in the answer, where `@cost` says nothing. */
  objectWeight: number;
  /** Cost of each scalar or enum value in the answer, where `@cost` says nothing. */
  scalarWeight: number;
  maxVariablesDepth: number;
  maxVariableStringLength: number;
  /** Most subgraph requests one operation's plan may send (TOO_MANY_SUBGRAPH_REQUESTS). */
  maxSubgraphRequests: number;
}

/** The operation to check and what its cost depends on. */
export interface OperationToCheck {
  document: DocumentNode;
  operationName?: string | null;
  /** The API schema; without it (and without `costModel`) the cost is not checked. */
  schema?: GraphQLSchema;
  variables?: Readonly<Record<string, unknown>> | null;
  /** Weights and list sizes from the supergraph's cost directives; default: `schema` without any. */
  costModel?: CostModel;
}

/** The outcome of `assessOperation`: the refusal, if any, and the estimated cost when it was reached. */
export interface OperationAssessment {
  refusal?: GraphQLError;
  estimatedCost?: number;
}

/**
 * The exact check of a parsed operation: depth and fields with its fragments expanded, aliases as
 * written, root fields, then the estimated cost. Returns the first limit exceeded (or `@listSize`
 * rule broken) as an error, or undefined.
 */
export function checkOperationLimits(
  operation: OperationToCheck,
  limits: OperationLimits,
): GraphQLError | undefined {
  return assessOperation(operation, limits).refusal;
}

/** `checkOperationLimits`, also telling the estimated cost of an operation that got that far. */
export function assessOperation(operation: OperationToCheck, limits: OperationLimits): OperationAssessment {
  const refusal = checkShape(operation, limits);
  if (refusal) return { refusal };
  const model =
    operation.costModel ?? (operation.schema && defaultCostModel(operation.schema, costWeights(limits)));
  if (!model) return {};
  const estimate = estimateOperationCost(operation.document, {
    model,
    operationName: operation.operationName,
    variables: operation.variables,
  });
  if (estimate.problem) return { refusal: estimate.problem };
  // `!(a <= b)` so that a NaN estimate is refused too.
  if (!(estimate.cost <= limits.maxCost)) {
    return {
      estimatedCost: estimate.cost,
      refusal: limitError(
        OPERATION_TOO_COSTLY,
        `The operation's estimated cost is ${costText(estimate.cost)}; the limit is ${limits.maxCost}. Ask for smaller pages (first/last/limit) or fewer nested lists.`,
        { limit: limits.maxCost, measured: estimate.cost },
      ),
    };
  }
  return { estimatedCost: estimate.cost };
}

/** The weights of `limits`, for a cost model. */
export function costWeights(limits: OperationLimits) {
  return {
    objectWeight: limits.objectWeight,
    scalarWeight: limits.scalarWeight,
    defaultListSize: limits.defaultListSize,
  };
}

function checkShape(operation: OperationToCheck, limits: OperationLimits): GraphQLError | undefined {
  const measured = measureOperation(operation.document, { operationName: operation.operationName });
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
      `The operation has ${measured.aliases} aliases (its fragments counted once each); the limit is ${limits.maxAliases}.`,
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
  return undefined;
}

function costText(cost: number): string {
  return Number.isFinite(cost) && cost <= Number.MAX_SAFE_INTEGER
    ? String(Math.ceil(cost))
    : 'beyond counting';
}
