import { resolve } from 'node:path';
import { z } from 'zod';
import { env } from '../../../platform/config.js';

/** Signature algorithms a token may use: asymmetric only, since a JWKS is public. */
export const JWT_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
] as const;

/** Where the keys that sign client tokens come from. */
export type JwksSource =
  | { kind: 'file'; path: string }
  | {
      kind: 'url';
      url: string;
      /** Least time between two downloads, however many unknown `kid`s arrive. */
      minRefreshMs: number;
      /** Age after which the keys are downloaded again on next use (removed keys stop working). */
      maxAgeMs: number;
      /** Longest wait for one download. */
      timeoutMs: number;
    };

/** How requests are authenticated, and how `@authenticated`, `@requiresScopes` and `@policy` apply. */
export interface AuthConfig {
  /** Undefined: no token is ever verified, so every request is unauthenticated. */
  jwks: JwksSource | undefined;
  /** Request header carrying the token, lower case. */
  header: string;
  /** Scheme written before the token in that header (`Bearer`); empty: the header is the bare token. */
  headerPrefix: string;
  /** Algorithms a token may be signed with. */
  algorithms: string[];
  /** Accepted `iss` values; undefined accepts any. */
  issuers: string[] | undefined;
  /** Accepted `aud` values (a token must name one); undefined accepts any. */
  audiences: string[] | undefined;
  /** Tolerance, in seconds, on `exp`, `nbf` and `iat`. */
  clockSkewSeconds: number;
  /** Claim holding the token's scopes: a space-separated string or an array of strings. */
  scopesClaim: string;
  /** Refuse a whole operation that selects anything the client may not see, instead of nulling it. */
  rejectUnauthorized: boolean;
  /** Refuse (401) a request whose token fails verification, instead of serving it unauthenticated. */
  rejectInvalidToken: boolean;
  /** Absolute path of the ES module deciding `@policy` policies; undefined denies every policy. */
  policyModule: string | undefined;
}

const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

const commaList = () =>
  z
    .string()
    .optional()
    .transform((value) =>
      value === undefined
        ? undefined
        : value
            .split(',')
            .map((item) => item.trim())
            .filter((item) => item.length > 0),
    )
    .transform((items) => (items && items.length > 0 ? items : undefined));

const optionalText = () =>
  z
    .string()
    .optional()
    .transform((value) => (value?.trim() ? value.trim() : undefined));

/** The authentication and authorization variables with their defaults. */
export const authEnvShape = {
  AUTH_JWKS_URL: optionalText(),
  AUTH_JWKS_FILE: optionalText(),
  AUTH_JWKS_MIN_REFRESH_SECONDS: env.nonNegativeInt(30),
  AUTH_JWKS_MAX_AGE_SECONDS: env.positiveInt(600),
  AUTH_JWKS_TIMEOUT_MS: env.positiveInt(5_000),
  AUTH_HEADER: z.string().regex(HEADER_NAME, 'must be a header name').default('authorization'),
  AUTH_HEADER_PREFIX: z
    .string()
    .regex(/^\S*$/, 'must be one word without spaces (or empty for a bare token)')
    .default('Bearer'),
  AUTH_ALGORITHMS: z
    .string()
    .default(JWT_ALGORITHMS.join(','))
    .transform((value) =>
      value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item.length > 0),
    )
    .refine((items) => items.length > 0, { message: 'must name at least one algorithm' })
    .refine((items) => items.every((item) => (JWT_ALGORITHMS as readonly string[]).includes(item)), {
      message: `must list only ${JWT_ALGORITHMS.join(', ')}`,
    }),
  AUTH_ISSUER: commaList(),
  AUTH_AUDIENCE: commaList(),
  AUTH_CLOCK_SKEW_SECONDS: env.nonNegativeInt(30),
  AUTH_SCOPES_CLAIM: z.string().min(1, 'must name a claim').default('scope'),
  AUTH_REJECT_UNAUTHORIZED: env.boolean(false),
  AUTH_REJECT_INVALID_TOKEN: env.boolean(false),
  AUTH_POLICY_MODULE: optionalText(),
};

/** What `parseEnv(authEnvShape)` returns. */
export type AuthEnv = z.infer<z.ZodObject<typeof authEnvShape>>;

/**
 * The auth section from parsed variables. Adds a line to `issues` when both JWKS sources are set,
 * when the URL is no http(s) URL, or when invalid tokens are to be refused but no key can verify
 * any. Paths are read from the working directory.
 */
export function authConfigFrom(parsed: AuthEnv, issues: string[]): AuthConfig {
  return {
    jwks: jwksSource(parsed, issues),
    header: parsed.AUTH_HEADER.toLowerCase(),
    headerPrefix: parsed.AUTH_HEADER_PREFIX,
    algorithms: parsed.AUTH_ALGORITHMS,
    issuers: parsed.AUTH_ISSUER,
    audiences: parsed.AUTH_AUDIENCE,
    clockSkewSeconds: parsed.AUTH_CLOCK_SKEW_SECONDS,
    scopesClaim: parsed.AUTH_SCOPES_CLAIM,
    rejectUnauthorized: parsed.AUTH_REJECT_UNAUTHORIZED,
    rejectInvalidToken: parsed.AUTH_REJECT_INVALID_TOKEN,
    policyModule: parsed.AUTH_POLICY_MODULE === undefined ? undefined : resolve(parsed.AUTH_POLICY_MODULE),
  };
}

function jwksSource(parsed: AuthEnv, issues: string[]): JwksSource | undefined {
  const { AUTH_JWKS_URL: url, AUTH_JWKS_FILE: file } = parsed;
  if (url !== undefined && file !== undefined) {
    issues.push('AUTH_JWKS_URL: set either AUTH_JWKS_URL or AUTH_JWKS_FILE, not both');
    return undefined;
  }
  if (url === undefined && file === undefined) {
    if (parsed.AUTH_REJECT_INVALID_TOKEN) {
      issues.push('AUTH_REJECT_INVALID_TOKEN: needs AUTH_JWKS_URL or AUTH_JWKS_FILE to verify tokens with');
    }
    return undefined;
  }
  if (file !== undefined) return { kind: 'file', path: resolve(file) };
  if (!isHttpUrl(url as string)) {
    issues.push(`AUTH_JWKS_URL: must be an http:// or https:// URL (got ${JSON.stringify(url)})`);
    return undefined;
  }
  return {
    kind: 'url',
    url: url as string,
    minRefreshMs: parsed.AUTH_JWKS_MIN_REFRESH_SECONDS * 1000,
    maxAgeMs: parsed.AUTH_JWKS_MAX_AGE_SECONDS * 1000,
    timeoutMs: parsed.AUTH_JWKS_TIMEOUT_MS,
  };
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
