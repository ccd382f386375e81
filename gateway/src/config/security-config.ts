import { resolve } from 'node:path';
import { z } from 'zod';
import { env } from '../../../platform/config.js';
import { DEFAULT_REDIS_NAMESPACE } from '../../../platform/redis/redis-namespace.js';
import { type HeaderRules, headerRulesEnv } from '../security/header-rules.js';
import type { OperationLimits } from '../security/operation-limits.js';
import {
  type LandingPageMode,
  type ProductionSettings,
  productionDefaults,
} from '../security/production-defaults.js';
import type { ClientKeyOptions } from '../security/rate-limit.js';
import { EXPOSE_SUBGRAPH_ERRORS, type SubgraphErrorExposure } from '../security/subgraph-error-exposure.js';
import type { TrustedDocumentsMode } from '../security/trusted-documents.js';
import { repositoryPath } from './repository-path.js';

/** Defaults that serve any real client and refuse floods. */
export const defaultOperationLimits: Readonly<OperationLimits> = Object.freeze({
  maxDocumentBytes: 100_000,
  maxTokens: 30_000,
  maxNesting: 200,
  maxDepth: 15,
  maxAliases: 30,
  maxRootFields: 20,
  maxFields: 1_000,
  maxCost: 200_000,
  defaultListSize: 10,
  objectWeight: 1,
  scalarWeight: 1,
  maxVariablesDepth: 20,
  maxVariableStringLength: 100_000,
  maxSubgraphRequests: 50,
});
const limits = defaultOperationLimits;

const optionalBoolean = () =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
    .transform((value) => value === 'true' || value === '1' || value === 'yes')
    .optional();

// `true` and `false` (and their spellings) were this setting's values before it named a page.
const LANDING_PAGE_VALUES: Readonly<Record<string, LandingPageMode>> = {
  sandbox: 'sandbox',
  local: 'local',
  off: 'off',
  true: 'sandbox',
  yes: 'sandbox',
  '1': 'sandbox',
  false: 'off',
  no: 'off',
  '0': 'off',
};

const landingPageMode = () =>
  z
    .string()
    .refine((value) => Object.hasOwn(LANDING_PAGE_VALUES, value), {
      message: 'must be one of sandbox, local, off (true and false still mean sandbox and off)',
    })
    .transform((value) => LANDING_PAGE_VALUES[value] as LandingPageMode)
    .optional();

const positiveNumber = (fallback: number) =>
  z.coerce.number({ message: 'must be a number' }).positive('must be > 0').default(fallback);

const nonNegativeNumber = (fallback: number) =>
  z.coerce.number({ message: 'must be a number' }).min(0, 'must be >= 0').default(fallback);

/**
 * Every security setting as an environment variable with a safe default. `NODE_ENV`, which
 * decides the production hardening, comes from the core section.
 */
export const securityEnvShape = {
  MAX_DOCUMENT_BYTES: env.positiveInt(limits.maxDocumentBytes),
  MAX_TOKENS: env.positiveInt(limits.maxTokens),
  MAX_NESTING: env.positiveInt(limits.maxNesting),
  MAX_DEPTH: env.positiveInt(limits.maxDepth),
  MAX_ALIASES: env.nonNegativeInt(limits.maxAliases),
  MAX_ROOT_FIELDS: env.positiveInt(limits.maxRootFields),
  MAX_FIELDS: env.positiveInt(limits.maxFields),
  MAX_COST: env.positiveInt(limits.maxCost),
  DEFAULT_LIST_SIZE: env.nonNegativeInt(limits.defaultListSize),
  COST_OBJECT_WEIGHT: nonNegativeNumber(limits.objectWeight),
  COST_SCALAR_WEIGHT: nonNegativeNumber(limits.scalarWeight),
  MAX_VARIABLES_DEPTH: env.positiveInt(limits.maxVariablesDepth),
  MAX_VARIABLE_STRING_LENGTH: env.positiveInt(limits.maxVariableStringLength),
  MAX_SUBGRAPH_REQUESTS: env.positiveInt(limits.maxSubgraphRequests),
  MAX_BATCH_SIZE: env.nonNegativeInt(0),
  TRUSTED_DOCUMENTS: z
    .enum(['off', 'enforce', 'report'], { message: 'must be one of off, enforce, report' })
    .default('off'),
  // Relative to the repository when unset, to the working directory when given (`securityConfigFrom`).
  TRUSTED_DOCUMENTS_DIR: z.string().min(1, 'must name a folder').default('schema/operations'),
  RATE_LIMIT_ENABLED: env.boolean(true),
  RATE_LIMIT_BURST: env.positiveInt(100),
  RATE_LIMIT_PER_SECOND: positiveNumber(50),
  RATE_LIMIT_KEY_HEADER: z
    .string()
    .regex(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]*$/, 'must be a header name (or empty)')
    .default(''),
  RATE_LIMIT_TRUSTED_PROXIES: env.nonNegativeInt(0),
  // `<REDIS_NAMESPACE>:rate:` when unset (`securitySettingsFrom`).
  RATE_LIMIT_REDIS_PREFIX: z.string().optional(),
  RATE_LIMIT_REDIS_TIMEOUT_MS: env.positiveInt(100),
  HEADER_RULES: headerRulesEnv(),
  MAX_BODY_BYTES: env.positiveInt(1_000_000),
  BODY_TIMEOUT_MS: env.positiveInt(10_000),
  INTROSPECTION: optionalBoolean(),
  LANDING_PAGE: landingPageMode(),
  SANDBOX_TELEMETRY: env.boolean(false),
  SUBGRAPH_ERROR_EXTENSIONS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((key) => key.trim())
        .filter((key) => key !== ''),
    ),
  SUBGRAPH_ERROR_MESSAGES: z.enum(['mask', 'keep'], { message: 'must be mask or keep' }).default('mask'),
};

