import { z } from 'zod';
import { ConfigError, env } from '../../../platform/config.js';
import type { QueryPlanExposure } from '../request/query-plan-exposure.js';

/** What the gateway tells about itself: logs (the access log sampled) and, for debugging, the query plans. */
export interface ObservabilityConfig {
  logLevel: z.infer<ReturnType<typeof env.logLevel>>;
  /**
   * When responses carry their query plan: `on-request` answers Apollo's plan headers
   * (`Apollo-Expose-Query-Plan`, `Apollo-Query-Plan-Experimental`), `always` also puts it in every
   * response (`extensions.queryPlan` and `extensions.queryPlanText`).
   */
  queryPlanExposure: QueryPlanExposure;
  /** Share of requests (0 to 1) that get an access log line; failed ones always do. */
  accessLogSampleRate: number;
}

/**
 * The observability variables with their defaults. Span export is the OpenTelemetry SDK's own
 * business: `startTracing` reads `OTEL_EXPORTER_OTLP_ENDPOINT` and the exporter its `OTEL_*` variables.
 */
export const observabilityEnvShape = {
  LOG_LEVEL: env.logLevel(),
  EXPOSE_QUERY_PLAN: z
    .enum(['auto', 'true', 'false', 'always'], { message: 'must be one of auto, true, false, always' })
    .default('auto'),
  // Before EXPOSE_QUERY_PLAN, `true` put the plan in every response: that is `always` now.
  QUERY_PLAN_DEBUG: env.boolean(false),
  ACCESS_LOG_SAMPLE_RATE: z.coerce
    .number({ message: 'must be a number from 0 to 1' })
    .min(0, 'must be a number from 0 to 1')
    .max(1, 'must be a number from 0 to 1')
    .default(1),
};

/** What `parseEnv(observabilityEnvShape)` returns. */
export type ObservabilityEnv = z.infer<z.ZodObject<typeof observabilityEnvShape>>;

/**
 * The observability section from parsed variables: `EXPOSE_QUERY_PLAN=auto` answers the plan
 * headers outside production only. Throws a ConfigError when `QUERY_PLAN_DEBUG=true` asks for
 * plans that `EXPOSE_QUERY_PLAN=false` forbids.
 */
export function observabilityConfigFrom(
  parsed: ObservabilityEnv & { NODE_ENV: 'development' | 'production' | 'test' },
): ObservabilityConfig {
  if (parsed.QUERY_PLAN_DEBUG && parsed.EXPOSE_QUERY_PLAN === 'false') {
    throw new ConfigError([
      'QUERY_PLAN_DEBUG: true puts the plan in every response, which EXPOSE_QUERY_PLAN=false forbids; set one of them only (QUERY_PLAN_DEBUG=true is EXPOSE_QUERY_PLAN=always)',
    ]);
  }
  return {
    logLevel: parsed.LOG_LEVEL,
    queryPlanExposure: exposureFrom(parsed),
    accessLogSampleRate: parsed.ACCESS_LOG_SAMPLE_RATE,
  };
}

function exposureFrom(parsed: ObservabilityEnv & { NODE_ENV: string }): QueryPlanExposure {
  if (parsed.QUERY_PLAN_DEBUG) return 'always';
  switch (parsed.EXPOSE_QUERY_PLAN) {
    case 'auto':
      return parsed.NODE_ENV === 'production' ? 'never' : 'on-request';
    case 'true':
      return 'on-request';
    case 'false':
      return 'never';
    case 'always':
      return 'always';
  }
}
