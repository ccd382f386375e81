import { HeaderMap } from '@apollo/server';
import type { GraphQLError } from 'graphql';
import { AUTH_ERROR } from '../errors.js';
import type { NormalizedOperation } from '../planner/normalized-operation.js';
import type {
  AuthorizationOutcome,
  Identity,
  OperationAuthorizer,
} from '../security/authorization/operation-authorizer.js';
import type { Authentication, TokenAuthenticator } from '../security/authorization/token-authenticator.js';
import type { RequestContext } from './request-context.js';

/** How the request module authenticates requests and authorizes their operations. */
export interface RequestAuthorization {
  readonly authenticator: TokenAuthenticator;
  /** Absent when the supergraph carries no authorization directive. */
  readonly authorizer?: OperationAuthorizer;
  /** Refuse (401) a request whose token fails verification. */
  readonly rejectInvalidToken: boolean;
}

const ANONYMOUS: Identity = Object.freeze({ authenticated: false, scopes: new Set<string>() });
const ALLOWED: AuthorizationOutcome = Object.freeze({ kind: 'allowed' });

// One verification per request, however many operations a batched request holds.
const authentications = new WeakMap<RequestContext, Promise<Authentication>>();

/**
 * What the request may run of `operation`. The token is verified only when the operation selects
 * a field some directive guards, or when invalid tokens are refused (then every request with a
 * token is checked); a failed verification is logged with its reason, never with the token.
 */
export async function authorizeOperation(
  authorization: RequestAuthorization,
  operation: NormalizedOperation,
  context: RequestContext,
): Promise<AuthorizationOutcome> {
  const { authorizer } = authorization;
  const guarded = authorizer !== undefined && authorizer.sitesOf(operation).length > 0;
  if (!guarded && !authorization.rejectInvalidToken) return ALLOWED;
  const authentication = await authenticate(authorization.authenticator, context);
  if (authentication.kind === 'invalid') {
    context.log.info({ reason: authentication.reason }, 'request token rejected');
    if (authorization.rejectInvalidToken) {
      const { scheme } = authorization.authenticator;
      return { kind: 'refused', errors: [invalidTokenError(authentication.reason, scheme)] };
    }
  }
  if (!guarded) return ALLOWED;
  const identity: Identity =
    authentication.kind === 'authenticated'
      ? { authenticated: true, scopes: authentication.scopes, claims: authentication.claims }
      : ANONYMOUS;
  return authorizer.authorize(operation, identity, context.headers);
}

function authenticate(authenticator: TokenAuthenticator, context: RequestContext): Promise<Authentication> {
  let authentication = authentications.get(context);
  if (!authentication) {
    authentication = authenticator.authenticate(context.headers);
    authentications.set(context, authentication);
  }
  return authentication;
}

/** 401 with the RFC 6750 challenge of the scheme tokens are sent with (none for bare tokens). */
function invalidTokenError(reason: string, scheme: string): GraphQLError {
  const headers = new HeaderMap(scheme ? [['www-authenticate', `${scheme} error="invalid_token"`]] : []);
  return AUTH_ERROR.err(`The request's token is not valid: ${reason}`, {
    extensions: { http: { status: 401, headers } },
  });
}
