import { exportJWK, generateKeyPair, type JSONWebKeySet, type JWK, SignJWT } from 'jose';

/** Who tokens are issued by and for in the tests. */
export const TEST_ISSUER = 'https://issuer.test';
export const TEST_AUDIENCE = 'hexagraph';

/** What to change in one token from the issuer's defaults. */
export interface TokenOptions {
  /** Seconds from now; negative for an expired token. Default 300. */
  expiresInSeconds?: number;
  /** Seconds from now before which the token is not valid. */
  notBeforeInSeconds?: number;
  issuer?: string;
  audience?: string;
  /** Leave `exp` out. */
  withoutExpiry?: boolean;
}

/** One signing key, its public JWK (with `kid` and `alg`), and tokens signed with it. */
export interface TokenIssuer {
  readonly kid: string;
  readonly alg: string;
  readonly publicJwk: JWK;
  /** A signed JWT carrying `claims` (plus `iss`, `aud`, `iat`, `exp` unless told otherwise). */
  sign(claims: Record<string, unknown>, options?: TokenOptions): Promise<string>;
}

/** A fresh key pair for `alg` (ES256 by default), named `kid`. */
export async function tokenIssuer(kid: string, alg = 'ES256'): Promise<TokenIssuer> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return {
    kid,
    alg,
    publicJwk,
    sign: async (claims, options = {}) => {
      const now = Math.floor(Date.now() / 1000);
      const jwt = new SignJWT(claims)
        .setProtectedHeader({ alg, kid, typ: 'JWT' })
        .setIssuer(options.issuer ?? TEST_ISSUER)
        .setAudience(options.audience ?? TEST_AUDIENCE)
        .setIssuedAt(now);
      if (!options.withoutExpiry) jwt.setExpirationTime(now + (options.expiresInSeconds ?? 300));
      if (options.notBeforeInSeconds !== undefined) jwt.setNotBefore(now + options.notBeforeInSeconds);
      return jwt.sign(privateKey);
    },
  };
}

/** A JSON Web Key Set publishing the issuers' public keys. */
export function jwksOf(...issuers: readonly TokenIssuer[]): JSONWebKeySet {
  return { keys: issuers.map((issuer) => issuer.publicJwk) };
}
