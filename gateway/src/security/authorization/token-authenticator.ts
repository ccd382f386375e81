import type { IncomingHttpHeaders } from 'node:http';
import { type JWTPayload, jwtVerify } from 'jose';
import type { AuthConfig } from '../../config/auth-config.js';
import type { KeySet } from './key-set.js';

/** Who a request says it is, once its token (if any) is checked. */
export type Authentication =
  /** No token came with the request (or no key set is configured to verify one). */
  | { readonly kind: 'anonymous' }
  | {
      readonly kind: 'authenticated';
      readonly claims: JWTPayload;
      /** Scopes granted by the token, from the configured claim. */
      readonly scopes: ReadonlySet<string>;
    }
  /** A token came and failed verification: `reason` says why (it never holds the token). */
  | { readonly kind: 'invalid'; readonly reason: string };

/** The token settings of the auth section. */
export type TokenSettings = Pick<
  AuthConfig,
  'header' | 'headerPrefix' | 'algorithms' | 'issuers' | 'audiences' | 'clockSkewSeconds' | 'scopesClaim'
>;

const ANONYMOUS: Authentication = Object.freeze({ kind: 'anonymous' });

/**
 * Verifies the JSON Web Token a request carries in the configured header (`Authorization: Bearer
 * <token>` by default) with jose: signature by a key of the key set, an allowed algorithm, `exp`
 * present and not passed, `nbf` reached, and `iss`/`aud` when configured, all with the clock
 * tolerance. Without a key set nothing can be verified and every request is anonymous.
 */
export class TokenAuthenticator {
  constructor(
    private readonly settings: TokenSettings,
    private readonly keys: KeySet | undefined,
  ) {}

  /** The authentication scheme tokens are sent with (`Bearer`), for a `WWW-Authenticate` challenge. */
  get scheme(): string {
    return this.settings.headerPrefix;
  }

  /** What the request's token proves; never throws. */
  async authenticate(headers: IncomingHttpHeaders): Promise<Authentication> {
    const token = this.tokenOf(headers);
    if (token === undefined) return ANONYMOUS;
    if (typeof token !== 'string') return token;
    if (!this.keys) return ANONYMOUS;
    const { settings } = this;
    try {
      const { payload } = await jwtVerify(token, this.keys, {
        algorithms: settings.algorithms,
        ...(settings.issuers && { issuer: settings.issuers }),
        ...(settings.audiences && { audience: settings.audiences }),
        clockTolerance: settings.clockSkewSeconds,
        requiredClaims: ['exp'],
      });
      return { kind: 'authenticated', claims: payload, scopes: scopesOf(payload, settings.scopesClaim) };
    } catch (error) {
      return { kind: 'invalid', reason: verificationFailure(error) };
    }
  }

  /** The token, undefined without the header, or why the header holds none. */
  private tokenOf(headers: IncomingHttpHeaders): string | Authentication | undefined {
    const { header, headerPrefix } = this.settings;
    const value = headers[header];
    if (value === undefined) return undefined;
    if (Array.isArray(value)) return invalid(`the request has ${value.length} ${header} headers`);
    const trimmed = value.trim();
    if (headerPrefix === '') return trimmed === '' ? invalid(`the ${header} header is empty`) : trimmed;
    const separator = trimmed.indexOf(' ');
    const scheme = separator < 0 ? trimmed : trimmed.slice(0, separator);
    // Authentication schemes are case-insensitive (RFC 9110, section 11.1).
    if (scheme.toLowerCase() !== headerPrefix.toLowerCase()) {
      return invalid(`the ${header} header does not start with "${headerPrefix} "`);
    }
    const token = separator < 0 ? '' : trimmed.slice(separator + 1).trim();
    return token === '' ? invalid(`the ${header} header holds no token after "${headerPrefix}"`) : token;
  }
}

/** The scopes a claim grants: a space-separated string (OAuth 2.0 `scope`) or an array of strings. */
export function scopesOf(claims: JWTPayload, claim: string): ReadonlySet<string> {
  const value = claims[claim];
  if (typeof value === 'string') return new Set(value.split(/\s+/).filter((scope) => scope.length > 0));
  if (Array.isArray(value))
    return new Set(value.filter((scope): scope is string => typeof scope === 'string'));
  return new Set();
}

function invalid(reason: string): Authentication {
  return { kind: 'invalid', reason };
}

/** jose's code and message (which name the check that failed, never the token or its claims). */
function verificationFailure(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}
