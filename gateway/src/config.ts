import { join, resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError, env, parseEnv } from '../../platform/config.js';
import { defaultPersistedQuerySettings, type PersistedQuerySettings } from './http/persisted-query-cache.js';
import type { DeadlineSettings } from './request/deadline.js';
import { type SecuritySettings, securityEnvShape, securitySettingsFrom } from './security/config.js';
import {
  deadlineSettingsFromEnv,
  type UpstreamSettings,
  upstreamEnvShape,
  upstreamSettingsFromEnv,
} from './upstream/upstream-config.js';

const REPOSITORY_ROOT = join(import.meta.dirname, '..', '..');
const URL_OVERRIDE_PREFIX = 'SUBGRAPH_URL_';

/** Where the supergraph comes from: a file, or the subgraphs' own SDLs composed at start-up. */
export type SupergraphSource =
  | { kind: 'file'; path: string }
  | { kind: 'subgraphs'; subgraphs: { name: string; url: string }[]; timeoutMs: number };

/** The gateway's settings, validated. */
export interface GatewayConfig {
  port: number;
  host: string;
  supergraph: SupergraphSource;
  /** `SUBGRAPH_URL_<NAME>` overrides, keyed by the upper-case name token (`PRICE_SVC` for `price-svc`). */
  subgraphUrlOverrides: Record<string, string>;
  planCacheSize: number;
  exposeQueryPlan: boolean;
  corsOrigins: string[];
  logLevel: string;
  upstream: UpstreamSettings;
  deadline: DeadlineSettings;
  /** Operation limits, trusted documents, header rules, rate limits and production hardening. */
  security: SecuritySettings;
  /** Redis for state shared by replicas (persisted queries, rate-limit buckets); memory when unset. */
  redisUrl: string | undefined;
  persistedQueries: PersistedQuerySettings;
}

const REDIS_URL_PATTERN = /^rediss?:\/\/[^\s]+$/;

/**
 * The gateway's own variables; the upstream ones (`UPSTREAM_*`, `REQUEST_TIMEOUT_*`) and the
 * security ones (`securityEnvShape`) are added to them.
 */
export const gatewayEnvShape = {
  PORT: env.port(4000),
  HOST: z.string().min(1, 'must not be empty').default('0.0.0.0'),
  SUPERGRAPH_PATH: z.string().min(1, 'must not be empty').optional(),
  SUBGRAPH_URLS: z.string().optional(),
  SUBGRAPH_SDL_TIMEOUT_MS: env.positiveInt(5_000),
  PLAN_CACHE_SIZE: env.positiveInt(1_000),
  QUERY_PLAN_DEBUG: env.boolean(false),
  CORS_ORIGINS: z.string().default(''),
  NODE_ENV: env.nodeEnv(),
  LOG_LEVEL: env.logLevel(),
  REDIS_URL: z
    .string()
    .optional()
    .transform((value) => (value?.trim() ? value.trim() : undefined))
    .refine((value) => value === undefined || REDIS_URL_PATTERN.test(value), {
      message: 'must be a redis:// or rediss:// URL',
    }),
  PERSISTED_QUERIES_TTL_SECONDS: env.nonNegativeInt(defaultPersistedQuerySettings.ttlSeconds ?? 0),
  PERSISTED_QUERIES_REDIS_PREFIX: z.string().default(defaultPersistedQuerySettings.redisKeyPrefix),
  PERSISTED_QUERIES_REDIS_TIMEOUT_MS: env.positiveInt(defaultPersistedQuerySettings.redisTimeoutMs),
};

/**
 * Reads and validates the gateway's settings from the environment. Throws a ConfigError naming
 * every bad variable (e.g. an unparsable `SUBGRAPH_URLS` entry or a `SUBGRAPH_URL_<NAME>` that is no URL).
 */
