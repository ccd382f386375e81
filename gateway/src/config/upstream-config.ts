import { z } from 'zod';
import { ConfigError, env } from '../../../platform/config.js';
import { SIGNING_SECRET_ENV } from '../../../platform/signing/signing-config.js';
import { DEFAULT_ERRORS_PER_FAILED_CALL } from '../executor/execution-defaults.js';
import type { DeadlineSettings } from '../request/deadline.js';
import { subgraphToken } from './subgraph-token.js';

/** How the gateway talks to one subgraph: transport limits and policy thresholds. */
export interface SubgraphSettings {
  /** Longest wait for one attempt (headers and body); the request deadline may cut it shorter. */
  timeoutMs: number;
  /** Longest wait to open a TCP connection. */
  connectTimeoutMs: number;
  /** Most open connections to the subgraph (undici Pool `connections`). */
  maxConnections: number;
  /** How long an idle keep-alive connection is kept. */
  keepAliveTimeoutMs: number;
  /** Largest accepted response body, after decompression. */
  maxResponseBytes: number;
  /** Most calls in flight at once (bulkhead). */
  bulkheadMaxConcurrent: number;
  /** Most calls waiting for a slot; more are rejected with BULKHEAD_FULL. */
  bulkheadMaxQueue: number;
  /** Consecutive failures that open the breaker; 0 turns this trigger off. */
  breakerConsecutiveFailures: number;
  /** Failure rate (0..1, exclusive) over the window that opens the breaker; 0 turns this trigger off. */
  breakerFailureRate: number;
  /** Calls needed in the window before the failure rate counts. */
  breakerMinimumCalls: number;
  /** Length of the failure-rate window. */
  breakerWindowMs: number;
  /** Cool-down before an open breaker lets one test call through (half-open). */
  breakerHalfOpenAfterMs: number;
  /** Retries after the first attempt (queries only); 0 turns retries off. */
  retryMaxAttempts: number;
  /** First backoff ceiling; the ceiling doubles per retry, the delay is drawn in [0, ceiling). */
  retryBaseDelayMs: number;
  /** Largest backoff ceiling, and the longest `Retry-After` the gateway is willing to honour. */
  retryMaxDelayMs: number;
  /** Retries allowed per call made: 0.2 means at most one retry per five calls, over time. */
  retryBudgetRatio: number;
  /** Retry tokens the budget starts with and can save up. */
  retryBudgetBurst: number;
}

/** Settings for every subgraph, with overrides per subgraph name. */
export interface UpstreamSettings extends SubgraphSettings {
  /**
   * Overrides by subgraph name. Names match case-insensitively, with any character other than a
   * letter or digit treated as `_` (so `UPSTREAM_PRICE_SVC_...` overrides the subgraph `price-svc`).
   */
  subgraphs: Record<string, Partial<SubgraphSettings>>;
  /**
   * Every subgraph request is signed with this secret (`x-hexagraph-signature`, see
   * platform/signing); unset, requests go out unsigned.
   */
  signingSecret?: string;
}

/** The upstream section: how every subgraph is called, and the request deadline those calls run under. */
export interface UpstreamConfig extends UpstreamSettings {
  /** Request deadline: default and cap (a client may ask for less with `x-request-timeout-ms`). */
  deadline: DeadlineSettings;
  /**
   * Identical query calls to a subgraph in flight at the same time (same query, variables equal
   * as JSON values, same forwarded client headers) share one upstream call.
   */
  inflightDeduplication: boolean;
  /**
   * Errors a response reports for one failed subgraph call (one per field it nulled) before the
   * rest fold into one error that says how many paths it stands for.
   */
  errorsPerFailedCall: number;
  /** Most representations one subgraph request carries; a larger batch goes out as several requests. */
  maxRepresentationsPerRequest: number;
}

/** Defaults for every subgraph setting. */
export const defaultSubgraphSettings: Readonly<SubgraphSettings> = Object.freeze({
  timeoutMs: 5_000,
  connectTimeoutMs: 2_000,
  maxConnections: 64,
  keepAliveTimeoutMs: 10_000,
  maxResponseBytes: 10 * 1024 * 1024,
  bulkheadMaxConcurrent: 100,
  bulkheadMaxQueue: 200,
  breakerConsecutiveFailures: 5,
  breakerFailureRate: 0.5,
  breakerMinimumCalls: 20,
  breakerWindowMs: 10_000,
  breakerHalfOpenAfterMs: 10_000,
  retryMaxAttempts: 2,
  retryBaseDelayMs: 50,
  retryMaxDelayMs: 1_000,
  retryBudgetRatio: 0.2,
  retryBudgetBurst: 10,
});

