import { z } from 'zod';
import { ConfigError, env } from '../config.js';

/** Shortest secret accepted: 32 characters, e.g. `openssl rand -hex 32` gives 64. */
const MIN_SECRET_LENGTH = 32;

/** An optional secret: unset or empty means none; anything shorter than 32 characters is refused. */
const secret = () =>
  z
    .string()
    .optional()
    .transform((value) => (value?.trim() ? value : undefined))
    .refine((value) => value === undefined || value.length >= MIN_SECRET_LENGTH, {
      message: `must be at least ${MIN_SECRET_LENGTH} characters (e.g. from \`openssl rand -hex 32\`)`,
    });

/** What a caller of subgraphs reads: the secret it signs with. */
export const SIGNING_SECRET_ENV = {
  SUBGRAPH_SIGNING_SECRET: secret(),
};

/** What a subgraph reads to verify: the secrets it accepts and the timestamp window. */
export const SIGNATURE_CHECK_ENV = {
  ...SIGNING_SECRET_ENV,
  SUBGRAPH_SIGNING_SECRET_PREVIOUS: secret(),
  SUBGRAPH_SIGNING_WINDOW_MS: env.positiveInt(30_000),
};

/** A subgraph's signature check: the accepted secrets (current first) and the window. */
export interface SignatureCheckSettings {
  secrets: string[];
  windowMs: number;
}

/**
 * The signature check from parsed SIGNATURE_CHECK_ENV variables: undefined when no secret is set,
 * which production mode refuses. Throws a ConfigError naming the variable.
 */
export function signatureCheckFrom(config: {
  SUBGRAPH_SIGNING_SECRET: string | undefined;
  SUBGRAPH_SIGNING_SECRET_PREVIOUS: string | undefined;
  SUBGRAPH_SIGNING_WINDOW_MS: number;
  NODE_ENV: string;
}): SignatureCheckSettings | undefined {
  const current = config.SUBGRAPH_SIGNING_SECRET;
  const previous = config.SUBGRAPH_SIGNING_SECRET_PREVIOUS;
  if (current === undefined) {
    if (previous !== undefined)
      throw new ConfigError([
        'SUBGRAPH_SIGNING_SECRET_PREVIOUS: set only beside SUBGRAPH_SIGNING_SECRET, while rotating keys (SUBGRAPH_SIGNING_SECRET is unset)',
      ]);
    if (config.NODE_ENV === 'production')
      throw new ConfigError([
        'SUBGRAPH_SIGNING_SECRET: required when NODE_ENV=production, so the subgraph serves only signed requests from the gateway (unset)',
      ]);
    return undefined;
  }
  return {
    secrets: previous === undefined ? [current] : [current, previous],
    windowMs: config.SUBGRAPH_SIGNING_WINDOW_MS,
  };
}
