import { createHash } from 'node:crypto';
import { parse } from 'graphql';
import { createLocalJWKSet } from 'jose';
import { gatewayConfig } from '../../../../gateway/src/config/gateway-config.js';
import { newRequestRecord } from '../../../../gateway/src/observability/access-log.js';
import { QueryPlanner } from '../../../../gateway/src/planner/query-planner.js';
import { SupergraphIndex } from '../../../../gateway/src/planner/supergraph-index.js';
import type { RequestContext } from '../../../../gateway/src/request/request-context.js';
import { type OperationResult, requestExecutor } from '../../../../gateway/src/request/request-executor.js';
import { readAuthorizationRules } from '../../../../gateway/src/security/authorization/authorization-rules.js';
import { OperationAuthorizer } from '../../../../gateway/src/security/authorization/operation-authorizer.js';
import type { PolicyHook } from '../../../../gateway/src/security/authorization/policy-hook.js';
import { TokenAuthenticator } from '../../../../gateway/src/security/authorization/token-authenticator.js';
import { silentLogger } from '../../../../platform/logger.js';
import { authorizationSubgraphs } from '../../../fixtures/federation/authorization/federation.js';
import {
  type AuthorizationClient,
  CLIENT_CLAIMS,
} from '../../../fixtures/federation/authorization/operations.js';
import decidePolicies from '../../../fixtures/federation/authorization/policies.js';
import { inProcessFederation } from '../../../helpers/in-process-federation.js';
import { jwksOf, TEST_AUDIENCE, TEST_ISSUER, tokenIssuer } from '../../../helpers/token-issuer.js';

/** What a test changes in the authorization of the in-process gateway. */
export interface AuthorizationFixtureOptions {
  rejectUnauthorized?: boolean;
  rejectInvalidToken?: boolean;
  /** Default: the fixture's policy module. */
  policyHook?: PolicyHook;
  onPolicyHookFailure?: (error: unknown) => void;
}

/**
 * The authorization fixture federation run in-process behind the request executor, with tokens
 * verified against an in-memory key set: plan, authorize and execute exactly as the gateway does.
 */
export async function authorizationGateway(options: AuthorizationFixtureOptions = {}) {
  const federation = inProcessFederation(authorizationSubgraphs());
  const { model, client } = federation;
  const issuer = await tokenIssuer('fixture-key');
  const settings = gatewayConfig({ auth: { issuers: [TEST_ISSUER], audiences: [TEST_AUDIENCE] } }).auth;
  const planner = new QueryPlanner(new SupergraphIndex(model), { cacheSize: 100 });
  const authorizer = new OperationAuthorizer(model.apiSchema, readAuthorizationRules(model.schema), {
    rejectUnauthorized: options.rejectUnauthorized ?? false,
    policyHook: options.policyHook ?? decidePolicies,
    onPolicyHookFailure: options.onPolicyHookFailure ?? (() => undefined),
  });
  const execute = requestExecutor({
    planner,
    apiSchema: model.apiSchema,
    client,
    authorization: {
      authenticator: new TokenAuthenticator(settings, createLocalJWKSet(jwksOf(issuer))),
      authorizer,
      rejectInvalidToken: options.rejectInvalidToken ?? false,
    },
  });
  const tokens = new Map<AuthorizationClient, string>();
  for (const [name, claims] of Object.entries(CLIENT_CLAIMS)) {
    tokens.set(name as AuthorizationClient, await issuer.sign(claims));
  }
  /** Runs one operation with the request headers given. */
  const runWithHeaders = (
    query: string,
    headers: Record<string, string>,
    variables: Record<string, unknown> = {},
  ): Promise<OperationResult> =>
    execute({
      document: parse(query),
      operationName: null,
      variables,
      queryHash: createHash('sha256').update(query).digest('hex'),
      context: requestContext(headers),
    });
  return {
    model,
    client,
    planner,
    issuer,
    runWithHeaders,
    /** Runs one operation as one of the fixture's clients. */
    run(
      query: string,
      as: AuthorizationClient,
      variables: Record<string, unknown> = {},
    ): Promise<OperationResult> {
      const token = tokens.get(as);
      return runWithHeaders(query, token ? { authorization: `Bearer ${token}` } : {}, variables);
    },
  };
}

/** The response as a client receives it: data, and errors reduced to path and code. */
export function asClientSees(result: OperationResult): { data: unknown; errors?: unknown[] } {
  const errors = result.errors?.map((error) => ({ path: error.path, code: error.extensions?.code }));
  return { data: result.data, ...(errors && { errors }) };
}

function requestContext(headers: Record<string, string>): RequestContext {
  return {
    requestId: 'test-request',
    log: silentLogger(),
    signal: new AbortController().signal,
    deadline: Date.now() + 10_000,
    headers,
    record: newRequestRecord(),
  };
}
