import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import type { SecuritySettings } from '../config/security-config.js';
import { INTERNAL_SERVER_ERROR, SUBREQUEST_HTTP_ERROR } from '../errors.js';
import { stringifyAnswer } from '../request/answer-bytes.js';
import type { RequestContext } from '../request/request-context.js';
import type { CostModel } from '../security/cost-model.js';
import { errorMasking } from '../security/error-masking.js';
import { type OperationCost, operationLimitsPlugin } from '../security/operation-limits-plugin.js';
import {
  type TrustedDocumentsPolicy,
  trustedDocumentsApqCache,
  trustedDocumentsPlugin,
} from '../security/trusted-documents.js';
import { incrementalDeliveryRules } from '../supergraph/defer-directive.js';
import { landingPagePlugin } from './explorer/landing-page.js';
import type { ApolloGatewayInterface } from './gateway-interface.js';

/** How Apollo Server is set up around the gateway. */
export interface GatewayApolloOptions {
  gateway: ApolloGatewayInterface;
  log: Logger;
  /** Operation limits, batching and the production hardening. */
  security: Pick<SecuritySettings, 'limits' | 'maxBatchSize' | 'production'>;
  /** Whether the gateway answers plan requests, which the landing page then makes from the start. */
  exposesQueryPlans: boolean;
  /** Trusted documents; absent when their mode is `off`. */
  trustedDocuments?: TrustedDocumentsPolicy;
  /** Automatic persisted queries: where registered texts live and for how many seconds (null: no expiry). */
  persistedQueries: { cache: KeyValueCache<string>; ttlSeconds: number | null };
  plugins?: readonly ApolloServerPlugin<RequestContext>[];
  /** The supergraph's cost model (`@cost`, `@listSize`), and who is told each operation's cost. */
  cost?: { model: CostModel; onCost?: (cost: OperationCost) => void };
}

/**
 * Apollo Server in gateway mode: it parses (token-bounded), validates against the API schema,
 * prevents CSRF, serves automatic persisted queries and runs the security plugins (operation
 * limits and trusted documents before planning, error masking); the gateway interface executes.
 */
export function createGatewayApollo(options: GatewayApolloOptions): ApolloServer<RequestContext> {
  const { log, security, trustedDocuments } = options;
  const { production } = security;
  const masking = errorMasking<RequestContext>({ log, mask: production.maskInternalErrors });
  const apqCache = options.persistedQueries.cache;
  const apollo = new ApolloServer<RequestContext>({
    gateway: options.gateway,
    // The process drains on SIGTERM (platform/shutdown.ts); Apollo Server's own handler would stop
    // it at once and re-send the signal, killing the process with every request in flight.
    stopOnTerminationSignals: false,
    introspection: production.introspection,
    csrfPrevention: production.csrfPrevention,
    includeStacktraceInErrorResponses: production.includeStacktraceInErrorResponses,
    hideSchemaDetailsFromClientErrors: production.hideSchemaDetailsFromClientErrors,
    allowBatchedHttpRequests: security.maxBatchSize > 0,
    parseOptions: { maxLexicalTokens: security.limits.maxTokens },
    validationRules: incrementalDeliveryRules(),
    persistedQueries: {
      // In `enforce` mode only trusted documents are worth remembering: nothing else may run.
      cache: trustedDocuments
        ? trustedDocumentsApqCache(
            trustedDocuments.store,
            trustedDocuments.mode === 'enforce' ? undefined : apqCache,
          )
        : apqCache,
      ttl: options.persistedQueries.ttlSeconds,
    },
    // Apollo Server's own serialisation, encoded at once for the executor's answers (see AnswerBytes).
    stringifyResult: stringifyAnswer,
    formatError: (formatted, error) => masking.formatError(withSubrequestHttpStatus(formatted), error),
    plugins: [
      landingPagePlugin(production.landingPage, { requestQueryPlans: options.exposesQueryPlans }),
      operationLimitsPlugin(security.limits, {
        ...(options.cost && { costModel: options.cost.model }),
        ...(options.cost?.onCost && { onCost: options.cost.onCost }),
        // Costs show how the limit is applied: for developers, not for production clients.
        exposeCost: !production.production,
      }),
      ...(trustedDocuments && trustedDocuments.mode !== 'off'
        ? [trustedDocumentsPlugin<RequestContext>(trustedDocuments, log)]
        : []),
      masking.plugin,
      ...(options.plugins ?? []),
    ],
    logger: {
      debug: (message) => log.debug(message),
      info: (message) => log.info(message),
      warn: (message) => log.warn(message),
      error: (message) => log.error(message),
    },
  });
  errorFormatters.set(apollo, (error) =>
    masking.formatError(
      withSubrequestHttpStatus(normalized(error, production.includeStacktraceInErrorResponses)),
      error,
    ),
  );
  return apollo;
}

const errorFormatters = new WeakMap<
  ApolloServer<RequestContext>,
  (error: GraphQLError) => GraphQLFormattedError
>();

/**
 * How the gateway's Apollo Server formats errors (masking, subrequest status), for errors it never
 * sees: those of deferred payloads, which are written beside its single result.
 */
export function gatewayErrorFormatter(
  apollo: ApolloServer<RequestContext>,
): ((error: GraphQLError) => GraphQLFormattedError) | undefined {
  return errorFormatters.get(apollo);
}

/** An error as Apollo Server hands it to `formatError`: a code always, the stack trace when asked for. */
function normalized(error: GraphQLError, includeStacktrace: boolean): GraphQLFormattedError {
  const formatted = error.toJSON();
  const { http: _head, ...extensions } = formatted.extensions ?? {};
  return {
    ...formatted,
    extensions: {
      ...extensions,
      code: extensions.code ?? INTERNAL_SERVER_ERROR.code,
      ...(includeStacktrace && { stacktrace: error.stack?.split('\n') }),
    },
  };
}

/**
 * Gives SUBREQUEST_HTTP_ERROR its `extensions.http.status` (Apollo Router's shape) from
 * `extensions.response.status` (@apollo/gateway's). The executor cannot set `http` itself:
 * Apollo Server would make it the status of the whole response, and it strips `http` from
 * errors before `formatError` runs, so it is added back here, where it is only data.
 */
function withSubrequestHttpStatus(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const extensions = formatted.extensions;
  if (extensions?.code !== SUBREQUEST_HTTP_ERROR.code) return formatted;
  const status = (extensions.response as { status?: unknown } | undefined)?.status;
  if (typeof status !== 'number') return formatted;
  return { ...formatted, extensions: { ...extensions, http: { status } } };
}