export function loadGatewayConfig(
  environment: Record<string, string | undefined> = process.env,
): GatewayConfig {
  const parsed = parseEnv({ ...gatewayEnvShape, ...upstreamEnvShape, ...securityEnvShape }, environment);
  const issues: string[] = [];
  const supergraph = supergraphSource(parsed, issues);
  const subgraphUrlOverrides = urlOverrides(environment, issues);
  const corsOrigins = parsed.CORS_ORIGINS.split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin.length > 0);
  for (const origin of corsOrigins) {
    if (origin !== '*' && !isUrl(origin)) issues.push(`CORS_ORIGINS: "${origin}" is not an origin URL`);
  }
  if (issues.length > 0) throw new ConfigError(issues);
  const security = securitySettingsFrom(parsed);
  // The default folder is the repository's, wherever the process starts; a given one is read from
  // the working directory, as paths on a command line are.
  security.trustedDocuments.directory =
    environment.TRUSTED_DOCUMENTS_DIR === undefined
      ? join(REPOSITORY_ROOT, 'schema', 'operations')
      : resolve(parsed.TRUSTED_DOCUMENTS_DIR);
  return {
    port: parsed.PORT,
    host: parsed.HOST,
    supergraph,
    subgraphUrlOverrides,
    planCacheSize: parsed.PLAN_CACHE_SIZE,
    exposeQueryPlan: parsed.QUERY_PLAN_DEBUG,
    corsOrigins,
    logLevel: parsed.LOG_LEVEL,
    upstream: upstreamSettingsFromEnv(parsed, environment),
    deadline: deadlineSettingsFromEnv(parsed),
    security,
    redisUrl: parsed.REDIS_URL,
    persistedQueries: {
      ttlSeconds: parsed.PERSISTED_QUERIES_TTL_SECONDS === 0 ? null : parsed.PERSISTED_QUERIES_TTL_SECONDS,
      redisKeyPrefix: parsed.PERSISTED_QUERIES_REDIS_PREFIX,
      redisTimeoutMs: parsed.PERSISTED_QUERIES_REDIS_TIMEOUT_MS,
    },
  };
}

function supergraphSource(
  parsed: {
    SUPERGRAPH_PATH?: string | undefined;
    SUBGRAPH_URLS?: string | undefined;
    SUBGRAPH_SDL_TIMEOUT_MS: number;
  },
  issues: string[],
): SupergraphSource {
  if (parsed.SUBGRAPH_URLS === undefined || parsed.SUBGRAPH_URLS.trim() === '') {
    return {
      kind: 'file',
      path: parsed.SUPERGRAPH_PATH ?? join(REPOSITORY_ROOT, 'schema', 'supergraph.graphql'),
    };
  }
  if (parsed.SUPERGRAPH_PATH !== undefined) {
    issues.push('SUBGRAPH_URLS: set either SUBGRAPH_URLS or SUPERGRAPH_PATH, not both');
  }
  const subgraphs: { name: string; url: string }[] = [];
  for (const entry of parsed.SUBGRAPH_URLS.split(',')) {
    const trimmed = entry.trim();
    if (trimmed === '') continue;
    const separator = trimmed.indexOf('=');
    const name = trimmed.slice(0, separator).trim();
    const url = trimmed.slice(separator + 1).trim();
    if (separator <= 0 || !/^[A-Za-z_][\w-]*$/.test(name) || !isUrl(url)) {
      issues.push(`SUBGRAPH_URLS: "${trimmed}" is not name=url (e.g. product=http://localhost:4001/graphql)`);
    } else if (subgraphs.some((subgraph) => subgraph.name === name)) {
      issues.push(`SUBGRAPH_URLS: subgraph "${name}" is listed twice`);
    } else {
      subgraphs.push({ name, url });
    }
  }
  if (subgraphs.length === 0) issues.push('SUBGRAPH_URLS: lists no subgraph');
  return { kind: 'subgraphs', subgraphs, timeoutMs: parsed.SUBGRAPH_SDL_TIMEOUT_MS };
}

function urlOverrides(
  environment: Record<string, string | undefined>,
  issues: string[],
): Record<string, string> {
  const overrides: Record<string, string> = {};
  for (const [variable, value] of Object.entries(environment)) {
    if (!variable.startsWith(URL_OVERRIDE_PREFIX) || value === undefined) continue;
    const token = variable.slice(URL_OVERRIDE_PREFIX.length);
    if (token === '') continue;
    if (!isUrl(value)) issues.push(`${variable}: must be a URL (got ${JSON.stringify(value)})`);
    else overrides[token] = value;
  }
  return overrides;
}

/**
 * Subgraph name -> URL for the `SUBGRAPH_URL_<NAME>` overrides, matching `<NAME>` against the
 * supergraph's subgraph names (upper case, other characters as `_`). An override naming no
 * subgraph is a ConfigError: a typo would otherwise silently keep the old URL.
 */
export function resolveUrlOverrides(
  overrides: Readonly<Record<string, string>>,
  subgraphNames: readonly string[],
): Record<string, string> {
  const resolved: Record<string, string> = {};
  const issues: string[] = [];
  for (const [token, url] of Object.entries(overrides)) {
    const name = subgraphNames.find((candidate) => nameToken(candidate) === token);
    if (name === undefined) {
      issues.push(
        `${URL_OVERRIDE_PREFIX}${token}: the supergraph has no such subgraph (it has ${subgraphNames.join(', ')})`,
      );
    } else {
      resolved[name] = url;
    }
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return resolved;
}

function nameToken(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

function isUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