/** Defaults for the request deadline. */
export const defaultDeadlineSettings: Readonly<DeadlineSettings> = Object.freeze({
  defaultMs: 10_000,
  maxMs: 30_000,
});

const ratio = (fallback: number) =>
  z.coerce
    .number({ message: 'must be a number' })
    .min(0, 'must be between 0 and 1')
    .max(1, 'must be between 0 and 1')
    .default(fallback);

const failureRate = (fallback: number) =>
  z.coerce
    .number({ message: 'must be a number' })
    .min(0, 'must be 0 (off) or between 0 and 1, exclusive')
    .lt(1, 'must be 0 (off) or between 0 and 1, exclusive')
    .default(fallback);

/** Each setting's environment suffix and validator; the suffix follows `UPSTREAM_` or `UPSTREAM_<NAME>_`. */
const settingVariables = {
  timeoutMs: ['TIMEOUT_MS', env.positiveInt],
  connectTimeoutMs: ['CONNECT_TIMEOUT_MS', env.positiveInt],
  maxConnections: ['MAX_CONNECTIONS', env.positiveInt],
  keepAliveTimeoutMs: ['KEEP_ALIVE_TIMEOUT_MS', env.positiveInt],
  maxResponseBytes: ['MAX_RESPONSE_BYTES', env.positiveInt],
  bulkheadMaxConcurrent: ['BULKHEAD_MAX_CONCURRENT', env.positiveInt],
  bulkheadMaxQueue: ['BULKHEAD_MAX_QUEUE', env.nonNegativeInt],
  breakerConsecutiveFailures: ['BREAKER_CONSECUTIVE_FAILURES', env.nonNegativeInt],
  breakerFailureRate: ['BREAKER_FAILURE_RATE', failureRate],
  breakerMinimumCalls: ['BREAKER_MINIMUM_CALLS', env.positiveInt],
  breakerWindowMs: ['BREAKER_WINDOW_MS', env.positiveInt],
  breakerHalfOpenAfterMs: ['BREAKER_HALF_OPEN_AFTER_MS', env.positiveInt],
  retryMaxAttempts: ['RETRY_MAX_ATTEMPTS', env.nonNegativeInt],
  retryBaseDelayMs: ['RETRY_BASE_DELAY_MS', env.positiveInt],
  retryMaxDelayMs: ['RETRY_MAX_DELAY_MS', env.positiveInt],
  retryBudgetRatio: ['RETRY_BUDGET_RATIO', ratio],
  retryBudgetBurst: ['RETRY_BUDGET_BURST', env.nonNegativeInt],
} as const satisfies Record<keyof SubgraphSettings, readonly [string, (fallback: number) => z.ZodType]>;

type SettingKey = keyof typeof settingVariables;
const settingKeys = Object.keys(settingVariables) as SettingKey[];
const PREFIX = 'UPSTREAM_';

function defaultsShape() {
  const shape = {} as {
    [K in SettingKey as `UPSTREAM_${(typeof settingVariables)[K][0]}`]: z.ZodType<number>;
  };
  for (const key of settingKeys) {
    const [suffix, validator] = settingVariables[key];
    (shape as Record<string, z.ZodType<number>>)[`${PREFIX}${suffix}`] = validator(
      defaultSubgraphSettings[key],
    ) as z.ZodType<number>;
  }
  return shape;
}

/**
 * The upstream environment variables as a zod shape, to spread into the gateway's `parseEnv` call.
 * Per-subgraph overrides (`UPSTREAM_<NAME>_<SETTING>`) are read by `upstreamSettingsFromEnv`.
 */
export const upstreamEnvShape = {
  ...defaultsShape(),
  REQUEST_TIMEOUT_MS: env.positiveInt(defaultDeadlineSettings.defaultMs),
  REQUEST_TIMEOUT_MAX_MS: env.positiveInt(defaultDeadlineSettings.maxMs),
  INFLIGHT_DEDUPLICATION: env.boolean(true),
  ERRORS_PER_FAILED_CALL: env.positiveInt(DEFAULT_ERRORS_PER_FAILED_CALL),
  // Half of what the subgraphs accept by default (SUBGRAPH_MAX_REPRESENTATIONS).
  MAX_REPRESENTATIONS_PER_REQUEST: env.positiveInt(500),
  ...SIGNING_SECRET_ENV,
};

/** What `parseEnv(upstreamEnvShape)` returns. */
export type UpstreamEnv = z.infer<z.ZodObject<typeof upstreamEnvShape>>;

/**
 * Upstream settings from parsed variables plus the per-subgraph overrides found in `environment`
 * (pass the same variables that were parsed). Throws a ConfigError naming every bad variable.
 */