/** The parsed security variables. */
export type SecurityEnv = z.infer<z.ZodObject<typeof securityEnvShape>>;

/** Security settings grouped by the module that uses them. */
export interface SecuritySettings {
  limits: OperationLimits;
  /** Most operations in a batched body; 0 refuses batches. */
  maxBatchSize: number;
  trustedDocuments: { mode: TrustedDocumentsMode; directory: string };
  /** Undefined when rate limiting is off. */
  rateLimit:
    | { capacity: number; refillPerSecond: number; redisKeyPrefix: string; redisTimeoutMs: number }
    | undefined;
  clientKey: ClientKeyOptions;
  headerRules: HeaderRules;
  production: ProductionSettings;
  /** What clients see of subgraph errors and failed calls: all of it outside production. */
  subgraphErrors: SubgraphErrorExposure;
}

/**
 * Groups the parsed variables (and `NODE_ENV`, and `REDIS_NAMESPACE` for the rate-limit keys) into
 * the settings each security module takes.
 */
export function securitySettingsFrom(
  config: SecurityEnv & { NODE_ENV: ProductionSettingsEnv; REDIS_NAMESPACE?: string },
): SecuritySettings {
  return {
    limits: {
      maxDocumentBytes: config.MAX_DOCUMENT_BYTES,
      maxTokens: config.MAX_TOKENS,
      maxNesting: config.MAX_NESTING,
      maxDepth: config.MAX_DEPTH,
      maxAliases: config.MAX_ALIASES,
      maxRootFields: config.MAX_ROOT_FIELDS,
      maxFields: config.MAX_FIELDS,
      maxCost: config.MAX_COST,
      defaultListSize: config.DEFAULT_LIST_SIZE,
      objectWeight: config.COST_OBJECT_WEIGHT,
      scalarWeight: config.COST_SCALAR_WEIGHT,
      maxVariablesDepth: config.MAX_VARIABLES_DEPTH,
      maxVariableStringLength: config.MAX_VARIABLE_STRING_LENGTH,
      maxSubgraphRequests: config.MAX_SUBGRAPH_REQUESTS,
    },
    maxBatchSize: config.MAX_BATCH_SIZE,
    trustedDocuments: { mode: config.TRUSTED_DOCUMENTS, directory: config.TRUSTED_DOCUMENTS_DIR },
    rateLimit: config.RATE_LIMIT_ENABLED
      ? {
          capacity: config.RATE_LIMIT_BURST,
          refillPerSecond: config.RATE_LIMIT_PER_SECOND,
          redisKeyPrefix:
            config.RATE_LIMIT_REDIS_PREFIX ?? `${config.REDIS_NAMESPACE ?? DEFAULT_REDIS_NAMESPACE}:rate:`,
          redisTimeoutMs: config.RATE_LIMIT_REDIS_TIMEOUT_MS,
        }
      : undefined,
    clientKey: {
      apiKeyHeader: config.RATE_LIMIT_KEY_HEADER,
      trustedProxyHops: config.RATE_LIMIT_TRUSTED_PROXIES,
    },
    headerRules: config.HEADER_RULES,
    production: productionDefaults(config),
    subgraphErrors:
      config.NODE_ENV === 'production'
        ? {
            redact: true,
            allowedExtensions: config.SUBGRAPH_ERROR_EXTENSIONS,
            keepUncodedMessages: config.SUBGRAPH_ERROR_MESSAGES === 'keep',
          }
        : EXPOSE_SUBGRAPH_ERRORS,
  };
}

type ProductionSettingsEnv = 'development' | 'production' | 'test';

/**
 * The security section: the settings grouped by module, with the trusted documents folder made
 * absolute. The default folder is the repository's, wherever the process starts; a given one is
 * read from the working directory, as paths on a command line are.
 */
export function securityConfigFrom(
  parsed: SecurityEnv & { NODE_ENV: ProductionSettingsEnv; REDIS_NAMESPACE?: string },
  environment: Record<string, string | undefined>,
): SecuritySettings {
  const settings = securitySettingsFrom(parsed);
  const { directory } = settings.trustedDocuments;
  settings.trustedDocuments.directory =
    environment.TRUSTED_DOCUMENTS_DIR === undefined ? repositoryPath(directory) : resolve(directory);
  return settings;
}
