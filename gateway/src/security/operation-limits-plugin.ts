import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import { type CostModel, defaultCostModel } from './cost-model.js';
import { measureAnswerCost } from './measure-answer-cost.js';
import { OperationAssessments } from './operation-assessments.js';
import { costWeights, type OperationLimits } from './operation-limits.js';
import { checkDocumentSize } from './scan-operation-text.js';
import { checkVariables } from './variables-guard.js';

/** The request header with which a client asks for `extensions.cost` (where `exposeCost` allows it). */
export const COST_HEADER = 'x-hexagraph-cost';

/** The cost of one operation the gateway estimated: refused ones have no actual cost. */
export interface OperationCost {
  operationName: string | null;
  estimated: number;
  /** Cost of the answer sent; absent when the operation was refused or nothing was answered. */
  actual?: number;
}

/** How the operation limits plugin prices operations and tells about it. */
export interface OperationLimitsPluginOptions {
  /** The schema to measure against; default the one Apollo Server serves. */
  schema?: GraphQLSchema;
  /** Weights and list sizes from the supergraph's `@cost`/`@listSize`; default: the schema without any. */
  costModel?: CostModel;
  /** Told the cost of every operation that reached the estimate (e.g. to record it). Must not throw. */
  onCost?: (cost: OperationCost) => void;
  /**
   * Answers `extensions.cost` (`{ estimated, actual, limit }`) to a request sending
   * `x-hexagraph-cost: true`: for development, as it shows clients how the limit is applied.
   */
  exposeCost?: boolean;
}

/**
 * Apollo Server plugin running the operation limits inside Apollo's pipeline, in
 * `didResolveOperation`: after parsing and validation, before planning or execution. It checks the
 * text size (which also covers text served from the persisted-query cache), the variables, then
 * the parsed operation (`assessOperation`, remembered per parsed document where the variables
 * cannot change it: `OperationAssessments`). A refusal answers HTTP 400. Apollo turns an error
 * thrown from the earlier hooks (`didResolveSource`, `parsingDidStart`, `validationDidStart`) into
 * an HTTP 500, so the checks that must run before parsing live in `screenGraphQLRequest`, which
 * the HTTP layer calls. Once the answer is ready it measures its actual cost, when someone listens.
 */
export function operationLimitsPlugin<TContext extends BaseContext>(
  limits: OperationLimits,
  options: OperationLimitsPluginOptions = {},
): ApolloServerPlugin<TContext> {
  const modelFor = (schema: GraphQLSchema) =>
    options.costModel ?? defaultCostModel(options.schema ?? schema, costWeights(limits));
  const assessments = new OperationAssessments(limits);
  return {
    async requestDidStart() {
      let estimated: number | undefined;
      return {
        async didResolveOperation(requestContext) {
          const early =
            checkDocumentSize(requestContext.source, limits) ??
            checkVariables(requestContext.request.variables, limits);
          const assessment = early
            ? { refusal: early }
            : assessments.assess({
                document: requestContext.document,
                operationName: requestContext.operationName,
                schema: options.schema ?? requestContext.schema,
                variables: requestContext.request.variables,
                costModel: modelFor(requestContext.schema),
              });
          if (assessment.refusal) {
            const refused = assessment.estimatedCost;
            if (refused !== undefined)
              options.onCost?.({ operationName: requestContext.operationName ?? null, estimated: refused });
            assessment.refusal.extensions.http = { status: 400 };
            throw assessment.refusal;
          }
          estimated = assessment.estimatedCost;
        },
        async willSendResponse(requestContext) {
          const { response, document } = requestContext;
          if (estimated === undefined || !document || response.body.kind !== 'single') return;
          const exposed =
            options.exposeCost === true && requestContext.request.http?.headers.get(COST_HEADER) === 'true';
          if (!options.onCost && !exposed) return;
          const result = response.body.singleResult;
          const actual = measureAnswerCost(
            {
              document,
              operationName: requestContext.operationName,
              variables: requestContext.request.variables,
              data: result.data,
            },
            modelFor(requestContext.schema),
          );
          options.onCost?.({ operationName: requestContext.operationName ?? null, estimated, actual });
          if (exposed) {
            result.extensions = { ...result.extensions, cost: { estimated, actual, limit: limits.maxCost } };
          }
        },
      };
    },
  };
}
