import { z } from 'zod';
import { env } from '../../../platform/config.js';

/** What the gateway tells about itself: logs (the access log sampled) and, for debugging, the query plans. */
export interface ObservabilityConfig {
  logLevel: z.infer<ReturnType<typeof env.logLevel>>;
  /** Returns each request's plan in `extensions.queryPlan` (and `extensions.queryPlanText`). */
  exposeQueryPlan: boolean;
  /** Share of requests (0 to 1) that get an access log line; failed ones always do. */
  accessLogSampleRate: number;
}

/**
 * The observability variables with their defaults. Span export is the OpenTelemetry SDK's own
 * business: `startTracing` reads `OTEL_EXPORTER_OTLP_ENDPOINT` and the exporter its `OTEL_*` variables.
 */
export const observabilityEnvShape = {
  LOG_LEVEL: env.logLevel(),
  QUERY_PLAN_DEBUG: env.boolean(false),
  ACCESS_LOG_SAMPLE_RATE: z.coerce
    .number({ message: 'must be a number from 0 to 1' })
    .min(0, 'must be a number from 0 to 1')
    .max(1, 'must be a number from 0 to 1')
    .default(1),
};

/** What `parseEnv(observabilityEnvShape)` returns. */
export type ObservabilityEnv = z.infer<z.ZodObject<typeof observabilityEnvShape>>;

/** The observability section from parsed variables. */
export function observabilityConfigFrom(parsed: ObservabilityEnv): ObservabilityConfig {
  return {
    logLevel: parsed.LOG_LEVEL,
    exposeQueryPlan: parsed.QUERY_PLAN_DEBUG,
    accessLogSampleRate: parsed.ACCESS_LOG_SAMPLE_RATE,
  };
}
