import { env } from '../../platform/config.js';
import { SHUTDOWN_ENV } from '../../platform/shutdown.js';
import {
  SIGNATURE_CHECK_ENV,
  type SignatureCheckSettings,
  signatureCheckFrom,
} from '../../platform/signing/signing-config.js';
import {
  DEFAULT_SUBGRAPH_OPERATION_LIMITS,
  type SubgraphOperationLimits,
} from './graphql/operation-limits.js';

/**
 * The variables every subgraph reads about its edge (who may call it, what an operation may ask,
 * how it stops); spread into its `parseEnv` shape beside STORAGE_ENV.
 */
export const EDGE_ENV = {
  ...SIGNATURE_CHECK_ENV,
  SUBGRAPH_MAX_DEPTH: env.positiveInt(DEFAULT_SUBGRAPH_OPERATION_LIMITS.maxDepth),
  SUBGRAPH_MAX_ALIASES: env.positiveInt(DEFAULT_SUBGRAPH_OPERATION_LIMITS.maxAliases),
  SUBGRAPH_MAX_STRING_LENGTH: env.positiveInt(DEFAULT_SUBGRAPH_OPERATION_LIMITS.maxStringLength),
  SUBGRAPH_MAX_REPRESENTATIONS: env.positiveInt(DEFAULT_SUBGRAPH_OPERATION_LIMITS.maxRepresentations),
  ...SHUTDOWN_ENV,
};

/** A subgraph's edge: the signature check (absent: unsigned requests are served), limits, grace. */
export interface EdgeSettings {
  signing: SignatureCheckSettings | undefined;
  limits: SubgraphOperationLimits;
  shutdownGraceMs: number;
}

/**
 * The edge settings from a parsed config holding EDGE_ENV and NODE_ENV. Throws a ConfigError when
 * production mode has no signing secret, or a previous secret is set without a current one.
 */
export function edgeSettingsFrom(config: {
  SUBGRAPH_SIGNING_SECRET: string | undefined;
  SUBGRAPH_SIGNING_SECRET_PREVIOUS: string | undefined;
  SUBGRAPH_SIGNING_WINDOW_MS: number;
  SUBGRAPH_MAX_DEPTH: number;
  SUBGRAPH_MAX_ALIASES: number;
  SUBGRAPH_MAX_STRING_LENGTH: number;
  SUBGRAPH_MAX_REPRESENTATIONS: number;
  SHUTDOWN_GRACE_MS: number;
  NODE_ENV: string;
}): EdgeSettings {
  return {
    signing: signatureCheckFrom(config),
    limits: {
      maxDepth: config.SUBGRAPH_MAX_DEPTH,
      maxAliases: config.SUBGRAPH_MAX_ALIASES,
      maxStringLength: config.SUBGRAPH_MAX_STRING_LENGTH,
      maxRepresentations: config.SUBGRAPH_MAX_REPRESENTATIONS,
    },
    shutdownGraceMs: config.SHUTDOWN_GRACE_MS,
  };
}
