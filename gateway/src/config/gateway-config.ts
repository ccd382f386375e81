import { ConfigError, parseEnv } from '../../../platform/config.js';
import { type AuthConfig, authConfigFrom, authEnvShape } from './auth-config.js';
import { type CacheConfig, cacheConfigFrom, cacheEnvShape } from './cache-config.js';
import { type CoreConfig, coreConfigFrom, coreEnvShape } from './core-config.js';
import {
  type ObservabilityConfig,
  observabilityConfigFrom,
  observabilityEnvShape,
} from './observability-config.js';
import { type SecuritySettings, securityConfigFrom, securityEnvShape } from './security-config.js';
import {
  type SubscriptionConfig,
  subscriptionConfigFrom,
  subscriptionEnvShape,
} from './subscription-config.js';
import { type UpstreamConfig, upstreamConfigFrom, upstreamEnvShape } from './upstream-config.js';

/** Every setting of the gateway, validated, one section per concern. */
export interface GatewayConfig {
  /** Port, host, supergraph source, subgraph URL overrides, plan cache, CORS, NODE_ENV. */
  core: CoreConfig;
  /** Subgraph transport and policies (with per-subgraph overrides), and the request deadline. */
  upstream: UpstreamConfig;
  /** Operation limits, trusted documents, header rules, rate limits and production hardening. */
  security: SecuritySettings;
  /** Redis for shared state, and the persisted queries kept there. */
  cache: CacheConfig;
  /** Log level and query-plan exposure. */
  observability: ObservabilityConfig;
  /** Token verification and the enforcement of `@authenticated`, `@requiresScopes` and `@policy`. */
  auth: AuthConfig;
  /** Subscription bounds: per connection and in all, heartbeats, slow clients, subgraph reconnection. */
  subscriptions: SubscriptionConfig;
}

/** Any part of the tree: plain objects merge key by key, anything else (arrays included) replaces. */
export type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

/** Settings to change from the defaults, e.g. `{ upstream: { timeoutMs: 100 } }`. */
export type GatewayConfigOverrides = DeepPartial<GatewayConfig>;

/** Every variable the gateway reads, each with its validator and default: the one home of the defaults. */
const gatewayEnvShape = {
  ...coreEnvShape,
  ...upstreamEnvShape,
  ...securityEnvShape,
  ...cacheEnvShape,
  ...observabilityEnvShape,
  ...authEnvShape,
  ...subscriptionEnvShape,
};

/**
 * Reads and validates the gateway's settings from the environment, once, into the config tree;
 * an unset variable takes its default. Throws a ConfigError naming every bad variable (e.g. an
 * unparsable `SUBGRAPH_URLS` entry or a `SUBGRAPH_URL_<NAME>` that is no URL).
 */
export function loadGatewayConfig(
  environment: Record<string, string | undefined> = process.env,
): GatewayConfig {
  const parsed = parseEnv(gatewayEnvShape, environment);
  const issues: string[] = [];
  const core = coreConfigFrom(parsed, environment, issues);
  const auth = authConfigFrom(parsed, issues);
  if (issues.length > 0) throw new ConfigError(issues);
  return {
    core,
    upstream: upstreamConfigFrom(parsed, environment),
    security: securityConfigFrom(parsed, environment),
    cache: cacheConfigFrom(parsed),
    observability: observabilityConfigFrom(parsed),
    auth,
    subscriptions: subscriptionConfigFrom(parsed),
  };
}

/**
 * The full tree at its defaults, with `overrides` on top: for tests and embedders, e.g.
 * `gatewayConfig({ core: { port: 0 }, upstream: { timeoutMs: 100 } })`. `core.nodeEnv` and
 * `core.port` are the settings other defaults follow (production hardens the security section and
 * has an admin port, any free one when `port` is 0), so the defaults are those of the ones asked for.
 */
export function gatewayConfig(overrides: GatewayConfigOverrides = {}): GatewayConfig {
  const nodeEnv = overrides.core?.nodeEnv;
  const port = overrides.core?.port;
  const defaults = loadGatewayConfig({
    ...(nodeEnv && { NODE_ENV: nodeEnv }),
    ...(port !== undefined && { PORT: String(port) }),
  });
  return mergeOverride(defaults, overrides) as GatewayConfig;
}

/**
 * `override` on top of `base`: plain objects merge key by key (a key set to undefined clears the
 * value); a union member of another `kind` (a supergraph file instead of subgraph URLs), an array
 * or any other value replaces.
 */
function mergeOverride(base: unknown, override: unknown): unknown {
  if (!isPlainObject(override) || !isPlainObject(base)) return override;
  if ('kind' in override && override.kind !== base.kind) return override;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) merged[key] = mergeOverride(base[key], value);
  return merged;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}