export function upstreamSettingsFromEnv(
  parsed: UpstreamEnv,
  environment: Record<string, string | undefined> = process.env,
): UpstreamSettings {
  const defaults = {} as SubgraphSettings;
  for (const key of settingKeys) {
    defaults[key] = (parsed as unknown as Record<string, number>)[`${PREFIX}${settingVariables[key][0]}`]!;
  }
  const secret = parsed.SUBGRAPH_SIGNING_SECRET;
  return {
    ...defaults,
    subgraphs: subgraphOverridesFrom(environment),
    ...(secret !== undefined && { signingSecret: secret }),
  };
}

/**
 * The upstream section from parsed variables plus the per-subgraph overrides found in
 * `environment`. Throws a ConfigError naming every bad variable.
 */
export function upstreamConfigFrom(
  parsed: UpstreamEnv,
  environment: Record<string, string | undefined>,
): UpstreamConfig {
  return {
    ...upstreamSettingsFromEnv(parsed, environment),
    deadline: deadlineSettingsFromEnv(parsed),
    inflightDeduplication: parsed.INFLIGHT_DEDUPLICATION,
    errorsPerFailedCall: parsed.ERRORS_PER_FAILED_CALL,
    maxRepresentationsPerRequest: parsed.MAX_REPRESENTATIONS_PER_REQUEST,
  };
}

/** The request deadline settings from parsed variables; throws a ConfigError when the default exceeds the cap. */
export function deadlineSettingsFromEnv(parsed: UpstreamEnv): DeadlineSettings {
  if (parsed.REQUEST_TIMEOUT_MS > parsed.REQUEST_TIMEOUT_MAX_MS) {
    throw new ConfigError([
      `REQUEST_TIMEOUT_MS: must not exceed REQUEST_TIMEOUT_MAX_MS (${parsed.REQUEST_TIMEOUT_MAX_MS}) (got ${parsed.REQUEST_TIMEOUT_MS})`,
    ]);
  }
  return { defaultMs: parsed.REQUEST_TIMEOUT_MS, maxMs: parsed.REQUEST_TIMEOUT_MAX_MS };
}

/** The effective settings of one subgraph: defaults, then the overrides whose key matches its name. */
export function settingsForSubgraph(settings: UpstreamSettings, subgraph: string): SubgraphSettings {
  const token = subgraphToken(subgraph);
  let resolved: SubgraphSettings = { ...pickSubgraphSettings(settings) };
  for (const [key, override] of Object.entries(settings.subgraphs)) {
    if (subgraphToken(key) === token) resolved = { ...resolved, ...definedOnly(override) };
  }
  return resolved;
}

/** Full settings from partial ones: defaults fill every missing field. */
export function withDefaults(settings: Partial<UpstreamSettings> = {}): UpstreamSettings {
  return { ...defaultSubgraphSettings, ...definedOnly(settings), subgraphs: settings.subgraphs ?? {} };
}

function pickSubgraphSettings(settings: UpstreamSettings): SubgraphSettings {
  const picked = {} as SubgraphSettings;
  for (const key of settingKeys) picked[key] = settings[key];
  return picked;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

// Longest suffix first, so `..._CONNECT_TIMEOUT_MS` is not read as subgraph `..._CONNECT` + `TIMEOUT_MS`.
const suffixesLongestFirst = settingKeys
  .map((key) => [key, settingVariables[key][0]] as const)
  .sort(([, a], [, b]) => b.length - a.length);

function subgraphOverridesFrom(
  environment: Record<string, string | undefined>,
): Record<string, Partial<SubgraphSettings>> {
  const defaultNames = new Set(settingKeys.map((key) => `${PREFIX}${settingVariables[key][0]}`));
  const overrides: Record<string, Partial<SubgraphSettings>> = {};
  const issues: string[] = [];
  for (const [variable, raw] of Object.entries(environment)) {
    if (!variable.startsWith(PREFIX) || defaultNames.has(variable) || raw === undefined) continue;
    const rest = variable.slice(PREFIX.length);
    const match = suffixesLongestFirst.find(
      ([, suffix]) => rest.endsWith(`_${suffix}`) && rest.length > suffix.length + 1,
    );
    if (!match) {
      issues.push(
        `${variable}: not an upstream setting; expected UPSTREAM_<SETTING> or UPSTREAM_<NAME>_<SETTING>`,
      );
      continue;
    }
    const [key, suffix] = match;
    const name = rest.slice(0, rest.length - suffix.length - 1);
    const result = settingVariables[key][1](0).safeParse(raw);
    if (!result.success) {
      const message = result.error.issues[0]?.message ?? 'invalid';
      issues.push(`${variable}: ${message} (got ${JSON.stringify(raw)})`);
      continue;
    }
    overrides[name] = { ...overrides[name], [key]: result.data };
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return overrides;
}
